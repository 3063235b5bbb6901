//! Shared test harness: a hermetic environment for the `cc` binary, fixtures, and request
//! inspection helpers for wiremock.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// A hermetic home for one test: empty config, no provider variables from the outer shell.
pub struct TestEnv {
    pub home: TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// The real binary, with every `CC_*`, provider and proxy variable removed.
    pub fn cc(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("cc"));
        for (key, _) in std::env::vars() {
            let provider_var = [
                "CC_",
                "CLOUD_SDK_",
                "OVH_",
                "RUST_LOG",
                "NO_COLOR",
                "COLUMNS",
            ]
            .iter()
            .any(|p| key.starts_with(p));
            let proxy_var = key.to_ascii_lowercase().ends_with("_proxy");
            if provider_var || proxy_var {
                cmd.env_remove(&key);
            }
        }
        cmd.env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("CC_TEST_NO_RETRY_DELAY", "1");
        cmd
    }

    pub fn config_path(&self) -> PathBuf {
        self.home.path().join(".config/cc/config.toml")
    }
}

/// A fixture file's text: `fixtures/<provider>/<name>`.
pub fn fixture(provider: &str, name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(provider)
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// A fixture parsed as JSON.
pub fn fixture_json(provider: &str, name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(provider, name)).expect("fixture is JSON")
}

/// Runs a prepared command off the async runtime (wiremock needs the runtime to answer), and
/// returns its output.
pub async fn run(mut cmd: Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("run cc"))
        .await
        .expect("join")
}

/// The requests a mock server received whose path ends with `suffix`.
pub async fn received(
    server: &wiremock::MockServer,
    method: &str,
    suffix: &str,
) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.method.as_str() == method && r.url.path().ends_with(suffix))
        .collect()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit code, printing both streams when it differs.
pub fn assert_code(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code\n--- stdout ---\n{}\n--- stderr ---\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Runs `cc`, asserts exit 0 (showing both streams otherwise) and parses stdout as JSON.
pub async fn run_json(cmd: Command) -> serde_json::Value {
    let out = run(cmd).await;
    assert_code(&out, 0);
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(&out)))
}
