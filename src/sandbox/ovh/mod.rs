//! Simulated OVHcloud Connect behind the OVHcloud API v6: `/auth/time`, the OAuth2 token, OCC
//! services, interfaces, datacenters, the POP / datacenter / extra configuration tree with its
//! tasks, and the vRack calls OCC needs.
//!
//! Routes are built from [`crate::providers::ovh::paths`] (the same `{name}` templates the
//! client fills), relative to the API base; `sandbox::start` mounts the router at [`MOUNT`],
//! a base ending in `/1.0` as the official clients expect. It checks what OVH checks:
//! - signed calls: the application key (403 `INVALID_KEY`), the consumer key (403
//!   `INVALID_CREDENTIAL`), `X-Ovh-Timestamp` within [`MAX_SKEW_SECS`] of the sandbox clock (400
//!   `QUERY_TIME_OUT` [INF]), and the `$1$` signature recomputed with
//!   [`crate::providers::ovh::sign::signature`] over the method, the full URL as received
//!   (`http://` + `Host` + [`MOUNT`] + path and query, undecoded), the body bytes and the
//!   timestamp (400 `INVALID_SIGNATURE`), in the auth layer's `{"errorCode", "httpCode",
//!   "message"}` shape (`provider-notes/huawei-ovh.md` §2.5);
//! - OAuth2: Basic client credentials and `grant_type=client_credentials&scope=all` at the token
//!   route, then only the bearer tokens it issued;
//! - the provider document's rules ([`crate::providers::ovh::rules`], the same functions the
//!   client side runs) answered `400 Client::BadRequest` in the API's `{"class", "message"}`
//!   shape.
//!
//! Every answer carries `X-Ovh-QueryID`. Creates and deletes answer a task that goes `todo` →
//! `doing` → `done` over the provision delay; configurations go `init` → `active`, and
//! `toDelete` → gone; vRack tasks answer 404 once done, as the real ones vanish. `/auth/time`
//! answers the sandbox clock, which [`router_with_clock_offset`] can put off the machine's
//! clock to exercise the client's offset.
//!
//! Each route of the client's table has its handler ([`routes`]); a path the API lacks is its
//! 404 `Client::NotFound`, a method a path lacks axum's 405.

mod account;
mod call;
mod configs;
mod errors;
mod health;
mod services;
#[cfg(test)]
mod tests;
mod vrack;

use axum::Router;
use axum::routing::MethodFilter;
use axum::routing::{MethodRouter, get, post};

use self::account::Sim;
use self::call::{api, time, token};
pub use self::errors::unavailable;
use super::Options;
use super::skeleton;
use crate::env::EnvVar;
use crate::providers::endpoint::Endpoint;
use crate::providers::ovh::paths;

/// Where `sandbox::start` mounts this router: part of the URL clients sign.
pub const MOUNT: &str = "/ovh/1.0";
/// The application key the sandbox knows.
pub const APPLICATION_KEY: &str = "sandboxOvhAppKey1";
/// Its application secret.
pub const APPLICATION_SECRET: &str = "sandbox-ovh-application-secret-0001";
/// The consumer key it granted (all rights).
pub const CONSUMER_KEY: &str = "sandbox-ovh-consumer-key-00000000001";
/// The OAuth2 service account it knows.
pub const CLIENT_ID: &str = "sandbox-ovh-client";
/// Its secret.
pub const CLIENT_SECRET: &str = "sandbox-ovh-client-secret";
/// Largest accepted distance between `X-Ovh-Timestamp` and the sandbox clock [INF].
pub const MAX_SKEW_SECS: i64 = 300;

pub use self::account::{
    SERVICE_IN_VRACK, SERVICE_L2_READY, SERVICE_L3, VRACK_EMPTY, VRACK_OF_IN_VRACK, VRACK_OF_L3,
};

type Shared = skeleton::Shared<Sim>;

/// More services.
pub const CC_SANDBOX_OVH_SERVICES: EnvVar = EnvVar::new(
    "CC_SANDBOX_OVH_SERVICES",
    "OVH simulator: hold N OVHcloud Connect services (at least its 3 seeded ones)",
);
/// The simulator's knobs.
pub const KNOBS: &[EnvVar] = &[CC_SANDBOX_OVH_SERVICES];

/// The OVH simulator's own knob, from `CC_SANDBOX_OVH_SERVICES` (for benchmarks of
/// `cc ovh list`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Seeding {
    /// How many OVHcloud Connect services it holds, at least its 3 seeded ones.
    pub services: usize,
}

impl Seeding {
    /// An unset variable leaves the default; a bad value is a usage error naming it.
    pub fn from_env() -> crate::error::Result<Seeding> {
        Ok(Seeding {
            services: skeleton::count_from_env(CC_SANDBOX_OVH_SERVICES, "300")?.unwrap_or(0),
        })
    }
}

/// This simulator as `sandbox::start` serves it: where it is mounted, its routes, its 503 and
/// the settings that point `cc` at it.
pub fn mount(options: &Options) -> crate::error::Result<super::Mount> {
    let state = skeleton::shared(Sim::seeded(*options, Seeding::from_env()?, 0));
    Ok(super::Mount {
        prefix: MOUNT,
        router: over(state.clone()),
        memory: skeleton::memory("ovh", &state),
        unavailable,
        settings,
        client_env: &[],
    })
}

/// The configuration that points `cc` at this simulator mounted at `base` (a URL ending in
/// [`MOUNT`]): the base URL (`CC_OVH_URL`) and the endpoint as the same URL (`OVH_ENDPOINT`,
/// which go-ovh and the OVHcloud CLI take as a URL), the signed-request credentials (what the
/// official clients use), and the token URL for a service account.
pub fn settings(base: &str) -> Vec<(&'static str, String)> {
    vec![
        ("ovh.url", base.to_string()),
        ("ovh.endpoint", base.to_string()),
        ("ovh.application_key", APPLICATION_KEY.to_string()),
        ("ovh.application_secret", APPLICATION_SECRET.to_string()),
        ("ovh.consumer_key", CONSUMER_KEY.to_string()),
        (
            "ovh.token_url",
            format!("{base}{}", paths::OAUTH2_TOKEN.template),
        ),
    ]
}

/// The simulated API, its clock on the machine's.
pub fn router(options: Options, seeding: Seeding) -> Router {
    router_with_clock_offset(options, seeding, 0)
}

/// The simulated API with its clock `offset_secs` away from the machine's.
pub fn router_with_clock_offset(options: Options, seeding: Seeding, offset_secs: i64) -> Router {
    over(skeleton::shared(Sim::seeded(options, seeding, offset_secs)))
}

/// The routes over `sim`.
fn over(sim: Shared) -> Router {
    let mut router = Router::new();
    for (endpoint, handlers) in routes() {
        router = router.route(endpoint.template, handlers);
    }
    router
        .route(health::BREAK_PATH, post(call::break_on_purpose))
        .fallback(|| async { errors::unknown_path() })
        .with_state(sim)
}

/// Every route: a path of the client's table and its handlers.
fn routes() -> Vec<(Endpoint, MethodRouter<Shared>)> {
    use MethodFilter as M;
    use paths::*;
    vec![
        (AUTH_TIME, get(time)),
        (OAUTH2_TOKEN, post(token)),
        (SERVICES, api(M::GET, services::list)),
        (
            SERVICE,
            api(M::GET, services::get).merge(api(M::PUT, health::update)),
        ),
        (INTERFACES, api(M::GET, services::interfaces)),
        (INTERFACE, api(M::GET, services::interface)),
        (DATACENTERS, api(M::GET, services::datacenters)),
        (DATACENTER, api(M::GET, services::datacenter)),
        (TASKS, api(M::GET, services::tasks)),
        (TASK, api(M::GET, services::task)),
        (
            POP_CONFIGS,
            api(M::GET, configs::pops).merge(api(M::POST, configs::create_pop)),
        ),
        (
            POP_CONFIG,
            api(M::GET, configs::pop).merge(api(M::DELETE, configs::delete_pop)),
        ),
        (
            DC_CONFIGS,
            api(M::GET, configs::dcs).merge(api(M::POST, configs::create_dc)),
        ),
        (
            DC_CONFIG,
            api(M::GET, configs::dc).merge(api(M::DELETE, configs::delete_dc)),
        ),
        (
            EXTRA_CONFIGS,
            api(M::GET, configs::extras).merge(api(M::POST, configs::create_extra)),
        ),
        (
            EXTRA_CONFIG,
            api(M::GET, configs::extra).merge(api(M::DELETE, configs::delete_extra)),
        ),
        (INTERFACE_STATUS, api(M::GET, health::interface_status)),
        (
            INTERFACE_STATISTICS,
            api(M::GET, health::interface_statistics),
        ),
        (POP_STATUS, api(M::GET, health::pop_status)),
        (POP_STATISTICS, api(M::GET, health::pop_statistics)),
        (
            DIAGNOSTICS,
            api(M::GET, health::diagnostics).merge(api(M::POST, health::run_diagnostic)),
        ),
        (DIAGNOSTIC, api(M::GET, health::diagnostic)),
        (INCIDENTS, api(M::GET, health::incidents)),
        (INCIDENT, api(M::GET, health::incident)),
        (VRACK_ALLOWED, api(M::GET, vrack::allowed)),
        (
            VRACK_SERVICES,
            api(M::GET, vrack::services).merge(api(M::POST, vrack::attach)),
        ),
        (
            VRACK_SERVICE,
            api(M::GET, vrack::service).merge(api(M::DELETE, vrack::detach)),
        ),
        (VRACK_TASK, api(M::GET, vrack::task)),
    ]
}
