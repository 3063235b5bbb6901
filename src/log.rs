//! Diagnostics on stderr at `-v`, `-vv` and `-vvv`.
//!
//! One process-wide level, set once at start. This is not the output layer (data goes through
//! `output`), so any module, providers included, may log. Callers redact before logging: see
//! `http::redact`.

use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

static LEVEL: AtomicU8 = AtomicU8::new(0);

/// `-v`: progress lines.
pub const PROGRESS: u8 = 1;
/// `-vv`: one line per HTTP request and response.
pub const HTTP: u8 = 2;
/// `-vvv`: headers and bodies (redacted).
pub const BODIES: u8 = 3;

/// Sets the level: the count of `-v`, or what `RUST_LOG` asks for when no `-v` was given.
pub fn init(verbose: u8, quiet: bool) {
    let from_env = match std::env::var("RUST_LOG").ok().as_deref() {
        Some("info") => PROGRESS,
        Some("debug") => HTTP,
        Some("trace") => BODIES,
        _ => 0,
    };
    let level = if quiet { 0 } else { verbose.max(from_env) };
    LEVEL.store(level, Ordering::Relaxed);
}

/// Whether messages at `level` are shown.
pub fn enabled(level: u8) -> bool {
    LEVEL.load(Ordering::Relaxed) >= level
}

/// Writes one line on stderr if `level` is enabled. Errors writing stderr are ignored.
pub fn line(level: u8, text: impl AsRef<str>) {
    if enabled(level) {
        let _ = writeln!(std::io::stderr().lock(), "{}", text.as_ref());
    }
}
