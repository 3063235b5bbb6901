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

    /// The API's `code`/`message` with its `description` added, the token endpoint's OAuth
    /// `error`/`error_description`, and the fixtures.
    #[test]
    fn the_dialect_reads_orange_errors_and_request_ids() {
        crate::http::testing::assert_dialect_reads(
            &DIALECT,
            &["X-Request-Id", "X-OAPI-Request-Id", "X-Correlation-Id"],
            &[
                (
                    br#"{"code":41,"message":"Invalid credentials","description":"token unknown"}"#,
                    Some("41"),
                    Some("Invalid credentials (token unknown)"),
                ),
                (
                    include_bytes!("../../../fixtures/orange/error_invalid_credentials.json"),
                    Some("41"),
                    Some(
                        "Invalid credentials (The requested service needs credentials, but the ones provided were invalid.)",
                    ),
                ),
                (
                    include_bytes!("../../../fixtures/orange/error_too_many_requests.json"),
                    Some("53"),
                    Some(
                        "Too many requests (The application has made too many calls and has exceeded the rate limit for this service.)",
                    ),
                ),
                (
                    br#"{"error":"invalid_client","error_description":"client authentication failed"}"#,
                    Some("invalid_client"),
                    Some("client authentication failed"),
                ),
            ],
        );
    }
}
