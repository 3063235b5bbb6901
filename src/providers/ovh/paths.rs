//! Every OVHcloud API path `cc` calls, in one table, relative to the API base (which ends in
//! `/1.0`), with how sure we are of it.
//!
//! Sources: the OpenAPI schemas the official OVHcloud CLI embeds
//! (`provider-notes/ovh-api-schema/{ovhCloudConnect,vrack}.json`, summarised in
//! `provider-notes/huawei-ovh.md` §2.6) and the provider document
//! (`provider-docs/ovhcloud-connect-apiv6-fr.txt`), which names the same calls. Placeholders use
//! the schema's parameter names, in the `{name}` syntax axum also uses, so the sandbox builds its
//! routes from this table. Nothing else in `cc` spells an OVH path: correct them HERE.

pub use crate::providers::endpoint::{Endpoint, Evidence};
use crate::providers::endpoint::{doc, sdk};

/// Server time, unauthenticated: a bare integer of seconds [SDK python-ovh `time_delta`].
pub const AUTH_TIME: Endpoint = sdk("/auth/time");
/// The OAuth2 token path of the OVH auth servers (`https://www.ovh.com/auth/oauth2/token` for
/// ovh-eu) [SDK `ovh/oauth2.py`]; the sandbox serves it under its API base.
pub const OAUTH2_TOKEN: Endpoint = sdk("/auth/oauth2/token");

/// OCC services of the account: `uuid[]` [DOC].
pub const SERVICES: Endpoint = doc("/ovhCloudConnect");
/// One service: `ServiceWithIAM` [DOC schema].
pub const SERVICE: Endpoint = doc("/ovhCloudConnect/{serviceName}");
/// Interface ids of a service: `long[]` [DOC].
pub const INTERFACES: Endpoint = doc("/ovhCloudConnect/{serviceName}/interface");
/// One interface [DOC].
pub const INTERFACE: Endpoint = doc("/ovhCloudConnect/{serviceName}/interface/{id}");
/// OVHcloud datacenters the service may reach: `long[]` [DOC].
pub const DATACENTERS: Endpoint = doc("/ovhCloudConnect/{serviceName}/datacenter");
/// One datacenter [DOC].
pub const DATACENTER: Endpoint = doc("/ovhCloudConnect/{serviceName}/datacenter/{id}");
/// Task ids of a service: `long[]` [DOC schema].
pub const TASKS: Endpoint = doc("/ovhCloudConnect/{serviceName}/task");
/// One task [DOC schema; REPO terraform `waitForOccTask`].
pub const TASK: Endpoint = doc("/ovhCloudConnect/{serviceName}/task/{id}");

/// POP configurations: GET `long[]`, POST `PopConfig` → `Task` [DOC].
pub const POP_CONFIGS: Endpoint = doc("/ovhCloudConnect/{serviceName}/config/pop");
/// One POP configuration: GET, DELETE → `Task` (recursive) [DOC].
pub const POP_CONFIG: Endpoint = doc("/ovhCloudConnect/{serviceName}/config/pop/{popId}");
/// Datacenter configurations of a POP: GET `long[]`, POST `DatacenterConfig` → `Task` [DOC].
pub const DC_CONFIGS: Endpoint =
    doc("/ovhCloudConnect/{serviceName}/config/pop/{popId}/datacenter");
/// One datacenter configuration: GET, DELETE → `Task` (recursive) [DOC].
pub const DC_CONFIG: Endpoint =
    doc("/ovhCloudConnect/{serviceName}/config/pop/{popId}/datacenter/{datacenterId}");
/// Extra configurations (static routes, BGP sessions) of a datacenter configuration: GET
/// `long[]`, POST `DatacenterExtraConfig` → `Task` [DOC].
pub const EXTRA_CONFIGS: Endpoint =
    doc("/ovhCloudConnect/{serviceName}/config/pop/{popId}/datacenter/{datacenterId}/extra");
/// One extra configuration: GET, DELETE → `Task` [DOC].
pub const EXTRA_CONFIG: Endpoint = doc(
    "/ovhCloudConnect/{serviceName}/config/pop/{popId}/datacenter/{datacenterId}/extra/{extraId}",
);

/// The link status of an interface: `InterfaceStatus` (`status` up/down, `lastUp`,
/// `lastDown`, `lastChange`) [DOC schema].
pub const INTERFACE_STATUS: Endpoint = doc("/ovhCloudConnect/{serviceName}/interface/{id}/status");
/// A series of an interface: `Metrics[]`; query `period` and `type` both required [DOC schema].
pub const INTERFACE_STATISTICS: Endpoint =
    doc("/ovhCloudConnect/{serviceName}/interface/{id}/statistics");
/// The BGP session of an L3 POP configuration: `PopConfStatus` (`status`, `lastUp`, `lastDown`,
/// `flapCount`) [DOC schema].
pub const POP_STATUS: Endpoint = doc("/ovhCloudConnect/{serviceName}/config/pop/{popId}/status");
/// A series of a POP configuration (`prefix:accepted`, `prefix:limit`): `Metrics[]`; query
/// `period` and `type` both required [DOC schema].
pub const POP_STATISTICS: Endpoint =
    doc("/ovhCloudConnect/{serviceName}/config/pop/{popId}/statistics");
/// Diagnostics: GET `long[]`, POST `DiagnosticConfiguration` → `Diagnostic` [DOC schema].
pub const DIAGNOSTICS: Endpoint = doc("/ovhCloudConnect/{serviceName}/diagnostic");
/// One diagnostic, polled until its `status` (the task enum) is `done` [DOC schema].
pub const DIAGNOSTIC: Endpoint = doc("/ovhCloudConnect/{serviceName}/diagnostic/{id}");
/// Incidents and maintenances: `long[]` [DOC schema].
pub const INCIDENTS: Endpoint = doc("/ovhCloudConnect/{serviceName}/incident");
/// One incident or maintenance: `Incident` (`type`, `startDate`, `endDate`) [DOC schema].
pub const INCIDENT: Endpoint = doc("/ovhCloudConnect/{serviceName}/incident/{id}");

/// Services allowed to join a vRack, per family; `cc` asks `?serviceFamily=ovhCloudConnect`
/// [DOC vrack schema "List all services allowed in this vrack"].
pub const VRACK_ALLOWED: Endpoint = doc("/vrack/{serviceName}/allowedServices");
/// OCC services in a vRack: GET `uuid[]`; POST `{"ovhCloudConnect": uuid}` → `vrack.Task`
/// [DOC]. (The 2020 document calls the GET's answer "admissibles"; the schema says these are
/// the services already in the vRack, see `VRACK_ALLOWED` for those that may join.)
pub const VRACK_SERVICES: Endpoint = doc("/vrack/{serviceName}/ovhCloudConnect");
/// One OCC service in a vRack: GET, DELETE → `vrack.Task` [DOC vrack schema].
pub const VRACK_SERVICE: Endpoint = doc("/vrack/{serviceName}/ovhCloudConnect/{ovhCloudConnect}");
/// One vRack task; a 404 means it finished [REPO terraform `ovh/vrack_task.go`].
pub const VRACK_TASK: Endpoint = doc("/vrack/{serviceName}/task/{taskId}");

/// The `serviceFamily` of OCC in `allowedServices` [DOC vrack schema `AllowedServiceEnum`].
pub const SERVICE_FAMILY: &str = "ovhCloudConnect";

/// Objects fetched at once when a list of ids is expanded (ovhcloud-cli uses 10, §2.9).
pub const FAN_OUT: usize = 10;

/// Every path above, for the sandbox and the tests.
pub const ALL: &[Endpoint] = &[
    AUTH_TIME,
    OAUTH2_TOKEN,
    SERVICES,
    SERVICE,
    INTERFACES,
    INTERFACE,
    DATACENTERS,
    DATACENTER,
    TASKS,
    TASK,
    POP_CONFIGS,
    POP_CONFIG,
    DC_CONFIGS,
    DC_CONFIG,
    EXTRA_CONFIGS,
    EXTRA_CONFIG,
    INTERFACE_STATUS,
    INTERFACE_STATISTICS,
    POP_STATUS,
    POP_STATISTICS,
    DIAGNOSTICS,
    DIAGNOSTIC,
    INCIDENTS,
    INCIDENT,
    VRACK_ALLOWED,
    VRACK_SERVICES,
    VRACK_SERVICE,
    VRACK_TASK,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_encodes() {
        assert_eq!(
            EXTRA_CONFIG.fill(&[
                ("serviceName", "svc-1"),
                ("popId", "1"),
                ("datacenterId", "2"),
                ("extraId", "3")
            ]),
            "/ovhCloudConnect/svc-1/config/pop/1/datacenter/2/extra/3"
        );
        assert_eq!(
            VRACK_SERVICE.fill(&[("serviceName", "pn-1"), ("ovhCloudConnect", "a/b")]),
            "/vrack/pn-1/ovhCloudConnect/a%2Fb"
        );
    }
}
