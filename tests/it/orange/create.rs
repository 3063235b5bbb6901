//! `cc orange create`: the bodies it sends, the values it merges and checks, and what it does
//! when the order's answer is lost.

use std::time::Duration;

use serde_json::Value;
use wiremock::matchers::{bearer_token, body_json, header, method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    API_KEY, CONNECTOR_ID, CREATE_ARGS, TOKEN, api, expected_create_body, mount_lookups,
    mount_no_connectors, mount_token, networks, no_query, orange, with_state,
};
use crate::common::{
    TestEnv, assert_code, assert_planned, fixture, json_response, json_value, received, run,
    run_json, stderr, stdout,
};

#[tokio::test(flavor = "multi_thread")]
async fn create_resolves_names_concurrently_with_one_token_and_waits_until_active() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .and(header("x-api-key", API_KEY))
        .and(bearer_token(TOKEN))
        .and(body_json(expected_create_body("ACTIVE")))
        .respond_with(json_response(
            200,
            &fixture("orange", "create_active_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/azure/cloudconnectors/{CONNECTOR_ID}"))))
        .respond_with(json_response(200, &with_state("PROVISIONING")))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/azure/cloudconnectors/{CONNECTOR_ID}"))))
        .respond_with(json_response(200, &with_state("ACTIVE")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS).args(["--interval", "10ms"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["state"], "ACTIVE");
    assert_eq!(printed["id"], CONNECTOR_ID);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_with_design_sends_designed_and_no_wait_returns_at_once() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .and(body_json(expected_create_body("DESIGNED")))
        .respond_with(json_response(
            200,
            &fixture("orange", "create_designed_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS).args(["--design", "--no-wait"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["state"],
        "DESIGNING"
    );
    assert!(
        received(&server, "GET", &format!("/cloudconnectors/{CONNECTOR_ID}"))
            .await
            .is_empty(),
        "--no-wait must not poll"
    );
}

/// `--dry-run` of a create: the look-ups run, the order is planned (its body as it would be
/// sent) and never reaches the server, and nothing is polled.
#[tokio::test(flavor = "multi_thread")]
async fn dry_run_of_a_create_plans_the_order_without_sending_or_waiting() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    Mock::given(method("GET"))
        .and(path_regex("/azure/cloudconnectors/.+"))
        .respond_with(ResponseTemplate::new(404))
        .expect(0)
        .named("a poll of the new connector")
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS).arg("--dry-run");
    let planned = run_json(cmd).await;
    let url = format!(
        "{}{}",
        server.uri(),
        api("/azure/cloudconnectors/publicstandarddynamics")
    );
    assert_planned(&planned, "POST", &url);
    // The token request is the one POST that was sent.
    assert!(
        received(&server, "POST", "/publicstandarddynamics")
            .await
            .is_empty()
    );
    assert_eq!(planned["body"], expected_create_body("ACTIVE"));
}

#[tokio::test(flavor = "multi_thread")]
async fn create_reads_values_from_a_file_and_flags_win() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .and(body_json(expected_create_body("ACTIVE")))
        .respond_with(json_response(
            200,
            &fixture("orange", "create_active_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let file = env.home.path().join("connector.json");
    std::fs::write(
        &file,
        r#"{"name": "Connection to PARIS", "bandwidth": 50, "vpn": "VPNName3", "credential": "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
            "pop": "POP4", "region": "northeurope", "resource-group": "rg-3", "vnet": "vnet-02", "azure_asn": 64999, "network_asn": 64513}"#,
    )
    .unwrap();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "create", "--from-file"])
        .arg(&file)
        .args(["--azure-asn", "64512", "--no-wait"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_values_off_a_terminal_are_exit_2_naming_the_flags_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "create", "--name", "x", "--bandwidth", "50"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    for flag in [
        "--vpn",
        "--credential",
        "--pop",
        "--region",
        "--resource-group",
        "--vnet",
        "--azure-asn",
        "--network-asn",
    ] {
        assert!(err.contains(flag), "{flag} not named in: {err}");
    }
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_values_are_exit_2_naming_flag_and_rule_before_any_request() {
    let cases: [(&str, &str, &str); 5] = [
        ("--bandwidth", "30", "10, 20, 50, 100, 200, 500, 1000"),
        ("--azure-asn", "65516", "reserved"),
        ("--network-asn", "64000", "64512"),
        ("--azure-gateway-subnet", "10.0.0.1/29", "host bits"),
        ("--network-gateway-subnet", "not-a-cidr", "CIDR"),
    ];
    for (flag, value, rule) in cases {
        let server = MockServer::start().await;
        let env = TestEnv::new();
        let mut args: Vec<String> = CREATE_ARGS.iter().map(|s| s.to_string()).collect();
        match args.iter().position(|a| a == flag) {
            Some(i) => args[i + 1] = value.to_string(),
            None => args.extend([flag.to_string(), value.to_string()]),
        }
        let mut cmd = orange(&env, &server);
        cmd.args(&args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        let err = stderr(&out);
        assert!(err.contains(flag) && err.contains(rule), "{flag}: {err}");
        assert!(
            server.received_requests().await.unwrap().is_empty(),
            "{flag}: nothing may be sent"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ambiguous_vpn_name_lists_the_candidates_and_orders_nothing() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    let env = TestEnv::new();
    let mut args: Vec<&str> = CREATE_ARGS.to_vec();
    args[7] = "VPNName1";
    let mut cmd = orange(&env, &server);
    cmd.args(&args);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("2846fd1f-75f6-4e79-94af-368be950e79c")
            && err.contains("351cd244-37b3-41b4-8b7a-a8576862820d"),
        "{err}"
    );
    assert!(
        received(&server, "POST", "/publicstandarddynamics")
            .await
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_response_is_lost_is_never_resent_and_is_looked_up_by_name() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    // Before the order: no connector of that name. After: the one the lost order made.
    Mock::given(method("GET"))
        .and(path(api("/azure/cloudconnectors")))
        .respond_with(json_response(200, "[]"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/azure/cloudconnectors")))
        .respond_with(json_response(
            200,
            &format!("[{}]", with_state("PROVISIONING")),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .respond_with(
            json_response(200, &fixture("orange", "create_active_response.json"))
                .set_delay(Duration::from_secs(5)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS).args(["--http-timeout", "1s"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    let err = stderr(&out);
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains(&format!("cc orange wait {CONNECTOR_ID}")),
        "{err}"
    );
    assert_eq!(
        received(&server, "POST", "/publicstandarddynamics")
            .await
            .len(),
        1,
        "exactly one order"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_with_503_is_not_resent() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("X-OAPI-Request-Id", "req-503-abc")
                .set_body_raw(
                    fixture("orange", "error_service_unavailable.json"),
                    "application/json",
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    for shown in [
        "orange",
        "503",
        "code: 5",
        "Service unavailable",
        "req-503-abc",
        "NOT sent again",
    ] {
        assert!(err.contains(shown), "{shown} missing: {err}");
    }
}

/// The look-ups of a create whose region, resource group or vnet may be wrong: the documented
/// answers, and a 400 for the resource groups of a region the credential does not offer (what a
/// provider does with a bad query value). No expectations: which calls run depends on the case.
async fn mount_lookups_for_bad_values(server: &MockServer) {
    let credential = "b1c3d7b8-f249-4a25-9f26-02682bbad4f3";
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .and(no_query)
        .respond_with(json_value(200, &networks()))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ep/api/v1/network/pointsofpresence/ipsec"))
        .respond_with(json_response(200, &fixture("orange", "pops.json")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/azure/credentials")))
        .respond_with(json_response(200, &fixture("orange", "credentials.json")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/azure/regions")))
        .and(query_param("azureCspCredentialId", credential))
        .respond_with(json_response(200, &fixture("orange", "regions.json")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/azure/resourcegroups")))
        .and(query_param("azureRegion", "northeurope"))
        .respond_with(json_response(
            200,
            &fixture("orange", "resourcegroups.json"),
        ))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/azure/resourcegroups")))
        .respond_with(json_response(
            400,
            r#"{"code": 24, "message": "Invalid query-string parameter value", "description": "azureRegion"}"#,
        ))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .respond_with(json_response(500, "{}"))
        .expect(0)
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn values_not_in_the_fetched_lists_are_exit_2_naming_the_flag_and_what_is_offered() {
    // `--region mars` used to reach the provider's 400 for its resource groups (exit 5); the
    // regions were already fetched for the check, so it is exit 2 naming `--region`.
    let server = MockServer::start().await;
    // One token per run of cc: three runs.
    mount_token(&server, 3).await;
    mount_lookups_for_bad_values(&server).await;
    mount_no_connectors(&server).await;
    let env = TestEnv::new();
    let cases: [(usize, &str, &[&str]); 3] = [
        (
            13,
            "mars",
            &[
                "--region `mars`",
                "North Europe (northeurope)",
                "Asia (asia)",
            ],
        ),
        (15, "rg-9", &["--resource-group `rg-9`", "rg-1", "rg-4"]),
        (17, "vnet-09", &["--vnet `vnet-09`", "vnet-01", "vnet-03"]),
    ];
    for (at, value, said) in cases {
        let mut args: Vec<&str> = CREATE_ARGS.to_vec();
        assert!(args[at - 1].starts_with("--"));
        args[at] = value;
        let mut cmd = orange(&env, &server);
        cmd.args(&args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        let err = stderr(&out);
        for part in said.iter().chain(&["nothing was ordered"]) {
            assert!(err.contains(part), "{value}: `{part}` not in:\n{err}");
        }
    }
    assert!(
        received(&server, "POST", "/publicstandarddynamics")
            .await
            .is_empty()
    );
}

/// The connector list answers one connector named like the new one, in `state`.
async fn mount_one_named(server: &MockServer, state: &str) {
    let listed: Value = serde_json::from_str(&with_state(state)).expect("json");
    Mock::given(method("GET"))
        .and(path(api("/azure/cloudconnectors")))
        .respond_with(json_value(200, &Value::Array(vec![listed])))
        .named("connector list")
        .mount(server)
        .await;
}

/// The order itself, expected `calls` times.
async fn mount_order(server: &MockServer, calls: u64) {
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .respond_with(json_response(
            200,
            &fixture("orange", "create_active_response.json"),
        ))
        .expect(calls)
        .named("the order")
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_taken_name_is_exit_2_naming_the_existing_id_and_nothing_is_ordered() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_one_named(&server, "ACTIVE").await;
    mount_order(&server, 0).await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "Orange cloud connector {CONNECTOR_ID} already has it"
        )) && err.contains("nothing was sent")
            && err.contains(&format!("`cc orange get {CONNECTOR_ID}`"))
            && err.contains("--if-exists reuse"),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
}

#[tokio::test(flavor = "multi_thread")]
async fn if_exists_reuse_prints_the_existing_connector_and_create_orders_another() {
    let taken = async |orders| {
        let server = MockServer::start().await;
        mount_token(&server, 1).await;
        mount_lookups(&server).await;
        mount_one_named(&server, "ACTIVE").await;
        mount_order(&server, orders).await;
        server
    };
    let server = taken(0).await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS).args(["--if-exists", "reuse"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["id"], CONNECTOR_ID);
    assert_eq!(printed["state"], "ACTIVE");
    drop(server);

    let server = taken(1).await;
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS)
        .args(["--if-exists", "create", "--no-wait"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["state"], "PROVISIONING", "the order's answer");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_terminated_connector_does_not_hold_its_name() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_one_named(&server, "TERMINATED").await;
    mount_order(&server, 1).await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS).arg("--no-wait");
    let out = run(cmd).await;
    assert_code(&out, 0);
}
