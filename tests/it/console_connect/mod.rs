//! Console Connect: what `cc` sends (paths, verbs, bodies, the Bearer key, counts) and prints,
//! against wiremock replaying the documented objects (`fixtures/console_connect/`), plus the
//! refusals made before anything is sent, the no-double-create path, and the sandbox.

mod aws;
mod connections;
mod create;
mod google;
mod partners_terminal;
mod peering;
mod rules;
mod sandbox;
mod utilization;

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{
    TestEnv, assert_code, fixture, fixture_json, json_response, json_value, received, refuse, run,
    stderr, stdout,
};

const TOKEN: &str = "cc-test-api-key-9d2f71e4";

const COMPANY: &str = "acme";

const KEY: &str = "0c5f1a77-7c3b-4b1e-9d0e-5a1b2c3d4e5f";

const GROUP_ID: &str = "5e7a2b1903be0d0014960141";

const SUB_ID: &str = "5e7a2b1903be0d0014960143";

const PORT_1: &str = "5893d943878d635dde318022";

const PORT_2: &str = "5893d943878d635dde318023";

const AZURE: &str = "/api/company/acme/connections/directConnectPartner/AZURE/layer2";

fn company(rest: &str) -> String {
    format!("/api/company/{COMPANY}{rest}")
}

fn connection_path(id: &str) -> String {
    company(&format!("/connections/{id}"))
}

fn peering_path(kind: &str) -> String {
    format!("{AZURE}/{GROUP_ID}/peering/{kind}")
}

/// `cc` pointed at the mock.
fn cc(env: &TestEnv, server: &MockServer) -> Command {
    let mut cmd = env.cc();
    cmd.env("CC_CONSOLE_CONNECT_URL", server.uri())
        .env("CC_CONSOLE_CONNECT_TOKEN", TOKEN)
        .env("CC_CONSOLE_CONNECT_COMPANY", COMPANY);
    cmd
}

/// The create-response fixture (the GROUP_LAYER2 connection) with another status.
fn group(status: &str) -> Value {
    let mut v = fixture_json("console_connect", "connection_group_creating.json");
    v["status"] = json!(status);
    v
}

fn peering(status: &str) -> Value {
    let mut v = fixture_json("console_connect", "peering_private.json");
    v["provisioningStatus"] = json!(status);
    v
}

async fn mount_verify(server: &MockServer, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(format!("{AZURE}/serviceKey")))
        .and(bearer_token(TOKEN))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "serviceKey": KEY })))
        .respond_with(answer)
        .named("verify key")
        .mount(server)
        .await;
}

async fn mount_ports(server: &MockServer, body: &str) {
    Mock::given(method("GET"))
        .and(path(company("/ports")))
        .and(query_param("deleted", "false"))
        .and(bearer_token(TOKEN))
        .respond_with(json_response(200, body))
        .named("ports")
        .mount(server)
        .await;
}

async fn mount_connections(server: &MockServer, body: &str) {
    Mock::given(method("GET"))
        .and(path(company("/connections")))
        .and(bearer_token(TOKEN))
        .respond_with(json_response(200, body))
        .named("connections")
        .mount(server)
        .await;
}

/// Answers the list of connections with none (before an order), then with `after`.
async fn mount_connections_then(server: &MockServer, after: &str) {
    Mock::given(method("GET"))
        .and(path(company("/connections")))
        .respond_with(json_response(200, r#"{"results": []}"#))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    mount_connections(server, after).await;
}

/// Answers GET of one connection with `first` `n` times, then with `then`.
async fn mount_connection_sequence(
    server: &MockServer,
    id: &str,
    first: &Value,
    n: u64,
    then: ResponseTemplate,
) {
    Mock::given(method("GET"))
        .and(path(connection_path(id)))
        .and(bearer_token(TOKEN))
        .respond_with(json_value(200, first))
        .up_to_n_times(n)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(connection_path(id)))
        .respond_with(then)
        .mount(server)
        .await;
}

const CREATE_ARGS: [&str; 13] = [
    "console-connect",
    "azure",
    "create",
    "--service-key",
    KEY,
    "--name",
    "Azure ExpressRoute",
    "--port",
    "ACME LONDON 1",
    "--port",
    PORT_2,
    "--speed",
    "100",
];

fn expected_create_body() -> Value {
    json!({
        "azureServiceKey": KEY,
        "name": "Azure ExpressRoute",
        "srcPort": [{ "portId": PORT_1 }, { "portId": PORT_2 }],
        "speed": 100,
        "paymentType": "payg"
    })
}

/// The order's body as a dry run or a log shows it: the service key masked.
fn shown_create_body() -> Value {
    let mut body = expected_create_body();
    body["azureServiceKey"] = json!("***");
    body
}

/// Asserts that the service key shows nowhere in what `out` printed, on stdout or stderr.
fn assert_no_key(out: &std::process::Output, key: &str) {
    for (stream, text) in [("stdout", stdout(out)), ("stderr", stderr(out))] {
        assert!(!text.contains(key), "the key {key} in {stream}: {text}");
    }
}

/// The answer of a valid service key (a 100 Mbps circuit).
fn valid_key() -> ResponseTemplate {
    json_response(200, &fixture("console_connect", "service_key.json"))
}

/// Lookups of a create: a valid key (100 Mbps circuit), the two ports, no connection of that
/// name yet.
async fn mount_create_lookups(server: &MockServer) {
    mount_verify(server, valid_key()).await;
    mount_ports(server, &fixture("console_connect", "ports.json")).await;
    mount_connections(server, r#"{"results": []}"#).await;
}

/// Mounts `GET /api/directConnectPartner/{partner}/regions` (Bearer) answering
/// `fixtures/console_connect/regions_{partner}.json`.
async fn mount_regions(server: &MockServer, partner: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/api/directConnectPartner/{partner}/regions")))
        .and(bearer_token(TOKEN))
        .respond_with(json_response(
            200,
            &fixture("console_connect", &format!("regions_{partner}.json")),
        ))
        .named(format!("{partner} regions"))
        .mount(server)
        .await;
}

/// Lookups of a partner's create (`amazon`, `google`): the ports, the partner's regions, no
/// connection of that name yet.
async fn mount_partner_lookups(server: &MockServer, partner: &str) {
    mount_ports(server, &fixture("console_connect", "ports.json")).await;
    mount_regions(server, partner).await;
    mount_connections(server, r#"{"results": []}"#).await;
}

/// Mounts the order: `PUT at` with the Bearer key (and exactly `body`, when given), answered
/// with `answer`, expected once.
async fn mount_order(server: &MockServer, at: &str, body: Option<Value>, answer: ResponseTemplate) {
    let mut order = Mock::given(method("PUT"))
        .and(path(at))
        .and(bearer_token(TOKEN));
    if let Some(body) = body {
        order = order.and(body_json(body));
    }
    order.respond_with(answer).expect(1).mount(server).await;
}

/// Asserts what a create sent: one order at `at`, and `polls` reads of connection `id`.
async fn assert_ordered_once(server: &MockServer, at: &str, id: &str, polls: usize) {
    assert_eq!(
        received(server, "PUT", at).await.len(),
        1,
        "exactly one order"
    );
    let polled = received(server, "GET", &connection_path(id)).await;
    assert_eq!(polled.len(), polls, "reads of {id}");
}

/// Runs `args` against a mock that answers nothing: exit 2 with `needle` on stderr, and no
/// request at all (a rule that needs no look-up).
async fn refused_before_any_request(args: &[&str], needle: &str) {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(args);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains(needle), "{needle}: {}", stderr(&out));
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "{args:?}: {} request(s) sent", sent.len());
}

/// Runs `args` against the look-ups of `partner`'s create: exit `code` with `needle` on
/// stderr, and no order (a rule that needs the look-ups).
async fn refused_after_the_lookups(partner: &str, args: &[&str], code: i32, needle: &str) {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, partner).await;
    refuse(&server, "PUT").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(args);
    let out = run(cmd).await;
    assert_code(&out, code);
    assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
}

/// Asserts a create whose answer was lost: stderr says it is NOT sent again and holds each of
/// `shown`, and exactly one order went to `at`.
async fn assert_not_resent(
    server: &MockServer,
    out: &std::process::Output,
    at: &str,
    shown: &[&str],
) {
    let err = stderr(out);
    for shown in ["NOT sent again"].iter().chain(shown) {
        assert!(err.contains(shown), "{shown} missing: {err}");
    }
    assert_eq!(
        received(server, "PUT", at).await.len(),
        1,
        "exactly one order"
    );
}

/// `cc --sandbox ...` with a provision delay of `delay`, polling fast.
fn sandboxed(env: &TestEnv, delay: &str, args: &[&str]) -> Command {
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", delay)
        .arg("--sandbox")
        .args(args)
        .args(["--interval", "50ms"]);
    cmd
}

/// `api console-connect PUT at --data body` in the sandbox, refused in Console Connect's shape:
/// exit 5, a 400 saying `says`; stderr.
async fn sandbox_refuses(env: &TestEnv, delay: &str, at: &str, body: &Value, says: &str) -> String {
    let body = body.to_string();
    let put = ["api", "console-connect", "PUT", at, "--data", &body];
    let out = run(sandboxed(env, delay, &put)).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("400") && err.contains(says), "{err}");
    err
}

/// The row of `rows` (a JSON list) whose id is `id`.
fn row_of(rows: &Value, id: &str) -> Value {
    let row = rows.as_array().unwrap().iter().find(|r| r["id"] == id);
    row.unwrap_or_else(|| panic!("no row {id} in {rows}"))
        .clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_command_has_help_with_examples() {
    let env = TestEnv::new();
    for args in [
        &["console-connect", "azure", "verify-key", "--help"][..],
        &["console-connect", "azure", "create", "--help"],
        &["console-connect", "azure", "peering", "set", "--help"],
        &["console-connect", "azure", "peering", "get", "--help"],
        &["console-connect", "azure", "peering", "delete", "--help"],
        &["console-connect", "list", "--help"],
        &["console-connect", "get", "--help"],
        &["console-connect", "wait", "--help"],
        &["console-connect", "delete", "--help"],
        &["console-connect", "ports", "--help"],
    ] {
        let mut cmd = env.cc();
        cmd.args(args);
        let out = run(cmd).await;
        assert_code(&out, 0);
        assert!(stdout(&out).contains("Examples:"), "{args:?}");
    }
}
