//! Creates: the signed request and the documented response, the cloud SDK's variables, tags
//! added then shown, a dry run planning both requests, and a lost create looked up by name.

use super::*;

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
