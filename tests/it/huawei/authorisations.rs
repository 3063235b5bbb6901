//! Cross-account loading (issue 24): `cc huawei authorisations ...` and `permissions list`
//! against wiremock (exact paths, queries and bodies of the SDK models, exit codes, values
//! refused before anything is sent), the check `network-instances create --instance-domain-id`
//! makes first, and the whole flow in the simulator.

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    CC_ID, DOMAIN, PROJECT, api, assert_all_signed, empty_list, gateway, huawei, mount_name_lookup,
};
use crate::common::{
    Sandbox, TestEnv, assert_code, received, refused, run, run_json, stderr, stdout,
};

/// The other account: the one that owns the cloud connection (or the VPC).
const OTHER: &str = "5a1d0b0c0ffee0000000000000000002";
/// A VPC of this account.
const MY_VPC: &str = "5f1b3e4a-7d9c-4e3f-a041-2c3d4e5f6071";
/// The other account's cloud connection.
const OTHER_CC: &str = "6a1b2c3d-0000-4000-8000-0000000000f1";
/// An authorisation.
const GRANT_ID: &str = "9e8d7c6b-0000-4000-8000-000000000001";

/// An authorisation as `Authorisation` of the SDK has it.
fn grant(name: &str) -> Value {
    json!({
        "id": GRANT_ID, "name": name, "description": "", "status": "ACTIVE",
        "created_at": "2024-01-02T03:04:05Z", "updated_at": "2024-01-02T03:04:05Z",
        "domain_id": DOMAIN, "instance_id": MY_VPC, "instance_type": "vpc",
        "region_id": "eu-west-0", "project_id": PROJECT,
        "cloud_connection_domain_id": OTHER, "cloud_connection_id": OTHER_CC,
    })
}

fn listed(many: &str, items: Value) -> String {
    json!({ many: items, "page_info": { "current_count": 1 }, "request_id": "r1" }).to_string()
}

const CREATE: [&str; 15] = [
    "huawei",
    "authorisations",
    "create",
    "--name",
    "grant-apps",
    "--instance-id",
    MY_VPC,
    "--project-id",
    PROJECT,
    "--region-id",
    "eu-west-0",
    "--cloud-connection-domain-id",
    OTHER,
    "--cloud-connection-id",
    OTHER_CC,
];

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_the_sdk_body_once_after_the_name_lookup() {
    let server = MockServer::start().await;
    mount_name_lookup(
        &server,
        "authorisations",
        "grant-apps",
        empty_list("authorisations"),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(api("/authorisations")))
        .and(body_json(json!({ "authorisation": {
            "name": "grant-apps", "description": "apps VPC",
            "instance_id": MY_VPC, "instance_type": "vpc",
            "project_id": PROJECT, "region_id": "eu-west-0",
            "cloud_connection_domain_id": OTHER, "cloud_connection_id": OTHER_CC,
        }})))
        .respond_with(gateway(
            201,
            &json!({ "authorisation": grant("grant-apps"), "request_id": "r2" }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(CREATE)
        .args(["--description", "apps VPC", "-o", "json"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed, grant("grant-apps"));
    assert_all_signed(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_values_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(599))
        .expect(0)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let with = |flag: &str, value: &str| {
        let mut args: Vec<String> = CREATE.iter().map(|s| s.to_string()).collect();
        let at = args.iter().position(|a| a == flag).unwrap() + 1;
        args[at] = value.to_string();
        args
    };
    for (flag, value, says) in [
        (
            "--cloud-connection-domain-id",
            "not-an-account",
            "32 hexadecimal characters",
        ),
        ("--cloud-connection-id", "cc-paris", "expected a UUID"),
        ("--instance-id", "vpc-paris", "expected a UUID"),
        ("--region-id", "EU-WEST-0", "region id such as cn-north-4"),
        ("--project-id", "a/b", "letters, digits"),
        ("--name", "grant apps", "is not allowed"),
    ] {
        let args = with(flag, value);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = refused(huawei(&env, &server), &args).await;
        assert!(err.contains(flag) && err.contains(says), "{flag}: {err}");
    }
    for args in [
        &["huawei", "authorisations", "update", GRANT_ID][..],
        &["huawei", "authorisations", "list", "--instance-id", "x"],
        &[
            "huawei",
            "authorisations",
            "update",
            GRANT_ID,
            "--description",
            "<b>",
        ],
        &["huawei", "permissions", "list", "--instance-id", "vpc-1"],
    ] {
        refused(huawei(&env, &server), args).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn list_sends_the_sdk_filters_and_get_reads_one_by_listing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/authorisations")))
        .and(query_param("instance_id", MY_VPC))
        .and(query_param("cloud_connection_id", OTHER_CC))
        .and(query_param("limit", "2000"))
        .respond_with(gateway(200, &listed("authorisations", json!([grant("g")]))))
        .expect(1)
        .mount(&server)
        .await;
    // One authorisation by id: the list filtered by `id` (the API has no show call).
    Mock::given(method("GET"))
        .and(path(api("/authorisations")))
        .and(query_param("id", GRANT_ID))
        .and(query_param_is_missing("name"))
        .respond_with(gateway(200, &listed("authorisations", json!([grant("g")]))))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "authorisations", "list", "--instance-id", MY_VPC]);
    cmd.args(["--cloud-connection-id", OTHER_CC, "-o", "json"]);
    assert_eq!(run_json(cmd).await, json!([grant("g")]));
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "authorisations", "get", GRANT_ID, "-o", "json"]);
    assert_eq!(run_json(cmd).await, grant("g"));
    let shown = received(&server, "GET", &format!("/authorisations/{GRANT_ID}")).await;
    assert!(shown.is_empty(), "no GET of the item path");
}

#[tokio::test(flavor = "multi_thread")]
async fn update_and_delete_resolve_the_name_then_send_the_item_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/authorisations")))
        .and(query_param("name", "grant-apps"))
        .respond_with(gateway(
            200,
            &listed("authorisations", json!([grant("grant-apps")])),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let mut renamed = grant("grant-apps-2");
    renamed["description"] = json!("moved");
    Mock::given(method("PUT"))
        .and(path(api(&format!("/authorisations/{GRANT_ID}"))))
        .and(body_json(json!({ "authorisation": {
            "name": "grant-apps-2", "description": "moved"
        }})))
        .respond_with(gateway(
            200,
            &json!({ "authorisation": renamed, "request_id": "r3" }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(api(&format!("/authorisations/{GRANT_ID}"))))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-Id", "req-del"))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "authorisations", "update", "grant-apps"]);
    cmd.args([
        "--name",
        "grant-apps-2",
        "--description",
        "moved",
        "-o",
        "json",
    ]);
    assert_eq!(run_json(cmd).await["description"], "moved");
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "authorisations",
        "delete",
        "grant-apps",
        "--yes",
        "-o",
        "json",
    ]);
    let deleted = run_json(cmd).await;
    assert_eq!(deleted["id"], GRANT_ID);
    assert_eq!(deleted["status"], "deleted");
    assert_eq!(deleted["request_id"], "req-del");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_authorisation_is_exit_4_and_a_malformed_list_exit_5() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/authorisations")))
        .and(query_param("name", "nope"))
        .respond_with(gateway(200, &empty_list("authorisations")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/permissions")))
        .respond_with(gateway(200, r#"{"grants": []}"#))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "authorisations", "delete", "nope", "--yes"]);
    let out = run(cmd).await;
    assert_code(&out, 4);
    assert!(received(&server, "DELETE", "").await.is_empty());
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "permissions", "list"]);
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

/// A permission as this account sees it: `OTHER`'s VPC granted to this account's `CC_ID`.
fn permission(vpc: &str) -> Value {
    json!({
        "id": "p1", "name": "grant-to-network", "status": "ACTIVE", "domain_id": DOMAIN,
        "cloud_connection_id": CC_ID, "instance_id": vpc, "instance_type": "vpc",
        "instance_domain_id": OTHER, "region_id": "eu-west-0", "project_id": PROJECT,
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn permissions_list_resolves_the_cloud_connection_and_filters_by_it() {
    let server = MockServer::start().await;
    let cc = json!([{ "id": CC_ID, "name": "cc-paris", "status": "ACTIVE" }]);
    mount_name_lookup(
        &server,
        "cloud-connections",
        "cc-paris",
        listed("cloud_connections", cc),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(api("/permissions")))
        .and(query_param("cloud_connection_id", CC_ID))
        .and(query_param("limit", "2000"))
        .respond_with(gateway(
            200,
            &listed("permissions", json!([permission(MY_VPC)])),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args([
        "huawei",
        "permissions",
        "list",
        "--cloud-connection",
        "cc-paris",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains(OTHER), "{}", stdout(&out));
}

/// `network-instances create` of `OTHER`'s VPC `vpc` on `CC_ID`, the rules' lists empty.
async fn load_other_vpc(server: &MockServer, vpc: &str) -> std::process::Output {
    for key in ["cloud_connection_id", "instance_id"] {
        Mock::given(method("GET"))
            .and(path(api("/network-instances")))
            .and(query_param_is_missing("name"))
            .and(wiremock::matchers::query_param_contains(key, ""))
            .respond_with(gateway(200, &empty_list("network_instances")))
            .mount(server)
            .await;
    }
    // The name lookup of the create protocol, once the checks pass.
    Mock::given(method("GET"))
        .and(path(api("/network-instances")))
        .and(query_param("name", "vpc-apps"))
        .respond_with(gateway(200, &empty_list("network_instances")))
        .mount(server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, server);
    cmd.args([
        "huawei",
        "network-instances",
        "create",
        "--cloud-connection",
        CC_ID,
    ]);
    cmd.args(["--name", "vpc-apps", "--type", "vpc", "--instance-id", vpc]);
    cmd.args(["--project-id", PROJECT, "--region-id", "eu-west-0"]);
    cmd.args(["--cidr", "172.16.0.0/24", "--instance-domain-id", OTHER]);
    cmd.args(["--no-wait", "-o", "json"]);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn loading_another_accounts_vpc_needs_its_grant_and_sends_nothing_without() {
    let granted = "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f70";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/permissions")))
        .and(query_param("instance_id", MY_VPC))
        .respond_with(gateway(200, &empty_list("permissions")))
        .expect(1)
        .mount(&server)
        .await;
    let out = load_other_vpc(&server, MY_VPC).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("--instance-domain-id")
            && stderr(&out).contains("cc huawei authorisations create"),
        "{}",
        stderr(&out)
    );
    assert!(
        received(&server, "POST", "").await.is_empty(),
        "nothing sent"
    );

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/permissions")))
        .and(query_param("instance_id", granted))
        .respond_with(gateway(
            200,
            &listed("permissions", json!([permission(granted)])),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let mut made = json!({ "id": "ni-1", "name": "vpc-apps", "status": "ACTIVE" });
    made["instance_domain_id"] = json!(OTHER);
    Mock::given(method("POST"))
        .and(path(api("/network-instances")))
        .and(wiremock::matchers::body_partial_json(
            json!({ "network_instance": {
                "instance_id": granted, "instance_domain_id": OTHER, "cloud_connection_id": CC_ID
            }}),
        ))
        .respond_with(gateway(
            201,
            &json!({ "network_instance": made }).to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let out = load_other_vpc(&server, granted).await;
    assert_code(&out, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn permissions_that_cannot_be_read_warn_and_leave_it_to_the_api() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api("/permissions")))
        .respond_with(gateway(
            403,
            r#"{"error_code":"CC.1003","error_msg":"no permission to list permissions"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(api("/network-instances")))
        .respond_with(gateway(
            201,
            &json!({ "network_instance": { "id": "ni-1", "name": "vpc-apps", "status": "ACTIVE" } })
                .to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let out = load_other_vpc(&server, MY_VPC).await;
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("cannot read this account's permissions"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_grants_permissions_and_refuses_an_ungranted_load() {
    let sandbox = Sandbox::start(Duration::from_millis(100)).await;
    let env = TestEnv::new();
    let cc = |args: &[&str]| {
        let mut cmd = sandbox.cc(&env);
        cmd.args(args).args(["-o", "json"]);
        cmd
    };
    // This account grants a VPC: stored, listed, renamed, withdrawn.
    let made = run_json(cc(&CREATE)).await;
    assert_eq!(made["instance_type"], "vpc");
    assert_eq!(made["cloud_connection_domain_id"], OTHER);
    let all = run_json(cc(&["huawei", "authorisations", "list"])).await;
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
    let id = made["id"].as_str().unwrap().to_string();
    let shown = run_json(cc(&["huawei", "authorisations", "get", &id])).await;
    assert_eq!(shown["name"], "grant-apps");
    let updated = run_json(cc(&[
        "huawei",
        "authorisations",
        "update",
        "grant-apps",
        "--description",
        "apps",
    ]))
    .await;
    assert_eq!(updated["description"], "apps");
    let out = run(cc(&CREATE)).await;
    assert_code(&out, 2);
    run_json(cc(&["huawei", "authorisations", "delete", &id, "--yes"])).await;
    let all = run_json(cc(&["huawei", "authorisations", "list"])).await;
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");

    // What the other account granted this one, as this one sees it.
    let permissions = run_json(cc(&["huawei", "permissions", "list"])).await;
    let granted = &permissions[0];
    assert_eq!(granted["instance_domain_id"], OTHER);
    assert_eq!(granted["domain_id"], cc::sandbox::huawei::DOMAIN_ID);
    let vpc = granted["instance_id"].as_str().unwrap().to_string();
    let on = granted["cloud_connection_id"].as_str().unwrap().to_string();
    let load = |vpc: &str| {
        let mut cmd = sandbox.cc(&env);
        cmd.args([
            "huawei",
            "network-instances",
            "create",
            "--cloud-connection",
            &on,
        ]);
        cmd.args(["--name", "vpc-apps", "--type", "vpc", "--instance-id", vpc]);
        cmd.args(["--project-id", PROJECT, "--region-id", "eu-west-0"]);
        cmd.args([
            "--cidr",
            "172.16.0.0/24",
            "--instance-domain-id",
            OTHER,
            "--no-wait",
        ]);
        cmd
    };
    let ungranted = "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f71";
    let out = run(load(ungranted)).await;
    assert_code(&out, 2);
    // The simulator refuses it too, as the API would, when `cc`'s check is bypassed.
    let mut raw = sandbox.cc(&env);
    raw.args(["api", "huawei", "POST"])
        .arg(format!(
            "/v3/{}/ccaas/network-instances",
            cc::sandbox::huawei::DOMAIN_ID
        ))
        .args(["--data"])
        .arg(
            json!({ "network_instance": {
                "name": "vpc-apps", "type": "vpc", "instance_id": ungranted,
                "instance_domain_id": OTHER, "project_id": PROJECT, "region_id": "eu-west-0",
                "cloud_connection_id": on, "cidrs": ["172.16.0.0/24"],
            }})
            .to_string(),
        );
    let out = run(raw).await;
    assert_code(&out, 3);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("403") && said.contains("CC.1003"), "{said}");
    let out = run(load(&vpc)).await;
    assert_code(&out, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_in_process_sandbox_keeps_grants_from_one_run_to_the_next() {
    let env = TestEnv::new();
    let cc = |args: &[&str]| {
        let mut cmd = env.cc();
        cmd.arg("--sandbox").args(args).args(["-o", "json"]);
        cmd
    };
    let made = run_json(cc(&CREATE)).await;
    let id = made["id"].as_str().unwrap().to_string();
    let found = run_json(cc(&["huawei", "authorisations", "get", "grant-apps"])).await;
    assert_eq!(found["id"], id.as_str());
    run_json(cc(&["huawei", "authorisations", "delete", &id, "--yes"])).await;
    let mut cmd = cc(&["huawei", "authorisations", "get", &id]);
    cmd.args(["--jq", "."]);
    assert_code(&run(cmd).await, 4);
}
