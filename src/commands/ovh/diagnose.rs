//! `cc ovh diagnose`: run one of OVH's diagnostics on a POP configuration (its BGP peering, the
//! routes it learns or advertises, the MACs it sees) and print the result.
//!
//! A diagnostic runs on OVH's routers like a task (`todo` → `doing` → `done`, in the task
//! enum), so it is waited for with the one wait of `src/wait.rs` and the same rules as a task
//! (exit 8 on `error` or `denied`, exit 7 on `--timeout` with the command that resumes, Ctrl-C
//! naming it): `--id` resumes the wait on a diagnostic already run instead of running another.
//! The result is shown readably: each command OVH ran with its output, then the routes and MACs
//! found as tables; JSON gets the diagnostic whole.

use clap::Args;
use serde_json::Value;

use super::client_for;
use super::tasks::task_target;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, Section, col};
use crate::providers::Typed;
use crate::providers::ovh::OvhClient;
use crate::providers::ovh::models::TASK_STATES;
use crate::providers::ovh::readings::{
    Diagnostic, DiagnosticConfiguration, DiagnosticFunction, DiagnosticType,
};
use crate::wait;

/// The arguments of `DiagnoseArgs`.
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// POP configuration id (`popConfigId`)
    #[arg(long, value_name = "POP", required_unless_present = "id")]
    pub pop: Option<u64>,
    /// Datacenter configuration id (`dcConfigId`)
    #[arg(long, value_name = "DC", requires = "pop")]
    pub dc: Option<u64>,
    /// Extra configuration id (`extraConfigId`)
    #[arg(long, value_name = "EXTRA", requires = "pop")]
    pub extra: Option<u64>,
    /// The diagnostic (`diagnosticName`)
    #[arg(long, value_name = "FUNCTION", required_unless_present = "id")]
    pub function: Option<DiagnosticFunction>,
    /// Which routes `diagRoutes` shows (`diagnosticType`)
    #[arg(long, value_name = "ROUTES")]
    pub routes: Option<DiagnosticType>,
    /// Wait for a diagnostic already run (its id) instead of running one
    #[arg(long, value_name = "ID", conflicts_with_all = ["pop", "function"])]
    pub id: Option<u64>,
}

const ROUTES: &[Column] = &[
    col("PREFIX", "prefix", Key),
    col("AS PATH", "aspath", High),
    col("MED", "med", Medium),
    col("LOCAL PREF", "localprefix", Medium),
    col("TIME", "timestamp", Low),
];

const MACS: &[Column] = &[
    col("MAC", "mac", Key),
    col("ROUTER MAC", "routermac", High),
    col("TIME", "timestamp", Low),
];

/// `cc ovh diagnose`.
pub async fn run(ctx: &Context, args: DiagnoseArgs) -> Result<Outcome> {
    if args.routes.is_some() && args.function != Some(DiagnosticFunction::DiagRoutes) {
        return Err(Error::usage(
            "--routes: only applies to --function diagRoutes",
        ));
    }
    if args.function == Some(DiagnosticFunction::DiagPeeringExtra)
        && (args.dc.is_none() || args.extra.is_none())
    {
        return Err(Error::usage(
            "--function diagPeeringExtra: needs --dc and --extra (the extra configuration of the BGP session)",
        ));
    }
    let (c, service) = client_for(ctx, &args.service).await?;
    let id = match (args.id, args.pop, args.function) {
        (Some(id), _, _) => id,
        (None, Some(pop), Some(function)) => {
            let body = DiagnosticConfiguration {
                pop_config_id: pop,
                diagnostic_name: function,
                diagnostic_type: args.routes,
                dc_config_id: args.dc,
                extra_config_id: args.extra,
            };
            let started = c.run_diagnostic(&service, &body).await?;
            if ctx.no_wait() {
                return readable(started.raw);
            }
            started.view.id
        }
        _ => return Err(Error::usage("--pop and --function: both needed, or --id")),
    };
    let resume = crate::hint::cc(&format!("ovh diagnose {service} --id {id}"));
    let done = wait_diagnostic(&c, &service, id, &ctx.wait, &resume).await?;
    readable(done.raw)
}

/// Polls diagnostic `id` until `done`, as a task is polled.
async fn wait_diagnostic(
    c: &OvhClient,
    service: &str,
    id: u64,
    options: &wait::WaitOptions,
    resume: &str,
) -> Result<Typed<Diagnostic>> {
    let target = task_target("OVH diagnostic", id, service, resume);
    wait::until(options, &target, || async move {
        let diagnostic = c.diagnostic(service, id).await?;
        let status = diagnostic.view.status.to_string();
        let reason = || Some(format!("diagnostic {id} did not complete"));
        Ok(TASK_STATES.judge("done", &status, diagnostic, reason))
    })
    .await
}

/// A diagnostic as a report: what it is and each command's output above, then its routes and
/// MACs as tables.
fn readable(raw: Value) -> Result<Outcome> {
    let text = |key: &str| raw[key].as_str().unwrap_or("-").to_string();
    let mut headline = format!(
        "{:<13}{} {} ({})\n",
        "DIAGNOSTIC",
        raw["id"],
        text("function"),
        text("status")
    );
    for key in ["date", "source", "description"] {
        if let Some(value) = raw[key].as_str() {
            headline.push_str(&format!("{:<13}{value}\n", key.to_uppercase()));
        }
    }
    let results = raw["result"].as_array().cloned().unwrap_or_default();
    for result in &results {
        if let Some(cmd) = result["cmd"].as_str() {
            headline.push_str(&format!("\n$ {cmd}\n"));
        }
        if let Some(output) = result["output"].as_str() {
            headline.push_str(output.trim_end());
            headline.push('\n');
        }
    }
    let with = |key: &str| -> Vec<Value> {
        let has = |r: &&Value| r[key].as_str().is_some();
        results.iter().filter(has).cloned().collect()
    };
    Ok(Outcome::Report {
        sections: vec![
            Section {
                title: "ROUTES",
                columns: ROUTES,
                items: with("prefix"),
            },
            Section {
                title: "MACS",
                columns: MACS,
                items: with("mac"),
            },
        ],
        headline,
        value: raw,
    })
}
