//! `cc console-connect azure verify-key|create`: the key check, the order's body, the checks
//! before ordering, and a lost answer.

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

use super::{
    AZURE, CREATE_ARGS, GROUP_ID, KEY, PORT_1, assert_no_key, assert_not_resent,
    assert_ordered_once, cc, connection_path, expected_create_body, group,
    mount_connection_sequence, mount_connections, mount_connections_then, mount_create_lookups,
    mount_order, mount_ports, mount_verify, shown_create_body, valid_key,
};
use crate::common::{
    TestEnv, assert_code, assert_planned, fixture, fixture_json, json_response, json_value,
    received, refuse, run, run_json, stderr, stdout,
};

/// Asserts a run given the key on stdin: exit 0, the key shown nowhere, and checked once, as
/// typed.
async fn assert_key_read_from_stdin(server: &MockServer, out: &std::process::Output) {
    assert_code(out, 0);
    assert_no_key(out, KEY);
    let checked = received(server, "POST", "/serviceKey").await;
    assert_eq!(checked.len(), 1);
    let body: Value = serde_json::from_slice(&checked[0].body).unwrap();
    assert_eq!(body["serviceKey"], KEY);
}

/// Where an Azure order goes.
fn create() -> String {
    format!("{AZURE}/create")
}

/// The look-ups of a create, and its order (exactly `body`, when given) answered with the group
/// CREATING.
async fn ordering_server(body: Option<Value>) -> MockServer {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    mount_order(
        &server,
        &create(),
        body,
        json_value(200, &group("CREATING")),
    )
    .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_key_given_as_a_dash_is_read_from_stdin() {
    let server = MockServer::start().await;
    mount_verify(&server, valid_key()).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "azure", "verify-key", "-"])
        .write_stdin(format!("{KEY}\n"));
    assert_key_read_from_stdin(&server, &run(cmd).await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_key_posts_the_key_with_the_bearer_api_key_and_prints_the_answer() {
    let server = MockServer::start().await;
    mount_verify(&server, valid_key()).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "azure", "verify-key", KEY, "-vv"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    // What Console Connect reads from the key, as sent, but the key it echoes masked.
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut expected = fixture_json("console_connect", "service_key.json");
    expected["serviceKey"] = json!("***");
    assert_eq!(printed, expected);
    assert_no_key(&out, KEY);
    assert_eq!(received(&server, "POST", "/serviceKey").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_verifies_the_key_then_puts_the_documented_body_and_waits_until_active() {
    let server = ordering_server(Some(expected_create_body())).await;
    let active = json_value(200, &group("ACTIVE"));
    mount_connection_sequence(&server, GROUP_ID, &group("CREATING"), 1, active).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS).args(["--interval", "10ms"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["id"], GROUP_ID);
    assert_eq!(printed["status"], "ACTIVE");
    assert_eq!(printed["type"], "GROUP_LAYER2");
    assert_eq!(received(&server, "POST", "/serviceKey").await.len(), 1);
    assert_ordered_once(&server, &create(), GROUP_ID, 2).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_with_no_wait_returns_the_accepted_order_at_once() {
    let server = ordering_server(None).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS)
        .args(["--no-wait", "--payment-type", "invoice"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["status"], "CREATING");
    let sent: Value =
        serde_json::from_slice(&received(&server, "PUT", "/create").await[0].body).unwrap();
    assert_eq!(sent["paymentType"], "invoice");
    assert_ordered_once(&server, &create(), GROUP_ID, 0).await;
}

/// `--dry-run` of a create: the key check (a POST that only reads) and the look-ups run, the
/// order (PUT) is planned and not sent, and nothing is polled.
#[tokio::test(flavor = "multi_thread")]
async fn dry_run_of_a_create_plans_the_order_and_sends_only_look_ups() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    refuse(&server, "PUT").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS).arg("--dry-run");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let planned: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_planned(&planned, "PUT", &format!("{}{AZURE}/create", server.uri()));
    // As sent, the service key masked (it was printed before).
    assert_eq!(planned["body"], shown_create_body());
    assert_no_key(&out, KEY);
    assert_eq!(received(&server, "POST", "/serviceKey").await.len(), 1);
    assert!(
        received(&server, "GET", &connection_path(GROUP_ID))
            .await
            .is_empty(),
        "a dry run polled"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_reads_a_service_key_given_as_a_dash_from_stdin() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    refuse(&server, "PUT").await;
    let env = TestEnv::new();
    let dashed: Vec<&str> = CREATE_ARGS
        .iter()
        .map(|a| if *a == KEY { "-" } else { a })
        .collect();
    let mut cmd = cc(&env, &server);
    cmd.args(&dashed)
        .arg("--dry-run")
        .write_stdin(format!("{KEY}\n"));
    assert_key_read_from_stdin(&server, &run(cmd).await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_service_key_is_exit_5_with_the_provider_message_and_nothing_is_ordered() {
    // Exit 2 means nothing was sent (CLI.md §4); the key check was sent and Console Connect
    // answered it, so its refusal is the provider's answer: exit 5 (it was exit 2 before).
    let refused = || {
        ResponseTemplate::new(400).set_body_raw(
            fixture("console_connect", "error_invalid_service_key.json"),
            "application/json",
        )
    };
    let server = MockServer::start().await;
    mount_verify(&server, refused()).await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    mount_connections(&server, r#"{"results": []}"#).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    for shown in [
        "service key",
        "refused",
        "400",
        "The Azure service key could not be found",
        "nothing was ordered",
    ] {
        assert!(err.contains(shown), "{shown} missing: {err}");
    }
    assert!(received(&server, "PUT", "/create").await.is_empty());

    // verify-key alone: the same exit 5, and the JSON error says it is the API's.
    let server = MockServer::start().await;
    mount_verify(&server, refused()).await;
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "azure", "verify-key", KEY, "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(
        err.contains("The Azure service key could not be found"),
        "{err}"
    );
    assert!(
        err.contains(r#""kind":"api""#) || err.contains(r#""kind": "api""#),
        "{err}"
    );
    assert_eq!(received(&server, "POST", "/serviceKey").await.len(), 1);

    // An answer that says the key is not valid is the provider's answer too.
    let server = MockServer::start().await;
    mount_verify(
        &server,
        json_response(
            200,
            r#"{"valid": false, "message": "The service key is expired"}"#,
        ),
    )
    .await;
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "azure", "verify-key", KEY]);
    let out = run(cmd).await;
    assert_code(&out, 5);
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
    mount_verify(&server, json_response(200, r#"{"valid": true}"#)).await;
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
    let server = ordering_server(None).await;
    let mut failed = group("ERROR");
    failed["errorReason"] = json!("Azure rejected the service key: circuit already provisioned");
    let failed = json_value(200, &failed);
    mount_connection_sequence(&server, GROUP_ID, &group("CREATING"), 1, failed).await;
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
            json_value(200, &group(status)),
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
    mount_verify(&server, valid_key()).await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    // Before the order: only other connections. After: the group the lost order made, and its
    // two subconnections (which carry other names and a parentId).
    mount_connections_then(&server, &fixture("console_connect", "connections.json")).await;
    let slow = json_value(200, &group("CREATING")).set_delay(Duration::from_secs(5));
    mount_order(&server, &create(), None, slow).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS).args(["--http-timeout", "1s"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    let wait = format!("cc console-connect wait {GROUP_ID}");
    assert_not_resent(&server, &out, "/create", &[&wait]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_with_a_5xx_is_not_resent() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    let failed = ResponseTemplate::new(502).insert_header("X-Request-Id", "req-502-cc");
    mount_order(&server, &create(), None, failed).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let shown = ["502", "req-502-cc", "no connection named"];
    assert_not_resent(&server, &out, "/create", &shown).await;
}
