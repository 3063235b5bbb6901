//! The tables people read, as reviewed snapshots: one list per provider (taken from the
//! provider enum, so a new provider's table fails here until its snapshot is reviewed),
//! `connections list` and `doctor`, each against the sandbox at 80 and 100 columns, where
//! long cells wrap; and the tables whose facts went missing (issue 19) at 60 and 250 columns,
//! with what each must keep asserted beside its snapshot. The sandbox's seeded ids are fixed,
//! so they are shown as they are.

use cc::provider::ProviderName;

use crate::common::{TestEnv, assert_cli_snapshot, run, stdout};

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

/// The OVH service whose interface the sandbox seeds.
const OVH_SERVICE: &str = "5f8f3b52-0000-4000-8000-000000000001";

/// A narrow terminal drops the least important columns first: Console Connect keeps STATUS and
/// loses TYPE; every connection with a speed shows it, whichever shape the speed has.
#[tokio::test(flavor = "multi_thread")]
async fn console_connect_list_keeps_the_status_and_every_speed() {
    let narrow = stdout(&table(&["console-connect", "list"], 60).await);
    let header = narrow.lines().next().unwrap_or_default();
    assert!(
        header.contains("STATUS") && !header.contains("TYPE"),
        "{narrow}"
    );
    let wide = table(&["console-connect", "list"], 250).await;
    let text = stdout(&wide);
    let office = text.lines().find(|l| l.contains("Office link")).unwrap();
    assert!(office.trim_end().ends_with("100"), "{text}");
    for width in [60, 250] {
        let out = table(&["console-connect", "list"], width).await;
        assert_cli_snapshot!(format!("console-connect_list_{width}"), out, seeded_ids);
    }
}

/// Huawei's pairs are one cell, shown whole or dropped whole: a package's two areas, an
/// inter-region bandwidth's two regions (not `2 items`).
#[tokio::test(flavor = "multi_thread")]
async fn huawei_pairs_are_shown_whole() {
    let packages = stdout(&table(&["huawei", "bandwidth-packages", "list"], 250).await);
    assert!(
        packages.contains("Asia-Pacific ↔ Asia-Pacific"),
        "{packages}"
    );
    let regions = stdout(&table(&["huawei", "inter-region-bandwidths", "list"], 250).await);
    assert!(regions.contains("eu-west-0 ↔ ap-southeast-3"), "{regions}");
    assert!(!regions.contains("items"), "{regions}");
    for width in [60, 80] {
        let packages = stdout(&table(&["huawei", "bandwidth-packages", "list"], width).await);
        assert!(
            !packages.contains("↔ A…"),
            "a pair is never cut:\n{packages}"
        );
    }
    for (name, args) in [
        (
            "bandwidth-packages",
            &["huawei", "bandwidth-packages", "list"],
        ),
        (
            "inter-region-bandwidths",
            &["huawei", "inter-region-bandwidths", "list"],
        ),
    ] {
        for width in [60, 250] {
            let out = table(args, width).await;
            assert_cli_snapshot!(format!("huawei_{name}_{width}"), out, seeded_ids);
        }
    }
}

/// OVH's interfaces show the light levels in dBm beside their status.
#[tokio::test(flavor = "multi_thread")]
async fn ovh_interfaces_show_the_light_in_dbm() {
    for width in [80, 250] {
        let out = table(&["ovh", "interfaces", OVH_SERVICE], width).await;
        let text = stdout(&out);
        assert!(
            text.contains("up -2.41 dBm") && text.contains("up -1.87 dBm"),
            "{text}"
        );
        assert_cli_snapshot!(format!("ovh_interfaces_{width}"), out, seeded_ids);
    }
}

/// `get` on a narrow terminal wraps a long value between words and lets an id run long rather
/// than break it; keys are never wrapped.
#[tokio::test(flavor = "multi_thread")]
async fn a_narrow_get_never_breaks_an_id() {
    let out = table(&["huawei", "get", "cc-paris"], 40).await;
    let text = stdout(&out);
    for id in [
        "6a1b2c3d-0000-4000-8000-000000000001",
        "5a1d0b0c0ffee0000000000000000001",
    ] {
        assert!(
            text.lines().any(|l| l.ends_with(id)),
            "{id} whole in\n{text}"
        );
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("inter_region_bandwidth_number  1")),
        "{text}"
    );
    assert_cli_snapshot!("huawei_get_40", out, seeded_ids);
}
