//! The kinds of object the OCC and vRack APIs list the same way (a list of ids, then one object
//! each) and configure the same way (create and delete answer a task), as data for the shared
//! resource operations ([`crate::providers::resource`]): their paths, their id placeholder,
//! their words, and the task functions a dry run stands in for.

use super::paths::{self, Endpoint};
use crate::providers::resource::{Answer, Kind, Paging, WORDS, Words};

/// The id of a configuration a path is below: the number OVH gave it, or, in a dry run, the
/// [`crate::http::placeholder`] of one this run would make (`New("POP configuration")` is
/// `<id of the new POP configuration>`), so that what is nested in it is planned at the path the
/// apply would use. Only a path holds one: a read of it is answered from its stand-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigId {
    /// An id OVH gave.
    Known(u64),
    /// The configuration of this kind (`what`) a dry run would have made.
    New(&'static str),
}

impl ConfigId {
    /// The number, unless it is a dry run's stand-in.
    pub fn known(self) -> Option<u64> {
        match self {
            ConfigId::Known(id) => Some(id),
            ConfigId::New(_) => None,
        }
    }
}

impl From<u64> for ConfigId {
    fn from(id: u64) -> Self {
        ConfigId::Known(id)
    }
}

impl std::fmt::Display for ConfigId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigId::Known(id) => write!(f, "{id}"),
            ConfigId::New(what) => {
                f.write_str(&crate::http::placeholder(&format!("id of the new {what}")))
            }
        }
    }
}

/// Where a configuration lives: the service, and its POP and datacenter configuration ids when
/// it is below them.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The service UUID.
    pub service: &'a str,
    /// The POP configuration id.
    pub pop: Option<ConfigId>,
    /// The datacenter configuration id.
    pub datacenter: Option<ConfigId>,
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
    pub fn pop(service: &'a str, pop: impl Into<ConfigId>) -> Self {
        Scope {
            service,
            pop: Some(pop.into()),
            datacenter: None,
        }
    }

    /// A datacenter configuration of a POP configuration.
    pub fn datacenter(
        service: &'a str,
        pop: impl Into<ConfigId>,
        datacenter: impl Into<ConfigId>,
    ) -> Self {
        Scope {
            service,
            pop: Some(pop.into()),
            datacenter: Some(datacenter.into()),
        }
    }

    /// The values of the path placeholders it fills.
    pub(super) fn values(&self) -> Vec<(&'static str, String)> {
        let mut values = vec![("serviceName", self.service.to_string())];
        values.extend(self.pop.map(|p| ("popId", p.to_string())));
        values.extend(self.datacenter.map(|d| ("datacenterId", d.to_string())));
        values
    }
}

/// A list of ids, each object read after it, [`paths::FAN_OUT`] at once. Cursor pagination
/// (`X-Pagination-Cursor`) is not asked for: whether OCC lists page at all is not known (§2.9
/// [INF]), so a list that answers `X-Pagination-Cursor-Next` is exit 5 rather than silently cut.
const IDS: Paging = Paging::Ids {
    concurrency: paths::FAN_OUT,
    more: Some("x-pagination-cursor-next"),
};

/// The words of the objects of a service.
const OF_SERVICE: Words = Words {
    list: "list the {what}s of `{serviceName}`",
    get: "get {what} {id} of `{serviceName}`",
    delete: "delete {what} {id} of `{serviceName}`",
    ..WORDS
};

/// A kind listed by ids and read one by one, below a service.
const fn read_only(list: Endpoint, item: Endpoint, what: &'static str) -> Kind {
    Kind {
        paging: IDS,
        words: OF_SERVICE,
        ..Kind::rest(what, list, item)
    }
}

/// A configuration: created and deleted with a task as the answer.
pub(super) struct Config {
    /// Its paths, id placeholder and words.
    pub(super) kind: Kind,
    /// The task functions of its create and its delete, for the stand-in task of a dry run.
    pub(super) tasks: [&'static str; 2],
}

/// A configuration at `list` and `item`, its id at `id`, created with the words `create`.
const fn config(
    (list, item, id): (Endpoint, Endpoint, &'static str),
    what: &'static str,
    create: &'static str,
    tasks: [&'static str; 2],
) -> Config {
    let kind = Kind {
        id,
        answer: Answer::Other("task"),
        words: Words {
            create,
            ..OF_SERVICE
        },
        ..read_only(list, item, what)
    };
    Config { kind, tasks }
}

/// The task a dry run hands the flow in place of the one a create or delete would answer.
pub(super) fn planned_task(function: &str) -> serde_json::Value {
    serde_json::json!({ "id": 0, "function": function, "status": "todo", "resourceId": null })
}

pub(super) const SERVICE: Kind = Kind {
    paging: IDS,
    id: "serviceName",
    ..Kind::rest("OVHcloud Connect service", paths::SERVICES, paths::SERVICE)
};
pub(super) const INTERFACE: Kind = read_only(paths::INTERFACES, paths::INTERFACE, "interface");
pub(super) const DATACENTER: Kind = read_only(paths::DATACENTERS, paths::DATACENTER, "datacenter");
pub(super) const TASK: Kind = read_only(paths::TASKS, paths::TASK, "task");
pub(super) const POP: Config = config(
    (paths::POP_CONFIGS, paths::POP_CONFIG, "popId"),
    "POP configuration",
    "create a {what} on `{serviceName}`",
    ["addPopConfiguration", "delPopConfiguration"],
);
pub(super) const DC: Config = config(
    (paths::DC_CONFIGS, paths::DC_CONFIG, "datacenterId"),
    "datacenter configuration",
    "create a {what} on POP configuration {popId} of `{serviceName}`",
    ["addDatacenterConfiguration", "delDatacenterConfiguration"],
);
pub(super) const EXTRA: Config = config(
    (paths::EXTRA_CONFIGS, paths::EXTRA_CONFIG, "extraId"),
    "extra configuration",
    "create a {what} on datacenter configuration {datacenterId} of `{serviceName}`",
    [
        "addDatacenterExtraConfiguration",
        "delDatacenterExtraConfiguration",
    ],
);

/// The OCC services in a vRack (the scope's `serviceName` is the vRack's): attached with a
/// create, detached with a delete, both answering a vRack task.
pub(super) const VRACK_SERVICE: Kind = Kind {
    id: "ovhCloudConnect",
    answer: Answer::Other("vRack task"),
    words: Words {
        list: "list the OVHcloud Connect services of vRack `{serviceName}`",
        create: "attach `{ovhCloudConnect}` to vRack `{serviceName}`",
        delete: "detach `{id}` from vRack `{serviceName}`",
        ..WORDS
    },
    ..read_only(paths::VRACK_SERVICES, paths::VRACK_SERVICE, "vRack service")
};

/// The tasks of a vRack, which vanish once finished. Only read one by one (no list of them is
/// called, so the collection is the item path).
pub(super) const VRACK_TASK: Kind = Kind {
    id: "taskId",
    words: Words {
        get: "get vRack task {id} of `{serviceName}`",
        ..WORDS
    },
    ..Kind::rest("vRack task", paths::VRACK_TASK, paths::VRACK_TASK)
};

/// The words of the status of an object of a service.
const STATUS_WORDS: Words = Words {
    get: "get the status of {what} {id} of `{serviceName}`",
    ..OF_SERVICE
};

/// The link status of an interface (`InterfaceStatus`), read by the interface's id.
pub(super) const INTERFACE_STATUS: Kind = Kind {
    words: STATUS_WORDS,
    ..Kind::rest(
        "interface",
        paths::INTERFACE_STATUS,
        paths::INTERFACE_STATUS,
    )
};
/// The BGP session of an L3 POP configuration (`PopConfStatus`), read by the configuration's id.
pub(super) const POP_STATUS: Kind = Kind {
    id: "popId",
    words: STATUS_WORDS,
    ..Kind::rest("POP configuration", paths::POP_STATUS, paths::POP_STATUS)
};
/// Incidents and maintenances, listed by ids.
pub(super) const INCIDENT: Kind = read_only(paths::INCIDENTS, paths::INCIDENT, "incident");
/// Diagnostics: listed by ids; a create answers the diagnostic itself, which is then polled.
pub(super) const DIAGNOSTIC: Kind = Kind {
    words: Words {
        create: "run a {what} on `{serviceName}`",
        ..OF_SERVICE
    },
    ..read_only(paths::DIAGNOSTICS, paths::DIAGNOSTIC, "diagnostic")
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_fills_a_number_or_the_placeholder_of_a_new_configuration() {
        let values =
            Scope::datacenter("s", 1001, ConfigId::New("datacenter configuration")).values();
        assert_eq!(
            values,
            [
                ("serviceName", "s".to_string()),
                ("popId", "1001".to_string()),
                (
                    "datacenterId",
                    "<id of the new datacenter configuration>".to_string()
                ),
            ]
        );
        assert_eq!(ConfigId::from(7).known(), Some(7));
        assert_eq!(ConfigId::New("POP configuration").known(), None);
    }
}
