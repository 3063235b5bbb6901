//! Simulated Orange Evolution Platform: OAuth2 token endpoint, the seven create steps, and
//! cloud connectors that move PROVISIONING → ACTIVE (DESIGNING → DESIGNED) after the
//! provision delay, and STOPPING → gone after a delete.
//!
//! It checks what the real gateway checks: `X-API-Key` and a bearer token it issued (401 with
//! gateway code 41 otherwise), Basic client credentials at the token endpoint, and the create
//! body's documented rules (400 with a gateway-style body).

mod connectors;
mod errors;

use std::collections::HashMap;

use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

pub use self::errors::unavailable;
use self::errors::{bad_request, gateway_error, not_found, ok_json, unauthorized};
use super::Options;
use super::skeleton::{self, Answer, Persist, Refusal, Stamp, count_from_env};
use crate::env::EnvVar;
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

/// Pages without totals, for the read-ahead benchmarks.
pub const CC_SANDBOX_ORANGE_PAGE: EnvVar = EnvVar::new(
    "CC_SANDBOX_ORANGE_PAGE",
    "Orange simulator: serve lists in pages of at most N, without `X-Total-Count`",
);
/// More points of presence.
pub const CC_SANDBOX_ORANGE_POPS: EnvVar = EnvVar::new(
    "CC_SANDBOX_ORANGE_POPS",
    "Orange simulator: hold N points of presence (at least its 5 seeded ones)",
);
/// More connectors.
pub const CC_SANDBOX_ORANGE_CONNECTORS: EnvVar = EnvVar::new(
    "CC_SANDBOX_ORANGE_CONNECTORS",
    "Orange simulator: start with N cloud connectors (at least its 1 seeded one)",
);
/// The simulator's knobs.
pub const KNOBS: &[EnvVar] = &[
    CC_SANDBOX_ORANGE_PAGE,
    CC_SANDBOX_ORANGE_POPS,
    CC_SANDBOX_ORANGE_CONNECTORS,
];

/// The Orange simulator's own knobs, from `CC_SANDBOX_ORANGE_*` (for benchmarks of the
/// read-ahead and of `cc orange create`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Seeding {
    /// When set, offset/limit lists are served in pages of at most this many items and
    /// without `X-Total-Count`, as the Orange document shows them (`CC_SANDBOX_ORANGE_PAGE`).
    pub page: Option<usize>,
    /// How many points of presence it holds, at least its 5 seeded ones
    /// (`CC_SANDBOX_ORANGE_POPS`).
    pub pops: usize,
    /// How many cloud connectors it starts with, at least its 1 seeded one
    /// (`CC_SANDBOX_ORANGE_CONNECTORS`).
    pub connectors: usize,
}

impl Seeding {
    /// Unset variables leave the defaults; a bad value is a usage error naming its variable.
    pub fn from_env() -> crate::error::Result<Seeding> {
        let page = match count_from_env(CC_SANDBOX_ORANGE_PAGE, "20")? {
            Some(0) => {
                return Err(crate::error::Error::usage(format!(
                    "{} `0`: expected a page size of at least 1, e.g. 20",
                    CC_SANDBOX_ORANGE_PAGE.name
                )));
            }
            page => page,
        };
        Ok(Seeding {
            page,
            pops: count_from_env(CC_SANDBOX_ORANGE_POPS, "60")?.unwrap_or(0),
            connectors: count_from_env(CC_SANDBOX_ORANGE_CONNECTORS, "60")?.unwrap_or(0),
        })
    }
}

/// What the simulator knows; only its connectors are saved.
#[derive(serde::Serialize, serde::Deserialize)]
struct Sim {
    #[serde(skip)]
    options: Options,
    #[serde(skip)]
    seeding: Seeding,
    #[serde(skip)]
    tokens: Vec<String>,
    /// Steps 1 and 6: the document's VPN examples and its virtual-network examples, in the one
    /// list their one path serves (`paths::VNETS`).
    #[serde(skip)]
    networks: Value,
    #[serde(skip)]
    pops: Value,
    #[serde(skip)]
    credentials: Value,
    #[serde(skip)]
    regions: Value,
    #[serde(skip)]
    resource_groups: Value,
    connectors: Vec<Connector>,
}

impl Persist for Sim {
    fn restore(&mut self, saved: Sim) {
        self.connectors = saved.connectors;
    }

    /// What it holds; the page size is how it serves.
    fn seeding(&self) -> String {
        let Seeding {
            pops, connectors, ..
        } = self.seeding;
        format!("{pops} points of presence, {connectors} connectors")
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Connector {
    object: Value,
    created: Stamp,
    deleted: Option<Stamp>,
}

type Shared = skeleton::Shared<Sim>;

/// This simulator as `sandbox::start` serves it: where it is mounted, its routes, its 503 and
/// the settings that point `cc` at it.
pub fn mount(options: &Options) -> crate::error::Result<super::Mount> {
    let state = skeleton::shared(seeded(*options, Seeding::from_env()?));
    Ok(super::Mount {
        prefix: "/orange",
        router: routes(state.clone()),
        memory: skeleton::memory("orange", &state),
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
pub fn router(options: Options, seeding: Seeding) -> Router {
    routes(skeleton::shared(seeded(options, seeding)))
}

/// The account as the provider document's examples (and `seeding`) make it.
fn seeded(options: Options, seeding: Seeding) -> Sim {
    let mut seeded = fixture(include_str!(
        "../../../fixtures/orange/create_active_response.json"
    ));
    seeded["state"] = json!("ACTIVE");
    seeded["workflowExecutionStatus"] = json!("COMPLETED");
    Sim {
        options,
        seeding,
        tokens: Vec::new(),
        networks: networks(),
        pops: pops_seeded(seeding.pops),
        credentials: fixture(include_str!("../../../fixtures/orange/credentials.json")),
        regions: fixture(include_str!("../../../fixtures/orange/regions.json")),
        resource_groups: fixture(include_str!("../../../fixtures/orange/resourcegroups.json")),
        connectors: connectors_seeded(seeded, seeding.connectors),
    }
}

/// The routes over `sim`.
fn routes(sim: Shared) -> Router {
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
        .with_state(sim)
}

/// The document's POPs, then more up to `count` (`Seeding::pops`) after them.
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

/// The document's connector, then active copies up to `count` (`Seeding::connectors`)
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
            created: Stamp::now(),
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

/// The gateway's checks: API key, issued bearer token, and the project of the seeded data.
fn check(sim: &Sim, headers: &HeaderMap, project: Option<&str>) -> Result<(), Refusal> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    if header("x-api-key") != API_KEY {
        return Err(unauthorized("missing or invalid X-API-Key"));
    }
    let token = header("authorization")
        .strip_prefix("Bearer ")
        .unwrap_or_default();
    if !sim.tokens.iter().any(|t| t == token) {
        return Err(unauthorized("missing or invalid bearer token"));
    }
    if project.is_some_and(|p| p != PROJECT_ID) {
        return Err(not_found());
    }
    Ok(())
}

/// A request that passed the gateway's checks ([`check`]): what every handler but the token
/// endpoint starts from, so that each states only what it answers. It holds the request's path
/// parameters (`projectId`, `id`) and its query.
pub(super) struct Gated {
    /// The path's parameters by name.
    path: HashMap<String, String>,
    /// The query's parameters.
    query: HashMap<String, String>,
}

impl Gated {
    /// The path parameter `name` (`id`), empty when the route has none.
    fn param(&self, name: &str) -> &str {
        self.path.get(name).map(String::as_str).unwrap_or_default()
    }
}

impl FromRequestParts<Shared> for Gated {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, sim: &Shared) -> Result<Self, Refusal> {
        let Path(path) = Path::<HashMap<String, String>>::from_request_parts(parts, sim)
            .await
            .map_err(|_| not_found())?;
        let Query(query) = Query::<HashMap<String, String>>::from_request_parts(parts, sim)
            .await
            .map_err(|_| bad_request("the query string is malformed"))?;
        let project = path.get("projectId").map(String::as_str);
        check(&skeleton::lock(sim), &parts.headers, project)?;
        Ok(Gated { path, query })
    }
}

/// One `limit`/`offset` page: with `X-Total-Count`, or (`Seeding::page`) at most that
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
        .min(sim.seeding.page.unwrap_or(100));
    let slice: Vec<Value> = items.iter().skip(offset).take(limit).cloned().collect();
    let mut response = ok_json(Value::Array(slice));
    if sim.seeding.page.is_none() {
        response
            .headers_mut()
            .insert("X-Total-Count", items.len().into());
    }
    response
}

async fn token(State(sim): State<Shared>, headers: HeaderMap, body: String) -> Answer {
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
        return Err(unauthorized("invalid client id or secret"));
    }
    if !body
        .split('&')
        .any(|pair| pair == "grant_type=client_credentials")
    {
        return Err(gateway_error(
            StatusCode::BAD_REQUEST,
            21,
            "Missing body field",
            "grant_type=client_credentials is required",
        ));
    }
    let token = format!("sandbox-token-{}", uuid::Uuid::new_v4().simple());
    skeleton::lock(&sim).tokens.push(token.clone());
    Ok(ok_json(
        json!({ "token_type": "Bearer", "access_token": token, "expires_in": 3600 }),
    ))
}

async fn networks_list(State(sim): State<Shared>, _: Gated) -> Answer {
    Ok(ok_json(skeleton::lock(&sim).networks.clone()))
}

async fn pops(State(sim): State<Shared>, req: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    Ok(page(&sim, &sim.pops, &req.query))
}

async fn credentials(State(sim): State<Shared>, req: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    Ok(page(&sim, &sim.credentials, &req.query))
}

fn has_id(list: &Value, field: &str, value: &str) -> bool {
    list.as_array()
        .is_some_and(|items| items.iter().any(|i| i[field] == value))
}

async fn regions(State(sim): State<Shared>, req: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    match req.query.get("azureCspCredentialId") {
        Some(id) if has_id(&sim.credentials, "id", id) => Ok(ok_json(sim.regions.clone())),
        _ => Err(bad_request(
            "azureCspCredentialId must be the id of an Azure credential of this project",
        )),
    }
}

async fn resource_groups(State(sim): State<Shared>, req: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    let q = &req.query;
    let credential_ok = q
        .get("azureCspCredentialId")
        .is_some_and(|id| has_id(&sim.credentials, "id", id));
    let region_ok = q
        .get("azureRegion")
        .is_some_and(|r| has_id(&sim.regions, "name", r));
    if !credential_ok || !region_ok {
        return Err(bad_request(
            "azureCspCredentialId and azureRegion must name a credential and one of its regions",
        ));
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
    Ok(ok_json(Value::Array(groups)))
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
