//! Huawei Cloud Connect v3.

pub mod sign;

/// The provider name in messages and errors.
pub const PROVIDER: &str = "huawei";
