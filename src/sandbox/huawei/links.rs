//! What the simulated account routes and how much of its quotas it uses, derived from what it
//! holds rather than stored: a cloud connection's routes are the subnets (`cidrs`) of its ACTIVE
//! network instances, one route per subnet, whose next hop is the instance's VPC or virtual
//! gateway; the quotas count the cloud connections, a cloud connection's regions and routes,
//! and its network instances in a region. Query keys are those of the SDK's
//! `ListCloudConnectionRoutesRequest` and `ListCloudConnectionQuotasRequest` (`limit` 1-1000);
//! anything else is the API's 400.
//!
//! The quota numbers are the sandbox's own ([`QUOTA_NUMBERS`]): Huawei's defaults are not in
//! the material `cc` was built from. The account's cloud-connection quota grows with the
//! cloud connections it is seeded with (`CC_SANDBOX_HUAWEI_CONNECTIONS`), so that none is over.

use axum::http::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::DOMAIN_ID;
use super::errors::{answer, bad_request, not_found};
use super::paging::marker_page;
use super::store::{Kind, Sim, text};
use crate::providers::huawei::models::QUOTA_TYPES;
use crate::providers::huawei::paths::ROUTE_PAGE_SIZE;
use crate::sandbox::skeleton::Answer;

/// The sandbox's quota of each type, in the order of [`QUOTA_TYPES`].
pub(super) const QUOTA_NUMBERS: [i64; 4] = [50, 10, 100, 10];

/// The query's `limit`, checked against the SDK's range.
fn limit(value: &str) -> Result<usize, crate::sandbox::skeleton::Refusal> {
    match value.parse::<usize>() {
        Ok(n) if (1..=ROUTE_PAGE_SIZE).contains(&n) => Ok(n),
        _ => Err(bad_request("limit must be between 1 and 1000.")),
    }
}

/// A route's id: the same for the same network instance and subnet, so that `get` finds it.
fn route_id(instance: &str, cidr: &str) -> String {
    let digest = Sha256::digest(format!("{instance}/{cidr}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

impl Sim {
    /// Every route: one per subnet of each ACTIVE network instance.
    pub(super) fn routes(&self) -> Vec<Value> {
        let store = self.store(Kind::NetworkInstance);
        (0..store.len())
            .map(|i| self.render(Kind::NetworkInstance, i))
            .filter(|ni| ni["status"] == "ACTIVE")
            .flat_map(|ni| {
                let cidrs = ni["cidrs"].as_array().cloned().unwrap_or_default();
                cidrs.into_iter().map(move |cidr| {
                    let destination = text(&cidr);
                    json!({
                        "id": route_id(&text(&ni["id"]), &destination),
                        "cloud_connection_id": ni["cloud_connection_id"],
                        "domain_id": DOMAIN_ID,
                        "project_id": ni["project_id"],
                        "instance_id": ni["instance_id"],
                        "type": text(&ni["type"]).to_ascii_uppercase(),
                        "region_id": ni["region_id"],
                        "destination": destination,
                    })
                })
            })
            .collect()
    }

    /// The routes matching the query, a page of them.
    pub(super) fn list_routes(&self, pairs: &[(String, String)]) -> Answer {
        let mut size = ROUTE_PAGE_SIZE;
        let mut marker = None;
        let mut filters: Vec<(&str, Vec<&str>)> = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "limit" => size = limit(value)?,
                "marker" => marker = Some(value.as_str()),
                "id" | "cloud_connection_id" | "instance_id" | "region_id" => {
                    match filters.iter_mut().find(|(k, _)| k == key) {
                        Some((_, values)) => values.push(value),
                        None => filters.push((key.as_str(), vec![value])),
                    }
                }
                other => {
                    return Err(bad_request(&format!(
                        "{other} is not a query parameter of this API."
                    )));
                }
            }
        }
        let matching: Vec<Value> = self
            .routes()
            .into_iter()
            .filter(|r| {
                filters
                    .iter()
                    .all(|(key, values)| values.contains(&text(&r[*key]).as_str()))
            })
            .collect();
        marker_page(&matching, marker, size, "cloud_connection_routes")
    }

    /// One route.
    pub(super) fn get_route(&self, id: &str) -> Answer {
        match self.routes().into_iter().find(|r| r["id"] == id) {
            Some(route) => Ok(answer(
                StatusCode::OK,
                json!({ "cloud_connection_route": route }),
            )),
            None => Err(not_found("cloud connection route", id)),
        }
    }

    /// The quota the query asks for, with what is used of it.
    pub(super) fn quotas(&self, pairs: &[(String, String)]) -> Answer {
        let mut query: Vec<(&str, &str)> = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "limit" => drop(limit(value)?),
                "marker" => {}
                "quota_type" | "cloud_connection_id" | "region_id" => {
                    query.push((key.as_str(), value.as_str()));
                }
                other => {
                    return Err(bad_request(&format!(
                        "{other} is not a query parameter of this API."
                    )));
                }
            }
        }
        let get = |key: &str| query.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let Some(quota_type) = get("quota_type") else {
            return Err(bad_request("quota_type is mandatory."));
        };
        let Some(index) = QUOTA_TYPES.iter().position(|t| *t == quota_type) else {
            return Err(bad_request(&format!(
                "quota_type must be one of {}.",
                QUOTA_TYPES.join(", ")
            )));
        };
        let mut quota = json!({ "domain_id": DOMAIN_ID, "quota_type": quota_type });
        let mut number = QUOTA_NUMBERS[index];
        let used = if index == 0 {
            number += self.seeding.connections as i64;
            self.store(Kind::CloudConnection).len()
        } else {
            let Some(cc) = get("cloud_connection_id") else {
                return Err(bad_request(&format!(
                    "cloud_connection_id is mandatory for quota_type {quota_type}."
                )));
            };
            if self.find(Kind::CloudConnection, cc).is_none() {
                return Err(not_found("cloud connection", cc));
            }
            quota["cloud_connection_id"] = json!(cc);
            self.used(index, cc, get("region_id"), &mut quota)?
        };
        quota["quota_number"] = json!(number);
        quota["quota_used"] = json!(used);
        Ok(answer(StatusCode::OK, json!({ "quotas": [quota] })))
    }

    /// What cloud connection `cc` uses of the quota of type `QUOTA_TYPES[index]` (1-3).
    fn used(
        &self,
        index: usize,
        cc: &str,
        region: Option<&str>,
        quota: &mut Value,
    ) -> Result<usize, crate::sandbox::skeleton::Refusal> {
        let instances: Vec<Value> = (0..self.store(Kind::NetworkInstance).len())
            .map(|i| self.render(Kind::NetworkInstance, i))
            .filter(|ni| ni["cloud_connection_id"] == cc)
            .collect();
        Ok(match index {
            1 => {
                let mut regions: Vec<String> =
                    instances.iter().map(|ni| text(&ni["region_id"])).collect();
                regions.sort();
                regions.dedup();
                regions.len()
            }
            2 => self
                .routes()
                .iter()
                .filter(|r| r["cloud_connection_id"] == cc)
                .count(),
            _ => {
                let Some(region) = region else {
                    return Err(bad_request(
                        "region_id is mandatory for quota_type region_network_instance.",
                    ));
                };
                quota["region_id"] = json!(region);
                instances
                    .iter()
                    .filter(|ni| ni["region_id"] == region)
                    .count()
            }
        })
    }
}
