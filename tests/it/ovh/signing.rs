//! The `$1$` signature, recomputed from what the server received, and the clock offset: read
//! once per process from `/auth/time` and applied to every timestamp.

use serde_json::json;
use wiremock::matchers::{body_string, method, path, query_param};
use wiremock::{Mock, MockServer};

use super::*;
use crate::common::{TestEnv, assert_code, received, run, run_json, stdout};

fn services() -> Vec<Value> {
    [SVC, SVC2, "5f8f3b52-0000-4000-8000-000000000003"]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            fixture_with(
                "service.json",
                json!({ "uuid": id, "description": format!("link {i}") }),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn list_signs_every_call_with_the_server_clock_read_once() {
    let server = MockServer::start().await;
    // The server's clock is an hour ahead of this machine's.
    mount_time(&server, 3600, 1).await;
    mount_list(&server, &api("/ovhCloudConnect"), &services()).await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "list", "-o", "json"]);
    let listed = run_json(cmd).await;
    let uuids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(uuids, [SVC, SVC2, "5f8f3b52-0000-4000-8000-000000000003"]);
    // Four signed calls (the ids, then three services), one /auth/time.
    assert_eq!(assert_all_signed(&server, 3600).await.len(), 4);
    let time = received(&server, "GET", "/auth/time").await;
    assert_eq!(time.len(), 1);
    // /auth/time is unauthenticated: the application key only.
    let ovh_headers: Vec<&str> = time[0]
        .headers
        .keys()
        .map(|k| k.as_str())
        .filter(|k| k.starts_with("x-ovh-"))
        .collect();
    assert_eq!(ovh_headers, ["x-ovh-application"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_signs_the_exact_body_and_a_query_is_signed_as_sent() {
    let server = MockServer::start().await;
    // Two processes below, one /auth/time each.
    mount_time(&server, -120, 2).await;
    mount_list(&server, &occ("/config/pop"), &[]).await;
    Mock::given(method("POST"))
        .and(path(occ("/config/pop")))
        .and(body_string(r#"{"interfaceId":2001,"type":"l2"}"#))
        .respond_with(answer(200, &fixture_with("task.json", json!({}))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/vrack/pn-1/allowedServices")))
        .and(query_param("serviceFamily", "ovhCloudConnect"))
        .respond_with(answer(
            200,
            &serde_json::from_str(&fixture("ovh", "allowed_services.json")).unwrap(),
        ))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "pop",
        "create",
        SVC,
        "--interface",
        "2001",
        "--type",
        "l2",
        "--no-wait",
        "-o",
        "json",
    ]);
    let task = run_json(cmd).await;
    assert_eq!(task["id"], 7001, "--no-wait prints the task");
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "vrack", "eligible", "pn-1", "-o", "json"]);
    assert_eq!(run_json(cmd).await, json!([SVC]));
    let signed = received(&server, "GET", "/allowedServices").await;
    assert_eq!(signed[0].url.query(), Some("serviceFamily=ovhCloudConnect"));
    assert_all_signed(&server, -120).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn api_ovh_signs_a_raw_call() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(occ("/task")))
        .respond_with(answer(200, &json!([7001])))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(["api", "ovh", "GET", &format!("/ovhCloudConnect/{SVC}/task")]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap(),
        json!([7001])
    );
    assert_all_signed(&server, 0).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_reports_the_clock_skew_and_warns_beyond_five_minutes() {
    let server = MockServer::start().await;
    // /auth/time twice: once for the skew, once for the signing offset.
    Mock::given(method("GET"))
        .and(path(api("/auth/time")))
        .respond_with(json_response(200, &(now() + 900).to_string()))
        .mount(&server)
        .await;
    mount_list(&server, &api("/ovhCloudConnect"), &services()[..1]).await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(["doctor", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let checks: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ovh = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["provider"] == "ovh")
        .expect("an ovh row")
        .clone();
    assert_eq!(ovh["status"], "warn", "{ovh}");
    let skew = ovh["clock_skew_s"].as_f64().unwrap();
    assert!(
        (skew + 900.0).abs() <= 2.0,
        "local - server is about -900: {skew}"
    );
    assert!(
        ovh["detail"]
            .as_str()
            .unwrap()
            .contains("1 OVHcloud Connect service"),
        "{ovh}"
    );
    assert_all_signed(&server, 900).await;
}
