//! Orange: what `cc` sends (paths, headers, bodies, counts) and prints, against wiremock
//! replaying the provider document's examples (`fixtures/orange/`), plus the fault paths and the
//! sandbox.

mod apply;
mod connectors;
mod create;
mod faults;
mod rules;
mod sandbox;

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{
    basic_auth, bearer_token, body_string, header, method, path, query_param,
};
use wiremock::{Mock, MockServer, Request};

use crate::common::{TestEnv, fixture, fixture_json, json_response, json_value};

const PROJECT: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

const API_KEY: &str = "test-api-key-7f3a9c";

const CLIENT_ID: &str = "test-client-id";

const CLIENT_SECRET: &str = "test-client-secret-51b2";

const TOKEN: &str = "i6m2iIcY0SodWSe-example-token-L3ojAXXrH";

const CONNECTOR_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn api(rest: &str) -> String {
    format!("/ep/api/v1/projects/{PROJECT}{rest}")
}

/// `cc` pointed at the mock, with client credentials (token fetched from the mock).
fn orange(env: &TestEnv, server: &MockServer) -> Command {
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", format!("{}/ep", server.uri()))
        .env(
            "CC_ORANGE_TOKEN_URL",
            format!("{}/oauth/v3/token", server.uri()),
        )
        .env("CC_ORANGE_API_KEY", API_KEY)
        .env("CC_ORANGE_CLIENT_ID", CLIENT_ID)
        .env("CC_ORANGE_CLIENT_SECRET", CLIENT_SECRET)
        .env("CC_ORANGE_PROJECT_ID", PROJECT);
    cmd
}

async fn mount_token(server: &MockServer, expected_calls: u64) {
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(basic_auth(CLIENT_ID, CLIENT_SECRET))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(json_response(200, &fixture("orange", "token.json")))
        .expect(expected_calls)
        .named("token")
        .mount(server)
        .await;
}

/// Every look-up `create` needs, answered with the document's examples; each expected once.
async fn mount_lookups(server: &MockServer) {
    let authed = |m: &str, p: String| {
        Mock::given(method(m))
            .and(path(p))
            .and(header("x-api-key", API_KEY))
            .and(bearer_token(TOKEN))
    };
    // Steps 1 and 6: one path, no query, one call for `--vpn` and `--vnet`.
    authed("GET", api("/network/virtualprivatenetworks"))
        .and(no_query)
        .respond_with(json_value(200, &networks()))
        .expect(1)
        .named("vpns and vnets")
        .mount(server)
        .await;
    authed("GET", "/ep/api/v1/network/pointsofpresence/ipsec".into())
        .and(query_param("limit", "20"))
        .and(query_param("offset", "0"))
        .respond_with(
            json_response(200, &fixture("orange", "pops.json")).insert_header("X-Total-Count", "5"),
        )
        .expect(1)
        .named("pops")
        .mount(server)
        .await;
    authed("GET", api("/azure/credentials"))
        .respond_with(json_response(200, &fixture("orange", "credentials.json")))
        .expect(1)
        .named("credentials")
        .mount(server)
        .await;
    authed("GET", api("/azure/regions"))
        .and(query_param(
            "azureCspCredentialId",
            "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        ))
        .respond_with(json_response(200, &fixture("orange", "regions.json")))
        .expect(1)
        .named("regions")
        .mount(server)
        .await;
    authed("GET", api("/azure/resourcegroups"))
        .and(query_param(
            "azureCspCredentialId",
            "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        ))
        .and(query_param("azureRegion", "northeurope"))
        .respond_with(json_response(
            200,
            &fixture("orange", "resourcegroups.json"),
        ))
        .expect(1)
        .named("resource groups")
        .mount(server)
        .await;
}

/// A request with no query string at all.
fn no_query(request: &Request) -> bool {
    request.url.query().is_none()
}

/// The document's step 1 (VPNs) and step 6 (virtual networks) examples, in the one list that
/// their one path answers with.
fn networks() -> Value {
    let mut all = fixture_json("orange", "vpns.json");
    let vnets = fixture_json("orange", "vnets.json");
    all.as_array_mut()
        .expect("a list")
        .extend(vnets.as_array().expect("a list").iter().cloned());
    all
}

async fn mount_no_connectors(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(api("/azure/cloudconnectors")))
        .respond_with(json_response(200, "[]"))
        .named("connector list")
        .mount(server)
        .await;
}

const CREATE_ARGS: [&str; 22] = [
    "orange",
    "create",
    "--name",
    "Connection to PARIS",
    "--bandwidth",
    "50",
    "--vpn",
    "VPNName3",
    "--credential",
    "Azure_Credential_1",
    "--pop",
    "POP-4",
    "--region",
    "northeurope",
    "--resource-group",
    "rg-3",
    "--vnet",
    "vnet-02",
    "--azure-asn",
    "64512",
    "--network-asn",
    "64513",
];

fn expected_create_body(state: &str) -> Value {
    json!({
        "name": "Connection to PARIS",
        "state": state,
        "bandWidth": 50,
        "technicalVpnId": "93b22b3c-fd7e-4c04-87cb-52df45fe6beb",
        "azureCredentialId": "b1c3d7b8-f249-4a25-9f26-02682bbad4f3",
        "primaryPopLocalization": "POP4",
        "azureRegion": "northeurope",
        "resourceGroupName": "rg-3",
        "vnetName": "vnet-02",
        "azureAsn": 64512,
        "networkSideAsn": 64513
    })
}

fn with_state(state: &str) -> String {
    let mut v = fixture_json("orange", "create_active_response.json");
    v["state"] = json!(state);
    v.to_string()
}
