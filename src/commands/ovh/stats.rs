//! `cc ovh stats`: one statistics series of an interface (traffic, errors, light) or of an L3
//! POP configuration (prefixes accepted, and the limit), one row per sample; on a terminal a
//! sparkline with min, max and last follows the table, since the shape of a day of traffic is
//! seen at a glance. The unit is the one OVH answers with each sample (`bytes/s`, `dbm`, ...).

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::client_for;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::ovh::client::SeriesOf;

/// `ovhcloudconnect.interface.MetricsTypeEnum` and `ovhcloudconnect.popConfig.MetricsTypeEnum`.
const INTERFACE_TYPES: &[&str] = &[
    "traffic:download",
    "traffic:upload",
    "error:download",
    "error:upload",
    "light:in",
    "light:out",
];
const POP_TYPES: &[&str] = &["prefix:accepted", "prefix:limit"];

/// `ovhcloudconnect.interface.MetricsPeriodEnum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Period {
    /// The last hour
    Hourly,
    /// The last day
    Daily,
    /// The last week
    Weekly,
}

/// The arguments of `StatsArgs`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// Interface id
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "pop",
        conflicts_with = "pop"
    )]
    pub interface: Option<u64>,
    /// L3 POP configuration id
    #[arg(long, value_name = "ID")]
    pub pop: Option<u64>,
    /// What to show (see the types above)
    #[arg(long = "type", value_name = "T")]
    pub kind: String,
    /// Over which period
    #[arg(long, value_name = "PERIOD", default_value = "daily")]
    pub period: Period,
}

const COLUMNS: &[Column] = &[
    col("TIME", "time", Key),
    col("VALUE", "value", High),
    col("UNIT", "unit", Medium),
];

/// `cc ovh stats`.
pub async fn run(ctx: &Context, args: StatsArgs) -> Result<Outcome> {
    let (of, types) = match (args.interface, args.pop) {
        (Some(id), None) => (SeriesOf::Interface(id), INTERFACE_TYPES),
        (None, Some(id)) => (SeriesOf::Pop(id), POP_TYPES),
        _ => return Err(Error::usage("--interface or --pop: exactly one is needed")),
    };
    if !types.contains(&args.kind.as_str()) {
        let flag = if args.pop.is_some() {
            "--pop"
        } else {
            "--interface"
        };
        return Err(Error::usage(format!(
            "--type: `{}` is not a statistic of {flag}; one of {}",
            args.kind,
            types.join(", ")
        )));
    }
    let period = args
        .period
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    let (c, service) = client_for(ctx, &args.service).await?;
    let samples = c.statistics(&service, of, &args.kind, &period).await?;
    let unit = samples
        .iter()
        .find_map(|s| s.view.value.unit.clone())
        .unwrap_or_default();
    let items = samples
        .iter()
        .map(|s| row(s.view.timestamp, &s.raw))
        .collect();
    Ok(Outcome::Series {
        columns: COLUMNS,
        items,
        value: "value",
        unit,
    })
}

/// A sample as a row: its time in RFC 3339 (UTC) beside OVH's `timestamp`, and its value and
/// unit out of OVH's `{"value": {"unit", "value"}}`.
fn row(timestamp: i64, raw: &Value) -> Value {
    let time = jiff::Timestamp::from_second(timestamp)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| timestamp.to_string());
    json!({
        "time": time,
        "timestamp": timestamp,
        "value": raw["value"]["value"],
        "unit": raw["value"]["unit"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_flattened_with_its_time() {
        let raw = json!({"timestamp": 1765368000, "value": {"unit": "bytes/s", "value": 1250.5}});
        assert_eq!(
            row(1765368000, &raw),
            json!({"time": "2025-12-10T12:00:00Z", "timestamp": 1765368000,
                "value": 1250.5, "unit": "bytes/s"})
        );
    }
}
