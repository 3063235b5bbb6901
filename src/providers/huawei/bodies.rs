//! The create bodies that a `cc huawei ... create` and `cc apply` both send: one builder per
//! kind, so that a flag and the file field that carries the same value meet the same checks in
//! the same order and fill the same body.
//!
//! The values come in already typed (a command's flags through clap, a file's fields read by
//! `desired_apply.rs`); what is checked here is their content. A refusal names the body's field
//! (`local_area_id`, `cidrs`); each caller gives it its own name afterwards (the command its
//! flag, through `Error::naming`, apply the file's field). Names are resolved to ids by the
//! caller, after these checks pass, so that a bad value sends nothing, not even a look-up.

use std::future::Future;

use super::HuaweiClient;
use super::models::{
    self, BandwidthPackage, BillingMode, ChargeMode, CreateBandwidthPackage, CreateNetworkInstance,
    InterflowMode, NetworkInstanceType, PrepaidOptions,
};
use crate::error::Result;
use crate::validate;

/// The subnets a network instance publishes, in CIDR notation, each once (field `cidrs`).
pub fn check_cidrs(cidrs: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for text in cidrs {
        let net = validate::cidr("cidrs", text)?.to_string();
        if out.contains(&net) {
            return Err(validate::refuse("cidrs", Some(net), "given twice"));
        }
        out.push(net);
    }
    Ok(out)
}

/// What a network instance to create is given.
pub struct NetworkInstanceValues<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub instance_type: NetworkInstanceType,
    pub instance_id: &'a str,
    pub instance_domain_id: Option<&'a str>,
    pub project_id: &'a str,
    pub region_id: &'a str,
    pub cidrs: &'a [String],
}

impl NetworkInstanceValues<'_> {
    /// The create's body, every value checked first; then `cloud_connection` (not started until
    /// then) gives the id of the cloud connection to load it on.
    pub async fn body(
        &self,
        cloud_connection: impl Future<Output = Result<String>>,
    ) -> Result<CreateNetworkInstance> {
        let name = models::check_name("name", self.name)?;
        // VPC and virtual gateway ids are UUIDs [INF, see `models`].
        let instance_id = validate::uuid("instance_id", self.instance_id.trim())?;
        let project_id = models::check_token("project_id", self.project_id)?;
        let region_id = models::check_token("region_id", self.region_id)?;
        let cidrs = check_cidrs(self.cidrs)?;
        let description = self
            .description
            .map(|d| models::check_description("description", d, None))
            .transpose()?;
        let instance_domain_id = self
            .instance_domain_id
            .map(|d| models::check_token("instance_domain_id", d))
            .transpose()?;
        Ok(CreateNetworkInstance {
            name,
            description,
            instance_type: self.instance_type,
            instance_id,
            instance_domain_id,
            project_id,
            region_id,
            cloud_connection_id: cloud_connection.await?,
            cidrs,
        })
    }
}

/// A VPC of another account (`instance_domain_id`) is loaded only once its owner granted it to
/// the cloud connection ([`HuaweiClient::check_granted`]); one of this account needs no grant.
pub async fn check_loadable(c: &HuaweiClient, body: &CreateNetworkInstance) -> Result<()> {
    match &body.instance_domain_id {
        Some(owner) => {
            let (vpc, cc) = (&body.instance_id, &body.cloud_connection_id);
            c.check_granted("instance_domain_id", owner, vpc, cc).await
        }
        None => Ok(()),
    }
}

/// What a bandwidth package to buy is given.
pub struct PackageValues<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub project_id: &'a str,
    /// The local end, then the remote one: areas, or region ids in Region mode.
    pub ends: [&'a str; 2],
    pub bandwidth: u32,
    pub charge_mode: ChargeMode,
    pub billing_mode: BillingMode,
    pub interflow_mode: Option<InterflowMode>,
    pub spec_code: Option<&'a str>,
    /// The period of a yearly/monthly package (billing modes 1 and 2), checked by the caller.
    pub prepaid_options: Option<PrepaidOptions>,
}

impl PackageValues<'_> {
    /// The create's body, every value checked, bound to no cloud connection yet
    /// ([`CreateBandwidthPackage::bound_to`]).
    pub fn body(&self) -> Result<CreateBandwidthPackage> {
        let name = models::check_name("name", self.name)?;
        let project_id = models::check_token("project_id", self.project_id)?;
        let [local, remote] = self.ends;
        let [local_area_id, remote_area_id] = models::check_interflow_ends(
            self.interflow_mode.map(InterflowMode::as_str),
            [("local_area_id", local), ("remote_area_id", remote)],
        )?;
        let bandwidth = models::check_bandwidth("bandwidth", self.bandwidth)?;
        let spec_code = self
            .spec_code
            .map(|s| models::check_token("spec_code", s))
            .transpose()?;
        if self.interflow_mode == Some(InterflowMode::Region) && spec_code.is_none() {
            return Err(validate::refuse(
                "spec_code",
                None,
                "required in the Region interflow mode, to name the region pair (e.g. Beijing4toGuangzhou)",
            ));
        }
        let description = self
            .description
            .map(|d| models::check_description("description", d, None))
            .transpose()?;
        Ok(CreateBandwidthPackage {
            name,
            description,
            project_id,
            local_area_id,
            remote_area_id,
            charge_mode: self.charge_mode,
            billing_mode: self.billing_mode,
            bandwidth,
            resource_id: None,
            resource_type: None,
            spec_code,
            interflow_mode: self.interflow_mode,
            prepaid_options: self.prepaid_options.clone(),
        })
    }
}

impl CreateBandwidthPackage {
    /// The same package, bound at once to the cloud connection `id` when there is one.
    pub fn bound_to(self, id: Option<String>) -> Self {
        CreateBandwidthPackage {
            resource_type: id
                .as_ref()
                .map(|_| models::RESOURCE_TYPE_CLOUD_CONNECTION.to_string()),
            resource_id: id,
            ..self
        }
    }
}

/// The two regions of an inter-region bandwidth (field `inter_region_ids`): two, and different.
pub fn check_region_pair(regions: &[String]) -> Result<[String; 2]> {
    let field = "inter_region_ids";
    let regions: Vec<String> = regions
        .iter()
        .map(|r| models::check_token(field, r))
        .collect::<Result<_>>()?;
    match <[String; 2]>::try_from(regions) {
        Ok([a, b]) if a != b => Ok([a, b]),
        Ok([a, _]) => Err(validate::refuse(
            field,
            Some(a),
            "given twice: an inter-region bandwidth joins two different regions",
        )),
        Err(other) => Err(validate::refuse(
            field,
            None,
            format!(
                "give exactly two regions (one per end), not {}",
                other.len()
            ),
        )),
    }
}

/// An inter-region bandwidth draws from a package bound to its own cloud connection [INF, see
/// `models`]: refused before sending (field `bandwidth_package_id`), rather than by the API.
/// The fix depends on the caller, who adds it as a hint.
pub fn check_bound(package: &BandwidthPackage, cloud_connection_id: &str) -> Result<()> {
    let bound = package.resource_id.as_deref().filter(|r| !r.is_empty());
    let why = match bound {
        Some(bound) if bound == cloud_connection_id => return Ok(()),
        Some(other) => {
            format!("it is bound to cloud connection {other}, not {cloud_connection_id}")
        }
        None => "it is not bound to any cloud connection".to_string(),
    };
    let named = validate::quoted(&package.name);
    Err(validate::refuse("bandwidth_package_id", named, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package<'a>(mode: Option<InterflowMode>, ends: [&'a str; 2]) -> PackageValues<'a> {
        PackageValues {
            name: "bwp-1",
            description: None,
            project_id: "p1",
            ends,
            bandwidth: 5,
            charge_mode: ChargeMode::Bandwidth,
            billing_mode: BillingMode::PayPerUseInternational,
            interflow_mode: mode,
            spec_code: None,
            prepaid_options: None,
        }
    }

    #[test]
    fn a_package_is_bound_only_when_given_a_cloud_connection() {
        let body = package(None, ["Asia-Pacific", "Africa"]).body().unwrap();
        assert_eq!(body.resource_id, None);
        assert_eq!(body.resource_type, None);
        let bound = body.bound_to(Some("cc1".into()));
        assert_eq!(bound.resource_id.as_deref(), Some("cc1"));
        assert_eq!(bound.resource_type.as_deref(), Some("cloud_connection"));
    }

    #[test]
    fn region_mode_needs_the_spec_code_and_names_the_body_fields() {
        let err = package(Some(InterflowMode::Region), ["cn-north-4", "cn-south-1"])
            .body()
            .unwrap_err();
        assert!(
            err.message.starts_with("spec_code: required"),
            "{}",
            err.message
        );
        let err = package(None, ["Asia-Pacific", "cn-south-1"])
            .body()
            .unwrap_err();
        assert!(
            err.message.starts_with("remote_area_id `cn-south-1`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_region_pair_is_two_different_regions() {
        let pair =
            |r: &[&str]| check_region_pair(&r.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            pair(&["cn-north-4", "cn-south-1"]).unwrap(),
            ["cn-north-4", "cn-south-1"]
        );
        let err = pair(&["cn-north-4", "cn-north-4"]).unwrap_err();
        assert!(
            err.message
                .starts_with("inter_region_ids cn-north-4: given twice"),
            "{}",
            err.message
        );
        let err = pair(&["cn-north-4"]).unwrap_err();
        assert!(err.message.ends_with("not 1"), "{}", err.message);
    }

    #[test]
    fn a_package_drawn_from_is_bound_to_the_same_cloud_connection() {
        let package = |bound: Option<&str>| BandwidthPackage {
            name: "bwp".into(),
            resource_id: bound.map(String::from),
            ..BandwidthPackage::default()
        };
        assert!(check_bound(&package(Some("cc1")), "cc1").is_ok());
        let err = check_bound(&package(Some("cc2")), "cc1").unwrap_err();
        assert_eq!(
            err.message,
            "bandwidth_package_id `bwp`: it is bound to cloud connection cc2, not cc1"
        );
        let err = check_bound(&package(Some("")), "cc1").unwrap_err();
        assert!(
            err.message.ends_with("not bound to any cloud connection"),
            "{}",
            err.message
        );
    }

    #[test]
    fn cidrs_are_normalised_and_each_given_once() {
        let given = ["10.0.0.0/24".to_string(), " 10.0.1.0/24".to_string()];
        assert_eq!(check_cidrs(&given).unwrap(), ["10.0.0.0/24", "10.0.1.0/24"]);
        let twice = ["10.0.0.0/24".to_string(), "10.0.0.0/24 ".to_string()];
        let err = check_cidrs(&twice).unwrap_err();
        assert_eq!(err.message, "cidrs 10.0.0.0/24: given twice");
        assert!(check_cidrs(&["10.0.0.1/24".to_string()]).is_err());
    }
}
