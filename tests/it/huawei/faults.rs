//! Errors read as the SDK reads them, 404 and unreadable bodies, missing credentials, secrets
//! in logs.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    AK, BWP_ID, CC_ID, DOMAIN, NI_ID, SDK_DATE, SK, api, assert_all_signed, empty_list, gateway,
    huawei,
};
use crate::common::{TestEnv, assert_code, fixture, received, run, stderr, stdout};

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
        .respond_with(gateway(
            404,
            r#"{"error_code":"CC.1004","error_msg":"not found"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}"))))
        .respond_with(gateway(200, r#"{"request_id":"x","something_else":{}}"#))
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
        .respond_with(gateway(200, &empty_list("cloud_connections")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/cloud-connections")))
        .respond_with(gateway(
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

/// A server that does not speak TLS at an `https://` address: the handshake fails the same way
/// every time, so `cc` stops after one connection (exit 6) and says what to check.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_tls_handshake_is_not_retried() {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            seen.fetch_add(1, Ordering::SeqCst);
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        }
    });
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_HUAWEI_URL", format!("https://127.0.0.1:{port}"))
        .env("CC_HUAWEI_AK", AK)
        .env("CC_HUAWEI_SK", SK)
        .env("CC_HUAWEI_DOMAIN_ID", DOMAIN)
        .args(["huawei", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 6);
    let err = stderr(&out);
    assert!(err.contains("the TLS handshake was refused"), "{err}");
    assert!(err.contains("it is not retried"), "{err}");
    assert!(!err.contains("attempts"), "{err}");
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "one connection, no retry"
    );
}
