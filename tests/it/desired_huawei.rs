//! Huawei Cloud Connect in desired-state files (issue 23), against the sandbox: export then plan
//! is empty (with and without `--prune`); an edit plans exactly that change, apply makes it, and
//! plan is empty again; a new cloud connection with its network instances, inter-region
//! bandwidth and the package it draws from is made in one apply (each after what it needs);
//! `--prune` deletes in the order the API accepts; a create whose answer is lost is not resent
//! and stops only what needs it; a replace whose create cannot be sent deletes nothing; a breach of a Huawei rule over the file is
//! exit 2 at the file's line; a replace checks (and resolves) its create once, before its
//! delete, and a package drawn from is read once (counted in `-vv`'s request lines); and,
//! against wiremock, exactly what apply sends for one create.

use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer};

use crate::common::desired::{actions, apply_json, apply_met_by_a_fault, cc, export, file, plan};
use crate::common::{Sandbox, TestEnv, stderr, stdout};
use crate::huawei::{api, gateway, huawei};

#[test]
fn export_then_plan_is_empty_and_an_edit_plans_and_applies_exactly_that() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = export(&env, &server, "huawei");
    assert!(text.contains("inter_region_bandwidths:"), "{text}");
    assert!(text.contains("bandwidth_package: bwp-eu-ap"), "{text}");
    let path = file(&env, &text);
    for prune in [&[][..], &["--prune"]] {
        let (code, shown) = plan(&env, &server, &path, prune);
        assert_eq!(
            (code, shown["changes"].clone()),
            (0, json!([])),
            "{prune:?}"
        );
        assert_eq!(shown["summary"]["unchanged"], 30);
    }

    let edited = updated_in_place(&text);
    assert_ne!(edited, text);
    let path = file(&env, &edited);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    let update =
        |kind: &str, name: &str| ("update".to_string(), kind.to_string(), name.to_string());
    assert_eq!(
        actions(&shown),
        [
            update("network instance", "cc-paris / vpc-paris"),
            update(
                "inter-region bandwidth",
                "cc-paris / ap-southeast-3+eu-west-0"
            ),
            update("bandwidth package", "bwp-spare"),
        ]
    );
    assert_eq!(
        shown["changes"][1]["fields"],
        json!({"bandwidth": {"from": 10, "to": 15}})
    );
    assert_eq!(
        shown["changes"][0]["fields"]["cidr"]["to"],
        json!(["192.168.0.0/24", "192.168.1.0/24"])
    );

    let (code, done, err) = apply_json(&env, &server, &path);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        done["summary"],
        json!({"done": 3, "failed": 0, "not_tried": 0})
    );
    let (code, shown) = plan(&env, &server, &path, &["--prune"]);
    assert_eq!((code, shown["changes"].clone()), (0, json!([])));
    let (code, out, err) = cc(
        &env,
        &server,
        &["huawei", "inter-region-bandwidths", "list", "-o", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"bandwidth\": 15"), "{out}");

    // A second apply of the same file is nothing to do.
    let (code, shown, err) = apply_json(&env, &server, &path);
    assert_eq!(code, 0, "{err}");
    assert_eq!(shown["results"], json!([]), "{shown}");
}

/// An exported file with three updates in place: 15 of the package's 20 Mbit/s drawn between
/// Paris and Singapore, one more subnet published from Paris, the spare package described.
pub(crate) fn updated_in_place(exported: &str) -> String {
    exported
        .replacen("      bandwidth: 10\n", "      bandwidth: 15\n", 1)
        .replacen(
            "      - 192.168.0.0/24\n",
            "      - 192.168.0.0/24\n      - 192.168.1.0/24\n",
            1,
        )
        .replacen(
            "  - name: bwp-spare\n",
            "  - name: bwp-spare\n    description: kept for later\n",
            1,
        )
}

/// A new cloud connection, its two network instances, and an inter-region bandwidth drawn from
/// a new package bound to it: the file lists the inter-region bandwidth first.
pub(crate) const LISBON: &str = "huawei:
  cloud_connections:
    - name: cc-lisbon
      description: Lisbon to Beijing
      inter_region_bandwidths:
        - region: [cn-north-4, ap-southeast-1]
          bandwidth_package: bwp-lisbon
          bandwidth: 5
      network_instances:
        - name: vpc-hongkong
          type: vpc
          instance_id: 2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d
          project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
          region_id: ap-southeast-1
          cidr: 10.3.0.0/16
        - name: vpc-beijing
          type: vpc
          instance_id: 2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4e
          project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
          region_id: cn-north-4
          cidr: [10.4.0.0/16]
  bandwidth_packages:
    - name: bwp-lisbon
      project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
      local_area: Chinese-Mainland
      remote_area: Asia-Pacific
      bandwidth: 10
      billing_mode: 4
      cloud_connection: cc-lisbon
";

#[test]
fn a_new_cloud_connection_and_everything_it_needs_is_made_in_one_apply() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "1s");
    let seeded = export(&env, &server, "huawei");
    let path = file(&env, LISBON);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    let order = actions(&shown);
    let at = |kind: &str| order.iter().position(|(_, k, _)| k == kind).unwrap();
    assert!(at("cloud connection") < at("network instance"), "{order:?}");
    assert!(
        at("bandwidth package") < at("inter-region bandwidth"),
        "{order:?}"
    );
    assert!(
        at("network instance") < at("inter-region bandwidth"),
        "{order:?}"
    );
    assert_eq!(order.len(), 5);

    // --dry-run: every create's body, each nested one naming what the run would have made by
    // its stand-in id; nothing sent.
    let (code, out, err) = cc(
        &env,
        &server,
        &["--dry-run", "apply", "-f", &path, "-o", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("\"method\": \"POST\"").count(), 5, "{out}");
    assert!(
        out.contains("\"cloud_connection_id\": \"<id of the new cloud connection>\""),
        "{out}"
    );
    assert!(
        out.contains("\"bandwidth_package_id\": \"<id of the new bandwidth package>\""),
        "{out}"
    );
    assert_eq!(plan(&env, &server, &path, &[]).0, 10, "nothing was sent");

    let mut cmd = server.cc(&env);
    cmd.args(["apply", "-f", &path, "--yes", "-o", "json"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let done: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        done["summary"],
        json!({"done": 5, "failed": 0, "not_tried": 0})
    );
    assert_eq!(
        done["results"][4]["name"],
        "cc-lisbon / ap-southeast-1+cn-north-4"
    );
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!((code, shown["changes"].clone()), (0, json!([])));
    let (_, out, _) = cc(
        &env,
        &server,
        &[
            "huawei",
            "network-instances",
            "get",
            "vpc-beijing",
            "-o",
            "json",
        ],
    );
    assert!(
        out.contains("\"status\": \"ACTIVE\""),
        "waited for ACTIVE: {out}"
    );

    // Pruned back to what was seeded: the inter-region bandwidth before its package, the package
    // (unbound first) before its cloud connection, which takes its network instances with it.
    let path = file(&env, &seeded);
    let (code, shown) = plan(&env, &server, &path, &["--prune"]);
    assert_eq!(code, 10);
    let names: Vec<String> = actions(&shown).into_iter().map(|(_, _, n)| n).collect();
    let at = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(
        at("cc-lisbon / ap-southeast-1+cn-north-4") < at("bwp-lisbon"),
        "{names:?}"
    );
    assert!(at("bwp-lisbon") < at("cc-lisbon"), "{names:?}");
    let (code, _, err) = cc(&env, &server, &["apply", "-f", &path, "--prune", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(plan(&env, &server, &path, &["--prune"]).0, 0);
}

#[test]
fn a_create_whose_answer_is_lost_is_not_resent_and_stops_what_needs_it() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let path = file(&env, LISBON);
    let summary = json!({"done": 0, "failed": 1, "not_tried": 4});
    let why = "everything waits for the cloud connection";
    let (shown, err) = apply_met_by_a_fault(&env, &server, &path, summary, why);
    assert_eq!(shown["results"][0]["name"], "cc-lisbon");
    assert!(
        err.contains("no cloud connection named `cc-lisbon` has appeared"),
        "{err}"
    );
    assert_eq!(plan(&env, &server, &path, &[]).1["summary"]["create"], 5);
    // Running apply again continues from there.
    let (code, _, err) = cc(&env, &server, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(plan(&env, &server, &path, &[]).0, 0);
}

#[test]
fn a_breach_of_a_huawei_rule_over_the_file_is_exit_2_at_its_line() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // The second instance overlaps the first (line 11) and loads Paris's VPC again (line 15).
    let text = "huawei:
  cloud_connections:
    - name: cc-overlap
      network_instances:
        - name: vpc-a
          type: vpc
          instance_id: 2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d
          project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
          region_id: ap-southeast-1
          cidr: 10.3.0.0/16
        - name: vpc-b
          type: vpc
          instance_id: 2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4e
          project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
          region_id: cn-north-4
          cidr: 10.3.128.0/24
";
    let path = file(&env, text);
    for words in [
        vec!["plan", "-f", &path],
        vec!["apply", "-f", &path, "--yes"],
    ] {
        let (code, _, err) = cc(&env, &server, &words);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(&format!("{path}:11:")), "{err}");
        assert!(err.contains("huawei-cidrs-disjoint"), "{err}");
        assert!(
            err.contains("cidr 10.3.128.0/24"),
            "named by the file's field: {err}"
        );
    }
    // Let through with --skip-rule (inferred), the file plans.
    let (code, _, err) = cc(
        &env,
        &server,
        &["plan", "-f", &path, "--skip-rule", "huawei-cidrs-disjoint"],
    );
    assert_eq!(code, 10, "{err}");

    // A VPC already loaded on cc-paris (documented, not skippable).
    let text = text.replace(
        "2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4e",
        "3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f",
    );
    let text = text.replace("10.3.128.0/24", "10.9.0.0/24");
    let path = file(&env, &text);
    let (code, _, err) = cc(&env, &server, &["plan", "-f", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(":11:"), "{err}");
    assert!(err.contains("huawei-vpc-loaded-once"), "{err}");
    assert!(err.contains("vpc-paris"), "the existing one by name: {err}");

    // An inter-region bandwidth over a package too small for it and what is drawn already.
    let text = export(&env, &server, "huawei").replacen(
        "      bandwidth: 10\n",
        "      bandwidth: 25\n",
        1,
    );
    let path = file(&env, &text);
    let (code, _, err) = cc(&env, &server, &["plan", "-f", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("huawei-package-carries"), "{err}");
    assert!(err.contains("bwp-eu-ap"), "{err}");
}

/// The seeded account's file with the inter-region bandwidth moved to the spare package, which
/// is bound to no cloud connection (a replace, refused before its delete); its path.
fn moved_to_the_spare_package(env: &TestEnv, server: &Sandbox) -> String {
    let text = export(env, server, "huawei").replace(
        "bandwidth_package: bwp-eu-ap",
        "bandwidth_package: bwp-spare",
    );
    file(env, &text)
}

/// Runs `words` (an apply of [`moved_to_the_spare_package`]): exit 2, the package not bound to
/// any cloud connection; stderr.
fn apply_refused_unbound(env: &TestEnv, server: &Sandbox, words: &[&str]) -> String {
    let (code, _, err) = cc(env, server, words);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("it is not bound to any cloud connection"),
        "{err}"
    );
    err
}

#[test]
fn a_replace_whose_create_cannot_be_sent_deletes_nothing() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let path = moved_to_the_spare_package(&env, &server);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(shown["changes"][0]["action"], "replace");
    let err = apply_refused_unbound(&env, &server, &["apply", "-f", &path, "--yes"]);
    assert!(
        err.contains("bandwidth_package `bwp-spare`: it is not bound to any cloud connection"),
        "{err}"
    );
    let (code, out, err) = cc(
        &env,
        &server,
        &["huawei", "inter-region-bandwidths", "list", "-o", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("9d4e5f60-0000-4000-8000-000000000001"),
        "not deleted: {out}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_sends_one_create_with_the_commands_body() {
    let server = MockServer::start().await;
    for (collection, key) in [
        ("/cloud-connections", "cloud_connections"),
        ("/network-instances", "network_instances"),
        ("/bandwidth-packages", "bandwidth_packages"),
        ("/inter-region-bandwidths", "inter_region_bandwidths"),
    ] {
        Mock::given(method("GET"))
            .and(path(api(collection)))
            .respond_with(gateway(
                200,
                &json!({ key: [], "page_info": {"current_count": 0}, "request_id": "r" })
                    .to_string(),
            ))
            .mount(&server)
            .await;
    }
    let made = json!({"id": "6a1b2c3d-0000-4000-8000-00000000abcd", "name": "cc-new",
        "description": "from a file", "status": "ACTIVE"});
    Mock::given(method("POST"))
        .and(path(api("/cloud-connections")))
        .and(body_json(json!({"cloud_connection": {
            "name": "cc-new", "description": "from a file", "enterprise_project_id": "0"
        }})))
        .respond_with(gateway(
            201,
            &json!({"cloud_connection": made, "request_id": "r2"}).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let path = env.home.path().join("new.yaml");
    std::fs::write(
        &path,
        "huawei:\n  cloud_connections:\n    - name: cc-new\n      description: from a file\n      enterprise_project_id: \"0\"\n",
    )
    .unwrap();
    let mut cmd = huawei(&env, &server);
    cmd.args(["apply", "-f", path.to_str().unwrap(), "--yes", "-o", "json"]);
    let out = crate::common::run(cmd).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let done: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        done["results"][0]["id"],
        "6a1b2c3d-0000-4000-8000-00000000abcd"
    );
    let sent = server.received_requests().await.unwrap();
    let posts: Vec<_> = sent
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "one create, nothing else sent");
    assert_eq!(
        sent.iter().filter(|r| r.method.as_str() == "GET").count(),
        4,
        "one read of each kind"
    );
}

/// The requests a `-vv` run's stderr shows (`> GET /v3/...`) whose line holds `part`.
fn sent(err: &str, part: &str) -> Vec<String> {
    err.lines()
        .filter(|l| l.contains("> ") && l.contains(part))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_replace_checks_its_create_once_and_reads_its_package_once() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = export(&env, &server, "huawei");
    // The spare package moves to another pair of areas (a replace) and is bound to cc-paris by
    // name: the name is resolved once, before the delete, and the create sends that body.
    let edited = text.replacen(
        "  - name: bwp-spare\n",
        "  - name: bwp-spare\n    cloud_connection: cc-paris\n",
        1,
    );
    let at = edited.find("name: bwp-spare").unwrap();
    let (head, tail) = edited.split_at(at);
    let tail = tail.replacen("remote_area: Asia-Pacific", "remote_area: Africa", 1);
    let path = file(&env, &format!("{head}{tail}"));
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(shown["changes"][0]["action"], "replace", "{shown}");
    let (code, _, err) = cc(&env, &server, &["-vv", "apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sent(&err, "name=cc-paris").len(), 1, "{err}");
    let changed: Vec<String> = sent(&err, "/bandwidth-packages")
        .iter()
        .filter(|l| !l.contains("> GET"))
        .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        changed,
        ["> DELETE", "> POST"],
        "one delete, then one create: {err}"
    );
    let get = ["huawei", "bandwidth-packages", "get", "bwp-spare"];
    let (code, out, err) = cc(&env, &server, &[&get[..], &["-o", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let made: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(made["remote_area_id"], "Africa");
    assert_eq!(made["resource_id"], "6a1b2c3d-0000-4000-8000-000000000001");
}

#[test]
fn an_inter_region_bandwidth_reads_its_package_once() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // As in the refused replace above: the package named is read once (by its name), and what
    // that read says (bound to no cloud connection) refuses the create, nothing deleted.
    let path = moved_to_the_spare_package(&env, &server);
    let err = apply_refused_unbound(&env, &server, &["-vv", "apply", "-f", &path, "--yes"]);
    assert_eq!(sent(&err, "name=bwp-spare").len(), 1, "{err}");
    assert_eq!(sent(&err, "/bandwidth-packages/").len(), 0, "{err}");
    assert_eq!(sent(&err, "> DELETE").len(), 0, "{err}");
}

/// The seeded account's file without `cc-paris` (with its network instances and inter-region
/// bandwidth), `bwp-eu-ap` kept as it is, bound to it; and the line of `bwp-eu-ap` in it.
fn without_cc_paris(env: &TestEnv, server: &Sandbox) -> (String, usize) {
    let text = export(env, server, "huawei");
    let start = text
        .find("  - name: cc-paris\n")
        .expect("cc-paris exported");
    let len = text[start..]
        .find("\n  - name: ")
        .expect("another cloud connection")
        + 1;
    let text = format!("{}{}", &text[..start], &text[start + len..]);
    assert!(text.contains("    cloud_connection: cc-paris\n"), "{text}");
    let line = text
        .lines()
        .position(|l| l == "  - name: bwp-eu-ap")
        .expect("bwp-eu-ap exported")
        + 1;
    (text, line)
}

/// `words` is refused (exit 2) by `huawei-package-bound-on-delete` at `at`, naming cc-paris and
/// bwp-eu-ap; and nothing was deleted: cc-paris's network instances are still listed.
fn refused_before_any_delete(env: &TestEnv, server: &Sandbox, words: &[&str], at: &str) {
    let (code, _, err) = cc(env, server, words);
    assert_eq!(code, 2, "{words:?}: {err}");
    assert!(err.contains(at), "{at}: {err}");
    for said in [
        "huawei-package-bound-on-delete",
        "`cc-paris`",
        "`bwp-eu-ap`",
    ] {
        assert!(err.contains(said), "{said}: {err}");
    }
    let (code, out, err) = cc(
        env,
        server,
        &["huawei", "network-instances", "list", "-o", "json"],
    );
    assert_eq!(code, 0, "{err}");
    for id in [
        "7b2c3d4e-0000-4000-8000-000000000001",
        "7b2c3d4e-0000-4000-8000-000000000002",
    ] {
        assert!(out.contains(id), "{id} not deleted: {out}");
    }
}

#[test]
fn a_prune_of_a_cloud_connection_a_package_stays_bound_to_is_refused_before_any_delete() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // bwp-eu-ap kept in the file, bound to cc-paris, which --prune would delete.
    let (text, line) = without_cc_paris(&env, &server);
    let path = file(&env, &text);
    let at = format!("{path}:{line}:");
    for words in [
        vec!["plan", "-f", &path, "--prune"],
        vec!["apply", "-f", &path, "--prune", "--yes"],
    ] {
        refused_before_any_delete(&env, &server, &words, &at);
    }
    // Never skipped: cc's own delete refuses it anyway.
    let skip = ["--skip-rule", "huawei-package-bound-on-delete"];
    let (code, _, err) = cc(
        &env,
        &server,
        &[&["apply", "-f", &path, "--prune", "--yes"][..], &skip].concat(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a documented rule"), "{err}");
    // Packages not managed by the file: located at its `huawei:` key.
    let cut = text
        .find("  bandwidth_packages:\n")
        .expect("packages exported");
    let path = file(&env, &text[..cut]);
    let words = ["apply", "-f", &path, "--prune", "--yes"];
    refused_before_any_delete(&env, &server, &words, &format!("{path}:1:"));
    // Without --prune nothing is deleted: fine.
    let path = file(&env, &text);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!((code, shown["summary"]["delete"].clone()), (0, json!(0)));
    // Moved to another cloud connection: the prune deletes cc-paris after the move.
    let moved = text.replace(
        "cloud_connection: cc-paris",
        "cloud_connection: cc-branch-02",
    );
    let path = file(&env, &moved);
    let (code, done, err) = cc(
        &env,
        &server,
        &["apply", "-f", &path, "--prune", "--yes", "-o", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let done: Value = serde_json::from_str(&done).unwrap();
    assert_eq!(
        done["summary"],
        json!({"done": 5, "failed": 0, "not_tried": 0}),
        "{err}"
    );
    let (code, shown) = plan(&env, &server, &path, &["--prune"]);
    assert_eq!((code, shown["changes"].clone()), (0, json!([])));
}
