//! The vRack calls OCC needs: which services may join, which are in, and the attach and detach
//! tasks, which apply their change once done and then answer 404, as the real ones vanish.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Value, json};

use super::account::{Sim, fixture};
use super::call::Call;
use super::errors::{Reply, bad_request, not_found};
use crate::providers::ovh::paths;
use crate::sandbox::skeleton::{Refusal, Stamp};

/// A vRack and its running tasks.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Vrack {
    pub name: Cow<'static, str>,
    pub tasks: Vec<VrackTaskRec>,
}

impl Vrack {
    pub(super) fn new(name: &'static str) -> Vrack {
        Vrack {
            name: name.into(),
            tasks: Vec::new(),
        }
    }
}

/// An attach or detach of a service, running.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct VrackTaskRec {
    id: u64,
    function: Cow<'static, str>,
    pub service: String,
    pub attach: bool,
    pub started: Stamp,
}

fn index(sim: &Sim, call: &Call) -> Result<usize, Refusal> {
    let name = call.param("serviceName");
    sim.vracks
        .iter()
        .position(|v| v.name == name)
        .ok_or_else(|| not_found("serviceName", name))
}

fn in_vrack(sim: &Sim, vrack: &str) -> Vec<String> {
    sim.services
        .iter()
        .filter(|s| s.object["vrack"] == vrack)
        .filter_map(|s| s.object["uuid"].as_str().map(str::to_string))
        .collect()
}

fn pending_task(sim: &Sim, service: &str) -> bool {
    sim.vracks
        .iter()
        .any(|v| v.tasks.iter().any(|t| t.service == service))
}

fn render_task(sim: &Sim, vrack: &str, t: &VrackTaskRec) -> Value {
    let mut object = fixture(include_str!("../../../fixtures/ovh/vrack_task.json"));
    let elapsed = t.started.elapsed();
    object["id"] = json!(t.id);
    object["function"] = json!(t.function);
    object["status"] = json!(if elapsed >= sim.delay() / 2 {
        "doing"
    } else {
        "todo"
    });
    object["serviceName"] = json!(vrack);
    object["targetDomain"] = json!(t.service);
    object
}

fn new_task(sim: &mut Sim, v: usize, service: String, attach: bool) -> Reply {
    let id = sim.id();
    let task = VrackTaskRec {
        id,
        function: if attach {
            "addOvhCloudConnectToVrack"
        } else {
            "removeOvhCloudConnectFromVrack"
        }
        .into(),
        service,
        attach,
        started: Stamp::now(),
    };
    let rendered = render_task(sim, &sim.vracks[v].name, &task);
    sim.vracks[v].tasks.push(task);
    Ok(rendered)
}

/// The services that may join the vRack: those in no vRack and not being moved.
pub(super) fn allowed(sim: &mut Sim, call: &Call) -> Reply {
    index(sim, call)?;
    let family: HashMap<String, String> = url::form_urlencoded::parse(call.query().as_bytes())
        .into_owned()
        .collect();
    let mut allowed = fixture(include_str!("../../../fixtures/ovh/allowed_services.json"));
    let occ: Vec<Value> = sim
        .services
        .iter()
        .filter(|s| s.object["vrack"].is_null())
        .filter_map(|s| s.object["uuid"].as_str())
        .filter(|uuid| !pending_task(sim, uuid))
        .map(|uuid| json!(uuid))
        .collect();
    // Filtered on another family, the OCC list is not part of the answer.
    let other_family = family
        .get("serviceFamily")
        .is_some_and(|f| f != paths::SERVICE_FAMILY);
    allowed["ovhCloudConnect"] = if other_family {
        Value::Null
    } else {
        json!(occ)
    };
    Ok(allowed)
}

/// The services in the vRack.
pub(super) fn services(sim: &mut Sim, call: &Call) -> Reply {
    let v = index(sim, call)?;
    Ok(json!(in_vrack(sim, &sim.vracks[v].name)))
}

/// Starts moving a service into the vRack.
pub(super) fn attach(sim: &mut Sim, call: &Call) -> Reply {
    let v = index(sim, call)?;
    let body = call.json()?;
    let uuid = body["ovhCloudConnect"]
        .as_str()
        .ok_or_else(|| bad_request("Missing parameter: ovhCloudConnect"))?
        .to_string();
    let svc = sim
        .services
        .iter()
        .find(|s| s.object["uuid"] == uuid.as_str())
        .ok_or_else(|| not_found("ovhCloudConnect", &uuid))?;
    if !svc.object["vrack"].is_null() || pending_task(sim, &uuid) {
        return Err(bad_request(&format!(
            "The service {uuid} is already in a vRack or being moved"
        )));
    }
    new_task(sim, v, uuid, true)
}

/// The vRack's index and the name of the service of the call, which must be in it.
fn member(sim: &Sim, call: &Call) -> Result<(usize, String), Refusal> {
    let v = index(sim, call)?;
    let uuid = call.param("ovhCloudConnect").to_string();
    if !in_vrack(sim, &sim.vracks[v].name).contains(&uuid) {
        return Err(not_found("ovhCloudConnect", &uuid));
    }
    Ok((v, uuid))
}

/// A service in the vRack.
pub(super) fn service(sim: &mut Sim, call: &Call) -> Reply {
    let (v, uuid) = member(sim, call)?;
    Ok(json!({ "ovhCloudConnect": uuid, "vrack": sim.vracks[v].name }))
}

/// Starts moving a service out of the vRack.
pub(super) fn detach(sim: &mut Sim, call: &Call) -> Reply {
    let (v, uuid) = member(sim, call)?;
    if pending_task(sim, &uuid) {
        return Err(bad_request(&format!("The service {uuid} is being moved")));
    }
    new_task(sim, v, uuid, false)
}

/// A task of the vRack, until it is done.
pub(super) fn task(sim: &mut Sim, call: &Call) -> Reply {
    let v = index(sim, call)?;
    let id = call.id("taskId")?;
    let vrack = &sim.vracks[v];
    let task = vrack
        .tasks
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| not_found("taskId", &id.to_string()))?;
    Ok(render_task(sim, &vrack.name, task))
}
