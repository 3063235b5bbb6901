//! The Console Connect simulator: a whole order served by `cc sandbox`, and a failing order
//! in process.

use serde_json::Value;

use super::PORT_1;
use crate::common::{Sandbox, TestEnv, assert_code, run, stderr, stdout};

/// Runs `cc` against the sandbox, polling fast.
fn cc(server: &Sandbox, env: &TestEnv, args: &[&str]) -> std::process::Output {
    let mut cmd = server.cc(env);
    cmd.args(args).args(["--interval", "50ms"]);
    cmd.output().expect("run cc")
}

#[test]
fn sandbox_create_peering_and_delete_on_one_server() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "400ms");
    let exported = server
        .vars()
        .iter()
        .filter(|(key, _)| key.starts_with("CC_CONSOLE_CONNECT_"))
        .count();
    assert_eq!(
        exported, 3,
        "the sandbox printed the Console Connect exports"
    );
    let key = "3d9b7c10-5e2f-4a8b-9c1d-2e3f4a5b6c7d";

    let out = cc(
        &server,
        &env,
        &["console-connect", "azure", "verify-key", key],
    );
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["valid"],
        true
    );

    let out = cc(
        &server,
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
    let out = cc(&server, &env, &peering);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("ACTIVE"), "{}", stderr(&out));

    let out = cc(&server, &env, &["console-connect", "wait", &id]);
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["status"],
        "ACTIVE"
    );

    // The key is used now: Console Connect's refusal, exit 5 (the request was sent).
    let out = cc(
        &server,
        &env,
        &["console-connect", "azure", "verify-key", key],
    );
    assert_code(&out, 5);
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));

    let out = cc(&server, &env, &peering);
    assert_code(&out, 0);
    let done: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(done["provisioningStatus"], "PROVISIONED");
    assert_eq!(done["sharedKey"], "***");

    let out = cc(&server, &env, &["console-connect", "get", "er-london"]);
    assert_code(&out, 0);
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        got["partner"]["peering"][0]["provisioningStatus"],
        "PROVISIONED"
    );

    let out = cc(&server, &env, &["console-connect", "list", "-o", "table"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("er-london Secondary 1"),
        "{}",
        stdout(&out)
    );

    let out = cc(&server, &env, &["console-connect", "delete", &id, "--yes"]);
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["status"],
        "deleted"
    );
    let out = cc(&server, &env, &["console-connect", "get", &id]);
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

/// The simulator refuses, in Console Connect's error shape, an order a port cannot carry: the
/// rule `cc` checks before sending (its free capacity), enforced a second time.
#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_a_speed_past_a_ports_free_capacity() {
    let env = crate::common::TestEnv::new();
    let body = serde_json::json!({
        "azureServiceKey": "7b1f2e3d-4c5a-4b6c-8d7e-9f0a1b2c3d4e",
        "name": "too fast",
        "srcPort": [{"portId": "5893d943878d635dde318022"}],
        "speed": 1000,
        "paymentType": "payg",
    });
    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "api",
        "console-connect",
        "PUT",
        "/api/company/acme/connections/directConnectPartner/AZURE/layer2/create",
        "--data",
        &body.to_string(),
    ]);
    let out = crate::common::run(cmd).await;
    crate::common::assert_code(&out, 5);
    let err = crate::common::stderr(&out);
    assert!(err.contains("status: 400"), "{err}");
    assert!(
        err.contains("port `ACME LONDON 1` has 900 Mbps left"),
        "{err}"
    );
}
