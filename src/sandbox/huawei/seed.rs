//! The simulated account's starting state: the provider document's cloud connection made
//! concrete, 24 more so that lists take three marker pages, and the network instances, bandwidth
//! package and inter-region bandwidth that make the first one carry traffic; for benchmarks, as
//! many more cloud connections as asked (`Seeding::connections`).

use serde_json::{Value, json};

use super::store::{Entry, entry};
use super::{DOMAIN_ID, PROJECT_ID, SEEDED_CLOUD_CONNECTION};
use crate::providers::huawei::models;

const SEEDED_AT: &str = "2023-09-20T08:28:28Z";

/// The seeded cloud connections (with `extra` more after the 25), network instances, bandwidth
/// packages and inter-region bandwidths.
pub(super) fn seed(extra: usize) -> (Vec<Entry>, Vec<Entry>, Vec<Entry>, Vec<Entry>) {
    (
        cloud_connections(extra),
        network_instances(),
        bandwidth_packages(),
        inter_region_bandwidths(),
    )
}

/// The document's cloud connection, 24 branches, and `extra` more for benchmarks.
fn cloud_connections(extra: usize) -> Vec<Entry> {
    // The provider document's create response, made concrete.
    let mut paris: Value = serde_json::from_str(include_str!(
        "../../../fixtures/huawei/create_cloud_connection_response.json"
    ))
    .ok()
    .and_then(|mut v: Value| v.get_mut("cloud_connection").map(Value::take))
    .unwrap_or_else(|| json!({}));
    paris["id"] = json!(SEEDED_CLOUD_CONNECTION);
    paris["name"] = json!("cc-paris");
    paris["description"] = json!("Paris to Singapore");
    paris["domain_id"] = json!(DOMAIN_ID);
    let mut clouds = vec![entry(paris)];
    let cloud = |id: String, name: String, description: String| {
        entry(json!({
            "id": id,
            "name": name,
            "description": description,
            "domain_id": DOMAIN_ID,
            "enterprise_project_id": "0",
            "status": "ACTIVE",
            "admin_state_up": true,
            "used_scene": "vpc",
            "created_at": SEEDED_AT,
            "updated_at": SEEDED_AT,
            "tags": [],
        }))
    };
    for n in 1..=24 {
        clouds.push(cloud(
            format!("6a1b2c3d-0000-4000-8000-{:012}", 100 + n),
            format!("cc-branch-{n:02}"),
            String::new(),
        ));
    }
    // More for benchmarks: ids in their own block, so never one of the 25 above.
    for n in 1..=extra {
        clouds.push(cloud(
            format!("6a1b2c3d-0000-4000-8001-{n:012}"),
            format!("cc-bench-{n:05}"),
            format!("Benchmark connection {n}"),
        ));
    }
    clouds
}

/// The two VPCs of the seeded cloud connection, Paris and Singapore.
fn network_instances() -> Vec<Entry> {
    let instance = |id: &str, name: &str, region: &str, vpc: &str, cidr: &str| {
        entry(json!({
            "id": id,
            "name": name,
            "description": "",
            "domain_id": DOMAIN_ID,
            "status": "ACTIVE",
            "created_at": SEEDED_AT,
            "updated_at": SEEDED_AT,
            "type": "vpc",
            "cloud_connection_id": SEEDED_CLOUD_CONNECTION,
            "instance_id": vpc,
            "instance_domain_id": DOMAIN_ID,
            "region_id": region,
            "project_id": PROJECT_ID,
            "cidrs": [cidr],
        }))
    };
    vec![
        instance(
            "7b2c3d4e-0000-4000-8000-000000000001",
            "vpc-paris",
            "eu-west-0",
            "3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f",
            "192.168.0.0/24",
        ),
        instance(
            "7b2c3d4e-0000-4000-8000-000000000002",
            "vpc-singapore",
            "ap-southeast-3",
            "4e0a2d3f-6c8b-4d2e-8f30-1b2c3d4e5f60",
            "10.1.0.0/16",
        ),
    ]
}

/// A package bound to the seeded cloud connection, and a spare one.
fn bandwidth_packages() -> Vec<Entry> {
    let package = |id: &str, name: &str, bound: Option<&str>, bandwidth: u32| {
        entry(json!({
            "id": id,
            "name": name,
            "description": "",
            "domain_id": DOMAIN_ID,
            "enterprise_project_id": "0",
            "status": "ACTIVE",
            "created_at": SEEDED_AT,
            "updated_at": SEEDED_AT,
            "admin_state_up": true,
            "billing_mode": "4",
            "charge_mode": "bandwidth",
            "bandwidth": bandwidth,
            "resource_id": bound,
            "resource_type": bound.map(|_| models::RESOURCE_TYPE_CLOUD_CONNECTION),
            "local_area_id": "Asia-Pacific",
            "remote_area_id": "Asia-Pacific",
            "project_id": PROJECT_ID,
            "interflow_mode": "Area",
            "tags": [],
        }))
    };
    vec![
        package(
            "8c3d4e5f-0000-4000-8000-000000000001",
            "bwp-eu-ap",
            Some(SEEDED_CLOUD_CONNECTION),
            20,
        ),
        package(
            "8c3d4e5f-0000-4000-8000-000000000002",
            "bwp-spare",
            None,
            10,
        ),
    ]
}

/// The bandwidth between the two VPCs' regions, over the bound package.
fn inter_region_bandwidths() -> Vec<Entry> {
    vec![entry(json!({
        "id": "9d4e5f60-0000-4000-8000-000000000001",
        "name": "",
        "description": "",
        "domain_id": DOMAIN_ID,
        "bandwidth_package_id": "8c3d4e5f-0000-4000-8000-000000000001",
        "created_at": SEEDED_AT,
        "updated_at": SEEDED_AT,
        "cloud_connection_id": SEEDED_CLOUD_CONNECTION,
        "inter_regions": inter_regions(&["eu-west-0".into(), "ap-southeast-3".into()]),
        "bandwidth": 10,
    }))]
}

/// The `inter_regions` of an inter-region bandwidth between two regions (both directions).
pub(super) fn inter_regions(regions: &[String]) -> Value {
    let ends = |local: &String, remote: &String| {
        json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "project_id": PROJECT_ID,
            "local_region_id": local,
            "remote_region_id": remote,
        })
    };
    match regions {
        [a, b] => json!([ends(a, b), ends(b, a)]),
        _ => json!([]),
    }
}
