//! Network instances: the create's rules (a VPC or virtual gateway of a project and region,
//! subnets in CIDR notation, on an existing cloud connection, keeping the rules that span
//! resources: its VPC loaded nowhere else, its subnets clear of its cloud connection's);
//! PENDING until provisioned.

use serde_json::{Value, json};

use super::DOMAIN_ID;
use super::errors::bad_request;
use super::rules::{check_cidrs, check_description, check_name, required};
use super::store::Sim;
use crate::providers::huawei::models::{self, NetworkInstance};
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
        let cidrs = check_cidrs(b)?;
        self.cloud_connection_exists(cloud_connection)?;
        self.load_allowed(b)?;
        self.instance_rules(&NetworkInstance {
            cloud_connection_id: Some(cloud_connection.to_string()),
            instance_type: b["type"].as_str().map(str::to_string),
            instance_id: b["instance_id"].as_str().map(str::to_string),
            region_id: b["region_id"].as_str().map(str::to_string),
            cidrs: Some(cidrs),
            ..NetworkInstance::default()
        })?;
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
