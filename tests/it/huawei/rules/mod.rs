//! The rules that span resources (issue 21), with the issue's own examples: each refused before
//! anything is sent (exit 2, both parties named, the rule and whether it is documented), an
//! inferred one let through by `--skip-rule`, and each refused by the simulator too, through a
//! raw `cc api huawei` call, in Huawei's error shape.

mod bandwidths;
mod network_instances;
mod simulator;

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use super::{BWP_ID, CC_ID, PROJECT, VPC_ID, api, documented_connection, gateway, huawei};
use crate::common::{Sandbox, TestEnv, assert_code, fixture_json, run, stderr, stdout};

const OTHER_CC: &str = "6a1b2c3d-0000-4000-8000-000000000002";

/// The seeded package: 20 Mbit/s between Asia-Pacific and Asia-Pacific, bound to `CC_ID`.
fn package() -> Value {
    let mut p =
        fixture_json("huawei", "bandwidth_package_response.json")["bandwidth_package"].clone();
    p["resource_id"] = json!(CC_ID);
    p
}

/// An inter-region bandwidth of `CC_ID` over the package, `mbps` between `a` and `b`.
fn lent(id: &str, mbps: u64, a: &str, b: &str) -> Value {
    let mut i =
        fixture_json("huawei", "inter_region_bandwidth_response.json")["inter_region_bandwidth"]
            .clone();
    i["id"] = json!(id);
    i["bandwidth"] = json!(mbps);
    i["inter_regions"] = json!([
        { "local_region_id": a, "remote_region_id": b },
        { "local_region_id": b, "remote_region_id": a },
    ]);
    i
}

/// A network instance `name` (`n` makes its id) of `cloud_connection` in `region` with `cidr`.
fn instance(n: u8, name: &str, cloud_connection: &str, region: &str, cidr: &str) -> Value {
    let mut ni =
        fixture_json("huawei", "network_instance_response.json")["network_instance"].clone();
    ni["id"] = json!(format!("7b2c3d4e-0000-4000-8000-00000000000{n}"));
    ni["name"] = json!(name);
    ni["cloud_connection_id"] = json!(cloud_connection);
    ni["region_id"] = json!(region);
    ni["cidrs"] = json!([cidr]);
    ni
}

/// Paris and Singapore, as the seeded account has them.
fn paris_and_singapore() -> Value {
    json!([
        instance(1, "vpc-paris", CC_ID, "eu-west-0", "192.168.0.0/24"),
        instance(2, "vpc-singapore", CC_ID, "ap-southeast-3", "10.1.0.0/16"),
    ])
}

/// `collection` listed with the filter `key=value`, answered with `items` under `many`, as often
/// as asked (the tests run several commands against one server).
async fn mount_list(
    server: &MockServer,
    collection: &str,
    (key, value): (&str, &str),
    many: &str,
    items: Value,
) {
    let body = json!({ many: items, "page_info": { "current_count": 0 }, "request_id": "r1" });
    Mock::given(method("GET"))
        .and(path(api(&format!("/{collection}"))))
        .and(query_param(key, value))
        .respond_with(gateway(200, &body.to_string()))
        .mount(server)
        .await;
}

async fn mount_get(server: &MockServer, rest: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(api(rest)))
        .respond_with(gateway(200, &body.to_string()))
        .mount(server)
        .await;
}

/// What `inter-region-bandwidths create` reads: the cloud connection, `package`, the cloud
/// connection's inter-region bandwidths and network instances.
async fn irb_reads(server: &MockServer, package: Value, lent: Value, instances: Value) {
    mount_get(
        server,
        &format!("/cloud-connections/{CC_ID}"),
        json!({ "cloud_connection": documented_connection() }),
    )
    .await;
    mount_get(
        server,
        &format!("/bandwidth-packages/{BWP_ID}"),
        json!({ "bandwidth_package": package }),
    )
    .await;
    let on = ("cloud_connection_id", CC_ID);
    mount_list(
        server,
        "inter-region-bandwidths",
        on,
        "inter_region_bandwidths",
        lent,
    )
    .await;
    mount_list(
        server,
        "network-instances",
        on,
        "network_instances",
        instances,
    )
    .await;
}

/// A create that must not be sent: any POST or PUT fails the test when the server drops.
async fn forbid_writes(server: &MockServer) {
    for verb in ["POST", "PUT"] {
        Mock::given(method(verb))
            .respond_with(gateway(500, "{}"))
            .expect(0)
            .named("a write, which the rule forbids")
            .mount(server)
            .await;
    }
}

/// `cc huawei <args>` against `server`: exit 2, and what it said.
async fn refused(server: &MockServer, args: &[&str]) -> String {
    let env = TestEnv::new();
    let mut cmd = huawei(&env, server);
    cmd.arg("huawei").args(args);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let got = server.received_requests().await.unwrap_or_default();
    assert!(
        got.iter().all(|r| r.method.as_str() == "GET"),
        "only reads were sent"
    );
    stderr(&out)
}

fn irb_create(mbps: &str, a: &str, b: &str) -> Vec<String> {
    [
        "inter-region-bandwidths",
        "create",
        "--cloud-connection",
        CC_ID,
        "--bandwidth-package",
        BWP_ID,
        "--bandwidth",
        mbps,
        "--region",
        a,
        "--region",
        b,
    ]
    .map(String::from)
    .to_vec()
}

fn words(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}
