//! What every simulator is built from, so that they read alike: one refusal type (each simulator
//! fills it in its own API's error shape), one lock convention over the simulated state, and
//! one way to read a simulator's own `CC_SANDBOX_*` knobs. Routing is per-route axum handlers
//! over the client's `paths.rs` table, with the simulator's own `fallback` for what its API
//! does not have.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
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
