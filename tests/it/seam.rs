//! The provider seam as users meet it: `connections list`, `doctor` and `api` across every
//! provider, and what a malformed value (as opposed to a missing one) does to them.

use serde_json::Value;

use crate::common::{TestEnv, assert_code, run, stderr, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_url_is_a_failure_in_connections_list_not_a_skip() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", "not a url")
        .env("CC_ORANGE_API_KEY", "k")
        .env("CC_ORANGE_TOKEN", "t")
        .env("CC_ORANGE_PROJECT_ID", "p")
        .args(["connections", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("CC_ORANGE_URL `not a url`"), "{err}");
    assert!(!err.contains("no provider is configured"), "{err}");
    assert_eq!(stdout(&out).trim(), "[]", "{}", stdout(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_url_fails_in_doctor_and_the_others_are_skipped() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_HUAWEI_URL", "ftp://cc.example")
        .env("CC_HUAWEI_AK", "ak")
        .env("CC_HUAWEI_SK", "sk")
        .env("CC_HUAWEI_DOMAIN_ID", "d")
        .args(["doctor", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let checks: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let status = |p: &str| {
        checks
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["provider"] == p)
            .map(|c| c["status"].clone())
            .unwrap_or_default()
    };
    assert_eq!(status("huawei"), "fail", "{checks}");
    assert_eq!(status("orange"), "skipped", "{checks}");
    assert_eq!(status("console-connect"), "skipped", "{checks}");
    let huawei = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["provider"] == "huawei")
        .unwrap();
    assert!(
        huawei["detail"]
            .as_str()
            .unwrap()
            .contains("CC_HUAWEI_URL `ftp://cc.example`"),
        "{huawei}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_asked_for_by_name_but_not_configured_is_reported() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["connections", "list", "--provider", "console-connect"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("Console Connect is not configured"), "{err}");
    assert!(err.contains("CC_CONSOLE_CONNECT_TOKEN"), "{err}");
}
