//! Simulated Console Connect: Azure ExpressRoute layer-2 connections.
//!
//! Seeded with the fixtures (`fixtures/console_connect/`): the two ports of the dummy company
//! `acme`, and an ACTIVE Azure GROUP_LAYER2 connection (`5e7a2b1903be0d0014960141`) with its two
//! subconnections, plus a layer-2 connection in `PENDING ACCEPTANCE` (the document's spelling).
//! A connection ordered here is CREATING, then ACTIVE after the provision delay; a peering is
//! `NOT PROVISIONED`, then PROVISIONING, then PROVISIONED; a delete shows DELETING, then the
//! connection is gone (404).
//!
//! It checks what the real API checks, as far as it is known: the API key as
//! `Authorization: Bearer` (401 otherwise), the company in the path, an Azure service key
//! (a UUID not already in use; 400 otherwise), the create body's ports and speed, and that a
//! peering is configured only on an ACTIVE connection. A service key starting with `ffffffff`
//! is accepted but the order ends in ERROR with an `errorReason`, to try the failure path.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Value, json};

use super::Options;
use crate::providers::console_connect::models::{PAYMENT_TYPES, PeeringType};

/// The API key the simulator accepts.
pub const TOKEN: &str = "sandbox-console-connect-api-key";
/// The company username of the seeded data.
pub const COMPANY: &str = "acme";
/// Speeds the simulated Azure ports offer (provider-notes §2.3: `connectionSpeeds`).
const SPEEDS: [u64; 5] = [50, 100, 200, 500, 1000];
/// Service keys with this prefix are accepted, then the order fails.
const FAILING_KEY_PREFIX: &str = "ffffffff";
/// The Azure company the connections go to (provider-notes §2.5 dump).
const AZURE_COMPANY_ID: &str = "5b19eafb3c835a00180058ab";

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("fixtures are valid JSON")
}

struct Sim {
    options: Options,
    ports: Vec<Value>,
    connections: Vec<Connection>,
}

struct Connection {
    object: Value,
    /// When it was ordered here; `None` for the seeded ones, whose status stays as seeded.
    ordered: Option<Instant>,
    /// The order ends in ERROR instead of ACTIVE.
    fails: bool,
    deleted: Option<Instant>,
    peerings: Vec<Peering>,
}

struct Peering {
    kind: PeeringType,
    config: Value,
    set: Instant,
    deleted: Option<Instant>,
}

type Shared = Arc<Mutex<Sim>>;

/// The configuration that points `cc` at this simulator under `base`.
pub fn settings(base: &str) -> Vec<(&'static str, String)> {
    [
        ("console_connect.url", base.to_string()),
        ("console_connect.token", TOKEN.to_string()),
        ("console_connect.company", COMPANY.to_string()),
    ]
    .into()
}

/// The Console Connect routes, seeded with the fixtures.
pub fn router(options: Options) -> Router {
    let ports = fixture(include_str!("../../fixtures/console_connect/ports.json"))["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let seeded = fixture(include_str!(
        "../../fixtures/console_connect/connections.json"
    ))["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let sim = Sim {
        options,
        ports,
        connections: seeded
            .into_iter()
            .map(|object| Connection {
                object,
                ordered: None,
                fails: false,
                deleted: None,
                peerings: Vec::new(),
            })
            .collect(),
    };
    let company = "/api/company/{company}";
    let azure = format!("{company}/connections/directConnectPartner/AZURE/layer2");
    Router::new()
        .route(&format!("{azure}/serviceKey"), post(verify_key))
        .route(&format!("{azure}/create"), put(create))
        .route(
            &format!("{azure}/{{id}}/peering/{{kind}}"),
            post(set_peering).get(get_peering).delete(delete_peering),
        )
        .route(&format!("{company}/connections"), get(list))
        .route(&format!("{company}/connections/{{id}}"), get(get_one))
        .route(
            "/api/v2/company/{company}/connections/{id}",
            axum::routing::delete(delete),
        )
        .route(&format!("{company}/ports"), get(list_ports))
        .with_state(Arc::new(Mutex::new(sim)))
}

fn error(status: StatusCode, message: &str) -> Response {
    let reason = status.canonical_reason().unwrap_or_default();
    (
        status,
        axum::Json(json!({ "statusCode": status.as_u16(), "error": reason, "message": message })),
    )
        .into_response()
}

fn ok_json(value: Value) -> Response {
    (StatusCode::OK, axum::Json(value)).into_response()
}

/// The API key and the company of the path.
fn check(headers: &HeaderMap, company: &str) -> Option<Response> {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if auth != format!("Bearer {TOKEN}") {
        return Some(error(StatusCode::UNAUTHORIZED, "Invalid API key"));
    }
    if company != COMPANY {
        return Some(error(
            StatusCode::NOT_FOUND,
            &format!("Company `{company}` not found"),
        ));
    }
    None
}

fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..24].to_string()
}

impl Peering {
    /// The peering as it looks now, or `None` once deleted and gone.
    fn current(&self, delay: Duration) -> Option<Value> {
        let (provisioning, sync) = match self.deleted {
            Some(at) if at.elapsed() >= delay => return None,
            Some(_) => ("DEPROVISIONING", "SYNCING"),
            None if self.set.elapsed() >= delay => ("PROVISIONED", "SYNCED"),
            None if self.set.elapsed() >= delay / 2 => ("PROVISIONING", "SYNCING"),
            None => ("NOT PROVISIONED", "PENDING"),
        };
        let mut value = self.config.clone();
        value["type"] = json!(self.kind.as_str());
        value["provisioningStatus"] = json!(provisioning);
        value["syncStatus"] = json!(sync);
        Some(value)
    }
}

impl Connection {
    fn id(&self) -> &str {
        self.object["id"].as_str().unwrap_or_default()
    }

    fn gone(&self, delay: Duration) -> bool {
        self.deleted.is_some_and(|at| at.elapsed() >= delay)
    }

    /// The connection as it looks now, or `None` once deleted and gone.
    fn current(&self, delay: Duration) -> Option<Value> {
        if self.gone(delay) {
            return None;
        }
        let mut object = self.object.clone();
        if self.deleted.is_some() {
            object["status"] = json!("DELETING");
        } else if let Some(ordered) = self.ordered
            && ordered.elapsed() >= delay
        {
            if self.fails {
                object["status"] = json!("ERROR");
                object["errorReason"] = json!(
                    "Azure refused the order: the ExpressRoute circuit of this service key is already provisioned by another provider"
                );
            } else {
                object["status"] = json!("ACTIVE");
            }
        }
        let peerings: Vec<Value> = self
            .peerings
            .iter()
            .filter_map(|p| p.current(delay))
            .map(|mut p| {
                if let Some(map) = p.as_object_mut() {
                    map.remove("sharedKey");
                }
                p
            })
            .collect();
        if object["partner"].is_object() {
            let provisioned = peerings
                .iter()
                .any(|p| p["provisioningStatus"] == "PROVISIONED");
            object["partner"]["peering"] = Value::Array(peerings);
            object["partner"]["provisioningStatus"] = json!(if provisioned {
                "PROVISIONED"
            } else {
                "NOTPROVISIONED"
            });
        }
        Some(object)
    }
}

impl Sim {
    fn find(&self, id: &str) -> Option<&Connection> {
        let delay = self.options.provision_delay;
        self.connections
            .iter()
            .find(|c| c.id() == id && !c.gone(delay))
    }

    fn find_mut(&mut self, id: &str) -> Option<&mut Connection> {
        let delay = self.options.provision_delay;
        self.connections
            .iter_mut()
            .find(|c| c.id() == id && !c.gone(delay))
    }

    /// Why a service key is refused, if it is.
    fn refuse_key(&self, key: &str) -> Option<String> {
        if uuid::Uuid::try_parse(key.trim()).is_err() {
            return Some("The Azure service key could not be found".into());
        }
        let in_use = self.connections.iter().find(|c| {
            c.deleted.is_none()
                && c.object["partner"]["account"]
                    .as_str()
                    .is_some_and(|a| a.eq_ignore_ascii_case(key.trim()))
        });
        in_use.map(|c| {
            format!(
                "The Azure service key is already used by connection {}",
                c.id()
            )
        })
    }
}

async fn verify_key(
    State(sim): State<Shared>,
    Path(company): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    let Some(key) = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|b| b["serviceKey"].as_str().map(str::to_string))
    else {
        return error(StatusCode::BAD_REQUEST, "serviceKey is required");
    };
    if let Some(reason) = sim.refuse_key(&key) {
        return error(StatusCode::BAD_REQUEST, &reason);
    }
    ok_json(json!({
        "serviceKey": key,
        "valid": true,
        "partner": "AZURE",
        "peeringLocation": "London",
        "serviceProviderName": "PCCW Global",
        "serviceProviderProvisioningState": "NotProvisioned",
        "connectionSpeeds": SPEEDS,
    }))
}

/// The create body's rules: a usable key, a name, one or two of the company's ports, a speed
/// the Azure ports offer.
fn check_create(sim: &Sim, body: &Value) -> Result<Vec<String>, String> {
    let key = body["azureServiceKey"].as_str().unwrap_or_default();
    if let Some(reason) = sim.refuse_key(key) {
        return Err(reason);
    }
    if body["name"].as_str().is_none_or(|n| n.trim().is_empty()) {
        return Err("name is required".into());
    }
    let ports: Vec<String> = body["srcPort"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|p| p["portId"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if ports.is_empty() || ports.len() > 2 {
        return Err("srcPort must list one or two {portId}".into());
    }
    for port in &ports {
        if !sim.ports.iter().any(|p| p["id"] == port.as_str()) {
            return Err(format!("srcPort {port} is not a port of this company"));
        }
    }
    if !body["speed"].as_u64().is_some_and(|s| SPEEDS.contains(&s)) {
        return Err("speed must be 50, 100, 200, 500 or 1000".into());
    }
    if let Some(payment) = body.get("paymentType")
        && !payment.as_str().is_some_and(|p| PAYMENT_TYPES.contains(&p))
    {
        return Err("paymentType must be payg, invoice or plan".into());
    }
    Ok(ports)
}

async fn create(
    State(sim): State<Shared>,
    Path(company): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let mut sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "the body is not JSON");
    };
    let ports = match check_create(&sim, &body) {
        Ok(ports) => ports,
        Err(reason) => return error(StatusCode::BAD_REQUEST, &reason),
    };
    let key = body["azureServiceKey"].as_str().unwrap_or_default().trim();
    let fails = key.to_ascii_lowercase().starts_with(FAILING_KEY_PREFIX);
    let name = body["name"].as_str().unwrap_or_default().trim().to_string();
    let speed = body["speed"].as_u64().unwrap_or_default();
    let (id, primary, secondary) = (new_id(), new_id(), new_id());
    let partner = json!({
        "type": "AZURE",
        "subtype": "NONE",
        "account": key,
        "speed": speed,
        "destPortIds": ["5b19eb0c3c835a00180058b1", "5b19eb0c3c835a00180058b2"],
        "provisioningStatus": "NOTPROVISIONED",
        "syncStatus": "NONE",
        "peering": [],
        "errorMessage": null,
    });
    let connection = |id: &str, kind: &str, name: String, parent: Option<&str>, port: &str| {
        json!({
            "id": id,
            "version": "2",
            "type": kind,
            "typeFriendly": "Azure ExpressRoute",
            "name": name,
            "parentId": parent,
            "status": "CREATING",
            "deleted": false,
            "errorReason": null,
            "speed": { "name": format!("{speed} Mbps"), "value": speed },
            "paymentType": body.get("paymentType").cloned().unwrap_or(Value::Null),
            "srcPortId": port,
            "destCompanyId": AZURE_COMPANY_ID,
            "partner": partner,
        })
    };
    let mut group = connection(&id, "GROUP_LAYER2", name.clone(), None, &ports[0]);
    group["subconnectionIds"] = json!({ "primary": [primary], "secondary": [secondary] });
    let second_port = ports.get(1).unwrap_or(&ports[0]);
    let children = [
        connection(
            &primary,
            "LAYER2",
            format!("{name} Primary 1"),
            Some(&id),
            &ports[0],
        ),
        connection(
            &secondary,
            "LAYER2",
            format!("{name} Secondary 1"),
            Some(&id),
            second_port,
        ),
    ];
    let ordered = Some(Instant::now());
    for object in std::iter::once(group.clone()).chain(children) {
        sim.connections.push(Connection {
            object,
            ordered,
            fails,
            deleted: None,
            peerings: Vec::new(),
        });
    }
    ok_json(group)
}

async fn list(
    State(sim): State<Shared>,
    Path(company): Path<String>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    let delay = sim.options.provision_delay;
    let all: Vec<Value> = sim
        .connections
        .iter()
        .filter_map(|c| c.current(delay))
        .collect();
    ok_json(json!({ "results": all }))
}

async fn get_one(
    State(sim): State<Shared>,
    Path((company, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    sim.find(&id)
        .and_then(|c| c.current(sim.options.provision_delay))
        .map(ok_json)
        .unwrap_or_else(|| error(StatusCode::NOT_FOUND, "Connection not found"))
}

async fn delete(
    State(sim): State<Shared>,
    Path((company, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let mut sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    if sim.find(&id).is_none() {
        return error(StatusCode::NOT_FOUND, "Connection not found");
    }
    let now = Instant::now();
    let delay = sim.options.provision_delay;
    for c in sim
        .connections
        .iter_mut()
        .filter(|c| (c.id() == id || c.object["parentId"] == id.as_str()) && c.deleted.is_none())
    {
        c.deleted = Some(now);
    }
    sim.find(&id)
        .and_then(|c| c.current(delay))
        .map(ok_json)
        .unwrap_or_else(|| ok_json(json!({ "id": id, "status": "DELETED" })))
}

async fn list_ports(
    State(sim): State<Shared>,
    Path(company): Path<String>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    ok_json(json!({ "results": sim.ports }))
}

/// The peering body's rules, with the field names `cc` sends (see `models::PeeringRequest`).
fn check_peering(kind: PeeringType, body: &Value) -> Result<(), String> {
    let asn = body["peerASN"].as_u64().unwrap_or(0);
    if asn == 0 || asn > u64::from(u32::MAX) {
        return Err("peerASN must be between 1 and 4294967295".into());
    }
    if kind == PeeringType::Private
        && u32::try_from(asn).is_ok_and(|a| crate::validate::AZURE_RESERVED.contains(&a))
    {
        return Err("Private ASNs between 65515 and 65520 are reserved for Microsoft".into());
    }
    for field in ["primarySubnet", "secondarySubnet"] {
        let subnet = body[field].as_str().unwrap_or_default();
        if crate::validate::ipv4_cidr_prefix(field, subnet, 30, 30).is_err() {
            return Err(format!("{field} must be an IPv4 /30"));
        }
    }
    if !body["vlan"]
        .as_u64()
        .is_some_and(|v| (1..=4094).contains(&v))
    {
        return Err("vlan must be between 1 and 4094".into());
    }
    let microsoft_only = ["advertisedPublicPrefixes", "routingRegistryName"];
    if kind != PeeringType::Microsoft && microsoft_only.iter().any(|f| body.get(*f).is_some()) {
        return Err(
            "advertisedPublicPrefixes and routingRegistryName are only used for MICROSOFT".into(),
        );
    }
    Ok(())
}

async fn set_peering(
    State(sim): State<Shared>,
    Path((company, id, kind)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let mut sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    let Some(kind) = PeeringType::parse(&kind) else {
        return error(
            StatusCode::BAD_REQUEST,
            "peeringType must be PUBLIC, PRIVATE or MICROSOFT",
        );
    };
    let delay = sim.options.provision_delay;
    let Some(connection) = sim.find_mut(&id) else {
        return error(StatusCode::NOT_FOUND, "Connection not found");
    };
    let status = connection
        .current(delay)
        .map(|c| c["status"].clone())
        .unwrap_or_default();
    if status != "ACTIVE" {
        return error(
            StatusCode::BAD_REQUEST,
            &format!(
                "The connection is {status}: its peering can only be configured once it is ACTIVE"
            ),
        );
    }
    let Ok(config) = serde_json::from_str::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "the body is not JSON");
    };
    if let Err(reason) = check_peering(kind, &config) {
        return error(StatusCode::BAD_REQUEST, &reason);
    }
    connection.peerings.retain(|p| p.kind != kind);
    let peering = Peering {
        kind,
        config,
        set: Instant::now(),
        deleted: None,
    };
    let shown = peering.current(delay).unwrap_or_default();
    connection.peerings.push(peering);
    ok_json(shown)
}

async fn get_peering(
    State(sim): State<Shared>,
    Path((company, id, kind)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    let delay = sim.options.provision_delay;
    let kind = PeeringType::parse(&kind);
    sim.find(&id)
        .and_then(|c| c.peerings.iter().find(|p| Some(p.kind) == kind))
        .and_then(|p| p.current(delay))
        .map(ok_json)
        .unwrap_or_else(|| error(StatusCode::NOT_FOUND, "Peering config not found"))
}

async fn delete_peering(
    State(sim): State<Shared>,
    Path((company, id, kind)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let mut sim = sim.lock().expect("sim lock");
    if let Some(r) = check(&headers, &company) {
        return r;
    }
    let delay = sim.options.provision_delay;
    let kind = PeeringType::parse(&kind);
    let Some(peering) = sim.find_mut(&id).and_then(|c| {
        c.peerings
            .iter_mut()
            .find(|p| Some(p.kind) == kind && p.current(delay).is_some())
    }) else {
        return error(StatusCode::NOT_FOUND, "Peering config not found");
    };
    if peering.deleted.is_none() {
        peering.deleted = Some(Instant::now());
    }
    ok_json(peering.current(delay).unwrap_or_else(|| json!({})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peerings_move_from_not_provisioned_to_provisioned() {
        let p = Peering {
            kind: PeeringType::Private,
            config: json!({"vlan": 100}),
            set: Instant::now(),
            deleted: None,
        };
        let long = Duration::from_secs(3600);
        assert_eq!(
            p.current(long).unwrap()["provisioningStatus"],
            "NOT PROVISIONED"
        );
        assert_eq!(
            p.current(Duration::ZERO).unwrap()["provisioningStatus"],
            "PROVISIONED"
        );
    }
}
