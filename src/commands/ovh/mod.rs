//! `cc ovh ...`: OVHcloud Connect (OCC).
//!
//! An OCC service is a physical link delivered at a POP. It carries traffic once it is in a
//! vRack and has a configuration tree: one POP configuration per interface (`l2`, or `l3` with
//! BGP), a datacenter configuration for each OVHcloud datacenter it reaches, and, in L3, extra
//! configurations on those (static routes or one BGP session). Every create and delete answers
//! an OVH task: the commands wait until it is `done` and then print the object it made, so one
//! command is one finished change. The provider document's rules are checked here before anything is
//! sent (`providers::ovh::rules` holds the rules themselves, which say which fields of the body
//! they refused; [`FLAGS`] names those fields by their flags, once, for every command).
//!
//! Files: `services.rs` (`list`, `get`), `vrack.rs`, `interfaces.rs` (`interfaces`,
//! `datacenters`), `tasks.rs` (`tasks`, `task wait`, and the wait every create and delete
//! shares), `pop.rs`, `dc.rs`, `extra.rs`; what `connections list`, `doctor`, `api`
//! and `sandbox` see is `providers::ovh::contract`.

pub mod dc;
pub mod diagnose;
pub mod extra;
pub mod incidents;
pub mod interfaces;
pub mod pop;
pub mod services;
pub mod stats;
pub mod status;
pub mod tasks;
pub mod vrack;

use std::collections::BTreeMap;

use clap::{Args, Subcommand};
use serde_json::Value;

use crate::commands::args::LimitArgs;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Column, Outcome};
use crate::providers::ovh::models::{ExtraType, PopType};
use crate::providers::ovh::readings::{DiagnosticFunction, DiagnosticType};
use crate::providers::ovh::{OvhClient, PROVIDER};
use crate::providers::{Typed, raws};
use crate::resolve::Lookup;
use crate::validate;

/// A wire enum of `providers::ovh::models` as the values of a flag (`--type l2|l3`): the
/// variants listed, in that order, spelled as the API writes them; the `Other` fallback that
/// keeps unknown values read from OVH is never offered nor accepted.
macro_rules! flag_values {
    ($ty:ident { $($variant:ident),+ $(,)? }) => {
        impl clap::ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                const VARIANTS: &[$ty] = &[$($ty::$variant),+];
                VARIANTS
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                let text = self.as_str();
                $ty::ALL
                    .iter()
                    .find(|known| **known == text)
                    .map(|known| clap::builder::PossibleValue::new(*known))
            }
        }
    };
}

flag_values!(PopType { L2, L3 });
flag_values!(ExtraType { Network, Bgp });
flag_values!(DiagnosticFunction {
    DiagMacs,
    DiagPeering,
    DiagPeeringExtra,
    DiagRoutes
});
flag_values!(DiagnosticType {
    Default,
    Routes,
    AdvertisedRoutes
});

/// OVHcloud Connect: services, vRack, and the POP / datacenter / extra configuration tree
#[derive(Debug, Subcommand)]
pub enum OvhCommand {
    /// List OVHcloud Connect services, each read in full
    ///
    /// Reads the service ids (`GET /ovhCloudConnect`), then each service, ten at a time.
    ///
    /// Examples:
    ///
    ///     $ cc ovh list
    ///     $ cc ovh list -o json --jq '.[] | select(.vrack == null) | .uuid'
    #[command(verbatim_doc_comment)]
    List(LimitArgs),
    /// Show one service
    ///
    /// Examples:
    ///
    ///     $ cc ovh get 5f8f3b52-0000-4000-8000-000000000001
    ///     $ cc ovh get "Paris datacenter link" -o json
    #[command(verbatim_doc_comment)]
    Get(ServiceArg),
    /// Set the description of a service, then print the service
    ///
    /// Sends `PUT /ovhCloudConnect/{service}` with `{"description": TEXT}` (the one field OVH
    /// lets a service change), then reads the service back.
    ///
    /// Examples:
    ///
    ///     $ cc ovh update 5f8f3b52-0000-4000-8000-000000000001 --description "Paris link"
    #[command(verbatim_doc_comment)]
    Update(services::UpdateArgs),
    /// Whether a link carries traffic: its health and the reasons, in one report
    ///
    /// Reads at once: the service; each interface and its `/status` (link up or down, light
    /// levels in and out with their status); each POP configuration and, for an active L3 one,
    /// its BGP session's `/status` (`lastUp`, `lastDown`, `flapCount`); the incidents and
    /// maintenances; the tasks. Prints `health` and the `reasons` behind it first, then the
    /// interfaces, the BGP sessions, the open incidents and the unfinished tasks.
    ///
    /// Health rules (`up` < `degraded` < `unknown` < `down`; the worst finding decides):
    ///   degraded  an interface down while another is up; a light level `down`; a BGP session
    ///             down while another is up; a BGP session up whose `lastDown` is within the
    ///             last hour (a flap); an incident or maintenance started and not ended
    ///   down      no interface up; every BGP session down
    ///   unknown   a reading failed (the reason names it)
    ///   up        nothing of the above (a service with no POP configuration yet can be up)
    /// Unfinished tasks are shown, not judged. Each reason names the interface, POP
    /// configuration or incident by its id.
    ///
    /// Examples:
    ///
    ///     $ cc ovh status 5f8f3b52-0000-4000-8000-000000000002
    ///     $ cc ovh status "Paris datacenter link" -o json --jq '.health, .reasons[]'
    #[command(verbatim_doc_comment)]
    Status(ServiceArg),
    /// Show a statistics series of an interface or of a POP configuration
    ///
    /// Sends `GET /ovhCloudConnect/{service}/interface/{id}/statistics` or
    /// `.../config/pop/{popId}/statistics` with `period` and `type`. One row per sample (time,
    /// value, unit); on a terminal a sparkline with min, max and last follows the table.
    ///
    /// Types: with `--interface`, `traffic:download`, `traffic:upload`, `error:download`,
    /// `error:upload`, `light:in`, `light:out`; with `--pop` (L3), `prefix:accepted`,
    /// `prefix:limit`.
    ///
    /// Examples:
    ///
    ///     $ cc ovh stats 5f8f3b52-0000-4000-8000-000000000002 --interface 2002 --type light:in
    ///     $ cc ovh stats 5f8f3b52-0000-4000-8000-000000000002 --pop 1001 --type prefix:accepted
    #[command(verbatim_doc_comment)]
    Stats(stats::StatsArgs),
    /// Run a diagnostic on a POP configuration, wait for it, and print its result
    ///
    /// Sends `POST /ovhCloudConnect/{service}/diagnostic` (`DiagnosticConfiguration`), then polls
    /// `GET .../diagnostic/{id}` until `done` (exit 8 on `error` or `denied`, exit 7 after
    /// `--timeout`, which prints the command that resumes the wait). `--no-wait` prints the
    /// diagnostic as OVH first answers it.
    ///
    /// Functions: `diagPeering` (the POP configuration's BGP peering), `diagPeeringExtra` (the
    /// BGP session of an extra configuration: `--dc` and `--extra`), `diagRoutes` (routes;
    /// `--routes` says which), `diagMacs` (MAC addresses learnt, L2).
    ///
    /// Examples:
    ///
    ///     $ cc ovh diagnose 5f8f3b52-0000-4000-8000-000000000002 --pop 1001 --function diagPeering
    ///     $ cc ovh diagnose 5f8f3b52-0000-4000-8000-000000000002 --pop 1001 --function diagRoutes
    #[command(verbatim_doc_comment)]
    Diagnose(diagnose::DiagnoseArgs),
    /// List the open incidents and maintenances of a service (all with `--all`)
    ///
    /// Reads `GET /ovhCloudConnect/{service}/incident`, then each incident. An incident is open
    /// while it has no `endDate` or one in the future (a maintenance announced ahead is open).
    ///
    /// Examples:
    ///
    ///     $ cc ovh incidents 5f8f3b52-0000-4000-8000-000000000002
    ///     $ cc ovh incidents 5f8f3b52-0000-4000-8000-000000000002 --all -o json
    #[command(verbatim_doc_comment)]
    Incidents(incidents::IncidentsArgs),
    /// vRack membership: which services may join a vRack, which are in it, attach, detach
    #[command(subcommand)]
    Vrack(vrack::VrackCommand),
    /// List the physical interfaces of a service, with details
    ///
    /// A POP configuration is made on one of these (`cc ovh pop create --interface ID`).
    ///
    /// Examples:
    ///
    ///     $ cc ovh interfaces 5f8f3b52-0000-4000-8000-000000000001
    #[command(verbatim_doc_comment)]
    Interfaces(ServiceListArgs),
    /// List the OVHcloud datacenters a service may reach, with details
    ///
    /// A datacenter configuration is made on one of these (`cc ovh dc create --datacenter ID`).
    ///
    /// Examples:
    ///
    ///     $ cc ovh datacenters 5f8f3b52-0000-4000-8000-000000000001
    ///     $ cc ovh datacenters 5f8f3b52-0000-4000-8000-000000000001 --jq '.[] | select(.available) | .id'
    #[command(verbatim_doc_comment)]
    Datacenters(ServiceListArgs),
    /// List the tasks of a service (every create and delete is one), with details
    ///
    /// Examples:
    ///
    ///     $ cc ovh tasks 5f8f3b52-0000-4000-8000-000000000002
    #[command(verbatim_doc_comment)]
    Tasks(ServiceListArgs),
    /// Follow one task
    #[command(subcommand)]
    Task(tasks::TaskCommand),
    /// POP configurations: one per interface, `l2` or `l3`
    #[command(subcommand)]
    Pop(pop::PopCommand),
    /// Datacenter configurations of a POP configuration: the datacenters it reaches
    #[command(subcommand)]
    Dc(dc::DcCommand),
    /// Extra configurations of a datacenter configuration (L3): static routes or a BGP session
    #[command(subcommand)]
    Extra(extra::ExtraCommand),
}

/// A service, by UUID or exact description.
#[derive(Debug, Args)]
pub struct ServiceArg {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
}

/// A service and `--limit`.
#[derive(Debug, Args)]
pub struct ServiceListArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    #[command(flatten)]
    pub limit: LimitArgs,
}

/// The OVH client for this run, or exit 2 naming what is missing.
pub fn client(ctx: &Context) -> Result<OvhClient> {
    ctx.client::<crate::providers::ovh::contract::Ovh>()
}

/// The flag of each body field that `providers::ovh::rules` refuses by name: the one place the
/// command line names them; [`run`] names every refusal it returns.
const FLAGS: &[(&str, &str)] = &[
    ("customerBgpArea", "--customer-asn"),
    ("ovhBgpArea", "--ovh-asn"),
    ("subnet", "--subnet"),
    ("nextHop", "--next-hop"),
    ("bgpNeighborArea", "--bgp-neighbor-asn"),
    ("bgpNeighborIp", "--bgp-neighbor-ip"),
    ("type", "--type"),
    ("description", "--description"),
];

/// A create's flags in the names a desired-state file gives the same fields (unset flags left
/// out): what the provider's body builders read (`providers::ovh::desired_body`), so that a
/// command and `cc apply` build and check one body.
fn fields<const N: usize>(
    given: [(&'static str, Option<Value>); N],
) -> BTreeMap<&'static str, Value> {
    given
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect()
}

/// Runs an `ovh` subcommand.
pub async fn run(ctx: &Context, cmd: OvhCommand) -> Result<Outcome> {
    let outcome = match cmd {
        OvhCommand::List(args) => services::list(ctx, args).await,
        OvhCommand::Get(args) => services::get(ctx, args).await,
        OvhCommand::Update(args) => services::update(ctx, args).await,
        OvhCommand::Status(args) => status::run(ctx, args).await,
        OvhCommand::Stats(args) => stats::run(ctx, args).await,
        OvhCommand::Diagnose(args) => diagnose::run(ctx, args).await,
        OvhCommand::Incidents(args) => incidents::run(ctx, args).await,
        OvhCommand::Vrack(cmd) => vrack::run(ctx, cmd).await,
        OvhCommand::Interfaces(args) => interfaces::interfaces(ctx, args).await,
        OvhCommand::Datacenters(args) => interfaces::datacenters(ctx, args).await,
        OvhCommand::Tasks(args) => tasks::list(ctx, args).await,
        OvhCommand::Task(cmd) => tasks::run(ctx, cmd).await,
        OvhCommand::Pop(cmd) => pop::run(ctx, cmd).await,
        OvhCommand::Dc(cmd) => dc::run(ctx, cmd).await,
        OvhCommand::Extra(cmd) => extra::run(ctx, cmd).await,
    };
    outcome.map_err(|err| err.naming(FLAGS))
}

/// A list of objects read in full, as a table with `columns` or a JSON array.
pub fn listed<T>(columns: &'static [Column], items: Vec<Typed<T>>) -> Result<Outcome> {
    Ok(Outcome::List {
        columns,
        items: raws(items),
    })
}

/// The client for this run and the UUID of the service a command names (see [`service_id`]).
pub async fn client_for(ctx: &Context, service: &str) -> Result<(OvhClient, String)> {
    let c = client(ctx)?;
    let uuid = service_id(&c, service).await?;
    Ok((c, uuid))
}

/// The UUID of a service given by UUID (used as is, no request) or exact description (looked
/// up with the shared resolver: none is exit 4, several is exit 2 listing them).
pub async fn service_id(c: &OvhClient, target: &str) -> Result<String> {
    let target = target.trim();
    if validate::is_uuid(target) {
        return Ok(target.to_ascii_lowercase());
    }
    if target.is_empty() {
        return Err(Error::usage("SERVICE: must not be empty"));
    }
    let services = c.services().await?;
    let list = crate::hint::cc("ovh list");
    let lookup = Lookup {
        provider: PROVIDER,
        what: "OVHcloud Connect service",
        flag: None,
        list: &list,
    };
    let found = lookup.pick(
        &services,
        target,
        |s| s.view.uuid.clone(),
        |s| s.view.description.iter().cloned().collect(),
    )?;
    Ok(found.view.uuid.clone())
}
