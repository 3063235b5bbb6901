//! Command handlers. Each returns an [`Outcome`] for the output layer and never prints.

pub mod api;
pub mod args;
pub mod completions;
pub mod config;
pub mod connections;
pub mod console_connect;
pub mod doctor;
pub mod huawei;
pub mod orange;
pub mod ovh;
pub mod resolve;
pub mod sandbox;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;

/// What every delete prints, whichever the provider: `{"id", "name", "state", "status",
/// "request_id"}`. `status` is `deleting` (accepted, `--no-wait`) or `deleted`; `state` is the
/// provider's last state seen (null when the delete itself was the answer); `request_id` the
/// delete's, when the provider's client returns it.
#[derive(Debug, serde::Serialize)]
pub struct Deleted<'a> {
    /// The resource's id.
    pub id: &'a str,
    /// Its name, when it has one.
    pub name: Option<&'a str>,
    /// The provider's last state seen.
    pub state: Option<&'a str>,
    /// `deleting` or `deleted`.
    pub status: &'static str,
    /// The request id of the delete.
    pub request_id: Option<&'a str>,
}

impl Deleted<'_> {
    /// As a JSON object, the keys in the order above.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// `status` of a [`Deleted`] accepted but not waited for.
pub const DELETING: &str = "deleting";
/// `status` of a [`Deleted`] that is gone.
pub const DELETED: &str = "deleted";

/// The interactive create, shared by every provider's create. `flags` are the required flags,
/// each with whether it is missing: none missing, and the create runs as given (`false`); some,
/// off a terminal, and it is exit 2 naming them, nothing sent; some, on a terminal, and the
/// caller asks for them (`true`). `help` is the command whose `--help` explains the flags.
pub fn will_ask(ctx: &Context, flags: &[(&str, bool)], help: &str) -> Result<bool> {
    let missing: Vec<&str> = flags
        .iter()
        .filter_map(|&(flag, missing)| missing.then_some(flag))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    if !ctx.interactive {
        return Err(Error::usage(format!(
            "missing {}: required off a terminal",
            missing.join(", ")
        ))
        .hint(format!(
            "on a terminal, cc asks for missing values; see `{help} --help`"
        )));
    }
    Ok(true)
}

/// After questions (`asked`) and before the order: what will be sent, and `question` (`Order
/// this connector?`); `--yes` skips the question, a "no" is exit 9, a dry run shows its plan
/// instead. Nothing to do when nothing was asked.
pub fn confirm_order(
    ctx: &Context,
    asked: bool,
    body: &impl serde::Serialize,
    question: &str,
) -> Result<()> {
    if !asked || ctx.http.dry_run() {
        return Ok(());
    }
    let sent = serde_json::to_value(body)
        .map_err(|e| Error::internal("cannot show the order").caused_by(e))?;
    crate::prompt::summary("The order, as it will be sent:", &sent);
    ctx.confirm(question)
}

/// `--flag value` words for each value that is set, in order: the equivalent command's flags.
pub fn flag_words(pairs: &[(&str, Option<String>)]) -> Vec<String> {
    pairs
        .iter()
        .filter_map(|(flag, value)| value.clone().map(|v| [flag.to_string(), v]))
        .flatten()
        .collect()
}

/// After questions (`asked`) and an accepted order: the command line (`words` after `cc` and
/// the target's options) that does the same without questions.
pub fn show_equivalent(ctx: &Context, asked: bool, words: Vec<String>) {
    if asked && !ctx.http.dry_run() {
        let line = [vec!["cc".to_string()], crate::hint::target_words(), words];
        crate::prompt::equivalent_command(&line.concat());
    }
}

/// Explains, as hints on `err`, what became of a create whose outcome is unknown
/// (`Error::maybe_applied`): the request is never sent again; instead the caller looked for
/// resources matching it (`found`: id and state) and `existing` are those that matched before it
/// was sent. `matching` reads after the noun (`named \`x\``); `follow` is the command that
/// follows a found resource, with `{id}` in it.
pub fn lost_create(
    err: Error,
    what: &str,
    matching: &str,
    list: &str,
    follow: &str,
    existing: &std::collections::HashSet<String>,
    found: Result<Vec<(String, String)>>,
) -> Error {
    let err = err.hint(format!(
        "the request was NOT sent again, so that one command never creates two {what}s"
    ));
    let found = match found {
        Ok(found) => found,
        Err(lookup) => {
            return err.hint(format!(
                "looking for a {what} {matching} failed too ({}); check `{}` before retrying",
                lookup.message,
                crate::hint::cc(list)
            ));
        }
    };
    let new: Vec<&(String, String)> = found
        .iter()
        .filter(|(id, _)| !existing.contains(id))
        .collect();
    match new.as_slice() {
        [] => err.hint(format!(
            "no {what} {matching} has appeared yet; check `{}` again before retrying",
            crate::hint::cc(list)
        )),
        [(id, state)] => err.hint(format!(
            "the create went through: {what} {matching} is {id} (state {state}); follow it with `{}`",
            crate::hint::cc(&follow.replace("{id}", id))
        )),
        several => {
            let ids: Vec<&str> = several.iter().map(|(id, _)| id.as_str()).collect();
            err.hint(format!("{what}s {matching} appeared: {}", ids.join(", ")))
        }
    }
}

/// The top-level commands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum Command {
    /// Orange Business Evolution Platform: Azure cloud connectors
    #[command(subcommand)]
    Orange(orange::OrangeCommand),

    /// Console Connect: Azure ExpressRoute layer-2 connections
    #[command(subcommand)]
    ConsoleConnect(console_connect::ConsoleConnectCommand),

    /// Huawei Cloud Connect v3: cloud connections and what makes them carry traffic
    #[command(subcommand)]
    Huawei(huawei::HuaweiCommand),

    /// OVHcloud Connect: services, vRack, and the POP / datacenter / extra configuration tree
    #[command(subcommand)]
    Ovh(ovh::OvhCommand),

    /// Connections across providers, in one table
    #[command(subcommand)]
    Connections(connections::ConnectionsCommand),

    // Help text: the doc comment of `ApiArgs`.
    Api(api::ApiArgs),

    /// Check each configured provider: values, endpoint, credentials, clock
    ///
    /// With `-o json`: an array of `{"provider", "status": "ok" | "warn" | "fail" | "skipped",
    /// "endpoint", "detail", "clock_skew_s"}`. Exits non-zero when a provider fails, and 2 (with
    /// a hint) when no provider is configured at all.
    ///
    /// Examples:
    ///
    ///     $ cc doctor
    ///     $ cc doctor -o json --jq '.[] | select(.status == "fail") | .provider'
    #[command(verbatim_doc_comment)]
    Doctor,

    // Help text: the doc comment of `SandboxArgs` (a variant doc would replace it).
    Sandbox(sandbox::SandboxArgs),

    /// Show or change configuration
    #[command(subcommand)]
    Config(config::ConfigCommand),

    // Help text: the doc comment of `CompletionsArgs`.
    Completions(completions::CompletionsArgs),

    // Help text: the doc comment of `ManArgs`.
    Man(completions::ManArgs),
}

impl Command {
    /// Whether the command writes the profile it is given (`config set`, `config init`), so
    /// that a profile missing from the file is not worth a warning.
    pub fn creates_profile(&self) -> bool {
        matches!(
            self,
            Command::Config(config::ConfigCommand::Set { .. } | config::ConfigCommand::Init)
        )
    }
}

/// Runs one top-level command. `tree` builds the whole clap tree (for completions and man
/// pages; it is defined above this module).
pub async fn dispatch(
    ctx: &Context,
    command: Command,
    tree: fn() -> clap::Command,
) -> Result<Outcome> {
    match command {
        Command::Orange(cmd) => orange::run(ctx, cmd).await,
        Command::ConsoleConnect(cmd) => console_connect::run(ctx, cmd).await,
        Command::Huawei(cmd) => huawei::run(ctx, cmd).await,
        Command::Ovh(cmd) => ovh::run(ctx, cmd).await,
        Command::Sandbox(args) => sandbox::run(ctx, args).await,
        Command::Config(cmd) => config::run(ctx, cmd),
        Command::Connections(cmd) => connections::run(ctx, cmd).await,
        Command::Api(args) => api::run(ctx, args).await,
        Command::Doctor => doctor::run(ctx).await,
        Command::Completions(args) => completions::completions(args, tree()),
        Command::Man(args) => completions::man(args, tree()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_delete_prints_the_same_keys() {
        let shown = Deleted {
            id: "i",
            name: None,
            state: Some("TERMINATED"),
            status: DELETED,
            request_id: None,
        }
        .to_json();
        let keys: Vec<&str> = shown
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["id", "name", "state", "status", "request_id"]);
        assert_eq!(shown["name"], serde_json::Value::Null);
    }
}
