//! `cc huawei create|list|get|update|delete`: cloud connections themselves. A create with
//! `--tag` is two calls (the create, then the tags), and a failure of the second says the
//! cloud connection exists.

use clap::Args;
use serde_json::json;

use super::{Lookup, Made, client, create_once, list, nothing_to_update, optional, update};
use crate::commands::args::IfExistsArgs;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Column, Outcome, col};
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
///     $ cc huawei create --name cc-paris --description "Paris to Singapore"
///     $ cc huawei create --name cc-paris --tag env=prod --tag team=net -o json
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
    /// Only cloud connections with this name; repeat for several
    #[arg(long = "name", value_name = "N")]
    pub names: Vec<String>,
    /// Stop after N items (all pages are fetched otherwise)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
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
    /// New name
    #[arg(long)]
    pub name: Option<String>,
    /// New description (no `<` or `>`)
    #[arg(long)]
    pub description: Option<String>,
}

const CLOUD_CONNECTION_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("NAME", "name"),
    col("STATUS", "status"),
    col("INSTANCES", "network_instance_number"),
    col("PACKAGES", "bandwidth_package_number"),
    col("INTER-REGION", "inter_region_bandwidth_number"),
];

fn list_filters(args: &ListArgs) -> Result<Vec<(&'static str, String)>> {
    let mut filters = Vec::new();
    for status in &args.statuses {
        let s = validate::state("--status", status, &models::STATUSES)?.to_string();
        filters.push(("status", s));
    }
    for name in &args.names {
        // Existing names may predate the creation rules: only refuse what cannot be a name.
        filters.push(("name", validate::name("--name", name, 255)?));
    }
    Ok(filters)
}

/// `cc huawei create`: the create, then the tags if any.
pub(super) async fn create_cloud_connection(
    ctx: &Context,
    mut args: CreateArgs,
) -> Result<Outcome> {
    let required = [("--name", args.name.is_none())];
    let asked = crate::commands::will_ask(ctx, &required, "cc huawei create")?;
    if asked {
        args.name = Some(crate::prompt::input(
            "Cloud connection name",
            "--name",
            |t| {
                models::check_name("name", t)
                    .map_err(super::flagged)
                    .map(|_| ())
            },
        )?);
    }
    let name = models::check_name("name", args.name.as_deref().unwrap_or_default())?;
    let description = optional(args.description.as_deref(), |d| {
        models::check_description("description", d, Some(models::DESCRIPTION_MAX))
    })?;
    let enterprise_project_id = optional(args.enterprise_project_id.as_deref(), |e| {
        models::check_token("enterprise_project_id", e)
    })?;
    let mut tags: Vec<Tag> = Vec::new();
    for text in &args.tags {
        let tag = models::check_tag("tags", text)?;
        if tags.iter().any(|t| t.key == tag.key) {
            return Err(Error::usage(format!(
                "--tag: key `{}` is given twice",
                tag.key
            )));
        }
        tags.push(tag);
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
    crate::commands::confirm_order(ctx, asked, &body, "Create this cloud connection?")?;
    let what_made = format!("named `{name}`");
    let created = match create_once::<CloudConnection>(
        &c,
        body,
        Lookup::Name(name.clone()),
        &what_made,
        Some(&args.if_exists),
    )
    .await?
    {
        Made::Created(created) => created,
        Made::Reused(existing) => return Ok(Outcome::Item(existing.raw)),
    };
    let mut pairs = vec![
        ("--name", Some(name.clone())),
        ("--description", args.description.clone()),
        (
            "--enterprise-project-id",
            args.enterprise_project_id.clone(),
        ),
    ];
    pairs.extend(args.tags.iter().map(|t| ("--tag", Some(t.clone()))));
    let mut words: Vec<String> = vec!["huawei".into(), "create".into()];
    words.extend(crate::commands::flag_words(&pairs));
    crate::commands::show_equivalent(ctx, asked, words);
    if tags.is_empty() {
        return Ok(Outcome::Item(created.raw));
    }
    let id = created.view.id.clone();
    c.tag_cloud_connection(&id, &tags).await.map_err(|e| {
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

/// `cc huawei list`.
pub(super) async fn list_cloud_connections(ctx: &Context, args: ListArgs) -> Result<Outcome> {
    let filters = list_filters(&args)?;
    let c = client(ctx)?;
    list(
        CLOUD_CONNECTION_COLUMNS,
        c.list::<CloudConnection>(&filters, args.limit).await?,
    )
}

/// `cc huawei update`: a new name or description.
pub(super) async fn update_cloud_connection(ctx: &Context, args: UpdateArgs) -> Result<Outcome> {
    let body = UpdateCloudConnection {
        name: args
            .name
            .as_deref()
            .map(|n| models::check_name("name", n))
            .transpose()?,
        description: args
            .description
            .as_deref()
            .map(|d| models::check_description("description", d, Some(models::DESCRIPTION_MAX)))
            .transpose()?,
    };
    if body
        == (UpdateCloudConnection {
            name: None,
            description: None,
        })
    {
        return Err(nothing_to_update("--name or --description"));
    }
    update::<CloudConnection>(ctx, &args.target, body).await
}
