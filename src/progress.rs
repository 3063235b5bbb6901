//! The one-line spinner on stderr that a look-up ([`crate::wait::step`]) and a wait
//! ([`crate::wait::until`]) show on a terminal: `⠙ waiting for ACTIVE: Connection to PARIS 12s`.
//!
//! Our own rather than `indicatif`'s, because a spinner is all `cc` used of that crate and it
//! cost every start of `cc`, not only the ones that spin: its rate estimator calls `pow`, which
//! made the binary load `libm.so.6` (with the sandbox's `sin` and `cos`, now gone too), and `cc`
//! starts once for every compile of a C build when it is first on `PATH` (`bench/README.md`,
//! row 1: 47,000 instructions and 13 page faults of a 515,000-instruction `cc --version`). One
//! dependency fewer, too.
//!
//! It looks as `indicatif`'s did with the templates `{spinner} {wide_msg}` and
//! `{spinner} {prefix} {wide_msg} {secs}`: the same frames, redrawn every 120 ms from a thread
//! of its own (a poll may be 30 s away, and the elapsed time keeps ticking meanwhile); the
//! message takes the room the rest leaves and is what gets cut to the terminal's width, so what
//! changes (the state in the prefix, the elapsed time after the message, pushed to the right
//! edge) is never cut; finished or dropped, the line is cleared and the cursor left at its start
//! for the line that replaces it. The caller decides whether there is a spinner at all (stderr
//! is a terminal and not `-q`): nothing here draws off a terminal by itself.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// `indicatif`'s default spinner frames (its final blank frame aside: the line is cleared).
const FRAMES: [&str; 29] = [
    "⠁", "⠁", "⠉", "⠙", "⠚", "⠒", "⠂", "⠂", "⠒", "⠲", "⠴", "⠤", "⠄", "⠄", "⠤", "⠠", "⠠", "⠤", "⠦",
    "⠖", "⠒", "⠐", "⠐", "⠒", "⠓", "⠋", "⠉", "⠈", "⠈",
];

/// How often the line is redrawn with the next frame.
const TICK: Duration = Duration::from_millis(120);

/// Clears the terminal's current line and puts the cursor at its start.
const CLEAR_LINE: &str = "\r\x1b[2K";

/// What the line says, and how far the spinner has turned.
struct Line {
    /// Before the message, not cut (the state and the goal of a wait); empty for none.
    prefix: String,
    /// The message: what is cut when the line is too wide.
    message: String,
    /// Since when, for the elapsed time at the end of the line; `None` for no time.
    started: Option<Instant>,
    tick: usize,
    finished: bool,
}

struct Shared {
    line: Mutex<Line>,
    stop: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Line> {
        self.line
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A spinner drawing on stderr until [`Spinner::finish_and_clear`] (or drop) clears its line.
pub struct Spinner {
    shared: Arc<Shared>,
    ticker: Option<JoinHandle<()>>,
}

impl Spinner {
    /// `⠙ message`.
    pub fn new(message: impl Into<String>) -> Spinner {
        Spinner::start(String::new(), message.into(), None)
    }

    /// `⠙ prefix message 12s`: the time since now, in whole seconds, at the right edge.
    pub fn timed(prefix: impl Into<String>, message: impl Into<String>) -> Spinner {
        Spinner::start(prefix.into(), message.into(), Some(Instant::now()))
    }

    fn start(prefix: String, message: String, started: Option<Instant>) -> Spinner {
        let shared = Arc::new(Shared {
            line: Mutex::new(Line {
                prefix,
                message,
                started,
                tick: 0,
                finished: false,
            }),
            stop: Condvar::new(),
        });
        let ticking = Arc::clone(&shared);
        let ticker = std::thread::Builder::new()
            .name("spinner".into())
            .spawn(move || tick(&ticking))
            .ok();
        Spinner { shared, ticker }
    }

    /// Replaces the prefix (a new state seen), redrawn at once.
    pub fn set_prefix(&self, prefix: impl Into<String>) {
        let mut line = self.shared.lock();
        line.prefix = prefix.into();
        if !line.finished {
            draw(&line);
        }
    }

    /// Stops the spinner and clears its line, the cursor at its start.
    pub fn finish_and_clear(&self) {
        let mut line = self.shared.lock();
        if !line.finished {
            line.finished = true;
            write_stderr(CLEAR_LINE);
        }
        self.shared.stop.notify_all();
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish_and_clear();
        if let Some(ticker) = self.ticker.take() {
            let _ = ticker.join();
        }
    }
}

/// The ticker thread: a frame every [`TICK`] until finished.
fn tick(shared: &Shared) {
    let mut line = shared.lock();
    while !line.finished {
        draw(&line);
        line = match shared.stop.wait_timeout(line, TICK) {
            Ok((line, _)) => line,
            Err(poisoned) => poisoned.into_inner().0,
        };
        line.tick = line.tick.wrapping_add(1);
    }
}

/// Draws `line` over the current terminal line, fitted to the width of stderr's terminal.
fn draw(line: &Line) {
    if std::thread::panicking() {
        return;
    }
    let width = usize::from(console::Term::stderr().size().1);
    let secs = line
        .started
        .map(|started| crate::wait::whole_seconds(started.elapsed()));
    let frame = FRAMES[line.tick % FRAMES.len()];
    let text = render(frame, &line.prefix, &line.message, secs.as_deref(), width);
    write_stderr(&format!("{CLEAR_LINE}{text}"));
}

/// One write, so that the line is never drawn half.
fn write_stderr(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// The line `frame prefix message secs` (an empty prefix and a missing time left out, with
/// their space) in `width` columns: the message cut at its end to the room the rest leaves, and
/// padded to it when the time follows, so the time sits at the right edge. Only when the rest
/// alone is wider than the terminal is the whole line cut, the last resort against a line that
/// wraps and so is never cleared.
fn render(frame: &str, prefix: &str, message: &str, secs: Option<&str>, width: usize) -> String {
    let mut before = frame.to_string();
    if !prefix.is_empty() {
        before.push(' ');
        before.push_str(prefix);
    }
    let after = secs.map(|secs| format!(" {secs}")).unwrap_or_default();
    let rest = console::measure_text_width(&before) + 1 + console::measure_text_width(&after);
    let room = width.saturating_sub(rest);
    let cut = console::truncate_str(message, room, "");
    let message = match secs {
        Some(_) => format!(
            "{cut}{}",
            " ".repeat(room - console::measure_text_width(&cut))
        ),
        None => cut.trim_end().to_string(),
    };
    let whole = format!("{before} {message}{after}");
    if rest > width {
        console::truncate_str(&whole, width, "").into_owned()
    } else {
        whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(text: &str) -> usize {
        console::measure_text_width(text)
    }

    #[test]
    fn the_message_is_cut_never_the_prefix_or_the_time() {
        let prefix = "\x1b[33mPROVISIONING\x1b[0m, waiting for ACTIVE:";
        let name = "Connection to LYON for the finance team, second site, production";
        let line = render("⠙", prefix, name, Some("1m30s"), 80);
        assert_eq!(width(&line), 80, "{line:?}");
        assert!(line.starts_with(&format!("⠙ {prefix} Connection to LYON")));
        assert!(line.ends_with(" 1m30s"), "{line:?}");
        assert!(!line.contains("production"), "{line:?}");
        // The colour of the state is kept whole: escapes take no columns.
        assert!(line.contains("\x1b[0m"), "{line:?}");

        // Room to spare: the message whole, the time pushed to the right edge.
        let line = render("⠙", "waiting for ACTIVE:", "vpc-lyon", Some("7s"), 60);
        assert_eq!(width(&line), 60, "{line:?}");
        assert!(
            line.starts_with("⠙ waiting for ACTIVE: vpc-lyon  "),
            "{line:?}"
        );
        assert!(line.ends_with("  7s"), "{line:?}");
    }

    #[test]
    fn a_line_without_time_is_not_padded_and_cut_by_display_width() {
        let line = render("⠁", "", "fetching the Azure regions…", None, 80);
        assert_eq!(line, "⠁ fetching the Azure regions…");
        // Wide characters count two columns each: cut at a whole one.
        let line = render("⠁", "", "東京の接続を取得しています", None, 12);
        assert_eq!(line, "⠁ 東京の接続");
        assert_eq!(width(&line), 12);
    }

    #[test]
    fn a_terminal_narrower_than_the_fixed_parts_gets_a_cut_line_not_a_wrapped_one() {
        let line = render("⠁", "PENDING, waiting for ACTIVE:", "x", Some("3s"), 20);
        assert_eq!(width(&line), 20, "{line:?}");
        assert!(line.starts_with("⠁ PENDING, waiting"), "{line:?}");
        assert_eq!(render("⠁", "", "anything", None, 0), "");
    }

    #[test]
    fn frames_are_one_column_each() {
        assert!(FRAMES.iter().all(|f| width(f) == 1));
    }
}
