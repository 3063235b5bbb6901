//! `cc orange ...`: Orange Business Evolution Platform, Azure cloud connectors.
//!
//! This file holds the subcommand enum, the look-ups that feed `create` (VPNs, POPs,
//! credentials, regions, resource groups, virtual networks) and the connector's get, wait and
//! delete; `create/` the order itself; `pick.rs` the values it takes from lists; what the
//! cross-provider commands use is `providers::orange::contract`.

pub mod create;
mod pick;

use clap::Subcommand;
use create::CreateArgs;

use super::args::LimitArgs;
use super::{DELETED, DELETING, Deleted};
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::orange::models::{self, Connector, Phase};
use crate::providers::orange::{OrangeClient, PROVIDER};
use crate::providers::{Typed, raws};
use crate::resolve::Lookup;
use crate::validate;
use crate::wait::{self, Poll, Target};
use serde_json::{Value, json};

/// Orange Business Evolution Platform: Azure cloud connectors
#[derive(Debug, Subcommand)]
pub enum OrangeCommand {
    /// List technical VPNs (the `--vpn` of create)
    ///
    /// Examples:
    ///
    ///     $ cc orange vpns
    ///     $ cc orange vpns --jq '.[].name'
    #[command(verbatim_doc_comment)]
    Vpns,
    /// List IPsec points of presence (the `--pop` of create)
    ///
    /// Examples:
    ///
    ///     $ cc orange pops
    ///     $ cc orange pops --limit 5 -o json
    #[command(verbatim_doc_comment)]
    Pops(LimitArgs),
    /// List Azure credentials (the `--credential` of create)
    ///
    /// Examples:
    ///
    ///     $ cc orange credentials
    ///     $ cc orange credentials --jq '.[] | select(.csp == "AZURE") | .name'
    #[command(verbatim_doc_comment)]
    Credentials(LimitArgs),
    /// List the Azure regions of a credential (the `--region` of create)
    ///
    /// Examples:
    ///
    ///     $ cc orange regions --credential Azure_Credential_1
    #[command(verbatim_doc_comment)]
    Regions {
        /// Azure credential id or name
        #[arg(long, value_name = "ID|NAME")]
        credential: String,
    },
    /// List the Azure resource groups of a credential in a region (the `--resource-group` of create)
    ///
    /// Examples:
    ///
    ///     $ cc orange resource-groups --credential Azure_Credential_1 --region northeurope
    #[command(verbatim_doc_comment)]
    ResourceGroups {
        /// Azure credential id or name
        #[arg(long, value_name = "ID|NAME")]
        credential: String,
        /// Azure region name, e.g. `northeurope`
        #[arg(long)]
        region: String,
    },
    /// List virtual networks (the `--vnet` of create)
    ///
    /// Sends GET /api/v1/projects/{projectId}/network/virtualprivatenetworks with no query: step
    /// 6 of the provider document lists the same path as step 1 (`cc orange vpns`), and the
    /// create's `vnetName` is a name from that list.
    ///
    /// Examples:
    ///
    ///     $ cc orange vnets
    ///     $ cc orange vnets --jq '.[].name'
    #[command(verbatim_doc_comment)]
    Vnets,
    // Help text: the `#[command]` attributes of `CreateArgs`.
    Create(Box<CreateArgs>),
    /// List cloud connectors
    ///
    /// Examples:
    ///
    ///     $ cc orange list
    ///     $ cc orange list --jq '.[] | select(.state != "ACTIVE") | .name'
    #[command(verbatim_doc_comment)]
    List(LimitArgs),
    /// Show one cloud connector
    ///
    /// Examples:
    ///
    ///     $ cc orange get "Connection to PARIS"
    ///     $ cc orange get 3fa85f64-5717-4562-b3fc-2c963f66afa6 -o json
    #[command(verbatim_doc_comment)]
    Get {
        /// Connector id or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
    },
    /// Delete a cloud connector and wait until it is gone
    ///
    /// Asks for confirmation on a terminal; pass `--yes` in scripts. Done when the connector is
    /// TERMINATED, gone (404), or back to DESIGNED after STOPPING.
    ///
    /// Examples:
    ///
    ///     $ cc orange delete "Connection to PARIS" --yes
    #[command(verbatim_doc_comment)]
    Delete {
        /// Connector id or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
    },
    /// Wait until a cloud connector reaches a state (default ACTIVE)
    ///
    /// Examples:
    ///
    ///     $ cc orange wait 3fa85f64-5717-4562-b3fc-2c963f66afa6 --timeout 45m
    ///     $ cc orange wait "Connection to PARIS" --until ACTIVE
    #[command(verbatim_doc_comment)]
    Wait {
        /// Connector id or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
        /// The state to wait for: DESIGNING, DESIGNED, PROVISIONING, ACTIVE, INACTIVE, REPAIRING,
        /// SUSPENDING, STOPPING, ERROR or TERMINATED; a settled state that is not this one ends
        /// the wait (exit 8)
        #[arg(long, default_value = "ACTIVE", value_name = "STATE")]
        until: String,
    },
}

const VPN_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("TYPE", "networkType", Medium),
    col("DESCRIPTION", "description", Low),
];

const POP_COLUMNS: &[Column] = &[
    col("POP ID", "popId", Key),
    col("NAME", "popName", High),
    col("DISPLAY NAME", "popDisplayname", Medium),
    col("COUNTRY", "popCountryCode", Medium),
];

const CREDENTIAL_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("CSP", "csp", Medium),
    col("EXPIRES", "expirationDate", Medium),
    col("DESCRIPTION", "description", Low),
];

const REGION_COLUMNS: &[Column] = &[
    col("NAME", "name", Key),
    col("DISPLAY NAME", "displayName", High),
];

const RESOURCE_GROUP_COLUMNS: &[Column] =
    &[col("NAME", "name", Key), col("LOCATION", "location", High)];

const VNET_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("DESCRIPTION", "description", Low),
];

const CONNECTOR_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("STATE", "state", High),
    col("MBPS", "bandWidth", High),
    col("POP", "primaryPopLocalization", Medium),
    col("REGION", "azureRegion", Medium),
    col("VNET", "vnetName", Low),
];

/// The Orange client for this run, or exit 2 naming what is missing.
pub fn client(ctx: &Context) -> Result<OrangeClient> {
    ctx.client::<crate::providers::orange::contract::Orange>()
}

/// Runs an `orange` subcommand.
pub async fn run(ctx: &Context, cmd: OrangeCommand) -> Result<Outcome> {
    let list = |columns, items| Ok(Outcome::List { columns, items });
    match cmd {
        OrangeCommand::Vpns => list(VPN_COLUMNS, raws(client(ctx)?.vpns().await?)),
        OrangeCommand::Pops(a) => list(POP_COLUMNS, raws(client(ctx)?.pops(a.limit).await?)),
        OrangeCommand::Credentials(a) => list(
            CREDENTIAL_COLUMNS,
            raws(client(ctx)?.credentials(a.limit).await?),
        ),
        OrangeCommand::Regions { credential } => {
            let c = client(ctx)?;
            let id = resolve_credential(&c, &credential).await?;
            list(REGION_COLUMNS, raws(c.regions(&id).await?))
        }
        OrangeCommand::ResourceGroups { credential, region } => {
            let c = client(ctx)?;
            let id = resolve_credential(&c, &credential).await?;
            list(
                RESOURCE_GROUP_COLUMNS,
                raws(c.resource_groups(&id, &region).await?),
            )
        }
        OrangeCommand::Vnets => list(VNET_COLUMNS, raws(client(ctx)?.vnets().await?)),
        OrangeCommand::Create(args) => create::create(ctx, *args).await,
        OrangeCommand::List(a) => list(
            CONNECTOR_COLUMNS,
            raws(client(ctx)?.connectors(a.limit).await?),
        ),
        OrangeCommand::Get { target } => {
            let c = client(ctx)?;
            Ok(Outcome::Item(find_connector(&c, &target).await?.raw))
        }
        OrangeCommand::Delete { target } => delete(ctx, &target).await,
        OrangeCommand::Wait { target, until } => {
            let until = validate::state("--until", &until, &models::STATES)?;
            let c = client(ctx)?;
            let what = format!("orange cloud connector `{target}` to become {until}");
            let resume = resume_command(&target, until);
            wait::within(&ctx.wait, &what, &resume, async {
                // A connector that is gone is TERMINATED: the wait checks, the look-up must not
                // fail.
                let found = match validate::is_uuid(&target) {
                    true => c.connector_if_exists(&target).await?,
                    false => Some(find_connector(&c, &target).await?),
                };
                let (id, name) = match found {
                    Some(connector) => (connector.view.id, Some(connector.view.name)),
                    None => (target.clone(), None),
                };
                let done = wait_for_state(ctx, &c, (&id, name.as_deref()), until).await?;
                Ok(Outcome::Item(done))
            })
            .await
        }
    }
}

/// The id of the Azure credential `wanted` (id or name).
async fn resolve_credential(c: &OrangeClient, wanted: &str) -> Result<String> {
    pick::CREDENTIAL.value(&c.credentials(None).await?, wanted)
}

/// A connector by id (UUID) or exact name.
async fn find_connector(c: &OrangeClient, target: &str) -> Result<Typed<Connector>> {
    if validate::is_uuid(target) {
        return c.connector(target).await;
    }
    let named = c.connectors_named(target).await?;
    let lookup = Lookup {
        provider: PROVIDER,
        what: "cloud connector",
        flag: None,
        list: "cc orange list",
    };
    lookup.only(named, target, |c| c.view.id.clone())
}

fn resume_command(id: &str, until: &str) -> String {
    if until == models::STATE_ACTIVE {
        format!("cc orange wait {id}")
    } else {
        format!("cc orange wait {id} --until {until}")
    }
}

/// Polls connector `id` (`name` if known, for messages) until it is in state `until`, judged by
/// [`models::WAIT_STATES`]: a connector that is gone is TERMINATED.
async fn wait_for_state(
    ctx: &Context,
    c: &OrangeClient,
    (id, name): (&str, Option<&str>),
    until: &str,
) -> Result<Value> {
    let target = Target {
        provider: PROVIDER,
        kind: "orange cloud connector".into(),
        resource: wait::label("orange cloud connector", name, id),
        id: id.to_string(),
        goal: until.to_string(),
        resume: resume_command(id, until),
    };
    wait::until(&ctx.wait, &target, || async {
        let Some(connector) = c.connector_if_exists(id).await? else {
            let gone = json!({ "id": id, "state": models::WAIT_STATES.deleted });
            return models::WAIT_STATES.gone(&target, gone);
        };
        let state = connector.view.state.to_ascii_uppercase();
        let reason = || {
            connector
                .raw
                .get("workflowExecutionStatus")
                .and_then(|s| s.as_str())
                .map(|s| format!("workflowExecutionStatus {s}"))
        };
        Ok(models::WAIT_STATES.judge(until, &state, connector.raw.clone(), reason))
    })
    .await
}

async fn delete(ctx: &Context, target: &str) -> Result<Outcome> {
    let c = client(ctx)?;
    let connector = find_connector(&c, target).await?;
    let id = connector.view.id.clone();
    ctx.confirm(&format!(
        "Delete Orange cloud connector `{}` ({id})?",
        connector.view.name
    ))?;
    c.delete(&id).await?;
    let summary = |state: &str, status| {
        Outcome::Item(
            Deleted {
                id: &id,
                name: Some(&connector.view.name),
                state: Some(state),
                status,
                request_id: None,
            }
            .to_json(),
        )
    };
    if ctx.no_wait() {
        return Ok(summary(&connector.view.state, DELETING));
    }
    let started_designed = models::phase(&connector.view.state) == Phase::Designed;
    let target = Target {
        provider: PROVIDER,
        kind: "orange cloud connector".into(),
        resource: format!("orange cloud connector {id}"),
        id: id.clone(),
        goal: "deleted".into(),
        resume: format!("cc orange wait {id} --until TERMINATED"),
    };
    let last = wait::until(&ctx.wait, &target, || async {
        let Some(now) = c.connector_if_exists(&id).await? else {
            return Ok(Poll::Done("TERMINATED".to_string()));
        };
        let state = now.view.state.to_ascii_uppercase();
        Ok(match models::phase(&state) {
            Phase::Terminated => Poll::Done(state),
            // STOPPING leads back to DESIGNED: deprovisioned [INF, provider-notes §1.3].
            Phase::Designed if !started_designed => Poll::Done(state),
            Phase::Failed => Poll::Failed {
                state,
                reason: None,
            },
            _ => Poll::Pending(state),
        })
    })
    .await?;
    Ok(summary(&last, DELETED))
}
