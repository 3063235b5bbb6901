//! The Huawei Cloud Connect calls: list (all pages by marker), show, create, update, delete,
//! tag, associate and disassociate, for every [`Resource`] kind.
//!
//! Responses wrap the object (`{"cloud_connection": {...}, "request_id": ...}`) or the list
//! (`{"cloud_connections": [...], "page_info": {"next_marker", ...}}`); both are unwrapped
//! here, and a body without the expected key is exit 5, never a panic.

use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};

use super::PROVIDER;
use super::auth::HuaweiAuth;
use super::dialect::DIALECT;
use super::models::{Association, BandwidthPackage, RESOURCE_TYPE_CLOUD_CONNECTION, Resource, Tag};
use super::paths::{self, Kind};
use crate::error::{Error, ErrorKind, Result};
use crate::http::paginate;
use crate::http::{self, ApiClient, Call, HttpSettings, Reply};
use crate::providers::Typed;

/// A Cloud Connect client for one account.
#[derive(Clone)]
pub struct HuaweiClient {
    api: ApiClient,
    domain_id: String,
}

fn malformed(reply: &Reply, wanted: &str) -> Error {
    let mut err = Error::malformed(
        PROVIDER,
        format!(
            "unexpected response to `{}` (HTTP {}): no `{wanted}` in {}",
            reply.what,
            reply.status,
            crate::http::excerpt(&reply.body)
        ),
    );
    err.status = Some(reply.status);
    err.request_id = reply.request_id.clone();
    err
}

/// The object under `kind.one`.
fn unwrap_one(kind: &Kind, reply: &Reply) -> Result<Value> {
    let mut body: Value = reply.json()?;
    match body.get_mut(kind.one).map(Value::take) {
        Some(object @ Value::Object(_)) => Ok(object),
        _ => Err(malformed(reply, kind.one)),
    }
}

/// The items under `kind.many` and the next page's marker.
fn unwrap_page(kind: &Kind, reply: &Reply) -> Result<(Vec<Value>, Option<String>)> {
    let mut body: Value = reply.json()?;
    let next = body
        .pointer("/page_info/next_marker")
        .and_then(Value::as_str)
        .map(str::to_string);
    match body.get_mut(kind.many).map(Value::take) {
        Some(Value::Array(items)) => Ok((items, next)),
        _ => Err(malformed(reply, kind.many)),
    }
}

/// A dry run's stand-in answer for a request with `body` (wrapped under `kind.one`): the body
/// sent, wrapped the same way, with the resource's `id`.
fn echo(kind: &Kind, body: &Value, id: &str) -> Value {
    let mut object = body.get(kind.one).cloned().unwrap_or_else(|| json!({}));
    if let Some(map) = object.as_object_mut() {
        map.insert("id".into(), Value::String(id.to_string()));
    }
    json!({ kind.one: object })
}

/// Adds what a Huawei 401/403 usually means to the shared client's hint.
fn explain(mut err: Error) -> Error {
    if err.kind == ErrorKind::Auth {
        err = err.hint(
            "Huawei checks the SDK-HMAC-SHA256 signature made with the AK/SK, the account \
             (domain id) in the path, and that X-Sdk-Date is within 15 minutes of its clock: \
             check these values and the system clock",
        );
    }
    err
}

impl HuaweiClient {
    /// A client at `url` (default `https://cc.myhuaweicloud.com`) for account `domain_id`.
    pub fn new(
        url: &str,
        domain_id: String,
        http: reqwest::Client,
        auth: HuaweiAuth,
        settings: HttpSettings,
    ) -> Result<Self> {
        let api = ApiClient::new(PROVIDER, url, http, Arc::new(auth), DIALECT, settings)?;
        Ok(HuaweiClient { api, domain_id })
    }

    /// The account id used in every path.
    pub fn domain_id(&self) -> &str {
        &self.domain_id
    }

    /// The underlying client, for `cc api`.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// One cheap signed read (a single cloud connection), for `cc doctor`.
    pub async fn probe(&self) -> Result<Reply> {
        let call = Call::get(
            paths::CLOUD_CONNECTIONS
                .collection
                .fill(&[("domain_id", &self.domain_id)]),
            "list cloud connections",
        )
        .query("limit", 1);
        self.send(&call).await
    }

    async fn send(&self, call: &Call) -> Result<Reply> {
        self.api.send(call).await.map_err(explain)
    }

    /// Every `R` matching `filters` (query pairs, repeated keys allowed), following
    /// `page_info.next_marker` with the same `limit` and filters on every page; `limit` stops
    /// after that many items.
    pub async fn list<R: Resource>(
        &self,
        filters: &[(&str, String)],
        limit: Option<usize>,
    ) -> Result<Vec<Typed<R>>> {
        let kind = R::KIND;
        if limit == Some(0) {
            return Ok(Vec::new());
        }
        let page_size = limit.map_or(paths::PAGE_SIZE, |l| l.clamp(1, paths::PAGE_SIZE));
        let mut base = Call::get(
            kind.collection.fill(&[("domain_id", &self.domain_id)]),
            format!("list {}s", kind.what),
        )
        .query("limit", page_size);
        for (key, value) in filters {
            base = base.query(key, value);
        }
        let items = paginate::by_marker((PROVIDER, paginate::identity), limit, |marker| {
            let call = match marker {
                Some(marker) => base.clone().query("marker", marker),
                None => base.clone(),
            };
            async move {
                let reply = self.send(&call).await?;
                unwrap_page(&kind, &reply)
            }
        })
        .await?;
        Typed::parse_all(PROVIDER, kind.what, items)
    }

    /// Every `R` named exactly `name` (the API's `name` filter where it has one; the filter's
    /// matching rules are not documented, so the names are compared here as well).
    pub async fn named<R: Resource>(&self, name: &str) -> Result<Vec<Typed<R>>> {
        let filters = if R::KIND.name_filter {
            vec![("name", name.to_string())]
        } else {
            Vec::new()
        };
        let all = self.list::<R>(&filters, None).await?;
        Ok(all.into_iter().filter(|r| r.view.name() == name).collect())
    }

    /// One `R` by id.
    pub async fn get<R: Resource>(&self, id: &str) -> Result<Typed<R>> {
        let kind = R::KIND;
        let call = Call::get(
            kind.item
                .fill(&[("domain_id", &self.domain_id), ("id", id)]),
            format!("get {} `{id}`", kind.what),
        )
        // Read back in a dry run after a planned create (`id` is then a placeholder).
        .planned(json!({ kind.one: { "id": id } }));
        let reply = self.send(&call).await?;
        Typed::parse(PROVIDER, kind.what, unwrap_one(&kind, &reply)?)
    }

    /// Creates an `R` from `body` (already wrapped, see [`super::models::wrap`]). Never resent on
    /// an ambiguous failure: the error then has `maybe_applied` set, and so does an unreadable
    /// success body, since the resource exists.
    pub async fn create<R: Resource>(&self, body: Value) -> Result<Typed<R>> {
        let kind = R::KIND;
        let call = Call::create(
            Method::POST,
            kind.collection.fill(&[("domain_id", &self.domain_id)]),
            format!("create the {}", kind.what),
        )
        .planned(echo(
            &kind,
            &body,
            &http::placeholder(&format!("id of the new {}", kind.what)),
        ))
        .json(body);
        let reply = self.send(&call).await?;
        unwrap_one(&kind, &reply)
            .and_then(|raw| Typed::parse(PROVIDER, kind.what, raw))
            .map_err(|mut e| {
                e.maybe_applied = true;
                e
            })
    }

    /// Updates an `R` (PUT of the wrapped `body`) and returns it as the API now has it.
    pub async fn update<R: Resource>(&self, id: &str, body: Value) -> Result<Typed<R>> {
        let kind = R::KIND;
        let call = Call::idempotent(
            Method::PUT,
            kind.item
                .fill(&[("domain_id", &self.domain_id), ("id", id)]),
            format!("update {} `{id}`", kind.what),
        )
        .planned(echo(&kind, &body, id))
        .json(body);
        let reply = self.send(&call).await?;
        Typed::parse(PROVIDER, kind.what, unwrap_one(&kind, &reply)?)
    }

    /// Deletes an `R` (204); returns the request id of the answer (`X-Request-Id`). A 400 whose code is the
    /// kind's [`Kind::gone_on_delete`] is exit 4, as a 404 is.
    pub async fn delete<R: Resource>(&self, id: &str) -> Result<Option<String>> {
        let kind = R::KIND;
        let call = Call::idempotent(
            Method::DELETE,
            kind.item
                .fill(&[("domain_id", &self.domain_id), ("id", id)]),
            format!("delete {} `{id}`", kind.what),
        );
        let reply = self.send(&call).await.map_err(|mut err| {
            if err.status == Some(400)
                && kind.gone_on_delete.is_some()
                && err.code.as_deref() == kind.gone_on_delete
            {
                err.kind = ErrorKind::NotFound;
                err = err.hint(format!("the {} is already gone", kind.what));
            }
            err
        })?;
        Ok(reply.request_id)
    }

    /// Adds tags to a cloud connection (setting a tag twice leaves it set, so it may be resent).
    pub async fn tag_cloud_connection(&self, id: &str, tags: &[Tag]) -> Result<()> {
        let call = Call::idempotent(
            Method::POST,
            paths::CLOUD_CONNECTION_TAG.fill(&[("domain_id", &self.domain_id), ("id", id)]),
            format!("tag cloud connection `{id}`"),
        )
        .json(serde_json::json!({ "tags": tags }));
        self.send(&call).await.map(|_| ())
    }

    /// Binds (`bind`) or unbinds a bandwidth package and a cloud connection. Not resent after an
    /// ambiguous failure (a second bind is refused as already bound): the error is then
    /// `maybe_applied` and the caller looks at the package.
    pub async fn associate(
        &self,
        package_id: &str,
        cloud_connection_id: &str,
        bind: bool,
    ) -> Result<Typed<BandwidthPackage>> {
        let (endpoint, verb) = if bind {
            (paths::BANDWIDTH_PACKAGE_ASSOCIATE, "associate")
        } else {
            (paths::BANDWIDTH_PACKAGE_DISASSOCIATE, "disassociate")
        };
        let kind = paths::BANDWIDTH_PACKAGES;
        let body = super::models::wrap(
            &kind,
            Association {
                resource_id: cloud_connection_id.to_string(),
                resource_type: RESOURCE_TYPE_CLOUD_CONNECTION.to_string(),
            },
        )?;
        let call = Call::create(
            Method::POST,
            endpoint.fill(&[("domain_id", &self.domain_id), ("id", package_id)]),
            format!("{verb} bandwidth package `{package_id}`"),
        )
        .planned(echo(&kind, &body, package_id))
        .json(body);
        let reply = self.send(&call).await?;
        unwrap_one(&kind, &reply).and_then(|raw| Typed::parse(PROVIDER, kind.what, raw))
    }
}
