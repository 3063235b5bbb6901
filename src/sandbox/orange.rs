//! Simulated Orange Evolution Platform: OAuth2 token endpoint, the seven create steps, and
//! cloud connectors that move PROVISIONING → ACTIVE (DESIGNING → DESIGNED) after the
//! provision delay, and STOPPING → gone after a delete.
//!
//! It checks what the real gateway checks: `X-API-Key` and a bearer token it issued (401 with
//! gateway code 41 otherwise), Basic client credentials at the token endpoint, and the create
//! body's documented rules (400 with a gateway-style body).

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
use crate::providers::orange::models;

/// Dummy credentials the simulator accepts.
pub const API_KEY: &str = "sandbox-orange-api-key";
/// OAuth2 client id.
pub const CLIENT_ID: &str = "sandbox-orange-client";
/// OAuth2 client secret.
pub const CLIENT_SECRET: &str = "sandbox-orange-secret";
/// The project of the seeded data.
pub const PROJECT_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("fixtures are valid JSON")
}

/// What the simulator knows.
struct Sim {
    options: Options,
    tokens: Vec<String>,
    vpns: Value,
    pops: Value,
    credentials: Value,
    regions: Value,
    resource_groups: Value,
    vnets: Value,
    connectors: Vec<Connector>,
}

struct Connector {
    object: Value,
    created: Instant,
    deleted: Option<Instant>,
}

type Shared = Arc<Mutex<Sim>>;

/// The configuration that points `cc` at this simulator under `base`.
pub fn settings(base: &str) -> Vec<(&'static str, String)> {
    [
        ("orange.url", base.to_string()),
        ("orange.token_url", format!("{base}/oauth/v3/token")),
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
        "../../fixtures/orange/create_active_response.json"
    ));
    seeded["state"] = json!("ACTIVE");
    seeded["workflowExecutionStatus"] = json!("COMPLETED");
    let sim = Sim {
        options,
        tokens: Vec::new(),
        vpns: fixture(include_str!("../../fixtures/orange/vpns.json")),
        pops: fixture(include_str!("../../fixtures/orange/pops.json")),
        credentials: fixture(include_str!("../../fixtures/orange/credentials.json")),
        regions: fixture(include_str!("../../fixtures/orange/regions.json")),
        resource_groups: fixture(include_str!("../../fixtures/orange/resourcegroups.json")),
        vnets: fixture(include_str!("../../fixtures/orange/vnets.json")),
        connectors: vec![Connector {
            object: seeded,
            created: Instant::now(),
            deleted: None,
        }],
    };
    let project = "/api/v1/projects/{project}";
    Router::new()
        .route("/oauth/v3/token", post(token))
        .route(
            &format!("{project}/network/virtualprivatenetworks"),
            get(vpns_or_vnets),
        )
        .route("/api/v1/network/pointsofpresence/ipsec", get(pops))
        .route(&format!("{project}/azure/credentials"), get(credentials))
        .route(&format!("{project}/azure/regions"), get(regions))
        .route(
            &format!("{project}/azure/resourcegroups"),
            get(resource_groups),
        )
        .route(
            &format!("{project}/azure/cloudconnectors/publicstandarddynamics"),
            post(create),
        )
        .route(&format!("{project}/azure/cloudconnectors"), get(list))
        .route(
            &format!("{project}/azure/cloudconnectors/{{id}}"),
            get(get_one).delete(delete),
        )
        .with_state(Arc::new(Mutex::new(sim)))
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

/// One `limit`/`offset` page with `X-Total-Count`.
fn page(all: &Value, query: &HashMap<String, String>) -> Response {
    let items = all.as_array().cloned().unwrap_or_default();
    let offset: usize = query
        .get("offset")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let limit: usize = query
        .get("limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
        .min(100);
    let slice: Vec<Value> = items.iter().skip(offset).take(limit).cloned().collect();
    let mut response = ok_json(Value::Array(slice));
    response
        .headers_mut()
        .insert("X-Total-Count", items.len().into());
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

async fn vpns_or_vnets(
    State(sim): State<Shared>,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    // See `paths::VNETS`: step 6 of the document prints step 1's path; scoped calls get vnets.
    if q.contains_key("azureCspCredentialId") {
        ok_json(sim.vnets.clone())
    } else {
        ok_json(sim.vpns.clone())
    }
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
    page(&sim.pops, &q)
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
    page(&sim.credentials, &q)
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

/// The create body's documented rules.
fn check_create(sim: &Sim, body: &Value) -> Result<(), String> {
    for field in [
        "name",
        "state",
        "technicalVpnId",
        "azureCredentialId",
        "primaryPopLocalization",
        "azureRegion",
        "resourceGroupName",
        "vnetName",
    ] {
        if body[field].as_str().is_none_or(|s| s.is_empty()) {
            return Err(format!("{field} is required"));
        }
    }
    let bandwidth = body["bandWidth"]
        .as_u64()
        .or_else(|| body["bandWidth"].as_str().and_then(|s| s.parse().ok()));
    if !bandwidth.is_some_and(|b| models::BANDWIDTHS.contains(&(b as u32))) {
        return Err("bandWidth must be 10, 20, 50, 100, 200, 500 or 1000".into());
    }
    for field in ["azureAsn", "networkSideAsn"] {
        let asn = body[field].as_u64().unwrap_or(0) as u32;
        if crate::validate::azure_private_asn(field, asn).is_err() {
            return Err(format!(
                "{field} must be in 64512-65534 and not in 65515-65520"
            ));
        }
    }
    if !matches!(
        body["state"].as_str(),
        Some(models::STATE_ACTIVE | models::STATE_DESIGNED)
    ) {
        return Err("state must be ACTIVE or DESIGNED".into());
    }
    if !has_id(
        &sim.vpns,
        "id",
        body["technicalVpnId"].as_str().unwrap_or_default(),
    ) {
        return Err("technicalVpnId is unknown".into());
    }
    if !has_id(
        &sim.credentials,
        "id",
        body["azureCredentialId"].as_str().unwrap_or_default(),
    ) {
        return Err("azureCredentialId is unknown".into());
    }
    if !has_id(
        &sim.pops,
        "popId",
        body["primaryPopLocalization"].as_str().unwrap_or_default(),
    ) {
        return Err("primaryPopLocalization is not a known popId".into());
    }
    Ok(())
}

async fn create(
    State(sim): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let mut sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return bad_request("the body is not JSON");
    };
    if let Err(description) = check_create(&sim, &body) {
        return bad_request(&description);
    }
    let designed = body["state"] == models::STATE_DESIGNED;
    let id = uuid::Uuid::new_v4().to_string();
    let mut object = json!({
        "id": id,
        "name": body["name"],
        "state": if designed { "DESIGNING" } else { "PROVISIONING" },
        "projectName": "Demo",
        "projectId": PROJECT_ID,
        "bandWidth": body["bandWidth"],
        "technicalVpnId": body["technicalVpnId"],
        "azureCredentialId": body["azureCredentialId"],
        "primaryPopLocalization": body["primaryPopLocalization"],
        "azureRegion": body["azureRegion"],
        "resourceGroupName": body["resourceGroupName"],
        "vnetName": body["vnetName"],
        "azureGatewaySubnet": body.get("azureGatewaySubnet").cloned().unwrap_or(json!("")),
        "azureAsn": body["azureAsn"],
        "networkSideAsn": body["networkSideAsn"],
        "networkSideGatewaySubnet": body.get("networkSideGatewaySubnet").cloned().unwrap_or(json!("")),
        "workflowExecutionId": uuid::Uuid::new_v4().to_string(),
        "workflowExecutionStatus": "CREATED",
    });
    let response = ok_json(object.clone());
    object["_designed"] = json!(designed);
    sim.connectors.push(Connector {
        object,
        created: Instant::now(),
        deleted: None,
    });
    response
}

/// The connector as it looks now, or `None` once deleted and gone.
fn current(c: &Connector, delay: std::time::Duration) -> Option<Value> {
    let mut object = c.object.clone();
    let designed = object
        .as_object_mut()
        .and_then(|o| o.remove("_designed"))
        .and_then(|d| d.as_bool());
    if let Some(deleted) = c.deleted {
        if deleted.elapsed() >= delay {
            return None;
        }
        object["state"] = json!("STOPPING");
        return Some(object);
    }
    if let Some(designed) = designed
        && c.created.elapsed() >= delay
    {
        object["state"] = json!(if designed { "DESIGNED" } else { "ACTIVE" });
        object["workflowExecutionStatus"] = json!("COMPLETED");
    }
    Some(object)
}

async fn list(
    State(sim): State<Shared>,
    Path(project): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    let all: Vec<Value> = sim
        .connectors
        .iter()
        .filter_map(|c| current(c, sim.options.provision_delay))
        .collect();
    page(&Value::Array(all), &q)
}

async fn get_one(
    State(sim): State<Shared>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    sim.connectors
        .iter()
        .filter(|c| c.object["id"] == id.as_str())
        .find_map(|c| current(c, sim.options.provision_delay))
        .map(ok_json)
        .unwrap_or_else(not_found)
}

async fn delete(
    State(sim): State<Shared>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let mut sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&sim, &headers, Some(&project)) {
        return r;
    }
    let delay = sim.options.provision_delay;
    let Some(connector) = sim
        .connectors
        .iter_mut()
        .find(|c| c.object["id"] == id.as_str() && current(c, delay).is_some())
    else {
        return not_found();
    };
    if connector.deleted.is_none() {
        connector.deleted = Some(Instant::now());
    }
    StatusCode::NO_CONTENT.into_response()
}
