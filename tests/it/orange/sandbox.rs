//! The Orange simulator through `--sandbox`: a connector's whole life, and the one list of
//! steps 1 and 6 that `--vnet` is checked against.

use crate::common::{TestEnv, assert_code, run, run_json, stderr, stdout};

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

    // The seeded connector is there, deletable.
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

    // `--sandbox` remembers the delete; `cc sandbox reset` brings the seeded connector back.
    let mut cmd = env.cc();
    cmd.args(["sandbox", "reset"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stderr(&out).contains("removed "), "{}", stderr(&out));

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

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_vnets_lists_both_steps_examples_and_create_takes_every_name_it_prints() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "orange", "vnets", "-o", "json"]);
    let listed = run_json(cmd).await;
    let names: Vec<String> = listed
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v["name"].as_str().map(str::to_string))
        .collect();
    // Step 1's VPNs and step 6's virtual networks: the one list of their one path.
    for name in ["VPNName3", "vnet-01", "vnet-02", "vnet-03"] {
        assert!(names.iter().any(|n| n == name), "{name} not in {names:?}");
    }
    let create = |vnet: &str| {
        let mut cmd = env.cc();
        cmd.args([
            "--sandbox",
            "orange",
            "create",
            "--name",
            "Connection to LYON",
        ])
        .args(["--bandwidth", "50", "--vpn", "VPNName3"])
        .args(["--credential", "Azure_Credential_1", "--pop", "POP4"])
        .args(["--region", "northeurope", "--resource-group", "rg-3"])
        .args([
            "--vnet",
            vnet,
            "--azure-asn",
            "64512",
            "--network-asn",
            "64513",
        ])
        // The second create takes the first one's name, which the state remembers.
        .args(["--no-wait", "--if-exists", "create"]);
        cmd
    };
    for name in ["vnet-03", "VPNName3"] {
        let created = run_json(create(name)).await;
        assert_eq!(created["vnetName"], name);
    }
    let out = run(create("vnet-99")).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("--vnet `vnet-99`"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_serves_seeded_pages_without_a_total_when_asked() {
    let env = TestEnv::new();
    let sandboxed = |args: &[&str]| {
        let mut cmd = env.cc();
        cmd.env("CC_SANDBOX_ORANGE_PAGE", "20")
            .env("CC_SANDBOX_ORANGE_POPS", "60")
            .env("CC_SANDBOX_ORANGE_CONNECTORS", "45")
            .arg("--sandbox")
            .args(args);
        cmd
    };
    let out = run(sandboxed(&["-vvv", "orange", "pops", "-o", "json"])).await;
    assert_code(&out, 0);
    let pops: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let pops = pops.as_array().unwrap();
    assert_eq!(pops.len(), 60);
    assert_eq!(pops[3]["popId"], "POP4", "the document's POPs first");
    assert_eq!(pops[59]["popId"], "B59");
    let err = stderr(&out).to_ascii_lowercase();
    assert!(!err.contains("x-total-count"), "no total is sent:\n{err}");
    assert!(err.contains("(speculative)"), "{err}");

    let connectors = run_json(sandboxed(&["orange", "list", "-o", "json"])).await;
    assert_eq!(connectors.as_array().unwrap().len(), 45);

    let mut bad = sandboxed(&["orange", "pops"]);
    bad.env("CC_SANDBOX_ORANGE_PAGE", "many");
    let out = run(bad).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("CC_SANDBOX_ORANGE_PAGE"),
        "{}",
        stderr(&out)
    );
}
