//! Provider data never drives the terminal (issue 20 item 5): a name or message holding a
//! title-set, a screen clear, an OSC 52 clipboard write, a carriage return, a backspace and a
//! right-to-left override is shown spelled out in a list table, a `get` view and an error;
//! JSON keeps it as JSON escapes it.

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{orange, orange_api};
use crate::common::{TestEnv, assert_code, run, stderr, stdout};

/// Everything a hostile name may carry to drive a terminal.
const HOSTILE: &str =
    "ok\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;aGVsbG8=\u{7}\rover\u{8}X\u{202e}gpj.exe\u{9b}";
/// The same, as `cc` shows it.
const SHOWN: &str = r"ok\e]0;pwned\x07\e[2J\e]52;c;aGVsbG8=\x07\rover\x08X\u{202e}gpj.exe\u{9b}";
/// The same in a table cell, which shows any run of white space (`\r` too) as one space.
const SHOWN_IN_CELL: &str =
    r"ok\e]0;pwned\x07\e[2J\e]52;c;aGVsbG8=\x07 over\x08X\u{202e}gpj.exe\u{9b}";
const CONNECTOR_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/// Fails, naming the character, if `text` holds one that drives a terminal.
fn assert_inert(text: &str) {
    for c in ['\u{1b}', '\u{7}', '\r', '\u{8}', '\u{202e}', '\u{9b}'] {
        assert!(!text.contains(c), "{c:?} reached the terminal: {text:?}");
    }
}

fn connector() -> serde_json::Value {
    serde_json::json!({"id": CONNECTOR_ID, "name": HOSTILE, "state": "ACTIVE",
        "description": HOSTILE})
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_name_is_spelled_out_in_a_list_table() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(vec![connector()]))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.env("COLUMNS", "400")
        .args(["orange", "list", "-o", "table"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let text = stdout(&out);
    assert_inert(&text);
    assert!(text.contains(SHOWN_IN_CELL), "{text}");

    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(parsed[0]["name"], HOSTILE, "JSON keeps the value exactly");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_name_is_spelled_out_in_a_get_view() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(connector()))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(["orange", "get", CONNECTOR_ID, "-o", "table"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let text = stdout(&out);
    assert_inert(&text);
    assert!(
        text.contains(&format!("name         {SHOWN_IN_CELL}")),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_error_message_is_spelled_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"code": HOSTILE, "message": HOSTILE})),
        )
        .mount(&server)
        .await;
    // And one whose body does not parse: its excerpt is quoted.
    let raw = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(HOSTILE, "text/html"))
        .mount(&raw)
        .await;
    let env = TestEnv::new();
    for (server, code) in [(&server, 5), (&raw, 5)] {
        let out = run(orange_api(&env, server, "GET", "/x")).await;
        assert_code(&out, code);
        let err = stderr(&out);
        assert_inert(&err);
        assert!(err.contains(r"\e]0;pwned\x07"), "{err}");
    }
    let err = stderr(&run(orange_api(&env, &server, "GET", "/x")).await);
    for line in ["  code: ", "  message: "] {
        assert!(err.contains(&format!("{line}{SHOWN}")), "{line}: {err}");
    }
}
