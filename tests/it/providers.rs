//! The providers together as users meet them: `connections list`, `doctor` and `api` across every
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

/// A provider that refuses connections, for the partial-failure tests.
fn orange_down(env: &TestEnv) -> assert_cmd::Command {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", format!("http://127.0.0.1:{port}"))
        .env("CC_ORANGE_API_KEY", "k")
        .env("CC_ORANGE_TOKEN", "t")
        .env("CC_ORANGE_PROJECT_ID", "p");
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn with_json_a_partial_failure_reports_each_provider_error_as_json() {
    let env = TestEnv::new();
    let mut cmd = orange_down(&env);
    cmd.env("CC_CONSOLE_CONNECT_TOKEN", "t")
        .env("CC_CONSOLE_CONNECT_COMPANY", "acme")
        .env("CC_CONSOLE_CONNECT_URL", "http://127.0.0.1:9")
        .args(["connections", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    assert_eq!(stdout(&out).trim(), "[]");
    // Each error is one JSON line; the providers skipped for lack of configuration are named
    // on lines of their own.
    let err = stderr(&out);
    let (errors, notes): (Vec<&str>, Vec<&str>) = err.lines().partition(|l| l.starts_with('{'));
    assert_eq!(notes.len(), 2, "huawei and ovh skipped: {err}");
    assert!(notes.iter().all(|n| n.starts_with("skipped ")), "{err}");
    let errors: Vec<Value> = errors
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let providers: Vec<&str> = errors
        .iter()
        .map(|e| e["error"]["provider"].as_str().expect("a provider"))
        .collect();
    assert_eq!(providers, ["orange", "console-connect"], "{errors:?}");
    assert!(errors.iter().all(|e| e["error"]["kind"] == "network"));

    let mut cmd = orange_down(&env);
    cmd.args(["doctor", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    let err: Value = serde_json::from_str(stderr(&out).trim()).expect("one JSON error");
    assert_eq!(err["error"]["provider"], "orange");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_json_each_failure_is_rendered_as_text() {
    let env = TestEnv::new();
    let mut cmd = orange_down(&env);
    cmd.args(["connections", "list", "-o", "table"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    let err = stderr(&out);
    let err = err
        .lines()
        .filter(|l| !l.starts_with("skipped "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(err.starts_with("error: orange: "), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn warnings_honour_quiet() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let path = env.config_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "[profiles.default.orange]\nproject_id = \"p\"\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut cmd = env.cc();
    cmd.args(["config", "view", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("warning: ") && stderr(&out).contains("chmod 600"),
        "{}",
        stderr(&out)
    );
    let mut cmd = env.cc();
    cmd.args(["-q", "config", "view", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stderr(&out), "");
}
