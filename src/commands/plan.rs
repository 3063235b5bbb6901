//! `cc plan -f FILE`: what `apply` would do, resource by resource, and `cc plan --schema`.
//!
//! The file is read and checked first (exit 2 with file, line and field, nothing sent); then
//! every provider it names is read concurrently through the registry (`registry::Desired`), and
//! the shared engine (`crate::desired`) computes the plan. Exit 0 when nothing would change, 10
//! when something would (`CLI.md` §4), with the plan printed either way.

use std::collections::BTreeMap;

use clap::Args;
use serde_json::{Value, json};

use crate::context::Context;
use crate::desired::{self, Action, Desired, Live, Plan};
use crate::error::{Error, ErrorKind, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, OutputFormat, col};
use crate::providers::contract::Answer;
use crate::registry;

/// Show what `cc apply -f FILE` would change
///
/// Compares a desired-state file (YAML or JSON; `-` reads stdin) with what the providers hold,
/// and prints each change: create, update (the fields that change, old → new), replace (the
/// provider cannot update that field: delete then create, an outage), delete (only with
/// `--prune`, only kinds the file names, within the providers it names). Fields the file
/// leaves out are not compared; secrets are never shown. Exit 0 when nothing would change,
/// 10 when something would.
///
/// With `-o json`: `{"changes": [{"action", "provider", "kind", "name", "id", "fields":
/// {"FIELD": {"from", "to"}}}], "summary": {"create", "update", "replace", "delete",
/// "unchanged"}}`.
///
/// Examples:
///
///     $ cc plan -f network.yaml
///     $ cc plan -f network.yaml --prune -o json --jq '.summary'
///     $ cc plan --schema > cc-desired.schema.json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct PlanArgs {
    /// The desired-state file (`-`: stdin)
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        required_unless_present = "schema"
    )]
    pub file: Option<String>,

    /// Also delete what the file does not name (only kinds it names, within its providers)
    #[arg(long)]
    pub prune: bool,

    /// Print the JSON Schema of the file format instead
    #[arg(long, conflicts_with_all = ["file", "prune"])]
    pub schema: bool,
}

const COLUMNS: &[Column] = &[
    col("ACTION", "action", Key),
    col("PROVIDER", "provider", High),
    col("KIND", "kind", Medium),
    col("NAME", "name", Key),
    col("ID", "id", Low),
    col("CHANGES", "changes", Medium),
];

/// Runs `plan`.
pub async fn run(ctx: &Context, args: PlanArgs) -> Result<Outcome> {
    if args.schema {
        return Ok(Outcome::Body(desired::schema::schema(&specs())));
    }
    let file = args.file.unwrap_or_default();
    let (desired, live) = read(ctx, &file).await?;
    let plan = compute(ctx, &desired, &live, args.prune, &file)?;
    Ok(report(ctx, &plan))
}

/// Every provider's part of the format.
pub fn specs() -> Vec<&'static desired::Spec> {
    registry::all()
        .filter_map(|r| r.desired.as_ref().map(|d| d.spec))
        .collect()
}

/// Reads and checks `file`, then what exists of each provider it names, concurrently.
pub async fn read(ctx: &Context, file: &str) -> Result<(Desired, Vec<Vec<Live>>)> {
    let text = read_text(file)?;
    let desired = desired::parse::parse(&text, file, &specs(), &|v| std::env::var(v).ok())?;
    let reads = desired.parts.iter().map(|part| {
        let entry = registry::get(part.spec.provider);
        let observe = entry
            .desired
            .as_ref()
            .map(|d| d.observe(&ctx.config, &ctx.http));
        async move {
            match observe {
                Some(read) => read.await,
                None => Answer::Ready(Vec::new()),
            }
        }
    });
    let answers = futures_util::future::join_all(reads).await;
    let mut live = Vec::new();
    for answer in answers {
        match answer {
            Answer::Ready(items) => live.push(items),
            Answer::NotConfigured(e) | Answer::Failed(e) => return Err(e),
        }
    }
    Ok((desired, live))
}

/// The file's text: a path, or stdin for `-`.
fn read_text(file: &str) -> Result<String> {
    if file == "-" {
        return std::io::read_to_string(std::io::stdin())
            .map_err(|e| Error::usage("-f -: cannot read stdin").caused_by(e));
    }
    std::fs::read_to_string(file)
        .map_err(|e| Error::usage(format!("-f {file}: cannot read the file")).caused_by(e))
}

/// The plan of every provider's part, in the file's order.
/// Each part's plan is then checked against the rules that span resources, with what that
/// provider holds (exit 2 with the file and line, nothing sent): a rule may depend on what the
/// plan deletes (`--prune`).
pub fn compute(
    ctx: &Context,
    desired: &Desired,
    live: &[Vec<Live>],
    prune: bool,
    file: &str,
) -> Result<Plan> {
    let mut plans = Vec::new();
    for (part, live) in desired.parts.iter().zip(live) {
        plans.push(desired::diff::plan(part, live, prune, file)?);
    }
    let mut found = Vec::new();
    for ((part, live), planned) in desired.parts.iter().zip(live).zip(&plans) {
        if let Some(d) = &registry::get(part.spec.provider).desired {
            found.extend(d.breaches(part, live, planned));
        }
    }
    desired::enforce(file, found, &ctx.skips)?;
    let mut plan = Plan::default();
    for planned in plans {
        plan.extend(planned);
    }
    Ok(plan)
}

/// What `plan` prints: a table for people, `{"changes", "summary"}` otherwise; exit 10 when
/// there are changes.
fn report(ctx: &Context, plan: &Plan) -> Outcome {
    let table = ctx.output.format == OutputFormat::Table && ctx.output.jq.is_none();
    let shown = if table {
        Outcome::List {
            columns: COLUMNS,
            items: plan.changes.iter().map(row).collect(),
        }
    } else {
        Outcome::Item(plan.to_json())
    };
    crate::log::note(summary(plan));
    if plan.changes.is_empty() {
        return if table { Outcome::Nothing } else { shown };
    }
    Outcome::Partial {
        shown: Box::new(shown),
        errors: vec![Error::new(
            ErrorKind::Changes,
            "the plan has changes (exit 10); `cc apply -f` makes them",
        )],
    }
}

/// `Plan: 1 to create, 0 to update, 1 to replace (an outage), 0 to delete, 3 unchanged.`
pub fn summary(plan: &Plan) -> String {
    format!(
        "Plan: {} to create, {} to update, {} to replace{}, {} to delete, {} unchanged.",
        plan.count(Action::Create),
        plan.count(Action::Update),
        plan.count(Action::Replace),
        if plan.count(Action::Replace) > 0 {
            " (an outage each)"
        } else {
            ""
        },
        plan.count(Action::Delete),
        plan.unchanged
    )
}

/// One table row: the change with its fields as `field: old → new` text.
pub(crate) fn row(change: &desired::Change) -> Value {
    let shown = change.to_json();
    let fields: BTreeMap<String, Value> = shown["fields"]
        .as_object()
        .map(|m| m.clone().into_iter().collect())
        .unwrap_or_default();
    let text = |v: &Value| match v {
        Value::Null => "-".to_string(),
        other => desired::scalar_text(other),
    };
    let mut changes: Vec<String> = fields
        .iter()
        .map(|(name, ft)| match change.action {
            Action::Create => format!("{name}: {}", text(&ft["to"])),
            _ => format!("{name}: {} → {}", text(&ft["from"]), text(&ft["to"])),
        })
        .collect();
    if change.action == Action::Replace {
        changes.insert(0, "OUTAGE (delete, then create)".into());
    }
    json!({
        "action": change.action.as_str(),
        "provider": change.provider.id(),
        "kind": change.kind.what,
        "name": change.path(),
        "id": change.id,
        "changes": changes.join("; "),
    })
}
