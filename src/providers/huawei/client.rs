//! The Huawei Cloud Connect calls: list (all pages by marker), show, create, update, delete,
//! tag, associate and disassociate, for every [`Resource`] kind.
//!
//! Responses wrap the object (`{"cloud_connection": {...}, "request_id": ...}`) or the list
//! (`{"cloud_connections": [...], "page_info": {"next_marker", ...}}`); the shared resource
//! operations ([`crate::providers::resource`]) unwrap both as each kind's table says
//! ([`paths::Kind::rest`]), and a body without the expected key is exit 5, never a panic.

use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};

use super::PROVIDER;
use super::auth::HuaweiAuth;
use super::dialect::DIALECT;
use super::models::{
    self, Association, BandwidthPackage, Permission, Quota, RESOURCE_TYPE_CLOUD_CONNECTION,
    Resource, Tag,
};
use super::paths;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{self, ApiClient, Call, HttpSettings, Reply};
use crate::providers::Typed;
use crate::providers::resource::{self, Rest};
use crate::validate;

/// A Cloud Connect client for one account.
#[derive(Clone)]
pub struct HuaweiClient {
    api: ApiClient,
    domain_id: String,
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

    /// The calls over every [`Resource`] kind, in this account, with Huawei's hints.
    fn rest(&self) -> Rest<'_> {
        Rest::new(&self.api, vec![("domain_id", self.domain_id.clone())]).explained(explain)
    }

    /// One cheap signed read (a single cloud connection), for `cc doctor`.
    pub async fn probe(&self) -> Result<Reply> {
        let rest = self.rest();
        let call = Call::get(
            rest.fill(&paths::CLOUD_CONNECTIONS.collection, &[]),
            "list cloud connections",
        )
        .query("limit", 1);
        rest.send(&call).await
    }

    /// Every `R` matching `filters` (query pairs, repeated keys allowed), following
    /// `page_info.next_marker` with the same `limit` and filters on every page; `limit` stops
    /// after that many items.
    pub async fn list<R: Resource>(
        &self,
        filters: &[(&str, String)],
        limit: Option<usize>,
    ) -> Result<Vec<Typed<R>>> {
        self.rest().list(&R::KIND.rest(), filters, limit).await
    }

    /// Every `R` named exactly `name` (the API's `name` filter where it has one; the filter's
    /// matching rules are not documented, so the names are compared here as well).
    pub async fn named<R: Resource>(&self, name: &str) -> Result<Vec<Typed<R>>> {
        self.rest().named(&R::KIND.rest(), name, R::name).await
    }

    /// One `R` by id.
    pub async fn get<R: Resource>(&self, id: &str) -> Result<Typed<R>> {
        self.rest().get(&R::KIND.rest(), id).await
    }

    /// Creates an `R` from `body` (already wrapped, see [`super::models::wrap`]). Never resent on
    /// an ambiguous failure: the error then has `maybe_applied` set, and so does an unreadable
    /// success body, since the resource exists.
    pub async fn create<R: Resource>(&self, body: Value) -> Result<Typed<R>> {
        let kind = R::KIND.rest();
        let id = http::placeholder(&format!("id of the new {}", kind.what));
        let planned = resource::echo(&kind, &body, &id);
        self.rest().create(&kind, body, planned).await
    }

    /// Updates an `R` (PUT of the wrapped `body`) and returns it as the API now has it.
    pub async fn update<R: Resource>(&self, id: &str, body: Value) -> Result<Typed<R>> {
        self.rest().update(&R::KIND.rest(), id, body).await
    }

    /// Deletes an `R` (204); returns the request id of the answer (`X-Request-Id`). A 400 whose
    /// code is the kind's [`paths::Kind::gone_on_delete`] is exit 4, as a 404 is.
    pub async fn delete<R: Resource>(&self, id: &str) -> Result<Option<String>> {
        let reply = self.rest().delete(&R::KIND.rest(), id, None).await?;
        Ok(reply.request_id)
    }

    /// The quotas matching `query` (`quota_type`, and `cloud_connection_id` and `region_id` as
    /// the type needs), every page: the answer's `quotas`, paged by `marker` as the request
    /// documents (its response model has no `page_info`, so one page is the usual answer).
    pub async fn quotas(&self, query: &[(&str, String)]) -> Result<Vec<Typed<Quota>>> {
        let kind = marker_listed(
            "quota",
            paths::QUOTAS,
            ("quotas", "quotas"),
            paths::ROUTE_PAGE_SIZE,
        );
        self.rest().list(&kind, query, None).await
    }

    /// The authorisations other accounts granted to this one (`GET .../ccaas/permissions`),
    /// matching `filters`, every page.
    pub async fn permissions(
        &self,
        filters: &[(&str, String)],
        limit: Option<usize>,
    ) -> Result<Vec<Typed<Permission>>> {
        let kind = resource::Kind {
            name_filter: Some("name"),
            ..marker_listed(
                "permission",
                paths::PERMISSIONS,
                ("permission", "permissions"),
                paths::PAGE_SIZE,
            )
        };
        self.rest().list(&kind, filters, limit).await
    }

    /// Before another account's VPC is loaded (`network-instances create --instance-domain-id`,
    /// a network instance of a desired-state file with `instance_domain_id`):
    /// when this account's permissions can be read and none grants VPC `vpc` of account `owner` to
    /// cloud connection `cc`, exit 2 naming `field`, nothing sent. When they cannot be read (a
    /// 401/403 or 404 on the list: an IAM policy without `cc:permissions:list`, say), a warning, and
    /// the API decides.
    pub async fn check_granted(&self, field: &str, owner: &str, vpc: &str, cc: &str) -> Result<()> {
        if owner == self.domain_id() {
            return Ok(());
        }
        let found = match self
            .permissions(&[("instance_id", vpc.to_string())], None)
            .await
        {
            Ok(found) => found,
            Err(e) if e.kind == ErrorKind::Auth || e.kind == ErrorKind::NotFound => {
                crate::log::warn(format!(
                    "cannot read this account's permissions ({}): not checking that account {owner} granted VPC {vpc}",
                    e.message
                ));
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let views: Vec<Permission> = found.into_iter().map(|p| p.view).collect();
        if models::granted(&views, owner, vpc, cc) {
            return Ok(());
        }
        Err(validate::refuse(
            field,
            validate::quoted(owner),
            format!(
                "account {owner} has not authorised VPC {vpc} for cloud connection {cc}: the VPC's owner grants it first with `cc huawei authorisations create`; `cc huawei permissions list` shows the grants this account has"
            ),
        ))
    }

    /// Adds tags to a cloud connection (setting a tag twice leaves it set, so it may be resent).
    pub async fn tag_cloud_connection(&self, id: &str, tags: &[Tag]) -> Result<()> {
        let rest = self.rest();
        let call = Call::idempotent(
            Method::POST,
            rest.fill(&paths::CLOUD_CONNECTION_TAG, &[("id", id)]),
            format!("tag cloud connection `{id}`"),
        )
        .json(json!({ "tags": tags }));
        rest.send(&call).await.map(|_| ())
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
        let (rest, shared) = (self.rest(), kind.rest());
        let call = Call::create(
            Method::POST,
            rest.fill(&endpoint, &[("id", package_id)]),
            format!("{verb} bandwidth package `{package_id}`"),
        )
        .planned(resource::echo(&shared, &body, package_id))
        .json(body);
        let reply = rest.send(&call).await?;
        rest.answer(&shared, &reply)
    }
}

/// A kind only listed, keyed `one`/`many` in its answers and paged by `page_info.next_marker`:
/// the shape the API's own lists (quotas, permissions) share, built in one place.
fn marker_listed(
    what: &'static str,
    collection: paths::Endpoint,
    (one, many): (&'static str, &'static str),
    size: usize,
) -> resource::Kind {
    resource::Kind {
        one: resource::Envelope::Key(one),
        many: resource::Envelope::Key(many),
        paging: resource::Paging::Marker {
            size,
            next: "/page_info/next_marker",
        },
        ..resource::Kind::listed(what, collection)
    }
}
