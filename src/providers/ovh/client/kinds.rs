//! The kinds of object the OCC API lists the same way (a list of ids, then one object each) and
//! configures the same way (create and delete answer a task), as data: their paths, what they
//! are called, and the task functions a dry run stands in for.

use super::paths::{self, Endpoint};

/// Where a configuration lives: the service, and its POP and datacenter configuration ids when
/// it is below them.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The service UUID.
    pub service: &'a str,
    /// The POP configuration id.
    pub pop: Option<u64>,
    /// The datacenter configuration id.
    pub datacenter: Option<u64>,
}

impl<'a> Scope<'a> {
    /// The service itself.
    pub fn service(service: &'a str) -> Self {
        Scope {
            service,
            pop: None,
            datacenter: None,
        }
    }

    /// A POP configuration of the service.
    pub fn pop(service: &'a str, pop: u64) -> Self {
        Scope {
            service,
            pop: Some(pop),
            datacenter: None,
        }
    }

    /// A datacenter configuration of a POP configuration.
    pub fn datacenter(service: &'a str, pop: u64, datacenter: u64) -> Self {
        Scope {
            service,
            pop: Some(pop),
            datacenter: Some(datacenter),
        }
    }

    pub(super) fn fill(&self, endpoint: &Endpoint, id_name: &str, id: Option<String>) -> String {
        let pop = self.pop.map(|p| p.to_string());
        let dc = self.datacenter.map(|d| d.to_string());
        let values: Vec<(&str, &str)> = [
            (id_name, id.as_deref()),
            ("serviceName", Some(self.service)),
            ("popId", pop.as_deref()),
            ("datacenterId", dc.as_deref()),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v)))
        .collect();
        endpoint.fill(&values)
    }
}

/// A kind of object listed by ids and read one by one: its two paths, the placeholder of its
/// id, and its name in messages.
pub(super) struct Kind {
    pub(super) list: Endpoint,
    pub(super) item: Endpoint,
    pub(super) id: &'static str,
    pub(super) what: &'static str,
    /// The task functions of its create and its delete (configurations only), for the stand-in
    /// task of a dry run.
    pub(super) tasks: [&'static str; 2],
}

/// The task a dry run hands the flow in place of the one a create or delete would answer.
pub(super) fn planned_task(function: &str) -> serde_json::Value {
    serde_json::json!({ "id": 0, "function": function, "status": "todo", "resourceId": null })
}

/// A kind read only (no create or delete task).
pub(super) const fn read_only(list: Endpoint, item: Endpoint, what: &'static str) -> Kind {
    Kind {
        list,
        item,
        id: "id",
        what,
        tasks: ["", ""],
    }
}

/// A configuration: its id placeholder and the task functions of its create and delete.
pub(super) const fn config(
    list: Endpoint,
    item: Endpoint,
    id: &'static str,
    what: &'static str,
    tasks: [&'static str; 2],
) -> Kind {
    Kind {
        list,
        item,
        id,
        what,
        tasks,
    }
}

pub(super) const INTERFACE: Kind = read_only(paths::INTERFACES, paths::INTERFACE, "interface");
pub(super) const DATACENTER: Kind = read_only(paths::DATACENTERS, paths::DATACENTER, "datacenter");
pub(super) const TASK: Kind = read_only(paths::TASKS, paths::TASK, "task");
pub(super) const POP: Kind = config(
    paths::POP_CONFIGS,
    paths::POP_CONFIG,
    "popId",
    "POP configuration",
    ["addPopConfiguration", "delPopConfiguration"],
);
pub(super) const DC: Kind = config(
    paths::DC_CONFIGS,
    paths::DC_CONFIG,
    "datacenterId",
    "datacenter configuration",
    ["addDatacenterConfiguration", "delDatacenterConfiguration"],
);
pub(super) const EXTRA: Kind = config(
    paths::EXTRA_CONFIGS,
    paths::EXTRA_CONFIG,
    "extraId",
    "extra configuration",
    [
        "addDatacenterExtraConfiguration",
        "delDatacenterExtraConfiguration",
    ],
);
