//! What the tests of the shared HTTP code build clients with: any provider's name (the shared
//! code must work the same for each) and a dialect of no provider in particular.

use super::{Dialect, ErrorBody, Shape};
use crate::provider::ProviderName;

/// A provider, for what needs a name; which one does not matter.
pub(crate) fn a_provider() -> ProviderName {
    ProviderName::all().next().expect("at least one provider")
}

/// A dialect with a conventional request-id header, `code`/`message` error bodies, one secret
/// header and one secret body key of its own.
pub(crate) const DIALECT: Dialect = Dialect {
    request_id: &["x-request-id"],
    error: ErrorBody {
        shapes: &[Shape::keys("code", "message")],
        detail: None,
    },
    secret_headers: &["x-test-secret"],
    secret_body_keys: &["circuitKey"],
    secret_places: None,
};

/// An error body and the `(code, message)` a dialect should read from it.
pub(crate) type ErrorCase<'a> = (&'a [u8], Option<&'a str>, Option<&'a str>);

/// Checks a provider's dialect against its wire: each of `errors` reads as expected (and a body
/// that is not JSON reads as nothing), the request id is read under each of `request_ids` (as
/// written on the wire), and no body at all makes it panic.
pub(crate) fn assert_dialect_reads(dialect: &Dialect, request_ids: &[&str], errors: &[ErrorCase]) {
    let html: ErrorCase = (b"<html>", None, None);
    for (body, code, message) in errors.iter().chain([&html]) {
        let fields = dialect.error_fields(body);
        assert_eq!(
            (fields.code.as_deref(), fields.message.as_deref()),
            (*code, *message),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    assert_reads_request_ids(dialect, request_ids);
    error_bodies_never_panic(dialect);
}

/// Checks that `dialect` reads the request id under each of `names` (as written on the wire),
/// and none from a response without them.
fn assert_reads_request_ids(dialect: &Dialect, names: &[&str]) {
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

/// Any JSON value up to a few levels deep, its object keys drawn from the words error bodies
/// and page envelopes use (so that the shapes a dialect looks for are met, with any type in
/// them) and from anything at all; numbers include the extremes.
pub(crate) fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    use serde_json::Value;
    let number = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(i64::MIN)),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        any::<String>().prop_map(Value::String),
    ];
    let key = prop_oneof![
        prop::sample::select(vec![
            "code",
            "message",
            "error",
            "errorCode",
            "error_code",
            "error_msg",
            "errorMessage",
            "description",
            "detail",
            "details",
            "class",
            "errors",
            "id",
            "items",
            "content",
            "data",
            "results",
            "page_info",
            "next_marker",
            "cloud_connections",
            "total",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Property: `dialect` reads any body (bytes of any kind, or any JSON) without panicking, and
/// what it reads is the text of a string or a number of the body, never invented.
fn error_bodies_never_panic(dialect: &Dialect) {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    });
    let bodies = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        json_value().prop_map(|v| v.to_string().into_bytes()),
    ];
    runner
        .run(&bodies, |body| {
            let fields = dialect.error_fields(&body);
            let text = String::from_utf8_lossy(&body);
            if let Some(code) = &fields.code {
                let quoted = serde_json::to_string(code).unwrap_or_default();
                prop_assert!(
                    text.contains(quoted.trim_matches('"')) || code.parse::<f64>().is_ok(),
                    "code {code:?} not in {text}"
                );
            }
            Ok(())
        })
        .unwrap();
}
