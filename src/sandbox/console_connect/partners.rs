//! Simulated AWS and Google orders: the partner regions lists (`fixtures/console_connect/
//! regions_*.json`), the two creates with the rules `cc` checks before sending (the same
//! functions, `models::partner`), and a way to play the customer's part in AWS.
//!
//! An AWS order is CREATING, then PENDING_ACCEPTANCE after the provision delay (with its
//! `partner.connectionId`, `dxcon-…`), and stays there until accepted: `POST
//! /console-connect/_sandbox/accept?connection=ID` (in process: `cc --sandbox api
//! console-connect POST '/_sandbox/accept?connection=ID'`) plays the acceptance in AWS, and the
//! connection is ACCEPTED, then ACTIVE one provision delay later. An account starting with
//! `000000` declines instead: the order ends DENIED. A Google order is CREATING, then ACTIVE.
//!
//! An order takes its speed on its source ports (`connections::ports_now`), so that the next
//! order, and the ports list, see what is left (`console-connect-port-capacity`, which `cc`
//! checks before sending). Inferred: an AWS order takes it on its one port, a Google order on
//! each of its two (as `cc` counts it); how Console Connect itself counts a partner order on
//! its ports is not documented.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::connections::ports_now;
use super::errors::{bad_request, connection_not_found, ok_json};
use super::{Connection, Gated, Shared, Sim, check, new_id};
use crate::providers::console_connect::models::{self, DURATION_UNITS, INVOICE, LAYER2, Port};
use crate::sandbox::skeleton::{self, Answer, Stamp};

/// AWS accounts with this prefix decline the hosted connection.
const DECLINING_ACCOUNT_PREFIX: &str = "000000";

/// The AWS company the connections go to.
const AWS_COMPANY_ID: &str = "5b19eafb3c835a00180058ac";

/// The Google company the connections go to.
const GOOGLE_COMPANY_ID: &str = "5de874e89c84f90256ba370d";

/// A partner's regions list, as seeded.
pub(super) fn seeded_regions(partner: &str) -> Vec<Value> {
    let text = match partner {
        models::AMAZON => include_str!("../../../fixtures/console_connect/regions_amazon.json"),
        models::GOOGLE => include_str!("../../../fixtures/console_connect/regions_google.json"),
        _ => return Vec::new(),
    };
    super::fixture(text)["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The hosted connection's part of an AWS order: its AWS id and when it was accepted.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Acceptance {
    /// `dxcon-…`, shown from PENDING_ACCEPTANCE on.
    dxcon: String,
    /// When the customer accepted it in AWS.
    accepted: Option<Stamp>,
}

impl Acceptance {
    /// The status of an order provisioned on Console Connect's side, `object` updated with it.
    pub(super) fn show(&self, object: &mut Value, declines: bool, delay: std::time::Duration) {
        object["partner"]["connectionId"] = json!(self.dxcon);
        let status = match self.accepted {
            _ if declines => {
                object["errorReason"] = json!("The AWS account declined the hosted connection");
                "DENIED"
            }
            None => "PENDING_ACCEPTANCE",
            Some(at) if at.elapsed() >= delay => "ACTIVE",
            Some(_) => "ACCEPTED",
        };
        object["status"] = json!(status);
    }
}

pub(super) async fn regions(
    State(sim): State<Shared>,
    Path(partner): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let _sim = skeleton::lock(&sim);
    check(&headers, super::COMPANY)?;
    if partner != models::AMAZON && partner != models::GOOGLE {
        return Err(super::errors::error(
            axum::http::StatusCode::NOT_FOUND,
            &format!("Direct connect partner `{partner}` not found"),
        ));
    }
    Ok(ok_json(json!({ "results": seeded_regions(&partner) })))
}

/// What both bodies share: JSON, `type`, a name, ports of the company carrying `speed` with
/// what the orders made here left of them (`console-connect-port-capacity`), the invoice
/// payment; the name and the speed.
fn check_common(sim: &Sim, body: &Value, src: &[&str]) -> Result<(String, u64), String> {
    if body["type"] != LAYER2 {
        return Err("type must be LAYER2".into());
    }
    let name = body["name"].as_str().unwrap_or_default().trim().to_string();
    if name.is_empty() {
        return Err("name is required".into());
    }
    let Some(speed) = body["speed"].as_u64().filter(|s| *s > 0) else {
        return Err("speed must be a positive integer (Mbps)".into());
    };
    let ports = ports_now(sim);
    for id in src {
        let port = ports.iter().find(|p| p["id"] == *id);
        let Some(port) = port else {
            return Err(format!("srcPortId {id} is not a port of this company"));
        };
        if let Ok(port) = serde_json::from_value::<Port>(port.clone()) {
            port.carries(speed)?;
        }
    }
    if body["paymentType"] != INVOICE {
        return Err("paymentType must be invoice".into());
    }
    Ok((name, speed))
}

/// The destination port `id` of `partner`'s list, checked to offer `speed`.
fn destination(partner: &str, id: &str, speed: u64) -> Result<Value, String> {
    let entry = seeded_regions(partner)
        .into_iter()
        .find(|r| r["id"] == id)
        .ok_or(format!("destPortId {id} is not a {partner} port"))?;
    let typed: models::PartnerRegion =
        serde_json::from_value(entry.clone()).map_err(|e| e.to_string())?;
    let speed = u32::try_from(speed).map_err(|_| "speed is too high".to_string())?;
    typed.offers(speed)?;
    Ok(entry)
}

fn check_aws(sim: &Sim, body: &Value) -> Result<(String, u64, Value), String> {
    let src = body["srcPortId"].as_str().unwrap_or_default();
    let (name, speed) = check_common(sim, body, &[src])?;
    let dest = destination(
        models::AMAZON,
        body["destPortId"].as_str().unwrap_or_default(),
        speed,
    )?;
    let account = body["partner"]["account"].as_str().unwrap_or_default();
    if account.len() != 12 || models::aws_account(account).is_err() {
        return Err("partner.account must be a 12-digit AWS account id".into());
    }
    if body["duration"].as_u64().is_none_or(|d| d == 0) {
        return Err("duration is required: a positive integer".into());
    }
    if !body["durationUnit"]
        .as_str()
        .is_some_and(|u| DURATION_UNITS.contains(&u))
    {
        return Err("durationUnit must be y or m".into());
    }
    Ok((name, speed, dest))
}

fn check_google(sim: &Sim, body: &Value) -> Result<(String, u64), String> {
    let partner = &body["partner"];
    let strings = |key: &str| -> Vec<String> {
        partner[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let src = body["srcPortId"].as_str().unwrap_or_default();
    let sources = strings("srcPortIds");
    // `console-connect-partner-values`: two distinct source ports, as two destination ports.
    if sources.len() != 2 || sources[0] == sources[1] {
        return Err(
            "partner.srcPortIds must list two distinct ports: redundancy is mandatory".into(),
        );
    }
    let mut all_src: Vec<&str> = vec![src];
    all_src.extend(sources.iter().map(String::as_str).filter(|s| *s != src));
    let (name, speed) = check_common(sim, body, &all_src)?;
    let region = partner["region"].as_str().unwrap_or_default();
    let dest = strings("destPortIds");
    if dest.len() != 2 || dest[0] == dest[1] {
        return Err(
            "partner.destPortIds must list two distinct ports: redundancy is mandatory".into(),
        );
    }
    if body["destPortId"] != dest[0].as_str() {
        return Err("destPortId must be the first of partner.destPortIds".into());
    }
    for id in &dest {
        let entry = destination(models::GOOGLE, id, speed)?;
        if !entry["partner"]["regionNames"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n == region))
        {
            return Err(format!("destPortId {id} does not serve region {region}"));
        }
    }
    models::google_pairing_keys(&strings("pairingKeys"), region, "partner.region")?;
    Ok((name, speed))
}

/// A new connection object of `kind` (`AWS`, `GCE`).
fn connection(
    body: &Value,
    name: &str,
    speed: u64,
    (kind, friendly, company): (&str, &str, &str),
) -> Value {
    let mut partner = body["partner"].clone();
    partner["type"] = json!(kind);
    partner["connectionId"] = Value::Null;
    partner["errorMessage"] = Value::Null;
    json!({
        "id": new_id(),
        "version": "2",
        "type": LAYER2,
        "typeFriendly": friendly,
        "name": name,
        "parentId": null,
        "status": "CREATING",
        "deleted": false,
        "errorReason": null,
        "speed": { "name": format!("{speed} Mbps"), "value": speed },
        "paymentType": body["paymentType"],
        "duration": body.get("duration").cloned().unwrap_or(Value::Null),
        "durationUnit": body.get("durationUnit").cloned().unwrap_or(Value::Null),
        "srcPortId": body["srcPortId"],
        "destPortId": body["destPortId"],
        "destCompanyId": company,
        "partner": partner,
    })
}

fn order(sim: &mut Sim, object: Value, acceptance: Option<Acceptance>, fails: bool) -> Answer {
    sim.connections.push(Connection {
        object: object.clone(),
        ordered: Some(Stamp::now()),
        fails,
        deleted: None,
        peerings: Vec::new(),
        acceptance,
    });
    Ok(ok_json(object))
}

pub(super) async fn create_aws(State(sim): State<Shared>, _: Gated, body: String) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return Err(bad_request("the body is not JSON"));
    };
    let (name, speed, _) = check_aws(&sim, &body).map_err(|reason| bad_request(&reason))?;
    let object = connection(
        &body,
        &name,
        speed,
        ("AWS", "AWS Direct Connect", AWS_COMPANY_ID),
    );
    let account = body["partner"]["account"].as_str().unwrap_or_default();
    let dxcon: String = new_id().chars().take(8).collect();
    let acceptance = Acceptance {
        dxcon: format!("dxcon-{dxcon}"),
        accepted: None,
    };
    let declines = account.starts_with(DECLINING_ACCOUNT_PREFIX);
    order(&mut sim, object, Some(acceptance), declines)
}

pub(super) async fn create_google(State(sim): State<Shared>, _: Gated, body: String) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return Err(bad_request("the body is not JSON"));
    };
    let (name, speed) = check_google(&sim, &body).map_err(|reason| bad_request(&reason))?;
    let friendly = (
        "GCE",
        "Google Cloud Partner Interconnect",
        GOOGLE_COMPANY_ID,
    );
    let object = connection(&body, &name, speed, friendly);
    order(&mut sim, object, None, false)
}

/// The control route that plays the customer accepting an AWS hosted connection. Unsigned, as
/// a test hook; `400` with the reason when it cannot.
pub const ACCEPT_PATH: &str = "/_sandbox/accept";

pub(super) async fn accept(
    State(sim): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Answer {
    let mut sim = skeleton::lock(&sim);
    let delay = sim.options.provision_delay;
    let id = q.get("connection").cloned().unwrap_or_default();
    let Some(c) = sim.find_mut(&id) else {
        return Err(connection_not_found());
    };
    let shown = c.current(delay).map(|o| o["status"].clone());
    let Some(acceptance) = c.acceptance.as_mut() else {
        return Err(bad_request(
            "only an AWS hosted connection is accepted in AWS",
        ));
    };
    if shown != Some(json!("PENDING_ACCEPTANCE")) {
        return Err(bad_request(&format!(
            "connection {id} is {}, not PENDING_ACCEPTANCE",
            shown.unwrap_or(Value::Null)
        )));
    }
    acceptance.accepted = Some(Stamp::now());
    let now = c.current(delay).unwrap_or(Value::Null);
    Ok(ok_json(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aws_order_waits_for_acceptance_then_comes_up() {
        let mut object = json!({"status": "CREATING", "partner": {}});
        let mut a = Acceptance {
            dxcon: "dxcon-fgiaw42p".into(),
            accepted: None,
        };
        let long = std::time::Duration::from_secs(3600);
        a.show(&mut object, false, long);
        assert_eq!(object["status"], "PENDING_ACCEPTANCE");
        assert_eq!(object["partner"]["connectionId"], "dxcon-fgiaw42p");
        a.accepted = Some(Stamp::now());
        a.show(&mut object, false, long);
        assert_eq!(object["status"], "ACCEPTED");
        a.show(&mut object, false, std::time::Duration::ZERO);
        assert_eq!(object["status"], "ACTIVE");
        a.show(&mut object, true, long);
        assert_eq!(object["status"], "DENIED");
    }

    #[test]
    fn both_partners_have_seeded_regions() {
        assert_eq!(seeded_regions(models::AMAZON).len(), 4);
        assert_eq!(seeded_regions(models::GOOGLE).len(), 3);
        assert!(seeded_regions("oracle").is_empty());
    }
}
