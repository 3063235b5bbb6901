//! `cc apply --yes` against wiremock (issue 23): what it really sends to Orange for a file that
//! changes a connector's bandwidth (a replace) and adds one. The old connector's DELETE, then the
//! replacing order, each create's exact body (the VPN, credential and POP by id), the waits'
//! GETs, and no other write; a 503 to one order is not sent again and the summary says failed.
//!
//! The look-up lists are read once by the plan and once by each create (each resolves its
//! names itself), so they are mounted with that count rather than `mount_lookups`' one.

use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{API_KEY, CONNECTOR_ID, TOKEN, api, mount_token, networks, no_query, orange};
use crate::common::{
    TestEnv, fixture, fixture_json, json_response, json_value, run, stderr, stdout,
};

/// The id Orange gives the replacing `Connection to PARIS`.
const NEW_PARIS: &str = "5d0c7a1e-2b44-4c1f-9e61-0a7d3c2b9f10";

/// The id Orange gives `Second`.
const NEW_SECOND: &str = "8e2f4b6a-9c13-4d57-a0b8-1f3e5d7c9a24";

/// The file: the connector of the fixtures at 100 Mbps instead of 50 (its VPN, credential and
/// POP by name), and `Second` (its credential and POP by id).
const FILE: &str = "orange:
  connectors:
    - name: Connection to PARIS
      bandwidth: 100
      vpn: VPNName3
      credential: Azure_Credential_1
      pop: POP-4
      region: northeurope
      resource_group: rg-3
      vnet: vnet-02
      azure_asn: 64512
      network_asn: 64513
    - name: Second
      bandwidth: 10
      vpn: VPNName3
      credential: b1c3d7b8-f249-4a25-9f26-02682bbad4f3
      pop: POP4
      region: northeurope
      resource_group: rg-3
      vnet: vnet-02
      azure_asn: 64600
      network_asn: 64601
";

/// The order of one connector of [`FILE`], exactly as it must be sent.
fn order(name: &str, bandwidth: u32, azure_asn: u32, network_asn: u32) -> Value {
    json!({
        "name": name,
        "state": "ACTIVE",
        "bandWidth": bandwidth,
        "technicalVpnId": "93b22b3c-fd7e-4c04-87cb-52df45fe6beb",
        "azureCredentialId": "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        "primaryPopLocalization": "POP4",
        "azureRegion": "northeurope",
        "resourceGroupName": "rg-3",
        "vnetName": "vnet-02",
        "azureAsn": azure_asn,
        "networkSideAsn": network_asn
    })
}

/// The fixture's connector with these fields changed.
fn connector(id: &str, name: &str, state: &str) -> Value {
    let mut v = fixture_json("orange", "create_active_response.json");
    v["id"] = json!(id);
    v["name"] = json!(name);
    v["state"] = json!(state);
    v
}

fn authed(m: &str, p: String) -> wiremock::MockBuilder {
    Mock::given(method(m))
        .and(path(p))
        .and(header("x-api-key", API_KEY))
        .and(bearer_token(TOKEN))
}

/// The VPN, POP and credential lists, each expected `reads` times; the connector list (the
/// fixture's connector, ACTIVE at 50 Mbps) `listings` times.
async fn mount_reads(server: &MockServer, reads: u64, listings: u64) {
    authed("GET", api("/network/virtualprivatenetworks"))
        .and(no_query)
        .respond_with(json_value(200, &networks()))
        .expect(reads)
        .named("vpns")
        .mount(server)
        .await;
    authed("GET", "/ep/api/v1/network/pointsofpresence/ipsec".into())
        .and(query_param("limit", "20"))
        .and(query_param("offset", "0"))
        .respond_with(json_response(200, &fixture("orange", "pops.json")))
        .expect(reads)
        .named("pops")
        .mount(server)
        .await;
    authed("GET", api("/azure/credentials"))
        .respond_with(json_response(200, &fixture("orange", "credentials.json")))
        .expect(reads)
        .named("credentials")
        .mount(server)
        .await;
    let old = connector(CONNECTOR_ID, "Connection to PARIS", "ACTIVE");
    authed("GET", api("/azure/cloudconnectors"))
        .respond_with(json_value(200, &json!([old])))
        .expect(listings)
        .named("connector list")
        .mount(server)
        .await;
}

/// The old connector: read once (ACTIVE) before its DELETE, then gone (404) to the wait.
async fn mount_old_connector(server: &MockServer) {
    let one = api(&format!("/azure/cloudconnectors/{CONNECTOR_ID}"));
    let old = connector(CONNECTOR_ID, "Connection to PARIS", "ACTIVE");
    authed("GET", one.clone())
        .respond_with(json_value(200, &old))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .named("the old connector before its delete")
        .mount(server)
        .await;
    authed("GET", one.clone())
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .named("the old connector after its delete")
        .mount(server)
        .await;
    authed("DELETE", one)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .named("the old connector's delete")
        .mount(server)
        .await;
}

/// One order of `body`, answered PROVISIONING with `id`, then one poll of it, ACTIVE.
async fn mount_created(server: &MockServer, body: Value, id: &str, name: &str) {
    authed("POST", api("/azure/cloudconnectors/publicstandarddynamics"))
        .and(body_json(body))
        .respond_with(json_value(200, &connector(id, name, "PROVISIONING")))
        .expect(1)
        .named("an order")
        .mount(server)
        .await;
    authed("GET", api(&format!("/azure/cloudconnectors/{id}")))
        .respond_with(json_value(200, &connector(id, name, "ACTIVE")))
        .expect(1)
        .named("the wait for an order")
        .mount(server)
        .await;
}

/// `cc apply -f FILE --yes -o json` against `server`.
async fn apply(server: &MockServer) -> (i32, Value, String) {
    let env = TestEnv::new();
    let file = env.home.path().join("desired.yaml");
    std::fs::write(&file, FILE).unwrap();
    let mut cmd = orange(&env, server);
    cmd.args(["--interval", "10ms", "apply", "-f"])
        .arg(&file)
        .args(["--yes", "-o", "json"]);
    let out = run(cmd).await;
    let (code, out, err) = (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out));
    let shown = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, shown, err)
}

/// What was sent, in order, as `METHOD path` (the path after the project, the order's `name`
/// after it).
fn sent(requests: &[Request]) -> Vec<String> {
    let project = api("");
    requests
        .iter()
        .map(|r| {
            let p = r.url.path();
            let short = p.strip_prefix(&project).unwrap_or(p);
            match serde_json::from_slice::<Value>(&r.body) {
                Ok(body) if r.method.as_str() == "POST" => {
                    format!("POST {short} {}", body["name"].as_str().unwrap_or_default())
                }
                _ => format!("{} {short}", r.method),
            }
        })
        .collect()
}

fn position(sent: &[String], wanted: &str) -> usize {
    sent.iter()
        .position(|s| s == wanted)
        .unwrap_or_else(|| panic!("`{wanted}` was not sent: {sent:#?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_deletes_the_replaced_connector_before_ordering_it_again_and_orders_the_new_one() {
    let server = MockServer::start().await;
    // One token per client: the plan's, and each change's.
    mount_token(&server, 3).await;
    // The plan's reads, and each create's.
    mount_reads(&server, 3, 1).await;
    mount_old_connector(&server).await;
    let paris = order("Connection to PARIS", 100, 64512, 64513);
    mount_created(&server, paris, NEW_PARIS, "Connection to PARIS").await;
    let second = order("Second", 10, 64600, 64601);
    mount_created(&server, second, NEW_SECOND, "Second").await;

    let (code, shown, err) = apply(&server).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        shown["summary"],
        json!({"done": 2, "failed": 0, "not_tried": 0})
    );
    let ids: Vec<(&str, &str, &str)> = shown["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                r["id"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("replace", "Connection to PARIS", NEW_PARIS),
            ("create", "Second", NEW_SECOND)
        ]
    );

    let requests = server.received_requests().await.unwrap();
    let sent = sent(&requests);
    let writes: Vec<&String> = sent.iter().filter(|s| !s.starts_with("GET ")).collect();
    let old = format!("/azure/cloudconnectors/{CONNECTOR_ID}");
    let order_path = "/azure/cloudconnectors/publicstandarddynamics";
    let mut expected_writes = vec![
        "POST /oauth/v3/token".to_string(),
        "POST /oauth/v3/token".to_string(),
        "POST /oauth/v3/token".to_string(),
        format!("DELETE {old}"),
        format!("POST {order_path} Connection to PARIS"),
        format!("POST {order_path} Second"),
    ];
    let mut writes: Vec<String> = writes.into_iter().cloned().collect();
    writes.sort();
    expected_writes.sort();
    assert_eq!(writes, expected_writes, "no other write: {sent:#?}");
    // The replace: read, DELETE, waited for until gone, and only then ordered again.
    let get_old: Vec<usize> = sent
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == format!("GET {old}"))
        .map(|(i, _)| i)
        .collect();
    let delete = position(&sent, &format!("DELETE {old}"));
    let reorder = position(&sent, &format!("POST {order_path} Connection to PARIS"));
    assert_eq!(get_old.len(), 2, "{sent:#?}");
    assert!(get_old[0] < delete && delete < get_old[1], "{sent:#?}");
    assert!(
        get_old[1] < reorder,
        "deleted before ordered again: {sent:#?}"
    );
    // Each order is waited for after it is sent.
    let poll = position(&sent, &format!("GET /azure/cloudconnectors/{NEW_PARIS}"));
    assert!(reorder < poll, "{sent:#?}");
    let second = position(&sent, &format!("POST {order_path} Second"));
    let poll = position(&sent, &format!("GET /azure/cloudconnectors/{NEW_SECOND}"));
    assert!(second < poll, "{sent:#?}");
    assert!(
        err.contains("replacing (delete, then create: an outage)"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_503_to_one_order_is_not_sent_again_and_the_summary_says_failed() {
    let server = MockServer::start().await;
    // One token per client: the plan's, and each change's.
    mount_token(&server, 3).await;
    // The plan's list, and the look-up by name after the lost answer.
    mount_reads(&server, 3, 2).await;
    mount_old_connector(&server).await;
    let paris = order("Connection to PARIS", 100, 64512, 64513);
    mount_created(&server, paris, NEW_PARIS, "Connection to PARIS").await;
    authed("POST", api("/azure/cloudconnectors/publicstandarddynamics"))
        .and(body_json(order("Second", 10, 64600, 64601)))
        .respond_with(json_response(
            503,
            &fixture("orange", "error_service_unavailable.json"),
        ))
        .expect(1)
        .named("the order of Second, answered 503")
        .mount(&server)
        .await;

    let (code, shown, err) = apply(&server).await;
    assert_eq!(code, 5, "the 503's exit code: {err}");
    assert_eq!(
        shown["summary"],
        json!({"done": 1, "failed": 1, "not_tried": 0})
    );
    let results = shown["results"].as_array().unwrap();
    let second = results
        .iter()
        .find(|r| r["name"] == "Second")
        .expect("Second in the results");
    assert_eq!(second["result"], "failed", "{shown}");
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains("Apply: 1 done, 1 failed, 0 not tried."),
        "{err}"
    );
    let requests = server.received_requests().await.unwrap();
    let orders = sent(&requests)
        .into_iter()
        .filter(|s| s.ends_with("/publicstandarddynamics Second"))
        .count();
    assert_eq!(orders, 1, "the order of Second is sent once");
}
