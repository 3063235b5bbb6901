//! Inter-region bandwidths: two different regions, over a bandwidth package bound to the same
//! cloud connection, keeping the rules that span resources (`rules.rs`).

use serde_json::{Value, json};

use super::errors::{bad_request, not_found};
use super::rules::{positive, required};
use super::seed::inter_regions;
use super::store::{Kind, Sim};
use crate::providers::huawei::models::{InterRegion, InterRegionBandwidth};
use crate::sandbox::skeleton::Refusal;

impl Sim {
    pub(super) fn new_inter_region(&self, b: &Value) -> Result<Value, Refusal> {
        let cloud_connection = required(b, "cloud_connection_id")?;
        let package_id = required(b, "bandwidth_package_id")?;
        let bandwidth = positive(b, "bandwidth")?;
        let regions: Vec<String> = b["inter_region_ids"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if regions.len() != 2 || regions[0] == regions[1] {
            return Err(bad_request(
                "inter_region_ids must be two different regions.",
            ));
        }
        self.cloud_connection_exists(cloud_connection)?;
        let Some(package) = self.find(Kind::BandwidthPackage, package_id) else {
            return Err(not_found("bandwidth package", package_id));
        };
        if self.bandwidth_packages[package].object["resource_id"] != cloud_connection {
            return Err(bad_request(
                "The bandwidth package is not bound to this cloud connection.",
            ));
        }
        if let Some(package) = self.view(Kind::BandwidthPackage, package_id) {
            let planned = InterRegionBandwidth {
                cloud_connection_id: Some(cloud_connection.to_string()),
                bandwidth_package_id: Some(package_id.to_string()),
                bandwidth: Some(bandwidth),
                inter_regions: Some(vec![InterRegion {
                    local_region_id: Some(regions[0].clone()),
                    remote_region_id: Some(regions[1].clone()),
                }]),
                ..InterRegionBandwidth::default()
            };
            self.inter_region_rules(&planned, &package)?;
        }
        let mut object = self.common(b);
        object["name"] = json!("");
        object["cloud_connection_id"] = json!(cloud_connection);
        object["bandwidth_package_id"] = json!(package_id);
        object["bandwidth"] = json!(bandwidth);
        object["inter_regions"] = inter_regions(&regions);
        Ok(object)
    }
}
