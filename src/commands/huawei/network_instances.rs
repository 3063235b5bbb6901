//! `cc huawei network-instances ...`: the VPCs and virtual gateways a cloud connection joins;
//! a create waits until the instance is ACTIVE. Before a create or a change of subnets is sent,
//! the rules that span resources are checked (`providers::huawei::rules`): a VPC is loaded on one
//! cloud connection at most, and the subnets of one cloud connection do not overlap.

use clap::{Args, Subcommand};

use super::create::Order;
use super::{
    RenameArgs, ScopedListArgs, WaitArgs, client, delete, enforce, find, get, id_of, list_scoped,
    nothing_to_update, update, wait,
};
use crate::commands::args::{IfExists, IfExistsArgs, TargetArg};
use crate::commands::create::{self, Create, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::Typed;
use crate::providers::huawei::bodies::{NetworkInstanceValues, check_cidrs, check_loadable};
use crate::providers::huawei::models::{
    self, CloudConnection, NetworkInstance, NetworkInstanceType, Resource, Status,
    UpdateNetworkInstance,
};
use crate::providers::huawei::waits::wait_for;
use crate::providers::huawei::{HuaweiClient, rules};
use crate::validate;

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
    /// Wait until a network instance reaches a status (default ACTIVE)
    ///
    /// Examples:
    ///
    ///     $ cc huawei network-instances wait vpc-paris
    ///     $ cc huawei network-instances wait 7b2c3d4e-0000-4000-8000-000000000001 --until ACTIVE
    #[command(verbatim_doc_comment)]
    Wait(WaitArgs),
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
/// instance publishes; repeat it. On a terminal, missing values are asked for (the cloud
/// connection from a pick-list), then the order is shown and confirmed (`--yes` skips it).
/// With `--instance-domain-id` (a VPC of another account), this account's permissions are read
/// first: without that account's grant of the VPC to this cloud connection, nothing is sent
/// (`cc huawei permissions list` shows the grants).
///
/// Examples:
///
///     $ cc huawei network-instances create --cloud-connection cc-paris --name vpc-paris-apps \
///         --type vpc --instance-id 5f1b3e4a-7d9c-4e3f-a041-2c3d4e5f6071 \
///         --project-id 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09 --region-id eu-west-0 \
///         --cidr 192.168.2.0/24 --cidr 192.168.3.0/24
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct NetworkInstanceCreateArgs {
    /// The cloud connection to load it on (id or exact name)
    #[arg(long, value_name = "ID|NAME")]
    pub cloud_connection: Option<String>,
    /// Name: letters, digits, Chinese characters, `_`, `-`, `.` (at most 64)
    #[arg(long)]
    pub name: Option<String>,
    /// `vpc` (a VPC) or `vgw` (a Direct Connect virtual gateway)
    #[arg(long = "type", value_name = "vpc|vgw", ignore_case = true)]
    pub instance_type: Option<NetworkInstanceType>,
    /// The VPC or virtual gateway id
    #[arg(long, value_name = "ID")]
    pub instance_id: Option<String>,
    /// The project id of the instance (in its region)
    #[arg(long, value_name = "ID")]
    pub project_id: Option<String>,
    /// The region of the instance, e.g. `eu-west-0`
    #[arg(long, value_name = "R")]
    pub region_id: Option<String>,
    /// A subnet the instance publishes, CIDR; repeat for several
    #[arg(long = "cidr", value_name = "CIDR")]
    pub cidrs: Vec<String>,
    /// Description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
    /// The account owning the instance, to load one from another account
    #[arg(long, value_name = "ID")]
    pub instance_domain_id: Option<String>,
    #[command(flatten)]
    pub if_exists: IfExistsArgs,
}

/// Rename a network instance, change its description or the subnets it publishes
///
/// `--cidr` replaces the whole list of published subnets; repeat it for each one to keep.
///
/// Examples:
///
///     $ cc huawei network-instances update vpc-paris --cidr 192.168.0.0/24 --cidr 192.168.1.0/24
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct NetworkInstanceUpdateArgs {
    /// Network instance id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    #[command(flatten)]
    pub rename: RenameArgs,
    /// The complete new list of published subnets, CIDR; repeat for several
    #[arg(long = "cidr", value_name = "CIDR")]
    pub cidrs: Vec<String>,
}

const NETWORK_INSTANCE_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("STATUS", "status", High),
    col("TYPE", "type", Medium),
    col("INSTANCE", "instance_id", Medium),
    col("REGION", "region_id", High),
    col("CLOUD CONNECTION", "cloud_connection_id", Medium),
    col("CIDRS", "cidrs", Medium),
];

/// Runs a `huawei network-instances` subcommand.
pub(super) async fn run(ctx: &Context, cmd: NetworkInstanceCommand) -> Result<Outcome> {
    match cmd {
        NetworkInstanceCommand::Create(args) => {
            create::run(ctx, NetworkInstanceCreate { args, client: None }).await
        }
        NetworkInstanceCommand::List(args) => {
            list_scoped::<NetworkInstance>(ctx, NETWORK_INSTANCE_COLUMNS, &args).await
        }
        NetworkInstanceCommand::Get(t) => get::<NetworkInstance>(ctx, &t.target).await,
        NetworkInstanceCommand::Update(args) => {
            let (name, description) = args.rename.checked(None)?;
            let body = UpdateNetworkInstance {
                name,
                description,
                cidrs: if args.cidrs.is_empty() {
                    None
                } else {
                    Some(check_cidrs(&args.cidrs)?)
                },
            };
            if body.name.is_none() && body.description.is_none() && body.cidrs.is_none() {
                return Err(nothing_to_update("--name, --description or --cidr"));
            }
            match body.cidrs.clone() {
                Some(cidrs) => update_cidrs(ctx, &args.target, cidrs, body).await,
                None => update::<NetworkInstance>(ctx, &args.target, body).await,
            }
        }
        NetworkInstanceCommand::Wait(args) => wait::<NetworkInstance>(ctx, &args).await,
        NetworkInstanceCommand::Delete(t) => delete::<NetworkInstance>(ctx, &t.target).await,
    }
}

/// An update that changes the published subnets: they must not overlap those of the other
/// network instances of its cloud connection (rule `huawei-cidrs-disjoint`).
async fn update_cidrs(
    ctx: &Context,
    target: &str,
    cidrs: Vec<String>,
    body: UpdateNetworkInstance,
) -> Result<Outcome> {
    let c = client(ctx)?;
    let current = find::<NetworkInstance>(&c, target, None).await?.view;
    let siblings = match current
        .cloud_connection_id
        .clone()
        .filter(|i| !i.is_empty())
    {
        Some(id) => views(c.list(&[("cloud_connection_id", id)], None).await?),
        None => Vec::new(),
    };
    let planned = NetworkInstance {
        cidrs: Some(cidrs),
        ..current.clone()
    };
    enforce(ctx, rules::cidrs_disjoint(&[planned], &siblings))?;
    let body = models::wrap(&NetworkInstance::KIND, body)?;
    Ok(Outcome::Item(
        c.update::<NetworkInstance>(&current.id, body).await?.raw,
    ))
}

/// The views of what a list answered.
fn views(items: Vec<Typed<NetworkInstance>>) -> Vec<NetworkInstance> {
    items.into_iter().map(|i| i.view).collect()
}

/// The rules a network instance to create must keep: its VPC is not loaded on any cloud
/// connection yet, and its subnets overlap none of its cloud connection's. Unless `--if-exists
/// create`, one of the same name is left to `--if-exists` (refused or reused, nothing sent), so
/// it is not judged here.
async fn keeps_the_rules(
    ctx: &Context,
    c: &HuaweiClient,
    planned: &NetworkInstance,
    if_exists: IfExists,
) -> Result<()> {
    let on = [(
        "cloud_connection_id",
        planned.cloud_connection_id.clone().unwrap_or_default(),
    )];
    let same = [(
        "instance_id",
        planned.instance_id.clone().unwrap_or_default(),
    )];
    let (siblings, loaded) = tokio::try_join!(c.list(&on, None), c.list(&same, None))?;
    let others = |items| {
        let mut items = views(items);
        if if_exists != IfExists::Create {
            items.retain(|ni| ni.name != planned.name);
        }
        items
    };
    let (siblings, loaded) = (others(siblings), others(loaded));
    let planned = std::slice::from_ref(planned);
    let breaches = [
        rules::vpc_loaded_once(planned, &loaded),
        rules::cidrs_disjoint(planned, &siblings),
    ];
    enforce(ctx, breaches.concat())
}

/// Asks for what a network-instance create lacks: the cloud connection from a pick-list, the
/// type from its two values, the rest typed and checked as the flags are.
async fn ask_network_instance(
    ctx: &Context,
    c: &HuaweiClient,
    args: &mut NetworkInstanceCreateArgs,
) -> Result<()> {
    use crate::prompt::{self, Choice};
    if args.cloud_connection.is_none() {
        let all = crate::wait::step(
            ctx.wait.spinner,
            "fetching the cloud connections",
            c.list::<CloudConnection>(&[], None),
        )
        .await?;
        let choices: Vec<Choice> = all
            .iter()
            .map(|cc| Choice {
                label: format!("{} ({})", cc.view.name, cc.view.id),
                value: cc.view.id.clone(),
            })
            .collect();
        args.cloud_connection = Some(prompt::select(
            "Cloud connection",
            "--cloud-connection",
            &choices,
        )?);
    }
    if args.name.is_none() {
        args.name = Some(prompt::input("Network instance name", "--name", |t| {
            models::check_name("name", t)
                .map_err(super::flagged)
                .map(|_| ())
        })?);
    }
    if args.instance_type.is_none() {
        let choices: Vec<Choice> = NetworkInstanceType::VARIANTS
            .iter()
            .map(|t| Choice {
                value: t.to_string(),
                label: t.to_string(),
            })
            .collect();
        let picked = prompt::select("Type", "--type", &choices)?;
        args.instance_type = NetworkInstanceType::VARIANTS
            .iter()
            .copied()
            .find(|t| t.as_str() == picked);
    }
    let existing = if args.instance_id.is_none() || args.cidrs.is_empty() {
        Some(Existing::read(ctx, c, args).await?)
    } else {
        None
    };
    if let Some(existing) = &existing {
        ask_instance_id(ctx, existing, args)?;
    }
    for (question, field, flag, value) in [
        (
            "Project id of the instance",
            "project_id",
            "--project-id",
            &mut args.project_id,
        ),
        (
            "Region of the instance",
            "region_id",
            "--region-id",
            &mut args.region_id,
        ),
    ] {
        if value.is_none() {
            *value = Some(prompt::input(question, flag, |t| {
                models::check_token(field, t)
                    .map_err(super::flagged)
                    .map(|_| ())
            })?);
        }
    }
    if let Some(existing) = &existing
        && args.cidrs.is_empty()
    {
        args.cidrs.push(prompt::input(
            "A subnet it publishes, CIDR",
            "--cidr",
            |t| {
                validate::cidr("--cidr", t)?;
                let planned = existing.planned(args, Some(t.trim()));
                enforce(ctx, rules::cidrs_disjoint(&[planned], &existing.siblings))
            },
        )?);
    }
    Ok(())
}

/// Asks for the VPC or virtual gateway id when it is missing, re-asking one that is already
/// loaded on a cloud connection (rule `huawei-vpc-loaded-once`) rather than failing after the
/// last answer.
fn ask_instance_id(
    ctx: &Context,
    existing: &Existing,
    args: &mut NetworkInstanceCreateArgs,
) -> Result<()> {
    if args.instance_id.is_some() {
        return Ok(());
    }
    let answer = crate::prompt::input("VPC or virtual gateway id", "--instance-id", |t| {
        validate::uuid("--instance-id", t.trim())?;
        let mut planned = existing.planned(args, None);
        planned.instance_id = Some(t.trim().to_string());
        enforce(ctx, rules::vpc_loaded_once(&[planned], &existing.all))
    })?;
    args.instance_id = Some(answer);
    Ok(())
}

/// What the wizard's answers must keep the rules with: every network instance of the account
/// (a VPC is loaded once) and those of the chosen cloud connection (their subnets), one of the
/// planned name aside unless `--if-exists create` (as [`keeps_the_rules`] judges the flags).
struct Existing {
    /// The chosen cloud connection's id.
    cloud_connection_id: String,
    /// Every network instance.
    all: Vec<NetworkInstance>,
    /// Those of the chosen cloud connection.
    siblings: Vec<NetworkInstance>,
}

impl Existing {
    async fn read(
        ctx: &Context,
        c: &HuaweiClient,
        args: &NetworkInstanceCreateArgs,
    ) -> Result<Existing> {
        let target = args.cloud_connection.clone().unwrap_or_default();
        let cloud_connection_id =
            id_of::<CloudConnection>(c, &target, Some("--cloud-connection")).await?;
        let listed = crate::wait::step(
            ctx.wait.spinner,
            "fetching the network instances",
            c.list::<NetworkInstance>(&[], None),
        )
        .await?;
        let mut all = views(listed);
        if args.if_exists.if_exists != IfExists::Create {
            all.retain(|ni| Some(&ni.name) != args.name.as_ref());
        }
        let siblings = all
            .iter()
            .filter(|ni| ni.cloud_connection_id.as_deref() == Some(cloud_connection_id.as_str()))
            .cloned()
            .collect();
        Ok(Existing {
            cloud_connection_id,
            all,
            siblings,
        })
    }

    /// The network instance the answers so far describe, with `cidr` as its one subnet.
    fn planned(&self, args: &NetworkInstanceCreateArgs, cidr: Option<&str>) -> NetworkInstance {
        NetworkInstance {
            name: args.name.clone().unwrap_or_default(),
            cloud_connection_id: Some(self.cloud_connection_id.clone()),
            instance_type: args.instance_type.map(|t| t.to_string()),
            instance_id: args.instance_id.clone(),
            region_id: args.region_id.clone(),
            cidrs: cidr.map(|c| vec![c.to_string()]),
            ..NetworkInstance::default()
        }
    }
}

/// The words after `cc` that create the same network instance without questions.
fn network_instance_words(args: &NetworkInstanceCreateArgs) -> Vec<String> {
    let mut words: Vec<String> = ["huawei", "network-instances", "create"]
        .map(String::from)
        .to_vec();
    let mut pairs = vec![
        ("--cloud-connection", args.cloud_connection.clone()),
        ("--name", args.name.clone()),
        ("--type", args.instance_type.map(|t| t.to_string())),
        ("--instance-id", args.instance_id.clone()),
        ("--project-id", args.project_id.clone()),
        ("--region-id", args.region_id.clone()),
    ];
    pairs.extend(args.cidrs.iter().map(|c| ("--cidr", Some(c.clone()))));
    pairs.push(("--description", args.description.clone()));
    pairs.push(("--instance-domain-id", args.instance_domain_id.clone()));
    words.extend(create::flag_words(&pairs));
    words
}

/// The steps of `cc huawei network-instances create`.
struct NetworkInstanceCreate {
    args: NetworkInstanceCreateArgs,
    /// The client the questions used, for the rest.
    client: Option<HuaweiClient>,
}

impl Create for NetworkInstanceCreate {
    type Order = Order<NetworkInstance>;
    const COMMAND: &'static str = "cc huawei network-instances create";
    const QUESTION: &'static str = "Create this network instance?";

    fn required(&self) -> Vec<(&'static str, bool)> {
        let args = &self.args;
        vec![
            ("--cloud-connection", args.cloud_connection.is_none()),
            ("--name", args.name.is_none()),
            ("--type", args.instance_type.is_none()),
            ("--instance-id", args.instance_id.is_none()),
            ("--project-id", args.project_id.is_none()),
            ("--region-id", args.region_id.is_none()),
            ("--cidr", args.cidrs.is_empty()),
        ]
    }

    async fn ask(&mut self, ctx: &Context) -> Result<()> {
        let c = client(ctx)?;
        ask_network_instance(ctx, &c, &mut self.args).await?;
        self.client = Some(c);
        Ok(())
    }

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let c = match self.client.take() {
            Some(c) => c,
            None => client(ctx)?,
        };
        let args = &self.args;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let Some(instance_type) = args.instance_type else {
            return Err(Error::usage("--type: required (vpc or vgw)"));
        };
        let values = NetworkInstanceValues {
            name: &text(&args.name),
            description: args.description.as_deref(),
            instance_type,
            instance_id: &text(&args.instance_id),
            instance_domain_id: args.instance_domain_id.as_deref(),
            project_id: &text(&args.project_id),
            region_id: &text(&args.region_id),
            cidrs: &args.cidrs,
        };
        let cloud_connection = text(&args.cloud_connection);
        let resolved = id_of::<CloudConnection>(&c, &cloud_connection, Some("--cloud-connection"));
        let body = values.body(resolved).await?;
        let planned = NetworkInstance {
            name: body.name.clone(),
            cloud_connection_id: Some(body.cloud_connection_id.clone()),
            instance_type: Some(body.instance_type.to_string()),
            instance_id: Some(body.instance_id.clone()),
            region_id: Some(body.region_id.clone()),
            cidrs: Some(body.cidrs.clone()),
            ..NetworkInstance::default()
        };
        keeps_the_rules(ctx, &c, &planned, args.if_exists.if_exists).await?;
        check_loadable(&c, &body).await?;
        let name = body.name.clone();
        let body = models::wrap(&NetworkInstance::KIND, body)?;
        Ok(Step::Go(Order::named(
            c,
            body,
            name,
            args.if_exists,
            (args.description.clone(), None),
        )))
    }

    fn equivalent(&self) -> Vec<String> {
        network_instance_words(&self.args)
    }

    async fn finish(
        &self,
        ctx: &Context,
        order: Self::Order,
        created: Typed<NetworkInstance>,
    ) -> Result<Outcome> {
        if ctx.no_wait() || created.view.status == Some(Status::Active) {
            return Ok(Outcome::Item(created.raw));
        }
        let id = &created.view.id;
        let active = Status::Active.as_str();
        let done = wait_for::<NetworkInstance>(&order.client, &ctx.wait, id, None, active).await?;
        Ok(Outcome::Item(done.raw))
    }
}
