//! Cross-account loading in the simulator: the authorisations this account grants (a store like
//! the others, saved with them), the grants another account made to this one (seeded: the
//! simulator serves one account, so the other side is fixed data), shown by
//! `GET .../ccaas/permissions` as this account sees them, and the check that a network instance
//! loaded with `instance_domain_id` of another account has such a grant (403 otherwise, in the
//! API's error shape; its code `CC.1003` is the one the simulator uses for another account's
//! resource, the real code was not found [INF]).

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::errors::{bad_request, bad_request_code, refusal};
use super::paging::marker_page;
use super::rules::{check_description, check_name, required};
use super::store::{Entry, Kind, Sim, entry, text};
use super::{DOMAIN_ID, SEEDED_CLOUD_CONNECTION};
use crate::providers::huawei::models::{self, INSTANCE_TYPE_VPC, Permission};
use crate::sandbox::skeleton::{Answer, Refusal};

/// The other account of the seeded grant.
pub const OTHER_DOMAIN_ID: &str = "5a1d0b0c0ffee0000000000000000002";

/// The other account's VPC granted to this account's seeded cloud connection (`cc-paris`).
pub const GRANTED_VPC: &str = "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f70";

/// The project of that VPC, in the other account.
const OTHER_PROJECT_ID: &str = "1c9e3a2b8d7f4e5a9b6c5d4e3f2a1b0c";

/// When the seeded grant was made.
const SEEDED_AT: &str = "2023-09-20T08:28:28Z";

/// The query keys of the permissions list [SDK `ListPermissionsRequest`].
const PERMISSION_FILTERS: [&str; 5] = [
    "id",
    "name",
    "description",
    "cloud_connection_id",
    "instance_id",
];

/// The grants other accounts made to this one, as the granting account holds them (its
/// authorisations).
fn granted_to_me() -> Vec<Value> {
    vec![json!({
        "id": "9e8d7c6b-0000-4000-8000-0000000000a1",
        "name": "grant-apps-to-network",
        "description": "apps VPC of the application account",
        "status": "ACTIVE",
        "created_at": SEEDED_AT,
        "domain_id": OTHER_DOMAIN_ID,
        "instance_id": GRANTED_VPC,
        "instance_type": INSTANCE_TYPE_VPC,
        "region_id": "eu-west-0",
        "project_id": OTHER_PROJECT_ID,
        "cloud_connection_domain_id": DOMAIN_ID,
        "cloud_connection_id": SEEDED_CLOUD_CONNECTION,
    })]
}

/// This account's seeded grant: its Paris VPC (`vpc-paris`) to the other account's cloud
/// connection, as the help examples name it.
pub(super) fn seeded() -> Vec<Entry> {
    vec![entry(json!({
        "id": "9e8d7c6b-0000-4000-8000-000000000001",
        "name": "grant-paris-apps",
        "description": "",
        "status": "ACTIVE",
        "created_at": SEEDED_AT,
        "updated_at": SEEDED_AT,
        "domain_id": DOMAIN_ID,
        "instance_id": "3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f",
        "instance_type": INSTANCE_TYPE_VPC,
        "region_id": "eu-west-0",
        "project_id": super::PROJECT_ID,
        "cloud_connection_domain_id": OTHER_DOMAIN_ID,
        "cloud_connection_id": "6a1b2c3d-0000-4000-8000-0000000000f1",
    }))]
}

/// An authorisation as the account it grants to sees it [SDK `Permission`]: `domain_id` is the
/// grantee, `instance_domain_id` the granting account.
fn as_permission(grant: &Value) -> Value {
    let mut p = json!({});
    for key in [
        "id",
        "name",
        "description",
        "status",
        "created_at",
        "cloud_connection_id",
        "instance_id",
        "instance_type",
        "region_id",
        "project_id",
    ] {
        p[key] = grant[key].clone();
    }
    p["domain_id"] = grant["cloud_connection_domain_id"].clone();
    p["instance_domain_id"] = grant["domain_id"].clone();
    p
}

/// The fields an authorisation's create requires, and the ones the stored object keeps as sent.
const AUTHORISATION_FIELDS: [&str; 6] = [
    "instance_id",
    "instance_type",
    "project_id",
    "region_id",
    "cloud_connection_domain_id",
    "cloud_connection_id",
];

impl Sim {
    pub(super) fn new_authorisation(&self, b: &Value) -> Result<Value, Refusal> {
        check_name(b, false)?;
        check_description(b, None)?;
        for field in AUTHORISATION_FIELDS {
            required(b, field)?;
        }
        if b["instance_type"] != INSTANCE_TYPE_VPC {
            return Err(bad_request("instance_type must be vpc."));
        }
        let to = required(b, "cloud_connection_domain_id")?;
        if models::check_domain_id("cloud_connection_domain_id", to).is_err() {
            return Err(bad_request(
                "cloud_connection_domain_id is not an account id.",
            ));
        }
        let same = |e: &&Entry| {
            e.object["instance_id"] == b["instance_id"]
                && e.object["cloud_connection_id"] == b["cloud_connection_id"]
        };
        if self.store(Kind::Authorisation).iter().any(|e| same(&e)) {
            return Err(bad_request_code(
                "CC.1001",
                "The VPC is already authorised to this cloud connection.",
            ));
        }
        let mut object = self.common(b);
        object["status"] = json!("ACTIVE");
        for field in AUTHORISATION_FIELDS {
            object[field] = b[field].clone();
        }
        Ok(object)
    }

    /// `GET .../permissions`: the grants to this account, filtered and paged as the other lists.
    pub(super) fn permissions(&self, pairs: &[(String, String)]) -> Answer {
        let mut limit = super::MAX_LIMIT;
        let mut marker = None;
        let mut filters: Vec<(&str, &str)> = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "limit" => match value.parse::<usize>() {
                    Ok(n) if (1..=super::MAX_LIMIT).contains(&n) => limit = n,
                    _ => return Err(bad_request("limit must be between 1 and 2000.")),
                },
                "marker" => marker = Some(value.as_str()),
                k if PERMISSION_FILTERS.contains(&k) => filters.push((k, value)),
                other => {
                    return Err(bad_request(&format!(
                        "{other} is not a query parameter of this API."
                    )));
                }
            }
        }
        let matching: Vec<Value> = granted_to_me()
            .iter()
            .map(as_permission)
            .filter(|p| {
                PERMISSION_FILTERS.iter().all(|key| {
                    let wanted: Vec<&str> = filters
                        .iter()
                        .filter(|(k, _)| k == key)
                        .map(|(_, v)| *v)
                        .collect();
                    wanted.is_empty() || wanted.contains(&text(&p[*key]).as_str())
                })
            })
            .collect();
        marker_page(&matching, marker, limit, "permissions")
    }

    /// A network instance of another account's VPC needs that account's grant to its cloud
    /// connection: 403 otherwise.
    pub(super) fn load_allowed(&self, b: &Value) -> Result<(), Refusal> {
        let owner = text(&b["instance_domain_id"]);
        if owner.is_empty() || owner == DOMAIN_ID {
            return Ok(());
        }
        let permissions: Vec<Permission> = granted_to_me()
            .iter()
            .map(|g| serde_json::from_value(as_permission(g)).unwrap_or_default())
            .collect();
        let (vpc, cc) = (text(&b["instance_id"]), text(&b["cloud_connection_id"]));
        if models::granted(&permissions, &owner, &vpc, &cc) {
            return Ok(());
        }
        Err(refusal(
            StatusCode::FORBIDDEN,
            "CC.1003",
            &format!(
                "Account {owner} has not authorised the VPC {vpc} to be loaded on cloud connection {cc}."
            ),
        ))
    }
}
