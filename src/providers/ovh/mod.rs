//! OVHcloud Connect (OCC) through the OVHcloud API v6 (`/1.0`): services, interfaces,
//! datacenters, the POP / datacenter / extra configuration tree, tasks, and the vRack
//! attachment.
//!
//! OVH differs from the other providers in three ways that shape this folder:
//! - Auth is OVH's own (`auth.rs`): either the `$1$` SHA-1 signature of the official clients
//!   (`sign.rs`, a pure function checked against recorded vectors) with a clock offset read once
//!   from `/auth/time`, or an OAuth2 service account (Bearer only). Where the credentials come
//!   from (`OVH_*` variables, `ovh.conf` files, `cc` profiles) is `conf.rs` and `config.rs`.
//! - Every create and delete answers a task, not the object (`client.rs` waits on it and reads
//!   the object by `resourceId`); vRack tasks vanish (404) once done.
//! - Lists answer ids only; each object is one more GET, fetched with bounded concurrency.
//!
//! `paths.rs` spells every path once (the sandbox builds its routes from it), `models.rs` holds
//! the schema's objects and enums, `rules.rs` the provider document's rules as pure checks.

pub mod auth;
pub mod client;
pub mod conf;
pub mod config;
pub mod contract;
pub mod desired;
mod desired_apply;
pub mod desired_body;
pub mod desired_rules;
pub mod desired_wait;
pub mod dialect;
pub mod health;
pub mod identity;
pub mod models;
pub mod paths;
pub mod readings;
pub mod rules;
pub mod rules_span;
pub mod sign;
#[cfg(test)]
pub(crate) mod testing;

pub use client::OvhClient;

/// The provider name in messages and errors.
pub const PROVIDER: crate::provider::ProviderName = crate::provider::ProviderName::Ovh;
