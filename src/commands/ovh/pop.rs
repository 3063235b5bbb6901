//! `cc ovh pop ...`: POP configurations, one per interface of a service, `l2` or `l3`.
//!
//! Checked before anything is sent: an L3 POP needs `--customer-asn`, `--ovh-asn` (private AS
//! numbers, different) and a /30 `--subnet`; an L2 POP takes none of them. Then, with one read:
//! a service is L2 or L3 as a whole, so switching it needs its POP configurations deleted first
//! (the error gives the `cc ovh pop delete` commands).

use clap::{Args, Subcommand};
use serde_json::Value;

use super::tasks::{self, Configured, Kind};
use super::{ServiceListArgs, client_for, listed};
use crate::commands::create::{self, Create, Step, shown};
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::Typed;
use crate::providers::ovh::OvhClient;
use crate::providers::ovh::models::{PopConfig, PopType, Task};
use crate::providers::ovh::{desired_body, identity, rules};

/// POP configurations: one per interface, `l2` or `l3`
#[derive(Debug, Subcommand)]
pub enum PopCommand {
    Create(PopCreateArgs),
    /// List the POP configurations of a service, each read in full
    ///
    /// Examples:
    ///
    ///     $ cc ovh pop list 5f8f3b52-0000-4000-8000-000000000002
    #[command(verbatim_doc_comment)]
    List(ServiceListArgs),
    /// Show one POP configuration
    ///
    /// Examples:
    ///
    ///     $ cc ovh pop get 5f8f3b52-0000-4000-8000-000000000002 1001
    #[command(verbatim_doc_comment)]
    Get(PopArgs),
    /// Delete a POP configuration, with its datacenter and extra configurations (one task)
    ///
    /// Waits until the task is done unless `--no-wait`. Asks for confirmation on a terminal;
    /// pass `--yes` in scripts.
    ///
    /// Examples:
    ///
    ///     $ cc ovh pop delete 5f8f3b52-0000-4000-8000-000000000002 1001 --yes
    #[command(verbatim_doc_comment)]
    Delete(PopArgs),
}

/// A POP configuration of a service.
#[derive(Debug, Args)]
pub struct PopArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// POP configuration id
    #[arg(value_name = "POP")]
    pub pop: u64,
}

/// Configure a POP: the interface of a service in layer 2 or layer 3
///
/// Sends `POST /ovhCloudConnect/{service}/config/pop` and, unless `--no-wait`, waits until its
/// task is done, then prints the new POP configuration. L2 takes only `--interface` and
/// `--type l2`; L3 also needs `--customer-asn` (your BGP AS), `--ovh-asn` (the AS of OVHcloud's
/// routing instance), both private AS numbers (64512-65534 or 4200000000-4294967294), and a /30
/// `--subnet` (first IP for OVHcloud, second for you). A service is L2 or L3 as a whole:
/// switching needs its POP configurations deleted first.
///
/// Examples:
///
///     $ cc ovh pop create 5f8f3b52-0000-4000-8000-000000000001 --interface 2001 --type l2
///     $ cc ovh pop create 5f8f3b52-0000-4000-8000-000000000003 --interface 2003 --type l3 \
///         --customer-asn 65400 --ovh-asn 65401 --subnet 192.0.2.0/30
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct PopCreateArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// The interface id (`cc ovh interfaces SERVICE`)
    #[arg(long, value_name = "ID")]
    pub interface: u64,
    /// Layer 2 or layer 3
    #[arg(long = "type", value_name = "l2|l3")]
    pub kind: PopType,
    /// Your BGP AS number, private (L3)
    #[arg(long, value_name = "N")]
    pub customer_asn: Option<u64>,
    /// The AS number of OVHcloud's routing instance, private (L3)
    #[arg(long, value_name = "N")]
    pub ovh_asn: Option<u64>,
    /// A /30 for the BGP session: first IP for OVHcloud, second for you (L3)
    #[arg(long, value_name = "A.B.C.D/30")]
    pub subnet: Option<String>,
}

const POP_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("STATUS", "status", High),
    col("TYPE", "type", Medium),
    col("INTERFACE", "interfaceId", Medium),
    col("CUSTOMER ASN", "customerBgpArea", Medium),
    col("OVH ASN", "ovhBgpArea", Medium),
    col("SUBNET", "subnet", Medium),
];

/// Runs a `pop` subcommand.
pub async fn run(ctx: &Context, cmd: PopCommand) -> Result<Outcome> {
    match cmd {
        PopCommand::Create(args) => create(ctx, args).await,
        PopCommand::List(args) => {
            let (c, service) = client_for(ctx, &args.service).await?;
            listed(
                POP_COLUMNS,
                c.limited(args.limit.limit).pop_configs(&service).await?,
            )
        }
        PopCommand::Get(args) => {
            let (c, service) = client_for(ctx, &args.service).await?;
            Ok(Outcome::Item(c.pop_config(&service, args.pop).await?.raw))
        }
        PopCommand::Delete(args) => {
            let (c, service) = client_for(ctx, &args.service).await?;
            let pop = c.pop_config(&service, args.pop).await?;
            let state = pop.view.status.map(|s| s.to_string()).unwrap_or_default();
            tasks::delete(
                ctx,
                &c,
                &service,
                args.pop,
                format!("{} POP configuration {}", pop.view.kind, args.pop),
                state,
                c.delete_pop_config(&service, args.pop),
            )
            .await
        }
    }
}

/// The body of `pop create`: the one `cc apply` sends for a file's POP configuration, checked
/// the same way (each value alone, then together).
fn body(args: &PopCreateArgs) -> Result<PopConfig> {
    let fields = super::fields([
        ("interface", Some(args.interface.into())),
        ("type", Some(args.kind.as_str().into())),
        ("customer_asn", args.customer_asn.map(Value::from)),
        ("ovh_asn", args.ovh_asn.map(Value::from)),
        ("subnet", args.subnet.clone().map(Value::from)),
    ]);
    desired_body::pop_body(|f| fields.get(f))
}

async fn create(ctx: &Context, args: PopCreateArgs) -> Result<Outcome> {
    let pop = body(&args)?;
    let service = args.service;
    create::run(ctx, PopCreate { service, pop }).await
}

/// `cc ovh pop create`: the service as given, and the POP configuration checked.
#[derive(Clone)]
struct PopCreate {
    service: String,
    pop: PopConfig,
}

impl Create for PopCreate {
    type Order = Configured<PopCreate>;
    const COMMAND: &'static str = "cc ovh pop create";
    const QUESTION: &'static str = "Create this POP configuration?";

    /// A service is L2 or L3 as a whole: the other layer's POP configurations must go first.
    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let (c, service) = client_for(ctx, &self.service).await?;
        let pop = &self.pop;
        let existing = c.pop_configs(&service).await?;
        let views: Vec<PopConfig> = existing.iter().map(|p| p.view.clone()).collect();
        if let Err(mut err) = rules::check_layer_switch(&views, &pop.kind) {
            for p in views.iter().filter(|p| p.kind != pop.kind) {
                if let Some(id) = p.id {
                    err = err.hint(format!(
                        "delete it first (its datacenter and extra configurations go with it): `{}`",
                        crate::hint::cc(&format!("ovh pop delete {service} {id} --yes"))
                    ));
                }
            }
            return Err(err);
        }
        let matching = format!("on interface {}", pop.interface_id);
        Ok(Step::Go(Configured::new(
            (c, service),
            ("pop", &[]),
            ("POP configuration", matching),
            &existing,
            self.clone(),
        )))
    }
}

impl Kind for PopCreate {
    fn body(&self) -> Result<Value> {
        shown(&self.pop)
    }

    async fn send(&self, c: &OvhClient, service: &str) -> Result<Typed<Task>> {
        c.create_pop_config(service, &self.pop).await
    }

    async fn find(&self, c: &OvhClient, service: &str) -> Result<Vec<(String, String)>> {
        let on = identity::pops_on(c, service, self.pop.interface_id).await?;
        Ok(tasks::ids_and_states(&on))
    }

    async fn read(&self, c: &OvhClient, service: &str, id: u64) -> Result<Value> {
        Ok(c.pop_config(service, id).await?.raw)
    }
}
