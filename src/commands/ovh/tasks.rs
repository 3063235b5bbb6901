//! OVH tasks: `cc ovh tasks`, `cc ovh task wait`, the waits for OCC and vRack tasks (the
//! shared `wait` loop, as every provider's waits; the client only makes the calls), and the one
//! way every create and delete of the configuration tree ends: wait for its task to be `done` (exit 8 on `error` or `denied`,
//! naming the task; exit 7 on `--timeout` with the `cc ovh task wait` command that resumes),
//! then print what it made, read by the task's `resourceId`, or with `--no-wait` the task
//! itself. Every create of the tree goes through the create protocol (`commands::create`) as a
//! [`Configured`] order: a create whose answer was lost is never sent again, the configurations
//! are listed again and compared with those that were there before.

use std::collections::HashSet;
use std::future::Future;

use clap::Subcommand;
use serde_json::Value;

use super::{ServiceListArgs, client_for, listed};
use crate::commands::create::{Lost, Order, Step};
use crate::commands::{DELETED, DELETING, Deleted};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, Outcome, col};
use crate::providers::Typed;
pub use crate::providers::ovh::desired_wait::{task_target, wait_task};
use crate::providers::ovh::models::{Task, VRACK_TASK_STATES};
use crate::providers::ovh::{OvhClient, PROVIDER};
use crate::wait::{self, WaitOptions};

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

/// A task's columns; `cc ovh status` shows the first three (its task rows carry no resource).
pub(super) const TASK_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    col("FUNCTION", "function", High),
    col("STATUS", "status", High),
    col("RESOURCE", "resourceId", Medium),
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
    let what = format!("OVH task {task} of `{service}` to be done");
    let resume = format!("cc ovh task wait {service} {task}");
    crate::wait::within(&ctx.wait, &what, &resume, async {
        let (c, service) = client_for(ctx, &service).await?;
        Ok(Outcome::Item(wait_done(ctx, &c, &service, task).await?.raw))
    })
    .await
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
    let judged = &target;
    wait::until(options, &target, || async move {
        let Some(task) = c.vrack_task(vrack, task_id).await? else {
            return VRACK_TASK_STATES.gone(judged, ());
        };
        let function = task.view.function.clone();
        let reason = || function.map(|f| format!("task {task_id} ({f}) was cancelled"));
        let status = task.view.status.to_string();
        Ok(VRACK_TASK_STATES.judge("done", &status, (), reason))
    })
    .await
}

/// A configuration create of the tree (POP, datacenter, extra), checked and ready to send:
/// `kind` says which.
pub struct Configured<K> {
    client: OvhClient,
    /// The service's UUID.
    service: String,
    /// How the hints name what it makes (`list` and `follow` with the global options).
    lost: Lost,
    /// The ids of the configurations there before the create was sent.
    before: HashSet<String>,
    kind: K,
}

impl<K> Configured<K> {
    /// The create of a configuration `what` ("POP configuration") recognised by `matching`
    /// ("on interface 2001"), listed by `cc ovh <command> list SERVICE <parents...>`;
    /// `existing` are those there before.
    pub fn new<T>(
        (client, service): (OvhClient, String),
        (command, parents): (&str, &[u64]),
        (what, matching): (&str, String),
        existing: &[Typed<T>],
        kind: K,
    ) -> Self {
        let at: String = parents.iter().map(|id| format!(" {id}")).collect();
        Configured {
            client,
            lost: Lost {
                what: what.to_string(),
                matching,
                list: crate::hint::cc(&format!("ovh {command} list {service}{at}")),
                follow: crate::hint::cc(&format!("ovh {command} get {service}{at} {{id}}")),
            },
            before: ids(existing),
            service,
            kind,
        }
    }
}

/// What differs between the configuration creates: what is sent where, which configurations
/// match it, and how the one made is read. [`Configured`] does the rest.
#[allow(async_fn_in_trait)] // used through generics, on the one-thread runtime
pub trait Kind {
    /// What is sent, as a confirmation would show it.
    fn body(&self) -> Result<Value>;
    /// Sends the create.
    async fn send(&self, c: &OvhClient, service: &str) -> Result<Typed<Task>>;
    /// The ids and states of the configurations matching the create now.
    async fn find(&self, c: &OvhClient, service: &str) -> Result<Vec<(String, String)>>;
    /// The configuration `id`, as the provider shows it.
    async fn read(&self, c: &OvhClient, service: &str, id: u64) -> Result<Value>;
}

impl<K: Kind> Order for Configured<K> {
    type Made = Typed<Task>;

    fn body(&self) -> Result<Value> {
        self.kind.body()
    }

    async fn existing(&self) -> Result<Step<HashSet<String>>> {
        Ok(Step::Go(self.before.clone()))
    }

    async fn send(&self) -> Result<Typed<Task>> {
        self.kind.send(&self.client, &self.service).await
    }

    fn lost(&self) -> Lost {
        self.lost.clone()
    }

    fn accepted(made: &Typed<Task>) -> (crate::error::Resource, Value) {
        let (kind, id) = ("OVH task".to_string(), made.view.id.to_string());
        (crate::error::Resource { kind, id }, made.raw.clone())
    }

    async fn find(&self) -> Result<Vec<(String, String)>> {
        self.kind.find(&self.client, &self.service).await
    }

    /// The task itself with `--no-wait`; else the wait for it, then the object it made, read by
    /// the task's `resourceId`.
    async fn finish(self, ctx: &Context, task: Typed<Task>) -> Result<Outcome> {
        if ctx.no_wait() {
            return Ok(Outcome::Item(task.raw));
        }
        let done = wait_done(ctx, &self.client, &self.service, task.view.id).await?;
        let id = done
            .view
            .resource_id
            .or(task.view.resource_id)
            .ok_or_else(|| {
                Error::malformed(
                    PROVIDER,
                    format!(
                        "task {} is done but names no resourceId: the new {} cannot be read; `{}` shows them",
                        task.view.id, self.lost.what, self.lost.list
                    ),
                )
            })?;
        Ok(Outcome::Item(
            self.kind.read(&self.client, &self.service, id).await?,
        ))
    }
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

/// The ids of configurations, as [`Configured::before`] holds them.
pub fn ids<T>(items: &[Typed<T>]) -> HashSet<String> {
    ids_and_states(items)
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// Ids and states of configurations, as a create after a lost answer compares them.
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
