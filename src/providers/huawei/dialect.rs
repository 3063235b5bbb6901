//! How Huawei Cloud answers, for the shared HTTP client: the request id in `X-Request-Id`
//! (`X-Openstack-Request-Id` from the IAM layer), error bodies read in the order the official
//! SDK reads them (`error_code`/`error_msg`, `errorCode`/`errorMsg`, `code`/`message`, then a
//! nested `{"error": {"code", "message"}}`), and the IAM token headers as secrets.

use crate::http::{Dialect, ErrorBody, Shape};

/// The Huawei dialect, handed to every Huawei [`crate::http::ApiClient`].
pub const DIALECT: Dialect = Dialect {
    request_id: &["x-request-id", "x-openstack-request-id"],
    error: ErrorBody {
        shapes: &[
            // In the order the SDK tries them [SDK `exception_handler.py`].
            Shape::keys("error_code", "error_msg"),
            Shape::keys("errorCode", "errorMsg"),
            Shape::keys("code", "message"),
            Shape::nested("error", "code", "message"),
        ],
        detail: None,
    },
    secret_headers: &["x-subject-token", "x-security-token"],
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
    fn error_fields_follow_the_sdk_order() {
        let huawei = br#"{"error_code":"CC.0001","error_msg":"bad","code":"x","message":"y"}"#;
        assert_eq!(
            error_fields(huawei),
            (Some("CC.0001".into()), Some("bad".into()))
        );
        let camel = br#"{"errorCode":"E1","errorMsg":"m"}"#;
        assert_eq!(error_fields(camel), (Some("E1".into()), Some("m".into())));
        let nested = br#"{"error":{"code":"NotFound","message":"gone"}}"#;
        assert_eq!(
            error_fields(nested),
            (Some("NotFound".into()), Some("gone".into()))
        );
        assert_eq!(error_fields(b"<html>"), (None, None));
    }

    #[test]
    fn error_fields_read_the_fixtures() {
        let cases = [
            (
                &include_bytes!("../../../fixtures/huawei/error_iam_authentication.json")[..],
                fields(
                    Some("APIGW.0301"),
                    "Incorrect IAM authentication information: verify aksk signature fail",
                ),
            ),
            (
                include_bytes!("../../../fixtures/huawei/error_invalid_parameter.json"),
                fields(Some("CC.1001"), "The parameter is invalid."),
            ),
            (
                include_bytes!("../../../fixtures/huawei/error_camel_case.json"),
                fields(
                    Some("CC.1033"),
                    "The quota of cloud connections is insufficient.",
                ),
            ),
            (
                include_bytes!("../../../fixtures/huawei/error_code_message.json"),
                fields(
                    Some("CC.1032"),
                    "The cloud connection still has network instances.",
                ),
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(error_fields(body), expected);
        }
    }

    #[test]
    fn request_id_reads_each_header() {
        assert_reads_request_ids(&DIALECT, &["X-Request-Id", "X-Openstack-Request-Id"]);
    }

    #[test]
    fn no_error_body_makes_it_panic() {
        crate::http::testing::error_bodies_never_panic(&DIALECT);
    }
}
