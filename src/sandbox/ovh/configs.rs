//! The configuration tree of a service: POP configurations, their datacenter configurations
//! and those's extra configurations. Each goes `init` → `active` over the provision delay, and
//! `toDelete` → gone, with everything under it; every change answers the task it starts. The
//! bodies are checked by the provider document's rules ([`crate::providers::ovh::rules`]) and the
//! rules that span resources ([`crate::providers::ovh::rules_span`]), the code `cc` runs too.

use serde_json::{Value, json};

use super::account::{Sim, fixture};
use super::call::Call;
use super::errors::{Reply, bad_request, not_found};
use super::services::new_task;
use crate::providers::ovh::models::{
    ConfigStatus, DatacenterConfig, DatacenterExtraConfig, PopConfig,
};
use crate::providers::ovh::{rules, rules_span};
use crate::sandbox::skeleton::{Refusal, Stamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) enum Level {
    Pop,
    Dc,
    Extra,
}

impl Level {
    /// The path parameter naming a configuration of this level.
    fn param(self) -> &'static str {
        match self {
            Level::Pop => "popId",
            Level::Dc => "datacenterId",
            Level::Extra => "extraId",
        }
    }
}

/// A POP, datacenter or extra configuration.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Cfg {
    pub id: u64,
    level: Level,
    /// The POP configuration id of a datacenter configuration, the datacenter configuration id
    /// of an extra.
    parent: Option<u64>,
    object: Value,
    /// `init` until then (`None`: seeded, active from the start).
    ready_at: Option<Stamp>,
    /// `toDelete` since then, gone after the provision delay.
    pub deleted_at: Option<Stamp>,
}

impl Cfg {
    /// A POP configuration not being deleted, as it is read back (with its `id` and `status`:
    /// a created one's stored object has neither), for the health routes.
    pub(super) fn live_pop(&self) -> Option<Value> {
        (matches!(self.level, Level::Pop) && self.deleted_at.is_none()).then(|| self.render())
    }

    /// A configuration of the fixtures, active from the start.
    pub(super) fn seeded(level: Level, parent: Option<u64>, text: &str) -> Cfg {
        let object = fixture(text);
        Cfg {
            id: object["id"].as_u64().unwrap_or_default(),
            level,
            parent,
            object,
            ready_at: None,
            deleted_at: None,
        }
    }

    fn status(&self) -> &'static str {
        if self.deleted_at.is_some() {
            "toDelete"
        } else if self.ready_at.is_some_and(|t| Stamp::now() < t) {
            "init"
        } else {
            "active"
        }
    }

    fn render(&self) -> Value {
        let mut object = self.object.clone();
        object["id"] = json!(self.id);
        object["status"] = json!(self.status());
        object
    }
}

/// A live (not deleted) configuration of `level` under `parent`.
fn find(sim: &Sim, s: usize, level: Level, parent: Option<u64>, id: u64) -> Option<&Cfg> {
    sim.services[s]
        .configs
        .iter()
        .find(|c| c.level == level && c.id == id && (parent.is_none() || c.parent == parent))
}

/// [`find`], or 404 naming the level's parameter.
fn found(sim: &Sim, s: usize, level: Level, parent: Option<u64>, id: u64) -> Result<&Cfg, Refusal> {
    find(sim, s, level, parent, id).ok_or_else(|| not_found(level.param(), &id.to_string()))
}

fn children(sim: &Sim, s: usize, level: Level, parent: Option<u64>) -> Vec<&Cfg> {
    sim.services[s]
        .configs
        .iter()
        .filter(|c| c.level == level && c.parent == parent)
        .collect()
}

/// The children of `level` under `parent`, as the models they are.
fn existing<T: serde::de::DeserializeOwned>(
    sim: &Sim,
    s: usize,
    level: Level,
    parent: Option<u64>,
) -> Vec<T> {
    children(sim, s, level, parent)
        .into_iter()
        .filter_map(|c| serde_json::from_value(c.render()).ok())
        .collect()
}

fn list_ids(items: Vec<&Cfg>) -> Reply {
    Ok(json!(items.iter().map(|c| c.id).collect::<Vec<_>>()))
}

/// The call's body as a model of the document.
fn body<T: serde::de::DeserializeOwned>(call: &Call) -> Result<T, Refusal> {
    serde_json::from_value(call.json()?).map_err(|e| bad_request(&format!("Invalid body: {e}")))
}

fn create(
    sim: &mut Sim,
    s: usize,
    level: Level,
    parent: Option<u64>,
    object: Value,
    function: &'static str,
) -> Reply {
    let id = sim.id();
    let ready_at = Some(Stamp::now() + sim.delay());
    sim.services[s].configs.push(Cfg {
        id,
        level,
        parent,
        object,
        ready_at,
        deleted_at: None,
    });
    new_task(sim, s, function, id)
}

/// Marks a configuration and everything under it `toDelete`: one task (document:
/// « Un seul identifiant de tâche est créé »).
fn delete(
    sim: &mut Sim,
    s: usize,
    level: Level,
    parent: Option<u64>,
    id: u64,
    function: &'static str,
) -> Reply {
    if found(sim, s, level, parent, id)?.deleted_at.is_some() {
        return Err(bad_request(&format!(
            "The configuration {id} is already being deleted"
        )));
    }
    let mut doomed = vec![id];
    let mut i = 0;
    while i < doomed.len() {
        let parent = doomed[i];
        for c in &sim.services[s].configs {
            let below = matches!(
                (level, c.level),
                (Level::Pop, Level::Dc) | (Level::Pop | Level::Dc, Level::Extra)
            );
            if below && c.parent == Some(parent) && !doomed.contains(&c.id) {
                doomed.push(c.id);
            }
        }
        i += 1;
    }
    let now = Stamp::now();
    for c in &mut sim.services[s].configs {
        if doomed.contains(&c.id) && c.deleted_at.is_none() {
            c.deleted_at = Some(now);
        }
    }
    new_task(sim, s, function, id)
}

/// The service of the call, the configuration `level` it names, and its parent's id (`None`
/// for a POP configuration; an extra's parent is its datacenter configuration).
fn target(sim: &Sim, call: &Call, level: Level) -> Result<(usize, Option<u64>, u64), Refusal> {
    let s = sim.svc_index(call.param("serviceName"))?;
    let parent = match level {
        Level::Pop => None,
        Level::Dc => Some(call.id("popId")?),
        Level::Extra => Some(call.id("datacenterId")?),
    };
    Ok((s, parent, call.id(level.param())?))
}

/// One configuration, of any level.
fn get(sim: &Sim, call: &Call, level: Level) -> Reply {
    let (s, parent, id) = target(sim, call, level)?;
    Ok(found(sim, s, level, parent, id)?.render())
}

/// The ids of a service's POP configurations.
pub(super) fn pops(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    list_ids(children(sim, s, Level::Pop, None))
}

/// One POP configuration.
pub(super) fn pop(sim: &mut Sim, call: &Call) -> Reply {
    get(sim, call, Level::Pop)
}

/// Adds a POP configuration on one of the service's interfaces.
pub(super) fn create_pop(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    let pop: PopConfig = body(call)?;
    if !sim.services[s].object["interfaceList"]
        .as_array()
        .is_some_and(|l| l.contains(&json!(pop.interface_id)))
    {
        return Err(bad_request(&format!(
            "Interface {} is not an interface of this service",
            pop.interface_id
        )));
    }
    let existing: Vec<PopConfig> = existing(sim, s, Level::Pop, None);
    if existing
        .iter()
        .any(|p| p.interface_id == pop.interface_id && p.status != Some(ConfigStatus::ToDelete))
    {
        return Err(bad_request(&format!(
            "A POP configuration already exists on interface {}",
            pop.interface_id
        )));
    }
    rules::check_layer_switch(&existing, &pop.kind).map_err(|e| bad_request(&e.message))?;
    rules::check_pop(&pop).map_err(|e| bad_request(&e.message))?;
    let object = serde_json::to_value(&pop).unwrap_or_default();
    create(sim, s, Level::Pop, None, object, "addPopConfiguration")
}

/// Deletes a POP configuration and everything under it.
pub(super) fn delete_pop(sim: &mut Sim, call: &Call) -> Reply {
    let (s, parent, id) = target(sim, call, Level::Pop)?;
    delete(sim, s, Level::Pop, parent, id, "delPopConfiguration")
}

/// The ids of a POP configuration's datacenter configurations.
pub(super) fn dcs(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    let pop = call.id("popId")?;
    found(sim, s, Level::Pop, None, pop)?;
    list_ids(children(sim, s, Level::Dc, Some(pop)))
}

/// One datacenter configuration.
pub(super) fn dc(sim: &mut Sim, call: &Call) -> Reply {
    get(sim, call, Level::Dc)
}

/// Adds a datacenter configuration under a POP configuration.
pub(super) fn create_dc(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    let pop_id = call.id("popId")?;
    let pop: PopConfig = serde_json::from_value(found(sim, s, Level::Pop, None, pop_id)?.render())
        .map_err(|_| bad_request("Invalid POP configuration"))?;
    if pop.status == Some(ConfigStatus::ToDelete) {
        return Err(bad_request(&format!(
            "The POP configuration {pop_id} is being deleted"
        )));
    }
    let dc: DatacenterConfig = body(call)?;
    if !sim.services[s]
        .datacenters
        .iter()
        .any(|d| d["id"] == dc.datacenter_id)
    {
        return Err(bad_request(&format!(
            "Datacenter {} is not available for this service",
            dc.datacenter_id
        )));
    }
    if children(sim, s, Level::Dc, Some(pop_id))
        .iter()
        .any(|c| c.object["datacenterId"] == dc.datacenter_id && c.deleted_at.is_none())
    {
        return Err(bad_request(&format!(
            "Datacenter {} is already configured on this POP",
            dc.datacenter_id
        )));
    }
    rules::check_datacenter(&pop.kind, &dc).map_err(|e| bad_request(&e.message))?;
    let object = serde_json::to_value(&dc).unwrap_or_default();
    let function = "addDatacenterConfiguration";
    create(sim, s, Level::Dc, Some(pop_id), object, function)
}

/// Deletes a datacenter configuration and its extras.
pub(super) fn delete_dc(sim: &mut Sim, call: &Call) -> Reply {
    let (s, parent, id) = target(sim, call, Level::Dc)?;
    delete(sim, s, Level::Dc, parent, id, "delDatacenterConfiguration")
}

/// The ids of a datacenter configuration's extra configurations.
pub(super) fn extras(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    let pop = call.id("popId")?;
    let dc = call.id("datacenterId")?;
    found(sim, s, Level::Dc, Some(pop), dc)?;
    list_ids(children(sim, s, Level::Extra, Some(dc)))
}

/// One extra configuration.
pub(super) fn extra(sim: &mut Sim, call: &Call) -> Reply {
    get(sim, call, Level::Extra)
}

/// Adds an extra configuration (a static route, a BGP neighbour) under a datacenter one.
pub(super) fn create_extra(sim: &mut Sim, call: &Call) -> Reply {
    let s = sim.svc_index(call.param("serviceName"))?;
    let pop = call.id("popId")?;
    let dc_id = call.id("datacenterId")?;
    let dc_cfg = found(sim, s, Level::Dc, Some(pop), dc_id)?;
    if dc_cfg.deleted_at.is_some() {
        return Err(bad_request(&format!(
            "The datacenter configuration {dc_id} is being deleted"
        )));
    }
    let dc_subnet = dc_cfg.object["subnet"].as_str().map(str::to_string);
    let extra: DatacenterExtraConfig = body(call)?;
    let existing: Vec<DatacenterExtraConfig> = existing(sim, s, Level::Extra, Some(dc_id));
    rules::check_extra(&extra, dc_subnet.as_deref()).map_err(|e| bad_request(&e.message))?;
    rules::check_extra_mix(&existing, &extra.kind).map_err(|e| bad_request(&e.message))?;
    let at = rules_span::Datacenter {
        id: Some(dc_id),
        subnet: dc_subnet.as_deref().unwrap_or_default(),
    };
    if let Some(breach) = rules_span::check(at, std::slice::from_ref(&extra), &existing)
        .into_iter()
        .next()
    {
        return Err(bad_request(&breach.message()));
    }
    let object = serde_json::to_value(&extra).unwrap_or_default();
    let function = "addDatacenterExtraConfiguration";
    create(sim, s, Level::Extra, Some(dc_id), object, function)
}

/// Deletes an extra configuration.
pub(super) fn delete_extra(sim: &mut Sim, call: &Call) -> Reply {
    let (s, parent, id) = target(sim, call, Level::Extra)?;
    delete(
        sim,
        s,
        Level::Extra,
        parent,
        id,
        "delDatacenterExtraConfiguration",
    )
}
