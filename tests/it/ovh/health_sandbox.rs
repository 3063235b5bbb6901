//! Link health against the simulator, broken on purpose through its control route
//! (`POST /_sandbox/break?service=ID&what=...`, sent with `cc --sandbox api ovh`): an interface
//! down makes `cc ovh status` down naming interface 2002, `repair` brings it back, a flap is a
//! BGP session down for the provision delay and then `degraded` for the hour, a maintenance is
//! `degraded` while open. Each `cc --sandbox` run is a process of its own: what is broken
//! lives in the saved state, as it does for a user rehearsing their monitoring. `cc sandbox
//! --break SERVICE:WHAT` applies the same breaks at start, and refuses one no simulator takes.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Sandbox, TestEnv, assert_code, run, run_json, stderr, stdout};

/// The seeded L3 service: interface 2002, POP configuration 1001 (L3, BGP).
const L3: &str = "5f8f3b52-0000-4000-8000-000000000002";

fn cc(env: &TestEnv) -> assert_cmd::Command {
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "100ms")
        .arg("--sandbox");
    cmd
}

/// Breaks (or repairs) the L3 service: `what` is `interface-down`, `flap`, `maintenance` or
/// `repair`.
async fn apply(env: &TestEnv, what: &str) -> Value {
    let mut cmd = cc(env);
    cmd.args([
        "api",
        "ovh",
        "POST",
        &format!("/_sandbox/break?service={L3}&what={what}"),
    ]);
    run_json(cmd).await
}

/// `cc --sandbox ovh status L3 -o json`.
async fn status(env: &TestEnv) -> Value {
    let mut cmd = cc(env);
    cmd.args(["ovh", "status", L3, "-o", "json"]);
    run_json(cmd).await
}

fn reasons(report: &Value) -> Vec<String> {
    let all = report["reasons"].as_array().expect("reasons");
    all.iter()
        .map(|r| r.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interface_broken_on_purpose_is_down_naming_it_until_repaired() {
    let env = TestEnv::new();
    let report = status(&env).await;
    assert_eq!(report["health"], "up", "{report}");

    assert_eq!(apply(&env, "interface-down").await["interface"], 2002);
    let report = status(&env).await;
    assert_eq!(report["health"], "down", "{report}");
    let why = reasons(&report);
    assert_eq!(why[0], "no interface up: interface 2002 down", "{why:?}");
    assert!(
        why.iter()
            .any(|r| r.starts_with("interface 2002: link down since")),
        "{why:?}"
    );
    assert!(
        why.contains(&"interface 2002: incoming light level down (-40.00 dBm)".to_string()),
        "{why:?}"
    );
    // Its BGP session went down with it.
    assert_eq!(report["sessions"][0]["status"], "down", "{report}");
    assert_eq!(report["interfaces"][0]["status"], "down", "{report}");
    let mut table = cc(&env);
    table.args(["ovh", "status", L3, "-o", "table"]);
    let out = run(table).await;
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("HEALTH   down") && text.contains("  - no interface up: interface 2002 down"),
        "{text}"
    );

    assert_eq!(apply(&env, "repair").await["repaired"], true);
    let report = status(&env).await;
    assert_eq!(report["health"], "up", "{report}");
    assert_eq!(report["interfaces"][0]["incomingLightStatus"], "up");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flap_is_degraded_once_the_session_is_back_and_a_maintenance_while_open() {
    let env = TestEnv::new();
    assert_eq!(apply(&env, "flap").await["flapCount"], 1);
    // Down for the provision delay (at least the simulator's one second), then up again
    // with a `lastDown` within the hour: a flap.
    let start = Instant::now();
    let report = loop {
        let report = status(&env).await;
        if report["health"] != "down" || start.elapsed() > Duration::from_secs(5) {
            break report;
        }
        assert_eq!(reasons(&report)[0], "every BGP session down", "{report}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(report["health"], "degraded", "{report}");
    let why = reasons(&report);
    assert_eq!(why.len(), 1, "{why:?}");
    assert!(
        why[0].starts_with("POP configuration 1001: BGP session flapped: down ")
            && why[0].ends_with("up again, 1 flap"),
        "{why:?}"
    );
    assert_eq!(report["sessions"][0]["flapCount"], 1);
    assert_eq!(report["sessions"][0]["status"], "up");

    assert_eq!(apply(&env, "repair").await["repaired"], true);
    assert_eq!(status(&env).await["health"], "up");

    let id = apply(&env, "maintenance").await["incident"].clone();
    let report = status(&env).await;
    assert_eq!(report["health"], "degraded", "{report}");
    assert!(
        reasons(&report)[0].starts_with(&format!("maintenance {id}: open since")),
        "{report}"
    );
    assert_eq!(report["incidents"][0]["id"], id);
    let mut open = cc(&env);
    open.args(["ovh", "incidents", L3, "-o", "json"]);
    let open = run_json(open).await;
    assert_eq!(open.as_array().map(Vec::len), Some(1), "{open}");
    assert_eq!(open[0]["id"], id);
    // Repaired: the maintenance has ended, and shows under --all only (beside the seeded one).
    apply(&env, "repair").await;
    assert_eq!(status(&env).await["health"], "up");
    let mut all = cc(&env);
    all.args(["ovh", "incidents", L3, "--all", "-o", "json"]);
    assert_eq!(run_json(all).await.as_array().map(Vec::len), Some(2));
}

/// `GET` or `POST` `path` on the sandbox at `base` (`http://127.0.0.1:PORT`): the body.
fn raw(verb: &str, base: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).expect("connect to the sandbox");
    let request = format!(
        "{verb} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn cc_sandbox_break_applies_at_start_and_is_never_faulted() {
    let env = TestEnv::new();
    let down = format!("{L3}:interface-down");
    let maintenance = format!("{L3}:maintenance");
    let flags = [
        "--fail-next",
        "4",
        "--break",
        &down,
        "--break",
        &maintenance,
    ];
    let server = Sandbox::spawn_with(&env, "100ms", &flags);
    let base = server
        .vars()
        .iter()
        .find(|(k, _)| k == "CC_ORANGE_URL")
        .map(|(_, v)| v.trim_end_matches("/orange").to_string())
        .expect("CC_ORANGE_URL");
    // The breaks went through the control route, which --fail-next does not count.
    let left = raw("GET", &base, cc::sandbox::FAIL_NEXT_PATH);
    assert!(left.contains("\"fail_next\":4"), "{left}");
    raw(
        "POST",
        &base,
        &format!("{}?n=0", cc::sandbox::FAIL_NEXT_PATH),
    );

    let mut cmd = server.cc(&env);
    cmd.args(["ovh", "status", L3, "-o", "json"]);
    let report = run_json(cmd).await;
    assert_eq!(report["health"], "down", "{report}");
    let why = reasons(&report);
    assert_eq!(why[0], "no interface up: interface 2002 down", "{why:?}");
    assert!(why.iter().any(|r| r.starts_with("maintenance ")), "{why:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_break_no_simulator_takes_is_exit_2_and_nothing_is_served() {
    let env = TestEnv::new();
    let cases = [
        ("nonsense".to_string(), "expected SERVICE:WHAT"),
        (
            format!("{L3}:explode"),
            "what: `explode` is not one of interface-down, flap, maintenance, repair",
        ),
        (
            "5f8f3b52-0000-4000-8000-00000000ffff:flap".to_string(),
            "service: no such OVHcloud Connect service",
        ),
    ];
    for (spec, why) in cases {
        let mut cmd = env.cc();
        cmd.args(["sandbox", "--addr", "127.0.0.1:0", "--break", &spec]);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert_eq!(stdout(&out), "", "no exports: {spec}");
        let err = stderr(&out);
        assert!(
            err.contains("--break") && err.contains(why),
            "{spec}: {err}"
        );
    }
}

/// A POP configuration `cc` made (not one of the seeds) has its BGP session read like the
/// seeded ones: the simulator stores a created configuration without its id, and its health
/// routes once looked for that id in vain (404), which made `ovh status` unknown.
#[tokio::test(flavor = "multi_thread")]
async fn a_pop_configuration_made_by_cc_has_its_bgp_session_read() {
    const READY: &str = "5f8f3b52-0000-4000-8000-000000000003";
    let env = TestEnv::new();
    let mut cmd = cc(&env);
    cmd.args([
        "ovh",
        "pop",
        "create",
        READY,
        "--interface",
        "2003",
        "--type",
        "l3",
    ])
    .args([
        "--customer-asn",
        "65400",
        "--ovh-asn",
        "65401",
        "--subnet",
        "192.0.2.0/30",
    ])
    .args(["-o", "json"]);
    let pop = run_json(cmd).await;
    let mut cmd = cc(&env);
    cmd.args(["ovh", "status", READY, "-o", "json"]);
    let report = run_json(cmd).await;
    assert_eq!(report["health"], "up", "{report}");
    let sessions = report["sessions"].as_array().expect("sessions");
    assert!(
        sessions
            .iter()
            .any(|s| s["popId"] == pop["id"] && s["status"] == "up"),
        "{report}"
    );
}
