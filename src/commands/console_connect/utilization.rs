//! `cc console-connect utilization ID`: how much of a connection's speed it carries, one row per
//! sample (time, rx and tx in Mbit/s, the busier of the two as a percentage of the speed), and on
//! a terminal a sparkline of the busier direction under the table (`CLI.md` §3).
//!
//! The window is `--since` before now (default 24h) or `--from`/`--to`, sent as epoch seconds;
//! the answer is read by `models::samples`, whose module says what of it is known and what is
//! inferred. The speed comes from the connection itself, read first (which also resolves a
//! name): a connection with no speed has no percentages, said on stderr.

use clap::Args;
use serde_json::{Value, json};

use super::{client, find_connection};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::console_connect::PROVIDER;
use crate::providers::console_connect::models::{self, RESOLUTIONS};

/// Show a connection's utilisation: rx and tx per sample, and the share of its speed
///
/// One row per sample: its time, the highest rx and tx rates in Mbit/s, and the busier of the
/// two as a percentage of the connection's speed. On a terminal, a sparkline of the busier rate
/// with its min, max and last follows the table. The window is the last --since (default 24h),
/// or --from and --to (RFC 3339 or epoch seconds).
///
/// Examples:
///
///     $ cc console-connect utilization 5e7a2b1903be0d0014960141
///     $ cc console-connect utilization "Azure ExpressRoute" --since 2h --resolution minute
///     $ cc console-connect utilization 5e7a2b1903be0d0014960141 --resolution day \
///         --from 2024-01-01T00:00:00Z --to 2024-01-08T00:00:00Z -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct UtilizationArgs {
    /// Connection id or exact name
    #[arg(value_name = "ID|NAME")]
    target: String,
    /// The window: this long before now (`90m`, `24h`, `168h`)
    #[arg(long, value_name = "DURATION", conflicts_with_all = ["from", "to"])]
    since: Option<String>,
    /// Start of the window (RFC 3339 or epoch seconds); needs --to
    #[arg(long, value_name = "TIME", requires = "to")]
    from: Option<String>,
    /// End of the window (RFC 3339 or epoch seconds); needs --from
    #[arg(long, value_name = "TIME", requires = "from")]
    to: Option<String>,
    /// One sample a minute, an hour or a day
    #[arg(long, value_name = "RESOLUTION", default_value = "hour")]
    resolution: String,
}

const SAMPLE_COLUMNS: &[Column] = &[
    col("TIME", "time", Key),
    col("RX MBIT/S", "rx_mbps", High),
    col("TX MBIT/S", "tx_mbps", High),
    col("% OF SPEED", "percent", High),
    col("SPEED", "speed_mbps", Medium),
];

/// A time given on the command line, in epoch seconds.
fn instant(flag: &str, text: &str) -> Result<i64> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<i64>()
        && (0..=253_402_300_799).contains(&secs)
    {
        return Ok(secs);
    }
    text.parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|_| {
            crate::validate::refuse(
                flag,
                crate::validate::quoted(text),
                "expected RFC 3339 (2024-01-01T00:00:00Z) or epoch seconds",
            )
        })
}

/// The window asked for, in epoch seconds.
fn window(args: &UtilizationArgs) -> Result<(i64, i64)> {
    if let (Some(from), Some(to)) = (&args.from, &args.to) {
        let (start, end) = (instant("--from", from)?, instant("--to", to)?);
        if start >= end {
            return Err(Error::usage("--from: must be before --to"));
        }
        return Ok((start, end));
    }
    let since = args.since.as_deref().unwrap_or("24h");
    let length = crate::duration::parse(since)
        .map_err(|e| Error::usage(format!("--since {e}")))?
        .as_secs();
    if length == 0 || length > 366 * 86_400 {
        return Err(Error::usage(format!(
            "--since `{since}`: must be more than 0 and at most 8784h (a year)"
        )));
    }
    let now = jiff::Timestamp::now().as_second();
    Ok((now - length as i64, now))
}

/// A rate rounded to what a person reads (two decimals; a whole number as an integer).
fn rounded(value: f64) -> Value {
    let value = (value * 100.0).round() / 100.0;
    if value.fract() == 0.0 && value.abs() < 1e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// The rows of `samples`, with percentages of `speed` when known.
fn rows(samples: &[models::Sample], speed: Option<u64>) -> Vec<Value> {
    samples
        .iter()
        .map(|s| {
            let peak = s.rx_max.into_iter().chain(s.tx_max).fold(None, |m: Option<f64>, v| {
                Some(m.map_or(v, |m| m.max(v)))
            });
            let percent = match (peak, speed) {
                (Some(peak), Some(speed)) if speed > 0 => Some(rounded(peak * 100.0 / speed as f64)),
                _ => None,
            };
            json!({
                "time": s.time.and_then(|t| jiff::Timestamp::from_second(t).ok()).map(|t| t.to_string()),
                "rx_mbps": s.rx_max.map(rounded),
                "tx_mbps": s.tx_max.map(rounded),
                "peak_mbps": peak.map(rounded),
                "percent": percent,
                "speed_mbps": speed,
            })
        })
        .collect()
}

/// Runs `console-connect utilization`.
pub(super) async fn run(ctx: &Context, args: UtilizationArgs) -> Result<Outcome> {
    let resolution = RESOLUTIONS
        .iter()
        .find(|r| r.eq_ignore_ascii_case(args.resolution.trim()))
        .ok_or_else(|| {
            Error::usage(format!(
                "--resolution `{}`: expected one of {}",
                args.resolution,
                RESOLUTIONS.join(", ")
            ))
        })?;
    let window = window(&args)?;
    let c = client(ctx)?;
    let connection = find_connection(&c, &args.target).await?;
    let speed = connection
        .view
        .speed
        .as_ref()
        .and_then(|s| s.mbps())
        .or_else(|| {
            connection
                .raw
                .pointer("/partner/speed")
                .and_then(Value::as_u64)
        });
    let body = c
        .utilization(&connection.view.id, window, resolution)
        .await?;
    let samples = models::samples(&body).map_err(|what| {
        Error::malformed(
            PROVIDER,
            format!(
                "console_connect: the utilization of connection `{}` cannot be read: {what}",
                connection.view.id
            ),
        )
    })?;
    if speed.is_none() {
        crate::log::note(format!(
            "connection `{}` says no speed: no percentages",
            connection.view.id
        ));
    }
    Ok(Outcome::Series {
        columns: SAMPLE_COLUMNS,
        items: rows(&samples, speed),
        value: "peak_mbps",
        unit: "Mbit/s".to_string(),
    })
}
