//! Huawei Cloud Connect v3: cloud connections, network instances, bandwidth packages,
//! inter-region bandwidths, and the cross-account grants (authorisations and permissions) that
//! let one account's cloud connection load another account's VPC.
//!
//! Every request is signed with `SDK-HMAC-SHA256` (`sign.rs`, a pure function checked against
//! the official SDK's vectors; `auth.rs` applies it to each attempt); every path is in
//! `paths.rs`; `models.rs` holds the fields `cc` reads, the bodies and the value rules;
//! `client.rs` the calls. What a command and `cc apply` both do is written once here: the
//! create bodies and their checks (`bodies.rs`), the id-or-name look-up (`lookup.rs`) and the
//! wait for a status (`waits.rs`).

pub mod auth;
pub mod bodies;
pub mod client;
pub mod contract;
pub mod desired;
mod desired_apply;
mod desired_change;
mod desired_rules;
pub mod dialect;
pub mod health;
pub mod lookup;
pub mod models;
pub mod paths;
pub mod rules;
pub mod sign;
pub mod waits;

pub use client::HuaweiClient;

/// The provider name in messages and errors.
pub const PROVIDER: crate::provider::ProviderName = crate::provider::ProviderName::Huawei;
