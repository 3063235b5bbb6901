//! Console Connect's health rules (`cc connections status`): from a connection and, for an Azure
//! one, its peerings, all read from the one list of connections (an Azure order is a
//! GROUP_LAYER2 connection whose two LAYER2 subconnections carry its `parentId`; its peerings
//! are in `partner.peering`).
//!
//! - ERROR, DENIED, CANCELLED (with the provider's reason), DISABLED, and a connection being
//!   deleted are `down`; a status `cc` does not know is `unknown`.
//! - A connection not yet ACTIVE (CREATING, PENDING, ACCEPTED, PENDING_ACCEPTANCE) is `up` with
//!   nothing found wrong, saying it is not in service yet (as an OVH service with no POP
//!   configuration yet, `CLI.md` §3); an AWS hosted connection in PENDING_ACCEPTANCE says it
//!   waits to be accepted in AWS.
//! - AWS and Google connections (`partner.type` AWS, GCE) have no peerings to judge: the
//!   peering rules below are Azure's.
//! - An ACTIVE group with one of its two subconnections not ACTIVE is `degraded` (no
//!   redundancy), with none ACTIVE `down`.
//! - An ACTIVE Azure connection with no peering says so (`up`: the peering may be set in Azure
//!   or later); a peering being set up is said (`up`), one being removed (DEPROVISIONING) is
//!   `degraded`; a partner `errorMessage` on an ACTIVE connection is `degraded`.

use serde_json::Value;

use super::models::{Connection, ConnectionStatus, PeeringProgress, ProvisioningStatus};
use crate::health::{Finding, Health, Verdict};
use crate::providers::Typed;

/// The findings of the connection's own status.
fn status_findings(c: &Typed<Connection>, findings: &mut Vec<Finding>) -> bool {
    let status = &c.view.status;
    let (health, what) = match status {
        ConnectionStatus::Active => return true,
        ConnectionStatus::PendingAcceptance => (Health::Up, awaiting_acceptance(&c.raw)),
        ConnectionStatus::Creating | ConnectionStatus::Pending | ConnectionStatus::Accepted => {
            (Health::Up, "not in service yet".to_string())
        }
        s if s.is_failure() => (
            Health::Down,
            c.view
                .failure_reason()
                .unwrap_or_else(|| "failed".to_string()),
        ),
        ConnectionStatus::Disabled => (Health::Down, "disabled".to_string()),
        ConnectionStatus::Deleting | ConnectionStatus::Deleted => {
            (Health::Down, "being deleted".to_string())
        }
        _ => (Health::Unknown, "a status cc does not know".to_string()),
    };
    findings.push(Finding::new(health, format!("status {status}: {what}")));
    false
}

/// What a connection in PENDING_ACCEPTANCE waits for: an AWS hosted connection, for its
/// account to accept it in AWS.
fn awaiting_acceptance(raw: &Value) -> String {
    match super::models::partner_type(raw) {
        Some(kind) if kind.eq_ignore_ascii_case("AWS") => {
            "not in service yet: waiting to be accepted in AWS".to_string()
        }
        _ => "not in service yet: waiting to be accepted by the other side".to_string(),
    }
}

/// Whether the connection is an Azure one (or says no partner type): peerings are Azure's.
fn is_azure(raw: &Value) -> bool {
    super::models::partner_type(raw).is_none_or(|t| t.eq_ignore_ascii_case("AZURE"))
}

/// The findings of an Azure connection's peerings.
fn peering_findings(raw: &Value, findings: &mut Vec<Finding>) {
    let Some(peerings) = raw.pointer("/partner/peering").and_then(Value::as_array) else {
        return;
    };
    if peerings.is_empty() {
        findings.push(Finding::new(Health::Up, "no Azure peering set yet"));
    }
    for p in peerings {
        let kind = ["type", "peeringType"]
            .iter()
            .find_map(|k| p.get(*k).and_then(Value::as_str))
            .unwrap_or("?");
        let progress = PeeringProgress::read(p);
        if progress.provisioning == Some(ProvisioningStatus::Deprovisioning) {
            findings.push(Finding::new(
                Health::Degraded,
                format!("peering {kind}: being removed"),
            ));
        } else if !progress.is_done() {
            findings.push(Finding::new(
                Health::Up,
                format!("peering {kind}: being set up ({})", progress.describe()),
            ));
        }
    }
}

/// The health of connection `c`, whose subconnections are `subs`.
pub fn verdict(c: &Typed<Connection>, subs: &[&Typed<Connection>]) -> Verdict {
    let mut findings = Vec::new();
    if status_findings(c, &mut findings) {
        let down: Vec<&str> = subs
            .iter()
            .filter(|s| s.view.status != ConnectionStatus::Active)
            .map(|s| s.view.id.as_str())
            .collect();
        if !subs.is_empty() && down.len() == subs.len() {
            findings.push(Finding::new(Health::Down, "no subconnection ACTIVE"));
        } else {
            for id in down {
                findings.push(Finding::new(
                    Health::Degraded,
                    format!("subconnection {id} not ACTIVE: no redundancy"),
                ));
            }
        }
        if let Some(reason) = c.view.failure_reason() {
            findings.push(Finding::new(Health::Degraded, format!("partner: {reason}")));
        }
        if is_azure(&c.raw) {
            peering_findings(&c.raw, &mut findings);
        }
    }
    Verdict::of(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn connection(raw: Value) -> Typed<Connection> {
        Typed {
            view: serde_json::from_value(raw.clone()).unwrap(),
            raw,
        }
    }

    fn azure(status: &str, peering: Value) -> Typed<Connection> {
        connection(json!({"id": "g", "status": status, "partner": {"peering": peering}}))
    }

    #[test]
    fn the_status_decides_first() {
        let failed = connection(json!({"id": "g", "status": "ERROR", "errorReason": "key used"}));
        let v = verdict(&failed, &[]);
        assert_eq!(v.health, Health::Down);
        assert_eq!(v.reasons, ["status ERROR: key used"]);
        let pending = connection(json!({"id": "g", "status": "PENDING ACCEPTANCE"}));
        assert_eq!(verdict(&pending, &[]).health, Health::Up);
        let odd = connection(json!({"id": "g", "status": "FROZEN"}));
        assert_eq!(verdict(&odd, &[]).health, Health::Unknown);
        let disabled = connection(json!({"id": "g", "status": "DISABLED"}));
        assert_eq!(verdict(&disabled, &[]).health, Health::Down);
    }

    #[test]
    fn subconnections_and_peerings_of_an_active_group() {
        let synced = json!([{"type": "PRIVATE", "syncStatus": "SYNCED"}]);
        let (a, b) = (
            connection(json!({"id": "a", "status": "ACTIVE"})),
            connection(json!({"id": "b", "status": "ERROR"})),
        );
        let group = azure("ACTIVE", synced.clone());
        assert_eq!(verdict(&group, &[&a, &a]), Verdict::of(vec![]));
        let v = verdict(&group, &[&a, &b]);
        assert_eq!(v.health, Health::Degraded);
        assert_eq!(v.reasons, ["subconnection b not ACTIVE: no redundancy"]);
        assert_eq!(verdict(&group, &[&b, &b]).health, Health::Down);
        let bare = verdict(&azure("ACTIVE", json!([])), &[]);
        assert_eq!(
            (bare.health, bare.reasons[0].as_str()),
            (Health::Up, "no Azure peering set yet")
        );
        let leaving = json!([{"type": "PRIVATE", "provisioningStatus": "DEPROVISIONING"}]);
        assert_eq!(
            verdict(&azure("ACTIVE", leaving), &[]).health,
            Health::Degraded
        );
        let syncing = json!([{"type": "PRIVATE", "syncStatus": "SYNCING"}]);
        assert_eq!(verdict(&azure("ACTIVE", syncing), &[]).health, Health::Up);
    }
}
