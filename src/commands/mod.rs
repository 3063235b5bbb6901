//! Command handlers. Each returns an [`Outcome`] for the output layer and never prints.

pub mod completions;
pub mod config;
pub mod console_connect;
pub mod huawei;
pub mod orange;
pub mod sandbox;

use crate::cli::Command;
use crate::context::Context;
use crate::error::Result;
use crate::output::Outcome;

/// Runs one top-level command.
pub async fn dispatch(ctx: &Context, command: Command) -> Result<Outcome> {
    match command {
        Command::Orange(cmd) => orange::run(ctx, cmd).await,
        Command::ConsoleConnect(cmd) => console_connect::run(ctx, cmd).await,
        Command::Huawei(cmd) => huawei::run(ctx, cmd).await,
        Command::Sandbox(args) => sandbox::run(ctx, args).await,
        Command::Config(cmd) => config::run(ctx, cmd),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
    }
}
