//! Console Connect: what `cc` sends (paths, verbs, bodies, the Bearer key, counts) and prints,
//! against wiremock replaying the documented objects (`fixtures/console_connect/`), plus the
//! refusals made before anything is sent, the no-double-create path, and the sandbox.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{
    TestEnv, assert_code, fixture, fixture_json, received, run, run_json, stderr, stdout,
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

fn json_response(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json")
}

fn json_value(value: &Value) -> ResponseTemplate {
    json_response(&value.to_string())
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
        .respond_with(json_response(body))
        .named("ports")
        .mount(server)
        .await;
}

async fn mount_connections(server: &MockServer, body: &str) {
    Mock::given(method("GET"))
        .and(path(company("/connections")))
        .and(bearer_token(TOKEN))
        .respond_with(json_response(body))
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
        .respond_with(json_value(first))
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

/// Lookups of a create: a valid key (100 Mbps circuit), the two ports, no connection of that
/// name yet.
async fn mount_create_lookups(server: &MockServer) {
    mount_verify(
        server,
        json_response(&fixture("console_connect", "service_key.json")),
    )
    .await;
    mount_ports(server, &fixture("console_connect", "ports.json")).await;
    mount_connections(server, r#"{"results": []}"#).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_key_posts_the_key_with_the_bearer_api_key_and_prints_the_answer() {
    let server = MockServer::start().await;
    mount_verify(
        &server,
        json_response(&fixture("console_connect", "service_key.json")),
    )
    .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "azure", "verify-key", KEY]);
    let printed = run_json(cmd).await;
    assert_eq!(printed, fixture_json("console_connect", "service_key.json"));
    assert_eq!(received(&server, "POST", "/serviceKey").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_verifies_the_key_then_puts_the_documented_body_and_waits_until_active() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    Mock::given(method("PUT"))
        .and(path(format!("{AZURE}/create")))
        .and(bearer_token(TOKEN))
        .and(body_json(expected_create_body()))
        .respond_with(json_value(&group("CREATING")))
        .expect(1)
        .mount(&server)
        .await;
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &group("CREATING"),
        1,
        json_value(&group("ACTIVE")),
    )
    .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS).args(["--interval", "10ms"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["id"], GROUP_ID);
    assert_eq!(printed["status"], "ACTIVE");
    assert_eq!(printed["type"], "GROUP_LAYER2");
    assert_eq!(received(&server, "POST", "/serviceKey").await.len(), 1);
    assert_eq!(
        received(&server, "GET", &connection_path(GROUP_ID))
            .await
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn create_with_no_wait_returns_the_accepted_order_at_once() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    Mock::given(method("PUT"))
        .and(path(format!("{AZURE}/create")))
        .respond_with(json_value(&group("CREATING")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS)
        .args(["--no-wait", "--payment-type", "invoice"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["status"], "CREATING");
    let sent: Value =
        serde_json::from_slice(&received(&server, "PUT", "/create").await[0].body).unwrap();
    assert_eq!(sent["paymentType"], "invoice");
    assert!(
        received(&server, "GET", &connection_path(GROUP_ID))
            .await
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_service_key_is_exit_2_and_nothing_is_ordered() {
    let server = MockServer::start().await;
    mount_verify(
        &server,
        ResponseTemplate::new(400).set_body_raw(
            fixture("console_connect", "error_invalid_service_key.json"),
            "application/json",
        ),
    )
    .await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    mount_connections(&server, r#"{"results": []}"#).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    for shown in [
        "service key",
        "refused",
        "400",
        "could not be found",
        "nothing was ordered",
    ] {
        assert!(err.contains(shown), "{shown} missing: {err}");
    }
    assert!(received(&server, "PUT", "/create").await.is_empty());

    // An answer that says the key is not valid is refused the same way.
    let server = MockServer::start().await;
    mount_verify(
        &server,
        json_response(r#"{"valid": false, "message": "The service key is expired"}"#),
    )
    .await;
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "azure", "verify-key", KEY]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("expired"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn ports_and_speed_are_checked_before_ordering() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    let env = TestEnv::new();
    let base = &CREATE_ARGS[..11];
    let cases: [(&[&str], i32, &str); 4] = [
        // The key's circuit is 100 Mbps (fixtures/console_connect/service_key.json).
        (&["--speed", "50"], 2, "circuit is 100 Mbps"),
        (&["--speed", "0"], 2, "positive number"),
        (&["--speed", "fast"], 2, "--speed"),
        (&["--speed", "100", "--port", PORT_1], 2, "one or two"),
    ];
    for (extra, code, shown) in cases {
        let mut cmd = cc(&env, &server);
        cmd.args(base).args(extra);
        let out = run(cmd).await;
        assert_code(&out, code);
        assert!(stderr(&out).contains(shown), "{shown}: {}", stderr(&out));
    }
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "azure",
        "create",
        "--service-key",
        KEY,
        "--name",
        "x",
        "--port",
        "NO SUCH PORT",
        "--speed",
        "100",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 4);
    assert!(
        stderr(&out).contains("--port `NO SUCH PORT`") && stderr(&out).contains("ACME LONDON 1"),
        "{}",
        stderr(&out)
    );
    assert!(received(&server, "PUT", "/create").await.is_empty());

    // A key that says nothing about speed: the port's capacity and status still count.
    let server = MockServer::start().await;
    mount_verify(&server, json_response(r#"{"valid": true}"#)).await;
    let mut ports = fixture_json("console_connect", "ports.json");
    ports["results"][1]["status"] = json!("DISABLED");
    mount_ports(&server, &ports.to_string()).await;
    mount_connections(&server, r#"{"results": []}"#).await;
    for (port, speed, shown) in [
        ("ACME LONDON 1", "950", "has 900 Mbps left"),
        ("ACME LONDON 2", "100", "is DISABLED"),
    ] {
        let mut cmd = cc(&env, &server);
        cmd.args([
            "console-connect",
            "azure",
            "create",
            "--service-key",
            KEY,
            "--name",
            "x",
            "--port",
            port,
            "--speed",
            speed,
        ]);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(stderr(&out).contains(shown), "{shown}: {}", stderr(&out));
    }
    assert!(received(&server, "PUT", "/create").await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wait_fails_fast_with_exit_8_and_the_error_reason() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    Mock::given(method("PUT"))
        .and(path(format!("{AZURE}/create")))
        .respond_with(json_value(&group("CREATING")))
        .expect(1)
        .mount(&server)
        .await;
    let mut failed = group("ERROR");
    failed["errorReason"] = json!("Azure rejected the service key: circuit already provisioned");
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &group("CREATING"),
        1,
        json_value(&failed),
    )
    .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS)
        .args(["--interval", "10ms", "--timeout", "1m"]);
    let out = run(cmd).await;
    assert_code(&out, 8);
    let err = stderr(&out);
    assert!(
        err.contains("ERROR") && err.contains("circuit already provisioned"),
        "{err}"
    );

    for status in ["DENIED", "CANCELLED"] {
        let server = MockServer::start().await;
        mount_connection_sequence(
            &server,
            GROUP_ID,
            &group(status),
            1,
            json_value(&group(status)),
        )
        .await;
        let mut cmd = cc(&env, &server);
        cmd.args(["console-connect", "wait", GROUP_ID, "--interval", "10ms"]);
        let out = run(cmd).await;
        assert_code(&out, 8);
        assert!(stderr(&out).contains(status), "{}", stderr(&out));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_response_is_lost_is_never_resent_and_is_looked_up_by_name() {
    let server = MockServer::start().await;
    mount_verify(
        &server,
        json_response(&fixture("console_connect", "service_key.json")),
    )
    .await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    // Before the order: only other connections. After: the group the lost order made, and its
    // two subconnections (which carry other names and a parentId).
    Mock::given(method("GET"))
        .and(path(company("/connections")))
        .respond_with(json_response(r#"{"results": []}"#))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_connections(&server, &fixture("console_connect", "connections.json")).await;
    Mock::given(method("PUT"))
        .and(path(format!("{AZURE}/create")))
        .respond_with(json_value(&group("CREATING")).set_delay(Duration::from_secs(5)))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS).args(["--http-timeout", "1s"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    let err = stderr(&out);
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains(&format!("cc console-connect wait {GROUP_ID}")),
        "{err}"
    );
    assert_eq!(
        received(&server, "PUT", "/create").await.len(),
        1,
        "exactly one order"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_with_a_5xx_is_not_resent() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    Mock::given(method("PUT"))
        .and(path(format!("{AZURE}/create")))
        .respond_with(ResponseTemplate::new(502).insert_header("X-Request-Id", "req-502-cc"))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    for shown in ["502", "req-502-cc", "NOT sent again", "no connection named"] {
        assert!(err.contains(shown), "{shown} missing: {err}");
    }
}

const PEERING_ARGS: [&str; 14] = [
    "console-connect",
    "azure",
    "peering",
    "set",
    GROUP_ID,
    "PRIVATE",
    "--peer-asn",
    "65010",
    "--primary-subnet",
    "169.254.10.0/30",
    "--secondary-subnet",
    "169.254.10.4/30",
    "--vlan",
    "100",
];

#[tokio::test(flavor = "multi_thread")]
async fn peering_set_is_refused_before_the_connection_is_active() {
    let server = MockServer::start().await;
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &group("CREATING"),
        10,
        json_value(&group("CREATING")),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_response("{}"))
        .expect(0)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(PEERING_ARGS);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("is CREATING")
            && err.contains("only once the connection is ACTIVE")
            && err.contains(&format!("cc console-connect wait {GROUP_ID}")),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn peering_set_sends_the_body_and_waits_until_provisioned_without_showing_the_key() {
    let server = MockServer::start().await;
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &group("ACTIVE"),
        1,
        json_value(&group("ACTIVE")),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(peering_path("PRIVATE")))
        .and(bearer_token(TOKEN))
        .and(body_json(json!({
            "peerASN": 65010,
            "primarySubnet": "169.254.10.0/30",
            "secondarySubnet": "169.254.10.4/30",
            "vlan": 100,
            "sharedKey": "md5-shared-secret"
        })))
        .respond_with(json_value(&peering("NOT PROVISIONED")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(&peering("NOT PROVISIONED")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(&peering("PROVISIONED")))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(PEERING_ARGS).args([
        "--shared-key",
        "md5-shared-secret",
        "--interval",
        "10ms",
        "-vvv",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["provisioningStatus"], "PROVISIONED");
    assert_eq!(printed["sharedKey"], "***");
    for (name, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
        assert!(
            !text.contains("md5-shared-secret"),
            "shared key in {name}: {text}"
        );
        assert!(!text.contains(TOKEN), "API key in {name}: {text}");
    }
    assert_eq!(
        received(&server, "GET", &peering_path("PRIVATE"))
            .await
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_peering_status_found_only_in_the_connection_is_followed() {
    let server = MockServer::start().await;
    let with_entry = |status: &str| {
        let mut g = group("ACTIVE");
        g["partner"]["peering"] = json!([{ "type": "MICROSOFT", "provisioningStatus": status }]);
        g
    };
    // The first GET is the ACTIVE check; the wait reads the partner.peering entry.
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &with_entry("PROVISIONING"),
        2,
        json_value(&with_entry("PROVISIONED")),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(peering_path("MICROSOFT")))
        .and(body_json(json!({
            "peerASN": 65515,
            "primarySubnet": "203.0.113.0/30",
            "secondarySubnet": "203.0.113.4/30",
            "vlan": 200,
            "advertisedPublicPrefixes": ["198.51.100.0/28", "198.51.100.16/28"],
            "routingRegistryName": "ARIN"
        })))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("MICROSOFT")))
        .respond_with(json_response(r#"{"type": "MICROSOFT", "vlan": 200}"#))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    // 65515 is refused only for PRIVATE peering.
    cmd.args([
        "console-connect",
        "azure",
        "peering",
        "set",
        GROUP_ID,
        "microsoft",
        "--peer-asn",
        "65515",
        "--primary-subnet",
        "203.0.113.0/30",
        "--secondary-subnet",
        "203.0.113.4/30",
        "--vlan",
        "200",
        "--advertised-prefix",
        "198.51.100.0/28",
        "--advertised-prefix",
        "198.51.100.16/28",
        "--routing-registry",
        "ARIN",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["vlan"], 200);
    assert_eq!(
        received(&server, "GET", &connection_path(GROUP_ID))
            .await
            .len(),
        3
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn peering_values_are_checked_before_anything_is_sent() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    let cases: [(&str, &[&str], &str); 9] = [
        (
            "PRIVATE",
            &["--advertised-prefix", "198.51.100.0/28"],
            "--advertised-prefix",
        ),
        (
            "PUBLIC",
            &["--routing-registry", "ARIN"],
            "--routing-registry",
        ),
        ("MICROSOFT", &[], "--advertised-prefix"),
        ("PRIVATE", &["--peer-asn", "65517"], "reserved"),
        ("PRIVATE", &["--primary-subnet", "169.254.10.0/29"], "/30"),
        (
            "PRIVATE",
            &["--secondary-subnet", "169.254.10.5/30"],
            "host bits",
        ),
        (
            "PRIVATE",
            &["--secondary-subnet", "169.254.10.0/30"],
            "different",
        ),
        ("PRIVATE", &["--vlan", "4095"], "--vlan"),
        ("VNET", &[], "PRIVATE, PUBLIC or MICROSOFT"),
    ];
    for (kind, extra, shown) in cases {
        let mut args: Vec<&str> = PEERING_ARGS.to_vec();
        args[5] = kind;
        // A later flag wins over the default one in PEERING_ARGS: drop the default first.
        for pair in extra.chunks(2) {
            if let Some(i) = args.iter().position(|a| *a == pair[0]) {
                args.drain(i..i + 2);
            }
        }
        let mut cmd = cc(&env, &server);
        cmd.args(&args).args(extra);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains(shown),
            "{kind} {extra:?}: {}",
            stderr(&out)
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "a request was sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn peering_get_masks_the_shared_key_and_delete_needs_yes_then_waits_until_gone() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(&peering("PROVISIONED")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(&peering("DEPROVISIONING")))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(peering_path("PRIVATE")))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "azure",
        "peering",
        "get",
        GROUP_ID,
        "private",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["sharedKey"], "***");
    assert_eq!(printed["vlan"], 100);

    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "azure",
        "peering",
        "delete",
        GROUP_ID,
        "PRIVATE",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert!(
        received(&server, "DELETE", "/peering/PRIVATE")
            .await
            .is_empty()
    );

    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "azure",
        "peering",
        "delete",
        GROUP_ID,
        "PRIVATE",
        "--yes",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        json!({"id": GROUP_ID, "type": "PRIVATE", "status": "deleted"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn list_get_and_ports_unwrap_results_and_read_both_speed_shapes() {
    let server = MockServer::start().await;
    mount_connections(&server, &fixture("console_connect", "connections.json")).await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    Mock::given(method("GET"))
        .and(path(connection_path(SUB_ID)))
        .and(bearer_token(TOKEN))
        .respond_with(json_response(&fixture(
            "console_connect",
            "connection_subconnection.json",
        )))
        .mount(&server)
        .await;
    let env = TestEnv::new();

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "list"]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        fixture_json("console_connect", "connections.json")["results"]
    );

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "list", "-o", "table", "--limit", "4"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let table = stdout(&out);
    assert!(
        table.contains("STATUS")
            && table.contains("PENDING ACCEPTANCE")
            && table.contains("GROUP_LAYER2"),
        "{table}"
    );

    // The real GET dump of a subconnection: speed objects, plain-number speeds inside.
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "get", SUB_ID]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        fixture_json("console_connect", "connection_subconnection.json")
    );

    // By name: resolved from the list, then nothing else is fetched.
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "get", "Office link", "--jq", ".status"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "PENDING ACCEPTANCE");

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "get", "nothing by that name"]);
    let out = run(cmd).await;
    assert_code(&out, 4);

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "ports", "--limit", "1"]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        json!([fixture_json("console_connect", "ports.json")["results"][0]])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_reads_spaced_and_underscored_statuses_alike() {
    let server = MockServer::start().await;
    let spaced = json!({"id": "58afc0499430ab7f3666b990", "name": "Office link", "status": "PENDING ACCEPTANCE", "speed": 100});
    let mut active = spaced.clone();
    active["status"] = json!("ACTIVE");
    mount_connection_sequence(
        &server,
        "58afc0499430ab7f3666b990",
        &spaced,
        2,
        json_value(&active),
    )
    .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "wait",
        "58afc0499430ab7f3666b990",
        "--until",
        "pending_acceptance",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["status"],
        "PENDING ACCEPTANCE"
    );

    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "wait",
        "58afc0499430ab7f3666b990",
        "--interval",
        "10ms",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["status"],
        "ACTIVE"
    );

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "wait", GROUP_ID, "--until", "READY-ISH"]);
    assert_code(&run(cmd).await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wait_that_times_out_is_exit_7_with_the_status_and_resume_command() {
    let server = MockServer::start().await;
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &group("CREATING"),
        1,
        json_value(&group("CREATING")),
    )
    .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "wait",
        GROUP_ID,
        "--interval",
        "20ms",
        "--timeout",
        "200ms",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 7);
    let err = stderr(&out);
    assert!(
        err.contains("last state seen: CREATING")
            && err.contains(&format!("cc console-connect wait {GROUP_ID}")),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_needs_yes_then_uses_the_v2_path_and_waits_until_gone() {
    let server = MockServer::start().await;
    // A failed connection is cleaned up: ERROR still shows once after the DELETE, then
    // DELETING, then it is gone.
    Mock::given(method("GET"))
        .and(path(connection_path(GROUP_ID)))
        .respond_with(json_value(&group("ERROR")))
        .up_to_n_times(3)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(connection_path(GROUP_ID)))
        .respond_with(json_value(&group("DELETING")))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(connection_path(GROUP_ID)))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let v2 = format!("/api/v2/company/{COMPANY}/connections/{GROUP_ID}");
    Mock::given(method("DELETE"))
        .and(path(v2.as_str()))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "delete", GROUP_ID]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert!(received(&server, "DELETE", &v2).await.is_empty());

    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "delete",
        GROUP_ID,
        "-y",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        json!({"id": GROUP_ID, "name": "Azure ExpressRoute", "state": "DELETED", "status": "deleted"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_key_never_appears_at_vvv_or_in_dry_run_and_the_key_check_still_runs() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS).args(["--dry-run", "-vvv"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let (out_text, err_text) = (stdout(&out), stderr(&out));
    assert!(!out_text.contains(TOKEN), "API key in stdout: {out_text}");
    assert!(!err_text.contains(TOKEN), "API key in stderr: {err_text}");
    assert!(
        err_text.contains("> POST ") && err_text.contains("Authorization: Bearer ***"),
        "{err_text}"
    );
    let dry: Value = serde_json::from_str(&out_text).unwrap();
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["method"], "PUT");
    assert_eq!(dry["headers"]["Authorization"], "Bearer ***");
    assert_eq!(dry["body"], expected_create_body());
    assert_eq!(received(&server, "POST", "/serviceKey").await.len(), 1);
    assert!(received(&server, "PUT", "/create").await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_failures_and_missing_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(company("/ports")))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            fixture("console_connect", "error_unauthorized.json"),
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "ports"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("401") && err.contains("Invalid API key"),
        "{err}"
    );

    let mut cmd = env.cc();
    cmd.env("CC_CONSOLE_CONNECT_URL", server.uri())
        .args(["console-connect", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("CC_CONSOLE_CONNECT_TOKEN") && err.contains("CC_CONSOLE_CONNECT_COMPANY"),
        "{err}"
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
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
    let mut cmd = env.cc();
    cmd.args(["console-connect", "azure", "peering", "set", "--help"]);
    let help = stdout(&run(cmd).await);
    for key in [
        "peerASN",
        "primarySubnet",
        "secondarySubnet",
        "vlan",
        "sharedKey",
        "advertisedPublicPrefixes",
        "routingRegistryName",
        "name guessed",
    ] {
        assert!(help.contains(key), "{key} missing from help: {help}");
    }
}

/// `cc sandbox` in the background, killed when dropped.
struct SandboxServer {
    child: Child,
    vars: Vec<(String, String)>,
}

impl SandboxServer {
    fn start(env: &TestEnv) -> SandboxServer {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cc"))
            .args([
                "sandbox",
                "--addr",
                "127.0.0.1:0",
                "--provision-delay",
                "400ms",
            ])
            .env("HOME", env.home.path())
            .env("XDG_CONFIG_HOME", env.home.path().join(".config"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start cc sandbox");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut vars = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("read exports");
            if let Some((key, value)) = line.strip_prefix("export ").and_then(|l| l.split_once('='))
                && key.starts_with("CC_CONSOLE_CONNECT_")
            {
                vars.push((key.to_string(), value.to_string()));
            }
            if vars.len() == 3 {
                break;
            }
        }
        assert_eq!(
            vars.len(),
            3,
            "the sandbox printed the Console Connect exports"
        );
        SandboxServer { child, vars }
    }

    fn cc(&self, env: &TestEnv, args: &[&str]) -> std::process::Output {
        let mut cmd = env.cc();
        for (key, value) in &self.vars {
            cmd.env(key, value);
        }
        cmd.args(args).args(["--interval", "50ms"]);
        cmd.output().expect("run cc")
    }
}

impl Drop for SandboxServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn sandbox_create_peering_and_delete_on_one_server() {
    let env = TestEnv::new();
    let server = SandboxServer::start(&env);
    let key = "3d9b7c10-5e2f-4a8b-9c1d-2e3f4a5b6c7d";

    let out = server.cc(&env, &["console-connect", "azure", "verify-key", key]);
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["valid"],
        true
    );

    let out = server.cc(
        &env,
        &[
            "console-connect",
            "azure",
            "create",
            "--service-key",
            key,
            "--name",
            "er-london",
            "--port",
            "ACME LONDON 1",
            "--port",
            "ACME LONDON 2",
            "--speed",
            "200",
            "--no-wait",
        ],
    );
    assert_code(&out, 0);
    let created: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(created["status"], "CREATING");
    assert_eq!(created["type"], "GROUP_LAYER2");
    let id = created["id"].as_str().unwrap().to_string();

    // Still CREATING: the peering is refused before anything is sent.
    let peering = [
        "console-connect",
        "azure",
        "peering",
        "set",
        &id,
        "PRIVATE",
        "--peer-asn",
        "65010",
        "--primary-subnet",
        "169.254.10.0/30",
        "--secondary-subnet",
        "169.254.10.4/30",
        "--vlan",
        "100",
        "--shared-key",
        "sandbox-md5",
    ];
    let out = server.cc(&env, &peering);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("ACTIVE"), "{}", stderr(&out));

    let out = server.cc(&env, &["console-connect", "wait", &id]);
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["status"],
        "ACTIVE"
    );

    // The key is used now.
    let out = server.cc(&env, &["console-connect", "azure", "verify-key", key]);
    assert_code(&out, 2);

    let out = server.cc(&env, &peering);
    assert_code(&out, 0);
    let done: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(done["provisioningStatus"], "PROVISIONED");
    assert_eq!(done["sharedKey"], "***");

    let out = server.cc(&env, &["console-connect", "get", "er-london"]);
    assert_code(&out, 0);
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        got["partner"]["peering"][0]["provisioningStatus"],
        "PROVISIONED"
    );

    let out = server.cc(&env, &["console-connect", "list", "-o", "table"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("er-london Secondary 1"),
        "{}",
        stdout(&out)
    );

    let out = server.cc(&env, &["console-connect", "delete", &id, "--yes"]);
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["status"],
        "deleted"
    );
    let out = server.cc(&env, &["console-connect", "get", &id]);
    assert_code(&out, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_in_process_order_that_fails_is_exit_8_with_the_reason() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "100ms").args([
        "--sandbox",
        "console-connect",
        "azure",
        "create",
        "--service-key",
        "ffffffff-0000-4000-8000-000000000001",
        "--name",
        "doomed",
        "--port",
        PORT_1,
        "--speed",
        "50",
        "--interval",
        "50ms",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 8);
    assert!(
        stderr(&out).contains("already provisioned by another provider"),
        "{}",
        stderr(&out)
    );

    // The seeded ACTIVE connection takes a peering in one run.
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "100ms").args([
        "--sandbox",
        "console-connect",
        "azure",
        "peering",
        "set",
        "Azure ExpressRoute",
        "PUBLIC",
        "--peer-asn",
        "64600",
        "--primary-subnet",
        "203.0.113.0/30",
        "--secondary-subnet",
        "203.0.113.4/30",
        "--vlan",
        "300",
        "--interval",
        "20ms",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["provisioningStatus"],
        "PROVISIONED"
    );
}
