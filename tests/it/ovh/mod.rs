//! OVHcloud Connect: what `cc` sends (the `$1$` signature recomputed here from what the server
//! received, the clock offset from `/auth/time`, bodies, OAuth2) and prints, against wiremock
//! replaying the schema's shapes (`fixtures/ovh/`); the document's rules refused before
//! anything is sent; task waits; lost creates; redaction; `ovh.conf`; and every command against
//! the sandbox.

mod conf;
mod faults;
mod health;
mod health_requests;
mod health_sandbox;
mod health_terminal;
mod oauth2;
mod rules;
mod rules_span;
mod sandbox;
mod signing;
mod tasks;

use assert_cmd::Command;
use cc::providers::ovh::sign;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::common::{TestEnv, fixture, json_response};

/// The credentials of the signing vectors (`provider-notes/huawei-ovh.md` §2.4).
const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEEWd9yBJ6p7nTCJdcWBRqDBeLpBBUP";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";

/// Services of the mocks.
pub(crate) const SVC: &str = "5f8f3b52-0000-4000-8000-000000000001";
const SVC2: &str = "5f8f3b52-0000-4000-8000-000000000002";

/// The query id the mocks answer with.
const QUERY_ID: &str = "EU.ext-3.6d1c5f0a.1234.mock";

/// The static route `extra create` sends in the tests of a lost extra and of the sandbox.
const ROUTE: [&str; 6] = [
    "--type",
    "network",
    "--subnet",
    "172.16.1.0/24",
    "--next-hop",
    "10.10.0.11",
];

/// The API base path of the mocks (the real one ends in `/1.0` too).
pub(crate) fn api(rest: &str) -> String {
    format!("/1.0{rest}")
}

/// `/ovhCloudConnect/{SVC}{rest}`.
pub(crate) fn occ(rest: &str) -> String {
    api(&format!("/ovhCloudConnect/{SVC}{rest}"))
}

/// An answer as the OVH API sends it: JSON with `X-Ovh-QueryID`.
pub(crate) fn answer(status: u16, body: &Value) -> ResponseTemplate {
    json_response(status, &body.to_string()).insert_header("X-Ovh-QueryID", QUERY_ID)
}

/// A fixture with some fields replaced.
pub(crate) fn fixture_with(name: &str, fields: Value) -> Value {
    let mut value: Value = serde_json::from_str(&fixture("ovh", name)).expect("fixture is JSON");
    if let (Some(obj), Some(extra)) = (value.as_object_mut(), fields.as_object()) {
        for (k, v) in extra {
            obj.insert(k.clone(), v.clone());
        }
    }
    value
}

/// This machine's clock, in seconds.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

/// Mounts `GET /1.0/auth/time` answering this machine's time plus `offset` seconds, expected
/// `times` times.
pub(crate) async fn mount_time(server: &MockServer, offset: i64, times: u64) {
    Mock::given(method("GET"))
        .and(path(api("/auth/time")))
        .respond_with(json_response(200, &(now() + offset).to_string()))
        .expect(times)
        .mount(server)
        .await;
}

/// `cc` pointed at the mock with signed-request credentials; waits poll every 10 ms.
pub(crate) fn ovh(env: &TestEnv, server: &MockServer) -> Command {
    let mut cmd = env.cc();
    cmd.env("CC_OVH_URL", format!("{}/1.0", server.uri()))
        .env("OVH_APPLICATION_KEY", AK)
        .env("OVH_APPLICATION_SECRET", AS)
        .env("OVH_CONSUMER_KEY", CK)
        .args(["--interval", "10ms"]);
    cmd
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Recomputes the `$1$` signature of a received request from what was on the wire (method,
/// full URL as received: `Host` and the request target; body bytes; `X-Ovh-Timestamp`), checks the other headers, and checks
/// that the timestamp is this machine's clock plus `offset` (within 2 s). Returns the
/// signature.
fn assert_signed(request: &Request, offset: i64) -> String {
    assert_eq!(header(request, "x-ovh-application"), AK, "{}", request.url);
    assert_eq!(header(request, "x-ovh-consumer"), CK, "{}", request.url);
    let timestamp: i64 = header(request, "x-ovh-timestamp")
        .parse()
        .unwrap_or_else(|_| panic!("no X-Ovh-Timestamp on {}", request.url));
    let expected = now() + offset;
    assert!(
        (timestamp - expected).abs() <= 2,
        "timestamp {timestamp} is not local + {offset} ({expected}) on {}",
        request.url
    );
    // The full URL as received: the Host header and the request target, query undecoded.
    let target = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_string(),
    };
    let url = format!("http://{}{target}", header(request, "host"));
    let signature = sign::signature(
        AS,
        CK,
        request.method.as_str(),
        &url,
        &request.body,
        timestamp,
    );
    assert_eq!(
        header(request, "x-ovh-signature"),
        signature,
        "signature of {} {}",
        request.method,
        request.url
    );
    signature
}

/// Every request the mock received except `/auth/time`, each checked by [`assert_signed`];
/// their signatures.
async fn assert_all_signed(server: &MockServer, offset: i64) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    let signed: Vec<String> = requests
        .iter()
        .filter(|r| !r.url.path().ends_with("/auth/time"))
        .map(|r| assert_signed(r, offset))
        .collect();
    assert!(!signed.is_empty(), "no signed request");
    signed
}

/// Mounts the ids and the objects of a list: `GET list_path` answers the `id` fields of
/// `items`, `GET list_path/{id}` each item.
pub(crate) async fn mount_list(server: &MockServer, list_path: &str, items: &[Value]) {
    let ids: Vec<Value> = items
        .iter()
        .map(|i| {
            i.get("id")
                .or_else(|| i.get("uuid"))
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    Mock::given(method("GET"))
        .and(path(list_path.to_string()))
        .respond_with(answer(200, &json!(ids)))
        .mount(server)
        .await;
    for (item, id) in items.iter().zip(&ids) {
        let id = id
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| id.to_string());
        Mock::given(method("GET"))
            .and(path(format!("{list_path}/{id}")))
            .respond_with(answer(200, item))
            .mount(server)
            .await;
    }
}

/// Mounts `GET at` answering `body`.
pub(crate) async fn mount_get(server: &MockServer, at: &str, body: &Value) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(answer(200, body))
        .mount(server)
        .await;
}

/// Mounts `GET at` answering `first` once, then `then` for good.
pub(crate) async fn mount_get_then(server: &MockServer, at: &str, first: &Value, then: &Value) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(answer(200, first))
        .up_to_n_times(1)
        .mount(server)
        .await;
    mount_get(server, at, then).await;
}

/// A catch-all that must never be called: mounted last, it answers whatever the others do not.
async fn nothing_else(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(599))
        .with_priority(u8::MAX)
        .expect(0)
        .mount(server)
        .await;
}
