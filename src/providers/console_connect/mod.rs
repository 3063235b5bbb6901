//! Console Connect (PCCW Global): Azure ExpressRoute layer-2 connections, AWS hosted
//! connections and Google partner interconnects (`models/partner.rs`).
//!
//! Auth is the API key as `Authorization: Bearer` (`auth.rs`); every path is in `paths.rs` with
//! how sure we are of it; `models.rs` holds the fields `cc` reads, the lenient status enums and
//! the two request bodies (the peering body's partly guessed keys in one place); `client.rs` the
//! calls.

pub mod auth;
pub mod client;
pub mod contract;
pub mod desired;
pub mod desired_apply;
pub mod desired_observe;
pub mod desired_partner_apply;
pub mod desired_partners;
pub mod desired_rules;
pub mod desired_values;
pub mod desired_wait;
pub mod dialect;
pub mod health;
pub mod models;
pub mod orders;
pub mod paths;
pub mod rules;
pub mod service_key;

pub use client::ConsoleConnectClient;

/// The provider name in messages and errors.
pub const PROVIDER: crate::provider::ProviderName = crate::provider::ProviderName::ConsoleConnect;
