//! On wiremock: exactly what apply sends for one create and the task it waits for, nested
//! creates under configurations that stay, and a lost create answer looked up, never resent.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn apply_sends_one_create_with_the_commands_body_and_waits_for_its_task() {
    let env = TestEnv::new();
    let server = MockServer::start().await;
    mount_the_service(&server, json!({ "uuid": SVC })).await;
    mount_list(&server, &occ("/config/pop"), &[]).await;
    mount_create(&server, "/config/pop", (7001, 1001), 1).await;
    let text = format!(
        "ovh:\n  services:\n  - service: {SVC}\n    pop_configs:\n    - interface: 2001\n      type: l3\n      customer_asn: 65400\n      ovh_asn: 65401\n      subnet: 192.0.2.0/30\n"
    );
    let mut cmd = ovh(&env, &server);
    cmd.args(["apply", "-f", &file(&env, &text), "--yes", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["results"][0]["id"], "1001", "the task's resourceId");
    let posts = received(&server, "POST", "/config/pop").await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].url.path(), occ("/config/pop"));
    assert_eq!(
        serde_json::from_slice::<Value>(&posts[0].body).unwrap(),
        json!({"interfaceId": 2001, "type": "l3", "customerBgpArea": 65400, "ovhBgpArea": 65401, "subnet": "192.0.2.0/30"})
    );
    let all = server.received_requests().await.unwrap();
    assert!(
        all.iter()
            .all(|r| r.method.as_str() == "GET" || r.url.path() == occ("/config/pop")),
        "nothing else was changed"
    );
}

/// The seeded L3 tree as a file writes it (POP 1001 on interface 2002, datacenter configuration
/// 3001 with route 4001), two more routes in it and a datacenter configuration beside it.
const NESTED_IN_EXISTING: &str = "    pop_configs:
    - interface: 2002
      type: l3
      customer_asn: 65400
      ovh_asn: 65401
      subnet: 192.0.2.0/30
      datacenter_configs:
      - datacenter: 5
        ovh_asn: 65402
        subnet: 10.10.0.0/28
        extras:
        - {type: network, subnet: 172.16.0.0/24, next_hop: 10.10.0.10}
        - {type: network, subnet: 172.16.1.0/24, next_hop: 10.10.0.11}
        - {type: network, subnet: 172.16.2.0/24, next_hop: 10.10.0.12}
      - datacenter: 6
        ovh_asn: 65403
        subnet: 10.20.0.0/28
";

/// Mounts `creates` creates at `at`, each answering task `task` (done at once, read once a
/// create) that made `made`.
async fn mount_create(server: &MockServer, at: &str, (task, made): (u64, u64), creates: u64) {
    let answered = |status: &str| {
        let fields = json!({"id": task, "resourceId": made, "status": status});
        answer(200, &fixture_with("task.json", fields))
    };
    Mock::given(method("POST"))
        .and(path(occ(at)))
        .respond_with(answered("todo"))
        .expect(creates)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(occ(&format!("/task/{task}"))))
        .respond_with(answered("done"))
        .expect(creates)
        .mount(server)
        .await;
}

/// The mock's clock, and its one service, `SVC`: the fixture with `fields`.
async fn mount_the_service(server: &MockServer, fields: Value) {
    mount_time(server, 0, 1).await;
    mount_get(server, "/1.0/ovhCloudConnect", &json!([SVC])).await;
    mount_get(server, &occ(""), &fixture_with("service.json", fields)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn nested_creates_in_configurations_that_stay_use_the_plans_ids() {
    let env = TestEnv::new();
    let server = MockServer::start().await;
    mount_the_service(&server, json!({})).await;
    let pop = fixture_with("pop_config.json", json!({}));
    mount_list(&server, &occ("/config/pop"), &[pop]).await;
    let dc = fixture_with("datacenter_config.json", json!({}));
    mount_list(&server, &occ("/config/pop/1001/datacenter"), &[dc]).await;
    let route = fixture_with("extra_config.json", json!({}));
    let extras = "/config/pop/1001/datacenter/3001/extra";
    mount_list(&server, &occ(extras), &[route]).await;
    mount_create(&server, extras, (7002, 4002), 2).await;
    mount_create(&server, "/config/pop/1001/datacenter", (7003, 3002), 1).await;
    let text = format!("ovh:\n  services:\n  - service: {SVC}\n{NESTED_IN_EXISTING}");
    let mut cmd = ovh(&env, &server);
    cmd.args(["apply", "-f", &file(&env, &text), "--yes", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["summary"]["done"], 3, "{shown}");
    // The configurations the changes go in were listed once, by the plan: none again per
    // change; the datacenter configuration's POP is read once more, for its layer.
    let listed = |suffix| received(&server, "GET", suffix);
    assert_eq!(listed("/config/pop").await.len(), 1, "POP configurations");
    assert_eq!(
        listed("/datacenter").await.len(),
        1,
        "datacenter configurations"
    );
    assert_eq!(listed("/config/pop/1001").await.len(), 2, "POP 1001");
    assert_eq!(listed("/extra").await.len(), 1, "extras");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_answer_is_looked_up_and_the_one_found_followed_until_active() {
    let env = TestEnv::new();
    let server = MockServer::start().await;
    mount_the_service(&server, json!({})).await;
    // None before the create (the plan's read), then the one it made, `init` then `active`.
    mount_get_then(&server, &occ("/config/pop"), &json!([]), &json!([1001])).await;
    let made = |status: &str| {
        fixture_with(
            "pop_config.json",
            json!({"status": status, "type": "l2", "interfaceId": 2001, "customerBgpArea": null, "ovhBgpArea": null, "subnet": null}),
        )
    };
    mount_get_then(
        &server,
        &occ("/config/pop/1001"),
        &made("init"),
        &made("active"),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(occ("/config/pop")))
        .respond_with(answer(
            500,
            &json!({"class": "Server::InternalServerError", "message": "Internal server error"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let text = format!(
        "ovh:\n  services:\n  - service: {SVC}\n    pop_configs:\n    - interface: 2001\n      type: l2\n"
    );
    let mut cmd = ovh(&env, &server);
    cmd.args(["apply", "-f", &file(&env, &text), "--yes", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["results"][0]["id"], "1001");
    assert_eq!(received(&server, "POST", "/config/pop").await.len(), 1);
    assert_eq!(
        received(&server, "GET", "/config/pop/1001").await.len(),
        2,
        "followed until active"
    );
}
