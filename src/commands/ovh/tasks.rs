//! OVH tasks: `cc ovh tasks`, `cc ovh task wait`, the waits for OCC and vRack tasks (the
//! shared `wait` loop, as every provider's waits; the client only makes the calls), and the one
//! way every create and delete of the configuration tree ends: wait for its task to be `done` (exit 8 on `error` or `denied`,
//! naming the task; exit 7 on `--timeout` with the `cc ovh task wait` command that resumes),
//! then print what it made, read by the task's `resourceId`, or with `--no-wait` the task
//! itself. A create whose answer was lost is never sent again: the configurations are listed
//! again and compared with those that were there before (`commands::lost_create`).

use std::collections::HashSet;
use std::future::Future;

use clap::Subcommand;
use serde_json::Value;

use super::{ServiceListArgs, client_for, listed};
use crate::commands::{DELETED, DELETING, Deleted};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Column, Outcome, col};
use crate::providers::Typed;
use crate::providers::ovh::models::{Task, TaskStatus, VrackTaskStatus};
use crate::providers::ovh::{OvhClient, PROVIDER};
use crate::wait::{self, Poll, Target, WaitOptions};

/// Follow one task
#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Wait until a task is done, then print it
    ///
    /// Polls `GET /ovhCloudConnect/{service}/task/{id}` until `done` (exit 8 on `error` or
    /// `denied`, exit 7 after `--timeout`). Creates and deletes print this command when they
    /// stop waiting.
    ///
    /// Examples:
    ///
    ///     $ cc ovh task wait 5f8f3b52-0000-4000-8000-000000000002 7001
    ///     $ cc ovh task wait 5f8f3b52-0000-4000-8000-000000000002 7001 --timeout 10m
    #[command(verbatim_doc_comment)]
    Wait {
        /// Service UUID, or its exact description
        #[arg(value_name = "SERVICE")]
        service: String,
        /// Task id
        #[arg(value_name = "TASK")]
        task: u64,
    },
}

const TASK_COLUMNS: &[Column] = &[
    col("ID", "id"),
    col("FUNCTION", "function"),
    col("STATUS", "status"),
    col("RESOURCE", "resourceId"),
];

/// `cc ovh tasks SERVICE`.
pub async fn list(ctx: &Context, args: ServiceListArgs) -> Result<Outcome> {
    let (c, service) = client_for(ctx, &args.service).await?;
    listed(
        TASK_COLUMNS,
        c.limited(args.limit.limit).tasks(&service).await?,
    )
}

/// Runs a `task` subcommand.
pub async fn run(ctx: &Context, cmd: TaskCommand) -> Result<Outcome> {
    let TaskCommand::Wait { service, task } = cmd;
    let (c, service) = client_for(ctx, &service).await?;
    Ok(Outcome::Item(wait_done(ctx, &c, &service, task).await?.raw))
}

/// Waits until task `task_id` of `service` is `done`.
pub async fn wait_done(
    ctx: &Context,
    c: &OvhClient,
    service: &str,
    task_id: u64,
) -> Result<Typed<Task>> {
    let resume = crate::hint::cc(&format!("ovh task wait {service} {task_id}"));
    wait_task(c, service, task_id, &ctx.wait, &resume).await
}

/// What the wait messages call a task, and the command that resumes its wait.
fn task_target(kind: &str, id: u64, of: &str, resume: &str) -> Target {
    Target {
        resource: format!("{kind} {id} of `{of}`"),
        id: id.to_string(),
        goal: "done".into(),
        resume: resume.to_string(),
    }
}

/// Polls an OCC task until `done`. `error` and `denied` are exit 8 naming the task and its
/// function; `pause` keeps waiting (it needs OVH's action [INF]) and says so. `resume` is
/// the command that resumes the wait, for the timeout and Ctrl-C messages.
pub async fn wait_task(
    c: &OvhClient,
    service: &str,
    task_id: u64,
    options: &WaitOptions,
    resume: &str,
) -> Result<Typed<Task>> {
    let target = task_target("OVH task", task_id, service, resume);
    wait::until(options, &target, || async move {
        let task = c.task(service, task_id).await?;
        let function = task.view.function.clone();
        Ok(match &task.view.status {
            TaskStatus::Done => Poll::Done(task),
            TaskStatus::Error | TaskStatus::Denied => Poll::Failed {
                state: task.view.status.to_string(),
                reason: Some(format!("task {task_id} ({function}) did not complete")),
            },
            TaskStatus::Pause => Poll::Pending(format!(
                "pause ({function}; paused tasks wait for an action on OVH's side)"
            )),
            other => Poll::Pending(format!("{other} ({function})")),
        })
    })
    .await
}

/// Polls a vRack task until it is gone (404: vRack tasks disappear once finished) or `done`;
/// `cancelled` is exit 8.
pub async fn wait_vrack_task(
    c: &OvhClient,
    vrack: &str,
    task_id: u64,
    options: &WaitOptions,
    resume: &str,
) -> Result<()> {
    let target = task_target("vRack task", task_id, vrack, resume);
    wait::until(options, &target, || async move {
        Ok(match c.vrack_task(vrack, task_id).await? {
            None => Poll::Done(()),
            Some(task) => match &task.view.status {
                VrackTaskStatus::Done => Poll::Done(()),
                VrackTaskStatus::Cancelled => Poll::Failed {
                    state: "cancelled".into(),
                    reason: task
                        .view
                        .function
                        .clone()
                        .map(|f| format!("task {task_id} ({f}) was cancelled")),
                },
                other => Poll::Pending(other.to_string()),
            },
        })
    })
    .await
}

/// What a create makes, for its messages and hints.
pub struct Made {
    /// "POP configuration".
    pub what: &'static str,
    /// What the new one is recognised by, after the noun: "on interface 2001".
    pub matching: String,
    /// The command that lists them (with the global options).
    pub list: String,
    /// The command that shows one, with `{id}` for its id.
    pub get: String,
    /// The ids of those that were there before the create was sent.
    pub before: HashSet<String>,
}

/// Sends a create once and ends it: a lost answer is looked for (`relist` against
/// `made.before`), never resent; the task is waited for unless `--no-wait`, and then
/// the object it made is read (`read` with the task's `resourceId`) and printed.
pub async fn create<S, L, R>(
    ctx: &Context,
    c: &OvhClient,
    service: &str,
    made: Made,
    send: S,
    relist: L,
    read: R,
) -> Result<Outcome>
where
    S: Future<Output = Result<Typed<Task>>>,
    L: AsyncFnOnce() -> Result<Vec<(String, String)>>,
    R: AsyncFnOnce(u64) -> Result<Value>,
{
    let task = match send.await {
        Ok(task) => task,
        Err(err) if err.maybe_applied => {
            let found = relist().await;
            return Err(crate::commands::lost_create(
                err,
                made.what,
                &made.matching,
                &made.list,
                &made.get,
                &made.before,
                found,
            ));
        }
        Err(err) => return Err(err),
    };
    crate::log::line(
        crate::log::PROGRESS,
        format!(
            "ovh: {} {} accepted (task {})",
            made.what, made.matching, task.view.id
        ),
    );
    if ctx.no_wait() {
        return Ok(Outcome::Item(task.raw));
    }
    let done = wait_done(ctx, c, service, task.view.id).await?;
    let id = done
        .view
        .resource_id
        .or(task.view.resource_id)
        .ok_or_else(|| {
            Error::malformed(
                PROVIDER,
                format!(
                    "task {} is done but names no resourceId: the new {} cannot be read; `{}` shows them",
                    task.view.id, made.what, made.list
                ),
            )
        })?;
    Ok(Outcome::Item(read(id).await?))
}

/// Asks, sends a delete (idempotent), and waits for its task unless `--no-wait`. Prints the
/// delete shape of every provider ([`Deleted`]: `status` is `deleted`, or `deleting` with
/// `--no-wait`), with the OVH task beside it as `task`.
pub async fn delete<S>(
    ctx: &Context,
    c: &OvhClient,
    service: &str,
    id: u64,
    label: String,
    state: String,
    send: S,
) -> Result<Outcome>
where
    S: Future<Output = Result<Typed<Task>>>,
{
    ctx.confirm(&format!(
        "Delete {label} of OVHcloud Connect service {service}?"
    ))?;
    let task = send.await?;
    let id = id.to_string();
    let summary = |state: &str, status: &'static str, task: Value| {
        let mut shown = Deleted {
            id: &id,
            name: Some(&label),
            state: Some(state),
            status,
            request_id: None,
        }
        .to_json();
        shown["task"] = task;
        shown
    };
    if ctx.no_wait() {
        return Ok(Outcome::Item(summary(&state, DELETING, task.raw)));
    }
    let done = wait_done(ctx, c, service, task.view.id).await?;
    crate::log::line(crate::log::PROGRESS, format!("ovh: deleted {label}"));
    Ok(Outcome::Item(summary("deleted", DELETED, done.raw)))
}

/// Ids and states of configurations, as [`create`] and `lost_create` compare them.
pub fn ids_and_states<T>(items: &[Typed<T>]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|t| {
            let id = t.raw.get("id").map(Value::to_string).unwrap_or_default();
            let state = t
                .raw
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or("unknown")
                .to_string();
            (id, state)
        })
        .collect()
}
