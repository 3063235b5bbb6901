//! The create bodies of OVH configurations, built in one place from fields named as a
//! desired-state file names them: `cc ovh pop|dc|extra create` hand their flags over in those
//! names, `cc apply` the file's fields, and what exists is read back into the same models, so
//! that the commands, the rules over a file (`desired_rules.rs`) and the creates of `cc apply`
//! (`desired_apply.rs`) judge and send one thing.
//!
//! Values come typed by the file's reader or the flags' parser (integers as numbers, the rest as
//! text), so a field that is not there is `None`, as an unset flag is. Text is trimmed.
//!
//! The `*_body` builders are what is sent: each checks what can be checked of the body alone
//! (`rules.rs`; a datacenter configuration's layer and an extra's datacenter subnet are judged
//! once its parent is read). Their refusals name the body's fields; the caller names them by its
//! own words (the flags, or the file's fields: [`POP_NAMES`]...).

use serde_json::Value;

use super::models::{DatacenterConfig, DatacenterExtraConfig, ExtraType, PopConfig, PopType};
use super::rules;
use crate::error::Result;

/// The body fields of each kind as the file names them: (the schema's field, the file's).
pub const POP_NAMES: &[(&str, &str)] = &[
    ("interfaceId", "interface"),
    ("type", "type"),
    ("customerBgpArea", "customer_asn"),
    ("ovhBgpArea", "ovh_asn"),
    ("subnet", "subnet"),
];
/// See [`POP_NAMES`].
pub const DC_NAMES: &[(&str, &str)] = &[
    ("datacenterId", "datacenter"),
    ("ovhBgpArea", "ovh_asn"),
    ("subnet", "subnet"),
];
/// See [`POP_NAMES`].
pub const EXTRA_NAMES: &[(&str, &str)] = &[
    ("type", "type"),
    ("subnet", "subnet"),
    ("nextHop", "next_hop"),
    ("bgpNeighborArea", "bgp_neighbor_asn"),
    ("bgpNeighborIp", "bgp_neighbor_ip"),
];

fn number<'a>(get: &impl Fn(&str) -> Option<&'a Value>, field: &str) -> Option<u64> {
    get(field).and_then(|v| v.as_u64().or_else(|| v.as_str()?.trim().parse().ok()))
}

fn text<'a>(get: &impl Fn(&str) -> Option<&'a Value>, field: &str) -> Option<String> {
    get(field).map(|v| match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    })
}

/// A POP configuration body from fields read by `get` (file names).
pub fn pop<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> PopConfig {
    PopConfig {
        id: None,
        status: None,
        interface_id: number(&get, "interface").unwrap_or_default(),
        kind: PopType::parse(&text(&get, "type").unwrap_or_default()),
        customer_bgp_area: number(&get, "customer_asn"),
        ovh_bgp_area: number(&get, "ovh_asn"),
        subnet: text(&get, "subnet"),
    }
}

/// A datacenter configuration body from fields read by `get` (file names).
pub fn datacenter<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> DatacenterConfig {
    DatacenterConfig {
        id: None,
        status: None,
        datacenter_id: number(&get, "datacenter").unwrap_or_default(),
        ovh_bgp_area: number(&get, "ovh_asn"),
        subnet: text(&get, "subnet"),
    }
}

/// An extra configuration body from fields read by `get` (file names).
pub fn extra<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> DatacenterExtraConfig {
    DatacenterExtraConfig {
        id: None,
        status: None,
        kind: ExtraType::parse(&text(&get, "type").unwrap_or_default()),
        subnet: text(&get, "subnet"),
        next_hop: text(&get, "next_hop"),
        bgp_neighbor_area: number(&get, "bgp_neighbor_asn"),
        bgp_neighbor_ip: text(&get, "bgp_neighbor_ip"),
    }
}

/// The body of a POP configuration create from fields read by `get`, checked whole
/// ([`rules::check_pop`]: each value alone, then the layer's combination).
pub fn pop_body<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> Result<PopConfig> {
    let body = pop(get);
    rules::check_pop(&body)?;
    Ok(body)
}

/// The body of a datacenter configuration create from fields read by `get`, its values checked
/// alone ([`rules::check_datacenter_values`]; the layer of its POP is judged once read).
pub fn datacenter_body<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> Result<DatacenterConfig> {
    let body = datacenter(get);
    rules::check_datacenter_values(&body)?;
    Ok(body)
}

/// The body of an extra configuration create from fields read by `get`, its fields checked for
/// its type ([`rules::check_extra_fields`]; its datacenter subnet is judged once read).
pub fn extra_body<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> Result<DatacenterExtraConfig> {
    let body = extra(get);
    rules::check_extra_fields(&body)?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    #[test]
    fn a_files_fields_make_the_body_the_command_sends() {
        let fields: BTreeMap<&str, Value> = [
            ("interface", json!(2002)),
            ("type", json!("l3")),
            ("customer_asn", json!(65400)),
            ("ovh_asn", json!(65401)),
            ("subnet", json!(" 192.0.2.0/30 ")),
        ]
        .into_iter()
        .collect();
        let body = pop(|f| fields.get(f));
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"interfaceId": 2002, "type": "l3", "customerBgpArea": 65400, "ovhBgpArea": 65401, "subnet": "192.0.2.0/30"})
        );
        let route: BTreeMap<&str, Value> = [
            ("type", json!("network")),
            ("subnet", json!("172.16.1.0/24")),
            ("next_hop", json!("10.10.0.11")),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            serde_json::to_value(extra(|f| route.get(f))).unwrap(),
            json!({"type": "network", "subnet": "172.16.1.0/24", "nextHop": "10.10.0.11"})
        );
        let dc: BTreeMap<&str, Value> = [("datacenter", json!(5))].into_iter().collect();
        assert_eq!(
            serde_json::to_value(datacenter(|f| dc.get(f))).unwrap(),
            json!({"datacenterId": 5})
        );
    }
}
