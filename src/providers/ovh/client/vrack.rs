//! The vRack calls: which OCC services may join a vRack, which are in it, attaching and
//! detaching one, and the vRack's own tasks (which vanish when done).

use reqwest::Method;

use super::{OvhClient, unsure};
use crate::error::{ErrorKind, Result};
use crate::http::Call;
use crate::providers::Typed;
use crate::providers::ovh::models::{AllowedServices, VrackTask};
use crate::providers::ovh::paths;

impl OvhClient {
    /// The OCC services that may join `vrack` (`allowedServices?serviceFamily=ovhCloudConnect`,
    /// its `ovhCloudConnect` list; `null` is none).
    pub async fn vrack_eligible(&self, vrack: &str) -> Result<Vec<String>> {
        let call = Call::get(
            paths::VRACK_ALLOWED.fill(&[("serviceName", vrack)]),
            format!("list the services allowed in vRack `{vrack}`"),
        )
        .query("serviceFamily", paths::SERVICE_FAMILY);
        let allowed: AllowedServices = self.json(&call).await?;
        Ok(allowed.ovh_cloud_connect.unwrap_or_default())
    }

    /// The OCC services already in `vrack`.
    pub async fn vrack_services(&self, vrack: &str) -> Result<Vec<String>> {
        self.ids(&Call::get(
            paths::VRACK_SERVICES.fill(&[("serviceName", vrack)]),
            format!("list the OVHcloud Connect services of vRack `{vrack}`"),
        ))
        .await
    }

    /// Puts `service` in `vrack`: the vRack task.
    pub async fn vrack_attach(&self, vrack: &str, service: &str) -> Result<Typed<VrackTask>> {
        let call = Call::create(
            Method::POST,
            paths::VRACK_SERVICES.fill(&[("serviceName", vrack)]),
            format!("attach `{service}` to vRack `{vrack}`"),
        )
        .planned(serde_json::json!({ "id": 0, "function": "addOvhCloudConnectToVrack", "status": "todo", "serviceName": vrack }))
        .json(serde_json::json!({ "ovhCloudConnect": service }));
        self.typed(&call, "vRack task").await.map_err(unsure)
    }

    /// Takes `service` out of `vrack`: the vRack task.
    pub async fn vrack_detach(&self, vrack: &str, service: &str) -> Result<Typed<VrackTask>> {
        let call = Call::idempotent(
            Method::DELETE,
            paths::VRACK_SERVICE.fill(&[("serviceName", vrack), ("ovhCloudConnect", service)]),
            format!("detach `{service}` from vRack `{vrack}`"),
        )
        .planned(serde_json::json!({ "id": 0, "function": "removeOvhCloudConnectFromVrack", "status": "todo", "serviceName": vrack }));
        self.typed(&call, "vRack task").await
    }

    /// One vRack task, or `None` when it answers 404: vRack tasks disappear once finished
    /// [REPO terraform `ovh/vrack_task.go`].
    pub async fn vrack_task(&self, vrack: &str, id: u64) -> Result<Option<Typed<VrackTask>>> {
        let call = Call::get(
            paths::VRACK_TASK.fill(&[("serviceName", vrack), ("taskId", &id.to_string())]),
            format!("get vRack task {id} of `{vrack}`"),
        );
        match self.typed(&call, "vRack task").await {
            Ok(task) => Ok(Some(task)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}
