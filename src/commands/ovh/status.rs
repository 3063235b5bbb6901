//! `cc ovh status SERVICE`: whether the link carries traffic, in one report.
//!
//! The report and its rules are `providers::ovh::health` (shared with `cc connections status`);
//! this file only lays it out: on a terminal, the health and its reasons first (what a person
//! looks for), then the interfaces, the BGP sessions, the open incidents and the unfinished
//! tasks, each a table; as JSON, the report whole, `health` and `reasons` at the top.

use serde_json::Value;

use super::{ServiceArg, client_for};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, Section, col, computed_col};
use crate::providers::ovh::health::{self, StatusReport};

const INTERFACES: &[Column] = &[
    col("ID", "id", Key),
    col("LINK", "status", High),
    computed_col("LIGHT IN", "incomingLightValue", High, |i| {
        light(i, "incoming")
    }),
    computed_col("LIGHT OUT", "outgoingLightValue", High, |i| {
        light(i, "outgoing")
    }),
    col("LAST DOWN", "lastDown", Medium),
    col("LAST UP", "lastUp", Low),
];

const SESSIONS: &[Column] = &[
    col("POP CONFIG", "popId", Key),
    col("INTERFACE", "interfaceId", Medium),
    col("BGP", "status", High),
    col("FLAPS", "flapCount", High),
    col("LAST DOWN", "lastDown", Medium),
    col("LAST UP", "lastUp", Low),
];

const INCIDENTS: &[Column] = &[
    col("ID", "id", Key),
    col("TYPE", "type", High),
    col("START", "startDate", High),
    col("END", "endDate", Medium),
];

const TASKS: &[Column] = &[
    col("ID", "id", Key),
    col("FUNCTION", "function", High),
    col("STATUS", "status", High),
];

/// A light level: its status and dBm (`down -31.50 dBm`).
fn light(item: &Value, direction: &str) -> String {
    let status = item[format!("{direction}LightStatus")]
        .as_str()
        .unwrap_or("-");
    match item[format!("{direction}LightValue")].as_f64() {
        Some(dbm) => format!("{status} {dbm:.2} dBm"),
        None => status.to_string(),
    }
}

/// The lines above the tables: the service, its health, and one line per reason.
fn headline(report: &StatusReport) -> String {
    let mut text = match &report.description {
        Some(d) => format!("SERVICE  {} ({d})\n", report.service),
        None => format!("SERVICE  {}\n", report.service),
    };
    text.push_str(&format!("HEALTH   {}\n", report.verdict.health));
    for reason in &report.verdict.reasons {
        text.push_str(&format!("  - {reason}\n"));
    }
    text
}

/// The report as an outcome: JSON whole, a table in sections.
pub fn outcome(report: &StatusReport) -> Result<Outcome> {
    Ok(Outcome::Report {
        value: serde_json::to_value(report)
            .map_err(|e| Error::internal("cannot encode the report").caused_by(e))?,
        headline: headline(report),
        sections: vec![
            Section {
                title: "INTERFACES",
                columns: INTERFACES,
                items: rows(&report.interfaces),
            },
            Section {
                title: "BGP SESSIONS",
                columns: SESSIONS,
                items: rows(&report.sessions),
            },
            Section {
                title: "OPEN INCIDENTS AND MAINTENANCES",
                columns: INCIDENTS,
                items: rows(&report.incidents),
            },
            Section {
                title: "UNFINISHED TASKS",
                columns: TASKS,
                items: rows(&report.tasks),
            },
        ],
    })
}

/// The items of a list as JSON rows.
fn rows<T: serde::Serialize>(items: &[T]) -> Vec<Value> {
    items
        .iter()
        .filter_map(|item| serde_json::to_value(item).ok())
        .collect()
}

/// `cc ovh status SERVICE`.
pub async fn run(ctx: &Context, args: ServiceArg) -> Result<Outcome> {
    let (c, service) = client_for(ctx, &args.service).await?;
    outcome(&health::status(&c, &service).await?)
}
