//! Console Connect objects: the fields `cc` reads, the two request bodies, and what each status
//! means.
//!
//! The API is loosely specified (provider-notes §2.5-§2.6), so reading is lenient on purpose:
//! statuses are matched with case, spaces, `_` and `-` ignored (the document writes
//! `PENDING ACCEPTANCE` and `NOT PROVISIONED`, the live API sends `PENDING_ACCEPTANCE` and
//! `NOTPROVISIONED`) and unknown values are kept as sent; `speed` is a number on some objects
//! and `{value, name}` on others. Output always prints the provider's own object
//! ([`crate::providers::Typed`]), so nothing here decides what users see.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

mod partner;
mod peering;
mod utilization;
pub use partner::*;
pub use peering::*;
pub use utilization::*;

/// Upper-case with spaces, `_` and `-` removed: `Pending acceptance` → `PENDINGACCEPTANCE`.
fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// A status enum parsed leniently, with an `Unknown(String)` variant that keeps what was sent.
macro_rules! lenient_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)*,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value `cc` does not know (or none: empty), kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every value `cc` knows, as the live API spells it.
            pub const NAMES: &'static [&'static str] = &[$($wire,)*];

            /// Parses leniently: case, spaces, `_` and `-` do not matter.
            pub fn parse(text: &str) -> Self {
                let folded = fold(text);
                $(
                    if folded == fold($wire) $(|| folded == fold($alias))* {
                        return $name::$variant;
                    }
                )*
                $name::Unknown(text.trim().to_string())
            }

            /// The spelling the live API uses, or the value as sent when unknown.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Unknown(text) => text,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Unknown(String::new())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.as_str() {
                    "" => f.write_str("(none)"),
                    text => f.write_str(text),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Option::<String>::deserialize(d)?
                    .map(|s| $name::parse(&s))
                    .unwrap_or_default())
            }
        }
    };
}

lenient_enum! {
    /// A connection's `status` (API reference "Layer 2 connections" table, plus CREATING from the
    /// Azure text).
    ConnectionStatus {
        /// The order is being set up (Azure: until both subconnections exist).
        Creating = "CREATING",
        /// Waiting.
        Pending = "PENDING",
        /// Waiting for the other side to accept (AWS hosted connections).
        PendingAcceptance = "PENDING_ACCEPTANCE",
        /// Accepted, not yet active.
        Accepted = "ACCEPTED",
        /// Running.
        Active = "ACTIVE",
        /// Refused by the other side.
        Denied = "DENIED",
        /// Cancelled.
        Cancelled = "CANCELLED" | "CANCELED",
        /// Disabled.
        Disabled = "DISABLED",
        /// Being deleted.
        Deleting = "DELETING",
        /// Deleted.
        Deleted = "DELETED",
        /// Handled by hand by Console Connect staff.
        Manual = "MANUAL",
        /// Failed: the reason is in `errorReason`.
        Error = "ERROR",
    }
}

impl ConnectionStatus {
    /// ERROR, DENIED and CANCELLED: the order will not come up by itself.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            ConnectionStatus::Error | ConnectionStatus::Denied | ConnectionStatus::Cancelled
        )
    }

    /// A status that does not change by itself: ACTIVE, DISABLED, DELETED and the failures.
    pub fn is_settled(&self) -> bool {
        self.is_failure()
            || matches!(
                self,
                ConnectionStatus::Active | ConnectionStatus::Disabled | ConnectionStatus::Deleted
            )
    }
}

/// How a wait judges a connection's status (the one rule of [`crate::wait::States`]): ERROR,
/// DENIED and CANCELLED are failures; ACTIVE, DISABLED and DELETED do not change by themselves;
/// DELETING leads only to DELETED; PENDING_ACCEPTANCE waits on the other side (AWS), so it is
/// not settled; a connection that is gone is DELETED.
pub const WAIT_STATES: crate::wait::States = crate::wait::States {
    failed: &["ERROR", "DENIED", "CANCELLED", "CANCELED"],
    settled: &["ACTIVE", "DISABLED", "DELETED"],
    leaving: &["DELETING"],
    deleted: Some("DELETED"),
};

lenient_enum! {
    /// A provisioning status (provider document "Provisioning Statuses"; the live API writes
    /// `NOTPROVISIONED`). These four are Azure's circuit-level `serviceProviderProvisioningState`,
    /// which the live connection object shows at `partner.provisioningStatus` [REPO
    /// tacobayle/pccw README]; a peering's own progress is its `syncStatus` ([`SyncStatus`]).
    ProvisioningStatus {
        /// Not yet provisioned.
        NotProvisioned = "NOTPROVISIONED",
        /// Being provisioned with Azure.
        Provisioning = "PROVISIONING",
        /// Active and ready to use.
        Provisioned = "PROVISIONED",
        /// Being deprovisioned with Azure.
        Deprovisioning = "DEPROVISIONING",
    }
}

lenient_enum! {
    /// A peering's `syncStatus`, the document's own progress field of the peering GET
    /// ("Peering sync status can be one of the following values") [DOC].
    SyncStatus {
        /// The request has been sent to the system.
        Pending = "PENDING",
        /// The system is syncing the configuration with Azure.
        Syncing = "SYNCING",
        /// The configuration is active in Azure.
        Synced = "SYNCED",
    }
}

lenient_enum! {
    /// A port's `status` (API reference "Ports").
    PortStatus {
        /// Being activated.
        Activating = "ACTIVATING",
        /// Ready.
        Ready = "READY",
        /// Active.
        Active = "ACTIVE",
        /// Being disabled.
        Disabling = "DISABLING",
        /// Disabled.
        Disabled = "DISABLED",
        /// Being deleted.
        Deleting = "DELETING",
        /// Deleted.
        Deleted = "DELETED",
        /// Being onboarded.
        Onboarding = "ONBOARDING",
    }
}

impl PortStatus {
    /// Whether a new connection can start on a port in this status: not on its way out.
    pub fn accepts_connections(&self) -> bool {
        !matches!(
            self,
            PortStatus::Disabling
                | PortStatus::Disabled
                | PortStatus::Deleting
                | PortStatus::Deleted
        )
    }
}

/// A speed in Mbps: a plain number on ports embedded in a connection (`destPort.speed: 10000`)
/// and on connections embedded in a port, `{value, name}` on list items and connections
/// (provider-notes §2.6, "type trap").
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Speed {
    /// `50`.
    Mbps(f64),
    /// `{"name": "50 Mbps", "value": 50}`.
    Object {
        /// Mbps.
        #[serde(default)]
        value: Option<f64>,
        /// Display text.
        #[serde(default)]
        name: Option<String>,
    },
    /// `"50"` or `"50 Mbps"`, should it ever come as text.
    Text(String),
}

impl Speed {
    /// The speed in whole Mbps, if it says.
    pub fn mbps(&self) -> Option<u64> {
        let value = match self {
            Speed::Mbps(v) => Some(*v),
            Speed::Object { value, name } => value.or_else(|| name.as_deref().and_then(leading)),
            Speed::Text(text) => leading(text),
        }?;
        (value.is_finite() && value >= 0.0).then(|| value.round() as u64)
    }
}

fn leading(text: &str) -> Option<f64> {
    let digits: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits.parse().ok()
}

/// A number that may come as a number, a numeric string or a `{value}` object; anything else is
/// `None` rather than an unreadable response.
fn lenient_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    Ok(value.and_then(|v| number_in(&v)))
}

fn number_in(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => leading(s),
        Value::Object(map) => map.get("value").and_then(number_in),
        _ => None,
    }
}

fn string_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A connection as returned by create, get and list (the fields `cc` reads).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// 24-hex ObjectId.
    pub id: String,
    /// Name given at creation.
    #[serde(default, deserialize_with = "string_or_null")]
    pub name: String,
    /// Status.
    #[serde(default)]
    pub status: ConnectionStatus,
    /// Set on the subconnections of a group (an Azure order is a GROUP_LAYER2 of two LAYER2).
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Why the status is ERROR.
    #[serde(default)]
    pub error_reason: Option<String>,
    /// Speed: parsed so that a connection with a speed of neither shape is caught early.
    #[serde(default)]
    pub speed: Option<Speed>,
    /// The cloud side (Azure: service key, provisioning status, peerings).
    #[serde(default)]
    pub partner: Option<Partner>,
}

impl ConnectionStatus {
    /// The cross-provider state (`cc connections list`).
    pub fn normal(&self) -> crate::providers::NormalState {
        use crate::providers::NormalState;
        match self {
            ConnectionStatus::Creating
            | ConnectionStatus::Pending
            | ConnectionStatus::PendingAcceptance
            | ConnectionStatus::Accepted => NormalState::Pending,
            ConnectionStatus::Active => NormalState::Active,
            ConnectionStatus::Deleting | ConnectionStatus::Deleted => NormalState::Deleting,
            ConnectionStatus::Error | ConnectionStatus::Denied | ConnectionStatus::Cancelled => {
                NormalState::Failed
            }
            _ => NormalState::Unknown,
        }
    }
}

impl Connection {
    /// The provider's reason for a failure: `errorReason`, else `partner.errorMessage`.
    pub fn failure_reason(&self) -> Option<String> {
        self.error_reason
            .clone()
            .or_else(|| self.partner.as_ref()?.error_message.clone())
            .filter(|r| !r.trim().is_empty())
    }
}

/// `connection.partner`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Partner {
    /// Why the partner side failed.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// A port of the company (`cc console-connect ports`, the `--port` of create).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Port {
    /// 24-hex ObjectId: `srcPort[].portId` on create.
    pub id: String,
    /// Display name.
    #[serde(default, deserialize_with = "string_or_null")]
    pub name: String,
    /// Status.
    #[serde(default)]
    pub status: PortStatus,
    /// Port speed.
    #[serde(default)]
    pub speed: Option<Speed>,
    /// `{total, utilised, remaining}` in Mbps.
    #[serde(default)]
    pub capacity: Option<Capacity>,
}

impl Port {
    /// Whether it can carry a new connection of `speed` Mbps: its line rate and its free
    /// capacity; the refusal says which. Checked before an order and by the simulator.
    pub fn carries(&self, speed: u64) -> Result<(), String> {
        if let Some(line) = self.speed.as_ref().and_then(Speed::mbps)
            && line > 0
            && speed > line
        {
            return Err(format!("port `{}` runs at {line} Mbps", self.name));
        }
        if let Some(free) = self.capacity.as_ref().and_then(|c| c.remaining)
            && speed as f64 > free
        {
            return Err(format!("port `{}` has {free} Mbps left", self.name));
        }
        Ok(())
    }
}

/// `port.capacity`.
#[derive(Debug, Clone, Deserialize)]
pub struct Capacity {
    /// Mbps still free.
    #[serde(default, deserialize_with = "lenient_number")]
    pub remaining: Option<f64>,
}

/// Body of `PUT .../AZURE/layer2/create` (provider document sample:
/// `{azureServiceKey, name, srcPort: [{portId}], speed, paymentType}`).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CreateAzure {
    /// The Azure service key (S-Key).
    pub azure_service_key: String,
    /// Connection name.
    pub name: String,
    /// One or two source ports of the company.
    pub src_port: Vec<SrcPort>,
    /// Mbps.
    pub speed: u32,
    /// `payg`, `invoice` or `plan`.
    pub payment_type: String,
}

/// One `srcPort` item.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SrcPort {
    /// A port id.
    pub port_id: String,
}

/// The `paymentType` values seen in the API reference (`payg` in the Azure sample, `invoice`
/// for AWS and GCP, `plan` for IBM).
pub const PAYMENT_TYPES: [&str; 3] = ["payg", "invoice", "plan"];

/// What `cc` reads from the answer to verify-key, whose shape is not documented [INF]: a validity
/// flag (`valid`, `isValid`), a message, the circuit's bandwidth (`bandwidthInMbps`, `bandwidth`,
/// `speed`, or Azure's own `serviceProviderProperties.bandwidthInMbps`) and a list of allowed
/// speeds (`connectionSpeeds`, `speeds`, `allowedSpeeds`, `availableSpeeds`, also under
/// `partner`). The answer may come wrapped in `results`. Whatever is absent is not checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyAnswer {
    /// Explicit validity, when the answer says.
    pub valid: Option<bool>,
    /// The answer's message, if any.
    pub message: Option<String>,
    /// The Azure circuit's bandwidth: the connection must have this speed.
    pub bandwidth: Option<u64>,
    /// Speeds the key (or its partner ports) allows.
    pub speeds: Vec<u64>,
}

impl KeyAnswer {
    /// Reads the answer leniently.
    pub fn read(answer: &Value) -> KeyAnswer {
        let obj = match answer.get("results") {
            Some(inner) if inner.is_object() => inner,
            _ => answer,
        };
        let first = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| obj.get(*k).filter(|v| !v.is_null()))
        };
        let valid = first(&["valid", "isValid"]).and_then(Value::as_bool);
        let message = first(&["message", "errorReason", "errorMessage"])
            .and_then(Value::as_str)
            .map(str::to_string);
        let bandwidth = first(&["bandwidthInMbps", "bandwidth", "speed"])
            .or_else(|| obj.pointer("/serviceProviderProperties/bandwidthInMbps"))
            .and_then(number_in)
            .map(|v| v.round() as u64);
        let lists = [
            "connectionSpeeds",
            "speeds",
            "allowedSpeeds",
            "availableSpeeds",
        ];
        let speeds = lists
            .iter()
            .find_map(|k| {
                obj.get(*k)
                    .or_else(|| obj.get("partner").and_then(|p| p.get(*k)))
                    .and_then(Value::as_array)
                    .filter(|a| !a.is_empty())
            })
            .map(|items| {
                items
                    .iter()
                    .filter_map(number_in)
                    .map(|v| v.round() as u64)
                    .collect()
            })
            .unwrap_or_default();
        KeyAnswer {
            valid,
            message,
            bandwidth,
            speeds,
        }
    }

    /// Checks a requested speed against what the key says; the error text names the rule.
    pub fn check_speed(&self, speed: u32) -> Result<(), String> {
        let speed = u64::from(speed);
        if let Some(bandwidth) = self.bandwidth
            && bandwidth != speed
        {
            return Err(format!(
                "the service key's ExpressRoute circuit is {bandwidth} Mbps; the connection must have the same speed"
            ));
        }
        if !self.speeds.is_empty() && !self.speeds.contains(&speed) {
            let list: Vec<String> = self.speeds.iter().map(u64::to_string).collect();
            return Err(format!("the service key allows {} Mbps", list.join(", ")));
        }
        Ok(())
    }
}

/// Whether `text` looks like a Console Connect id (a 24-hex Mongo ObjectId).
pub fn is_object_id(text: &str) -> bool {
    text.len() == 24 && text.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statuses_parse_leniently_and_keep_unknown_values() {
        for text in [
            "PENDING ACCEPTANCE",
            "PENDING_ACCEPTANCE",
            "pending-acceptance",
        ] {
            assert_eq!(
                ConnectionStatus::parse(text),
                ConnectionStatus::PendingAcceptance
            );
        }
        assert_eq!(
            ConnectionStatus::parse("CANCELED"),
            ConnectionStatus::Cancelled
        );
        assert_eq!(
            ConnectionStatus::parse("SOMETHING NEW"),
            ConnectionStatus::Unknown("SOMETHING NEW".into())
        );
        assert_eq!(
            ConnectionStatus::parse("SOMETHING NEW").to_string(),
            "SOMETHING NEW"
        );
        for text in ["NOT PROVISIONED", "NOTPROVISIONED", "Not_Provisioned"] {
            assert_eq!(
                ProvisioningStatus::parse(text),
                ProvisioningStatus::NotProvisioned
            );
        }
        assert!(ConnectionStatus::Denied.is_failure());
        assert!(!ConnectionStatus::Creating.is_failure());
    }

    #[test]
    fn a_null_or_missing_status_is_unknown_empty() {
        let c: Connection = serde_json::from_value(json!({"id": "a", "status": null})).unwrap();
        assert_eq!(c.status, ConnectionStatus::Unknown(String::new()));
        assert_eq!(c.status.to_string(), "(none)");
    }

    #[test]
    fn speed_is_a_number_or_an_object() {
        let n: Speed = serde_json::from_value(json!(10000)).unwrap();
        assert_eq!(n.mbps(), Some(10000));
        let o: Speed = serde_json::from_value(json!({"name": "50 Mbps", "value": 50})).unwrap();
        assert_eq!(o.mbps(), Some(50));
        let named: Speed = serde_json::from_value(json!({"name": "1 Gbps"})).unwrap();
        assert_eq!(named.mbps(), Some(1));
        let t: Speed = serde_json::from_value(json!("200 Mbps")).unwrap();
        assert_eq!(t.mbps(), Some(200));
    }

    #[test]
    fn create_body_is_the_documented_sample() {
        let body = CreateAzure {
            azure_service_key: "your_key_here".into(),
            name: "Azure ExpressRoute".into(),
            src_port: vec![SrcPort {
                port_id: "5893d943878d635dde318022".into(),
            }],
            speed: 100,
            payment_type: "payg".into(),
        };
        let sample: Value = serde_json::from_str(include_str!(
            "../../../../fixtures/console_connect/create_request.json"
        ))
        .unwrap();
        assert_eq!(serde_json::to_value(&body).unwrap(), sample);
    }

    #[test]
    fn key_answers_are_read_leniently() {
        let a = KeyAnswer::read(&json!({"results": {"valid": true, "bandwidthInMbps": 100}}));
        assert_eq!(a.valid, Some(true));
        assert_eq!(a.bandwidth, Some(100));
        assert!(a.check_speed(100).is_ok());
        assert!(a.check_speed(50).unwrap_err().contains("100 Mbps"));

        let b = KeyAnswer::read(&json!({"partner": {"connectionSpeeds": [50, {"value": 100}]}}));
        assert_eq!(b.speeds, vec![50, 100]);
        assert!(b.check_speed(75).unwrap_err().contains("50, 100"));

        let c = KeyAnswer::read(&json!({"serviceProviderProperties": {"bandwidthInMbps": 200}}));
        assert_eq!(c.bandwidth, Some(200));

        let none = KeyAnswer::read(&json!({"serviceKey": "k"}));
        assert_eq!(none, KeyAnswer::default());
        assert!(none.check_speed(12345).is_ok());
    }

    #[test]
    fn peering_status_from_the_peering_or_the_connection() {
        assert_eq!(
            peering_status(&json!({"provisioningStatus": "NOT PROVISIONED"})),
            Some(ProvisioningStatus::NotProvisioned)
        );
        assert_eq!(peering_status(&json!({"vlan": 100})), None);
        let synced = PeeringProgress::read(&json!({"syncStatus": "synced"}));
        assert!(synced.is_done());
        assert_eq!(synced.describe(), "syncStatus SYNCED");
        let syncing = PeeringProgress::read(
            &json!({"syncStatus": "SYNCING", "provisioningStatus": "NOT PROVISIONED"}),
        );
        assert!(!syncing.is_done());
        assert_eq!(
            syncing.describe(),
            "syncStatus SYNCING, provisioningStatus NOTPROVISIONED"
        );
        let neither = PeeringProgress::read(&json!({"vlanId": 100}));
        assert!(!neither.is_done());
        assert_eq!(
            neither.describe(),
            "neither syncStatus nor provisioningStatus"
        );
        assert!(
            neither
                .or(PeeringProgress::read(
                    &json!({"provisioningStatus": "PROVISIONED"})
                ))
                .is_done()
        );
        let conn = json!({"partner": {"peering": [
            {"type": "PUBLIC", "provisioningStatus": "PROVISIONED"},
            {"peeringType": "private", "provisioningStatus": "PROVISIONING"}
        ]}});
        let entry = peering_in_connection(&conn, PeeringType::Private).unwrap();
        assert_eq!(
            peering_status(entry),
            Some(ProvisioningStatus::Provisioning)
        );
        assert!(peering_in_connection(&conn, PeeringType::Microsoft).is_none());
        assert!(
            peering_in_connection(&json!({"partner": {"peering": []}}), PeeringType::Private)
                .is_none()
        );
    }

    #[test]
    fn ids_and_peering_types() {
        assert!(is_object_id("5e7a2b1903be0d0014960143"));
        assert!(!is_object_id("Azure ExpressRoute"));
        assert!(!is_object_id("5e7a2b1903be0d001496014"));
        assert_eq!(
            PeeringType::parse("microsoft"),
            Some(PeeringType::Microsoft)
        );
        assert_eq!(PeeringType::parse("VNET"), None);
    }

    #[test]
    fn ports_accept_connections_unless_on_their_way_out() {
        assert!(PortStatus::parse("ACTIVE").accepts_connections());
        assert!(PortStatus::parse("whatever").accepts_connections());
        assert!(!PortStatus::parse("DISABLED").accepts_connections());
    }
}
