//! Orange's rule that spans values (`CLI.md` §5): the Azure and network gateway subnets do not
//! overlap. Refused before anything is sent (a dry run too), let through by `--skip-rule` with
//! a warning, and refused by the simulator in the gateway's error shape.

use serde_json::json;
use wiremock::MockServer;

use super::{CREATE_ARGS, PROJECT, mount_lookups, mount_no_connectors, mount_token, orange};
use crate::common::{TestEnv, assert_code, refuse, run, run_json, stderr};

const RULE: &str = "orange-gateway-subnets-disjoint";

fn subnets(azure: &'static str, network: &'static str) -> [&'static str; 4] {
    [
        "--azure-gateway-subnet",
        azure,
        "--network-gateway-subnet",
        network,
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn overlapping_gateway_subnets_are_refused_before_anything_is_sent() {
    for (azure, network, dry) in [
        ("10.0.0.0/29", "10.0.0.0/29", false),
        ("10.0.0.0/24", "10.0.0.8/29", true),
    ] {
        let server = MockServer::start().await;
        refuse(&server, "GET").await;
        refuse(&server, "POST").await;
        let env = TestEnv::new();
        let mut cmd = orange(&env, &server);
        cmd.args(CREATE_ARGS).args(subnets(azure, network));
        if dry {
            cmd.arg("--dry-run");
        }
        let out = run(cmd).await;
        assert_code(&out, 2);
        let err = stderr(&out);
        for needle in [
            &format!("--azure-gateway-subnet {azure}") as &str,
            &format!("--network-gateway-subnet {network}"),
            &format!("rule `{RULE}` (inferred)"),
            &format!("--skip-rule {RULE}"),
        ] {
            assert!(err.contains(needle), "`{needle}` not in:\n{err}");
        }
        assert!(server.received_requests().await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn skip_rule_lets_the_order_through_with_a_warning() {
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    let env = TestEnv::new();
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS)
        .args(subnets("10.0.0.0/29", "10.0.0.0/29"))
        .args(["--dry-run", "--skip-rule", RULE]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("warning:") && err.contains(&format!("let through by --skip-rule {RULE}")),
        "{err}"
    );
    let planned: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(planned["body"]["azureGatewaySubnet"], "10.0.0.0/29");
    assert_eq!(planned["body"]["networkSideGatewaySubnet"], "10.0.0.0/29");
    // Apart subnets pass without a word.
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_lookups(&server).await;
    mount_no_connectors(&server).await;
    let mut cmd = orange(&env, &server);
    cmd.args(CREATE_ARGS)
        .args(subnets("10.0.0.0/29", "10.0.0.8/29"))
        .arg("--dry-run");
    let planned = run_json(cmd).await;
    assert_eq!(planned["body"]["networkSideGatewaySubnet"], "10.0.0.8/29");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_or_documented_rule_names_are_refused_listing_the_skippable_ones() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "--skip-rule", "no-such-rule", "orange", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("--skip-rule `no-such-rule`"), "{err}");
    assert!(err.contains(RULE), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_overlapping_gateway_subnets_in_the_gateways_shape() {
    let env = TestEnv::new();
    let body = json!({
        "name": "clash", "state": "ACTIVE", "bandWidth": 50,
        "technicalVpnId": "93b22b3c-fd7e-4c04-87cb-52df45fe6beb",
        "azureCredentialId": "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        "primaryPopLocalization": "POP4", "azureRegion": "northeurope",
        "resourceGroupName": "rg-3", "vnetName": "vnet-02",
        "azureAsn": 64512, "networkSideAsn": 64513,
        "azureGatewaySubnet": "10.0.0.0/29", "networkSideGatewaySubnet": "10.0.0.0/29",
    });
    let path = format!("/api/v1/projects/{PROJECT}/azure/cloudconnectors/publicstandarddynamics");
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "-o", "json", "api", "orange", "POST", &path])
        .args(["--data", &body.to_string()]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(
        err.contains("\"status\":400") || err.contains("\"status\": 400"),
        "{err}"
    );
    assert!(
        err.contains("\"code\":\"25\"") || err.contains("\"code\": \"25\""),
        "{err}"
    );
    assert!(
        err.contains(RULE) && err.contains("azureGatewaySubnet 10.0.0.0/29"),
        "{err}"
    );
}
