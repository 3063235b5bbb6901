//! Bandwidth packages: create, associate and disassociate bodies.

use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer};

use super::{
    BWP_ID, CC_ID, PROJECT, api, assert_all_signed, empty_list, gateway, huawei, mount_name_lookup,
};
use crate::common::{TestEnv, assert_code, fixture, fixture_json, run, run_json};

#[tokio::test(flavor = "multi_thread")]
async fn bandwidth_package_create_and_associate_send_the_documented_bodies() {
    let server = MockServer::start().await;
    mount_name_lookup(
        &server,
        "bandwidth-packages",
        "bwp-eu-ap",
        empty_list("bandwidth_packages"),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(api("/bandwidth-packages")))
        .and(body_json(json!({ "bandwidth_package": {
            "name": "bwp-eu-ap",
            "project_id": PROJECT,
            "local_area_id": "Asia-Pacific",
            "remote_area_id": "Chinese-Mainland",
            "charge_mode": "bandwidth",
            "billing_mode": 4,
            "bandwidth": 20,
            "spec_code": "bandwidth.aptoap",
            "interflow_mode": "Area",
        }})))
        .respond_with(gateway(
            201,
            &fixture("huawei", "bandwidth_package_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}"))))
        .respond_with(gateway(
            200,
            &fixture("huawei", "bandwidth_package_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let mut bound = fixture_json("huawei", "bandwidth_package_response.json");
    bound["bandwidth_package"]["resource_id"] = json!(CC_ID);
    bound["bandwidth_package"]["resource_type"] = json!("cloud_connection");
    Mock::given(method("POST"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}/associate"))))
        .and(body_json(json!({ "bandwidth_package": { "resource_id": CC_ID, "resource_type": "cloud_connection" } })))
        .respond_with(gateway(200, &bound.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "bandwidth-packages",
        "create",
        "--name",
        "bwp-eu-ap",
        "--project-id",
        PROJECT,
        "--local-area",
        "asia-pacific",
        "--remote-area",
        "Chinese-Mainland",
        "--bandwidth",
        "20",
        "--billing-mode",
        "4",
        "--spec-code",
        "bandwidth.aptoap",
        "--interflow-mode",
        "area",
    ]);
    assert_code(&run(cmd).await, 0);
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "bandwidth-packages",
        "associate",
        BWP_ID,
        "--cloud-connection",
        CC_ID,
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["resource_id"], CC_ID);
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn disassociate_sends_the_same_body_shape() {
    let server = MockServer::start().await;
    let mut bound = fixture_json("huawei", "bandwidth_package_response.json");
    bound["bandwidth_package"]["resource_id"] = json!(CC_ID);
    Mock::given(method("GET"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}"))))
        .respond_with(gateway(200, &bound.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api(&format!("/bandwidth-packages/{BWP_ID}/disassociate"))))
        .and(body_json(json!({ "bandwidth_package": { "resource_id": CC_ID, "resource_type": "cloud_connection" } })))
        .respond_with(gateway(200, &fixture("huawei", "bandwidth_package_response.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "bandwidth-packages",
        "disassociate",
        BWP_ID,
        "--cloud-connection",
        CC_ID,
    ]);
    assert_code(&run(cmd).await, 0);
    assert_all_signed(&server).await;
}
