//! The bandwidth rules: a package's capacity, a region pair lent twice, a region without a
//! network instance, regions outside the package's areas, and a second package for the same
//! areas and billing mode.

use super::*;

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
