//! How Orange answers, for the shared HTTP client: the request id under `X-Request-Id`, the
//! `api.orange.com` gateway's `X-OAPI-Request-Id` or `X-Correlation-Id`; error bodies as the
//! gateway writes them (`{"code": 41, "message", "description"}`, the description added to the
//! message), as its OAuth2 token endpoint writes them (`{"error", "error_description"}`), or
//! nested under `error` (the platform's own bodies are not documented). Its credentials travel
//! in the generic `Authorization` and `X-API-Key`.

use crate::http::{Dialect, ErrorBody, Shape};

/// The Orange dialect, handed to every Orange [`crate::http::ApiClient`] (the token endpoint's
/// too).
pub const DIALECT: Dialect = Dialect {
    request_id: &["x-request-id", "x-oapi-request-id", "x-correlation-id"],
    error: ErrorBody {
        shapes: &[
            Shape::keys("code", "message"),
            Shape::nested("error", "code", "message"),
            Shape::keys("error", "error_description"),
        ],
        detail: Some("description"),
    },
    secret_headers: &[],
    secret_body_keys: &[],
    secret_places: None,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::testing::{assert_reads_request_ids, error_pair, fields};

    fn error_fields(body: &[u8]) -> (Option<String>, Option<String>) {
        error_pair(&DIALECT, body)
    }

    #[test]
    fn error_fields_add_the_description() {
        let orange =
            br#"{"code":41,"message":"Invalid credentials","description":"token unknown"}"#;
        assert_eq!(
            error_fields(orange),
            (
                Some("41".into()),
                Some("Invalid credentials (token unknown)".into())
            )
        );
        assert_eq!(error_fields(b"<html>"), (None, None));
    }

    #[test]
    fn error_fields_read_the_fixtures() {
        let cases = [
            (
                &include_bytes!("../../../fixtures/orange/error_invalid_credentials.json")[..],
                fields(
                    Some("41"),
                    "Invalid credentials (The requested service needs credentials, but the ones provided were invalid.)",
                ),
            ),
            (
                include_bytes!("../../../fixtures/orange/error_too_many_requests.json"),
                fields(
                    Some("53"),
                    "Too many requests (The application has made too many calls and has exceeded the rate limit for this service.)",
                ),
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(error_fields(body), expected);
        }
    }

    #[test]
    fn error_fields_read_the_token_endpoint() {
        let refused =
            br#"{"error":"invalid_client","error_description":"client authentication failed"}"#;
        assert_eq!(
            error_fields(refused),
            fields(Some("invalid_client"), "client authentication failed")
        );
    }

    #[test]
    fn request_id_reads_each_header() {
        assert_reads_request_ids(
            &DIALECT,
            &["X-Request-Id", "X-OAPI-Request-Id", "X-Correlation-Id"],
        );
    }

    #[test]
    fn no_error_body_makes_it_panic() {
        crate::http::testing::error_bodies_never_panic(&DIALECT);
    }
}
