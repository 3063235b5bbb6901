//! `cc ovh list` and `cc ovh get`: the OVHcloud Connect services of the account.

use super::{ServiceArg, client, client_for, listed};
use crate::commands::args::LimitArgs;
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col};

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
