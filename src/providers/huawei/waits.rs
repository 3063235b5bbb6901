//! Waiting for a Huawei resource to reach a status, in one place: `cc huawei ... wait`, the
//! wait after `network-instances create`, and the one `cc apply` makes after it creates a network
//! instance poll the same way, judge the same states (ERROR fails, a settled ACTIVE ends a wait
//! for another status) and print the same resume line.

use super::models::{self, Resource};
use super::{HuaweiClient, PROVIDER};
use crate::error::Result;
use crate::providers::Typed;
use crate::wait::{self, Poll, Target, WaitOptions};

/// The command that handles resources of `R` (`cc huawei network-instances`), for resume lines
/// and hints.
pub fn command_of<R: Resource>() -> &'static str {
    match R::KIND.many {
        "network_instances" => "cc huawei network-instances",
        "bandwidth_packages" => "cc huawei bandwidth-packages",
        "inter_region_bandwidths" => "cc huawei inter-region-bandwidths",
        "authorisations" => "cc huawei authorisations",
        _ => "cc huawei",
    }
}

/// Polls the `R` with `id` (called `name` in messages when given) until its status is `goal`:
/// ERROR is a failure (exit 8) and ACTIVE, settled, ends a wait for another status (exit 8 too).
pub async fn wait_for<R: Resource>(
    c: &HuaweiClient,
    options: &WaitOptions,
    id: &str,
    name: Option<&str>,
    goal: &str,
) -> Result<Typed<R>> {
    let until = if goal == models::Status::Active.as_str() {
        String::new()
    } else {
        format!(" --until {goal}")
    };
    let kind = format!("huawei {}", R::KIND.what);
    let target = Target {
        provider: PROVIDER,
        resource: wait::label(&kind, name, id),
        kind,
        id: id.to_string(),
        goal: goal.to_string(),
        resume: format!("{} wait {id}{until}", command_of::<R>()),
    };
    wait::until(options, &target, || async {
        let now = c.get::<R>(id).await?;
        let status = now.raw.get("status").and_then(|s| s.as_str());
        Ok(match status.map(models::Status::parse) {
            Some(status) => models::WAIT_STATES.judge(goal, status.as_str(), now, || None),
            None => Poll::Pending("(no status)".to_string()),
        })
    })
    .await
}
