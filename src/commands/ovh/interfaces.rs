//! `cc ovh interfaces` and `cc ovh datacenters`: what a service's configurations are made on
//! (its physical interfaces, and the OVHcloud datacenters it may reach), each read in full.

use super::{ServiceListArgs, client_for, listed};
use crate::context::Context;
use crate::error::Result;
use crate::output::{Column, Outcome, col};

const INTERFACE_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("STATUS", "status"),
    col("LINK", "interfaceStatus"),
    col("NAME", "interfaceName"),
    col("DEVICE", "deviceDisplayName"),
    col("LIGHT IN", "incomingLightStatus"),
    col("LIGHT OUT", "outgoingLightStatus"),
];

const DATACENTER_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("NAME", "name"),
    col("AVAILABLE", "available"),
    col("REGION", "region"),
    col("REGION TYPE", "regionType"),
];

/// `cc ovh interfaces SERVICE`.
pub async fn interfaces(ctx: &Context, args: ServiceListArgs) -> Result<Outcome> {
    let (c, service) = client_for(ctx, &args.service).await?;
    listed(
        INTERFACE_COLUMNS,
        c.limited(args.limit.limit).interfaces(&service).await?,
    )
}

/// `cc ovh datacenters SERVICE`.
pub async fn datacenters(ctx: &Context, args: ServiceListArgs) -> Result<Outcome> {
    let (c, service) = client_for(ctx, &args.service).await?;
    listed(
        DATACENTER_COLUMNS,
        c.limited(args.limit.limit).datacenters(&service).await?,
    )
}
