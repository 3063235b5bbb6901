//! The calls behind a link's health: the `/status` of interfaces and BGP sessions, statistics
//! series, incidents, diagnostics, and the one update OCC allows on a service (its
//! description).
//!
//! Statistics are a query over an object rather than a kind of object (both `period` and `type`
//! are required by the schema), so they are one GET built here; the rest are kinds of
//! [`super::kinds`].

use reqwest::Method;
use serde_json::json;

use super::OvhClient;
use super::kinds::{DIAGNOSTIC, INCIDENT, INTERFACE_STATUS, POP_STATUS, SERVICE};
use crate::error::Result;
use crate::http::Call;
use crate::providers::Typed;
use crate::providers::ovh::models::Service;
use crate::providers::ovh::paths;
use crate::providers::ovh::readings::{
    Diagnostic, DiagnosticConfiguration, Incident, LinkStatus, Metric,
};

/// What a series is of: an interface, or a POP configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesOf {
    /// `interface/{id}/statistics` (`traffic:*`, `error:*`, `light:*`).
    Interface(u64),
    /// `config/pop/{popId}/statistics` (`prefix:accepted`, `prefix:limit`).
    Pop(u64),
}

fn of(service: &str) -> Vec<(&'static str, String)> {
    vec![("serviceName", service.to_string())]
}

impl OvhClient {
    /// The link status of interface `id` (`/interface/{id}/status`).
    pub async fn interface_status(&self, service: &str, id: u64) -> Result<Typed<LinkStatus>> {
        let rest = self.rest(of(service));
        rest.get(&INTERFACE_STATUS, &id.to_string()).await
    }

    /// The interfaces of a service with their light (`Interface`), read in full.
    pub async fn interface_lights(
        &self,
        service: &str,
    ) -> Result<Vec<Typed<crate::providers::ovh::readings::InterfaceLight>>> {
        self.expand(super::Scope::service(service), &super::kinds::INTERFACE)
            .await
    }

    /// The BGP session of L3 POP configuration `pop` (`/config/pop/{popId}/status`).
    pub async fn pop_status(&self, service: &str, pop: u64) -> Result<Typed<LinkStatus>> {
        let rest = self.rest(of(service));
        rest.get(&POP_STATUS, &pop.to_string()).await
    }

    /// The incidents and maintenances of a service, each read in full, in the order of the ids.
    pub async fn incidents(&self, service: &str) -> Result<Vec<Typed<Incident>>> {
        self.expand(super::Scope::service(service), &INCIDENT).await
    }

    /// A series: `GET .../statistics?period=P&type=T`, one sample per item, oldest first as OVH
    /// sends them.
    pub async fn statistics(
        &self,
        service: &str,
        of_what: SeriesOf,
        kind: &str,
        period: &str,
    ) -> Result<Vec<Typed<Metric>>> {
        let rest = self.rest(of(service));
        let (path, what) = match of_what {
            SeriesOf::Interface(id) => (
                rest.fill(&paths::INTERFACE_STATISTICS, &[("id", &id.to_string())]),
                format!("get the {kind} statistics of interface {id} of `{service}`"),
            ),
            SeriesOf::Pop(id) => (
                rest.fill(&paths::POP_STATISTICS, &[("popId", &id.to_string())]),
                format!("get the {kind} statistics of POP configuration {id} of `{service}`"),
            ),
        };
        let call = Call::get(path, what)
            .query("period", period)
            .query("type", kind)
            .planned(json!([]));
        let reply = rest.send(&call).await?;
        Typed::parse_all(reply.provider, "statistics sample", reply.json()?)
    }

    /// Runs a diagnostic: the diagnostic as OVH answers it (`todo`), to wait on with
    /// [`OvhClient::diagnostic`].
    pub async fn run_diagnostic(
        &self,
        service: &str,
        body: &DiagnosticConfiguration,
    ) -> Result<Typed<Diagnostic>> {
        let planned = json!({
            "id": 0, "function": body.diagnostic_name.as_str(), "status": "todo", "result": null
        });
        let rest = self.rest(of(service));
        rest.create(&DIAGNOSTIC, Self::body(body)?, planned).await
    }

    /// One diagnostic, with its `result` once `done`.
    pub async fn diagnostic(&self, service: &str, id: u64) -> Result<Typed<Diagnostic>> {
        self.rest(of(service))
            .get(&DIAGNOSTIC, &id.to_string())
            .await
    }

    /// Sets the description of a service (`PUT /ovhCloudConnect/{serviceName}` with
    /// `Update {description}`, which answers nothing) and reads the service back.
    pub async fn update_description(
        &self,
        service: &str,
        description: &str,
    ) -> Result<Typed<Service>> {
        let rest = self.rest(of(service));
        let call = Call::idempotent(
            Method::PUT,
            rest.fill(&paths::SERVICE, &[]),
            format!("update the description of `{service}`"),
        )
        .planned(json!(null))
        .json(json!({ "description": description }));
        rest.send(&call).await?;
        self.rest(Vec::new()).get(&SERVICE, service).await
    }
}
