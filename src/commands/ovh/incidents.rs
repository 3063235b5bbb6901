//! `cc ovh incidents SERVICE [--all]`: the incidents and maintenances of a service, each read in
//! full; only those not ended (no `endDate`, or one in the future) unless `--all`, since the
//! question is almost always "is something going on?". "Not ended" is the rule the health report
//! uses (`providers::ovh::health::is_open`).

use clap::Args;

use super::client_for;
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::ovh::health::is_open;
use crate::providers::raws;

/// The arguments of `IncidentsArgs`.
#[derive(Debug, Args)]
pub struct IncidentsArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// Include the incidents and maintenances that have ended
    #[arg(long)]
    pub all: bool,
}

/// An incident or maintenance: the columns of `cc ovh incidents` and of the open ones in
/// `cc ovh status`.
pub const INCIDENT_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("TYPE", "type", High),
    col("START", "startDate", High),
    col("END", "endDate", Medium),
];

/// `cc ovh incidents`.
pub async fn run(ctx: &Context, args: IncidentsArgs) -> Result<Outcome> {
    let (c, service) = client_for(ctx, &args.service).await?;
    let now = jiff::Timestamp::now();
    let incidents = c.incidents(&service).await?;
    let shown = incidents
        .into_iter()
        .filter(|i| args.all || is_open(&i.view, now))
        .collect();
    Ok(Outcome::List {
        columns: INCIDENT_COLUMNS,
        items: raws(shown),
    })
}
