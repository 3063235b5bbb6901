//! Orange: what `cc` sends (paths, headers, bodies, counts) and prints, against wiremock
//! replaying the provider document's examples (`fixtures/orange/`), plus the fault paths and the
//! sandbox.

use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{
    basic_auth, bearer_token, body_json, body_string, header, method, path, query_param,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{
    TestEnv, assert_code, fixture, fixture_json, received, run, run_json, stderr, stdout,
};

const PROJECT: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const API_KEY: &str = "test-api-key-7f3a9c";
const CLIENT_ID: &str = "test-client-id";
const CLIENT_SECRET: &str = "test-client-secret-51b2";
const TOKEN: &str = "i6m2iIcY0SodWSe-example-token-L3ojAXXrH";
const CONNECTOR_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn api(rest: &str) -> String {
    format!("/ep/api/v1/projects/{PROJECT}{rest}")
}

fn json_response(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json")
}

/// `cc` pointed at the mock, with client credentials (token fetched from the mock).
fn orange(env: &TestEnv, server: &MockServer) -> Command {
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", format!("{}/ep", server.uri()))
        .env(
            "CC_ORANGE_TOKEN_URL",
            format!("{}/oauth/v3/token", server.uri()),
        )
        .env("CC_ORANGE_API_KEY", API_KEY)
        .env("CC_ORANGE_CLIENT_ID", CLIENT_ID)
        .env("CC_ORANGE_CLIENT_SECRET", CLIENT_SECRET)
        .env("CC_ORANGE_PROJECT_ID", PROJECT);
    cmd
}

async fn mount_token(server: &MockServer, expected_calls: u64) {
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(basic_auth(CLIENT_ID, CLIENT_SECRET))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(json_response(&fixture("orange", "token.json")))
        .expect(expected_calls)
        .named("token")
        .mount(server)
        .await;
}

/// Every look-up `create` needs, answered with the document's examples; each expected once.
async fn mount_lookups(server: &MockServer) {
    let authed = |m: &str, p: String| {
        Mock::given(method(m))
            .and(path(p))
            .and(header("x-api-key", API_KEY))
            .and(bearer_token(TOKEN))
    };
    authed("GET", api("/network/virtualprivatenetworks"))
        .and(query_param(
            "azureCspCredentialId",
            "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        ))
        .and(query_param("azureRegion", "northeurope"))
        .and(query_param("azureResourceGroup", "rg-3"))
        .respond_with(json_response(&fixture("orange", "vnets.json")))
        .with_priority(1)
        .expect(1)
        .named("vnets")
        .mount(server)
        .await;
    authed("GET", api("/network/virtualprivatenetworks"))
        .respond_with(json_response(&fixture("orange", "vpns.json")))
        .expect(1)
        .named("vpns")
        .mount(server)
        .await;
    authed("GET", "/ep/api/v1/network/pointsofpresence/ipsec".into())
        .and(query_param("limit", "20"))
        .and(query_param("offset", "0"))
        .respond_with(
            json_response(&fixture("orange", "pops.json")).insert_header("X-Total-Count", "5"),
        )
        .expect(1)
        .named("pops")
        .mount(server)
        .await;
    authed("GET", api("/azure/credentials"))
        .respond_with(json_response(&fixture("orange", "credentials.json")))
        .expect(1)
        .named("credentials")
        .mount(server)
        .await;
    authed("GET", api("/azure/regions"))
        .and(query_param(
            "azureCspCredentialId",
            "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        ))
        .respond_with(json_response(&fixture("orange", "regions.json")))
        .expect(1)
        .named("regions")
        .mount(server)
        .await;
    authed("GET", api("/azure/resourcegroups"))
        .and(query_param(
            "azureCspCredentialId",
            "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        ))
        .and(query_param("azureRegion", "northeurope"))
        .respond_with(json_response(&fixture("orange", "resourcegroups.json")))
        .expect(1)
        .named("resource groups")
        .mount(server)
        .await;
}

async fn mount_no_connectors(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(api("/azure/cloudconnectors")))
        .respond_with(json_response("[]"))
        .named("connector list")
        .mount(server)
        .await;
}

const CREATE_ARGS: [&str; 22] = [
    "orange",
    "create",
    "--name",
    "Connection to PARIS",
    "--bandwidth",
    "50",
    "--vpn",
    "VPNName3",
    "--credential",
    "Azure_Credential_1",
    "--pop",
    "POP-4",
    "--region",
    "northeurope",
    "--resource-group",
    "rg-3",
    "--vnet",
    "vnet-02",
    "--azure-asn",
    "64512",
    "--network-asn",
    "64513",
];

fn expected_create_body(state: &str) -> Value {
    json!({
        "name": "Connection to PARIS",
        "state": state,
        "bandWidth": 50,
        "technicalVpnId": "93b22b3c-fd7e-4c04-87cb-52df45fe6beb",
        "azureCredentialId": "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        "primaryPopLocalization": "POP4",
        "azureRegion": "northeurope",
        "resourceGroupName": "rg-3",
        "vnetName": "vnet-02",
        "azureAsn": 64512,
        "networkSideAsn": 64513
    })
}

fn with_state(state: &str) -> String {
    let mut v = fixture_json("orange", "create_active_response.json");
    v["state"] = json!(state);
    v.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn vpns_sends_api_key_and_bearer_and_prints_the_documented_list() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .and(header("x-api-key", API_KEY))
        .and(bearer_token(TOKEN))
        .and(header("accept", "application/json"))
        .respond_with(json_response(&fixture("orange", "vpns.json")))
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
        .respond_with(json_response(&fixture(
            "orange",
            "create_active_response.json",
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/azure/cloudconnectors/{CONNECTOR_ID}"))))
        .respond_with(json_response(&with_state("PROVISIONING")))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/azure/cloudconnectors/{CONNECTOR_ID}"))))
        .respond_with(json_response(&with_state("ACTIVE")))
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
        .respond_with(json_response(&fixture(
            "orange",
            "create_designed_response.json",
        )))
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

#[tokio::test(flavor = "multi_thread")]
async fn create_reads_values_from_a_file_and_flags_win() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .and(body_json(expected_create_body("ACTIVE")))
        .respond_with(json_response(&fixture(
            "orange",
            "create_active_response.json",
        )))
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
async fn reads_are_retried_after_two_503s() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .respond_with(ResponseTemplate::new(503).set_body_raw(
            fixture("orange", "error_service_unavailable.json"),
            "application/json",
        ))
        .up_to_n_times(2)
        .with_priority(1)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .respond_with(json_response(&fixture("orange", "vpns.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "vpns"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_is_retried_after_the_retry_after_delay() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_raw(
                    fixture("orange", "error_too_many_requests.json"),
                    "application/json",
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .respond_with(json_response(&fixture("orange", "vpns.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.env_remove("CC_TEST_NO_RETRY_DELAY")
        .args(["orange", "vpns"]);
    let started = Instant::now();
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 not honoured ({:?})",
        started.elapsed()
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
        .respond_with(json_response("[]"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/azure/cloudconnectors")))
        .respond_with(json_response(&format!("[{}]", with_state("PROVISIONING"))))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/azure/cloudconnectors/publicstandarddynamics")))
        .respond_with(
            json_response(&fixture("orange", "create_active_response.json"))
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

#[tokio::test(flavor = "multi_thread")]
async fn malformed_json_is_exit_5_without_a_panic() {
    let server = MockServer::start().await;
    mount_token(&server, 2).await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>gateway error</html>", "text/html"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ep/api/v1/network/pointsofpresence/ipsec"))
        .respond_with(json_response(r#"[{"popName": "no popId here"}]"#))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    for args in [["orange", "vpns"], ["orange", "pops"]] {
        let mut cmd = orange(&env, &server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_code(&out, 5);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains("unreadable response") || err.contains("unexpected"),
            "{err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn connection_refused_is_exit_6() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", format!("http://127.0.0.1:{port}/ep"))
        .env("CC_ORANGE_API_KEY", API_KEY)
        .env("CC_ORANGE_TOKEN", TOKEN)
        .env("CC_ORANGE_PROJECT_ID", PROJECT)
        .args(["orange", "vpns"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    assert!(
        stderr(&out).to_lowercase().contains("connect"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_401_renews_the_token_once_and_a_second_401_is_exit_3() {
    let server = MockServer::start().await;
    mount_token(&server, 2).await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            fixture("orange", "error_expired_credentials.json"),
            "application/json",
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/network/virtualprivatenetworks")))
        .respond_with(json_response(&fixture("orange", "vpns.json")))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "vpns"]);
    assert_code(&run(cmd).await, 0);

    let server = MockServer::start().await;
    mount_token(&server, 2).await;
    Mock::given(method("GET"))
        .and(path(api("/azure/credentials")))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            fixture("orange", "error_invalid_credentials.json"),
            "application/json",
        ))
        .expect(2)
        .mount(&server)
        .await;
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "credentials", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    let err: Value =
        serde_json::from_str(stderr(&out).trim()).expect("-o json error is one JSON object");
    assert_eq!(err["error"]["kind"], "auth");
    assert_eq!(err["error"]["status"], 401);
    assert_eq!(err["error"]["code"], "41");
    assert_eq!(err["error"]["provider"], "orange");
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_credentials_are_exit_2_naming_the_variables() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["orange", "vpns"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    for var in [
        "CC_ORANGE_URL",
        "CC_ORANGE_API_KEY",
        "CC_ORANGE_CLIENT_ID",
        "CC_ORANGE_TOKEN",
    ] {
        assert!(err.contains(var), "{var}: {err}");
    }
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
                json_response(&Value::Array(page).to_string()).insert_header("X-Total-Count", "45"),
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
async fn get_by_name_uses_the_list_and_unknown_ids_are_exit_4() {
    let server = MockServer::start().await;
    mount_token(&server, 2).await;
    Mock::given(method("GET"))
        .and(path(api("/azure/cloudconnectors")))
        .respond_with(json_response(&format!("[{}]", with_state("ACTIVE"))))
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
        .respond_with(json_response(&with_state("ACTIVE")))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&one)))
        .respond_with(json_response(&with_state("STOPPING")))
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

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_appears_at_vvv_or_in_dry_run() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS).args(["--dry-run", "-vvv"]);
    mount_no_connectors(&server).await;
    let out = run(cmd).await;
    assert_code(&out, 0);
    let (out_text, err_text) = (stdout(&out), stderr(&out));
    for secret in [API_KEY, CLIENT_SECRET, TOKEN] {
        assert!(!out_text.contains(secret), "secret in stdout: {out_text}");
        assert!(!err_text.contains(secret), "secret in stderr: {err_text}");
    }
    // -vvv really logged the requests, and the dry run described the order without sending it.
    assert!(
        err_text.contains("> GET ") && err_text.contains("X-API-Key: ***"),
        "{err_text}"
    );
    assert!(
        err_text.contains("Authorization: Bearer ***")
            && err_text.contains("Authorization: Basic ***"),
        "{err_text}"
    );
    let dry: Value = serde_json::from_str(&out_text).unwrap();
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["method"], "POST");
    assert_eq!(dry["headers"]["X-API-Key"], "***");
    assert_eq!(dry["headers"]["Authorization"], "Bearer ***");
    assert_eq!(
        dry["body"]["technicalVpnId"],
        "93b22b3c-fd7e-4c04-87cb-52df45fe6beb"
    );
    assert!(
        received(&server, "POST", "/publicstandarddynamics")
            .await
            .is_empty(),
        "dry run sent the order"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_create_wait_list_and_delete() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "300ms")
        .args([
            "--sandbox",
            "orange",
            "create",
            "--name",
            "Connection to AMSTERDAM",
            "--bandwidth",
            "100",
            "--vpn",
            "VPNName3",
        ])
        .args([
            "--credential",
            "Azure_Credential_2",
            "--pop",
            "DE3",
            "--region",
            "northeurope",
            "--resource-group",
            "rg-1",
        ])
        .args([
            "--vnet",
            "vnet-01",
            "--azure-asn",
            "65000",
            "--network-asn",
            "65001",
            "--interval",
            "100ms",
        ]);
    let created = run_json(cmd).await;
    assert_eq!(created["state"], "ACTIVE");
    assert_eq!(
        created["azureCredentialId"],
        "a2b3d7b8-f249-4a25-9f26-02682bbad4f3"
    );

    // Each --sandbox run has its own simulator: the seeded connector is there, deletable.
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "200ms").args([
        "--sandbox",
        "orange",
        "delete",
        "Connection to PARIS",
        "--yes",
        "--interval",
        "50ms",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);

    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "orange",
        "wait",
        "Connection to PARIS",
        "--until",
        "active",
        "-o",
        "yaml",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("state: ACTIVE"), "{}", stdout(&out));

    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "orange",
        "regions",
        "--credential",
        "Azure_Credential_1",
        "-o",
        "table",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("North Europe"), "{}", stdout(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wait_that_times_out_is_exit_7_with_state_and_resume_command() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "1h")
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
        err.contains("last state seen: PROVISIONING") && err.contains("cc orange wait "),
        "{err}"
    );
}
