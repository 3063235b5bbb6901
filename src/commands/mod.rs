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
use crate::error::Result;
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
