//! The main error renderings, as reviewed snapshots of what a user reads (exit code, stdout,
//! stderr): a usage error naming its flag (ours and clap's), a 401 with the provider, status,
//! code and request id, a 404, a 5xx after the retries, a malformed response (exit 5), a wait
//! that times out (exit 7), a failure state (exit 8), and the `-o json` error object (with the
//! resource and resume command of a create whose wait timed out).

use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::{TestEnv, assert_cli_snapshot, assert_code, fixture, run, stderr, stdout};
use crate::huawei::{api, gateway, huawei};

/// `cc --sandbox <args>`.
async fn sandbox(args: &[&str], provision_delay: &str) -> std::process::Output {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", provision_delay)
        .arg("--sandbox")
        .args(args);
    run(cmd).await
}

/// `cc huawei list` against a mock answering `status` with `body` (and a request id).
async fn huawei_list_answered(status: u16, body: &str, extra: &[&str]) -> std::process::Output {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/cloud-connections")))
        .respond_with(gateway(status, body))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "list"]).args(extra);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_name_the_flag() {
    let out = sandbox(
        &["huawei", "create", "--name", "cc-x", "--tag", "novalue"],
        "0s",
    )
    .await;
    assert_cli_snapshot!("usage_tag_without_value", out);
    let out = sandbox(&["huawei", "list", "--limit", "many"], "0s").await;
    assert_cli_snapshot!("usage_clap_bad_number", out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_401_shows_provider_status_code_and_request_id() {
    let out = huawei_list_answered(
        401,
        &fixture("huawei", "error_iam_authentication.json"),
        &[],
    )
    .await;
    assert_cli_snapshot!("http_401", out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_404_and_its_json_object() {
    let missing = "6a1b2c3d-0000-4000-8000-0000000009ff";
    let out = sandbox(&["huawei", "get", missing], "0s").await;
    assert_cli_snapshot!("http_404", out);
    let out = sandbox(&["-o", "json", "huawei", "get", missing], "0s").await;
    assert_cli_snapshot!("http_404_json", out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_5xx_after_the_retries() {
    let out = huawei_list_answered(
        503,
        r#"{"error_code":"CC.9999","error_msg":"Service busy, try again later"}"#,
        &["-v"],
    )
    .await;
    assert_cli_snapshot!("http_503_after_retries", out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_response_is_exit_5() {
    let out = huawei_list_answered(200, "<html>maintenance</html>", &[]).await;
    assert_cli_snapshot!("malformed_response", out);
}

/// `cc --sandbox console-connect azure create` of a 50 Mbps order with `key`, polling every
/// 50 ms, with the simulator taking `provision_delay`.
async fn azure_order(key: &str, provision_delay: &str, extra: &[&str]) -> std::process::Output {
    let args = [
        "console-connect",
        "azure",
        "create",
        "--service-key",
        key,
        "--name",
        "order",
        "--port",
        "ACME LONDON 1",
        "--speed",
        "50",
        "--interval",
        "50ms",
    ];
    sandbox(&[&args[..], extra].concat(), provision_delay).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wait_that_times_out_is_exit_7() {
    let fresh_key = "1d6a2b88-8d4c-4c2f-8e1f-6b2c3d4e5f60";
    let out = azure_order(fresh_key, "1h", &["--timeout", "200ms"]).await;
    assert_cli_snapshot!("wait_timeout", out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_wait_times_out_prints_what_it_made_and_names_it() {
    let fresh_key = "1d6a2b88-8d4c-4c2f-8e1f-6b2c3d4e5f60";
    let json = ["-o", "json", "--timeout", "200ms"];
    let out = azure_order(fresh_key, "1h", &json).await;
    assert_code(&out, 7);
    let made: Value = serde_json::from_str(&stdout(&out)).expect("what was made, on stdout");
    let id = made["id"].as_str().expect("its id");
    let err: Value = serde_json::from_str(stderr(&out).trim()).expect("one JSON error");
    let err = &err["error"];
    assert_eq!(err["provider"], "console-connect");
    assert_eq!(err["resource"]["kind"], "console-connect connection");
    assert_eq!(err["resource"]["id"], id);
    let resume = format!("cc --sandbox console-connect wait {id}");
    assert_eq!(err["resume"], resume);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_state_is_exit_8() {
    // The simulator accepts a key starting with ffffffff, then fails the order.
    let out = azure_order("ffffffff-0000-4000-8000-000000000001", "100ms", &[]).await;
    assert_cli_snapshot!("failed_state", out);
}
