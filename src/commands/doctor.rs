//! `cc doctor`: is each configured provider usable? Values present, endpoint reachable,
//! credentials accepted by one cheap read, and the clock where signatures depend on it.
//!
//! Each provider's probe is its `contract::Provider::probe`; the endpoint shown is the base URL
//! its client calls, whichever setting it came from. Not configured is `skipped`; a
//! malformed value (a bad URL) or a failed probe is `fail`, and the exit code says so. When
//! every provider is skipped, nothing was checked: the table still prints, and the run is exit
//! 2 with how to configure one, so that a script's `cc doctor` does not pass on an empty setup.

use serde_json::{Value, json};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::contract::{Answer, Probe};
use crate::registry::{self, ProviderName};

const COLUMNS: &[Column] = &[
    col("PROVIDER", "provider", Key),
    col("STATUS", "status", High),
    col("ENDPOINT", "endpoint", Medium),
    col("DETAIL", "detail", Medium),
    col("CLOCK SKEW (S)", "clock_skew_s", Low),
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
    let registered = registry::get(provider);
    let endpoint = endpoint(ctx, registered);
    let endpoint = endpoint.as_deref();
    let answer = registered.probe(&ctx.config, &ctx.http).await;
    match answer {
        Answer::Ready(Probe {
            detail,
            clock_skew_s,
        }) => {
            let status = if clock_skew_s.is_some_and(|s| s.abs() > 300.0) {
                "warn"
            } else {
                "ok"
            };
            (
                report(provider, status, endpoint, detail, clock_skew_s),
                None,
            )
        }
        Answer::NotConfigured(e) => (
            report(provider, "skipped", endpoint, e.message.clone(), None),
            None,
        ),
        Answer::Failed(e) => {
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
            (report(provider, "fail", endpoint, detail, None), Some(e))
        }
    }
}

/// The base URL the provider's client calls (OVH's comes from `ovh.url`, else from its endpoint
/// name or URL); the configured value of its URL key when no client can be built. A password
/// in it is masked.
fn endpoint(ctx: &Context, registered: &registry::Registered) -> Option<String> {
    let used = registered
        .api(&ctx.config, &ctx.http)
        .ok()
        .and_then(|api| api.url_for("").ok())
        .map(|url| url.as_str().trim_end_matches('/').to_string());
    used.or_else(|| ctx.config.get(registered.info.url_key).map(str::to_string))
        .map(|url| crate::http::redact::url_passwords(&url).into_owned())
}

/// Runs `cc doctor`.
pub async fn run(ctx: &Context) -> Result<Outcome> {
    let checks = futures_util::future::join_all(ProviderName::all().map(|p| check(ctx, p))).await;
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (item, failure) in checks {
        items.push(item);
        errors.extend(failure);
    }
    // Nothing configured at all is not a clean bill of health: exit 2, with how to start.
    if items.iter().all(|i| i["status"] == "skipped") {
        errors.push(
            Error::usage("no provider is configured: every check was skipped")
                .hint(format!(
                    "set a provider's variables (each row names them), or `{}`; `{}` shows what is set",
                    crate::hint::cc("config set PROVIDER.FIELD VALUE"),
                    crate::hint::cc("config view")
                ))
                .hint(format!(
                    "`{}` checks the built-in simulator instead",
                    crate::hint::cc("--sandbox doctor")
                )),
        );
    }
    let list = Outcome::List {
        columns: COLUMNS,
        items,
    };
    // The table says what failed; the errors (with their provider) go to the one reporter.
    Ok(if errors.is_empty() {
        list
    } else {
        Outcome::Partial {
            shown: Box::new(list),
            errors,
        }
    })
}
