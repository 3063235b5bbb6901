//! The replace protocol of `cc apply` for every provider: a replace prepares its create (its
//! values checked, its names resolved, the rules checked at send time) before it deletes
//! anything, so a replace whose create cannot be sent deletes nothing and exits with the
//! check's error. Each provider with a cause that reaches apply past the plan's own checks:
//! Orange, a VPN named that does not exist; Console Connect, a port named that does not exist;
//! Huawei, a package bought for a period, which apply does not buy; OVH (on wiremock: the
//! sandbox's POP configurations keep their layer), a datacenter configuration whose POP
//! configuration is L2 when it is read at apply time. And the other side: Console Connect
//! counts what the connection it replaces holds as free (its speed on its ports, its service
//! key), since that connection is still there while its create is prepared.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::desired::{cc, cc_vars, export, file, plan};
use crate::common::{Sandbox, TestEnv, assert_code, received, run, stderr};
use crate::ovh::{SVC, answer, fixture_with, mount_list, mount_time, occ, ovh};

/// The requests a `-vv` run's stderr shows with `method` (`> DELETE https://...`).
fn requests(err: &str, method: &str) -> Vec<String> {
    let sent = format!("> {method} ");
    err.lines()
        .filter(|l| l.starts_with(&sent))
        .map(str::to_string)
        .collect()
}

/// Plans `text` (one replace expected), applies it at `-vv`: the exit code and stderr.
fn replace(env: &TestEnv, server: &Sandbox, vars: &[(&str, &str)], text: &str) -> (i32, String) {
    let path = file(env, text);
    let (code, shown) = plan(env, server, &path, &[]);
    assert_eq!(code, 10, "{shown}");
    assert_eq!(shown["changes"][0]["action"], "replace", "{shown}");
    let words = ["-vv", "apply", "-f", &path, "--yes"];
    let (code, _, err) = cc_vars(env, server, vars, &words);
    (code, err)
}

#[test]
fn orange_a_replace_whose_vpn_does_not_resolve_deletes_nothing() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = export(&env, &server, "orange")
        .replace("vpn: 93b22b3c-fd7e-4c04-87cb-52df45fe6beb", "vpn: vpn-gone");
    let (code, err) = replace(&env, &server, &[], &text);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cloud connector `Connection to PARIS`: vpn `vpn-gone`: Orange has none with that id or name"),
        "{err}"
    );
    assert_eq!(requests(&err, "DELETE"), Vec::<String>::new(), "{err}");
    let (code, out, err) = cc(&env, &server, &["orange", "list", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let listed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listed[0]["name"], "Connection to PARIS", "{out}");
    assert_eq!(listed[0]["state"], "ACTIVE", "still there: {out}");
}

/// The service key's variable of the seeded Azure connection, as export writes it.
const SEEDED_KEY: &str = "CONSOLE_CONNECT_AZURE_EXPRESSROUTE_SERVICE_KEY";

#[test]
fn console_connect_a_replace_whose_port_does_not_resolve_deletes_nothing() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = export(&env, &server, "console-connect")
        .replace("- 5893d943878d635dde318023", "- ACME PARIS 9");
    let key = [(SEEDED_KEY, "6d3e1c2a-1111-4222-8333-944455556666")];
    let (code, err) = replace(&env, &server, &key, &text);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains(
            "Azure connection `Azure ExpressRoute`: port `ACME PARIS 9`: no port with that id or name"
        ),
        "{err}"
    );
    assert_eq!(requests(&err, "DELETE"), Vec::<String>::new(), "{err}");
    let words = [
        "console-connect",
        "get",
        "5e7a2b1903be0d0014960141",
        "-o",
        "json",
    ];
    let (code, out, err) = cc(&env, &server, &words);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"status\": \"ACTIVE\""), "still there: {out}");
}

#[test]
fn console_connect_a_replace_counts_what_the_connection_it_replaces_holds_as_free() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // 500 of ACME LONDON 1's 900 free Mbps taken by er-2, then er-2 paid otherwise: a replace
    // whose 500 fit only with er-2's own 500 counted free, with the key er-2 holds.
    let er2 = "  - name: er-2\n    service_key: ${env:CC_TEST_ER2_KEY}\n    port: [ACME LONDON 1]\n    speed: 500\n    payment_type: payg\n";
    let key = [("CC_TEST_ER2_KEY", "0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f")];
    let exported = export(&env, &server, "console-connect");
    let path = file(&env, &format!("{exported}{er2}"));
    let (code, _, err) = cc_vars(&env, &server, &key, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    let invoiced = er2.replace("payment_type: payg", "payment_type: invoice");
    // A dry run deletes nothing, so the key stays held: it passes as the apply will, saying
    // the key is asked about after the delete, and plans the delete and the order.
    let path = file(&env, &format!("{exported}{invoiced}"));
    let words = ["--dry-run", "apply", "-f", &path, "--yes", "-o", "json"];
    let (code, out, err) = cc_vars(&env, &server, &key, &words);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("held by the connection it replaces"), "{err}");
    let planned: Value = serde_json::from_str(&out).unwrap();
    let methods: Vec<&str> = planned
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["DELETE", "PUT"], "{out}");
    let (code, err) = replace(&env, &server, &key, &format!("{exported}{invoiced}"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(requests(&err, "DELETE").len(), 1, "{err}");
    assert_eq!(requests(&err, "PUT").len(), 1, "one order: {err}");
    // The key er-2 holds is refused until er-2 is deleted: asked again after the delete.
    let asked: Vec<usize> = err
        .match_indices("/layer2/serviceKey")
        .map(|(i, _)| i)
        .collect();
    let deleted = err.find("> DELETE ").unwrap();
    assert_eq!(asked.len(), 2, "{err}");
    assert!(asked[0] < deleted && deleted < asked[1], "{err}");
    let (code, out, err) = cc(&env, &server, &["console-connect", "list", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let listed: Value = serde_json::from_str(&out).unwrap();
    let er2: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "er-2")
        .collect();
    assert_eq!(er2.len(), 1, "{out}");
    assert_eq!(er2[0]["paymentType"], "invoice", "{out}");
}

#[test]
fn huawei_a_replace_into_a_package_bought_for_a_period_deletes_nothing() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // The spare package moves to another pair of areas (a replace), bought monthly: apply does
    // not buy one, and says so before the spare one is deleted.
    let text = export(&env, &server, "huawei");
    let at = text.find("name: bwp-spare").unwrap();
    let (head, tail) = text.split_at(at);
    let tail = tail
        .replacen("remote_area: Asia-Pacific", "remote_area: Africa", 1)
        .replacen("billing_mode: 4", "billing_mode: 1", 1);
    let (code, err) = replace(&env, &server, &[], &format!("{head}{tail}"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("bandwidth package `bwp-spare`: billing_mode"),
        "{err}"
    );
    assert!(err.contains("bought for a period"), "{err}");
    assert_eq!(requests(&err, "DELETE"), Vec::<String>::new(), "{err}");
    let words = [
        "huawei",
        "bandwidth-packages",
        "get",
        "bwp-spare",
        "-o",
        "json",
    ];
    let (code, out, err) = cc(&env, &server, &words);
    assert_eq!(code, 0, "{err}");
    let kept: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(kept["remote_area_id"], "Asia-Pacific", "still there: {out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn ovh_a_replace_refused_by_its_pops_layer_at_apply_deletes_nothing() {
    let env = TestEnv::new();
    let server = MockServer::start().await;
    mount_time(&server, 0, 1).await;
    Mock::given(method("GET"))
        .and(path("/1.0/ovhCloudConnect"))
        .respond_with(answer(200, &json!([SVC])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(occ("")))
        .respond_with(answer(200, &fixture_with("service.json", json!({}))))
        .mount(&server)
        .await;
    // POP configuration 1001 is L3 when the plan reads it, L2 when apply reads it again.
    Mock::given(method("GET"))
        .and(path(occ("/config/pop/1001")))
        .respond_with(answer(200, &fixture_with("pop_config.json", json!({}))))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let l2 = json!({"type": "l2", "customerBgpArea": null, "ovhBgpArea": null, "subnet": null});
    let pop = fixture_with("pop_config.json", l2);
    mount_list(&server, &occ("/config/pop"), &[pop]).await;
    let dc = fixture_with("datacenter_config.json", json!({}));
    mount_list(&server, &occ("/config/pop/1001/datacenter"), &[dc]).await;
    mount_list(&server, &occ("/config/pop/1001/datacenter/3001/extra"), &[]).await;
    // Datacenter configuration 3001 moved to another subnet: a replace.
    let text = format!(
        "ovh:\n  services:\n  - service: {SVC}\n    pop_configs:\n    - interface: 2002\n      type: l3\n      customer_asn: 65400\n      ovh_asn: 65401\n      subnet: 192.0.2.0/30\n      datacenter_configs:\n      - datacenter: 5\n        ovh_asn: 65402\n        subnet: 10.10.0.16/28\n"
    );
    let mut cmd = ovh(&env, &server);
    cmd.args(["apply", "-f", &file(&env, &text), "--yes"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("replace ovh datacenter configuration"),
        "{err}"
    );
    assert!(
        err.contains("a datacenter configuration under an L2 POP takes only the datacenter id"),
        "{err}"
    );
    assert!(err.contains("ovh_asn"), "named by the file's fields: {err}");
    let sent = server.received_requests().await.unwrap();
    let changed: Vec<String> = sent
        .iter()
        .filter(|r| r.method.as_str() != "GET")
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        changed,
        Vec::<String>::new(),
        "nothing deleted, nothing made"
    );
    assert_eq!(received(&server, "GET", "/config/pop/1001").await.len(), 2);
}

/// A dry run in which one change is refused before sending (a replace whose VPN does not
/// resolve) and another is planned (a new connector) prints the planned request and still
/// fails with the refusal's exit code: a script reads a half-planned run as a failure.
#[test]
fn a_dry_run_with_a_refused_change_prints_what_it_planned_and_fails() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "orange");
    let london = exported
        .replacen("orange:\n  connectors:\n", "", 1)
        .replace("name: Connection to PARIS", "name: Connection to LONDON");
    let broken = exported.replace("vpn: 93b22b3c-fd7e-4c04-87cb-52df45fe6beb", "vpn: vpn-gone");
    let path = file(&env, &format!("{broken}{london}"));
    let words = ["--dry-run", "apply", "-f", &path, "--yes", "-o", "json"];
    let (code, out, err) = cc_vars(&env, &server, &[], &words);
    assert_eq!(code, 2, "the refusal decides the exit code: {err}");
    assert!(err.contains("vpn `vpn-gone`: Orange has none"), "{err}");
    assert!(err.contains("Apply: 1 done, 1 failed"), "{err}");
    let planned: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        planned["method"], "POST",
        "the new connector's order: {out}"
    );
    assert_eq!(planned["body"]["name"], "Connection to LONDON", "{out}");
}

/// A replace of a Huawei cloud connection a package is bound to is refused by the plan
/// (`huawei-package-bound-on-delete`) at the cloud connection's line: its delete would be
/// refused, and the apply does not unbind and bind a package around a replace. The apply sends
/// no write.
#[test]
fn huawei_a_replace_of_a_cloud_connection_a_package_is_bound_to_is_refused_by_the_plan() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "huawei");
    let at = "description: Paris to Singapore\n    enterprise_project_id: \"0\"";
    assert!(exported.contains(at), "{exported}");
    let text = exported.replacen(at, &at.replace("\"0\"", "\"1\""), 1);
    let path = file(&env, &text);
    let line = text
        .lines()
        .position(|l| l.ends_with("name: cc-paris"))
        .unwrap()
        + 1;
    for words in [
        vec!["plan", "-f", &path],
        vec!["-vv", "apply", "-f", &path, "--yes"],
    ] {
        let (code, _, err) = cc_vars(&env, &server, &[], &words);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(&format!("{path}:{line}: cloud connection `cc-paris`")),
            "{err}"
        );
        assert!(
            err.contains("the plan replaces the cloud connection"),
            "{err}"
        );
        assert!(
            err.contains("rule `huawei-package-bound-on-delete`"),
            "{err}"
        );
        for method in ["DELETE", "POST", "PUT"] {
            assert_eq!(requests(&err, method), Vec::<String>::new(), "{err}");
        }
    }
}
