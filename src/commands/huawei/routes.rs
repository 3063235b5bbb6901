//! `cc huawei routes`: which prefixes each network instance contributes to a cloud connection,
//! the way traffic actually goes (`CLI.md` §3). The list's filters are the query keys of the
//! SDK's `ListCloudConnectionRoutesRequest`, sent as it sends them (repeated keys for its list
//! filters), every marker page followed; a route has no name, so `get` takes its id only.

use crate::commands::args::LimitArgs;
use clap::{Args, Subcommand};

use super::{client, id_of, list};
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::huawei::models::{self, CloudConnection, CloudConnectionRoute};

/// Cloud connection routes: the prefixes each network instance contributes
///
/// Without a subcommand, lists the routes (every page), optionally of some cloud connections,
/// network instances (their VPC or virtual gateway id) or one region.
///
/// Examples:
///
///     $ cc huawei routes --cloud-connection cc-paris
///     $ cc huawei routes --region-id eu-west-0 -o json
///     $ cc huawei routes get 22236fc9-07f9-44f0-9062-ce5d3d745c0c
#[derive(Debug, Args)]
#[command(verbatim_doc_comment, args_conflicts_with_subcommands = true)]
pub struct RoutesArgs {
    #[command(subcommand)]
    command: Option<RoutesCommand>,
    #[command(flatten)]
    list: RoutesListArgs,
}

/// The subcommands of `routes`.
#[derive(Debug, Subcommand)]
enum RoutesCommand {
    /// Show one route
    ///
    /// Examples:
    ///
    ///     $ cc huawei routes get 22236fc9-07f9-44f0-9062-ce5d3d745c0c
    #[command(verbatim_doc_comment)]
    Get {
        /// Route id
        #[arg(value_name = "ID")]
        id: String,
    },
}

/// The filters of the list.
#[derive(Debug, Args)]
struct RoutesListArgs {
    /// Only the routes of this cloud connection (id or exact name; repeatable)
    #[arg(long = "cloud-connection", value_name = "ID|NAME")]
    cloud_connections: Vec<String>,
    /// Only the routes leading to this network instance's VPC or virtual gateway (repeatable)
    #[arg(long = "instance-id", value_name = "ID")]
    instance_ids: Vec<String>,
    /// Only the routes of this region (`eu-west-0`)
    #[arg(long, value_name = "R")]
    region_id: Option<String>,
    #[command(flatten)]
    paging: LimitArgs,
}

const ROUTE_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("DESTINATION", "destination", Key),
    col("REGION", "region_id", High),
    col("TYPE", "type", Medium),
    col("INSTANCE", "instance_id", High),
    col("CLOUD CONNECTION", "cloud_connection_id", Medium),
];

/// Runs `huawei routes`.
pub(super) async fn run(ctx: &Context, args: RoutesArgs) -> Result<Outcome> {
    match args.command {
        Some(RoutesCommand::Get { id }) => {
            let id = models::check_token("ID", &id)?;
            let c = client(ctx)?;
            Ok(Outcome::Item(c.get::<CloudConnectionRoute>(&id).await?.raw))
        }
        None => list_routes(ctx, args.list).await,
    }
}

async fn list_routes(ctx: &Context, args: RoutesListArgs) -> Result<Outcome> {
    let mut filters: Vec<(&str, String)> = Vec::new();
    for id in &args.instance_ids {
        filters.push(("instance_id", models::check_token("--instance-id", id)?));
    }
    if let Some(region) = &args.region_id {
        filters.push(("region_id", models::check_region_id("--region-id", region)?));
    }
    let c = client(ctx)?;
    for cc in &args.cloud_connections {
        let id = id_of::<CloudConnection>(&c, cc, Some("--cloud-connection")).await?;
        filters.push(("cloud_connection_id", id));
    }
    list(
        ROUTE_COLUMNS,
        c.list::<CloudConnectionRoute>(&filters, args.paging.limit)
            .await?,
    )
}
