//! The Huawei simulator in process: a cloud connection's whole life, the gateway's signature
//! check, paging.

use std::time::Duration;

use assert_cmd::Command;
use serde_json::{Value, json};

use super::{PROJECT, REGION_PAIR};
use crate::common::{Sandbox, TestEnv, assert_code, run, run_json, stderr, stdout};

async fn ok_json(mut cmd: Command, args: &[&str]) -> Value {
    cmd.args(args).args(["-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&out)))
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_carries_a_cloud_connection_through_its_whole_life() {
    let sandbox = Sandbox::start(Duration::from_millis(300)).await;
    let env = TestEnv::new();
    let cc = || sandbox.cc(&env);

    let created = ok_json(
        cc(),
        &[
            "huawei",
            "create",
            "--name",
            "cc-lisbon",
            "--tag",
            "env=test",
        ],
    )
    .await;
    assert_eq!(created["name"], "cc-lisbon");
    assert_eq!(created["tags"], json!([{ "key": "env", "value": "test" }]));
    // 25 seeded + 1, in one page: `limit=2000` is honoured (small pages: `tests/it/sandbox_state.rs`).
    let all = ok_json(cc(), &["huawei", "list"]).await;
    assert_eq!(all.as_array().map(Vec::len), Some(26));
    let mut cmd = cc();
    cmd.args(["-vv", "huawei", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_eq!(stderr(&out).matches("> GET").count(), 1, "{}", stderr(&out));

    for (name, region, cidr, vpc) in [
        (
            "vpc-lisbon",
            "eu-west-101",
            "10.10.0.0/16",
            "11111111-2222-4333-8444-555555555555",
        ),
        (
            "vpc-tokyo",
            "ap-northeast-1",
            "10.20.0.0/16",
            "66666666-7777-4888-8999-aaaaaaaaaaaa",
        ),
    ] {
        let ni = ok_json(
            cc(),
            &[
                "huawei",
                "network-instances",
                "create",
                "--cloud-connection",
                "cc-lisbon",
                "--name",
                name,
                "--type",
                "vpc",
                "--instance-id",
                vpc,
                "--project-id",
                PROJECT,
                "--region-id",
                region,
                "--cidr",
                cidr,
                "--interval",
                "50ms",
            ],
        )
        .await;
        assert_eq!(ni["status"], "ACTIVE", "{ni}");
    }
    let package = ok_json(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "create",
            "--name",
            "bwp-lisbon-tokyo",
            "--project-id",
            PROJECT,
            "--local-area",
            "Asia-Pacific",
            "--remote-area",
            "Asia-Pacific",
            "--bandwidth",
            "10",
            "--billing-mode",
            "4",
            "--cloud-connection",
            "cc-lisbon",
        ],
    )
    .await;
    assert_eq!(package["resource_id"], created["id"]);
    let irb = ok_json(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "create",
            "--cloud-connection",
            "cc-lisbon",
            "--bandwidth-package",
            "bwp-lisbon-tokyo",
            "--bandwidth",
            "5",
            "--region",
            "eu-west-101",
            "--region",
            "ap-northeast-1",
        ],
    )
    .await;
    let shown = ok_json(cc(), &["huawei", "get", "cc-lisbon"]).await;
    assert_eq!(shown["network_instance_number"], 2);
    assert_eq!(shown["bandwidth_package_number"], 1);
    assert_eq!(shown["inter_region_bandwidth_number"], 1);

    // The API refuses to delete what is still in use.
    let mut cmd = cc();
    cmd.args(["huawei", "delete", "cc-lisbon", "--yes"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert!(stderr(&out).contains("CC.1032"), "{}", stderr(&out));

    let irb_id = irb["id"].as_str().unwrap();
    ok_json(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "update",
            irb_id,
            "--bandwidth",
            "8",
        ],
    )
    .await;
    ok_json(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "delete",
            irb_id,
            "--yes",
        ],
    )
    .await;
    ok_json(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "disassociate",
            "bwp-lisbon-tokyo",
            "--cloud-connection",
            "cc-lisbon",
        ],
    )
    .await;
    ok_json(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "delete",
            "bwp-lisbon-tokyo",
            "--yes",
        ],
    )
    .await;
    for name in ["vpc-lisbon", "vpc-tokyo"] {
        ok_json(
            cc(),
            &["huawei", "network-instances", "delete", name, "--yes"],
        )
        .await;
    }
    let deleted = ok_json(cc(), &["huawei", "delete", "cc-lisbon", "--yes"]).await;
    assert_eq!(deleted["status"], "deleted");
    let mut cmd = cc();
    cmd.args(["huawei", "get", "cc-lisbon"]);
    assert_code(&run(cmd).await, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_rejects_a_bad_signature_like_the_gateway() {
    let sandbox = Sandbox::start(Duration::ZERO).await;
    let env = TestEnv::new();
    let mut cmd = sandbox.cc(&env);
    cmd.env("CC_HUAWEI_SK", "not-the-secret")
        .args(["huawei", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(err.contains("APIGW.0301"), "{err}");
    assert!(!err.contains("not-the-secret"), "{err}");
    // The command layer says which variables hold the credentials (`registry::explain`).
    assert!(err.contains("CC_HUAWEI_SK, CLOUD_SDK_SK"), "{err}");
    assert!(err.contains("`cc config view`"), "{err}");

    let mut cmd = sandbox.cc(&env);
    cmd.env("CC_NOW", "2020-01-01T00:00:00Z")
        .args(["huawei", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert!(stderr(&out).contains("15 minutes"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn in_process_sandbox_creates_and_pages() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "huawei",
        "create",
        "--name",
        "cc-quick",
        "--description",
        "one run",
    ]);
    let created = run_json(cmd).await;
    assert_eq!(created["status"], "ACTIVE");
    assert_eq!(created["description"], "one run");

    // The next `--sandbox` command still has it: 25 seeded + 1.
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "huawei", "list", "--jq", "length"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "26");
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_seeded_with_thousands_pages_them_at_the_real_limit() {
    let env = TestEnv::new();
    let sandboxed = |count: &str, args: &[&str]| {
        let mut cmd = env.cc();
        cmd.env("CC_SANDBOX_HUAWEI_CONNECTIONS", count)
            .arg("--sandbox")
            .args(args);
        cmd
    };
    let out = run(sandboxed("2500", &["-vv", "huawei", "list", "-o", "json"])).await;
    assert_code(&out, 0);
    let all: Value = serde_json::from_str(&stdout(&out)).expect("a JSON array");
    let all = all.as_array().expect("an array");
    // The 25 seeded, then the 2,500 more, each once.
    assert_eq!(all.len(), 2525);
    let ids: std::collections::HashSet<&str> =
        all.iter().filter_map(|c| c["id"].as_str()).collect();
    let names: std::collections::HashSet<&str> =
        all.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!((ids.len(), names.len()), (2525, 2525));
    assert_eq!(all[0]["name"], "cc-paris");
    assert_eq!(all[2524]["name"], "cc-bench-02500");
    assert_eq!(all[2524]["status"], "ACTIVE");
    // cc asks for 2000 a page, and the large account answers that many: two marker pages.
    let err = stderr(&out);
    let gets: Vec<&str> = err.lines().filter(|l| l.starts_with("> GET")).collect();
    assert_eq!(gets.len(), 2, "{err}");
    assert!(gets.iter().all(|l| l.contains("limit=2000")), "{err}");
    assert!(
        gets[1].contains("marker=6a1b2c3d-0000-4000-8001-000000001975"),
        "{err}"
    );

    for bad in ["many", "-1"] {
        let out = run(sandboxed(bad, &["huawei", "list"])).await;
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("CC_SANDBOX_HUAWEI_CONNECTIONS"),
            "{}",
            stderr(&out)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_path_the_api_lacks_is_checked_for_its_signature_then_unknown() {
    let sandbox = Sandbox::start(Duration::ZERO).await;
    let env = TestEnv::new();
    let path = format!("/v3/{}/ccaas/nothing-here", cc::sandbox::huawei::DOMAIN_ID);
    let mut cmd = sandbox.cc(&env);
    cmd.args(["api", "huawei", "GET", &path]);
    let out = run(cmd).await;
    assert_code(&out, 4);
    assert!(stderr(&out).contains("APIGW.0101"), "{}", stderr(&out));

    let mut cmd = sandbox.cc(&env);
    cmd.env("CC_HUAWEI_SK", "not-the-secret")
        .args(["api", "huawei", "GET", &path]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert!(stderr(&out).contains("APIGW.0301"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_takes_region_and_prepaid_packages_and_checks_the_period() {
    let sandbox = Sandbox::start(Duration::ZERO).await;
    let env = TestEnv::new();
    let package = ok_json(
        sandbox.cc(&env),
        &[
            &[
                "huawei",
                "bandwidth-packages",
                "create",
                "--name",
                "bwp-bj-gz",
            ][..],
            &["--project-id", PROJECT],
            &REGION_PAIR,
            &["--bandwidth", "5", "--billing-mode", "1"],
            &["--period-type", "month", "--period-num", "2"],
        ]
        .concat(),
    )
    .await;
    assert_eq!(package["interflow_mode"], "Region");
    assert_eq!(package["local_area_id"], "cn-north-4");
    assert_eq!(package["spec_code"], "Beijing4toGuangzhou");
    assert_eq!(
        package["prepaid_options"],
        json!({"period_type": "month", "period_num": 2, "is_auto_renew": false, "is_auto_pay": false})
    );
    // The simulator checks the body as the API does: a prepaid package without its period, sent
    // raw, is its 400 (exit 5).
    let mut cmd = sandbox.cc(&env);
    cmd.args(["api", "huawei", "POST"])
        .arg(format!(
            "/v3/{}/ccaas/bandwidth-packages",
            cc::sandbox::huawei::DOMAIN_ID
        ))
        .args(["--data"])
        .arg(
            json!({"bandwidth_package": {"name": "bwp-raw", "project_id": PROJECT,
                "local_area_id": "Africa", "remote_area_id": "Africa", "charge_mode": "bandwidth",
                "billing_mode": 2, "bandwidth": 5}})
            .to_string(),
        );
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert!(stderr(&out).contains("prepaid_options"), "{}", stderr(&out));
}

/// A raw HTTP/1.1 request with an empty body (no client that could add or fix anything): the
/// status line and body.
fn raw(method: &str, base: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let host = base.strip_prefix("http://").expect("an http URL");
    let mut stream = std::net::TcpStream::connect(host).expect("connect to the sandbox");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    (
        head.lines().next().unwrap_or_default().to_string(),
        body.to_string(),
    )
}

fn raw_get(base: &str, path: &str) -> (String, String) {
    raw("GET", base, path)
}

fn raw_post(base: &str, path: &str) -> (String, String) {
    raw("POST", base, path)
}

#[test]
fn served_sandbox_puts_huawei_at_the_root_and_exports_the_sdk_variables() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let var = |name: &str| {
        server
            .vars()
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{name} is exported: {:?}", server.vars()))
    };
    // Only scheme and host, as the official SDKs keep of an endpoint.
    let base = var("CC_HUAWEI_URL");
    assert!(
        base.starts_with("http://127.0.0.1:") && !base["http://".len()..].contains('/'),
        "{base}"
    );
    for (official, ours) in [
        ("CLOUD_SDK_AK", "CC_HUAWEI_AK"),
        ("CLOUD_SDK_SK", "CC_HUAWEI_SK"),
        ("HUAWEICLOUD_SDK_AK", "CC_HUAWEI_AK"),
        ("HUAWEICLOUD_SDK_SK", "CC_HUAWEI_SK"),
        ("HUAWEICLOUD_SDK_DOMAIN_ID", "CC_HUAWEI_DOMAIN_ID"),
    ] {
        assert_eq!(var(official), var(ours), "{official}");
    }
    assert_eq!(var("OVH_ENDPOINT"), var("CC_OVH_URL"));
    assert!(var("OVH_ENDPOINT").ends_with("/ovh/1.0"));
    for name in [
        "OVH_APPLICATION_KEY",
        "OVH_APPLICATION_SECRET",
        "OVH_CONSUMER_KEY",
    ] {
        assert!(!var(name).is_empty(), "{name}");
    }

    // Huawei's gateway answers at the root; unsigned, it is its own 401.
    let domain = var("HUAWEICLOUD_SDK_DOMAIN_ID");
    let (status, body) = raw_get(&base, &format!("/v3/{domain}/ccaas/cloud-connections"));
    assert!(status.contains(" 401 "), "{status}");
    assert!(body.contains("APIGW.0301"), "{body}");
    // The other providers keep their prefixes, and Huawei does not answer for them.
    for path in [
        "/orange/v3/nothing",
        "/console-connect/nothing",
        "/ovh/1.0/nothing",
    ] {
        let (status, body) = raw_get(&base, path);
        assert!(!body.contains("APIGW"), "{path}: {status} {body}");
    }

    // And `cc` itself reaches it there with the exported variables.
    let mut cmd = server.cc(&env);
    cmd.args(["huawei", "list", "--jq", "length"]);
    let out = cmd.output().expect("run cc");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "25");
}

#[test]
fn a_flaky_sandbox_is_survived_by_reads_and_a_create_is_not_resent() {
    let env = TestEnv::new();
    let server = Sandbox::spawn_with(&env, "0s", &["--fail-next", "2"]);
    let base = server
        .vars()
        .iter()
        .find(|(k, _)| k == "CC_HUAWEI_URL")
        .map(|(_, v)| v.clone())
        .expect("CC_HUAWEI_URL");
    let cc = |args: &[&str]| {
        let mut cmd = server.cc(&env);
        cmd.args(args);
        cmd.output().expect("run cc")
    };

    // Two 503s, then the list: a read is retried through them.
    let out = cc(&["-vv", "huawei", "list", "--jq", "length"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "25", "{err}");
    assert!(err.contains("503"), "the 503s were met and retried: {err}");
    let (status, body) = raw_get(&base, cc::sandbox::FAIL_NEXT_PATH);
    assert!(
        status.contains(" 200 ") && body.contains("\"fail_next\":0"),
        "{status} {body}"
    );

    // One 503 on the create: not resent, so nothing was ordered.
    let (status, body) = raw_post(
        &base,
        &format!("{}?n=1&method=POST", cc::sandbox::FAIL_NEXT_PATH),
    );
    assert!(
        status.contains(" 200 ") && body.contains("\"fail_next\":1"),
        "{status} {body}"
    );
    let out = cc(&["huawei", "create", "--name", "cc-flaky"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("503") || err.contains("APIGW.0201"), "{err}");
    let out = cc(&["huawei", "list", "--name", "cc-flaky", "--jq", "length"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "0",
        "the create was sent once: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A bad count is refused, naming what is expected.
    let (status, body) = raw_post(&base, &format!("{}?n=many", cc::sandbox::FAIL_NEXT_PATH));
    assert!(
        status.contains(" 400 ") && body.contains("?n=N"),
        "{status} {body}"
    );
}
