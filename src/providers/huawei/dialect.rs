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

    /// In the SDK's order: `error_code`/`error_msg` first, then the camel-case keys, then a plain
    /// `code`/`message`, then a nested `error`; and the fixtures.
    #[test]
    fn the_dialect_reads_huawei_errors_and_request_ids() {
        crate::http::testing::assert_dialect_reads(
            &DIALECT,
            &["X-Request-Id", "X-Openstack-Request-Id"],
            &[
                (
                    br#"{"error_code":"CC.0001","error_msg":"bad","code":"x","message":"y"}"#,
                    Some("CC.0001"),
                    Some("bad"),
                ),
                (
                    br#"{"errorCode":"E1","errorMsg":"m"}"#,
                    Some("E1"),
                    Some("m"),
                ),
                (
                    br#"{"error":{"code":"NotFound","message":"gone"}}"#,
                    Some("NotFound"),
                    Some("gone"),
                ),
                (
                    include_bytes!("../../../fixtures/huawei/error_iam_authentication.json"),
                    Some("APIGW.0301"),
                    Some("Incorrect IAM authentication information: verify aksk signature fail"),
                ),
                (
                    include_bytes!("../../../fixtures/huawei/error_invalid_parameter.json"),
                    Some("CC.1001"),
                    Some("The parameter is invalid."),
                ),
                (
                    include_bytes!("../../../fixtures/huawei/error_camel_case.json"),
                    Some("CC.1033"),
                    Some("The quota of cloud connections is insufficient."),
                ),
                (
                    include_bytes!("../../../fixtures/huawei/error_code_message.json"),
                    Some("CC.1032"),
                    Some("The cloud connection still has network instances."),
                ),
            ],
        );
    }
}
