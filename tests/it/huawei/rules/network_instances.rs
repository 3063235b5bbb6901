//! The network instance rules: a VPC loaded once whichever cloud connection, and a CIDR that
//! overlaps one already loaded.

use super::*;

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
