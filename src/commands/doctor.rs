//! `cc doctor`: is each configured provider usable? Values present, endpoint reachable,
//! credentials accepted by one cheap read, and the clock where signatures depend on it.

use serde_json::{Value, json};

use super::ProviderName;
use crate::context::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::output::{Column, Outcome, col};

const COLUMNS: &[Column] = &[
    col("PROVIDER", "provider"),
    col("STATUS", "status"),
    col("ENDPOINT", "endpoint"),
    col("DETAIL", "detail"),
    col("CLOCK SKEW (S)", "clock_skew_s"),
];

fn report(
    provider: ProviderName,
    status: &str,
    endpoint: Option<&str>,
    detail: String,
    clock_skew_s: Option<f64>,
) -> Value {
    json!({ "provider": provider.to_string(), "status": status, "endpoint": endpoint, "detail": detail, "clock_skew_s": clock_skew_s })
}

async fn check(ctx: &Context, provider: ProviderName) -> (Value, Option<Error>) {
    let endpoint = ctx.config.get(provider.url_key()).map(str::to_string);
    let probe: Result<(String, Option<f64>)> = async {
        match provider {
            ProviderName::Orange => {
                let client = super::orange::client(ctx)?;
                let vpns = client.vpns().await?;
                Ok((
                    format!(
                        "credentials accepted; {} technical VPN(s) visible",
                        vpns.len()
                    ),
                    None,
                ))
            }
            ProviderName::ConsoleConnect => {
                let client = super::console_connect::client(ctx)?;
                let ports = client.ports(None).await?;
                Ok((
                    format!("API key accepted; {} port(s) visible", ports.len()),
                    None,
                ))
            }
            ProviderName::Huawei => {
                // The signature carries X-Sdk-Date, refused beyond 15 minutes: compare clocks.
                let client = super::huawei::client(ctx)?;
                let reply = client.probe().await?;
                let now = crate::providers::huawei::auth::Clock::from_env()?.now();
                let skew = reply
                    .header("date")
                    .and_then(crate::providers::huawei::auth::parse_http_date)
                    .map(|server| (now - server) as f64);
                Ok(("AK/SK signature accepted".to_string(), skew))
            }
        }
    }
    .await;
    match probe {
        Ok((detail, skew)) => {
            let status = if skew.is_some_and(|s| s.abs() > 300.0) {
                "warn"
            } else {
                "ok"
            };
            (
                report(provider, status, endpoint.as_deref(), detail, skew),
                None,
            )
        }
        Err(e) if e.kind == ErrorKind::Usage => (
            report(
                provider,
                "skipped",
                endpoint.as_deref(),
                e.message.clone(),
                None,
            ),
            None,
        ),
        Err(e) => {
            let mut detail = e.message.clone();
            if let Some(status) = e.status {
                detail.push_str(&format!(" (HTTP {status}"));
                if let Some(code) = &e.code {
                    detail.push_str(&format!(", code {code}"));
                }
                detail.push(')');
            }
            if let Some(m) = &e.provider_message {
                detail.push_str(&format!(": {m}"));
            }
            (
                report(provider, "fail", endpoint.as_deref(), detail, None),
                Some(e),
            )
        }
    }
}

/// Runs `cc doctor`.
pub async fn run(ctx: &Context) -> Result<Outcome> {
    let checks =
        futures_util::future::join_all(ProviderName::ALL.iter().map(|p| check(ctx, *p))).await;
    let mut items = Vec::new();
    let mut first_failure = None;
    for (item, failure) in checks {
        items.push(item);
        if first_failure.is_none() {
            first_failure = failure;
        }
    }
    let list = Outcome::List {
        columns: COLUMNS,
        items,
    };
    Ok(match first_failure {
        Some(error) => Outcome::Partial {
            shown: Box::new(list),
            error: Error::new(
                error.kind,
                format!("doctor: a provider check failed: {}", error.message),
            ),
        },
        None => list,
    })
}
