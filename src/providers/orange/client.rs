//! The Orange calls, one async function each.

use std::sync::Arc;

use reqwest::Method;
use serde::de::DeserializeOwned;

use super::PROVIDER;
use super::auth::OrangeAuth;
use super::dialect::DIALECT;
use super::models::{Connector, CreateConnector, Credential, Named, Pop, Region, Vpn};
use super::paths::{self, Endpoint};
use crate::error::{Error, ErrorKind, Result};
use crate::http::paginate::{self, OffsetPage};
use crate::http::{ApiClient, Call, Reply};
use crate::providers::Typed;

/// An Orange Evolution Platform client for one project.
#[derive(Clone)]
pub struct OrangeClient {
    api: ApiClient,
    project: String,
}

/// The items of a list body: a bare array as documented, or (leniently) an object wrapping one
/// under `items`, `content`, `data` or `results` [INF].
fn list_items(reply: &Reply) -> Result<Vec<serde_json::Value>> {
    match reply.json::<serde_json::Value>()? {
        serde_json::Value::Array(items) => Ok(items),
        serde_json::Value::Object(mut map) => ["items", "content", "data", "results"]
            .iter()
            .find_map(|k| match map.remove(*k) {
                Some(serde_json::Value::Array(items)) => Some(items),
                _ => None,
            })
            .ok_or_else(|| {
                Error::malformed(
                    PROVIDER,
                    format!("expected a JSON array in the response to `{}`", reply.what),
                )
            }),
        _ => Err(Error::malformed(
            PROVIDER,
            format!("expected a JSON array in the response to `{}`", reply.what),
        )),
    }
}

impl OrangeClient {
    /// A client at `url` (the platform's `envUri`) for `project`.
    pub fn new(
        url: &str,
        project: String,
        http: reqwest::Client,
        auth: OrangeAuth,
        settings: crate::http::HttpSettings,
    ) -> Result<Self> {
        let api = ApiClient::new(PROVIDER, url, http, Arc::new(auth), DIALECT, settings)?;
        Ok(OrangeClient { api, project })
    }

    /// The underlying client, for `cc api`.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    fn path(&self, endpoint: &Endpoint, id: Option<&str>) -> String {
        endpoint.fill(&[("projectId", &self.project), ("id", id.unwrap_or_default())])
    }

    async fn list<T: DeserializeOwned>(&self, call: Call, what: &str) -> Result<Vec<Typed<T>>> {
        let reply = self.api.send(&call).await?;
        Typed::parse_all(PROVIDER, what, list_items(&reply)?)
    }

    /// Reads an offset/limit collection, pages ahead concurrently (`paginate`), stopping at the
    /// page holding an item `found` accepts.
    async fn list_paged<T: DeserializeOwned>(
        &self,
        call: Call,
        what: &str,
        limit: Option<usize>,
        found: impl Fn(&Typed<T>) -> bool,
    ) -> Result<Vec<Typed<T>>> {
        let key: fn(&Typed<T>) -> String = |t| paginate::identity(&t.raw);
        paginate::by_offset_until((PROVIDER, key), limit, paths::PAGE_SIZE, found, |page| {
            let call = call
                .clone()
                .query("limit", page.limit)
                .query("offset", page.offset)
                .speculative(page.speculative);
            async move {
                let reply = self.api.send(&call).await?;
                let total = reply
                    .header("x-total-count")
                    .and_then(|t| t.trim().parse().ok());
                Ok(OffsetPage {
                    items: Typed::parse_all(PROVIDER, what, list_items(&reply)?)?,
                    total,
                })
            }
        })
        .await
    }

    /// Step 1: technical VPNs.
    pub async fn vpns(&self) -> Result<Vec<Typed<Vpn>>> {
        self.list(Call::get(self.path(&paths::VPNS, None), "list VPNs"), "VPN")
            .await
    }

    /// Step 2: IPsec points of presence.
    pub async fn pops(&self, limit: Option<usize>) -> Result<Vec<Typed<Pop>>> {
        self.pops_until(limit, |_| false).await
    }

    /// The points of presence up to the page holding `pop_id` (all of them if none has it):
    /// enough to resolve `--pop`, since an id match wins over a name.
    pub async fn pops_holding(&self, pop_id: &str) -> Result<Vec<Typed<Pop>>> {
        self.pops_until(None, |p| p.view.pop_id == pop_id).await
    }

    async fn pops_until(
        &self,
        limit: Option<usize>,
        found: impl Fn(&Typed<Pop>) -> bool,
    ) -> Result<Vec<Typed<Pop>>> {
        let call = Call::get(self.path(&paths::POPS, None), "list points of presence");
        self.list_paged(call, "point of presence", limit, found)
            .await
    }

    /// Step 3: Azure credentials.
    pub async fn credentials(&self, limit: Option<usize>) -> Result<Vec<Typed<Credential>>> {
        self.credentials_until(limit, |_| false).await
    }

    /// The Azure credentials up to the page holding the id `id` (compared without case; all of
    /// them if none has it): enough to resolve `--credential`, since an id match wins.
    pub async fn credentials_holding(&self, id: &str) -> Result<Vec<Typed<Credential>>> {
        self.credentials_until(None, |c| c.view.id.eq_ignore_ascii_case(id))
            .await
    }

    async fn credentials_until(
        &self,
        limit: Option<usize>,
        found: impl Fn(&Typed<Credential>) -> bool,
    ) -> Result<Vec<Typed<Credential>>> {
        let call = Call::get(
            self.path(&paths::CREDENTIALS, None),
            "list Azure credentials",
        );
        self.list_paged(call, "Azure credential", limit, found)
            .await
    }

    /// Step 4: Azure regions a credential can use.
    pub async fn regions(&self, credential_id: &str) -> Result<Vec<Typed<Region>>> {
        let call = Call::get(self.path(&paths::REGIONS, None), "list Azure regions")
            .query("azureCspCredentialId", credential_id);
        self.list(call, "Azure region").await
    }

    /// Step 5: resource groups of a credential in a region.
    pub async fn resource_groups(
        &self,
        credential_id: &str,
        region: &str,
    ) -> Result<Vec<Typed<Named>>> {
        let call = Call::get(
            self.path(&paths::RESOURCE_GROUPS, None),
            "list Azure resource groups",
        )
        .query("azureCspCredentialId", credential_id)
        .query("azureRegion", region);
        self.list(call, "Azure resource group").await
    }

    /// Step 6: virtual networks ([`paths::VNETS`]: no query parameter).
    pub async fn vnets(&self) -> Result<Vec<Typed<Named>>> {
        self.list(
            Call::get(self.path(&paths::VNETS, None), "list virtual networks"),
            "virtual network",
        )
        .await
    }

    /// Steps 1 and 6 together: the technical VPNs and the virtual networks. While the two paths
    /// are the same ([`paths::VNETS`]), one call answers both.
    pub async fn vpns_and_vnets(&self) -> Result<(Vec<Typed<Vpn>>, Vec<Typed<Named>>)> {
        if paths::VPNS.template != paths::VNETS.template {
            return tokio::try_join!(self.vpns(), self.vnets());
        }
        let call = Call::get(
            self.path(&paths::VPNS, None),
            "list VPNs and virtual networks",
        );
        let items = list_items(&self.api.send(&call).await?)?;
        Ok((
            Typed::parse_all(PROVIDER, "VPN", items.clone())?,
            Typed::parse_all(PROVIDER, "virtual network", items)?,
        ))
    }

    /// All cloud connectors.
    pub async fn connectors(&self, limit: Option<usize>) -> Result<Vec<Typed<Connector>>> {
        self.list_paged(
            Call::get(self.path(&paths::CONNECTORS, None), "list cloud connectors"),
            "cloud connector",
            limit,
            |_| false,
        )
        .await
    }

    /// Cloud connectors with exactly this name.
    pub async fn connectors_named(&self, name: &str) -> Result<Vec<Typed<Connector>>> {
        let all = self.connectors(None).await?;
        Ok(all.into_iter().filter(|c| c.view.name == name).collect())
    }

    /// One cloud connector by id.
    pub async fn connector(&self, id: &str) -> Result<Typed<Connector>> {
        let call = Call::get(
            self.path(&paths::CONNECTOR, Some(id)),
            format!("get cloud connector `{id}`"),
        );
        let reply = self.api.send(&call).await?;
        Typed::parse(PROVIDER, "cloud connector", reply.json()?)
    }

    /// One cloud connector by id, or `None` if it is gone (404).
    pub async fn connector_if_exists(&self, id: &str) -> Result<Option<Typed<Connector>>> {
        match self.connector(id).await {
            Ok(c) => Ok(Some(c)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Step 7: orders a connector. Never resent on an ambiguous failure: the error then has
    /// `maybe_applied` set, and an unreadable success body sets it too.
    pub async fn create(&self, body: &CreateConnector) -> Result<Typed<Connector>> {
        let json = serde_json::to_value(body)
            .map_err(|e| Error::internal("cannot encode the create body").caused_by(e))?;
        let call = Call::create(
            Method::POST,
            self.path(&paths::CREATE, None),
            "create the cloud connector",
        )
        .planned(serde_json::json!({
            "id": crate::http::placeholder("id of the new cloud connector"),
            "name": body.name,
            "state": body.state,
        }))
        .json(json);
        let reply = self.api.send(&call).await?;
        reply
            .json()
            .and_then(|raw| Typed::parse(PROVIDER, "cloud connector", raw))
            .map_err(|mut e| {
                e.maybe_applied = true;
                e
            })
    }

    /// Requests deletion of a connector.
    pub async fn delete(&self, id: &str) -> Result<()> {
        let call = Call::idempotent(
            Method::DELETE,
            self.path(&paths::CONNECTOR, Some(id)),
            format!("delete cloud connector `{id}`"),
        );
        self.api.send(&call).await.map(|_| ())
    }
}
