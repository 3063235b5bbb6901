//! `cc huawei ...`: Huawei Cloud Connect v3.
//!
//! A cloud connection carries traffic once it has network instances (the VPCs or virtual
//! gateways it joins), a bandwidth package bound to it, and an inter-region bandwidth drawn from
//! that package for each pair of regions. Every command here is one of those calls: values are
//! checked before anything is sent, names are resolved to ids, creates are never sent twice, and
//! lists come back whole however many marker pages they take.
//!
//! A VPC of another account is loaded once its owner has granted it (`authorisations`, run in
//! the owner's account); `permissions` lists those grants as the loading account sees them.

pub mod authorisations;
pub mod bandwidth_packages;
pub mod cloud_connections;
mod create;
mod flags;
pub mod inter_region_bandwidths;
pub mod network_instances;
pub mod permissions;
pub mod quotas;
pub mod routes;

use crate::commands::args::LimitArgs;
use bandwidth_packages::BandwidthPackageCommand;
use clap::{Args, Subcommand};
use cloud_connections::{CreateArgs, ListArgs, UpdateArgs};
use inter_region_bandwidths::InterRegionBandwidthCommand;
use network_instances::NetworkInstanceCommand;

use super::{DELETED, Deleted};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Column, Outcome};
use crate::providers::huawei::HuaweiClient;
use crate::providers::huawei::lookup::{find, id_of};
use crate::providers::huawei::models::{self, CloudConnection, Resource};
use crate::providers::huawei::waits::{command_of, wait_for};
use crate::providers::{Typed, raws};
use crate::validate;
use crate::wait;

/// Huawei Cloud Connect v3: cloud connections and what makes them carry traffic
#[derive(Debug, Subcommand)]
pub enum HuaweiCommand {
    Create(CreateArgs),
    /// List cloud connections (every page)
    ///
    /// Examples:
    ///
    ///     $ cc huawei list
    ///     $ cc huawei list --status ACTIVE --name cc-paris -o json
    #[command(verbatim_doc_comment)]
    List(ListArgs),
    /// Show one cloud connection
    ///
    /// Examples:
    ///
    ///     $ cc huawei get cc-paris
    ///     $ cc huawei get 6a1b2c3d-0000-4000-8000-000000000001 -o json
    #[command(verbatim_doc_comment)]
    Get {
        /// Cloud connection id or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
    },
    Update(UpdateArgs),
    /// Wait until a cloud connection reaches a status (default ACTIVE)
    ///
    /// Examples:
    ///
    ///     $ cc huawei wait cc-paris
    ///     $ cc huawei wait 6a1b2c3d-0000-4000-8000-000000000001 --timeout 5m
    #[command(verbatim_doc_comment)]
    Wait(WaitArgs),
    /// Delete a cloud connection
    ///
    /// Asks for confirmation on a terminal; pass `--yes` in scripts. The API refuses while
    /// network instances are still loaded on it (CC.1032).
    ///
    /// Examples:
    ///
    ///     $ cc huawei delete cc-branch-01 --yes
    #[command(verbatim_doc_comment)]
    Delete {
        /// Cloud connection id or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
    },
    /// Network instances: the VPCs and virtual gateways a cloud connection joins
    #[command(subcommand)]
    NetworkInstances(NetworkInstanceCommand),
    /// Bandwidth packages: the bandwidth bought for a cloud connection
    #[command(subcommand)]
    BandwidthPackages(BandwidthPackageCommand),
    /// Inter-region bandwidths: bandwidth between two regions, drawn from a package
    #[command(subcommand)]
    InterRegionBandwidths(InterRegionBandwidthCommand),
    Routes(routes::RoutesArgs),
    Quotas(quotas::QuotasArgs),
    /// Cross-account authorisations: let another account's cloud connection load a VPC of this one
    #[command(subcommand)]
    Authorisations(authorisations::AuthorisationCommand),
    /// What other accounts granted to this one: their VPCs this account's cloud connections may load
    #[command(subcommand)]
    Permissions(permissions::PermissionCommand),
}

/// `--limit` for list commands, and an optional cloud connection to scope them.
#[derive(Debug, Args)]
pub struct ScopedListArgs {
    /// Only those of this cloud connection (id or exact name)
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: Option<String>,
    #[command(flatten)]
    pub paging: LimitArgs,
}

/// `--name` filters and `--limit`, for the lists whose API filters by name.
#[derive(Debug, Args)]
pub struct NamedListArgs {
    /// Only those with this name; repeat for several
    #[arg(long = "name", value_name = "N")]
    pub names: Vec<String>,
    #[command(flatten)]
    pub paging: LimitArgs,
}

impl NamedListArgs {
    /// The `name` filters. Existing names may predate the creation rules: only what cannot be a
    /// name is refused.
    fn filters(&self) -> Result<Vec<(&'static str, String)>> {
        let name = |n: &String| Ok(("name", validate::name("--name", n, 255)?));
        self.names.iter().map(name).collect()
    }
}

/// `--name` and `--description` of an update: what every Huawei resource is renamed and
/// described with.
#[derive(Debug, Args)]
pub struct RenameArgs {
    /// New name
    #[arg(long)]
    pub name: Option<String>,
    /// New description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
}

impl RenameArgs {
    /// The new name and description, each checked when given (the description against `max`
    /// characters when the resource has a limit).
    fn checked(&self, max: Option<usize>) -> Result<(Option<String>, Option<String>)> {
        let name = optional(self.name.as_deref(), |n| models::check_name("name", n))?;
        let description = optional(self.description.as_deref(), |d| {
            models::check_description("description", d, max)
        })?;
        Ok((name, description))
    }
}

/// `wait` of a Huawei resource: which one, and the status to wait for.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    /// The status to wait for: ACTIVE, PENDING or ERROR; ERROR, or a settled ACTIVE that is not
    /// the one asked for, ends the wait (exit 8)
    #[arg(long, default_value = "ACTIVE", value_name = "STATUS")]
    pub until: String,
}

/// The flag of each body field that the checks of `providers::huawei::models` refuse by name:
/// the one place the command line names them. [`run`] names every refusal it returns, and the
/// prompts name theirs before they show them ([`flagged`]).
const FLAGS: &[(&str, &str)] = &[
    ("name", "--name"),
    ("description", "--description"),
    ("bandwidth", "--bandwidth"),
    ("inter_region_ids", "--region"),
    ("project_id", "--project-id"),
    ("region_id", "--region-id"),
    ("instance_domain_id", "--instance-domain-id"),
    ("cloud_connection_domain_id", "--cloud-connection-domain-id"),
    ("enterprise_project_id", "--enterprise-project-id"),
    ("local_area_id", "--local-area"),
    ("remote_area_id", "--remote-area"),
    ("spec_code", "--spec-code"),
    ("tags", "--tag"),
    ("cidrs", "--cidr"),
    ("instance_id", "--instance-id"),
    ("bandwidth_package_id", "--bandwidth-package"),
];

/// A refusal of `providers::huawei::models`, its input named by its flag.
fn flagged(err: Error) -> Error {
    err.naming(FLAGS)
}

/// The breaches of the rules that span resources (`providers::huawei::rules`), their inputs
/// named by their flags: exit 2 for the first that `--skip-rule` does not let through, each
/// skipped one a warning.
fn enforce(ctx: &Context, mut breaches: Vec<crate::rules::Breach>) -> Result<()> {
    for breach in &mut breaches {
        breach.naming(FLAGS);
    }
    ctx.enforce(breaches)
}

/// The Huawei client for this run, or exit 2 naming what is missing.
pub fn client(ctx: &Context) -> Result<HuaweiClient> {
    ctx.client::<crate::providers::huawei::contract::Huawei>()
}

/// `name (id)`, or the id alone when the resource has no name.
fn label<R: Resource>(r: &R) -> String {
    if r.name().is_empty() {
        r.id().to_string()
    } else {
        format!("`{}` ({})", r.name(), r.id())
    }
}

/// Runs a `huawei` subcommand.
pub async fn run(ctx: &Context, cmd: HuaweiCommand) -> Result<Outcome> {
    let outcome = match cmd {
        HuaweiCommand::Create(args) => cloud_connections::create(ctx, args).await,
        HuaweiCommand::List(args) => cloud_connections::list_cloud_connections(ctx, args).await,
        HuaweiCommand::Get { target } => get::<CloudConnection>(ctx, &target).await,
        HuaweiCommand::Update(args) => cloud_connections::update_cloud_connection(ctx, args).await,
        HuaweiCommand::Wait(args) => wait::<CloudConnection>(ctx, &args).await,
        HuaweiCommand::Delete { target } => delete::<CloudConnection>(ctx, &target).await,
        HuaweiCommand::NetworkInstances(cmd) => network_instances::run(ctx, cmd).await,
        HuaweiCommand::BandwidthPackages(cmd) => bandwidth_packages::run(ctx, cmd).await,
        HuaweiCommand::InterRegionBandwidths(cmd) => inter_region_bandwidths::run(ctx, cmd).await,
        HuaweiCommand::Routes(args) => routes::run(ctx, args).await,
        HuaweiCommand::Quotas(args) => quotas::run(ctx, args).await,
        HuaweiCommand::Authorisations(cmd) => authorisations::run(ctx, cmd).await,
        HuaweiCommand::Permissions(cmd) => permissions::run(ctx, cmd).await,
    };
    outcome.map_err(flagged)
}

fn list<R>(columns: &'static [Column], items: Vec<Typed<R>>) -> Result<Outcome> {
    Ok(Outcome::List {
        columns,
        items: raws(items),
    })
}

/// Two ends of a link as one table cell: `eu-west-0 ↔ ap-southeast-3`.
fn between(one: &str, other: &str) -> String {
    format!("{one} ↔ {other}")
}

fn nothing_to_update(flags: &str) -> Error {
    Error::usage(format!("nothing to update: give {flags}"))
}

/// `wait`: polls an `R` until its status is `--until`.
async fn wait<R: Resource>(ctx: &Context, args: &WaitArgs) -> Result<Outcome> {
    let goal = validate::state("--until", &args.until, &models::STATUSES)?;
    let c = client(ctx)?;
    let target = &args.target;
    let what = format!("huawei {} `{target}` to become {goal}", R::KIND.what);
    let resume = format!("{} wait {target} --until {goal}", command_of::<R>());
    wait::within(&ctx.wait, &what, &resume, async {
        let id = id_of::<R>(&c, target, None).await?;
        let done = wait_for::<R>(&c, &ctx.wait, &id, None, goal).await?;
        Ok(Outcome::Item(done.raw))
    })
    .await
}

async fn get<R: Resource>(ctx: &Context, target: &str) -> Result<Outcome> {
    let c = client(ctx)?;
    Ok(Outcome::Item(find::<R>(&c, target, None).await?.raw))
}

async fn update<R: Resource>(
    ctx: &Context,
    target: &str,
    body: impl serde::Serialize,
) -> Result<Outcome> {
    let body = models::wrap(&R::KIND, body)?;
    let c = client(ctx)?;
    let id = id_of::<R>(&c, target, None).await?;
    Ok(Outcome::Item(c.update::<R>(&id, body).await?.raw))
}

async fn delete<R: Resource>(ctx: &Context, target: &str) -> Result<Outcome> {
    let c = client(ctx)?;
    let found = find::<R>(&c, target, None).await?;
    let id = found.view.id().to_string();
    ctx.confirm(&format!(
        "Delete Huawei {} {}?",
        R::KIND.what,
        label(&found.view)
    ))?;
    let request_id = c.delete::<R>(&id).await?;
    crate::log::line(
        crate::log::PROGRESS,
        format!("huawei: deleted {} {}", R::KIND.what, label(&found.view)),
    );
    let name = found.view.name();
    Ok(Outcome::Item(
        Deleted {
            id: &id,
            name: (!name.is_empty()).then_some(name),
            state: None,
            status: DELETED,
            request_id: request_id.as_deref(),
        }
        .to_json(),
    ))
}

fn optional(value: Option<&str>, check: impl Fn(&str) -> Result<String>) -> Result<Option<String>> {
    value.map(check).transpose()
}

/// A scoped list (`--cloud-connection`, `--limit`) of `R`, as a table with `columns`.
async fn list_scoped<R: Resource>(
    ctx: &Context,
    columns: &'static [Column],
    args: &ScopedListArgs,
) -> Result<Outcome> {
    let c = client(ctx)?;
    let filters = match &args.cloud_connection {
        Some(cc) => vec![(
            "cloud_connection_id",
            id_of::<CloudConnection>(&c, cc, Some("--cloud-connection")).await?,
        )],
        None => Vec::new(),
    };
    list(columns, c.list::<R>(&filters, args.paging.limit).await?)
}

/// A 400 on a value past a limit that only earlier API pages gave (not enforced by `cc`, see
/// [`models::LEGACY_DESCRIPTION_MAX`]) says which limit it may be.
fn legacy_limit_hints(mut err: Error, description: Option<&str>, bandwidth: Option<u32>) -> Error {
    if err.status != Some(400) {
        return err;
    }
    if description.is_some_and(|d| d.chars().count() > models::LEGACY_DESCRIPTION_MAX) {
        err = err.hint(format!(
            "earlier Huawei API pages limited this description to {} characters (the current pages give no limit, so cc sent it)",
            models::LEGACY_DESCRIPTION_MAX
        ));
    }
    if bandwidth.is_some_and(|b| b < models::LEGACY_BANDWIDTH_MIN) {
        err = err.hint(format!(
            "earlier Huawei API pages gave a minimum bandwidth of {} Mbit/s (the current pages give none, so cc sent it)",
            models::LEGACY_BANDWIDTH_MIN
        ));
    }
    err
}
