//! Cloud Connect objects: the fields `cc` reads, the request bodies, the documented value sets,
//! and the checks values must pass before anything is sent.
//!
//! Field names are those of the SDK models (`huaweicloudsdkcc/v3/model/*.py`) and the API
//! reference (`provider-notes/huawei-ovh.md` §1.3). Responses are kept whole for output
//! ([`crate::providers::Typed`]); the views below hold only what `cc` acts on, and a state it
//! does not know is kept as written ([`Status::Other`]).
//!
//! Documented limits are checked before sending: names of 1-64 characters of Chinese, letters,
//! digits, `_`, `-` and `.` (the console guide and the API pages) and a cloud connection's
//! 255-character description. Limits that are only probable are NOT enforced, so that what the
//! provider may accept is not refused: earlier API pages gave network instances and bandwidth
//! packages an 85-character description and bandwidths a 2 Mbit/s minimum, the current pages give
//! none ([`LEGACY_DESCRIPTION_MAX`], [`LEGACY_BANDWIDTH_MIN`]); the provider's own 400 then comes
//! through with its code and message (exit 5).
//!
//! Inferred, not read in any Huawei material (each marked `[INF]` where it is applied):
//! `billing_mode` read as a string or a number; the shape of a region id ([`check_region_id`]);
//! that a network instance's `--instance-id` (a VPC or virtual gateway id) is a UUID; that an
//! inter-region bandwidth needs a package bound to the same cloud connection (checked by
//! `cc huawei inter-region-bandwidths create` before sending); and that a network instance
//! created PENDING becomes ACTIVE or ERROR (what `network-instances create` waits for). The
//! rules that span resources, documented or inferred, are in `rules.rs`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use super::paths::{self, Kind};
use crate::error::{Error, Result};

mod checks;
mod values;
pub use checks::*;
pub use values::*;

/// A Cloud Connect resource kind and its view.
pub trait Resource: DeserializeOwned {
    /// Where it lives and how it is wrapped.
    const KIND: Kind;
    /// Its id.
    fn id(&self) -> &str;
    /// Its name (may be empty).
    fn name(&self) -> &str;
}

/// A `status` value. The API documents `ACTIVE` (all resources), `PENDING` and `ERROR` (network
/// instances) [DOC ShowNetworkInstance.html; SDK]; anything else is kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// `ACTIVE`: ready.
    Active,
    /// `PENDING`: being processed.
    Pending,
    /// `ERROR`: processing failed.
    Error,
    /// A value the documentation does not list.
    Other(String),
}

/// The cross-provider state of a Huawei status (`cc connections list`).
pub fn normal_state(status: &str) -> crate::providers::NormalState {
    use crate::providers::NormalState;
    match Status::parse(status) {
        Status::Active => NormalState::Active,
        Status::Pending => NormalState::Pending,
        Status::Error => NormalState::Failed,
        Status::Other(_) => NormalState::Unknown,
    }
}

impl Status {
    /// Reads a status, case-insensitively.
    pub fn parse(text: &str) -> Status {
        match text.trim().to_ascii_uppercase().as_str() {
            "ACTIVE" => Status::Active,
            "PENDING" => Status::Pending,
            "ERROR" => Status::Error,
            _ => Status::Other(text.to_string()),
        }
    }

    /// The value as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Active => "ACTIVE",
            Status::Pending => "PENDING",
            Status::Error => "ERROR",
            Status::Other(text) => text,
        }
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Status::parse(&String::deserialize(d)?))
    }
}

/// How a wait judges a status (the one rule of [`crate::wait::States`]): ERROR is a failure and
/// ACTIVE does not change by itself; a delete is immediate, so there is no deleted status.
pub const WAIT_STATES: crate::wait::States = crate::wait::States {
    failed: &["ERROR"],
    settled: &["ACTIVE"],
    leaving: &[],
    deleted: None,
};

/// Every documented status (what `--status` and `--until` accept).
pub const STATUSES: [&str; 3] = ["ACTIVE", "PENDING", "ERROR"];

fn string_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// `billing_mode` is an integer in requests, a string on one documentation page and an opaque
/// model in the SDK [INF, provider-notes §1.3]: read a string or a number.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// A resource view: its id and name (which every kind has; an absent or `null` name reads as
/// empty), the fields given, and its [`Resource`] impl for `$kind`.
macro_rules! resource {
    ($(#[$meta:meta])* $ty:ident at $kind:expr, {
        $($(#[$fmeta:meta])* $field:ident: $fty:ty,)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize)]
        pub struct $ty {
            /// Id.
            pub id: String,
            /// Name (may be empty).
            #[serde(default, deserialize_with = "string_or_null")]
            pub name: String,
            $($(#[$fmeta])* #[serde(default)] pub $field: $fty,)*
        }

        impl Resource for $ty {
            const KIND: Kind = $kind;
            fn id(&self) -> &str {
                &self.id
            }
            fn name(&self) -> &str {
                &self.name
            }
        }
    };
}

mod grants;
pub use grants::*;

resource!(
    /// A cloud connection.
    CloudConnection at paths::CLOUD_CONNECTIONS, {
        /// `ACTIVE`.
        status: Option<Status>,
    }
);

resource!(
    /// A network instance (a VPC or virtual gateway loaded on a cloud connection).
    NetworkInstance at paths::NETWORK_INSTANCES, {
        /// `ACTIVE`, `PENDING` or `ERROR`.
        status: Option<Status>,
        /// The cloud connection it is loaded on.
        cloud_connection_id: Option<String>,
        /// `vpc` or `vgw`.
        #[serde(rename = "type")]
        instance_type: Option<String>,
        /// The VPC or virtual gateway id.
        instance_id: Option<String>,
        /// Its region.
        region_id: Option<String>,
        /// The subnets it publishes (`null` reads as none).
        cidrs: Option<Vec<String>>,
    }
);

resource!(
    /// A bandwidth package.
    BandwidthPackage at paths::BANDWIDTH_PACKAGES, {
        /// `ACTIVE`.
        status: Option<Status>,
        /// Mbit/s.
        bandwidth: Option<u64>,
        /// The cloud connection it is bound to, if any.
        resource_id: Option<String>,
        /// 1-6, see [`BillingMode`]; kept as written.
        #[serde(deserialize_with = "string_or_number")]
        billing_mode: Option<String>,
        /// One end: an area (Area mode) or a region id (Region mode).
        local_area_id: Option<String>,
        /// The other end.
        remote_area_id: Option<String>,
        /// `Area` (also when absent) or `Region`.
        interflow_mode: Option<String>,
    }
);

resource!(
    /// An inter-region bandwidth.
    InterRegionBandwidth at paths::INTER_REGION_BANDWIDTHS, {
        /// The cloud connection.
        cloud_connection_id: Option<String>,
        /// The bandwidth package it draws from.
        bandwidth_package_id: Option<String>,
        /// Mbit/s.
        bandwidth: Option<u64>,
        /// The two regions, listed once in each direction (`null` reads as none).
        inter_regions: Option<Vec<InterRegion>>,
    }
);

resource!(
    /// A route of a cloud connection [SDK `CloudConnectionRoute`]: a prefix (`destination`)
    /// whose next hop is a network instance. Routes have no name.
    CloudConnectionRoute at paths::CLOUD_CONNECTION_ROUTES, {
        /// The cloud connection.
        cloud_connection_id: Option<String>,
        /// The network instance the route leads to.
        instance_id: Option<String>,
        /// Its region.
        region_id: Option<String>,
        /// The prefix.
        destination: Option<String>,
    }
);

/// The quota types [SDK `ListCloudConnectionQuotasRequest.quota_type`]: cloud connections of
/// the account; regions, and routes, of one cloud connection; network instances of one
/// cloud connection in one region.
pub const QUOTA_TYPES: [&str; 4] = [
    "cloud_connection",
    "cloud_connection_region",
    "cloud_connection_route",
    "region_network_instance",
];

/// One quota [SDK `CloudConnectionQuota`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Quota {
    /// One of [`QUOTA_TYPES`].
    #[serde(default)]
    pub quota_type: Option<String>,
    /// How many are allowed.
    #[serde(default)]
    pub quota_number: Option<i64>,
    /// How many are used.
    #[serde(default)]
    pub quota_used: Option<i64>,
}

/// One direction of an inter-region bandwidth [SDK `InterRegion`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InterRegion {
    /// Where traffic leaves.
    #[serde(default)]
    pub local_region_id: Option<String>,
    /// Where it arrives.
    #[serde(default)]
    pub remote_region_id: Option<String>,
}

impl InterRegionBandwidth {
    /// The two regions it joins, from its first `inter_regions` entry.
    pub fn regions(&self) -> Option<[String; 2]> {
        let first = self.inter_regions.as_ref()?.first()?;
        Some([
            first.local_region_id.clone()?,
            first.remote_region_id.clone()?,
        ])
    }
}

/// `CreateCloudConnection` [DOC provider document Table 4].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CreateCloudConnection {
    /// Mandatory.
    pub name: String,
    /// No `<` or `>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Enterprise project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
}

/// `UpdateCloudConnection`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UpdateCloudConnection {
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `CreateNetworkInstance` [DOC CreateNetworkInstance.html; SDK].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CreateNetworkInstance {
    /// Name.
    pub name: String,
    /// No `<` or `>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `vpc` or `vgw`.
    #[serde(rename = "type")]
    pub instance_type: NetworkInstanceType,
    /// The VPC or virtual gateway id.
    pub instance_id: String,
    /// Owner account of the instance, for cross-account loading only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_domain_id: Option<String>,
    /// Project of the instance.
    pub project_id: String,
    /// Region of the instance.
    pub region_id: String,
    /// The cloud connection to load it on.
    pub cloud_connection_id: String,
    /// Subnets it publishes.
    pub cidrs: Vec<String>,
}

/// `UpdateNetworkInstance`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UpdateNetworkInstance {
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The complete new list of published subnets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidrs: Option<Vec<String>>,
}

/// `CreateBandwidthPackage` [DOC CreateBandwidthPackage.html; SDK].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CreateBandwidthPackage {
    /// Name.
    pub name: String,
    /// No `<` or `>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project id.
    pub project_id: String,
    /// One of [`AREAS`].
    pub local_area_id: String,
    /// One of [`AREAS`].
    pub remote_area_id: String,
    /// `bandwidth`.
    pub charge_mode: ChargeMode,
    /// 1-6.
    pub billing_mode: BillingMode,
    /// Mbit/s.
    pub bandwidth: u32,
    /// A cloud connection to bind it to at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// `cloud_connection` when `resource_id` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Product specification code (`bandwidth.aptoap`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec_code: Option<String>,
    /// `Area` or `Region`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interflow_mode: Option<InterflowMode>,
    /// The period of a yearly/monthly package (billing modes 1 and 2) [SDK
    /// `CreateBandwidthPackage.prepaid_options`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prepaid_options: Option<PrepaidOptions>,
}

/// `CreatePrepaidOptions` [SDK `huaweicloudsdkcc/v3/model/create_prepaid_options.py`; DOC
/// CreateBandwidthPackage.html]: what a yearly/monthly bandwidth package is bought for.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PrepaidOptions {
    /// `month` or `year`.
    pub period_type: PeriodType,
    /// How many months or years (the SDK: 1-9 months, 1-3 years, "values change with the
    /// operating policy", so only 0 is refused here).
    pub period_num: u32,
    /// Renew automatically at the end of the period.
    pub is_auto_renew: bool,
    /// Pay the order from the account's balance at once (else it waits in the billing centre).
    pub is_auto_pay: bool,
}

/// `UpdateBandwidthPackage`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UpdateBandwidthPackage {
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New bandwidth, Mbit/s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bandwidth: Option<u32>,
    /// New billing mode: 5 or 6 only [SDK `UpdateBandwidthPackage.billing_mode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_mode: Option<BillingMode>,
}

/// The billing modes an update can change a package to [SDK `UpdateBandwidthPackage`: 5 and 6,
/// the 95th-percentile modes].
pub const UPDATABLE_BILLING_MODES: [BillingMode; 2] = [
    BillingMode::Percentile95Mainland,
    BillingMode::Percentile95International,
];

/// Body of associate / disassociate: the cloud connection [SDK `AssociateBandwidthPackage`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Association {
    /// The cloud connection id.
    pub resource_id: String,
    /// Always [`RESOURCE_TYPE_CLOUD_CONNECTION`].
    pub resource_type: String,
}

/// `CreateInterRegionBandwidth` [SDK].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CreateInterRegionBandwidth {
    /// The cloud connection.
    pub cloud_connection_id: String,
    /// The bandwidth package, bound to that cloud connection.
    pub bandwidth_package_id: String,
    /// Mbit/s.
    pub bandwidth: u32,
    /// The two regions.
    pub inter_region_ids: Vec<String>,
}

/// `UpdateInterRegionBandwidth` [SDK].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UpdateInterRegionBandwidth {
    /// New bandwidth, Mbit/s.
    pub bandwidth: u32,
}

/// A resource tag [DOC provider document Table 7].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tag {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
}

/// `{"<one>": body}`, the envelope of every create and update.
pub fn wrap(kind: &Kind, body: impl Serialize) -> Result<serde_json::Value> {
    let inner = serde_json::to_value(body)
        .map_err(|e| Error::internal("cannot encode the request body").caused_by(e))?;
    let mut outer = serde_json::Map::new();
    outer.insert(kind.one.to_string(), inner);
    Ok(serde_json::Value::Object(outer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_keep_unknown_values() {
        assert_eq!(Status::parse("active"), Status::Active);
        assert_eq!(Status::parse("PENDING"), Status::Pending);
        assert_eq!(
            Status::parse("FREEZED"),
            Status::Other("FREEZED".to_string())
        );
        assert_eq!(Status::parse("FREEZED").as_str(), "FREEZED");
        let ni: NetworkInstance =
            serde_json::from_str(r#"{"id":"x","name":null,"status":"ERROR"}"#).unwrap();
        assert_eq!(ni.status, Some(Status::Error));
        assert_eq!(ni.name, "");
    }

    #[test]
    fn billing_mode_reads_string_or_number() {
        let a: BandwidthPackage = serde_json::from_str(r#"{"id":"a","billing_mode":3}"#).unwrap();
        let b: BandwidthPackage = serde_json::from_str(r#"{"id":"b","billing_mode":"3"}"#).unwrap();
        assert_eq!(a.billing_mode.as_deref(), Some("3"));
        assert_eq!(b.billing_mode.as_deref(), Some("3"));
    }

    #[test]
    fn bodies_use_sdk_names_and_skip_absent_fields() {
        let body = wrap(
            &paths::NETWORK_INSTANCES,
            CreateNetworkInstance {
                name: "ni".into(),
                description: None,
                instance_type: NetworkInstanceType::Vpc,
                instance_id: "i".into(),
                instance_domain_id: None,
                project_id: "p".into(),
                region_id: "r".into(),
                cloud_connection_id: "c".into(),
                cidrs: vec!["10.0.0.0/16".into()],
            },
        )
        .unwrap();
        let ni = &body["network_instance"];
        assert_eq!(ni["type"], "vpc");
        assert!(ni.get("description").is_none());
        assert!(ni.get("instance_domain_id").is_none());
        assert_eq!(ni["cidrs"][0], "10.0.0.0/16");
    }

    #[test]
    fn names_descriptions_and_tags() {
        assert_eq!(
            check_name("--name", " cc-test_1.a ").unwrap(),
            "cc-test_1.a"
        );
        assert_eq!(check_name("--name", "云连接").unwrap(), "云连接");
        assert!(check_name("--name", "a b").is_err());
        assert!(check_name("--name", &"a".repeat(NAME_MAX + 1)).is_err());
        let err = check_description("--description", "a <b>", None).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.message.contains("--description"), "{}", err.message);
        assert!(check_description("--description", "plain, text (ok)", None).is_ok());
        let long = "d".repeat(DESCRIPTION_MAX + 1);
        assert!(check_description("--description", &long, Some(DESCRIPTION_MAX)).is_err());
        assert!(check_description("--description", &long, None).is_ok());
        assert_eq!(
            check_tag("--tag", "env=prod.1").unwrap(),
            Tag {
                key: "env".into(),
                value: "prod.1".into()
            }
        );
        assert_eq!(check_tag("--tag", "empty=").unwrap().value, "");
        for bad in ["novalue", "=x", "a.b=c", "k=v v"] {
            assert!(check_tag("--tag", bad).is_err(), "{bad}");
        }
        assert_eq!(one_of("--x", "area", INTERFLOW_MODES).unwrap(), "Area");
        assert!(one_of("--x", "zone", INTERFLOW_MODES).is_err());
        assert!(check_token("--project-id", "0a1b").is_ok());
        assert!(check_token("--project-id", "a/b").is_err());
        assert!(check_bandwidth("--bandwidth", 0).is_err());
        assert!(check_bandwidth("--bandwidth", 1).is_ok());
    }

    #[test]
    fn interflow_ends_are_areas_or_region_ids_never_a_mix() {
        let area = |l, r| {
            check_interflow_ends(
                Some(INTERFLOW_AREA),
                [("--local-area", l), ("--remote-area", r)],
            )
        };
        let region = |l, r| {
            check_interflow_ends(
                Some(INTERFLOW_REGION),
                [("--local-area", l), ("--remote-area", r)],
            )
        };
        assert_eq!(
            area("asia-pacific", "Africa").unwrap(),
            ["Asia-Pacific", "Africa"]
        );
        assert_eq!(
            check_interflow_ends(None, [("a", "Africa"), ("b", "Africa")]).unwrap(),
            ["Africa", "Africa"]
        );
        assert_eq!(
            region("cn-north-4", "cn-south-1").unwrap(),
            ["cn-north-4", "cn-south-1"]
        );
        let mixed = region("cn-north-4", "Asia-Pacific").unwrap_err();
        assert_eq!(mixed.exit_code(), 2);
        assert!(
            mixed
                .message
                .starts_with("--remote-area `Asia-Pacific`: is an area"),
            "{}",
            mixed.message
        );
        let mixed = area("cn-north-4", "Asia-Pacific").unwrap_err();
        assert!(
            mixed.message.contains("--interflow-mode Region"),
            "{}",
            mixed.message
        );
        assert!(region("cn-north-4", "Mars").is_err());
        for ok in [
            "cn-north-4",
            "ap-southeast-1",
            "eu-west-101",
            "cn-southwest-2",
        ] {
            assert!(check_region_id("--x", ok).is_ok(), "{ok}");
        }
        for bad in [
            "cn",
            "CN-NORTH-4",
            "cn-north-",
            "-4",
            "cn_north_4",
            "cn-4-north",
        ] {
            assert!(check_region_id("--x", bad).is_err(), "{bad}");
        }
    }
}
