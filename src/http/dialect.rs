//! What a provider's answers say beyond HTTP itself, as data the provider hands to the client
//! beside its [`super::Auth`]: the header its request id comes under, how its error bodies read,
//! and which of its headers and body keys carry credentials. The client knows no provider: it
//! asks the [`Dialect`] it was given.
//!
//! Error bodies differ in their keys, not in their idea (a code, a message, sometimes a detail),
//! so the reader here is generic: a provider lists the [`Shape`]s its bodies come in, in the
//! order to try them ([`ErrorBody`]), and the first one found is read.

use serde_json::Value;

/// One provider's dialect (see the module doc).
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    /// The response headers that may carry the request id, lower-case, in the order tried.
    pub request_id: &'static [&'static str],
    /// How its error bodies read.
    pub error: ErrorBody,
    /// Headers that carry credentials, lower-case: masked by name in logs and `--dry-run`
    /// besides the generic ones (`Authorization`, cookies...) of `redact.rs`.
    pub secret_headers: &'static [&'static str],
    /// JSON keys whose values are credentials in this provider's bodies (a circuit's service
    /// key, a pairing key), compared case-insensitively without `_` and `-`: masked, in requests
    /// and answers, wherever a body is shown (`--dry-run`, `-vvv`, error excerpts), besides the
    /// generic secret keys of `redact.rs` (tokens, passwords, shared keys); and their values, as
    /// a request carries them, are masked wherever they come back.
    pub secret_body_keys: &'static [&'static str],
    /// Masks what is a credential in this provider's bodies by its place rather than its key,
    /// where the same key holds a secret in one kind of object and not in another (Console
    /// Connect's `partner.account`: an Azure connection's service key, an AWS one's account
    /// id); applied wherever [`Dialect::secret_body_keys`] are.
    pub secret_places: Option<fn(&mut serde_json::Value)>,
}

impl Dialect {
    /// The request id of a response, under the first of [`Dialect::request_id`] present.
    pub fn request_id(&self, headers: &reqwest::header::HeaderMap) -> Option<String> {
        self.request_id
            .iter()
            .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()))
            .map(str::to_string)
    }

    /// The code and message of an error body (empty when it says neither).
    pub fn error_fields(&self, body: &[u8]) -> ErrorFields {
        self.error.read(body)
    }
}

/// What an error body says: the provider's own code and message, each when present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorFields {
    /// The provider's error code (`CC.1001`, `41`, `Client::NotFound`...).
    pub code: Option<String>,
    /// The provider's message.
    pub message: Option<String>,
}

/// Where an error body may hold a code and a message: two keys of the top object, or of an
/// object nested under a key. A code found without its own message key takes the `message`
/// beside it (`{"errorCode": "E1", "message": "..."}`).
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    within: Option<&'static str>,
    code: &'static str,
    message: &'static str,
    needs_code: bool,
}

impl Shape {
    /// `code` and `message` of the top object; found when either is there.
    pub const fn keys(code: &'static str, message: &'static str) -> Shape {
        Shape {
            within: None,
            code,
            message,
            needs_code: false,
        }
    }

    /// `code` and `message` of the top object; found only when `code` is there (a `message` key
    /// alone is left to a later shape).
    pub const fn coded(code: &'static str, message: &'static str) -> Shape {
        Shape {
            needs_code: true,
            ..Shape::keys(code, message)
        }
    }

    /// `code` and `message` of the object under `within`; found when either is there.
    pub const fn nested(within: &'static str, code: &'static str, message: &'static str) -> Shape {
        Shape {
            within: Some(within),
            ..Shape::keys(code, message)
        }
    }

    /// The fields of `body` in this shape, if it is found there.
    fn read(&self, body: &Value) -> Option<ErrorFields> {
        let object = match self.within {
            None => body,
            Some(key) => body.get(key).filter(|v| v.is_object())?,
        };
        let code = object.get(self.code).and_then(text);
        let message = object.get(self.message).and_then(text);
        if code.is_none() && (self.needs_code || message.is_none()) {
            return None;
        }
        let message = message.or_else(|| code.as_ref().and(object.get("message").and_then(text)));
        Some(ErrorFields { code, message })
    }
}

/// How a provider's error bodies read: the [`Shape`]s they come in, in the order tried, and
/// the key of a detail added to the message.
#[derive(Debug, Clone, Copy)]
pub struct ErrorBody {
    /// The shapes, in the order tried; the first one found is read.
    pub shapes: &'static [Shape],
    /// A top-level key whose text, when present, is added to the message in parentheses (or is
    /// the message when there is none), unless it repeats the message.
    pub detail: Option<&'static str>,
}

impl ErrorBody {
    /// The fields of a JSON error `body` (empty when it is not JSON or no shape is found).
    pub fn read(&self, body: &[u8]) -> ErrorFields {
        let Ok(value) = serde_json::from_slice::<Value>(body) else {
            return ErrorFields::default();
        };
        let Some(mut fields) = self.shapes.iter().find_map(|shape| shape.read(&value)) else {
            return ErrorFields::default();
        };
        if let Some(detail) = self.detail.and_then(|key| value.get(key)).and_then(text)
            && fields.message.as_deref() != Some(detail.as_str())
        {
            fields.message = Some(match fields.message {
                Some(message) => format!("{message} ({detail})"),
                None => detail,
            });
        }
        fields
    }
}

/// A string or a number as text.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &[u8], shapes: &'static [Shape]) -> (Option<String>, Option<String>) {
        let fields = ErrorBody {
            shapes,
            detail: None,
        }
        .read(body);
        (fields.code, fields.message)
    }

    #[test]
    fn the_first_shape_found_wins() {
        const SHAPES: [Shape; 2] = [
            Shape::keys("error_code", "error_msg"),
            Shape::keys("code", "message"),
        ];
        let both = br#"{"error_code":"E1","error_msg":"bad","code":"x","message":"y"}"#;
        assert_eq!(read(both, &SHAPES), (Some("E1".into()), Some("bad".into())));
        let later = br#"{"code":7,"message":"y"}"#;
        assert_eq!(read(later, &SHAPES), (Some("7".into()), Some("y".into())));
        assert_eq!(read(b"<html>", &SHAPES), (None, None));
        assert_eq!(read(br#"{"other":1}"#, &SHAPES), (None, None));
    }

    #[test]
    fn a_coded_shape_needs_its_code_and_a_code_takes_the_message_beside_it() {
        const SHAPES: [Shape; 2] = [
            Shape::coded("class", "message"),
            Shape::keys("errorCode", "errorMsg"),
        ];
        assert_eq!(read(br#"{"message":"m"}"#, &SHAPES), (None, None));
        let beside = br#"{"errorCode":"E1","message":"m"}"#;
        assert_eq!(read(beside, &SHAPES), (Some("E1".into()), Some("m".into())));
    }

    #[test]
    fn nested_shapes_and_details() {
        const NESTED: [Shape; 1] = [Shape::nested("error", "code", "message")];
        let nested = br#"{"error":{"code":"NotFound","message":"gone"}}"#;
        assert_eq!(
            read(nested, &NESTED),
            (Some("NotFound".into()), Some("gone".into()))
        );
        const DETAILED: ErrorBody = ErrorBody {
            shapes: &[Shape::keys("code", "message")],
            detail: Some("description"),
        };
        let added = DETAILED.read(br#"{"code":1,"message":"m","description":"d"}"#);
        assert_eq!(added.message.as_deref(), Some("m (d)"));
        let repeated = DETAILED.read(br#"{"code":1,"message":"m","description":"m"}"#);
        assert_eq!(repeated.message.as_deref(), Some("m"));
    }
}
