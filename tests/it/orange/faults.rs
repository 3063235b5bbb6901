//! Retries, malformed answers, refused connections, auth failures, missing credentials and
//! secrets in logs.

use std::time::{Duration, Instant};

use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    API_KEY, CLIENT_SECRET, CREATE_ARGS, PROJECT, TOKEN, api, mount_lookups, mount_no_connectors,
    mount_token, orange,
};
use crate::common::{TestEnv, assert_code, fixture, json_response, received, run, stderr, stdout};

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
        .respond_with(json_response(200, &fixture("orange", "vpns.json")))
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
        .respond_with(json_response(200, &fixture("orange", "vpns.json")))
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
        .respond_with(json_response(200, r#"[{"popName": "no popId here"}]"#))
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
        .respond_with(json_response(200, &fixture("orange", "vpns.json")))
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
