//! What goes wrong: OVH's two error shapes with code, message and `X-Ovh-QueryID`; the auth
//! codes (exit 3, a hint on the consumer key's rights) and the clock codes (a hint on the
//! clock); a create whose answer is lost, never sent again, and found again by what it sent
//! (an extra by its values, not its type alone); and no secret at `-vvv`, in `--dry-run` or in
//! errors.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use super::*;
use crate::common::{TestEnv, assert_code, received, run, stderr, stdout};

async fn failing_list(status: u16, body: Value) -> (MockServer, std::process::Output) {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/ovhCloudConnect")))
        .respond_with(answer(status, &body))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "list"]);
    let out = run(cmd).await;
    (server, out)
}

#[tokio::test(flavor = "multi_thread")]
async fn both_error_shapes_keep_code_message_and_query_id() {
    let (_s, out) = failing_list(
        403,
        json!({ "errorCode": "INVALID_CREDENTIAL", "httpCode": "403 Forbidden", "message": "This credential does not exist" }),
    )
    .await;
    assert_code(&out, 3);
    let err = stderr(&out);
    for needle in [
        "INVALID_CREDENTIAL",
        "This credential does not exist",
        QUERY_ID,
        "403",
        "consumer key only allows",
    ] {
        assert!(err.contains(needle), "`{needle}` not in:\n{err}");
    }
    // An auth code is exit 3 even when the status is not 401/403.
    let (_s, out) = failing_list(
        400,
        json!({ "errorCode": "INVALID_KEY", "httpCode": "400 Bad Request", "message": "Invalid application key" }),
    )
    .await;
    assert_code(&out, 3);
    let (_s, out) = failing_list(
        400,
        json!({ "errorCode": "QUERY_TIME_OUT", "httpCode": "400 Bad Request", "message": "Query out of time" }),
    )
    .await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(
        err.contains("QUERY_TIME_OUT") && err.contains("clock"),
        "{err}"
    );
    let (_s, out) = failing_list(
        404,
        json!({ "class": "Client::NotFound", "message": "The requested object (serviceName = x) does not exist" }),
    )
    .await;
    assert_code(&out, 4);
    let err = stderr(&out);
    assert!(
        err.contains("Client::NotFound")
            && err.contains("serviceName = x")
            && err.contains(QUERY_ID),
        "{err}"
    );
    // With -o json, the error object carries the same.
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/ovhCloudConnect")))
        .respond_with(answer(
            400,
            &serde_json::from_str(&fixture("ovh", "error_invalid_signature.json")).unwrap(),
        ))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let shown: Value = serde_json::from_str(stderr(&out).trim()).expect("a JSON error");
    assert_eq!(shown["error"]["code"], "INVALID_SIGNATURE");
    assert_eq!(shown["error"]["request_id"], QUERY_ID);
    assert_eq!(shown["error"]["provider"], "ovh");
}

/// A server whose first POP list is empty and whose later ones hold POP 1001 on interface 2001
/// (the create went through), answering the create with `create`.
async fn lost_create_server(create: wiremock::ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    mount_get_then(&server, &occ("/config/pop"), &json!([]), &json!([1001])).await;
    Mock::given(method("GET"))
        .and(path(occ("/config/pop/1001")))
        .respond_with(answer(
            200,
            &fixture_with(
                "pop_config.json",
                json!({ "status": "init", "type": "l2", "interfaceId": 2001, "customerBgpArea": null, "ovhBgpArea": null, "subnet": null }),
            ),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(occ("/config/pop")))
        .respond_with(create)
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_503_or_timing_out_is_not_resent_and_the_lookup_reports_it() {
    let slow = answer(200, &fixture_with("task.json", json!({}))).set_delay(Duration::from_secs(3));
    for (create, extra) in [
        (
            answer(
                503,
                &json!({ "class": "Server::ServiceUnavailable", "message": "busy" }),
            ),
            vec![],
        ),
        (slow, vec!["--http-timeout", "500ms"]),
    ] {
        let server = lost_create_server(create).await;
        let env = TestEnv::new();
        let mut cmd = ovh(&env, &server);
        cmd.args(&extra).args([
            "ovh",
            "pop",
            "create",
            SVC,
            "--interface",
            "2001",
            "--type",
            "l2",
        ]);
        let out = run(cmd).await;
        assert!(
            matches!(out.status.code(), Some(5) | Some(6)),
            "exit {:?}: {}",
            out.status.code(),
            stderr(&out)
        );
        let err = stderr(&out);
        assert!(err.contains("NOT sent again"), "{err}");
        assert!(
            err.contains(
                "the create went through: POP configuration on interface 2001 is 1001 (state init)"
            ),
            "{err}"
        );
        assert!(err.contains(&format!("cc ovh pop get {SVC} 1001")), "{err}");
        assert_eq!(received(&server, "POST", "/config/pop").await.len(), 1);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_extra_is_found_by_its_values_not_its_type_alone() {
    let extras = occ("/config/pop/1001/datacenter/3001/extra");
    let route = |id: u64, subnet: &str, hop: &str| {
        fixture_with(
            "extra_config.json",
            json!({"id": id, "status": "init", "subnet": subnet, "nextHop": hop}),
        )
    };
    // Someone else's static route appeared meanwhile (the same type, other values): it is not
    // the one sent; the one sent is, beside it.
    let other = route(4002, "172.16.9.0/24", "10.10.0.12");
    let sent = route(4003, "172.16.1.0/24", "10.10.0.11");
    let named =
        "extra configuration `network 172.16.1.0/24 10.10.0.11` on datacenter configuration 3001";
    for (appeared, says) in [
        (vec![other.clone()], format!("no {named} has appeared yet")),
        (
            vec![other, sent],
            format!("the create went through: {named} is 4003 (state init)"),
        ),
    ] {
        let server = MockServer::start().await;
        mount_time(&server, 0, 1).await;
        let dc = fixture_with("datacenter_config.json", json!({}));
        mount_list(&server, &occ("/config/pop/1001/datacenter"), &[dc]).await;
        let before = fixture_with("extra_config.json", json!({}));
        Mock::given(method("GET"))
            .and(path(extras.clone()))
            .respond_with(answer(200, &json!([4001])))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        mount_list(&server, &extras, &[vec![before], appeared].concat()).await;
        Mock::given(method("POST"))
            .and(path(extras.clone()))
            .respond_with(answer(
                503,
                &json!({ "class": "Server::ServiceUnavailable", "message": "busy" }),
            ))
            .expect(1)
            .mount(&server)
            .await;
        let env = TestEnv::new();
        let mut cmd = ovh(&env, &server);
        cmd.args(["ovh", "extra", "create", SVC, "1001", "3001"])
            .args(ROUTE);
        let out = run(cmd).await;
        let err = stderr(&out);
        assert!(err.contains("NOT sent again"), "{err}");
        assert!(err.contains(&says), "{says}: {err}");
        assert_eq!(received(&server, "POST", "/extra").await.len(), 1);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_at_vvv_in_dry_run_or_in_errors() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 2).await;
    mount_list(&server, &occ("/config/pop"), &[]).await;
    Mock::given(method("POST"))
        .and(path(occ("/config/pop")))
        .respond_with(answer(
            400,
            &json!({ "errorCode": "INVALID_SIGNATURE", "httpCode": "400 Bad Request", "message": "Invalid signature" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let pop = [
        "ovh",
        "pop",
        "create",
        SVC,
        "--interface",
        "2001",
        "--type",
        "l2",
    ];
    let mut cmd = ovh(&env, &server);
    cmd.arg("-vvv").args(pop);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let signatures = assert_all_signed(&server, 0).await;
    let mut cmd = ovh(&env, &server);
    cmd.args(["--dry-run", "-vvv"]).args(pop);
    let dry = run(cmd).await;
    assert_code(&dry, 0);
    let plan: Value = serde_json::from_str(&stdout(&dry)).expect("the dry run is JSON");
    assert_eq!(plan["method"], "POST");
    assert_eq!(plan["body"], json!({ "interfaceId": 2001, "type": "l2" }));
    for masked in ["X-Ovh-Signature", "X-Ovh-Consumer"] {
        assert_eq!(plan["headers"][masked], "***", "{plan}");
    }
    assert!(plan["headers"]["X-Ovh-Timestamp"].is_string(), "{plan}");
    assert_eq!(
        received(&server, "POST", "/config/pop").await.len(),
        1,
        "the dry run sent nothing"
    );
    let all = format!(
        "{}{}{}{}",
        stdout(&out),
        stderr(&out),
        stdout(&dry),
        stderr(&dry)
    );
    assert!(
        all.contains("X-Ovh-Signature"),
        "the headers are shown, masked:\n{all}"
    );
    for secret in signatures.iter().map(String::as_str).chain([AS, CK]) {
        assert!(!all.contains(secret), "`{secret}` leaked:\n{all}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn not_configured_names_the_variables() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["ovh", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    for var in [
        "OVH_APPLICATION_KEY",
        "OVH_APPLICATION_SECRET",
        "OVH_CONSUMER_KEY",
        "OVH_CLIENT_ID",
        "cc --sandbox ovh",
    ] {
        assert!(err.contains(var), "`{var}` not in:\n{err}");
    }
}

/// A list of ids that says more follow (`X-Pagination-Cursor-Next`, not followed by `cc`) is
/// exit 5 naming the call, and no object of the cut list is read: never a list silently cut.
#[tokio::test(flavor = "multi_thread")]
async fn a_list_that_pages_by_cursor_is_exit_5_not_cut() {
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path(api("/ovhCloudConnect")))
        .respond_with(answer(200, &json!([SVC])).insert_header("X-Pagination-Cursor-Next", "c2"))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(["ovh", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(
        err.contains("list OVHcloud Connect services") && err.contains("paginated list"),
        "{err}"
    );
    assert!(received(&server, "GET", SVC).await.is_empty());
}
