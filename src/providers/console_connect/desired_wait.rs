//! The waits of `cc apply` for Console Connect: a connection until ACTIVE or gone, a peering
//! until SYNCED (or PROVISIONED) or gone, judged exactly as `cc console-connect wait` judges
//! them ([`models::WAIT_STATES`], [`PeeringProgress`]), written with [`crate::wait::until`]
//! since provider code does not reach the commands. The peering waits are the ones `azure
//! peering set|delete` use too. An AWS or Google order's wait ends, as `aws create`'s does,
//! when Console Connect hands it to the customer (`PENDING_ACCEPTANCE`, exit 0): the rest is
//! done in AWS.

use super::models::{
    self, ConnectionStatus, PeeringProgress, PeeringType, ProvisioningStatus, SyncStatus,
};
use super::{ConsoleConnectClient, PROVIDER};
use crate::error::Result;
use crate::wait::{self, Poll, Target, WaitOptions};
use serde_json::{Value, json};

/// What the waits call a connection.
const KIND: &str = "console-connect connection";

fn connection_target(id: &str, name: &str, goal: &ConnectionStatus) -> Target {
    Target {
        provider: PROVIDER,
        kind: KIND.into(),
        resource: wait::label(KIND, Some(name), id),
        id: id.to_string(),
        goal: goal.to_string(),
        resume: match goal {
            ConnectionStatus::Active => format!("cc console-connect wait {id}"),
            other => format!("cc console-connect wait {id} --until {other}"),
        },
    }
}

/// Polls connection `id` until it is ACTIVE; ERROR, DENIED and CANCELLED end it (exit 8, with
/// the provider's reason).
pub async fn connection_active(
    c: &ConsoleConnectClient,
    options: &WaitOptions,
    id: &str,
    name: &str,
) -> Result<()> {
    let target = connection_target(id, name, &ConnectionStatus::Active);
    wait::until(options, &target, || async {
        let Some(now) = c.connection_if_exists(id).await? else {
            return models::WAIT_STATES.gone(&target, ());
        };
        let status = now.view.status.to_string();
        let reason = || now.view.failure_reason();
        Ok(models::WAIT_STATES.judge(&target.goal, &status, (), reason))
    })
    .await
}

/// What the customer does next with a connection in `PENDING_ACCEPTANCE`: `cc console-connect
/// wait` and `create` say it, and `cc apply`.
pub fn next_step(raw: &Value, id: &str) -> String {
    let then = crate::hint::cc(&format!("console-connect wait {id} --until ACTIVE"));
    match (models::partner_type(raw), models::aws_connection_id(raw)) {
        (Some(kind), Some(dxcon)) if kind.eq_ignore_ascii_case("AWS") => format!(
            "accept hosted connection {dxcon} in AWS (Direct Connect console, Connections, or \
             `aws directconnect confirm-connection --connection-id {dxcon}`), then `{then}`"
        ),
        (Some(kind), None) if kind.eq_ignore_ascii_case("AWS") => format!(
            "accept the hosted connection in AWS (Direct Connect console, Connections, in the \
             account the order names), then `{then}`"
        ),
        _ => format!("the other side must accept the connection, then `{then}`"),
    }
}

/// Polls partner connection `id` until it is ACTIVE, or, as `aws create` and `google create`
/// wait, until Console Connect hands it to the customer (`PENDING_ACCEPTANCE`: done on our
/// side, the wait ends saying what to do next). The state it ended in.
pub async fn partner_connection_made(
    c: &ConsoleConnectClient,
    options: &WaitOptions,
    id: &str,
    name: &str,
) -> Result<ConnectionStatus> {
    let target = connection_target(id, name, &ConnectionStatus::Active);
    wait::until(options, &target, || async {
        let Some(now) = c.connection_if_exists(id).await? else {
            return models::WAIT_STATES.gone(&target, ConnectionStatus::Deleted);
        };
        let status = now.view.status.clone();
        if status == ConnectionStatus::PendingAcceptance {
            return Ok(Poll::Handed {
                state: status.to_string(),
                next: next_step(&now.raw, id),
                value: status,
            });
        }
        let reason = || now.view.failure_reason();
        let shown = status.to_string();
        Ok(models::WAIT_STATES.judge(&target.goal, &shown, status, reason))
    })
    .await
}

/// Polls connection `id`, whose delete was just sent, until it is DELETED or gone.
pub async fn connection_gone(
    c: &ConsoleConnectClient,
    options: &WaitOptions,
    id: &str,
    name: &str,
) -> Result<()> {
    let target = connection_target(id, name, &ConnectionStatus::Deleted);
    wait::until(options, &target, || async {
        let Some(now) = c.connection_if_exists(id).await? else {
            return Ok(Poll::Done(()));
        };
        let status = now.view.status.to_string();
        let reason = || now.view.failure_reason();
        Ok(models::WAIT_STATES
            .judge(&target.goal, &status, (), reason)
            .after_delete())
    })
    .await
}

fn peering_target(id: &str, kind: PeeringType, goal: String) -> Target {
    Target {
        provider: PROVIDER,
        kind: format!("console-connect {kind} peering"),
        resource: format!("the {kind} peering of console-connect connection {id}"),
        id: id.to_string(),
        goal,
        resume: format!("cc console-connect azure peering get {id} {kind}"),
    }
}

/// Polls until the peering is set up: `syncStatus` SYNCED or a provisioning status PROVISIONED,
/// read from the peering and, for what it lacks, from its entry in the connection; a connection
/// that failed ends it (exit 8, with the provider's reason). A peering with neither is still
/// pending: the wait's messages (and a timeout's last state) name the fields seen. Returns the
/// peering object (or, when only the connection shows it, its statuses). `azure peering set`
/// and `cc apply` both wait with it.
pub async fn peering_set(
    c: &ConsoleConnectClient,
    options: &WaitOptions,
    id: &str,
    kind: PeeringType,
) -> Result<Value> {
    let goal = format!(
        "{} (or {})",
        SyncStatus::Synced,
        ProvisioningStatus::Provisioned
    );
    let target = peering_target(id, kind, goal);
    wait::until(options, &target, || async {
        let peering = c.peering_if_exists(id, kind).await?;
        let mut progress = peering
            .as_ref()
            .map(PeeringProgress::read)
            .unwrap_or_default();
        if !progress.is_done()
            && let Some(connection) = c.connection_if_exists(id).await?
        {
            if connection.view.status.is_failure() {
                return Ok(Poll::Failed {
                    state: format!("connection {}", connection.view.status),
                    reason: connection.view.failure_reason(),
                });
            }
            if let Some(entry) = models::peering_in_connection(&connection.raw, kind) {
                progress = progress.or(PeeringProgress::read(entry));
            }
        }
        if !progress.is_done() {
            return Ok(Poll::Pending(match &peering {
                Some(_) => progress.describe(),
                None if progress == PeeringProgress::default() => "no peering yet (404)".into(),
                None => format!(
                    "{} (in the connection; no peering yet)",
                    progress.describe()
                ),
            }));
        }
        Ok(Poll::Done(peering.unwrap_or_else(|| {
            json!({
                "id": id,
                "type": kind.as_str(),
                "syncStatus": progress.sync.map(|s| s.to_string()),
                "provisioningStatus": progress.provisioning.map(|s| s.to_string()),
            })
        })))
    })
    .await
}

/// Polls until the peering is gone (404) or back to NOT PROVISIONED.
pub async fn peering_gone(
    c: &ConsoleConnectClient,
    options: &WaitOptions,
    id: &str,
    kind: PeeringType,
) -> Result<()> {
    let target = peering_target(id, kind, "deleted".into());
    wait::until(options, &target, || async {
        let Some(peering) = c.peering_if_exists(id, kind).await? else {
            return Ok(Poll::Done(()));
        };
        Ok(match models::peering_status(&peering) {
            Some(ProvisioningStatus::NotProvisioned) | None => Poll::Done(()),
            Some(status) => Poll::Pending(status.to_string()),
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_next_step_names_the_aws_connection_when_known() {
        let aws = json!({"partner": {"type": "AWS", "connectionId": "dxcon-fgiaw42p"}});
        let text = next_step(&aws, "5e7a757303be0d0014960199");
        assert!(
            text.contains("accept hosted connection dxcon-fgiaw42p in AWS"),
            "{text}"
        );
        assert!(text.contains("confirm-connection --connection-id dxcon-fgiaw42p"));
        assert!(
            text.ends_with("wait 5e7a757303be0d0014960199 --until ACTIVE`"),
            "{text}"
        );
        let early = next_step(
            &json!({"partner": {"type": "AWS", "connectionId": null}}),
            "x",
        );
        assert!(
            early.starts_with("accept the hosted connection in AWS"),
            "{early}"
        );
        let other = next_step(&json!({"partner": {"type": "GCE"}}), "x");
        assert!(other.starts_with("the other side must accept"), "{other}");
    }

    #[test]
    fn targets_resume_as_the_commands_do() {
        let t = connection_target("abc", "er-1", &ConnectionStatus::Active);
        assert_eq!(t.resume, "cc console-connect wait abc");
        let t = connection_target("abc", "er-1", &ConnectionStatus::Deleted);
        assert_eq!(t.resume, "cc console-connect wait abc --until DELETED");
        let t = peering_target("abc", PeeringType::Microsoft, "deleted".into());
        assert_eq!(
            t.resume,
            "cc console-connect azure peering get abc MICROSOFT"
        );
        assert_eq!(t.goal, "deleted");
    }
}
