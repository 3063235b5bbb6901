//! Command handlers. Each returns an [`Outcome`] for the output layer and never prints. Every
//! create of every provider goes through one protocol, [`create::run`].

pub mod api;
pub mod apply;
pub mod args;
pub mod completions;
pub mod config;
pub mod connections;
pub mod connections_status;
pub mod console_connect;
pub mod create;
pub mod doctor;
pub mod export;
pub mod huawei;
pub mod orange;
pub mod ovh;
pub mod plan;
pub mod sandbox;

use crate::context::Context;
use crate::error::Result;
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

    // Help text: the doc comment of `PlanArgs`.
    Plan(plan::PlanArgs),

    // Help text: the doc comment of `ApplyArgs`.
    Apply(apply::ApplyArgs),

    // Help text: the doc comment of `ExportArgs`.
    Export(export::ExportArgs),

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
    /// Whether the command writes the profile and file it is given (`config set`, `config
    /// init`), so that a profile or `--config` file missing is not an error.
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
        Command::Plan(args) => plan::run(ctx, args).await,
        Command::Apply(args) => apply::run(ctx, args).await,
        Command::Export(args) => export::run(ctx, args).await,
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
