//! `cc apply -f FILE [--prune]`: makes what `cc plan -f FILE` shows.
//!
//! The plan is computed and printed first (on stderr, so that stdout holds only the summary);
//! then a confirmation (a line on a terminal; off one `--yes` is required, else exit 2 with
//! nothing sent); then every change through its provider's create, update or delete
//! (`registry::Desired::change`), in the engine's order, independent ones at once
//! (`desired::apply::run`), each waited for, with one progress line per resource on stderr. A
//! failure stops only what waits for it. The summary says, per change, done, failed or not
//! tried, and the exit code is 0 when all is done, the first failure's otherwise (`CLI.md` §4),
//! so that running `apply` again continues from where it stopped.

use crate::context::Context;
use crate::desired::apply::{self, Result_};
use crate::desired::{Action, Change};
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, OutputFormat, col};
use crate::registry;
use crate::wait::WaitOptions;
use clap::Args;

/// Make the providers hold what a desired-state file says
///
/// Computes the plan as `cc plan -f FILE` does and prints it on stderr, asks for a confirmation
/// (on a terminal; off one, `--yes` is required), then makes each change in dependency order,
/// independent ones concurrently, each waited for, with one progress line per resource on
/// stderr. A replace deletes then creates: an outage. A create is sent once: after a lost
/// answer, the resource is looked up by name, never ordered again. A failure stops only what
/// depends on it; the rest finishes. The summary says, per change, `done`, `failed` or
/// `not_tried`; the exit code is that of the first failure (0 when all is done), and running
/// `apply` again continues from there. A file already applied is "nothing to do" (exit 0).
/// `--dry-run` prints every request it would send and sends none.
///
/// With `-o json`: `{"results": [{"action", "provider", "kind", "name", "id", "result",
/// "error"}], "summary": {"done", "failed", "not_tried"}}`.
///
/// Examples:
///
///     $ cc apply -f network.yaml
///     $ cc apply -f network.yaml --prune --yes -o json
///     $ cc --dry-run apply -f network.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ApplyArgs {
    /// The desired-state file (`-`: stdin)
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: String,

    /// Also delete what the file does not name (only kinds it names, within its providers)
    #[arg(long)]
    pub prune: bool,
}

const COLUMNS: &[Column] = &[
    col("RESULT", "result", Key),
    col("ACTION", "action", Key),
    col("PROVIDER", "provider", High),
    col("KIND", "kind", Medium),
    col("NAME", "name", Key),
    col("ID", "id", Low),
    col("ERROR", "error", Medium),
];

/// Runs `apply`.
pub async fn run(ctx: &Context, args: ApplyArgs) -> Result<Outcome> {
    let (desired, live) = super::plan::read(ctx, &args.file).await?;
    let plan = super::plan::compute(ctx, &desired, &live, args.prune, &args.file)?;
    if plan.changes.is_empty() {
        crate::log::note(format!(
            "Nothing to do: {} resources as the file says.",
            plan.unchanged
        ));
        return Ok(report(ctx, &[], Vec::new()));
    }
    for change in &plan.changes {
        crate::log::note(plan_line(change));
    }
    crate::log::note(super::plan::summary(&plan));
    ctx.confirm(&format!("Apply these {} changes?", plan.changes.len()))?;
    let wait = (!ctx.no_wait()).then(|| WaitOptions {
        spinner: false,
        ..ctx.wait.clone()
    });
    let results = apply::run(&plan.changes, |i| {
        let change = &plan.changes[i];
        let wait = wait.as_ref();
        Box::pin(async move {
            let Some(part) = registry::get(change.provider).desired.as_ref() else {
                return Err(Error::internal(
                    "a change of a provider without desired state",
                ));
            };
            crate::log::note(format!("{}: {}…", label(change), doing(change.action)));
            let made = part.change(&ctx.config, &ctx.http, change, wait).await;
            match &made {
                Ok(id) => crate::log::done(format!(
                    "{}: {}{}",
                    label(change),
                    done(change.action),
                    id.as_deref()
                        .map(|id| format!(" ({id})"))
                        .unwrap_or_default()
                )),
                Err(e) => crate::log::warn(format!("{}: failed: {}", label(change), e.message)),
            }
            made
        })
    })
    .await;
    Ok(report(ctx, &plan.changes, results))
}

/// `orange cloud connector `Connection to PARIS``, with what it is nested in.
fn label(change: &Change) -> String {
    let name = change.path();
    format!("{} {} `{name}`", change.provider.id(), change.kind.what)
}

fn doing(action: Action) -> &'static str {
    match action {
        Action::Create => "creating",
        Action::Update => "updating",
        Action::Replace => "replacing (delete, then create: an outage)",
        Action::Delete => "deleting",
    }
}

fn done(action: Action) -> &'static str {
    match action {
        Action::Create => "created",
        Action::Update => "updated",
        Action::Replace => "replaced",
        Action::Delete => "deleted",
    }
}

/// One change of the plan as a line: `  replace orange cloud connector `x`: bandwidth: 50 → 100`.
fn plan_line(change: &Change) -> String {
    let row = super::plan::row(change);
    let text = |k: &str| row[k].as_str().unwrap_or_default().to_string();
    let changes = text("changes");
    format!(
        "  {:<7} {}{}",
        change.action.as_str(),
        label(change),
        if changes.is_empty() {
            String::new()
        } else {
            format!(": {changes}")
        }
    )
}

/// The summary: a table (or `{"results", "summary"}`) on stdout, a line on stderr, and the
/// failures after it, the first deciding the exit code.
fn report(ctx: &Context, changes: &[Change], results: Vec<Result_>) -> Outcome {
    let shown = apply::to_json(changes, &results);
    let count = |k: &str| shown["summary"][k].as_u64().unwrap_or_default();
    if !changes.is_empty() {
        crate::log::note(format!(
            "Apply: {} done, {} failed, {} not tried.",
            count("done"),
            count("failed"),
            count("not_tried")
        ));
    }
    let table = ctx.output.format == OutputFormat::Table && ctx.output.jq.is_none();
    let outcome = match (table, changes.is_empty()) {
        (true, true) => Outcome::Nothing,
        (true, false) => Outcome::List {
            columns: COLUMNS,
            items: shown["results"].as_array().cloned().unwrap_or_default(),
        },
        (false, _) => Outcome::Item(shown),
    };
    let errors: Vec<Error> = results
        .into_iter()
        .filter_map(|r| match r {
            Result_::Failed(e) => Some(e),
            _ => None,
        })
        .collect();
    if errors.is_empty() {
        return outcome;
    }
    Outcome::Partial {
        shown: Box::new(outcome),
        errors,
    }
}
