//! The Orange simulator through `--sandbox`: a connector's whole life.

use crate::common::{TestEnv, assert_code, run, run_json, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_create_wait_list_and_delete() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "300ms")
        .args([
            "--sandbox",
            "orange",
            "create",
            "--name",
            "Connection to AMSTERDAM",
            "--bandwidth",
            "100",
            "--vpn",
            "VPNName3",
        ])
        .args([
            "--credential",
            "Azure_Credential_2",
            "--pop",
            "DE3",
            "--region",
            "northeurope",
            "--resource-group",
            "rg-1",
        ])
        .args([
            "--vnet",
            "vnet-01",
            "--azure-asn",
            "65000",
            "--network-asn",
            "65001",
            "--interval",
            "100ms",
        ]);
    let created = run_json(cmd).await;
    assert_eq!(created["state"], "ACTIVE");
    assert_eq!(
        created["azureCredentialId"],
        "a2b3d7b8-f249-4a25-9f26-02682bbad4f3"
    );

    // Each --sandbox run has its own simulator: the seeded connector is there, deletable.
    let mut cmd = env.cc();
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "200ms").args([
        "--sandbox",
        "orange",
        "delete",
        "Connection to PARIS",
        "--yes",
        "--interval",
        "50ms",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);

    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "orange",
        "wait",
        "Connection to PARIS",
        "--until",
        "active",
        "-o",
        "yaml",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("state: ACTIVE"), "{}", stdout(&out));

    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "orange",
        "regions",
        "--credential",
        "Azure_Credential_1",
        "-o",
        "table",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("North Europe"), "{}", stdout(&out));
}
