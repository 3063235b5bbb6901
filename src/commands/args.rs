//! Argument types that several commands flatten, declared once so that the same flag reads
//! the same everywhere (`--limit N`, a positional `ID|NAME`).

use clap::Args;

/// `--limit` for list commands.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Stop after N items (all pages are fetched otherwise)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// A resource given by id or exact name.
#[derive(Debug, Args)]
pub struct TargetArg {
    /// Id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
}
