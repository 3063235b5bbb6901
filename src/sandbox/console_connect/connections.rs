//! Simulated Console Connect connections and ports: the service-key check, the Azure order
//! (CREATING → ACTIVE, or ERROR for a failing key), list, get and delete.

use axum::extract::State;
use serde_json::{Value, json};

use super::errors::{bad_request, connection_not_found, ok_json};
use super::{AZURE_COMPANY_ID, Connection, FAILING_KEY_PREFIX, Gated, SPEEDS, Shared, Sim, new_id};
use crate::providers::console_connect::models::{PAYMENT_TYPES, Port};
use crate::sandbox::skeleton::{self, Answer};

pub(super) async fn verify_key(State(sim): State<Shared>, _: Gated, body: String) -> Answer {
    let sim = skeleton::lock(&sim);
    let Some(key) = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|b| b["serviceKey"].as_str().map(str::to_string))
    else {
        return Err(bad_request("serviceKey is required"));
    };
    if let Some(reason) = sim.refuse_key(&key) {
        return Err(bad_request(&reason));
    }
    Ok(ok_json(json!({
        "serviceKey": key,
        "valid": true,
        "partner": "AZURE",
        "peeringLocation": "London",
        "serviceProviderName": "PCCW Global",
        "serviceProviderProvisioningState": "NotProvisioned",
        "connectionSpeeds": SPEEDS,
    })))
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
    let Some(speed) = body["speed"].as_u64().filter(|s| SPEEDS.contains(s)) else {
        return Err("speed must be 50, 100, 200, 500 or 1000".into());
    };
    // The same rule `cc` checks before ordering: the ports' line rate and free capacity.
    for port in ports_now(sim)
        .iter()
        .filter(|p| ports.iter().any(|id| p["id"] == id.as_str()))
    {
        if let Ok(port) = serde_json::from_value::<Port>(port.clone()) {
            port.carries(speed)?;
        }
    }
    if let Some(payment) = body.get("paymentType")
        && !payment.as_str().is_some_and(|p| PAYMENT_TYPES.contains(&p))
    {
        return Err("paymentType must be payg, invoice or plan".into());
    }
    Ok(ports)
}

pub(super) async fn create(State(sim): State<Shared>, _: Gated, body: String) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return Err(bad_request("the body is not JSON"));
    };
    let ports = check_create(&sim, &body).map_err(|reason| bad_request(&reason))?;
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
    let ordered = Some(super::Stamp::now());
    for object in std::iter::once(group.clone()).chain(children) {
        sim.connections.push(Connection {
            object,
            ordered,
            fails,
            deleted: None,
            peerings: Vec::new(),
            acceptance: None,
        });
    }
    Ok(ok_json(group))
}

pub(super) async fn list(State(sim): State<Shared>, _: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    let delay = sim.options.provision_delay;
    let all: Vec<Value> = sim
        .connections
        .iter()
        .filter_map(|c| c.current(delay))
        .collect();
    Ok(ok_json(json!({ "results": all })))
}

pub(super) async fn get_one(State(sim): State<Shared>, req: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    let id = req.param("id");
    sim.find(id)
        .and_then(|c| c.current(sim.options.provision_delay))
        .map(ok_json)
        .ok_or_else(connection_not_found)
}

pub(super) async fn delete(State(sim): State<Shared>, req: Gated) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let id = req.param("id");
    if sim.find(id).is_none() {
        return Err(connection_not_found());
    }
    let now = super::Stamp::now();
    let delay = sim.options.provision_delay;
    for c in sim
        .connections
        .iter_mut()
        .filter(|c| (c.id() == id || c.object["parentId"] == id) && c.deleted.is_none())
    {
        c.deleted = Some(now);
    }
    let shown = sim.find(id).and_then(|c| c.current(delay));
    Ok(ok_json(shown.unwrap_or_else(
        || json!({ "id": id, "status": "DELETED" }),
    )))
}

pub(super) async fn list_ports(State(sim): State<Shared>, _: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    Ok(ok_json(json!({ "results": ports_now(&sim) })))
}

/// The ports with the capacity the orders made here take: each order that is not deleted nor
/// failed uses its speed on each of its ports, once per order and port (as `cc` counts it), so
/// that a second order finds the capacity the first one took.
pub(super) fn ports_now(sim: &Sim) -> Vec<Value> {
    let mut used: Vec<(&str, &str, u64)> = Vec::new();
    for c in sim
        .connections
        .iter()
        .filter(|c| c.ordered.is_some() && c.deleted.is_none() && !c.fails)
    {
        let speed = c.object["speed"]["value"].as_u64().unwrap_or_default();
        for (order, port) in ports_taken(&c.object) {
            if !used.iter().any(|(o, p, _)| *o == order && *p == port) {
                used.push((order, port, speed));
            }
        }
    }
    let mut ports = sim.ports.clone();
    for port in &mut ports {
        let taken: u64 = used
            .iter()
            .filter(|(_, p, _)| port["id"] == *p)
            .map(|(_, _, speed)| speed)
            .sum();
        let capacity = &mut port["capacity"];
        let taken = taken as i64;
        for (key, change) in [("remaining", -taken), ("utilised", taken)] {
            if let Some(n) = capacity[key].as_i64() {
                capacity[key] = json!(n + change);
            }
        }
    }
    ports
}

/// The (order, port) pairs a connection takes capacity on: an Azure subconnection its port, for
/// its group; an AWS or Google order each of its source ports (`partner.srcPortIds`, else
/// `srcPortId`); an Azure group none (its subconnections count).
fn ports_taken(object: &Value) -> Vec<(&str, &str)> {
    let port = object["srcPortId"].as_str();
    if let (Some(group), Some(port)) = (object["parentId"].as_str(), port) {
        return vec![(group, port)];
    }
    let id = object["id"].as_str().unwrap_or_default();
    if !matches!(object["partner"]["type"].as_str(), Some("AWS" | "GCE")) {
        return Vec::new();
    }
    let listed: Vec<&str> = object["partner"]["srcPortIds"]
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    match listed.is_empty() {
        true => port.into_iter().map(|p| (id, p)).collect(),
        false => listed.into_iter().map(|p| (id, p)).collect(),
    }
}
