//! Console Connect in desired-state files (issue 23): the seeded account exported then planned
//! changes nothing (with and without `--prune`), the service key a placeholder that need not be
//! set; a peering added, then edited, plans exactly that and `apply` converges; a new
//! connection and its peering are made in one apply, the connection first; the peering rules and
//! the port capacity rule over the whole file are exit 2 at the line that breaks them, and the
//! simulator refuses the same sum; and, against wiremock, exactly what one create sends.

use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::desired::{actions, cc_vars as cc, export, file, plan};
use crate::common::{
    Sandbox, TestEnv, assert_code, fixture, fixture_json, json_response, json_value, received, run,
    stderr, stdout,
};

/// The seeded connection's service key (in the simulator's fixture): never printed.
const SEEDED_KEY: &str = "0c5f1a77-7c3b-4b1e-9d0e-5a1b2c3d4e5f";

/// A service key the simulator has not seen.
const NEW_KEY: &str = "3d9b7c10-5e2f-4a8b-9c1d-2e3f4a5b6c7d";

/// A PRIVATE peering for the last connection of an exported file.
pub(crate) const PRIVATE: &str = "    peerings:
    - type: PRIVATE
      peer_asn: 65010
      primary_subnet: 169.254.10.0/30
      secondary_subnet: 169.254.10.4/30
      vlan: 100
      shared_key: ${env:CC_TEST_PEERING_KEY}
";

/// A new connection (its ports by name and id) with a MICROSOFT peering.
pub(crate) const SECOND: &str = "  - name: er-2
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

fn change(action: &str, kind: &str, name: &str) -> (String, String, String) {
    (action.into(), kind.into(), name.into())
}

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

/// `cc` pointed at the mock.
fn mocked(env: &TestEnv, server: &MockServer) -> assert_cmd::Command {
    let mut cmd = env.cc();
    cmd.env("CC_CONSOLE_CONNECT_URL", server.uri())
        .env("CC_CONSOLE_CONNECT_TOKEN", "cc-test-api-key")
        .env("CC_CONSOLE_CONNECT_COMPANY", "acme")
        .env("CC_TEST_KEY", SEEDED_KEY);
    cmd
}

/// `cc apply -f FILE --yes` pointed at the mock, FILE holding `text` in the home of the
/// environment given with it (kept until the run is over).
fn applying(server: &MockServer, text: &str) -> (TestEnv, assert_cmd::Command) {
    let env = TestEnv::new();
    let path = file(&env, text);
    let mut cmd = mocked(&env, server);
    cmd.args(["apply", "-f", &path, "--yes"]);
    (env, cmd)
}

/// How many Azure orders the mock received.
async fn orders(server: &MockServer) -> usize {
    received(server, "PUT", "/AZURE/layer2/create").await.len()
}

/// `api console-connect POST` of a `kind` peering with `body` on the seeded connection, in the
/// sandbox, refused in Console Connect's shape: exit 5, a 400; stderr.
async fn sandbox_refuses_peering(env: &TestEnv, kind: &str, body: &Value) -> String {
    let at = format!(
        "/api/company/acme/connections/directConnectPartner/AZURE/layer2/5e7a2b1903be0d0014960141/peering/{kind}"
    );
    let body = body.to_string();
    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "api",
        "console-connect",
        "POST",
        &at,
        "--data",
        &body,
    ]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("status: 400"), "{err}");
    err
}

/// An account with no connection and the two ports.
async fn mock_empty_account(server: &MockServer) {
    let company = "/api/company/acme";
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
}

/// An account with no connection, the two ports, and a service key of 100 Mbps.
async fn mock_account(server: &MockServer, create: ResponseTemplate) {
    let azure = "/api/company/acme/connections/directConnectPartner/AZURE/layer2";
    mock_empty_account(server).await;
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
    let (_env, mut cmd) = applying(&server, ONE);
    cmd.args(["--no-wait", "-o", "json"]);
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

/// A service key Console Connect refuses or calls not valid stops apply as it stops
/// `azure create` (one check, the same words), naming the file's field, not the flag: exit 5,
/// nothing ordered, the key never shown.
#[tokio::test(flavor = "multi_thread")]
async fn apply_refuses_a_service_key_in_the_words_of_azure_create_naming_its_field() {
    let answers = [
        (
            ResponseTemplate::new(400).set_body_raw(
                fixture("console_connect", "error_invalid_service_key.json"),
                "application/json",
            ),
            "Azure connection `er-1`: service_key: Console Connect refused the Azure service key",
        ),
        (
            json_value(
                200,
                &json!({"valid": false, "message": "The service key is expired"}),
            ),
            "Azure connection `er-1`: service_key: the Azure service key is not valid: The service key is expired",
        ),
    ];
    for (answer, wanted) in answers {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(
                "/api/company/acme/connections/directConnectPartner/AZURE/layer2/serviceKey",
            ))
            .respond_with(answer)
            .with_priority(1)
            .mount(&server)
            .await;
        mock_account(&server, ResponseTemplate::new(500)).await;
        let (_env, cmd) = applying(&server, ONE);
        let out = run(cmd).await;
        assert_code(&out, 5);
        let err = stderr(&out);
        assert!(err.contains(wanted), "{wanted}: {err}");
        assert!(err.contains("copy the service key again"), "{err}");
        assert!(err.contains("nothing was ordered"), "{err}");
        assert!(!err.contains(SEEDED_KEY), "{err}");
        assert_eq!(orders(&server).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_answer_is_never_resent() {
    let server = MockServer::start().await;
    mock_account(&server, ResponseTemplate::new(503)).await;
    let (_env, mut cmd) = applying(&server, ONE);
    cmd.arg("--no-wait");
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert_eq!(orders(&server).await, 1);
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
    let (_env, cmd) = applying(&server, &ONE.replace("speed: 100", "speed: 200"));
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert_eq!(orders(&server).await, 0);
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
    let err = sandbox_refuses_peering(&env, "MICROSOFT", &body).await;
    assert!(
        err.contains("needs at least one of advertisedPublicPrefixes"),
        "{err}"
    );
}

/// The simulator checks a peering's values with the checks `cc` runs on a file's peering
/// (`console-connect-peering-values`): a routing registry name past 64 characters, a shared key
/// with a space (never repeated), a malformed prefix; each refused in Console Connect's shape.
#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_the_peering_values_cc_refuses() {
    let base = json!({"peerASN": 64496, "primaryPeerAddressPrefix": "123.0.0.0/30",
                      "secondaryPeerAddressPrefix": "123.0.0.4/30", "vlanId": 200});
    let with = |kind: &str, extra: Value| {
        let mut body = base.clone();
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        (kind.to_string(), body)
    };
    let microsoft = json!({"advertisedPublicPrefixes": ["123.1.0.0/24"]});
    let long = "R".repeat(65);
    let mut registry = microsoft.clone();
    registry["routingRegistryName"] = json!(long);
    let cases = [
        (
            with("MICROSOFT", registry),
            format!("routingRegistryName {long}: "),
        ),
        (
            with("PRIVATE", json!({"sharedKey": "two words"})),
            "sharedKey ********: must not be empty or contain spaces".to_string(),
        ),
        (
            with(
                "MICROSOFT",
                json!({"advertisedPublicPrefixes": ["123.1.0/24"]}),
            ),
            "advertisedPublicPrefixes 123.1.0/24: ".to_string(),
        ),
    ];
    let env = TestEnv::new();
    for ((kind, body), wanted) in cases {
        let err = sandbox_refuses_peering(&env, &kind, &body).await;
        assert!(err.contains(&wanted), "{wanted}: {err}");
        assert!(!err.contains("two words"), "{err}");
    }
}

/// A port named by a name two ports share is refused by the plan at the order's line, as apply
/// and `azure create --port` resolve it, listing their ids: nothing is ordered (the plan took
/// the first port of the name and passed a file apply then refused).
#[tokio::test(flavor = "multi_thread")]
async fn plan_and_apply_refuse_a_port_name_two_ports_share_at_its_line() {
    let server = MockServer::start().await;
    let mut ports = fixture_json("console_connect", "ports.json");
    ports["results"][1]["name"] = json!("ACME LONDON 1");
    Mock::given(method("GET"))
        .and(path("/api/company/acme/ports"))
        .respond_with(json_value(200, &ports))
        .with_priority(1)
        .mount(&server)
        .await;
    mock_account(&server, ResponseTemplate::new(500)).await;
    let env = TestEnv::new();
    let path = file(&env, ONE);
    for args in [&["plan", "-f", &path][..], &["apply", "-f", &path, "--yes"]] {
        let mut cmd = mocked(&env, &server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        let err = stderr(&out);
        let wanted = format!(
            "{path}:3: port ACME LONDON 1: 2 ports have that name; pass the id: 5893d943878d635dde318022, 5893d943878d635dde318023; rule `console-connect-port-names`"
        );
        assert!(err.contains(&wanted), "{args:?}: {err}");
    }
    assert_eq!(orders(&server).await, 0);
}

/// Two pairing keys of europe-west1, one per edge availability domain: a secret.
const GKEY_1: &str = "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1";
const GKEY_2: &str = "69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2";

/// A new AWS hosted connection and a new Google partner interconnect.
pub(crate) const PARTNERS: &str = "console_connect:
  aws_connections:
  - name: aws-dub
    port: ACME LONDON 2
    aws_account: 2650-3425-2711
    region: eu-west-1
    speed: 200
    duration: 1
    duration_unit: y
  google_connections:
  - name: gcp-bru
    port: [ACME LONDON 1, 5893d943878d635dde318023]
    pairing_key: ${env:CC_TEST_GCP_KEYS}
    region: europe-west1
    speed: 100
";

/// Both pairing keys in the one variable the file names.
fn gcp_keys() -> [(&'static str, String); 1] {
    [("CC_TEST_GCP_KEYS", format!("{GKEY_1},{GKEY_2}"))]
}

/// The id of the connection named `name` in the sandbox, and its status.
fn connection_named(env: &TestEnv, server: &Sandbox, name: &str) -> (String, String) {
    let jq = format!(".[] | select(.name == \"{name}\") | [.id, .status] | join(\" \")");
    let words = ["console-connect", "list", "-o", "json", "--jq", &jq];
    let (code, out, err) = cc(env, server, &[], &words);
    assert_eq!(code, 0, "{err}");
    let (id, status) = out.trim().split_once(' ').expect(&out);
    (id.to_string(), status.to_string())
}

#[test]
fn aws_and_google_connections_exported_then_planned_change_nothing() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let aws = [
        "console-connect",
        "aws",
        "create",
        "--name",
        "aws-lon",
        "--port",
        "ACME LONDON 1",
        "--aws-account",
        "123456789012",
        "--region",
        "eu-west-2",
        "--speed",
        "100",
        "--yes",
    ];
    let google = [
        "console-connect",
        "google",
        "create",
        "--name",
        "gcp-1",
        "--port",
        "ACME LONDON 1",
        "--port",
        "ACME LONDON 2",
        "--pairing-key",
        GKEY_1,
        "--pairing-key",
        GKEY_2,
        "--region",
        "europe-west1",
        "--speed",
        "200",
        "--yes",
    ];
    for words in [&aws[..], &google] {
        let (code, _, err) = cc(&env, &server, &[], words);
        assert_eq!(code, 0, "{err}");
    }
    let (aws_id, status) = connection_named(&env, &server, "aws-lon");
    assert_eq!(status, "PENDING_ACCEPTANCE");
    let exported = export(&env, &server, "console-connect");
    assert!(
        exported.contains("  aws_connections:\n  - name: aws-lon\n    port: 5893d943878d635dde318022\n    aws_account: \"123456789012\"\n    region: eu-west-2\n    speed: 100\n    duration: 1\n    duration_unit: m\n"),
        "{exported}"
    );
    assert!(
        exported.contains("  google_connections:\n  - name: gcp-1\n    port:\n    - 5893d943878d635dde318022\n    - 5893d943878d635dde318023\n    pairing_key: ${env:CONSOLE_CONNECT_GCP_1_PAIRING_KEY}\n    region: europe-west1\n    speed: 200\n"),
        "{exported}"
    );
    assert!(!exported.contains(GKEY_1), "a pairing key is a secret");
    let path = file(&env, &exported);
    let empty = |path: &str| {
        for more in [&[][..], &["--prune"]] {
            let (code, shown) = plan(&env, &server, path, more);
            assert_eq!(code, 0, "{more:?}: {shown}");
            assert_eq!(shown["summary"]["unchanged"], 3, "{shown}");
        }
    };
    empty(&path);
    // Accepted in AWS, it is the same connection.
    let accept = format!("/_sandbox/accept?connection={aws_id}");
    let (code, _, err) = cc(
        &env,
        &server,
        &[],
        &["api", "console-connect", "POST", &accept],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(connection_named(&env, &server, "aws-lon").1, "ACTIVE");
    empty(&path);
    // Every spelling the creates take is the same value: ports by name, the account as the
    // console shows it, the region by its row of `aws regions`.
    let spelled = exported
        .replace("port: 5893d943878d635dde318022", "port: ACME LONDON 1")
        .replace("- 5893d943878d635dde318023", "- ACME LONDON 2")
        .replace("\"123456789012\"", "1234-5678-9012")
        .replace("region: eu-west-2", "region: 5b456eda852dad001a8cf2cd");
    assert_ne!(spelled, exported);
    empty(&file(&env, &spelled));
    // Any field is a replace, an outage.
    let other = exported.replace("region: eu-west-2", "region: eu-west-1");
    let (code, shown) = plan(&env, &server, &file(&env, &other), &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [change("replace", "AWS hosted connection", "aws-lon")]
    );
    assert_eq!(
        shown["changes"][0]["fields"],
        json!({"region": {"from": "eu-west-2", "to": "eu-west-1"}})
    );
}

#[test]
fn an_apply_orders_one_of_each_the_aws_one_waiting_for_acceptance() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let path = file(&env, PARTNERS);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [
            change("create", "AWS hosted connection", "aws-dub"),
            change("create", "Google partner interconnect", "gcp-bru"),
        ]
    );
    let keys = gcp_keys();
    let vars = [(keys[0].0, keys[0].1.as_str())];
    let words = ["apply", "-f", &path, "--yes", "-o", "json"];
    let (code, out, err) = cc(&env, &server, &vars, &words);
    assert_eq!(code, 0, "{err}");
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["summary"],
        json!({"done": 2, "failed": 0, "not_tried": 0})
    );
    let (aws_id, status) = connection_named(&env, &server, "aws-dub");
    assert_eq!(
        status, "PENDING_ACCEPTANCE",
        "done on Console Connect's side"
    );
    assert_eq!(connection_named(&env, &server, "gcp-bru").1, "ACTIVE");
    assert!(
        err.contains(&format!("({}…) is PENDING_ACCEPTANCE", &aws_id[..8])),
        "{err}"
    );
    assert!(
        err.contains("AWS hosted connection `aws-dub`: done on Console Connect's side (PENDING_ACCEPTANCE); it waits for acceptance in AWS"),
        "{err}"
    );
    assert!(
        err.contains("next: accept hosted connection dxcon-"),
        "{err}"
    );
    assert!(
        err.contains(&format!("console-connect wait {aws_id} --until ACTIVE")),
        "{err}"
    );
    assert!(
        err.contains("Google partner interconnect `gcp-bru`: created"),
        "{err}"
    );
    assert!(!format!("{out}{err}").contains(GKEY_1), "{err}");
    for more in [&[][..], &["--prune"]] {
        let (code, shown) = plan(&env, &server, &path, more);
        assert_eq!(code, 0, "{more:?}: {shown}");
    }
    let (code, _, err) = cc(&env, &server, &vars, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Nothing to do"), "{err}");
}

#[test]
fn partner_rules_over_the_file_are_exit_2_at_the_line_that_breaks_them() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let line_of = |text: &str, wanted: &str| text.lines().position(|l| l == wanted).unwrap() + 1;
    let refused = |text: &str| {
        let path = file(&env, text);
        let keys = gcp_keys();
        let vars = [(keys[0].0, keys[0].1.as_str())];
        let (code, _, err) = cc(&env, &server, &vars, &["apply", "-f", &path, "--yes"]);
        assert_eq!(code, 2, "{err}");
        assert!(!err.contains(GKEY_1), "{err}");
        err
    };
    let account = PARTNERS.replace("2650-3425-2711", "xx-3434-yy-6");
    let err = refused(&account);
    assert!(
        err.contains(&format!(
            "desired.yaml:{}: aws_account xx-3434-yy-6: an AWS account id is 12 digits",
            line_of(&account, "  - name: aws-dub")
        )),
        "{err}"
    );
    assert!(err.contains("console-connect-partner-values"), "{err}");
    let gcp = line_of(PARTNERS, "  - name: gcp-bru");
    let same_port = PARTNERS.replace("5893d943878d635dde318023", "5893d943878d635dde318022");
    let err = refused(&same_port);
    assert!(
        err.contains(&format!("desired.yaml:{gcp}: port ACME LONDON 1, 5893d943878d635dde318022: both name port 5893d943878d635dde318022")),
        "{err}"
    );
    // One key per edge availability domain: both in domain 1 is refused, the keys masked.
    let domains = PARTNERS.replace(
        "pairing_key: ${env:CC_TEST_GCP_KEYS}",
        &format!("pairing_key: [{GKEY_1}, {}]", GKEY_2.replace("/2", "/1")),
    );
    let err = refused(&domains);
    assert!(
        err.contains(&format!("desired.yaml:{gcp}: pairing_key ********: both pairing keys are in edge availability domain 1")),
        "{err}"
    );
    // The port capacity rule sums every kind of the file: 500 + 500 on ACME LONDON 1 (900 free).
    let full = PARTNERS
        .replace("port: ACME LONDON 2", "port: ACME LONDON 1")
        .replace("speed: 200", "speed: 500")
        .replace("speed: 100", "speed: 500");
    let err = refused(&full);
    assert!(
        err.contains(&format!("desired.yaml:{gcp}: port `ACME LONDON 1` (5893d943878d635dde318022) (900 Mbps free) and AWS hosted connection `aws-dub` (speed 500) and Google partner interconnect `gcp-bru` (speed 500): the file adds 1000 Mbps on it")),
        "{err}"
    );
    let (_, shown) = plan(&env, &server, &file(&env, PARTNERS), &[]);
    assert_eq!(shown["summary"]["create"], 2, "nothing was ordered");
}

/// An empty account with the two ports and both partners' regions lists, each partner's
/// order answered with a new connection (`lost`: a 503, the order's fate unknown).
async fn mock_partners(server: &MockServer, lost: bool) {
    mock_empty_account(server).await;
    for (partner, kind, id) in [
        ("amazon", "AWS", "5e7a757303be0d0014960199"),
        ("google", "GCE", "5e7a757303be0d0014960200"),
    ] {
        Mock::given(method("GET"))
            .and(path(format!("/api/directConnectPartner/{partner}/regions")))
            .respond_with(json_response(
                200,
                &fixture("console_connect", &format!("regions_{partner}.json")),
            ))
            .mount(server)
            .await;
        let made = json!({"id": id, "name": "x", "status": "CREATING", "type": "LAYER2",
                          "partner": {"type": kind}});
        let answer = match lost {
            true => ResponseTemplate::new(503),
            false => json_value(200, &made),
        };
        Mock::given(method("PUT"))
            .and(path(format!(
                "/api/company/acme/connections/directConnectPartner/{kind}/layer2"
            )))
            .respond_with(answer)
            .mount(server)
            .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_sends_exactly_each_partners_order_once() {
    let server = MockServer::start().await;
    mock_partners(&server, false).await;
    let (_env, mut cmd) = applying(&server, PARTNERS);
    cmd.env("CC_TEST_GCP_KEYS", format!("{GKEY_1}, {GKEY_2}"))
        .args(["--no-wait", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let aws = received(&server, "PUT", "/directConnectPartner/AWS/layer2").await;
    assert_eq!(aws.len(), 1);
    assert_eq!(
        serde_json::from_slice::<Value>(&aws[0].body).unwrap(),
        json!({"type": "LAYER2", "name": "aws-dub", "srcPortId": "5893d943878d635dde318023",
               "destPortId": "5aa730f8efe3bc00124d0766", "speed": 200,
               "partner": {"account": "265034252711"}, "duration": 1, "durationUnit": "y",
               "paymentType": "invoice"})
    );
    let google = received(&server, "PUT", "/directConnectPartner/GCE/layer2").await;
    assert_eq!(google.len(), 1);
    assert_eq!(
        serde_json::from_slice::<Value>(&google[0].body).unwrap(),
        json!({"type": "LAYER2", "name": "gcp-bru", "srcPortId": "5893d943878d635dde318022",
               "destPortId": "5de874ee0d83430256e31f88", "paymentType": "invoice", "speed": 100,
               "partner": {"srcPortIds": ["5893d943878d635dde318022", "5893d943878d635dde318023"],
                           "destPortIds": ["5de874ee0d83430256e31f88", "5de874ee0d83430256e31f89"],
                           "pairingKeys": [GKEY_1, GKEY_2], "region": "europe-west1"}})
    );
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["summary"]["done"], 2);
    let err = stderr(&out);
    assert!(
        err.contains(
            "`aws-dub`: ordered, not waited for; once provisioned it waits for acceptance in AWS"
        ),
        "{err}"
    );
    assert!(!format!("{}{err}", stdout(&out)).contains(GKEY_1), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_partner_order_is_never_resent() {
    let server = MockServer::start().await;
    mock_partners(&server, true).await;
    let (_env, mut cmd) = applying(&server, PARTNERS);
    cmd.env("CC_TEST_GCP_KEYS", format!("{GKEY_1},{GKEY_2}"))
        .arg("--no-wait");
    let out = run(cmd).await;
    assert_code(&out, 5);
    for kind in ["AWS", "GCE"] {
        let sent = received(
            &server,
            "PUT",
            &format!("/directConnectPartner/{kind}/layer2"),
        )
        .await;
        assert_eq!(sent.len(), 1, "{kind} sent once");
    }
    let err = stderr(&out);
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains("no AWS hosted connection named `aws-dub` has appeared"),
        "{err}"
    );
    assert!(
        err.contains("no Google partner interconnect named `gcp-bru` has appeared"),
        "{err}"
    );
}
