//! Orange Business Evolution Platform: Azure cloud connectors.
//!
//! Auth is `X-API-Key` plus an OAuth2 bearer token (`auth.rs`); every path is in `paths.rs`
//! with how sure we are of it; `models.rs` holds the fields `cc` reads and the create body;
//! `client.rs` the calls.

pub mod auth;
pub mod client;
pub mod contract;
pub mod desired;
mod desired_apply;
pub mod dialect;
pub mod health;
pub mod models;
pub mod paths;
pub mod rules;

pub use client::OrangeClient;

/// The provider name in messages and errors.
pub const PROVIDER: crate::provider::ProviderName = crate::provider::ProviderName::Orange;
