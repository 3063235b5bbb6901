//! `cc console-connect ...`: Console Connect, Azure ExpressRoute layer-2 connections.
//!
//! `azure create` checks everything it can before ordering (the service key with Console Connect
//! itself, the ports, the speed), runs those look-ups concurrently, never resends the order on
//! an ambiguous failure, and waits for the GROUP_LAYER2 connection to come up. `azure peering
//! set` refuses to send anything before the connection is ACTIVE (the API would refuse it too)
//! and waits for the peering to be PROVISIONED.

pub mod seam;

use std::collections::HashSet;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::args::LimitArgs;
use crate::context::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::http::redact;
use crate::output::{Column, Outcome, col};
use crate::providers::console_connect::models::{
    self, Connection, ConnectionStatus, CreateAzure, KeyAnswer, PeeringRequest, PeeringType, Port,
    ProvisioningStatus, SrcPort,
};
use crate::providers::console_connect::{ConsoleConnectClient, PROVIDER};
use crate::providers::{Typed, raws};
use crate::validate;
use crate::wait::{self, Poll, Target};

/// Console Connect: Azure ExpressRoute layer-2 connections
#[derive(Debug, Subcommand)]
pub enum ConsoleConnectCommand {
    /// Azure ExpressRoute: verify a service key, order a connection, configure its peerings
    #[command(subcommand)]
    Azure(AzureCommand),
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
    /// Wait until a connection reaches a status (default ACTIVE)
    ///
    /// Fails with exit 8 on ERROR, DENIED or CANCELLED (printing `errorReason`), and when waiting
    /// for ACTIVE, on DELETING, DELETED or DISABLED. `--until DELETED` is also done when the
    /// connection is gone (404), and only ends early on a timeout.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect wait 5e7a2b1903be0d0014960141 --timeout 45m
    ///     $ cc console-connect wait 5e7a2b1903be0d0014960141 --until DELETED
    #[command(verbatim_doc_comment)]
    Wait {
        /// Connection id (24 hex digits) or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
        /// The status to wait for: ACTIVE, PENDING_ACCEPTANCE, DISABLED, DELETED, ...
        #[arg(long, default_value = "ACTIVE", value_name = "STATUS")]
        until: String,
    },
    /// Delete a connection and wait until it is DELETED or gone
    ///
    /// Sends DELETE /api/v2/company/{company}/connections/{id}. Asks for confirmation on a
    /// terminal; pass `--yes` in scripts. Prints `{"id", "name", "state", "status"}`.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect delete 5e7a2b1903be0d0014960141 --yes
    ///     $ cc console-connect delete "Azure ExpressRoute" --yes --no-wait
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
}

/// Azure ExpressRoute layer-2 connections
#[derive(Debug, Subcommand)]
pub enum AzureCommand {
    /// Show what Console Connect reads from an Azure service key
    ///
    /// Sends POST .../directConnectPartner/AZURE/layer2/serviceKey with `{"serviceKey": KEY}` and
    /// prints the answer as it comes. Nothing is ordered. A key Console Connect refuses is exit 2.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect azure verify-key 0c5f1a77-7c3b-4b1e-9d0e-5a1b2c3d4e5f
    #[command(verbatim_doc_comment)]
    VerifyKey {
        /// The service key (S-Key) of the ExpressRoute circuit, from the Azure portal
        #[arg(value_name = "KEY")]
        key: String,
    },
    // Help text: the doc comment of `CreateArgs`.
    Create(CreateArgs),
    /// Configure, show or remove a peering (PRIVATE, PUBLIC, MICROSOFT) of an ACTIVE connection
    #[command(subcommand)]
    Peering(PeeringCommand),
}

/// Order an Azure ExpressRoute connection (a GROUP_LAYER2 of two LAYER2 subconnections)
///
/// Before ordering, `cc` asks Console Connect about the service key (a refused key is an error
/// and nothing is ordered), checks the ports (id or exact name, not disabled or deleted, enough
/// capacity left) and the speed (a positive number of Mbps, and the speed the key allows when its
/// answer says), running those look-ups concurrently. It then sends
/// PUT .../directConnectPartner/AZURE/layer2/create with
/// `{azureServiceKey, name, srcPort: [{portId}], speed, paymentType}` and waits until the
/// connection is ACTIVE unless `--no-wait`; ERROR, DENIED or CANCELLED end the wait with exit 8
/// and the provider's `errorReason`.
///
/// If the order's response is lost (timeout, reset, 5xx), `cc` never sends it again: it looks
/// for a connection of that name and reports what it found.
///
/// Examples:
///
///     $ cc console-connect azure create --service-key 0c5f1a77-7c3b-4b1e-9d0e-5a1b2c3d4e5f \
///         --name "Azure ExpressRoute" --port "ACME LONDON 1" --port "ACME LONDON 2" --speed 100
///
///     # return as soon as Console Connect accepted the order
///     $ cc console-connect azure create --service-key KEY --name er-1 \
///         --port 5893d943878d635dde318022 --speed 50 --no-wait -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CreateArgs {
    /// The service key (S-Key) of the ExpressRoute circuit, from the Azure portal
    #[arg(long, value_name = "KEY")]
    pub service_key: String,
    /// Connection name
    #[arg(long)]
    pub name: String,
    /// Source port: id or exact name (`cc console-connect ports`); give it twice for two ports
    #[arg(long = "port", value_name = "PORT", required = true)]
    pub ports: Vec<String>,
    /// Speed in Mbps (the ExpressRoute circuit's bandwidth)
    #[arg(long, value_name = "MBPS")]
    pub speed: u32,
    /// How the connection is paid for (sent as `paymentType`)
    #[arg(long, value_name = "TYPE", default_value = "payg", value_parser = models::PAYMENT_TYPES)]
    pub payment_type: String,
}

/// Azure peering configs of a connection
#[derive(Debug, Subcommand)]
pub enum PeeringCommand {
    // Help text: the doc comment of `PeeringSetArgs`.
    Set(PeeringSetArgs),
    /// Show a peering config (the shared key is masked)
    ///
    /// Examples:
    ///
    ///     $ cc console-connect azure peering get 5e7a2b1903be0d0014960141 PRIVATE
    #[command(verbatim_doc_comment)]
    Get {
        /// Connection id (24 hex digits) or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
        /// PRIVATE, PUBLIC or MICROSOFT
        #[arg(value_name = "TYPE", value_parser = parse_peering_type)]
        kind: PeeringType,
    },
    /// Remove a peering config and wait until it is gone
    ///
    /// Asks for confirmation on a terminal; pass `--yes` in scripts.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect azure peering delete 5e7a2b1903be0d0014960141 MICROSOFT --yes
    #[command(verbatim_doc_comment)]
    Delete {
        /// Connection id (24 hex digits) or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
        /// PRIVATE, PUBLIC or MICROSOFT
        #[arg(value_name = "TYPE", value_parser = parse_peering_type)]
        kind: PeeringType,
    },
}

/// Set a peering config (PRIVATE, PUBLIC or MICROSOFT) and wait until it is PROVISIONED
///
/// Refused before the connection is ACTIVE (`cc console-connect wait ID` first). Every value is
/// checked before anything is sent: subnets are IPv4 /30s, VLAN 1-4094, peer ASN 1-4294967295
/// (65515-65520 are reserved by Microsoft for private peering); `--advertised-prefix` and
/// `--routing-registry` only for MICROSOFT, which needs at least one advertised prefix. Sending a
/// config again replaces it. The shared key never appears in any output or log.
///
/// Examples:
///
///     $ cc console-connect azure peering set 5e7a2b1903be0d0014960141 PRIVATE --peer-asn 65010 \
///         --primary-subnet 169.254.10.0/30 --secondary-subnet 169.254.10.4/30 --vlan 100
///
///     $ cc console-connect azure peering set 5e7a2b1903be0d0014960141 MICROSOFT --peer-asn 64600 \
///         --primary-subnet 203.0.113.0/30 --secondary-subnet 203.0.113.4/30 --vlan 200 \
///         --advertised-prefix 198.51.100.0/28 --routing-registry ARIN
#[derive(Debug, Args)]
#[command(verbatim_doc_comment, after_help = models::PEERING_BODY_HELP)]
pub struct PeeringSetArgs {
    /// Connection id (24 hex digits) or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    /// PRIVATE, PUBLIC or MICROSOFT
    #[arg(value_name = "TYPE", value_parser = parse_peering_type)]
    pub kind: PeeringType,
    /// Your BGP ASN: 1-4294967295 (not 65515-65520 for PRIVATE)
    #[arg(long, value_name = "ASN", value_parser = clap::value_parser!(u32).range(1..))]
    pub peer_asn: u32,
    /// Primary link subnet, an IPv4 /30
    #[arg(long, value_name = "CIDR")]
    pub primary_subnet: String,
    /// Secondary link subnet, an IPv4 /30 different from the primary
    #[arg(long, value_name = "CIDR")]
    pub secondary_subnet: String,
    /// VLAN id, 1-4094
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=4094))]
    pub vlan: u16,
    /// BGP MD5 shared key (optional)
    #[arg(long, value_name = "KEY")]
    pub shared_key: Option<String>,
    /// Public prefix to advertise, CIDR (MICROSOFT only; repeat for several)
    #[arg(long = "advertised-prefix", value_name = "CIDR")]
    pub advertised_prefixes: Vec<String>,
    /// Routing registry of the prefixes, e.g. ARIN, RIPENCC (MICROSOFT only)
    #[arg(long, value_name = "NAME")]
    pub routing_registry: Option<String>,
}

fn parse_peering_type(text: &str) -> std::result::Result<PeeringType, String> {
    PeeringType::parse(text).ok_or_else(|| "expected PRIVATE, PUBLIC or MICROSOFT".to_string())
}

const CONNECTION_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("NAME", "name"),
    col("TYPE", "type"),
    col("STATUS", "status"),
    col("MBPS", "speed.value"),
];
const PORT_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("NAME", "name"),
    col("STATUS", "status"),
    col("TYPE", "type"),
    col("MBPS", "speed.value"),
    col("FREE MBPS", "capacity.remaining"),
];

/// The Console Connect client for this run, or exit 2 naming what is missing.
pub fn client(ctx: &Context) -> Result<ConsoleConnectClient> {
    crate::seam::client::<seam::ConsoleConnect>(ctx)
}

/// Runs a `console-connect` subcommand.
pub async fn run(ctx: &Context, cmd: ConsoleConnectCommand) -> Result<Outcome> {
    match cmd {
        ConsoleConnectCommand::Azure(AzureCommand::VerifyKey { key }) => {
            let c = client(ctx)?;
            Ok(Outcome::Item(verify_key(&c, &key).await?.0))
        }
        ConsoleConnectCommand::Azure(AzureCommand::Create(args)) => create(ctx, args).await,
        ConsoleConnectCommand::Azure(AzureCommand::Peering(cmd)) => peering(ctx, cmd).await,
        ConsoleConnectCommand::List(a) => Ok(Outcome::List {
            columns: CONNECTION_COLUMNS,
            items: raws(client(ctx)?.connections(a.limit).await?),
        }),
        ConsoleConnectCommand::Get { target } => {
            let c = client(ctx)?;
            Ok(Outcome::Item(find_connection(&c, &target).await?.raw))
        }
        ConsoleConnectCommand::Wait { target, until } => {
            let goal = ConnectionStatus::parse(&until);
            if let ConnectionStatus::Unknown(text) = &goal {
                return Err(Error::usage(format!(
                    "--until `{text}`: not a Console Connect status; use ACTIVE, CREATING, PENDING, PENDING_ACCEPTANCE, ACCEPTED, DISABLED, DELETED, ..."
                )));
            }
            let c = client(ctx)?;
            let id = connection_id(&c, &target).await?;
            Ok(Outcome::Item(wait_for_status(ctx, &c, &id, &goal).await?))
        }
        ConsoleConnectCommand::Delete { target } => delete(ctx, &target).await,
        ConsoleConnectCommand::Ports(a) => Ok(Outcome::List {
            columns: PORT_COLUMNS,
            items: raws(client(ctx)?.ports(a.limit).await?),
        }),
    }
}

/// Asks Console Connect about a service key: the answer as sent, and what `cc` reads from it.
/// A key it refuses (400/422, or an answer saying `valid: false`) is exit 2.
async fn verify_key(c: &ConsoleConnectClient, key: &str) -> Result<(Value, KeyAnswer)> {
    let key = key.trim();
    if key.is_empty() {
        return Err(Error::usage("the service key must not be empty"));
    }
    let answer = c.verify_key(key).await.map_err(|mut e| {
        if matches!(e.status, Some(400 | 422)) {
            e.kind = ErrorKind::Usage;
            e.message = format!("{PROVIDER}: the Azure service key `{key}` was refused");
            e = e.hint(
                "copy the service key again from the ExpressRoute circuit in the Azure portal",
            );
        }
        e
    })?;
    let read = KeyAnswer::read(&answer);
    if read.valid == Some(false) {
        let mut err = Error::usage(format!(
            "{PROVIDER}: the Azure service key `{key}` is not valid{}",
            read.message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        ))
        .provider(PROVIDER);
        err.provider_message = read.message.clone();
        return Err(err);
    }
    Ok((answer, read))
}

/// A connection by id (24 hex) or exact name.
async fn find_connection(c: &ConsoleConnectClient, target: &str) -> Result<Typed<Connection>> {
    if models::is_object_id(target) {
        return c.connection(target).await;
    }
    let named = c.connections_named(target).await?;
    match named.len() {
        1 => Ok(named.into_iter().next().expect("one")),
        0 => Err(Error::not_found(
            PROVIDER,
            format!("no connection has the id or name `{target}`"),
        )
        .hint("`cc console-connect list` shows them all; ids are 24 hex digits")),
        n => {
            let ids: Vec<&str> = named.iter().map(|c| c.view.id.as_str()).collect();
            Err(Error::usage(format!(
                "{n} connections are named `{target}`; pass the id: {}",
                ids.join(", ")
            )))
        }
    }
}

/// A connection id: taken as is when it looks like one, else looked up by name.
async fn connection_id(c: &ConsoleConnectClient, target: &str) -> Result<String> {
    if models::is_object_id(target) {
        return Ok(target.to_string());
    }
    Ok(find_connection(c, target).await?.view.id)
}

fn resume_command(id: &str, goal: &ConnectionStatus) -> String {
    if *goal == ConnectionStatus::Active {
        format!("cc console-connect wait {id}")
    } else {
        format!("cc console-connect wait {id} --until {goal}")
    }
}

/// Polls a connection until it is `goal`. DELETED is also reached when the connection is gone.
async fn wait_for_status(
    ctx: &Context,
    c: &ConsoleConnectClient,
    id: &str,
    goal: &ConnectionStatus,
) -> Result<Value> {
    let target = Target {
        resource: format!("console-connect connection {id}"),
        goal: goal.to_string(),
        resume: resume_command(id, goal),
    };
    wait::until(&ctx.wait, &target, || async {
        let Some(connection) = c.connection_if_exists(id).await? else {
            if *goal == ConnectionStatus::Deleted {
                return Ok(Poll::Done(json!({ "id": id, "status": "DELETED" })));
            }
            return Err(Error::not_found(
                PROVIDER,
                format!(
                    "connection {id} does not exist (or no longer does): it will not become {goal}"
                ),
            ));
        };
        let status = connection.view.status.clone();
        if status == *goal {
            return Ok(Poll::Done(connection.raw));
        }
        let failed = match goal {
            // A connection that failed before its delete may still say so while going away.
            ConnectionStatus::Deleted => false,
            ConnectionStatus::Active => {
                status.is_failure()
                    || matches!(
                        status,
                        ConnectionStatus::Deleting
                            | ConnectionStatus::Deleted
                            | ConnectionStatus::Disabled
                    )
            }
            _ => status.is_failure(),
        };
        Ok(if failed {
            Poll::Failed {
                state: status.to_string(),
                reason: connection.view.failure_reason(),
            }
        } else {
            Poll::Pending(status.to_string())
        })
    })
    .await
}

/// The ports of the order, resolved and checked against the requested speed.
fn pick_ports(ports: &[Typed<Port>], wanted: &[String], speed: u32) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for want in wanted {
        let by_id = ports.iter().find(|p| p.view.id == *want);
        let port = match by_id {
            Some(port) => port,
            None => {
                let named: Vec<&Typed<Port>> =
                    ports.iter().filter(|p| p.view.name == *want).collect();
                match named.as_slice() {
                    [one] => *one,
                    [] => {
                        let known: Vec<String> = ports
                            .iter()
                            .map(|p| format!("{} ({})", p.view.name, p.view.id))
                            .collect();
                        return Err(Error::not_found(
                            PROVIDER,
                            format!(
                                "--port `{want}`: the company has no port with that id or name"
                            ),
                        )
                        .hint(format!(
                            "ports: {}",
                            if known.is_empty() {
                                "(none)".into()
                            } else {
                                known.join(", ")
                            }
                        )));
                    }
                    several => {
                        let ids: Vec<&str> = several.iter().map(|p| p.view.id.as_str()).collect();
                        return Err(Error::usage(format!(
                            "--port `{want}`: {} ports have that name; pass the id: {}",
                            several.len(),
                            ids.join(", ")
                        )));
                    }
                }
            }
        };
        let view = &port.view;
        if !view.status.accepts_connections() {
            return Err(Error::usage(format!(
                "--port `{want}`: port {} is {}; it takes no new connection",
                view.id, view.status
            )));
        }
        if let Some(port_speed) = view.speed.as_ref().and_then(models::Speed::mbps)
            && port_speed > 0
            && u64::from(speed) > port_speed
        {
            return Err(Error::usage(format!(
                "--speed {speed}: port `{}` runs at {port_speed} Mbps",
                view.name
            )));
        }
        if let Some(remaining) = view.capacity.as_ref().and_then(|c| c.remaining)
            && f64::from(speed) > remaining
        {
            return Err(Error::usage(format!(
                "--speed {speed}: port `{}` has {remaining} Mbps left",
                view.name
            )));
        }
        if ids.contains(&view.id) {
            return Err(Error::usage(format!(
                "--port `{want}`: port {} is given twice",
                view.id
            )));
        }
        ids.push(view.id.clone());
    }
    Ok(ids)
}

async fn create(ctx: &Context, args: CreateArgs) -> Result<Outcome> {
    let name = validate::name("--name", &args.name, 255)?;
    if args.speed == 0 {
        return Err(Error::usage("--speed 0: must be a positive number of Mbps"));
    }
    if args.ports.len() > 2 {
        return Err(Error::usage(format!(
            "--port given {} times: an Azure connection has one or two source ports",
            args.ports.len()
        )));
    }
    if args.ports.iter().any(|p| p.trim().is_empty()) {
        return Err(Error::usage("--port: must not be empty"));
    }
    if args.service_key.trim().is_empty() {
        return Err(Error::usage("--service-key: must not be empty"));
    }
    let c = client(ctx)?;
    let (key, ports, existing) = tokio::try_join!(
        async {
            verify_key(&c, &args.service_key)
                .await
                .map_err(|e| e.hint("nothing was ordered"))
        },
        c.ports(None),
        c.connections_named(&name),
    )?;
    key.1
        .check_speed(args.speed)
        .map_err(|rule| Error::usage(format!("--speed {}: {rule}", args.speed)))?;
    let port_ids = pick_ports(&ports, &args.ports, args.speed)?;
    let body = CreateAzure {
        azure_service_key: args.service_key.trim().to_string(),
        name: name.clone(),
        src_port: port_ids
            .into_iter()
            .map(|port_id| SrcPort { port_id })
            .collect(),
        speed: args.speed,
        payment_type: args.payment_type,
    };
    let existing_ids: HashSet<String> = existing.into_iter().map(|c| c.view.id).collect();

    let created = match c.create_azure(&body).await {
        Ok(created) => created,
        Err(err) if err.maybe_applied => {
            return Err(after_lost_create(&c, &name, &existing_ids, err).await);
        }
        Err(err) => return Err(err),
    };
    crate::log::line(
        crate::log::PROGRESS,
        format!(
            "{PROVIDER}: ordered connection {} ({name}), status {}",
            created.view.id, created.view.status
        ),
    );
    if ctx.no_wait() || created.view.status == ConnectionStatus::Active {
        return Ok(Outcome::Item(created.raw));
    }
    let done = wait_for_status(ctx, &c, &created.view.id, &ConnectionStatus::Active).await?;
    Ok(Outcome::Item(done))
}

/// The order's outcome is unknown: look for it by name instead of ordering again.
async fn after_lost_create(
    c: &ConsoleConnectClient,
    name: &str,
    existing: &HashSet<String>,
    err: Error,
) -> Error {
    // An Azure order is a group: its two subconnections carry the same name.
    let found = c.connections_named(name).await.map(|found| {
        found
            .into_iter()
            .filter(|f| f.view.parent_id.is_none())
            .map(|f| (f.view.id, f.view.status.to_string()))
            .collect()
    });
    super::lost_create(
        err,
        "connection",
        &format!("named `{name}`"),
        "cc console-connect list",
        "cc console-connect wait {id}",
        existing,
        found,
    )
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
    let summary = |state: &str, status: &str| json!({ "id": id, "name": name, "state": state, "status": status });
    if ctx.no_wait() {
        return Ok(Outcome::Item(summary(
            connection.view.status.as_str(),
            "deleting",
        )));
    }
    wait_for_status(ctx, &c, &id, &ConnectionStatus::Deleted).await?;
    Ok(Outcome::Item(summary("DELETED", "deleted")))
}

impl PeeringSetArgs {
    /// The request body, once every value passed its check; nothing has been sent yet.
    fn request(&self) -> Result<PeeringRequest> {
        let microsoft = self.kind == PeeringType::Microsoft;
        if !microsoft {
            if !self.advertised_prefixes.is_empty() {
                return Err(Error::usage(format!(
                    "--advertised-prefix: only for MICROSOFT peering, not {}",
                    self.kind
                )));
            }
            if self.routing_registry.is_some() {
                return Err(Error::usage(format!(
                    "--routing-registry: only for MICROSOFT peering, not {}",
                    self.kind
                )));
            }
        } else if self.advertised_prefixes.is_empty() {
            return Err(Error::usage(
                "--advertised-prefix: MICROSOFT peering needs at least one public prefix to advertise",
            ));
        }
        if self.kind == PeeringType::Private && validate::AZURE_RESERVED.contains(&self.peer_asn) {
            return Err(Error::usage(format!(
                "--peer-asn {}: ASNs {}-{} are reserved by Microsoft for ExpressRoute peering",
                self.peer_asn,
                validate::AZURE_RESERVED.start(),
                validate::AZURE_RESERVED.end()
            )));
        }
        let primary = validate::ipv4_cidr_prefix("--primary-subnet", &self.primary_subnet, 30, 30)?;
        let secondary =
            validate::ipv4_cidr_prefix("--secondary-subnet", &self.secondary_subnet, 30, 30)?;
        if primary == secondary {
            return Err(Error::usage(format!(
                "--primary-subnet and --secondary-subnet are both {primary}: the two links need different /30s"
            )));
        }
        if let Some(key) = &self.shared_key
            && (key.trim().is_empty() || key.chars().any(|c| c.is_control() || c.is_whitespace()))
        {
            return Err(Error::usage(
                "--shared-key: must not be empty or contain spaces or control characters",
            ));
        }
        let prefixes = self
            .advertised_prefixes
            .iter()
            .map(|p| validate::cidr("--advertised-prefix", p).map(|n| n.to_string()))
            .collect::<Result<Vec<_>>>()?;
        let registry = self
            .routing_registry
            .as_deref()
            .map(|r| validate::name("--routing-registry", r, 64))
            .transpose()?;
        Ok(PeeringRequest {
            peer_asn: self.peer_asn,
            primary_subnet: primary.to_string(),
            secondary_subnet: secondary.to_string(),
            vlan: self.vlan,
            shared_key: self.shared_key.clone(),
            advertised_public_prefixes: microsoft.then_some(prefixes),
            routing_registry_name: registry,
        })
    }
}

/// A peering object as it may be printed: the shared key (and any other secret-named field)
/// masked.
fn masked(mut value: Value) -> Value {
    redact::json(&mut value);
    value
}

async fn peering(ctx: &Context, cmd: PeeringCommand) -> Result<Outcome> {
    match cmd {
        PeeringCommand::Set(args) => peering_set(ctx, args).await,
        PeeringCommand::Get { target, kind } => {
            let c = client(ctx)?;
            let id = connection_id(&c, &target).await?;
            Ok(Outcome::Item(masked(c.peering(&id, kind).await?)))
        }
        PeeringCommand::Delete { target, kind } => {
            let c = client(ctx)?;
            let id = connection_id(&c, &target).await?;
            ctx.confirm(&format!(
                "Delete the {kind} peering of Console Connect connection {id}?"
            ))?;
            c.delete_peering(&id, kind).await?;
            let summary =
                |status: &str| json!({ "id": id, "type": kind.as_str(), "status": status });
            if ctx.no_wait() {
                return Ok(Outcome::Item(summary("deleting")));
            }
            wait_for_peering_gone(ctx, &c, &id, kind).await?;
            Ok(Outcome::Item(summary("deleted")))
        }
    }
}

async fn peering_set(ctx: &Context, args: PeeringSetArgs) -> Result<Outcome> {
    let body = args.request()?;
    let kind = args.kind;
    let c = client(ctx)?;
    let connection = find_connection(&c, &args.target).await?;
    let id = connection.view.id.clone();
    if connection.view.status != ConnectionStatus::Active {
        return Err(Error::usage(format!(
            "connection {id} is {}: Console Connect takes a peering config only once the connection is ACTIVE; nothing was sent",
            connection.view.status
        ))
        .hint(format!("wait for it with `cc console-connect wait {id}`, then run this again")));
    }
    let answer = c.set_peering(&id, kind, &body).await?;
    crate::log::line(
        crate::log::PROGRESS,
        format!("{PROVIDER}: {kind} peering of connection {id} sent"),
    );
    if ctx.no_wait() {
        let shown = answer
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({ "id": id, "type": kind.as_str(), "status": "submitted" }));
        return Ok(Outcome::Item(masked(shown)));
    }
    let done = wait_for_peering(ctx, &c, &id, kind).await?;
    Ok(Outcome::Item(masked(done)))
}

/// Polls until the peering is PROVISIONED; prints the peering object.
async fn wait_for_peering(
    ctx: &Context,
    c: &ConsoleConnectClient,
    id: &str,
    kind: PeeringType,
) -> Result<Value> {
    let target = Target {
        resource: format!("the {kind} peering of console-connect connection {id}"),
        goal: ProvisioningStatus::Provisioned.to_string(),
        resume: format!("cc console-connect azure peering get {id} {kind}"),
    };
    wait::until(&ctx.wait, &target, || async {
        // The peering's own status, else its entry in the connection's `partner.peering`
        // (where the provider document puts the sub-statuses).
        let peering = c.peering_if_exists(id, kind).await?;
        let mut status = peering.as_ref().and_then(models::peering_status);
        if status.is_none() {
            let connection = c.connection(id).await?;
            if connection.view.status.is_failure() {
                return Ok(Poll::Failed {
                    state: format!("connection {}", connection.view.status),
                    reason: connection.view.failure_reason(),
                });
            }
            status = models::peering_in_connection(&connection.raw, kind)
                .and_then(models::peering_status);
        }
        Ok(match (status, peering) {
            (Some(ProvisioningStatus::Provisioned), peering) => Poll::Done(peering.unwrap_or_else(
                || json!({ "id": id, "type": kind.as_str(), "provisioningStatus": "PROVISIONED" }),
            )),
            (Some(status), _) => Poll::Pending(status.to_string()),
            (None, None) => Poll::Pending("not visible yet".into()),
            (None, Some(peering)) => {
                crate::log::line(
                    if ctx.global.quiet { crate::log::PROGRESS } else { 0 },
                    format!("warning: {PROVIDER} reports no provisioning status for the {kind} peering of {id}; not waiting"),
                );
                Poll::Done(peering)
            }
        })
    })
    .await
}

/// Polls until the peering is gone (404) or back to NOT PROVISIONED.
async fn wait_for_peering_gone(
    ctx: &Context,
    c: &ConsoleConnectClient,
    id: &str,
    kind: PeeringType,
) -> Result<()> {
    let target = Target {
        resource: format!("the {kind} peering of console-connect connection {id}"),
        goal: "deleted".into(),
        resume: format!("cc console-connect azure peering get {id} {kind}"),
    };
    wait::until(&ctx.wait, &target, || async {
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
