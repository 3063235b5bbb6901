//! The `$1$` request signature of the OVHcloud API v6, as the official clients compute it.
//!
//! A plain SHA-1 (not an HMAC) of `AS+CK+METHOD+URL+BODY+TIMESTAMP`, joined with `+`, hex in
//! lower case and prefixed with `$1$` (`provider-notes/huawei-ovh.md` §2.2, [SDK] python-ovh
//! `raw_call`, [REPO] go-ovh `NewRequest`). The URL is the full URL exactly as sent, query
//! included and already percent-encoded; the body is the exact bytes sent (empty when there is
//! none). Kept pure so the vectors recorded from the official python client (§2.4, OVH-1..4)
//! pin it, and so the sandbox verifies with the very same function.

use sha1::{Digest, Sha1};

/// `X-Ovh-Signature` for one request: `$1$` + lowercase hex SHA-1 of
/// `secret+consumer_key+METHOD+url+body+timestamp`. `method` is upper-cased here.
pub fn signature(
    secret: &str,
    consumer_key: &str,
    method: &str,
    url: &str,
    body: &[u8],
    timestamp: i64,
) -> String {
    let mut hash = Sha1::new();
    for part in [
        secret.as_bytes(),
        b"+",
        consumer_key.as_bytes(),
        b"+",
        method.to_ascii_uppercase().as_bytes(),
        b"+",
        url.as_bytes(),
        b"+",
        body,
        b"+",
        timestamp.to_string().as_bytes(),
    ] {
        hash.update(part);
    }
    format!("$1${}", hex::encode(hash.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // provider-notes/huawei-ovh.md §2.4: the official python client, time patched to 1700000000.
    const AS: &str = "EXEEWd9yBJ6p7nTCJdcWBRqDBeLpBBUP";
    const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
    const T: i64 = 1_700_000_000;

    #[test]
    fn ovh_1_get_without_body() {
        assert_eq!(
            signature(
                AS,
                CK,
                "GET",
                "https://eu.api.ovh.com/1.0/ovhCloudConnect",
                b"",
                T
            ),
            "$1$1e54d175c6f2ca14929b222b307bb0af3a6e21f9"
        );
    }

    #[test]
    fn ovh_2_post_with_compact_json_body() {
        assert_eq!(
            signature(
                AS,
                CK,
                "POST",
                "https://eu.api.ovh.com/1.0/ovhCloudConnect/5f8f3b52-0000-4000-8000-000000000001/config/pop/1234/datacenter",
                br#"{"datacenterId":5,"ovhBgpArea":65401,"subnet":"10.0.0.0/28"}"#,
                T
            ),
            "$1$8663b51ae435277ce1a19e8834ec854a3bd6f895"
        );
    }

    #[test]
    fn ovh_3_delete() {
        assert_eq!(
            signature(
                AS,
                CK,
                "DELETE",
                "https://eu.api.ovh.com/1.0/ovhCloudConnect/svc-1/config/pop/1/datacenter/2/extra/3",
                b"",
                T
            ),
            "$1$6f81c1de86d76a725175212f2ccf73550a7521e4"
        );
    }

    #[test]
    fn ovh_4_query_signed_as_encoded_on_the_wire() {
        let url = "https://eu.api.ovh.com/1.0/ovhCloudConnect/svc-1/config/pop/1/statistics?period=daily&type=prefix%3Aaccepted";
        assert_eq!(
            signature(AS, CK, "GET", url, b"", T),
            "$1$355aa00c451cff6e3e0f0d28ffeeeb7a20028f97"
        );
        // The undecoded `:` is another string, so another signature.
        assert_ne!(
            signature(AS, CK, "GET", &url.replace("%3A", ":"), b"", T),
            "$1$355aa00c451cff6e3e0f0d28ffeeeb7a20028f97"
        );
    }

    #[test]
    fn method_case_does_not_matter_but_every_input_does() {
        let base = signature(AS, CK, "get", "https://x/1.0/a", b"", T);
        assert_eq!(base, signature(AS, CK, "GET", "https://x/1.0/a", b"", T));
        assert_ne!(
            base,
            signature(AS, CK, "GET", "https://x/1.0/a", b"", T + 1)
        );
        assert_ne!(
            base,
            signature("other", CK, "GET", "https://x/1.0/a", b"", T)
        );
        assert_ne!(base, signature(AS, CK, "GET", "https://x/1.0/a", b"{}", T));
    }
}
