//! What the tests of the shared HTTP code build clients with: any provider's name (the shared
//! code must work the same for each) and a dialect of no provider in particular.

use super::{Dialect, ErrorBody, Shape};
use crate::provider::ProviderName;

/// A provider, for what needs a name; which one does not matter.
pub(crate) fn a_provider() -> ProviderName {
    ProviderName::all().next().expect("at least one provider")
}

/// A dialect with a conventional request-id header, `code`/`message` error bodies and one
/// secret header of its own.
pub(crate) const DIALECT: Dialect = Dialect {
    request_id: &["x-request-id"],
    error: ErrorBody {
        shapes: &[Shape::keys("code", "message")],
        detail: None,
    },
    secret_headers: &["x-test-secret"],
};

/// `dialect`'s reading of an error body, as `(code, message)`.
pub(crate) fn error_pair(dialect: &Dialect, body: &[u8]) -> (Option<String>, Option<String>) {
    let fields = dialect.error_fields(body);
    (fields.code, fields.message)
}

/// An expected `(code, message)` with a message.
pub(crate) fn fields(code: Option<&str>, message: &str) -> (Option<String>, Option<String>) {
    (code.map(str::to_string), Some(message.to_string()))
}

/// Checks that `dialect` reads the request id under each of `names` (as written on the wire),
/// and none from a response without them.
pub(crate) fn assert_reads_request_ids(dialect: &Dialect, names: &[&str]) {
    for name in names {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            "EU.ext-3.63ac85b6".parse().expect("a header value"),
        );
        assert_eq!(
            dialect.request_id(&headers).as_deref(),
            Some("EU.ext-3.63ac85b6"),
            "{name}"
        );
    }
    assert_eq!(dialect.request_id(&reqwest::header::HeaderMap::new()), None);
}
