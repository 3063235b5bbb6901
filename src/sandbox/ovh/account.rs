//! The simulated account: its services, vRacks and bearer tokens, how it is seeded, its clock,
//! and how it moves with time. Time is applied lazily ([`Sim::tick`] before every authenticated
//! call).

use std::time::Duration;

use serde_json::{Value, json};

use super::Seeding;
use super::configs::{Cfg, Level};
use super::errors::not_found;
use super::services::TaskRec;
use super::vrack::Vrack;
use crate::sandbox::Options;
use crate::sandbox::skeleton::{Persist, Refusal};

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

pub(super) fn fixture(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| json!({}))
}

/// One OVHcloud Connect service and what hangs under it.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Svc {
    pub object: Value,
    pub interfaces: Vec<Value>,
    pub datacenters: Vec<Value>,
    pub configs: Vec<Cfg>,
    pub tasks: Vec<TaskRec>,
    /// What is broken on purpose, incidents and diagnostics (absent from older saved states).
    #[serde(default = "super::health::seeded")]
    pub health: super::health::Health,
}

/// The whole simulated account; its services, vRacks and ids are saved.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Sim {
    #[serde(skip)]
    options: Options,
    #[serde(skip)]
    offset_secs: i64,
    /// Bearer tokens issued.
    #[serde(skip)]
    pub tokens: Vec<String>,
    pub services: Vec<Svc>,
    pub vracks: Vec<Vrack>,
    next_id: u64,
}

/// A service as the seeded ones look: one interface, the four datacenters.
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
        health: super::health::seeded(),
    }
}

/// The service with the document's configuration tree: a POP, a datacenter and an extra
/// configuration, and the task that added the POP.
fn service_l3() -> Svc {
    let mut l3 = service(
        SERVICE_L3,
        "SIN1",
        "Singapore L3 to Gravelines",
        "10g",
        "equinix",
        2002,
        Some(VRACK_OF_L3),
    );
    let pop = Cfg::seeded(
        Level::Pop,
        None,
        include_str!("../../../fixtures/ovh/pop_config.json"),
    );
    let dc = Cfg::seeded(
        Level::Dc,
        Some(pop.id),
        include_str!("../../../fixtures/ovh/datacenter_config.json"),
    );
    let extra = Cfg::seeded(
        Level::Extra,
        Some(dc.id),
        include_str!("../../../fixtures/ovh/extra_config.json"),
    );
    let task = fixture(include_str!("../../../fixtures/ovh/task.json"));
    l3.tasks.push(TaskRec {
        id: task["id"].as_u64().unwrap_or_default(),
        function: "addPopConfiguration".into(),
        resource_id: pop.id,
        started: None,
    });
    l3.configs = vec![pop, dc, extra];
    l3
}

impl Persist for Sim {
    fn restore(&mut self, saved: Sim) {
        self.services = saved.services;
        self.vracks = saved.vracks;
        self.next_id = saved.next_id;
    }

    /// Services are bought, never made through the API: their count is the seeding.
    fn seeding(&self) -> String {
        format!("{} services", self.services.len())
    }
}

impl Sim {
    /// The seeded account (see the `SERVICE_*` and `VRACK_*` constants).
    pub fn seeded(options: Options, seeding: Seeding, offset_secs: i64) -> Sim {
        let ready = service(
            SERVICE_L2_READY,
            "PAR-GSW",
            "Paris datacenter link",
            "1g",
            "OVHcloud",
            2001,
            None,
        );
        let in_vrack = service(
            SERVICE_IN_VRACK,
            "FRA1",
            "Frankfurt via Megaport",
            "500m",
            "megaport",
            2003,
            Some(VRACK_OF_IN_VRACK),
        );
        let mut services = vec![ready, service_l3(), in_vrack];
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
                .map(Vrack::new)
                .collect(),
            next_id: 10_000,
        }
    }

    /// The sandbox clock, in seconds since the epoch.
    pub fn now(&self) -> i64 {
        crate::providers::ovh::auth::local_now() + self.offset_secs
    }

    /// How long a task or a configuration takes.
    pub fn delay(&self) -> Duration {
        self.options.provision_delay
    }

    /// A new id for a task or a configuration.
    pub fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Applies elapsed time: deleted configurations vanish, finished vRack tasks apply their
    /// change and vanish.
    pub fn tick(&mut self) {
        let delay = self.delay();
        for svc in &mut self.services {
            svc.configs
                .retain(|c| c.deleted_at.is_none_or(|t| t.elapsed() < delay));
        }
        let mut changes = Vec::new();
        for vrack in &mut self.vracks {
            vrack.tasks.retain(|t| {
                let done = t.started.elapsed() >= delay;
                if done {
                    changes.push((t.service.clone(), t.attach.then(|| vrack.name.clone())));
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

    /// The index of the service named `name`.
    pub fn svc_index(&self, name: &str) -> Result<usize, Refusal> {
        self.services
            .iter()
            .position(|s| s.object["uuid"] == name)
            .ok_or_else(|| not_found("serviceName", name))
    }
}
