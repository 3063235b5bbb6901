//! Network instances: the documented body, the wait, ERROR, and a delete of one already gone.

use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer};

use super::{
    CC_ID, NI_ID, PROJECT, VPC_ID, api, assert_all_signed, empty_list, gateway, huawei,
    instance_create, inter_region_create, mount_filtered, mount_name_lookup,
    refused_before_sending,
};
use crate::common::{TestEnv, assert_code, fixture, fixture_json, run, run_json, stderr};

#[tokio::test(flavor = "multi_thread")]
async fn network_instance_create_sends_the_documented_body_and_waits_until_active() {
    let server = MockServer::start().await;
    mount_name_lookup(
        &server,
        "network-instances",
        "vpc-paris",
        empty_list("network_instances"),
    )
    .await;
    // What the rules read first: the cloud connection's instances, and where the VPC is loaded.
    let filters = [("cloud_connection_id", CC_ID), ("instance_id", VPC_ID)];
    for filter in filters {
        mount_filtered(
            &server,
            "network-instances",
            filter,
            "network_instances",
            json!([]),
        )
        .await;
    }
    let pending = fixture_json("huawei", "network_instance_response.json");
    let mut active = pending.clone();
    active["network_instance"]["status"] = json!("ACTIVE");
    Mock::given(method("POST"))
        .and(path(api("/network-instances")))
        .and(body_json(json!({ "network_instance": {
            "name": "vpc-paris",
            "type": "vpc",
            "instance_id": VPC_ID,
            "project_id": PROJECT,
            "region_id": "eu-west-0",
            "cloud_connection_id": CC_ID,
            "cidrs": ["192.168.0.0/24", "192.168.1.0/24"],
        }})))
        .respond_with(gateway(201, &pending.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/network-instances/{NI_ID}"))))
        .respond_with(gateway(200, &pending.to_string()))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/network-instances/{NI_ID}"))))
        .respond_with(gateway(200, &active.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    let cidrs = ["--cidr", "192.168.0.0/24", "--cidr", "192.168.1.0/24"];
    cmd.args(instance_create("vpc-paris", "VPC", &cidrs))
        .args(["--interval", "10ms"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed, active["network_instance"]);
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn network_instance_in_error_is_exit_8() {
    let server = MockServer::start().await;
    let mut failed = fixture_json("huawei", "network_instance_response.json");
    failed["network_instance"]["status"] = json!("ERROR");
    Mock::given(method("GET"))
        .and(path(api("/network-instances")))
        .respond_with(gateway(200, &empty_list("network_instances")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/network-instances")))
        .respond_with(gateway(
            201,
            &fixture("huawei", "network_instance_response.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/network-instances/{NI_ID}"))))
        .respond_with(gateway(200, &failed.to_string()))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(instance_create(
        "vpc-paris",
        "vpc",
        &["--cidr", "192.168.0.0/24"],
    ))
    .args(["--interval", "10ms"]);
    let out = run(cmd).await;
    assert_code(&out, 8);
    assert!(stderr(&out).contains("ERROR"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delete_answered_400_cc_1002_is_already_gone_exit_4_and_other_400s_stay_5() {
    // Terraform's network-instance delete reads a 400 `CC.1002` as 404.
    for (code, exit) in [("CC.1002", 4), ("CC.1001", 5)] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(api(&format!("/network-instances/{NI_ID}"))))
            .respond_with(gateway(
                200,
                &fixture("huawei", "network_instance_response.json"),
            ))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .and(path(api(&format!("/network-instances/{NI_ID}"))))
            .respond_with(gateway(
                400,
                &json!({"error_code": code, "error_msg": "The network instance does not exist.", "request_id": "req-9"}).to_string(),
            ))
            .expect(1)
            .mount(&server)
            .await;
        let env = TestEnv::new();
        let mut cmd = huawei(&env, &server);
        cmd.args(["huawei", "network-instances", "delete", NI_ID, "--yes"]);
        let out = run(cmd).await;
        assert_code(&out, exit);
        let err = stderr(&out);
        assert!(err.contains(code), "{err}");
        assert!(
            err.contains("The network instance does not exist."),
            "{err}"
        );
        assert_all_signed(&server).await;
    }
}

/// The checks the commands share with `cc apply` (`providers::huawei::bodies`, `lookup`) name
/// the flag: a subnet or a region given twice, a package bound elsewhere, an empty name.
#[tokio::test(flavor = "multi_thread")]
async fn a_value_given_twice_or_empty_is_exit_2_naming_the_flag_and_nothing_is_sent() {
    let instance = instance_create(
        "n",
        "vpc",
        &["--cidr", "10.0.0.0/16", "--cidr", "10.0.0.0/16 "],
    );
    let regions = inter_region_create(CC_ID, ["eu-west-0", "eu-west-0"]);
    let cases: [(&[&str], &str); 3] = [
        (&instance, "--cidr 10.0.0.0/16: given twice"),
        (&regions, "--region eu-west-0: given twice"),
        (
            &["huawei", "network-instances", "get", " "],
            "network instance: must not be empty",
        ),
    ];
    refused_before_sending(&MockServer::start().await, &cases).await;
}
