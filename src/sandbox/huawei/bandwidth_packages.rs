//! Bandwidth packages: the create's rules (interflow ends, charge and billing modes, prepaid
//! options), and binding to a cloud connection (associate/disassociate), refused while an
//! inter-region bandwidth uses the package (`CC.1052`).

use serde_json::{Value, json};

use super::errors::{answer, bad_request, bad_request_code, not_found};
use super::rules::{check_description, check_name, positive, required};
use super::store::{Kind, Sim, now_text, text};
use crate::providers::huawei::models::{self, BandwidthPackage};
use crate::sandbox::skeleton::{Answer, Refusal};
use axum::http::StatusCode;

/// `prepaid_options`: mandatory for the yearly/monthly billing modes, with a `period_type` of
/// month or year and a `period_num` of at least 1 [SDK `CreatePrepaidOptions`].
fn check_prepaid(body: &Value, prepaid: bool) -> Result<(), Refusal> {
    let options = body.get("prepaid_options").filter(|o| !o.is_null());
    let Some(options) = options else {
        return if prepaid {
            Err(bad_request(
                "prepaid_options is mandatory for billing modes 1 and 2.",
            ))
        } else {
            Ok(())
        };
    };
    if !models::PERIOD_TYPES.contains(&options["period_type"].as_str().unwrap_or_default()) {
        return Err(bad_request(
            "prepaid_options.period_type must be month or year.",
        ));
    }
    if options["period_num"].as_u64().is_none_or(|n| n < 1) {
        return Err(bad_request(
            "prepaid_options.period_num must be at least 1.",
        ));
    }
    for flag in ["is_auto_renew", "is_auto_pay"] {
        if options.get(flag).is_some_and(|v| !v.is_boolean()) {
            return Err(bad_request(&format!(
                "prepaid_options.{flag} must be a boolean."
            )));
        }
    }
    Ok(())
}

impl Sim {
    pub(super) fn new_bandwidth_package(&self, b: &Value) -> Result<Value, Refusal> {
        check_name(b, true)?;
        check_description(b, None)?;
        required(b, "project_id")?;
        let mode = match b.get("interflow_mode").filter(|m| !m.is_null()) {
            None => None,
            Some(m) => match m.as_str().filter(|m| models::INTERFLOW_MODES.contains(m)) {
                Some(m) => Some(m),
                None => return Err(bad_request("interflow_mode must be Area or Region.")),
            },
        };
        let ends = [
            ("local_area_id", required(b, "local_area_id")?),
            ("remote_area_id", required(b, "remote_area_id")?),
        ];
        match models::check_interflow_ends(mode, ends) {
            Ok(checked) if checked == [ends[0].1, ends[1].1] => {}
            Ok(_) => {
                return Err(bad_request(
                    "local_area_id and remote_area_id are case-sensitive.",
                ));
            }
            Err(e) => return Err(bad_request(&e.message)),
        }
        if mode == Some(models::INTERFLOW_REGION) {
            required(b, "spec_code")?;
        }
        if !models::CHARGE_MODES.contains(&required(b, "charge_mode")?) {
            return Err(bad_request("charge_mode must be bandwidth."));
        }
        let billing = b["billing_mode"].as_u64().unwrap_or(0);
        if !(1..=6).contains(&billing) {
            return Err(bad_request("billing_mode must be 1 to 6."));
        }
        check_prepaid(b, models::PREPAID_BILLING_MODES.contains(&(billing as u8)))?;
        positive(b, "bandwidth")?;
        let resource = b
            .get("resource_id")
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty());
        if let Some(resource) = resource {
            if b["resource_type"] != models::RESOURCE_TYPE_CLOUD_CONNECTION {
                return Err(bad_request(
                    "resource_type must be cloud_connection when resource_id is given.",
                ));
            }
            self.cloud_connection_exists(resource)?;
            self.package_rules(
                &BandwidthPackage {
                    name: b["name"].as_str().unwrap_or_default().to_string(),
                    billing_mode: Some(billing.to_string()),
                    local_area_id: Some(ends[0].1.to_string()),
                    remote_area_id: Some(ends[1].1.to_string()),
                    ..BandwidthPackage::default()
                },
                resource,
            )?;
        }
        let mut object = self.common_active(b);
        object["billing_mode"] = json!(billing.to_string());
        for field in [
            "charge_mode",
            "bandwidth",
            "local_area_id",
            "remote_area_id",
            "project_id",
        ] {
            object[field] = b[field].clone();
        }
        object["resource_id"] = json!(resource);
        object["resource_type"] = json!(resource.map(|_| models::RESOURCE_TYPE_CLOUD_CONNECTION));
        object["spec_code"] = b.get("spec_code").cloned().unwrap_or(Value::Null);
        object["interflow_mode"] = json!(mode.unwrap_or(models::INTERFLOW_AREA));
        if let Some(options) = b.get("prepaid_options").filter(|o| !o.is_null()) {
            object["prepaid_options"] = options.clone();
        }
        object["tags"] = json!([]);
        Ok(object)
    }

    pub(super) fn associate(&mut self, id: &str, bind: bool, body: &Value) -> Answer {
        let Some(index) = self.find(Kind::BandwidthPackage, id) else {
            return Err(not_found("bandwidth package", id));
        };
        let b = &body["bandwidth_package"];
        let Some(resource) = b["resource_id"].as_str().filter(|r| !r.is_empty()) else {
            return Err(bad_request("bandwidth_package.resource_id is mandatory."));
        };
        if b["resource_type"] != models::RESOURCE_TYPE_CLOUD_CONNECTION {
            return Err(bad_request(
                "bandwidth_package.resource_type must be cloud_connection.",
            ));
        }
        self.cloud_connection_exists(resource)?;
        let bound = text(&self.bandwidth_packages[index].object["resource_id"]);
        if bind && !bound.is_empty() {
            return Err(bad_request(&format!(
                "The bandwidth package is already bound to cloud connection {bound}."
            )));
        }
        if bind && let Some(package) = self.view::<BandwidthPackage>(Kind::BandwidthPackage, id) {
            self.package_rules(&package, resource)?;
        }
        if !bind && bound != resource {
            return Err(bad_request(
                "The bandwidth package is not bound to this cloud connection.",
            ));
        }
        if !bind && self.count(Kind::InterRegionBandwidth, "bandwidth_package_id", id) > 0 {
            return Err(bad_request_code(
                "CC.1052",
                "The bandwidth package is used by an inter-region bandwidth.",
            ));
        }
        let now = now_text(self.clock);
        let object = &mut self.bandwidth_packages[index].object;
        object["resource_id"] = if bind { json!(resource) } else { Value::Null };
        object["resource_type"] = if bind {
            json!(models::RESOURCE_TYPE_CLOUD_CONNECTION)
        } else {
            Value::Null
        };
        object["updated_at"] = json!(now);
        Ok(answer(
            StatusCode::OK,
            json!({ "bandwidth_package": self.render(Kind::BandwidthPackage, index) }),
        ))
    }
}
