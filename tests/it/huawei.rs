//! Huawei Cloud Connect: what `cc` sends (paths, queries, bodies, the SDK-HMAC-SHA256 signature
//! recomputed here from what the server received) and prints, against wiremock replaying the
//! documented responses (`fixtures/huawei/`), plus paging, errors, redaction and the sandbox.

use std::time::Duration;

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use cc::providers::huawei::sign::{self, SignInput};

use crate::common::{
    TestEnv, assert_code, fixture, fixture_json, received, run, run_json, stderr, stdout,
};

const AK: &str = "AKTESTEXAMPLE000001";
const SK: &str = "SKtestExampleSecretKey0000000000000000001";
const DOMAIN: &str = "0123456789abcdef0123456789abcdef";
const NOW: &str = "2024-01-02T03:04:05Z";
const SDK_DATE: &str = "20240102T030405Z";
const CC_ID: &str = "6a1b2c3d-0000-4000-8000-000000000001";
const NI_ID: &str = "7b2c3d4e-0000-4000-8000-000000000001";
const BWP_ID: &str = "8c3d4e5f-0000-4000-8000-000000000001";
const IRB_ID: &str = "9d4e5f60-0000-4000-8000-000000000001";
const VPC_ID: &str = "3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f";
const PROJECT: &str = "0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09";

fn api(rest: &str) -> String {
    format!("/v3/{DOMAIN}/ccaas{rest}")
}

fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(body.to_string(), "application/json")
        .insert_header("X-Request-Id", "req-from-mock")
}

/// `cc` pointed at the mock with the test-vector credentials and a fixed clock.
fn huawei(env: &TestEnv, server: &MockServer) -> Command {
    let mut cmd = env.cc();
    cmd.env("CC_HUAWEI_URL", server.uri())
        .env("CC_HUAWEI_AK", AK)
        .env("CC_HUAWEI_SK", SK)
        .env("CC_HUAWEI_DOMAIN_ID", DOMAIN)
        .env("CC_NOW", NOW);
    cmd
}

fn header_of<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Recomputes the signature of a received request with the signer, from what was on the wire,
/// and checks that the wire query is the canonical one. Returns the signature hex.
fn assert_signed(request: &Request) -> String {
    let authorization = header_of(request, "authorization");
    let fields = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .unwrap_or_else(|| panic!("not an SDK-HMAC-SHA256 Authorization: {authorization}"));
    let field = |key: &str| {
        fields
            .split(", ")
            .find_map(|p| p.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key} in {authorization}"))
    };
    assert_eq!(field("Access"), AK);
    let signed = field("SignedHeaders");
    for required in ["host", "x-domain-id", "x-sdk-date"] {
        assert!(
            signed.split(';').any(|h| h == required),
            "{required} not signed: {signed}"
        );
    }
    let headers: Vec<(String, String)> = signed
        .split(';')
        .filter(|h| !matches!(*h, "host" | "x-sdk-date"))
        .map(|h| (h.to_string(), header_of(request, h).to_string()))
        .collect();
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        request.url.query().unwrap_or_default(),
        sign::canonical_query(&pairs),
        "the wire query is the canonical query"
    );
    let expected = sign::sign(
        &SignInput {
            method: request.method.as_str(),
            host: header_of(request, "host"),
            path: request.url.path(),
            query: &pairs,
            headers: &headers,
            body: &request.body,
            sdk_date: header_of(request, "x-sdk-date"),
        },
        AK,
        SK,
    );
    assert_eq!(
        authorization, expected.authorization,
        "signature of {} {}",
        request.method, request.url
    );
    assert_eq!(header_of(request, "x-sdk-date"), SDK_DATE);
    assert_eq!(header_of(request, "x-domain-id"), DOMAIN);
    field("Signature").to_string()
}

async fn assert_all_signed(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(!requests.is_empty(), "nothing was sent");
    requests.iter().map(assert_signed).collect()
}

fn empty_list(key: &str) -> String {
    json!({ key: [], "page_info": { "current_count": 0 }, "request_id": "r0" }).to_string()
}

/// The documented cloud connection, with a real id.
fn documented_connection() -> Value {
    let mut cc =
        fixture_json("huawei", "create_cloud_connection_response.json")["cloud_connection"].clone();
    cc["id"] = json!(CC_ID);
    cc["domain_id"] = json!(DOMAIN);
    cc
}

async fn mount_name_lookup(server: &MockServer, collection: &str, name: &str, body: String) {
    Mock::given(method("GET"))
        .and(path(api(&format!("/{collection}"))))
        .and(query_param("name", name))
        .and(query_param("limit", "2000"))
        .respond_with(json_response(200, &body))
        .expect(1)
        .named("name lookup")
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_a_signed_request_and_prints_the_documented_response() {
    let server = MockServer::start().await;
    mount_name_lookup(
        &server,
        "cloud-connections",
        "cc-test",
        empty_list("cloud_connections"),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(api("/cloud-connections")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "cloud_connection": { "name": "cc-test", "description": "demo", "enterprise_project_id": "0" }
        })))
        .respond_with(json_response(201, &fixture("huawei", "create_cloud_connection_response.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "create",
        "--name",
        "cc-test",
        "--description",
        "demo",
        "--enterprise-project-id",
        "0",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Value = serde_json::from_str(&stdout(&out)).expect("JSON off a terminal");
    assert_eq!(
        printed,
        fixture_json("huawei", "create_cloud_connection_response.json")["cloud_connection"]
    );
    assert_all_signed(&server).await;
    let post = &received(&server, "POST", "/cloud-connections").await[0];
    let host = server.uri().trim_start_matches("http://").to_string();
    assert_eq!(
        header_of(post, "host"),
        host,
        "Host has the non-default port"
    );
    assert!(
        header_of(post, "authorization").starts_with(
            "SDK-HMAC-SHA256 Access=AKTESTEXAMPLE000001, SignedHeaders=accept;content-type;host;x-domain-id;x-sdk-date, Signature="
        ),
        "{}",
        header_of(post, "authorization")
    );
    let get = &received(&server, "GET", "/cloud-connections").await[0];
    assert!(
        header_of(get, "authorization")
            .contains("SignedHeaders=accept;host;x-domain-id;x-sdk-date,")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cloud_sdk_variables_are_accepted() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
        .respond_with(json_response(
            200,
            &json!({ "cloud_connection": documented_connection() }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_HUAWEI_URL", server.uri())
        .env("CLOUD_SDK_AK", AK)
        .env("CLOUD_SDK_SK", SK)
        .env("CC_HUAWEI_DOMAIN_ID", DOMAIN)
        .env("CC_NOW", SDK_DATE)
        .args(["huawei", "get", CC_ID]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_with_tags_tags_it_then_shows_it() {
    let server = MockServer::start().await;
    mount_name_lookup(
        &server,
        "cloud-connections",
        "cc-paris",
        empty_list("cloud_connections"),
    )
    .await;
    let mut created = documented_connection();
    created["name"] = json!("cc-paris");
    Mock::given(method("POST"))
        .and(path(api("/cloud-connections")))
        .and(body_json(
            json!({ "cloud_connection": { "name": "cc-paris" } }),
        ))
        .respond_with(json_response(
            201,
            &json!({ "cloud_connection": created, "request_id": "r1" }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let tags = json!([{ "key": "env", "value": "prod" }, { "key": "team", "value": "net-ops" }]);
    Mock::given(method("POST"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}/tag"))))
        .and(body_json(json!({ "tags": tags })))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-Id", "r2"))
        .expect(1)
        .mount(&server)
        .await;
    let mut shown = created.clone();
    shown["tags"] = tags.clone();
    Mock::given(method("GET"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
        .respond_with(json_response(
            200,
            &json!({ "cloud_connection": shown, "request_id": "r3" }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "create",
        "--name",
        "cc-paris",
        "--tag",
        "env=prod",
        "--tag",
        "team=net-ops",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["tags"], tags);
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_is_not_resent_and_is_looked_up_by_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/cloud-connections")))
        .and(query_param("name", "cc-paris"))
        .respond_with(json_response(200, &empty_list("cloud_connections")))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    let mut found = documented_connection();
    found["name"] = json!("cc-paris");
    Mock::given(method("GET"))
        .and(path(api("/cloud-connections")))
        .and(query_param("name", "cc-paris"))
        .respond_with(json_response(
            200,
            &json!({ "cloud_connections": [found], "page_info": {} }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/cloud-connections")))
        .respond_with(json_response(
            502,
            r#"{"error_code":"APIGW.0502","error_msg":"Bad gateway"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "create", "--name", "cc-paris"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains(&format!(
            "the create went through: cloud connection named `cc-paris` is {CC_ID}"
        )),
        "{err}"
    );
}

fn generated_connection(n: usize) -> Value {
    let mut cc = documented_connection();
    cc["id"] = json!(format!("6a1b2c3d-0000-4000-8000-{n:012}"));
    cc["name"] = json!(format!("cc-{n:04}"));
    cc
}

#[tokio::test(flavor = "multi_thread")]
async fn list_follows_markers_through_more_than_2000_items() {
    const TOTAL: usize = 4500;
    let all: Vec<Value> = (0..TOTAL).map(generated_connection).collect();
    let server = MockServer::start().await;
    let pages = [
        (None, 0..2000, Some(1999)),
        (Some(1999), 2000..4000, Some(3999)),
        (Some(3999), 4000..TOTAL, None),
    ];
    for (marker, range, next) in pages {
        let mut page_info = json!({ "current_count": range.len() });
        if let Some(next) = next {
            page_info["next_marker"] = all[next]["id"].clone();
        }
        let body = json!({ "cloud_connections": all[range].to_vec(), "page_info": page_info, "request_id": "r" });
        let mock = Mock::given(method("GET"))
            .and(path(api("/cloud-connections")))
            .and(query_param("limit", "2000"))
            .and(query_param("status", "ACTIVE"));
        let mock = match marker {
            Some(m) => mock.and(query_param("marker", all[m]["id"].as_str().unwrap())),
            None => mock.and(query_param_is_missing("marker")),
        };
        mock.respond_with(json_response(200, &body.to_string()))
            .expect(1)
            .mount(&server)
            .await;
    }
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "list", "--status", "active"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed.len(), TOTAL);
    assert_eq!(printed, all);
    assert_eq!(
        received(&server, "GET", "/cloud-connections").await.len(),
        3
    );
    assert_all_signed(&server).await;
}

async fn mount_fixture_pages(server: &MockServer, second_page_calls: u64) {
    Mock::given(method("GET"))
        .and(path(api("/cloud-connections")))
        .and(query_param_is_missing("marker"))
        .respond_with(json_response(
            200,
            &fixture("huawei", "list_cloud_connections_page_1.json"),
        ))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/cloud-connections")))
        .and(query_param(
            "marker",
            "6a1b2c3d-0000-4000-8000-000000000002",
        ))
        .respond_with(json_response(
            200,
            &fixture("huawei", "list_cloud_connections_page_2.json"),
        ))
        .expect(second_page_calls)
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_of_the_two_fixture_pages_is_one_table() {
    let server = MockServer::start().await;
    mount_fixture_pages(&server, 1).await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.env("COLUMNS", "200")
        .args(["huawei", "list", "-o", "table"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let table = stdout(&out);
    for name in [
        "cc-paris",
        "cc-frankfurt",
        "cc-singapore",
        "STATUS",
        "INSTANCES",
    ] {
        assert!(table.contains(name), "{table}");
    }
    assert_eq!(table.lines().count(), 4, "{table}");
}

#[tokio::test(flavor = "multi_thread")]
async fn limit_stops_after_n_items() {
    let server = MockServer::start().await;
    mount_fixture_pages(&server, 0).await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "list", "--limit", "2"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed.len(), 2);
    let sent = received(&server, "GET", "/cloud-connections").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.query(), Some("limit=2"));
}

#[tokio::test(flavor = "multi_thread")]
async fn get_by_name_uses_the_name_filter_and_refuses_ambiguity() {
    let server = MockServer::start().await;
    let page1 = fixture_json("huawei", "list_cloud_connections_page_1.json");
    let paris = page1["cloud_connections"][0].clone();
    // The API's filter may match loosely: `cc` keeps exact names only.
    let mut near = paris.clone();
    near["id"] = json!("6a1b2c3d-0000-4000-8000-00000000000a");
    near["name"] = json!("cc-paris-2");
    mount_name_lookup(
        &server,
        "cloud-connections",
        "cc-paris",
        json!({ "cloud_connections": [paris, near], "page_info": {} }).to_string(),
    )
    .await;
    let mut twin = paris.clone();
    twin["name"] = json!("cc-twin");
    twin["id"] = json!("6a1b2c3d-0000-4000-8000-00000000000b");
    mount_name_lookup(
        &server,
        "cloud-connections",
        "cc-twin",
        json!({ "cloud_connections": [twin.clone(), { "id": "6a1b2c3d-0000-4000-8000-00000000000c", "name": "cc-twin" }], "page_info": {} }).to_string(),
    )
    .await;
    mount_name_lookup(
        &server,
        "cloud-connections",
        "cc-none",
        empty_list("cloud_connections"),
    )
    .await;
    let env = TestEnv::new();

    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "get", "cc-paris"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed, page1["cloud_connections"][0]);

    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "get", "cc-twin"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("6a1b2c3d-0000-4000-8000-00000000000b"),
        "{err}"
    );
    assert!(
        err.contains("6a1b2c3d-0000-4000-8000-00000000000c"),
        "{err}"
    );

    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "get", "cc-none"]);
    let out = run(cmd).await;
    assert_code(&out, 4);
    assert!(
        stderr(&out).contains("no cloud connection"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_are_read_as_the_sdk_reads_them_with_the_request_id() {
    let cases = [
        (
            "error_invalid_parameter.json",
            400,
            5,
            "CC.1001",
            "The parameter is invalid.",
        ),
        (
            "error_camel_case.json",
            400,
            5,
            "CC.1033",
            "The quota of cloud connections is insufficient.",
        ),
        (
            "error_code_message.json",
            409,
            5,
            "CC.1032",
            "The cloud connection still has network instances.",
        ),
        (
            "error_iam_authentication.json",
            401,
            3,
            "APIGW.0301",
            "Incorrect IAM authentication information",
        ),
    ];
    for (file, status, exit, code, message) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_raw(fixture("huawei", file), "application/json")
                    .insert_header("X-Request-Id", "req-123"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let env = TestEnv::new();
        let mut cmd = huawei(&env, &server);
        cmd.args(["huawei", "get", CC_ID]);
        let out = run(cmd).await;
        assert_code(&out, exit);
        let err = stderr(&out);
        assert!(err.contains("provider: huawei"), "{file}: {err}");
        assert!(err.contains(&format!("status: {status}")), "{file}: {err}");
        assert!(err.contains(&format!("code: {code}")), "{file}: {err}");
        assert!(err.contains(message), "{file}: {err}");
        assert!(err.contains("request id: req-123"), "{file}: {err}");

        let mut cmd = huawei(&env, &server);
        cmd.args(["huawei", "get", CC_ID, "-o", "json"]);
        let _ = server.reset().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_raw(fixture("huawei", file), "application/json")
                    .insert_header("X-Request-Id", "req-123"),
            )
            .mount(&server)
            .await;
        let out = run(cmd).await;
        assert_code(&out, exit);
        let parsed: Value = serde_json::from_str(stderr(&out).trim()).expect("one JSON error");
        assert_eq!(parsed["error"]["code"], code);
        assert_eq!(parsed["error"]["status"], status);
        assert_eq!(parsed["error"]["provider"], "huawei");
        assert_eq!(parsed["error"]["request_id"], "req-123");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn not_found_is_exit_4_and_an_unreadable_body_exit_5() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/network-instances/{NI_ID}"))))
        .respond_with(json_response(
            404,
            r#"{"error_code":"CC.1004","error_msg":"not found"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}"))))
        .respond_with(json_response(
            200,
            r#"{"request_id":"x","something_else":{}}"#,
        ))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "network-instances", "get", NI_ID]);
    assert_code(&run(cmd).await, 4);
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "bandwidth-packages", "get", BWP_ID]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert!(
        stderr(&out).contains("no `bandwidth_package`"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn angle_brackets_in_a_description_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    let commands: [&[&str]; 5] = [
        &[
            "huawei",
            "create",
            "--name",
            "cc-x",
            "--description",
            "a <b> c",
        ],
        &["huawei", "update", CC_ID, "--description", "x>y"],
        &[
            "huawei",
            "network-instances",
            "create",
            "--cloud-connection",
            "cc-paris",
            "--name",
            "vpc-x",
            "--type",
            "vpc",
            "--instance-id",
            VPC_ID,
            "--project-id",
            PROJECT,
            "--region-id",
            "eu-west-0",
            "--cidr",
            "10.0.0.0/16",
            "--description",
            "<script>",
        ],
        &[
            "huawei",
            "bandwidth-packages",
            "create",
            "--name",
            "bwp",
            "--project-id",
            PROJECT,
            "--local-area",
            "Asia-Pacific",
            "--remote-area",
            "Asia-Pacific",
            "--bandwidth",
            "10",
            "--billing-mode",
            "4",
            "--description",
            "<",
        ],
        &[
            "huawei",
            "bandwidth-packages",
            "update",
            BWP_ID,
            "--description",
            "a>",
        ],
    ];
    for args in commands {
        let mut cmd = huawei(&env, &server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("angle brackets"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing was sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn other_bad_values_are_usage_errors_with_nothing_sent() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    let cases: [(&[&str], &str); 7] = [
        (&["huawei", "create", "--name", "bad name"], "--name"),
        (
            &["huawei", "create", "--name", "ok", "--tag", "novalue"],
            "--tag",
        ),
        (
            &[
                "huawei",
                "network-instances",
                "create",
                "--cloud-connection",
                CC_ID,
                "--name",
                "n",
                "--type",
                "vpn",
                "--instance-id",
                VPC_ID,
                "--project-id",
                PROJECT,
                "--region-id",
                "r",
                "--cidr",
                "10.0.0.0/16",
            ],
            "--type",
        ),
        (
            &[
                "huawei",
                "network-instances",
                "create",
                "--cloud-connection",
                CC_ID,
                "--name",
                "n",
                "--type",
                "vpc",
                "--instance-id",
                VPC_ID,
                "--project-id",
                PROJECT,
                "--region-id",
                "r",
                "--cidr",
                "10.0.0.1/16",
            ],
            "--cidr",
        ),
        (
            &[
                "huawei",
                "bandwidth-packages",
                "create",
                "--name",
                "b",
                "--project-id",
                PROJECT,
                "--local-area",
                "Europe",
                "--remote-area",
                "Asia-Pacific",
                "--bandwidth",
                "10",
                "--billing-mode",
                "4",
            ],
            "--local-area",
        ),
        (
            &[
                "huawei",
                "inter-region-bandwidths",
                "create",
                "--cloud-connection",
                CC_ID,
                "--bandwidth-package",
                BWP_ID,
                "--bandwidth",
                "5",
                "--region",
                "eu-west-0",
            ],
            "--region",
        ),
        (&["huawei", "update", CC_ID], "nothing to update"),
    ];
    for (args, needle) in cases {
        let mut cmd = huawei(&env, &server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing was sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_credentials_name_the_variables() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["huawei", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    for var in [
        "CC_HUAWEI_AK",
        "CC_HUAWEI_SK",
        "CLOUD_SDK_AK",
        "CC_HUAWEI_DOMAIN_ID",
    ] {
        assert!(err.contains(var), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_never_show_at_vvv_nor_in_dry_run() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/cloud-connections")))
        .respond_with(json_response(200, &empty_list("cloud_connections")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/cloud-connections")))
        .respond_with(json_response(
            201,
            &fixture("huawei", "create_cloud_connection_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["-vvv", "huawei", "create", "--name", "cc-test"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let signatures = assert_all_signed(&server).await;
    let log = stderr(&out);
    assert!(log.contains("Authorization: SDK-HMAC-SHA256 ***"), "{log}");
    assert!(log.contains("X-Sdk-Date: 20240102T030405Z"), "{log}");
    for secret in signatures.iter().map(String::as_str).chain([AK, SK]) {
        assert!(!log.contains(secret), "`{secret}` leaked at -vvv:\n{log}");
        assert!(!stdout(&out).contains(secret));
    }

    let mut cmd = huawei(&env, &server);
    cmd.args([
        "--dry-run",
        "-vvv",
        "huawei",
        "create",
        "--name",
        "cc-dry",
        "--description",
        "demo",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).expect("the dry run is JSON");
    assert_eq!(shown["method"], "POST");
    assert_eq!(shown["headers"]["Authorization"], "SDK-HMAC-SHA256 ***");
    assert_eq!(shown["headers"]["X-Sdk-Date"], SDK_DATE);
    assert_eq!(
        shown["body"],
        json!({ "cloud_connection": { "name": "cc-dry", "description": "demo" } })
    );
    // Only the first run's POST reached the server.
    assert_eq!(
        received(&server, "POST", "/cloud-connections").await.len(),
        1
    );
    let all = format!("{}{}", stdout(&out), stderr(&out));
    for secret in [AK, SK] {
        assert!(
            !all.contains(secret),
            "`{secret}` leaked in --dry-run:\n{all}"
        );
    }
    assert!(!all.contains("Signature="), "{all}");
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_asks_first_then_sends_delete_and_reports_the_204() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
        .respond_with(json_response(
            200,
            &json!({ "cloud_connection": documented_connection() }).to_string(),
        ))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-Id", "req-del-1"))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "delete", CC_ID]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert!(received(&server, "DELETE", CC_ID).await.is_empty());

    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "delete", CC_ID, "--yes"]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        json!({ "id": CC_ID, "name": "cloud-connection name", "status": "deleted", "request_id": "req-del-1" })
    );
    let delete = &received(&server, "DELETE", CC_ID).await[0];
    assert!(delete.body.is_empty());
    assert!(
        header_of(delete, "authorization")
            .contains("SignedHeaders=accept;host;x-domain-id;x-sdk-date,")
    );
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_puts_only_the_given_fields() {
    let server = MockServer::start().await;
    let mut renamed = documented_connection();
    renamed["name"] = json!("cc-renamed");
    Mock::given(method("PUT"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
        .and(body_json(
            json!({ "cloud_connection": { "name": "cc-renamed" } }),
        ))
        .respond_with(json_response(
            200,
            &json!({ "cloud_connection": renamed, "request_id": "r" }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "update", CC_ID, "--name", "cc-renamed"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["name"], "cc-renamed");
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn network_instance_create_sends_the_documented_body_and_waits_until_active() {
    let server = MockServer::start().await;
    mount_name_lookup(
        &server,
        "network-instances",
        "vpc-paris",
        empty_list("network_instances"),
    )
    .await;
    let pending = fixture_json("huawei", "network_instance_response.json");
    let mut active = pending.clone();
    active["network_instance"]["status"] = json!("ACTIVE");
    Mock::given(method("POST"))
        .and(path(api("/network-instances")))
        .and(body_json(json!({ "network_instance": {
            "name": "vpc-paris",
            "type": "vpc",
            "instance_id": VPC_ID,
            "project_id": PROJECT,
            "region_id": "eu-west-0",
            "cloud_connection_id": CC_ID,
            "cidrs": ["192.168.0.0/24", "192.168.1.0/24"],
        }})))
        .respond_with(json_response(201, &pending.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/network-instances/{NI_ID}"))))
        .respond_with(json_response(200, &pending.to_string()))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/network-instances/{NI_ID}"))))
        .respond_with(json_response(200, &active.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "network-instances",
        "create",
        "--cloud-connection",
        CC_ID,
        "--name",
        "vpc-paris",
        "--type",
        "VPC",
        "--instance-id",
        VPC_ID,
        "--project-id",
        PROJECT,
        "--region-id",
        "eu-west-0",
        "--cidr",
        "192.168.0.0/24",
        "--cidr",
        "192.168.1.0/24",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed, active["network_instance"]);
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn network_instance_in_error_is_exit_8() {
    let server = MockServer::start().await;
    let mut failed = fixture_json("huawei", "network_instance_response.json");
    failed["network_instance"]["status"] = json!("ERROR");
    Mock::given(method("GET"))
        .and(path(api("/network-instances")))
        .respond_with(json_response(200, &empty_list("network_instances")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/network-instances")))
        .respond_with(json_response(
            201,
            &fixture("huawei", "network_instance_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/network-instances/{NI_ID}"))))
        .respond_with(json_response(200, &failed.to_string()))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "network-instances",
        "create",
        "--cloud-connection",
        CC_ID,
        "--name",
        "vpc-paris",
        "--type",
        "vpc",
        "--instance-id",
        VPC_ID,
        "--project-id",
        PROJECT,
        "--region-id",
        "eu-west-0",
        "--cidr",
        "192.168.0.0/24",
        "--interval",
        "10ms",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 8);
    assert!(stderr(&out).contains("ERROR"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn bandwidth_package_create_and_associate_send_the_documented_bodies() {
    let server = MockServer::start().await;
    mount_name_lookup(
        &server,
        "bandwidth-packages",
        "bwp-eu-ap",
        empty_list("bandwidth_packages"),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(api("/bandwidth-packages")))
        .and(body_json(json!({ "bandwidth_package": {
            "name": "bwp-eu-ap",
            "project_id": PROJECT,
            "local_area_id": "Asia-Pacific",
            "remote_area_id": "Chinese-Mainland",
            "charge_mode": "bandwidth",
            "billing_mode": 4,
            "bandwidth": 20,
            "spec_code": "bandwidth.aptoap",
            "interflow_mode": "Area",
        }})))
        .respond_with(json_response(
            201,
            &fixture("huawei", "bandwidth_package_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}"))))
        .respond_with(json_response(
            200,
            &fixture("huawei", "bandwidth_package_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let mut bound = fixture_json("huawei", "bandwidth_package_response.json");
    bound["bandwidth_package"]["resource_id"] = json!(CC_ID);
    bound["bandwidth_package"]["resource_type"] = json!("cloud_connection");
    Mock::given(method("POST"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}/associate"))))
        .and(body_json(json!({ "bandwidth_package": { "resource_id": CC_ID, "resource_type": "cloud_connection" } })))
        .respond_with(json_response(200, &bound.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "bandwidth-packages",
        "create",
        "--name",
        "bwp-eu-ap",
        "--project-id",
        PROJECT,
        "--local-area",
        "asia-pacific",
        "--remote-area",
        "Chinese-Mainland",
        "--bandwidth",
        "20",
        "--billing-mode",
        "4",
        "--spec-code",
        "bandwidth.aptoap",
        "--interflow-mode",
        "area",
    ]);
    assert_code(&run(cmd).await, 0);
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "bandwidth-packages",
        "associate",
        BWP_ID,
        "--cloud-connection",
        CC_ID,
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["resource_id"], CC_ID);
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn disassociate_sends_the_same_body_shape() {
    let server = MockServer::start().await;
    let mut bound = fixture_json("huawei", "bandwidth_package_response.json");
    bound["bandwidth_package"]["resource_id"] = json!(CC_ID);
    Mock::given(method("GET"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}"))))
        .respond_with(json_response(200, &bound.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}/disassociate"))))
        .and(body_json(json!({ "bandwidth_package": { "resource_id": CC_ID, "resource_type": "cloud_connection" } })))
        .respond_with(json_response(200, &fixture("huawei", "bandwidth_package_response.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "bandwidth-packages",
        "disassociate",
        BWP_ID,
        "--cloud-connection",
        CC_ID,
    ]);
    assert_code(&run(cmd).await, 0);
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn inter_region_create_sends_both_regions() {
    let server = MockServer::start().await;
    let mut bound = fixture_json("huawei", "bandwidth_package_response.json");
    bound["bandwidth_package"]["resource_id"] = json!(CC_ID);
    Mock::given(method("GET"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}"))))
        .respond_with(json_response(200, &bound.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/inter-region-bandwidths")))
        .and(query_param("cloud_connection_id", CC_ID))
        .and(query_param("bandwidth_package_id", BWP_ID))
        .respond_with(json_response(200, &empty_list("inter_region_bandwidths")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/inter-region-bandwidths")))
        .and(body_json(json!({ "inter_region_bandwidth": {
            "cloud_connection_id": CC_ID,
            "bandwidth_package_id": BWP_ID,
            "bandwidth": 5,
            "inter_region_ids": ["eu-west-0", "ap-southeast-3"],
        }})))
        .respond_with(json_response(
            201,
            &fixture("huawei", "inter_region_bandwidth_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(api(&format!("/inter-region-bandwidths/{IRB_ID}"))))
        .and(body_json(
            json!({ "inter_region_bandwidth": { "bandwidth": 8 } }),
        ))
        .respond_with(json_response(
            200,
            &fixture("huawei", "inter_region_bandwidth_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "inter-region-bandwidths",
        "create",
        "--cloud-connection",
        CC_ID,
        "--bandwidth-package",
        BWP_ID,
        "--bandwidth",
        "5",
        "--region",
        "eu-west-0",
        "--region",
        "ap-southeast-3",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        fixture_json("huawei", "inter_region_bandwidth_response.json")["inter_region_bandwidth"]
    );
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "inter-region-bandwidths",
        "update",
        IRB_ID,
        "--bandwidth",
        "8",
    ]);
    assert_code(&run(cmd).await, 0);
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_huawei_command_has_help_with_examples() {
    let env = TestEnv::new();
    let commands: [&[&str]; 22] = [
        &["create"],
        &["list"],
        &["get"],
        &["update"],
        &["delete"],
        &["network-instances", "create"],
        &["network-instances", "list"],
        &["network-instances", "get"],
        &["network-instances", "update"],
        &["network-instances", "delete"],
        &["bandwidth-packages", "create"],
        &["bandwidth-packages", "list"],
        &["bandwidth-packages", "get"],
        &["bandwidth-packages", "update"],
        &["bandwidth-packages", "delete"],
        &["bandwidth-packages", "associate"],
        &["bandwidth-packages", "disassociate"],
        &["inter-region-bandwidths", "create"],
        &["inter-region-bandwidths", "list"],
        &["inter-region-bandwidths", "get"],
        &["inter-region-bandwidths", "update"],
        &["inter-region-bandwidths", "delete"],
    ];
    for sub in commands {
        let mut cmd = env.cc();
        cmd.arg("huawei").args(sub).arg("--help");
        let out = run(cmd).await;
        assert_code(&out, 0);
        let help = stdout(&out);
        assert!(help.contains("Examples:"), "{sub:?}:\n{help}");
        assert!(help.contains("$ cc huawei"), "{sub:?}:\n{help}");
    }
}

/// `cc` pointed at a running sandbox.
fn against(env: &TestEnv, settings: &[(String, String)]) -> Command {
    let mut cmd = env.cc();
    for (key, value) in settings {
        let var = match key.as_str() {
            "huawei.url" => "CC_HUAWEI_URL",
            "huawei.ak" => "CC_HUAWEI_AK",
            "huawei.sk" => "CC_HUAWEI_SK",
            "huawei.domain_id" => "CC_HUAWEI_DOMAIN_ID",
            _ => continue,
        };
        cmd.env(var, value);
    }
    cmd
}

async fn ok_json(mut cmd: Command, args: &[&str]) -> Value {
    cmd.args(args).args(["-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&out)))
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_carries_a_cloud_connection_through_its_whole_life() {
    let options = cc::sandbox::Options {
        latency: Duration::ZERO,
        provision_delay: Duration::from_millis(300),
    };
    let sandbox = cc::seam::start_sandbox("127.0.0.1:0", options)
        .await
        .expect("sandbox starts");
    let settings = sandbox.settings.clone();
    let env = TestEnv::new();
    let cc = || against(&env, &settings);

    let created = ok_json(
        cc(),
        &[
            "huawei",
            "create",
            "--name",
            "cc-lisbon",
            "--tag",
            "env=test",
        ],
    )
    .await;
    assert_eq!(created["name"], "cc-lisbon");
    assert_eq!(created["tags"], json!([{ "key": "env", "value": "test" }]));
    // 25 seeded + 1, served 10 per page: three marker pages, one array.
    let all = ok_json(cc(), &["huawei", "list"]).await;
    assert_eq!(all.as_array().map(Vec::len), Some(26));
    let mut cmd = cc();
    cmd.args(["-vv", "huawei", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_eq!(stderr(&out).matches("> GET").count(), 3, "{}", stderr(&out));

    for (name, region, cidr, vpc) in [
        (
            "vpc-lisbon",
            "eu-west-101",
            "10.10.0.0/16",
            "11111111-2222-4333-8444-555555555555",
        ),
        (
            "vpc-tokyo",
            "ap-northeast-1",
            "10.20.0.0/16",
            "66666666-7777-4888-8999-aaaaaaaaaaaa",
        ),
    ] {
        let ni = ok_json(
            cc(),
            &[
                "huawei",
                "network-instances",
                "create",
                "--cloud-connection",
                "cc-lisbon",
                "--name",
                name,
                "--type",
                "vpc",
                "--instance-id",
                vpc,
                "--project-id",
                PROJECT,
                "--region-id",
                region,
                "--cidr",
                cidr,
                "--interval",
                "50ms",
            ],
        )
        .await;
        assert_eq!(ni["status"], "ACTIVE", "{ni}");
    }
    let package = ok_json(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "create",
            "--name",
            "bwp-lisbon-tokyo",
            "--project-id",
            PROJECT,
            "--local-area",
            "Asia-Pacific",
            "--remote-area",
            "Asia-Pacific",
            "--bandwidth",
            "10",
            "--billing-mode",
            "4",
            "--cloud-connection",
            "cc-lisbon",
        ],
    )
    .await;
    assert_eq!(package["resource_id"], created["id"]);
    let irb = ok_json(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "create",
            "--cloud-connection",
            "cc-lisbon",
            "--bandwidth-package",
            "bwp-lisbon-tokyo",
            "--bandwidth",
            "5",
            "--region",
            "eu-west-101",
            "--region",
            "ap-northeast-1",
        ],
    )
    .await;
    let shown = ok_json(cc(), &["huawei", "get", "cc-lisbon"]).await;
    assert_eq!(shown["network_instance_number"], 2);
    assert_eq!(shown["bandwidth_package_number"], 1);
    assert_eq!(shown["inter_region_bandwidth_number"], 1);

    // The API refuses to delete what is still in use.
    let mut cmd = cc();
    cmd.args(["huawei", "delete", "cc-lisbon", "--yes"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert!(stderr(&out).contains("CC.1032"), "{}", stderr(&out));

    let irb_id = irb["id"].as_str().unwrap();
    ok_json(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "update",
            irb_id,
            "--bandwidth",
            "8",
        ],
    )
    .await;
    ok_json(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "delete",
            irb_id,
            "--yes",
        ],
    )
    .await;
    ok_json(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "disassociate",
            "bwp-lisbon-tokyo",
            "--cloud-connection",
            "cc-lisbon",
        ],
    )
    .await;
    ok_json(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "delete",
            "bwp-lisbon-tokyo",
            "--yes",
        ],
    )
    .await;
    for name in ["vpc-lisbon", "vpc-tokyo"] {
        ok_json(
            cc(),
            &["huawei", "network-instances", "delete", name, "--yes"],
        )
        .await;
    }
    let deleted = ok_json(cc(), &["huawei", "delete", "cc-lisbon", "--yes"]).await;
    assert_eq!(deleted["status"], "deleted");
    let mut cmd = cc();
    cmd.args(["huawei", "get", "cc-lisbon"]);
    assert_code(&run(cmd).await, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_rejects_a_bad_signature_like_the_gateway() {
    let options = cc::sandbox::Options {
        latency: Duration::ZERO,
        provision_delay: Duration::ZERO,
    };
    let sandbox = cc::seam::start_sandbox("127.0.0.1:0", options)
        .await
        .expect("sandbox starts");
    let env = TestEnv::new();
    let mut cmd = against(&env, &sandbox.settings);
    cmd.env("CC_HUAWEI_SK", "not-the-secret")
        .args(["huawei", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(err.contains("APIGW.0301"), "{err}");
    assert!(!err.contains("not-the-secret"), "{err}");

    let mut cmd = against(&env, &sandbox.settings);
    cmd.env("CC_NOW", "2020-01-01T00:00:00Z")
        .args(["huawei", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert!(stderr(&out).contains("15 minutes"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn in_process_sandbox_creates_and_pages() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "huawei",
        "create",
        "--name",
        "cc-quick",
        "--description",
        "one run",
    ]);
    let created = run_json(cmd).await;
    assert_eq!(created["status"], "ACTIVE");
    assert_eq!(created["description"], "one run");

    let mut cmd = env.cc();
    cmd.args(["--sandbox", "huawei", "list", "--jq", "length"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "25");
}
