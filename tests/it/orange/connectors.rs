//! The look-ups and the cloud connector's list, get, delete and wait.

use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{API_KEY, CONNECTOR_ID, TOKEN, api, mount_token, networks, orange, with_state};
use crate::common::{
    TestEnv, assert_code, assert_planned, fixture, fixture_json, json_response, json_value,
    received, refuse, run, run_json, stderr, stdout,
};

#[tokio::test(flavor = "multi_thread")]
async fn vpns_sends_api_key_and_bearer_and_prints_the_documented_list() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .and(header("x-api-key", API_KEY))
        .and(bearer_token(TOKEN))
        .and(header("accept", "application/json"))
        .respond_with(json_response(200, &fixture("orange", "vpns.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "vpns"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Value =
        serde_json::from_str(&stdout(&out)).expect("stdout is JSON off a terminal");
    assert_eq!(printed, fixture_json("orange", "vpns.json"));
}

#[tokio::test(flavor = "multi_thread")]
async fn pops_page_through_offsets_until_the_total_and_limit_stops_early() {
    let server = MockServer::start().await;
    mount_token(&server, 2).await;
    let pops: Vec<Value> = (0..45)
        .map(|i| json!({"popId": format!("P{i}"), "popName": format!("POP-{i}")}))
        .collect();
    for (offset, expected_calls) in [(0, 2), (20, 2), (40, 1)] {
        let page: Vec<Value> = pops.iter().skip(offset).take(20).cloned().collect();
        Mock::given(method("GET"))
            .and(path("/ep/api/v1/network/pointsofpresence/ipsec"))
            .and(query_param("offset", offset.to_string()))
            .respond_with(
                json_response(200, &Value::Array(page).to_string())
                    .insert_header("X-Total-Count", "45"),
            )
            .expect(expected_calls)
            .mount(&server)
            .await;
    }
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "pops"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed.as_array().unwrap().len(), 45);
    assert_eq!(printed[44]["popId"], "P44");

    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "pops", "--limit", "25", "--jq", ".[].popId"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).lines().count(), 25);
    assert_eq!(stdout(&out).lines().last(), Some("P24"));
}

#[tokio::test(flavor = "multi_thread")]
async fn pops_without_a_total_are_read_ahead_and_marked_speculative_at_vv() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    // Three full pages of 20 and no `X-Total-Count`, as the Orange document shows them.
    let pops: Vec<Value> = (0..60)
        .map(|i| json!({"popId": format!("P{i}"), "popName": format!("POP-{i}")}))
        .collect();
    Mock::given(method("GET"))
        .and(path("/ep/api/v1/network/pointsofpresence/ipsec"))
        .respond_with(move |req: &wiremock::Request| {
            let offset: usize = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "offset")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(usize::MAX);
            let page: Vec<Value> = pops.iter().skip(offset).take(20).cloned().collect();
            json_response(200, &Value::Array(page).to_string())
        })
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["-vv", "orange", "pops", "--jq", ".[].popId"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let ids: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    let expected: Vec<String> = (0..60).map(|i| format!("P{i}")).collect();
    assert_eq!(ids, expected, "every POP once, in order");

    let requests = received(&server, "GET", "/ep/api/v1/network/pointsofpresence/ipsec").await;
    let mut offsets: Vec<usize> = requests
        .iter()
        .map(|r| {
            let q: std::collections::HashMap<String, String> =
                r.url.query_pairs().into_owned().collect();
            assert_eq!(q.get("limit").map(String::as_str), Some("20"), "{}", r.url);
            q["offset"].parse().unwrap()
        })
        .collect();
    offsets.sort_unstable();
    let distinct: std::collections::BTreeSet<usize> = offsets.iter().copied().collect();
    assert_eq!(distinct.len(), offsets.len(), "no page twice: {offsets:?}");
    // The three pages and the empty one that ends the list, read ahead together; at most a
    // window of four beyond the last full page, nothing further.
    for needed in [0, 20, 40, 60] {
        assert!(offsets.contains(&needed), "{offsets:?}");
    }
    assert!(
        offsets.iter().all(|o| o % 20 == 0 && *o <= 120),
        "{offsets:?}"
    );

    // `-vv` says which requests were guesses: not the first page nor the one after a full page.
    let err = stderr(&out);
    let line_of = |offset: usize| {
        err.lines()
            .find(|l| l.starts_with("> GET") && l.contains(&format!("offset={offset}")))
            .unwrap_or_else(|| panic!("no request line for offset {offset}:\n{err}"))
            .to_string()
    };
    assert!(!line_of(0).contains("(speculative)"), "{err}");
    assert!(!line_of(20).contains("(speculative)"), "{err}");
    assert!(line_of(40).ends_with("(speculative)"), "{err}");
    assert!(line_of(60).ends_with("(speculative)"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn get_by_name_uses_the_list_and_unknown_ids_are_exit_4() {
    let server = MockServer::start().await;
    mount_token(&server, 2).await;
    Mock::given(method("GET"))
        .and(path(api("/azure/cloudconnectors")))
        .respond_with(json_response(200, &format!("[{}]", with_state("ACTIVE"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(
            "/azure/cloudconnectors/00000000-0000-4000-8000-000000000000",
        )))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("X-OAPI-Request-Id", "req-404")
                .set_body_raw(
                    r#"{"code": 60, "message": "Resource not found"}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "get", "Connection to PARIS", "--jq", ".id"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), CONNECTOR_ID);

    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "get", "00000000-0000-4000-8000-000000000000"]);
    let out = run(cmd).await;
    assert_code(&out, 4);
    assert!(stderr(&out).contains("req-404"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_needs_yes_off_a_terminal_then_waits_until_gone() {
    let server = MockServer::start().await;
    mount_token(&server, 2).await;
    let one = format!("/azure/cloudconnectors/{CONNECTOR_ID}");
    Mock::given(method("GET"))
        .and(path(api(&one)))
        .respond_with(json_response(200, &with_state("ACTIVE")))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&one)))
        .respond_with(json_response(200, &with_state("STOPPING")))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&one)))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(api(&one)))
        .and(header("x-api-key", API_KEY))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "delete", CONNECTOR_ID]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert!(received(&server, "DELETE", &one).await.is_empty());

    let mut cmd = orange(&env, &server);
    cmd.args([
        "orange",
        "delete",
        CONNECTOR_ID,
        "--yes",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["status"], "deleted");
}

/// `--dry-run` of a delete: the connector is looked up once, the DELETE is planned and not
/// sent, and the wait for it to go is skipped (one GET in all).
#[tokio::test(flavor = "multi_thread")]
async fn dry_run_of_a_delete_plans_it_and_polls_nothing() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    let one = format!("/azure/cloudconnectors/{CONNECTOR_ID}");
    Mock::given(method("GET"))
        .and(path(api(&one)))
        .respond_with(json_response(200, &with_state("ACTIVE")))
        .expect(1)
        .mount(&server)
        .await;
    refuse(&server, "DELETE").await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "delete", CONNECTOR_ID, "--dry-run"]);
    let planned = run_json(cmd).await;
    assert_planned(
        &planned,
        "DELETE",
        &format!("{}{}", server.uri(), api(&one)),
    );
    assert_eq!(planned["headers"]["X-API-Key"], "***");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wait_that_times_out_is_exit_7_with_state_and_resume_command() {
    let env = TestEnv::new();
    env.with_profile(None, "prod");
    let mut cmd = env.cc();
    // The resume command repeats the options that chose the target (issue 11).
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "1h")
        .args(["--profile", "prod"])
        .args([
            "--sandbox",
            "orange",
            "create",
            "--name",
            "slow",
            "--bandwidth",
            "10",
            "--vpn",
            "VPNName3",
        ])
        .args([
            "--credential",
            "Azure_Credential_1",
            "--pop",
            "P1",
            "--region",
            "northeurope",
            "--resource-group",
            "rg-2",
        ])
        .args([
            "--vnet",
            "vnet-03",
            "--azure-asn",
            "65010",
            "--network-asn",
            "65011",
            "--interval",
            "50ms",
            "--timeout",
            "300ms",
        ]);
    let out = run(cmd).await;
    assert_code(&out, 7);
    let err = stderr(&out);
    assert!(
        err.contains("last state seen: PROVISIONING")
            && err.contains("resume: cc --profile prod --sandbox orange wait "),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn vnets_lists_the_step_1_path_with_no_query() {
    // Step 6 of the document prints step 1's path with no other parameter; cc used to add three
    // query parameters no document has.
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .and(header("x-api-key", API_KEY))
        .and(bearer_token(TOKEN))
        .respond_with(json_value(200, &networks()))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "vnets"]);
    assert_eq!(run_json(cmd).await, networks());
    let sent = received(&server, "GET", "/network/virtualprivatenetworks").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.query(), None, "no query: {}", sent[0].url);
}
