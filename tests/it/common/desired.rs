//! What the desired-state tests share (`plan.rs` aside, which runs `--sandbox`): `cc` against a
//! served sandbox whose resources are ready at once, the desired file, the plan as JSON, and
//! its changes as (action, kind, name).

use serde_json::Value;

use super::{Sandbox, TestEnv, stderr, stdout};

/// Runs `cc WORDS` against `server` with `vars` as more environment, resources ready at once
/// (provision delay 0s) and polled every 10 ms: exit code, stdout, stderr.
pub fn cc_vars(
    env: &TestEnv,
    server: &Sandbox,
    vars: &[(&str, &str)],
    words: &[&str],
) -> (i32, String, String) {
    let mut cmd = server.cc(env);
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "0s")
        .args(["--interval", "10ms"])
        .args(words);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run cc");
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

/// [`cc_vars`] without more environment.
pub fn cc(env: &TestEnv, server: &Sandbox, words: &[&str]) -> (i32, String, String) {
    cc_vars(env, server, &[], words)
}

/// Writes `text` as the desired file, `desired.yaml` in the test's home; its path.
pub fn file(env: &TestEnv, text: &str) -> String {
    let path = env.home.path().join("desired.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// `plan -f PATH -o json [more]`: the exit code and the plan.
pub fn plan(env: &TestEnv, server: &Sandbox, path: &str, more: &[&str]) -> (i32, Value) {
    let words = [&["plan", "-f", path, "-o", "json"], more].concat();
    let (code, out, err) = cc(env, server, &words);
    let shown = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, shown)
}

/// `apply -f PATH --yes -o json`: the exit code, the results printed, and stderr.
pub fn apply_json(env: &TestEnv, server: &Sandbox, path: &str) -> (i32, Value, String) {
    let (code, out, err) = cc(env, server, &["apply", "-f", path, "--yes", "-o", "json"]);
    let shown = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, shown, err)
}

/// [`apply_json`] with the sandbox's next POST answered 503 (the first create of the run meets
/// it): exit 5, the create is NOT sent again, and the summary is `summary` (`why`); the results
/// and stderr.
pub fn apply_met_by_a_fault(
    env: &TestEnv,
    server: &Sandbox,
    path: &str,
    summary: Value,
    why: &str,
) -> (Value, String) {
    crate::apply::fail_next_post(server);
    let (code, shown, err) = apply_json(env, server, path);
    assert_eq!(code, 5, "the 503's code: {err}");
    assert_eq!(shown["summary"], summary, "{why}: {shown}");
    assert!(err.contains("NOT sent again"), "{err}");
    (shown, err)
}

/// Each change of a plan as (action, kind, name).
pub fn actions(shown: &Value) -> Vec<(String, String, String)> {
    let text = |c: &Value, k: &str| c[k].as_str().unwrap_or_default().to_string();
    shown["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (text(c, "action"), text(c, "kind"), text(c, "name")))
        .collect()
}

/// `export --provider PROVIDER -o yaml`, which must succeed.
pub fn export(env: &TestEnv, server: &Sandbox, provider: &str) -> String {
    let (code, out, err) = cc(
        env,
        server,
        &["export", "--provider", provider, "-o", "yaml"],
    );
    assert_eq!(code, 0, "{err}");
    out
}
