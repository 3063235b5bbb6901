//! Huawei Cloud `SDK-HMAC-SHA256` request signing (AK/SK authentication).
//!
//! Huawei Cloud APIs authenticate a request by an `Authorization` header
//! computed over a canonical form of the request. The gateway recomputes it
//! byte for byte, so every detail here mirrors the official SDK
//! (`huaweicloudsdkcore/signer/signer.py`, class `Signer`): percent-encoding
//! with only `A-Za-z0-9-_.~` unescaped, a canonical path that always ends in
//! `/`, query pairs sorted by raw key then raw value, every sent header signed
//! except names containing `_`, and `Access=` (not `Credential=`) in the
//! header.
//!
//! Everything is a pure function: no I/O and no clock. The caller supplies the
//! `X-Sdk-Date` value (`%Y%m%dT%H%M%SZ`, UTC), sends it and `Host` exactly as
//! given in [`SignInput`], and uses [`canonical_query`] as the query string on
//! the wire so that what is signed and what is sent never disagree.

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

/// Algorithm name, first line of the string-to-sign and start of `Authorization`.
const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// Header whose value, when supplied with a non-empty body, replaces the
/// payload hash (the SDK sets it to `UNSIGNED-PAYLOAD` for non-JSON bodies).
const CONTENT_SHA256_HEADER: &str = "x-sdk-content-sha256";

/// Everything except RFC 3986 unreserved characters (`A-Za-z0-9-_.~`) is
/// escaped, like Python's `urllib.parse.quote(s, safe='~')`.
const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encode `s` (as UTF-8) keeping only `A-Za-z0-9-_.~`, hex in upper case.
fn encode(s: &str) -> String {
    utf8_percent_encode(s, ENCODE_SET).to_string()
}

/// Lower-case hex SHA-256 of `data`.
fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Whitespace as Python's `str.strip()` sees it: Unicode `White_Space` plus the
/// separators U+001C..U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Canonical query string, which is also the exact query to send on the wire.
///
/// Pairs are sorted by raw key, then raw value (repeated keys stay repeated),
/// each key and value is percent-encoded with only `A-Za-z0-9-_.~` left
/// unescaped, and the pairs are joined as `k=v` with `&`. Returns an empty
/// string for no pairs. Rendering values (e.g. booleans as `true`/`false`) is
/// the caller's job.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Canonical URI of a request path (signed only, never sent).
///
/// The path is percent-decoded (invalid UTF-8 replaced by U+FFFD), split on
/// `/`, each segment re-encoded with only `A-Za-z0-9-_.~` unescaped, rejoined
/// with `/`, and given a trailing `/` if it lacks one.
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Description of one request to sign.
#[derive(Debug, Clone, Copy)]
pub struct SignInput<'a> {
    /// HTTP method, any case (upper-cased when signing).
    pub method: &'a str,
    /// Value of the `Host` header to send: `host[:port]`, port only if non-default.
    pub host: &'a str,
    /// Request path as sent on the wire, without the query (e.g. `/v3/{id}/ccaas/cloud-connections`).
    pub path: &'a str,
    /// Query pairs, raw (unencoded); send [`canonical_query`] of them as the query.
    pub query: &'a [(String, String)],
    /// Headers that will be sent, excluding `Host` and `X-Sdk-Date` (any
    /// `Host`/`X-Sdk-Date` entry here is ignored). Names should be unique
    /// case-insensitively. Every name without `_` is signed.
    pub headers: &'a [(String, String)],
    /// Exact body bytes that will be sent (empty for none).
    pub body: &'a [u8],
    /// `X-Sdk-Date` header value to send, `%Y%m%dT%H%M%SZ` in UTC (e.g. `20240102T030405Z`).
    pub sdk_date: &'a str,
}

/// Result of [`sign`]: the `Authorization` value plus intermediates for tests
/// and debugging. None of these contains the secret key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Value of the `Authorization` header:
    /// `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<...>, Signature=<hex>`.
    pub authorization: String,
    /// Signed header names, lower-case, sorted, joined with `;`.
    pub signed_headers: String,
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was HMAC-ed with the secret key.
    pub string_to_sign: String,
}

/// Sign a request with access key `ak` and secret key `sk`.
///
/// The caller must send exactly: `input.method`, `input.path`, the query
/// [`canonical_query`]`(input.query)`, the headers `input.headers` plus
/// `Host: input.host` and `X-Sdk-Date: input.sdk_date`, the body `input.body`,
/// and the returned [`Signature::authorization`] as `Authorization`. Headers the
/// HTTP library adds afterwards (`Content-Length`, `Accept`, ...) are not signed
/// and do not matter. If a non-empty body is sent with an `X-Sdk-Content-Sha256`
/// header, its value stands in for the payload hash, as in the SDK.
pub fn sign(input: &SignInput, ak: &str, sk: &str) -> Signature {
    // Header map as the SDK builds it: lower-case names, trimmed values,
    // a later duplicate name overriding an earlier one.
    let mut headers: Vec<(String, String)> = Vec::with_capacity(input.headers.len() + 2);
    let mut set = |name: String, value: &str| {
        let value = value.trim_matches(is_py_space).to_string();
        match headers.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => headers.push((name, value)),
        }
    };
    for (name, value) in input.headers {
        let lower = name.to_lowercase();
        if lower != "host" && lower != "x-sdk-date" {
            set(lower, value);
        }
    }
    set("host".to_string(), input.host);
    set("x-sdk-date".to_string(), input.sdk_date);

    let mut signed: Vec<&str> = headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !n.contains('_'))
        .collect();
    signed.sort_unstable();
    let signed_headers = signed.join(";");

    let canonical_headers: String = signed
        .iter()
        .map(|name| {
            let value = headers
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, v)| v.as_str());
            format!("{name}:{value}\n")
        })
        .collect();

    let payload_hash = if input.body.is_empty() {
        sha256_hex(b"")
    } else {
        headers
            .iter()
            .find(|(n, v)| n == CONTENT_SHA256_HEADER && !v.is_empty())
            .map_or_else(|| sha256_hex(input.body), |(_, v)| v.clone())
    };

    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        input.method.to_uppercase(),
        canonical_uri(input.path),
        canonical_query(input.query),
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{}",
        input.sdk_date,
        sha256_hex(canonical_request.as_bytes())
    );

    let mut mac =
        Hmac::<Sha256>::new_from_slice(sk.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(string_to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());

    Signature {
        authorization: format!(
            "{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}"
        ),
        signed_headers,
        canonical_request,
        string_to_sign,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "AKTESTEXAMPLE000001";
    const SK: &str = "SKtestExampleSecretKey0000000000000000001";
    const DOMAIN: &str = "0123456789abcdef0123456789abcdef";
    const DATE: &str = "20240102T030405Z";
    const HOST: &str = "cc.myhuaweicloud.com";
    const EMPTY_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn json_headers() -> Vec<(String, String)> {
        pairs(&[
            ("Content-Type", "application/json"),
            ("X-Domain-Id", DOMAIN),
        ])
    }

    fn input<'a>(
        method: &'a str,
        path: &'a str,
        query: &'a [(String, String)],
        headers: &'a [(String, String)],
        body: &'a [u8],
    ) -> SignInput<'a> {
        SignInput {
            method,
            host: HOST,
            path,
            query,
            headers,
            body,
            sdk_date: DATE,
        }
    }

    fn string_to_sign(hash: &str) -> String {
        format!("SDK-HMAC-SHA256\n{DATE}\n{hash}")
    }

    fn authorization(signed_headers: &str, signature: &str) -> String {
        format!(
            "SDK-HMAC-SHA256 Access=AKTESTEXAMPLE000001, SignedHeaders={signed_headers}, Signature={signature}"
        )
    }

    /// The headers [`json_headers`] signs, as a signature lists them.
    const JSON_SIGNED: &str = "content-type;host;x-domain-id;x-sdk-date";

    /// The canonical request of a vector sent with [`json_headers`]: the method, the canonical
    /// path and query, the headers as the SDK canonicalises them, their names, the body's hash.
    fn json_canonical(method: &str, path: &str, query: &str, body_hash: &str) -> String {
        format!(
            "{method}\n{path}\n{query}\n\
             content-type:application/json\n\
             host:cc.myhuaweicloud.com\n\
             x-domain-id:0123456789abcdef0123456789abcdef\n\
             x-sdk-date:20240102T030405Z\n\
             \n\
             {JSON_SIGNED}\n\
             {body_hash}"
        )
    }

    /// `sig` is the vector's: its canonical request, the hash in its string to sign, its
    /// signed headers and its signature.
    fn assert_vector(sig: &Signature, canonical: &str, hash: &str, signed: &str, signature: &str) {
        assert_eq!(sig.canonical_request, canonical);
        assert_eq!(sig.string_to_sign, string_to_sign(hash));
        assert_eq!(sig.signed_headers, signed);
        assert_eq!(sig.authorization, authorization(signed, signature));
    }

    #[test]
    fn hw1_create_cloud_connection() {
        let headers = json_headers();
        let body = br#"{"cloud_connection": {"name": "cc-test", "description": "demo"}}"#;
        assert_eq!(body.len(), 64);
        let path = format!("/v3/{DOMAIN}/ccaas/cloud-connections");
        let sig = sign(&input("POST", &path, &[], &headers, body), AK, SK);
        assert_vector(
            &sig,
            &json_canonical(
                "POST",
                "/v3/0123456789abcdef0123456789abcdef/ccaas/cloud-connections/",
                "",
                "17b417fd0c032f7b119d31bfc1d17e095e95a3abf4ddc84d3692d3fbcbc5a215",
            ),
            "a46d2ea587914c3a7b07931d093317a43537bf0b45d9ed6b80b1a888cf35fd67",
            JSON_SIGNED,
            "60346f37c5925cd1d1e712781a4de24994d24e0d727adc32dcc4547deb67c43a",
        );
    }

    #[test]
    fn hw2_list_with_query() {
        let headers = json_headers();
        let query = pairs(&[
            ("marker", "abc/def"),
            ("limit", "10"),
            ("name", "b name"),
            ("name", "a"),
        ]);
        assert_eq!(
            canonical_query(&query),
            "limit=10&marker=abc%2Fdef&name=a&name=b%20name"
        );
        let path = format!("/v3/{DOMAIN}/ccaas/cloud-connections");
        let sig = sign(&input("GET", &path, &query, &headers, b""), AK, SK);
        assert_vector(
            &sig,
            &json_canonical(
                "GET",
                "/v3/0123456789abcdef0123456789abcdef/ccaas/cloud-connections/",
                "limit=10&marker=abc%2Fdef&name=a&name=b%20name",
                EMPTY_HASH,
            ),
            "6b05e633d816fb7a51d60ca60a14e1aab5ab6a07e8833b27bdceaeba0f033168",
            JSON_SIGNED,
            "65ca43c1d02965032363629a793d94888aa423ffd0cd98ee46456287be52504c",
        );
    }

    #[test]
    fn hw3_delete_without_content_type() {
        let headers = pairs(&[("X-Domain-Id", DOMAIN)]);
        let path =
            format!("/v3/{DOMAIN}/ccaas/cloud-connections/6a1b2c3d-0000-4000-8000-000000000001");
        let sig = sign(&input("DELETE", &path, &[], &headers, b""), AK, SK);
        assert_vector(
            &sig,
            &format!(
                "DELETE\n\
                 /v3/0123456789abcdef0123456789abcdef/ccaas/cloud-connections/\
                 6a1b2c3d-0000-4000-8000-000000000001/\n\
                 \n\
                 host:cc.myhuaweicloud.com\n\
                 x-domain-id:0123456789abcdef0123456789abcdef\n\
                 x-sdk-date:20240102T030405Z\n\
                 \n\
                 host;x-domain-id;x-sdk-date\n\
                 {EMPTY_HASH}"
            ),
            "f54b4aca96158501fc8958f1b19b9ef2ad17b51d7afd17528297b43ce646c1de",
            "host;x-domain-id;x-sdk-date",
            "9f7e87cbbd86007ca234bf1187aaa3ceee03936f98b09222a158f0e10d05995e",
        );
    }

    #[test]
    fn canonical_uri_decodes_and_reencodes_segments() {
        assert_eq!(canonical_uri("/v3/d/a b:c/%7Ex/"), "/v3/d/a%20b%3Ac/~x/");
        assert_eq!(canonical_uri("/v3/x"), "/v3/x/");
        assert_eq!(canonical_uri("/"), "/");
        // An encoded slash is decoded first, so it splits the segment.
        assert_eq!(canonical_uri("/a%2fb"), "/a/b/");
        assert_eq!(canonical_uri("/é%C3%A9"), "/%C3%A9%C3%A9/");
    }

    #[test]
    fn canonical_query_encodes_utf8_and_keeps_unreserved() {
        let query = pairs(&[("z", "é"), ("k", "true")]);
        assert_eq!(canonical_query(&query), "k=true&z=%C3%A9");
        assert_eq!(
            canonical_query(&pairs(&[("a-_.~", "!*'()")])),
            "a-_.~=%21%2A%27%28%29"
        );
        assert_eq!(canonical_query(&[]), "");
    }

    #[test]
    fn header_with_underscore_is_sent_but_not_signed() {
        let headers = pairs(&[("X_Under", "x"), ("X-Domain-Id", DOMAIN)]);
        let sig = sign(&input("GET", "/v3/x", &[], &headers, b""), AK, SK);
        assert_eq!(sig.signed_headers, "host;x-domain-id;x-sdk-date");
        assert!(!sig.canonical_request.contains("x_under"));
        assert!(
            sig.authorization
                .contains("SignedHeaders=host;x-domain-id;x-sdk-date,")
        );
    }

    #[test]
    fn method_is_upper_cased() {
        let headers = json_headers();
        let lower = sign(&input("get", "/v3/x", &[], &headers, b""), AK, SK);
        let upper = sign(&input("GET", "/v3/x", &[], &headers, b""), AK, SK);
        assert!(lower.canonical_request.starts_with("GET\n"));
        assert_eq!(lower, upper);
    }

    #[test]
    fn header_values_trimmed_and_host_date_fields_win() {
        let padded = pairs(&[
            ("X-Domain-Id", "  spaced value \t"),
            ("Host", "ignored.example"),
            ("x-sdk-date", "19700101T000000Z"),
        ]);
        let sig = sign(&input("GET", "/", &[], &padded, b""), AK, SK);
        assert!(
            sig.canonical_request
                .contains("\nx-domain-id:spaced value\n")
        );
        assert!(
            sig.canonical_request
                .contains("\nhost:cc.myhuaweicloud.com\n")
        );
        assert!(
            sig.canonical_request
                .contains("\nx-sdk-date:20240102T030405Z\n")
        );
        assert_eq!(sig.signed_headers, "host;x-domain-id;x-sdk-date");
    }

    #[test]
    fn secret_key_not_exposed() {
        let headers = json_headers();
        let sig = sign(&input("POST", "/v3/x", &[], &headers, b"{}"), AK, SK);
        let all = format!(
            "{}{}{}{}",
            sig.authorization, sig.signed_headers, sig.canonical_request, sig.string_to_sign
        );
        assert!(!all.contains(SK));
    }
}
