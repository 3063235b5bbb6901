//! Console Connect (not implemented yet).

/// The provider name in messages and errors.
pub const PROVIDER: &str = "console-connect";
