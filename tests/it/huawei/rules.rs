//! The rules that span resources (issue 21), with the issue's own examples: each refused before
//! anything is sent (exit 2, both parties named, the rule and whether it is documented), an
//! inferred one let through by `--skip-rule`, and each refused by the simulator too, through a
//! raw `cc api huawei` call, in Huawei's error shape.

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

#[tokio::test(flavor = "multi_thread")]
async fn a_package_carrying_10_of_20_refuses_two_more_15s() {
    let server = MockServer::start().await;
    let ten = json!([lent(
        "9d4e5f60-0000-4000-8000-000000000001",
        10,
        "eu-west-0",
        "ap-southeast-3"
    )]);
    let mut instances = paris_and_singapore();
    instances.as_array_mut().unwrap().push(instance(
        3,
        "vpc-hk",
        CC_ID,
        "ap-southeast-1",
        "10.3.0.0/16",
    ));
    irb_reads(&server, package(), ten, instances).await;
    forbid_writes(&server).await;
    for pair in [
        ["eu-west-0", "ap-southeast-1"],
        ["ap-southeast-1", "ap-southeast-3"],
    ] {
        let said = refused(&server, &words(&irb_create("15", pair[0], pair[1]))).await;
        assert!(said.contains("--bandwidth 15 and bandwidth package `bwp-eu-ap` (8c3d4e5f-0000-4000-8000-000000000001)"), "{said}");
        assert!(
            said.contains("25 Mbit/s in all is more than its 20"),
            "{said}"
        );
        assert!(
            said.contains("rule `huawei-package-carries` (documented)"),
            "{said}"
        );
        assert!(
            !said.contains("--skip-rule"),
            "a documented rule is not skippable: {said}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_repeated_region_pair_is_refused_either_way_round_unless_skipped() {
    let server = MockServer::start().await;
    let ten = json!([lent(
        "9d4e5f60-0000-4000-8000-000000000001",
        10,
        "eu-west-0",
        "ap-southeast-3"
    )]);
    irb_reads(&server, package(), ten, paris_and_singapore()).await;
    forbid_writes(&server).await;
    let said = refused(
        &server,
        &words(&irb_create("5", "ap-southeast-3", "eu-west-0")),
    )
    .await;
    assert!(said.contains("--region ap-southeast-3 ↔ eu-west-0 and inter-region bandwidth 9d4e5f60-0000-4000-8000-000000000001 (eu-west-0 ↔ ap-southeast-3)"), "{said}");
    assert!(
        said.contains("rule `huawei-one-per-region-pair` (inferred)"),
        "{said}"
    );
    assert!(
        said.contains("--skip-rule huawei-one-per-region-pair"),
        "{said}"
    );
    // A wrong guess never blocks a real order: skipped, it is sent with a warning.
    let server = MockServer::start().await;
    let ten = json!([lent(
        "9d4e5f60-0000-4000-8000-000000000001",
        10,
        "eu-west-0",
        "ap-southeast-3"
    )]);
    irb_reads(&server, package(), ten, paris_and_singapore()).await;
    mount_list(
        &server,
        "inter-region-bandwidths",
        ("bandwidth_package_id", BWP_ID),
        "inter_region_bandwidths",
        json!([]),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(api("/inter-region-bandwidths")))
        .respond_with(gateway(
            201,
            &fixture_json("huawei", "inter_region_bandwidth_response.json").to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["--skip-rule", "huawei-one-per-region-pair", "huawei"])
        .args(irb_create("5", "ap-southeast-3", "eu-west-0"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("let through by --skip-rule huawei-one-per-region-pair"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_region_without_a_network_instance_is_refused() {
    let server = MockServer::start().await;
    irb_reads(&server, package(), json!([]), paris_and_singapore()).await;
    forbid_writes(&server).await;
    let said = refused(
        &server,
        &words(&irb_create("5", "eu-west-0", "ap-southeast-1")),
    )
    .await;
    assert!(said.contains("--region ap-southeast-1 and cloud connection `cloud-connection name` (6a1b2c3d-0000-4000-8000-000000000001): it has no network instance in ap-southeast-1"), "{said}");
    assert!(
        said.contains("rule `huawei-regions-have-instances` (inferred)"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_outside_the_packages_areas_are_refused() {
    let server = MockServer::start().await;
    let mut instances = paris_and_singapore();
    instances.as_array_mut().unwrap().push(instance(
        3,
        "vpc-beijing",
        CC_ID,
        "cn-north-4",
        "10.4.0.0/16",
    ));
    irb_reads(&server, package(), json!([]), instances).await;
    forbid_writes(&server).await;
    let said = refused(
        &server,
        &words(&irb_create("5", "cn-north-4", "ap-southeast-3")),
    )
    .await;
    assert!(said.contains("--region cn-north-4 ↔ ap-southeast-3 and bandwidth package `bwp-eu-ap` (8c3d4e5f-0000-4000-8000-000000000001) (Asia-Pacific ↔ Asia-Pacific)"), "{said}");
    assert!(said.contains("cn-north-4 is in Chinese-Mainland"), "{said}");
    assert!(
        said.contains("rule `huawei-regions-in-package` (inferred)"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_package_for_the_same_areas_and_billing_mode_is_refused() {
    let server = MockServer::start().await;
    mount_get(
        &server,
        &format!("/cloud-connections/{CC_ID}"),
        json!({ "cloud_connection": documented_connection() }),
    )
    .await;
    mount_list(
        &server,
        "bandwidth-packages",
        ("cloud_connection_id", CC_ID),
        "bandwidth_packages",
        json!([package()]),
    )
    .await;
    forbid_writes(&server).await;
    let said = refused(
        &server,
        &[
            "bandwidth-packages",
            "create",
            "--name",
            "bwp-again",
            "--project-id",
            PROJECT,
            "--local-area",
            "Asia-Pacific",
            "--remote-area",
            "Asia-Pacific",
            "--bandwidth",
            "10",
            "--billing-mode",
            "4",
            "--cloud-connection",
            CC_ID,
            "--dry-run",
        ],
    )
    .await;
    assert!(said.contains("bandwidth package `bwp-again` (Asia-Pacific ↔ Asia-Pacific, billing mode 4) and bandwidth package `bwp-eu-ap` (8c3d4e5f-0000-4000-8000-000000000001)"), "{said}");
    assert!(
        said.contains("rule `huawei-one-package-per-areas` (documented)"),
        "{said}"
    );
}

/// `network-instances create` of `vpc` with `cidr` on `CC_ID`, over what the reads answer.
fn ni_create(vpc: &str, cidr: &str) -> Vec<String> {
    [
        "network-instances",
        "create",
        "--cloud-connection",
        CC_ID,
        "--name",
        "vpc-new",
        "--type",
        "vpc",
        "--instance-id",
        vpc,
        "--project-id",
        PROJECT,
        "--region-id",
        "eu-west-0",
        "--cidr",
        cidr,
    ]
    .map(String::from)
    .to_vec()
}

async fn ni_reads(server: &MockServer, vpc: &str, loaded: Value) {
    mount_list(
        server,
        "network-instances",
        ("cloud_connection_id", CC_ID),
        "network_instances",
        paris_and_singapore(),
    )
    .await;
    mount_list(
        server,
        "network-instances",
        ("instance_id", vpc),
        "network_instances",
        loaded,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_vpc_is_not_loaded_twice_whichever_cloud_connection() {
    let server = MockServer::start().await;
    let mut elsewhere = instance(1, "vpc-paris", OTHER_CC, "eu-west-0", "192.168.0.0/24");
    elsewhere["instance_id"] = json!(VPC_ID);
    ni_reads(&server, VPC_ID, json!([elsewhere])).await;
    forbid_writes(&server).await;
    let said = refused(&server, &words(&ni_create(VPC_ID, "172.16.0.0/16"))).await;
    assert!(said.contains(&format!("--instance-id {VPC_ID} and network instance `vpc-paris` (7b2c3d4e-0000-4000-8000-000000000001) (cloud connection {OTHER_CC})")), "{said}");
    assert!(
        said.contains("rule `huawei-vpc-loaded-once` (documented)"),
        "{said}"
    );
    // Documented, so not skippable: `--skip-rule` itself is refused, naming the skippable ones.
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["--skip-rule", "huawei-vpc-loaded-once", "huawei"])
        .args(ni_create(VPC_ID, "172.16.0.0/16"));
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("is a documented rule")
            && stderr(&out).contains("huawei-cidrs-disjoint"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slash_25_beside_its_slash_24_is_refused_unless_skipped() {
    let fresh = "2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d";
    let server = MockServer::start().await;
    ni_reads(&server, fresh, json!([])).await;
    forbid_writes(&server).await;
    let said = refused(&server, &words(&ni_create(fresh, "192.168.0.0/25"))).await;
    assert!(said.contains("--cidr 192.168.0.0/25 and network instance `vpc-paris` (7b2c3d4e-0000-4000-8000-000000000001) (192.168.0.0/24): overlap"), "{said}");
    assert!(
        said.contains("rule `huawei-cidrs-disjoint` (inferred)"),
        "{said}"
    );
    // The same rule on a change of subnets, and between two flags of one command.
    let server = MockServer::start().await;
    mount_get(
        &server,
        "/network-instances/7b2c3d4e-0000-4000-8000-000000000002",
        json!({ "network_instance": paris_and_singapore()[1] }),
    )
    .await;
    mount_list(
        &server,
        "network-instances",
        ("cloud_connection_id", CC_ID),
        "network_instances",
        paris_and_singapore(),
    )
    .await;
    forbid_writes(&server).await;
    let said = refused(
        &server,
        &[
            "network-instances",
            "update",
            "7b2c3d4e-0000-4000-8000-000000000002",
            "--cidr",
            "192.168.0.0/16",
        ],
    )
    .await;
    assert!(
        said.contains("--cidr 192.168.0.0/16 and network instance `vpc-paris`"),
        "{said}"
    );
    let said = refused(
        &server,
        &[
            "network-instances",
            "update",
            "7b2c3d4e-0000-4000-8000-000000000002",
            "--cidr",
            "10.9.0.0/16",
            "--cidr",
            "10.9.1.0/24",
        ],
    )
    .await;
    assert!(
        said.contains("--cidr 10.9.0.0/16 and --cidr 10.9.1.0/24: overlap"),
        "{said}"
    );
}

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
