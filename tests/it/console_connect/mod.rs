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
    TestEnv, assert_code, fixture, fixture_json, json_response, json_value, run, stdout,
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
    for (stream, text) in [
        ("stdout", stdout(out)),
        ("stderr", crate::common::stderr(out)),
    ] {
        assert!(!text.contains(key), "the key {key} in {stream}: {text}");
    }
}

/// Lookups of a create: a valid key (100 Mbps circuit), the two ports, no connection of that
/// name yet.
async fn mount_create_lookups(server: &MockServer) {
    mount_verify(
        server,
        json_response(200, &fixture("console_connect", "service_key.json")),
    )
    .await;
    mount_ports(server, &fixture("console_connect", "ports.json")).await;
    mount_connections(server, r#"{"results": []}"#).await;
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
