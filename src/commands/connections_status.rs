//! `cc connections status`: the health of every connection of every configured provider, in one
//! table, for people and for monitoring jobs (`--fail-on`, exit 11).
//!
//! The providers are asked concurrently through the registry (`Registered::health`), so one
//! slow provider does not hold the others; each applies its own rules
//! (`providers/<p>/health.rs`) and answers a row and a verdict per connection. A provider that
//! cannot be read is a row of its own, `unknown`, with the error as its detail, and its error is
//! reported after the table (its exit code, as `connections list` does); with `--fail-on`, the
//! whole report is printed first and the exit is 11 when a connection is at that level or worse,
//! `unknown` (and so an unreadable provider) counting as `down`.

use serde_json::{Value, json};

use super::connections::{none_configured, wanted};
use crate::context::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::health::{FailOn, Health};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::contract::{Answer, Checked};
use crate::registry::{self, ProviderName};

const STATUS_COLUMNS: &[Column] = &[
    col("PROVIDER", "provider", Key),
    col("ID", "id", Key),
    col("NAME", "name", Medium),
    col("STATE", "state", Medium),
    col("HEALTH", "health", Key),
    col("DETAIL", "detail", High),
];

/// One row as printed; the keys are exactly the column names.
fn row(provider: ProviderName, c: &Checked) -> Value {
    json!({
        "provider": provider.to_string(),
        "id": c.row.id,
        "name": c.row.name,
        "state": c.row.state.as_str(),
        "health": c.verdict.health,
        "detail": c.verdict.reasons.join("; "),
    })
}

/// The row of a provider that could not be read.
fn unread(provider: ProviderName, err: &Error) -> Value {
    json!({
        "provider": provider.to_string(),
        "id": "",
        "name": "",
        "state": "UNKNOWN",
        "health": Health::Unknown,
        "detail": format!("could not be read: {}", err.message),
    })
}

/// The exit 11 of `--fail-on level`, naming each connection at that level or worse.
fn unhealthy(level: FailOn, failing: &[String]) -> Error {
    let word = match level {
        FailOn::Degraded => "degraded",
        FailOn::Down => "down",
    };
    Error::new(
        ErrorKind::Unhealthy,
        format!(
            "{} connection(s) {word} or worse: {}",
            failing.len(),
            failing.join(", ")
        ),
    )
}

/// Runs `connections status`.
pub async fn run(
    ctx: &Context,
    providers: Vec<ProviderName>,
    fail_on: Option<FailOn>,
) -> Result<Outcome> {
    let (wanted, explicit) = wanted(providers);
    let answers = futures_util::future::join_all(
        wanted
            .iter()
            .map(|p| registry::get(*p).health(&ctx.config, &ctx.http)),
    )
    .await;
    let (mut items, mut errors, mut failing) = (Vec::new(), Vec::new(), Vec::new());
    let fails = |health: Health| fail_on.is_some_and(|level| health.fails(level));
    for (provider, answer) in wanted.into_iter().zip(answers) {
        match answer {
            Answer::Ready(checked) => {
                for c in &checked {
                    if fails(c.verdict.health) {
                        let name = if c.row.name.is_empty() {
                            &c.row.id
                        } else {
                            &c.row.name
                        };
                        let why = c.verdict.reasons.first().map_or("", String::as_str);
                        failing.push(format!("{provider} {name} ({}: {why})", c.verdict.health));
                    }
                    items.push(row(provider, c));
                }
            }
            Answer::NotConfigured(e) if !explicit => {
                crate::log::note(format!("skipped {provider}: {}", e.message));
            }
            Answer::NotConfigured(e) | Answer::Failed(e) => {
                items.push(unread(provider, &e));
                if fails(Health::Unknown) {
                    failing.push(format!("{provider} (could not be read)"));
                }
                errors.push(e);
            }
        }
    }
    if items.is_empty() && errors.is_empty() {
        return Err(none_configured("status"));
    }
    if let Some(level) = fail_on
        && !failing.is_empty()
    {
        errors.insert(0, unhealthy(level, &failing));
    }
    let list = Outcome::List {
        columns: STATUS_COLUMNS,
        items,
    };
    if errors.is_empty() {
        return Ok(list);
    }
    Ok(Outcome::Partial {
        shown: Box::new(list),
        errors,
    })
}
