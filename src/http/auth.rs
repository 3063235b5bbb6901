//! The strategy a provider signs its requests with: the client hands each attempt's
//! [`Outgoing`] request to the provider's [`Auth`] (signatures carry a timestamp, so every
//! attempt is signed afresh), asks it to renew once on a 401, and masks the secrets it lists.

use futures_util::future::BoxFuture;
use reqwest::Method;
use url::Url;

use crate::error::Result;

/// A request about to be sent: what an [`Auth`] sees and may add headers to (or re-sign).
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// HTTP method.
    pub method: Method,
    /// Full URL, query included.
    pub url: Url,
    /// Headers in the order they were added; names as given.
    pub headers: Vec<(String, String)>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
}

impl Outgoing {
    /// Sets (or replaces) a header.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.into()));
    }
}

/// How a provider authenticates its requests. `Debug` is required so that every client can be
/// printed; auth structs hold their credentials as [`crate::secret::Secret`], which prints `***`.
pub trait Auth: Send + Sync + std::fmt::Debug {
    /// Adds credentials to the request (headers, signature). Called again on every attempt.
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>>;

    /// Called once on a 401: renew cached credentials and return `true` if the call is worth
    /// sending again. The default (static credentials) returns `false`.
    fn renew(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(async { Ok(false) })
    }

    /// Secret values to mask anywhere they would appear in logs or `--dry-run`.
    fn secrets(&self) -> Vec<String>;
}
