//! A wait's `--timeout` holds (issue 20 item 8): a silent server and a 429 asking for a day
//! stretched `wait --timeout 5s` to 2 and 3 minutes through the retries inside it. Each test
//! waits 2 s and must be over well before any retry could end.

use std::time::{Duration, Instant};

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::orange;
use crate::common::{TestEnv, assert_code, run, stderr};

const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/// `cc orange wait ID --timeout 2s` against `server`, with real retry delays; how long it took.
async fn wait_two_seconds(server: &MockServer) -> (std::process::Output, Duration) {
    let env = TestEnv::new();
    let mut cmd = orange(&env, server);
    cmd.env_remove("CC_TEST_NO_RETRY_DELAY").args([
        "orange",
        "wait",
        ID,
        "--timeout",
        "2s",
        "--interval",
        "10ms",
    ]);
    let started = Instant::now();
    let out = run(cmd).await;
    (out, started.elapsed())
}

fn assert_timed_out_in_time(out: &std::process::Output, took: Duration) {
    assert_code(out, 7);
    assert!(took < Duration::from_secs(8), "took {took:?}");
    let err = stderr(out);
    assert!(err.contains("timed out after 2s waiting for"), "{err}");
    assert!(err.contains(ID) && err.contains("ACTIVE"), "{err}");
    assert!(err.contains(&format!("cc orange wait {ID}")), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_server_cannot_stretch_a_wait_past_its_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(120)))
        .mount(&server)
        .await;
    let (out, took) = wait_two_seconds(&server).await;
    assert_timed_out_in_time(&out, took);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_asking_for_a_day_cannot_stretch_a_wait_past_its_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "86400"))
        .mount(&server)
        .await;
    let (out, took) = wait_two_seconds(&server).await;
    assert_timed_out_in_time(&out, took);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_falls_silent_mid_wait_ends_it_with_the_last_state_seen() {
    let server = MockServer::start().await;
    let creating = serde_json::json!({"id": ID, "name": "n", "state": "CREATING"});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(creating))
        .up_to_n_times(3)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "60"))
        .with_priority(2)
        .mount(&server)
        .await;
    let (out, took) = wait_two_seconds(&server).await;
    assert_timed_out_in_time(&out, took);
    let err = stderr(&out);
    assert!(err.contains("last state seen: CREATING"), "{err}");
}
