//! Simulated Azure peerings of a connection: set (only on an ACTIVE connection), get and
//! delete, `NOT PROVISIONED` → PROVISIONING → PROVISIONED.

use axum::extract::State;
use serde_json::{Value, json};

use super::errors::{bad_request, connection_not_found, ok_json, peering_not_found};
use super::{Gated, Peering, Shared};
use crate::providers::console_connect::models::PeeringType;
use crate::providers::console_connect::rules;
use crate::sandbox::skeleton::{self, Answer};

/// The peering body's rules, with the field names `cc` sends (see `models::PeeringRequest`),
/// and the rules that span its values ([`rules`], the same code `cc` runs before sending).
fn check_peering(kind: PeeringType, body: &Value) -> Result<(), String> {
    let asn = rules::check_peer_asn(body[rules::PEER_ASN].as_u64().unwrap_or(0))
        .map_err(|why| format!("{}: {why}", rules::PEER_ASN))?;
    for field in [rules::PRIMARY, rules::SECONDARY] {
        let subnet = body[field].as_str().unwrap_or_default();
        if crate::validate::ipv4_cidr_prefix(field, subnet, 30, 30).is_err() {
            return Err(format!("{field} must be an IPv4 /30"));
        }
    }
    if !body["vlanId"]
        .as_u64()
        .is_some_and(|v| (1..=4094).contains(&v))
    {
        return Err("vlanId must be between 1 and 4094".into());
    }
    let microsoft_only = [rules::PREFIXES, "routingRegistryName"];
    if kind != PeeringType::Microsoft && microsoft_only.iter().any(|f| body.get(*f).is_some()) {
        return Err(
            "advertisedPublicPrefixes and routingRegistryName are only used for MICROSOFT".into(),
        );
    }
    let prefixes: Vec<String> = body[rules::PREFIXES]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if kind == PeeringType::Microsoft && prefixes.is_empty() {
        return Err("a MICROSOFT peering needs at least one of advertisedPublicPrefixes".into());
    }
    let planned = rules::Planned {
        kind,
        peer_asn: asn,
        primary: body[rules::PRIMARY].as_str().unwrap_or_default(),
        secondary: body[rules::SECONDARY].as_str().unwrap_or_default(),
        prefixes: &prefixes,
    };
    match rules::check(&[planned]).into_iter().next() {
        Some(breach) => Err(breach.message()),
        None => Ok(()),
    }
}

pub(super) async fn set_peering(State(sim): State<Shared>, req: Gated, body: String) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let (id, kind) = (req.param("id"), req.param("type"));
    let Some(kind) = PeeringType::parse(kind) else {
        return Err(bad_request(
            "peeringType must be PUBLIC, PRIVATE or MICROSOFT",
        ));
    };
    let delay = sim.options.provision_delay;
    let Some(connection) = sim.find_mut(id) else {
        return Err(connection_not_found());
    };
    let status = connection
        .current(delay)
        .map(|c| c["status"].clone())
        .unwrap_or_default();
    if status != "ACTIVE" {
        return Err(bad_request(&format!(
            "The connection is {status}: its peering can only be configured once it is ACTIVE"
        )));
    }
    let Ok(config) = serde_json::from_str::<Value>(&body) else {
        return Err(bad_request("the body is not JSON"));
    };
    if let Err(reason) = check_peering(kind, &config) {
        return Err(bad_request(&reason));
    }
    connection.peerings.retain(|p| p.kind != kind);
    let peering = Peering {
        kind,
        config,
        set: super::Stamp::now(),
        deleted: None,
    };
    let shown = peering.current(delay).unwrap_or_default();
    connection.peerings.push(peering);
    Ok(ok_json(shown))
}

pub(super) async fn get_peering(State(sim): State<Shared>, req: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    let (id, kind) = (req.param("id"), req.param("type"));
    let delay = sim.options.provision_delay;
    let kind = PeeringType::parse(kind);
    sim.find(id)
        .and_then(|c| c.peerings.iter().find(|p| Some(p.kind) == kind))
        .and_then(|p| p.current(delay))
        .map(ok_json)
        .ok_or_else(peering_not_found)
}

pub(super) async fn delete_peering(State(sim): State<Shared>, req: Gated) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let (id, kind) = (req.param("id"), req.param("type"));
    let delay = sim.options.provision_delay;
    let kind = PeeringType::parse(kind);
    let Some(peering) = sim.find_mut(id).and_then(|c| {
        c.peerings
            .iter_mut()
            .find(|p| Some(p.kind) == kind && p.current(delay).is_some())
    }) else {
        return Err(peering_not_found());
    };
    if peering.deleted.is_none() {
        peering.deleted = Some(super::Stamp::now());
    }
    Ok(ok_json(peering.current(delay).unwrap_or_else(|| json!({}))))
}
