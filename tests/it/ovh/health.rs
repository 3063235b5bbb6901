//! Link health (issue 22) against wiremock: what `cc ovh status` and `cc ovh stats` send (every
//! path of the report's concurrent reads, the `period` and `type` queries the schema requires,
//! every request signed) and what they print (the status table healthy and with an interface
//! down, the stats table, as reviewed snapshots). The other health requests are in
//! `health_requests.rs`.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request};

use super::*;
use crate::common::{TestEnv, assert_cli_snapshot, assert_code, received, run, run_json, stdout};

/// The interfaces of the mocked service: 2001 and 2002, with their light.
fn interfaces() -> Vec<Value> {
    vec![
        fixture_with("interface.json", json!({})),
        fixture_with(
            "interface.json",
            json!({ "id": 2002, "incomingLightValue": -3.1, "outgoingLightValue": -2.2 }),
        ),
    ]
}

/// A `/status` answer (`InterfaceStatus`, or `PopConfStatus` with `flapCount`).
fn link(status: &str, last_down: Option<&str>) -> Value {
    json!({
        "status": status,
        "lastUp": "2024-05-02T07:00:00Z",
        "lastDown": last_down,
        "lastChange": last_down.unwrap_or("2024-05-02T07:00:00Z"),
        "lastUpdate": "2024-05-02T07:05:00Z",
        "flapCount": 0
    })
}

/// A service with two interfaces (2002 `status2002`, with its light down when it is `down`),
/// one active L3 POP configuration on 2002 whose BGP session is up, an ended incident and an
/// unfinished task.
async fn status_server(status2002: &str) -> MockServer {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(occ("")))
        .respond_with(answer(200, &fixture_with("service.json", json!({}))))
        .expect(1)
        .mount(&server)
        .await;
    let mut lights = interfaces();
    if status2002 == "down" {
        lights[1]["incomingLightStatus"] = json!("down");
        lights[1]["incomingLightValue"] = json!(-40.0);
    }
    mount_list(&server, &occ("/interface"), &lights).await;
    for (id, state) in [(2001, "up"), (2002, status2002)] {
        let down = (state == "down").then_some("2024-05-03T10:00:00Z");
        Mock::given(method("GET"))
            .and(path(occ(&format!("/interface/{id}/status"))))
            .respond_with(answer(200, &link(state, down)))
            .expect(1)
            .mount(&server)
            .await;
    }
    mount_list(
        &server,
        &occ("/config/pop"),
        &[fixture_with("pop_config.json", json!({}))],
    )
    .await;
    Mock::given(method("GET"))
        .and(path(occ("/config/pop/1001/status")))
        .respond_with(answer(200, &link("up", None)))
        .expect(1)
        .mount(&server)
        .await;
    let ended = json!({"id": 501, "type": "incident",
        "startDate": "2024-06-11T03:10:00Z", "endDate": "2024-06-11T04:25:00Z"});
    mount_list(&server, &occ("/incident"), &[ended]).await;
    let task = fixture_with(
        "task.json",
        json!({ "id": 7002, "function": "addExtra", "status": "doing" }),
    );
    mount_list(&server, &occ("/task"), &[task]).await;
    nothing_else(&server).await;
    server
}

/// The paths (after `/1.0/ovhCloudConnect/{SVC}`) of the GETs a server received, sorted.
async fn got(server: &MockServer) -> Vec<String> {
    let prefix = occ("");
    let mut paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .filter_map(|r| r.url.path().strip_prefix(&prefix).map(str::to_string))
        .collect();
    paths.sort();
    paths
}

fn status_cmd(env: &TestEnv, server: &MockServer, output: &str) -> Command {
    let mut cmd = ovh(env, server);
    cmd.args(["ovh", "status", SVC, "-o", output]);
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn status_reads_the_service_its_interfaces_sessions_incidents_and_tasks() {
    let server = status_server("up").await;
    let env = TestEnv::new();
    let report = run_json(status_cmd(&env, &server, "json")).await;
    assert_eq!(report["health"], "up", "{report}");
    assert_eq!(report["reasons"], json!([]));
    assert_eq!(report["interfaces"][1]["id"], 2002);
    assert_eq!(report["sessions"][0]["popId"], 1001);
    // The ended incident is not open; the task `doing` is reported, not judged.
    assert_eq!(report["incidents"], json!([]));
    assert_eq!(report["tasks"][0]["id"], 7002);
    assert_eq!(
        got(&server).await,
        [
            "",
            "/config/pop",
            "/config/pop/1001",
            "/config/pop/1001/status",
            "/incident",
            "/incident/501",
            "/interface",
            "/interface/2001",
            "/interface/2001/status",
            "/interface/2002",
            "/interface/2002/status",
            "/task",
            "/task/7002",
        ]
    );
    assert_all_signed(&server, 0).await;
    let out = run(status_cmd(
        &TestEnv::new(),
        &status_server("up").await,
        "table",
    ))
    .await;
    assert_code(&out, 0);
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        assert_cli_snapshot!("ovh_status_healthy", out, seeded_ids);
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn status_with_an_interface_down_is_degraded_naming_it() {
    let server = status_server("down").await;
    let env = TestEnv::new();
    let report = run_json(status_cmd(&env, &server, "json")).await;
    assert_eq!(report["health"], "degraded", "{report}");
    assert_eq!(
        report["reasons"],
        json!([
            "interface 2002: link down since 2024-05-03T10:00:00Z",
            "interface 2002: incoming light level down (-40.00 dBm)"
        ])
    );
    // `cc ovh status` is a report: its health is in the output, not the exit code.
    let out = run(status_cmd(
        &TestEnv::new(),
        &status_server("down").await,
        "table",
    ))
    .await;
    assert_code(&out, 0);
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        assert_cli_snapshot!("ovh_status_interface_down", out, seeded_ids);
    });
}

/// A series of three samples of `unit`, 5 minutes apart.
fn samples(unit: &str) -> Value {
    json!([
        {"timestamp": 1765368000, "value": {"unit": unit, "value": 1250.5}},
        {"timestamp": 1765368300, "value": {"unit": unit, "value": 98000}},
        {"timestamp": 1765368600, "value": {"unit": unit, "value": 0}}
    ])
}

/// The query of a request as pairs, in the order sent.
fn query(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn stats_server(series_path: &str, unit: &str) -> MockServer {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(occ(series_path)))
        .respond_with(answer(200, &samples(unit)))
        .expect(1)
        .mount(&server)
        .await;
    nothing_else(&server).await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn stats_sends_period_and_type_and_prints_one_row_per_sample_in_its_unit() {
    let server = stats_server("/interface/2001/statistics", "bytes/s").await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "stats",
        SVC,
        "--interface",
        "2001",
        "--type",
        "traffic:download",
        "--period",
        "hourly",
        "-o",
        "json",
    ]);
    let rows = run_json(cmd).await;
    let sent = received(&server, "GET", "/statistics").await;
    assert_eq!(
        query(&sent[0]),
        pairs(&[("period", "hourly"), ("type", "traffic:download")])
    );
    assert_all_signed(&server, 0).await;
    assert_eq!(
        rows,
        json!([
            {"time": "2025-12-10T12:00:00Z", "timestamp": 1765368000, "value": 1250.5, "unit": "bytes/s"},
            {"time": "2025-12-10T12:05:00Z", "timestamp": 1765368300, "value": 98000, "unit": "bytes/s"},
            {"time": "2025-12-10T12:10:00Z", "timestamp": 1765368600, "value": 0, "unit": "bytes/s"}
        ])
    );

    // A POP configuration's series, over the default period; the unit is OVH's.
    let server = stats_server("/config/pop/1001/statistics", "prefix_accepted").await;
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "stats",
        SVC,
        "--pop",
        "1001",
        "--type",
        "prefix:accepted",
        "-o",
        "table",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let sent = received(&server, "GET", "/statistics").await;
    assert_eq!(
        query(&sent[0]),
        pairs(&[("period", "daily"), ("type", "prefix:accepted")])
    );
    assert!(
        !stdout(&out).contains('▁'),
        "no sparkline off a terminal: {}",
        stdout(&out)
    );
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        assert_cli_snapshot!("ovh_stats_pop_prefixes", out, seeded_ids);
    });
}
