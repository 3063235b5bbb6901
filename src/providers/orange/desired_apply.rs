//! Orange's part of `cc apply`: a planned connector made with the body `cc orange create`
//! sends, and deleted as `cc orange delete` does, each waited for by the same states.
//!
//! Why apart from `cc orange create`: that command's steps (questions, pick-lists, the
//! confirmation) belong to the command line, which provider code does not reach; what a file
//! gives is already checked by the format, so only its names need ids here (the VPN, the
//! credential and the POP, each given as id or name; the region, resource group and virtual
//! network are sent by name, and the provider refuses an unknown one). Orange has no update for
//! a connector: the plan makes every change a replace (delete, then create: an outage), whose
//! order is prepared (its names resolved) before the delete, so that one that cannot be sent
//! deletes nothing.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::desired::apply::after_lost_create;
use crate::desired::{Change, scalar_text};
use crate::error::{Error, Result};
use crate::providers::orange::models::{self, CreateConnector, Phase};
use crate::providers::orange::{OrangeClient, PROVIDER};
use crate::wait::{self, Poll, Target, WaitOptions};

/// What the messages call a connector.
const WHAT: &str = "cloud connector";

/// The order of the connector `change` asks for, its VPN, credential and POP resolved to ids
/// (exit 2 naming the field when one is not there), nothing sent.
pub(super) async fn prepare(c: &OrangeClient, change: &Change) -> Result<CreateConnector> {
    body(c, &change.want).await
}

/// Orders the prepared connector `body` (once), then waits for it to be ACTIVE (DESIGNED with
/// `design: true`).
pub(super) async fn create(
    c: &OrangeClient,
    body: CreateConnector,
    options: Option<&WaitOptions>,
) -> Result<String> {
    let id = match c.create(&body).await {
        Ok(made) => made.view.id,
        Err(err) if err.maybe_applied => {
            let found = c
                .connectors_named(&body.name)
                .await
                .map(|list| list.into_iter().map(|c| c.view.id).collect());
            after_lost_create(err, WHAT, &body.name, "cc orange list", found)?
        }
        Err(err) => return Err(err),
    };
    if let Some(options) = options {
        settle(c, options, &id, &body.name, &body.state).await?;
    }
    Ok(id)
}

/// Orange has no update for a connector; the plan never asks for one.
pub(super) fn update(change: &Change) -> Result<()> {
    Err(Error::internal(format!(
        "Orange has no update for cloud connector `{}`: it is replaced",
        change.name
    )))
}

/// Deletes the planned connector, then waits until it is gone (or deprovisioned back to
/// DESIGNED, as `cc orange delete` does).
pub(super) async fn delete(
    c: &OrangeClient,
    change: &Change,
    options: Option<&WaitOptions>,
) -> Result<()> {
    let id = change
        .id
        .clone()
        .ok_or_else(|| Error::internal("a planned delete without an id"))?;
    let before = c.connector_if_exists(&id).await?;
    let Some(before) = before else {
        return Ok(()); // Gone already: what the delete wanted.
    };
    c.delete(&id).await?;
    let Some(options) = options else {
        return Ok(());
    };
    let started_designed = models::phase(&before.view.state) == Phase::Designed;
    let target = Target {
        provider: PROVIDER,
        kind: "orange cloud connector".into(),
        resource: wait::label("orange cloud connector", Some(&change.name), &id),
        id: id.clone(),
        goal: "deleted".into(),
        resume: format!("cc orange wait {id} --until TERMINATED"),
    };
    wait::until(options, &target, || async {
        let Some(now) = c.connector_if_exists(&id).await? else {
            return Ok(Poll::Done(()));
        };
        let state = now.view.state.to_ascii_uppercase();
        Ok(match models::phase(&state) {
            Phase::Terminated => Poll::Done(()),
            // STOPPING leads back to DESIGNED: deprovisioned [INF, provider-notes §1.3].
            Phase::Designed if !started_designed => Poll::Done(()),
            Phase::Failed => Poll::Failed {
                state,
                reason: None,
            },
            _ => Poll::Pending(state),
        })
    })
    .await
}

/// Polls connector `id` until it is in state `goal`, judged by [`models::WAIT_STATES`].
async fn settle(
    c: &OrangeClient,
    options: &WaitOptions,
    id: &str,
    name: &str,
    goal: &str,
) -> Result<()> {
    let target = Target {
        provider: PROVIDER,
        kind: "orange cloud connector".into(),
        resource: wait::label("orange cloud connector", Some(name), id),
        id: id.to_string(),
        goal: goal.to_string(),
        resume: format!("cc orange wait {id} --until {goal}"),
    };
    wait::until(options, &target, || async {
        let Some(now) = c.connector_if_exists(id).await? else {
            return models::WAIT_STATES.gone(&target, ());
        };
        let state = now.view.state.to_ascii_uppercase();
        let reason = || {
            now.raw
                .get("workflowExecutionStatus")
                .and_then(Value::as_str)
                .map(|s| format!("workflowExecutionStatus {s}"))
        };
        Ok(models::WAIT_STATES.judge(goal, &state, (), reason))
    })
    .await
}

/// The body of the order, from the file's fields: the VPN, credential and POP resolved to ids
/// (one read of each list, concurrently).
async fn body(c: &OrangeClient, want: &BTreeMap<&'static str, Value>) -> Result<CreateConnector> {
    let text = |k: &str| want.get(k).map(scalar_text);
    let number = |k: &str| {
        want.get(k)
            .and_then(|v| v.as_u64().or_else(|| scalar_text(v).parse().ok()))
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or_default()
    };
    let name = text("name").unwrap_or_default();
    let ((vpns, _), credentials, pops) =
        tokio::try_join!(c.vpns_and_vnets(), c.credentials(None), c.pops(None))?;
    let vpns: Vec<(String, Option<String>)> = vpns
        .into_iter()
        .map(|v| (v.view.id, Some(v.view.name)))
        .collect();
    let credentials: Vec<(String, Option<String>)> = credentials
        .into_iter()
        .map(|v| (v.view.id, Some(v.view.name)))
        .collect();
    let pops: Vec<(String, Option<String>)> = pops
        .into_iter()
        .map(|p| (p.view.pop_id, p.view.pop_name))
        .collect();
    let design = want.get("design") == Some(&Value::Bool(true));
    Ok(CreateConnector {
        technical_vpn_id: id_of(&name, "vpn", &text("vpn"), &vpns, "cc orange vpns")?,
        azure_credential_id: id_of(
            &name,
            "credential",
            &text("credential"),
            &credentials,
            "cc orange credentials",
        )?,
        primary_pop_localization: id_of(&name, "pop", &text("pop"), &pops, "cc orange pops")?,
        state: if design {
            models::STATE_DESIGNED
        } else {
            models::STATE_ACTIVE
        }
        .to_string(),
        band_width: number("bandwidth"),
        azure_region: text("region").unwrap_or_default(),
        resource_group_name: text("resource_group").unwrap_or_default(),
        vnet_name: text("vnet").unwrap_or_default(),
        azure_gateway_subnet: text("azure_gateway_subnet"),
        azure_asn: number("azure_asn"),
        network_side_asn: number("network_asn"),
        network_side_gateway_subnet: text("network_gateway_subnet"),
        name,
    })
}

/// The id of `wanted` (an id or a name) in `list` (id, name): exit 2 naming the connector and
/// the field when there is none, nothing sent.
fn id_of(
    connector: &str,
    field: &str,
    wanted: &Option<String>,
    list: &[(String, Option<String>)],
    command: &str,
) -> Result<String> {
    let wanted = wanted.as_deref().unwrap_or_default();
    list.iter()
        .find(|(id, name)| id == wanted || name.as_deref() == Some(wanted))
        .map(|(id, _)| id.clone())
        .ok_or_else(|| {
            Error::usage(format!(
                "cloud connector `{connector}`: {field} `{wanted}`: Orange has none with that id or name"
            ))
            .provider(PROVIDER)
            .hint(format!("`{}` lists them", crate::hint::cc(command)))
        })
}
