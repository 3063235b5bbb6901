//! `cc huawei inter-region-bandwidths ...`: bandwidth between two regions drawn from a bound
//! package; the binding and the package's size are checked before anything is sent, on update as
//! on create. It has no status among its documented fields, so it has no `wait`.

use clap::{Args, Subcommand};
use serde_json::Value;

use super::create::Order;
use super::{ScopedListArgs, between, client, delete, find, get, label, list_scoped, resolve_id};
use crate::commands::args::TargetArg;
use crate::commands::create::{self, Create, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col, computed_col};
use crate::providers::Typed;
use crate::providers::huawei::models::{
    self, BandwidthPackage, CloudConnection, CreateInterRegionBandwidth, InterRegionBandwidth,
    Resource, UpdateInterRegionBandwidth,
};

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
    ///     $ cc huawei inter-region-bandwidths get 9d4e5f60-0000-4000-8000-000000000001
    #[command(verbatim_doc_comment)]
    Get(TargetArg),
    /// Change an inter-region bandwidth
    ///
    /// Examples:
    ///
    ///     $ cc huawei inter-region-bandwidths update 9d4e5f60-0000-4000-8000-000000000001 --bandwidth 8
    #[command(verbatim_doc_comment)]
    Update(InterRegionUpdateArgs),
    /// Delete an inter-region bandwidth
    ///
    /// Examples:
    ///
    ///     $ cc huawei inter-region-bandwidths delete 9d4e5f60-0000-4000-8000-000000000001 --yes
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

const INTER_REGION_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    computed_col("REGIONS", "inter_regions", High, region_pair).whole(),
    col("MBPS", "bandwidth", High),
    col("CLOUD CONNECTION", "cloud_connection_id", Medium),
    col("BANDWIDTH PACKAGE", "bandwidth_package_id", Medium),
    col("CREATED", "created_at", Low),
];

/// The two regions an inter-region bandwidth joins (`eu-west-0 ↔ ap-southeast-3`), from its
/// `inter_regions`, which list the pair once in each direction.
fn region_pair(item: &Value) -> String {
    let mut pairs: Vec<String> = Vec::new();
    let regions = item.get("inter_regions").and_then(Value::as_array);
    for region in regions.into_iter().flatten() {
        let end = |key: &str| region.get(key).and_then(Value::as_str).unwrap_or_default();
        let (local, remote) = (end("local_region_id"), end("remote_region_id"));
        let seen = [between(local, remote), between(remote, local)];
        if !seen.iter().any(|pair| pairs.contains(pair)) {
            pairs.push(between(local, remote));
        }
    }
    pairs.join(", ")
}

/// Runs a `huawei inter-region-bandwidths` subcommand.
pub(super) async fn run(ctx: &Context, cmd: InterRegionBandwidthCommand) -> Result<Outcome> {
    match cmd {
        InterRegionBandwidthCommand::Create(args) => create_inter_region(ctx, args).await,
        InterRegionBandwidthCommand::List(args) => {
            list_scoped::<InterRegionBandwidth>(ctx, INTER_REGION_COLUMNS, &args).await
        }
        InterRegionBandwidthCommand::Get(t) => get::<InterRegionBandwidth>(ctx, &t.target).await,
        InterRegionBandwidthCommand::Update(args) => {
            update_inter_region(ctx, &args.target, args.bandwidth).await
        }
        InterRegionBandwidthCommand::Delete(t) => {
            delete::<InterRegionBandwidth>(ctx, &t.target).await
        }
    }
}

/// `--bandwidth` within what its package holds: the one rule of create and update.
fn fits(bandwidth: u32, package: &BandwidthPackage) -> Result<()> {
    match package.bandwidth {
        Some(total) if u64::from(bandwidth) > total => Err(Error::usage(format!(
            "--bandwidth {bandwidth}: more than the {total} Mbit/s of bandwidth package {}",
            label(package)
        ))),
        _ => Ok(()),
    }
}

/// `update --bandwidth`: checked against its package as create checks it, then sent.
async fn update_inter_region(ctx: &Context, target: &str, bandwidth: u32) -> Result<Outcome> {
    let bandwidth = models::check_bandwidth("bandwidth", bandwidth)?;
    let c = client(ctx)?;
    let current = find::<InterRegionBandwidth>(&c, target, None).await?;
    if let Some(package_id) = current
        .view
        .bandwidth_package_id
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        fits(
            bandwidth,
            &c.get::<BandwidthPackage>(package_id).await?.view,
        )?;
    }
    let body = models::wrap(
        &InterRegionBandwidth::KIND,
        UpdateInterRegionBandwidth { bandwidth },
    )?;
    Ok(Outcome::Item(
        c.update::<InterRegionBandwidth>(&current.view.id, body)
            .await?
            .raw,
    ))
}

async fn create_inter_region(ctx: &Context, args: InterRegionCreateArgs) -> Result<Outcome> {
    create::run(ctx, args).await
}

/// Both regions, checked: two, and different.
fn check_regions(regions: &[String]) -> Result<[String; 2]> {
    let regions: Vec<String> = regions
        .iter()
        .map(|r| models::check_token("inter_region_ids", r))
        .collect::<Result<_>>()?;
    match <[String; 2]>::try_from(regions) {
        Ok([a, b]) if a == b => Err(Error::usage(format!(
            "--region {a} is given twice: an inter-region bandwidth joins two different regions"
        ))),
        Ok(pair) => Ok(pair),
        Err(other) => Err(Error::usage(format!(
            "--region: give exactly two regions (one per end), not {}",
            other.len()
        ))),
    }
}

/// The package must be bound to this cloud connection [INF, see providers/huawei/models.rs]:
/// refused here, with the fix, rather than by the API.
fn check_bound(package: &BandwidthPackage, cloud_connection_id: &str) -> Result<()> {
    match package.resource_id.as_deref().filter(|r| !r.is_empty()) {
        Some(bound) if bound == cloud_connection_id => Ok(()),
        Some(bound) => Err(Error::usage(format!(
            "--bandwidth-package {}: it is bound to cloud connection {bound}, not {cloud_connection_id}",
            label(package)
        ))),
        None => Err(Error::usage(format!(
            "--bandwidth-package {}: it is not bound to any cloud connection",
            label(package)
        ))
        .hint(format!(
            "bind it first: `{}`",
            crate::hint::cc(&format!(
                "huawei bandwidth-packages associate {} --cloud-connection {cloud_connection_id}",
                package.id
            ))
        ))),
    }
}

impl Create for InterRegionCreateArgs {
    type Order = Order<InterRegionBandwidth>;
    const COMMAND: &'static str = "cc huawei inter-region-bandwidths create";
    const QUESTION: &'static str = "Create this inter-region bandwidth?";

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let bandwidth = models::check_bandwidth("bandwidth", self.bandwidth)?;
        let regions = check_regions(&self.regions)?;
        let c = client(ctx)?;
        let (cloud_connection_id, package) = tokio::try_join!(
            resolve_id::<CloudConnection>(&c, &self.cloud_connection, Some("--cloud-connection")),
            find::<BandwidthPackage>(&c, &self.bandwidth_package, Some("--bandwidth-package")),
        )?;
        check_bound(&package.view, &cloud_connection_id)?;
        // The package must hold the bandwidth [INF, see providers/huawei/models.rs].
        fits(bandwidth, &package.view)?;
        let bandwidth_package_id = package.view.id.clone();
        let what_made = format!("between {} and {}", regions[0], regions[1]);
        let body = models::wrap(
            &InterRegionBandwidth::KIND,
            CreateInterRegionBandwidth {
                cloud_connection_id: cloud_connection_id.clone(),
                bandwidth_package_id: bandwidth_package_id.clone(),
                bandwidth,
                inter_region_ids: regions.to_vec(),
            },
        )?;
        let filters = vec![
            ("cloud_connection_id", cloud_connection_id),
            ("bandwidth_package_id", bandwidth_package_id),
        ];
        // An inter-region bandwidth has no name: `--if-exists` does not apply.
        Ok(Step::Go(Order::filtered(c, body, filters, what_made)))
    }

    async fn finish(
        &self,
        _ctx: &Context,
        _order: Self::Order,
        made: Typed<InterRegionBandwidth>,
    ) -> Result<Outcome> {
        Ok(Outcome::Item(made.raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_region_pair_is_named_once_whichever_way_it_is_listed() {
        let one = |local: &str, remote: &str| json!({"local_region_id": local, "remote_region_id": remote});
        let item = json!({"inter_regions": [
            one("eu-west-0", "ap-southeast-3"),
            one("ap-southeast-3", "eu-west-0"),
            one("eu-west-0", "ap-southeast-3"),
        ]});
        assert_eq!(region_pair(&item), "eu-west-0 ↔ ap-southeast-3");
        assert_eq!(region_pair(&json!({"inter_regions": []})), "");
    }
}
