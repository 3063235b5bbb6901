//! The documented rules of the create and update bodies that several kinds share, and the rules
//! that span resources, which the simulator judges with the client's own checks.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::errors::{bad_request, bad_request_code};
use super::store::{Kind, Sim};
use crate::providers::huawei::models::{
    self, BandwidthPackage, CloudConnection, InterRegionBandwidth, NetworkInstance,
};
use crate::providers::huawei::rules as spans;
use crate::rules::Breach;
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

/// The rules that span resources, judged by the client's own checks
/// (`providers::huawei::rules`) over the simulator's stores. A breach is a 400 in the API's
/// shape: `CC.1056` for a package shrunk below what is drawn from it (the documented code), and
/// `CC.1001` (invalid parameter) for the others, whose own codes are not documented [INF]. The
/// message is the breach's: both parties by their fields, names and ids, and the rule.
impl Sim {
    /// Every object of `kind` as `R`, as it looks now.
    pub(super) fn views<R: DeserializeOwned>(&self, kind: Kind) -> Vec<R> {
        (0..self.store(kind).len())
            .filter_map(|i| serde_json::from_value(self.render(kind, i)).ok())
            .collect()
    }

    /// The object of `kind` with `id` as `R`, if there is one.
    pub(super) fn view<R: DeserializeOwned>(&self, kind: Kind, id: &str) -> Option<R> {
        let index = self.find(kind, id)?;
        serde_json::from_value(self.render(kind, index)).ok()
    }

    /// A new inter-region bandwidth (`planned`) over its package: the package carries it, its
    /// regions lie within the package's ends, no other joins them, both hold a network instance.
    pub(super) fn inter_region_rules(
        &self,
        planned: &InterRegionBandwidth,
        package: &BandwidthPackage,
    ) -> Result<(), Refusal> {
        let existing: Vec<InterRegionBandwidth> = self.views(Kind::InterRegionBandwidth);
        let instances: Vec<NetworkInstance> = self.views(Kind::NetworkInstance);
        let cloud_connection = text_of(&planned.cloud_connection_id);
        let cc: CloudConnection = self
            .view(Kind::CloudConnection, cloud_connection)
            .unwrap_or_default();
        let planned = std::slice::from_ref(planned);
        refuse(
            [
                spans::package_carries(package, planned, &existing),
                spans::regions_in_package(&planned[0], package),
                spans::one_per_region_pair(planned, &existing),
                spans::regions_have_instances(&planned[0], &cc, &instances),
            ]
            .concat(),
        )
    }

    /// A package to create or bind (`planned`) on the cloud connection `cloud_connection`.
    pub(super) fn package_rules(
        &self,
        planned: &BandwidthPackage,
        cloud_connection: &str,
    ) -> Result<(), Refusal> {
        let cc: CloudConnection = self
            .view(Kind::CloudConnection, cloud_connection)
            .unwrap_or_default();
        let bound: Vec<BandwidthPackage> = self.views(Kind::BandwidthPackage);
        refuse(spans::one_package_per_areas(planned, &cc, &bound))
    }

    /// A new network instance (`planned`): its VPC loaded nowhere yet, its subnets overlapping
    /// none of its cloud connection's.
    pub(super) fn instance_rules(&self, planned: &NetworkInstance) -> Result<(), Refusal> {
        let existing: Vec<NetworkInstance> = self.views(Kind::NetworkInstance);
        let planned = std::slice::from_ref(planned);
        refuse(
            [
                spans::vpc_loaded_once(planned, &existing),
                spans::cidrs_disjoint(planned, &existing),
            ]
            .concat(),
        )
    }

    /// An update `b` of the `kind` with `id`: a new bandwidth of an inter-region bandwidth or a
    /// package, or new subnets of a network instance, checked against the rest.
    pub(super) fn update_rules(&self, kind: Kind, id: &str, b: &Value) -> Result<(), Refusal> {
        match kind {
            Kind::InterRegionBandwidth if b.get("bandwidth").is_some() => {
                let Some(current) = self.view::<InterRegionBandwidth>(kind, id) else {
                    return Ok(());
                };
                let package = text_of(&current.bandwidth_package_id);
                let Some(package) = self.view::<BandwidthPackage>(Kind::BandwidthPackage, package)
                else {
                    return Ok(());
                };
                let planned = InterRegionBandwidth {
                    bandwidth: b["bandwidth"].as_u64(),
                    ..current
                };
                let existing: Vec<InterRegionBandwidth> = self.views(kind);
                refuse(spans::package_carries(&package, &[planned], &existing))
            }
            Kind::BandwidthPackage if b.get("bandwidth").is_some() => {
                let (Some(package), Some(size)) = (
                    self.view::<BandwidthPackage>(kind, id),
                    b["bandwidth"].as_u64(),
                ) else {
                    return Ok(());
                };
                let drawn: Vec<InterRegionBandwidth> = self.views(Kind::InterRegionBandwidth);
                match spans::package_resized(&package, size, &drawn)
                    .into_iter()
                    .next()
                {
                    Some(breach) => Err(bad_request_code("CC.1056", &breach.message())),
                    None => Ok(()),
                }
            }
            Kind::NetworkInstance if b.get("cidrs").is_some_and(|c| !c.is_null()) => {
                let cidrs = check_cidrs(b)?;
                let Some(current) = self.view::<NetworkInstance>(kind, id) else {
                    return Ok(());
                };
                let planned = NetworkInstance {
                    cidrs: Some(cidrs),
                    ..current
                };
                let existing: Vec<NetworkInstance> = self.views(kind);
                refuse(spans::cidrs_disjoint(&[planned], &existing))
            }
            _ => Ok(()),
        }
    }
}

/// `cidrs`: a non-empty list of subnets in CIDR notation, as the API takes them.
pub(super) fn check_cidrs(b: &Value) -> Result<Vec<String>, Refusal> {
    let cidrs: Vec<String> = b["cidrs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    let listed = b["cidrs"].as_array().map_or(0, Vec::len);
    if cidrs.is_empty()
        || cidrs.len() != listed
        || cidrs
            .iter()
            .any(|c| crate::validate::cidr("cidrs", c).is_err())
    {
        return Err(bad_request(
            "cidrs must be a non-empty list of subnets in CIDR notation.",
        ));
    }
    Ok(cidrs)
}

fn text_of(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default()
}

/// The first breach, as the API's 400 `CC.1001`.
fn refuse(breaches: Vec<Breach>) -> Result<(), Refusal> {
    match breaches.into_iter().next() {
        Some(breach) => Err(bad_request(&breach.message())),
        None => Ok(()),
    }
}
