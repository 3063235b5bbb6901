//! `cc huawei ...`: Huawei Cloud Connect v3.
//!
//! A cloud connection carries traffic once it has network instances (the VPCs or virtual
//! gateways it joins), a bandwidth package bound to it, and an inter-region bandwidth drawn from
//! that package for each pair of regions. Every command here is one of those calls: values are
//! checked before anything is sent, names are resolved to ids, creates are never sent twice, and
//! lists come back whole however many marker pages they take.

pub mod seam;

use std::collections::HashSet;

use clap::{Args, Subcommand};
use serde_json::json;

use super::args::TargetArg;
use crate::context::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::output::{Column, Outcome, col};
use crate::providers::huawei::models::{
    self, BandwidthPackage, CloudConnection, CreateBandwidthPackage, CreateCloudConnection,
    CreateInterRegionBandwidth, CreateNetworkInstance, InterRegionBandwidth, NetworkInstance,
    Resource, Status, Tag, UpdateBandwidthPackage, UpdateCloudConnection,
    UpdateInterRegionBandwidth, UpdateNetworkInstance,
};
use crate::providers::huawei::{HuaweiClient, PROVIDER};
use crate::providers::{Typed, raws};
use crate::validate;
use crate::wait::{self, Poll, Target};

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
    /// Delete a cloud connection
    ///
    /// Asks for confirmation on a terminal; pass `--yes` in scripts. The API refuses while
    /// network instances are still loaded on it (CC.1032).
    ///
    /// Examples:
    ///
    ///     $ cc huawei delete cc-paris --yes
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
}

/// Create a cloud connection
///
/// Sends `POST /v3/{domain_id}/ccaas/cloud-connections` (201) and prints the new cloud
/// connection. With `--tag`, the tags are added right after (`POST .../{id}/tag`) and the
/// connection is shown again with them. If the answer to the create is lost (timeout, reset,
/// 5xx), `cc` does not send it again: it looks for a new cloud connection of that name and says
/// what it found.
///
/// Examples:
///
///     $ cc huawei create --name cc-paris --description "Paris to Singapore"
///     $ cc huawei create --name cc-paris --tag env=prod --tag team=net -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CreateArgs {
    /// Name: letters, digits, Chinese characters, `_`, `-`, `.` (at most 64)
    #[arg(long)]
    pub name: String,
    /// Description (no `<` or `>`, at most 255 characters)
    #[arg(long)]
    pub description: Option<String>,
    /// Enterprise project id (required for enterprise accounts)
    #[arg(long, value_name = "ID")]
    pub enterprise_project_id: Option<String>,
    /// Tag to add, KEY=VALUE; repeat for several
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,
}

/// `cc huawei list` filters.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only cloud connections in this status (ACTIVE, ...); repeat for several
    #[arg(long = "status", value_name = "S")]
    pub statuses: Vec<String>,
    /// Only cloud connections with this name; repeat for several
    #[arg(long = "name", value_name = "N")]
    pub names: Vec<String>,
    /// Stop after N items (all pages are fetched otherwise)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// Rename a cloud connection or change its description
///
/// Examples:
///
///     $ cc huawei update cc-paris --name cc-paris-sg
///     $ cc huawei update 6a1b2c3d-0000-4000-8000-000000000001 --description "Paris - Singapore"
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct UpdateArgs {
    /// Cloud connection id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    /// New name
    #[arg(long)]
    pub name: Option<String>,
    /// New description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
}

/// `--limit` for list commands, and an optional cloud connection to scope them.
#[derive(Debug, Args)]
pub struct ScopedListArgs {
    /// Only those of this cloud connection (id or exact name)
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: Option<String>,
    /// Stop after N items (all pages are fetched otherwise)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// Network instances: the VPCs and virtual gateways a cloud connection joins
#[derive(Debug, Subcommand)]
pub enum NetworkInstanceCommand {
    Create(NetworkInstanceCreateArgs),
    /// List network instances (every page)
    ///
    /// Examples:
    ///
    ///     $ cc huawei network-instances list --cloud-connection cc-paris
    #[command(verbatim_doc_comment)]
    List(ScopedListArgs),
    /// Show one network instance
    ///
    /// Examples:
    ///
    ///     $ cc huawei network-instances get vpc-paris
    #[command(verbatim_doc_comment)]
    Get(TargetArg),
    Update(NetworkInstanceUpdateArgs),
    /// Remove a network instance from its cloud connection
    ///
    /// Examples:
    ///
    ///     $ cc huawei network-instances delete vpc-paris --yes
    #[command(verbatim_doc_comment)]
    Delete(TargetArg),
}

/// Load a VPC or virtual gateway on a cloud connection
///
/// Sends `POST /v3/{domain_id}/ccaas/network-instances` and, unless `--no-wait`, waits until
/// the network instance is ACTIVE (exit 8 if it turns to ERROR). `--cidr` takes each subnet the
/// instance publishes; repeat it.
///
/// Examples:
///
///     $ cc huawei network-instances create --cloud-connection cc-paris --name vpc-paris \
///         --type vpc --instance-id 3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f \
///         --project-id 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09 --region-id eu-west-0 \
///         --cidr 192.168.0.0/24 --cidr 192.168.1.0/24
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct NetworkInstanceCreateArgs {
    /// The cloud connection to load it on (id or exact name)
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: String,
    /// Name: letters, digits, Chinese characters, `_`, `-`, `.` (at most 64)
    #[arg(long)]
    pub name: String,
    /// `vpc` (a VPC) or `vgw` (a Direct Connect virtual gateway)
    #[arg(long = "type", value_name = "vpc|vgw")]
    pub instance_type: String,
    /// The VPC or virtual gateway id
    #[arg(long, value_name = "ID")]
    pub instance_id: String,
    /// The project id of the instance (in its region)
    #[arg(long, value_name = "ID")]
    pub project_id: String,
    /// The region of the instance, e.g. `eu-west-0`
    #[arg(long, value_name = "R")]
    pub region_id: String,
    /// A subnet the instance publishes, CIDR; repeat for several
    #[arg(long = "cidr", value_name = "CIDR", required = true)]
    pub cidrs: Vec<String>,
    /// Description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
    /// The account owning the instance, to load one from another account
    #[arg(long, value_name = "ID")]
    pub instance_domain_id: Option<String>,
}

/// Rename a network instance, change its description or the subnets it publishes
///
/// `--cidr` replaces the whole list of published subnets; repeat it for each one to keep.
///
/// Examples:
///
///     $ cc huawei network-instances update vpc-paris --cidr 192.168.0.0/24 --cidr 10.1.0.0/16
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct NetworkInstanceUpdateArgs {
    /// Network instance id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    /// New name
    #[arg(long)]
    pub name: Option<String>,
    /// New description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
    /// The complete new list of published subnets, CIDR; repeat for several
    #[arg(long = "cidr", value_name = "CIDR")]
    pub cidrs: Vec<String>,
}

/// Bandwidth packages: the bandwidth bought for a cloud connection
#[derive(Debug, Subcommand)]
pub enum BandwidthPackageCommand {
    Create(BandwidthPackageCreateArgs),
    /// List bandwidth packages (every page)
    ///
    /// Examples:
    ///
    ///     $ cc huawei bandwidth-packages list
    ///     $ cc huawei bandwidth-packages list --cloud-connection cc-paris -o json
    #[command(verbatim_doc_comment)]
    List(ScopedListArgs),
    /// Show one bandwidth package
    ///
    /// Examples:
    ///
    ///     $ cc huawei bandwidth-packages get bwp-eu-ap
    #[command(verbatim_doc_comment)]
    Get(TargetArg),
    Update(BandwidthPackageUpdateArgs),
    /// Delete a bandwidth package
    ///
    /// The API refuses while an inter-region bandwidth uses it (CC.1052).
    ///
    /// Examples:
    ///
    ///     $ cc huawei bandwidth-packages delete bwp-eu-ap --yes
    #[command(verbatim_doc_comment)]
    Delete(TargetArg),
    /// Bind a bandwidth package to a cloud connection
    ///
    /// Examples:
    ///
    ///     $ cc huawei bandwidth-packages associate bwp-eu-ap --cloud-connection cc-paris
    #[command(verbatim_doc_comment)]
    Associate(AssociateArgs),
    /// Unbind a bandwidth package from its cloud connection
    ///
    /// Examples:
    ///
    ///     $ cc huawei bandwidth-packages disassociate bwp-eu-ap --cloud-connection cc-paris
    #[command(verbatim_doc_comment)]
    Disassociate(AssociateArgs),
}

/// Buy a bandwidth package between two areas
///
/// Areas: Chinese-Mainland, Asia-Pacific, Africa, Western-Latin-America,
/// Eastern-Latin-America, Northern-Latin-America. Billing modes: 1 yearly/monthly (Chinese
/// mainland site), 2 yearly/monthly (international), 3 pay-per-use (Chinese mainland),
/// 4 pay-per-use (international), 5 95th percentile (Chinese mainland), 6 95th percentile
/// (international). With `--cloud-connection`, the package is bound to it at once.
///
/// Examples:
///
///     $ cc huawei bandwidth-packages create --name bwp-eu-ap \
///         --project-id 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09 --local-area Asia-Pacific \
///         --remote-area Asia-Pacific --bandwidth 10 --billing-mode 4 --cloud-connection cc-paris
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct BandwidthPackageCreateArgs {
    /// Name: letters, digits, Chinese characters, `_`, `-`, `.` (at most 64)
    #[arg(long)]
    pub name: String,
    /// Project id
    #[arg(long, value_name = "P")]
    pub project_id: String,
    /// Local area, e.g. Asia-Pacific
    #[arg(long, value_name = "A")]
    pub local_area: String,
    /// Remote area, e.g. Chinese-Mainland
    #[arg(long, value_name = "A")]
    pub remote_area: String,
    /// Bandwidth in Mbit/s
    #[arg(long, value_name = "MBPS")]
    pub bandwidth: u32,
    /// Billing mode, 1 to 6 (see above)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=6))]
    pub billing_mode: u8,
    /// Charge mode
    #[arg(long, value_name = "bandwidth", default_value = "bandwidth")]
    pub charge_mode: String,
    /// `Area` (between areas) or `Region` (within a metropolitan region)
    #[arg(long, value_name = "Area|Region")]
    pub interflow_mode: Option<String>,
    /// Product specification code, e.g. bandwidth.aptoap
    #[arg(long, value_name = "S")]
    pub spec_code: Option<String>,
    /// Bind it to this cloud connection (id or exact name)
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: Option<String>,
    /// Description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
}

/// Rename a bandwidth package or change its bandwidth
///
/// Examples:
///
///     $ cc huawei bandwidth-packages update bwp-eu-ap --bandwidth 20
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct BandwidthPackageUpdateArgs {
    /// Bandwidth package id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    /// New name
    #[arg(long)]
    pub name: Option<String>,
    /// New bandwidth in Mbit/s
    #[arg(long, value_name = "MBPS")]
    pub bandwidth: Option<u32>,
    /// New description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
}

/// A bandwidth package and a cloud connection.
#[derive(Debug, Args)]
pub struct AssociateArgs {
    /// Bandwidth package id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    /// Cloud connection id or exact name
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: String,
}

/// Inter-region bandwidths: bandwidth between two regions, drawn from a package
#[derive(Debug, Subcommand)]
pub enum InterRegionBandwidthCommand {
    Create(InterRegionCreateArgs),
    /// List inter-region bandwidths (every page)
    ///
    /// Examples:
    ///
    ///     $ cc huawei inter-region-bandwidths list --cloud-connection cc-paris
    #[command(verbatim_doc_comment)]
    List(ScopedListArgs),
    /// Show one inter-region bandwidth
    ///
    /// Examples:
    ///
    ///     $ cc huawei inter-region-bandwidths get 2b7e3f10-4c5d-4e6f-8a9b-0c1d2e3f4a5b
    #[command(verbatim_doc_comment)]
    Get(TargetArg),
    /// Change an inter-region bandwidth
    ///
    /// Examples:
    ///
    ///     $ cc huawei inter-region-bandwidths update 2b7e3f10-4c5d-4e6f-8a9b-0c1d2e3f4a5b --bandwidth 8
    #[command(verbatim_doc_comment)]
    Update(InterRegionUpdateArgs),
    /// Delete an inter-region bandwidth
    ///
    /// Examples:
    ///
    ///     $ cc huawei inter-region-bandwidths delete 2b7e3f10-4c5d-4e6f-8a9b-0c1d2e3f4a5b --yes
    #[command(verbatim_doc_comment)]
    Delete(TargetArg),
}

/// Set the bandwidth between two regions of a cloud connection
///
/// The bandwidth package must be bound to the cloud connection
/// (`cc huawei bandwidth-packages associate`) and have at least this much bandwidth. Give
/// `--region` twice, once for each end.
///
/// Examples:
///
///     $ cc huawei inter-region-bandwidths create --cloud-connection cc-paris \
///         --bandwidth-package bwp-eu-ap --bandwidth 5 --region eu-west-0 --region ap-southeast-1
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct InterRegionCreateArgs {
    /// Cloud connection id or exact name
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: String,
    /// Bandwidth package id or exact name
    #[arg(long, value_name = "ID|NAME")]
    pub bandwidth_package: String,
    /// Bandwidth in Mbit/s
    #[arg(long, value_name = "MBPS")]
    pub bandwidth: u32,
    /// A region at one end; give exactly two
    #[arg(long = "region", value_name = "R", required = true)]
    pub regions: Vec<String>,
}

/// Change an inter-region bandwidth.
#[derive(Debug, Args)]
pub struct InterRegionUpdateArgs {
    /// Inter-region bandwidth id (or exact name)
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    /// New bandwidth in Mbit/s
    #[arg(long, value_name = "N")]
    pub bandwidth: u32,
}

const CLOUD_CONNECTION_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("NAME", "name"),
    col("STATUS", "status"),
    col("INSTANCES", "network_instance_number"),
    col("PACKAGES", "bandwidth_package_number"),
    col("INTER-REGION", "inter_region_bandwidth_number"),
];
const NETWORK_INSTANCE_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("NAME", "name"),
    col("STATUS", "status"),
    col("TYPE", "type"),
    col("INSTANCE", "instance_id"),
    col("REGION", "region_id"),
    col("CLOUD CONNECTION", "cloud_connection_id"),
    col("CIDRS", "cidrs"),
];
const BANDWIDTH_PACKAGE_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("NAME", "name"),
    col("STATUS", "status"),
    col("MBPS", "bandwidth"),
    col("LOCAL", "local_area_id"),
    col("REMOTE", "remote_area_id"),
    col("BILLING", "billing_mode"),
    col("CLOUD CONNECTION", "resource_id"),
];
const INTER_REGION_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("MBPS", "bandwidth"),
    col("CLOUD CONNECTION", "cloud_connection_id"),
    col("BANDWIDTH PACKAGE", "bandwidth_package_id"),
    col("CREATED", "created_at"),
];

/// The Huawei client for this run, or exit 2 naming what is missing.
pub fn client(ctx: &Context) -> Result<HuaweiClient> {
    crate::seam::client::<seam::Huawei>(ctx)
}

/// The command that handles resources of `R` (`cc huawei network-instances`).
fn command_of<R: Resource>() -> &'static str {
    match R::KIND.many {
        "network_instances" => "cc huawei network-instances",
        "bandwidth_packages" => "cc huawei bandwidth-packages",
        "inter_region_bandwidths" => "cc huawei inter-region-bandwidths",
        _ => "cc huawei",
    }
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
    match cmd {
        HuaweiCommand::Create(args) => create_cloud_connection(ctx, args).await,
        HuaweiCommand::List(args) => {
            let filters = list_filters(&args)?;
            let c = client(ctx)?;
            list(
                CLOUD_CONNECTION_COLUMNS,
                c.list::<CloudConnection>(&filters, args.limit).await?,
            )
        }
        HuaweiCommand::Get { target } => get::<CloudConnection>(ctx, &target).await,
        HuaweiCommand::Update(args) => {
            let body = UpdateCloudConnection {
                name: args
                    .name
                    .as_deref()
                    .map(|n| models::check_name("--name", n))
                    .transpose()?,
                description: args
                    .description
                    .as_deref()
                    .map(|d| models::check_description("--description", d))
                    .transpose()?,
            };
            if body
                == (UpdateCloudConnection {
                    name: None,
                    description: None,
                })
            {
                return Err(nothing_to_update("--name or --description"));
            }
            update::<CloudConnection>(ctx, &args.target, body).await
        }
        HuaweiCommand::Delete { target } => delete::<CloudConnection>(ctx, &target).await,
        HuaweiCommand::NetworkInstances(cmd) => network_instances(ctx, cmd).await,
        HuaweiCommand::BandwidthPackages(cmd) => bandwidth_packages(ctx, cmd).await,
        HuaweiCommand::InterRegionBandwidths(cmd) => inter_region_bandwidths(ctx, cmd).await,
    }
}

fn list<R>(columns: &'static [Column], items: Vec<Typed<R>>) -> Result<Outcome> {
    Ok(Outcome::List {
        columns,
        items: raws(items),
    })
}

fn nothing_to_update(flags: &str) -> Error {
    Error::usage(format!("nothing to update: give {flags}"))
}

fn list_filters(args: &ListArgs) -> Result<Vec<(&'static str, String)>> {
    let mut filters = Vec::new();
    for status in &args.statuses {
        let s = status.trim().to_ascii_uppercase();
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(Error::usage(format!(
                "--status `{status}`: expected a status such as {}",
                models::CLOUD_CONNECTION_STATUSES.join(", ")
            )));
        }
        if !models::CLOUD_CONNECTION_STATUSES.contains(&s.as_str()) {
            crate::log::line(
                crate::log::PROGRESS,
                format!(
                    "huawei: status `{s}` is not a documented cloud connection status; sending it as is"
                ),
            );
        }
        filters.push(("status", s));
    }
    for name in &args.names {
        // Existing names may predate the creation rules: only refuse what cannot be a name.
        filters.push(("name", validate::name("--name", name, 255)?));
    }
    Ok(filters)
}

/// One `R` by id (UUID) or exact name: none is exit 4, several is exit 2 listing them.
async fn find<R: Resource>(c: &HuaweiClient, target: &str, flag: Option<&str>) -> Result<Typed<R>> {
    let what = R::KIND.what;
    if validate::is_uuid(target) {
        return c.get::<R>(&target.to_ascii_lowercase()).await;
    }
    let prefix = flag.map(|f| format!("{f} ")).unwrap_or_default();
    let mut named = c.named::<R>(target).await?;
    match named.len() {
        1 => Ok(named.remove(0)),
        0 => Err(Error::not_found(
            PROVIDER,
            format!("{prefix}`{target}`: no {what} with that id or name"),
        )
        .hint(format!("`{} list` shows them all", command_of::<R>()))),
        n => {
            let ids: Vec<&str> = named.iter().map(|r| r.view.id()).collect();
            Err(Error::usage(format!(
                "{prefix}`{target}`: {n} {what}s have that name; pass the id: {}",
                ids.join(", ")
            )))
        }
    }
}

/// The id of an `R` given by id (used as is, no request) or exact name (looked up).
async fn resolve_id<R: Resource>(
    c: &HuaweiClient,
    target: &str,
    flag: Option<&str>,
) -> Result<String> {
    if validate::is_uuid(target) {
        return Ok(target.to_ascii_lowercase());
    }
    if target.trim().is_empty() {
        return Err(Error::usage(format!(
            "{}: must not be empty",
            flag.unwrap_or(R::KIND.what)
        )));
    }
    Ok(find::<R>(c, target, flag).await?.view.id().to_string())
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
    let id = resolve_id::<R>(&c, target, None).await?;
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
    Ok(Outcome::Item(json!({
        "id": id,
        "name": found.view.name(),
        "status": "deleted",
        "request_id": request_id,
    })))
}

/// How to find what a lost create may have made.
enum Lookup {
    /// Resources with this exact name.
    Name(String),
    /// Resources matching these list filters.
    Filters(Vec<(&'static str, String)>),
}

async fn lookup<R: Resource>(c: &HuaweiClient, how: &Lookup) -> Result<Vec<Typed<R>>> {
    match how {
        Lookup::Name(name) => c.named::<R>(name).await,
        Lookup::Filters(filters) => c.list::<R>(filters, None).await,
    }
}

/// Sends a create once. The resources that already match are noted first, so that after a lost
/// answer `cc` can tell the one it made from older ones, and report it instead of resending.
async fn create_once<R: Resource>(
    c: &HuaweiClient,
    body: serde_json::Value,
    how: Lookup,
    what_made: &str,
) -> Result<Typed<R>> {
    let before: HashSet<String> = match lookup::<R>(c, &how).await {
        Ok(found) => found.iter().map(|r| r.view.id().to_string()).collect(),
        Err(e) if matches!(e.kind, ErrorKind::NotFound | ErrorKind::Api) => {
            crate::log::line(
                crate::log::PROGRESS,
                format!(
                    "huawei: cannot list existing {}s ({}); continuing",
                    R::KIND.what,
                    e.message
                ),
            );
            HashSet::new()
        }
        Err(e) => return Err(e),
    };
    match c.create::<R>(body).await {
        Ok(created) => {
            crate::log::line(
                crate::log::PROGRESS,
                format!("huawei: created {} {}", R::KIND.what, label(&created.view)),
            );
            Ok(created)
        }
        Err(err) if err.maybe_applied => {
            let found = lookup::<R>(c, &how).await.map(|after| {
                after
                    .iter()
                    .map(|r| {
                        let status = r.raw.get("status").and_then(|s| s.as_str());
                        (
                            r.view.id().to_string(),
                            status.unwrap_or("unknown").to_string(),
                        )
                    })
                    .collect()
            });
            let get = format!("{} get {{id}}", command_of::<R>());
            let list = format!("{} list", command_of::<R>());
            Err(super::lost_create(
                err,
                R::KIND.what,
                what_made,
                &list,
                &get,
                &before,
                found,
            ))
        }
        Err(err) => Err(err),
    }
}

fn optional(value: Option<&str>, check: impl Fn(&str) -> Result<String>) -> Result<Option<String>> {
    value.map(check).transpose()
}

async fn create_cloud_connection(ctx: &Context, args: CreateArgs) -> Result<Outcome> {
    let name = models::check_name("--name", &args.name)?;
    let description = optional(args.description.as_deref(), |d| {
        models::check_description("--description", d)
    })?;
    let enterprise_project_id = optional(args.enterprise_project_id.as_deref(), |e| {
        models::check_token("--enterprise-project-id", e)
    })?;
    let mut tags: Vec<Tag> = Vec::new();
    for text in &args.tags {
        let tag = models::check_tag(text)?;
        if tags.iter().any(|t| t.key == tag.key) {
            return Err(Error::usage(format!(
                "--tag: key `{}` is given twice",
                tag.key
            )));
        }
        tags.push(tag);
    }
    let body = models::wrap(
        &CloudConnection::KIND,
        CreateCloudConnection {
            name: name.clone(),
            description,
            enterprise_project_id,
        },
    )?;
    let c = client(ctx)?;
    let what_made = format!("named `{name}`");
    let created =
        create_once::<CloudConnection>(&c, body, Lookup::Name(name.clone()), &what_made).await?;
    if tags.is_empty() {
        return Ok(Outcome::Item(created.raw));
    }
    let id = created.view.id.clone();
    c.tag_cloud_connection(&id, &tags).await.map_err(|e| {
        e.hint(format!(
            "cloud connection `{name}` WAS created ({id}); only its tags are missing: do not create it again"
        ))
    })?;
    match c.get::<CloudConnection>(&id).await {
        Ok(shown) => Ok(Outcome::Item(shown.raw)),
        Err(e) => {
            crate::log::line(
                0,
                format!(
                    "warning: cloud connection {id} was created and tagged, but reading it back failed ({})",
                    e.message
                ),
            );
            let mut raw = created.raw;
            raw["tags"] = json!(tags);
            Ok(Outcome::Item(raw))
        }
    }
}

fn check_cidrs(cidrs: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for text in cidrs {
        let net = validate::cidr("--cidr", text)?.to_string();
        if out.contains(&net) {
            return Err(Error::usage(format!("--cidr {net} is given twice")));
        }
        out.push(net);
    }
    Ok(out)
}

async fn network_instances(ctx: &Context, cmd: NetworkInstanceCommand) -> Result<Outcome> {
    match cmd {
        NetworkInstanceCommand::Create(args) => create_network_instance(ctx, args).await,
        NetworkInstanceCommand::List(args) => {
            let c = client(ctx)?;
            let filters = scope(&c, &args).await?;
            list(
                NETWORK_INSTANCE_COLUMNS,
                c.list::<NetworkInstance>(&filters, args.limit).await?,
            )
        }
        NetworkInstanceCommand::Get(t) => get::<NetworkInstance>(ctx, &t.target).await,
        NetworkInstanceCommand::Update(args) => {
            let body = UpdateNetworkInstance {
                name: optional(args.name.as_deref(), |n| models::check_name("--name", n))?,
                description: optional(args.description.as_deref(), |d| {
                    models::check_description("--description", d)
                })?,
                cidrs: if args.cidrs.is_empty() {
                    None
                } else {
                    Some(check_cidrs(&args.cidrs)?)
                },
            };
            if body.name.is_none() && body.description.is_none() && body.cidrs.is_none() {
                return Err(nothing_to_update("--name, --description or --cidr"));
            }
            update::<NetworkInstance>(ctx, &args.target, body).await
        }
        NetworkInstanceCommand::Delete(t) => delete::<NetworkInstance>(ctx, &t.target).await,
    }
}

/// The `cloud_connection_id` filter of a scoped list.
async fn scope(c: &HuaweiClient, args: &ScopedListArgs) -> Result<Vec<(&'static str, String)>> {
    Ok(match &args.cloud_connection {
        Some(cc) => vec![(
            "cloud_connection_id",
            resolve_id::<CloudConnection>(c, cc, Some("--cloud-connection")).await?,
        )],
        None => Vec::new(),
    })
}

async fn create_network_instance(
    ctx: &Context,
    args: NetworkInstanceCreateArgs,
) -> Result<Outcome> {
    let name = models::check_name("--name", &args.name)?;
    let instance_type = models::one_of(
        "--type",
        &args.instance_type,
        &models::NETWORK_INSTANCE_TYPES,
    )?;
    // VPC and virtual gateway ids are UUIDs [INF, see providers/huawei/models.rs].
    let instance_id = validate::uuid("--instance-id", args.instance_id.trim())?;
    let project_id = models::check_token("--project-id", &args.project_id)?;
    let region_id = models::check_token("--region-id", &args.region_id)?;
    let cidrs = check_cidrs(&args.cidrs)?;
    let description = optional(args.description.as_deref(), |d| {
        models::check_description("--description", d)
    })?;
    let instance_domain_id = optional(args.instance_domain_id.as_deref(), |d| {
        models::check_token("--instance-domain-id", d)
    })?;
    let c = client(ctx)?;
    let cloud_connection_id =
        resolve_id::<CloudConnection>(&c, &args.cloud_connection, Some("--cloud-connection"))
            .await?;
    let body = models::wrap(
        &NetworkInstance::KIND,
        CreateNetworkInstance {
            name: name.clone(),
            description,
            instance_type,
            instance_id,
            instance_domain_id,
            project_id,
            region_id,
            cloud_connection_id,
            cidrs,
        },
    )?;
    let created = create_once::<NetworkInstance>(
        &c,
        body,
        Lookup::Name(name.clone()),
        &format!("named `{name}`"),
    )
    .await?;
    if ctx.no_wait() || created.view.status == Some(Status::Active) {
        return Ok(Outcome::Item(created.raw));
    }
    let id = created.view.id.clone();
    let target = Target {
        resource: format!("huawei network instance {id}"),
        goal: Status::Active.as_str().to_string(),
        resume: format!("cc huawei network-instances get {id}"),
    };
    let done = wait::until(&ctx.wait, &target, || async {
        let now = c.get::<NetworkInstance>(&id).await?;
        Ok(match now.view.status.clone() {
            Some(Status::Active) => Poll::Done(now),
            Some(Status::Error) => Poll::Failed {
                state: Status::Error.as_str().to_string(),
                reason: None,
            },
            Some(other) => Poll::Pending(other.as_str().to_string()),
            None => Poll::Pending("(no status)".to_string()),
        })
    })
    .await?;
    Ok(Outcome::Item(done.raw))
}

async fn bandwidth_packages(ctx: &Context, cmd: BandwidthPackageCommand) -> Result<Outcome> {
    match cmd {
        BandwidthPackageCommand::Create(args) => create_bandwidth_package(ctx, args).await,
        BandwidthPackageCommand::List(args) => {
            let c = client(ctx)?;
            let filters = scope(&c, &args).await?;
            list(
                BANDWIDTH_PACKAGE_COLUMNS,
                c.list::<BandwidthPackage>(&filters, args.limit).await?,
            )
        }
        BandwidthPackageCommand::Get(t) => get::<BandwidthPackage>(ctx, &t.target).await,
        BandwidthPackageCommand::Update(args) => {
            let body = UpdateBandwidthPackage {
                name: optional(args.name.as_deref(), |n| models::check_name("--name", n))?,
                description: optional(args.description.as_deref(), |d| {
                    models::check_description("--description", d)
                })?,
                bandwidth: args
                    .bandwidth
                    .map(|b| models::check_bandwidth("--bandwidth", b))
                    .transpose()?,
            };
            if body.name.is_none() && body.description.is_none() && body.bandwidth.is_none() {
                return Err(nothing_to_update("--name, --bandwidth or --description"));
            }
            update::<BandwidthPackage>(ctx, &args.target, body).await
        }
        BandwidthPackageCommand::Delete(t) => delete::<BandwidthPackage>(ctx, &t.target).await,
        BandwidthPackageCommand::Associate(args) => associate(ctx, args, true).await,
        BandwidthPackageCommand::Disassociate(args) => associate(ctx, args, false).await,
    }
}

async fn create_bandwidth_package(
    ctx: &Context,
    args: BandwidthPackageCreateArgs,
) -> Result<Outcome> {
    let name = models::check_name("--name", &args.name)?;
    let project_id = models::check_token("--project-id", &args.project_id)?;
    let local_area_id = models::one_of("--local-area", &args.local_area, &models::AREAS)?;
    let remote_area_id = models::one_of("--remote-area", &args.remote_area, &models::AREAS)?;
    let bandwidth = models::check_bandwidth("--bandwidth", args.bandwidth)?;
    let charge_mode = models::one_of("--charge-mode", &args.charge_mode, &models::CHARGE_MODES)?;
    let interflow_mode = optional(args.interflow_mode.as_deref(), |m| {
        models::one_of("--interflow-mode", m, &models::INTERFLOW_MODES)
    })?;
    let spec_code = optional(args.spec_code.as_deref(), |s| {
        models::check_token("--spec-code", s)
    })?;
    let description = optional(args.description.as_deref(), |d| {
        models::check_description("--description", d)
    })?;
    let c = client(ctx)?;
    let resource_id = match &args.cloud_connection {
        Some(cc) => Some(resolve_id::<CloudConnection>(&c, cc, Some("--cloud-connection")).await?),
        None => None,
    };
    let body = models::wrap(
        &BandwidthPackage::KIND,
        CreateBandwidthPackage {
            name: name.clone(),
            description,
            project_id,
            local_area_id,
            remote_area_id,
            charge_mode,
            billing_mode: args.billing_mode,
            bandwidth,
            resource_type: resource_id
                .as_ref()
                .map(|_| models::RESOURCE_TYPE_CLOUD_CONNECTION.to_string()),
            resource_id,
            spec_code,
            interflow_mode,
        },
    )?;
    let created = create_once::<BandwidthPackage>(
        &c,
        body,
        Lookup::Name(name.clone()),
        &format!("named `{name}`"),
    )
    .await?;
    Ok(Outcome::Item(created.raw))
}

async fn associate(ctx: &Context, args: AssociateArgs, bind: bool) -> Result<Outcome> {
    let c = client(ctx)?;
    let (package, cloud_connection_id) = tokio::try_join!(
        find::<BandwidthPackage>(&c, &args.target, None),
        resolve_id::<CloudConnection>(&c, &args.cloud_connection, Some("--cloud-connection")),
    )?;
    let bound_to = package.view.resource_id.clone().filter(|r| !r.is_empty());
    let already = if bind {
        bound_to.as_deref() == Some(cloud_connection_id.as_str())
    } else {
        bound_to.is_none()
    };
    if already {
        crate::log::line(
            crate::log::PROGRESS,
            format!(
                "huawei: bandwidth package {} is already {}; nothing sent",
                label(&package.view),
                if bind {
                    "bound to that cloud connection"
                } else {
                    "unbound"
                }
            ),
        );
        return Ok(Outcome::Item(package.raw));
    }
    let id = package.view.id.clone();
    match c.associate(&id, &cloud_connection_id, bind).await {
        Ok(done) => Ok(Outcome::Item(done.raw)),
        Err(err) if err.maybe_applied => {
            let err = err.hint("the request was NOT sent again");
            Err(match c.get::<BandwidthPackage>(&id).await {
                Ok(now) => {
                    let now_bound = now.view.resource_id.filter(|r| !r.is_empty());
                    let applied = if bind {
                        now_bound.as_deref() == Some(cloud_connection_id.as_str())
                    } else {
                        now_bound.is_none()
                    };
                    if applied {
                        err.hint(format!("it went through: bandwidth package {id} is now {}", if bind { "bound to the cloud connection" } else { "unbound" }))
                    } else {
                        err.hint(format!("bandwidth package {id} is unchanged; it is safe to run the command again"))
                    }
                }
                Err(lookup) => err.hint(format!(
                    "reading bandwidth package {id} failed too ({}); check `cc huawei bandwidth-packages get {id}` before retrying",
                    lookup.message
                )),
            })
        }
        Err(err) => Err(err),
    }
}

async fn inter_region_bandwidths(
    ctx: &Context,
    cmd: InterRegionBandwidthCommand,
) -> Result<Outcome> {
    match cmd {
        InterRegionBandwidthCommand::Create(args) => create_inter_region(ctx, args).await,
        InterRegionBandwidthCommand::List(args) => {
            let c = client(ctx)?;
            let filters = scope(&c, &args).await?;
            list(
                INTER_REGION_COLUMNS,
                c.list::<InterRegionBandwidth>(&filters, args.limit).await?,
            )
        }
        InterRegionBandwidthCommand::Get(t) => get::<InterRegionBandwidth>(ctx, &t.target).await,
        InterRegionBandwidthCommand::Update(args) => {
            let body = UpdateInterRegionBandwidth {
                bandwidth: models::check_bandwidth("--bandwidth", args.bandwidth)?,
            };
            update::<InterRegionBandwidth>(ctx, &args.target, body).await
        }
        InterRegionBandwidthCommand::Delete(t) => {
            delete::<InterRegionBandwidth>(ctx, &t.target).await
        }
    }
}

async fn create_inter_region(ctx: &Context, args: InterRegionCreateArgs) -> Result<Outcome> {
    let bandwidth = models::check_bandwidth("--bandwidth", args.bandwidth)?;
    let regions: Vec<String> = args
        .regions
        .iter()
        .map(|r| models::check_token("--region", r))
        .collect::<Result<_>>()?;
    match regions.as_slice() {
        [a, b] if a == b => {
            return Err(Error::usage(format!(
                "--region {a} is given twice: an inter-region bandwidth joins two different regions"
            )));
        }
        [_, _] => {}
        other => {
            return Err(Error::usage(format!(
                "--region: give exactly two regions (one per end), not {}",
                other.len()
            )));
        }
    }
    let c = client(ctx)?;
    let (cloud_connection_id, package) = tokio::try_join!(
        resolve_id::<CloudConnection>(&c, &args.cloud_connection, Some("--cloud-connection")),
        find::<BandwidthPackage>(&c, &args.bandwidth_package, Some("--bandwidth-package")),
    )?;
    // The package must be bound to this cloud connection and hold the bandwidth [INF, see
    // providers/huawei/models.rs]: refused here, with the fix, rather than by the API.
    match package
        .view
        .resource_id
        .as_deref()
        .filter(|r| !r.is_empty())
    {
        Some(bound) if bound == cloud_connection_id => {}
        Some(bound) => {
            return Err(Error::usage(format!(
                "--bandwidth-package {}: it is bound to cloud connection {bound}, not {cloud_connection_id}",
                label(&package.view)
            )));
        }
        None => {
            return Err(Error::usage(format!(
                "--bandwidth-package {}: it is not bound to any cloud connection",
                label(&package.view)
            ))
            .hint(format!(
                "bind it first: `cc huawei bandwidth-packages associate {} --cloud-connection {cloud_connection_id}`",
                package.view.id
            )));
        }
    }
    if let Some(total) = package.view.bandwidth
        && u64::from(bandwidth) > total
    {
        return Err(Error::usage(format!(
            "--bandwidth {bandwidth}: more than the {total} Mbit/s of bandwidth package {}",
            label(&package.view)
        )));
    }
    let bandwidth_package_id = package.view.id.clone();
    let body = models::wrap(
        &InterRegionBandwidth::KIND,
        CreateInterRegionBandwidth {
            cloud_connection_id: cloud_connection_id.clone(),
            bandwidth_package_id: bandwidth_package_id.clone(),
            bandwidth,
            inter_region_ids: regions.clone(),
        },
    )?;
    let how = Lookup::Filters(vec![
        ("cloud_connection_id", cloud_connection_id),
        ("bandwidth_package_id", bandwidth_package_id),
    ]);
    let what_made = format!("between {} and {}", regions[0], regions[1]);
    let created = create_once::<InterRegionBandwidth>(&c, body, how, &what_made).await?;
    Ok(Outcome::Item(created.raw))
}
