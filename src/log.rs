//! Diagnostics on stderr at `-v`, `-vv` and `-vvv`.
//!
//! One process-wide level, set once at start. This is not the output layer (data goes through
//! `output`), so any module, providers included, may log. Callers redact before logging: see
//! `http::redact`. Every line is shown through [`crate::output::escape::visible`]: a log or
//! warning quotes what servers sent, which must not drive the terminal.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

static LEVEL: AtomicU8 = AtomicU8::new(0);
static QUIET: AtomicBool = AtomicBool::new(false);

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
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether messages at `level` are shown.
pub fn enabled(level: u8) -> bool {
    LEVEL.load(Ordering::Relaxed) >= level
}

/// Writes one line on stderr if `level` is enabled (level 0 always: only for what must be seen
/// even with `-q`; warnings and notes go through [`warn`] and [`note`]). Errors writing stderr
/// are ignored.
pub fn line(level: u8, text: impl AsRef<str>) {
    if enabled(level) {
        let text = crate::output::escape::visible(text.as_ref());
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
}

/// `warning: TEXT` on stderr, unless `-q`.
pub fn warn(text: impl AsRef<str>) {
    let prefix = crate::colour::label(
        crate::colour::Stream::Stderr,
        crate::colour::PENDING,
        "warning:",
    );
    labelled(&format!("{prefix} "), text.as_ref());
}

/// `✓ TEXT` on stderr, unless `-q`: a wait that ended where it was going.
pub fn done(text: impl AsRef<str>) {
    let tick = crate::colour::paint(crate::colour::Stream::Stderr, crate::colour::GOOD, "✓");
    labelled(&format!("{tick} "), text.as_ref());
}

/// A line on stderr that is neither data nor an error (`cc sandbox: serving on ...`), unless
/// `-q`.
pub fn note(text: impl AsRef<str>) {
    labelled("", text.as_ref());
}

/// `label` (`cc`'s own, coloured or not) then `text` made visible, unless `-q`.
fn labelled(label: &str, text: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        let text = crate::output::escape::visible(text);
        let _ = writeln!(std::io::stderr().lock(), "{label}{text}");
    }
}
