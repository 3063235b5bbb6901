//! When to send a request again, and after how long (`CLI.md` §5).
//!
//! Reads and idempotent writes are retried on connection errors, timeouts, 429, 502, 503 and 504
//! with exponential backoff and full jitter, honouring `Retry-After` (seconds or an HTTP date,
//! either capped at a minute). A create is retried only
//! when the provider certainly did not act on it: the connection was refused, or it answered
//! 429. Anything else (a timeout after sending, a reset, a 5xx) is ambiguous and surfaces as an
//! error marked `maybe_applied`, so that the caller looks the resource up instead of ordering a
//! second one. Not a middleware (reqwest-retry resends POSTs on 5xx): each attempt is rebuilt
//! and re-signed by the caller's loop.

use std::time::Duration;

use reqwest::header::HeaderMap;

use super::{HttpSettings, Resend};

/// Attempts in all, the first included.
pub const MAX_ATTEMPTS: u32 = 4;
const BASE: Duration = Duration::from_millis(500);
const CAP: Duration = Duration::from_secs(8);
/// Longest `Retry-After` honoured; longer ones are shortened to this.
const RETRY_AFTER_CAP: Duration = Duration::from_secs(60);

/// The delay before another attempt after an HTTP status, or `None` to stop.
pub fn after_status(
    resend: Resend,
    status: u16,
    attempt: u32,
    headers: &HeaderMap,
    settings: &HttpSettings,
) -> Option<Duration> {
    let retryable = match status {
        429 => true,
        502..=504 => resend == Resend::Safe,
        _ => false,
    };
    if !retryable || attempt >= MAX_ATTEMPTS {
        return None;
    }
    let retry_after = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| retry_after(v, jiff::Timestamp::now()));
    Some(delay(attempt, retry_after, settings))
}

/// The wait a `Retry-After` value asks for (RFC 9110 §10.2.3): delay-seconds (`120`) or an
/// HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) measured from `now`; both capped at
/// [`RETRY_AFTER_CAP`]. `None` when it cannot be read or the date is not in the future, so that
/// the usual backoff applies instead of an immediate resend.
fn retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs).min(RETRY_AFTER_CAP));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let wait = Duration::try_from(at.duration_since(now)).ok()?;
    (!wait.is_zero()).then(|| wait.min(RETRY_AFTER_CAP))
}

/// The delay before another attempt after a transport error, or `None` to stop.
pub fn after_transport(
    resend: Resend,
    error: &reqwest::Error,
    attempt: u32,
    settings: &HttpSettings,
) -> Option<Duration> {
    let retryable = !tls_refused(error)
        && (error.is_connect()
            || (resend == Resend::Safe
                && (error.is_timeout() || error.is_request() || error.is_body())));
    if !retryable || attempt >= MAX_ATTEMPTS {
        return None;
    }
    Some(delay(attempt, None, settings))
}

/// Whether the TLS handshake itself failed (a certificate the trust store refuses, a server that
/// does not speak TLS): the same answer comes back on every attempt, so it is not retried.
pub fn tls_refused(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if wraps_rustls(e) {
            return true;
        }
        next = e.source();
    }
    false
}

/// Whether `e` is a `rustls::Error` or an `io::Error` holding one (`source()` skips what an
/// `io::Error` holds, so it is opened here).
fn wraps_rustls(e: &(dyn std::error::Error + 'static)) -> bool {
    e.is::<rustls::Error>()
        || e.downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .is_some_and(|inner| wraps_rustls(inner))
}

fn delay(attempt: u32, retry_after: Option<Duration>, settings: &HttpSettings) -> Duration {
    if settings.no_retry_delay {
        return Duration::ZERO;
    }
    if let Some(wait) = retry_after {
        return wait;
    }
    let exp = BASE.saturating_mul(1 << (attempt - 1).min(8)).min(CAP);
    // Full jitter, between half and all of the exponential delay.
    let jitter = jitter_fraction();
    exp / 2 + exp.mul_f64(jitter / 2.0)
}

/// A number in [0, 1) that differs between processes and calls; good enough for jitter.
fn jitter_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    (h.finish() % 10_000) as f64 / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rustls_error_inside_io_errors_is_a_refused_handshake() {
        let rustls = rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        let inner = std::io::Error::new(std::io::ErrorKind::InvalidData, rustls);
        let outer = std::io::Error::other(inner);
        assert!(tls_refused(&outer));
        let plain = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        assert!(!tls_refused(&plain));
    }

    fn settings() -> HttpSettings {
        HttpSettings::default()
    }

    #[test]
    fn reads_retry_on_gateway_errors_and_429() {
        let h = HeaderMap::new();
        for status in [429, 502, 503, 504] {
            assert!(
                after_status(Resend::Safe, status, 1, &h, &settings()).is_some(),
                "{status}"
            );
        }
        for status in [200, 400, 401, 404, 500] {
            assert!(
                after_status(Resend::Safe, status, 1, &h, &settings()).is_none(),
                "{status}"
            );
        }
        assert!(after_status(Resend::Safe, 503, MAX_ATTEMPTS, &h, &settings()).is_none());
    }

    #[test]
    fn creates_retry_only_on_429() {
        let h = HeaderMap::new();
        assert!(after_status(Resend::Never, 429, 1, &h, &settings()).is_some());
        for status in [500, 502, 503, 504] {
            assert!(
                after_status(Resend::Never, status, 1, &h, &settings()).is_none(),
                "{status}"
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let mut h = HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(
            after_status(Resend::Safe, 429, 1, &h, &settings()),
            Some(Duration::from_secs(2))
        );
        h.insert(reqwest::header::RETRY_AFTER, "3600".parse().unwrap());
        assert_eq!(
            after_status(Resend::Safe, 429, 1, &h, &settings()),
            Some(RETRY_AFTER_CAP)
        );
    }

    #[test]
    fn retry_after_as_an_http_date_is_honoured_and_capped() {
        let now: jiff::Timestamp = "2026-11-22T08:49:37Z".parse().unwrap();
        assert_eq!(
            retry_after("Sun, 22 Nov 2026 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after("Sun, 22 Nov 2026 09:49:37 GMT", now),
            Some(RETRY_AFTER_CAP)
        );
        // Past dates and garbage: the usual backoff.
        assert_eq!(retry_after("Sun, 22 Nov 2026 08:49:37 GMT", now), None);
        assert_eq!(retry_after("Sun, 22 Nov 2026 08:00:00 GMT", now), None);
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
        assert_eq!(retry_after(" 7 ", now), Some(Duration::from_secs(7)));
    }

    #[test]
    fn an_http_date_in_the_header_sets_the_delay() {
        let mut h = HeaderMap::new();
        let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(30);
        let text = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&soon)
            .unwrap();
        h.insert(reqwest::header::RETRY_AFTER, text.parse().unwrap());
        let wait = after_status(Resend::Safe, 503, 1, &h, &settings()).unwrap();
        // Whole seconds on the wire, and the clock moves on between the two `now`s.
        assert!(
            wait > Duration::from_secs(27) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
    }

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        let s = settings();
        for attempt in 1..=3 {
            let exp = BASE * (1 << (attempt - 1));
            let d = delay(attempt, None, &s);
            assert!(d >= exp / 2 && d <= exp, "attempt {attempt}: {d:?}");
        }
        assert!(delay(30, None, &s) <= CAP);
    }
}
