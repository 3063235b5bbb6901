//! Console Connect in desired-state files (issue 23): the seeded account exported then planned
//! changes nothing (with and without `--prune`), the service key a placeholder that need not be
//! set; a peering added, then edited, plans exactly that and `apply` converges; a new
//! connection and its peering are made in one apply, the connection first; the peering rules and
//! the port capacity rule over the whole file are exit 2 at the line that breaks them, and the
//! simulator refuses the same sum; and, against wiremock, exactly what one create sends.

use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{
    Sandbox, TestEnv, assert_code, fixture, fixture_json, json_response, json_value, received, run,
    stderr, stdout,
};

/// The seeded connection's service key (in the simulator's fixture): never printed.
const SEEDED_KEY: &str = "0c5f1a77-7c3b-4b1e-9d0e-5a1b2c3d4e5f";

/// A service key the simulator has not seen.
const NEW_KEY: &str = "3d9b7c10-5e2f-4a8b-9c1d-2e3f4a5b6c7d";

/// A PRIVATE peering for the last connection of an exported file.
const PRIVATE: &str = "    peerings:
    - type: PRIVATE
      peer_asn: 65010
      primary_subnet: 169.254.10.0/30
      secondary_subnet: 169.254.10.4/30
      vlan: 100
      shared_key: ${env:CC_TEST_PEERING_KEY}
";

/// A new connection (its ports by name and id) with a MICROSOFT peering.
const SECOND: &str = "  - name: er-2
    service_key: ${env:CC_TEST_ER2_KEY}
    port: [ACME LONDON 2]
    speed: 200
    peerings:
    - type: MICROSOFT
      peer_asn: 64496
      primary_subnet: 123.0.0.0/30
      secondary_subnet: 123.0.0.4/30
      vlan: 200
      advertised_prefix: [123.1.0.0/24]
      routing_registry: ARIN
";

/// Runs `cc WORDS` against `server` (`vars`: more environment): exit code, stdout, stderr.
fn cc(
    env: &TestEnv,
    server: &Sandbox,
    vars: &[(&str, &str)],
    words: &[&str],
) -> (i32, String, String) {
    let mut cmd = server.cc(env);
    cmd.env("CC_SANDBOX_PROVISION_DELAY", "0s").args(words);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run cc");
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

/// Writes `text` as the desired file; its path.
fn file(env: &TestEnv, text: &str) -> String {
    let path = env.home.path().join("desired.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn export(env: &TestEnv, server: &Sandbox) -> String {
    let (code, out, err) = cc(
        env,
        server,
        &[],
        &["export", "--provider", "console-connect", "-o", "yaml"],
    );
    assert_eq!(code, 0, "{err}");
    out
}

fn plan(env: &TestEnv, server: &Sandbox, path: &str, more: &[&str]) -> (i32, Value) {
    let words = [&["plan", "-f", path, "-o", "json"], more].concat();
    let (code, out, err) = cc(env, server, &[], &words);
    let shown = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, shown)
}

/// Each change as (action, kind, name).
fn actions(plan: &Value) -> Vec<(String, String, String)> {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (text("action"), text("kind"), text("name"))
        })
        .collect()
}

fn change(action: &str, kind: &str, name: &str) -> (String, String, String) {
    (action.into(), kind.into(), name.into())
}

#[test]
fn the_seeded_account_exported_then_planned_changes_nothing() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server);
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
    let path = file(&env, &format!("{}{PRIVATE}", export(&env, &server)));
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(
        code, 10,
        "the key's variable is not set, and plan needs it not"
    );
    assert_eq!(
        actions(&shown),
        [change("create", "Azure peering", "PRIVATE")]
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
        [change("update", "Azure peering", "PRIVATE")]
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
    let exported = export(&env, &server);
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
    let path = file(&env, &format!("{}{SECOND}", export(&env, &server)));
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [
            change("create", "Azure connection", "er-2"),
            change("create", "Azure peering", "MICROSOFT"),
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
    let exported = export(&env, &server);
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
            change("create", "Azure peering", "MICROSOFT"),
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
    let exported = export(&env, &server);
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

/// `cc` pointed at the mock.
fn mocked(env: &TestEnv, server: &MockServer) -> assert_cmd::Command {
    let mut cmd = env.cc();
    cmd.env("CC_CONSOLE_CONNECT_URL", server.uri())
        .env("CC_CONSOLE_CONNECT_TOKEN", "cc-test-api-key")
        .env("CC_CONSOLE_CONNECT_COMPANY", "acme")
        .env("CC_TEST_KEY", SEEDED_KEY);
    cmd
}

/// An account with no connection, the two ports, and a service key of 100 Mbps.
async fn mock_account(server: &MockServer, create: ResponseTemplate) {
    let company = "/api/company/acme";
    let azure = format!("{company}/connections/directConnectPartner/AZURE/layer2");
    Mock::given(method("GET"))
        .and(path(format!("{company}/connections")))
        .and(bearer_token("cc-test-api-key"))
        .respond_with(json_value(200, &json!({"results": []})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{company}/ports")))
        .and(query_param("deleted", "false"))
        .respond_with(json_response(
            200,
            &fixture("console_connect", "ports.json"),
        ))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{azure}/serviceKey")))
        .respond_with(json_response(
            200,
            &fixture("console_connect", "service_key.json"),
        ))
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("{azure}/create")))
        .respond_with(create)
        .mount(server)
        .await;
}

const ONE: &str = "console_connect:
  azure_connections:
    - name: er-1
      service_key: ${env:CC_TEST_KEY}
      port: [ACME LONDON 1, 5893d943878d635dde318023]
      speed: 100
";

#[tokio::test(flavor = "multi_thread")]
async fn apply_sends_exactly_the_documented_create_body_once() {
    let server = MockServer::start().await;
    let made = fixture_json("console_connect", "connection_group_creating.json");
    mock_account(&server, json_value(200, &made)).await;
    let env = TestEnv::new();
    let path = file(&env, ONE);
    let mut cmd = mocked(&env, &server);
    cmd.args(["--no-wait", "apply", "-f", &path, "--yes", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let puts = received(&server, "PUT", "/AZURE/layer2/create").await;
    assert_eq!(puts.len(), 1);
    let body: Value = serde_json::from_slice(&puts[0].body).unwrap();
    assert_eq!(
        body,
        json!({
            "azureServiceKey": SEEDED_KEY,
            "name": "er-1",
            "srcPort": [{"portId": "5893d943878d635dde318022"}, {"portId": "5893d943878d635dde318023"}],
            "speed": 100,
            "paymentType": "payg",
        })
    );
    let asked = received(&server, "POST", "/AZURE/layer2/serviceKey").await;
    assert_eq!(asked.len(), 1, "the key is asked about first");
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["results"][0]["id"], "5e7a2b1903be0d0014960141");
    let printed = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!printed.contains(SEEDED_KEY), "{printed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_answer_is_never_resent() {
    let server = MockServer::start().await;
    mock_account(&server, ResponseTemplate::new(503)).await;
    let env = TestEnv::new();
    let path = file(&env, ONE);
    let mut cmd = mocked(&env, &server);
    cmd.args(["--no-wait", "apply", "-f", &path, "--yes"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert_eq!(
        received(&server, "PUT", "/AZURE/layer2/create").await.len(),
        1
    );
    let err = stderr(&out);
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains("no Azure connection named `er-1` has appeared"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_speed_the_service_key_does_not_allow_is_exit_2_and_nothing_is_ordered() {
    let server = MockServer::start().await;
    mock_account(&server, ResponseTemplate::new(500)).await;
    let env = TestEnv::new();
    let path = file(&env, &ONE.replace("speed: 100", "speed: 200"));
    let mut cmd = mocked(&env, &server);
    cmd.args(["apply", "-f", &path, "--yes"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(
        received(&server, "PUT", "/AZURE/layer2/create")
            .await
            .is_empty()
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "Azure connection `er-1`: speed 200: the service key's ExpressRoute circuit is 100 Mbps"
        ),
        "{err}"
    );
}

/// The simulator refuses, in Console Connect's error shape, a MICROSOFT peering with nothing to
/// advertise: the value rule `cc` checks over a file, enforced a second time.
#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_a_microsoft_peering_without_prefixes() {
    let env = TestEnv::new();
    let body = json!({"peerASN": 64496, "primaryPeerAddressPrefix": "123.0.0.0/30",
                      "secondaryPeerAddressPrefix": "123.0.0.4/30", "vlanId": 200});
    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "api",
        "console-connect",
        "POST",
        "/api/company/acme/connections/directConnectPartner/AZURE/layer2/5e7a2b1903be0d0014960141/peering/MICROSOFT",
        "--data",
        &body.to_string(),
    ]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("status: 400"), "{err}");
    assert!(
        err.contains("needs at least one of advertisedPublicPrefixes"),
        "{err}"
    );
}
