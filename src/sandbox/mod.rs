//! The built-in simulator of the provider APIs (`cc sandbox`, `--sandbox`).
//!
//! One axum server on 127.0.0.1 with one router per provider under its own prefix (`/orange`,
//! ...), each a stateful simulator seeded with the documented example data (`fixtures/`).
//! It speaks the same wire format as the real API, auth included, so `--sandbox` exercises the
//! same code path as production: only the base URLs and credentials differ. A provider adds
//! itself by writing a module with its router; its `seam::Provider` impl names the router, the
//! prefix and the settings, and [`start`] is handed one [`Mount`] per provider.

pub mod console_connect;
pub mod huawei;
pub mod orange;
pub mod ovh;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;

use crate::error::{Error, Result};

/// How the simulator behaves.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Added before every response, to imitate a distant API.
    pub latency: Duration,
    /// How long a resource takes to come up (or go away).
    pub provision_delay: Duration,
    /// How many OVHcloud Connect services the OVH simulator holds, at least its 3 seeded ones
    /// (`CC_SANDBOX_OVH_SERVICES`, for benchmarks of `cc ovh list`).
    pub ovh_services: usize,
    /// When set, the Orange simulator serves its offset/limit lists in pages of at most this
    /// many items and without `X-Total-Count`, as the Orange document shows them
    /// (`CC_SANDBOX_ORANGE_PAGE`, for benchmarks of the read-ahead).
    pub orange_page: Option<usize>,
    /// How many points of presence the Orange simulator holds, at least its 5 seeded ones
    /// (`CC_SANDBOX_ORANGE_POPS`).
    pub orange_pops: usize,
    /// How many cloud connectors the Orange simulator starts with, at least its 1 seeded one
    /// (`CC_SANDBOX_ORANGE_CONNECTORS`).
    pub orange_connectors: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            latency: Duration::ZERO,
            provision_delay: Duration::from_secs(3),
            ovh_services: 0,
            orange_page: None,
            orange_pops: 0,
            orange_connectors: 0,
        }
    }
}

impl Options {
    /// Defaults, overridden by `CC_SANDBOX_LATENCY`, `CC_SANDBOX_PROVISION_DELAY`,
    /// `CC_SANDBOX_OVH_SERVICES`, `CC_SANDBOX_ORANGE_PAGE`, `CC_SANDBOX_ORANGE_POPS` and
    /// `CC_SANDBOX_ORANGE_CONNECTORS`.
    pub fn from_env() -> Result<Options> {
        let mut options = Options::default();
        for (var, field) in [
            ("CC_SANDBOX_LATENCY", &mut options.latency),
            ("CC_SANDBOX_PROVISION_DELAY", &mut options.provision_delay),
        ] {
            if let Ok(text) = std::env::var(var) {
                *field = crate::duration::parse(&text)
                    .map_err(|e| Error::usage(format!("{var}: {e}")))?;
            }
        }
        let count = |var: &str, example: &str| -> Result<Option<usize>> {
            match std::env::var(var) {
                Ok(text) => text.trim().parse().map(Some).map_err(|_| {
                    Error::usage(format!("{var} `{text}`: expected a number, e.g. {example}"))
                }),
                Err(_) => Ok(None),
            }
        };
        if let Some(n) = count("CC_SANDBOX_OVH_SERVICES", "300")? {
            options.ovh_services = n;
        }
        if let Some(n) = count("CC_SANDBOX_ORANGE_PAGE", "20")? {
            if n == 0 {
                return Err(Error::usage(
                    "CC_SANDBOX_ORANGE_PAGE `0`: expected a page size of at least 1, e.g. 20",
                ));
            }
            options.orange_page = Some(n);
        }
        if let Some(n) = count("CC_SANDBOX_ORANGE_POPS", "60")? {
            options.orange_pops = n;
        }
        if let Some(n) = count("CC_SANDBOX_ORANGE_CONNECTORS", "60")? {
            options.orange_connectors = n;
        }
        Ok(options)
    }
}

/// One provider's simulator, as [`start`] serves it.
pub struct Mount {
    /// Where it is mounted (`/orange`); `""` merges it at the root.
    pub prefix: &'static str,
    /// Its routes.
    pub router: Router,
    /// The configuration keys and values that point `cc` at it, given its base URL.
    pub settings: fn(&str) -> Vec<(&'static str, String)>,
}

/// A running simulator.
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Configuration keys (`orange.url`, ...) and the values that point `cc` at it.
    pub settings: Vec<(String, String)>,
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
    let mut settings = Vec::new();
    let mut app = Router::new();
    for mount in mounts {
        settings.extend(
            (mount.settings)(&format!("{base}{}", mount.prefix))
                .into_iter()
                .map(|(k, v)| (k.to_string(), v)),
        );
        app = if mount.prefix.is_empty() {
            app.merge(mount.router)
        } else {
            app.nest(mount.prefix, mount.router)
        };
    }
    let app = app.layer(axum::middleware::from_fn(
        move |req, next: axum::middleware::Next| async move {
            if !latency.is_zero() {
                tokio::time::sleep(latency).await;
            }
            next.run(req).await
        },
    ));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Running { addr, settings })
}

/// `export KEY=VALUE` lines for another shell, one per setting (its first variable in `known`).
pub fn exports(settings: &[(String, String)], known: &[crate::config::Setting]) -> String {
    settings
        .iter()
        .filter_map(|(key, value)| {
            let var = known.iter().find(|s| s.key == key)?.env.first()?;
            Some(format!(
                "export {var}={}\n",
                crate::prompt::shell_quote(value)
            ))
        })
        .collect()
}
