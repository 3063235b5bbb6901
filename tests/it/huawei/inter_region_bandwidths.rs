//! Inter-region bandwidths: both regions in the body; an update is checked against its package
//! as a create is.

use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer};

use super::{
    BWP_ID, CC_ID, IRB_ID, api, assert_all_signed, documented_connection, empty_list, gateway,
    huawei, inter_region_create, mount_filtered,
};
use crate::common::{TestEnv, assert_code, fixture, fixture_json, run, run_json};

#[tokio::test(flavor = "multi_thread")]
async fn inter_region_create_sends_both_regions() {
    let server = MockServer::start().await;
    let mut bound = fixture_json("huawei", "bandwidth_package_response.json");
    bound["bandwidth_package"]["resource_id"] = json!(CC_ID);
    Mock::given(method("GET"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}"))))
        .respond_with(gateway(200, &bound.to_string()))
        .expect(2)
        .named("the package, read by create and update")
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/inter-region-bandwidths/{IRB_ID}"))))
        .respond_with(gateway(
            200,
            &fixture("huawei", "inter_region_bandwidth_response.json"),
        ))
        .expect(1)
        .named("the inter-region bandwidth, read by update for its package")
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/inter-region-bandwidths")))
        .and(query_param("cloud_connection_id", CC_ID))
        .and(query_param("bandwidth_package_id", BWP_ID))
        .respond_with(gateway(200, &empty_list("inter_region_bandwidths")))
        .expect(1)
        .with_priority(1)
        .named("the matching ones, before the create")
        .mount(&server)
        .await;
    // What the rules read first: the cloud connection, its inter-region bandwidths and network
    // instances (one in each region), and, for the update, what the package lends.
    Mock::given(method("GET"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
        .respond_with(gateway(
            200,
            &json!({ "cloud_connection": documented_connection() }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let lent = fixture_json("huawei", "inter_region_bandwidth_response.json");
    let lent = json!([lent["inter_region_bandwidth"]]);
    mount_filtered(
        &server,
        "inter-region-bandwidths",
        ("cloud_connection_id", CC_ID),
        "inter_region_bandwidths",
        json!([]),
    )
    .await;
    mount_filtered(
        &server,
        "inter-region-bandwidths",
        ("bandwidth_package_id", BWP_ID),
        "inter_region_bandwidths",
        lent,
    )
    .await;
    let instance = |region: &str, n: u8| {
        let mut ni =
            fixture_json("huawei", "network_instance_response.json")["network_instance"].clone();
        ni["region_id"] = json!(region);
        ni["id"] = json!(format!("7b2c3d4e-0000-4000-8000-00000000000{n}"));
        ni
    };
    let instances = json!([instance("eu-west-0", 1), instance("ap-southeast-3", 2)]);
    mount_filtered(
        &server,
        "network-instances",
        ("cloud_connection_id", CC_ID),
        "network_instances",
        instances,
    )
    .await;
    Mock::given(method("POST"))
        .and(path(api("/inter-region-bandwidths")))
        .and(body_json(json!({ "inter_region_bandwidth": {
            "cloud_connection_id": CC_ID,
            "bandwidth_package_id": BWP_ID,
            "bandwidth": 5,
            "inter_region_ids": ["eu-west-0", "ap-southeast-3"],
        }})))
        .respond_with(gateway(
            201,
            &fixture("huawei", "inter_region_bandwidth_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(api(&format!("/inter-region-bandwidths/{IRB_ID}"))))
        .and(body_json(
            json!({ "inter_region_bandwidth": { "bandwidth": 8 } }),
        ))
        .respond_with(gateway(
            200,
            &fixture("huawei", "inter_region_bandwidth_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(inter_region_create(BWP_ID, ["eu-west-0", "ap-southeast-3"]));
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        fixture_json("huawei", "inter_region_bandwidth_response.json")["inter_region_bandwidth"]
    );
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "inter-region-bandwidths",
        "update",
        IRB_ID,
        "--bandwidth",
        "8",
    ]);
    assert_code(&run(cmd).await, 0);
    assert_all_signed(&server).await;
}
