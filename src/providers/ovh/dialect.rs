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
    use crate::http::testing::{assert_reads_request_ids, error_pair, fields};

    fn error_fields(body: &[u8]) -> (Option<String>, Option<String>) {
        error_pair(&DIALECT, body)
    }

    #[test]
    fn both_error_shapes_are_read() {
        assert_eq!(
            error_fields(include_bytes!(
                "../../../fixtures/ovh/error_invalid_signature.json"
            )),
            (
                Some("INVALID_SIGNATURE".into()),
                Some("Invalid signature".into())
            )
        );
        assert_eq!(
            error_fields(include_bytes!("../../../fixtures/ovh/error_not_found.json")),
            (
                Some("Client::NotFound".into()),
                Some("The requested object (serviceName = missing) does not exist".into())
            )
        );
        assert_eq!(error_fields(b"<html>"), (None, None));
    }

    #[test]
    fn error_fields_keep_ovh_codes_and_messages() {
        let auth = br#"{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"}"#;
        assert_eq!(
            error_fields(auth),
            fields(Some("INVALID_SIGNATURE"), "Invalid signature")
        );
        let reordered = br#"{"message":"This call has not been granted","httpCode":"403 Forbidden","errorCode":"NOT_GRANTED_CALL"}"#;
        assert_eq!(
            error_fields(reordered),
            fields(Some("NOT_GRANTED_CALL"), "This call has not been granted")
        );
        let api = br#"{"class":"Client::NotFound","message":"The requested object (serviceName = missing) does not exist"}"#;
        assert_eq!(
            error_fields(api),
            fields(
                Some("Client::NotFound"),
                "The requested object (serviceName = missing) does not exist"
            )
        );
        let details = br#"{"class":"Client::Forbidden","message":"not allowed","details":{"unauthorizedActionsByIAM":"ovhCloudConnect:apiovh:get"}}"#;
        assert_eq!(
            error_fields(details),
            fields(Some("Client::Forbidden"), "not allowed")
        );
        // A code's own message key still comes first.
        let both = br#"{"errorCode":"E1","errorMsg":"own","message":"other"}"#;
        assert_eq!(error_fields(both), fields(Some("E1"), "own"));
    }

    #[test]
    fn error_fields_read_a_bare_message_and_the_token_endpoint() {
        assert_eq!(
            error_fields(br#"{"message":"m"}"#),
            (None, Some("m".into()))
        );
        let refused =
            br#"{"error":"invalid_client","error_description":"client authentication failed"}"#;
        assert_eq!(
            error_fields(refused),
            fields(Some("invalid_client"), "client authentication failed")
        );
        assert_eq!(error_fields(b"<html>"), (None, None));
    }

    #[test]
    fn request_id_reads_the_query_id_in_any_case() {
        assert_reads_request_ids(&DIALECT, &["X-Ovh-QueryID", "X-Ovh-Queryid"]);
    }

    #[test]
    fn no_error_body_makes_it_panic() {
        crate::http::testing::error_bodies_never_panic(&DIALECT);
    }
}
