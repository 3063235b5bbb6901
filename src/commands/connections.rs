//! `cc connections list` and `cc connections status`: every configured provider at once, in
//! one table (`status` adds each connection's health, `--fail-on` makes it exit 11).
//!
//! The providers are asked concurrently through the registry; each answers with typed rows
//! (`contract::ConnectionRow`), normalised to the same columns with the provider's own state
//! kept in `raw_state`. A provider that is not configured is skipped (unless named with `--provider`);
//! one whose configuration is malformed or whose call fails is reported on stderr while the
//! others still print, and the exit code then says that something failed.

use clap::Subcommand;
use serde_json::{Value, json};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::health::FailOn;
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::contract::{Answer, ConnectionRow};
use crate::registry::{self, ProviderName};

/// Connections across providers
#[derive(Debug, Subcommand)]
pub enum ConnectionsCommand {
    /// List the connections of every configured provider, concurrently, in one table
    ///
    /// Columns: provider, id, name, state (PENDING, ACTIVE, DESIGNED, DELETING, FAILED or
    /// UNKNOWN), raw_state (the provider's own), bandwidth_mbps, location. Providers without
    /// configuration are skipped; a provider that fails is reported on stderr, the others still
    /// print, and the exit code is that of the failure.
    ///
    /// Examples:
    ///
    ///     $ cc connections list
    ///     $ cc connections list --provider orange --jq '.[] | select(.state != "ACTIVE")'
    #[command(verbatim_doc_comment)]
    List {
        /// Only this provider (repeatable)
        #[arg(long = "provider", value_name = "PROVIDER")]
        providers: Vec<ProviderName>,
    },
    /// Show the health of every connection of every configured provider, concurrently
    ///
    /// Columns: provider, id, name, state, health (up, degraded, unknown or down) and detail
    /// (the reasons). Each provider's rules: OVH from `cc ovh status` (interfaces, light, BGP
    /// sessions, incidents, tasks); Console Connect from the connection, its subconnections and
    /// its Azure peerings; Huawei from the cloud connection, its network instances and its
    /// inter-region bandwidths; Orange from the connector's state only (its API gives no more).
    /// A connection not yet in service, with nothing wrong found, is up and says so. With
    /// --fail-on, the whole report is printed and the exit is 11 when any connection is at that
    /// level or worse (unknown, and a provider that cannot be read, count as down).
    ///
    /// Examples:
    ///
    ///     $ cc connections status
    ///     $ cc connections status --provider huawei --fail-on degraded
    ///     $ cc connections status --provider orange -o json --jq '.[] | select(.health != "up")'
    #[command(verbatim_doc_comment)]
    Status {
        /// Only this provider (repeatable)
        #[arg(long = "provider", value_name = "PROVIDER")]
        providers: Vec<ProviderName>,
        /// Exit 11 when a connection is at this level or worse
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
    },
}

const COLUMNS: &[Column] = &[
    col("PROVIDER", "provider", Key),
    col("ID", "id", Key),
    col("NAME", "name", High),
    col("STATE", "state", High),
    col("RAW STATE", "raw_state", Medium),
    col("MBPS", "bandwidth_mbps", Medium),
    col("LOCATION", "location", Low),
];

/// One normalised row as printed; the keys are exactly the column names.
pub fn row(provider: ProviderName, r: &ConnectionRow) -> Value {
    let bandwidth = r.bandwidth_mbps;
    json!({
        "provider": provider.to_string(),
        "id": r.id,
        "name": r.name,
        "state": r.state.as_str(),
        "raw_state": r.raw_state,
        // Whole numbers print as integers (50, not 50.0).
        "bandwidth_mbps": bandwidth.map(|b| if b.fract() == 0.0 && b.abs() < 1e15 { json!(b as i64) } else { json!(b) }),
        "location": r.location,
    })
}

/// Runs a `connections` subcommand.
pub async fn run(ctx: &Context, cmd: ConnectionsCommand) -> Result<Outcome> {
    match cmd {
        ConnectionsCommand::List { providers } => list(ctx, providers).await,
        ConnectionsCommand::Status { providers, fail_on } => {
            super::connections_status::run(ctx, providers, fail_on).await
        }
    }
}

/// The providers asked for (all without `--provider`), and whether they were named.
pub fn wanted(providers: Vec<ProviderName>) -> (Vec<ProviderName>, bool) {
    if providers.is_empty() {
        (ProviderName::all().collect(), false)
    } else {
        (providers, true)
    }
}

/// The error when no provider answered nor failed: none is configured.
pub fn none_configured(command: &str) -> Error {
    Error::usage("no provider is configured").hint(format!(
        "`{}` shows what is set; `{}` tries it with the simulator",
        crate::hint::cc("config view"),
        crate::hint::cc(&format!("--sandbox connections {command}"))
    ))
}

/// Runs `connections list`.
async fn list(ctx: &Context, providers: Vec<ProviderName>) -> Result<Outcome> {
    let (wanted, explicit) = wanted(providers);
    let answers = futures_util::future::join_all(
        wanted
            .iter()
            .map(|p| registry::get(*p).connections(&ctx.config, &ctx.http)),
    )
    .await;
    let mut items = Vec::new();
    let mut failed: Vec<(ProviderName, Error)> = Vec::new();
    let mut answered = 0;
    for (provider, answer) in wanted.into_iter().zip(answers) {
        match answer {
            Answer::Ready(rows) => {
                answered += 1;
                items.extend(rows.iter().map(|r| row(provider, r)));
            }
            // Not configured: skipped unless asked for by name, and said so (not with -q).
            Answer::NotConfigured(e) if !explicit => {
                crate::log::note(format!("skipped {provider}: {}", e.message));
            }
            Answer::NotConfigured(e) | Answer::Failed(e) => failed.push((provider, e)),
        }
    }
    if answered == 0 && failed.is_empty() {
        return Err(none_configured("list"));
    }
    let list = Outcome::List {
        columns: COLUMNS,
        items,
    };
    if failed.is_empty() {
        return Ok(list);
    }
    // Each failure goes to the one reporter (`lib.rs`), with its provider: JSON with `-o json`.
    Ok(Outcome::Partial {
        shown: Box::new(list),
        errors: failed.into_iter().map(|(_, e)| e).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::NormalState;

    #[test]
    fn row_keys_are_the_column_names() {
        let r = row(
            ProviderName::Orange,
            &ConnectionRow {
                id: "i".into(),
                name: "n".into(),
                state: NormalState::Active,
                raw_state: "ACTIVE".into(),
                bandwidth_mbps: Some(50.0),
                location: "POP4".into(),
            },
        );
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        let columns: Vec<&str> = COLUMNS.iter().map(|c| c.path).collect();
        assert_eq!(keys, columns);
        assert_eq!(r["bandwidth_mbps"], json!(50));
    }
}
