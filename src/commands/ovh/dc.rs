//! `cc ovh dc ...`: datacenter configurations of a POP configuration, one per OVHcloud
//! datacenter it reaches.
//!
//! Checked before anything is sent: `--ovh-asn` is a private AS number and `--subnet` an IPv4
//! block of /28 or larger (the L3 rule). Then, with one read of the POP configuration: under an
//! L2 POP only `--datacenter` is given; under an L3 POP `--ovh-asn` and `--subnet` are needed.

use clap::{Args, Subcommand};
use serde_json::Value;

use super::tasks::{self, Configured, Kind};
use super::{client_for, listed};
use crate::commands::args::LimitArgs;
use crate::commands::create::{self, Create, Step, shown};
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::Typed;
use crate::providers::ovh::OvhClient;
use crate::providers::ovh::models::{DatacenterConfig, Task};
use crate::providers::ovh::{desired_body, identity, rules};

/// Datacenter configurations of a POP configuration: the datacenters it reaches
#[derive(Debug, Subcommand)]
pub enum DcCommand {
    Create(DcCreateArgs),
    /// List the datacenter configurations of a POP configuration, each read in full
    ///
    /// Examples:
    ///
    ///     $ cc ovh dc list 5f8f3b52-0000-4000-8000-000000000002 1001
    #[command(verbatim_doc_comment)]
    List(DcListArgs),
    /// Show one datacenter configuration
    ///
    /// Examples:
    ///
    ///     $ cc ovh dc get 5f8f3b52-0000-4000-8000-000000000002 1001 3001
    #[command(verbatim_doc_comment)]
    Get(DcAt),
    /// Delete a datacenter configuration, with its extra configurations (one task)
    ///
    /// Waits until the task is done unless `--no-wait`. Asks for confirmation on a terminal;
    /// pass `--yes` in scripts.
    ///
    /// Examples:
    ///
    ///     $ cc ovh dc delete 5f8f3b52-0000-4000-8000-000000000002 1001 3001 --yes
    #[command(verbatim_doc_comment)]
    Delete(DcAt),
}

/// A POP configuration of a service, and `--limit`.
#[derive(Debug, Args)]
pub struct DcListArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// POP configuration id
    #[arg(value_name = "POP")]
    pub pop: u64,
    #[command(flatten)]
    pub limit: LimitArgs,
}

/// A datacenter configuration: what `dc get` and `dc delete` name, and where the extra
/// configurations of `cc ovh extra` live (one struct, so both read the same positionals).
#[derive(Debug, Args)]
pub struct DcAt {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// POP configuration id
    #[arg(value_name = "POP")]
    pub pop: u64,
    /// Datacenter configuration id
    #[arg(value_name = "DC")]
    pub dc: u64,
}

/// Configure a datacenter under a POP configuration
///
/// Sends `POST /ovhCloudConnect/{service}/config/pop/{pop}/datacenter` and, unless
/// `--no-wait`, waits until its task is done, then prints the new datacenter configuration.
/// Under an L2 POP only `--datacenter` is given; under an L3 POP also `--ovh-asn` (a private AS
/// number) and `--subnet`, an IPv4 block of /28 or larger.
///
/// Examples:
///
///     # an L2 POP configuration first (its id is printed: 10001 in a fresh sandbox)
///     $ cc ovh pop create 5f8f3b52-0000-4000-8000-000000000001 --interface 2001 --type l2
///     $ cc ovh dc create 5f8f3b52-0000-4000-8000-000000000001 10001 --datacenter 5
///     $ cc ovh dc create 5f8f3b52-0000-4000-8000-000000000002 1001 --datacenter 6 \
///         --ovh-asn 65402 --subnet 10.20.0.0/28
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct DcCreateArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// POP configuration id
    #[arg(value_name = "POP")]
    pub pop: u64,
    /// The datacenter id (`cc ovh datacenters SERVICE`)
    #[arg(long, value_name = "ID")]
    pub datacenter: u64,
    /// The AS number of OVHcloud's routing instance in the datacenter, private (L3)
    #[arg(long, value_name = "N")]
    pub ovh_asn: Option<u64>,
    /// The datacenter subnet, /28 or larger (L3)
    #[arg(long, value_name = "CIDR")]
    pub subnet: Option<String>,
}

const DC_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("STATUS", "status", High),
    col("DATACENTER", "datacenterId", High),
    col("OVH ASN", "ovhBgpArea", Medium),
    col("SUBNET", "subnet", Medium),
];

/// Runs a `dc` subcommand.
pub async fn run(ctx: &Context, cmd: DcCommand) -> Result<Outcome> {
    match cmd {
        DcCommand::Create(args) => create(ctx, args).await,
        DcCommand::List(args) => {
            let (c, service) = client_for(ctx, &args.service).await?;
            listed(
                DC_COLUMNS,
                c.limited(args.limit.limit)
                    .datacenter_configs(&service, args.pop)
                    .await?,
            )
        }
        DcCommand::Get(args) => {
            let (c, service) = client_for(ctx, &args.service).await?;
            Ok(Outcome::Item(
                c.datacenter_config(&service, args.pop, args.dc).await?.raw,
            ))
        }
        DcCommand::Delete(args) => {
            let (c, service) = client_for(ctx, &args.service).await?;
            let dc = c.datacenter_config(&service, args.pop, args.dc).await?;
            let state = dc.view.status.map(|s| s.to_string()).unwrap_or_default();
            tasks::delete(
                ctx,
                &c,
                &service,
                args.dc,
                format!(
                    "datacenter configuration {} (datacenter {}) of POP configuration {}",
                    args.dc, dc.view.datacenter_id, args.pop
                ),
                state,
                c.delete_datacenter_config(&service, args.pop, args.dc),
            )
            .await
        }
    }
}

/// `cc ovh dc create`: its body is the one `cc apply` sends for a file's datacenter
/// configuration, its values checked alone before any request (the layer of the POP once it is
/// read).
async fn create(ctx: &Context, args: DcCreateArgs) -> Result<Outcome> {
    let fields = super::fields([
        ("datacenter", Some(args.datacenter.into())),
        ("ovh_asn", args.ovh_asn.map(Value::from)),
        ("subnet", args.subnet.map(Value::from)),
    ]);
    let dc = desired_body::datacenter_body(|f| fields.get(f))?;
    let steps = DcCreate {
        service: args.service,
        pop: args.pop,
        dc,
    };
    create::run(ctx, steps).await
}

/// `cc ovh dc create`: the service as given, the POP configuration, and the datacenter
/// configuration checked so far.
#[derive(Clone)]
struct DcCreate {
    service: String,
    pop: u64,
    dc: DatacenterConfig,
}

impl Create for DcCreate {
    type Order = Configured<DcCreate>;
    const COMMAND: &'static str = "cc ovh dc create";
    const QUESTION: &'static str = "Create this datacenter configuration?";

    /// Under an L2 POP only `--datacenter` is given; under an L3 POP `--ovh-asn` and
    /// `--subnet` are needed.
    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let (c, service) = client_for(ctx, &self.service).await?;
        let (dc, pop_id) = (&self.dc, self.pop);
        let pop = c.pop_config(&service, pop_id).await?;
        rules::check_datacenter(&pop.view.kind, dc)
            .map_err(|e| e.hint(format!("POP configuration {pop_id} is {}", pop.view.kind)))?;
        let existing = c.datacenter_configs(&service, pop_id).await?;
        let matching = format!(
            "for datacenter {} on POP configuration {pop_id}",
            dc.datacenter_id
        );
        Ok(Step::Go(Configured::new(
            (c, service),
            ("dc", &[pop_id]),
            ("datacenter configuration", matching),
            &existing,
            self.clone(),
        )))
    }
}

impl Kind for DcCreate {
    fn body(&self) -> Result<Value> {
        shown(&self.dc)
    }

    async fn send(&self, c: &OvhClient, service: &str) -> Result<Typed<Task>> {
        c.create_datacenter_config(service, self.pop, &self.dc)
            .await
    }

    async fn find(&self, c: &OvhClient, service: &str) -> Result<Vec<(String, String)>> {
        let on = identity::datacenters_for(c, service, self.pop, self.dc.datacenter_id).await?;
        Ok(tasks::ids_and_states(&on))
    }

    async fn read(&self, c: &OvhClient, service: &str, id: u64) -> Result<Value> {
        Ok(c.datacenter_config(service, self.pop, id).await?.raw)
    }
}
