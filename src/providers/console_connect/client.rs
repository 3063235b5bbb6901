//! The Console Connect calls, one async function each.

use std::sync::Arc;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::PROVIDER;
use super::auth::BearerAuth;
use super::dialect::DIALECT;
use super::models::{Connection, CreateAzure, PeeringRequest, PeeringType, Port};
use super::paths::{self, Endpoint};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{ApiClient, Auth, Call, HttpSettings, Reply};
use crate::providers::Typed;

/// A Console Connect client for one company.
#[derive(Clone)]
pub struct ConsoleConnectClient {
    api: ApiClient,
    company: String,
}

/// The items of a collection: `{"results": [...]}` as documented for ports, or a bare array.
fn list_items(reply: &Reply) -> Result<Vec<Value>> {
    match reply.json::<Value>()? {
        Value::Array(items) => Ok(items),
        Value::Object(mut map) => match map.remove("results") {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(expected_list(reply)),
        },
        _ => Err(expected_list(reply)),
    }
}

fn expected_list(reply: &Reply) -> Error {
    let mut err = Error::malformed(
        PROVIDER,
        format!(
            "expected a JSON array or {{\"results\": [...]}} in the response to `{}`; body starts: {}",
            reply.what,
            crate::http::excerpt(&reply.body)
        ),
    );
    err.status = Some(reply.status);
    err
}

/// An object, unwrapped from `{"results": {...}}` or `{"connection": {...}}` when it has no `id`
/// of its own (the IBM create of the same API answers `{"results": {"connection": {...}}}`) [INF].
fn unwrap_object(mut value: Value) -> Value {
    for key in ["results", "connection"] {
        if value.get("id").is_none()
            && let Some(inner) = value.get_mut(key).filter(|v| v.is_object())
        {
            value = inner.take();
        }
    }
    value
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

    fn path(&self, endpoint: &Endpoint, id: Option<&str>, kind: Option<PeeringType>) -> String {
        endpoint.fill(&[
            ("company", &self.company),
            ("id", id.unwrap_or_default()),
            ("type", kind.map(PeeringType::as_str).unwrap_or_default()),
        ])
    }

    async fn list<T: DeserializeOwned>(
        &self,
        call: Call,
        what: &str,
        limit: Option<usize>,
    ) -> Result<Vec<Typed<T>>> {
        let reply = self.api.send(&call).await?;
        let mut items = list_items(&reply)?;
        // No paging is documented for these collections (provider-notes §2.8): one call, cut.
        if let Some(limit) = limit {
            items.truncate(limit);
        }
        Typed::parse_all(PROVIDER, what, items)
    }

    /// The underlying client, for `cc api`.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// What Console Connect reads from an Azure service key. Sent even with `--dry-run`.
    pub async fn verify_key(&self, key: &str) -> Result<Value> {
        let call = Call::lookup(
            Method::POST,
            self.path(&paths::VERIFY_KEY, None, None),
            "verify the Azure service key",
        )
        .json(serde_json::json!({ "serviceKey": key }));
        let reply = self.api.send(&call).await?;
        if reply.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Object(Default::default()));
        }
        reply.json()
    }

    /// The company's ports that are not deleted.
    pub async fn ports(&self, limit: Option<usize>) -> Result<Vec<Typed<Port>>> {
        let call =
            Call::get(self.path(&paths::PORTS, None, None), "list ports").query("deleted", "false");
        self.list(call, "port", limit).await
    }

    /// The company's connections (Azure groups, their subconnections, and any other kind).
    pub async fn connections(&self, limit: Option<usize>) -> Result<Vec<Typed<Connection>>> {
        let call = Call::get(
            self.path(&paths::CONNECTIONS, None, None),
            "list connections",
        );
        self.list(call, "connection", limit).await
    }

    /// Connections with exactly this name.
    pub async fn connections_named(&self, name: &str) -> Result<Vec<Typed<Connection>>> {
        let all = self.connections(None).await?;
        Ok(all.into_iter().filter(|c| c.view.name == name).collect())
    }

    /// One connection by id.
    pub async fn connection(&self, id: &str) -> Result<Typed<Connection>> {
        let call = Call::get(
            self.path(&paths::CONNECTION, Some(id), None),
            format!("get connection `{id}`"),
        );
        let reply = self.api.send(&call).await?;
        Typed::parse(PROVIDER, "connection", unwrap_object(reply.json()?))
    }

    /// One connection by id, or `None` when it is gone (404).
    pub async fn connection_if_exists(&self, id: &str) -> Result<Option<Typed<Connection>>> {
        match self.connection(id).await {
            Ok(c) => Ok(Some(c)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Orders an Azure connection. Never resent on an ambiguous failure: the error then has
    /// `maybe_applied` set, and an unreadable success body sets it too.
    pub async fn create_azure(&self, body: &CreateAzure) -> Result<Typed<Connection>> {
        let json = serde_json::to_value(body)
            .map_err(|e| Error::internal("cannot encode the create body").caused_by(e))?;
        let call = Call::create(
            Method::PUT,
            self.path(&paths::CREATE_AZURE, None, None),
            "create the Azure connection",
        )
        .planned(serde_json::json!({
            "id": crate::http::placeholder("id of the new connection"),
            "name": body.name,
        }))
        .json(json);
        let reply = self.api.send(&call).await?;
        reply
            .json()
            .and_then(|raw| Typed::parse(PROVIDER, "connection", unwrap_object(raw)))
            .map_err(|mut e| {
                e.maybe_applied = true;
                e
            })
    }

    /// Requests deletion of a connection (the `/api/v2` path).
    pub async fn delete(&self, id: &str) -> Result<()> {
        let call = Call::idempotent(
            Method::DELETE,
            self.path(&paths::DELETE_CONNECTION, Some(id), None),
            format!("delete connection `{id}`"),
        );
        self.api.send(&call).await.map(|_| ())
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
            self.path(&paths::PEERING, Some(id), Some(kind)),
            format!("set the {kind} peering of connection `{id}`"),
        )
        .json(json);
        let reply = self.api.send(&call).await?;
        if reply.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        reply.json().map(|v| Some(unwrap_object(v)))
    }

    /// A peering config.
    pub async fn peering(&self, id: &str, kind: PeeringType) -> Result<Value> {
        let call = Call::get(
            self.path(&paths::PEERING, Some(id), Some(kind)),
            format!("get the {kind} peering of connection `{id}`"),
        );
        let reply = self.api.send(&call).await?;
        let value = unwrap_object(reply.json()?);
        if !value.is_object() {
            return Err(Error::malformed(
                PROVIDER,
                format!(
                    "expected a JSON object in the response to `{}`; got {}",
                    reply.what,
                    crate::http::excerpt(&reply.body)
                ),
            ));
        }
        Ok(value)
    }

    /// A peering config, or `None` when there is none (404).
    pub async fn peering_if_exists(&self, id: &str, kind: PeeringType) -> Result<Option<Value>> {
        match self.peering(id, kind).await {
            Ok(p) => Ok(Some(p)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Removes a peering config.
    pub async fn delete_peering(&self, id: &str, kind: PeeringType) -> Result<()> {
        let call = Call::idempotent(
            Method::DELETE,
            self.path(&paths::PEERING, Some(id), Some(kind)),
            format!("delete the {kind} peering of connection `{id}`"),
        );
        self.api.send(&call).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_are_unwrapped_only_when_they_have_no_id() {
        assert_eq!(
            unwrap_object(json!({"id": "a", "results": {"id": "b"}}))["id"],
            "a"
        );
        assert_eq!(
            unwrap_object(
                json!({"results": {"connectionProvisioningId": "p", "connection": {"id": "c"}}})
            )["id"],
            "c"
        );
        assert_eq!(unwrap_object(json!({"results": {"id": "r"}}))["id"], "r");
    }
}
