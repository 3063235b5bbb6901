//! `cc ovh interfaces` and `cc ovh datacenters`: what a service's configurations are made on
//! (its physical interfaces, and the OVHcloud datacenters it may reach), each read in full.

use super::{ServiceListArgs, client_for, listed};
use crate::context::Context;
use crate::error::Result;
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col, computed_col};
use serde_json::Value;

const INTERFACE_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("STATUS", "status", High),
    col("LINK", "interfaceStatus", High),
    col("NAME", "interfaceName", Medium),
    col("DEVICE", "deviceDisplayName", Low),
    LIGHT_IN,
    LIGHT_OUT,
];

/// The incoming light of an interface: a column of `cc ovh interfaces` and of `cc ovh status`
/// alike (an interface as OVH answers it and as the health report shows it name the light
/// fields the same way).
pub const LIGHT_IN: Column = computed_col("LIGHT IN", "incomingLightValue", High, |i| {
    light(i, "incoming")
});

/// The outgoing light of an interface, as [`LIGHT_IN`].
pub const LIGHT_OUT: Column = computed_col("LIGHT OUT", "outgoingLightValue", High, |i| {
    light(i, "outgoing")
});

const DATACENTER_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("AVAILABLE", "available", High),
    col("REGION", "region", Medium),
    col("REGION TYPE", "regionType", Low),
];

/// The light level of one direction in dBm beside its status (`up -2.41 dBm`): the status alone
/// hides a weakening optic. `direction` is `incoming` or `outgoing`; the value may be null.
fn light(item: &Value, direction: &str) -> String {
    let status = item
        .get(format!("{direction}LightStatus"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    match item
        .get(format!("{direction}LightValue"))
        .and_then(Value::as_f64)
    {
        Some(dbm) => format!("{status} {dbm:.2} dBm").trim_start().to_string(),
        None => status.to_string(),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_light_is_its_status_and_its_level_in_dbm() {
        let item = json!({"incomingLightStatus": "up", "incomingLightValue": -2.414,
            "outgoingLightStatus": "down", "outgoingLightValue": null});
        assert_eq!(light(&item, "incoming"), "up -2.41 dBm");
        assert_eq!(light(&item, "outgoing"), "down");
        let unjudged = json!({"incomingLightValue": -31.5});
        assert_eq!(
            light(&unjudged, "incoming"),
            "-31.50 dBm",
            "no status, the level"
        );
        assert_eq!(
            light(&unjudged, "outgoing"),
            "",
            "nothing read, a blank cell"
        );
    }
}
