//! The Orange calls, one async function each: thin calls of the shared resource operations
//! ([`crate::providers::resource`]) over the kinds of [`paths::kinds`].

use std::sync::Arc;

use super::PROVIDER;
use super::auth::OrangeAuth;
use super::dialect::DIALECT;
use super::models::{Connector, CreateConnector, Credential, Named, Pop, Region, Vpn};
use super::paths::{self, kinds};
use crate::error::{Error, Result};
use crate::http::ApiClient;
use crate::providers::Typed;
use crate::providers::resource::Rest;

/// An Orange Evolution Platform client for one project.
#[derive(Clone)]
pub struct OrangeClient {
    api: ApiClient,
    project: String,
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

    /// The calls over the kinds of [`paths::kinds`], in this project.
    fn rest(&self) -> Rest<'_> {
        Rest::new(&self.api, vec![("projectId", self.project.clone())])
    }

    /// Step 1: technical VPNs.
    pub async fn vpns(&self) -> Result<Vec<Typed<Vpn>>> {
        self.rest().list(&kinds::VPN, &[], None).await
    }

    /// Step 2: IPsec points of presence.
    pub async fn pops(&self, limit: Option<usize>) -> Result<Vec<Typed<Pop>>> {
        self.rest().list(&kinds::POP, &[], limit).await
    }

    /// The points of presence up to the page holding `pop_id` (all of them if none has it):
    /// enough to resolve `--pop`, since an id match wins over a name.
    pub async fn pops_holding(&self, pop_id: &str) -> Result<Vec<Typed<Pop>>> {
        let found = |p: &Typed<Pop>| p.view.pop_id == pop_id;
        self.rest().list_until(&kinds::POP, &[], None, found).await
    }

    /// Step 3: Azure credentials.
    pub async fn credentials(&self, limit: Option<usize>) -> Result<Vec<Typed<Credential>>> {
        self.rest().list(&kinds::CREDENTIAL, &[], limit).await
    }

    /// The Azure credentials up to the page holding the id `id` (compared without case; all of
    /// them if none has it): enough to resolve `--credential`, since an id match wins.
    pub async fn credentials_holding(&self, id: &str) -> Result<Vec<Typed<Credential>>> {
        let found = |c: &Typed<Credential>| c.view.id.eq_ignore_ascii_case(id);
        self.rest()
            .list_until(&kinds::CREDENTIAL, &[], None, found)
            .await
    }

    /// Step 4: Azure regions a credential can use.
    pub async fn regions(&self, credential_id: &str) -> Result<Vec<Typed<Region>>> {
        let query = [("azureCspCredentialId", credential_id.to_string())];
        self.rest().list(&kinds::REGION, &query, None).await
    }

    /// Step 5: resource groups of a credential in a region.
    pub async fn resource_groups(
        &self,
        credential_id: &str,
        region: &str,
    ) -> Result<Vec<Typed<Named>>> {
        let query = [
            ("azureCspCredentialId", credential_id.to_string()),
            ("azureRegion", region.to_string()),
        ];
        self.rest().list(&kinds::RESOURCE_GROUP, &query, None).await
    }

    /// Step 6: virtual networks ([`paths::VNETS`]: no query parameter).
    pub async fn vnets(&self) -> Result<Vec<Typed<Named>>> {
        self.rest().list(&kinds::VNET, &[], None).await
    }

    /// Steps 1 and 6 together: the technical VPNs and the virtual networks. While the two paths
    /// are the same ([`paths::VNETS`]), one call answers both.
    pub async fn vpns_and_vnets(&self) -> Result<(Vec<Typed<Vpn>>, Vec<Typed<Named>>)> {
        if paths::VPNS.template != paths::VNETS.template {
            return tokio::try_join!(self.vpns(), self.vnets());
        }
        let items = self.rest().values(&kinds::VPN_AND_VNET, &[]).await?;
        Ok((
            Typed::parse_all(PROVIDER, kinds::VPN.what, items.clone())?,
            Typed::parse_all(PROVIDER, kinds::VNET.what, items)?,
        ))
    }

    /// All cloud connectors.
    pub async fn connectors(&self, limit: Option<usize>) -> Result<Vec<Typed<Connector>>> {
        self.rest().list(&kinds::CONNECTOR, &[], limit).await
    }

    /// Cloud connectors with exactly this name.
    pub async fn connectors_named(&self, name: &str) -> Result<Vec<Typed<Connector>>> {
        let name_of: fn(&Connector) -> &str = |c| &c.name;
        self.rest().named(&kinds::CONNECTOR, name, name_of).await
    }

    /// One cloud connector by id.
    pub async fn connector(&self, id: &str) -> Result<Typed<Connector>> {
        self.rest().get(&kinds::CONNECTOR, id).await
    }

    /// One cloud connector by id, or `None` if it is gone (404).
    pub async fn connector_if_exists(&self, id: &str) -> Result<Option<Typed<Connector>>> {
        self.rest().get_if_exists(&kinds::CONNECTOR, id).await
    }

    /// Step 7: orders a connector. Never resent on an ambiguous failure: the error then has
    /// `maybe_applied` set, and an unreadable success body sets it too.
    pub async fn create(&self, body: &CreateConnector) -> Result<Typed<Connector>> {
        let json = serde_json::to_value(body)
            .map_err(|e| Error::internal("cannot encode the create body").caused_by(e))?;
        let planned = serde_json::json!({
            "id": crate::http::placeholder("id of the new cloud connector"),
            "name": body.name,
            "state": body.state,
        });
        self.rest().create(&kinds::CONNECTOR, json, planned).await
    }

    /// Requests deletion of a connector.
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.rest()
            .delete(&kinds::CONNECTOR, id, None)
            .await
            .map(|_| ())
    }
}
