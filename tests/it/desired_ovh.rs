//! OVHcloud Connect in desired-state files (issue 23), on the sandbox: export then plan finds
//! nothing to change (with and without `--prune`); a description edited is exactly one update,
//! applied, then plan is empty and a second apply is "nothing to do"; a POP configuration with
//! its datacenter configurations is made in one apply, parents first, and `--prune` deletes
//! what the file no longer names; a changed configuration field is a replace (an outage); a
//! service that does not exist cannot be created; a rule broken over the file is exit 2 with
//! its line; a create met by a fault is not sent again, and apply again converges; the README's
//! example applies as it is, and its plan table for people is a snapshot. On wiremock:
//! exactly what apply sends for one create, and the task it waits for; a create whose answer is
//! lost is looked up, never resent, and the one found is followed until `active`; changes
//! nested in configurations that stay go in by the plan's ids, nothing listed again per change.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::desired::{actions, apply_json, apply_met_by_a_fault, cc, export, file, plan};
use crate::common::{Sandbox, TestEnv, assert_code, received, run, stderr, stdout};
use crate::ovh::{
    SVC, answer, fixture_with, mount_get, mount_get_then, mount_list, mount_time, occ, ovh,
};

/// The seeded L2-ready service, and the L3 one.
const READY: &str = "5f8f3b52-0000-4000-8000-000000000001";
const L3: &str = "5f8f3b52-0000-4000-8000-000000000002";

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

const NESTED: &str = "ovh:
  services:
  - service: 5f8f3b52-0000-4000-8000-000000000001
    pop_configs:
    - interface: 2001
      type: l2
      datacenter_configs:
      - datacenter: 5
      - datacenter: 6
";

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

#[tokio::test(flavor = "multi_thread")]
async fn apply_sends_one_create_with_the_commands_body_and_waits_for_its_task() {
    let env = TestEnv::new();
    let server = MockServer::start().await;
    mount_the_service(&server, json!({ "uuid": SVC })).await;
    mount_list(&server, &occ("/config/pop"), &[]).await;
    mount_create(&server, "/config/pop", (7001, 1001), 1).await;
    let text = format!(
        "ovh:\n  services:\n  - service: {SVC}\n    pop_configs:\n    - interface: 2001\n      type: l3\n      customer_asn: 65400\n      ovh_asn: 65401\n      subnet: 192.0.2.0/30\n"
    );
    let mut cmd = ovh(&env, &server);
    cmd.args(["apply", "-f", &file(&env, &text), "--yes", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["results"][0]["id"], "1001", "the task's resourceId");
    let posts = received(&server, "POST", "/config/pop").await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].url.path(), occ("/config/pop"));
    assert_eq!(
        serde_json::from_slice::<Value>(&posts[0].body).unwrap(),
        json!({"interfaceId": 2001, "type": "l3", "customerBgpArea": 65400, "ovhBgpArea": 65401, "subnet": "192.0.2.0/30"})
    );
    let all = server.received_requests().await.unwrap();
    assert!(
        all.iter()
            .all(|r| r.method.as_str() == "GET" || r.url.path() == occ("/config/pop")),
        "nothing else was changed"
    );
}

/// The seeded L3 tree as a file writes it (POP 1001 on interface 2002, datacenter configuration
/// 3001 with route 4001), two more routes in it and a datacenter configuration beside it.
const NESTED_IN_EXISTING: &str = "    pop_configs:
    - interface: 2002
      type: l3
      customer_asn: 65400
      ovh_asn: 65401
      subnet: 192.0.2.0/30
      datacenter_configs:
      - datacenter: 5
        ovh_asn: 65402
        subnet: 10.10.0.0/28
        extras:
        - {type: network, subnet: 172.16.0.0/24, next_hop: 10.10.0.10}
        - {type: network, subnet: 172.16.1.0/24, next_hop: 10.10.0.11}
        - {type: network, subnet: 172.16.2.0/24, next_hop: 10.10.0.12}
      - datacenter: 6
        ovh_asn: 65403
        subnet: 10.20.0.0/28
";

/// Mounts `creates` creates at `at`, each answering task `task` (done at once, read once a
/// create) that made `made`.
async fn mount_create(server: &MockServer, at: &str, (task, made): (u64, u64), creates: u64) {
    let answered = |status: &str| {
        let fields = json!({"id": task, "resourceId": made, "status": status});
        answer(200, &fixture_with("task.json", fields))
    };
    Mock::given(method("POST"))
        .and(path(occ(at)))
        .respond_with(answered("todo"))
        .expect(creates)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(occ(&format!("/task/{task}"))))
        .respond_with(answered("done"))
        .expect(creates)
        .mount(server)
        .await;
}

/// The mock's clock, and its one service, `SVC`: the fixture with `fields`.
async fn mount_the_service(server: &MockServer, fields: Value) {
    mount_time(server, 0, 1).await;
    mount_get(server, "/1.0/ovhCloudConnect", &json!([SVC])).await;
    mount_get(server, &occ(""), &fixture_with("service.json", fields)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn nested_creates_in_configurations_that_stay_use_the_plans_ids() {
    let env = TestEnv::new();
    let server = MockServer::start().await;
    mount_the_service(&server, json!({})).await;
    let pop = fixture_with("pop_config.json", json!({}));
    mount_list(&server, &occ("/config/pop"), &[pop]).await;
    let dc = fixture_with("datacenter_config.json", json!({}));
    mount_list(&server, &occ("/config/pop/1001/datacenter"), &[dc]).await;
    let route = fixture_with("extra_config.json", json!({}));
    let extras = "/config/pop/1001/datacenter/3001/extra";
    mount_list(&server, &occ(extras), &[route]).await;
    mount_create(&server, extras, (7002, 4002), 2).await;
    mount_create(&server, "/config/pop/1001/datacenter", (7003, 3002), 1).await;
    let text = format!("ovh:\n  services:\n  - service: {SVC}\n{NESTED_IN_EXISTING}");
    let mut cmd = ovh(&env, &server);
    cmd.args(["apply", "-f", &file(&env, &text), "--yes", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["summary"]["done"], 3, "{shown}");
    // The configurations the changes go in were listed once, by the plan: none again per
    // change; the datacenter configuration's POP is read once more, for its layer.
    let listed = |suffix| received(&server, "GET", suffix);
    assert_eq!(listed("/config/pop").await.len(), 1, "POP configurations");
    assert_eq!(
        listed("/datacenter").await.len(),
        1,
        "datacenter configurations"
    );
    assert_eq!(listed("/config/pop/1001").await.len(), 2, "POP 1001");
    assert_eq!(listed("/extra").await.len(), 1, "extras");
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

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_answer_is_looked_up_and_the_one_found_followed_until_active() {
    let env = TestEnv::new();
    let server = MockServer::start().await;
    mount_the_service(&server, json!({})).await;
    // None before the create (the plan's read), then the one it made, `init` then `active`.
    mount_get_then(&server, &occ("/config/pop"), &json!([]), &json!([1001])).await;
    let made = |status: &str| {
        fixture_with(
            "pop_config.json",
            json!({"status": status, "type": "l2", "interfaceId": 2001, "customerBgpArea": null, "ovhBgpArea": null, "subnet": null}),
        )
    };
    mount_get_then(
        &server,
        &occ("/config/pop/1001"),
        &made("init"),
        &made("active"),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(occ("/config/pop")))
        .respond_with(answer(
            500,
            &json!({"class": "Server::InternalServerError", "message": "Internal server error"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let text = format!(
        "ovh:\n  services:\n  - service: {SVC}\n    pop_configs:\n    - interface: 2001\n      type: l2\n"
    );
    let mut cmd = ovh(&env, &server);
    cmd.args(["apply", "-f", &file(&env, &text), "--yes", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["results"][0]["id"], "1001");
    assert_eq!(received(&server, "POST", "/config/pop").await.len(), 1);
    assert_eq!(
        received(&server, "GET", "/config/pop/1001").await.len(),
        2,
        "followed until active"
    );
}

/// The example file of the README's "In desired-state files" of OVHcloud Connect.
fn readme_example() -> String {
    let readme = include_str!("../../README.md");
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
    crate::common::assert_cli_snapshot!("desired_ovh_plan_table", out, seeded_ids);
}

/// `--dry-run -v apply -f PATH --yes -o json`, which must succeed: each recorded request as
/// (method, path from `/ovhCloudConnect` on, placeholders shown as they are), and stderr.
fn dry_run(env: &TestEnv, server: &Sandbox, path: &str) -> (Vec<(String, String)>, String) {
    let words = [
        "--dry-run",
        "-v",
        "apply",
        "-f",
        path,
        "--yes",
        "-o",
        "json",
    ];
    let (code, out, err) = cc(env, server, &words);
    assert_eq!(code, 0, "{err}");
    let shown: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    // One request is shown as itself, more as a list.
    let requests = match shown {
        Value::Array(all) => all,
        one => vec![one],
    };
    let planned = requests
        .iter()
        .map(|r| {
            let url = r["url"].as_str().unwrap_or_default();
            let at = url.find("/ovhCloudConnect").unwrap_or(0);
            (
                r["method"].as_str().unwrap_or_default().into(),
                url[at..].into(),
            )
        })
        .collect();
    (planned, err)
}

/// (method, path) of a recorded request.
fn request(method: &str, path: String) -> (String, String) {
    (method.into(), path)
}

#[test]
fn a_dry_run_plans_a_datacenter_configuration_in_a_new_pop_configuration_under_its_placeholder() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "ovh");
    let added = exported.replace(
        "    description: Paris datacenter link\n",
        "    description: Paris datacenter link
    pop_configs:
    - interface: 2001
      type: l3
      customer_asn: 65500
      ovh_asn: 65501
      subnet: 192.0.2.8/30
      datacenter_configs:
      - datacenter: 5
        ovh_asn: 65502
        subnet: 10.20.0.0/28
",
    );
    assert_ne!(added, exported);
    let path = file(&env, &added);
    let (planned, err) = dry_run(&env, &server, &path);
    let pops = format!("/ovhCloudConnect/{READY}/config/pop");
    assert_eq!(
        planned,
        [
            request("POST", pops.clone()),
            request(
                "POST",
                format!("{pops}/<id of the new POP configuration>/datacenter")
            ),
        ],
        "{err}"
    );
    let pop = format!("POP configuration `{READY} / 2001`");
    for line in [
        format!("{pop}: created (<id of the new POP configuration>)"),
        format!(
            "datacenter configuration `{READY} / 2001 / 5`: created (<id of the new datacenter configuration>)"
        ),
        "Apply: 2 done, 0 failed, 0 not tried.".into(),
        format!(
            "datacenter configuration `{READY} / 2001 / 5` is checked alone, not against the layer of its POP configuration"
        ),
    ] {
        assert!(err.contains(&line), "{line}: {err}");
    }
    // The apply makes both, as the dry run planned them.
    let (_, dcs) = applied_as_planned(&env, &server, &path, &err, (READY, 2));
    assert!(dcs.contains("\"subnet\": \"10.20.0.0/28\""), "{dcs}");
}

/// After a dry run (its stderr `err`) that said no `task 0`: nothing was sent; then the apply
/// makes its `done` changes, the first a POP configuration of `service`, and converges. The new
/// POP configuration's id and its datacenter configurations as `ovh dc list` prints them.
fn applied_as_planned(
    env: &TestEnv,
    server: &Sandbox,
    path: &str,
    err: &str,
    (service, done): (&str, u64),
) -> (String, String) {
    assert!(!err.contains("task 0"), "{err}");
    assert_eq!(plan(env, server, path, &[]).0, 10, "nothing was sent");
    let (code, shown, err) = apply_json(env, server, path);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        shown["summary"],
        json!({"done": done, "failed": 0, "not_tried": 0})
    );
    let pop_id = shown["results"][0]["id"].as_str().unwrap().to_string();
    let words = ["ovh", "dc", "list", service, &pop_id, "-o", "json"];
    let (_, dcs, _) = cc(env, server, &words);
    assert_eq!(plan(env, server, path, &["--prune"]).0, 0, "converged");
    (pop_id, dcs)
}

#[test]
fn a_dry_run_plans_what_a_replaced_pop_configuration_holds_under_the_new_ones_placeholder() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "ovh");
    let edited = exported.replace("customer_asn: 65400", "customer_asn: 65410");
    assert_ne!(edited, exported);
    let path = file(&env, &edited);
    let (planned, err) = dry_run(&env, &server, &path);
    let pops = format!("/ovhCloudConnect/{L3}/config/pop");
    let new_pop = format!("{pops}/<id of the new POP configuration>");
    assert_eq!(
        planned,
        [
            request("DELETE", format!("{pops}/1001")),
            request("POST", pops.clone()),
            request("POST", format!("{new_pop}/datacenter")),
            request(
                "POST",
                format!("{new_pop}/datacenter/<id of the new datacenter configuration>/extra")
            ),
        ],
        "not under the old POP configuration 1001: {err}"
    );
    let at = format!("`{L3} / 2002");
    for line in [
        format!("POP configuration {at}`: replaced (<id of the new POP configuration>)"),
        format!(
            "datacenter configuration {at} / 5`: created (<id of the new datacenter configuration>)"
        ),
        format!(
            "extra configuration {at} / 5 / network 172.16.0.0/24 10.10.0.10`: created (<id of the new extra configuration>)"
        ),
        "Apply: 3 done, 0 failed, 0 not tried.".into(),
        format!("datacenter configuration {at} / 5` is checked alone, not against the layer"),
    ] {
        assert!(err.contains(&line), "{line}: {err}");
    }
    // The apply puts them under the new POP configuration.
    let (pop_id, dcs) = applied_as_planned(&env, &server, &path, &err, (L3, 3));
    assert_ne!(pop_id, "1001", "a new POP configuration");
    assert!(dcs.contains("\"datacenterId\": 5"), "made under it: {dcs}");
}
