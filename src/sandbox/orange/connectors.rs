//! Simulated Orange cloud connectors: the create's documented rules, the state machine
//! (PROVISIONING → ACTIVE, DESIGNING → DESIGNED, STOPPING → gone), list, get and delete.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::errors::{bad_request, not_found, ok_json};
use super::{Connector, Gated, PROJECT_ID, Shared, Sim, has_id, page};
use crate::providers::orange::{models, rules};
use crate::sandbox::skeleton::{self, Answer};

/// The create body's documented rules, and the rules that span its values
/// ([`crate::providers::orange::rules`], the same code `cc` runs before sending).
fn check_create(sim: &Sim, body: &Value) -> Result<(), String> {
    for field in models::REQUIRED_TEXT {
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
    let subnet = |field| body[field].as_str().filter(|s| !s.is_empty());
    if let Some(breach) =
        rules::gateway_subnets(subnet(rules::AZURE_SUBNET), subnet(rules::NETWORK_SUBNET))
    {
        return Err(breach.message());
    }
    if !has_id(
        &sim.networks,
        "id",
        body["technicalVpnId"].as_str().unwrap_or_default(),
    ) {
        return Err("technicalVpnId is unknown".into());
    }
    // `vnetName` is a name of the same list (`paths::VNETS`).
    if !has_id(
        &sim.networks,
        "name",
        body["vnetName"].as_str().unwrap_or_default(),
    ) {
        return Err("vnetName is not the name of a virtual network of this project".into());
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

pub(super) async fn create(State(sim): State<Shared>, _: Gated, body: String) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let body =
        serde_json::from_str::<Value>(&body).map_err(|_| bad_request("the body is not JSON"))?;
    check_create(&sim, &body).map_err(|description| bad_request(&description))?;
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
        created: super::Stamp::now(),
        deleted: None,
    });
    Ok(response)
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

pub(super) async fn list(State(sim): State<Shared>, req: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    let all: Vec<Value> = sim
        .connectors
        .iter()
        .filter_map(|c| current(c, sim.options.provision_delay))
        .collect();
    Ok(page(&sim, &Value::Array(all), &req.query))
}

pub(super) async fn get_one(State(sim): State<Shared>, req: Gated) -> Answer {
    let sim = skeleton::lock(&sim);
    sim.connectors
        .iter()
        .filter(|c| c.object["id"] == req.param("id"))
        .find_map(|c| current(c, sim.options.provision_delay))
        .map(ok_json)
        .ok_or_else(not_found)
}

pub(super) async fn delete(State(sim): State<Shared>, req: Gated) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let id = req.param("id");
    let delay = sim.options.provision_delay;
    let Some(connector) = sim
        .connectors
        .iter_mut()
        .find(|c| c.object["id"] == id && current(c, delay).is_some())
    else {
        return Err(not_found());
    };
    if connector.deleted.is_none() {
        connector.deleted = Some(super::Stamp::now());
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
