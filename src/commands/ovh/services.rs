//! `cc ovh list`, `cc ovh get` and `cc ovh update`: the OVHcloud Connect services of the
//! account, and the one field of a service OVH lets a customer change (its description).

use super::{ServiceArg, client, client_for, listed};
use crate::commands::args::LimitArgs;
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::ovh::rules;

/// The columns of `cc ovh list`.
pub const SERVICE_COLUMNS: &[Column] = &[
    col("UUID", "uuid", Key),
    col("DESCRIPTION", "description", High),
    col("STATUS", "status", High),
    col("BANDWIDTH", "bandwidth", High),
    col("POP", "pop", Medium),
    col("PROVIDER", "provider", Medium),
    col("VRACK", "vrack", Low),
];

/// `cc ovh list`: the ids, then each service (bounded concurrency), in the order of the ids.
pub async fn list(ctx: &Context, args: LimitArgs) -> Result<Outcome> {
    let c = client(ctx)?.limited(args.limit);
    listed(SERVICE_COLUMNS, c.services().await?)
}

/// `cc ovh get SERVICE`.
pub async fn get(ctx: &Context, args: ServiceArg) -> Result<Outcome> {
    let (c, id) = client_for(ctx, &args.service).await?;
    Ok(Outcome::Item(c.service(&id).await?.raw))
}

/// `cc ovh update SERVICE --description TEXT`.
#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// The new description
    #[arg(long, value_name = "TEXT")]
    pub description: String,
}

/// `cc ovh update`: sets the description, prints the service as OVH then has it.
pub async fn update(ctx: &Context, args: UpdateArgs) -> Result<Outcome> {
    rules::check_description(&args.description)?;
    let (c, id) = client_for(ctx, &args.service).await?;
    Ok(Outcome::Item(
        c.update_description(&id, &args.description).await?.raw,
    ))
}
