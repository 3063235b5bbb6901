//! `cc huawei bandwidth-packages ...`: the bandwidth bought for a cloud connection, and binding
//! it to one (an associate whose answer is lost is checked, not resent). Before a package is
//! bound (at create or by associate) or resized, the rules that span resources are checked
//! (`providers::huawei::rules`): one package per cloud connection per pair of areas and billing
//! mode, and a package never smaller than the inter-region bandwidths drawn from it.

use clap::{Args, Subcommand};

use super::create::Order;
use super::{
    RenameArgs, ScopedListArgs, WaitArgs, between, client, delete, enforce, find, get, id_of,
    label, list_scoped, nothing_to_update, update, wait,
};
use crate::commands::args::{IfExists, IfExistsArgs, TargetArg};
use crate::commands::create::{self, Create, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col, computed_col};
use crate::providers::huawei::bodies::PackageValues;
use crate::providers::huawei::models::{
    self, BandwidthPackage, BillingMode, ChargeMode, CloudConnection, InterRegionBandwidth,
    InterflowMode, PeriodType, PrepaidOptions, Resource, UpdateBandwidthPackage,
};
use crate::providers::huawei::{HuaweiClient, rules};

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
    /// Wait until a bandwidth package reaches a status (default ACTIVE)
    ///
    /// Examples:
    ///
    ///     $ cc huawei bandwidth-packages wait bwp-eu-ap
    #[command(verbatim_doc_comment)]
    Wait(WaitArgs),
    Update(BandwidthPackageUpdateArgs),
    /// Delete a bandwidth package
    ///
    /// The API refuses while an inter-region bandwidth uses it (CC.1052).
    ///
    /// Examples:
    ///
    ///     $ cc huawei bandwidth-packages delete bwp-spare --yes
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
    ///     # the inter-region bandwidths over it go first (CC.1052)
    ///     $ cc huawei inter-region-bandwidths delete 9d4e5f60-0000-4000-8000-000000000001 --yes
    ///     $ cc huawei bandwidth-packages disassociate bwp-eu-ap --cloud-connection cc-paris
    #[command(verbatim_doc_comment)]
    Disassociate(AssociateArgs),
}

/// Buy a bandwidth package between two areas, or between two regions
///
/// Sends POST /v3/{domain_id}/ccaas/bandwidth-packages with
/// `{"bandwidth_package": {name, project_id, local_area_id, remote_area_id, charge_mode,
/// billing_mode, bandwidth, ...}}`.
///
/// Interflow modes (`interflow_mode`):
///   Area (the default)  --local-area/--remote-area are geographic areas: Chinese-Mainland,
///                       Asia-Pacific, Africa, Western-Latin-America, Eastern-Latin-America,
///                       Northern-Latin-America
///   Region              --local-area/--remote-area are region ids (cn-north-4, cn-south-1),
///                       sent as local_area_id/remote_area_id, and --spec-code (required) names
///                       the region pair, e.g. Beijing4toGuangzhou
/// An area in Region mode, or a region id in Area mode, is refused before anything is sent.
///
/// Billing modes (`--billing-mode`, each listed below): modes 1 and 2 are bought for a period:
/// `--period-type month|year --period-num N [--auto-renew] [--auto-pay]`, sent as
/// `prepaid_options {period_type, period_num, is_auto_renew, is_auto_pay}` (the two booleans
/// false unless their flag is given); the other modes take no period. With
/// `--cloud-connection`, the package is bound to it at once.
///
/// Examples:
///
///     $ cc huawei bandwidth-packages create --name bwp-branch-01 \
///         --project-id 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09 --local-area Asia-Pacific \
///         --remote-area Asia-Pacific --bandwidth 10 --billing-mode 4 --cloud-connection cc-branch-01
///
///     # between two regions, bought for 3 months and renewed automatically
///     $ cc huawei bandwidth-packages create --name bwp-bj-gz \
///         --project-id 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09 --interflow-mode Region \
///         --local-area cn-north-4 --remote-area cn-south-1 --spec-code Beijing4toGuangzhou \
///         --bandwidth 5 --billing-mode 1 --period-type month --period-num 3 --auto-renew
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct BandwidthPackageCreateArgs {
    /// Name: 1-64 letters, digits, Chinese characters, `_`, `-`, `.`
    #[arg(long)]
    pub name: String,
    /// Project id
    #[arg(long, value_name = "P")]
    pub project_id: String,
    /// Local end: an area (Area mode, e.g. Asia-Pacific) or a region id (Region mode, e.g. cn-north-4)
    #[arg(long, value_name = "A")]
    pub local_area: String,
    /// Remote end: an area (Area mode, e.g. Chinese-Mainland) or a region id (Region mode, e.g. cn-south-1)
    #[arg(long, value_name = "A")]
    pub remote_area: String,
    /// Bandwidth in Mbit/s
    #[arg(long, value_name = "MBPS")]
    pub bandwidth: u32,
    /// Billing mode, 1 to 6; 1 and 2 need --period-type and --period-num
    #[arg(long, value_name = "N")]
    pub billing_mode: BillingMode,
    /// Charge mode
    #[arg(
        long,
        value_name = "bandwidth",
        default_value = "bandwidth",
        ignore_case = true
    )]
    pub charge_mode: ChargeMode,
    /// `Area` (between two geographic areas; the default) or `Region` (between two regions)
    #[arg(long, value_name = "Area|Region", ignore_case = true)]
    pub interflow_mode: Option<InterflowMode>,
    /// Product specification code: e.g. bandwidth.aptoap in Area mode; in Region mode (required)
    /// the region pair, e.g. Beijing4toGuangzhou
    #[arg(long, value_name = "S")]
    pub spec_code: Option<String>,
    /// Bind it to this cloud connection (id or exact name)
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: Option<String>,
    /// Description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
    /// Billing modes 1 and 2: the period is counted in `month`s or `year`s
    #[arg(long, value_name = "month|year", ignore_case = true)]
    pub period_type: Option<PeriodType>,
    /// Billing modes 1 and 2: how many months (1-9) or years (1-3)
    #[arg(long, value_name = "N")]
    pub period_num: Option<u32>,
    /// Billing modes 1 and 2: renew automatically at the end of the period (`is_auto_renew`)
    #[arg(long)]
    pub auto_renew: bool,
    /// Billing modes 1 and 2: pay the order at once from the account balance (`is_auto_pay`)
    #[arg(long)]
    pub auto_pay: bool,
    #[command(flatten)]
    pub if_exists: IfExistsArgs,
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
    #[command(flatten)]
    pub rename: RenameArgs,
    /// New bandwidth in Mbit/s
    #[arg(long, value_name = "MBPS")]
    pub bandwidth: Option<u32>,
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

const BANDWIDTH_PACKAGE_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("STATUS", "status", High),
    col("MBPS", "bandwidth", High),
    computed_col("AREAS", "local_area_id", High, area_pair).whole(),
    col("BILLING", "billing_mode", Low),
    col("CLOUD CONNECTION", "resource_id", Medium),
];

/// The two areas a package carries traffic between (`Chinese-Mainland ↔ Asia-Pacific`): one
/// column, so that a narrow terminal keeps both or neither.
fn area_pair(item: &serde_json::Value) -> String {
    let end = |key: &str| {
        item.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
    };
    between(end("local_area_id"), end("remote_area_id"))
}

/// Runs a `huawei bandwidth-packages` subcommand.
pub(super) async fn run(ctx: &Context, cmd: BandwidthPackageCommand) -> Result<Outcome> {
    match cmd {
        BandwidthPackageCommand::Create(args) => create::run(ctx, args).await,
        BandwidthPackageCommand::List(args) => {
            list_scoped::<BandwidthPackage>(ctx, BANDWIDTH_PACKAGE_COLUMNS, &args).await
        }
        BandwidthPackageCommand::Get(t) => get::<BandwidthPackage>(ctx, &t.target).await,
        BandwidthPackageCommand::Update(args) => {
            let (name, description) = args.rename.checked(None)?;
            let body = UpdateBandwidthPackage {
                name,
                description,
                bandwidth: args
                    .bandwidth
                    .map(|b| models::check_bandwidth("bandwidth", b))
                    .transpose()?,
                billing_mode: None,
            };
            if body.name.is_none() && body.description.is_none() && body.bandwidth.is_none() {
                return Err(nothing_to_update("--name, --bandwidth or --description"));
            }
            if let Some(bandwidth) = body.bandwidth {
                let c = client(ctx)?;
                let package = find::<BandwidthPackage>(&c, &args.target, None).await?.view;
                holds_what_is_drawn(ctx, &c, &package, bandwidth).await?;
                let body = models::wrap(&BandwidthPackage::KIND, body)?;
                return Ok(Outcome::Item(
                    c.update::<BandwidthPackage>(&package.id, body).await?.raw,
                ));
            }
            update::<BandwidthPackage>(ctx, &args.target, body).await
        }
        BandwidthPackageCommand::Wait(args) => wait::<BandwidthPackage>(ctx, &args).await,
        BandwidthPackageCommand::Delete(t) => delete::<BandwidthPackage>(ctx, &t.target).await,
        BandwidthPackageCommand::Associate(args) => associate(ctx, args, true).await,
        BandwidthPackageCommand::Disassociate(args) => associate(ctx, args, false).await,
    }
}

/// A package's new size must carry the inter-region bandwidths drawn from it (rule
/// `huawei-package-carries`, which `inter-region-bandwidths create` and `update` check from the
/// other side).
async fn holds_what_is_drawn(
    ctx: &Context,
    c: &HuaweiClient,
    package: &BandwidthPackage,
    bandwidth: u32,
) -> Result<()> {
    let filter = [("bandwidth_package_id", package.id.clone())];
    let drawn: Vec<InterRegionBandwidth> = c
        .list::<InterRegionBandwidth>(&filter, None)
        .await?
        .into_iter()
        .map(|i| i.view)
        .collect();
    enforce(
        ctx,
        rules::package_resized(package, u64::from(bandwidth), &drawn),
    )
}

/// `planned` (a package to create, or one to bind) and the packages already bound to
/// `cloud_connection`: one per pair of areas and billing mode (rule
/// `huawei-one-package-per-areas`). A create passes `same_name` unless `--if-exists create`:
/// a package of its name is left to `--if-exists` (refused or reused, nothing sent).
async fn one_per_areas(
    ctx: &Context,
    c: &HuaweiClient,
    planned: &BandwidthPackage,
    cloud_connection: &CloudConnection,
    same_name: Option<&str>,
) -> Result<()> {
    let filter = [("cloud_connection_id", cloud_connection.id.clone())];
    let bound: Vec<BandwidthPackage> = c
        .list::<BandwidthPackage>(&filter, None)
        .await?
        .into_iter()
        .map(|p| p.view)
        .filter(|p| same_name != Some(p.name.as_str()))
        .collect();
    enforce(
        ctx,
        rules::one_package_per_areas(planned, cloud_connection, &bound),
    )
}

impl Create for BandwidthPackageCreateArgs {
    type Order = Order<BandwidthPackage>;
    const COMMAND: &'static str = "cc huawei bandwidth-packages create";
    const QUESTION: &'static str = "Buy this bandwidth package?";

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let args = &*self;
        let values = PackageValues {
            name: &args.name,
            description: args.description.as_deref(),
            project_id: &args.project_id,
            ends: [&args.local_area, &args.remote_area],
            bandwidth: args.bandwidth,
            charge_mode: args.charge_mode,
            billing_mode: args.billing_mode,
            interflow_mode: args.interflow_mode,
            spec_code: args.spec_code.as_deref(),
            prepaid_options: prepaid_options(args)?,
        };
        let body = values.body()?;
        let c = client(ctx)?;
        let resource_id = match &args.cloud_connection {
            Some(cc) => {
                let cc = find::<CloudConnection>(&c, cc, Some("--cloud-connection")).await?;
                let planned = BandwidthPackage {
                    name: body.name.clone(),
                    resource_id: Some(cc.view.id.clone()),
                    billing_mode: Some(body.billing_mode.to_string()),
                    local_area_id: Some(body.local_area_id.clone()),
                    remote_area_id: Some(body.remote_area_id.clone()),
                    ..BandwidthPackage::default()
                };
                let same_name =
                    (args.if_exists.if_exists != IfExists::Create).then_some(body.name.as_str());
                one_per_areas(ctx, &c, &planned, &cc.view, same_name).await?;
                Some(cc.view.id)
            }
            None => None,
        };
        let (name, bandwidth) = (body.name.clone(), body.bandwidth);
        let body = models::wrap(&BandwidthPackage::KIND, body.bound_to(resource_id))?;
        Ok(Step::Go(Order::named(
            c,
            body,
            name,
            args.if_exists,
            (args.description.clone(), Some(bandwidth)),
        )))
    }
}

/// `prepaid_options` from the period flags: required for billing modes 1 and 2, refused for the
/// others (they are not bought for a period).
fn prepaid_options(args: &BandwidthPackageCreateArgs) -> Result<Option<PrepaidOptions>> {
    if !args.billing_mode.prepaid() {
        let given = [
            ("--period-type", args.period_type.is_some()),
            ("--period-num", args.period_num.is_some()),
            ("--auto-renew", args.auto_renew),
            ("--auto-pay", args.auto_pay),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, given)| *given) {
            return Err(Error::usage(format!(
                "{flag}: only for billing modes 1 and 2 (yearly/monthly); billing mode {} is not bought for a period",
                args.billing_mode
            )));
        }
        return Ok(None);
    }
    let (Some(period_type), Some(period_num)) = (args.period_type, args.period_num) else {
        let missing: Vec<&str> = [
            ("--period-type", args.period_type.is_none()),
            ("--period-num", args.period_num.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, missing)| missing.then_some(flag))
        .collect();
        return Err(Error::usage(format!(
            "missing {}: billing mode {} (yearly/monthly) is bought for a period; give --period-type month|year and --period-num N",
            missing.join(" and "),
            args.billing_mode
        )));
    };
    if period_num == 0 {
        return Err(Error::usage("--period-num 0: at least 1"));
    }
    Ok(Some(PrepaidOptions {
        period_type,
        period_num,
        is_auto_renew: args.auto_renew,
        is_auto_pay: args.auto_pay,
    }))
}

async fn associate(ctx: &Context, args: AssociateArgs, bind: bool) -> Result<Outcome> {
    let c = client(ctx)?;
    let (package, cloud_connection_id) = tokio::try_join!(
        find::<BandwidthPackage>(&c, &args.target, None),
        id_of::<CloudConnection>(&c, &args.cloud_connection, Some("--cloud-connection")),
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
    if bind {
        let cloud_connection = c.get::<CloudConnection>(&cloud_connection_id).await?;
        one_per_areas(ctx, &c, &package.view, &cloud_connection.view, None).await?;
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
                        err.hint(format!(
                            "it went through: bandwidth package {id} is now {}",
                            if bind {
                                "bound to the cloud connection"
                            } else {
                                "unbound"
                            }
                        ))
                    } else {
                        err.hint(format!("bandwidth package {id} is unchanged; it is safe to run the command again"))
                    }
                }
                Err(lookup) => err.hint(format!(
                    "reading bandwidth package {id} failed too ({}); check `{}` before retrying",
                    lookup.message,
                    crate::hint::cc(&format!("huawei bandwidth-packages get {id}"))
                )),
            })
        }
        Err(err) => Err(err),
    }
}
