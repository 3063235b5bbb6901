//! Huawei Cloud Connect: what `cc` sends (paths, queries, bodies, the SDK-HMAC-SHA256 signature
//! recomputed here from what the server received) and prints, against wiremock replaying the
//! documented responses (`fixtures/huawei/`), plus paging, errors, redaction and the sandbox.

mod authorisations;
mod bandwidth_packages;
mod cloud_connections;
mod faults;
mod inter_region_bandwidths;
mod links;
mod network_instances;
mod rules;
mod sandbox;

use assert_cmd::Command;
use cc::providers::huawei::sign::{self, SignInput};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::common::{TestEnv, assert_code, fixture_json, json_response, run, stderr, stdout};

const AK: &str = "AKTESTEXAMPLE000001";

const SK: &str = "SKtestExampleSecretKey0000000000000000001";

const DOMAIN: &str = "0123456789abcdef0123456789abcdef";

const NOW: &str = "2024-01-02T03:04:05Z";

const SDK_DATE: &str = "20240102T030405Z";

const CC_ID: &str = "6a1b2c3d-0000-4000-8000-000000000001";

const NI_ID: &str = "7b2c3d4e-0000-4000-8000-000000000001";

const BWP_ID: &str = "8c3d4e5f-0000-4000-8000-000000000001";

const IRB_ID: &str = "9d4e5f60-0000-4000-8000-000000000001";

const VPC_ID: &str = "3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f";

const PROJECT: &str = "0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09";

/// The two ends of a Region-mode bandwidth package, as Terraform's regional-interflow test has
/// them: region ids, and the spec code naming the pair.
const REGION_PAIR: [&str; 8] = [
    "--interflow-mode",
    "Region",
    "--local-area",
    "cn-north-4",
    "--remote-area",
    "cn-south-1",
    "--spec-code",
    "Beijing4toGuangzhou",
];

/// `huawei network-instances create` of VPC `VPC_ID` (type `kind`) named `name` on the cloud
/// connection `CC_ID`, in project `PROJECT`, region eu-west-0; then `more` (its `--cidr`s).
fn instance_create<'a>(name: &'a str, kind: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let create = ["huawei", "network-instances", "create"];
    let what = ["--name", name, "--type", kind, "--instance-id", VPC_ID];
    let place = ["--cloud-connection", CC_ID, "--project-id", PROJECT];
    [
        &create[..],
        &what,
        &place,
        &["--region-id", "eu-west-0"],
        more,
    ]
    .concat()
}

/// `huawei inter-region-bandwidths create` of 5 Mbit/s on the cloud connection `CC_ID`, drawn
/// from `package`, between the two `regions`.
fn inter_region_create<'a>(package: &'a str, [a, b]: [&'a str; 2]) -> Vec<&'a str> {
    let create = ["huawei", "inter-region-bandwidths", "create"];
    let on = ["--cloud-connection", CC_ID, "--bandwidth-package", package];
    let regions = ["--region", a, "--region", b];
    [&create[..], &on, &["--bandwidth", "5"], &regions].concat()
}

/// Runs each case's arguments against `server`: exit 2 with the case's needle on stderr; then
/// asserts that nothing at all was sent.
async fn refused_before_sending(server: &MockServer, cases: &[(&[&str], &str)]) {
    let env = TestEnv::new();
    for (args, needle) in cases {
        let mut cmd = huawei(&env, server);
        cmd.args(*args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "nothing was sent: {sent:?}");
}

pub(crate) fn api(rest: &str) -> String {
    format!("/v3/{DOMAIN}/ccaas{rest}")
}

/// An answer as the Cloud Connect gateway sends it: JSON with `X-Request-Id`.
pub(crate) fn gateway(status: u16, body: &str) -> ResponseTemplate {
    json_response(status, body).insert_header("X-Request-Id", "req-from-mock")
}

/// `cc` pointed at the mock with the test-vector credentials and a fixed clock.
pub(crate) fn huawei(env: &TestEnv, server: &MockServer) -> Command {
    let mut cmd = env.cc();
    cmd.env("CC_HUAWEI_URL", server.uri())
        .env("CC_HUAWEI_AK", AK)
        .env("CC_HUAWEI_SK", SK)
        .env("CC_HUAWEI_DOMAIN_ID", DOMAIN)
        .env("CC_NOW", NOW);
    cmd
}

fn header_of<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Recomputes the signature of a received request with the signer, from what was on the wire,
/// and checks that the wire query is the canonical one. Returns the signature hex.
fn assert_signed(request: &Request) -> String {
    let authorization = header_of(request, "authorization");
    let fields = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .unwrap_or_else(|| panic!("not an SDK-HMAC-SHA256 Authorization: {authorization}"));
    let field = |key: &str| {
        fields
            .split(", ")
            .find_map(|p| p.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key} in {authorization}"))
    };
    assert_eq!(field("Access"), AK);
    let signed = field("SignedHeaders");
    for required in ["host", "x-domain-id", "x-sdk-date"] {
        assert!(
            signed.split(';').any(|h| h == required),
            "{required} not signed: {signed}"
        );
    }
    let headers: Vec<(String, String)> = signed
        .split(';')
        .filter(|h| !matches!(*h, "host" | "x-sdk-date"))
        .map(|h| (h.to_string(), header_of(request, h).to_string()))
        .collect();
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        request.url.query().unwrap_or_default(),
        sign::canonical_query(&pairs),
        "the wire query is the canonical query"
    );
    let expected = sign::sign(
        &SignInput {
            method: request.method.as_str(),
            host: header_of(request, "host"),
            path: request.url.path(),
            query: &pairs,
            headers: &headers,
            body: &request.body,
            sdk_date: header_of(request, "x-sdk-date"),
        },
        AK,
        SK,
    );
    assert_eq!(
        authorization, expected.authorization,
        "signature of {} {}",
        request.method, request.url
    );
    assert_eq!(header_of(request, "x-sdk-date"), SDK_DATE);
    assert_eq!(header_of(request, "x-domain-id"), DOMAIN);
    field("Signature").to_string()
}

async fn assert_all_signed(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(!requests.is_empty(), "nothing was sent");
    requests.iter().map(assert_signed).collect()
}

fn empty_list(key: &str) -> String {
    json!({ key: [], "page_info": { "current_count": 0 }, "request_id": "r0" }).to_string()
}

/// The documented cloud connection, with a real id.
fn documented_connection() -> Value {
    let mut cc =
        fixture_json("huawei", "create_cloud_connection_response.json")["cloud_connection"].clone();
    cc["id"] = json!(CC_ID);
    cc["domain_id"] = json!(DOMAIN);
    cc
}

async fn mount_name_lookup(server: &MockServer, collection: &str, name: &str, body: String) {
    Mock::given(method("GET"))
        .and(path(api(&format!("/{collection}"))))
        .and(query_param("name", name))
        .and(query_param("limit", "2000"))
        .respond_with(gateway(200, &body))
        .expect(1)
        .named("name lookup")
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_huawei_command_has_help_with_examples() {
    let env = TestEnv::new();
    let commands: [&[&str]; 25] = [
        &["create"],
        &["list"],
        &["get"],
        &["update"],
        &["delete"],
        &["network-instances", "create"],
        &["network-instances", "list"],
        &["network-instances", "get"],
        &["network-instances", "update"],
        &["network-instances", "delete"],
        &["bandwidth-packages", "create"],
        &["bandwidth-packages", "list"],
        &["bandwidth-packages", "get"],
        &["bandwidth-packages", "update"],
        &["bandwidth-packages", "delete"],
        &["bandwidth-packages", "associate"],
        &["bandwidth-packages", "disassociate"],
        &["inter-region-bandwidths", "create"],
        &["inter-region-bandwidths", "list"],
        &["inter-region-bandwidths", "get"],
        &["inter-region-bandwidths", "update"],
        &["inter-region-bandwidths", "delete"],
        &["routes"],
        &["routes", "get"],
        &["quotas"],
    ];
    for sub in commands {
        let mut cmd = env.cc();
        cmd.arg("huawei").args(sub).arg("--help");
        let out = run(cmd).await;
        assert_code(&out, 0);
        let help = stdout(&out);
        assert!(help.contains("Examples:"), "{sub:?}:\n{help}");
        assert!(help.contains("$ cc huawei"), "{sub:?}:\n{help}");
    }
}

/// `collection` (`network-instances`) listed with the filter `key=value`, answered once with
/// `items` under `many` (`network_instances`): what the rules that span resources read first.
async fn mount_filtered(
    server: &MockServer,
    collection: &str,
    (key, value): (&str, &str),
    many: &str,
    items: Value,
) {
    let body = json!({ many: items, "page_info": { "current_count": 0 }, "request_id": "r1" });
    Mock::given(method("GET"))
        .and(path(api(&format!("/{collection}"))))
        .and(query_param(key, value))
        .respond_with(gateway(200, &body.to_string()))
        .expect(1)
        .named(format!("{collection} where {key}={value}"))
        .mount(server)
        .await;
}
