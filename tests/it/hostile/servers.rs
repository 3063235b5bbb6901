//! What a hostile or broken server cannot make `cc` do: follow a redirect to another origin
//! with the credentials, send a change twice to a redirect target, loop on redirects, read an
//! endless body into memory, list for ever, echo a secret back, panic on a huge number.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{API_KEY, TOKEN, orange, orange_api};
use crate::common::{TestEnv, assert_code, run, stderr};

fn redirect_to(location: &str) -> ResponseTemplate {
    ResponseTemplate::new(307).insert_header("location", location)
}

#[tokio::test(flavor = "multi_thread")]
async fn no_redirect_to_another_origin_is_followed_and_nothing_reaches_it() {
    let (server, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("GET"))
        .respond_with(redirect_to(&format!("{}/steal", other.uri())))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let out = run(orange_api(&env, &server, "GET", "/x")).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("another origin ({})", other.uri())),
        "{err}"
    );
    assert!(other.received_requests().await.unwrap().is_empty());
    assert!(!err.contains(TOKEN) && !err.contains(API_KEY), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_follows_a_redirect_within_its_origin_with_its_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/old"))
        .respond_with(redirect_to("/new?page=2"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let out = run(orange_api(&env, &server, "GET", "/old")).await;
    assert_code(&out, 0);
    let requests = server.received_requests().await.unwrap();
    let second = &requests[1];
    assert_eq!(second.url.query(), Some("page=2"));
    assert_eq!(second.headers["x-api-key"], API_KEY);
    assert_eq!(second.headers["authorization"], format!("Bearer {TOKEN}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_is_never_sent_again_to_a_redirect_target() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(redirect_to("/orders2"))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let out = run(orange_api(&env, &server, "POST", "/orders")).await;
    assert_code(&out, 5);
    assert!(
        stderr(&out).contains("a change is never sent twice"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_loop_is_exit_5_not_a_network_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(redirect_to("/loop"))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let out = run(orange_api(&env, &server, "GET", "/loop")).await;
    assert_code(&out, 5);
    assert!(
        stderr(&out).contains("more than 10 redirects"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 11);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_past_64_mib_is_cut_off_with_exit_5() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b' '; (64 << 20) + 1]))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let out = run(orange_api(&env, &server, "GET", "/big")).await;
    assert_code(&out, 5);
    assert!(
        stderr(&out).contains("larger than 64 MiB"),
        "{}",
        stderr(&out)
    );
}

/// Full pages of fresh connectors forever, each claiming a total of 10^12.
struct Endless;

impl wiremock::Respond for Endless {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let offset: usize = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "offset")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let page: Vec<serde_json::Value> = (offset..offset + 20)
            .map(|i| serde_json::json!({"id": format!("c-{i}"), "name": format!("n{i}"), "state": "ACTIVE"}))
            .collect();
        ResponseTemplate::new(200)
            .insert_header("x-total-count", "1000000000000")
            .set_body_json(page)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_list_that_never_ends_stops_at_its_bound() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Endless)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.env("CC_MAX_ITEMS", "200").args(["orange", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert!(
        stderr(&out).contains("the list passed 200 items"),
        "{}",
        stderr(&out)
    );
    let sent = server.received_requests().await.unwrap().len();
    assert!((11..=20).contains(&sent), "{sent} requests");
}

/// Answers 400 with a body that repeats the request's credentials.
struct Echo;

impl wiremock::Respond for Echo {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let message = format!(
            "bad request from {} with key {}",
            header("authorization"),
            header("x-api-key")
        );
        ResponseTemplate::new(400)
            .set_body_json(serde_json::json!({"code": 40, "message": message}))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_a_server_echoes_back_are_masked_in_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Echo)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    for json in [false, true] {
        let mut cmd = orange_api(&env, &server, "GET", "/x");
        if json {
            cmd.args(["-o", "json"]);
        }
        let out = run(cmd).await;
        assert_code(&out, 5);
        let err = stderr(&out);
        assert!(err.contains("bad request from Bearer ***"), "{err}");
        assert!(!err.contains(TOKEN) && !err.contains(API_KEY), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_that_claims_to_live_for_ever_is_no_panic() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"t-123456","token_type":"Bearer","expires_in":18446744073709551615}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", server.uri())
        .env("CC_ORANGE_TOKEN_URL", format!("{}/token", server.uri()))
        .env("CC_ORANGE_CLIENT_ID", "id")
        .env("CC_ORANGE_CLIENT_SECRET", "secret-5678")
        .env("CC_ORANGE_API_KEY", API_KEY)
        .env("CC_ORANGE_PROJECT_ID", "p")
        .args(["orange", "vpns"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sandbox_is_sealed_from_a_real_accounts_credentials() {
    let env = TestEnv::new();
    for (vars, args) in [
        (
            &[("CC_ORANGE_TOKEN", "real-token-1234")][..],
            &["orange", "vpns"][..],
        ),
        (
            &[
                ("OVH_CLIENT_ID", "real-id"),
                ("OVH_CLIENT_SECRET", "real-secret"),
            ][..],
            &["ovh", "list"][..],
        ),
        (
            &[("CC_HUAWEI_AK", "REALAK123456")][..],
            &["huawei", "list"][..],
        ),
    ] {
        let mut cmd = env.cc();
        cmd.envs(vars.iter().copied()).arg("--sandbox").args(args);
        let out = run(cmd).await;
        assert_code(&out, 0);
    }
}

/// Answers 400 with what the request's body carried: as JSON (a POST: the body under its own
/// keys, and its text inside the message), or as text that is not JSON (other verbs: the body
/// quoted after a word, as a proxy's error page might).
struct BodyEcho;

impl wiremock::Respond for BodyEcho {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let text = String::from_utf8_lossy(&request.body).into_owned();
        if request.method.as_str() == "POST" {
            let echoed: serde_json::Value =
                serde_json::from_slice(&request.body).unwrap_or_default();
            return ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "statusCode": 400,
                "error": "Bad Request",
                "message": format!("cannot read {text}"),
                "request": echoed,
            }));
        }
        ResponseTemplate::new(400).set_body_raw(format!("rejected: {text}"), "text/plain")
    }
}

/// The credentials a Console Connect body carries (an Azure service key, Google pairing keys)
/// and a server echoes back, under their keys, another key, inside a message or in a body that
/// is not JSON: masked in the error and at `-vvv`, with `-o json` too.
#[tokio::test(flavor = "multi_thread")]
async fn keys_a_request_carries_are_masked_when_a_server_echoes_them() {
    const SERVICE_KEY: &str = "0c5f1a77-echo-4b1e-9d0e-5a1b2c3d4e5f";
    const PAIRING: [&str; 2] = [
        "765ebb97-echo-43a8-9b94-8b0b4db7ab2d/europe-west1/1",
        "69ffada6-echo-42c6-ad84-8794d6be30bd/europe-west1/2",
    ];
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(BodyEcho)
        .mount(&server)
        .await;
    let partner = "/api/company/acme/connections/directConnectPartner";
    let google = serde_json::json!({"name": "g", "partner": {"pairingKeys": PAIRING}});
    let azure = serde_json::json!({"azureServiceKey": SERVICE_KEY, "name": "a"});
    let cases: [(Vec<String>, &[&str]); 3] = [
        (
            ["console-connect", "azure", "verify-key", SERVICE_KEY]
                .map(String::from)
                .to_vec(),
            &[SERVICE_KEY],
        ),
        (
            [
                "api",
                "console-connect",
                "PUT",
                &format!("{partner}/GCE/layer2"),
            ]
            .map(String::from)
            .into_iter()
            .chain(["--data".into(), google.to_string()])
            .collect(),
            &PAIRING,
        ),
        (
            [
                "api",
                "console-connect",
                "PUT",
                &format!("{partner}/AZURE/layer2/create"),
            ]
            .map(String::from)
            .into_iter()
            .chain(["--data".into(), azure.to_string()])
            .collect(),
            &[SERVICE_KEY],
        ),
    ];
    let env = TestEnv::new();
    for (args, keys) in &cases {
        for extra in [&[][..], &["-o", "json"], &["-vvv"]] {
            let mut cmd = env.cc();
            cmd.env("CC_CONSOLE_CONNECT_URL", server.uri())
                .env("CC_CONSOLE_CONNECT_TOKEN", TOKEN)
                .env("CC_CONSOLE_CONNECT_COMPANY", "acme")
                .args(args)
                .args(extra);
            let out = run(cmd).await;
            assert_code(&out, 5);
            let (err, printed) = (stderr(&out), crate::common::stdout(&out));
            assert!(err.contains("400") && err.contains("***"), "{err}");
            for key in *keys {
                assert!(
                    !err.contains(key) && !printed.contains(key),
                    "{key} shown by {args:?} {extra:?}: {err}"
                );
            }
        }
    }
}
