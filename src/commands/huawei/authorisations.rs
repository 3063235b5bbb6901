//! `cc huawei authorisations ...`: the grants that let another account's cloud connection load
//! one of this account's VPCs (the VPC owner's half of cross-account loading; the other account
//! then runs `network-instances create --instance-domain-id`).
//!
//! Why its own finder: the API has no show call for one authorisation (the SDK has list, create,
//! update and delete only), so an id or a name is looked up by listing with the `id` or `name`
//! filter, and a get, an update and a delete all go through [`find`]. Every id is checked for its
//! shape before anything is sent: the cloud connection is another account's, so it cannot be
//! resolved by name here and must be given by id.

use clap::{Args, Subcommand};

use super::create::Order;
use super::{
    DELETED, Deleted, NamedListArgs, RenameArgs, client, label, list, nothing_to_update, optional,
};
use crate::commands::args::{IfExistsArgs, TargetArg};
use crate::commands::create::{self, Create, Step, flag_words};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::Typed;
use crate::providers::huawei::models::{
    self, Authorisation, CreateAuthorisation, INSTANCE_TYPE_VPC, Resource, UpdateAuthorisation,
};
use crate::providers::huawei::{HuaweiClient, PROVIDER};
use crate::validate;

/// Cross-account authorisations: let another account's cloud connection load one of this
/// account's VPCs
#[derive(Debug, Subcommand)]
pub enum AuthorisationCommand {
    Create(AuthorisationCreateArgs),
    /// List the authorisations this account granted (every page)
    ///
    /// Examples:
    ///
    ///     $ cc huawei authorisations list
    ///     $ cc huawei authorisations list --instance-id 5f1b3e4a-7d9c-4e3f-a041-2c3d4e5f6071 -o json
    #[command(verbatim_doc_comment)]
    List(AuthorisationListArgs),
    /// Show one authorisation
    ///
    /// Examples:
    ///
    ///     $ cc huawei authorisations get grant-paris-apps
    #[command(verbatim_doc_comment)]
    Get(TargetArg),
    Update(AuthorisationUpdateArgs),
    /// Withdraw an authorisation
    ///
    /// Asks for confirmation on a terminal; pass `--yes` in scripts.
    ///
    /// Examples:
    ///
    ///     $ cc huawei authorisations delete grant-paris-apps --yes
    #[command(verbatim_doc_comment)]
    Delete(TargetArg),
}

/// Let another account's cloud connection load one of this account's VPCs
///
/// Sends `POST /v3/{domain_id}/ccaas/authorisations` with body `authorisation`
/// (`instance_type` `vpc`). The other account then loads the VPC with
/// `cc huawei network-instances create --instance-domain-id <this account's id>`, and sees the
/// grant in `cc huawei permissions list`.
///
/// Examples:
///
///     $ cc huawei authorisations create --name grant-singapore-apps \
///         --instance-id 4e0a2d3f-6c8b-4d2e-8f30-1b2c3d4e5f60 \
///         --project-id 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09 --region-id ap-southeast-3 \
///         --cloud-connection-domain-id 5a1d0b0c0ffee0000000000000000002 \
///         --cloud-connection-id 6a1b2c3d-0000-4000-8000-0000000000f1
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct AuthorisationCreateArgs {
    /// Name: letters, digits, Chinese characters, `_`, `-`, `.` (at most 64)
    #[arg(long)]
    pub name: Option<String>,
    /// The VPC to grant (its id, a UUID)
    #[arg(long, value_name = "VPC")]
    pub instance_id: Option<String>,
    /// The project id of the VPC (in its region)
    #[arg(long, value_name = "P")]
    pub project_id: Option<String>,
    /// The region of the VPC, e.g. `eu-west-0`
    #[arg(long, value_name = "R")]
    pub region_id: Option<String>,
    /// The account (domain id, 32 hexadecimal characters) owning the cloud connection
    #[arg(long, value_name = "ACCOUNT")]
    pub cloud_connection_domain_id: Option<String>,
    /// The cloud connection of that account allowed to load the VPC (its id, a UUID)
    #[arg(long, value_name = "CC")]
    pub cloud_connection_id: Option<String>,
    /// Description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
    #[command(flatten)]
    pub if_exists: IfExistsArgs,
}

/// `cc huawei authorisations list` filters (the SDK's query keys).
#[derive(Debug, Args)]
pub struct AuthorisationListArgs {
    /// Only those granting this VPC (id); repeat for several
    #[arg(long = "instance-id", value_name = "VPC")]
    pub instance_ids: Vec<String>,
    /// Only those to this cloud connection (id); repeat for several
    #[arg(long = "cloud-connection-id", value_name = "CC")]
    pub cloud_connection_ids: Vec<String>,
    #[command(flatten)]
    pub named: NamedListArgs,
}

/// Rename an authorisation or change its description
///
/// Examples:
///
///     $ cc huawei authorisations update grant-paris-apps --description "apps VPC for the network account"
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct AuthorisationUpdateArgs {
    /// Authorisation id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    #[command(flatten)]
    pub rename: RenameArgs,
}

const AUTHORISATION_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("VPC", "instance_id", High),
    col("TO ACCOUNT", "cloud_connection_domain_id", High),
    col("CLOUD CONNECTION", "cloud_connection_id", Medium),
    col("REGION", "region_id", Medium),
    col("STATUS", "status", Medium),
];

/// Runs a `huawei authorisations` subcommand.
pub(super) async fn run(ctx: &Context, cmd: AuthorisationCommand) -> Result<Outcome> {
    match cmd {
        AuthorisationCommand::Create(args) => create::run(ctx, AuthorisationCreate { args }).await,
        AuthorisationCommand::List(args) => {
            let filters = list_filters(&args)?;
            let c = client(ctx)?;
            list(
                AUTHORISATION_COLUMNS,
                c.list::<Authorisation>(&filters, args.named.paging.limit)
                    .await?,
            )
        }
        AuthorisationCommand::Get(t) => {
            let c = client(ctx)?;
            Ok(Outcome::Item(find(&c, &t.target).await?.raw))
        }
        AuthorisationCommand::Update(args) => update(ctx, args).await,
        AuthorisationCommand::Delete(t) => delete(ctx, &t.target).await,
    }
}

fn list_filters(args: &AuthorisationListArgs) -> Result<Vec<(&'static str, String)>> {
    let mut filters = Vec::new();
    for id in &args.instance_ids {
        filters.push(("instance_id", validate::uuid("--instance-id", id.trim())?));
    }
    for id in &args.cloud_connection_ids {
        let id = validate::uuid("--cloud-connection-id", id.trim())?;
        filters.push(("cloud_connection_id", id));
    }
    filters.extend(args.named.filters()?);
    Ok(filters)
}

/// One authorisation by id (UUID) or exact name, read from the list (the API has no show call):
/// none is exit 4, several is exit 2 listing them.
async fn find(c: &HuaweiClient, target: &str) -> Result<Typed<Authorisation>> {
    let named = if validate::is_uuid(target) {
        let id = target.to_ascii_lowercase();
        let mut found = c.list::<Authorisation>(&[("id", id.clone())], None).await?;
        found.retain(|a| a.view.id == id);
        found
    } else {
        if target.trim().is_empty() {
            return Err(Error::usage("ID|NAME: must not be empty"));
        }
        c.named::<Authorisation>(target).await?
    };
    let lookup = crate::resolve::Lookup {
        provider: PROVIDER,
        what: Authorisation::KIND.what,
        flag: None,
        list: "cc huawei authorisations list",
    };
    lookup.only(named, target, |a| a.view.id.clone())
}

async fn update(ctx: &Context, args: AuthorisationUpdateArgs) -> Result<Outcome> {
    let (name, description) = args.rename.checked(None)?;
    let body = UpdateAuthorisation { name, description };
    if body.name.is_none() && body.description.is_none() {
        return Err(nothing_to_update("--name or --description"));
    }
    let body = models::wrap(&Authorisation::KIND, body)?;
    let c = client(ctx)?;
    let id = find(&c, &args.target).await?.view.id;
    Ok(Outcome::Item(
        c.update::<Authorisation>(&id, body).await?.raw,
    ))
}

async fn delete(ctx: &Context, target: &str) -> Result<Outcome> {
    let c = client(ctx)?;
    let found = find(&c, target).await?.view;
    ctx.confirm(&format!("Withdraw Huawei authorisation {}?", label(&found)))?;
    let request_id = c.delete::<Authorisation>(&found.id).await?;
    crate::log::line(
        crate::log::PROGRESS,
        format!("huawei: deleted authorisation {}", label(&found)),
    );
    Ok(Outcome::Item(
        Deleted {
            id: &found.id,
            name: (!found.name.is_empty()).then_some(found.name.as_str()),
            state: None,
            status: DELETED,
            request_id: request_id.as_deref(),
        }
        .to_json(),
    ))
}

/// The steps of `cc huawei authorisations create`.
struct AuthorisationCreate {
    args: AuthorisationCreateArgs,
}

impl Create for AuthorisationCreate {
    type Order = Order<Authorisation>;
    const COMMAND: &'static str = "cc huawei authorisations create";
    const QUESTION: &'static str = "Grant this authorisation?";

    fn required(&self) -> Vec<(&'static str, bool)> {
        let args = &self.args;
        vec![
            ("--name", args.name.is_none()),
            ("--instance-id", args.instance_id.is_none()),
            ("--project-id", args.project_id.is_none()),
            ("--region-id", args.region_id.is_none()),
            (
                "--cloud-connection-domain-id",
                args.cloud_connection_domain_id.is_none(),
            ),
            ("--cloud-connection-id", args.cloud_connection_id.is_none()),
        ]
    }

    async fn ask(&mut self, _ctx: &Context) -> Result<()> {
        use crate::prompt::input;
        let args = &mut self.args;
        type Check = fn(&str) -> Result<()>;
        let questions: [(&str, &str, &mut Option<String>, Check); 6] = [
            ("Authorisation name", "--name", &mut args.name, |t| {
                models::check_name("--name", t).map(|_| ())
            }),
            ("VPC id", "--instance-id", &mut args.instance_id, |t| {
                validate::uuid("--instance-id", t.trim()).map(|_| ())
            }),
            (
                "Project id of the VPC",
                "--project-id",
                &mut args.project_id,
                |t| models::check_token("--project-id", t).map(|_| ()),
            ),
            (
                "Region of the VPC",
                "--region-id",
                &mut args.region_id,
                |t| models::check_region_id("--region-id", t).map(|_| ()),
            ),
            (
                "Account of the cloud connection",
                "--cloud-connection-domain-id",
                &mut args.cloud_connection_domain_id,
                |t| models::check_domain_id("--cloud-connection-domain-id", t).map(|_| ()),
            ),
            (
                "Cloud connection id (in that account)",
                "--cloud-connection-id",
                &mut args.cloud_connection_id,
                |t| validate::uuid("--cloud-connection-id", t.trim()).map(|_| ()),
            ),
        ];
        for (question, flag, value, check) in questions {
            if value.is_none() {
                *value = Some(input(question, flag, check)?);
            }
        }
        Ok(())
    }

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let args = &self.args;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let name = models::check_name("name", &text(&args.name))?;
        let body = CreateAuthorisation {
            name: Some(name.clone()),
            description: optional(args.description.as_deref(), |d| {
                models::check_description("description", d, None)
            })?,
            // VPC and cloud connection ids are UUIDs [INF, as for network instances].
            instance_id: validate::uuid("--instance-id", text(&args.instance_id).trim())?,
            instance_type: INSTANCE_TYPE_VPC.to_string(),
            project_id: models::check_token("project_id", &text(&args.project_id))?,
            region_id: models::check_region_id("region_id", &text(&args.region_id))?,
            cloud_connection_domain_id: models::check_domain_id(
                "--cloud-connection-domain-id",
                &text(&args.cloud_connection_domain_id),
            )?,
            cloud_connection_id: validate::uuid(
                "--cloud-connection-id",
                text(&args.cloud_connection_id).trim(),
            )?,
        };
        let body = models::wrap(&Authorisation::KIND, body)?;
        let c = client(ctx)?;
        Ok(Step::Go(Order::named(
            c,
            body,
            name,
            args.if_exists,
            (None, None),
        )))
    }

    fn equivalent(&self) -> Vec<String> {
        let args = &self.args;
        let pairs = [
            ("--name", args.name.clone()),
            ("--instance-id", args.instance_id.clone()),
            ("--project-id", args.project_id.clone()),
            ("--region-id", args.region_id.clone()),
            (
                "--cloud-connection-domain-id",
                args.cloud_connection_domain_id.clone(),
            ),
            ("--cloud-connection-id", args.cloud_connection_id.clone()),
            ("--description", args.description.clone()),
        ];
        let mut words: Vec<String> = ["huawei", "authorisations", "create"]
            .map(String::from)
            .to_vec();
        words.extend(flag_words(&pairs));
        words
    }
}
