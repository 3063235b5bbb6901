//! The simulated account: services and their configuration trees, tasks, vRacks, and how they
//! move with time. Time is applied lazily ([`Sim::tick`] before every authenticated call).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::http::Method;
use axum::routing::MethodFilter;
use serde_json::{Value, json};

use super::{Answer, Refusal, bad_request, filter, not_found, ok};
use crate::providers::endpoint::Endpoint;
use crate::providers::ovh::models::{
    ConfigStatus, DatacenterConfig, DatacenterExtraConfig, PopConfig,
};
use crate::providers::ovh::{paths, rules};
use crate::sandbox::Options;

/// The seeded service with an interface and no configuration, outside any vRack.
pub const SERVICE_L2_READY: &str = "5f8f3b52-0000-4000-8000-000000000001";
/// The seeded service with an L3 POP configuration, a datacenter configuration and a static
/// route, in vRack [`VRACK_OF_L3`].
pub const SERVICE_L3: &str = "5f8f3b52-0000-4000-8000-000000000002";
/// The seeded service attached to vRack [`VRACK_OF_IN_VRACK`], without configuration.
pub const SERVICE_IN_VRACK: &str = "5f8f3b52-0000-4000-8000-000000000003";
/// The vRack of [`SERVICE_L3`].
pub const VRACK_OF_L3: &str = "pn-1000001";
/// The vRack of [`SERVICE_IN_VRACK`].
pub const VRACK_OF_IN_VRACK: &str = "pn-1000002";
/// A vRack with no OCC service.
pub const VRACK_EMPTY: &str = "pn-1000003";

/// What a route does: one variant per (path, method) of [`routes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Time,
    Token,
    Services,
    Service,
    Interfaces,
    Interface,
    Datacenters,
    Datacenter,
    Tasks,
    Task,
    Pops,
    PopCreate,
    Pop,
    PopDelete,
    Dcs,
    DcCreate,
    Dc,
    DcDelete,
    Extras,
    ExtraCreate,
    Extra,
    ExtraDelete,
    VrackAllowed,
    VrackServices,
    VrackAttach,
    VrackService,
    VrackDetach,
    VrackTask,
}

/// Every route: a path of the client's table, a method, and what it does.
pub(super) fn routes() -> Vec<(Endpoint, MethodFilter, Op)> {
    use paths::*;
    let (get, post, delete) = (Method::GET, Method::POST, Method::DELETE);
    [
        (AUTH_TIME, &get, Op::Time),
        (OAUTH2_TOKEN, &post, Op::Token),
        (SERVICES, &get, Op::Services),
        (SERVICE, &get, Op::Service),
        (INTERFACES, &get, Op::Interfaces),
        (INTERFACE, &get, Op::Interface),
        (DATACENTERS, &get, Op::Datacenters),
        (DATACENTER, &get, Op::Datacenter),
        (TASKS, &get, Op::Tasks),
        (TASK, &get, Op::Task),
        (POP_CONFIGS, &get, Op::Pops),
        (POP_CONFIGS, &post, Op::PopCreate),
        (POP_CONFIG, &get, Op::Pop),
        (POP_CONFIG, &delete, Op::PopDelete),
        (DC_CONFIGS, &get, Op::Dcs),
        (DC_CONFIGS, &post, Op::DcCreate),
        (DC_CONFIG, &get, Op::Dc),
        (DC_CONFIG, &delete, Op::DcDelete),
        (EXTRA_CONFIGS, &get, Op::Extras),
        (EXTRA_CONFIGS, &post, Op::ExtraCreate),
        (EXTRA_CONFIG, &get, Op::Extra),
        (EXTRA_CONFIG, &delete, Op::ExtraDelete),
        (VRACK_ALLOWED, &get, Op::VrackAllowed),
        (VRACK_SERVICES, &get, Op::VrackServices),
        (VRACK_SERVICES, &post, Op::VrackAttach),
        (VRACK_SERVICE, &get, Op::VrackService),
        (VRACK_SERVICE, &delete, Op::VrackDetach),
        (VRACK_TASK, &get, Op::VrackTask),
    ]
    .into_iter()
    .map(|(e, m, op)| (e, filter(m), op))
    .collect()
}

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| json!({}))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Pop,
    Dc,
    Extra,
}

/// A POP, datacenter or extra configuration.
struct Cfg {
    id: u64,
    level: Level,
    /// The POP configuration id of a datacenter configuration, the datacenter configuration id
    /// of an extra.
    parent: Option<u64>,
    object: Value,
    /// `init` until then (`None`: seeded, active from the start).
    ready_at: Option<Instant>,
    /// `toDelete` since then, gone after the provision delay.
    deleted_at: Option<Instant>,
}

struct TaskRec {
    id: u64,
    function: &'static str,
    resource_id: u64,
    /// `None`: seeded, done.
    started: Option<Instant>,
}

struct Svc {
    object: Value,
    interfaces: Vec<Value>,
    datacenters: Vec<Value>,
    configs: Vec<Cfg>,
    tasks: Vec<TaskRec>,
}

struct VrackTaskRec {
    id: u64,
    function: &'static str,
    service: String,
    attach: bool,
    started: Instant,
}

struct Vrack {
    name: &'static str,
    tasks: Vec<VrackTaskRec>,
}

/// The whole simulated account.
pub(super) struct Sim {
    options: Options,
    offset_secs: i64,
    /// Bearer tokens issued.
    pub tokens: Vec<String>,
    services: Vec<Svc>,
    vracks: Vec<Vrack>,
    next_id: u64,
}

fn service(
    uuid: &str,
    pop: &str,
    description: &str,
    bandwidth: &str,
    provider: &str,
    interface: u64,
    vrack: Option<&str>,
) -> Svc {
    let mut object = fixture(include_str!("../../../fixtures/ovh/service.json"));
    object["uuid"] = json!(uuid);
    object["pop"] = json!(pop);
    object["description"] = json!(description);
    object["bandwidth"] = json!(bandwidth);
    object["provider"] = json!(provider);
    object["interfaceList"] = json!([interface]);
    object["vrack"] = json!(vrack);
    object["iam"]["urn"] = json!(format!("urn:v1:eu:resource:ovhCloudConnect:{uuid}"));
    object["iam"]["displayName"] = json!(description);
    let mut iface = fixture(include_str!("../../../fixtures/ovh/interface.json"));
    iface["id"] = json!(interface);
    iface["interfaceName"] = json!(format!("{pop}-R1-0/0/{}", interface % 100));
    let dc = fixture(include_str!("../../../fixtures/ovh/datacenter.json"));
    let datacenters = [
        (5, "GRA", "eu-west-gra", "1-AZ"),
        (6, "RBX", "eu-west-rbx", "1-AZ"),
        (7, "SBG", "eu-west-sbg", "1-AZ"),
        (8, "PAR", "eu-west-par", "3-AZ"),
    ]
    .into_iter()
    .map(|(id, name, region, kind)| {
        let mut d = dc.clone();
        d["id"] = json!(id);
        d["name"] = json!(name);
        d["region"] = json!(region);
        d["regionType"] = json!(kind);
        d
    })
    .collect();
    Svc {
        object,
        interfaces: vec![iface],
        datacenters,
        configs: Vec::new(),
        tasks: Vec::new(),
    }
}

fn seeded_cfg(level: Level, parent: Option<u64>, text: &str) -> Cfg {
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

impl Sim {
    /// The seeded account (see the `SERVICE_*` and `VRACK_*` constants).
    pub fn seeded(options: Options, seeding: super::Seeding, offset_secs: i64) -> Sim {
        let ready = service(
            SERVICE_L2_READY,
            "PAR-GSW",
            "Paris datacenter link",
            "1g",
            "OVHcloud",
            2001,
            None,
        );
        let mut l3 = service(
            SERVICE_L3,
            "SIN1",
            "Singapore L3 to Gravelines",
            "10g",
            "equinix",
            2002,
            Some(VRACK_OF_L3),
        );
        let pop = seeded_cfg(
            Level::Pop,
            None,
            include_str!("../../../fixtures/ovh/pop_config.json"),
        );
        let dc = seeded_cfg(
            Level::Dc,
            Some(pop.id),
            include_str!("../../../fixtures/ovh/datacenter_config.json"),
        );
        let extra = seeded_cfg(
            Level::Extra,
            Some(dc.id),
            include_str!("../../../fixtures/ovh/extra_config.json"),
        );
        let task = fixture(include_str!("../../../fixtures/ovh/task.json"));
        l3.tasks.push(TaskRec {
            id: task["id"].as_u64().unwrap_or_default(),
            function: "addPopConfiguration",
            resource_id: pop.id,
            started: None,
        });
        l3.configs = vec![pop, dc, extra];
        let in_vrack = service(
            SERVICE_IN_VRACK,
            "FRA1",
            "Frankfurt via Megaport",
            "500m",
            "megaport",
            2003,
            Some(VRACK_OF_IN_VRACK),
        );
        let mut services = vec![ready, l3, in_vrack];
        // More services for benchmarks (`Seeding::services`): L2-ready, outside any vRack.
        for n in services.len()..seeding.services {
            services.push(service(
                &format!("5f8f3b52-0000-4000-8001-{n:012}"),
                "PAR-GSW",
                &format!("Benchmark link {n}"),
                "1g",
                "OVHcloud",
                3000 + n as u64,
                None,
            ));
        }
        Sim {
            options,
            offset_secs,
            tokens: Vec::new(),
            services,
            vracks: [VRACK_OF_L3, VRACK_OF_IN_VRACK, VRACK_EMPTY]
                .into_iter()
                .map(|name| Vrack {
                    name,
                    tasks: Vec::new(),
                })
                .collect(),
            next_id: 10_000,
        }
    }

    /// The sandbox clock, in seconds since the epoch.
    pub fn now(&self) -> i64 {
        crate::providers::ovh::auth::local_now() + self.offset_secs
    }

    fn delay(&self) -> Duration {
        self.options.provision_delay
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Applies elapsed time: deleted configurations vanish, finished vRack tasks apply their
    /// change and vanish.
    pub fn tick(&mut self) {
        let delay = self.delay();
        for svc in &mut self.services {
            let gone: Vec<u64> = svc
                .configs
                .iter()
                .filter(|c| c.deleted_at.is_some_and(|t| t.elapsed() >= delay))
                .map(|c| c.id)
                .collect();
            svc.configs.retain(|c| !gone.contains(&c.id));
        }
        let mut changes = Vec::new();
        for vrack in &mut self.vracks {
            vrack.tasks.retain(|t| {
                let done = t.started.elapsed() >= delay;
                if done {
                    changes.push((t.service.clone(), t.attach.then_some(vrack.name)));
                }
                !done
            });
        }
        for (uuid, vrack) in changes {
            if let Some(svc) = self.services.iter_mut().find(|s| s.object["uuid"] == uuid) {
                svc.object["vrack"] = json!(vrack);
            }
        }
    }

    fn svc_index(&self, params: &HashMap<String, String>) -> Result<usize, Refusal> {
        let name = params
            .get("serviceName")
            .map(String::as_str)
            .unwrap_or_default();
        self.services
            .iter()
            .position(|s| s.object["uuid"] == name)
            .ok_or_else(|| not_found("serviceName", name))
    }

    fn cfg_status(&self, c: &Cfg) -> &'static str {
        if c.deleted_at.is_some() {
            "toDelete"
        } else if c.ready_at.is_some_and(|t| Instant::now() < t) {
            "init"
        } else {
            "active"
        }
    }

    fn render_cfg(&self, c: &Cfg) -> Value {
        let mut object = c.object.clone();
        object["id"] = json!(c.id);
        object["status"] = json!(self.cfg_status(c));
        object
    }

    fn task_status(&self, started: Option<Instant>) -> &'static str {
        match started.map(|t| t.elapsed()) {
            None => "done",
            Some(e) if e >= self.delay() => "done",
            Some(e) if e >= self.delay() / 3 => "doing",
            Some(_) => "todo",
        }
    }

    fn render_task(&self, t: &TaskRec) -> Value {
        let mut object = fixture(include_str!("../../../fixtures/ovh/task.json"));
        object["id"] = json!(t.id);
        object["function"] = json!(t.function);
        object["status"] = json!(self.task_status(t.started));
        object["resourceId"] = json!(t.resource_id);
        object
    }

    fn render_vrack_task(&self, vrack: &str, t: &VrackTaskRec) -> Value {
        let mut object = fixture(include_str!("../../../fixtures/ovh/vrack_task.json"));
        let elapsed = t.started.elapsed();
        object["id"] = json!(t.id);
        object["function"] = json!(t.function);
        object["status"] = json!(if elapsed >= self.delay() / 2 {
            "doing"
        } else {
            "todo"
        });
        object["serviceName"] = json!(vrack);
        object["targetDomain"] = json!(t.service);
        object
    }

    fn param_id(params: &HashMap<String, String>, name: &str) -> Result<u64, Refusal> {
        let text = params.get(name).map(String::as_str).unwrap_or_default();
        text.parse().map_err(|_| {
            bad_request(&format!(
                "Invalid value for {name}: {text} is not an integer"
            ))
        })
    }

    /// A live (not deleted) configuration of `level` under `parent`.
    fn find_cfg(&self, s: usize, level: Level, parent: Option<u64>, id: u64) -> Option<&Cfg> {
        self.services[s]
            .configs
            .iter()
            .find(|c| c.level == level && c.id == id && (parent.is_none() || c.parent == parent))
    }

    fn children(&self, s: usize, level: Level, parent: Option<u64>) -> Vec<&Cfg> {
        self.services[s]
            .configs
            .iter()
            .filter(|c| c.level == level && c.parent == parent)
            .collect()
    }

    fn new_task(&mut self, s: usize, function: &'static str, resource_id: u64) -> Answer {
        let id = self.id();
        let task = TaskRec {
            id,
            function,
            resource_id,
            started: Some(Instant::now()),
        };
        let rendered = self.render_task(&task);
        self.services[s].tasks.push(task);
        ok(rendered)
    }

    fn create_cfg(
        &mut self,
        s: usize,
        level: Level,
        parent: Option<u64>,
        object: Value,
        function: &'static str,
    ) -> Answer {
        let id = self.id();
        let ready_at = Some(Instant::now() + self.delay());
        self.services[s].configs.push(Cfg {
            id,
            level,
            parent,
            object,
            ready_at,
            deleted_at: None,
        });
        self.new_task(s, function, id)
    }

    /// Marks a configuration and everything under it `toDelete`: one task (document:
    /// « Un seul identifiant de tâche est créé »).
    fn delete_cfg(
        &mut self,
        s: usize,
        level: Level,
        parent: Option<u64>,
        id: u64,
        function: &'static str,
    ) -> Answer {
        let what = match level {
            Level::Pop => "popId",
            Level::Dc => "datacenterId",
            Level::Extra => "extraId",
        };
        let cfg = self
            .find_cfg(s, level, parent, id)
            .ok_or_else(|| not_found(what, &id.to_string()))?;
        if cfg.deleted_at.is_some() {
            return Err(bad_request(&format!(
                "The configuration {id} is already being deleted"
            )));
        }
        let mut doomed = vec![id];
        let mut i = 0;
        while i < doomed.len() {
            let parent = doomed[i];
            for c in &self.services[s].configs {
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
        let now = Instant::now();
        for c in &mut self.services[s].configs {
            if doomed.contains(&c.id) && c.deleted_at.is_none() {
                c.deleted_at = Some(now);
            }
        }
        self.new_task(s, function, id)
    }

    fn list_ids(&self, items: Vec<&Cfg>) -> Answer {
        ok(json!(items.iter().map(|c| c.id).collect::<Vec<_>>()))
    }

    fn vrack_index(&self, params: &HashMap<String, String>) -> Result<usize, Refusal> {
        let name = params
            .get("serviceName")
            .map(String::as_str)
            .unwrap_or_default();
        self.vracks
            .iter()
            .position(|v| v.name == name)
            .ok_or_else(|| not_found("serviceName", name))
    }

    fn in_vrack(&self, vrack: &str) -> Vec<String> {
        self.services
            .iter()
            .filter(|s| s.object["vrack"] == vrack)
            .filter_map(|s| s.object["uuid"].as_str().map(str::to_string))
            .collect()
    }

    fn pending_vrack_task(&self, service: &str) -> bool {
        self.vracks
            .iter()
            .any(|v| v.tasks.iter().any(|t| t.service == service))
    }

    /// Answers one authenticated call.
    pub fn call(
        &mut self,
        op: Op,
        params: &HashMap<String, String>,
        query: &str,
        body: &[u8],
    ) -> Answer {
        let json_body = || -> Result<Value, Refusal> {
            serde_json::from_slice(body).map_err(|_| bad_request("Invalid JSON received"))
        };
        match op {
            Op::Time | Op::Token => Err(bad_request("not an API call")),
            Op::Services => ok(json!(
                self.services
                    .iter()
                    .map(|s| s.object["uuid"].clone())
                    .collect::<Vec<_>>()
            )),
            Op::Service => {
                let s = self.svc_index(params)?;
                ok(self.services[s].object.clone())
            }
            Op::Interfaces | Op::Datacenters => {
                let s = self.svc_index(params)?;
                let items = if op == Op::Interfaces {
                    &self.services[s].interfaces
                } else {
                    &self.services[s].datacenters
                };
                ok(json!(
                    items.iter().map(|i| i["id"].clone()).collect::<Vec<_>>()
                ))
            }
            Op::Interface | Op::Datacenter => {
                let s = self.svc_index(params)?;
                let id = Self::param_id(params, "id")?;
                let items = if op == Op::Interface {
                    &self.services[s].interfaces
                } else {
                    &self.services[s].datacenters
                };
                items
                    .iter()
                    .find(|i| i["id"] == id)
                    .cloned()
                    .map(ok)
                    .unwrap_or_else(|| Err(not_found("id", &id.to_string())))
            }
            Op::Tasks => {
                let s = self.svc_index(params)?;
                ok(json!(
                    self.services[s]
                        .tasks
                        .iter()
                        .map(|t| t.id)
                        .collect::<Vec<_>>()
                ))
            }
            Op::Task => {
                let s = self.svc_index(params)?;
                let id = Self::param_id(params, "id")?;
                let task = self.services[s]
                    .tasks
                    .iter()
                    .find(|t| t.id == id)
                    .ok_or_else(|| not_found("id", &id.to_string()))?;
                ok(self.render_task(task))
            }
            Op::Pops => {
                let s = self.svc_index(params)?;
                self.list_ids(self.children(s, Level::Pop, None))
            }
            Op::Pop | Op::Dc | Op::Extra => {
                let s = self.svc_index(params)?;
                let (level, parent, name) = match op {
                    Op::Pop => (Level::Pop, None, "popId"),
                    Op::Dc => (
                        Level::Dc,
                        Some(Self::param_id(params, "popId")?),
                        "datacenterId",
                    ),
                    _ => (
                        Level::Extra,
                        Some(Self::param_id(params, "datacenterId")?),
                        "extraId",
                    ),
                };
                let id = Self::param_id(params, name)?;
                let cfg = self
                    .find_cfg(s, level, parent, id)
                    .ok_or_else(|| not_found(name, &id.to_string()))?;
                ok(self.render_cfg(cfg))
            }
            Op::PopCreate => {
                let s = self.svc_index(params)?;
                let pop: PopConfig = serde_json::from_value(json_body()?)
                    .map_err(|e| bad_request(&format!("Invalid body: {e}")))?;
                let svc = &self.services[s];
                if !svc.object["interfaceList"]
                    .as_array()
                    .is_some_and(|l| l.contains(&json!(pop.interface_id)))
                {
                    return Err(bad_request(&format!(
                        "Interface {} is not an interface of this service",
                        pop.interface_id
                    )));
                }
                let existing: Vec<PopConfig> = self
                    .children(s, Level::Pop, None)
                    .into_iter()
                    .filter_map(|c| serde_json::from_value(self.render_cfg(c)).ok())
                    .collect();
                if existing.iter().any(|p| {
                    p.interface_id == pop.interface_id && p.status != Some(ConfigStatus::ToDelete)
                }) {
                    return Err(bad_request(&format!(
                        "A POP configuration already exists on interface {}",
                        pop.interface_id
                    )));
                }
                rules::check_layer_switch(&existing, &pop.kind)
                    .map_err(|e| bad_request(&e.message))?;
                rules::check_pop(&pop).map_err(|e| bad_request(&e.message))?;
                let object = serde_json::to_value(&pop).unwrap_or_default();
                self.create_cfg(s, Level::Pop, None, object, "addPopConfiguration")
            }
            Op::PopDelete => {
                let s = self.svc_index(params)?;
                let id = Self::param_id(params, "popId")?;
                self.delete_cfg(s, Level::Pop, None, id, "delPopConfiguration")
            }
            Op::Dcs => {
                let s = self.svc_index(params)?;
                let pop = Self::param_id(params, "popId")?;
                self.find_cfg(s, Level::Pop, None, pop)
                    .ok_or_else(|| not_found("popId", &pop.to_string()))?;
                self.list_ids(self.children(s, Level::Dc, Some(pop)))
            }
            Op::DcCreate => {
                let s = self.svc_index(params)?;
                let pop_id = Self::param_id(params, "popId")?;
                let pop_cfg = self
                    .find_cfg(s, Level::Pop, None, pop_id)
                    .ok_or_else(|| not_found("popId", &pop_id.to_string()))?;
                let pop: PopConfig = serde_json::from_value(self.render_cfg(pop_cfg))
                    .map_err(|_| bad_request("Invalid POP configuration"))?;
                if pop.status == Some(ConfigStatus::ToDelete) {
                    return Err(bad_request(&format!(
                        "The POP configuration {pop_id} is being deleted"
                    )));
                }
                let dc: DatacenterConfig = serde_json::from_value(json_body()?)
                    .map_err(|e| bad_request(&format!("Invalid body: {e}")))?;
                if !self.services[s]
                    .datacenters
                    .iter()
                    .any(|d| d["id"] == dc.datacenter_id)
                {
                    return Err(bad_request(&format!(
                        "Datacenter {} is not available for this service",
                        dc.datacenter_id
                    )));
                }
                if self
                    .children(s, Level::Dc, Some(pop_id))
                    .iter()
                    .any(|c| c.object["datacenterId"] == dc.datacenter_id && c.deleted_at.is_none())
                {
                    return Err(bad_request(&format!(
                        "Datacenter {} is already configured on this POP",
                        dc.datacenter_id
                    )));
                }
                rules::check_datacenter(&pop.kind, dc.ovh_bgp_area, dc.subnet.as_deref())
                    .map_err(|e| bad_request(&e.message))?;
                let object = serde_json::to_value(&dc).unwrap_or_default();
                self.create_cfg(
                    s,
                    Level::Dc,
                    Some(pop_id),
                    object,
                    "addDatacenterConfiguration",
                )
            }
            Op::DcDelete => {
                let s = self.svc_index(params)?;
                let pop = Self::param_id(params, "popId")?;
                let id = Self::param_id(params, "datacenterId")?;
                self.delete_cfg(s, Level::Dc, Some(pop), id, "delDatacenterConfiguration")
            }
            Op::Extras => {
                let s = self.svc_index(params)?;
                let pop = Self::param_id(params, "popId")?;
                let dc = Self::param_id(params, "datacenterId")?;
                self.find_cfg(s, Level::Dc, Some(pop), dc)
                    .ok_or_else(|| not_found("datacenterId", &dc.to_string()))?;
                self.list_ids(self.children(s, Level::Extra, Some(dc)))
            }
            Op::ExtraCreate => {
                let s = self.svc_index(params)?;
                let pop = Self::param_id(params, "popId")?;
                let dc_id = Self::param_id(params, "datacenterId")?;
                let dc_cfg = self
                    .find_cfg(s, Level::Dc, Some(pop), dc_id)
                    .ok_or_else(|| not_found("datacenterId", &dc_id.to_string()))?;
                if dc_cfg.deleted_at.is_some() {
                    return Err(bad_request(&format!(
                        "The datacenter configuration {dc_id} is being deleted"
                    )));
                }
                let dc_subnet = dc_cfg.object["subnet"].as_str().map(str::to_string);
                let extra: DatacenterExtraConfig = serde_json::from_value(json_body()?)
                    .map_err(|e| bad_request(&format!("Invalid body: {e}")))?;
                let existing: Vec<DatacenterExtraConfig> = self
                    .children(s, Level::Extra, Some(dc_id))
                    .into_iter()
                    .filter_map(|c| serde_json::from_value(self.render_cfg(c)).ok())
                    .collect();
                rules::check_extra(&extra, dc_subnet.as_deref())
                    .map_err(|e| bad_request(&e.message))?;
                rules::check_extra_mix(&existing, &extra.kind)
                    .map_err(|e| bad_request(&e.message))?;
                let object = serde_json::to_value(&extra).unwrap_or_default();
                self.create_cfg(
                    s,
                    Level::Extra,
                    Some(dc_id),
                    object,
                    "addDatacenterExtraConfiguration",
                )
            }
            Op::ExtraDelete => {
                let s = self.svc_index(params)?;
                let dc = Self::param_id(params, "datacenterId")?;
                let id = Self::param_id(params, "extraId")?;
                self.delete_cfg(
                    s,
                    Level::Extra,
                    Some(dc),
                    id,
                    "delDatacenterExtraConfiguration",
                )
            }
            Op::VrackAllowed => {
                self.vrack_index(params)?;
                let family: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect();
                let mut allowed =
                    fixture(include_str!("../../../fixtures/ovh/allowed_services.json"));
                let occ: Vec<Value> = self
                    .services
                    .iter()
                    .filter(|s| s.object["vrack"].is_null())
                    .filter_map(|s| s.object["uuid"].as_str())
                    .filter(|uuid| !self.pending_vrack_task(uuid))
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
                ok(allowed)
            }
            Op::VrackServices => {
                let v = self.vrack_index(params)?;
                ok(json!(self.in_vrack(self.vracks[v].name)))
            }
            Op::VrackAttach => {
                let v = self.vrack_index(params)?;
                let body = json_body()?;
                let uuid = body["ovhCloudConnect"]
                    .as_str()
                    .ok_or_else(|| bad_request("Missing parameter: ovhCloudConnect"))?
                    .to_string();
                let svc = self
                    .services
                    .iter()
                    .find(|s| s.object["uuid"] == uuid.as_str())
                    .ok_or_else(|| not_found("ovhCloudConnect", &uuid))?;
                if !svc.object["vrack"].is_null() || self.pending_vrack_task(&uuid) {
                    return Err(bad_request(&format!(
                        "The service {uuid} is already in a vRack or being moved"
                    )));
                }
                self.vrack_task_new(v, uuid, true)
            }
            Op::VrackService | Op::VrackDetach => {
                let v = self.vrack_index(params)?;
                let name = self.vracks[v].name;
                let uuid = params.get("ovhCloudConnect").cloned().unwrap_or_default();
                if !self.in_vrack(name).contains(&uuid) {
                    return Err(not_found("ovhCloudConnect", &uuid));
                }
                if op == Op::VrackService {
                    return ok(json!({ "ovhCloudConnect": uuid, "vrack": name }));
                }
                if self.pending_vrack_task(&uuid) {
                    return Err(bad_request(&format!("The service {uuid} is being moved")));
                }
                self.vrack_task_new(v, uuid, false)
            }
            Op::VrackTask => {
                let v = self.vrack_index(params)?;
                let id = Self::param_id(params, "taskId")?;
                let vrack = &self.vracks[v];
                let task = vrack
                    .tasks
                    .iter()
                    .find(|t| t.id == id)
                    .ok_or_else(|| not_found("taskId", &id.to_string()))?;
                ok(self.render_vrack_task(vrack.name, task))
            }
        }
    }

    fn vrack_task_new(&mut self, v: usize, service: String, attach: bool) -> Answer {
        let id = self.id();
        let task = VrackTaskRec {
            id,
            function: if attach {
                "addOvhCloudConnectToVrack"
            } else {
                "removeOvhCloudConnectFromVrack"
            },
            service,
            attach,
            started: Instant::now(),
        };
        let rendered = self.render_vrack_task(self.vracks[v].name, &task);
        self.vracks[v].tasks.push(task);
        ok(rendered)
    }
}
