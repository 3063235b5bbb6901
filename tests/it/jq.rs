//! `--jq` as a user meets it (issue 19 item 3): a filter never hides a change, jq's formats are
//! there, and a filter's error says where it is without quoting the whole input.

use serde_json::Value;

use crate::common::{TestEnv, assert_code, run, stderr, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn a_filter_failing_on_a_create_prints_the_result_whole_and_is_exit_5() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "huawei", "create", "--name", "cc-jq-made"])
        .args(["--jq", ".name.x"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let made: Value = serde_json::from_str(&stdout(&out)).expect("the result, whole, as JSON");
    assert_eq!(made["name"], "cc-jq-made");
    assert!(
        made["id"].as_str().is_some_and(|id| !id.is_empty()),
        "{made}"
    );
    let err = stderr(&out);
    assert!(err.contains("already changed something"), "{err}");
    assert!(err.contains("printed whole on stdout"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_filter_failing_on_a_read_is_exit_2_and_cuts_the_value_it_quotes() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "huawei", "list", "--jq", ".name"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.contains("cannot index"), "{err}");
    assert!(err.contains(" … "), "a long input is cut: {err}");
    assert!(err.len() < 600, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_and_tsv_format_rows_as_jq_does() {
    let env = TestEnv::new();
    let filter =
        r#"([.name, "say \"hi\"", null, true, 1.5] | @csv, @tsv), ([.name, "a\tb"] | @tsv)"#;
    let mut cmd = env.cc();
    cmd.args(["--version", "--jq", filter]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "\"cc\",\"say \"\"hi\"\"\",,true,1.5\ncc\tsay \"hi\"\t\ttrue\t1.5\ncc\ta\\tb\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_filter_names_its_column_and_part_before_anything_is_sent() {
    let env = TestEnv::new();
    for (filter, shown) in [
        (".[", "expected closing bracket at column 2 (`[`)"),
        (
            ".a | nosuch",
            "unknown filter `nosuch` at column 6 (`nosuch`)",
        ),
    ] {
        let mut cmd = env.cc();
        cmd.args(["--sandbox", "huawei", "create", "--name", "cc-never"])
            .args(["--jq", filter]);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(stderr(&out).contains(shown), "{}", stderr(&out));
    }
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "huawei", "get", "cc-never"]);
    assert_code(&run(cmd).await, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recursion_deeper_than_the_engine_allows_is_exit_2_not_a_crash() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--version", "--jq", "def f: 1 + f; f"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("recursed deeper than the engine allows"),
        "{err}"
    );
    assert!(!err.contains("overflowed"), "{err}");
    assert_eq!(stdout(&out), "");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_filter_failing_after_a_failed_wait_keeps_both_errors_the_wait_first() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "1h")
        .args(["--sandbox", "console-connect", "azure", "create"])
        .args(["--service-key", "1d6a2b88-8d4c-4c2f-8e1f-6b2c3d4e5f60"])
        .args([
            "--name",
            "order",
            "--port",
            "ACME LONDON 1",
            "--speed",
            "50",
        ])
        .args([
            "--timeout",
            "200ms",
            "--interval",
            "50ms",
            "--jq",
            ".name.x",
        ]);
    let out = run(cmd).await;
    assert_code(&out, 7);
    let made: Value = serde_json::from_str(&stdout(&out)).expect("what was made, whole");
    assert_eq!(made["name"], "order");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].contains("\"kind\":\"timeout\""), "{err}");
    assert!(lines[1].contains("cannot index"), "{err}");
}
