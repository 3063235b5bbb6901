//! The rules that span an extra configuration and its datacenter configuration (`CLI.md` §5):
//! the next hop and BGP neighbour IP are usable hosts inside the datacenter subnet, and a route
//! is added once. Refused from the reads, before anything is sent (a dry run too), naming both
//! resources and the rule; let through by `--skip-rule` when inferred; refused by the simulator
//! with `400 Client::BadRequest`.

use serde_json::json;
use wiremock::MockServer;
use wiremock::matchers::{body_partial_json, method};

use super::rules::tree;
use super::*;
use crate::common::{TestEnv, assert_code, run, stderr};

/// The seeded tree: datacenter configuration 3001 on `10.10.0.0/28`, with route 4001
/// (`172.16.0.0/24` via `10.10.0.10`).
async fn seeded() -> MockServer {
    let pop = fixture_with("pop_config.json", json!({}));
    let dc = fixture_with("datacenter_config.json", json!({}));
    let route = fixture_with("extra_config.json", json!({}));
    tree(&[pop], &[dc], &[route]).await
}

fn route(subnet: &'static str, next_hop: &'static str) -> Vec<&'static str> {
    vec![
        "ovh",
        "extra",
        "create",
        SVC,
        "1001",
        "3001",
        "--type",
        "network",
        "--subnet",
        subnet,
        "--next-hop",
        next_hop,
    ]
}

/// Runs `args` (then again with `--dry-run`) against the seeded tree, which takes no POST;
/// asserts exit 2 and every needle.
async fn refused(args: &[&str], needles: &[&str]) {
    for dry in [false, true] {
        let server = seeded().await;
        let env = TestEnv::new();
        let mut cmd = ovh(&env, &server);
        cmd.args(args);
        if dry {
            cmd.arg("--dry-run");
        }
        let out = run(cmd).await;
        assert_code(&out, 2);
        let err = stderr(&out);
        for needle in needles {
            assert!(err.contains(needle), "{args:?}: `{needle}` not in:\n{err}");
        }
        server.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_next_hop_on_the_network_or_broadcast_address_is_refused() {
    for (hop, which) in [("10.10.0.0", "network"), ("10.10.0.15", "broadcast")] {
        refused(
            &route("172.16.9.0/24", hop),
            &[
                &format!("--next-hop {hop} and datacenter configuration 3001 (10.10.0.0/28)"),
                &format!("the {which} address"),
                "rule `ovh-usable-host` (inferred)",
                "--skip-rule ovh-usable-host",
            ],
        )
        .await;
    }
    refused(
        &route("172.16.9.0/24", "10.10.0.16"),
        &[
            "--next-hop 10.10.0.16 and datacenter configuration 3001",
            "rule `ovh-address-in-dc-subnet` (documented)",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bgp_neighbour_ip_must_be_a_usable_host() {
    let pop = fixture_with("pop_config.json", json!({}));
    let dc = fixture_with("datacenter_config.json", json!({}));
    let server = tree(&[pop], &[dc], &[]).await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "extra",
        "create",
        SVC,
        "1001",
        "3001",
        "--type",
        "bgp",
        "--bgp-neighbor-asn",
        "65500",
        "--bgp-neighbor-ip",
        "10.10.0.15",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("--bgp-neighbor-ip 10.10.0.15 and datacenter configuration 3001")
            && err.contains("ovh-usable-host"),
        "{err}"
    );
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_route_twice_is_refused_naming_the_existing_one() {
    refused(
        &route("172.16.0.0/24", "10.10.0.10"),
        &[
            "--subnet 172.16.0.0/24 and static route 4001 (172.16.0.0/24 via 10.10.0.10)",
            "rule `ovh-route-once` (inferred)",
            "--skip-rule ovh-route-once",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn skip_rule_sends_an_inferred_one_anyway_with_a_warning() {
    let server = seeded().await;
    wiremock::Mock::given(method("POST"))
        .and(body_partial_json(json!({ "nextHop": "10.10.0.0" })))
        .respond_with(answer(200, &fixture_with("task.json", json!({}))))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(route("172.16.9.0/24", "10.10.0.0")).args([
        "--skip-rule",
        "ovh-usable-host",
        "--no-wait",
    ]);
    let out = run(cmd).await;
    let err = stderr(&out);
    assert_code(&out, 0);
    assert!(
        err.contains("warning:") && err.contains("let through by --skip-rule ovh-usable-host"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_the_same_with_client_bad_request() {
    let env = TestEnv::new();
    let path = format!("/ovhCloudConnect/{SVC2}/config/pop/1001/datacenter/3001/extra");
    for (body, needle) in [
        (
            json!({"type": "network", "subnet": "172.16.9.0/24", "nextHop": "10.10.0.15"}),
            "ovh-usable-host",
        ),
        (
            json!({"type": "network", "subnet": "172.16.0.0/24", "nextHop": "10.10.0.10"}),
            "ovh-route-once",
        ),
        (
            json!({"type": "network", "subnet": "172.16.9.0/24", "nextHop": "10.10.1.1"}),
            "ovh-address-in-dc-subnet",
        ),
    ] {
        let mut cmd = env.cc();
        cmd.args(["--sandbox", "-o", "json", "api", "ovh", "POST", &path])
            .args(["--data", &body.to_string()]);
        let out = run(cmd).await;
        assert_code(&out, 5);
        let err = stderr(&out);
        assert!(
            err.contains("Client::BadRequest") && err.contains("400"),
            "{err}"
        );
        assert!(err.contains(needle), "`{needle}` not in {err}");
    }
}
