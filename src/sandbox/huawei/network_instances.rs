//! Network instances: the create's rules (a VPC or virtual gateway of a project and region,
//! subnets in CIDR notation, on an existing cloud connection); PENDING until provisioned.

use serde_json::{Value, json};

use super::DOMAIN_ID;
use super::errors::bad_request;
use super::rules::{check_description, check_name, required};
use super::store::Sim;
use crate::providers::huawei::models;
use crate::sandbox::skeleton::Refusal;

impl Sim {
    pub(super) fn new_network_instance(&self, b: &Value) -> Result<Value, Refusal> {
        check_name(b, false)?;
        check_description(b, None)?;
        let cloud_connection = required(b, "cloud_connection_id")?;
        for field in ["instance_id", "project_id", "region_id", "type"] {
            required(b, field)?;
        }
        if !models::NETWORK_INSTANCE_TYPES.contains(&b["type"].as_str().unwrap_or_default()) {
            return Err(bad_request("type must be vpc or vgw."));
        }
        let cidrs = b["cidrs"].as_array().cloned().unwrap_or_default();
        if cidrs.is_empty()
            || cidrs.iter().any(|c| {
                c.as_str()
                    .is_none_or(|c| crate::validate::cidr("cidrs", c).is_err())
            })
        {
            return Err(bad_request(
                "cidrs must be a non-empty list of subnets in CIDR notation.",
            ));
        }
        self.cloud_connection_exists(cloud_connection)?;
        let mut object = self.common(b);
        object["status"] = json!("PENDING");
        for field in [
            "type",
            "cloud_connection_id",
            "instance_id",
            "region_id",
            "project_id",
            "cidrs",
        ] {
            object[field] = b[field].clone();
        }
        object["instance_domain_id"] = b
            .get("instance_domain_id")
            .cloned()
            .unwrap_or(json!(DOMAIN_ID));
        Ok(object)
    }
}
