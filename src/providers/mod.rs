//! Provider API clients: wire formats, auth and signing. Nothing here imports the CLI or output
//! layers; handlers in `commands/` turn what these return into output.

pub mod console_connect;
pub mod contract;
pub mod endpoint;
pub mod huawei;
pub mod orange;
pub mod ovh;
pub mod resource;
pub(crate) mod wire_text;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// A state normalised across providers, for `cc connections list` (`CLI.md` §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormalState {
    /// On its way up.
    Pending,
    /// Carrying traffic.
    Active,
    /// Designed, not activated (Orange).
    Designed,
    /// On its way out.
    Deleting,
    /// In an error state.
    Failed,
    /// Anything else.
    Unknown,
}

impl NormalState {
    /// The name printed.
    pub fn as_str(self) -> &'static str {
        match self {
            NormalState::Pending => "PENDING",
            NormalState::Active => "ACTIVE",
            NormalState::Designed => "DESIGNED",
            NormalState::Deleting => "DELETING",
            NormalState::Failed => "FAILED",
            NormalState::Unknown => "UNKNOWN",
        }
    }
}

/// A provider object kept whole for output, with a typed view of the fields `cc` relies on.
///
/// Output prints `raw`, so users see the provider's own field names and any field `cc` does not
/// know; `view` is parsed up front, so a response missing a field `cc` needs is exit 5 at once.
#[derive(Debug, Clone)]
pub struct Typed<T> {
    /// The fields `cc` uses.
    pub view: T,
    /// The object as the provider sent it.
    pub raw: serde_json::Value,
}

impl<T: DeserializeOwned> Typed<T> {
    /// Parses the view out of `raw`; `what` names the object in the error.
    pub fn parse(
        provider: crate::provider::ProviderName,
        what: &str,
        raw: serde_json::Value,
    ) -> Result<Self> {
        let view = T::deserialize(&raw).map_err(|e| {
            Error::malformed(
                provider,
                format!(
                    "unexpected {what} in the response: {e}; got {}",
                    crate::http::excerpt(raw.to_string().as_bytes())
                ),
            )
        })?;
        Ok(Typed { view, raw })
    }

    /// Parses every item of a list.
    pub fn parse_all(
        provider: crate::provider::ProviderName,
        what: &str,
        items: Vec<serde_json::Value>,
    ) -> Result<Vec<Self>> {
        items
            .into_iter()
            .map(|raw| Self::parse(provider, what, raw))
            .collect()
    }
}

/// A number that a provider may send as a number, a string or `{"value": N}`.
pub fn number(value: Option<&serde_json::Value>) -> Option<f64> {
    use serde_json::Value;
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Object(o) => number(o.get("value")),
        _ => None,
    }
}

/// The raw objects of a list of typed items.
pub fn raws<T>(items: Vec<Typed<T>>) -> Vec<serde_json::Value> {
    items.into_iter().map(|t| t.raw).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_come_in_three_shapes() {
        assert_eq!(number(Some(&json!(50))), Some(50.0));
        assert_eq!(number(Some(&json!("100"))), Some(100.0));
        assert_eq!(
            number(Some(&json!({"value": 200, "name": "200 Mbps"}))),
            Some(200.0)
        );
        assert_eq!(number(None), None);
    }
}
