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
//!
//! AWS hosted connections and Google partner interconnects are ordered as documented, with the
//! AWS and Google regions lists; an AWS order waits in PENDING_ACCEPTANCE until the control
//! route `POST /_sandbox/accept?connection=ID` plays the customer's acceptance (`partners.rs`).

mod connections;
mod errors;
mod partners;
mod peering;
mod utilization;

use std::collections::HashMap;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use serde_json::{Value, json};

use self::errors::error;
pub use self::errors::unavailable;
use super::Options;
use super::skeleton::{self, Persist, Refusal, Stamp};
use crate::providers::console_connect::models::PeeringType;
use crate::providers::console_connect::paths;

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

/// What the simulator knows; only its connections are saved.
#[derive(serde::Serialize, serde::Deserialize)]
struct Sim {
    #[serde(skip)]
    options: Options,
    #[serde(skip)]
    ports: Vec<Value>,
    connections: Vec<Connection>,
}

impl Persist for Sim {
    fn restore(&mut self, saved: Sim) {
        self.connections = saved.connections;
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Connection {
    object: Value,
    /// When it was ordered here; `None` for the seeded ones, whose status stays as seeded.
    ordered: Option<Stamp>,
    /// The order ends in ERROR instead of ACTIVE.
    fails: bool,
    deleted: Option<Stamp>,
    peerings: Vec<Peering>,
    /// An AWS order's hosted connection, which waits to be accepted (`partners.rs`).
    #[serde(default)]
    acceptance: Option<partners::Acceptance>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Peering {
    #[serde(with = "peering_type")]
    kind: PeeringType,
    config: Value,
    set: Stamp,
    deleted: Option<Stamp>,
}

type Shared = skeleton::Shared<Sim>;

/// The simulator's knobs: none.
pub const KNOBS: &[crate::env::EnvVar] = &[];

/// This simulator as `sandbox::start` serves it: where it is mounted, its routes, its 503 and
/// the settings that point `cc` at it.
pub fn mount(options: &Options) -> crate::error::Result<super::Mount> {
    let state = skeleton::shared(seeded(*options));
    Ok(super::Mount {
        prefix: "/console-connect",
        router: routes(state.clone()),
        memory: skeleton::memory("console_connect", &state),
        unavailable,
        settings,
        client_env: &[],
    })
}

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
    routes(skeleton::shared(seeded(options)))
}

/// The account as the fixtures make it.
fn seeded(options: Options) -> Sim {
    let ports = fixture(include_str!("../../../fixtures/console_connect/ports.json"))["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let seeded = fixture(include_str!(
        "../../../fixtures/console_connect/connections.json"
    ))["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    Sim {
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
                acceptance: None,
            })
            .collect(),
    }
}

/// The routes over `sim`.
fn routes(sim: Shared) -> Router {
    // The client's own path table: a path is spelled once.
    Router::new()
        .route(paths::VERIFY_KEY.template, post(connections::verify_key))
        .route(paths::CREATE_AZURE.template, put(connections::create))
        .route(
            paths::PEERING.template,
            post(peering::set_peering)
                .get(peering::get_peering)
                .delete(peering::delete_peering),
        )
        .route(paths::CONNECTIONS.template, get(connections::list))
        .route(paths::CONNECTION.template, get(connections::get_one))
        .route(
            paths::DELETE_CONNECTION.template,
            axum::routing::delete(connections::delete),
        )
        .route(paths::PORTS.template, get(connections::list_ports))
        .route(paths::UTILIZATION.template, get(utilization::utilization))
        .route(paths::CREATE_AWS.template, put(partners::create_aws))
        .route(paths::CREATE_GOOGLE.template, put(partners::create_google))
        .route(paths::PARTNER_REGIONS.template, get(partners::regions))
        .route(partners::ACCEPT_PATH, post(partners::accept))
        .with_state(sim)
}

/// A peering type saved as its API name (`PRIVATE`).
mod peering_type {
    use crate::providers::console_connect::models::PeeringType;

    pub fn serialize<S: serde::Serializer>(kind: &PeeringType, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(kind.as_str())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(from: D) -> Result<PeeringType, D::Error> {
        let name = <String as serde::Deserialize>::deserialize(from)?;
        PeeringType::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown peering type `{name}`")))
    }
}

/// A request that passed the gateway's checks ([`check`]: the API key, the company of its
/// path), with its path's parameters by name: what every company route starts from, so that a
/// handler states only what it answers.
pub(super) struct Gated {
    /// The path's parameters by name (`company`, `id`, `type`).
    path: HashMap<String, String>,
}

impl Gated {
    /// The path parameter `name`, empty when the route has none.
    pub(super) fn param(&self, name: &str) -> &str {
        self.path.get(name).map(String::as_str).unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Gated {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Refusal> {
        let Path(path) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| error(StatusCode::NOT_FOUND, "Not found"))?;
        let company = path.get("company").map(String::as_str).unwrap_or_default();
        check(&parts.headers, company)?;
        Ok(Gated { path })
    }
}

/// The API key and the company of the path.
fn check(headers: &HeaderMap, company: &str) -> Result<(), Refusal> {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if auth != format!("Bearer {TOKEN}") {
        return Err(error(StatusCode::UNAUTHORIZED, "Invalid API key"));
    }
    if company != COMPANY {
        return Err(error(
            StatusCode::NOT_FOUND,
            &format!("Company `{company}` not found"),
        ));
    }
    Ok(())
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
            if let Some(acceptance) = &self.acceptance {
                acceptance.show(&mut object, self.fails, delay);
            } else if self.fails {
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
        // Peerings are Azure's: an AWS or Google connection has none to show.
        let azure = object["partner"]["type"]
            .as_str()
            .is_none_or(|t| t == "AZURE");
        if object["partner"].is_object() && azure {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peerings_move_from_not_provisioned_to_provisioned() {
        let p = Peering {
            kind: PeeringType::Private,
            config: json!({"vlanId": 100}),
            set: Stamp::now(),
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
