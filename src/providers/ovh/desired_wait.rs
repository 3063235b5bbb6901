//! The wait every change of the configuration tree ends with: its OCC task polled until `done`
//! (exit 8 on `error` or `denied`, naming the task and its function; exit 7 on the timeout with
//! the `cc ovh task wait` command that resumes it).
//!
//! Why in the provider's folder: `cc apply` makes OVH configurations through provider code
//! (`desired_apply.rs`), which cannot reach the command layer, and it must wait exactly as
//! `cc ovh pop|dc|extra create|delete` do; so the wait lives here once, and the commands
//! (`commands/ovh/tasks.rs`) call it too. A configuration whose create answer was lost has no
//! task to follow: [`until_active`] polls the configuration itself instead.

use std::future::Future;

use super::OvhClient;
use super::PROVIDER;
use super::models::{ConfigStatus, TASK_STATES, Task, TaskStatus};
use crate::error::Result;
use crate::providers::Typed;
use crate::wait::{self, Poll, Target, WaitOptions};

/// What the wait messages call a task (or a diagnostic) `id` of `of`, and the command that
/// resumes its wait.
pub fn task_target(kind: &str, id: u64, of: &str, resume: &str) -> Target {
    Target {
        provider: PROVIDER,
        kind: kind.to_string(),
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
        let status = task.view.status.to_string();
        let reason = || Some(format!("task {task_id} ({function}) did not complete"));
        Ok(match TASK_STATES.judge("done", &status, task, reason) {
            Poll::Pending(state) if state == TaskStatus::Pause.to_string() => Poll::Pending(
                format!("{state} ({function}; paused tasks wait for an action on OVH's side)"),
            ),
            Poll::Pending(state) => Poll::Pending(format!("{state} ({function})")),
            other => other,
        })
    })
    .await
}

/// Polls configuration `id` (`target` names it) through `read`, which answers its status or
/// `None` once it is gone, until it is `active`. Gone, or being deleted, is exit 8.
pub async fn until_active<F, Fut>(options: &WaitOptions, target: &Target, read: F) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Option<ConfigStatus>>>,
{
    wait::until(options, target, || async {
        Ok(match read().await? {
            Some(ConfigStatus::Active) => Poll::Done(()),
            Some(ConfigStatus::ToDelete) => Poll::Failed {
                state: ConfigStatus::ToDelete.to_string(),
                reason: Some(format!("{} is being deleted", target.resource)),
            },
            None => Poll::Failed {
                state: "gone".into(),
                reason: Some(format!("{} no longer exists", target.resource)),
            },
            Some(other) => Poll::Pending(other.to_string()),
        })
    })
    .await
}
