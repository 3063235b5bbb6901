//! How the OVHcloud API answers, for the shared HTTP client: the request id in
//! `X-Ovh-QueryID`; error bodies in its two shapes (§2.5), the auth layer's
//! `{"errorCode", "httpCode", "message"}` and the API's `{"class", "message"}`, a bare
//! `{"message"}`, and the OAuth2 token endpoint's `{"error", "error_description"}` (service
//! accounts); and the signed-request headers (`X-Ovh-Consumer`, `X-Ovh-Signature`,
//! `X-Ovh-Application`) as secrets. What the codes mean is [`super::client::explain`].

use crate::http::{Dialect, ErrorBody, Shape};

/// The OVH dialect, handed to every OVH [`crate::http::ApiClient`] (`/auth/time` and the token
/// endpoint's too).
pub const DIALECT: Dialect = Dialect {
    request_id: &["x-ovh-queryid"],
    error: ErrorBody {
        shapes: &[
            // An auth-layer `errorCode` takes the `message` beside it; `class` is the code
            // when there is one.
            Shape::keys("errorCode", "errorMsg"),
            Shape::coded("class", "message"),
            Shape::keys("code", "message"),
            Shape::keys("error", "error_description"),
        ],
        detail: None,
    },
    secret_headers: &["x-ovh-signature", "x-ovh-consumer", "x-ovh-application"],
    secret_body_keys: &[],
    secret_places: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Both error shapes (the auth layer's `errorCode`, the API's `class`), in any key order, with
    /// or without `details`; a code's own message key first; a bare message; the token
    /// endpoint's; the request id in any case; and the fixtures.
    #[test]
    fn the_dialect_reads_ovh_errors_and_request_ids() {
        let not_found = "The requested object (serviceName = missing) does not exist";
        crate::http::testing::assert_dialect_reads(
            &DIALECT,
            &["X-Ovh-QueryID", "X-Ovh-Queryid"],
            &[
                (
                    include_bytes!("../../../fixtures/ovh/error_invalid_signature.json"),
                    Some("INVALID_SIGNATURE"),
                    Some("Invalid signature"),
                ),
                (
                    include_bytes!("../../../fixtures/ovh/error_not_found.json"),
                    Some("Client::NotFound"),
                    Some(not_found),
                ),
                (
                    br#"{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"}"#,
                    Some("INVALID_SIGNATURE"),
                    Some("Invalid signature"),
                ),
                (
                    br#"{"message":"This call has not been granted","httpCode":"403 Forbidden","errorCode":"NOT_GRANTED_CALL"}"#,
                    Some("NOT_GRANTED_CALL"),
                    Some("This call has not been granted"),
                ),
                (
                    br#"{"class":"Client::NotFound","message":"The requested object (serviceName = missing) does not exist"}"#,
                    Some("Client::NotFound"),
                    Some(not_found),
                ),
                (
                    br#"{"class":"Client::Forbidden","message":"not allowed","details":{"unauthorizedActionsByIAM":"ovhCloudConnect:apiovh:get"}}"#,
                    Some("Client::Forbidden"),
                    Some("not allowed"),
                ),
                (
                    br#"{"errorCode":"E1","errorMsg":"own","message":"other"}"#,
                    Some("E1"),
                    Some("own"),
                ),
                (br#"{"message":"m"}"#, None, Some("m")),
                (
                    br#"{"error":"invalid_client","error_description":"client authentication failed"}"#,
                    Some("invalid_client"),
                    Some("client authentication failed"),
                ),
            ],
        );
    }
}
