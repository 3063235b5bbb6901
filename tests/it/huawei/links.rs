//! Routes and quotas (issue 22): the query keys of the SDK's `ListCloudConnectionRoutesRequest`
//! (repeated `cloud_connection_id` and `instance_id`, `region_id`, `limit` 1000 on every marker
//! page) and `ListCloudConnectionQuotasRequest` (one `quota_type` a call, the cloud connection
//! and region where the type needs them), and the tables people read, what is left included.

use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use super::{CC_ID, VPC_ID, api, assert_all_signed, gateway, huawei};
use crate::common::{TestEnv, assert_cli_snapshot, assert_code, refused, run, run_json};

const ROUTE_ID: &str = "3f2e1d0c-0000-4000-8000-000000000001";

fn route(id: &str, destination: &str) -> serde_json::Value {
    json!({
        "id": id, "cloud_connection_id": CC_ID, "domain_id": "d", "project_id": "p",
        "instance_id": VPC_ID, "type": "VPC", "region_id": "eu-west-0",
        "destination": destination,
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn routes_send_the_sdk_query_keys_and_follow_markers() {
    let server = MockServer::start().await;
    let first = json!({
        "cloud_connection_routes": [route(ROUTE_ID, "10.0.0.0/16")],
        "page_info": { "next_marker": ROUTE_ID, "current_count": 1 },
        "request_id": "r1",
    });
    let second = json!({
        "cloud_connection_routes": [route("3f2e1d0c-0000-4000-8000-000000000002", "10.1.0.0/16")],
        "page_info": { "current_count": 1 },
        "request_id": "r2",
    });
    Mock::given(method("GET"))
        .and(path(api("/cloud-connection-routes")))
        .and(query_param("marker", ROUTE_ID))
        .respond_with(gateway(200, &second.to_string()))
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(api("/cloud-connection-routes")))
        .respond_with(gateway(200, &first.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "routes", "--cloud-connection", CC_ID])
        .args(["--cloud-connection", "6a1b2c3d-0000-4000-8000-000000000002"])
        .args([
            "--instance-id",
            VPC_ID,
            "--region-id",
            "eu-west-0",
            "-o",
            "json",
        ]);
    let routes = run_json(cmd).await;
    let destinations: Vec<&str> = routes
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["destination"].as_str().unwrap())
        .collect();
    assert_eq!(destinations, ["10.0.0.0/16", "10.1.0.0/16"]);
    assert_all_signed(&server).await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for (i, request) in requests.iter().enumerate() {
        let mut pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        pairs.sort();
        let mut expected = vec![
            ("cloud_connection_id", CC_ID),
            (
                "cloud_connection_id",
                "6a1b2c3d-0000-4000-8000-000000000002",
            ),
            ("instance_id", VPC_ID),
            ("limit", "1000"),
            ("region_id", "eu-west-0"),
        ];
        if i == 1 {
            expected.push(("marker", ROUTE_ID));
        }
        let mut expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        expected.sort();
        assert_eq!(pairs, expected, "page {i}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn route_get_reads_the_object_and_bad_filters_send_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(api(&format!("/cloud-connection-routes/{ROUTE_ID}"))))
        .respond_with(gateway(
            200,
            &json!({ "cloud_connection_route": route(ROUTE_ID, "10.0.0.0/16"), "request_id": "r" })
                .to_string(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.args(["huawei", "routes", "get", ROUTE_ID, "-o", "json"]);
    assert_eq!(run_json(cmd).await["destination"], "10.0.0.0/16");
    let err = refused(
        huawei(&env, &server),
        &["huawei", "routes", "--region-id", "EU WEST"],
    )
    .await;
    assert!(err.contains("--region-id"), "{err}");
    let err = refused(
        huawei(&env, &server),
        &["huawei", "quotas", "--type", "region_network_instance"],
    )
    .await;
    assert!(err.contains("--cloud-connection"), "{err}");
    let err = refused(
        huawei(&env, &server),
        &["huawei", "quotas", "--type", "vpcs"],
    )
    .await;
    assert!(err.contains("--type"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

fn quotas(quota: serde_json::Value) -> String {
    json!({ "quotas": [quota], "request_id": "q" }).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn quotas_ask_one_type_a_call_and_show_what_is_left() {
    let server = MockServer::start().await;
    let answer = |quota_type: &str, number: i64, used: i64, region: Option<&str>| {
        let mut quota = json!({
            "domain_id": "d", "quota_type": quota_type, "quota_number": number,
            "quota_used": used,
        });
        if quota_type != "cloud_connection" {
            quota["cloud_connection_id"] = json!(CC_ID);
        }
        if let Some(region) = region {
            quota["region_id"] = json!(region);
        }
        gateway(200, &quotas(quota))
    };
    Mock::given(method("GET"))
        .and(path(api("/quotas")))
        .and(query_param("quota_type", "cloud_connection"))
        .respond_with(answer("cloud_connection", 10, 3, None))
        .expect(1)
        .mount(&server)
        .await;
    for (quota_type, number, used) in [
        ("cloud_connection_region", 10, 2),
        ("cloud_connection_route", 100, 120),
    ] {
        Mock::given(method("GET"))
            .and(path(api("/quotas")))
            .and(query_param("quota_type", quota_type))
            .and(query_param("cloud_connection_id", CC_ID))
            .respond_with(answer(quota_type, number, used, None))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(api("/quotas")))
        .and(query_param("quota_type", "region_network_instance"))
        .and(query_param("cloud_connection_id", CC_ID))
        .and(query_param("region_id", "eu-west-0"))
        .respond_with(answer("region_network_instance", 5, 1, Some("eu-west-0")))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = huawei(&env, &server);
    cmd.env("COLUMNS", "100")
        .args([
            "-o",
            "table",
            "huawei",
            "quotas",
            "--cloud-connection",
            CC_ID,
        ])
        .args(["--region-id", "eu-west-0"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    // Beside the other reviewed tables.
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        assert_cli_snapshot!("huawei_quotas_100", out, seeded_ids);
    });
    assert_all_signed(&server).await;
    for request in server.received_requests().await.unwrap() {
        let keys: Vec<String> = request
            .url
            .query_pairs()
            .map(|(k, _)| k.into_owned())
            .collect();
        assert!(keys.contains(&"limit".to_string()), "{}", request.url);
        assert_eq!(
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == "limit")
                .unwrap()
                .1,
            "1000"
        );
    }
}
