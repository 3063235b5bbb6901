//! Connections and ports: list, get, wait, delete, auth and secrets.

use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    COMPANY, CREATE_ARGS, GROUP_ID, KEY, SUB_ID, TOKEN, assert_no_key, cc, company,
    connection_path, group, mount_connection_sequence, mount_connections, mount_create_lookups,
    mount_ports, shown_create_body,
};
use crate::common::{
    TestEnv, assert_code, assert_planned, fixture, fixture_json, json_response, json_value,
    received, refuse, run, run_json, stderr, stdout,
};

#[tokio::test(flavor = "multi_thread")]
async fn list_get_and_ports_unwrap_results_and_read_both_speed_shapes() {
    let server = MockServer::start().await;
    mount_connections(&server, &fixture("console_connect", "connections.json")).await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    Mock::given(method("GET"))
        .and(path(connection_path(SUB_ID)))
        .and(bearer_token(TOKEN))
        .respond_with(json_response(
            200,
            &fixture("console_connect", "connection_subconnection.json"),
        ))
        .mount(&server)
        .await;
    let env = TestEnv::new();

    // As sent, but the service key an Azure connection shows as its `partner.account` masked.
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "list"]);
    let printed = run_json(cmd).await;
    let mut expected = fixture_json("console_connect", "connections.json")["results"].clone();
    expected[0]["partner"]["account"] = json!("***");
    assert_eq!(printed, expected);
    assert!(!printed.to_string().contains(KEY), "{printed}");

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "list", "-o", "table", "--limit", "4"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let table = stdout(&out);
    assert!(
        table.contains("STATUS")
            && table.contains("PENDING ACCEPTANCE")
            && table.contains("GROUP_LAYER2"),
        "{table}"
    );

    // The real GET dump of a subconnection: speed objects, plain-number speeds inside.
    // Its `partner.account` is its service key: masked in what is printed and at -vvv.
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "get", SUB_ID, "-vvv"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut expected = fixture_json("console_connect", "connection_subconnection.json");
    expected["partner"]["account"] = json!("***");
    assert_eq!(printed, expected);
    assert_no_key(&out, KEY);
    assert!(
        stderr(&out).contains(r#""account":"***""#),
        "{}",
        stderr(&out)
    );

    // By name: resolved from the list, then nothing else is fetched.
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "get", "Office link", "--jq", ".status"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "PENDING ACCEPTANCE");

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "get", "nothing by that name"]);
    let out = run(cmd).await;
    assert_code(&out, 4);

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "ports", "--limit", "1"]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        json!([fixture_json("console_connect", "ports.json")["results"][0]])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_reads_spaced_and_underscored_statuses_alike() {
    let server = MockServer::start().await;
    let spaced = json!({"id": "58afc0499430ab7f3666b990", "name": "Office link", "status": "PENDING ACCEPTANCE", "speed": 100});
    let mut active = spaced.clone();
    active["status"] = json!("ACTIVE");
    mount_connection_sequence(
        &server,
        "58afc0499430ab7f3666b990",
        &spaced,
        2,
        json_value(200, &active),
    )
    .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "wait",
        "58afc0499430ab7f3666b990",
        "--until",
        "pending_acceptance",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["status"],
        "PENDING ACCEPTANCE"
    );

    // A wait for ACTIVE goes on through PENDING ACCEPTANCE (a wait without `--until` would
    // stop there: it waits on the other side).
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "wait",
        "58afc0499430ab7f3666b990",
        "--until",
        "ACTIVE",
        "--interval",
        "10ms",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["status"],
        "ACTIVE"
    );

    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "wait", GROUP_ID, "--until", "READY-ISH"]);
    assert_code(&run(cmd).await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wait_that_times_out_is_exit_7_with_the_status_and_resume_command() {
    let server = MockServer::start().await;
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &group("CREATING"),
        1,
        json_value(200, &group("CREATING")),
    )
    .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "wait",
        GROUP_ID,
        "--interval",
        "100ms",
        // Long enough for the first answer to arrive on a loaded machine: the deadline bounds
        // the look-up too, and a wait with no answer yet has no last state to show.
        "--timeout",
        "2s",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 7);
    let err = stderr(&out);
    assert!(
        err.contains("last state seen: CREATING")
            && err.contains(&format!("cc console-connect wait {GROUP_ID}")),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_needs_yes_then_uses_the_v2_path_and_waits_until_gone() {
    let server = MockServer::start().await;
    // A failed connection is cleaned up: ERROR still shows once after the DELETE, then
    // DELETING, then it is gone.
    Mock::given(method("GET"))
        .and(path(connection_path(GROUP_ID)))
        .respond_with(json_value(200, &group("ERROR")))
        .up_to_n_times(3)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(connection_path(GROUP_ID)))
        .respond_with(json_value(200, &group("DELETING")))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(connection_path(GROUP_ID)))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let v2 = format!("/api/v2/company/{COMPANY}/connections/{GROUP_ID}");
    Mock::given(method("DELETE"))
        .and(path(v2.as_str()))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "delete", GROUP_ID]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert!(received(&server, "DELETE", &v2).await.is_empty());

    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "delete",
        GROUP_ID,
        "-y",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        json!({"id": GROUP_ID, "name": "Azure ExpressRoute", "state": "DELETED", "status": "deleted", "request_id": null})
    );
}

/// `--dry-run` of a delete: the DELETE (v2 path) is planned and not sent, and the wait for the
/// connection to go is skipped (one GET in all).
#[tokio::test(flavor = "multi_thread")]
async fn dry_run_of_a_delete_plans_it_and_polls_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(connection_path(GROUP_ID)))
        .respond_with(json_value(200, &group("ACTIVE")))
        .expect(1)
        .mount(&server)
        .await;
    refuse(&server, "DELETE").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "delete", GROUP_ID, "--dry-run"]);
    let planned = run_json(cmd).await;
    let url = format!(
        "{}/api/v2/company/{COMPANY}/connections/{GROUP_ID}",
        server.uri()
    );
    assert_planned(&planned, "DELETE", &url);
    assert_eq!(planned["headers"]["Authorization"], "Bearer ***");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_key_never_appears_at_vvv_or_in_dry_run_and_the_key_check_still_runs() {
    let server = MockServer::start().await;
    mount_create_lookups(&server).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(CREATE_ARGS).args(["--dry-run", "-vvv"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let (out_text, err_text) = (stdout(&out), stderr(&out));
    // Neither the API key nor the service key (sent in the key check's body, echoed in its
    // answer, sent in the order's body) shows, at -vvv or in the plan.
    assert_no_key(&out, TOKEN);
    assert_no_key(&out, KEY);
    assert!(
        err_text.contains("> POST ") && err_text.contains("Authorization: Bearer ***"),
        "{err_text}"
    );
    assert!(err_text.contains(r#"{"serviceKey":"***"}"#), "{err_text}");
    let dry: Value = serde_json::from_str(&out_text).unwrap();
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["method"], "PUT");
    assert_eq!(dry["headers"]["Authorization"], "Bearer ***");
    assert_eq!(dry["body"], shown_create_body());
    assert_eq!(received(&server, "POST", "/serviceKey").await.len(), 1);
    assert!(received(&server, "PUT", "/create").await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_failures_and_missing_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(company("/ports")))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            fixture("console_connect", "error_unauthorized.json"),
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "ports"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("401") && err.contains("Invalid API key"),
        "{err}"
    );

    let mut cmd = env.cc();
    cmd.env("CC_CONSOLE_CONNECT_URL", server.uri())
        .args(["console-connect", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("CC_CONSOLE_CONNECT_TOKEN") && err.contains("CC_CONSOLE_CONNECT_COMPANY"),
        "{err}"
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
}
