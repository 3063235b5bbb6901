//! The parts of the contract that are not a provider's: help, version, config, output, pipes.

use serde_json::Value;

use crate::common::{TestEnv, assert_code, run, run_json, stderr, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn bare_cc_prints_help_and_version_works() {
    let env = TestEnv::new();
    let out = run(env.cc()).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("Usage: cc"), "{}", stdout(&out));
    let mut cmd = env.cc();
    cmd.arg("--version");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).starts_with("cc "), "{}", stdout(&out));
    let version = stdout(&out);

    // `-V` after a subcommand is `cc`'s line too, not `cc-orange-list 0.1.0` (issue 19).
    for args in [
        &["orange", "list", "-V"][..],
        &["huawei", "--version"],
        &["config", "get", "-V"],
    ] {
        let mut cmd = env.cc();
        cmd.args(args);
        let out = run(cmd).await;
        assert_code(&out, 0);
        assert_eq!(stdout(&out), version, "{args:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn config_set_then_view_shows_sources_and_masks_secrets() {
    let env = TestEnv::new();
    for (key, value) in [
        ("orange.project_id", "p-123"),
        ("orange.api_key", "very-secret-key"),
    ] {
        let mut cmd = env.cc();
        cmd.args(["config", "set", key, value]);
        assert_code(&run(cmd).await, 0);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.config_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", "https://example.test/ep")
        .args(["config", "view", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(!stdout(&out).contains("very-secret-key"));
    let rows: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let row = |key: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .cloned()
            .unwrap()
    };
    assert_eq!(row("orange.project_id")["source"], "profile");
    assert_eq!(row("orange.project_id")["value"], "p-123");
    assert_eq!(row("orange.api_key")["value"], "***");
    assert_eq!(row("orange.url")["source"], "env");
    assert_eq!(row("orange.url")["origin"], "CC_ORANGE_URL");
    assert_eq!(row("orange.token_url")["source"], "default");
    assert_eq!(row("output")["source"], "flag");

    let mut cmd = env.cc();
    cmd.args(["config", "set", "orange.nope", "x"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("unknown key"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn config_view_says_where_the_config_path_came_from() {
    let env = TestEnv::new();
    let config_row = |rows: &Value| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == "config")
            .cloned()
            .unwrap()
    };
    let mut cmd = env.cc();
    cmd.args(["config", "view", "-o", "json"]);
    let row = config_row(&run_json(cmd).await);
    assert_eq!(row["source"], "default", "{row}");
    assert_eq!(row["origin"], Value::Null, "{row}");
    assert_eq!(row["value"], env.config_path().display().to_string());

    let from_env = env.home.path().join("env.toml");
    env.with_profile(Some(&from_env), "default");
    let mut cmd = env.cc();
    cmd.env("CC_CONFIG", &from_env)
        .args(["config", "view", "-o", "json"]);
    let row = config_row(&run_json(cmd).await);
    assert_eq!(row["source"], "env", "{row}");
    assert_eq!(row["origin"], "CC_CONFIG", "{row}");
    assert_eq!(row["value"], from_env.display().to_string());

    let from_flag = env.home.path().join("flag.toml");
    env.with_profile(Some(&from_flag), "default");
    let mut cmd = env.cc();
    cmd.env("CC_CONFIG", &from_env)
        .arg("--config")
        .arg(&from_flag)
        .args(["config", "view", "-o", "json"]);
    let row = config_row(&run_json(cmd).await);
    assert_eq!(row["source"], "flag", "{row}");
    assert_eq!(row["origin"], "--config", "{row}");
    assert_eq!(row["value"], from_flag.display().to_string());

    let mut cmd = env.cc();
    cmd.arg("--config")
        .arg(&from_flag)
        .args(["config", "view", "-o", "table"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let table = stdout(&out);
    let line = table
        .lines()
        .find(|l| l.contains("flag.toml"))
        .unwrap_or_else(|| panic!("no config row:\n{table}"));
    assert!(
        line.contains("config") && line.contains("flag") && line.contains("--config"),
        "{table}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_config_file_readable_by_others_gets_a_warning() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["config", "set", "orange.project_id", "p"]);
    assert_code(&run(cmd).await, 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(env.config_path(), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        let mut cmd = env.cc();
        cmd.args(["config", "view"]);
        let out = run(cmd).await;
        assert_code(&out, 0);
        assert!(
            stderr(&out).contains("readable by other users"),
            "{}",
            stderr(&out)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_stdout_ends_quietly_with_exit_0() {
    let env = TestEnv::new();
    let bin = assert_cmd::cargo::cargo_bin!("cc");
    let mut cmd = assert_cmd::Command::new("bash");
    cmd.env("HOME", env.home.path())
        .args([
            "-c",
            r#"(sleep 0.3; exec "$0" completions bash) | true; echo "status=${PIPESTATUS[0]}" >&2"#,
        ])
        .arg(bin);
    let out = run(cmd).await;
    let err = stderr(&out);
    assert!(err.contains("status=0"), "{err}");
    assert!(
        !err.contains("Broken pipe") && !err.contains("panicked"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_jq_and_bad_output_are_usage_errors() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["config", "view", "--jq", ".["]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--jq"));
    let mut cmd = env.cc();
    cmd.env("CC_OUTPUT", "xml").args(["config", "view"]);
    assert_code(&run(cmd).await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_and_man_pages_are_generated() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["completions", "bash"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("orange"),
        "completion script mentions subcommands"
    );
    let dir = env.home.path().join("man");
    let mut cmd = env.cc();
    cmd.args(["man"]).arg(&dir);
    assert_code(&run(cmd).await, 0);
    assert!(dir.join("cc.1").exists());
    assert!(dir.join("cc-orange-create.1").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_list_doctor_and_api_against_the_sandbox() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "connections", "list"]);
    let rows = run_json(cmd).await;
    let orange = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["provider"] == "orange")
        .expect("an orange row");
    let keys: Vec<&str> = orange
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "provider",
            "id",
            "name",
            "state",
            "raw_state",
            "bandwidth_mbps",
            "location"
        ]
    );
    assert_eq!(orange["state"], "ACTIVE");
    assert_eq!(orange["bandwidth_mbps"], 50);

    let mut cmd = env.cc();
    cmd.args(["--sandbox", "doctor"]);
    let checks = run_json(cmd).await;
    assert!(
        checks
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "ok"),
        "{checks}"
    );

    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "api",
        "orange",
        "GET",
        "/api/v1/network/pointsofpresence/ipsec?limit=2&offset=3",
        "--jq",
        ".[].popId",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "POP4\nP5\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_configuration_connections_list_and_doctor_are_exit_2() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["connections", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no provider is configured"),
        "{}",
        stderr(&out)
    );
    // Every row skipped: the table prints, and the run is exit 2 (issue 11).
    let mut cmd = env.cc();
    cmd.args(["doctor"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let checks: Value = serde_json::from_str(&stdout(&out)).expect("the rows");
    assert!(
        checks
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "skipped"),
        "{checks}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_provider_still_prints_the_others_and_sets_the_exit_code() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", format!("http://127.0.0.1:{port}"))
        .env("CC_ORANGE_API_KEY", "k")
        .env("CC_ORANGE_TOKEN", "t")
        .env("CC_ORANGE_PROJECT_ID", "p")
        .args(["doctor"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    let checks: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let orange = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["provider"] == "orange")
        .unwrap();
    assert_eq!(orange["status"], "fail");
}

#[tokio::test(flavor = "multi_thread")]
async fn intervals_and_timeouts_have_floors_and_ceilings_and_nothing_is_sent_past_them() {
    let env = TestEnv::new();
    let server = wiremock::MockServer::start().await;
    for (flags, said) in [
        (["--interval", "0s"], "--interval 0ms: must be at least 1s"),
        (
            ["--interval", "999ms"],
            "--interval 999ms: must be at least 1s",
        ),
        (
            ["--http-timeout", "0s"],
            "--http-timeout 0ms: must be at least 1s",
        ),
        (
            ["--http-timeout", "2h"],
            "--http-timeout 2h0m: must be at most 1h0m",
        ),
        (
            ["--interval", "61m"],
            "--interval 1h1m: must be at most 1h0m",
        ),
        (
            ["--timeout", "169h"],
            "--timeout 169h0m: must be at most 168h0m",
        ),
    ] {
        let mut cmd = env.cc();
        // The test harness's own override of the floor is off here.
        cmd.env_remove("CC_TEST_SHORT_DURATIONS")
            .env("CC_CONSOLE_CONNECT_URL", server.uri())
            .env("CC_CONSOLE_CONNECT_TOKEN", "t")
            .env("CC_CONSOLE_CONNECT_COMPANY", "acme")
            .args(flags)
            .args(["console-connect", "list"]);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(stderr(&out).contains(said), "{flags:?}: {}", stderr(&out));
    }
    let mut cmd = env.cc();
    cmd.env_remove("CC_TEST_SHORT_DURATIONS")
        .env("CC_TIMEOUT", "200h")
        .args(["--sandbox", "orange", "vpns"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("CC_TIMEOUT 200h0m: must be at most 168h0m"),
        "{}",
        stderr(&out)
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    // At the floor, it runs.
    let mut cmd = env.cc();
    cmd.env_remove("CC_TEST_SHORT_DURATIONS").args([
        "--sandbox",
        "--interval",
        "1s",
        "--http-timeout",
        "1s",
        "orange",
        "vpns",
    ]);
    assert_code(&run(cmd).await, 0);
}
