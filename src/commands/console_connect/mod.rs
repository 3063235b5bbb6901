//! `cc console-connect ...`: Console Connect: Azure ExpressRoute layer-2 connections, AWS hosted
//! connections and Google partner interconnects.
//!
//! This file holds the subcommand enums and the connection's list, get, wait and delete;
//! `create.rs` the service-key check and the order; `peering.rs` the peerings; `aws.rs` and
//! `google.rs` the partner orders, with what they share in `partner.rs`.
//! What the cross-provider commands use is `providers::console_connect::contract`.

pub mod aws;
pub mod create;
pub mod google;
mod order;
mod partner;
pub mod peering;
pub mod utilization;

use clap::Subcommand;
use create::CreateArgs;
use peering::PeeringCommand;
use serde_json::Value;

use super::args::LimitArgs;
use super::{DELETED, DELETING, Deleted};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col, computed_col};
use crate::providers::console_connect::desired_wait::{self, Ending};
use crate::providers::console_connect::models::{self, Connection, ConnectionStatus};
use crate::providers::console_connect::{ConsoleConnectClient, PROVIDER};
use crate::providers::console_connect::{dialect, service_key};
use crate::providers::{Typed, number, raws};
use crate::resolve::Lookup;
use crate::wait;

/// Console Connect: Azure ExpressRoute, AWS hosted connections, Google partner interconnects
#[derive(Debug, Subcommand)]
pub enum ConsoleConnectCommand {
    /// Azure ExpressRoute: verify a service key, order a connection, configure its peerings
    #[command(subcommand)]
    Azure(AzureCommand),
    /// AWS Direct Connect: the regions Console Connect reaches, order a hosted connection
    #[command(subcommand)]
    Aws(aws::AwsCommand),
    /// Google Cloud: the regions Console Connect reaches, order a partner interconnect
    #[command(subcommand)]
    Google(google::GoogleCommand),
    /// List the company's connections
    ///
    /// An Azure order shows as one GROUP_LAYER2 connection and its two LAYER2 subconnections
    /// (`parentId` in JSON is the group's id).
    ///
    /// Examples:
    ///
    ///     $ cc console-connect list
    ///     $ cc console-connect list --jq '.[] | select(.type == "GROUP_LAYER2") | .id'
    #[command(verbatim_doc_comment)]
    List(LimitArgs),
    /// Show one connection
    ///
    /// Examples:
    ///
    ///     $ cc console-connect get 5e7a2b1903be0d0014960141
    ///     $ cc console-connect get "Azure ExpressRoute" -o json
    #[command(verbatim_doc_comment)]
    Get {
        /// Connection id (24 hex digits) or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
    },
    /// Wait until a connection reaches a status (default ACTIVE, or handed to you)
    ///
    /// Without `--until`, the wait ends at ACTIVE, or at PENDING_ACCEPTANCE (an AWS hosted
    /// connection Console Connect has provisioned, waiting for you to accept it in AWS): exit 0,
    /// saying what to do next. `--until ACTIVE` goes on through PENDING_ACCEPTANCE.
    /// Fails with exit 8 on ERROR, DENIED or CANCELLED (printing `errorReason`), when waiting
    /// for ACTIVE on DELETING, DELETED or DISABLED, and when waiting for another status on a
    /// settled one (ACTIVE, DISABLED, DELETED). `--until DELETED` is also done when the
    /// connection is gone (404), and only ends early on a timeout.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect wait 5e7a2b1903be0d0014960141 --timeout 45m
    ///     $ cc console-connect wait 5e7a757303be0d0014960199 --until ACTIVE
    ///     $ cc console-connect wait 5e7a2b1903be0d0014960141 --until DELETED
    #[command(verbatim_doc_comment)]
    Wait {
        /// Connection id (24 hex digits) or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
        /// The status to wait for: ACTIVE, PENDING_ACCEPTANCE, DISABLED, DELETED, ...
        #[arg(long, value_name = "STATUS")]
        until: Option<String>,
    },
    /// Delete a connection and wait until it is DELETED or gone
    ///
    /// Sends DELETE /api/v2/company/{company}/connections/{id}. Asks for confirmation on a
    /// terminal; pass `--yes` in scripts. Prints `{"id", "name", "state", "status", "request_id"}`.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect delete 5e7a2b1903be0d0014960141 --yes
    ///     $ cc console-connect delete "Office link" --yes --no-wait
    #[command(verbatim_doc_comment)]
    Delete {
        /// Connection id (24 hex digits) or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
    },
    /// List the company's ports (the `--port` of `azure create`)
    ///
    /// Sends GET /api/company/{company}/ports?deleted=false.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect ports
    ///     $ cc console-connect ports --jq '.[] | select(.status == "ACTIVE") | .name'
    #[command(verbatim_doc_comment)]
    Ports(LimitArgs),
    Utilization(utilization::UtilizationArgs),
}

/// Azure ExpressRoute layer-2 connections
#[derive(Debug, Subcommand)]
pub enum AzureCommand {
    /// Show what Console Connect reads from an Azure service key
    ///
    /// Sends POST .../directConnectPartner/AZURE/layer2/serviceKey with `{"serviceKey": KEY}` and
    /// prints the answer as it comes. Nothing is ordered. A key Console Connect refuses (400, or
    /// `valid: false`) is exit 5 with the provider's message: the request was sent.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect azure verify-key 7d3e9b21-4a6c-4f8e-b1d2-3c4d5e6f7a8b
    #[command(verbatim_doc_comment)]
    VerifyKey {
        /// The service key (S-Key) of the ExpressRoute circuit, from the Azure portal (`-`: read
        /// from stdin, or asked without echo on a terminal)
        #[arg(value_name = "KEY")]
        key: String,
    },
    // Help text: the doc comment of `CreateArgs`.
    Create(CreateArgs),
    /// Configure, show or remove a peering (PRIVATE, PUBLIC, MICROSOFT) of an ACTIVE connection
    #[command(subcommand)]
    Peering(PeeringCommand),
}

const CONNECTION_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("TYPE", "type", Low),
    col("STATUS", "status", High),
    computed_col("MBPS", "speed", High, mbps),
];

const PORT_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("STATUS", "status", High),
    col("TYPE", "type", Medium),
    computed_col("MBPS", "speed", High, mbps),
    col("FREE MBPS", "capacity.remaining", High),
];

/// The speed in Mbps, whichever shape it comes in: `{"value": 50}` on a group, a plain `50` on
/// a connection made without a group, else the partner's `speed`.
fn mbps(item: &Value) -> String {
    number(item.get("speed"))
        .or_else(|| number(item.pointer("/partner/speed")))
        .map(|mbps| mbps.to_string())
        .unwrap_or_default()
}

/// The Console Connect client for this run, or exit 2 naming what is missing.
pub fn client(ctx: &Context) -> Result<ConsoleConnectClient> {
    ctx.client::<crate::providers::console_connect::contract::ConsoleConnect>()
}

/// Runs a `console-connect` subcommand; what it prints has its service and pairing keys masked
/// (`providers::console_connect::dialect::masked`).
pub async fn run(ctx: &Context, cmd: ConsoleConnectCommand) -> Result<Outcome> {
    dispatch(ctx, cmd).await.map(shown)
}

/// `outcome` with the secrets of the objects it prints masked.
fn shown(outcome: Outcome) -> Outcome {
    let mask = |mut value: Value| {
        dialect::masked(&mut value);
        value
    };
    match outcome {
        Outcome::Item(value) => Outcome::Item(mask(value)),
        Outcome::List { columns, items } => Outcome::List {
            columns,
            items: items.into_iter().map(mask).collect(),
        },
        Outcome::Partial {
            shown: inner,
            errors,
        } => Outcome::Partial {
            shown: Box::new(shown(*inner)),
            errors,
        },
        other => other,
    }
}

async fn dispatch(ctx: &Context, cmd: ConsoleConnectCommand) -> Result<Outcome> {
    match cmd {
        ConsoleConnectCommand::Azure(AzureCommand::VerifyKey { mut key }) => {
            if key == "-" {
                let asked = "Azure service key (S-Key)";
                key = crate::secret::dash("verify-key", asked, ctx.interactive)?;
            }
            let c = client(ctx)?;
            let (answer, _) = service_key::verify(&c, &key, "KEY").await?;
            Ok(Outcome::Item(answer))
        }
        ConsoleConnectCommand::Azure(AzureCommand::Create(args)) => create::create(ctx, args).await,
        ConsoleConnectCommand::Azure(AzureCommand::Peering(cmd)) => peering::run(ctx, cmd).await,
        ConsoleConnectCommand::Aws(cmd) => aws::run(ctx, cmd).await,
        ConsoleConnectCommand::Google(cmd) => google::run(ctx, cmd).await,
        ConsoleConnectCommand::List(a) => Ok(Outcome::List {
            columns: CONNECTION_COLUMNS,
            items: raws(client(ctx)?.connections(a.limit).await?),
        }),
        ConsoleConnectCommand::Get { target } => {
            let c = client(ctx)?;
            Ok(Outcome::Item(find_connection(&c, &target).await?.raw))
        }
        ConsoleConnectCommand::Wait {
            target,
            until: None,
        } => {
            let c = client(ctx)?;
            let what = format!("console-connect connection `{target}` to become ACTIVE");
            let resume = format!("cc console-connect wait {target}");
            wait::within(&ctx.wait, &what, &resume, async {
                let id = connection_id(&c, &target).await?;
                let (goal, ending) = (ConnectionStatus::Active, Ending::Handed);
                let done = desired_wait::connection(&c, &ctx.wait, (&id, None), &goal, ending);
                Ok(Outcome::Item(done.await?))
            })
            .await
        }
        ConsoleConnectCommand::Wait {
            target,
            until: Some(until),
        } => {
            let goal = ConnectionStatus::parse(&until);
            if let ConnectionStatus::Unknown(text) = &goal {
                return Err(Error::usage(format!(
                    "--until `{text}`: not a Console Connect status; expected one of {}",
                    ConnectionStatus::NAMES.join(", ")
                )));
            }
            let c = client(ctx)?;
            let what = format!("console-connect connection `{target}` to become {until}");
            let resume = format!("cc console-connect wait {target} --until {until}");
            wait::within(&ctx.wait, &what, &resume, async {
                let id = connection_id(&c, &target).await?;
                // `--until ACTIVE` goes on through PENDING_ACCEPTANCE, and resumes as it was given.
                let ending = match goal {
                    ConnectionStatus::Active => Ending::Asked,
                    _ => Ending::Goal,
                };
                let done = desired_wait::connection(&c, &ctx.wait, (&id, None), &goal, ending);
                Ok(Outcome::Item(done.await?))
            })
            .await
        }
        ConsoleConnectCommand::Delete { target } => delete(ctx, &target).await,
        ConsoleConnectCommand::Ports(a) => Ok(Outcome::List {
            columns: PORT_COLUMNS,
            items: raws(client(ctx)?.ports(a.limit).await?),
        }),
        ConsoleConnectCommand::Utilization(args) => utilization::run(ctx, args).await,
    }
}

/// A connection by id (24 hex) or exact name.
async fn find_connection(c: &ConsoleConnectClient, target: &str) -> Result<Typed<Connection>> {
    if models::is_object_id(target) {
        return c.connection(target).await;
    }
    let named = c.connections_named(target).await?;
    let lookup = Lookup {
        provider: PROVIDER,
        what: "connection",
        flag: None,
        list: "cc console-connect list",
    };
    lookup.only(named, target, |c| c.view.id.clone())
}

/// A connection id: taken as is when it looks like one, else looked up by name.
async fn connection_id(c: &ConsoleConnectClient, target: &str) -> Result<String> {
    if models::is_object_id(target) {
        return Ok(target.to_string());
    }
    Ok(find_connection(c, target).await?.view.id)
}

async fn delete(ctx: &Context, target: &str) -> Result<Outcome> {
    let c = client(ctx)?;
    let connection = find_connection(&c, target).await?;
    let id = connection.view.id.clone();
    let name = connection.view.name.clone();
    ctx.confirm(&format!(
        "Delete Console Connect connection `{name}` ({id})?"
    ))?;
    c.delete(&id).await?;
    let summary = |state: &str, status| {
        Outcome::Item(
            Deleted {
                id: &id,
                name: Some(&name),
                state: Some(state),
                status,
                request_id: None,
            }
            .to_json(),
        )
    };
    if ctx.no_wait() {
        return Ok(summary(connection.view.status.as_str(), DELETING));
    }
    let (goal, ending) = (ConnectionStatus::Deleted, Ending::Deleting);
    desired_wait::connection(&c, &ctx.wait, (&id, None), &goal, ending).await?;
    Ok(summary(ConnectionStatus::Deleted.as_str(), DELETED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_speed_is_read_in_every_shape() {
        assert_eq!(
            mbps(&json!({"speed": {"name": "50 Mbps", "value": 50}})),
            "50"
        );
        assert_eq!(mbps(&json!({"speed": 100})), "100");
        assert_eq!(
            mbps(&json!({"speed": null, "partner": {"speed": 200}})),
            "200"
        );
        assert_eq!(mbps(&json!({"speed": null, "partner": null})), "");
    }
}
