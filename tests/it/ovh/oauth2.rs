//! The OAuth2 service account: a client-credentials token, then only `Authorization: Bearer`
//! (no `X-Ovh-*` header, no `/auth/time`), renewed once on a 401.

use serde_json::json;
use wiremock::matchers::{body_string, header as has_header, method, path};
use wiremock::{Mock, MockServer};

use super::*;
use crate::common::{TestEnv, assert_code, received, run, stderr, stdout};

const CLIENT_ID: &str = "svc-account-id";
const CLIENT_SECRET: &str = "svc-account-secret-0001";

fn oauth2(env: &TestEnv, server: &MockServer) -> Command {
    let mut cmd = env.cc();
    cmd.env("CC_OVH_URL", format!("{}/1.0", server.uri()))
        .env("OVH_CLIENT_ID", CLIENT_ID)
        .env("OVH_CLIENT_SECRET", CLIENT_SECRET)
        .env(
            "CC_OVH_TOKEN_URL",
            format!("{}/auth/oauth2/token", server.uri()),
        );
    cmd
}

async fn mount_tokens(server: &MockServer) {
    use base64::Engine;
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    for (n, token) in ["first-bearer-token-0001", "second-bearer-token-0002"]
        .iter()
        .enumerate()
    {
        let mock = Mock::given(method("POST"))
            .and(path("/auth/oauth2/token"))
            .and(has_header("authorization", format!("Basic {basic}").as_str()))
            .and(body_string("grant_type=client_credentials&scope=all"))
            .respond_with(json_response(
                200,
                &json!({ "access_token": token, "token_type": "Bearer", "expires_in": 3599, "scope": "all" })
                    .to_string(),
            ));
        if n == 0 {
            mock.up_to_n_times(1).mount(server).await;
        } else {
            mock.mount(server).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bearer_only_and_renewed_once_on_a_401() {
    let server = MockServer::start().await;
    mount_tokens(&server).await;
    mount_time(&server, 0, 0).await;
    Mock::given(method("GET"))
        .and(path(api("/ovhCloudConnect")))
        .and(has_header("authorization", "Bearer first-bearer-token-0001"))
        .respond_with(answer(
            401,
            &json!({ "errorCode": "INVALID_CREDENTIAL", "httpCode": "401 Unauthorized", "message": "This credential is not valid" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/ovhCloudConnect")))
        .and(has_header(
            "authorization",
            "Bearer second-bearer-token-0002",
        ))
        .respond_with(answer(200, &json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = oauth2(&env, &server);
    cmd.args(["-vvv", "ovh", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "[]");
    assert_eq!(
        received(&server, "POST", "/auth/oauth2/token").await.len(),
        2
    );
    for call in received(&server, "GET", "/ovhCloudConnect").await {
        assert!(
            header(&call, "authorization").starts_with("Bearer "),
            "{:?}",
            call.headers
        );
        assert!(
            !call
                .headers
                .keys()
                .any(|k| k.as_str().starts_with("x-ovh-")),
            "{:?}",
            call.headers
        );
    }
    let all = format!("{}{}", stdout(&out), stderr(&out));
    for secret in [
        CLIENT_SECRET,
        "first-bearer-token-0001",
        "second-bearer-token-0002",
    ] {
        assert!(!all.contains(secret), "`{secret}` leaked at -vvv:\n{all}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_service_account_is_exit_3_and_a_second_401_is_not_retried() {
    let server = MockServer::start().await;
    mount_tokens(&server).await;
    Mock::given(method("GET"))
        .and(path(api("/ovhCloudConnect")))
        .respond_with(answer(
            403,
            &json!({ "errorCode": "NOT_GRANTED_CALL", "httpCode": "403 Forbidden", "message": "This call has not been granted" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = oauth2(&env, &server);
    cmd.args(["ovh", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(err.contains("NOT_GRANTED_CALL"), "{err}");
    assert!(err.contains("access rules"), "{err}");
    assert!(err.contains(QUERY_ID), "{err}");
}
