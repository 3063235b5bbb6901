//! `cc huawei permissions list`: the authorisations other accounts granted to this one, as this
//! account sees them. Each row's `instance_domain_id` is what
//! `network-instances create --instance-domain-id` takes to load that VPC, and the same list is
//! what that create checks before sending (`network_instances.rs`).

use crate::commands::args::LimitArgs;
use clap::{Args, Subcommand};

use super::{client, list, resolve_id};
use crate::context::Context;
use crate::error::{ErrorKind, Result};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::huawei::HuaweiClient;
use crate::providers::huawei::models::{self, CloudConnection, Permission};
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
        let id = resolve_id::<CloudConnection>(&c, cc, Some("--cloud-connection")).await?;
        filters.push(("cloud_connection_id", id));
    }
    list(
        PERMISSION_COLUMNS,
        c.permissions(&filters, args.paging.limit).await?,
    )
}

/// Before another account's VPC is loaded (`network-instances create --instance-domain-id`):
/// when this account's permissions can be read and none grants VPC `vpc` of account `owner` to
/// cloud connection `cc`, exit 2 naming the flag, nothing sent. When they cannot be read (a
/// 401/403 or 404 on the list: an IAM policy without `cc:permissions:list`, say), a warning, and
/// the API decides.
pub(super) async fn check_granted(
    c: &HuaweiClient,
    owner: &str,
    vpc: &str,
    cc: &str,
) -> Result<()> {
    if owner == c.domain_id() {
        return Ok(());
    }
    let found = match c
        .permissions(&[("instance_id", vpc.to_string())], None)
        .await
    {
        Ok(found) => found,
        Err(e) if e.kind == ErrorKind::Auth || e.kind == ErrorKind::NotFound => {
            crate::log::warn(format!(
                "cannot read this account's permissions ({}): not checking that account {owner} granted VPC {vpc}",
                e.message
            ));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let views: Vec<Permission> = found.into_iter().map(|p| p.view).collect();
    if models::granted(&views, owner, vpc, cc) {
        return Ok(());
    }
    Err(validate::refuse(
        "--instance-domain-id",
        validate::quoted(owner),
        format!(
            "account {owner} has not authorised VPC {vpc} for cloud connection {cc}: the VPC's owner grants it first with `cc huawei authorisations create`; `cc huawei permissions list` shows the grants this account has"
        ),
    ))
}
