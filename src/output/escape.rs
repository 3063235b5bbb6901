//! What a server sends never drives the terminal (issue 20 item 5).
//!
//! Names, descriptions and error messages come from providers and from whatever endpoint a user
//! configured; printed raw, an `ESC ] 0 ;` sets the window title, `ESC [ 2 J` clears the screen,
//! an OSC 52 writes the clipboard, a `\r` or `\b` overwrites what was printed before it and a
//! right-to-left override makes `gpj.exe` read as `exe.jpg`. [`visible`] spells every such
//! character out (`\e`, `\r`, `\x07`, `\u{202e}`) so that the text shows what it holds and
//! does nothing else. It is the one function for that: the output layer applies it to table
//! cells, `get` views and `--jq` text on a terminal, [`crate::error::Error::render`] to every
//! part of an error, and [`crate::log`] to warnings and logs. JSON and YAML need none of it:
//! serde escapes control characters there already, and scripts read them back exactly.
//!
//! [`shortened`] is its companion for what a message quotes back: a 120 KB argument is shown
//! by its start and its length, not whole.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must be spelled out rather than written: C0 controls but for the line feed and
/// the tab (a message's own layout), DEL, C1 controls, and the bidirectional formatting
/// characters (embeddings, overrides, isolates, the marks and Arabic's letter mark).
fn is_hazard(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{200e}' | '\u{200f}' | '\u{061c}' => true,
        _ => false,
    }
}

/// `text` with every control and bidirectional formatting character spelled out: `\e` for
/// ESC, `\r`, `\0`, `\x07` for the other C0 controls and DEL, `\u{9b}` for C1 and
/// `\u{202e}` for the bidirectional ones; line feeds and tabs stay. Text without any is
/// returned as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !is_hazard(c) {
            out.push(c);
            continue;
        }
        let _ = match c {
            '\u{1b}' => out.write_str("\\e"),
            '\r' => out.write_str("\\r"),
            '\0' => out.write_str("\\0"),
            '\u{0}'..='\u{7f}' => write!(out, "\\x{:02x}", c as u32),
            _ => write!(out, "\\u{{{:x}}}", c as u32),
        };
    }
    Cow::Owned(out)
}

/// The most characters of a value a message quotes back ([`shortened`]).
pub const QUOTED: usize = 64;

/// `value` as a message quotes it: whole up to [`QUOTED`] characters, else its start, `…` and
/// its length (`aaaa… (122880 characters)`).
pub fn shortened(value: &str) -> Cow<'_, str> {
    let count = value.chars().count();
    if count <= QUOTED {
        return Cow::Borrowed(value);
    }
    let start: String = value.chars().take(QUOTED).collect();
    Cow::Owned(format!("{start}… ({count} characters)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_quoted_by_its_start_and_length() {
        assert_eq!(shortened("vpn-1"), "vpn-1");
        let long = "é".repeat(122_880);
        let shown = shortened(&long);
        assert_eq!(
            shown,
            format!("{}… (122880 characters)", "é".repeat(QUOTED))
        );
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "Connection to PARIS\tété 東京\nline two";
        assert!(matches!(visible(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn terminal_sequences_are_spelled_out() {
        let hostile =
            "a\u{1b}]0;owned\u{7}b\u{1b}[2Jc\u{1b}]52;c;aGk=\u{7}\rd\u{8}e\u{7f}\u{9b}\u{202e}f";
        assert_eq!(
            visible(hostile),
            "a\\e]0;owned\\x07b\\e[2Jc\\e]52;c;aGk=\\x07\\rd\\x08e\\x7f\\u{9b}\\u{202e}f"
        );
    }

    #[test]
    fn every_bidi_control_is_spelled_out() {
        for c in ('\u{202a}'..='\u{202e}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{200e}', '\u{200f}', '\u{61c}'])
        {
            let shown = visible(&c.to_string()).into_owned();
            assert_eq!(shown, format!("\\u{{{:x}}}", c as u32));
        }
    }

    #[test]
    fn nothing_that_reaches_the_terminal_is_a_control_but_layout() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let shown = visible(&all);
        assert!(shown.chars().all(|c| !is_hazard(c)), "{shown:?}");
        assert!(shown.contains('\n') && shown.contains('\t'));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256, failure_persistence: None, ..Default::default()
        })]

        /// Whatever a server names a thing, what is shown drives nothing, and text without a
        /// hazard is shown as it is.
        #[test]
        fn nothing_shown_is_a_hazard(text in proptest::prelude::any::<String>()) {
            let shown = visible(&text);
            proptest::prop_assert!(shown.chars().all(|c| !is_hazard(c)));
            if !text.chars().any(is_hazard) {
                proptest::prop_assert_eq!(shown.as_ref(), text.as_str());
            }
            proptest::prop_assert!(shortened(&text).chars().count() <= QUOTED + 30);
        }
    }
}
