//! `ovh.conf` as the official clients read it: `~/.ovh.conf` (HOME) and `./ovh.conf` (the
//! working directory), the nearer file winning key by key, `[default] endpoint` choosing the
//! section; `cc` values (variables) win over both.

use serde_json::json;
use wiremock::MockServer;

use super::*;
use crate::common::{TestEnv, run_json};

#[tokio::test(flavor = "multi_thread")]
async fn ovh_conf_from_home_and_cwd_signs_the_calls() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 2).await;
    mount_list(
        &server,
        &api("/ovhCloudConnect"),
        &[fixture_with("service.json", json!({}))],
    )
    .await;
    let endpoint = format!("{}/1.0", server.uri());
    let env = TestEnv::new();
    // HOME: the endpoint and the application; its consumer key is overridden by ./ovh.conf.
    std::fs::write(
        env.home.path().join(".ovh.conf"),
        format!(
            "[default]\nendpoint = {endpoint}\n\n[{endpoint}]\napplication_key = {AK}\napplication_secret = {AS}\nconsumer_key = stale-consumer-key\n"
        ),
    )
    .unwrap();
    let cwd = tempfile::tempdir().unwrap();
    std::fs::write(
        cwd.path().join("ovh.conf"),
        format!("; the project's own key\n[{endpoint}]\nconsumer_key: {CK}\n"),
    )
    .unwrap();
    let mut cmd = env.cc();
    cmd.current_dir(cwd.path())
        .args(["ovh", "list", "-o", "json"]);
    let listed = run_json(cmd).await;
    assert_eq!(listed[0]["uuid"], SVC);
    assert_all_signed(&server, 0).await;

    // A variable wins over both files.
    let mut cmd = env.cc();
    cmd.current_dir(cwd.path())
        .env("OVH_CONSUMER_KEY", "consumer-key-from-the-environment")
        .args(["ovh", "list", "-o", "json"]);
    run_json(cmd).await;
    let requests = server.received_requests().await.unwrap();
    let last = requests.last().expect("a request");
    assert_eq!(
        header(last, "x-ovh-consumer"),
        "consumer-key-from-the-environment"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_ovh_conf_is_exit_2_naming_the_file_and_line() {
    let env = TestEnv::new();
    std::fs::write(env.home.path().join(".ovh.conf"), "[ovh-eu]\nnot a pair\n").unwrap();
    let mut cmd = env.cc();
    cmd.args(["ovh", "list"]);
    let out = crate::common::run(cmd).await;
    crate::common::assert_code(&out, 2);
    let err = crate::common::stderr(&out);
    assert!(err.contains(".ovh.conf line 2"), "{err}");
}
