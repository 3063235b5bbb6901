//! `cc ovh status SERVICE`: whether the link carries traffic, in one report.
//!
//! The report and its rules are `providers::ovh::health` (shared with `cc connections status`);
//! this file only lays it out: on a terminal, the health and its reasons first (what a person
//! looks for), then the interfaces, the BGP sessions, the open incidents and the unfinished
//! tasks, each a table; as JSON, the report whole, `health` and `reasons` at the top.

use super::incidents::INCIDENT_COLUMNS;
use super::interfaces::{LIGHT_IN, LIGHT_OUT};
use super::tasks::TASK_COLUMNS;
use super::{ServiceArg, client_for};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, Section, col};
use crate::providers::ovh::health::{self, StatusReport};

/// The interfaces: not the columns of `cc ovh interfaces` (which show what a configuration is
/// made on: name, device), but whether each carries traffic: link, light, last changes.
const INTERFACES: &[Column] = &[
    col("ID", "id", Key),
    col("LINK", "status", High),
    LIGHT_IN,
    LIGHT_OUT,
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

/// The unfinished tasks: the columns of `cc ovh tasks` but the resource, which the report's
/// task rows do not carry (`health::TaskView`: what is pending, not what it is about).
const TASKS: &[Column] = TASK_COLUMNS.split_at(3).0;

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
            section("INTERFACES", INTERFACES, &report.interfaces),
            section("BGP SESSIONS", SESSIONS, &report.sessions),
            section(
                "OPEN INCIDENTS AND MAINTENANCES",
                INCIDENT_COLUMNS,
                &report.incidents,
            ),
            section("UNFINISHED TASKS", TASKS, &report.tasks),
        ],
    })
}

/// One table of the report: `items` as JSON rows under `title`.
fn section<T: serde::Serialize>(
    title: &'static str,
    columns: &'static [Column],
    items: &[T],
) -> Section {
    let items = items
        .iter()
        .filter_map(|item| serde_json::to_value(item).ok())
        .collect();
    Section {
        title,
        columns,
        items,
    }
}

/// `cc ovh status SERVICE`.
pub async fn run(ctx: &Context, args: ServiceArg) -> Result<Outcome> {
    let (c, service) = client_for(ctx, &args.service).await?;
    outcome(&health::status(&c, &service).await?)
}
