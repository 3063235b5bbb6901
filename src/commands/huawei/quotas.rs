//! `cc huawei quotas`: how many cloud connections, regions, routes and network instances the
//! account may have, how many it uses and what is left (`CLI.md` §3).
//!
//! The API answers one quota type a call (`quota_type` is required in the SDK's
//! `ListCloudConnectionQuotasRequest`), and three of the types are per cloud connection
//! (`cloud_connection_id`), one of them per region too (`region_id`). So without `--type`,
//! `cc` asks for the account's cloud connections and, with `--cloud-connection`, for each type
//! of that cloud connection; the network instances per region are asked for `--region-id`, or
//! for each region where the cloud connection has network instances. The calls run
//! concurrently; the table is one row per quota, in the order asked.

use clap::Args;
use serde_json::Value;

use super::{client, id_of, list};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col, computed_col};
use crate::providers::huawei::HuaweiClient;
use crate::providers::huawei::models::{self, CloudConnection, NetworkInstance, QUOTA_TYPES};

/// Show the quotas: how many are allowed, used and left
///
/// Types: cloud_connection (the account's cloud connections), cloud_connection_region (regions
/// of one cloud connection), cloud_connection_route (routes of one cloud connection),
/// region_network_instance (network instances of one cloud connection in one region). The
/// three last need --cloud-connection. Without --type: the account's cloud connections, and
/// with --cloud-connection every type of that cloud connection (network instances for
/// --region-id, or for each region where it has network instances).
///
/// Examples:
///
///     $ cc huawei quotas
///     $ cc huawei quotas --cloud-connection cc-paris
///     $ cc huawei quotas --type region_network_instance --cloud-connection cc-paris \
///         --region-id eu-west-0
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct QuotasArgs {
    /// Only this quota type
    #[arg(long = "type", value_name = "TYPE")]
    quota_type: Option<String>,
    /// The cloud connection whose quotas to show (id or exact name)
    #[arg(long, value_name = "ID|NAME")]
    cloud_connection: Option<String>,
    /// The region of region_network_instance
    #[arg(long, value_name = "R")]
    region_id: Option<String>,
}

const QUOTA_COLUMNS: &[Column] = &[
    col("TYPE", "quota_type", Key),
    col("CLOUD CONNECTION", "cloud_connection_id", Medium),
    col("REGION", "region_id", Medium),
    col("QUOTA", "quota_number", High),
    col("USED", "quota_used", High),
    computed_col("LEFT", "quota_number", High, left),
];

/// What is left of a quota: its number less what is used (never below 0); empty when either
/// is missing.
fn left(quota: &Value) -> String {
    match (quota["quota_number"].as_i64(), quota["quota_used"].as_i64()) {
        (Some(number), Some(used)) => (number - used).max(0).to_string(),
        _ => String::new(),
    }
}

/// Whether a quota type is one of a cloud connection.
fn per_connection(quota_type: &str) -> bool {
    quota_type != QUOTA_TYPES[0]
}

/// Runs `huawei quotas`.
pub(super) async fn run(ctx: &Context, args: QuotasArgs) -> Result<Outcome> {
    let wanted = match &args.quota_type {
        Some(t) => vec![models::one_of("--type", t, &QUOTA_TYPES)?],
        None if args.cloud_connection.is_some() => QUOTA_TYPES.map(str::to_string).to_vec(),
        None => vec![QUOTA_TYPES[0].to_string()],
    };
    if args.cloud_connection.is_none()
        && let Some(t) = wanted.iter().find(|t| per_connection(t))
    {
        return Err(Error::usage(format!(
            "--type {t}: is a quota of one cloud connection: give --cloud-connection"
        )));
    }
    let region = args
        .region_id
        .as_deref()
        .map(|r| models::check_region_id("--region-id", r))
        .transpose()?;
    let c = client(ctx)?;
    let cc = match &args.cloud_connection {
        Some(cc) => Some(id_of::<CloudConnection>(&c, cc, Some("--cloud-connection")).await?),
        None => None,
    };
    let mut queries: Vec<Vec<(&str, String)>> = Vec::new();
    for quota_type in &wanted {
        let mut query = vec![("quota_type", quota_type.clone())];
        if per_connection(quota_type) {
            query.push(("cloud_connection_id", cc.clone().unwrap_or_default()));
        }
        if quota_type != QUOTA_TYPES[3] {
            queries.push(query);
            continue;
        }
        let regions = match &region {
            Some(r) => vec![r.clone()],
            None => regions_of(&c, cc.as_deref().unwrap_or_default()).await?,
        };
        for r in regions {
            let mut query = query.clone();
            query.push(("region_id", r));
            queries.push(query);
        }
    }
    let answers = futures_util::future::try_join_all(queries.iter().map(|q| c.quotas(q))).await?;
    list(QUOTA_COLUMNS, answers.into_iter().flatten().collect())
}

/// The regions where cloud connection `cc` has network instances, each once, in order.
async fn regions_of(c: &HuaweiClient, cc: &str) -> Result<Vec<String>> {
    let filter = [("cloud_connection_id", cc.to_string())];
    let mut regions: Vec<String> = Vec::new();
    for ni in c.list::<NetworkInstance>(&filter, None).await? {
        if let Some(r) = ni.view.region_id
            && !regions.contains(&r)
        {
            regions.push(r);
        }
    }
    Ok(regions)
}
