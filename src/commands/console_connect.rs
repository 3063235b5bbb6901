//! Not implemented yet: the console_connect commands are being written (see the issues).

use clap::Subcommand;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;

/// Not implemented yet
#[derive(Debug, Subcommand)]
pub enum ConsoleConnectCommand {
    /// Not implemented yet
    List,
}

/// Fails with exit 1: not implemented yet.
pub async fn run(_ctx: &Context, _cmd: ConsoleConnectCommand) -> Result<Outcome> {
    Err(Error::internal("not implemented yet"))
}
