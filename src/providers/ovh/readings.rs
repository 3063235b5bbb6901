//! What OCC answers about a link's health: the `/status` of an interface and of an L3 POP
//! configuration's BGP session, statistics series, diagnostics and incidents.
//!
//! Kept apart from `models.rs` (the configuration tree) because these objects are only read,
//! never sent, and the health rules (`health.rs`) are their one consumer besides output. Names
//! and enums are those of `components.schemas` in `provider-notes/ovh-api-schema/
//! ovhCloudConnect.json` (`InterfaceStatus`, `PopConfStatus`, `Metrics`, `Diagnostic`,
//! `DiagnosticConfiguration`, `Incident`); every field the schema marks nullable is an
//! `Option`, and every enum keeps a value the schema does not list (`Other`).

use serde::{Deserialize, Deserializer, Serialize};

use super::models::string_enum;

string_enum!(
    /// `ovhcloudconnect.status.StatusEnum`: an interface's link, or a BGP session.
    LinkState {
        /// Up.
        Up = "up",
        /// Down.
        Down = "down",
    }
);

string_enum!(
    /// `ovhcloudconnect.interface.LightStatusEnum`: the light received or sent on a port
    /// (checked every 5 min), and `interfaceStatus`.
    LightStatus {
        /// Within range.
        Up = "up",
        /// Out of range, or no light.
        Down = "down",
        /// Not measured.
        Unknown = "unknown",
    }
);

string_enum!(
    /// `ovhcloudconnect.incident.TypeEnum`.
    IncidentType {
        /// An outage.
        Incident = "incident",
        /// Planned work.
        Maintenance = "maintenance",
    }
);

string_enum!(
    /// `ovhcloudconnect.diagnostic.FunctionEnum`: what a diagnostic looks at.
    DiagnosticFunction {
        /// The MAC addresses learnt (L2).
        DiagMacs = "diagMacs",
        /// The BGP peering of the POP configuration (L3).
        DiagPeering = "diagPeering",
        /// The BGP peering of an extra configuration (L3).
        DiagPeeringExtra = "diagPeeringExtra",
        /// The routes (L3).
        DiagRoutes = "diagRoutes",
    }
);

string_enum!(
    /// `ovhcloudconnect.diagnostic.TypeEnum`: which routes `diagRoutes` shows.
    DiagnosticType {
        /// Advertised to the customer.
        AdvertisedRoutes = "advertised-routes",
        /// OVH's default.
        Default = "default",
        /// Received from the customer.
        Routes = "routes",
    }
);

/// An interface as the health rules read it (`ovhcloudconnect.Interface`): its light.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterfaceLight {
    /// Interface reference.
    pub id: u64,
    /// `up`, `down` or `unknown`.
    pub interface_status: Option<LightStatus>,
    /// Light received: status.
    pub incoming_light_status: Option<LightStatus>,
    /// Light received, dBm.
    pub incoming_light_value: Option<f64>,
    /// Light sent: status.
    pub outgoing_light_status: Option<LightStatus>,
    /// Light sent, dBm.
    pub outgoing_light_value: Option<f64>,
}

/// `ovhcloudconnect.InterfaceStatus` and `ovhcloudconnect.PopConfStatus` (which adds
/// `flapCount`): a link or a BGP session, and when it last changed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkStatus {
    /// `up` or `down`.
    pub status: LinkState,
    /// Last time it went from down to up.
    pub last_up: Option<String>,
    /// Last time it went from up to down.
    pub last_down: Option<String>,
    /// Last change either way.
    pub last_change: Option<String>,
    /// Flaps since it last came up (BGP sessions only; a number in the schema).
    pub flap_count: Option<f64>,
}

/// `ovhcloudconnect.Incident`: an incident or a maintenance.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Incident {
    /// Incident reference.
    pub id: u64,
    /// `incident` or `maintenance`.
    #[serde(rename = "type")]
    pub kind: IncidentType,
    /// When it started (or starts).
    pub start_date: Option<String>,
    /// When it ended (or is planned to end); none while open.
    pub end_date: Option<String>,
}

/// One sample of `ovhcloudconnect.Metrics`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Metric {
    /// Unix seconds.
    pub timestamp: i64,
    /// The value and its unit.
    pub value: MetricValue,
}

/// `ovhcloudconnect.MetricsValue`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MetricValue {
    /// `bytes/s`, `dbm`, `error/s`, `prefix_accepted` or `prefix_limit`.
    pub unit: Option<String>,
    /// The value.
    pub value: Option<f64>,
}

/// `ovhcloudconnect.Diagnostic`: the fields a wait reads (the rest, `result` included, is kept
/// whole in the raw object).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Diagnostic {
    /// Diagnostic id.
    pub id: u64,
    /// What it looks at.
    pub function: Option<DiagnosticFunction>,
    /// The task enum: `todo`, `doing`, `done`, `error`, `denied`, `pause`.
    pub status: super::models::TaskStatus,
}

/// `ovhcloudconnect.DiagnosticConfiguration`: the body of a diagnostic; unset options are left
/// out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticConfiguration {
    /// The POP configuration (required).
    pub pop_config_id: u64,
    /// What to look at (required).
    pub diagnostic_name: DiagnosticFunction,
    /// Which routes (`diagRoutes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostic_type: Option<DiagnosticType>,
    /// A datacenter configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dc_config_id: Option<u64>,
    /// An extra configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_config_id: Option<u64>,
}
