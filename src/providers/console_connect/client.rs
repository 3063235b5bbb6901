//! The Console Connect calls, one async function each: thin calls of the shared resource
//! operations ([`crate::providers::resource`]) over the kinds of [`paths::kinds`], but for the
//! key check and the peering set, which answer no object of a kind.

use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;

use super::PROVIDER;
use super::auth::BearerAuth;
use super::dialect::DIALECT;
use super::models::{
    Connection, CreateAws, CreateAzure, CreateGoogle, PartnerRegion, PeeringRequest, PeeringType,
    Port,
};
use super::paths::{self, kinds};
use crate::error::{Error, Result};
use crate::http::{ApiClient, Auth, Call, HttpSettings};
use crate::providers::Typed;
use crate::providers::resource::{self, Rest};

/// A Console Connect client for one company.
#[derive(Clone)]
pub struct ConsoleConnectClient {
    api: ApiClient,
    company: String,
}

impl ConsoleConnectClient {
    /// A client at `url` for `company` (the company username in paths) with this API key.
    pub fn new(
        url: &str,
        company: String,
        token: crate::secret::Secret,
        http: reqwest::Client,
        settings: HttpSettings,
    ) -> Result<Self> {
        let auth: Arc<dyn Auth> = Arc::new(BearerAuth::new(token));
        let api = ApiClient::new(PROVIDER, url, http, auth, DIALECT, settings)?;
        Ok(ConsoleConnectClient { api, company })
    }

    /// The calls over the kinds of [`paths::kinds`], in this company.
    fn rest(&self) -> Rest<'_> {
        Rest::new(&self.api, vec![("company", self.company.clone())])
    }

    /// The same, for the peering configs of type `kind`.
    fn peering_rest(&self, kind: PeeringType) -> Rest<'_> {
        Rest::new(
            &self.api,
            vec![
                ("company", self.company.clone()),
                ("type", kind.as_str().to_string()),
            ],
        )
    }

    /// The underlying client, for `cc api`.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// What Console Connect reads from an Azure service key. Sent even with `--dry-run`.
    pub async fn verify_key(&self, key: &str) -> Result<Value> {
        let call = Call::lookup(
            Method::POST,
            self.rest().fill(&paths::VERIFY_KEY, &[]),
            "verify the Azure service key",
        )
        .json(serde_json::json!({ "serviceKey": key }));
        let reply = self.api.send(&call).await?;
        if reply.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Object(Default::default()));
        }
        reply.json()
    }

    /// The utilisation of connection `id` from `start` to `end` (epoch seconds) at `resolution`
    /// (one of [`super::models::RESOLUTIONS`]): the answer as sent, read by
    /// [`super::models::samples`].
    pub async fn utilization(
        &self,
        id: &str,
        (start, end): (i64, i64),
        resolution: &str,
    ) -> Result<Value> {
        let rest = self.rest();
        let call = Call::get(
            rest.fill(&paths::UTILIZATION, &[("id", id)]),
            format!("get the utilization of connection `{id}`"),
        )
        .query("start", start)
        .query("end", end)
        .query("resolution", resolution);
        rest.send(&call).await?.json()
    }

    /// The company's ports that are not deleted.
    pub async fn ports(&self, limit: Option<usize>) -> Result<Vec<Typed<Port>>> {
        let query = [("deleted", "false".to_string())];
        self.rest().list(&kinds::PORT, &query, limit).await
    }

    /// The company's connections (Azure groups, their subconnections, and any other kind).
    pub async fn connections(&self, limit: Option<usize>) -> Result<Vec<Typed<Connection>>> {
        self.rest().list(&kinds::CONNECTION, &[], limit).await
    }

    /// Connections with exactly this name.
    pub async fn connections_named(&self, name: &str) -> Result<Vec<Typed<Connection>>> {
        let name_of: fn(&Connection) -> &str = |c| &c.name;
        self.rest().named(&kinds::CONNECTION, name, name_of).await
    }

    /// One connection by id.
    pub async fn connection(&self, id: &str) -> Result<Typed<Connection>> {
        self.rest().get(&kinds::CONNECTION, id).await
    }

    /// One connection by id, or `None` when it is gone (404).
    pub async fn connection_if_exists(&self, id: &str) -> Result<Option<Typed<Connection>>> {
        self.rest().get_if_exists(&kinds::CONNECTION, id).await
    }

    /// Orders an Azure connection. Never resent on an ambiguous failure: the error then has
    /// `maybe_applied` set, and an unreadable success body sets it too.
    pub async fn create_azure(&self, body: &CreateAzure) -> Result<Typed<Connection>> {
        let json = serde_json::to_value(body)
            .map_err(|e| Error::internal("cannot encode the create body").caused_by(e))?;
        let planned = serde_json::json!({
            "id": crate::http::placeholder("id of the new connection"),
            "name": body.name,
        });
        self.rest().create(&kinds::CONNECTION, json, planned).await
    }

    /// The regions and destination ports of `partner` (`amazon`, `google`).
    pub async fn partner_regions(&self, partner: &str) -> Result<Vec<Typed<PartnerRegion>>> {
        let rest = Rest::new(&self.api, vec![("partner", partner.to_string())]);
        rest.list(&kinds::PARTNER_REGION, &[], None).await
    }

    /// Orders an AWS hosted connection; never resent, as [`Self::create_azure`].
    pub async fn create_aws(&self, body: &CreateAws) -> Result<Typed<Connection>> {
        self.create_partner(&kinds::AWS_CONNECTION, body, &body.name)
            .await
    }

    /// Orders a Google partner interconnect; never resent, as [`Self::create_azure`].
    pub async fn create_google(&self, body: &CreateGoogle) -> Result<Typed<Connection>> {
        self.create_partner(&kinds::GOOGLE_CONNECTION, body, &body.name)
            .await
    }

    async fn create_partner(
        &self,
        kind: &crate::providers::resource::Kind,
        body: &impl serde::Serialize,
        name: &str,
    ) -> Result<Typed<Connection>> {
        let json = serde_json::to_value(body)
            .map_err(|e| Error::internal("cannot encode the create body").caused_by(e))?;
        let planned = serde_json::json!({
            "id": crate::http::placeholder("id of the new connection"),
            "name": name,
        });
        self.rest().create(kind, json, planned).await
    }

    /// Requests deletion of a connection (the `/api/v2` path).
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.rest()
            .delete(&kinds::CONNECTION, id, None)
            .await
            .map(|_| ())
    }

    /// Sets (creates or replaces) a peering config; the answer, when there is one. A whole
    /// config sent again has the same effect, so it may be resent.
    pub async fn set_peering(
        &self,
        id: &str,
        kind: PeeringType,
        body: &PeeringRequest,
    ) -> Result<Option<Value>> {
        let json = serde_json::to_value(body)
            .map_err(|e| Error::internal("cannot encode the peering body").caused_by(e))?;
        let call = Call::idempotent(
            Method::POST,
            self.peering_rest(kind).fill(&paths::PEERING, &[("id", id)]),
            format!("set the {kind} peering of connection `{id}`"),
        )
        .json(json);
        let reply = self.api.send(&call).await?;
        if reply.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        reply
            .json()
            .map(|v| Some(resource::lenient(kinds::ONE_KEYS, v)))
    }

    /// A peering config.
    pub async fn peering(&self, id: &str, kind: PeeringType) -> Result<Value> {
        let rest = self.peering_rest(kind);
        Ok(rest.get::<Value>(&kinds::PEERING_CONFIG, id).await?.raw)
    }

    /// A peering config, or `None` when there is none (404).
    pub async fn peering_if_exists(&self, id: &str, kind: PeeringType) -> Result<Option<Value>> {
        let rest = self.peering_rest(kind);
        let found = rest.get_if_exists::<Value>(&kinds::PEERING_CONFIG, id);
        Ok(found.await?.map(|p| p.raw))
    }

    /// Removes a peering config.
    pub async fn delete_peering(&self, id: &str, kind: PeeringType) -> Result<()> {
        let rest = self.peering_rest(kind);
        rest.delete(&kinds::PEERING_CONFIG, id, None)
            .await
            .map(|_| ())
    }
}
