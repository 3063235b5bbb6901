//! `console-connect utilization` (issue 22): the window as epoch seconds and the resolution on
//! the path with its trailing `/`, as the public script sends them; the samples as rows with
//! the share of the connection's speed; an answer without samples is exit 5, a bad window exit 2
//! with nothing sent.

use serde_json::json;
use wiremock::matchers::{bearer_token, method, path, query_param};
use wiremock::{Mock, MockServer};

use super::{GROUP_ID, TOKEN, cc, connection_path, group};
use crate::common::{TestEnv, assert_cli_snapshot, assert_code, json_value, refused, run, stderr};

async fn mount_group(server: &MockServer) {
    let mut connection = group("ACTIVE");
    connection["speed"] = json!(200);
    Mock::given(method("GET"))
        .and(path(connection_path(GROUP_ID)))
        .respond_with(json_value(200, &connection))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn utilization_sends_the_window_and_shows_the_share_of_the_speed() {
    let server = MockServer::start().await;
    mount_group(&server).await;
    let samples = json!({ "results": [
        { "timestamp": 1_704_070_800, "rxMax": 150.5, "txMax": 20 },
        { "timestamp": 1_704_067_200, "rxMax": 50, "txMax": 80.25 },
    ]});
    Mock::given(method("GET"))
        .and(path(format!("{}/utilization/", connection_path(GROUP_ID))))
        .and(bearer_token(TOKEN))
        .and(query_param("start", "1704067200"))
        .and(query_param("end", "1704074400"))
        .and(query_param("resolution", "hour"))
        .respond_with(json_value(200, &samples))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.env("COLUMNS", "100")
        .args(["-o", "table", "console-connect", "utilization", GROUP_ID])
        .args(["--from", "2024-01-01T00:00:00Z", "--to", "1704074400"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        assert_cli_snapshot!("console_connect_utilization_100", out, seeded_ids);
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn the_default_window_is_the_last_day_at_hour() {
    let server = MockServer::start().await;
    mount_group(&server).await;
    Mock::given(method("GET"))
        .and(path(format!("{}/utilization/", connection_path(GROUP_ID))))
        .and(query_param("resolution", "hour"))
        .respond_with(json_value(200, &json!({ "results": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["-o", "json", "console-connect", "utilization", GROUP_ID]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let request = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.url.path().ends_with("/utilization/"))
        .unwrap();
    let number = |key: &str| -> i64 {
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .unwrap()
            .1
            .parse()
            .unwrap()
    };
    assert_eq!(number("end") - number("start"), 86_400);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - number("end")).abs() < 120, "end {}", number("end"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_without_samples_is_exit_5_and_a_bad_window_sends_nothing() {
    let server = MockServer::start().await;
    mount_group(&server).await;
    Mock::given(method("GET"))
        .and(path(format!("{}/utilization/", connection_path(GROUP_ID))))
        .respond_with(json_value(200, &json!({ "message": "ok" })))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "utilization", GROUP_ID]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert!(stderr(&out).contains("utilization"), "{}", stderr(&out));
    let sent = server.received_requests().await.unwrap().len();
    for (args, flag) in [
        (&["--since", "0s"][..], "--since"),
        (&["--since", "soon"][..], "--since"),
        (&["--from", "yesterday", "--to", "1704074400"][..], "--from"),
        (
            &["--from", "1704074400", "--to", "1704067200"][..],
            "--from",
        ),
        (&["--resolution", "second"][..], "--resolution"),
    ] {
        let mut words = vec!["console-connect", "utilization", GROUP_ID];
        words.extend(args);
        let err = refused(cc(&env, &server), &words).await;
        assert!(err.contains(flag), "{args:?}: {err}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), sent);
}
