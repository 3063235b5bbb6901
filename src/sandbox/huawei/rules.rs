//! The documented rules of the create and update bodies that several kinds share.

use serde_json::Value;

use super::errors::bad_request;
use crate::providers::huawei::models;
use crate::sandbox::skeleton::Refusal;

/// A string field of a create body that must be present and not empty.
pub(super) fn required<'a>(body: &'a Value, field: &str) -> Result<&'a str, Refusal> {
    body[field]
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| bad_request(&format!("{field} is mandatory.")))
}

pub(super) fn check_name(body: &Value, required_here: bool) -> Result<(), Refusal> {
    match body.get("name") {
        None | Some(Value::Null) if !required_here => Ok(()),
        Some(Value::String(name)) => models::check_name("name", name)
            .map(|_| ())
            .map_err(|e| bad_request(&e.message)),
        _ => Err(bad_request("name is mandatory.")),
    }
}

/// `max`: the documented length limit of the kind, if any (only cloud connections have one).
pub(super) fn check_description(body: &Value, max: Option<usize>) -> Result<(), Refusal> {
    match body.get("description") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(d)) => models::check_description("description", d, max)
            .map(|_| ())
            .map_err(|e| bad_request(&e.message)),
        Some(_) => Err(bad_request("description must be a string.")),
    }
}

pub(super) fn positive(body: &Value, field: &str) -> Result<u64, Refusal> {
    body[field].as_u64().filter(|b| *b >= 1).ok_or_else(|| {
        bad_request(&format!(
            "{field} must be a whole number of Mbit/s, at least 1."
        ))
    })
}
