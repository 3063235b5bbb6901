//! `cc connections status` against the sandbox (issue 22), over all four providers: with nothing
//! broken, `--fail-on degraded` exits 0 and every row is up; with a Console Connect order broken
//! on purpose (a service key the simulator accepts and then fails), or an OVH interface taken
//! down through the simulator's break route, it prints the whole report and exits 11 naming the
//! broken connection and why (the interface, for OVH); repaired, it passes again.

use serde_json::Value;

use crate::common::{TestEnv, assert_cli_snapshot, assert_code, run, stderr, stdout};

/// Every provider, named so that none is skipped.
const PROVIDERS: [&str; 8] = [
    "--provider",
    "orange",
    "--provider",
    "console-connect",
    "--provider",
    "huawei",
    "--provider",
    "ovh",
];

fn status(env: &TestEnv, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "100ms")
        .args(["--sandbox", "connections", "status"])
        .args(PROVIDERS)
        .args(extra);
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn fail_on_degraded_passes_when_nothing_is_broken_and_names_what_broke() {
    let env = TestEnv::new();
    let out = run(status(&env, &["--fail-on", "degraded", "-o", "json"])).await;
    assert_code(&out, 0);
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(rows.len() > 20, "{rows:?}");
    assert!(rows.iter().all(|r| r["health"] == "up"), "{rows:?}");
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["provider", "id", "name", "state", "health", "detail"]
    );
    let orange = rows.iter().find(|r| r["provider"] == "orange").unwrap();
    assert!(
        orange["detail"]
            .as_str()
            .unwrap()
            .contains("provisioning state only"),
        "{orange}"
    );

    // Broken on purpose: an order whose service key the simulator fails.
    let mut order = env.cc();
    order.env("CC_SANDBOX_PROVISION_DELAY", "100ms").args([
        "--sandbox",
        "console-connect",
        "azure",
        "create",
        "--service-key",
        "ffffffff-0000-4000-8000-000000000001",
        "--name",
        "doomed",
        "--port",
        "5893d943878d635dde318022",
        "--speed",
        "50",
        "--interval",
        "50ms",
    ]);
    assert_code(&run(order).await, 8);

    let out = run(status(&env, &["--fail-on", "degraded"])).await;
    assert_code(&out, 11);
    assert!(stdout(&out).contains("doomed"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("cc-paris"),
        "the whole report: {}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("console-connect doomed (down"), "{err}");
    assert!(
        err.contains("already provisioned by another provider"),
        "{err}"
    );
    // --fail-on down fails on it too; without --fail-on the report alone, exit 0.
    assert_code(&run(status(&env, &["--fail-on", "down"])).await, 11);
    let mut table = status(&env, &["-o", "table"]);
    table.env("COLUMNS", "100");
    let out = run(table).await;
    assert_code(&out, 0);
    assert_cli_snapshot!("connections_status_broken_100", out);
}

/// The seeded OVH service with one interface (2002) and an L3 POP configuration.
const OVH_L3: &str = "5f8f3b52-0000-4000-8000-000000000002";

async fn break_ovh(env: &TestEnv, what: &str) {
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "100ms").args([
        "--sandbox",
        "api",
        "ovh",
        "POST",
        &format!("/_sandbox/break?service={OVH_L3}&what={what}"),
    ]);
    assert_code(&run(cmd).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ovh_interface_down_fails_the_gate_naming_it_and_repair_passes_it() {
    let env = TestEnv::new();
    assert_code(&run(status(&env, &["--fail-on", "degraded"])).await, 0);

    break_ovh(&env, "interface-down").await;
    let out = run(status(&env, &["--fail-on", "degraded", "-o", "json"])).await;
    assert_code(&out, 11);
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let providers = |p: &str| rows.iter().filter(|r| r["provider"] == p).count();
    for p in ["orange", "console-connect", "huawei", "ovh"] {
        assert!(providers(p) > 0, "the whole report, {p} too: {rows:?}");
    }
    let broken: Vec<&Value> = rows.iter().filter(|r| r["health"] != "up").collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0]["id"], OVH_L3);
    assert_eq!(broken[0]["health"], "down");
    assert!(
        broken[0]["detail"]
            .as_str()
            .unwrap()
            .contains("interface 2002: link down since"),
        "{broken:?}"
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "1 connection(s) degraded or worse: ovh Singapore L3 to Gravelines \
             (down: no interface up: interface 2002 down)"
        ),
        "{err}"
    );

    break_ovh(&env, "repair").await;
    assert_code(&run(status(&env, &["--fail-on", "degraded"])).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_that_cannot_be_read_is_a_row_and_counts_as_down() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_HUAWEI_URL", "http://127.0.0.1:9")
        .env("CC_HUAWEI_AK", "AK")
        .env("CC_HUAWEI_SK", "SK")
        .env("CC_HUAWEI_DOMAIN_ID", "0123456789abcdef0123456789abcdef")
        .env("CC_TEST_NO_RETRY_DELAY", "1")
        .args([
            "connections",
            "status",
            "--provider",
            "huawei",
            "-o",
            "json",
        ]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["health"], "unknown");
    assert!(
        rows[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("could not be read")
    );
}
