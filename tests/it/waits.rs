//! Waits as a user meets them: one rule for every provider (issue 19 item 8).

use serde_json::Value;

use crate::common::{TestEnv, assert_code, run, stderr, stdout};

/// `cc --sandbox ARGS`, polling every 50 ms, with the simulator taking `provision_delay`.
async fn sandbox(args: &[&str], provision_delay: &str) -> std::process::Output {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", provision_delay)
        .args(["--sandbox", "--interval", "50ms"])
        .args(args);
    run(cmd).await
}

const ACTIVE_CONNECTION: &str = "5e7a2b1903be0d0014960141";
const AWAITING_ACCEPTANCE: &str = "58afc0499430ab7f3666b990";
const NO_CONNECTION: &str = "5e7a2b1903be0d00149601ff";
const NO_CONNECTOR: &str = "3fa85f64-5717-4562-b3fc-0000000000ff";

#[tokio::test(flavor = "multi_thread")]
async fn a_settled_other_state_stops_every_providers_wait_at_once() {
    let started = std::time::Instant::now();
    let out = sandbox(
        &[
            "console-connect",
            "wait",
            ACTIVE_CONNECTION,
            "--until",
            "DELETED",
        ],
        "0s",
    )
    .await;
    assert_code(&out, 8);
    assert!(
        stderr(&out).contains("is ACTIVE, a settled state"),
        "{}",
        stderr(&out)
    );
    let out = sandbox(
        &[
            "orange",
            "wait",
            "Connection to PARIS",
            "--until",
            "TERMINATED",
        ],
        "0s",
    )
    .await;
    assert_code(&out, 8);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "neither polled to the default timeout"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resource_that_is_gone_satisfies_a_wait_for_its_deleted_state() {
    let out = sandbox(
        &[
            "console-connect",
            "wait",
            NO_CONNECTION,
            "--until",
            "DELETED",
        ],
        "0s",
    )
    .await;
    assert_code(&out, 0);
    let out = sandbox(
        &["orange", "wait", NO_CONNECTOR, "--until", "TERMINATED"],
        "0s",
    )
    .await;
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["state"], "TERMINATED");
    // Any other state of a resource that is gone is exit 4, alike.
    let out = sandbox(&["console-connect", "wait", NO_CONNECTION], "0s").await;
    assert_code(&out, 4);
    let out = sandbox(&["orange", "wait", NO_CONNECTOR], "0s").await;
    assert_code(&out, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_state_waiting_on_an_outside_party_is_not_settled() {
    let out = sandbox(
        &[
            "console-connect",
            "wait",
            AWAITING_ACCEPTANCE,
            "--until",
            "ACTIVE",
            "--timeout",
            "300ms",
        ],
        "0s",
    )
    .await;
    assert_code(&out, 7);
    // A wait without `--until` is for "done on Console Connect's side": it ends there, exit 0,
    // saying what the other side must do.
    let out = sandbox(&["console-connect", "wait", AWAITING_ACCEPTANCE], "0s").await;
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("next: the other side must accept the connection"),
        "{}",
        stderr(&out)
    );
}
