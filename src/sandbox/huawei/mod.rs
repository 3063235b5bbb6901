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
//! (`CC.1032`, `CC.1052`). Pages are capped at [`MAX_PAGE`] items so that the seeded 25 cloud
//! connections take three marker pages, like a large account does with the real limit of 2000;
//! seeded with more (`Seeding::connections`), the account is that large account, and
//! pages are the real [`MAX_LIMIT`]. A page costs the items before it, compared by id, and the
//! rendering of its own items only, so that a list of thousands is not quadratic.
//! Error codes other than those of `provider-notes/huawei-ovh.md` §1.5 are the sandbox's own.

mod seed;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Value, json};

use self::seed::{inter_regions, seed};
use super::Options;
use crate::providers::huawei::auth::{self, Clock};
use crate::providers::huawei::models;
use crate::providers::huawei::paths;
use crate::providers::huawei::sign::{self, SignInput};

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

/// Most items the simulator puts in one page, whatever `limit` asks (unless seeded with more
/// cloud connections: then [`MAX_LIMIT`]).
pub const MAX_PAGE: usize = 10;

/// The largest `limit` the API takes [DOC ListCloudConnections.html: 1-2000].
pub const MAX_LIMIT: usize = 2000;

/// The gateway's tolerance for `X-Sdk-Date` [DOC, provider-notes §1.6].
const MAX_SKEW_SECS: i64 = 15 * 60;

/// The seeded cloud connection that has everything a cloud connection needs.
pub const SEEDED_CLOUD_CONNECTION: &str = "6a1b2c3d-0000-4000-8000-000000000001";

struct Entry {
    object: Value,
    created: Instant,
}

/// The Huawei simulator's own knob, from `CC_SANDBOX_HUAWEI_CONNECTIONS` (for benchmarks of
/// `cc huawei list`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Seeding {
    /// How many cloud connections it holds besides its 25 seeded ones; with any, its pages are
    /// the API's own limit of 2000, not the small account's 10.
    pub connections: usize,
}

impl Seeding {
    /// An unset variable leaves the default; a bad value is a usage error naming it.
    pub fn from_env() -> crate::error::Result<Seeding> {
        Ok(Seeding {
            connections: super::skeleton::count_from_env("CC_SANDBOX_HUAWEI_CONNECTIONS", "2500")?
                .unwrap_or(0),
        })
    }
}

/// What the simulator knows.
struct Sim {
    options: Options,
    seeding: Seeding,
    clock: Clock,
    cloud_connections: Vec<Entry>,
    network_instances: Vec<Entry>,
    bandwidth_packages: Vec<Entry>,
    inter_region_bandwidths: Vec<Entry>,
}

type Shared = Arc<Mutex<Sim>>;

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
    Ok(super::Mount {
        prefix: MOUNT,
        router: router(*options, Seeding::from_env()?),
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

fn entry(object: Value) -> Entry {
    Entry {
        object,
        created: Instant::now(),
    }
}

/// The Cloud Connect routes (one handler: paths are matched in [`handle`]).
pub fn router(options: Options, seeding: Seeding) -> Router {
    let (cloud_connections, network_instances, bandwidth_packages, inter_region_bandwidths) =
        seed(seeding.connections);
    let sim = Sim {
        options,
        seeding,
        clock: Clock::from_env().unwrap_or(Clock::System),
        cloud_connections,
        network_instances,
        bandwidth_packages,
        inter_region_bandwidths,
    };
    // The client's own path table: a path is spelled once.
    let at = |kind, item, action| {
        let target = Target { kind, item, action };
        any(
            move |state, params, method, uri, headers, body| async move {
                handle(Some(target), state, params, method, uri, headers, body).await
            },
        )
    };
    let mut router = Router::new();
    for kind in Kind::ALL {
        router = router
            .route(kind.paths().collection.template, at(kind, false, None))
            .route(kind.paths().item.template, at(kind, true, None));
    }
    router
        .route(
            paths::CLOUD_CONNECTION_TAG.template,
            at(Kind::CloudConnection, true, Some("tag")),
        )
        .route(
            paths::BANDWIDTH_PACKAGE_ASSOCIATE.template,
            at(Kind::BandwidthPackage, true, Some("associate")),
        )
        .route(
            paths::BANDWIDTH_PACKAGE_DISASSOCIATE.template,
            at(Kind::BandwidthPackage, true, Some("disassociate")),
        )
        // Mounted at the root, this fallback is the whole sandbox's: it answers as the gateway
        // only under `/v3/`, so that it does not answer for the other providers' prefixes.
        .fallback(|state, method, uri: Uri, headers, body| async move {
            if uri.path().starts_with("/v3/") {
                handle(None, state, None, method, uri, headers, body).await
            } else {
                StatusCode::NOT_FOUND.into_response()
            }
        })
        .with_state(Arc::new(Mutex::new(sim)))
}

/// A 503 as the gateway words it (`cc sandbox --fail`).
pub fn unavailable() -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "APIGW.0201",
        "The service is temporarily unavailable (cc sandbox --fail).",
    )
}

fn request_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A JSON answer with `X-Request-Id`, and `request_id` in the body as the API does.
fn answer(status: StatusCode, mut body: Value) -> Response {
    let id = request_id();
    if let Some(map) = body.as_object_mut() {
        map.insert("request_id".into(), json!(id));
    }
    (status, [("X-Request-Id", id)], axum::Json(body)).into_response()
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    answer(status, json!({ "error_code": code, "error_msg": message }))
}

/// A refusal as the API words it: status, `error_code` and `error_msg`.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.status, self.code, &self.message)
    }
}

/// What a route answers: a response, or a refusal.
type Answer = Result<Response, Refusal>;

fn refusal(status: StatusCode, code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        code,
        message: message.into(),
    }
}

fn bad_request(message: &str) -> Refusal {
    refusal(StatusCode::BAD_REQUEST, "CC.1001", message)
}

fn bad_request_code(code: &'static str, message: &str) -> Refusal {
    refusal(StatusCode::BAD_REQUEST, code, message)
}

fn unauthorized(detail: &str) -> Refusal {
    refusal(
        StatusCode::UNAUTHORIZED,
        "APIGW.0301",
        format!("Incorrect IAM authentication information: {detail}"),
    )
}

fn not_found(what: &str, id: &str) -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        "CC.1004",
        format!("The {what} {id} does not exist."),
    )
}

fn unknown_api() -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        "APIGW.0101",
        "The API does not exist or has not been published.",
    )
}

/// The gateway's AK/SK check, recomputing the signature the way the SDK makes it.
fn verify(
    clock: Clock,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Refusal> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let authorization =
        header("authorization").ok_or_else(|| unauthorized("no Authorization header"))?;
    let fields = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or_else(|| unauthorized("the algorithm must be SDK-HMAC-SHA256"))?;
    let field = |key: &str| {
        fields
            .split(", ")
            .find_map(|part| part.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
    };
    let (Some(access), Some(signed), Some(_)) =
        (field("Access"), field("SignedHeaders"), field("Signature"))
    else {
        return Err(unauthorized("malformed Authorization header"));
    };
    if access != AK {
        return Err(unauthorized("the access key is unknown"));
    }
    let date = header("x-sdk-date").ok_or_else(|| unauthorized("no X-Sdk-Date header"))?;
    let when = (date.len() == 16)
        .then(|| auth::parse_time(date))
        .flatten()
        .ok_or_else(|| unauthorized("X-Sdk-Date must be like 20240102T030405Z"))?;
    if (when - clock.now()).abs() > MAX_SKEW_SECS {
        return Err(unauthorized(
            "the request time is more than 15 minutes away from the server time",
        ));
    }
    let names: Vec<&str> = signed.split(';').collect();
    if !names.contains(&"x-sdk-date") {
        return Err(unauthorized("X-Sdk-Date must be signed"));
    }
    let mut signed_headers = Vec::new();
    for name in names
        .iter()
        .filter(|n| !matches!(**n, "host" | "x-sdk-date"))
    {
        let value = header(name)
            .ok_or_else(|| unauthorized(&format!("signed header {name} is missing")))?;
        signed_headers.push((name.to_string(), value.to_string()));
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let expected = sign::sign(
        &SignInput {
            method: method.as_str(),
            host: header("host").unwrap_or_default(),
            path,
            query: &pairs,
            headers: &signed_headers,
            body,
            sdk_date: date,
        },
        AK,
        SK,
    );
    if expected.signed_headers != signed || expected.authorization != authorization {
        return Err(unauthorized("verify aksk signature fail"));
    }
    Ok(())
}

/// What a request is about: the route it matched (one of the client's path templates).
#[derive(Debug, Clone, Copy)]
struct Target {
    kind: Kind,
    /// The template has an `{id}`.
    item: bool,
    /// `tag`, `associate` or `disassociate`.
    action: Option<&'static str>,
}

/// The `{domain_id}` and `{id}` of the matched template, decoded.
#[derive(Debug, Default, serde::Deserialize)]
struct Params {
    domain_id: String,
    id: Option<String>,
}

/// One request: `target` is `None` for a path the API does not have (checked for its signature
/// first, as the gateway does).
async fn handle(
    target: Option<Target>,
    State(sim): State<Shared>,
    params: Option<axum::extract::Path<Params>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut sim = sim.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let params = params.map(|p| p.0).unwrap_or_default();
    route(&mut sim, target, &params, &method, &uri, &headers, &body)
        .unwrap_or_else(IntoResponse::into_response)
}

fn route(
    sim: &mut Sim,
    target: Option<Target>,
    params: &Params,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    let signed_path = format!("{MOUNT}{}", uri.path());
    let query = uri.query().unwrap_or_default();
    verify(sim.clock, method, &signed_path, query, headers, body)?;
    let target = target.ok_or_else(unknown_api)?;
    let domain = &params.domain_id;
    let header_domain = headers.get("x-domain-id").and_then(|v| v.to_str().ok());
    if domain != DOMAIN_ID || header_domain != Some(DOMAIN_ID) {
        return Err(refusal(
            StatusCode::FORBIDDEN,
            "CC.1003",
            "The account in the path and X-Domain-Id must be the account of the credentials.",
        ));
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let json_body = || -> Result<Value, Refusal> {
        serde_json::from_slice::<Value>(body)
            .map_err(|_| bad_request("The request body is not JSON."))
    };
    let kind = || Ok::<_, Refusal>(target.kind);
    let id = if target.item {
        params.id.as_deref()
    } else {
        None
    };
    match (method.clone(), id, target.action) {
        (Method::GET, None, None) => sim.list(kind()?, &pairs),
        (Method::POST, None, None) => sim.create(kind()?, &json_body()?),
        (Method::GET, Some(id), None) => {
            let kind = kind()?;
            let index = sim
                .find(kind, id)
                .ok_or_else(|| not_found(kind.what(), id))?;
            Ok(answer(
                StatusCode::OK,
                json!({ kind.one(): sim.render(kind, index) }),
            ))
        }
        (Method::PUT, Some(id), None) => sim.update(kind()?, id, &json_body()?),
        (Method::DELETE, Some(id), None) => sim.delete(kind()?, id),
        (Method::POST, Some(id), Some("tag")) if target.kind == Kind::CloudConnection => {
            sim.tag(id, &json_body()?)
        }
        (Method::POST, Some(id), Some(action @ ("associate" | "disassociate")))
            if target.kind == Kind::BandwidthPackage =>
        {
            sim.associate(id, action == "associate", &json_body()?)
        }
        _ => Err(unknown_api()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    CloudConnection,
    NetworkInstance,
    BandwidthPackage,
    InterRegionBandwidth,
}

impl Kind {
    const ALL: [Kind; 4] = [
        Kind::CloudConnection,
        Kind::NetworkInstance,
        Kind::BandwidthPackage,
        Kind::InterRegionBandwidth,
    ];

    /// The client's own table for this kind: paths and envelope keys are spelled once.
    fn paths(self) -> &'static paths::Kind {
        match self {
            Kind::CloudConnection => &paths::CLOUD_CONNECTIONS,
            Kind::NetworkInstance => &paths::NETWORK_INSTANCES,
            Kind::BandwidthPackage => &paths::BANDWIDTH_PACKAGES,
            Kind::InterRegionBandwidth => &paths::INTER_REGION_BANDWIDTHS,
        }
    }

    fn one(self) -> &'static str {
        self.paths().one
    }

    fn many(self) -> &'static str {
        self.paths().many
    }

    fn what(self) -> &'static str {
        self.paths().what
    }

    /// The list filters the SDK documents for this kind (provider-notes §1.2).
    fn filters(self) -> &'static [&'static str] {
        match self {
            Kind::CloudConnection => &[
                "id",
                "name",
                "description",
                "enterprise_project_id",
                "status",
                "type",
                "used_scene",
            ],
            Kind::NetworkInstance => &[
                "id",
                "name",
                "description",
                "cloud_connection_id",
                "status",
                "type",
                "instance_id",
                "region_id",
            ],
            Kind::BandwidthPackage => &[
                "id",
                "name",
                "enterprise_project_id",
                "cloud_connection_id",
                "status",
                "billing_mode",
                "resource_id",
            ],
            Kind::InterRegionBandwidth => &[
                "id",
                "enterprise_project_id",
                "cloud_connection_id",
                "bandwidth_package_id",
            ],
        }
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn now_text(clock: Clock) -> String {
    auth::format_rfc3339(clock.now())
}

/// A string field of a create body that must be present and not empty.
fn required<'a>(body: &'a Value, field: &str) -> Result<&'a str, Refusal> {
    body[field]
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| bad_request(&format!("{field} is mandatory.")))
}

fn check_name(body: &Value, required_here: bool) -> Result<(), Refusal> {
    match body.get("name") {
        None | Some(Value::Null) if !required_here => Ok(()),
        Some(Value::String(name)) => models::check_name("name", name)
            .map(|_| ())
            .map_err(|e| bad_request(&e.message)),
        _ => Err(bad_request("name is mandatory.")),
    }
}

/// `max`: the documented length limit of the kind, if any (only cloud connections have one).
fn check_description(body: &Value, max: Option<usize>) -> Result<(), Refusal> {
    match body.get("description") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(d)) => models::check_description("description", d, max)
            .map(|_| ())
            .map_err(|e| bad_request(&e.message)),
        Some(_) => Err(bad_request("description must be a string.")),
    }
}

/// `prepaid_options`: mandatory for the yearly/monthly billing modes, with a `period_type` of
/// month or year and a `period_num` of at least 1 [SDK `CreatePrepaidOptions`].
fn check_prepaid(body: &Value, prepaid: bool) -> Result<(), Refusal> {
    let options = body.get("prepaid_options").filter(|o| !o.is_null());
    let Some(options) = options else {
        return if prepaid {
            Err(bad_request(
                "prepaid_options is mandatory for billing modes 1 and 2.",
            ))
        } else {
            Ok(())
        };
    };
    if !models::PERIOD_TYPES.contains(&options["period_type"].as_str().unwrap_or_default()) {
        return Err(bad_request(
            "prepaid_options.period_type must be month or year.",
        ));
    }
    if options["period_num"].as_u64().is_none_or(|n| n < 1) {
        return Err(bad_request(
            "prepaid_options.period_num must be at least 1.",
        ));
    }
    for flag in ["is_auto_renew", "is_auto_pay"] {
        if options.get(flag).is_some_and(|v| !v.is_boolean()) {
            return Err(bad_request(&format!(
                "prepaid_options.{flag} must be a boolean."
            )));
        }
    }
    Ok(())
}

fn positive(body: &Value, field: &str) -> Result<u64, Refusal> {
    body[field].as_u64().filter(|b| *b >= 1).ok_or_else(|| {
        bad_request(&format!(
            "{field} must be a whole number of Mbit/s, at least 1."
        ))
    })
}

impl Sim {
    fn store(&self, kind: Kind) -> &Vec<Entry> {
        match kind {
            Kind::CloudConnection => &self.cloud_connections,
            Kind::NetworkInstance => &self.network_instances,
            Kind::BandwidthPackage => &self.bandwidth_packages,
            Kind::InterRegionBandwidth => &self.inter_region_bandwidths,
        }
    }

    fn store_mut(&mut self, kind: Kind) -> &mut Vec<Entry> {
        match kind {
            Kind::CloudConnection => &mut self.cloud_connections,
            Kind::NetworkInstance => &mut self.network_instances,
            Kind::BandwidthPackage => &mut self.bandwidth_packages,
            Kind::InterRegionBandwidth => &mut self.inter_region_bandwidths,
        }
    }

    fn find(&self, kind: Kind, id: &str) -> Option<usize> {
        self.store(kind).iter().position(|e| e.object["id"] == id)
    }

    fn count(&self, kind: Kind, field: &str, id: &str) -> usize {
        self.store(kind)
            .iter()
            .filter(|e| e.object[field] == id)
            .count()
    }

    /// The object as it looks now: counts filled in, network instances ACTIVE once provisioned.
    fn render(&self, kind: Kind, index: usize) -> Value {
        let Some(e) = self.store(kind).get(index) else {
            return Value::Null;
        };
        let mut object = e.object.clone();
        match kind {
            Kind::CloudConnection => {
                let id = text(&object["id"]);
                object["network_instance_number"] =
                    json!(self.count(Kind::NetworkInstance, "cloud_connection_id", &id));
                object["bandwidth_package_number"] =
                    json!(self.count(Kind::BandwidthPackage, "resource_id", &id));
                object["inter_region_bandwidth_number"] =
                    json!(self.count(Kind::InterRegionBandwidth, "cloud_connection_id", &id));
            }
            Kind::NetworkInstance => {
                if object["status"] == "PENDING"
                    && e.created.elapsed() >= self.options.provision_delay
                {
                    object["status"] = json!("ACTIVE");
                }
            }
            Kind::BandwidthPackage | Kind::InterRegionBandwidth => {}
        }
        object
    }

    fn list(&self, kind: Kind, pairs: &[(String, String)]) -> Answer {
        let cap = if self.seeding.connections > 0 {
            MAX_LIMIT
        } else {
            MAX_PAGE
        };
        let mut limit = cap;
        let mut marker = None;
        let mut filters: Vec<(&str, Vec<&str>)> = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "limit" => match value.parse::<usize>() {
                    Ok(n) if (1..=MAX_LIMIT).contains(&n) => limit = n.min(cap),
                    _ => return Err(bad_request("limit must be between 1 and 2000.")),
                },
                "marker" => marker = Some(value.as_str()),
                other if kind.filters().contains(&other) => {
                    match filters.iter_mut().find(|(k, _)| *k == other) {
                        Some((_, values)) => values.push(value),
                        None => filters.push((other, vec![value])),
                    }
                }
                other => {
                    return Err(bad_request(&format!(
                        "{other} is not a query parameter of this API."
                    )));
                }
            }
        }
        // Items are rendered (and cloned) only when a filter must look at them, or for the page.
        let matches = |i: usize| {
            filters.is_empty() || {
                let object = self.render(kind, i);
                filters.iter().all(|(key, values)| {
                    // `cloud_connection_id` of a bandwidth package is its `resource_id`.
                    let field = match (kind, *key) {
                        (Kind::BandwidthPackage, "cloud_connection_id") => "resource_id",
                        _ => key,
                    };
                    values.contains(&text(&object[field]).as_str())
                })
            }
        };
        let store = self.store(kind);
        let mut matching = (0..store.len()).filter(|&i| matches(i));
        if let Some(m) = marker
            && !matching.any(|i| store[i].object["id"] == m)
        {
            return Err(bad_request("marker is not the id of an item of this list."));
        }
        let page: Vec<Value> = matching
            .by_ref()
            .take(limit)
            .map(|i| self.render(kind, i))
            .collect();
        let more = matching.next().is_some();
        let mut page_info = json!({ "current_count": page.len() });
        if let Some(first) = page.first() {
            page_info["previous_marker"] = first["id"].clone();
        }
        if let (true, Some(last)) = (more, page.last()) {
            page_info["next_marker"] = last["id"].clone();
        }
        // Moved in, not through `json!`, which would copy the whole page once more.
        let body = serde_json::Map::from_iter([
            (kind.many().to_string(), Value::Array(page)),
            ("page_info".to_string(), page_info),
        ]);
        Ok(answer(StatusCode::OK, Value::Object(body)))
    }

    fn created(&mut self, kind: Kind, object: Value) -> Answer {
        self.store_mut(kind).push(entry(object));
        let index = self.store(kind).len() - 1;
        Ok(answer(
            StatusCode::CREATED,
            json!({ kind.one(): self.render(kind, index) }),
        ))
    }

    fn create(&mut self, kind: Kind, body: &Value) -> Answer {
        let Some(b) = body.get(kind.one()).filter(|b| b.is_object()) else {
            return Err(bad_request(&format!("{} is mandatory.", kind.one())));
        };
        let result = match kind {
            Kind::CloudConnection => self.new_cloud_connection(b),
            Kind::NetworkInstance => self.new_network_instance(b),
            Kind::BandwidthPackage => self.new_bandwidth_package(b),
            Kind::InterRegionBandwidth => self.new_inter_region(b),
        };
        match result {
            Ok(object) => self.created(kind, object),
            Err(refused) => Err(refused),
        }
    }

    fn common(&self, b: &Value) -> Value {
        let now = now_text(self.clock);
        json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "name": b.get("name").cloned().unwrap_or(json!("")),
            "description": b.get("description").cloned().unwrap_or(json!("")),
            "domain_id": DOMAIN_ID,
            "created_at": now,
            "updated_at": now,
        })
    }

    fn new_cloud_connection(&self, b: &Value) -> Result<Value, Refusal> {
        check_name(b, true)?;
        check_description(b, Some(models::DESCRIPTION_MAX))?;
        let name = required(b, "name")?;
        if self
            .cloud_connections
            .iter()
            .any(|e| e.object["name"] == name)
        {
            return Err(bad_request_code(
                "CC.1031",
                &format!("The name {name} is already used by another cloud connection."),
            ));
        }
        let mut object = self.common(b);
        object["enterprise_project_id"] = b
            .get("enterprise_project_id")
            .cloned()
            .unwrap_or(json!("0"));
        object["status"] = json!("ACTIVE");
        object["admin_state_up"] = json!(true);
        object["used_scene"] = json!("vpc");
        object["tags"] = json!([]);
        Ok(object)
    }

    fn cloud_connection_exists(&self, id: &str) -> Result<(), Refusal> {
        match self.find(Kind::CloudConnection, id) {
            Some(_) => Ok(()),
            None => Err(not_found("cloud connection", id)),
        }
    }

    fn new_network_instance(&self, b: &Value) -> Result<Value, Refusal> {
        check_name(b, false)?;
        check_description(b, None)?;
        let cloud_connection = required(b, "cloud_connection_id")?;
        for field in ["instance_id", "project_id", "region_id", "type"] {
            required(b, field)?;
        }
        if !models::NETWORK_INSTANCE_TYPES.contains(&b["type"].as_str().unwrap_or_default()) {
            return Err(bad_request("type must be vpc or vgw."));
        }
        let cidrs = b["cidrs"].as_array().cloned().unwrap_or_default();
        if cidrs.is_empty()
            || cidrs.iter().any(|c| {
                c.as_str()
                    .is_none_or(|c| crate::validate::cidr("cidrs", c).is_err())
            })
        {
            return Err(bad_request(
                "cidrs must be a non-empty list of subnets in CIDR notation.",
            ));
        }
        self.cloud_connection_exists(cloud_connection)?;
        let mut object = self.common(b);
        object["status"] = json!("PENDING");
        for field in [
            "type",
            "cloud_connection_id",
            "instance_id",
            "region_id",
            "project_id",
            "cidrs",
        ] {
            object[field] = b[field].clone();
        }
        object["instance_domain_id"] = b
            .get("instance_domain_id")
            .cloned()
            .unwrap_or(json!(DOMAIN_ID));
        Ok(object)
    }

    fn new_bandwidth_package(&self, b: &Value) -> Result<Value, Refusal> {
        check_name(b, true)?;
        check_description(b, None)?;
        required(b, "project_id")?;
        let mode = match b.get("interflow_mode").filter(|m| !m.is_null()) {
            None => None,
            Some(m) => match m.as_str().filter(|m| models::INTERFLOW_MODES.contains(m)) {
                Some(m) => Some(m),
                None => return Err(bad_request("interflow_mode must be Area or Region.")),
            },
        };
        let ends = [
            ("local_area_id", required(b, "local_area_id")?),
            ("remote_area_id", required(b, "remote_area_id")?),
        ];
        match models::check_interflow_ends(mode, ends) {
            Ok(checked) if checked == [ends[0].1, ends[1].1] => {}
            Ok(_) => {
                return Err(bad_request(
                    "local_area_id and remote_area_id are case-sensitive.",
                ));
            }
            Err(e) => return Err(bad_request(&e.message)),
        }
        if mode == Some(models::INTERFLOW_REGION) {
            required(b, "spec_code")?;
        }
        if !models::CHARGE_MODES.contains(&required(b, "charge_mode")?) {
            return Err(bad_request("charge_mode must be bandwidth."));
        }
        let billing = b["billing_mode"].as_u64().unwrap_or(0);
        if !(1..=6).contains(&billing) {
            return Err(bad_request("billing_mode must be 1 to 6."));
        }
        check_prepaid(b, models::PREPAID_BILLING_MODES.contains(&(billing as u8)))?;
        positive(b, "bandwidth")?;
        let resource = b
            .get("resource_id")
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty());
        if let Some(resource) = resource {
            if b["resource_type"] != models::RESOURCE_TYPE_CLOUD_CONNECTION {
                return Err(bad_request(
                    "resource_type must be cloud_connection when resource_id is given.",
                ));
            }
            self.cloud_connection_exists(resource)?;
        }
        let mut object = self.common(b);
        object["enterprise_project_id"] = b
            .get("enterprise_project_id")
            .cloned()
            .unwrap_or(json!("0"));
        object["status"] = json!("ACTIVE");
        object["admin_state_up"] = json!(true);
        object["billing_mode"] = json!(billing.to_string());
        for field in [
            "charge_mode",
            "bandwidth",
            "local_area_id",
            "remote_area_id",
            "project_id",
        ] {
            object[field] = b[field].clone();
        }
        object["resource_id"] = json!(resource);
        object["resource_type"] = json!(resource.map(|_| models::RESOURCE_TYPE_CLOUD_CONNECTION));
        object["spec_code"] = b.get("spec_code").cloned().unwrap_or(Value::Null);
        object["interflow_mode"] = json!(mode.unwrap_or(models::INTERFLOW_AREA));
        if let Some(options) = b.get("prepaid_options").filter(|o| !o.is_null()) {
            object["prepaid_options"] = options.clone();
        }
        object["tags"] = json!([]);
        Ok(object)
    }

    fn new_inter_region(&self, b: &Value) -> Result<Value, Refusal> {
        let cloud_connection = required(b, "cloud_connection_id")?;
        let package_id = required(b, "bandwidth_package_id")?;
        let bandwidth = positive(b, "bandwidth")?;
        let regions: Vec<String> = b["inter_region_ids"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if regions.len() != 2 || regions[0] == regions[1] {
            return Err(bad_request(
                "inter_region_ids must be two different regions.",
            ));
        }
        self.cloud_connection_exists(cloud_connection)?;
        let Some(package) = self.find(Kind::BandwidthPackage, package_id) else {
            return Err(not_found("bandwidth package", package_id));
        };
        let package = &self.bandwidth_packages[package].object;
        if package["resource_id"] != cloud_connection {
            return Err(bad_request(
                "The bandwidth package is not bound to this cloud connection.",
            ));
        }
        if package["bandwidth"]
            .as_u64()
            .is_some_and(|total| bandwidth > total)
        {
            return Err(bad_request(
                "bandwidth exceeds the bandwidth of the bandwidth package.",
            ));
        }
        let mut object = self.common(b);
        object["name"] = json!("");
        object["cloud_connection_id"] = json!(cloud_connection);
        object["bandwidth_package_id"] = json!(package_id);
        object["bandwidth"] = json!(bandwidth);
        object["inter_regions"] = inter_regions(&regions);
        Ok(object)
    }

    fn update(&mut self, kind: Kind, id: &str, body: &Value) -> Answer {
        let Some(index) = self.find(kind, id) else {
            return Err(not_found(kind.what(), id));
        };
        let Some(b) = body.get(kind.one()).filter(|b| b.is_object()) else {
            return Err(bad_request(&format!("{} is mandatory.", kind.one())));
        };
        let allowed: &[&str] = match kind {
            Kind::CloudConnection => &["name", "description"],
            Kind::NetworkInstance => &["name", "description", "cidrs"],
            Kind::BandwidthPackage => &["name", "description", "bandwidth", "billing_mode"],
            Kind::InterRegionBandwidth => &["bandwidth"],
        };
        if let Some(other) = b
            .as_object()
            .and_then(|m| m.keys().find(|k| !allowed.contains(&k.as_str())))
        {
            return Err(bad_request(&format!("{other} cannot be updated.")));
        }
        check_name(b, false)?;
        check_description(
            b,
            (kind == Kind::CloudConnection).then_some(models::DESCRIPTION_MAX),
        )?;
        if b.get("bandwidth").is_some() {
            positive(b, "bandwidth")?;
        }
        if kind == Kind::CloudConnection
            && let Some(name) = b["name"].as_str()
            && self
                .cloud_connections
                .iter()
                .any(|e| e.object["name"] == name && e.object["id"] != id)
        {
            return Err(bad_request_code(
                "CC.1031",
                &format!("The name {name} is already used by another cloud connection."),
            ));
        }
        let now = now_text(self.clock);
        let object = &mut self.store_mut(kind)[index].object;
        for key in allowed {
            if let Some(value) = b.get(*key).filter(|v| !v.is_null()) {
                object[*key] = value.clone();
            }
        }
        object["updated_at"] = json!(now);
        Ok(answer(
            StatusCode::OK,
            json!({ kind.one(): self.render(kind, index) }),
        ))
    }

    fn delete(&mut self, kind: Kind, id: &str) -> Answer {
        let Some(index) = self.find(kind, id) else {
            return Err(not_found(kind.what(), id));
        };
        let refusal = match kind {
            Kind::CloudConnection
                if self.count(Kind::NetworkInstance, "cloud_connection_id", id) > 0 =>
            {
                Some((
                    "CC.1032",
                    "The cloud connection still has network instances.",
                ))
            }
            Kind::CloudConnection if self.count(Kind::BandwidthPackage, "resource_id", id) > 0 => {
                Some((
                    "CC.1001",
                    "The cloud connection still has bandwidth packages bound to it.",
                ))
            }
            Kind::BandwidthPackage
                if self.count(Kind::InterRegionBandwidth, "bandwidth_package_id", id) > 0 =>
            {
                Some((
                    "CC.1052",
                    "The bandwidth package is used by an inter-region bandwidth.",
                ))
            }
            _ => None,
        };
        if let Some((code, message)) = refusal {
            return Err(bad_request_code(code, message));
        }
        self.store_mut(kind).remove(index);
        Ok((StatusCode::NO_CONTENT, [("X-Request-Id", request_id())]).into_response())
    }

    fn tag(&mut self, id: &str, body: &Value) -> Answer {
        let Some(index) = self.find(Kind::CloudConnection, id) else {
            return Err(not_found("cloud connection", id));
        };
        let Some(tags) = body["tags"].as_array().filter(|t| !t.is_empty()) else {
            return Err(bad_request("tags is mandatory."));
        };
        let mut parsed = Vec::new();
        for tag in tags {
            let (Some(key), Some(value)) = (tag["key"].as_str(), tag["value"].as_str()) else {
                return Err(bad_request("each tag needs a key and a value."));
            };
            if let Err(e) = models::check_tag("tags", &format!("{key}={value}")) {
                return Err(bad_request(&e.message));
            }
            parsed.push((key.to_string(), value.to_string()));
        }
        let object = &mut self.cloud_connections[index].object;
        let mut current: Vec<Value> = object["tags"].as_array().cloned().unwrap_or_default();
        for (key, value) in parsed {
            current.retain(|t| t["key"] != key.as_str());
            current.push(json!({ "key": key, "value": value }));
        }
        object["tags"] = json!(current);
        Ok((StatusCode::NO_CONTENT, [("X-Request-Id", request_id())]).into_response())
    }

    fn associate(&mut self, id: &str, bind: bool, body: &Value) -> Answer {
        let Some(index) = self.find(Kind::BandwidthPackage, id) else {
            return Err(not_found("bandwidth package", id));
        };
        let b = &body["bandwidth_package"];
        let Some(resource) = b["resource_id"].as_str().filter(|r| !r.is_empty()) else {
            return Err(bad_request("bandwidth_package.resource_id is mandatory."));
        };
        if b["resource_type"] != models::RESOURCE_TYPE_CLOUD_CONNECTION {
            return Err(bad_request(
                "bandwidth_package.resource_type must be cloud_connection.",
            ));
        }
        self.cloud_connection_exists(resource)?;
        let bound = text(&self.bandwidth_packages[index].object["resource_id"]);
        if bind && !bound.is_empty() {
            return Err(bad_request(&format!(
                "The bandwidth package is already bound to cloud connection {bound}."
            )));
        }
        if !bind && bound != resource {
            return Err(bad_request(
                "The bandwidth package is not bound to this cloud connection.",
            ));
        }
        if !bind && self.count(Kind::InterRegionBandwidth, "bandwidth_package_id", id) > 0 {
            return Err(bad_request_code(
                "CC.1052",
                "The bandwidth package is used by an inter-region bandwidth.",
            ));
        }
        let now = now_text(self.clock);
        let object = &mut self.bandwidth_packages[index].object;
        object["resource_id"] = if bind { json!(resource) } else { Value::Null };
        object["resource_type"] = if bind {
            json!(models::RESOURCE_TYPE_CLOUD_CONNECTION)
        } else {
            Value::Null
        };
        object["updated_at"] = json!(now);
        Ok(answer(
            StatusCode::OK,
            json!({ "bandwidth_package": self.render(Kind::BandwidthPackage, index) }),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_headers(path: &str, query: &str, body: &[u8], date: &str) -> HeaderMap {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let headers = vec![
            ("content-type".to_string(), "application/json".to_string()),
            ("x-domain-id".to_string(), DOMAIN_ID.to_string()),
        ];
        let signature = sign::sign(
            &SignInput {
                method: "POST",
                host: "127.0.0.1:9",
                path,
                query: &pairs,
                headers: &headers,
                body,
                sdk_date: date,
            },
            AK,
            SK,
        );
        let mut map = HeaderMap::new();
        for (name, value) in [
            ("host", "127.0.0.1:9".to_string()),
            ("content-type", "application/json".to_string()),
            ("x-domain-id", DOMAIN_ID.to_string()),
            ("x-sdk-date", date.to_string()),
            ("authorization", signature.authorization),
        ] {
            map.insert(name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn verify_accepts_the_signer_and_refuses_any_change() {
        let clock = Clock::Fixed(1_704_164_645);
        let path = "/v3/d/ccaas/cloud-connections";
        let body = br#"{"cloud_connection":{"name":"x"}}"#;
        let headers = signed_headers(path, "limit=10&name=a%20b", body, "20240102T030405Z");
        let check = |path: &str, query: &str, headers: &HeaderMap, body: &[u8]| {
            verify(clock, &Method::POST, path, query, headers, body).map_err(|r| r.message)
        };
        assert_eq!(check(path, "limit=10&name=a%20b", &headers, body), Ok(()));
        assert!(check(path, "limit=11&name=a%20b", &headers, body).is_err());
        assert!(
            check(
                "/v3/d/ccaas/network-instances",
                "limit=10&name=a%20b",
                &headers,
                body
            )
            .is_err()
        );
        assert!(check(path, "limit=10&name=a%20b", &headers, b"{}").is_err());
        let mut other_domain = headers.clone();
        other_domain.insert("x-domain-id", "someone-else".parse().unwrap());
        assert!(check(path, "limit=10&name=a%20b", &other_domain, body).is_err());
        let late = signed_headers(path, "", body, "20240102T032405Z");
        let refused = check(path, "", &late, body).unwrap_err();
        assert!(refused.contains("15 minutes"), "{refused}");
        let mut unsigned = headers.clone();
        unsigned.remove("authorization");
        assert!(check(path, "limit=10&name=a%20b", &unsigned, body).is_err());
    }

    #[test]
    fn paths_and_pages() {
        // The routes are the client's templates, and the envelope keys its own.
        assert_eq!(
            Kind::BandwidthPackage.paths().item.template,
            "/v3/{domain_id}/ccaas/bandwidth-packages/{id}"
        );
        assert_eq!(Kind::InterRegionBandwidth.many(), "inter_region_bandwidths");
        assert_eq!(Kind::NetworkInstance.one(), "network_instance");
        let sim = seeded_sim(0);
        let page = |query: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            sim.list(Kind::CloudConnection, &pairs)
                .map(|r| r.status())
                .map_err(|r| r.message)
        };
        assert_eq!(page(&[("limit", "2000")]), Ok(StatusCode::OK));
        assert!(page(&[("limit", "0")]).is_err());
        assert!(page(&[("marker", "not-an-id")]).is_err());
        assert!(page(&[("cloud_connection", "x")]).is_err());
    }

    /// Every page of the cloud connections at `limit=2000`: each page's size and next marker.
    async fn walk(sim: &Sim, filter: Option<(&str, &str)>) -> Vec<(usize, Option<String>)> {
        let mut pages = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let mut pairs = vec![("limit".to_string(), "2000".to_string())];
            pairs.extend(filter.map(|(k, v)| (k.to_string(), v.to_string())));
            pairs.extend(marker.clone().map(|m| ("marker".to_string(), m)));
            let response = sim
                .list(Kind::CloudConnection, &pairs)
                .map_err(|r| r.message)
                .expect("a page");
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("a body");
            let body: Value = serde_json::from_slice(&body).expect("JSON");
            let items = body["cloud_connections"].as_array().expect("an array");
            let next = body["page_info"]["next_marker"]
                .as_str()
                .map(str::to_string);
            if let Some(next) = &next {
                assert_eq!(items.last().map(|i| &i["id"]), Some(&json!(next)));
            }
            pages.push((items.len(), next.clone()));
            match next {
                Some(next) if pages.len() < 1000 => marker = Some(next),
                _ => return pages,
            }
        }
    }

    /// The simulator as `router` seeds it, with `extra` more cloud connections.
    fn seeded_sim(extra: usize) -> Sim {
        let (cloud_connections, network_instances, bandwidth_packages, inter_region_bandwidths) =
            seed(extra);
        Sim {
            options: Options::default(),
            seeding: Seeding { connections: extra },
            clock: Clock::System,
            cloud_connections,
            network_instances,
            bandwidth_packages,
            inter_region_bandwidths,
        }
    }

    #[tokio::test]
    async fn a_large_account_pages_at_the_real_limit_and_a_small_one_by_ten() {
        let sizes =
            |pages: &[(usize, Option<String>)]| pages.iter().map(|p| p.0).collect::<Vec<_>>();
        let small = walk(&seeded_sim(0), None).await;
        assert_eq!(sizes(&small), [10, 10, 5]);
        let large = seeded_sim(2500);
        let pages = walk(&large, None).await;
        assert_eq!(sizes(&pages), [2000, 525]);
        assert_eq!(
            pages[0].1.as_deref(),
            Some("6a1b2c3d-0000-4000-8001-000000001975")
        );
        assert_eq!(pages[1].1, None);
        // Filters still apply over the whole list: the last one alone, one page, no next.
        let one = walk(&large, Some(("name", "cc-bench-02500"))).await;
        assert_eq!(one, [(1, None)]);
        let mut ids: Vec<&Value> = large
            .cloud_connections
            .iter()
            .map(|e| &e.object["id"])
            .collect();
        ids.sort_by_key(|v| v.as_str());
        ids.dedup();
        assert_eq!(ids.len(), 2525);
    }
}
