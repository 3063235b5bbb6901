//! Creates and deletes answer a task: `cc` waits until `done` and prints the object by the
//! task's `resourceId`; `error` and `denied` are exit 8 naming the task; a timeout is exit 7
//! with the `cc ovh task wait` command that resumes; a vRack task that answers 404 is done.

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use super::*;
use crate::common::{TestEnv, assert_code, received, run, run_json, stderr};

/// A server where POP configuration creates answer task 7001 for POP 1001, which reads as
/// `statuses` in turn (the last one then stays).
async fn pop_create_server(statuses: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    mount_list(&server, &occ("/config/pop"), &[]).await;
    Mock::given(method("POST"))
        .and(path(occ("/config/pop")))
        .respond_with(answer(
            200,
            &fixture_with("task.json", json!({ "status": "todo" })),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (last, first) = statuses.split_last().expect("a status");
    for status in first {
        Mock::given(method("GET"))
            .and(path(occ("/task/7001")))
            .respond_with(answer(
                200,
                &fixture_with("task.json", json!({ "status": status })),
            ))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(occ("/task/7001")))
        .respond_with(answer(
            200,
            &fixture_with("task.json", json!({ "status": last })),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(occ("/config/pop/1001")))
        .respond_with(answer(
            200,
            &fixture_with(
                "pop_config.json",
                json!({ "type": "l2", "interfaceId": 2001, "customerBgpArea": null, "ovhBgpArea": null, "subnet": null }),
            ),
        ))
        .mount(&server)
        .await;
    server
}

fn l2_pop_create(env: &TestEnv, server: &MockServer) -> Command {
    let mut cmd = ovh(env, server);
    cmd.args([
        "ovh",
        "pop",
        "create",
        SVC,
        "--interface",
        "2001",
        "--type",
        "l2",
        "-o",
        "json",
    ]);
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_waits_for_done_then_prints_the_object_of_resource_id() {
    let server = pop_create_server(&["todo", "doing", "done"]).await;
    let env = TestEnv::new();
    let created = run_json(l2_pop_create(&env, &server)).await;
    assert_eq!(created["id"], 1001);
    assert_eq!(created["type"], "l2");
    assert_eq!(received(&server, "GET", "/task/7001").await.len(), 3);
    assert_eq!(received(&server, "GET", "/config/pop/1001").await.len(), 1);
    assert_all_signed(&server, 0).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_in_error_or_denied_is_exit_8_naming_the_task() {
    for status in ["error", "denied"] {
        let server = pop_create_server(&["doing", status]).await;
        let env = TestEnv::new();
        let out = run(l2_pop_create(&env, &server)).await;
        assert_code(&out, 8);
        let err = stderr(&out);
        assert!(
            err.contains("task 7001")
                && err.contains(status)
                && err.contains("addPopConfiguration"),
            "{err}"
        );
        assert!(
            received(&server, "GET", "/config/pop/1001")
                .await
                .is_empty()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_timeout_is_exit_7_with_the_task_wait_command() {
    let server = pop_create_server(&["doing"]).await;
    let env = TestEnv::new();
    env.with_profile(None, "lab");
    let mut cmd = l2_pop_create(&env, &server);
    cmd.args(["--timeout", "1s", "--profile", "lab"]);
    let out = run(cmd).await;
    assert_code(&out, 7);
    let err = stderr(&out);
    assert!(err.contains("last state seen: doing"), "{err}");
    assert!(
        err.contains(&format!("cc --profile lab ovh task wait {SVC} 7001")),
        "{err}"
    );
    // Resuming with that command finds it done.
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(occ("/task/7001")))
        .respond_with(answer(
            200,
            &fixture_with("task.json", json!({ "status": "done" })),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "task", "wait", SVC, "7001", "-o", "json"]);
    assert_eq!(run_json(cmd).await["status"], "done");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delete_waits_for_its_task_and_prints_the_delete_shape() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(occ("/config/pop/1001")))
        .respond_with(answer(200, &fixture_with("pop_config.json", json!({}))))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(occ("/config/pop/1001")))
        .respond_with(answer(
            200,
            &fixture_with(
                "task.json",
                json!({ "id": 7002, "function": "delPopConfiguration" }),
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(occ("/task/7002")))
        .respond_with(answer(
            200,
            &fixture_with(
                "task.json",
                json!({ "id": 7002, "function": "delPopConfiguration", "status": "done" }),
            ),
        ))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "pop", "delete", SVC, "1001", "--yes", "-o", "json"]);
    let shown = run_json(cmd).await;
    assert_eq!(shown["id"], "1001");
    assert_eq!(shown["status"], "deleted");
    assert_eq!(shown["state"], "deleted");
    assert_eq!(shown["task"]["id"], 7002);
    assert_eq!(shown["request_id"], Value::Null);
    assert!(
        shown["name"]
            .as_str()
            .unwrap()
            .contains("POP configuration 1001")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vrack_task_that_answers_404_is_done() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/vrack/pn-1/ovhCloudConnect")))
        .respond_with(answer(200, &json!([])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/vrack/pn-1/ovhCloudConnect")))
        .and(wiremock::matchers::body_json(
            json!({ "ovhCloudConnect": SVC }),
        ))
        .respond_with(answer(200, &fixture_with("vrack_task.json", json!({}))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/vrack/pn-1/task/90001")))
        .respond_with(answer(
            200,
            &fixture_with("vrack_task.json", json!({ "status": "doing" })),
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/vrack/pn-1/task/90001")))
        .respond_with(answer(
            404,
            &json!({ "class": "Client::NotFound", "message": "The requested object (taskId = 90001) does not exist" }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/ovhCloudConnect/{SVC}"))))
        .respond_with(answer(
            200,
            &fixture_with("service.json", json!({ "vrack": "pn-1" })),
        ))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "vrack", "attach", "pn-1", SVC, "-o", "json"]);
    let service = run_json(cmd).await;
    assert_eq!(service["vrack"], "pn-1");
    assert_eq!(received(&server, "GET", "/task/90001").await.len(), 2);
    assert_all_signed(&server, 0).await;
}
