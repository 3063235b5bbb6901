//! What every simulator is built from, so that they read alike: one refusal type (each simulator
//! fills it in its own API's error shape), one lock convention over the simulated state, one
//! way to read a simulator's own `CC_SANDBOX_*` knobs, and one way to save and restore its
//! resources ([`Persist`], [`Stamp`]) so that what one `--sandbox` command creates is there for
//! the next. Routing is per-route axum handlers
//! over the client's `paths.rs` table, with the simulator's own `fallback` for what its API
//! does not have.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// A simulator's state, shared by its handlers.
pub type Shared<S> = Arc<Mutex<S>>;

/// `state`, ready to be a router's state.
pub fn shared<S>(state: S) -> Shared<S> {
    Arc::new(Mutex::new(state))
}

/// Locks a simulator's state; a handler that panicked leaves it usable (the next request sees
/// whatever that handler wrote), so that one bad request does not take the simulator down.
pub fn lock<S>(state: &Shared<S>) -> MutexGuard<'_, S> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A request the simulator refuses: status, headers and a JSON body in the API's error shape,
/// which each simulator builds through its own small constructors.
#[derive(Debug)]
pub struct Refusal {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Value,
}

impl Refusal {
    /// `status` with `body`, no header.
    pub fn new(status: StatusCode, body: Value) -> Refusal {
        Refusal {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// The same refusal with one more header (a request id, ...).
    pub fn with_header(mut self, name: &'static str, value: &str) -> Refusal {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::from_str(value)) {
            self.headers.push((name, value));
        }
        self
    }

    /// Its status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Its body.
    pub fn body(&self) -> &Value {
        &self.body
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        response.headers_mut().extend(self.headers);
        response
    }
}

/// What a handler answers: a response, or a refusal.
pub type Answer = std::result::Result<Response, Refusal>;

/// A count a simulator is seeded with, from `var` (`None` when unset); a value that is not a
/// number is a usage error (exit 2) naming `var`, with `example`.
pub fn count_from_env(var: crate::env::EnvVar, example: &str) -> Result<Option<usize>> {
    let var = var.name;
    match std::env::var(var) {
        Ok(text) => text.trim().parse().map(Some).map_err(|_| {
            Error::usage(format!("{var} `{text}`: expected a number, e.g. {example}"))
        }),
        Err(_) => Ok(None),
    }
}

/// When something happened to a simulated resource, in wall-clock milliseconds since the epoch:
/// saved with the state, so that a later process moves it on (PENDING, then ACTIVE after the
/// provision delay) from the time stored, not from a timer of the process that created it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stamp(u64);

impl Stamp {
    /// Now.
    pub fn now() -> Stamp {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Stamp(u64::try_from(since.as_millis()).unwrap_or(u64::MAX))
    }

    /// How long ago it was (zero for a stamp in the future).
    pub fn elapsed(self) -> Duration {
        Duration::from_millis(Stamp::now().0.saturating_sub(self.0))
    }
}

impl std::ops::Add<Duration> for Stamp {
    type Output = Stamp;

    fn add(self, later: Duration) -> Stamp {
        let millis = u64::try_from(later.as_millis()).unwrap_or(u64::MAX);
        Stamp(self.0.saturating_add(millis))
    }
}

/// A simulator whose resources can be saved and restored. It derives serde with the parts that
/// are not resources skipped (options, knobs, issued tokens, fixtures it only reads), and
/// [`Persist::restore`] takes the saved resources into the running simulator, keeping those.
pub trait Persist: Serialize + DeserializeOwned + Send + 'static {
    /// Takes the resources of `saved` (as deserialised: its skipped parts are defaults).
    fn restore(&mut self, saved: Self);

    /// What its knobs seeded it with (`CC_SANDBOX_<P>_*`), so that resources saved under other
    /// knobs are not taken for these.
    fn seeding(&self) -> String {
        String::new()
    }
}

/// A simulator's state as `sandbox::start` saves and restores it, whatever its type: its key in
/// the state file and the two ways through.
pub struct Memory {
    /// Its key in the state file (the provider's name).
    pub key: &'static str,
    /// What its knobs seeded it with ([`Persist::seeding`]).
    pub seeding: String,
    save: Box<dyn Fn() -> serde_json::Result<Value> + Send + Sync>,
    load: Box<dyn Fn(Value) -> serde_json::Result<()> + Send + Sync>,
}

impl Memory {
    /// The simulator's resources now.
    pub fn save(&self) -> serde_json::Result<Value> {
        (self.save)()
    }

    /// Replaces the simulator's resources with `saved`.
    pub fn load(&self, saved: Value) -> serde_json::Result<()> {
        (self.load)(saved)
    }
}

/// The [`Memory`] of `state`, saved under `key`.
pub fn memory<S: Persist>(key: &'static str, state: &Shared<S>) -> Memory {
    let (reader, writer) = (state.clone(), state.clone());
    Memory {
        key,
        seeding: lock(state).seeding(),
        save: Box::new(move || serde_json::to_value(&*lock(&reader))),
        load: Box::new(move |saved| {
            let saved: S = serde_json::from_value(saved)?;
            lock(&writer).restore(saved);
            Ok(())
        }),
    }
}
