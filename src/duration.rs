//! Human durations (`90s`, `30m`, `1h30m`, `250ms`) for `--timeout`, `--interval` and friends.
//!
//! Hand-written because the grammar is tiny and a dependency would cost more than these lines.

use std::time::Duration;

/// Why a text is not a duration. The messages name the text; callers add the flag or variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing but whitespace.
    #[error("empty duration; use e.g. `90s`, `30m` or `250ms`")]
    Empty,
    /// A unit without a number, or other characters where a number should be.
    #[error("`{0}` is not a duration; use e.g. `90s`, `30m` or `250ms`")]
    Invalid(String),
    /// A unit other than ms, s, m, h.
    #[error("`{text}`: unknown unit `{unit}`; use ms, s, m or h")]
    UnknownUnit {
        /// The whole text.
        text: String,
        /// The unit as written.
        unit: String,
    },
    /// A number or a sum beyond what a duration holds (about 584 billion years).
    #[error("`{0}`: number too large")]
    TooLarge(String),
}

/// Parses `500ms`, `90s`, `30m`, `2h`, or a sum such as `1h30m`. A bare number means seconds.
/// Never panics or wraps: a number or a sum too large for a [`Duration`] is an error.
pub fn parse(text: &str) -> Result<Duration, ParseError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    let too_large = || ParseError::TooLarge(text.to_string());
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(ParseError::Invalid(text.to_string()));
        }
        let number: u64 = rest[..digits].parse().map_err(|_| too_large())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let secs_per = match unit {
            "ms" => None,
            "s" => Some(1),
            "m" => Some(60),
            "h" => Some(3600),
            _ => {
                return Err(ParseError::UnknownUnit {
                    text: text.to_string(),
                    unit: unit.to_string(),
                });
            }
        };
        let part = match secs_per {
            None => Duration::from_millis(number),
            Some(n) => Duration::from_secs(number.checked_mul(n).ok_or_else(too_large)?),
        };
        total = total.checked_add(part).ok_or_else(too_large)?;
    }
    Ok(total)
}

/// Formats a duration the way `parse` reads it, for messages (`1m30s`, `250ms`).
pub fn display(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        return format!("{}ms", d.as_millis());
    }
    let secs = d.as_secs();
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m{s}s"),
        (h, m, _) => format!("{h}h{m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_sums() {
        assert_eq!(parse("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse("7").unwrap(), Duration::from_secs(7));
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse("").is_err());
        assert!(parse("s").is_err());
        assert!(parse("5 parsecs").is_err());
        assert!(parse("10d").is_err());
        assert_eq!(
            parse("10d"),
            Err(ParseError::UnknownUnit {
                text: "10d".into(),
                unit: "d".into()
            })
        );
        assert_eq!(
            parse("5 parsecs").unwrap_err().to_string(),
            "`5 parsecs`: unknown unit ` parsecs`; use ms, s, m or h"
        );
    }

    #[test]
    fn large_values_are_errors_not_panics() {
        for text in [
            "99999999999999999h",
            "307445734561825861m",
            "99999999999999999999",
            "99999999999999999999s",
            "18446744073709551615s1s",
            "18446744073709551615s1000ms",
            "5124095576030431h5124095576030431h",
        ] {
            assert_eq!(
                parse(text),
                Err(ParseError::TooLarge(text.into())),
                "{text}"
            );
        }
        assert_eq!(
            parse("99999999999999999h").unwrap_err().to_string(),
            "`99999999999999999h`: number too large"
        );
        // The largest values that fit still parse.
        assert_eq!(
            parse("18446744073709551615").unwrap(),
            Duration::from_secs(u64::MAX)
        );
        assert_eq!(
            parse("5124095576030431h").unwrap(),
            Duration::from_secs(5124095576030431 * 3600)
        );
        assert_eq!(
            parse("18446744073709551615s999ms").unwrap(),
            Duration::new(u64::MAX, 999_000_000)
        );
    }

    #[test]
    fn displays_compactly() {
        assert_eq!(display(Duration::from_secs(90)), "1m30s");
        assert_eq!(display(Duration::from_millis(250)), "250ms");
        assert_eq!(display(Duration::from_secs(1800)), "30m");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256, failure_persistence: None, ..Default::default()
        })]

        /// Whatever is typed: an answer, never a panic; what parses shows as text that parses.
        #[test]
        fn any_text_parses_or_is_refused(text in proptest::prelude::any::<String>()) {
            if let Ok(d) = parse(&text) {
                proptest::prop_assert!(parse(&display(d)).is_ok(), "{text:?} -> {d:?}");
            }
        }

        /// Sums of any numbers in any units: a duration or "too large", nothing else.
        #[test]
        fn any_numbers_in_known_units_fit_or_are_too_large(
            parts in proptest::collection::vec(
                (proptest::prelude::any::<u64>(), proptest::sample::select(vec!["ms", "s", "m", "h", ""])),
                1..4,
            )
        ) {
            let text: String = parts.iter().map(|(n, u)| format!("{n}{u}")).collect();
            let bare = parts.len() == 1 && parts[0].1.is_empty();
            match parse(&text) {
                Ok(_) => {}
                Err(ParseError::TooLarge(_)) => {}
                Err(ParseError::UnknownUnit { unit, .. }) => {
                    // Only a number run into the next one without a unit (`5` then `6s` reads `56s`)
                    // is not a unit problem; an empty unit between two parts is.
                    proptest::prop_assert!(!bare && unit.is_empty(), "{text}: {unit}");
                }
                Err(other) => proptest::prop_assert!(false, "{text}: {other}"),
            }
        }
    }
}
