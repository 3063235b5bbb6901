//! `cc connections list`: every configured provider at once, in one table.
//!
//! The providers are asked concurrently; each answer is normalised to the same columns, with the
//! provider's own state kept in `raw_state`. A provider that fails is reported on stderr while
//! the others still print, and the exit code then says that something failed.

use clap::Subcommand;
use serde_json::{Value, json};

use super::ProviderName;
use crate::context::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::output::{Column, Outcome, col};
use crate::providers::NormalState;

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
    col("PROVIDER", "provider"),
    col("ID", "id"),
    col("NAME", "name"),
    col("STATE", "state"),
    col("RAW STATE", "raw_state"),
    col("MBPS", "bandwidth_mbps"),
    col("LOCATION", "location"),
];

/// One normalised row; the keys are exactly the column names.
pub fn row(
    provider: ProviderName,
    id: &str,
    name: &str,
    state: NormalState,
    raw_state: &str,
    bandwidth_mbps: Option<f64>,
    location: &str,
) -> Value {
    json!({
        "provider": provider.to_string(),
        "id": id,
        "name": name,
        "state": state.as_str(),
        "raw_state": raw_state,
        // Whole numbers print as integers (50, not 50.0).
        "bandwidth_mbps": bandwidth_mbps.map(|b| if b.fract() == 0.0 && b.abs() < 1e15 { json!(b as i64) } else { json!(b) }),
        "location": location,
    })
}

/// A number that a provider may send as a number or as a string.
pub fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Object(o) => number(o.get("value")),
        _ => None,
    }
}

async fn rows(ctx: &Context, provider: ProviderName) -> Result<Vec<Value>> {
    match provider {
        ProviderName::Orange => {
            let client = super::orange::client(ctx)?;
            let connectors = client.connectors(None).await?;
            Ok(connectors
                .iter()
                .map(|c| {
                    let location = [
                        c.raw.get("primaryPopLocalization"),
                        c.raw.get("azureRegion"),
                    ]
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" / ");
                    row(
                        provider,
                        &c.view.id,
                        &c.view.name,
                        crate::providers::orange::models::normal_state(&c.view.state),
                        &c.view.state,
                        number(c.raw.get("bandWidth")),
                        &location,
                    )
                })
                .collect())
        }
        ProviderName::ConsoleConnect => {
            let client = super::console_connect::client(ctx)?;
            let connections = client.connections(None).await?;
            // One row per connection: an Azure order's two subconnections belong to its group.
            Ok(connections
                .iter()
                .filter(|c| c.view.parent_id.is_none())
                .map(|c| {
                    let location = ["/port/name", "/partner/type"]
                        .iter()
                        .find_map(|p| c.raw.pointer(p).and_then(Value::as_str))
                        .unwrap_or_default();
                    row(
                        provider,
                        &c.view.id,
                        &c.view.name,
                        c.view.status.normal(),
                        c.view.status.as_str(),
                        number(c.raw.get("speed")),
                        location,
                    )
                })
                .collect())
        }
        ProviderName::Huawei => {
            use crate::providers::huawei::models::CloudConnection;
            let client = super::huawei::client(ctx)?;
            let connections = client.list::<CloudConnection>(&[], None).await?;
            Ok(connections
                .iter()
                .map(|c| {
                    let raw_state = c
                        .view
                        .status
                        .as_ref()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default();
                    row(
                        provider,
                        &c.view.id,
                        &c.view.name,
                        crate::providers::huawei::models::normal_state(&raw_state),
                        &raw_state,
                        None,
                        // A cloud connection spans regions (they are on its network instances).
                        "",
                    )
                })
                .collect())
        }
    }
}

/// Runs `connections list`.
pub async fn run(ctx: &Context, cmd: ConnectionsCommand) -> Result<Outcome> {
    let ConnectionsCommand::List { providers } = cmd;
    let explicit = !providers.is_empty();
    let wanted = if explicit {
        providers
    } else {
        ProviderName::ALL.to_vec()
    };
    let answers = futures_util::future::join_all(wanted.iter().map(|p| rows(ctx, *p))).await;
    let mut items = Vec::new();
    let mut failed: Vec<(ProviderName, Error)> = Vec::new();
    let mut answered = 0;
    for (provider, answer) in wanted.into_iter().zip(answers) {
        match answer {
            Ok(rows) => {
                answered += 1;
                items.extend(rows);
            }
            // Not configured: skipped unless asked for by name.
            Err(e) if e.kind == ErrorKind::Usage && !explicit => {}
            Err(e) => failed.push((provider, e)),
        }
    }
    if answered == 0 && failed.is_empty() {
        return Err(Error::usage("no provider is configured")
            .hint("`cc config view` shows what is set; `cc --sandbox connections list` tries it with the simulator"));
    }
    let list = Outcome::List {
        columns: COLUMNS,
        items,
    };
    if failed.is_empty() {
        return Ok(list);
    }
    for (_, e) in &failed {
        crate::log::line(0, e.render().trim_end());
    }
    let names: Vec<String> = failed.iter().map(|(p, _)| p.to_string()).collect();
    let kind = failed[0].1.kind;
    let error = Error::new(
        kind,
        format!(
            "{} of {} providers failed: {}",
            failed.len(),
            failed.len() + answered,
            names.join(", ")
        ),
    );
    Ok(Outcome::Partial {
        shown: Box::new(list),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_in_three_shapes() {
        assert_eq!(number(Some(&json!(50))), Some(50.0));
        assert_eq!(number(Some(&json!("100"))), Some(100.0));
        assert_eq!(
            number(Some(&json!({"value": 200, "name": "200 Mbps"}))),
            Some(200.0)
        );
        assert_eq!(number(None), None);
    }

    #[test]
    fn row_keys_are_the_column_names() {
        let r = row(
            ProviderName::Orange,
            "i",
            "n",
            NormalState::Active,
            "ACTIVE",
            Some(50.0),
            "POP4",
        );
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        let columns: Vec<&str> = COLUMNS.iter().map(|c| c.path).collect();
        assert_eq!(keys, columns);
    }
}
