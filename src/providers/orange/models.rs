//! Orange objects: the fields `cc` reads, the create body, and what each connector state means.
//!
//! Field names are those of the provider document. The document types `bandWidth` as a string
//! but every example sends and returns a number; `cc` sends a number like the examples and reads
//! either. `networkSideGatewaySubnet` is typed "Integer" but is a subnet; `cc` sends a string.

use serde::{Deserialize, Deserializer, Serialize};

/// A technical VPN (step 1).
#[derive(Debug, Clone, Deserialize)]
pub struct Vpn {
    /// `technicalVpnId` on create.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// An IPsec point of presence (step 2).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pop {
    /// `primaryPopLocalization` on create.
    pub pop_id: String,
    /// `POP-1`.
    #[serde(default)]
    pub pop_name: Option<String>,
    /// `Pop 1` (sic: lower-case n in the document).
    #[serde(default, rename = "popDisplayname")]
    pub pop_displayname: Option<String>,
}

/// An Azure credential (step 3).
#[derive(Debug, Clone, Deserialize)]
pub struct Credential {
    /// `azureCredentialId` on create.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// An Azure region (step 4).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// `azureRegion` on create.
    pub name: String,
    /// `North Europe`.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// An Azure resource group (step 5) or virtual network (step 6): both are picked by name.
#[derive(Debug, Clone, Deserialize)]
pub struct Named {
    /// `resourceGroupName` / `vnetName` on create.
    pub name: String,
}

/// A cloud connector as returned by create, get and list.
#[derive(Debug, Clone, Deserialize)]
pub struct Connector {
    /// Connector id.
    pub id: String,
    /// Name given at creation.
    #[serde(default)]
    pub name: String,
    /// State (see [`Phase`]).
    #[serde(default, deserialize_with = "string_or_null")]
    pub state: String,
}

fn string_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// Body of step 7, `POST .../azure/cloudconnectors/publicstandarddynamics`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CreateConnector {
    /// Connector name.
    pub name: String,
    /// `ACTIVE`, or `DESIGNED` with `--design`.
    pub state: String,
    /// 10, 20, 50, 100, 200, 500 or 1000 (Mbps).
    pub band_width: u32,
    /// From the VPN list.
    pub technical_vpn_id: String,
    /// From the credential list.
    pub azure_credential_id: String,
    /// A `popId`.
    pub primary_pop_localization: String,
    /// A region `name`.
    pub azure_region: String,
    /// A resource group `name`.
    pub resource_group_name: String,
    /// A virtual network `name`.
    pub vnet_name: String,
    /// Optional CIDR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azure_gateway_subnet: Option<String>,
    /// 64512–65534 minus 65515–65520.
    pub azure_asn: u32,
    /// Same range.
    pub network_side_asn: u32,
    /// Optional CIDR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_side_gateway_subnet: Option<String>,
}

/// The text fields every create body carries, none empty (provider document, step 7).
pub const REQUIRED_TEXT: [&str; 8] = [
    "name",
    "state",
    "technicalVpnId",
    "azureCredentialId",
    "primaryPopLocalization",
    "azureRegion",
    "resourceGroupName",
    "vnetName",
];

/// The bandwidths the document allows, in Mbps.
pub const BANDWIDTHS: [u32; 7] = [10, 20, 50, 100, 200, 500, 1000];

/// The state sent on create without `--design`.
pub const STATE_ACTIVE: &str = "ACTIVE";
/// The state sent on create with `--design`.
pub const STATE_DESIGNED: &str = "DESIGNED";

/// What a connector state means for someone waiting (`provider-notes` §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// DESIGNING, PROVISIONING, REPAIRING, SUSPENDING, STOPPING: still moving.
    Transitional,
    /// DESIGNED: designed, activation not requested.
    Designed,
    /// ACTIVE: running.
    Active,
    /// INACTIVE: stopped, resources still allocated.
    Inactive,
    /// ERROR.
    Failed,
    /// TERMINATED: removed from the inventory.
    Terminated,
    /// A value the document does not list; shown as is, treated as still moving.
    Unknown,
}

/// How a wait judges a connector's states (the one rule of [`crate::wait::States`]): ERROR and
/// TERMINATED are failures, DESIGNED, ACTIVE and INACTIVE do not change by themselves, the
/// others move; a connector that is gone is TERMINATED.
pub const WAIT_STATES: crate::wait::States = crate::wait::States {
    failed: &["ERROR", "TERMINATED"],
    settled: &["DESIGNED", "ACTIVE", "INACTIVE"],
    leaving: &[],
    deleted: Some("TERMINATED"),
};

/// Every connector state the document lists (what `--until` accepts).
pub const STATES: [&str; 10] = [
    "DESIGNING",
    "DESIGNED",
    "PROVISIONING",
    "ACTIVE",
    "INACTIVE",
    "REPAIRING",
    "SUSPENDING",
    "STOPPING",
    "ERROR",
    "TERMINATED",
];

/// Classifies a state, case-insensitively.
pub fn phase(state: &str) -> Phase {
    match state.trim().to_ascii_uppercase().as_str() {
        "DESIGNING" | "PROVISIONING" | "REPAIRING" | "SUSPENDING" | "STOPPING" => {
            Phase::Transitional
        }
        "DESIGNED" => Phase::Designed,
        "ACTIVE" => Phase::Active,
        "INACTIVE" => Phase::Inactive,
        "ERROR" => Phase::Failed,
        "TERMINATED" => Phase::Terminated,
        _ => Phase::Unknown,
    }
}

/// The cross-provider state of an Orange connector state.
pub fn normal_state(state: &str) -> crate::providers::NormalState {
    use crate::providers::NormalState;
    match state.trim().to_ascii_uppercase().as_str() {
        "ACTIVE" => NormalState::Active,
        "DESIGNED" => NormalState::Designed,
        "DESIGNING" | "PROVISIONING" | "REPAIRING" => NormalState::Pending,
        "STOPPING" | "SUSPENDING" | "TERMINATED" => NormalState::Deleting,
        "ERROR" => NormalState::Failed,
        _ => NormalState::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_body_uses_document_field_names() {
        let body = CreateConnector {
            name: "Connection to PARIS".into(),
            state: STATE_ACTIVE.into(),
            band_width: 50,
            technical_vpn_id: "93b22b3c-fd7e-4c04-87cb-52df45fe6beb".into(),
            azure_credential_id: "b1c3d7b8-f249-4a25-9f26-02682bbad4f3".into(),
            primary_pop_localization: "POP4".into(),
            azure_region: "northeurope".into(),
            resource_group_name: "rg-3".into(),
            vnet_name: "vnet-02".into(),
            azure_gateway_subnet: None,
            azure_asn: 64512,
            network_side_asn: 64513,
            network_side_gateway_subnet: Some("10.0.0.0/29".into()),
        };
        let v = serde_json::to_value(&body).unwrap();
        let others = [
            "bandWidth",
            "azureAsn",
            "networkSideAsn",
            "networkSideGatewaySubnet",
        ];
        for key in REQUIRED_TEXT.iter().chain(&others) {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert!(v.get("azureGatewaySubnet").is_none());
        assert_eq!(v["bandWidth"], 50);
    }

    #[test]
    fn every_listed_state_has_a_phase() {
        for state in STATES {
            assert_ne!(phase(state), Phase::Unknown, "{state}");
        }
    }

    #[test]
    fn phases() {
        assert_eq!(phase("provisioning"), Phase::Transitional);
        assert_eq!(phase("ACTIVE"), Phase::Active);
        assert_eq!(phase("ERROR"), Phase::Failed);
        assert_eq!(phase("SOMETHING_NEW"), Phase::Unknown);
    }
}
