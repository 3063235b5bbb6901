//! What comes back from a call that succeeded ([`Reply`]): its status, headers and body, read
//! as JSON on demand, where an unreadable body is exit 5 with a short [`excerpt`] of it.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// A response with a 2xx status.
#[derive(Debug)]
pub struct Reply {
    /// Provider name, for errors.
    pub provider: crate::provider::ProviderName,
    /// What the call did, for errors.
    pub what: String,
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Raw body.
    pub body: Vec<u8>,
    /// The request id, under the header the provider's [`super::Dialect`] names.
    pub request_id: Option<String>,
    /// What was secret in the request, masked in the excerpt of an unreadable body.
    pub secrets: super::redact::Secrets<'static>,
}

impl Reply {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as `T`; an unreadable body is exit 5 with the status and a short excerpt.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| {
            let mut err = Error::malformed(
                self.provider,
                format!(
                    "unreadable response to `{}` (HTTP {}): {e}; body starts: {}",
                    self.what,
                    self.status,
                    super::redact::text(
                        &excerpt(&super::redact::unparsed_with(&self.body, &self.secrets)),
                        &self.secrets.values
                    )
                ),
            );
            err.status = Some(self.status);
            err.request_id = self.request_id.clone();
            err
        })
    }
}

/// The first 200 characters of a body, on one line.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(empty body)".into();
    }
    let cut: String = flat.chars().take(200).collect();
    if cut.len() < flat.len() {
        format!("`{cut}…`")
    } else {
        format!("`{cut}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_body_is_quoted_with_its_secrets_masked() {
        let reply = Reply {
            provider: crate::http::testing::a_provider(),
            what: "check the key".into(),
            status: 200,
            headers: Default::default(),
            body: br#"{"circuitKey": "ck-123456", "note": "for ck-654321", "cut"#.to_vec(),
            request_id: None,
            secrets: super::super::redact::Secrets {
                body_keys: &["circuitKey"],
                values: vec!["ck-654321".into()],
                ..Default::default()
            },
        };
        let err = reply.json::<serde_json::Value>().unwrap_err();
        assert_eq!(err.exit_code(), 5);
        for secret in ["ck-123456", "ck-654321"] {
            assert!(!err.message.contains(secret), "{}", err.message);
        }
        assert!(err.message.contains("for ***"), "{}", err.message);
    }

    #[test]
    fn excerpt_is_short_and_flat() {
        assert_eq!(excerpt(b"  a\n b "), "`a b`");
        assert_eq!(excerpt(b""), "(empty body)");
        assert!(excerpt(&[b'x'; 500]).ends_with("…`"));
    }
}
