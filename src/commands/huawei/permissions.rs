//! `cc huawei permissions list`: the authorisations other accounts granted to this one, as this
//! account sees them. Each row's `instance_domain_id` is what
//! `network-instances create --instance-domain-id` takes to load that VPC, and the same list is
//! what that create checks before sending (`network_instances.rs`).

use crate::commands::args::LimitArgs;
use clap::{Args, Subcommand};

use super::{client, id_of, list};
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::huawei::models::CloudConnection;
use crate::validate;

/// What other accounts granted to this one: their VPCs this account's cloud connections may load
#[derive(Debug, Subcommand)]
pub enum PermissionCommand {
    /// List the authorisations other accounts granted to this one (every page)
    ///
    /// Examples:
    ///
    ///     $ cc huawei permissions list
    ///     $ cc huawei permissions list --cloud-connection cc-paris -o json
    #[command(verbatim_doc_comment)]
    List(PermissionListArgs),
}

/// `cc huawei permissions list` filters (the SDK's query keys).
#[derive(Debug, Args)]
pub struct PermissionListArgs {
    /// Only those to this cloud connection of this account (id or exact name)
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: Option<String>,
    /// Only those of this VPC (id); repeat for several
    #[arg(long = "instance-id", value_name = "VPC")]
    pub instance_ids: Vec<String>,
    #[command(flatten)]
    pub paging: LimitArgs,
}

const PERMISSION_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("FROM ACCOUNT", "instance_domain_id", High),
    col("VPC", "instance_id", High),
    col("CLOUD CONNECTION", "cloud_connection_id", High),
    col("REGION", "region_id", Medium),
    col("NAME", "name", Medium),
];

/// Runs a `huawei permissions` subcommand.
pub(super) async fn run(ctx: &Context, cmd: PermissionCommand) -> Result<Outcome> {
    let PermissionCommand::List(args) = cmd;
    let mut filters = Vec::new();
    for id in &args.instance_ids {
        filters.push(("instance_id", validate::uuid("--instance-id", id.trim())?));
    }
    let c = client(ctx)?;
    if let Some(cc) = &args.cloud_connection {
        let id = id_of::<CloudConnection>(&c, cc, Some("--cloud-connection")).await?;
        filters.push(("cloud_connection_id", id));
    }
    list(
        PERMISSION_COLUMNS,
        c.permissions(&filters, args.paging.limit).await?,
    )
}
