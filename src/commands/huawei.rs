//! Not implemented yet: the huawei commands are being written (see the issues).

use clap::Subcommand;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;

/// Not implemented yet
#[derive(Debug, Subcommand)]
pub enum HuaweiCommand {
    /// Not implemented yet
    List,
}

/// Fails with exit 1: not implemented yet.
pub async fn run(_ctx: &Context, _cmd: HuaweiCommand) -> Result<Outcome> {
    Err(Error::internal("not implemented yet"))
}
