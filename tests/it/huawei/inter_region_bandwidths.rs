//! Inter-region bandwidths: both regions in the body; an update is checked against its package
//! as a create is.

use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer};

use super::{BWP_ID, CC_ID, IRB_ID, api, assert_all_signed, empty_list, gateway, huawei};
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
        .mount(&server)
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
    cmd.args([
        "huawei",
        "inter-region-bandwidths",
        "create",
        "--cloud-connection",
        CC_ID,
        "--bandwidth-package",
        BWP_ID,
        "--bandwidth",
        "5",
        "--region",
        "eu-west-0",
        "--region",
        "ap-southeast-3",
    ]);
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
