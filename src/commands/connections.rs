//! `cc connections list`: every configured provider at once, in one table.
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

/// Runs `connections list`.
pub async fn run(ctx: &Context, cmd: ConnectionsCommand) -> Result<Outcome> {
    let ConnectionsCommand::List { providers } = cmd;
    let explicit = !providers.is_empty();
    let wanted: Vec<ProviderName> = if explicit {
        providers
    } else {
        ProviderName::all().collect()
    };
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
        return Err(Error::usage("no provider is configured").hint(format!(
            "`{}` shows what is set; `{}` tries it with the simulator",
            crate::hint::cc("config view"),
            crate::hint::cc("--sandbox connections list")
        )));
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
