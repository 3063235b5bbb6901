//! `cc console-connect google regions|create`: the exact body sent to the GCE path, the wait
//! until ACTIVE, each redundancy rule refused before sending (exit 2), and the whole flow
//! against the simulator, which enforces the same rules in Console Connect's error shape.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    PORT_1, PORT_2, assert_no_key, assert_not_resent, assert_ordered_once, cc,
    mount_connection_sequence, mount_connections, mount_order, mount_partner_lookups, mount_ports,
    refused_after_the_lookups, refused_before_any_request, row_of, sandbox_refuses,
};
use crate::common::{
    TestEnv, assert_code, assert_planned, fixture, fixture_json, json_response, json_value,
    received, refuse, run, run_json, stderr, stdout,
};

const GCE: &str = "/api/company/acme/connections/directConnectPartner/GCE/layer2";

const REGIONS: &str = "/api/directConnectPartner/google/regions";

/// The two Brussels ports of `fixtures/console_connect/regions_google.json`.
const DEST: [&str; 2] = ["5de874ee0d83430256e31f88", "5de874ee0d83430256e31f89"];

const KEY_1: &str = "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1";

const KEY_2: &str = "69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2";

const ID: &str = "5de874f229177602561b2bb0";

const ARGS: [&str; 17] = [
    "console-connect",
    "google",
    "create",
    "--name",
    "Google Connection",
    "--port",
    "ACME LONDON 1",
    "--port",
    PORT_2,
    "--pairing-key",
    KEY_1,
    "--pairing-key",
    KEY_2,
    "--region",
    "europe-west1",
    "--speed",
    "500",
];

fn expected_body() -> Value {
    json!({
        "type": "LAYER2",
        "name": "Google Connection",
        "srcPortId": PORT_1,
        "destPortId": DEST[0],
        "paymentType": "invoice",
        "speed": 500,
        "partner": {
            "srcPortIds": [PORT_1, PORT_2],
            "destPortIds": DEST,
            "pairingKeys": [KEY_1, KEY_2],
            "region": "europe-west1"
        }
    })
}

fn connection(status: &str) -> Value {
    json!({
        "id": ID, "type": "LAYER2", "name": "Google Connection", "status": status,
        "parentId": null, "speed": {"name": "500 Mbps", "value": 500},
        "partner": {"type": "GCE", "region": "europe-west1", "pairingKeys": [KEY_1, KEY_2]}
    })
}

/// `cc --sandbox ...` as the Google tests run it: a provision delay of 200 ms.
fn sandboxed(env: &TestEnv, args: &[&str]) -> assert_cmd::Command {
    super::sandboxed(env, "200ms", args)
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_lists_the_google_ports_as_they_come() {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "google").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "google", "regions"]);
    let printed = run_json(cmd).await;
    let fixture = fixture_json("console_connect", "regions_google.json");
    assert_eq!(printed, fixture["results"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_puts_the_documented_body_and_waits_until_active() {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "google").await;
    let creating = connection("CREATING");
    let answer = json_value(200, &creating);
    mount_order(&server, GCE, Some(expected_body()), answer).await;
    let active = json_value(200, &connection("ACTIVE"));
    mount_connection_sequence(&server, ID, &creating, 1, active).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS).args(["--interval", "10ms", "-vvv"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["status"], "ACTIVE");
    // The server echoes the pairing keys in every answer: shown nowhere, not in the connection
    // printed, nor in the -vvv request and answer bodies.
    assert_eq!(printed["partner"]["pairingKeys"], json!(["***", "***"]));
    for key in [KEY_1, KEY_2] {
        assert_no_key(&out, key);
    }
    assert!(
        stderr(&out).contains(r#""pairingKeys":["***","***"]"#),
        "{}",
        stderr(&out)
    );
    assert_ordered_once(&server, GCE, ID, 2).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pairing_keys_given_as_dashes_are_read_from_stdin_one_a_line() {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "google").await;
    let active = json_value(200, &connection("ACTIVE"));
    mount_order(&server, GCE, Some(expected_body()), active).await;
    let env = TestEnv::new();
    let dashed: Vec<&str> = ARGS
        .iter()
        .map(|a| if [KEY_1, KEY_2].contains(a) { "-" } else { a })
        .collect();
    let mut cmd = cc(&env, &server);
    cmd.args(&dashed)
        .write_stdin(format!("{KEY_1}\n\n{KEY_2}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    for key in [KEY_1, KEY_2] {
        assert_no_key(&out, key);
    }
    // One line short: exit 2, nothing ordered.
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "google").await;
    refuse(&server, "PUT").await;
    let mut cmd = cc(&env, &server);
    cmd.args(&dashed).write_stdin(format!("{KEY_1}\n"));
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--pairing-key -: stdin holds fewer lines"));
    assert!(received(&server, "PUT", GCE).await.is_empty());
    // One line more (a key meant for something else, most likely): exit 2 naming the flag and
    // the count, nothing sent, no key shown.
    let server = MockServer::start().await;
    let mut cmd = cc(&env, &server);
    cmd.args(&dashed)
        .write_stdin(format!("{KEY_1}\n{KEY_2}\nextra-key/europe-west1/1\n"));
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("--pairing-key -: stdin holds more lines than the 2 `-` given (3 non-empty)"),
        "{err}"
    );
    assert!(!err.contains("extra-key"), "{err}");
    for key in [KEY_1, KEY_2] {
        assert_no_key(&out, key);
    }
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "nothing sent: {sent:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_plans_the_put_with_the_body() {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "google").await;
    refuse(&server, "PUT").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS).arg("--dry-run");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let planned: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_planned(&planned, "PUT", &format!("{}{GCE}", server.uri()));
    // As sent, the two pairing keys masked (they were printed before).
    let mut shown = expected_body();
    shown["partner"]["pairingKeys"] = json!(["***", "***"]);
    assert_eq!(planned["body"], shown);
    for key in [KEY_1, KEY_2] {
        assert_no_key(&out, key);
    }
}

/// `ARGS` with the value after the `nth` occurrence of `flag` replaced by `value` (or the
/// flag and its value removed when `value` is `None`).
fn with(flag: &str, nth: usize, value: Option<&'static str>) -> Vec<&'static str> {
    let mut args = ARGS.to_vec();
    let i = args
        .iter()
        .enumerate()
        .filter(|(_, a)| **a == flag)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap();
    match value {
        Some(value) => args[i + 1] = value,
        None => {
            args.drain(i..i + 2);
        }
    }
    args
}

/// Each redundancy rule that needs no look-up: exit 2 naming the flag, and no request at all.
#[tokio::test(flavor = "multi_thread")]
async fn each_rule_refuses_before_any_request() {
    let other_region = "0a1b2c3d-a3c1-42c6-ad84-8794d6be30bd/us-east4/2";
    let same_domain = "0a1b2c3d-a3c1-42c6-ad84-8794d6be30bd/europe-west1/1";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            with("--port", 1, None),
            "--port given 1 time(s): a Google partner interconnect takes two distinct ports",
        ),
        (
            with("--pairing-key", 1, None),
            "--pairing-key: a Google partner interconnect takes exactly two pairing keys, 1 given",
        ),
        (
            with("--pairing-key", 1, Some(KEY_1)),
            "--pairing-key: the two pairing keys are the same",
        ),
        (
            with("--pairing-key", 1, Some(other_region)),
            "a pairing key of region us-east4 does not fit --region europe-west1",
        ),
        (
            with("--pairing-key", 1, Some(same_domain)),
            "both pairing keys are in edge availability domain 1",
        ),
        (
            with("--pairing-key", 0, Some("not-a-key")),
            "--pairing-key: not a pairing key: expected <key>/<region>/<1|2>",
        ),
        (
            with("--speed", 0, Some("0")),
            "--speed 0: must be a positive number of Mbps",
        ),
    ];
    for (args, needle) in cases {
        refused_before_any_request(&args, needle).await;
    }
}

/// The rules that need the look-ups: two distinct ports, two Google ports in the region.
#[tokio::test(flavor = "multi_thread")]
async fn the_ports_and_the_region_are_checked_before_ordering() {
    let us_keys = [
        "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/us-east4/1",
        "69ffada6-a3c1-42c6-ad84-8794d6be30bd/us-east4/2",
    ];
    let mut one_port_region = with("--region", 0, Some("us-east4"));
    let keys: Vec<usize> = (0..one_port_region.len())
        .filter(|i| one_port_region[*i] == "--pairing-key")
        .collect();
    one_port_region[keys[0] + 1] = us_keys[0];
    one_port_region[keys[1] + 1] = us_keys[1];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (with("--port", 1, Some(PORT_1)), "is given twice"),
        (
            one_port_region,
            "--region us-east4: Console Connect lists 1 Google port(s) there; a partner interconnect needs two",
        ),
        (
            with("--speed", 0, Some("75")),
            "--speed 75: the partner port 5de874ee0d83430256e31f88 offers 50, 100",
        ),
    ];
    for (args, needle) in cases {
        refused_after_the_lookups("google", &args, 2, needle).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_order_comes_up_and_shows_in_connections() {
    let env = TestEnv::new();
    let out = run(sandboxed(&env, &ARGS)).await;
    assert_code(&out, 0);
    let made: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(made["status"], "ACTIVE");
    assert_eq!(made["partner"]["destPortIds"], json!(DEST));
    let id = made["id"].as_str().unwrap();
    let list = ["connections", "list", "--provider", "console-connect"];
    let row = row_of(&run_json(sandboxed(&env, &list)).await, id);
    assert_eq!(
        (row["state"].as_str(), row["location"].as_str()),
        (Some("ACTIVE"), Some("GCE"))
    );
    assert_eq!(row["bandwidth_mbps"], 500);
    let status = ["connections", "status", "--provider", "console-connect"];
    let row = row_of(&run_json(sandboxed(&env, &status)).await, id);
    // No Azure peering finding on a Google connection.
    assert_eq!(
        (row["health"].as_str(), row["detail"].as_str()),
        (Some("up"), Some(""))
    );
    // Ordering it again is refused by name, nothing sent.
    let again = run(sandboxed(&env, &ARGS)).await;
    assert_code(&again, 2);
    assert!(stderr(&again).contains("is taken"), "{}", stderr(&again));
}

/// The simulator enforces the redundancy rules itself, in Console Connect's error shape.
#[tokio::test(flavor = "multi_thread")]
async fn sandbox_refuses_the_same_key_twice_in_the_providers_shape() {
    let env = TestEnv::new();
    let mut body = expected_body();
    body["partner"]["pairingKeys"] = json!([KEY_1, KEY_1]);
    let says = "the two pairing keys are the same";
    sandbox_refuses(&env, "200ms", GCE, &body, says).await;
}

/// The simulator refuses keys of another region naming the body's field, not `cc`'s flag.
#[tokio::test(flavor = "multi_thread")]
async fn sandbox_refuses_keys_of_another_region_naming_its_field() {
    let env = TestEnv::new();
    let mut body = expected_body();
    let other = |k: &str| k.replace("europe-west1", "us-east4");
    body["partner"]["pairingKeys"] = json!([other(KEY_1), other(KEY_2)]);
    let says = "a pairing key of region us-east4 does not fit partner.region europe-west1";
    let err = sandbox_refuses(&env, "200ms", GCE, &body, says).await;
    assert!(!err.contains("--region"), "{err}");
}

/// The simulator refuses one source port given twice (`console-connect-partner-values`: two
/// distinct ports), in Console Connect's error shape, and orders nothing.
#[tokio::test(flavor = "multi_thread")]
async fn sandbox_refuses_one_source_port_twice_in_the_providers_shape() {
    let env = TestEnv::new();
    let mut body = expected_body();
    body["partner"]["srcPortIds"] = json!([PORT_1, PORT_1]);
    let says = "partner.srcPortIds must list two distinct ports";
    sandbox_refuses(&env, "200ms", GCE, &body, says).await;
    let listed = run_json(sandboxed(&env, &["console-connect", "list"])).await;
    let names: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["name"])
        .collect();
    assert!(!names.contains(&&json!("Google Connection")), "{names:?}");
}

/// A Google order made in the simulator takes its speed on both its ports: what the ports list
/// says is left, and what the next order is checked against (`console-connect-port-capacity`).
#[tokio::test(flavor = "multi_thread")]
async fn sandbox_order_takes_its_speed_on_both_ports() {
    let env = TestEnv::new();
    let body = expected_body().to_string();
    let put = ["api", "console-connect", "PUT", GCE, "--data", &body];
    assert_code(&run(sandboxed(&env, &put)).await, 0);
    let ports = run_json(sandboxed(&env, &["console-connect", "ports"])).await;
    let left = |id: &str| {
        let port = ports.as_array().unwrap().iter().find(|p| p["id"] == id);
        port.unwrap()["capacity"]["remaining"].clone()
    };
    assert_eq!((left(PORT_1), left(PORT_2)), (json!(400), json!(9500)));
    let mut second = expected_body();
    second["name"] = json!("Google Connection 2");
    let says = "port `ACME LONDON 1` has 400 Mbps left";
    sandbox_refuses(&env, "200ms", GCE, &second, says).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_with_a_5xx_is_not_resent() {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "google").await;
    mount_order(&server, GCE, None, ResponseTemplate::new(503)).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert_not_resent(&server, &out, GCE, &["no connection named"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_regions_answer_is_exit_5_and_nothing_is_ordered() {
    let server = MockServer::start().await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    mount_connections(&server, r#"{"results": []}"#).await;
    Mock::given(method("GET"))
        .and(path(REGIONS))
        .respond_with(json_response(200, r#"{"results": [{"partner": {}}]}"#))
        .mount(&server)
        .await;
    refuse(&server, "PUT").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}
