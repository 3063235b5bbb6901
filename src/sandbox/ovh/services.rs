//! The services of the account and what they show as is: interfaces, datacenters, and the
//! tasks that the configuration changes start (`todo` → `doing` → `done` over the provision
//! delay).

use std::borrow::Cow;

use serde_json::{Value, json};

use super::account::{Sim, fixture};
use super::call::Call;
use super::errors::{Reply, not_found};
use crate::sandbox::skeleton::Stamp;

/// A task of a service.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct TaskRec {
    pub id: u64,
    pub function: Cow<'static, str>,
    pub resource_id: u64,
    /// `None`: seeded, done.
    pub started: Option<Stamp>,
}

/// `GET /ovhCloudConnect`: the services' ids.
pub(super) fn list(sim: &mut Sim, _: &Call) -> Reply {
    Ok(json!(
        sim.services
            .iter()
            .map(|s| s.object["uuid"].clone())
            .collect::<Vec<_>>()
    ))
}

/// One service.
pub(super) fn get(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    Ok(sim.services[s].object.clone())
}

/// The ids of `items`.
fn ids(items: &[Value]) -> Reply {
    Ok(json!(
        items.iter().map(|i| i["id"].clone()).collect::<Vec<_>>()
    ))
}

/// The item of `items` with the call's `{id}`.
fn item(items: &[Value], call: &Call) -> Reply {
    let id = call.id("id")?;
    items
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .ok_or_else(|| not_found("id", &id.to_string()))
}

/// The ids of a service's interfaces.
pub(super) fn interfaces(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    ids(&sim.services[s].interfaces)
}

/// One interface of a service.
pub(super) fn interface(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    item(&sim.services[s].interfaces, call)
}

/// The ids of the datacenters a service reaches.
pub(super) fn datacenters(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    ids(&sim.services[s].datacenters)
}

/// One datacenter a service reaches.
pub(super) fn datacenter(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    item(&sim.services[s].datacenters, call)
}

/// The ids of a service's tasks.
pub(super) fn tasks(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    Ok(json!(
        sim.services[s]
            .tasks
            .iter()
            .map(|t| t.id)
            .collect::<Vec<_>>()
    ))
}

/// One task of a service.
pub(super) fn task(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    let id = call.id("id")?;
    let task = sim.services[s]
        .tasks
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| not_found("id", &id.to_string()))?;
    Ok(render_task(sim, task))
}

fn render_task(sim: &Sim, t: &TaskRec) -> Value {
    let status = match t.started.map(|t| t.elapsed()) {
        None => "done",
        Some(e) if e >= sim.delay() => "done",
        Some(e) if e >= sim.delay() / 3 => "doing",
        Some(_) => "todo",
    };
    let mut object = fixture(include_str!("../../../fixtures/ovh/task.json"));
    object["id"] = json!(t.id);
    object["function"] = json!(t.function);
    object["status"] = json!(status);
    object["resourceId"] = json!(t.resource_id);
    object
}

/// Starts a task of service `s` on `resource_id`, and answers it.
pub(super) fn new_task(sim: &mut Sim, s: usize, function: &'static str, resource_id: u64) -> Reply {
    let id = sim.id();
    let task = TaskRec {
        id,
        function: function.into(),
        resource_id,
        started: Some(Stamp::now()),
    };
    let rendered = render_task(sim, &task);
    sim.services[s].tasks.push(task);
    Ok(rendered)
}
