//! `cc ovh diagnose|incidents|update` against wiremock (issue 22): the `DiagnosticConfiguration`
//! and `Update` bodies as `ovh-api-schema/ovhCloudConnect.json` defines them, the wait on
//! `GET .../diagnostic/{id}` with a task's rules (exit 8, exit 7 with the resume command),
//! open incidents versus `--all`; and bad input to every health command refused before
//! anything is sent.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request};

use super::*;
use crate::common::{TestEnv, assert_code, received, refused, run, run_json, stderr, stdout};

/// A diagnostic (`ovhcloudconnect.Diagnostic`) of `function` in `status`.
fn diagnostic(function: &str, status: &str, result: Value) -> Value {
    json!({"id": 9001, "function": function, "status": status, "date": "2024-05-02T07:00:00Z",
        "description": format!("{function} on POP configuration 1001"), "source": "mock",
        "result": result})
}

/// A server whose diagnostic POST answers 9001 `todo`, read back `todo`, `doing`, then `done`
/// with `result`.
async fn diagnose_server(function: &str, result: Value) -> MockServer {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("POST"))
        .and(path(occ("/diagnostic")))
        .respond_with(answer(200, &diagnostic(function, "todo", Value::Null)))
        .mount(&server)
        .await;
    for status in ["todo", "doing"] {
        Mock::given(method("GET"))
            .and(path(occ("/diagnostic/9001")))
            .respond_with(answer(200, &diagnostic(function, status, Value::Null)))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(occ("/diagnostic/9001")))
        .respond_with(answer(200, &diagnostic(function, "done", result)))
        .mount(&server)
        .await;
    nothing_else(&server).await;
    server
}

fn routes() -> Value {
    json!([
        {"prefix": "198.51.100.0/24", "aspath": "65400", "med": 0, "localprefix": 100,
         "timestamp": "2024-05-02T07:00:00Z"},
        {"prefix": "203.0.113.0/24", "aspath": "65400 64512", "med": 10, "localprefix": 100,
         "timestamp": "2024-05-02T07:00:00Z"}
    ])
}

fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

#[tokio::test(flavor = "multi_thread")]
async fn diagnose_posts_the_diagnostic_configuration_then_waits_for_done() {
    let server = diagnose_server("diagRoutes", routes()).await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "diagnose",
        SVC,
        "--pop",
        "1001",
        "--function",
        "diagRoutes",
        "--routes",
        "advertised-routes",
        "-o",
        "table",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let posted = received(&server, "POST", "/diagnostic").await;
    assert_eq!(posted.len(), 1);
    // `DiagnosticConfiguration`: the two required fields and the one option given, no other.
    assert_eq!(
        body(&posted[0]),
        json!({"popConfigId": 1001, "diagnosticName": "diagRoutes",
            "diagnosticType": "advertised-routes"})
    );
    assert_eq!(
        received(&server, "GET", "/diagnostic/9001").await.len(),
        3,
        "todo, doing, done"
    );
    assert_all_signed(&server, 0).await;
    let text = stdout(&out);
    assert!(
        text.contains("DIAGNOSTIC   9001 diagRoutes (done)"),
        "{text}"
    );
    assert!(
        text.contains("ROUTES") && text.contains("203.0.113.0/24") && text.contains("65400 64512"),
        "{text}"
    );

    // Every option of the schema, by name; `--id` resumes without posting.
    let server = diagnose_server("diagPeeringExtra", json!([])).await;
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "diagnose",
        SVC,
        "--pop",
        "1001",
        "--function",
        "diagPeeringExtra",
        "--dc",
        "3001",
        "--extra",
        "4001",
        "-o",
        "json",
    ]);
    assert_eq!(run_json(cmd).await["status"], "done");
    let posted = received(&server, "POST", "/diagnostic").await;
    assert_eq!(
        body(&posted[0]),
        json!({"popConfigId": 1001, "diagnosticName": "diagPeeringExtra",
            "dcConfigId": 3001, "extraConfigId": 4001})
    );
    let server = diagnose_server("diagPeering", json!([])).await;
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "diagnose", SVC, "--id", "9001", "-o", "json"]);
    assert_eq!(run_json(cmd).await["id"], 9001);
    assert!(received(&server, "POST", "/diagnostic").await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_diagnostic_in_error_is_exit_8_and_a_timeout_names_the_resume() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("POST"))
        .and(path(occ("/diagnostic")))
        .respond_with(answer(200, &diagnostic("diagMacs", "todo", Value::Null)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(occ("/diagnostic/9001")))
        .respond_with(answer(200, &diagnostic("diagMacs", "error", Value::Null)))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "diagnose",
        SVC,
        "--pop",
        "1001",
        "--function",
        "diagMacs",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 8);
    assert!(stderr(&out).contains("9001"), "{}", stderr(&out));

    // Never done within the timeout.
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(occ("/diagnostic/9001")))
        .respond_with(answer(200, &diagnostic("diagMacs", "doing", Value::Null)))
        .mount(&server)
        .await;
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "diagnose", SVC, "--id", "9001", "--timeout", "100ms"]);
    let out = run(cmd).await;
    assert_code(&out, 7);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cc ovh diagnose {SVC} --id 9001")),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn incidents_shows_the_open_ones_unless_all() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 2).await;
    let items = [
        json!({"id": 501, "type": "incident",
            "startDate": "2024-06-11T03:10:00Z", "endDate": "2024-06-11T04:25:00Z"}),
        json!({"id": 502, "type": "maintenance",
            "startDate": "2024-06-11T03:10:00Z", "endDate": "2999-01-01T00:00:00Z"}),
        json!({"id": 503, "type": "incident", "startDate": "2024-06-12T00:00:00Z", "endDate": null}),
    ];
    mount_list(&server, &occ("/incident"), &items).await;
    nothing_else(&server).await;
    let env = TestEnv::new();
    let ids = |list: &Value| -> Vec<u64> {
        let all = list.as_array().expect("a list");
        all.iter().filter_map(|i| i["id"].as_u64()).collect()
    };
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "incidents", SVC, "-o", "json"]);
    assert_eq!(ids(&run_json(cmd).await), [502, 503]);
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "incidents", SVC, "--all", "-o", "json"]);
    assert_eq!(ids(&run_json(cmd).await), [501, 502, 503]);
    assert_eq!(received(&server, "GET", "/incident").await.len(), 2);
    assert_all_signed(&server, 0).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_puts_the_description_then_prints_the_service() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("PUT"))
        .and(path(occ("")))
        .respond_with(answer(200, &Value::Null))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(occ("")))
        .respond_with(answer(
            200,
            &fixture_with("service.json", json!({ "description": "Paris link" })),
        ))
        .expect(1)
        .mount(&server)
        .await;
    nothing_else(&server).await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "update",
        SVC,
        "--description",
        "Paris link",
        "-o",
        "json",
    ]);
    assert_eq!(run_json(cmd).await["description"], "Paris link");
    let put = received(&server, "PUT", &occ("")).await;
    // `ovhcloudconnect.Update`: the description alone.
    assert_eq!(body(&put[0]), json!({"description": "Paris link"}));
    assert_all_signed(&server, 0).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_exit_2_naming_the_flag_and_sends_nothing() {
    let server = MockServer::start().await;
    nothing_else(&server).await;
    let env = TestEnv::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &["stats", SVC, "--pop", "1001", "--type", "light:in"],
            "--type: `light:in` is not a statistic of --pop",
        ),
        (
            &[
                "stats",
                SVC,
                "--interface",
                "2001",
                "--type",
                "prefix:limit",
            ],
            "--type: `prefix:limit` is not a statistic of --interface",
        ),
        (&["stats", SVC, "--type", "light:in"], "--interface"),
        (
            &[
                "stats",
                SVC,
                "--interface",
                "2001",
                "--type",
                "light:in",
                "--period",
                "monthly",
            ],
            "--period",
        ),
        (
            &[
                "diagnose",
                SVC,
                "--pop",
                "1001",
                "--function",
                "diagPeering",
                "--routes",
                "routes",
            ],
            "--routes: only applies to --function diagRoutes",
        ),
        (
            &[
                "diagnose",
                SVC,
                "--pop",
                "1001",
                "--function",
                "diagPeeringExtra",
            ],
            "--function diagPeeringExtra: needs --dc and --extra",
        ),
        (
            &[
                "diagnose",
                SVC,
                "--pop",
                "1001",
                "--function",
                "diagEverything",
            ],
            "--function",
        ),
        (&["diagnose", SVC, "--pop", "1001"], "--function"),
        (
            &["update", SVC, "--description", "two\nlines"],
            "--description: must not hold control characters",
        ),
    ];
    for (args, names) in cases {
        let mut cmd = ovh(&env, &server);
        cmd.arg("ovh");
        let err = refused(cmd, args).await;
        assert!(err.contains(names), "{args:?}: {err}");
    }
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "sent {} requests", sent.len());
}
