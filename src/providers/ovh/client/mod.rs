//! The OVHcloud Connect calls, one async function each: thin calls of the shared resource
//! operations ([`crate::providers::resource`]) over the kinds of [`kinds`].
//!
//! Lists answer ids only (§2.9): `*_ids` return them, the plural functions then GET each object
//! with [`paths::FAN_OUT`] requests in flight and the order of the ids kept. Creates are never
//! resent on an ambiguous failure (the error has `maybe_applied`, and so does an unreadable
//! task); deletes are idempotent. Both answer a [`Task`]; the command layer waits for it
//! (`commands::ovh::tasks`, through the shared `wait` loop): this client only makes calls.
//!
//! OVH error bodies come in two shapes (§2.5): the API's `{"class", "message"}` and the auth
//! layer's `{"errorCode", "httpCode", "message"}`, with the request id in `X-Ovh-QueryID`.
//! The shared client keeps code and message of both (read in OVH's dialect, `dialect.rs`);
//! [`explain`] adds OVH's meaning: the auth codes are exit 3 with a hint on the consumer key's
//! access rules, the clock codes a hint on the clock.
//!
//! The creates and deletes of a nested configuration take their parents' ids as a [`ConfigId`]:
//! a number, or in a dry run the placeholder of a parent the same `cc apply` would make first,
//! so that the plan shows the path the apply will use (the commands pass numbers).
//!
//! Cursor pagination (`X-Pagination-Cursor`) is not sent: whether OCC lists page at all is not
//! known (§2.9 [INF]) and [`crate::http::Call`] carries no request headers; a list that answers
//! `X-Pagination-Cursor-Next` is reported as incomplete (exit 5) rather than silently cut.

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::PROVIDER;
use super::auth::{self, ApplicationOnly, OAuth2Auth, SignedAuth};
use super::config::{Credentials, OvhConfig};
use super::dialect::DIALECT;
use super::models::Datacenter;
use super::models::{DatacenterConfig, DatacenterExtraConfig, Interface, PopConfig, Service, Task};
use super::paths;
use crate::error::{Error, ErrorKind, Result};
use crate::http::oauth2::Grant;
use crate::http::{ApiClient, Auth, HttpSettings};
use crate::providers::Typed;
use crate::providers::resource::{Kind, Rest};

mod health;
mod kinds;
mod vrack;

pub use health::SeriesOf;
use kinds::{Config, DATACENTER, DC, EXTRA, INTERFACE, POP, TASK, planned_task};
pub use kinds::{ConfigId, Scope};

/// Error codes of the auth layer that mean "these credentials may not do this" [SDK python-ovh
/// `client.py` `call`].
pub const AUTH_CODES: [&str; 5] = [
    "INVALID_CREDENTIAL",
    "INVALID_KEY",
    "NOT_GRANTED_CALL",
    "NOT_CREDENTIAL",
    "FORBIDDEN",
];

/// Error codes that point at the clock or the signature [INF from the SDKs' clock handling].
pub const CLOCK_CODES: [&str; 3] = ["QUERY_TIME_OUT", "INVALID_SIGNATURE", "INVALID_TIMESTAMP"];

/// Applies OVH's meaning to an error of the shared client (which already keeps the code and
/// message of both body shapes, read by [`super::dialect::DIALECT`]): the hints of the auth and clock
/// codes (auth codes are exit 3 whatever the status). [`OvhClient`] applies it to every call.
/// The hints name no variable and no `cc` command: that text belongs to the command layer (the
/// reporter adds the variables of a refused credential, `registry::explain`).
pub fn explain(mut err: Error) -> Error {
    let code = err.code.clone().unwrap_or_default();
    if AUTH_CODES.contains(&code.as_str()) {
        err.kind = ErrorKind::Auth;
        err.hints.clear();
        err = err.hint(format!(
            "OVH refused the credentials ({code}): check the application key and the consumer key (or the service account); a consumer key only allows the methods and paths of its access rules (e.g. GET/POST/DELETE on /ovhCloudConnect/* and /vrack/*), so a key validated for other rules must be requested again"
        ));
    } else if CLOCK_CODES.contains(&code.as_str()) {
        err.hints.clear();
        err = err.hint(format!(
            "OVH refused the request signature or its time ({code}): the signature covers the application secret, the consumer key and a timestamp taken from this machine's clock corrected by OVH's /auth/time; check the application secret and that the system clock is synchronised (NTP)"
        ));
    } else if err.kind == ErrorKind::Auth {
        err.hints.clear();
        err = err.hint("OVH refused the credentials: an application key, secret and consumer key, or a service account's client id and secret");
    }
    err
}

/// An OVHcloud API client for OCC and the vRack calls OCC needs.
#[derive(Clone)]
pub struct OvhClient {
    api: ApiClient,
    time: ApiClient,
    signed: bool,
    limit: Option<usize>,
}

impl OvhClient {
    /// A client for `config`: the signed strategy or the OAuth2 one, at `config.base_url`.
    pub fn from_config(
        config: &OvhConfig,
        http: reqwest::Client,
        settings: HttpSettings,
    ) -> Result<Self> {
        let (auth, ak): (Arc<dyn Auth>, Option<String>) = match &config.credentials {
            Credentials::Signed {
                application_key,
                application_secret,
                consumer_key,
            } => (
                Arc::new(SignedAuth::new(
                    &config.base_url,
                    application_key.clone(),
                    application_secret.clone(),
                    consumer_key.clone(),
                    http.clone(),
                    settings.clone(),
                )?),
                Some(application_key.clone()),
            ),
            Credentials::OAuth2 {
                client_id,
                client_secret,
                token_url,
            } => (
                Arc::new(OAuth2Auth::new(
                    Grant {
                        token_url: token_url.clone(),
                        client_id: client_id.clone(),
                        client_secret: client_secret.clone(),
                    },
                    http.clone(),
                    settings.clone(),
                )?),
                None,
            ),
        };
        Self::new(&config.base_url, auth, ak, http, settings)
    }

    /// A client at `base` with any auth strategy; `application_key` (signed requests only) goes
    /// on `/auth/time`.
    pub fn new(
        base: &str,
        auth: Arc<dyn Auth>,
        application_key: Option<String>,
        http: reqwest::Client,
        settings: HttpSettings,
    ) -> Result<Self> {
        let api = ApiClient::new(
            PROVIDER,
            base,
            http.clone(),
            auth,
            DIALECT,
            settings.clone(),
        )?;
        let time = ApiClient::new(
            PROVIDER,
            base,
            http,
            Arc::new(ApplicationOnly(application_key.clone())),
            DIALECT,
            settings,
        )?;
        Ok(OvhClient {
            api,
            time,
            signed: application_key.is_some(),
            limit: None,
        })
    }

    /// The same client, with the lists of ids cut to their first `limit` before the objects are
    /// read (`--limit`).
    pub fn limited(&self, limit: Option<usize>) -> OvhClient {
        OvhClient {
            limit,
            ..self.clone()
        }
    }

    /// Whether calls are signed (`$1$`) rather than OAuth2.
    pub fn signed(&self) -> bool {
        self.signed
    }

    /// The underlying client, for `cc api ovh`.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// The calls over the kinds of [`kinds`] in `scope`, with OVH's hints.
    fn rest(&self, scope: Vec<(&'static str, String)>) -> Rest<'_> {
        Rest::new(&self.api, scope).explained(explain)
    }

    fn body<T: Serialize>(value: &T) -> Result<serde_json::Value> {
        serde_json::to_value(value)
            .map_err(|e| Error::internal("cannot encode the request body").caused_by(e))
    }

    /// The server time (`GET /auth/time`, unauthenticated), for the clock skew of `cc doctor`.
    pub async fn server_time(&self) -> Result<i64> {
        auth::server_time(&self.time).await.map_err(explain)
    }

    /// `server - local` clock offset in seconds, read now.
    pub async fn clock_skew(&self) -> Result<i64> {
        Ok(self.server_time().await? - auth::local_now())
    }

    /// One cheap authenticated read (the service ids), for `cc doctor`.
    pub async fn probe(&self) -> Result<Vec<String>> {
        self.service_ids().await
    }

    /// `GET /ovhCloudConnect`: the service UUIDs.
    pub async fn service_ids(&self) -> Result<Vec<String>> {
        self.rest(Vec::new()).ids(&kinds::SERVICE).await
    }

    /// One service.
    pub async fn service(&self, service: &str) -> Result<Typed<Service>> {
        self.rest(Vec::new()).get(&kinds::SERVICE, service).await
    }

    /// Every service, in the order of the ids.
    pub async fn services(&self) -> Result<Vec<Typed<Service>>> {
        let rest = self.rest(Vec::new());
        rest.list(&kinds::SERVICE, &[], self.limit).await
    }

    async fn expand<T: DeserializeOwned>(
        &self,
        scope: Scope<'_>,
        kind: &Kind,
    ) -> Result<Vec<Typed<T>>> {
        self.rest(scope.values()).list(kind, &[], self.limit).await
    }

    async fn one<T: DeserializeOwned>(
        &self,
        scope: Scope<'_>,
        kind: &Kind,
        id: u64,
    ) -> Result<Typed<T>> {
        self.rest(scope.values()).get(kind, &id.to_string()).await
    }

    /// The interfaces of a service, with details.
    pub async fn interfaces(&self, service: &str) -> Result<Vec<Typed<Interface>>> {
        self.expand(Scope::service(service), &INTERFACE).await
    }

    /// One interface.
    pub async fn interface(&self, service: &str, id: u64) -> Result<Typed<Interface>> {
        self.one(Scope::service(service), &INTERFACE, id).await
    }

    /// The OVHcloud datacenters a service may reach, with details.
    pub async fn datacenters(&self, service: &str) -> Result<Vec<Typed<Datacenter>>> {
        self.expand(Scope::service(service), &DATACENTER).await
    }

    /// One datacenter.
    pub async fn datacenter(&self, service: &str, id: u64) -> Result<Typed<Datacenter>> {
        self.one(Scope::service(service), &DATACENTER, id).await
    }

    /// The tasks of a service, with details.
    pub async fn tasks(&self, service: &str) -> Result<Vec<Typed<Task>>> {
        self.expand(Scope::service(service), &TASK).await
    }

    /// One task.
    pub async fn task(&self, service: &str, id: u64) -> Result<Typed<Task>> {
        self.one(Scope::service(service), &TASK, id).await
    }

    /// The POP configurations of a service, with details.
    pub async fn pop_configs(&self, service: &str) -> Result<Vec<Typed<PopConfig>>> {
        self.expand(Scope::service(service), &POP.kind).await
    }

    /// One POP configuration.
    pub async fn pop_config(&self, service: &str, pop: u64) -> Result<Typed<PopConfig>> {
        self.one(Scope::service(service), &POP.kind, pop).await
    }

    /// Creates a POP configuration (check [`super::rules::check_pop`] and
    /// [`super::rules::check_layer_switch`] first): the task.
    pub async fn create_pop_config(&self, service: &str, body: &PopConfig) -> Result<Typed<Task>> {
        self.create(Scope::service(service), &POP, body).await
    }

    /// Deletes a POP configuration and everything under it: the task.
    pub async fn delete_pop_config(&self, service: &str, pop: u64) -> Result<Typed<Task>> {
        self.delete(Scope::service(service), &POP, pop).await
    }

    async fn create<B: Serialize>(
        &self,
        scope: Scope<'_>,
        config: &Config,
        body: &B,
    ) -> Result<Typed<Task>> {
        let planned = planned_task(config.tasks[0]);
        let rest = self.rest(scope.values());
        rest.create(&config.kind, Self::body(body)?, planned).await
    }

    async fn delete(&self, scope: Scope<'_>, config: &Config, id: u64) -> Result<Typed<Task>> {
        let planned = Some(planned_task(config.tasks[1]));
        let rest = self.rest(scope.values());
        let reply = rest.delete(&config.kind, &id.to_string(), planned).await?;
        rest.answer(&config.kind, &reply)
    }

    /// The datacenter configurations of a POP configuration, with details.
    pub async fn datacenter_configs(
        &self,
        service: &str,
        pop: u64,
    ) -> Result<Vec<Typed<DatacenterConfig>>> {
        self.expand(Scope::pop(service, pop), &DC.kind).await
    }

    /// One datacenter configuration.
    pub async fn datacenter_config(
        &self,
        service: &str,
        pop: u64,
        dc: u64,
    ) -> Result<Typed<DatacenterConfig>> {
        self.one(Scope::pop(service, pop), &DC.kind, dc).await
    }

    /// Creates a datacenter configuration (check [`super::rules::check_datacenter`] first).
    pub async fn create_datacenter_config(
        &self,
        service: &str,
        pop: impl Into<ConfigId>,
        body: &DatacenterConfig,
    ) -> Result<Typed<Task>> {
        self.create(Scope::pop(service, pop), &DC, body).await
    }

    /// Deletes a datacenter configuration and its extras.
    pub async fn delete_datacenter_config(
        &self,
        service: &str,
        pop: impl Into<ConfigId>,
        dc: u64,
    ) -> Result<Typed<Task>> {
        self.delete(Scope::pop(service, pop), &DC, dc).await
    }

    /// The extra configurations of a datacenter configuration, with details.
    pub async fn extra_configs(
        &self,
        service: &str,
        pop: u64,
        dc: u64,
    ) -> Result<Vec<Typed<DatacenterExtraConfig>>> {
        self.expand(Scope::datacenter(service, pop, dc), &EXTRA.kind)
            .await
    }

    /// One extra configuration.
    pub async fn extra_config(
        &self,
        service: &str,
        pop: u64,
        dc: u64,
        extra: u64,
    ) -> Result<Typed<DatacenterExtraConfig>> {
        self.one(Scope::datacenter(service, pop, dc), &EXTRA.kind, extra)
            .await
    }

    /// Creates an extra configuration (check [`super::rules::check_extra`] and
    /// [`super::rules::check_extra_mix`] against [`OvhClient::extra_configs`] first).
    pub async fn create_extra_config(
        &self,
        service: &str,
        pop: impl Into<ConfigId>,
        dc: impl Into<ConfigId>,
        body: &DatacenterExtraConfig,
    ) -> Result<Typed<Task>> {
        self.create(Scope::datacenter(service, pop, dc), &EXTRA, body)
            .await
    }

    /// Deletes an extra configuration.
    pub async fn delete_extra_config(
        &self,
        service: &str,
        pop: impl Into<ConfigId>,
        dc: impl Into<ConfigId>,
        extra: u64,
    ) -> Result<Typed<Task>> {
        self.delete(Scope::datacenter(service, pop, dc), &EXTRA, extra)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_adds_the_hints_of_the_codes() {
        let mut err = Error::new(ErrorKind::Api, "ovh: cannot list").provider(PROVIDER);
        err.status = Some(400);
        err.code = Some("INVALID_SIGNATURE".into());
        let err = explain(err);
        assert!(err.hints[0].contains("clock"), "{:?}", err.hints);
        assert_eq!(err.exit_code(), 5);

        let mut err = Error::new(ErrorKind::Auth, "ovh: cannot list").provider(PROVIDER);
        err.status = Some(403);
        err.code = Some("NOT_GRANTED_CALL".into());
        let err = explain(err);
        assert_eq!(err.exit_code(), 3);
        assert!(err.hints[0].contains("access rules"), "{:?}", err.hints);
    }
}
