//! Cross-account loading: the authorisations this account grants (its VPC, loaded by another
//! account's cloud connection) and the permissions other accounts granted to it.
//!
//! Why a file of its own: the two views are the same grant seen from either side, and the
//! check that ties them to `network-instances create --instance-domain-id` ([`granted`]) must
//! read them the same way in `cc` and in the simulator.
//!
//! Field names are the SDK models' [SDK `huaweicloudsdkcc/v3/model/authorisation.py`,
//! `create_authorisation.py`, `update_authorisation.py`, `permission.py`]. The only
//! `instance_type` the SDK documents is `vpc` ([`INSTANCE_TYPE_VPC`]). Inferred, marked where
//! applied: that an account (domain) id is 32 hexadecimal characters ([`check_domain_id`]), and
//! that the VPC and cloud connection ids are UUIDs (as for network instances).

use serde::{Deserialize, Serialize};

use super::{Kind, Resource, Status, string_or_null};
use crate::error::Result;
use crate::providers::huawei::paths;
use crate::validate::{quoted, refuse};

/// The one `instance_type` of an authorisation [SDK `CreateAuthorisation.instance_type`:
/// "vpc: virtual private cloud"].
pub const INSTANCE_TYPE_VPC: &str = "vpc";

/// Length of an account (domain) id.
pub const DOMAIN_ID_LEN: usize = 32;

resource!(
    /// An authorisation this account granted [SDK `Authorisation`].
    Authorisation at paths::AUTHORISATIONS, {
        /// The grant's status (`ACTIVE` seen; the SDK gives no list).
        status: Option<Status>,
        /// The granting account (this one).
        domain_id: Option<String>,
        /// The VPC granted.
        instance_id: Option<String>,
        /// `vpc`.
        instance_type: Option<String>,
        /// The VPC's region.
        region_id: Option<String>,
        /// The VPC's project.
        project_id: Option<String>,
        /// The account owning the cloud connection that may load the VPC.
        cloud_connection_domain_id: Option<String>,
        /// That cloud connection.
        cloud_connection_id: Option<String>,
    }
);

/// An authorisation another account granted to this one, as this one sees it [SDK
/// `Permission`]: `instance_domain_id` is the granting account, what
/// `network-instances create --instance-domain-id` takes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Permission {
    /// Id of the grant.
    #[serde(default)]
    pub id: String,
    /// Name of the grant (may be empty).
    #[serde(default, deserialize_with = "string_or_null")]
    pub name: String,
    /// This account (the grantee).
    #[serde(default)]
    pub domain_id: Option<String>,
    /// The cloud connection of this account that may load the VPC.
    #[serde(default)]
    pub cloud_connection_id: Option<String>,
    /// The VPC.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// The account owning the VPC.
    #[serde(default)]
    pub instance_domain_id: Option<String>,
    /// The VPC's region.
    #[serde(default)]
    pub region_id: Option<String>,
}

/// `CreateAuthorisation` [SDK]: every field but `name` and `description` is required.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CreateAuthorisation {
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// No `<` or `>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The VPC granted.
    pub instance_id: String,
    /// Always [`INSTANCE_TYPE_VPC`].
    pub instance_type: String,
    /// The VPC's project.
    pub project_id: String,
    /// The VPC's region.
    pub region_id: String,
    /// The account of the cloud connection.
    pub cloud_connection_domain_id: String,
    /// The cloud connection allowed to load the VPC.
    pub cloud_connection_id: String,
}

/// `UpdateAuthorisation` [SDK]: name and description only.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UpdateAuthorisation {
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An account (domain) id: 32 hexadecimal characters, returned lower-case [INF: the shape of
/// every domain id in Huawei's documents and SDK samples; not a documented rule].
pub fn check_domain_id(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.len() != DOMAIN_ID_LEN || !t.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(refuse(
            field,
            quoted(t),
            format!("expected an account (domain) id of {DOMAIN_ID_LEN} hexadecimal characters"),
        ));
    }
    Ok(t.to_ascii_lowercase())
}

/// Whether `permissions` hold a grant of VPC `instance_id` of account `instance_domain_id` to
/// cloud connection `cloud_connection_id`: what loading it from another account needs.
pub fn granted(
    permissions: &[Permission],
    instance_domain_id: &str,
    instance_id: &str,
    cloud_connection_id: &str,
) -> bool {
    permissions.iter().any(|p| {
        p.instance_domain_id.as_deref() == Some(instance_domain_id)
            && p.instance_id.as_deref() == Some(instance_id)
            && p.cloud_connection_id.as_deref() == Some(cloud_connection_id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_ids_and_grants() {
        let id = "5A1D0B0C0FFEE0000000000000000002";
        assert_eq!(check_domain_id("d", id).unwrap(), id.to_ascii_lowercase());
        for bad in [
            "",
            "5a1d",
            "5a1d0b0c0ffee000000000000000000g",
            &"a".repeat(33),
        ] {
            assert_eq!(
                check_domain_id("d", bad).unwrap_err().exit_code(),
                2,
                "{bad}"
            );
        }
        let p: Permission = serde_json::from_str(
            r#"{"id":"g","name":null,"instance_domain_id":"a","instance_id":"v","cloud_connection_id":"c"}"#,
        )
        .unwrap();
        assert!(granted(std::slice::from_ref(&p), "a", "v", "c"));
        assert!(!granted(std::slice::from_ref(&p), "a", "v", "other"));
        assert!(!granted(&[p], "b", "v", "c"));
    }
}
