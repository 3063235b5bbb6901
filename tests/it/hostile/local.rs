//! A failure of `cc`'s own is not a network error (issue 20 item 10): a 120 KB id made a URL no
//! request can carry and came out as exit 6 "builder error" echoing the whole URL. It is exit 2
//! naming the part that is too long, quoted shortened, and nothing is sent.

use wiremock::MockServer;

use super::{orange, orange_api};
use crate::common::{TestEnv, assert_code, run, stderr};

fn huge() -> String {
    "a".repeat(120 * 1024)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_too_long_for_any_url_is_exit_2_naming_it_and_nothing_is_sent() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "huawei", "get", &huge()]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("more than the 65534 a request may carry")
            && err.contains("the query parameter `name`: `aaaa")
            && err.contains("… (122880 characters)"),
        "{err}"
    );
    assert!(err.len() < 1000, "{} bytes echoed", err.len());

    let server = MockServer::start().await;
    let out = run(orange_api(&env, &server, "GET", &format!("/x/{}", huge()))).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("the longest part is a path segment"), "{err}");
    assert!(err.len() < 1000, "{} bytes echoed", err.len());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_name_nothing_has_is_quoted_shortened() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "orange", "get", &huge()]);
    let out = run(cmd).await;
    assert_code(&out, 4);
    let err = stderr(&out);
    assert!(
        err.contains("… (122880 characters)`: no cloud connector"),
        "{err}"
    );
    assert!(err.len() < 1000, "{} bytes echoed", err.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_credential_no_header_can_carry_is_exit_2_naming_the_header_not_its_value() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.env("CC_ORANGE_TOKEN", "secret-part-1\nsecret-part-2")
        .args(["orange", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("the `Authorization` header cannot be sent"),
        "{err}"
    );
    assert!(!err.contains("secret-part"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
