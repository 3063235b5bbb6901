//! Every `cc ovh` command end to end against the simulator (which checks the `$1$` signature
//! and the timestamp window itself), the configuration tree built and taken down, vRack
//! membership moved, and the cross-provider commands with OVH in them.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{Sandbox, TestEnv, assert_code, run, run_json, stderr, stdout};

const READY: &str = "5f8f3b52-0000-4000-8000-000000000001";
const L3: &str = "5f8f3b52-0000-4000-8000-000000000002";
const IN_VRACK: &str = "5f8f3b52-0000-4000-8000-000000000003";

/// Runs `cc ovh ARGS -o json` against the sandbox, expecting exit 0.
async fn ovh(sandbox: &Sandbox, env: &TestEnv, args: &[&str]) -> Value {
    let mut cmd = sandbox.cc(env);
    cmd.args(["--interval", "20ms", "--yes", "ovh"])
        .args(args)
        .args(["-o", "json"]);
    run_json(cmd).await
}

fn ids(list: &Value) -> Vec<Value> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|i| i["id"].clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_ovh_command_against_the_sandbox() {
    let sandbox = Sandbox::start(Duration::from_millis(200)).await;
    let env = TestEnv::new();

    // Services, interfaces, datacenters, tasks.
    let services = ovh(&sandbox, &env, &["list"]).await;
    let uuids: Vec<&str> = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(uuids, [READY, L3, IN_VRACK]);
    assert_eq!(
        ovh(&sandbox, &env, &["list", "--limit", "1"])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(ovh(&sandbox, &env, &["get", READY]).await["pop"], "PAR-GSW");
    assert_eq!(
        ovh(&sandbox, &env, &["get", "Singapore L3 to Gravelines"]).await["uuid"],
        L3
    );
    assert_eq!(
        ids(&ovh(&sandbox, &env, &["interfaces", READY]).await),
        [json!(2001)]
    );
    let dcs = ovh(&sandbox, &env, &["datacenters", READY]).await;
    assert_eq!(dcs[0]["name"], "GRA");
    assert_eq!(
        ids(&ovh(&sandbox, &env, &["tasks", L3]).await),
        [json!(7001)]
    );
    assert_eq!(
        ovh(&sandbox, &env, &["task", "wait", L3, "7001"]).await["status"],
        "done"
    );

    // The seeded L3 tree: POP 1001 > datacenter 3001 > static route 4001.
    assert_eq!(
        ids(&ovh(&sandbox, &env, &["pop", "list", L3]).await),
        [json!(1001)]
    );
    assert_eq!(
        ovh(&sandbox, &env, &["pop", "get", L3, "1001"]).await["type"],
        "l3"
    );
    assert_eq!(
        ids(&ovh(&sandbox, &env, &["dc", "list", L3, "1001"]).await),
        [json!(3001)]
    );
    assert_eq!(
        ovh(&sandbox, &env, &["dc", "get", L3, "1001", "3001"]).await["subnet"],
        "10.10.0.0/28"
    );
    assert_eq!(
        ids(&ovh(&sandbox, &env, &["extra", "list", L3, "1001", "3001"]).await),
        [json!(4001)]
    );
    assert_eq!(
        ovh(
            &sandbox,
            &env,
            &["extra", "get", L3, "1001", "3001", "4001"]
        )
        .await["type"],
        "network"
    );

    // Grow it: a second datacenter with a BGP session, a second static route on the first.
    let dc = ovh(
        &sandbox,
        &env,
        &[
            "dc",
            "create",
            L3,
            "1001",
            "--datacenter",
            "6",
            "--ovh-asn",
            "65403",
            "--subnet",
            "10.20.0.0/28",
        ],
    )
    .await;
    assert_eq!(
        dc["status"], "active",
        "printed once its task is done: {dc}"
    );
    let dc_id = dc["id"].as_u64().unwrap().to_string();
    let bgp = ovh(
        &sandbox,
        &env,
        &[
            "extra",
            "create",
            L3,
            "1001",
            &dc_id,
            "--type",
            "bgp",
            "--bgp-neighbor-asn",
            "65500",
            "--bgp-neighbor-ip",
            "10.20.0.4",
        ],
    )
    .await;
    assert_eq!(bgp["type"], "bgp");
    assert_eq!(bgp["status"], "active");
    let create = ["extra", "create", L3, "1001", "3001"];
    let route = ovh(&sandbox, &env, &[&create[..], &super::ROUTE].concat()).await;
    assert_eq!(route["nextHop"], "10.10.0.11");
    // --no-wait prints the task; task wait follows it.
    let task = ovh(
        &sandbox,
        &env,
        &[
            "extra",
            "create",
            L3,
            "1001",
            "3001",
            "--type",
            "network",
            "--subnet",
            "172.16.2.0/24",
            "--next-hop",
            "10.10.0.12",
            "--no-wait",
        ],
    )
    .await;
    assert_eq!(task["function"], "addDatacenterExtraConfiguration");
    let task_id = task["id"].as_u64().unwrap().to_string();
    assert_eq!(
        ovh(&sandbox, &env, &["task", "wait", L3, &task_id]).await["status"],
        "done"
    );

    // Take it down: an extra, a datacenter configuration, then the POP (recursive).
    let route_id = route["id"].as_u64().unwrap().to_string();
    let gone = ovh(
        &sandbox,
        &env,
        &["extra", "delete", L3, "1001", "3001", &route_id],
    )
    .await;
    assert_eq!(gone["status"], "deleted");
    let gone = ovh(&sandbox, &env, &["dc", "delete", L3, "1001", &dc_id]).await;
    assert_eq!(gone["task"]["function"], "delDatacenterConfiguration");
    let gone = ovh(&sandbox, &env, &["pop", "delete", L3, "1001"]).await;
    assert_eq!(gone["status"], "deleted");
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(ovh(&sandbox, &env, &["pop", "list", L3]).await, json!([]));

    // The now empty service switches to L2; then an L2 datacenter under it.
    let pop = ovh(
        &sandbox,
        &env,
        &["pop", "create", L3, "--interface", "2002", "--type", "l2"],
    )
    .await;
    assert_eq!(pop["type"], "l2");
    let pop_id = pop["id"].as_u64().unwrap().to_string();
    let dc = ovh(
        &sandbox,
        &env,
        &["dc", "create", L3, &pop_id, "--datacenter", "5"],
    )
    .await;
    assert_eq!(dc["datacenterId"], 5);
    // L3 on the L2 service is refused, naming the delete to run.
    let mut cmd = sandbox.cc(&env);
    cmd.args([
        "ovh",
        "pop",
        "create",
        READY,
        "--interface",
        "2001",
        "--type",
        "l3",
        "--customer-asn",
        "65400",
        "--ovh-asn",
        "65401",
        "--subnet",
        "192.0.2.0/30",
    ]);
    assert_code(&run(cmd).await, 0);
    let mut cmd = sandbox.cc(&env);
    cmd.args([
        "ovh",
        "pop",
        "create",
        L3,
        "--interface",
        "2002",
        "--type",
        "l3",
    ])
    .args([
        "--customer-asn",
        "65400",
        "--ovh-asn",
        "65401",
        "--subnet",
        "192.0.2.4/30",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(&format!("ovh pop delete {L3} {pop_id} --yes")),
        "{}",
        stderr(&out)
    );

    // vRack: who may join, who is in, attach and detach (their tasks vanish when done).
    let empty = "pn-1000003";
    assert_eq!(
        ovh(&sandbox, &env, &["vrack", "list", empty]).await,
        json!([])
    );
    assert_eq!(
        ovh(&sandbox, &env, &["vrack", "eligible", empty]).await,
        json!([READY])
    );
    let attached = ovh(&sandbox, &env, &["vrack", "attach", empty, READY]).await;
    assert_eq!(attached["vrack"], empty);
    assert_eq!(
        ovh(&sandbox, &env, &["vrack", "list", empty]).await,
        json!([READY])
    );
    let detached = ovh(&sandbox, &env, &["vrack", "detach", "pn-1000002", IN_VRACK]).await;
    assert_eq!(detached["vrack"], Value::Null);
    assert_eq!(
        ovh(&sandbox, &env, &["vrack", "eligible", empty]).await,
        json!([IN_VRACK])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_list_shows_all_four_providers_and_ovh_runs_with_a_service_account() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "connections", "list", "-o", "json"]);
    let rows = run_json(cmd).await;
    let providers: std::collections::BTreeSet<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["provider"].as_str().unwrap())
        .collect();
    assert_eq!(
        providers.into_iter().collect::<Vec<_>>(),
        ["console-connect", "huawei", "orange", "ovh"]
    );
    let ovh_row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == L3)
        .unwrap();
    assert_eq!(
        ovh_row,
        &json!({ "provider": "ovh", "id": L3, "name": "Singapore L3 to Gravelines", "state": "ACTIVE", "raw_state": "active", "bandwidth_mbps": 10000, "location": "SIN1" })
    );

    // The same simulator through `cc sandbox` exports, with the OAuth2 service account.
    let sandbox = Sandbox::spawn(&env, "200ms");
    let names: Vec<&str> = sandbox.vars().iter().map(|(k, _)| k.as_str()).collect();
    for var in [
        "CC_OVH_URL",
        "OVH_ENDPOINT",
        "OVH_APPLICATION_KEY",
        "OVH_APPLICATION_SECRET",
        "OVH_CONSUMER_KEY",
    ] {
        assert!(names.contains(&var), "{var} not exported: {names:?}");
    }
    let mut cmd = sandbox.cc(&env);
    cmd.env_remove("OVH_APPLICATION_KEY")
        .env_remove("OVH_APPLICATION_SECRET")
        .env_remove("OVH_CONSUMER_KEY")
        .env("OVH_CLIENT_ID", cc::sandbox::ovh::CLIENT_ID)
        .env("OVH_CLIENT_SECRET", cc::sandbox::ovh::CLIENT_SECRET)
        .args(["-vv", "ovh", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let listed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3);
    assert!(!stderr(&out).contains("/auth/time"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("/auth/oauth2/token"),
        "{}",
        stderr(&out)
    );
    let mut cmd = sandbox.cc(&env);
    cmd.args([
        "doctor",
        "-o",
        "json",
        "--jq",
        ".[] | select(.provider == \"ovh\") | .status",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "ok");
}
