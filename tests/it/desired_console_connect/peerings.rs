//! On the sandbox: the seeded account exported then planned changes nothing; a peering added,
//! then edited, plans exactly that and `apply` converges; a new connection and its peering are
//! made in one apply; the rules over the whole file are exit 2 at the line that breaks them.

use super::*;

#[test]
fn the_seeded_account_exported_then_planned_changes_nothing() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "console-connect");
    assert!(
        exported.starts_with("console_connect:\n  azure_connections:\n  - service_key: ${env:CONSOLE_CONNECT_AZURE_EXPRESSROUTE_SERVICE_KEY}\n    name: Azure ExpressRoute\n    port:\n    - 5893d943878d635dde318022\n    - 5893d943878d635dde318023\n    speed: 100\n    payment_type: payg\n"),
        "{exported}"
    );
    assert!(!exported.contains(SEEDED_KEY), "the key is a placeholder");
    assert!(!exported.contains("Office link"), "not an Azure connection");
    let path = file(&env, &exported);
    for more in [&[][..], &["--prune"]] {
        let (code, shown) = plan(&env, &server, &path, more);
        assert_eq!(code, 0, "{more:?}: {shown}");
        assert_eq!(shown["summary"]["unchanged"], 1);
        assert_eq!(shown["changes"], json!([]));
    }
    // Ports by name are the same ports.
    let by_name = exported
        .replace("5893d943878d635dde318022", "ACME LONDON 1")
        .replace("5893d943878d635dde318023", "ACME LONDON 2");
    assert_eq!(plan(&env, &server, &file(&env, &by_name), &[]).0, 0);
    // Any connection field is a replace, an outage.
    let faster = exported.replace("speed: 100", "speed: 200");
    let (code, shown) = plan(&env, &server, &file(&env, &faster), &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [change("replace", "Azure connection", "Azure ExpressRoute")]
    );
    assert_eq!(
        shown["changes"][0]["fields"],
        json!({"speed": {"from": 100, "to": 200}})
    );
}

#[test]
fn a_peering_added_then_edited_plans_exactly_that_and_apply_converges() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let path = file(
        &env,
        &format!("{}{PRIVATE}", export(&env, &server, "console-connect")),
    );
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(
        code, 10,
        "the key's variable is not set, and plan needs it not"
    );
    assert_eq!(
        actions(&shown),
        [change(
            "create",
            "Azure peering",
            "Azure ExpressRoute / PRIVATE"
        )]
    );
    assert_eq!(
        shown["changes"][0]["fields"]["shared_key"]["to"],
        "********"
    );
    assert_eq!(shown["changes"][0]["fields"]["vlan"]["to"], 100);

    let key = [("CC_TEST_PEERING_KEY", "md5-s3cret")];
    let (code, out, err) = cc(
        &env,
        &server,
        &key,
        &["apply", "-f", &path, "--yes", "-o", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let done: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        done["summary"],
        json!({"done": 1, "failed": 0, "not_tried": 0})
    );
    assert_eq!(done["results"][0]["id"], "5e7a2b1903be0d0014960141/PRIVATE");
    assert!(!format!("{out}{err}").contains("md5-s3cret"), "{out}{err}");
    assert_eq!(plan(&env, &server, &path, &["--prune"]).0, 0);

    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("vlan: 100", "vlan: 101");
    let path = file(&env, &edited);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [change(
            "update",
            "Azure peering",
            "Azure ExpressRoute / PRIVATE"
        )]
    );
    assert_eq!(
        shown["changes"][0]["fields"],
        json!({"vlan": {"from": 100, "to": 101}})
    );
    let (code, _, err) = cc(&env, &server, &key, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Azure peering `Azure ExpressRoute / PRIVATE`: updated"),
        "{err}"
    );
    assert_eq!(plan(&env, &server, &path, &[]).0, 0);
    let (code, _, err) = cc(&env, &server, &key, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Nothing to do"), "{err}");

    // Exported again: the peering, its shared key a placeholder.
    let exported = export(&env, &server, "console-connect");
    assert!(
        exported.contains("      vlan: 101\n      shared_key: ${env:CONSOLE_CONNECT_AZURE_EXPRESSROUTE_PRIVATE_SHARED_KEY}\n"),
        "{exported}"
    );
    assert!(!exported.contains("md5-s3cret"));
    assert_eq!(
        plan(&env, &server, &file(&env, &exported), &["--prune"]).0,
        0
    );
}

#[test]
fn a_new_connection_and_its_peering_are_made_in_one_apply() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let path = file(
        &env,
        &format!("{}{SECOND}", export(&env, &server, "console-connect")),
    );
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [
            change("create", "Azure connection", "er-2"),
            change("create", "Azure peering", "er-2 / MICROSOFT"),
        ]
    );

    // The service key's variable unset: an error where it must be sent, and nothing is.
    let (code, out, err) = cc(
        &env,
        &server,
        &[],
        &["apply", "-f", &path, "--yes", "-o", "json"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "Azure connection `er-2`: service_key: the variable CC_TEST_ER2_KEY is not set"
        ),
        "{err}"
    );
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["summary"],
        json!({"done": 0, "failed": 1, "not_tried": 1})
    );
    assert_eq!(plan(&env, &server, &path, &[]).1["summary"]["create"], 2);

    let key = [("CC_TEST_ER2_KEY", NEW_KEY)];
    // A dry run plans the order and the peering on the connection it did not make.
    let words = ["--dry-run", "apply", "-f", &path, "-o", "json"];
    let (code, out, err) = cc(&env, &server, &key, &words);
    assert_eq!(code, 0, "{err}");
    let planned: Value = serde_json::from_str(&out).unwrap();
    let urls: Vec<&str> = planned
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), 2, "{out}");
    assert!(urls[0].ends_with("/AZURE/layer2/create"), "{urls:?}");
    assert!(
        urls[1].ends_with("/AZURE/layer2/<id of connection `er-2`>/peering/MICROSOFT"),
        "{urls:?}"
    );
    assert_eq!(plan(&env, &server, &path, &[]).1["summary"]["create"], 2);

    let (code, _, err) = cc(&env, &server, &key, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    let made = err.find("Azure connection `er-2`: created").expect(&err);
    let peered = err
        .find("Azure peering `er-2 / MICROSOFT`: created")
        .expect(&err);
    assert!(made < peered, "the connection first: {err}");
    assert!(!err.contains(NEW_KEY), "{err}");
    assert_eq!(plan(&env, &server, &path, &["--prune"]).0, 0);
    let exported = export(&env, &server, "console-connect");
    assert!(
        exported.contains("  - service_key: ${env:CONSOLE_CONNECT_ER_2_SERVICE_KEY}\n    name: er-2\n    port:\n    - 5893d943878d635dde318023\n    speed: 200\n"),
        "{exported}"
    );

    // A faster er-2 is a new order: its peering goes with it and is set again on the new one.
    let faster = std::fs::read_to_string(&path)
        .unwrap()
        .replace("speed: 200", "speed: 500");
    let path = file(&env, &faster);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [
            change("replace", "Azure connection", "er-2"),
            change("create", "Azure peering", "er-2 / MICROSOFT"),
        ]
    );
    let (code, _, err) = cc(&env, &server, &key, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Azure peering `er-2 / MICROSOFT`: created"),
        "{err}"
    );
    assert_eq!(plan(&env, &server, &path, &["--prune"]).0, 0);
}

#[test]
fn rules_over_the_whole_file_are_exit_2_at_the_line_that_breaks_them() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "console-connect");
    let two = "  - name: a
    service_key: ${env:CC_TEST_A}
    port: [ACME LONDON 1]
    speed: 500
  - name: b
    service_key: ${env:CC_TEST_B}
    port: [5893d943878d635dde318022]
    speed: 500
";
    let text = format!("{exported}{two}");
    let line = text.lines().position(|l| l == "  - name: b").unwrap() + 1;
    let path = file(&env, &text);
    let (code, _, err) = cc(&env, &server, &[], &["plan", "-f", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("desired.yaml:{line}: port `ACME LONDON 1` (5893d943878d635dde318022) (900 Mbps free) and Azure connection `a` (speed 500) and Azure connection `b` (speed 500): the file adds 1000 Mbps on it")),
        "{err}"
    );
    assert!(
        err.contains("--skip-rule console-connect-port-capacity"),
        "{err}"
    );

    // Let through, the simulator refuses the second order: the same rule, enforced again.
    let skip = ["--skip-rule", "console-connect-port-capacity"];
    let (code, _, err) = cc(
        &env,
        &server,
        &[],
        &[&["plan", "-f", &path][..], &skip].concat(),
    );
    assert_eq!(code, 10, "{err}");
    let keys = [
        ("CC_TEST_A", NEW_KEY),
        ("CC_TEST_B", "7b1f2e3d-4c5a-4b6c-8d7e-9f0a1b2c3d4e"),
    ];
    let words = [&["apply", "-f", &path, "--yes", "-o", "json"][..], &skip].concat();
    let (code, out, err) = cc(&env, &server, &keys, &words);
    assert!(
        matches!(code, 2 | 5),
        "cc's own check or the simulator's: {code} {err}"
    );
    assert!(
        err.contains("port `ACME LONDON 1` has 400 Mbps left"),
        "{err}"
    );
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["summary"],
        json!({"done": 1, "failed": 1, "not_tried": 0})
    );

    // A peering's link subnets, at the peering's line, named by the file's fields.
    let same = PRIVATE.replace("169.254.10.4/30", "169.254.10.0/30");
    let text = format!("{exported}{same}");
    let line = text
        .lines()
        .position(|l| l == "    - type: PRIVATE")
        .unwrap()
        + 1;
    let (code, _, err) = cc(&env, &server, &[], &["plan", "-f", &file(&env, &text)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("desired.yaml:{line}: primary_subnet 169.254.10.0/30 and secondary_subnet 169.254.10.0/30: are the same subnet")),
        "{err}"
    );
    // A value Azure refuses, the same way: before anything is sent, at the peering's line.
    let reserved = PRIVATE.replace("65010", "65515");
    let text = format!("{exported}{reserved}");
    let path = file(&env, &text);
    let (code, _, err) = cc(&env, &server, &[], &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "desired.yaml:{line}: peer_asn 65515: ASNs 65515-65520 are reserved by Microsoft"
        )),
        "{err}"
    );
    assert!(err.contains("console-connect-peering-values"), "{err}");
}
