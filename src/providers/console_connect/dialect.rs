//! How Console Connect answers, for the shared HTTP client. Its error body is not documented
//! (provider-notes §2.9); what it sends reads `{"statusCode", "error", "message"}`, so a
//! `message` is read with or without a `code`, then a nested `{"error": {"code", "message"}}`,
//! then a bare `error` (with an `errorReason`, the key its connections use). The request id is
//! read from `X-Request-Id` or `X-Correlation-Id`; the older login's `portal-token` header is a
//! secret.
//!
//! Its bodies carry credentials no generic key names: an Azure ExpressRoute service key
//! (`azureServiceKey` in an order, `serviceKey` in the key check's body and its answer), whose
//! holder can connect the circuit, and Google pairing keys (`partner.pairingKeys`, and the
//! `pairingKey` its connection objects carry beside them), which Google's documentation says to
//! treat as sensitive information until the VLAN attachment is configured, since whoever has
//! one can connect to the network (Cloud Interconnect, "Key terms", *pairing key*). They are
//! masked wherever a body is shown, and their values wherever they come back. An Azure
//! connection also shows its service key as its `partner.account`, where an AWS one shows its
//! account id (no secret, and what an AWS order's dry run is read for): that key is masked by
//! its place ([`Dialect::secret_places`]), only under an Azure `partner`. What a command prints
//! of its objects goes through [`masked`], the same masking.

use serde_json::Value;

use crate::http::{Dialect, ErrorBody, Shape, redact};

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
    secret_body_keys: &["azureServiceKey", "serviceKey", "pairingKeys", "pairingKey"],
    secret_places: Some(mask_azure_accounts),
};

/// `value` (an object Console Connect sent, or a list of them) as a command may print it: the
/// dialect's secret keys and the generic ones masked, and the `partner.account` of an Azure
/// connection (its service key) too, at any depth (a group's subconnections).
pub fn masked(value: &mut Value) {
    redact::json_keys(value, DIALECT.secret_body_keys);
    mask_azure_accounts(value);
}

/// Masks the `partner.account` (its service key) of every Azure connection in `value`.
fn mask_azure_accounts(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(partner) = map.get_mut("partner").and_then(Value::as_object_mut)
                && partner.get("type").and_then(Value::as_str) == Some("AZURE")
                && let Some(account) = partner.get_mut("account").filter(|a| a.is_string())
            {
                *account = Value::String(redact::MASK.into());
            }
            map.values_mut().for_each(mask_azure_accounts);
        }
        Value::Array(items) => items.iter_mut().for_each(mask_azure_accounts),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_and_pairing_keys_are_masked_and_an_aws_account_is_not() {
        let mut azure: Value = serde_json::from_str(include_str!(
            "../../../fixtures/console_connect/connection_subconnection.json"
        ))
        .unwrap();
        azure["partner"]["pairingKeys"] = serde_json::json!(["k1/europe-west1/1", "k2/x/2"]);
        let mut shown = serde_json::json!({"items": [azure, {"serviceKey": "s-key-1"}]});
        masked(&mut shown);
        let text = shown.to_string();
        for secret in ["0c5f1a77", "k1/europe-west1/1", "k2/x/2", "s-key-1"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let partner = &shown["items"][0]["partner"];
        assert_eq!(partner["pairingKeys"], serde_json::json!(["***", "***"]));
        assert_eq!(partner["pairingKey"], Value::Null, "null stays null");
        let mut aws = serde_json::json!({"partner": {"type": "AWS", "account": "123456789012"}});
        masked(&mut aws);
        assert_eq!(aws["partner"]["account"], "123456789012");
    }

    /// A message with or without a code (the fixtures have none), a bare `error` as the code.
    #[test]
    fn the_dialect_reads_console_connect_errors_and_request_ids() {
        crate::http::testing::assert_dialect_reads(
            &DIALECT,
            &["X-Request-Id", "X-Correlation-Id"],
            &[
                (
                    include_bytes!(
                        "../../../fixtures/console_connect/error_invalid_service_key.json"
                    ),
                    None,
                    Some("The Azure service key could not be found"),
                ),
                (
                    include_bytes!("../../../fixtures/console_connect/error_unauthorized.json"),
                    None,
                    Some("Invalid API key"),
                ),
                (br#"{"error":"Unauthorized"}"#, Some("Unauthorized"), None),
            ],
        );
    }
}
