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
//! inter-region bandwidth needs a package bound to the same cloud connection with at least that
//! much bandwidth (checked by `cc huawei inter-region-bandwidths create` before sending); and that
//! a network instance created PENDING becomes ACTIVE or ERROR (what `network-instances create`
//! waits for).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use super::paths::{self, Kind};
use crate::error::{Error, Result};
use crate::validate::{quoted, refuse};

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
        #[derive(Debug, Clone, Deserialize)]
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
        /// 1-6, see [`BILLING_MODES`].
        #[serde(deserialize_with = "string_or_number")]
        billing_mode: Option<String>,
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
    }
);

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
    pub instance_type: String,
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
    pub charge_mode: String,
    /// 1-6, see [`BILLING_MODES`].
    pub billing_mode: u8,
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
    pub interflow_mode: Option<String>,
    /// The period of a yearly/monthly package (billing modes 1 and 2) [SDK
    /// `CreateBandwidthPackage.prepaid_options`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prepaid_options: Option<PrepaidOptions>,
}

/// `CreatePrepaidOptions` [SDK `huaweicloudsdkcc/v3/model/create_prepaid_options.py`; DOC
/// CreateBandwidthPackage.html]: what a yearly/monthly bandwidth package is bought for.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PrepaidOptions {
    /// `month` or `year` ([`PERIOD_TYPES`]).
    pub period_type: String,
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
}

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

/// The areas a bandwidth package joins [DOC CreateBandwidthPackage.html; SDK].
pub const AREAS: [&str; 6] = [
    "Chinese-Mainland",
    "Asia-Pacific",
    "Africa",
    "Western-Latin-America",
    "Eastern-Latin-America",
    "Northern-Latin-America",
];

/// Billing modes of a bandwidth package [DOC; SDK].
pub const BILLING_MODES: [(u8, &str); 6] = [
    (1, "yearly/monthly, Chinese mainland site"),
    (2, "yearly/monthly, international site"),
    (3, "pay-per-use, Chinese mainland site"),
    (4, "pay-per-use, international site"),
    (5, "95th percentile, Chinese mainland site"),
    (6, "95th percentile, international site"),
];

/// `charge_mode` values [DOC: "bandwidth" only].
pub const CHARGE_MODES: [&str; 1] = ["bandwidth"];

/// `interflow_mode` values [DOC; SDK]: `Area` joins two of [`AREAS`]; `Region` joins two
/// regions, whose ids (`cn-north-4`, `cn-south-1`) go in `local_area_id`/`remote_area_id`, with
/// `spec_code` naming the pair (`Beijing4toGuangzhou`) [REPO terraform-provider-huaweicloud
/// `TestAccBandwidthPackage_regionalInterflow`, and its doc: "If the value of interflow_mode is
/// Region, the value depends on the specified interflow regions"].
pub const INTERFLOW_MODES: [&str; 2] = [INTERFLOW_AREA, INTERFLOW_REGION];

/// `interflow_mode` between geographic areas (the provider's default).
pub const INTERFLOW_AREA: &str = "Area";

/// `interflow_mode` between two regions.
pub const INTERFLOW_REGION: &str = "Region";

/// Billing modes bought for a period, which need `prepaid_options` [DOC; SDK].
pub const PREPAID_BILLING_MODES: [u8; 2] = [1, 2];

/// `prepaid_options.period_type` values [SDK `CreatePrepaidOptions`: month, year].
pub const PERIOD_TYPES: [&str; 2] = ["month", "year"];

/// Network instance types [DOC CreateNetworkInstance.html].
pub const NETWORK_INSTANCE_TYPES: [&str; 2] = ["vpc", "vgw"];

/// The `resource_type` of a cloud connection.
pub const RESOURCE_TYPE_CLOUD_CONNECTION: &str = "cloud_connection";

/// Longest name accepted [DOC: the console guide and the API pages give names of 1-64
/// characters of Chinese, letters, digits, `_`, `-` and `.`].
pub const NAME_MAX: usize = 64;
/// Longest description of a cloud connection [DOC CreateCloudConnection.html, "Maximum: 255"].
pub const DESCRIPTION_MAX: usize = 255;
/// Longest description of a network instance or bandwidth package on EARLIER API pages [DOC 2023
/// pages; the current pages give none]. Uncertain, so NOT enforced: the provider's 400 (its code
/// and message, exit 5) says it if it still holds.
pub const LEGACY_DESCRIPTION_MAX: usize = 85;
/// Smallest bandwidth on EARLIER API pages [DOC 2023 pages; the current pages give none].
/// Uncertain, so NOT enforced (`cc` refuses only 0); the provider's 400 says it if it holds.
pub const LEGACY_BANDWIDTH_MIN: u32 = 2;
/// Longest tag key and value [DOC provider document Table 7].
pub const TAG_KEY_MAX: usize = 128;
/// Longest tag value.
pub const TAG_VALUE_MAX: usize = 255;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// A resource name: "Chinese characters, letters, digits, underscores, hyphens and periods"
/// [SDK `CreateCloudConnection.name`, `CreateNetworkInstance.name`], 1 to [`NAME_MAX`].
/// `field` is the input checked, in the body's spelling (`name`): every check here refuses an
/// input by its field, and the command layer names it by its flag.
pub fn check_name(field: &str, text: &str) -> Result<String> {
    let name = crate::validate::name(field, text, NAME_MAX)?;
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_-.".contains(*c) || is_cjk(*c)))
    {
        return Err(refuse(
            field,
            quoted(&name),
            format!(
                "`{bad}` is not allowed; use letters, digits, Chinese characters, `_`, `-` and `.`"
            ),
        ));
    }
    Ok(name)
}

/// A description: no `<` or `>` (the API forbids them), at most `max` characters when the limit
/// is documented for the kind (`Some(DESCRIPTION_MAX)` for cloud connections; `None` for network
/// instances and bandwidth packages, see [`LEGACY_DESCRIPTION_MAX`]).
pub fn check_description(field: &str, text: &str, max: Option<usize>) -> Result<String> {
    if text.contains(['<', '>']) {
        return Err(refuse(
            field,
            None,
            "angle brackets (< and >) are not allowed in a Huawei Cloud Connect description",
        ));
    }
    if let Some(max) = max
        && text.chars().count() > max
    {
        return Err(refuse(field, None, format!("at most {max} characters")));
    }
    if text.chars().any(char::is_control) {
        return Err(refuse(field, None, "must not contain control characters"));
    }
    Ok(text.to_string())
}

/// A tag `KEY=VALUE` given as `field`: key of letters, digits, `-` and `_` (1-128), value of
/// letters, digits, `-`, `_` and `.` (0-255) [DOC provider document Table 7].
pub fn check_tag(field: &str, text: &str) -> Result<Tag> {
    let Some((key, value)) = text.split_once('=') else {
        return Err(refuse(field, quoted(text), "expected KEY=VALUE"));
    };
    let key_ok = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let value_ok = |c: char| key_ok(c) || c == '.';
    if key.is_empty() || key.chars().count() > TAG_KEY_MAX || !key.chars().all(key_ok) {
        return Err(refuse(
            field,
            quoted(text),
            format!("the key must be 1-{TAG_KEY_MAX} letters, digits, `-` or `_`"),
        ));
    }
    if value.chars().count() > TAG_VALUE_MAX || !value.chars().all(value_ok) {
        return Err(refuse(
            field,
            quoted(text),
            format!("the value must be at most {TAG_VALUE_MAX} letters, digits, `-`, `_` or `.`"),
        ));
    }
    Ok(Tag {
        key: key.to_string(),
        value: value.to_string(),
    })
}

/// An id-like value (project id, account id, region id, spec code): ASCII letters, digits, `-`,
/// `_` and `.`, not empty.
pub fn check_token(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(refuse(field, None, "must not be empty"));
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(refuse(
            field,
            quoted(t),
            "expected letters, digits, `-`, `_` or `.`",
        ));
    }
    Ok(t.to_string())
}

/// A value from a fixed list, matched case-insensitively and returned as the list writes it.
pub fn one_of(field: &str, text: &str, allowed: &[&str]) -> Result<String> {
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(text.trim()))
        .map(|a| a.to_string())
        .ok_or_else(|| {
            refuse(
                field,
                quoted(text),
                format!("must be one of {}", allowed.join(", ")),
            )
        })
}

/// A region id such as `cn-north-4` or `ap-southeast-1`: lower-case words joined by `-`, the
/// last one a number [INF: the shape of every Huawei region id seen; not a documented rule].
pub fn check_region_id(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let word = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    let shaped = parts.len() >= 2
        && parts[..parts.len() - 1].iter().all(word)
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if !shaped {
        return Err(refuse(
            field,
            quoted(t),
            "expected a region id such as cn-north-4",
        ));
    }
    Ok(t.to_string())
}

/// The two ends of a bandwidth package for its `interflow_mode` (`None`: the default, Area):
/// two of [`AREAS`] in Area mode, two region ids in Region mode. A mix (an area in Region mode, a
/// region id in Area mode) is refused naming the input and the mode that takes it. `ends` holds
/// each end's field and value.
pub fn check_interflow_ends(mode: Option<&str>, ends: [(&str, &str); 2]) -> Result<[String; 2]> {
    let region_mode = mode == Some(INTERFLOW_REGION);
    let check = |(field, value): (&str, &str)| {
        let is_area = AREAS.iter().any(|a| a.eq_ignore_ascii_case(value.trim()));
        match (region_mode, is_area) {
            (true, true) => Err(refuse(
                field,
                quoted(value),
                "is an area, but the interflow mode is Region, which joins two regions: give region ids such as cn-north-4 (areas go with Area mode)",
            )),
            (true, false) => check_region_id(field, value),
            (false, false) if check_region_id(field, value).is_ok() => Err(refuse(
                field,
                quoted(value),
                format!(
                    "is a region id, but the interflow mode is Area, which joins two areas ({}); for two regions pass `--interflow-mode Region` and `--spec-code`",
                    AREAS.join(", ")
                ),
            )),
            (false, _) => one_of(field, value, &AREAS),
        }
    };
    Ok([check(ends[0])?, check(ends[1])?])
}

/// A bandwidth in Mbit/s: a whole number of at least 1 (see [`LEGACY_BANDWIDTH_MIN`]).
pub fn check_bandwidth(field: &str, mbps: u32) -> Result<u32> {
    if mbps == 0 {
        return Err(refuse(
            field,
            Some("0".into()),
            "a bandwidth is at least 1 Mbit/s",
        ));
    }
    Ok(mbps)
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
                instance_type: "vpc".into(),
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
        assert_eq!(one_of("--x", "area", &INTERFLOW_MODES).unwrap(), "Area");
        assert!(one_of("--x", "zone", &INTERFLOW_MODES).is_err());
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
