//! Simulated Orange Evolution Platform: OAuth2 token endpoint, the seven create steps, and
//! cloud connectors that move PROVISIONING → ACTIVE (DESIGNING → DESIGNED) after the
//! provision delay, and STOPPING → gone after a delete.
//!
//! It checks what the real gateway checks: `X-API-Key` and a bearer token it issued (401 with
//! gateway code 41 otherwise), Basic client credentials at the token endpoint, and the create
//! body's documented rules (400 with a gateway-style body).

mod connectors;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::Options;
use crate::providers::orange::paths;

/// Dummy credentials the simulator accepts.
pub const API_KEY: &str = "sandbox-orange-api-key";

/// OAuth2 client id.
pub const CLIENT_ID: &str = "sandbox-orange-client";

/// OAuth2 client secret.
pub const CLIENT_SECRET: &str = "sandbox-orange-secret";

/// Where the simulated OAuth2 token endpoint is, under the simulator's base URL.
pub const TOKEN_PATH: &str = "/oauth/v3/token";
/// The project of the seeded data.
pub const PROJECT_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("fixtures are valid JSON")
}

/// What the simulator knows.
struct Sim {
    options: Options,
    tokens: Vec<String>,
    /// Steps 1 and 6: the document's VPN examples and its virtual-network examples, in the one
    /// list their one path serves (`paths::VNETS`).
    networks: Value,
    pops: Value,
    credentials: Value,
    regions: Value,
    resource_groups: Value,
    connectors: Vec<Connector>,
}

struct Connector {
    object: Value,
    created: Instant,
    deleted: Option<Instant>,
}

type Shared = Arc<Mutex<Sim>>;

/// This simulator as `sandbox::start` serves it: where it is mounted, its routes, its 503 and
/// the settings that point `cc` at it.
pub fn mount(options: &Options) -> crate::error::Result<super::Mount> {
    Ok(super::Mount {
        prefix: "/orange",
        router: router(*options),
        unavailable,
        settings,
        client_env: &[],
    })
}

/// The configuration that points `cc` at this simulator under `base`.
pub fn settings(base: &str) -> Vec<(&'static str, String)> {
    [
        ("orange.url", base.to_string()),
        ("orange.token_url", format!("{base}{TOKEN_PATH}")),
        ("orange.api_key", API_KEY.to_string()),
        ("orange.client_id", CLIENT_ID.to_string()),
        ("orange.client_secret", CLIENT_SECRET.to_string()),
        ("orange.project_id", PROJECT_ID.to_string()),
    ]
    .into()
}

/// The Orange routes, seeded with the provider document's examples.
pub fn router(options: Options) -> Router {
    let mut seeded = fixture(include_str!(
        "../../../fixtures/orange/create_active_response.json"
    ));
    seeded["state"] = json!("ACTIVE");
    seeded["workflowExecutionStatus"] = json!("COMPLETED");
    let sim = Sim {
        options,
        tokens: Vec::new(),
        networks: networks(),
        pops: pops_seeded(options.orange_pops),
        credentials: fixture(include_str!("../../../fixtures/orange/credentials.json")),
        regions: fixture(include_str!("../../../fixtures/orange/regions.json")),
        resource_groups: fixture(include_str!("../../../fixtures/orange/resourcegroups.json")),
        connectors: connectors_seeded(seeded, options.orange_connectors),
    };
    // The client's own path table: a path is spelled once. Steps 1 and 6 share a path (see
    // `paths::VNETS`): one list answers both.
    Router::new()
        .route(TOKEN_PATH, post(token))
        .route(paths::VPNS.template, get(networks_list))
        .route(paths::POPS.template, get(pops))
        .route(paths::CREDENTIALS.template, get(credentials))
        .route(paths::REGIONS.template, get(regions))
        .route(paths::RESOURCE_GROUPS.template, get(resource_groups))
        .route(paths::CREATE.template, post(connectors::create))
        .route(paths::CONNECTORS.template, get(connectors::list))
        .route(
            paths::CONNECTOR.template,
            get(connectors::get_one).delete(connectors::delete),
        )
        .with_state(Arc::new(Mutex::new(sim)))
}

/// The document's POPs, then more up to `count` (`Options::orange_pops`) after them.
fn pops_seeded(count: usize) -> Value {
    let mut pops = fixture(include_str!("../../../fixtures/orange/pops.json"));
    if let Some(list) = pops.as_array_mut() {
        for n in list.len()..count {
            list.push(json!({
                "popDisplayname": format!("Bench pop {n}"),
                "popName": format!("BENCH-{n}"),
                "popId": format!("B{n}"),
                "popCountryCode": "FR",
            }));
        }
    }
    pops
}

/// The document's connector, then active copies up to `count` (`Options::orange_connectors`)
/// with their own ids and names.
fn connectors_seeded(seeded: Value, count: usize) -> Vec<Connector> {
    let mut objects = vec![seeded.clone()];
    for n in 1..count {
        let mut object = seeded.clone();
        object["id"] = json!(uuid::Uuid::new_v4().to_string());
        object["name"] = json!(format!("bench-seeded-{n}"));
        objects.push(object);
    }
    objects
        .into_iter()
        .map(|object| Connector {
            object,
            created: Instant::now(),
            deleted: None,
        })
        .collect()
}

/// The document's examples of steps 1 (VPNs) and 6 (virtual networks), in one list.
fn networks() -> Value {
    let mut all = fixture(include_str!("../../../fixtures/orange/vpns.json"));
    let vnets = fixture(include_str!("../../../fixtures/orange/vnets.json"));
    if let (Some(list), Value::Array(more)) = (all.as_array_mut(), vnets) {
        list.extend(more);
    }
    all
}

/// A 503 in the gateway's error shape (`cc sandbox --fail`).
pub fn unavailable() -> Response {
    gateway_error(
        StatusCode::SERVICE_UNAVAILABLE,
        503,
        "Service Unavailable",
        "The service is temporarily unavailable (cc sandbox --fail).",
    )
}

fn gateway_error(status: StatusCode, code: u32, message: &str, description: &str) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    (
        status,
        [("X-OAPI-Request-Id", id)],
        axum::Json(json!({ "code": code, "message": message, "description": description })),
    )
        .into_response()
}

fn bad_request(description: &str) -> Response {
    gateway_error(
        StatusCode::BAD_REQUEST,
        25,
        "Invalid body field",
        description,
    )
}

fn not_found() -> Response {
    gateway_error(
        StatusCode::NOT_FOUND,
        60,
        "Resource not found",
        "The requested URI or the requested resource does not exist.",
    )
}

/// The gateway's checks: API key, issued bearer token, and the project of the seeded data.
fn check(sim: &Sim, headers: &HeaderMap, project: Option<&str>) -> Option<Response> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    if header("x-api-key") != API_KEY {
        return Some(gateway_error(
            StatusCode::UNAUTHORIZED,
            41,
            "Invalid credentials",
            "missing or invalid X-API-Key",
        ));
    }
    let token = header("authorization")
        .strip_prefix("Bearer ")
        .unwrap_or_default();
    if !sim.tokens.iter().any(|t| t == token) {
        return Some(gateway_error(
            StatusCode::UNAUTHORIZED,
            41,
            "Invalid credentials",
            "missing or invalid bearer token",
        ));
    }
    if project.is_some_and(|p| p != PROJECT_ID) {
        return Some(not_found());
    }
    None
}

fn ok_json(value: Value) -> Response {
    (
        StatusCode::OK,
        [("X-OAPI-Request-Id", uuid::Uuid::new_v4().to_string())],
        axum::Json(value),
    )
        .into_response()
}

/// One `limit`/`offset` page: with `X-Total-Count`, or (`Options::orange_page`) at most that
/// many items and no total.
fn page(sim: &Sim, all: &Value, query: &HashMap<String, String>) -> Response {
    let items = all.as_array().cloned().unwrap_or_default();
    let offset: usize = query
        .get("offset")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let limit: usize = query
        .get("limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
        .min(sim.options.orange_page.unwrap_or(100));
    let slice: Vec<Value> = items.iter().skip(offset).take(limit).cloned().collect();
    let mut response = ok_json(Value::Array(slice));
    if sim.options.orange_page.is_none() {
        response
            .headers_mut()
            .insert("X-Total-Count", items.len().into());
    }
    response
}

async fn token(State(sim): State<Shared>, headers: HeaderMap, body: String) -> Response {
    use base64::Engine;
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if auth != expected {
        return gateway_error(
            StatusCode::UNAUTHORIZED,
            41,
            "Invalid credentials",
            "invalid client id or secret",
        );
    }
    if !body
        .split('&')
        .any(|pair| pair == "grant_type=client_credentials")
    {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            21,
            "Missing body field",
            "grant_type=client_credentials is required",
        );
    }
    let token = format!("sandbox-token-{}", uuid::Uuid::new_v4().simple());
    sim.lock().expect("sim lock").tokens.push(token.clone());
    ok_json(json!({ "token_type": "Bearer", "access_token": token, "expires_in": 3600 }))
}

async fn networks_list(
    State(sim): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    ok_json(sim.networks.clone())
}

async fn pops(
    State(sim): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, None) {
        return r;
    }
    page(&sim, &sim.pops, &q)
}

async fn credentials(
    State(sim): State<Shared>,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    page(&sim, &sim.credentials, &q)
}

fn has_id(list: &Value, field: &str, value: &str) -> bool {
    list.as_array()
        .is_some_and(|items| items.iter().any(|i| i[field] == value))
}

async fn regions(
    State(sim): State<Shared>,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    match q.get("azureCspCredentialId") {
        Some(id) if has_id(&sim.credentials, "id", id) => ok_json(sim.regions.clone()),
        _ => bad_request(
            "azureCspCredentialId must be the id of an Azure credential of this project",
        ),
    }
}

async fn resource_groups(
    State(sim): State<Shared>,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    let credential_ok = q
        .get("azureCspCredentialId")
        .is_some_and(|id| has_id(&sim.credentials, "id", id));
    let region_ok = q
        .get("azureRegion")
        .is_some_and(|r| has_id(&sim.regions, "name", r));
    if !credential_ok || !region_ok {
        return bad_request(
            "azureCspCredentialId and azureRegion must name a credential and one of its regions",
        );
    }
    let region = q.get("azureRegion").cloned().unwrap_or_default();
    let groups: Vec<Value> = sim
        .resource_groups
        .as_array()
        .into_iter()
        .flatten()
        .filter(|g| g["location"] == region.as_str())
        .cloned()
        .collect();
    ok_json(Value::Array(groups))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vpns_and_vnets_share_the_one_route_and_list() {
        assert_eq!(paths::VPNS.template, paths::VNETS.template);
        let all = networks();
        let names: Vec<&str> = all
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|n| n["name"].as_str())
            .collect();
        assert_eq!(
            names,
            [
                "VPNName1", "VPNName1", "VPNName3", "vnet-01", "vnet-02", "vnet-03"
            ]
        );
    }
}
