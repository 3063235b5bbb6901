//! `cc huawei create|list|get|update|delete`: cloud connections themselves. A create with
//! `--tag` is two calls (the create, then the tags), and a failure of the second says the
//! cloud connection exists.

use clap::Args;
use serde_json::json;

use super::create::Order;
use super::{NamedListArgs, RenameArgs, client, list, nothing_to_update, optional, update};
use crate::commands::args::IfExistsArgs;
use crate::commands::create::{self, Create, Step, flag_words};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::Typed;
use crate::providers::huawei::models::{
    self, CloudConnection, CreateCloudConnection, Resource, Tag, UpdateCloudConnection,
};
use crate::validate;

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
///     $ cc huawei create --name cc-amsterdam --description "Amsterdam to Singapore"
///     $ cc huawei create --name cc-frankfurt --tag env=prod --tag team=net -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CreateArgs {
    /// Name: letters, digits, Chinese characters, `_`, `-`, `.` (at most 64); asked on a terminal
    #[arg(long)]
    pub name: Option<String>,
    /// Description (no `<` or `>`, at most 255 characters)
    #[arg(long)]
    pub description: Option<String>,
    /// Enterprise project id (required for enterprise accounts)
    #[arg(long, value_name = "ID")]
    pub enterprise_project_id: Option<String>,
    /// Tag to add, KEY=VALUE; repeat for several
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub if_exists: IfExistsArgs,
}

/// `cc huawei list` filters.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only cloud connections in this status (ACTIVE, PENDING or ERROR); repeat for several
    #[arg(long = "status", value_name = "S")]
    pub statuses: Vec<String>,
    #[command(flatten)]
    pub named: NamedListArgs,
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
    #[command(flatten)]
    pub rename: RenameArgs,
}

const CLOUD_CONNECTION_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("STATUS", "status", High),
    col("INSTANCES", "network_instance_number", Medium),
    col("PACKAGES", "bandwidth_package_number", Medium),
    col("INTER-REGION", "inter_region_bandwidth_number", Medium),
];

fn list_filters(args: &ListArgs) -> Result<Vec<(&'static str, String)>> {
    let mut filters = Vec::new();
    for status in &args.statuses {
        let s = validate::state("--status", status, &models::STATUSES)?.to_string();
        filters.push(("status", s));
    }
    filters.extend(args.named.filters()?);
    Ok(filters)
}

/// `cc huawei create`: the create, then the tags if any.
pub(super) async fn create(ctx: &Context, args: CreateArgs) -> Result<Outcome> {
    let tags = Vec::new();
    create::run(ctx, CloudConnectionCreate { args, tags }).await
}

/// The steps of `cc huawei create`.
struct CloudConnectionCreate {
    args: CreateArgs,
    /// The tags, checked.
    tags: Vec<Tag>,
}

impl Create for CloudConnectionCreate {
    type Order = Order<CloudConnection>;
    const COMMAND: &'static str = "cc huawei create";
    const QUESTION: &'static str = "Create this cloud connection?";

    fn required(&self) -> Vec<(&'static str, bool)> {
        vec![("--name", self.args.name.is_none())]
    }

    async fn ask(&mut self, _ctx: &Context) -> Result<()> {
        self.args.name = Some(crate::prompt::input(
            "Cloud connection name",
            "--name",
            |t| {
                models::check_name("name", t)
                    .map_err(super::flagged)
                    .map(|_| ())
            },
        )?);
        Ok(())
    }

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Self::Order>> {
        let args = &mut self.args;
        let name = models::check_name("name", args.name.as_deref().unwrap_or_default())?;
        args.name = Some(name.clone());
        let description = optional(args.description.as_deref(), |d| {
            models::check_description("description", d, Some(models::DESCRIPTION_MAX))
        })?;
        let enterprise_project_id = optional(args.enterprise_project_id.as_deref(), |e| {
            models::check_token("enterprise_project_id", e)
        })?;
        for text in &args.tags {
            let tag = models::check_tag("tags", text)?;
            if self.tags.iter().any(|t| t.key == tag.key) {
                return Err(Error::usage(format!(
                    "--tag: key `{}` is given twice",
                    tag.key
                )));
            }
            self.tags.push(tag);
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
        let mut pairs = vec![
            ("--name", args.name.clone()),
            ("--description", args.description.clone()),
            (
                "--enterprise-project-id",
                args.enterprise_project_id.clone(),
            ),
        ];
        pairs.extend(args.tags.iter().map(|t| ("--tag", Some(t.clone()))));
        let mut words: Vec<String> = vec!["huawei".into(), "create".into()];
        words.extend(flag_words(&pairs));
        words
    }

    /// Adds the tags, if any: a failure says the cloud connection exists.
    async fn finish(
        &self,
        _ctx: &Context,
        order: Self::Order,
        created: Typed<CloudConnection>,
    ) -> Result<Outcome> {
        let tags = &self.tags;
        if tags.is_empty() {
            return Ok(Outcome::Item(created.raw));
        }
        let (c, id) = (&order.client, created.view.id.clone());
        let name = self.args.name.as_deref().unwrap_or_default();
        c.tag_cloud_connection(&id, tags).await.map_err(|e| {
            e.hint(format!(
                "cloud connection `{name}` WAS created ({id}); only its tags are missing: do not create it again"
            ))
        })?;
        match c.get::<CloudConnection>(&id).await {
            Ok(shown) => Ok(Outcome::Item(shown.raw)),
            Err(e) => {
                crate::log::warn(format!(
                    "cloud connection {id} was created and tagged, but reading it back failed ({})",
                    e.message
                ));
                let mut raw = created.raw;
                raw["tags"] = json!(tags);
                Ok(Outcome::Item(raw))
            }
        }
    }
}

/// `cc huawei list`.
pub(super) async fn list_cloud_connections(ctx: &Context, args: ListArgs) -> Result<Outcome> {
    let filters = list_filters(&args)?;
    let c = client(ctx)?;
    list(
        CLOUD_CONNECTION_COLUMNS,
        c.list::<CloudConnection>(&filters, args.named.paging.limit)
            .await?,
    )
}

/// `cc huawei update`: a new name or description.
pub(super) async fn update_cloud_connection(ctx: &Context, args: UpdateArgs) -> Result<Outcome> {
    let (name, description) = args.rename.checked(Some(models::DESCRIPTION_MAX))?;
    let body = UpdateCloudConnection { name, description };
    if body.name.is_none() && body.description.is_none() {
        return Err(nothing_to_update("--name or --description"));
    }
    update::<CloudConnection>(ctx, &args.target, body).await
}
