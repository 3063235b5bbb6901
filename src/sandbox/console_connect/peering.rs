//! Simulated Azure peerings of a connection: set (only on an ACTIVE connection), get and
//! delete, `NOT PROVISIONED` → PROVISIONING → PROVISIONED.

use axum::extract::State;
use serde_json::{Value, json};

use super::errors::{bad_request, connection_not_found, ok_json, peering_not_found};
use super::{Gated, Peering, Shared};
use crate::providers::console_connect::models::PeeringType;
use crate::providers::console_connect::{desired_values, rules};
use crate::sandbox::skeleton::{self, Answer};

/// The peering body's rules: each value checked by the provider's own checks
/// ([`desired_values::peering_body`], the ones `cc` runs on a file's peering and on `azure
/// peering set`'s flags), then the rules that span its values ([`rules`]); a refusal names the
/// key as sent.
fn check_peering(kind: PeeringType, body: &Value) -> Result<(), String> {
    let values = desired_values::sent_values(body);
    let checked = desired_values::peering_body(kind, &values).map_err(|refused| {
        let key = desired_values::sent_key(refused.field);
        match refused.value.as_str() {
            desired_values::NONE_GIVEN => format!("a {kind} peering needs at least one of {key}"),
            value => format!("{key} {value}: {}", refused.why),
        }
    })?;
    let planned = rules::Planned {
        kind,
        peer_asn: checked.peer_asn,
        primary: &checked.primary_subnet,
        secondary: &checked.secondary_subnet,
        prefixes: checked
            .advertised_public_prefixes
            .as_deref()
            .unwrap_or_default(),
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
