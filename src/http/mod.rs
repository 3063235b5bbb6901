//! The one HTTP client wrapper every provider goes through.
//!
//! A provider builds an [`ApiClient`] with its base URL, an [`Auth`] strategy and its
//! [`Dialect`], then describes each request as a [`Call`]. The wrapper owns what must be the
//! same everywhere: the user agent and per-request timeout (`tls.rs`), rebuilding and
//! re-authorising every attempt (signatures carry a timestamp), the retry rules of `CLI.md` §5
//! (`retry.rs`), one renewal of credentials on a 401, `--dry-run` (`plan.rs`), redacted logging
//! at `-vv`/`-vvv` (`logging.rs`, `redact.rs`), and turning failures into [`crate::error::Error`]s
//! with the provider's code, message and request id (`failure.rs`). What differs between
//! providers (their request-id header, error body and secret headers) is the [`Dialect`] they
//! hand in: nothing here names a provider.
//!
//! This module only declares the parts and re-exports them, so that every `crate::http::X`
//! path names the item wherever it lives.

pub mod auth;
pub mod call;
pub mod client;
pub mod dialect;
mod failure;
mod handle;
mod logging;
pub mod oauth2;
pub mod paginate;
pub mod plan;
pub mod redact;
mod redirect;
pub mod reply;
pub mod retry;
pub mod settings;
#[cfg(test)]
pub(crate) mod testing;
pub mod tls;

pub use auth::{Auth, Outgoing};
pub use call::{Body, Call, Resend};
pub use client::ApiClient;
pub use dialect::{Dialect, ErrorBody, ErrorFields, Shape};
pub use handle::Http;
pub use plan::{Plan, placeholder};
pub(crate) use plan::{is_placeholder_segment, names_placeholder};
pub use reply::{Reply, excerpt};
pub use settings::HttpSettings;
pub use tls::{LazyPlatformVerifier, build_reqwest};
