//! Every wait of Console Connect, the commands' (`wait`, the creates, `delete`, `azure peering
//! set|delete`) and `cc apply`'s: a connection until a status or gone ([`connection`]), a
//! peering until SYNCED (or PROVISIONED) or gone, judged by [`models::WAIT_STATES`] and
//! [`PeeringProgress`]. Here, in the provider layer, because `cc apply` does not reach the
//! commands; written once, so the two cannot judge a state differently. An AWS or Google
//! order's wait ends when Console Connect hands it to the customer (`PENDING_ACCEPTANCE`, exit
//! 0, [`Ending::Handed`]): the rest is done in AWS.

use super::models::{
    self, ConnectionStatus, PeeringProgress, PeeringType, ProvisioningStatus, SyncStatus,
};
use super::{ConsoleConnectClient, PROVIDER};
use crate::error::Result;
use crate::wait::{self, Poll, Target, WaitOptions};
use serde_json::{Value, json};

/// What the waits call a connection.
const KIND: &str = "console-connect connection";

/// How a connection's wait ends besides at its goal, and how it is resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// At its goal only; resumed by `cc console-connect wait ID` (`--until GOAL` for a goal
    /// other than ACTIVE): the wait of an Azure order and of `wait --until`.
    Goal,
    /// At its goal only, which its resume names even when it is ACTIVE: `wait --until ACTIVE`,
    /// which goes on through PENDING_ACCEPTANCE.
    Asked,
    /// At ACTIVE, or where Console Connect hands the connection to the customer
    /// (PENDING_ACCEPTANCE): done on its side, the wait ends with exit 0 saying what to do next.
    /// The wait of `wait` without `--until` and of the AWS and Google orders.
    Handed,
    /// At DELETED or gone, its delete just sent: a failure or settled state seen on the way is
    /// not an end ([`Poll::after_delete`]).
    Deleting,
}

fn connection_target(
    (id, name): (&str, Option<&str>),
    goal: &ConnectionStatus,
    ending: Ending,
) -> Target {
    Target {
        provider: PROVIDER,
        kind: KIND.into(),
        resource: wait::label(KIND, name, id),
        id: id.to_string(),
        goal: goal.to_string(),
        resume: match goal {
            ConnectionStatus::Active if ending != Ending::Asked => {
                format!("cc console-connect wait {id}")
            }
            other => format!("cc console-connect wait {id} --until {other}"),
        },
    }
}

/// Polls connection `id` (`name` for messages, when known) until it is `goal`, judged by
/// [`models::WAIT_STATES`] (a connection gone is DELETED), or until `ending` ends it: every wait
/// of a connection, the commands' and `cc apply`'s. The connection as last read.
pub async fn connection(
    c: &ConsoleConnectClient,
    options: &WaitOptions,
    (id, name): (&str, Option<&str>),
    goal: &ConnectionStatus,
    ending: Ending,
) -> Result<Value> {
    let target = connection_target((id, name), goal, ending);
    wait::until(options, &target, || async {
        let Some(now) = c.connection_if_exists(id).await? else {
            let gone = json!({ "id": id, "status": ConnectionStatus::Deleted.to_string() });
            return models::WAIT_STATES.gone(&target, gone);
        };
        let status = now.view.status.clone();
        if ending == Ending::Handed && status == ConnectionStatus::PendingAcceptance {
            return Ok(Poll::Handed {
                state: status.to_string(),
                next: next_step(&now.raw, id),
                value: now.raw,
            });
        }
        let reason = || now.view.failure_reason();
        let shown = status.to_string();
        let judged = models::WAIT_STATES.judge(&target.goal, &shown, now.raw.clone(), reason);
        Ok(match ending {
            Ending::Deleting => judged.after_delete(),
            _ => judged,
        })
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
        let named = ("abc", Some("er-1"));
        let t = connection_target(named, &ConnectionStatus::Active, Ending::Goal);
        assert_eq!(t.resume, "cc console-connect wait abc");
        let t = connection_target(named, &ConnectionStatus::Deleted, Ending::Deleting);
        assert_eq!(t.resume, "cc console-connect wait abc --until DELETED");
        let t = connection_target(named, &ConnectionStatus::Active, Ending::Handed);
        assert_eq!(t.resume, "cc console-connect wait abc");
        let t = connection_target(named, &ConnectionStatus::Active, Ending::Asked);
        assert_eq!(t.resume, "cc console-connect wait abc --until ACTIVE");
        let t = peering_target("abc", PeeringType::Microsoft, "deleted".into());
        assert_eq!(
            t.resume,
            "cc console-connect azure peering get abc MICROSOFT"
        );
        assert_eq!(t.goal, "deleted");
    }
}
