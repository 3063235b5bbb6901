//! The vRack calls: which OCC services may join a vRack, which are in it, attaching and
//! detaching one, and the vRack's own tasks (which vanish when done).

use super::OvhClient;
use super::kinds::{VRACK_SERVICE, VRACK_TASK};
use crate::error::Result;
use crate::http::Call;
use crate::providers::Typed;
use crate::providers::ovh::models::{AllowedServices, VrackTask};
use crate::providers::ovh::paths;

/// The scope of a vRack's objects.
fn of(vrack: &str) -> Vec<(&'static str, String)> {
    vec![("serviceName", vrack.to_string())]
}

/// A dry run's stand-in for the vRack task of `function`.
fn planned(function: &str, vrack: &str) -> serde_json::Value {
    serde_json::json!({ "id": 0, "function": function, "status": "todo", "serviceName": vrack })
}

impl OvhClient {
    /// The OCC services that may join `vrack` (`allowedServices?serviceFamily=ovhCloudConnect`,
    /// its `ovhCloudConnect` list; `null` is none).
    pub async fn vrack_eligible(&self, vrack: &str) -> Result<Vec<String>> {
        let call = Call::get(
            paths::VRACK_ALLOWED.fill(&[("serviceName", vrack)]),
            format!("list the services allowed in vRack `{vrack}`"),
        )
        .query("serviceFamily", paths::SERVICE_FAMILY);
        let allowed: AllowedServices = self.rest(Vec::new()).send(&call).await?.json()?;
        Ok(allowed.ovh_cloud_connect.unwrap_or_default())
    }

    /// The OCC services already in `vrack`.
    pub async fn vrack_services(&self, vrack: &str) -> Result<Vec<String>> {
        self.rest(of(vrack)).ids(&VRACK_SERVICE).await
    }

    /// Puts `service` in `vrack`: the vRack task.
    pub async fn vrack_attach(&self, vrack: &str, service: &str) -> Result<Typed<VrackTask>> {
        let mut scope = of(vrack);
        scope.push(("ovhCloudConnect", service.to_string()));
        let body = serde_json::json!({ "ovhCloudConnect": service });
        let planned = planned("addOvhCloudConnectToVrack", vrack);
        self.rest(scope).create(&VRACK_SERVICE, body, planned).await
    }

    /// Takes `service` out of `vrack`: the vRack task.
    pub async fn vrack_detach(&self, vrack: &str, service: &str) -> Result<Typed<VrackTask>> {
        let rest = self.rest(of(vrack));
        let planned = planned("removeOvhCloudConnectFromVrack", vrack);
        let reply = rest.delete(&VRACK_SERVICE, service, Some(planned)).await?;
        rest.answer(&VRACK_SERVICE, &reply)
    }

    /// One vRack task, or `None` when it answers 404: vRack tasks disappear once finished
    /// [REPO terraform `ovh/vrack_task.go`].
    pub async fn vrack_task(&self, vrack: &str, id: u64) -> Result<Option<Typed<VrackTask>>> {
        let rest = self.rest(of(vrack));
        rest.get_if_exists(&VRACK_TASK, &id.to_string()).await
    }
}
