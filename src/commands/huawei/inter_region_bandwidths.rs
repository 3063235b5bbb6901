//! `cc huawei inter-region-bandwidths ...`: bandwidth between two regions drawn from a bound
//! package. Before anything is sent, the binding is checked, and the rules that span resources
//! (`providers::huawei::rules`) over what the cloud connection holds: the package carries all it
//! lends (on update as on create), the regions lie within its ends, one per pair of regions, and
//! both regions hold a network instance. It has no status among its documented fields, so it has
//! no `wait`.

use clap::{Args, Subcommand};
use serde_json::Value;

use super::create::Order;
use super::{ScopedListArgs, between, client, delete, enforce, find, get, list_scoped};
use crate::commands::args::TargetArg;
use crate::commands::create::{self, Create, Step};
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col, computed_col};
use crate::providers::huawei::bodies::{check_bound, check_region_pair};
use crate::providers::huawei::models::{
    self, BandwidthPackage, CloudConnection, CreateInterRegionBandwidth, InterRegion,
    InterRegionBandwidth, NetworkInstance, Resource, UpdateInterRegionBandwidth,
};
use crate::providers::huawei::{HuaweiClient, rules};

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
/// Give `--region` twice, once for each end. Refused before anything is sent (exit 2, naming
/// both sides and the rule) unless: the bandwidth package is bound to the cloud connection
/// (`cc huawei bandwidth-packages associate`) and carries this bandwidth beside those already
/// drawn from it; the regions lie within the package's areas (or are its two regions); the cloud
/// connection has no other inter-region bandwidth between them; and each region holds one of its
/// network instances. The rules `cc` infers rather than reads in Huawei's documents name
/// `--skip-rule NAME`, which lets one request through.
///
/// Examples:
///
///     # each region needs a network instance of the cloud connection first
///     $ cc huawei network-instances create --cloud-connection cc-paris --name vpc-hongkong \
///         --type vpc --instance-id 2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d \
///         --project-id 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09 --region-id ap-southeast-1 --cidr 10.3.0.0/16
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
        InterRegionBandwidthCommand::Create(args) => create::run(ctx, args).await,
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

/// `update --bandwidth`: the package must still carry every inter-region bandwidth drawn from
/// it (rule `huawei-package-carries`), as create checks it, then it is sent.
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
        let filter = [("bandwidth_package_id", package_id.to_string())];
        let (package, drawn) = tokio::try_join!(
            c.get::<BandwidthPackage>(package_id),
            c.list::<InterRegionBandwidth>(&filter, None),
        )?;
        let planned = InterRegionBandwidth {
            bandwidth: Some(u64::from(bandwidth)),
            ..current.view.clone()
        };
        let drawn: Vec<InterRegionBandwidth> = drawn.into_iter().map(|i| i.view).collect();
        enforce(
            ctx,
            rules::package_carries(&package.view, &[planned], &drawn),
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

/// The rules an inter-region bandwidth to create must keep, over what its cloud connection
/// holds: its package carries it, its regions are within the package's ends, no other joins
/// the same regions, and both regions hold a network instance.
async fn keeps_the_rules(
    ctx: &Context,
    c: &HuaweiClient,
    planned: &InterRegionBandwidth,
    cloud_connection: &CloudConnection,
    package: &BandwidthPackage,
) -> Result<()> {
    let filter = [("cloud_connection_id", cloud_connection.id.clone())];
    let (existing, instances) = tokio::try_join!(
        c.list::<InterRegionBandwidth>(&filter, None),
        c.list::<NetworkInstance>(&filter, None),
    )?;
    let existing: Vec<InterRegionBandwidth> = existing.into_iter().map(|i| i.view).collect();
    let instances: Vec<NetworkInstance> = instances.into_iter().map(|i| i.view).collect();
    let planned = std::slice::from_ref(planned);
    let breaches = [
        rules::package_carries(package, planned, &existing),
        rules::regions_in_package(&planned[0], package),
        rules::one_per_region_pair(planned, &existing),
        rules::regions_have_instances(&planned[0], cloud_connection, &instances),
    ];
    enforce(ctx, breaches.concat())
}

impl Create for InterRegionCreateArgs {
    type Order = Order<InterRegionBandwidth>;
    const COMMAND: &'static str = "cc huawei inter-region-bandwidths create";
    const QUESTION: &'static str = "Create this inter-region bandwidth?";

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let bandwidth = models::check_bandwidth("bandwidth", self.bandwidth)?;
        let regions = check_region_pair(&self.regions)?;
        let c = client(ctx)?;
        let (cloud_connection, package) = tokio::try_join!(
            find::<CloudConnection>(&c, &self.cloud_connection, Some("--cloud-connection")),
            find::<BandwidthPackage>(&c, &self.bandwidth_package, Some("--bandwidth-package")),
        )?;
        let cloud_connection_id = cloud_connection.view.id.clone();
        check_bound(&package.view, &cloud_connection_id).map_err(|e| {
            let bind = format!(
                "huawei bandwidth-packages associate {} --cloud-connection {cloud_connection_id}",
                package.view.id
            );
            e.hint(format!("bind it first: `{}`", crate::hint::cc(&bind)))
        })?;
        let planned = InterRegionBandwidth {
            cloud_connection_id: Some(cloud_connection_id.clone()),
            bandwidth_package_id: Some(package.view.id.clone()),
            bandwidth: Some(u64::from(bandwidth)),
            inter_regions: Some(vec![InterRegion {
                local_region_id: Some(regions[0].clone()),
                remote_region_id: Some(regions[1].clone()),
            }]),
            ..InterRegionBandwidth::default()
        };
        keeps_the_rules(ctx, &c, &planned, &cloud_connection.view, &package.view).await?;
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
