//! The tables people read, as reviewed snapshots: one list per provider (taken from the
//! provider enum, so a new provider's table fails here until its snapshot is reviewed),
//! `connections list` and `doctor`, each against the sandbox at 80 and 100 columns, where
//! long cells wrap. The sandbox's seeded ids are fixed, so they are shown as they are.

use cc::provider::ProviderName;

use crate::common::{TestEnv, assert_cli_snapshot, run};

/// The widths every table is shown at.
const WIDTHS: [u16; 2] = [80, 100];

/// `cc --sandbox -o table <args>` at `width` columns.
async fn table(args: &[&str], width: u16) -> std::process::Output {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.env("COLUMNS", width.to_string())
        .args(["--sandbox", "-o", "table"])
        .args(args);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn each_providers_list() {
    for provider in ProviderName::all() {
        let name = provider.to_string();
        for width in WIDTHS {
            let out = table(&[&name, "list"], width).await;
            assert_cli_snapshot!(format!("{name}_list_{width}"), out, seeded_ids);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_list() {
    for width in WIDTHS {
        let out = table(&["connections", "list"], width).await;
        assert_cli_snapshot!(format!("connections_list_{width}"), out, seeded_ids);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor() {
    for width in WIDTHS {
        let out = table(&["doctor"], width).await;
        assert_cli_snapshot!(format!("doctor_{width}"), out, seeded_ids);
    }
}
