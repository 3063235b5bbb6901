//! Lists over marker pages (past 2,000 items, the two fixture pages as one table, `--limit`),
//! and a get by name through the name filter, refusing an ambiguous name.

use super::*;

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
