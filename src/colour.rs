//! Colour on a terminal, decided once per run and per stream.
//!
//! People scan a table for the one red state and an error for its `error:`; scripts and pipes
//! must see plain text. So colour is on only when the stream is a terminal, never with
//! `--no-color` or `NO_COLOR` (any non-empty value, <https://no-color.org>), and forced off a
//! terminal by `CLICOLOR_FORCE` (anything but `0`), as `gh` and the anstream crates do; `NO_COLOR`
//! beats `CLICOLOR_FORCE`. stdout and stderr are decided apart: `cc orange list | less` still
//! gets a red `error:` on the terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use anstyle::{AnsiColor, Style};

static STDOUT: AtomicBool = AtomicBool::new(false);
static STDERR: AtomicBool = AtomicBool::new(false);

/// Which stream a text is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Results (tables).
    Stdout,
    /// Errors, warnings, progress.
    Stderr,
}

fn set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Whether a stream gets colour, from `--no-color`, the environment and whether it is a terminal.
pub fn decide(no_color_flag: bool, is_terminal: bool) -> bool {
    if no_color_flag || set("NO_COLOR") {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    if std::env::var_os("CLICOLOR").is_some_and(|v| v == "0")
        || std::env::var_os("TERM").is_some_and(|v| v == "dumb")
    {
        return false;
    }
    is_terminal
}

/// Decides colour for stdout and stderr; called once at start (`--no-color` as parsed).
pub fn init(no_color_flag: bool) {
    STDOUT.store(
        decide(no_color_flag, std::io::stdout().is_terminal()),
        Ordering::Relaxed,
    );
    STDERR.store(
        decide(no_color_flag, std::io::stderr().is_terminal()),
        Ordering::Relaxed,
    );
}

/// Whether `stream` gets colour in this run.
pub fn enabled(stream: Stream) -> bool {
    match stream {
        Stream::Stdout => STDOUT.load(Ordering::Relaxed),
        Stream::Stderr => STDERR.load(Ordering::Relaxed),
    }
}

/// Success: ACTIVE, ok, the ✓ of a finished wait.
pub const GOOD: Style = AnsiColor::Green.on_default();
/// In progress or worth a look: PENDING, warn, `warning:`.
pub const PENDING: Style = AnsiColor::Yellow.on_default();
/// Failure: FAILED, fail, `error:`.
pub const BAD: Style = AnsiColor::Red.on_default();

/// `text` in `style` when `stream` gets colour, else `text` as is.
pub fn paint(stream: Stream, style: Style, text: &str) -> String {
    if enabled(stream) {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// `text` in bold `style` (the `error:` and `warning:` prefixes).
pub fn label(stream: Stream, style: Style, text: &str) -> String {
    paint(stream, style.bold(), text)
}

/// The style of a state or status word, if it is one `cc` knows: settled good states green,
/// failures red, anything in progress yellow; others (`skipped`, `UNKNOWN`) stay plain.
pub fn state_style(state: &str) -> Option<Style> {
    let upper = state.trim().to_ascii_uppercase();
    const GOOD_STATES: &[&str] = &[
        "ACTIVE",
        "AVAILABLE",
        "SYNCED",
        "PROVISIONED",
        "DESIGNED",
        "OK",
        "DONE",
        "UP",
    ];
    const BAD_WORDS: &[&str] = &["FAIL", "ERROR", "REJECT", "FREEZED", "FROZEN"];
    const PENDING_WORDS: &[&str] = &[
        "PENDING",
        "PROVISION",
        "CREATING",
        "DELETING",
        "UPDATING",
        "SYNCING",
        "DESIGNING",
        "WARN",
        "PROGRESS",
        "BUILDING",
        "ORDERING",
        "TODO",
        "DOING",
        "INIT",
    ];
    if GOOD_STATES.contains(&upper.as_str()) {
        Some(GOOD)
    } else if BAD_WORDS.iter().any(|w| upper.contains(w)) {
        Some(BAD)
    } else if PENDING_WORDS.iter().any(|w| upper.contains(w)) {
        Some(PENDING)
    } else {
        None
    }
}

/// A state word coloured by [`state_style`] for `stream`.
pub fn state(stream: Stream, text: &str) -> String {
    match state_style(text) {
        Some(style) => paint(stream, style, text),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_have_the_colour_of_their_meaning() {
        assert_eq!(state_style("ACTIVE"), Some(GOOD));
        assert_eq!(state_style("ok"), Some(GOOD));
        assert_eq!(state_style("PROVISIONING"), Some(PENDING));
        assert_eq!(state_style("warn"), Some(PENDING));
        assert_eq!(state_style("FAILED"), Some(BAD));
        assert_eq!(state_style("fail"), Some(BAD));
        assert_eq!(state_style("skipped"), None);
        assert_eq!(state_style("UNKNOWN"), None);
    }

    #[test]
    fn painting_off_leaves_text_alone() {
        // Unit tests never call `init`, so both streams are plain.
        assert_eq!(paint(Stream::Stderr, BAD, "error:"), "error:");
    }
}
