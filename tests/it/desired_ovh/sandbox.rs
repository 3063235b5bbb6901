//! On the sandbox: export then plan, an edited description, a POP configuration made with its
//! datacenter configurations and pruned, a replace, a service only described, a rule broken at
//! its line, a create met by a fault, and the README's example with its plan table for people.

use super::*;

#[test]
fn export_then_plan_is_empty_and_an_edited_description_is_one_update() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "ovh");
    assert!(exported.starts_with("ovh:\n  services:\n"), "{exported}");
    assert!(
        exported.contains("      datacenter_configs:\n      - datacenter: 5\n        ovh_asn: 65402\n        subnet: 10.10.0.0/28\n        extras:\n        - type: network\n"),
        "{exported}"
    );
    assert!(
        !exported.contains("status"),
        "no read-only field: {exported}"
    );
    let path = file(&env, &exported);
    for more in [&[][..], &["--prune"]] {
        let (code, shown) = plan(&env, &server, &path, more);
        assert_eq!((code, shown["changes"].clone()), (0, json!([])), "{more:?}");
        assert_eq!(
            shown["summary"]["unchanged"], 6,
            "3 services, POP, DC, extra"
        );
    }

    let edited = exported.replace(
        "description: Paris datacenter link",
        "description: Paris link",
    );
    let path = file(&env, &edited);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [(
            "update".to_string(),
            "OVHcloud Connect service".to_string(),
            READY.to_string()
        )]
    );
    assert_eq!(
        shown["changes"][0]["fields"],
        json!({"description": {"from": "Paris datacenter link", "to": "Paris link"}})
    );
    let (code, _, err) = cc(&env, &server, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("updated"), "{err}");
    let (_, got, _) = cc(&env, &server, &["ovh", "get", READY, "-o", "json"]);
    assert!(got.contains("\"description\": \"Paris link\""), "{got}");
    assert_eq!(plan(&env, &server, &path, &["--prune"]).0, 0);
    let (code, _, err) = cc(&env, &server, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Nothing to do: 6 resources"), "{err}");
}

#[test]
fn a_pop_configuration_and_its_datacenter_configurations_are_made_in_one_apply() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let path = file(&env, NESTED);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [
            (
                "create".into(),
                "POP configuration".into(),
                format!("{READY} / 2001")
            ),
            (
                "create".into(),
                "datacenter configuration".into(),
                format!("{READY} / 2001 / 5")
            ),
            (
                "create".into(),
                "datacenter configuration".into(),
                format!("{READY} / 2001 / 6")
            ),
        ]
    );
    let pop = format!("{READY} / 2001");
    assert_eq!(
        shown["changes"][0]["fields"],
        json!({"type": {"from": null, "to": "l2"}})
    );
    let (code, done, err) = apply_json(&env, &server, &path);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        done["summary"],
        json!({"done": 3, "failed": 0, "not_tried": 0})
    );
    let made = |line: &str| err.find(line).unwrap_or_else(|| panic!("{line}: {err}"));
    assert!(
        made(&format!("POP configuration `{pop}`: created"))
            < made(&format!("datacenter configuration `{pop} / 5`: creating")),
        "the parent first: {err}"
    );
    let pop_id = done["results"][0]["id"].as_str().unwrap().to_string();
    let (_, dcs, _) = cc(
        &env,
        &server,
        &["ovh", "dc", "list", READY, &pop_id, "-o", "json"],
    );
    assert!(dcs.contains("\"datacenterId\": 6"), "made under it: {dcs}");
    let (code, shown) = plan(&env, &server, &path, &["--prune"]);
    assert_eq!((code, shown["changes"].clone()), (0, json!([])));

    // The file no longer names datacenter 6: --prune deletes it, and only it.
    let fewer = file(&env, NESTED.trim_end_matches("      - datacenter: 6\n"));
    assert_eq!(plan(&env, &server, &fewer, &[]).0, 0, "no prune, no delete");
    let (code, shown) = plan(&env, &server, &fewer, &["--prune"]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [(
            "delete".into(),
            "datacenter configuration".into(),
            format!("{READY} / 2001 / 6")
        )]
    );
    let (code, _, err) = cc(&env, &server, &["apply", "-f", &fewer, "--prune", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(plan(&env, &server, &fewer, &["--prune"]).0, 0);
}

#[test]
fn a_changed_configuration_is_replaced_with_what_it_holds() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "ovh");
    let edited = exported.replace("subnet: 192.0.2.0/30", "subnet: 192.0.2.4/30");
    let path = file(&env, &edited);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [
            (
                "replace".into(),
                "POP configuration".into(),
                format!("{L3} / 2002")
            ),
            (
                "create".into(),
                "datacenter configuration".into(),
                format!("{L3} / 2002 / 5")
            ),
            (
                "create".into(),
                "extra configuration".into(),
                format!("{L3} / 2002 / 5 / network 172.16.0.0/24 10.10.0.10")
            ),
        ]
    );
    assert_eq!(
        shown["changes"][0]["fields"],
        json!({"subnet": {"from": "192.0.2.0/30", "to": "192.0.2.4/30"}})
    );
    assert_eq!(shown["changes"][0]["id"], "1001");
    let (code, _, err) = cc(&env, &server, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "POP configuration `{L3} / 2002`: replacing (delete, then create: an outage)"
        )),
        "{err}"
    );
    let (code, shown) = plan(&env, &server, &path, &["--prune"]);
    assert_eq!((code, shown["changes"].clone()), (0, json!([])));
}

#[test]
fn a_service_is_only_described_and_a_broken_rule_is_exit_2_with_its_line() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let unknown = "ovh:\n  services:\n  - service: 5f8f3b52-0000-4000-8000-00000000dead\n";
    let (code, _, err) = cc(&env, &server, &["plan", "-f", &file(&env, unknown)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("desired.yaml:3: OVHcloud Connect service `5f8f3b52-0000-4000-8000-00000000dead` does not exist, and cc cannot create one"), "{err}");

    let exported = export(&env, &server, "ovh");
    let broken = exported.replace(
        "          next_hop: \"10.10.0.10\"\n",
        "          next_hop: \"10.10.0.10\"\n        - type: network\n          subnet: 172.16.9.0/24\n          next_hop: \"10.10.0.15\"\n",
    );
    assert_ne!(broken, exported);
    let line = broken
        .lines()
        .position(|l| l.contains("172.16.9.0/24"))
        .unwrap();
    let path = file(&env, &broken);
    let (code, _, err) = cc(&env, &server, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "desired.yaml:{line}: next_hop 10.10.0.15 and datacenter configuration 3001 (10.10.0.0/28): 10.10.0.15 is the broadcast address"
        )),
        "{err}"
    );
    assert!(err.contains("--skip-rule ovh-usable-host"), "{err}");
    assert_eq!(cc(&env, &server, &["plan", "-f", &path]).0, 2);
    let (_, now, _) = cc(
        &env,
        &server,
        &["ovh", "extra", "list", L3, "1001", "3001", "-o", "json"],
    );
    assert!(!now.contains("172.16.9.0/24"), "nothing was sent: {now}");
    // Let through, the simulator refuses it in OVH's shape: exit 5, the rest untouched.
    let (code, _, err) = cc(
        &env,
        &server,
        &[
            "apply",
            "-f",
            &path,
            "--yes",
            "--skip-rule",
            "ovh-usable-host",
        ],
    );
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("Client::BadRequest") || err.contains("400"),
        "{err}"
    );
}

#[test]
fn a_create_met_by_a_fault_is_not_resent_and_apply_again_converges() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let path = file(&env, NESTED);
    // The POP configuration's create is the first POST of the run: the fault meets it.
    let summary = json!({"done": 0, "failed": 1, "not_tried": 2});
    let why = "the datacenter configurations wait for their POP configuration";
    let (_, err) = apply_met_by_a_fault(&env, &server, &path, summary, why);
    assert!(err.contains("cc ovh pop list"), "{err}");
    let (code, shown, err) = apply_json(&env, &server, &path);
    assert_eq!(code, 0, "{err}");
    assert_eq!(shown["summary"]["done"], 3, "{shown}");
    assert_eq!(plan(&env, &server, &path, &[]).0, 0, "converged");
}

/// The example file of the README's "In desired-state files" of OVHcloud Connect.
fn readme_example() -> String {
    let readme = include_str!("../../../README.md");
    let at = readme
        .find("### In desired-state files\n\n`ovh.services`")
        .expect("the README's OVH subsection");
    let start = readme[at..].find("```yaml\n").expect("its example") + at + 8;
    let end = readme[start..].find("```").expect("its end") + start;
    readme[start..end].to_string()
}

#[test]
fn the_plan_table_of_nested_creates_and_a_replace_for_people() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // The README's example applies as it is; with the L3 POP configuration's /30 changed, it
    // is also a replace.
    let example = readme_example();
    let (code, _, err) = cc(
        &env,
        &server,
        &["apply", "-f", &file(&env, &example), "--yes"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        plan(&env, &server, &file(&env, &example), &["--prune"]).0,
        0
    );
    let server = Sandbox::spawn(&env, "0s");
    let edited = example.replace("subnet: 192.0.2.0/30", "subnet: 192.0.2.4/30");
    assert_ne!(edited, example);
    let path = file(&env, &edited);
    let mut cmd = server.cc(&env);
    cmd.env("COLUMNS", "200")
        .args(["plan", "-f", &path, "-o", "table"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    // Beside the other reviewed tables.
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        crate::common::assert_cli_snapshot!("desired_ovh_plan_table", out, seeded_ids);
    });
}
