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

mod state;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use serde_json::{Value, json};

use super::Options;
use crate::providers::ovh::{paths, sign};
use state::Sim;

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

pub use state::{
    SERVICE_IN_VRACK, SERVICE_L2_READY, SERVICE_L3, VRACK_EMPTY, VRACK_OF_IN_VRACK, VRACK_OF_L3,
};

type Shared = Arc<Mutex<Sim>>;

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
            services: super::skeleton::count_from_env("CC_SANDBOX_OVH_SERVICES", "300")?
                .unwrap_or(0),
        })
    }
}

/// This simulator as `sandbox::start` serves it: where it is mounted, its routes, its 503 and
/// the settings that point `cc` at it.
pub fn mount(options: &Options) -> crate::error::Result<super::Mount> {
    Ok(super::Mount {
        prefix: MOUNT,
        router: router(*options, Seeding::from_env()?),
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
    let shared: Shared = Arc::new(Mutex::new(Sim::seeded(options, seeding, offset_secs)));
    let mut routes: Vec<(&'static str, MethodRouter<Shared>)> = Vec::new();
    for (endpoint, filter, op) in state::routes() {
        let template = endpoint.template;
        let method_router = match routes.iter().position(|(t, _)| *t == template) {
            Some(i) => routes.remove(i).1,
            None => MethodRouter::new(),
        };
        let method_router = if template.contains('{') {
            method_router.on(
                filter,
                move |State(sim): State<Shared>,
                      Path(params): Path<HashMap<String, String>>,
                      method: Method,
                      uri: Uri,
                      headers: HeaderMap,
                      body: Bytes| async move {
                    handle(&sim, op, &params, &method, &uri, &headers, &body)
                },
            )
        } else {
            method_router.on(
                filter,
                move |State(sim): State<Shared>,
                      method: Method,
                      uri: Uri,
                      headers: HeaderMap,
                      body: Bytes| async move {
                    handle(&sim, op, &HashMap::new(), &method, &uri, &headers, &body)
                },
            )
        };
        routes.push((template, method_router));
    }
    let mut router = Router::new();
    for (template, method_router) in routes {
        router = router.route(template, method_router);
    }
    router
        .fallback(|| async {
            api_error(
                StatusCode::NOT_FOUND,
                "Client::NotFound",
                "Got an invalid (or empty) URL",
            )
            .into_response()
        })
        .with_state(shared)
}

fn query_id() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("SANDBOX.ext-1.{}", &id[..24])
}

/// A JSON answer with `X-Ovh-QueryID`.
fn answer(status: StatusCode, body: Value) -> Response {
    (status, [("X-Ovh-QueryID", query_id())], axum::Json(body)).into_response()
}

/// A refusal in one of OVH's two error shapes, with its status.
pub(crate) struct Refusal {
    status: StatusCode,
    body: Value,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        answer(self.status, self.body)
    }
}

/// A 503 in the API's error shape (`cc sandbox --fail`).
pub fn unavailable() -> Response {
    api_error(
        StatusCode::SERVICE_UNAVAILABLE,
        "Server::InternalServerError::Maintenance",
        "The service is temporarily unavailable (cc sandbox --fail).",
    )
    .into_response()
}

/// The API's error shape: `{"class", "message"}`.
fn api_error(status: StatusCode, class: &str, message: &str) -> Refusal {
    Refusal {
        status,
        body: json!({ "class": class, "message": message }),
    }
}

/// The auth layer's error shape: `{"errorCode", "httpCode", "message"}`.
fn auth_error(status: StatusCode, code: &str, message: &str) -> Refusal {
    let http_code = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    Refusal {
        status,
        body: json!({ "errorCode": code, "httpCode": http_code, "message": message }),
    }
}

/// What a handler answers: the JSON of a 200, or a refusal.
pub(crate) type Answer = Result<Value, Refusal>;

/// 400 `Client::BadRequest`.
pub(crate) fn bad_request(message: &str) -> Refusal {
    api_error(StatusCode::BAD_REQUEST, "Client::BadRequest", message)
}

/// 404 `Client::NotFound`, worded as OVH words it.
pub(crate) fn not_found(what: &str, value: &str) -> Refusal {
    api_error(
        StatusCode::NOT_FOUND,
        "Client::NotFound",
        &format!("The requested object ({what} = {value}) does not exist"),
    )
}

/// 200 with a JSON body.
pub(crate) fn ok(body: Value) -> Answer {
    Ok(body)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Checks the credentials of an API call: a bearer token it issued, or a valid `$1$` signature.
fn authenticate(
    sim: &Sim,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Refusal> {
    if let Some(auth) = header(headers, "authorization") {
        let token = auth.strip_prefix("Bearer ").unwrap_or_default();
        if sim.tokens.iter().any(|t| t == token) {
            return Ok(());
        }
        return Err(auth_error(
            StatusCode::UNAUTHORIZED,
            "INVALID_CREDENTIAL",
            "This credential is not valid",
        ));
    }
    let Some(ak) = header(headers, "x-ovh-application") else {
        return Err(auth_error(
            StatusCode::UNAUTHORIZED,
            "NOT_CREDENTIAL",
            "You must login first",
        ));
    };
    if ak != APPLICATION_KEY {
        return Err(auth_error(
            StatusCode::FORBIDDEN,
            "INVALID_KEY",
            "This application key is invalid",
        ));
    }
    if header(headers, "x-ovh-consumer") != Some(CONSUMER_KEY) {
        return Err(auth_error(
            StatusCode::FORBIDDEN,
            "INVALID_CREDENTIAL",
            "This credential does not exist",
        ));
    }
    let timestamp = header(headers, "x-ovh-timestamp")
        .and_then(|t| t.trim().parse::<i64>().ok())
        .filter(|t| (t - sim.now()).abs() <= MAX_SKEW_SECS)
        .ok_or_else(|| {
            auth_error(
                StatusCode::BAD_REQUEST,
                "QUERY_TIME_OUT",
                "Query out of time",
            )
        })?;
    let host = header(headers, "host").unwrap_or_default();
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let url = format!("http://{host}{MOUNT}{path_and_query}");
    let expected = sign::signature(
        APPLICATION_SECRET,
        CONSUMER_KEY,
        method.as_str(),
        &url,
        body,
        timestamp,
    );
    if header(headers, "x-ovh-signature") != Some(expected.as_str()) {
        return Err(auth_error(
            StatusCode::BAD_REQUEST,
            "INVALID_SIGNATURE",
            "Invalid signature",
        ));
    }
    Ok(())
}

/// The OAuth2 client-credentials grant.
fn token(sim: &mut Sim, headers: &HeaderMap, body: &[u8]) -> Answer {
    use base64::Engine;
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if header(headers, "authorization") != Some(expected.as_str()) {
        return Err(Refusal {
            status: StatusCode::UNAUTHORIZED,
            body: json!({ "error": "invalid_client", "error_description": "client authentication failed" }),
        });
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return Err(Refusal {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials" }),
        });
    }
    if form.get("scope").map(String::as_str) != Some("all") {
        return Err(Refusal {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "error": "invalid_scope", "error_description": "scope must be all" }),
        });
    }
    let token = format!("sandbox-ovh-token-{}", uuid::Uuid::new_v4().simple());
    sim.tokens.push(token.clone());
    ok(json!({ "access_token": token, "token_type": "Bearer", "expires_in": 3599, "scope": "all" }))
}

fn handle(
    sim: &Shared,
    op: state::Op,
    params: &HashMap<String, String>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let mut sim = sim.lock().unwrap_or_else(|p| p.into_inner());
    let result = match op {
        state::Op::Time => ok(json!(sim.now())),
        state::Op::Token => token(&mut sim, headers, body),
        _ => authenticate(&sim, method, uri, headers, body).and_then(|()| {
            sim.tick();
            sim.call(op, params, uri.query().unwrap_or_default(), body)
        }),
    };
    match result {
        Ok(body) => answer(StatusCode::OK, body),
        Err(refusal) => refusal.into_response(),
    }
}

/// Axum's method filter for a method of the table.
pub(crate) fn filter(method: &Method) -> MethodFilter {
    match *method {
        Method::POST => MethodFilter::POST,
        Method::DELETE => MethodFilter::DELETE,
        Method::PUT => MethodFilter::PUT,
        _ => MethodFilter::GET,
    }
}
