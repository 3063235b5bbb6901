//! The built-in simulator of the provider APIs (`cc sandbox`, `--sandbox`).
//!
//! One axum server on 127.0.0.1 with one router per provider under its own prefix (or at the
//! root, where a provider's official SDKs look), each a stateful simulator seeded with the
//! documented example data (`fixtures/`). It speaks the same wire format as the real API, auth
//! included, so `--sandbox` exercises the same code path as production: only the base URLs and
//! credentials differ. A provider adds itself by writing a module whose `mount` names its
//! router, prefix and settings and reads its own `CC_SANDBOX_<P>_*` knobs; [`start`] is handed
//! one [`Mount`] per provider and adds what all share: latency, faults on demand, the log of
//! requests served (`cc -v sandbox`) and, in process, the [`state`] kept between commands.
//! Every simulator is built from the same [`skeleton`].

pub mod console_connect;
pub mod huawei;
pub mod orange;
pub mod ovh;
pub mod skeleton;
pub mod state;
pub(crate) mod wave;

use std::net::SocketAddr;
use std::time::Duration;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::{Error, Result};

/// How every simulator behaves (each reads its own knobs besides, in its `mount`).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Added before every response, to imitate a distant API.
    pub latency: Duration,
    /// How long a resource takes to come up (or go away).
    pub provision_delay: Duration,
    /// Share of requests answered 503 in the provider's error shape (`--fail`, 0 to 1).
    pub fail_rate: f64,
    /// How many of the next requests are answered 503 (`--fail-next`, and later
    /// `POST /_sandbox/fail-next?n=N`).
    pub fail_next: u64,
    /// Keep the state in the [`state`] file between processes (`--sandbox`).
    pub persist: bool,
    /// Log each request served on stderr: method, path, status, milliseconds (`cc -v sandbox`).
    pub log_requests: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            latency: Duration::ZERO,
            provision_delay: Duration::from_secs(3),
            fail_rate: 0.0,
            fail_next: 0,
            persist: false,
            log_requests: false,
        }
    }
}

impl Options {
    /// Defaults, overridden by `CC_SANDBOX_LATENCY` and `CC_SANDBOX_PROVISION_DELAY`.
    pub fn from_env() -> Result<Options> {
        let mut options = Options::default();
        for (var, field) in [
            (crate::env::CC_SANDBOX_LATENCY.name, &mut options.latency),
            (
                crate::env::CC_SANDBOX_PROVISION_DELAY.name,
                &mut options.provision_delay,
            ),
        ] {
            if let Ok(text) = std::env::var(var) {
                *field = crate::duration::parse(&text)
                    .map_err(|e| Error::usage(format!("{var}: {e}")))?;
            }
        }
        Ok(options)
    }
}

/// One provider's simulator, as [`start`] serves it.
pub struct Mount {
    /// Where it is mounted (`/<provider>`); `""` merges it at the root.
    pub prefix: &'static str,
    /// Its routes.
    pub router: Router,
    /// Its state, as the in-process sandbox saves it between commands.
    pub memory: skeleton::Memory,
    /// A 503 in its error shape, for the faults on demand.
    pub unavailable: fn() -> axum::response::Response,
    /// The configuration keys and values that point `cc` at it, given its base URL.
    pub settings: fn(&str) -> Vec<(&'static str, String)>,
    /// The official clients' variables exported too: variable, and the key of `settings`
    /// whose value it takes.
    pub client_env: &'static [(&'static str, &'static str)],
}

/// A running simulator.
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Configuration keys (`<provider>.url`, ...) and the values that point `cc` at it.
    pub settings: Vec<(String, String)>,
    /// The official clients' own variables and their values.
    pub client_env: Vec<(String, String)>,
}

/// Binds `addr` (loopback only) and serves `mounts` in a background task.
pub async fn start(addr: &str, options: Options, mounts: Vec<Mount>) -> Result<Running> {
    let addr: SocketAddr = addr.parse().map_err(|_| {
        Error::usage(format!(
            "--addr `{addr}`: expected IP:PORT, e.g. 127.0.0.1:8080"
        ))
    })?;
    if !addr.ip().is_loopback() {
        return Err(Error::usage(format!(
            "--addr {addr}: the sandbox only listens on loopback (127.0.0.1 or ::1)"
        )));
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::usage(format!("cannot listen on {addr}")).caused_by(e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::internal("no local address").caused_by(e))?;
    let base = format!("http://{addr}");

    let latency = options.latency;
    let faults = Arc::new(Faults {
        rate: options.fail_rate,
        next: AtomicU64::new(options.fail_next),
        method: skeleton::shared(None),
        // Longest prefix first, so that a mount at the root ("") is the last resort.
        unavailable: {
            let mut by_prefix: Vec<_> = mounts.iter().map(|m| (m.prefix, m.unavailable)).collect();
            by_prefix.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
            by_prefix
        },
    });
    let mut settings = Vec::new();
    let mut client_env = Vec::new();
    let mut memories = Vec::new();
    let mut app = Router::new();
    for mount in mounts {
        memories.push(mount.memory);
        let own = (mount.settings)(&format!("{base}{}", mount.prefix));
        for (var, key) in mount.client_env {
            let (_, value) = own.iter().find(|(k, _)| k == key).ok_or_else(|| {
                Error::internal(format!("{var} takes {key}, which the sandbox does not set"))
            })?;
            client_env.push((var.to_string(), value.clone()));
        }
        settings.extend(own.into_iter().map(|(k, v)| (k.to_string(), v)));
        app = if mount.prefix.is_empty() {
            app.merge(mount.router)
        } else {
            app.nest(mount.prefix, mount.router)
        };
    }
    if options.persist {
        let store = Arc::new(state::Store::new(state::path()?, memories));
        app = app.layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let store = store.clone();
                async move { store.serve(req, next).await }
            },
        ));
    }
    let mut app = app.layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            let faults = faults.clone();
            async move {
                if !latency.is_zero() {
                    tokio::time::sleep(latency).await;
                }
                if req.uri().path() == FAIL_NEXT_PATH {
                    return faults.control(req.method(), req.uri().query().unwrap_or_default());
                }
                if let Some(unavailable) = faults.strike(req.method(), req.uri().path()) {
                    return unavailable;
                }
                next.run(req).await
            }
        },
    ));
    if options.log_requests {
        app = app.layer(axum::middleware::from_fn(logged));
    }
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Running {
        addr,
        settings,
        client_env,
    })
}

/// Serves `req` and logs it on stderr: method, path, status and how long it took.
async fn logged(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let started = std::time::Instant::now();
    let line = format!("{} {}", req.method(), req.uri().path());
    let response = next.run(req).await;
    crate::log::note(format!(
        "sandbox: {line} {} {} ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    ));
    response
}

/// The control endpoint of the faults on demand: `POST /_sandbox/fail-next?n=3` answers the next
/// 3 requests 503, `?n=1&method=POST` the next POST only (`GET` reads how many are left).
pub const FAIL_NEXT_PATH: &str = "/_sandbox/fail-next";

/// A provider's 503 in its error shape.
type Unavailable = fn() -> Response;

/// The faults on demand: a share of requests, and a count of the next ones, answered 503.
struct Faults {
    rate: f64,
    next: AtomicU64,
    /// Only requests of this method count against `next` (`None`: any).
    method: skeleton::Shared<Option<Method>>,
    /// Each mount's prefix and its 503, longest prefix first.
    unavailable: Vec<(&'static str, Unavailable)>,
}

impl Faults {
    /// The 503 of the provider under `path`, when this request is to fail.
    fn strike(&self, method: &Method, path: &str) -> Option<Response> {
        // A control route (a break on purpose) is the rehearsal's own switch: never faulted.
        if path.contains("/_sandbox/") {
            return None;
        }
        let only = skeleton::lock(&self.method).clone();
        let counted = only.is_none_or(|m| m == method)
            && self
                .next
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
        // A uniform draw in [0, 1) from 53 random bits of a v4 UUID (no extra crate).
        let drawn = || (uuid::Uuid::new_v4().as_u128() >> 75) as f64 / (1u64 << 53) as f64;
        let struck = counted || (self.rate > 0.0 && drawn() < self.rate);
        if !struck {
            return None;
        }
        let (_, unavailable) = self
            .unavailable
            .iter()
            .find(|(prefix, _)| path.starts_with(prefix))?;
        let mut response = unavailable();
        response
            .headers_mut()
            .insert("retry-after", axum::http::HeaderValue::from_static("0"));
        Some(response)
    }

    /// `POST ?n=N` sets how many of the next requests fail; `GET` reads it.
    fn control(&self, method: &Method, query: &str) -> Response {
        if method == Method::POST {
            let param = |name: &str| {
                url::form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
            };
            let n = param("n").and_then(|v| v.parse::<u64>().ok());
            let only =
                param("method").map(|m| Method::from_bytes(m.to_ascii_uppercase().as_bytes()));
            let (Some(n), None | Some(Ok(_))) = (n, &only) else {
                return (
                    StatusCode::BAD_REQUEST,
                    axum::Json(serde_json::json!({
                        "error": "expected ?n=N, a number of requests, and optionally &method=POST, e.g. ?n=3"
                    })),
                )
                    .into_response();
            };
            *skeleton::lock(&self.method) = only.and_then(Result::ok);
            self.next.store(n, Ordering::SeqCst);
        } else if method != Method::GET {
            return StatusCode::METHOD_NOT_ALLOWED.into_response();
        }
        axum::Json(serde_json::json!({ "fail_next": self.next.load(Ordering::SeqCst) }))
            .into_response()
    }
}

impl Running {
    /// Every variable to export and its value: the first variable of each setting (in
    /// `known`), then the official clients' own ones (each once).
    pub fn variables(&self, known: &[crate::config::Setting]) -> Vec<(String, String)> {
        let mut vars: Vec<(String, String)> = self
            .settings
            .iter()
            .filter_map(|(key, value)| {
                let var = known.iter().find(|s| s.key == key)?.env.first()?;
                Some((var.to_string(), value.clone()))
            })
            .collect();
        for (var, value) in &self.client_env {
            if !vars.iter().any(|(v, _)| v == var) {
                vars.push((var.clone(), value.clone()));
            }
        }
        vars
    }
}

/// `export KEY=VALUE` lines for another shell, one per variable of [`Running::variables`].
pub fn exports(running: &Running, known: &[crate::config::Setting]) -> String {
    running
        .variables(known)
        .iter()
        .map(|(var, value)| format!("export {var}={}\n", crate::prompt::shell_quote(value)))
        .collect()
}
