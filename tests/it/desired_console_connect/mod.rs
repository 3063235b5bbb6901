//! Console Connect in desired-state files (issue 23): the seeded account exported then planned
//! changes nothing (with and without `--prune`), the service key a placeholder that need not be
//! set; a peering added, then edited, plans exactly that and `apply` converges; a new
//! connection and its peering are made in one apply, the connection first; the peering rules and
//! the port capacity rule over the whole file are exit 2 at the line that breaks them, and the
//! simulator refuses the same sum; and, against wiremock, exactly what one create sends.

mod azure;
mod faults;
mod partners;
mod peerings;

pub(crate) use partners::PARTNERS;

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
