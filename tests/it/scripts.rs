//! Scripts that re-run a command (issue 11): a create whose name is taken, waits and their
//! states, hints that reach the same target, validation that update and create share, and the
//! configuration commands a script uses. Against the sandbox, one simulator per test, so that a
//! second run sees what the first one made.

use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::{Sandbox, TestEnv, assert_code, run, stderr, stdout};

const PROJECT: &str = "0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09";
/// The seeded Huawei cloud connection `cc-paris` and its package `bwp-eu-ap` (20 Mbit/s, with
/// one 10 Mbit/s inter-region bandwidth drawn from it).
const CC_PARIS: &str = "6a1b2c3d-0000-4000-8000-000000000001";
const BWP_EU_AP: &str = "8c3d4e5f-0000-4000-8000-000000000001";
/// The seeded Console Connect group `Azure ExpressRoute`.
const CC_GROUP: &str = "5e7a2b1903be0d0014960141";

async fn json_of(mut cmd: Command, args: &[&str]) -> Value {
    cmd.args(args).args(["-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&out)))
}

/// Runs `args` and expects exit 2 with nothing on stdout; returns stderr.
async fn refused(mut cmd: Command, args: &[&str]) -> String {
    cmd.args(args);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "", "{args:?}");
    stderr(&out)
}

const HUAWEI_CREATE: [&str; 4] = ["huawei", "create", "--name", "cc-paris"];

const NETWORK_INSTANCE_CREATE: [&str; 17] = [
    "huawei",
    "network-instances",
    "create",
    "--cloud-connection",
    "cc-paris",
    "--name",
    "vpc-paris",
    "--type",
    "vpc",
    "--instance-id",
    "3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f",
    "--project-id",
    PROJECT,
    "--region-id",
    "eu-west-0",
    "--cidr",
    "192.168.0.0/24",
];

const PACKAGE_CREATE: [&str; 15] = [
    "huawei",
    "bandwidth-packages",
    "create",
    "--name",
    "bwp-eu-ap",
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
];

const CONSOLE_CONNECT_CREATE: [&str; 11] = [
    "console-connect",
    "azure",
    "create",
    "--service-key",
    "0c5f1a77-7c3b-4b1e-9d0e-5a1b2c3d4e5f",
    "--name",
    "Azure ExpressRoute",
    "--port",
    "ACME LONDON 1",
    "--speed",
    "50",
];

#[tokio::test(flavor = "multi_thread")]
async fn every_named_create_refuses_a_taken_name_and_reuse_prints_the_existing_one() {
    let sandbox = Sandbox::start(Duration::from_millis(50)).await;
    let env = TestEnv::new();
    let cc = || sandbox.cc(&env);
    let instance = json_of(cc(), &["huawei", "network-instances", "get", "vpc-paris"]).await;
    let instance_id = instance["id"].as_str().expect("an id").to_string();
    let cases: [(&[&str], &str, &str); 4] = [
        (&HUAWEI_CREATE, CC_PARIS, "Huawei cloud connection"),
        (
            &NETWORK_INSTANCE_CREATE,
            &instance_id,
            "Huawei network instance",
        ),
        (&PACKAGE_CREATE, BWP_EU_AP, "Huawei bandwidth package"),
        (
            &CONSOLE_CONNECT_CREATE,
            CC_GROUP,
            "Console Connect connection",
        ),
    ];
    for (args, existing, what) in cases {
        let err = refused(cc(), args).await;
        assert!(
            err.contains(&format!(
                "{what} {existing} already has it; nothing was sent"
            )) && err.contains("--if-exists reuse"),
            "{args:?}: {err}"
        );
        let mut reuse = args.to_vec();
        reuse.extend(["--if-exists", "reuse"]);
        let shown = json_of(cc(), &reuse).await;
        assert_eq!(shown["id"], existing, "{args:?}");
    }
    // Nothing was made by the refusals and the reuses: the lists hold one of each name.
    let all = json_of(cc(), &["huawei", "list", "--name", "cc-paris"]).await;
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");

    // `create` orders another (Huawei itself refuses a second cloud connection of one name,
    // CC.1031, but not a second package); then the name is ambiguous, which reuse says.
    let mut again = PACKAGE_CREATE.to_vec();
    again.extend(["--if-exists", "create"]);
    let second = json_of(cc(), &again).await;
    assert_ne!(second["id"], BWP_EU_AP);
    let mut reuse = PACKAGE_CREATE.to_vec();
    reuse.extend(["--if-exists", "reuse"]);
    let err = refused(cc(), &reuse).await;
    assert!(
        err.contains("2 Huawei bandwidth packages are named `bwp-eu-ap`")
            && err.contains(BWP_EU_AP),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_wait_checks_until_and_a_settled_state_not_asked_for_ends_it() {
    let sandbox = Sandbox::start(Duration::from_millis(50)).await;
    let env = TestEnv::new();
    let cc = || sandbox.cc(&env);
    // (the wait command, a known state it is not in and will not reach, the states listed)
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["orange", "wait", "Connection to PARIS"],
            "DESIGNED",
            "DESIGNING, DESIGNED, PROVISIONING, ACTIVE, INACTIVE",
        ),
        (
            &["console-connect", "wait", "Azure ExpressRoute"],
            "PENDING",
            "CREATING, PENDING, PENDING_ACCEPTANCE, ACCEPTED, ACTIVE",
        ),
        (
            &["huawei", "wait", "cc-paris"],
            "PENDING",
            "ACTIVE, PENDING, ERROR",
        ),
        (
            &["huawei", "network-instances", "wait", "vpc-paris"],
            "PENDING",
            "ACTIVE, PENDING, ERROR",
        ),
        (
            &["huawei", "bandwidth-packages", "wait", "bwp-eu-ap"],
            "ERROR",
            "ACTIVE, PENDING, ERROR",
        ),
    ];
    for (wait, other, listed) in cases {
        let mut args = wait.to_vec();
        args.extend(["--until", "BOGUS"]);
        let err = refused(cc(), &args).await;
        assert!(
            err.contains("--until `BOGUS`") && err.contains(listed),
            "{args:?}: {err}"
        );

        // Already there: done at once, printing the resource.
        let shown = json_of(cc(), wait).await;
        assert!(shown["id"].is_string(), "{wait:?}: {shown}");

        // Settled elsewhere: says so with exit 8 long before the timeout.
        let mut cmd = cc();
        cmd.args(wait)
            .args(["--until", other, "--timeout", "1m", "--interval", "10ms"]);
        let started = std::time::Instant::now();
        let out = run(cmd).await;
        assert_code(&out, 8);
        assert!(started.elapsed() < Duration::from_secs(30));
        let err = stderr(&out);
        assert!(
            err.contains("a settled state: it will not become") && err.contains(other),
            "{wait:?}: {err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_refuses_what_the_create_refuses() {
    let sandbox = Sandbox::start(Duration::from_millis(50)).await;
    let env = TestEnv::new();
    let cc = || sandbox.cc(&env);
    // The seeded inter-region bandwidth draws 10 of the 20 Mbit/s of `bwp-eu-ap`.
    let irb = "9d4e5f60-0000-4000-8000-000000000001";
    let err = refused(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "update",
            irb,
            "--bandwidth",
            "500",
        ],
    )
    .await;
    assert!(
        err.contains("--bandwidth 500: more than the 20 Mbit/s of bandwidth package"),
        "{err}"
    );
    let err = refused(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "update",
            "bwp-eu-ap",
            "--bandwidth",
            "5",
        ],
    )
    .await;
    assert!(
        err.contains("--bandwidth 5: below the 10 Mbit/s its inter-region bandwidths use")
            && err.contains(irb),
        "{err}"
    );
    // Nothing was changed; what fits is accepted.
    let shown = json_of(cc(), &["huawei", "inter-region-bandwidths", "get", irb]).await;
    assert_eq!(shown["bandwidth"], 10);
    let grown = json_of(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "update",
            irb,
            "--bandwidth",
            "20",
        ],
    )
    .await;
    assert_eq!(grown["bandwidth"], 20);
    let shrunk = json_of(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "update",
            "bwp-eu-ap",
            "--bandwidth",
            "20",
        ],
    )
    .await;
    assert_eq!(shrunk["bandwidth"], 20);

    // `--status` filters are the provider's states.
    let err = refused(cc(), &["huawei", "list", "--status", "RUNNING"]).await;
    assert!(
        err.contains("--status `RUNNING`") && err.contains("ACTIVE, PENDING, ERROR"),
        "{err}"
    );
}
