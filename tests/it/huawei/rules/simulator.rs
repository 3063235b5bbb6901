//! The simulator refuses every example too, through a raw `cc api huawei` call, in Huawei's
//! error shape.

use super::*;

/// A raw call to the simulator: `cc -o json api huawei METHOD PATH --data BODY`, answered with
/// Huawei's 400: exit 5, and the error as printed.
async fn raw_refusal(sandbox: &Sandbox, verb: &str, rest: &str, body: Value) -> Value {
    let env = TestEnv::new();
    let mut cmd = sandbox.cc(&env);
    let domain = cc::sandbox::huawei::DOMAIN_ID;
    cmd.args(["-o", "json", "api", "huawei", verb])
        .arg(format!("/v3/{domain}/ccaas{rest}"))
        .args(["--data", &body.to_string()]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    let start = text.find('{').unwrap_or(0);
    serde_json::from_str::<Value>(&text[start..]).unwrap_or_else(|e| panic!("{e}: {text}"))["error"]
        .clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_every_example_in_huaweis_error_shape() {
    let sandbox = Sandbox::start(Duration::ZERO).await;
    let paris = cc::sandbox::huawei::SEEDED_CLOUD_CONNECTION;
    let irb = |mbps: u64, a: &str, b: &str| {
        json!({"inter_region_bandwidth": {"cloud_connection_id": paris, "bandwidth_package_id": BWP_ID,
            "bandwidth": mbps, "inter_region_ids": [a, b]}})
    };
    let ni = |cc: &str, vpc: &str, cidr: &str| {
        json!({"network_instance": {"name": "vpc-raw", "type": "vpc", "instance_id": vpc,
            "project_id": PROJECT, "region_id": "eu-west-0", "cloud_connection_id": cc, "cidrs": [cidr]}})
    };
    let bind =
        json!({"bandwidth_package": {"resource_id": paris, "resource_type": "cloud_connection"}});
    let cases: [(&str, String, Value, &str, &str); 8] = [
        (
            "POST",
            "/inter-region-bandwidths".into(),
            irb(15, "eu-west-0", "ap-southeast-3"),
            "CC.1001",
            "huawei-package-carries",
        ),
        (
            "PUT",
            format!("/bandwidth-packages/{BWP_ID}"),
            json!({"bandwidth_package": {"bandwidth": 5}}),
            "CC.1056",
            "huawei-package-carries",
        ),
        (
            "POST",
            "/bandwidth-packages/8c3d4e5f-0000-4000-8000-000000000002/associate".into(),
            bind,
            "CC.1001",
            "huawei-one-package-per-areas",
        ),
        (
            "POST",
            "/inter-region-bandwidths".into(),
            irb(5, "cn-north-4", "ap-southeast-3"),
            "CC.1001",
            "huawei-regions-in-package",
        ),
        (
            "POST",
            "/inter-region-bandwidths".into(),
            irb(5, "ap-southeast-3", "eu-west-0"),
            "CC.1001",
            "huawei-one-per-region-pair",
        ),
        (
            "POST",
            "/inter-region-bandwidths".into(),
            irb(5, "eu-west-0", "ap-southeast-1"),
            "CC.1001",
            "huawei-regions-have-instances",
        ),
        (
            "POST",
            "/network-instances".into(),
            ni(
                "6a1b2c3d-0000-4000-8000-000000000101",
                VPC_ID,
                "172.16.0.0/16",
            ),
            "CC.1001",
            "huawei-vpc-loaded-once",
        ),
        (
            "POST",
            "/network-instances".into(),
            ni(
                paris,
                "2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d",
                "192.168.0.0/25",
            ),
            "CC.1001",
            "huawei-cidrs-disjoint",
        ),
    ];
    for (verb, rest, body, code, rule) in cases {
        let error = raw_refusal(&sandbox, verb, &rest, body).await;
        assert_eq!(error["status"], 400, "{rule}: {error}");
        assert_eq!(error["code"], code, "{rule}: {error}");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&format!("rule `{rule}`")),
            "{rule}: {message}"
        );
        assert!(error["request_id"].is_string(), "{error}");
    }
    // A change of subnets onto another instance's, sent raw, is refused the same way.
    let error = raw_refusal(
        &sandbox,
        "PUT",
        "/network-instances/7b2c3d4e-0000-4000-8000-000000000002",
        json!({"network_instance": {"cidrs": ["192.168.0.0/16"]}}),
    )
    .await;
    assert_eq!(error["code"], "CC.1001", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("`vpc-paris`"),
        "{error}"
    );
}
