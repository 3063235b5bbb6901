//! Simulated Huawei Cloud Connect v3: cloud connections, network instances (PENDING, then
//! ACTIVE after the provision delay), bandwidth packages with associate/disassociate, and
//! inter-region bandwidths, with `limit`/`marker` paging.
//!
//! It checks what the real gateway checks, the same way the official SDK signs: the
//! `SDK-HMAC-SHA256` signature is recomputed with [`crate::providers::huawei::sign`] over the
//! path the client sent (this router's mount point included), the canonical query, the signed
//! headers and the body; a wrong AK, a bad signature or an `X-Sdk-Date` more than 15 minutes
//! from the sandbox clock (`CC_NOW` when set, as for the client) is a 401 with
//! `{"error_code": "APIGW.0301", ...}`; a path or `X-Domain-Id` for another account is a 403.
//! Bodies are checked against the documented rules (400 `CC.1001`), names of cloud connections
//! are unique (`CC.1031`), and deletes are refused while something depends on the resource
//! (`CC.1032`, `CC.1052`). A `limit` is honoured up to the documented [`MAX_LIMIT`] of 2000, so
//! that the official SDK's `list_cloud_connections(limit=2000)` sees everything it created;
//! `CC_SANDBOX_HUAWEI_PAGE=10` caps pages lower (`Seeding::page`), so that the seeded 25 cloud
//! connections take three marker pages, as a large account does with the real limit. A page costs the items before it, compared by id, and the
//! rendering of its own items only, so that a list of thousands is not quadratic.
//! Each route of the client's table has its handlers (one per kind and shape, [`router`]);
//! a path or a method the API lacks is the gateway's 404 `APIGW.0101`, after the signature
//! check. Error codes other than those of `provider-notes/huawei-ovh.md` §1.5 are the sandbox's own.

mod bandwidth_packages;
mod cloud_connections;
mod errors;
mod gateway;
mod grants;
mod inter_region_bandwidths;
mod links;
mod network_instances;
mod paging;
mod rules;
mod seed;
mod store;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get, post};
use serde_json::Value;

pub use self::errors::unavailable;
use self::errors::{bad_request, unknown_api};
use self::gateway::Account;
use self::store::{Kind, Sim};
use super::Options;
use super::skeleton::{self, Refusal};
use crate::env::EnvVar;
use crate::providers::huawei::auth::Clock;
use crate::providers::huawei::paths;

/// Where `sandbox::start` mounts this router: at the root of the sandbox's address, because the
/// official SDKs keep only the scheme and host of an endpoint and send `/v3/{domain_id}/ccaas/...`
/// (part of the path clients sign). Every route is under `/v3/`, so the other providers'
/// prefixes are not shadowed.
pub const MOUNT: &str = "";

/// Access key the simulator accepts.
pub const AK: &str = "SANDBOXHUAWEIAK000001";

/// Secret key the simulator signs with.
pub const SK: &str = "sandbox-huawei-secret-key-00000000000001";

/// The account of the seeded data.
pub const DOMAIN_ID: &str = "5a1d0b0c0ffee0000000000000000001";

/// The project of the seeded network instances and bandwidth packages.
pub const PROJECT_ID: &str = "0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09";

/// The largest `limit` the API takes [DOC ListCloudConnections.html: 1-2000].
pub const MAX_LIMIT: usize = 2000;

/// The gateway's tolerance for `X-Sdk-Date` [DOC, provider-notes §1.6].
pub(super) const MAX_SKEW_SECS: i64 = 15 * 60;

/// The seeded cloud connection that has everything a cloud connection needs.
pub const SEEDED_CLOUD_CONNECTION: &str = "6a1b2c3d-0000-4000-8000-000000000001";

/// More cloud connections.
pub const CC_SANDBOX_HUAWEI_CONNECTIONS: EnvVar = EnvVar::new(
    "CC_SANDBOX_HUAWEI_CONNECTIONS",
    "Huawei simulator: N more cloud connections besides its 25 seeded ones, in pages of 2000",
);
/// Small pages.
pub const CC_SANDBOX_HUAWEI_PAGE: EnvVar = EnvVar::new(
    "CC_SANDBOX_HUAWEI_PAGE",
    "Huawei simulator: pages of at most N items whatever `limit` asks (default: `limit`, up to 2000)",
);
/// The simulator's knobs.
pub const KNOBS: &[EnvVar] = &[CC_SANDBOX_HUAWEI_CONNECTIONS, CC_SANDBOX_HUAWEI_PAGE];

/// The Huawei simulator's own knobs, from `CC_SANDBOX_HUAWEI_*` (for benchmarks of
/// `cc huawei list`, and tests of paging).
#[derive(Debug, Clone, Copy, Default)]
pub struct Seeding {
    /// How many cloud connections it holds besides its 25 seeded ones.
    pub connections: usize,
    /// When set, pages hold at most this many items whatever `limit` asks
    /// (`CC_SANDBOX_HUAWEI_PAGE`); unset, `limit` is honoured up to [`MAX_LIMIT`].
    pub page: Option<usize>,
}

impl Seeding {
    /// An unset variable leaves the default; a bad value is a usage error naming it.
    pub fn from_env() -> crate::error::Result<Seeding> {
        Ok(Seeding {
            connections: skeleton::count_from_env(CC_SANDBOX_HUAWEI_CONNECTIONS, "2500")?
                .unwrap_or(0),
            page: skeleton::count_from_env(CC_SANDBOX_HUAWEI_PAGE, "10")?.map(|n| n.max(1)),
        })
    }
}

type Shared = skeleton::Shared<Sim>;

/// The official clients' own variables that `cc sandbox` exports too, and the setting whose
/// value each takes: `CLOUD_SDK_*` are what the SDK's samples read, `HUAWEICLOUD_SDK_*` what its
/// `EnvCredentialProvider` reads, so the vendor's sample code runs unchanged.
const CLIENT_ENV: &[(&str, &str)] = &[
    ("CLOUD_SDK_AK", "huawei.ak"),
    ("CLOUD_SDK_SK", "huawei.sk"),
    ("HUAWEICLOUD_SDK_AK", "huawei.ak"),
    ("HUAWEICLOUD_SDK_SK", "huawei.sk"),
    ("HUAWEICLOUD_SDK_DOMAIN_ID", "huawei.domain_id"),
];

/// This simulator as `sandbox::start` serves it: where it is mounted, its routes, its 503 and
/// the settings that point `cc` at it.
pub fn mount(options: &Options) -> crate::error::Result<super::Mount> {
    let clock = Clock::from_env().unwrap_or(Clock::System);
    let state = skeleton::shared(Sim::new(*options, Seeding::from_env()?, clock));
    Ok(super::Mount {
        prefix: MOUNT,
        router: routes(state.clone(), clock),
        memory: skeleton::memory("huawei", &state),
        unavailable,
        settings,
        client_env: CLIENT_ENV,
    })
}

/// The configuration that points `cc` at this simulator under `base`.
pub fn settings(base: &str) -> Vec<(&'static str, String)> {
    [
        ("huawei.url", base.to_string()),
        ("huawei.ak", AK.to_string()),
        ("huawei.sk", SK.to_string()),
        ("huawei.domain_id", DOMAIN_ID.to_string()),
    ]
    .into()
}

/// The Cloud Connect routes, the client's own path table: a path is spelled once.
pub fn router(options: Options, seeding: Seeding) -> Router {
    let clock = Clock::from_env().unwrap_or(Clock::System);
    routes(skeleton::shared(Sim::new(options, seeding, clock)), clock)
}

/// The routes over `sim`, signed on `clock`.
fn routes(sim: Shared, clock: Clock) -> Router {
    let mut router = Router::new();
    for kind in Kind::ALL {
        router = router
            .route(kind.paths().collection.template, collection(kind))
            .route(kind.paths().item.template, item(kind));
    }
    router
        .route(paths::CLOUD_CONNECTION_TAG.template, tag())
        .route(paths::BANDWIDTH_PACKAGE_ASSOCIATE.template, associate(true))
        .route(
            paths::BANDWIDTH_PACKAGE_DISASSOCIATE.template,
            associate(false),
        )
        .route(
            paths::CLOUD_CONNECTION_ROUTES.collection.template,
            read(|sim, _, query| sim.list_routes(&pairs(query))),
        )
        .route(
            paths::CLOUD_CONNECTION_ROUTES.item.template,
            read(|sim, account, _| sim.get_route(account.id())),
        )
        .route(
            paths::PERMISSIONS.template,
            read(|sim, _, query| sim.permissions(&pairs(query))),
        )
        .route(
            paths::QUOTAS.template,
            read(|sim, _, query| sim.quotas(&pairs(query))),
        )
        .method_not_allowed_fallback(unknown_method)
        // Mounted at the root, this fallback is the whole sandbox's: it answers as the gateway
        // only under `/v3/`, so that it does not answer for the other providers' prefixes.
        .fallback(|uri: Uri| async move {
            if uri.path().starts_with("/v3/") {
                unknown_api().into_response()
            } else {
                StatusCode::NOT_FOUND.into_response()
            }
        })
        .layer(axum::middleware::from_fn_with_state(clock, gateway::signed))
        .with_state(sim)
}

/// A method the path does not have (`HEAD` included: it is not a `GET` here), once the account
/// is checked, as the gateway does.
async fn unknown_method(_: Account) -> Refusal {
    unknown_api()
}

/// The query's pairs, decoded.
fn pairs(query: Option<String>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// The body, which must be JSON.
fn json_body(body: &[u8]) -> Result<Value, Refusal> {
    serde_json::from_slice(body).map_err(|_| bad_request("The request body is not JSON."))
}

/// A kind's collection: list and create.
fn collection(kind: Kind) -> MethodRouter<Shared> {
    get(
        move |State(sim): State<Shared>, _: Account, RawQuery(query): RawQuery| async move {
            skeleton::lock(&sim).list(kind, &pairs(query))
        },
    )
    .post(
        move |State(sim): State<Shared>, _: Account, body: Bytes| async move {
            skeleton::lock(&sim).create(kind, &json_body(&body)?)
        },
    )
    .head(unknown_method)
}

/// One item of a kind: get, update and delete.
fn item(kind: Kind) -> MethodRouter<Shared> {
    get(
        move |State(sim): State<Shared>, account: Account| async move {
            skeleton::lock(&sim).get(kind, account.id())
        },
    )
    .put(
        move |State(sim): State<Shared>, account: Account, body: Bytes| async move {
            skeleton::lock(&sim).update(kind, account.id(), &json_body(&body)?)
        },
    )
    .delete(
        move |State(sim): State<Shared>, account: Account| async move {
            skeleton::lock(&sim).delete(kind, account.id())
        },
    )
    .head(unknown_method)
}

/// A read derived from what the account holds (routes, quotas): `answer` of the state, the
/// account of the path and the raw query.
fn read(answer: fn(&Sim, &Account, Option<String>) -> skeleton::Answer) -> MethodRouter<Shared> {
    get(
        move |State(sim): State<Shared>, account: Account, RawQuery(query): RawQuery| async move {
            answer(&skeleton::lock(&sim), &account, query)
        },
    )
    .head(unknown_method)
}

/// Tags a cloud connection.
fn tag() -> MethodRouter<Shared> {
    post(
        |State(sim): State<Shared>, account: Account, body: Bytes| async move {
            skeleton::lock(&sim).tag(account.id(), &json_body(&body)?)
        },
    )
}

/// Binds a bandwidth package to a cloud connection (`bind`), or unbinds it.
fn associate(bind: bool) -> MethodRouter<Shared> {
    post(
        move |State(sim): State<Shared>, account: Account, body: Bytes| async move {
            skeleton::lock(&sim).associate(account.id(), bind, &json_body(&body)?)
        },
    )
}
