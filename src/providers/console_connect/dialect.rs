//! How Console Connect answers, for the shared HTTP client. Its error body is not documented
//! (provider-notes §2.9); what it sends reads `{"statusCode", "error", "message"}`, so a
//! `message` is read with or without a `code`, then a nested `{"error": {"code", "message"}}`,
//! then a bare `error` (with an `errorReason`, the key its connections use). The request id is
//! read from `X-Request-Id` or `X-Correlation-Id`; the older login's `portal-token` header is a
//! secret.

use crate::http::{Dialect, ErrorBody, Shape};

/// The Console Connect dialect, handed to its [`crate::http::ApiClient`].
pub const DIALECT: Dialect = Dialect {
    request_id: &["x-request-id", "x-correlation-id"],
    error: ErrorBody {
        shapes: &[
            Shape::keys("code", "message"),
            Shape::nested("error", "code", "message"),
            Shape::keys("error", "errorReason"),
        ],
        detail: None,
    },
    secret_headers: &["portal-token"],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::testing::{assert_reads_request_ids, error_pair, fields};

    fn error_fields(body: &[u8]) -> (Option<String>, Option<String>) {
        error_pair(&DIALECT, body)
    }

    #[test]
    fn error_fields_read_the_fixtures() {
        let cases = [
            (
                &include_bytes!("../../../fixtures/console_connect/error_invalid_service_key.json")
                    [..],
                fields(None, "The Azure service key could not be found"),
            ),
            (
                include_bytes!("../../../fixtures/console_connect/error_unauthorized.json"),
                fields(None, "Invalid API key"),
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(error_fields(body), expected);
        }
    }

    #[test]
    fn a_bare_error_is_the_code() {
        assert_eq!(
            error_fields(br#"{"error":"Unauthorized"}"#),
            (Some("Unauthorized".into()), None)
        );
        assert_eq!(error_fields(b"<html>"), (None, None));
    }

    #[test]
    fn request_id_reads_each_header() {
        assert_reads_request_ids(&DIALECT, &["X-Request-Id", "X-Correlation-Id"]);
    }

    #[test]
    fn no_error_body_makes_it_panic() {
        crate::http::testing::error_bodies_never_panic(&DIALECT);
    }
}
