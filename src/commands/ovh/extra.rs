//! `cc ovh extra ...`: extra configurations of an L3 datacenter configuration: static routes
//! (`network`) or one BGP session (`bgp`).
//!
//! Checked before anything is sent: the flags of the type (`--subnet` and `--next-hop` for a
//! route, `--bgp-neighbor-asn` and `--bgp-neighbor-ip` for a session, never the other type's),
//! the private ASN, the addresses. Then, with reads of the datacenter configuration and of its
//! extras: the addresses lie in the datacenter subnet, and static routes and a BGP session are
//! never mixed in one datacenter configuration (the error gives the `cc ovh extra delete`
//! commands of the other kind).

use clap::{Args, Subcommand};
use serde_json::Value;

use super::dc::DcAt;
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
use crate::providers::ovh::desired::extra_ident;
use crate::providers::ovh::models::{DatacenterExtraConfig, ExtraType, Task};
use crate::providers::ovh::{PROVIDER, desired_body, identity, rules, rules_span};

/// Extra configurations of a datacenter configuration (L3): static routes or a BGP session
#[derive(Debug, Subcommand)]
pub enum ExtraCommand {
    Create(ExtraCreateArgs),
    /// List the extra configurations of a datacenter configuration, each read in full
    ///
    /// Examples:
    ///
    ///     $ cc ovh extra list 5f8f3b52-0000-4000-8000-000000000002 1001 3001
    #[command(verbatim_doc_comment)]
    List(ExtraListArgs),
    /// Show one extra configuration
    ///
    /// Examples:
    ///
    ///     $ cc ovh extra get 5f8f3b52-0000-4000-8000-000000000002 1001 3001 4001
    #[command(verbatim_doc_comment)]
    Get(ExtraArgs),
    /// Delete an extra configuration
    ///
    /// Waits until the task is done unless `--no-wait`. Asks for confirmation on a terminal;
    /// pass `--yes` in scripts.
    ///
    /// Examples:
    ///
    ///     $ cc ovh extra delete 5f8f3b52-0000-4000-8000-000000000002 1001 3001 4001 --yes
    #[command(verbatim_doc_comment)]
    Delete(ExtraArgs),
}

/// A datacenter configuration, and `--limit`.
#[derive(Debug, Args)]
pub struct ExtraListArgs {
    #[command(flatten)]
    pub at: DcAt,
    #[command(flatten)]
    pub limit: LimitArgs,
}

/// An extra configuration.
#[derive(Debug, Args)]
pub struct ExtraArgs {
    #[command(flatten)]
    pub at: DcAt,
    /// Extra configuration id
    #[arg(value_name = "EXTRA")]
    pub extra: u64,
}

/// Add a static route or a BGP session to an L3 datacenter configuration
///
/// Sends `POST .../config/pop/{pop}/datacenter/{dc}/extra` and, unless `--no-wait`, waits
/// until its task is done, then prints the new extra configuration. A static route
/// (`--type network`) takes `--subnet` (the prefix routed) and `--next-hop` (the gateway, a host
/// of the datacenter subnet); a BGP session (`--type bgp`) takes `--bgp-neighbor-asn` (your
/// private AS) and `--bgp-neighbor-ip` (your router, a host of the datacenter subnet): neither
/// its network nor its broadcast address. One datacenter configuration has static routes or a
/// BGP session, never both, and each route once.
///
/// Examples:
///
///     # a BGP session needs a datacenter configuration without static routes: a new one
///     # (its id is printed: 10001 in a fresh sandbox)
///     $ cc ovh dc create 5f8f3b52-0000-4000-8000-000000000002 1001 --datacenter 6 \
///         --ovh-asn 65402 --subnet 10.20.0.0/28
///     $ cc ovh extra create 5f8f3b52-0000-4000-8000-000000000002 1001 10001 --type bgp \
///         --bgp-neighbor-asn 65500 --bgp-neighbor-ip 10.20.0.4
///
///     # a static route in the seeded datacenter configuration
///     $ cc ovh extra create 5f8f3b52-0000-4000-8000-000000000002 1001 3001 --type network \
///         --subnet 172.16.1.0/24 --next-hop 10.10.0.11
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ExtraCreateArgs {
    #[command(flatten)]
    pub at: DcAt,
    /// A static route or a BGP session
    #[arg(long = "type", value_name = "network|bgp")]
    pub kind: ExtraType,
    /// The prefix routed, CIDR (network)
    #[arg(long, value_name = "CIDR")]
    pub subnet: Option<String>,
    /// The gateway, inside the datacenter subnet (network)
    #[arg(long, value_name = "IP")]
    pub next_hop: Option<String>,
    /// Your router's AS number, private (bgp)
    #[arg(long, value_name = "N")]
    pub bgp_neighbor_asn: Option<u64>,
    /// Your router's IP, inside the datacenter subnet (bgp)
    #[arg(long, value_name = "IP")]
    pub bgp_neighbor_ip: Option<String>,
}

const EXTRA_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("STATUS", "status", High),
    col("TYPE", "type", High),
    col("SUBNET", "subnet", Medium),
    col("NEXT HOP", "nextHop", Medium),
    col("BGP NEIGHBOR ASN", "bgpNeighborArea", Medium),
    col("BGP NEIGHBOR IP", "bgpNeighborIp", Medium),
];

/// Runs an `extra` subcommand.
pub async fn run(ctx: &Context, cmd: ExtraCommand) -> Result<Outcome> {
    match cmd {
        ExtraCommand::Create(args) => create(ctx, args).await,
        ExtraCommand::List(args) => {
            let (c, service) = client_for(ctx, &args.at.service).await?;
            listed(
                EXTRA_COLUMNS,
                c.limited(args.limit.limit)
                    .extra_configs(&service, args.at.pop, args.at.dc)
                    .await?,
            )
        }
        ExtraCommand::Get(args) => {
            let (c, service) = client_for(ctx, &args.at.service).await?;
            Ok(Outcome::Item(
                c.extra_config(&service, args.at.pop, args.at.dc, args.extra)
                    .await?
                    .raw,
            ))
        }
        ExtraCommand::Delete(args) => {
            let (c, service) = client_for(ctx, &args.at.service).await?;
            let extra = c
                .extra_config(&service, args.at.pop, args.at.dc, args.extra)
                .await?;
            let state = extra.view.status.map(|s| s.to_string()).unwrap_or_default();
            tasks::delete(
                ctx,
                &c,
                &service,
                args.extra,
                format!(
                    "{} extra configuration {} of datacenter configuration {}",
                    extra.view.kind, args.extra, args.at.dc
                ),
                state,
                c.delete_extra_config(&service, args.at.pop, args.at.dc, args.extra),
            )
            .await
        }
    }
}

/// The body of `extra create`: the one `cc apply` sends for a file's extra, its fields checked
/// for its type before any request (the datacenter subnet once it is read).
fn body(args: &ExtraCreateArgs) -> Result<DatacenterExtraConfig> {
    let fields = super::fields([
        ("type", Some(args.kind.as_str().into())),
        ("subnet", args.subnet.clone().map(Value::from)),
        ("next_hop", args.next_hop.clone().map(Value::from)),
        ("bgp_neighbor_asn", args.bgp_neighbor_asn.map(Value::from)),
        (
            "bgp_neighbor_ip",
            args.bgp_neighbor_ip.clone().map(Value::from),
        ),
    ]);
    desired_body::extra_body(|f| fields.get(f))
}

async fn create(ctx: &Context, args: ExtraCreateArgs) -> Result<Outcome> {
    let extra = body(&args)?;
    let steps = ExtraCreate {
        service: args.at.service,
        pop: args.at.pop,
        dc: args.at.dc,
        extra,
    };
    create::run(ctx, steps).await
}

/// `cc ovh extra create`: where it goes, and the extra configuration checked so far.
#[derive(Clone)]
struct ExtraCreate {
    service: String,
    pop: u64,
    dc: u64,
    extra: DatacenterExtraConfig,
}

impl Create for ExtraCreate {
    type Order = Configured<ExtraCreate>;
    const COMMAND: &'static str = "cc ovh extra create";
    const QUESTION: &'static str = "Create this extra configuration?";

    /// The addresses lie in the datacenter subnet, and static routes and a BGP session are
    /// never mixed.
    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let (c, service) = client_for(ctx, &self.service).await?;
        let (pop, dc, extra) = (self.pop, self.dc, &self.extra);
        let (datacenter, existing) = tokio::try_join!(
            c.datacenter_config(&service, pop, dc),
            c.extra_configs(&service, pop, dc)
        )?;
        rules::check_extra(extra, datacenter.view.subnet.as_deref())?;
        let views: Vec<DatacenterExtraConfig> = existing.iter().map(|e| e.view.clone()).collect();
        let at = rules_span::Datacenter {
            id: Some(dc),
            subnet: datacenter.view.subnet.as_deref().unwrap_or_default(),
        };
        let mut breaches = rules_span::check(at, std::slice::from_ref(extra), &views);
        for breach in &mut breaches {
            breach.naming(super::FLAGS);
        }
        ctx.enforce(breaches).map_err(|e| e.provider(PROVIDER))?;
        if let Err(mut err) = rules::check_extra_mix(&views, &extra.kind) {
            for e in views.iter().filter(|e| e.kind != extra.kind) {
                if let Some(id) = e.id {
                    err = err.hint(format!(
                        "to use a {} instead, delete the `{}` extra first: `{}`",
                        match extra.kind {
                            ExtraType::Bgp => "BGP session",
                            _ => "static route",
                        },
                        e.kind,
                        crate::hint::cc(&format!(
                            "ovh extra delete {service} {pop} {dc} {id} --yes"
                        ))
                    ));
                }
            }
            return Err(err);
        }
        let matching = format!("`{}` on datacenter configuration {dc}", extra_ident(extra));
        Ok(Step::Go(Configured::new(
            (c, service),
            ("extra", &[pop, dc]),
            ("extra configuration", matching),
            &existing,
            self.clone(),
        )))
    }
}

impl Kind for ExtraCreate {
    fn body(&self) -> Result<Value> {
        shown(&self.extra)
    }

    async fn send(&self, c: &OvhClient, service: &str) -> Result<Typed<Task>> {
        c.create_extra_config(service, self.pop, self.dc, &self.extra)
            .await
    }

    async fn find(&self, c: &OvhClient, service: &str) -> Result<Vec<(String, String)>> {
        let at = (self.pop, self.dc);
        let same = identity::extras_like(c, service, at, &self.extra).await?;
        Ok(tasks::ids_and_states(&same))
    }

    async fn read(&self, c: &OvhClient, service: &str, id: u64) -> Result<Value> {
        Ok(c.extra_config(service, self.pop, self.dc, id).await?.raw)
    }
}
