//! Command handlers. Each returns an [`Outcome`] for the output layer and never prints.

pub mod api;
pub mod completions;
pub mod config;
pub mod connections;
pub mod console_connect;
pub mod doctor;
pub mod huawei;
pub mod orange;
pub mod sandbox;

use crate::cli::Command;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;

/// A provider, as named on the command line (`--provider`, `cc api PROVIDER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProviderName {
    /// Orange Business Evolution Platform
    Orange,
    /// Console Connect
    ConsoleConnect,
    /// Huawei Cloud Connect
    Huawei,
}

impl ProviderName {
    /// Every provider, in display order.
    pub const ALL: &[ProviderName] = &[
        ProviderName::Orange,
        ProviderName::ConsoleConnect,
        ProviderName::Huawei,
    ];

    /// The configuration key of its base URL.
    pub fn url_key(self) -> &'static str {
        match self {
            ProviderName::Orange => "orange.url",
            ProviderName::ConsoleConnect => "console_connect.url",
            ProviderName::Huawei => "huawei.url",
        }
    }
}

impl std::fmt::Display for ProviderName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use clap::ValueEnum;
        let value = self.to_possible_value().expect("no skipped variants");
        f.write_str(value.get_name())
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
                "looking for a {what} {matching} failed too ({}); check `{list}` before retrying",
                lookup.message
            ));
        }
    };
    let new: Vec<&(String, String)> = found
        .iter()
        .filter(|(id, _)| !existing.contains(id))
        .collect();
    match new.as_slice() {
        [] => err.hint(format!(
            "no {what} {matching} has appeared yet; check `{list}` again before retrying"
        )),
        [(id, state)] => err.hint(format!(
            "the create went through: {what} {matching} is {id} (state {state}); follow it with `{}`",
            follow.replace("{id}", id)
        )),
        several => {
            let ids: Vec<&str> = several.iter().map(|(id, _)| id.as_str()).collect();
            err.hint(format!("{what}s {matching} appeared: {}", ids.join(", ")))
        }
    }
}

/// Runs one top-level command.
pub async fn dispatch(ctx: &Context, command: Command) -> Result<Outcome> {
    match command {
        Command::Orange(cmd) => orange::run(ctx, cmd).await,
        Command::ConsoleConnect(cmd) => console_connect::run(ctx, cmd).await,
        Command::Huawei(cmd) => huawei::run(ctx, cmd).await,
        Command::Sandbox(args) => sandbox::run(ctx, args).await,
        Command::Config(cmd) => config::run(ctx, cmd),
        Command::Connections(cmd) => connections::run(ctx, cmd).await,
        Command::Api(args) => api::run(ctx, args).await,
        Command::Doctor => doctor::run(ctx).await,
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
    }
}
