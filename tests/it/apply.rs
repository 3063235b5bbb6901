//! `cc apply` on the sandbox (issue 23): export, then plan is empty; an edit (a connector added,
//! a bandwidth changed) plans exactly that; apply makes it and plan is empty again, and a second
//! apply is "nothing to do"; a create met by a fault mid-apply fails alone (the summary says
//! done / failed / not tried), is not resent, and apply again converges. Off a terminal without
//! `--yes`, nothing is sent; `--dry-run` plans the create's body and the delete's path.

use serde_json::{Value, json};

use crate::common::desired::{cc, file, plan};
use crate::common::{Sandbox, TestEnv, assert_cli_snapshot, stderr, stdout};

const SECOND: &str = "  - name: Second
    bandwidth: 10
    vpn: VPNName3
    credential: b1c3d7b8-f249-4a25-9f26-02682bbad4f3
    pop: POP4
    region: northeurope
    resource_group: rg-3
    vnet: vnet-02
    azure_asn: 64600
    network_asn: 64601
";

/// One exported variable of `server`.
fn var(server: &Sandbox, name: &str) -> String {
    server
        .vars()
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("{name} is exported"))
}

/// A raw HTTP/1.1 POST (no client that could retry): the whole reply.
fn post(url: &str, headers: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

/// A token of the sandbox's Orange, fetched here, so that the run under test sends no token
/// request that the fault could meet.
fn orange_token(server: &Sandbox) -> String {
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        var(server, "CC_ORANGE_CLIENT_ID"),
        var(server, "CC_ORANGE_CLIENT_SECRET")
    ));
    let reply = post(
        &var(server, "CC_ORANGE_TOKEN_URL"),
        &format!(
            "Authorization: Basic {basic}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        ),
        "grant_type=client_credentials",
    );
    let start = reply.find("\r\n\r\n").unwrap_or_default();
    let body = &reply[start..];
    let (open, close) = (
        body.find('{').unwrap_or_else(|| panic!("{reply}")),
        body.rfind('}').unwrap(),
    );
    let token: Value = serde_json::from_str(&body[open..=close]).unwrap();
    token["access_token"].as_str().expect("a token").to_string()
}

/// The sandbox answers the next POST 503.
pub(crate) fn fail_next_post(server: &Sandbox) {
    let url = format!(
        "{}{}?n=1&method=POST",
        var(server, "CC_HUAWEI_URL"),
        cc::sandbox::FAIL_NEXT_PATH
    );
    let reply = post(&url, "", "");
    assert!(reply.contains("\"fail_next\":1"), "{reply}");
}

#[test]
fn export_edit_apply_then_plan_is_empty_and_a_second_apply_is_a_no_op() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let (code, exported, err) = cc(
        &env,
        &server,
        &["export", "--provider", "orange", "-o", "yaml"],
    );
    assert_eq!(code, 0, "{err}");
    let path = file(&env, &exported);
    assert_eq!(plan(&env, &server, &path, &[]).0, 0);

    let edited = format!(
        "{}{SECOND}",
        exported.replace("bandwidth: 50", "bandwidth: 100")
    );
    let path = file(&env, &edited);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    let actions: Vec<(String, String)> = shown["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap().into(),
                c["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("replace".to_string(), "Connection to PARIS".to_string()),
            ("create".to_string(), "Second".to_string())
        ]
    );
    assert_eq!(
        shown["changes"][0]["fields"],
        json!({"bandwidth": {"from": 50, "to": 100}})
    );

    // Off a terminal without --yes: exit 2, nothing sent.
    let (code, _, err) = cc(&env, &server, &["apply", "-f", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Refusing without confirmation"), "{err}");
    assert_eq!(plan(&env, &server, &path, &[]).0, 10, "nothing was changed");

    // --dry-run: the delete's path and the create's body, nothing sent.
    let (code, out, err) = cc(
        &env,
        &server,
        &["--dry-run", "apply", "-f", &path, "-o", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"method\": \"DELETE\""), "{out}");
    assert!(
        out.contains("/azure/cloudconnectors/3fa85f64-5717-4562-b3fc-2c963f66afa6\""),
        "{out}"
    );
    assert!(
        out.contains("\"technicalVpnId\": \"93b22b3c-fd7e-4c04-87cb-52df45fe6beb\""),
        "the VPN by name is sent as its id: {out}"
    );
    assert!(out.contains("\"bandWidth\": 100"), "{out}");
    assert_eq!(plan(&env, &server, &path, &[]).0, 10, "nothing was changed");

    let (code, out, err) = cc(
        &env,
        &server,
        &["apply", "-f", &path, "--yes", "-o", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        summary["summary"],
        json!({"done": 2, "failed": 0, "not_tried": 0})
    );
    assert!(
        err.contains("replacing (delete, then create: an outage)"),
        "{err}"
    );
    assert!(
        err.contains("✓ orange cloud connector `Second`: created"),
        "{err}"
    );
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!((code, shown["changes"].clone()), (0, json!([])));

    let (code, out, err) = cc(&env, &server, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["results"], json!([]), "nothing was done: {out}");
    assert!(
        err.contains("Nothing to do: 2 resources as the file says."),
        "{err}"
    );
}

#[test]
fn a_fault_mid_apply_fails_one_create_the_rest_finishes_and_apply_again_converges() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let (_, exported, _) = cc(
        &env,
        &server,
        &["export", "--provider", "orange", "-o", "yaml"],
    );
    let third = SECOND
        .replace("Second", "Third")
        .replace("64600", "64610")
        .replace("64601", "64611");
    let path = file(&env, &format!("{exported}{SECOND}{third}"));
    let token = orange_token(&server);
    fail_next_post(&server);
    let mut cmd = server.cc(&env);
    cmd.env("CC_ORANGE_TOKEN", token)
        .env_remove("CC_ORANGE_CLIENT_ID")
        .env_remove("CC_ORANGE_CLIENT_SECRET")
        .env("CC_SANDBOX_PROVISION_DELAY", "0s")
        .args(["apply", "-f", &path, "--yes", "-o", "json"]);
    let out = cmd.output().unwrap();
    let (code, out, err) = (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out));
    assert_eq!(code, 5, "the first failure's code (a 503): {err}");
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["summary"],
        json!({"done": 1, "failed": 1, "not_tried": 0})
    );
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains("Apply: 1 done, 1 failed, 0 not tried."),
        "{err}"
    );
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!((code, shown["summary"]["create"].clone()), (10, json!(1)));

    let (code, out, err) = cc(
        &env,
        &server,
        &["apply", "-f", &path, "--yes", "-o", "table"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("done"), "{out}");
    assert_eq!(plan(&env, &server, &path, &[]).0, 0, "converged");
}

#[test]
fn the_apply_summary_for_people() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let (_, exported, _) = cc(
        &env,
        &server,
        &["export", "--provider", "orange", "-o", "yaml"],
    );
    let path = file(&env, &format!("{exported}{SECOND}"));
    let mut cmd = server.cc(&env);
    cmd.env("COLUMNS", "160")
        .args(["apply", "-f", &path, "--yes", "-o", "table"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_cli_snapshot!("apply_summary_table", out);
}
