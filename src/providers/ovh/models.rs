//! OVHcloud Connect objects: the fields `cc` reads, the create bodies, and the schema's enums.
//!
//! Names and enums are those of `components.schemas` in
//! `provider-notes/ovh-api-schema/ovhCloudConnect.json` and `vrack.json` (summarised in
//! `provider-notes/huawei-ovh.md` §2.7). Responses are kept whole for output
//! ([`crate::providers::Typed`]); the views hold what `cc` acts on. Every enum keeps a value the
//! schema does not list as written (`Other`), so a new state on OVH's side is shown, not exit 5.
//!
//! A field the views read as `Option` may be absent from a response (serde reads it as `None`).
//! Bodies omit unset optional fields rather than sending `null`, as terraform-provider-ovh does
//! (§2.8, `MarshalJSON` of the generated models); read-only fields (`id`, `status`) are never
//! sent.
//!
//! Normalised states (`cc connections list`, [`service_state`], [`config_state`]): a service
//! `active` is ACTIVE and `closed` (terminated) is DELETING; a configuration `init` is PENDING,
//! `active` ACTIVE, `toDelete` DELETING (the schema has no failure state for configurations:
//! failures show on the task, [`task_state`]: `todo`/`doing`/`pause` PENDING, `done` ACTIVE,
//! `error`/`denied` FAILED). Anything else is UNKNOWN.

use serde::{Deserialize, Deserializer, Serialize};

use crate::providers::NormalState;

/// A string enum of the schema, with a fallback that keeps unknown values.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value the schema does not list, as written.
            Other(String),
        }

        impl $name {
            /// Every value the schema lists.
            pub const ALL: &'static [&'static str] = &[$($text),+];

            /// Reads a value (exact spelling, as the API writes it).
            pub fn parse(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }

            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }
        }

        $crate::providers::wire_text::wire_text_impls!($name);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(|s| $name::parse(&s))
            }
        }
    };
}

pub(crate) use string_enum;

string_enum!(
    /// `ovhcloudconnect.service.StatusEnum`.
    ServiceStatus {
        /// Delivered.
        Active = "active",
        /// Terminated.
        Closed = "closed",
    }
);

string_enum!(
    /// `ovhcloudconnect.service.BandwidthEnum`.
    Bandwidth {
        /// 100 Mbit/s.
        M100 = "100m",
        /// 200 Mbit/s.
        M200 = "200m",
        /// 500 Mbit/s.
        M500 = "500m",
        /// 1 Gbit/s.
        G1 = "1g",
        /// 2 Gbit/s.
        G2 = "2g",
        /// 5 Gbit/s.
        G5 = "5g",
        /// 10 Gbit/s.
        G10 = "10g",
        /// 20 Gbit/s.
        G20 = "20g",
        /// 100 Gbit/s.
        G100 = "100g",
    }
);

impl Bandwidth {
    /// The bandwidth in Mbit/s (`connections list`), for any `<n>m` / `<n>g` value.
    pub fn mbps(&self) -> Option<u64> {
        let text = self.as_str();
        let (number, unit) = text.split_at(text.len().checked_sub(1)?);
        let n: u64 = number.parse().ok()?;
        match unit {
            "m" | "M" => Some(n),
            "g" | "G" => n.checked_mul(1000),
            _ => None,
        }
    }
}

string_enum!(
    /// `ovhcloudconnect.popConfig.TypeEnum`: layer 2 or layer 3.
    PopType {
        /// Layer 2: the customer's VLAN reaches the vRack.
        L2 = "l2",
        /// Layer 3: BGP between the customer and OVH's routing instance.
        L3 = "l3",
    }
);

string_enum!(
    /// `ovhcloudconnect.popConfig.StatusEnum`, shared by POP, datacenter and extra
    /// configurations. The schema has no `toCreate` (§2.7).
    ConfigStatus {
        /// In service.
        Active = "active",
        /// Being set up.
        Init = "init",
        /// Being removed.
        ToDelete = "toDelete",
    }
);

string_enum!(
    /// `ovhcloudconnect.datacenterExtraConfig.TypeEnum`.
    ExtraType {
        /// A BGP session with the customer's router in the datacenter.
        Bgp = "bgp",
        /// A static route.
        Network = "network",
    }
);

string_enum!(
    /// `ovhcloudconnect.task.FunctionEnum`.
    TaskFunction {
        /// Create a datacenter configuration.
        AddDatacenterConfiguration = "addDatacenterConfiguration",
        /// Create an extra configuration.
        AddDatacenterExtraConfiguration = "addDatacenterExtraConfiguration",
        /// Create a POP configuration.
        AddPopConfiguration = "addPopConfiguration",
        /// Join a vRack.
        AddVrack = "addVrack",
        /// Delete a datacenter configuration.
        DelDatacenterConfiguration = "delDatacenterConfiguration",
        /// Delete an extra configuration.
        DelDatacenterExtraConfiguration = "delDatacenterExtraConfiguration",
        /// Delete a POP configuration.
        DelPopConfiguration = "delPopConfiguration",
        /// Lock an interface.
        LockInterface = "lockInterface",
        /// Leave a vRack.
        RemoveVrack = "removeVrack",
        /// Unlock an interface.
        UnlockInterface = "unlockInterface",
    }
);

string_enum!(
    /// `ovhcloudconnect.task.StatusEnum`.
    TaskStatus {
        /// Refused.
        Denied = "denied",
        /// Running.
        Doing = "doing",
        /// Finished.
        Done = "done",
        /// Failed.
        Error = "error",
        /// Stopped, waiting for OVH [INF: needs an action on OVH's side].
        Pause = "pause",
        /// Queued.
        Todo = "todo",
    }
);

/// How a wait judges an OCC task's status (the one rule of [`crate::wait::States`]): `error` and
/// `denied` are failures; `pause` waits on OVH's side, so it is not settled.
pub const TASK_STATES: crate::wait::States = crate::wait::States {
    failed: &["error", "denied"],
    settled: &[],
    leaving: &[],
    deleted: None,
};

/// How a wait judges a vRack task's status: `cancelled` is a failure; a vRack task disappears
/// once finished, so one that is gone is `done`.
pub const VRACK_TASK_STATES: crate::wait::States = crate::wait::States {
    failed: &["cancelled"],
    settled: &[],
    leaving: &[],
    deleted: Some("done"),
};

string_enum!(
    /// `vrack.TaskStatusEnum`.
    VrackTaskStatus {
        /// Cancelled.
        Cancelled = "cancelled",
        /// Running.
        Doing = "doing",
        /// Finished (usually never seen: the task disappears).
        Done = "done",
        /// Created.
        Init = "init",
        /// Queued.
        Todo = "todo",
    }
);

/// An OCC service (`ovhcloudconnect.ServiceWithIAM`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// The service UUID (the `{serviceName}` of every path).
    pub uuid: String,
    /// Free text.
    pub description: Option<String>,
    /// `active` or `closed`.
    pub status: ServiceStatus,
    /// The port speed.
    pub bandwidth: Option<Bandwidth>,
    /// Where the service is delivered (`SIN1`, `PAR-GSW`, ...).
    pub pop: Option<String>,
    /// The partner or OVHcloud.
    pub provider: Option<String>,
    /// Interface ids.
    #[serde(default)]
    pub interface_list: Vec<u64>,
    /// The vRack the service is in, if any.
    pub vrack: Option<String>,
}

/// A physical interface (`ovhcloudconnect.Interface`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Interface {
    /// Interface reference, used by POP configurations.
    pub id: u64,
    /// `disabled`, `enabled` or `reserved`.
    pub status: Option<String>,
    /// `up`, `down` or `unknown`.
    pub interface_status: Option<String>,
}

/// An OVHcloud datacenter the service may reach (`ovhcloudconnect.Datacenter`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Datacenter {
    /// The id used by datacenter configurations.
    pub id: u64,
    /// `GRA`, `RBX`, ...
    pub name: Option<String>,
    /// Whether a configuration may be added on it.
    pub available: Option<bool>,
    /// `common.RegionEnum` (`eu-west-gra`, ...).
    pub region: Option<String>,
    /// `1-AZ` or `3-AZ`.
    pub region_type: Option<String>,
}

/// What every configuration of the tree has: an id and a status, both read-only.
pub trait Configuration {
    /// Its id, once made.
    fn id(&self) -> Option<u64>;
    /// Its status, as read.
    fn status(&self) -> Option<&ConfigStatus>;
}

/// A configuration of the tree, view and create body: read-only `id` and `status` (never
/// serialised), then its own fields; unset options are left out of the body.
macro_rules! configuration {
    ($(#[$meta:meta])* $name:ident { $($fields:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// Read-only.
            #[serde(default, skip_serializing)]
            pub id: Option<u64>,
            /// Read-only.
            #[serde(default, skip_serializing)]
            pub status: Option<ConfigStatus>,
            $($fields)*
        }

        impl Configuration for $name {
            fn id(&self) -> Option<u64> {
                self.id
            }

            fn status(&self) -> Option<&ConfigStatus> {
                self.status.as_ref()
            }
        }
    };
}

configuration!(
    /// A POP configuration (`ovhcloudconnect.PopConfig`): the view of a response, and the create
    /// body (read-only `id` and `status` are never serialised, unset options are left out).
    PopConfig {
        /// The interface of the service.
        pub interface_id: u64,
        /// `l2` or `l3`.
        #[serde(rename = "type")]
        pub kind: PopType,
        /// Customer private AS (L3).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub customer_bgp_area: Option<u64>,
        /// OVH private AS (L3).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub ovh_bgp_area: Option<u64>,
        /// A /30: first IP for OVH, second for the customer (L3).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub subnet: Option<String>,
    }
);

configuration!(
    /// A datacenter configuration (`ovhcloudconnect.DatacenterConfig`), view and create body.
    DatacenterConfig {
        /// The datacenter (see [`Datacenter`]).
        pub datacenter_id: u64,
        /// OVH private AS of the datacenter's routing instance (L3).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub ovh_bgp_area: Option<u64>,
        /// The datacenter subnet, /28 or larger (L3).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub subnet: Option<String>,
    }
);

configuration!(
    /// An extra configuration of a datacenter (`ovhcloudconnect.DatacenterExtraConfig`): a static
    /// route (`network`: `subnet` + `nextHop`) or a BGP session (`bgp`: `bgpNeighborArea` +
    /// `bgpNeighborIp`); view and create body.
    DatacenterExtraConfig {
        /// `network` or `bgp`.
        #[serde(rename = "type")]
        pub kind: ExtraType,
        /// Route prefix (`network`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub subnet: Option<String>,
        /// Route gateway, inside the datacenter subnet (`network`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_hop: Option<String>,
        /// The customer router's AS (`bgp`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub bgp_neighbor_area: Option<u64>,
        /// The customer router's IP, inside the datacenter subnet (`bgp`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub bgp_neighbor_ip: Option<String>,
    }
);

/// An OCC task (`ovhcloudconnect.Task`): what every create and delete answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// Task id.
    pub id: u64,
    /// What it does.
    pub function: TaskFunction,
    /// Where it stands.
    pub status: TaskStatus,
    /// The id of the object it created or deletes.
    pub resource_id: Option<u64>,
}

/// A vRack task (`vrack.Task`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VrackTask {
    /// Task id.
    pub id: u64,
    /// Free text (`addOvhCloudConnectToVrack`, ...).
    pub function: Option<String>,
    /// Where it stands.
    pub status: VrackTaskStatus,
    /// The service concerned.
    pub service_name: Option<String>,
}

/// The services allowed to join a vRack, per family (`vrack.AllowedServices`); only the OCC
/// list is read, every family is nullable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllowedServices {
    /// OCC service UUIDs that may join.
    pub ovh_cloud_connect: Option<Vec<String>>,
}

/// The normalised state of a service status.
pub fn service_state(status: &ServiceStatus) -> NormalState {
    match status {
        ServiceStatus::Active => NormalState::Active,
        ServiceStatus::Closed => NormalState::Deleting,
        ServiceStatus::Other(_) => NormalState::Unknown,
    }
}

/// The normalised state of a POP, datacenter or extra configuration status.
pub fn config_state(status: &ConfigStatus) -> NormalState {
    match status {
        ConfigStatus::Init => NormalState::Pending,
        ConfigStatus::Active => NormalState::Active,
        ConfigStatus::ToDelete => NormalState::Deleting,
        ConfigStatus::Other(_) => NormalState::Unknown,
    }
}

/// The normalised state of a task status.
pub fn task_state(status: &TaskStatus) -> NormalState {
    match status {
        TaskStatus::Todo | TaskStatus::Doing | TaskStatus::Pause => NormalState::Pending,
        TaskStatus::Done => NormalState::Active,
        TaskStatus::Error | TaskStatus::Denied => NormalState::Failed,
        TaskStatus::Other(_) => NormalState::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fixtures_parse_into_the_views() {
        let s: Service =
            serde_json::from_str(include_str!("../../../fixtures/ovh/service.json")).unwrap();
        assert_eq!(s.status, ServiceStatus::Active);
        assert_eq!(s.bandwidth.as_ref().and_then(Bandwidth::mbps), Some(1000));
        let t: Task =
            serde_json::from_str(include_str!("../../../fixtures/ovh/task.json")).unwrap();
        assert_eq!(t.function, TaskFunction::AddPopConfiguration);
        let p: PopConfig =
            serde_json::from_str(include_str!("../../../fixtures/ovh/pop_config.json")).unwrap();
        assert_eq!(p.kind, PopType::L3);
        let v: VrackTask =
            serde_json::from_str(include_str!("../../../fixtures/ovh/vrack_task.json")).unwrap();
        assert_eq!(v.status, VrackTaskStatus::Todo);
        let a: AllowedServices =
            serde_json::from_str(include_str!("../../../fixtures/ovh/allowed_services.json"))
                .unwrap();
        assert_eq!(a.ovh_cloud_connect.map(|l| l.len()), Some(1));
        for text in [
            include_str!("../../../fixtures/ovh/interface.json"),
            include_str!("../../../fixtures/ovh/datacenter.json"),
            include_str!("../../../fixtures/ovh/datacenter_config.json"),
            include_str!("../../../fixtures/ovh/extra_config.json"),
        ] {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_ok());
        }
    }

    #[test]
    fn bodies_leave_out_read_only_and_unset_fields() {
        let pop = PopConfig {
            id: Some(9),
            status: Some(ConfigStatus::Active),
            interface_id: 2001,
            kind: PopType::L2,
            customer_bgp_area: None,
            ovh_bgp_area: None,
            subnet: None,
        };
        assert_eq!(
            serde_json::to_value(&pop).unwrap(),
            json!({"interfaceId": 2001, "type": "l2"})
        );
        let dc = DatacenterConfig {
            id: None,
            status: None,
            datacenter_id: 5,
            ovh_bgp_area: Some(65401),
            subnet: Some("10.0.0.0/28".into()),
        };
        // The body of vector OVH-2, byte for byte.
        assert_eq!(
            serde_json::to_string(&dc).unwrap(),
            r#"{"datacenterId":5,"ovhBgpArea":65401,"subnet":"10.0.0.0/28"}"#
        );
    }

    #[test]
    fn unknown_enum_values_are_kept_and_states_normalised() {
        assert_eq!(TaskStatus::parse("cancelled").as_str(), "cancelled");
        assert_eq!(task_state(&TaskStatus::parse("error")), NormalState::Failed);
        assert_eq!(task_state(&TaskStatus::Pause), NormalState::Pending);
        assert_eq!(
            config_state(&ConfigStatus::parse("toDelete")),
            NormalState::Deleting
        );
        assert_eq!(
            config_state(&ConfigStatus::parse("toCreate")),
            NormalState::Unknown
        );
        assert_eq!(service_state(&ServiceStatus::Closed), NormalState::Deleting);
        assert_eq!(Bandwidth::parse("100g").mbps(), Some(100_000));
        assert_eq!(Bandwidth::parse("fast").mbps(), None);
        assert_eq!(PopType::ALL, ["l2", "l3"]);
    }
}
