//! Update and delete: a dry run of a delete sends nothing, a delete asks first then reports the
//! 204, and an update puts only the fields given.

use super::*;

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
