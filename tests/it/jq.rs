//! `--jq` as a user meets it (issue 19 item 3): a filter never hides a change, jq's formats are
//! there, and a filter's error says where it is without quoting the whole input. Its bounds
//! (issue 20 item 7, `CLI.md` §5): 10 s, 64 MiB of output, and the memory a filter builds before
//! it prints, measured here from outside (`/proc`).

use std::time::{Duration, Instant};

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

/// `def f: f; f` never ends and never prints: stopped at the 10 s bound (exit 5), and the test
/// itself is bounded.
#[tokio::test(flavor = "multi_thread")]
async fn a_filter_that_never_ends_is_stopped_at_10_s() {
    let env = TestEnv::new();
    let mut cmd = env.std_cc();
    cmd.args(["--version", "--jq", "def f: f; f"]);
    let run = tokio::task::spawn_blocking(move || measured(cmd));
    let (out, took, _) = run.await.expect("join");
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("ran longer than 10s"), "{err}");
    assert!(took >= Duration::from_secs(9), "stopped early: {took:?}");
    assert!(
        took < Duration::from_secs(25),
        "not stopped in time: {took:?}"
    );
    assert_eq!(stdout(&out), "");
}

/// `[range(1e9)]` builds one output of a billion numbers before printing anything (4.9 GB in the
/// issue): stopped long before that (exit 5, naming the 64 MiB bound), with the peak memory of
/// `cc` and its filter process under 1 GiB.
#[tokio::test(flavor = "multi_thread")]
async fn a_filter_building_a_huge_value_is_stopped_with_bounded_memory() {
    let env = TestEnv::new();
    let mut cmd = env.std_cc();
    cmd.args(["--version", "--jq", "[range(1e9)]"]);
    let run = tokio::task::spawn_blocking(move || measured(cmd));
    let (out, took, peak) = run.await.expect("join");
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("64 MiB"), "{err}");
    assert!(took < Duration::from_secs(25), "{took:?}");
    assert_eq!(stdout(&out), "");
    if cfg!(target_os = "linux") {
        let peak = peak.expect("the peak memory, read from /proc");
        assert!(peak < 1 << 30, "peak memory {} MiB", peak >> 20);
    }
}

/// Output past 64 MiB is exit 5 naming the bound, and nothing of it is printed.
#[tokio::test(flavor = "multi_thread")]
async fn output_past_64_mib_is_stopped() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--version", "--jq", r#""x" * 70000000"#]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("output passed 64 MiB"), "{err}");
    assert_eq!(stdout(&out), "");
}

/// Runs `cmd` to its end: its output, how long it took, and (Linux) the highest peak resident
/// memory (`VmHWM`) among it and its descendants, sampled every 10 ms from `/proc`.
fn measured(mut cmd: std::process::Command) -> (std::process::Output, Duration, Option<u64>) {
    use std::io::Read;
    use std::process::Stdio;
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cc");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let mut peak: Option<u64> = None;
    let status = loop {
        for pid in tree(child.id()) {
            if let Some(held) = status_kib(pid, "VmHWM:") {
                peak = Some(peak.unwrap_or(0).max(held * 1024));
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "cc hangs");
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = std::process::Output {
        status,
        stdout: out.join().expect("stdout"),
        stderr: err.join().expect("stderr"),
    };
    (output, started.elapsed(), peak)
}

/// `root` and every live process descending from it (Linux `/proc`; only `root` elsewhere).
fn tree(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // `pid (comm) state ppid ...`: comm may hold spaces and parentheses.
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?;
            Some((pid, ppid.parse().ok()?))
        })
        .collect();
    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        next += 1;
    }
    found
}

/// A `KEY: N kB` line of `/proc/PID/status`, in KiB.
fn status_kib(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
