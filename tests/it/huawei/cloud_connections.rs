//! Cloud connections: signed create (with tags), lists over marker pages, get by name, update,
//! delete, and the values refused before anything is sent.

use serde_json::{Value, json};
use wiremock::matchers::{
    body_json, header, method, path, path_regex, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    AK, BWP_ID, CC_ID, DOMAIN, PROJECT, SDK_DATE, SK, VPC_ID, api, assert_all_signed,
    documented_connection, empty_list, gateway, header_of, huawei, mount_name_lookup,
    refused_before_sending,
};
use crate::common::{
    TestEnv, assert_code, assert_planned, fixture, fixture_json, received, refuse, run, run_json,
    stderr, stdout,
};

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
        .respond_with(gateway(201, &fixture("huawei", "create_cloud_connection_response.json")))
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
    mount_documented_connection(&server, 1).await;
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
        .respond_with(gateway(
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
        .respond_with(gateway(
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

/// Answers GET of the documented cloud connection (`CC_ID`), expected `times` times.
async fn mount_documented_connection(server: &MockServer, times: u64) {
    Mock::given(method("GET"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
        .respond_with(gateway(
            200,
            &json!({ "cloud_connection": documented_connection() }).to_string(),
        ))
        .expect(times)
        .mount(server)
        .await;
}

/// `--dry-run` of a create with tags: both requests are planned and printed in order (the tags
/// go to the placeholder id the create would return), and no POST reaches the server. Only
/// the name look-up (a GET) is sent.
#[tokio::test(flavor = "multi_thread")]
async fn dry_run_of_a_create_with_tags_plans_both_requests_and_sends_neither() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/cloud-connections")))
        .and(query_param("name", "cc-paris"))
        .respond_with(gateway(200, &empty_list("cloud_connections")))
        .expect(2)
        .named("name lookup, once per run")
        .mount(&server)
        .await;
    refuse(&server, "POST").await;
    Mock::given(method("GET"))
        .and(path_regex("%3C|<"))
        .respond_with(gateway(404, "{}"))
        .expect(0)
        .named("a read of the placeholder")
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let args = [
        "huawei",
        "create",
        "--name",
        "cc-paris",
        "--tag",
        "env=prod",
        "--dry-run",
    ];
    let mut cmd = huawei(&env, &server);
    cmd.args(args);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stderr(&out), "", "a dry run warns about nothing");
    let plan: Value = serde_json::from_str(&stdout(&out)).expect("the plan is JSON");
    let plan = plan.as_array().expect("two requests are a JSON array");
    assert_eq!(plan.len(), 2, "{plan:?}");
    let base = format!("{}{}", server.uri(), api("/cloud-connections"));
    assert_planned(&plan[0], "POST", &base);
    assert_eq!(
        plan[0]["body"],
        json!({ "cloud_connection": { "name": "cc-paris" } })
    );
    assert_eq!(plan[0]["headers"]["Authorization"], "SDK-HMAC-SHA256 ***");
    assert_planned(
        &plan[1],
        "POST",
        &format!("{base}/<id of the new cloud connection>/tag"),
    );
    assert_eq!(
        plan[1]["body"],
        json!({ "tags": [{ "key": "env", "value": "prod" }] })
    );
    assert!(received(&server, "POST", "").await.is_empty());

    // As a table: one row per request, in the order they would be sent.
    let mut cmd = huawei(&env, &server);
    cmd.args(args).args(["-o", "table"]).env("COLUMNS", "200");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let table = stdout(&out);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].starts_with("METHOD") && lines[0].contains("URL") && lines[0].contains("BODY"),
        "{table}"
    );
    assert!(
        lines[1].starts_with("POST") && lines[1].contains("\"cc-paris\""),
        "{table}"
    );
    assert!(
        lines[2].starts_with("POST") && lines[2].contains("<id of the new cloud connection>/tag"),
        "{table}"
    );
    assert!(received(&server, "POST", "").await.is_empty());
}

/// `--dry-run` of a delete: the DELETE is planned, not sent; no confirmation is needed and
/// nothing is polled.
#[tokio::test(flavor = "multi_thread")]
async fn dry_run_of_a_delete_plans_it_without_sending_it() {
    let server = MockServer::start().await;
    mount_documented_connection(&server, 1).await;
    refuse(&server, "DELETE").await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "delete", CC_ID, "--dry-run"]);
    let planned = run_json(cmd).await;
    let url = format!(
        "{}{}",
        server.uri(),
        api(&format!("/cloud-connections/{CC_ID}"))
    );
    assert_planned(&planned, "DELETE", &url);
    assert_eq!(planned["body"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_is_not_resent_and_is_looked_up_by_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/cloud-connections")))
        .and(query_param("name", "cc-paris"))
        .respond_with(gateway(200, &empty_list("cloud_connections")))
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
        .respond_with(gateway(
            200,
            &json!({ "cloud_connections": [found], "page_info": {} }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/cloud-connections")))
        .respond_with(gateway(
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
        mock.respond_with(gateway(200, &body.to_string()))
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
        .respond_with(gateway(
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
        .respond_with(gateway(
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
async fn angle_brackets_in_a_description_are_refused_before_anything_is_sent() {
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
    let cases: Vec<(&[&str], &str)> = commands.map(|a| (a, "angle brackets")).to_vec();
    refused_before_sending(&MockServer::start().await, &cases).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn other_bad_values_are_usage_errors_with_nothing_sent() {
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
    refused_before_sending(&MockServer::start().await, &cases).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_asks_first_then_sends_delete_and_reports_the_204() {
    let server = MockServer::start().await;
    mount_documented_connection(&server, 2).await;
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
        json!({ "id": CC_ID, "name": "cloud-connection name", "state": null, "status": "deleted", "request_id": "req-del-1" })
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
        .respond_with(gateway(
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
