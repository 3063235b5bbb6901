//! The peerings of an Azure connection: their three types, the one body that configures one, and
//! where their provisioning progress is read (the connection's `partner.peering` entries or the
//! peering object itself).

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::{ProvisioningStatus, SyncStatus};

/// The three Azure peering types (provider document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeeringType {
    /// Private Azure services: virtual networks.
    Private,
    /// Public Azure services (storage, SQL, ...).
    Public,
    /// Microsoft services such as Office 365.
    Microsoft,
}

impl PeeringType {
    /// All of them, as the API spells them.
    pub const ALL: [PeeringType; 3] = [
        PeeringType::Private,
        PeeringType::Public,
        PeeringType::Microsoft,
    ];

    /// The path segment: `PRIVATE`, `PUBLIC`, `MICROSOFT`.
    pub fn as_str(self) -> &'static str {
        match self {
            PeeringType::Private => "PRIVATE",
            PeeringType::Public => "PUBLIC",
            PeeringType::Microsoft => "MICROSOFT",
        }
    }

    /// Case-insensitive.
    pub fn parse(text: &str) -> Option<PeeringType> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for PeeringType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Body of `POST .../AZURE/layer2/{id}/peering/{type}`: THE one place that spells it.
///
/// The provider document names only `advertisedPublicPrefixes` and `routingRegistryName` ("only
/// used for configs of type MICROSOFT") [DOC]; the copies of the API reference stop before the
/// schema. Those two are spelled exactly as in Azure's ARM peering model
/// (`ExpressRouteCrossConnectionPeeringProperties`, `microsoftPeeringConfig`), which suggests
/// Console Connect passes that model through, so the other keys take that model's names:
/// `peerASN`, `primaryPeerAddressPrefix`, `secondaryPeerAddressPrefix`, `vlanId`, `sharedKey`
/// [INF, provider-notes §2.4]. When the OpenAPI file or first contact shows the real names,
/// change the `rename`s here and the `--help` table of `commands/console_connect/peering.rs`
/// (`PEERING_BODY_HELP`); a test there keeps the two in step.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeeringRequest {
    /// Customer-side BGP ASN [INF: Azure `peerASN`].
    #[serde(rename = "peerASN")]
    pub peer_asn: u32,
    /// Primary link /30 [INF: Azure `primaryPeerAddressPrefix`].
    #[serde(rename = "primaryPeerAddressPrefix")]
    pub primary_subnet: String,
    /// Secondary link /30 [INF: Azure `secondaryPeerAddressPrefix`].
    #[serde(rename = "secondaryPeerAddressPrefix")]
    pub secondary_subnet: String,
    /// VLAN id 1-4094 [INF: Azure `vlanId`].
    #[serde(rename = "vlanId")]
    pub vlan: u16,
    /// BGP MD5 key [INF: Azure `sharedKey`]; masked in every log and output.
    #[serde(rename = "sharedKey", skip_serializing_if = "Option::is_none")]
    pub shared_key: Option<String>,
    /// MICROSOFT only [DOC].
    #[serde(
        rename = "advertisedPublicPrefixes",
        skip_serializing_if = "Option::is_none"
    )]
    pub advertised_public_prefixes: Option<Vec<String>>,
    /// MICROSOFT only [DOC].
    #[serde(
        rename = "routingRegistryName",
        skip_serializing_if = "Option::is_none"
    )]
    pub routing_registry_name: Option<String>,
}

#[cfg(test)]
impl PeeringRequest {
    /// A body with every key set: for the tests that check the keys the body can carry
    /// against what reads them (the `--help` table, `observe`).
    pub fn with_every_key() -> PeeringRequest {
        PeeringRequest {
            peer_asn: 65010,
            primary_subnet: "169.254.10.0/30".into(),
            secondary_subnet: "169.254.10.4/30".into(),
            vlan: 100,
            shared_key: Some("s".into()),
            advertised_public_prefixes: Some(vec!["203.0.113.0/28".into()]),
            routing_registry_name: Some("ARIN".into()),
        }
    }
}

/// Where a peering's provisioning status is read, first found wins [INF]: the peering object's
/// own `provisioningStatus` (or `status`); else (see [`PeeringProgress::read`]) the entry of
/// that type in the connection's `partner.peering` array, where the provider document says the
/// sub-statuses are.
pub fn peering_status(peering: &Value) -> Option<ProvisioningStatus> {
    ["provisioningStatus", "status"]
        .iter()
        .find_map(|k| peering.get(*k).and_then(Value::as_str))
        .map(ProvisioningStatus::parse)
}

/// How far a peering is: its `syncStatus` [DOC] and provisioning status [INF, see
/// [`peering_status`]], each when the object carries it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeeringProgress {
    /// `syncStatus`.
    pub sync: Option<SyncStatus>,
    /// `provisioningStatus` (or `status`).
    pub provisioning: Option<ProvisioningStatus>,
}

impl PeeringProgress {
    /// What `peering` (a peering object, or its `partner.peering` entry) says.
    pub fn read(peering: &Value) -> PeeringProgress {
        PeeringProgress {
            sync: peering
                .get("syncStatus")
                .and_then(Value::as_str)
                .map(SyncStatus::parse),
            provisioning: peering_status(peering),
        }
    }

    /// Fills what this lacks from `other` (the connection's `partner.peering` entry).
    pub fn or(self, other: PeeringProgress) -> PeeringProgress {
        PeeringProgress {
            sync: self.sync.or(other.sync),
            provisioning: self.provisioning.or(other.provisioning),
        }
    }

    /// Set up: `syncStatus` SYNCED, or a provisioning status PROVISIONED. Neither field is not
    /// done.
    pub fn is_done(&self) -> bool {
        self.sync == Some(SyncStatus::Synced)
            || self.provisioning == Some(ProvisioningStatus::Provisioned)
    }

    /// The fields seen, for the wait's messages: `syncStatus SYNCING, provisioningStatus
    /// PROVISIONING`, or `neither syncStatus nor provisioningStatus`.
    pub fn describe(&self) -> String {
        let mut seen = Vec::new();
        if let Some(sync) = &self.sync {
            seen.push(format!("syncStatus {sync}"));
        }
        if let Some(provisioning) = &self.provisioning {
            seen.push(format!("provisioningStatus {provisioning}"));
        }
        if seen.is_empty() {
            "neither syncStatus nor provisioningStatus".to_string()
        } else {
            seen.join(", ")
        }
    }
}

/// The `partner.peering` entry of this type in a connection object (`type` or `peeringType`).
pub fn peering_in_connection(connection: &Value, kind: PeeringType) -> Option<&Value> {
    connection
        .pointer("/partner/peering")?
        .as_array()?
        .iter()
        .find(|p| {
            ["type", "peeringType"].iter().any(|k| {
                p.get(*k)
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case(kind.as_str()))
            })
        })
}
