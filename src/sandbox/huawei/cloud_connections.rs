//! Cloud connections: the create's rules (names are unique, `CC.1031`) and tags.

use serde_json::{Value, json};

use super::errors::{bad_request, bad_request_code, no_content, not_found};
use super::rules::{check_description, check_name, required};
use super::store::{Kind, Sim};
use crate::providers::huawei::models;
use crate::sandbox::skeleton::{Answer, Refusal};

impl Sim {
    pub(super) fn new_cloud_connection(&self, b: &Value) -> Result<Value, Refusal> {
        check_name(b, true)?;
        check_description(b, Some(models::DESCRIPTION_MAX))?;
        let name = required(b, "name")?;
        if self
            .cloud_connections
            .iter()
            .any(|e| e.object["name"] == name)
        {
            return Err(bad_request_code(
                "CC.1031",
                &format!("The name {name} is already used by another cloud connection."),
            ));
        }
        let mut object = self.common_active(b);
        object["used_scene"] = json!("vpc");
        object["tags"] = json!([]);
        Ok(object)
    }

    pub(super) fn cloud_connection_exists(&self, id: &str) -> Result<(), Refusal> {
        match self.find(Kind::CloudConnection, id) {
            Some(_) => Ok(()),
            None => Err(not_found("cloud connection", id)),
        }
    }

    pub(super) fn tag(&mut self, id: &str, body: &Value) -> Answer {
        let Some(index) = self.find(Kind::CloudConnection, id) else {
            return Err(not_found("cloud connection", id));
        };
        let Some(tags) = body["tags"].as_array().filter(|t| !t.is_empty()) else {
            return Err(bad_request("tags is mandatory."));
        };
        let mut parsed = Vec::new();
        for tag in tags {
            let (Some(key), Some(value)) = (tag["key"].as_str(), tag["value"].as_str()) else {
                return Err(bad_request("each tag needs a key and a value."));
            };
            if let Err(e) = models::check_tag("tags", &format!("{key}={value}")) {
                return Err(bad_request(&e.message));
            }
            parsed.push((key.to_string(), value.to_string()));
        }
        let object = &mut self.cloud_connections[index].object;
        let mut current: Vec<Value> = object["tags"].as_array().cloned().unwrap_or_default();
        for (key, value) in parsed {
            current.retain(|t| t["key"] != key.as_str());
            current.push(json!({ "key": key, "value": value }));
        }
        object["tags"] = json!(current);
        Ok(no_content())
    }
}
