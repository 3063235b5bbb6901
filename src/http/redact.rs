//! Masking secrets before anything is logged or printed (`CLI.md` §5).
//!
//! Three nets, because one is not enough: headers known to carry credentials are masked by
//! name (the generic ones here, plus those the provider's [`super::Dialect`] names); JSON keys
//! that name secrets are masked by key (the generic ones here, plus the keys of the credentials
//! a provider's bodies carry, which its dialect names: a key that is a credential of one
//! provider only, such as a circuit's service key, is no generic name); and every secret value
//! known is masked wherever it appears, URLs and error excerpts included: those of the auth
//! strategy (API keys, tokens, client secrets) and those the request's own body carries under a
//! secret key ([`body_values`]), so that a server echoing one back under another key or inside
//! a message does not get it printed.

use super::Outgoing;

/// What replaces a secret (what a [`crate::secret::Secret`] prints as).
pub const MASK: &str = crate::secret::MASK;

/// Headers that carry credentials whoever sends them.
const SECRET_HEADERS: [&str; 6] = [
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "x-auth-token",
    "cookie",
    "set-cookie",
];

/// What is secret in one request: the header names and body keys of the provider's dialect
/// (besides the generic ones) and the values known to be secret. Its `Debug` shows how many
/// values it holds, never them.
#[derive(Default, Clone)]
pub struct Secrets<'a> {
    /// Header names that carry credentials, lower-case.
    pub headers: &'a [&'a str],
    /// JSON keys whose values are credentials of this provider (compared as [`SECRET_KEYS`]).
    pub body_keys: &'a [&'a str],
    /// Masks what is secret by its place in a body rather than its key
    /// ([`super::Dialect::secret_places`]).
    pub places: Option<fn(&mut serde_json::Value)>,
    /// Secret values, masked wherever they appear.
    pub values: Vec<String>,
}

impl std::fmt::Debug for Secrets<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("headers", &self.headers)
            .field("body_keys", &self.body_keys)
            .field("places", &self.places.is_some())
            .field("values", &format_args!("{} masked", self.values.len()))
            .finish()
    }
}

impl Secrets<'_> {
    /// Masks, in a JSON body, the generic secret keys, the dialect's and its places.
    pub fn mask_json(&self, value: &mut serde_json::Value) {
        json_keys(value, self.body_keys);
        if let Some(places) = self.places {
            places(value);
        }
    }

    /// Whether the header `name` carries credentials.
    fn names_header(&self, name: &str) -> bool {
        SECRET_HEADERS
            .iter()
            .chain(self.headers)
            .any(|h| h.eq_ignore_ascii_case(name))
    }
}

/// JSON keys whose values are secrets, compared case-insensitively without `_` and `-`.
const SECRET_KEYS: [&str; 14] = [
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "token",
    "clientsecret",
    "secret",
    "secretkey",
    "sk",
    "password",
    "apikey",
    "signature",
    "sharedkey",
    "authkey",
    "applicationsecret",
];

/// Masks every known secret value inside `text`, and the password of every URL in it
/// ([`url_passwords`]).
pub fn text(text: &str, secrets: &[String]) -> String {
    let mut out = url_passwords(text).into_owned();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(secret.as_str(), MASK);
    }
    out
}

/// `text` with the password of every URL in it masked: `http://user:pass@host` shows as
/// `http://user:***@host` (a base URL a user configured with its credentials in it), wherever it
/// is shown: `-vv` logs, `cc config view`, errors.
pub fn url_passwords(text: &str) -> std::borrow::Cow<'_, str> {
    let ends_authority = |c: char| "/?#\"'`<>()[]{}".contains(c) || c.is_whitespace();
    let mut out = String::new();
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find("://") {
        let start = at + 3;
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let authority = &after[..after.find(ends_authority).unwrap_or(after.len())];
        match authority
            .rsplit_once('@')
            .and_then(|(userinfo, _)| userinfo.split_once(':'))
        {
            Some((user, password)) if !password.is_empty() && password != MASK => {
                out.push_str(user);
                out.push(':');
                out.push_str(MASK);
                changed = true;
                // What follows the password (`@host`) is searched again: it may hold a URL.
                rest = &after[user.len() + 1 + password.len()..];
            }
            // No credentials: search on right after `://` (the authority may itself end in
            // a scheme, as `://https://user:pass@host` does).
            _ => rest = after,
        }
    }
    if !changed {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A header value as it may be shown.
pub fn header(name: &str, value: &str, secrets: &Secrets) -> String {
    if secrets.names_header(name) {
        // Keep the scheme (`Bearer`, `SDK-HMAC-SHA256`) so a reader can tell which auth was used.
        match value.split_once(' ') {
            Some((scheme, _)) if name.eq_ignore_ascii_case("authorization") => {
                format!("{scheme} {MASK}")
            }
            _ => MASK.to_string(),
        }
    } else {
        text(value, &secrets.values)
    }
}

/// `key` as keys are compared: lower-case, without `_` and `-`.
fn folded(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `key` names a secret: one of [`SECRET_KEYS`] or of `extra` (a dialect's body keys).
fn is_secret_key(key: &str, extra: &[&str]) -> bool {
    let key = folded(key);
    SECRET_KEYS.contains(&key.as_str()) || extra.iter().any(|k| folded(k) == key)
}

/// The value of a secret key as shown: a string or number masked, a list keeping its length
/// with each item masked (two pairing keys show as two masks), null and empty lists as they are.
fn masked(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => items.iter_mut().for_each(masked),
        other => *other = serde_json::Value::String(MASK.into()),
    }
}

/// Masks the generic secret-named keys in a JSON value, recursively.
pub fn json(value: &mut serde_json::Value) {
    json_keys(value, &[]);
}

/// Masks the generic secret-named keys and those of `extra` (a dialect's
/// [`super::Dialect::secret_body_keys`]) in a JSON value, recursively.
pub fn json_keys(value: &mut serde_json::Value, extra: &[&str]) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_key(key, extra) {
                    masked(v);
                } else {
                    json_keys(v, extra);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| json_keys(v, extra)),
        _ => {}
    }
}

/// The values a JSON request body carries under secret keys (generic, or of `extra`), so that
/// they are masked wherever they come back: in an answer that echoes them under another key,
/// or inside an error message. Strings and numbers count; a list's items each count.
pub fn body_values(body: Option<&[u8]>, extra: &[&str]) -> Vec<String> {
    fn collect(value: &serde_json::Value, extra: &[&str], secret: bool, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| collect(v, extra, secret || is_secret_key(k, extra), out)),
            serde_json::Value::Array(items) => {
                items.iter().for_each(|v| collect(v, extra, secret, out));
            }
            serde_json::Value::String(s) if secret => out.push(s.trim().to_string()),
            serde_json::Value::Number(n) if secret => out.push(n.to_string()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(value) = body.and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok()) {
        collect(&value, extra, false, &mut out);
    }
    out
}

/// A body that may not be JSON at all (cut short, or another format), as an error may quote it:
/// JSON with secret keys masked; otherwise the text with the string after each secret-named key
/// (`"access_token": "..."`, `access_token=...`) masked up to its end.
pub fn unparsed(bytes: &[u8]) -> Vec<u8> {
    unparsed_keys(bytes, &[])
}

/// [`unparsed`], the keys of `extra` (a dialect's body keys) masked too; a list after one of
/// them (`"pairingKeys": ["a", "b"]`) is masked whole up to its closing bracket.
pub fn unparsed_keys(bytes: &[u8], extra: &[&str]) -> Vec<u8> {
    unparsed_with(
        bytes,
        &Secrets {
            body_keys: extra,
            ..Secrets::default()
        },
    )
}

/// [`unparsed`] with what `secrets` names in bodies masked too: its keys and, in JSON, its
/// places (the values are left to [`text`]).
pub fn unparsed_with(bytes: &[u8], secrets: &Secrets) -> Vec<u8> {
    let extra = secrets.body_keys;
    if let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(bytes) {
        secrets.mask_json(&mut v);
        return v.to_string().into_bytes();
    }
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(at) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let word_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_len);
        out.push_str(word);
        rest = after;
        if !is_secret_key(word, extra) {
            continue;
        }
        // `": "`, `=` or `:` and the value up to its closing quote, `&`, `,` or the end (a
        // list up to its closing bracket, or the end when it is cut short).
        let sep = rest
            .find(|c: char| !(c == '"' || c == '\'' || c == ':' || c == '=' || c == ' '))
            .unwrap_or(rest.len());
        out.push_str(&rest[..sep]);
        rest = &rest[sep..];
        let end = if rest.starts_with('[') {
            rest.find(']').map_or(rest.len(), |at| at + 1)
        } else {
            rest.find(['"', '\'', '&', ',', '}', ' ', '\n'])
                .unwrap_or(rest.len())
        };
        if end > 0 {
            out.push_str(MASK);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// A body as it may be logged: JSON with secret keys (generic and the dialect's) masked, or text
/// with the value after each secret key masked; then secret values masked, either way.
pub fn body(bytes: &[u8], secrets: &Secrets) -> String {
    let keyed = unparsed_with(bytes, secrets);
    text(&String::from_utf8_lossy(&keyed), &secrets.values)
}

/// A URL as a dry run shows it: [`super::placeholder`] segments of the path are shown as
/// written (`.../<id of the new cloud connection>/tag`), not percent-encoded.
fn shown_url(url: &url::Url) -> String {
    if !url.path().split('/').any(super::is_placeholder_segment) {
        return url.to_string();
    }
    let path: Vec<String> = url
        .path()
        .split('/')
        .map(|segment| {
            if super::is_placeholder_segment(segment) {
                percent_encoding::percent_decode_str(segment)
                    .decode_utf8_lossy()
                    .into_owned()
            } else {
                segment.to_string()
            }
        })
        .collect();
    let origin_end = url.as_str().len() - url[url::Position::BeforePath..].len();
    let mut shown = format!("{}{}", &url.as_str()[..origin_end], path.join("/"));
    if let Some(query) = url.query() {
        shown.push('?');
        shown.push_str(query);
    }
    shown
}

/// A request described for `--dry-run`: method, URL, headers and body, all redacted.
pub fn describe(out: &Outgoing, secrets: &Secrets) -> serde_json::Value {
    let headers: serde_json::Map<String, serde_json::Value> = out
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), header(n, v, secrets).into()))
        .collect();
    let body = out.body.as_deref().map(|b| {
        serde_json::from_slice::<serde_json::Value>(b)
            .map(|mut v| {
                secrets.mask_json(&mut v);
                v
            })
            .unwrap_or_else(|_| String::from_utf8_lossy(b).into_owned().into())
    });
    let mut described = serde_json::json!({
        "dry_run": true,
        "method": out.method.as_str(),
        "url": text(&shown_url(&out.url), &secrets.values),
        "headers": headers,
        "body": body,
    });
    // A secret could sit in a body value under an innocent key: mask values too.
    let flat = described.to_string();
    let masked = text(&flat, &secrets.values);
    if masked != flat {
        described = serde_json::from_str(&masked).unwrap_or(described);
    }
    described
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_url_is_masked_wherever_the_url_is() {
        assert_eq!(
            url_passwords("> GET http://me:pa55@example.com:8080/x?y=1 and https://h/p"),
            "> GET http://me:***@example.com:8080/x?y=1 and https://h/p"
        );
        assert_eq!(url_passwords("(`https://u:p:q@h`)"), "(`https://u:***@h`)");
        for plain in [
            "https://user@host/",
            "no url",
            "http://h/a:b@c",
            "x://",
            "http://u:@h",
        ] {
            assert!(
                matches!(url_passwords(plain), std::borrow::Cow::Borrowed(_)),
                "{plain}"
            );
        }
        assert_eq!(
            text("http://u:secret1@h/t0ken", &["t0ken".into()]),
            "http://u:***@h/***"
        );
    }

    #[test]
    fn a_body_cut_short_still_has_its_token_masked() {
        let cut = br#"{"access_token": "eyJraWQiOiJ0b2tlbi1zZWNyZXQ", "expires_in": 36"#;
        let shown = String::from_utf8(unparsed(cut)).unwrap();
        assert!(!shown.contains("eyJraWQ"), "{shown}");
        assert!(shown.contains(r#""access_token": "***""#), "{shown}");
        let form = b"access_token=abcd1234&token_type=bearer";
        assert_eq!(unparsed(form), b"access_token=***&token_type=bearer");
        let whole = br#"{"access_token":"abcd1234","n":1}"#;
        assert_eq!(unparsed(whole), br#"{"access_token":"***","n":1}"#);
    }

    #[test]
    fn headers_are_masked_by_name_keeping_the_scheme() {
        let none = Secrets::default();
        assert_eq!(
            header("Authorization", "Bearer abc.def", &none),
            "Bearer ***"
        );
        assert_eq!(header("X-API-Key", "k123456", &none), "***");
        assert_eq!(
            header("Accept", "application/json", &none),
            "application/json"
        );
    }

    #[test]
    fn the_headers_a_dialect_names_are_masked_too() {
        let dialect = Secrets {
            headers: &["x-vendor-signature"],
            ..Secrets::default()
        };
        assert_eq!(header("X-Vendor-Signature", "$1$abc", &dialect), "***");
        assert_eq!(
            header("X-Vendor-Signature", "$1$abc", &Secrets::default()),
            "$1$abc"
        );
        assert_eq!(header("Cookie", "a=b", &dialect), "***");
    }

    #[test]
    fn placeholders_show_as_written_in_a_described_url() {
        let out = Outgoing {
            method: reqwest::Method::POST,
            url: url::Url::parse(
                "http://127.0.0.1:9/v3/d1/cloud-connections/%3Cid%20of%20the%20new%20cloud%20connection%3E/tag?x=%3C1%3E",
            )
            .unwrap(),
            headers: Vec::new(),
            body: None,
        };
        assert_eq!(
            describe(&out, &Secrets::default())["url"],
            "http://127.0.0.1:9/v3/d1/cloud-connections/<id of the new cloud connection>/tag?x=%3C1%3E"
        );
        let plain = url::Url::parse("http://h/a%20b/c").unwrap();
        assert_eq!(shown_url(&plain), "http://h/a%20b/c");
    }

    #[test]
    fn json_keys_and_known_values_are_masked() {
        let secrets = Secrets {
            values: vec!["supersecretvalue".to_string()],
            ..Secrets::default()
        };
        let shown = body(
            br#"{"access_token":"t0k","expires_in":3600,"nested":{"client_secret":"x"},"note":"supersecretvalue inside"}"#,
            &secrets,
        );
        assert!(!shown.contains("t0k"), "{shown}");
        assert!(!shown.contains("\"x\""), "{shown}");
        assert!(!shown.contains("supersecretvalue"), "{shown}");
        assert!(shown.contains("3600"), "{shown}");
    }

    /// A dialect's body keys, as Console Connect declares its service and pairing keys.
    const CIRCUIT: Secrets<'static> = Secrets {
        headers: &[],
        body_keys: &["circuitKey", "pairingKeys"],
        places: None,
        values: Vec::new(),
    };

    #[test]
    fn a_dialects_body_keys_are_masked_in_logged_and_described_bodies() {
        let sent = br#"{"circuit_key":"ck-123456","partner":{"pairingKeys":["pk-1/r/1","pk-2/r/2"],"region":"r"},"name":"n"}"#;
        let logged = body(sent, &CIRCUIT);
        for secret in ["ck-123456", "pk-1", "pk-2"] {
            assert!(!logged.contains(secret), "{secret}: {logged}");
        }
        assert!(
            logged.contains(r#""pairingKeys":["***","***"]"#),
            "{logged}"
        );
        assert!(logged.contains(r#""region":"r""#), "{logged}");
        // Another dialect, without those keys, shows them: they are no generic name.
        assert!(body(sent, &Secrets::default()).contains("ck-123456"));
        let out = Outgoing {
            method: reqwest::Method::PUT,
            url: url::Url::parse("http://h/orders").unwrap(),
            headers: Vec::new(),
            body: Some(sent.to_vec()),
        };
        let described = describe(&out, &CIRCUIT);
        assert_eq!(described["body"]["circuit_key"], MASK);
        assert_eq!(described["body"]["name"], "n");
    }

    #[test]
    fn a_body_cut_short_has_a_dialects_keys_and_lists_masked() {
        let cut = br#"{"pairingKeys": ["pk-1/r/1", "pk-2/r/2"], "circuitKey": "ck-123456", "na"#;
        let shown = String::from_utf8(unparsed_keys(cut, CIRCUIT.body_keys)).unwrap();
        for secret in ["ck-123456", "pk-1", "pk-2"] {
            assert!(!shown.contains(secret), "{secret}: {shown}");
        }
        let open_list = br#"{"pairingKeys": ["pk-1/r/1", "pk-2"#;
        let shown = String::from_utf8(unparsed_keys(open_list, CIRCUIT.body_keys)).unwrap();
        assert!(!shown.contains("pk-1"), "{shown}");
    }

    #[test]
    fn the_values_a_request_carries_under_secret_keys_are_collected() {
        let sent = br#"{"circuitKey":" ck-123456 ","password":"pw-9876","n":{"pairingKeys":["a/b/1",null]},"name":"plain"}"#;
        let mut values = body_values(Some(sent), CIRCUIT.body_keys);
        values.sort();
        assert_eq!(values, ["a/b/1", "ck-123456", "pw-9876"]);
        assert!(body_values(Some(b"not json"), CIRCUIT.body_keys).is_empty());
        assert!(body_values(None, CIRCUIT.body_keys).is_empty());
        let debug = format!(
            "{:?}",
            Secrets {
                values,
                ..CIRCUIT.clone()
            }
        );
        assert!(
            !debug.contains("ck-123456") && debug.contains("3 masked"),
            "{debug}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256, failure_persistence: None, ..Default::default()
        })]

        /// A password in a URL is masked whatever surrounds it.
        #[test]
        fn a_url_password_never_shows(
            before in proptest::prelude::any::<String>(),
            user in "[a-z0-9._-]{0,12}",
            after in proptest::prelude::any::<String>(),
        ) {
            let text = format!("{before}https://{user}:Pa55-w0rd-9f@host/x {after}");
            let shown = url_passwords(&text);
            proptest::prop_assert!(!shown.contains("Pa55-w0rd-9f"), "{shown}");
        }

        /// The same, around text made of what URLs are made of (random text seldom holds
        /// `://` or `@`, where the scanner can go wrong).
        #[test]
        fn a_url_password_never_shows_among_url_pieces(
            before in "(://|https?|:|@|/|[a-z]| |\\?|#)*",
            user in "[a-z0-9._-]{0,12}",
            after in "(://|:|@|/|[a-z]| )*",
        ) {
            let text = format!("{before}https://{user}:Pa55-w0rd-9f@host/x {after}");
            let shown = url_passwords(&text);
            proptest::prop_assert!(!shown.contains("Pa55-w0rd-9f"), "{shown}");
        }
    }

    #[test]
    fn a_url_inside_another_urls_authority_has_its_password_masked() {
        for text in [
            "://https://:Pa55-w0rd-9f@host/x",
            "https://a:b@https://c:Pa55-w0rd-9f@host",
            "x://y:://u:Pa55-w0rd-9f@h",
        ] {
            let shown = url_passwords(text);
            assert!(!shown.contains("Pa55-w0rd-9f"), "{text} -> {shown}");
        }
        assert_eq!(
            url_passwords("https://a:b@h/p?q=1"),
            "https://a:***@h/p?q=1"
        );
    }
}
