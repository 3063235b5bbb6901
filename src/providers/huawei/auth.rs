//! Huawei auth: every request signed with `SDK-HMAC-SHA256` (AK/SK), as the official SDK does.
//!
//! [`HuaweiAuth::authorize`] runs on every attempt (the signature carries a timestamp) after the
//! shared client has built the request. It rewrites the wire query with
//! [`sign::canonical_query`], so that what is signed and what is sent are the same string, then
//! sets `X-Domain-Id`, `X-Sdk-Date`, `Host` (the URL's host, with the port only when it is not
//! the scheme's default, exactly as the SDK and reqwest both render it) and `Authorization`.
//! Every header present at that moment is signed (`Accept`, `Content-Type` when there is a body,
//! `Host`, `X-Domain-Id`, `X-Sdk-Date`); headers the HTTP library adds afterwards
//! (`User-Agent`, `Content-Length`) are not, which the gateway accepts because only
//! `X-Sdk-Date` must be signed (`provider-notes/huawei-ovh.md` §1.6, §1.8).
//!
//! The clock is the system's, unless `CC_NOW` fixes it (tests and reproducible `--dry-run`s):
//! RFC 3339 (`2024-01-02T03:04:05Z`, any offset) or the SDK's own `20240102T030405Z`.

use futures_util::future::BoxFuture;
use url::Url;

use super::sign::{self, SignInput};
use crate::error::{Error, Result};
use crate::http::{Auth, Outgoing};
use crate::secret::Secret;

/// The variable that fixes the signing clock.
pub const CC_NOW: crate::env::EnvVar = crate::env::EnvVar::new(
    "CC_NOW",
    "Huawei: the time signatures carry (RFC 3339 or `20240102T030405Z`), for reproducible requests",
);
const NOW_VAR: &str = CC_NOW.name;

/// Where the time of `X-Sdk-Date` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    System,
    /// A fixed instant, in seconds since the Unix epoch (`CC_NOW`).
    Fixed(i64),
}

impl Clock {
    /// `CC_NOW` when set (exit 2 if unreadable), the system clock otherwise.
    pub fn from_env() -> Result<Clock> {
        match std::env::var(NOW_VAR) {
            Ok(text) if !text.trim().is_empty() => parse_time(&text).map(Clock::Fixed).ok_or_else(|| {
                Error::usage(format!(
                    "{NOW_VAR}=`{text}`: expected an RFC 3339 time such as 2024-01-02T03:04:05Z, or 20240102T030405Z"
                ))
            }),
            _ => Ok(Clock::System),
        }
    }

    /// Seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        match self {
            Clock::Fixed(secs) => *secs,
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                .unwrap_or(0),
        }
    }

    /// The `X-Sdk-Date` value for now: `%Y%m%dT%H%M%SZ`, UTC.
    pub fn sdk_date(&self) -> String {
        format_sdk_date(self.now())
    }
}

/// The `X-Sdk-Date` format.
const SDK_DATE: &str = "%Y%m%dT%H%M%SZ";

/// Seconds since the epoch of `20240102T030405Z` (the `X-Sdk-Date` format) or of an RFC 3339
/// time (`2024-01-02T03:04:05Z`, `2024-01-02T05:04:05.25+02:00`); `None` if it is neither.
pub fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(fixed) = jiff::fmt::strtime::parse(SDK_DATE, t)
        && let Ok(datetime) = fixed.to_datetime()
    {
        return datetime
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_second());
    }
    // RFC 3339 needs an offset; jiff alone would also take one without.
    let has_offset = t.ends_with(['Z', 'z'])
        || t.get(t.len().saturating_sub(6)..)
            .is_some_and(|o| o.starts_with(['+', '-']) && o.as_bytes().get(3) == Some(&b':'));
    has_offset
        .then(|| t.parse::<jiff::Timestamp>().ok())
        .flatten()
        .map(|ts| ts.as_second())
}

/// An HTTP `Date` header (`Mon, 23 Nov 2026 03:22:59 GMT`) in seconds since the epoch.
pub fn parse_http_date(text: &str) -> Option<i64> {
    jiff::fmt::rfc2822::parse(text.trim())
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// `%Y%m%dT%H%M%SZ`, UTC.
pub fn format_sdk_date(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.strftime(SDK_DATE).to_string())
        .unwrap_or_default()
}

/// RFC 3339, UTC, whole seconds.
pub fn format_rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// The `Host` header value for a URL: host, plus `:port` only when it is not the default.
pub fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// The Huawei auth strategy: AK/SK signing for one account (`domain_id`). The AK is shown in
/// no output either (it is masked in `Authorization` with the signature), so both are secrets.
#[derive(Debug)]
pub struct HuaweiAuth {
    ak: Secret,
    sk: Secret,
    domain_id: String,
    clock: Clock,
}

impl HuaweiAuth {
    /// Signs as `ak`/`sk` for account `domain_id`, with the time from `clock`.
    pub fn new(ak: Secret, sk: Secret, domain_id: String, clock: Clock) -> Self {
        HuaweiAuth {
            ak,
            sk,
            domain_id,
            clock,
        }
    }

    /// Rewrites the query canonically and adds the signed headers and `Authorization`.
    pub fn sign_request(&self, request: &mut Outgoing) {
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let query = sign::canonical_query(&pairs);
        request
            .url
            .set_query((!query.is_empty()).then_some(query.as_str()));
        let host = host_header(&request.url);
        let date = self.clock.sdk_date();
        request.set_header("X-Domain-Id", self.domain_id.clone());
        request.set_header("Host", host.clone());
        request.set_header("X-Sdk-Date", date.clone());
        let headers: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(name, _)| {
                !["host", "x-sdk-date", "authorization"]
                    .iter()
                    .any(|n| name.eq_ignore_ascii_case(n))
            })
            .cloned()
            .collect();
        let body = request.body.clone().unwrap_or_default();
        let signature = sign::sign(
            &SignInput {
                method: request.method.as_str(),
                host: &host,
                path: request.url.path(),
                query: &pairs,
                headers: &headers,
                body: &body,
                sdk_date: &date,
            },
            self.ak.expose(),
            self.sk.expose(),
        );
        request.set_header("Authorization", signature.authorization);
    }
}

impl Auth for HuaweiAuth {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        self.sign_request(request);
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.ak.expose().to_string(), self.sk.expose().to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    const AK: &str = "AKTESTEXAMPLE000001";
    const SK: &str = "SKtestExampleSecretKey0000000000000000001";
    const DOMAIN: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn debug_shows_neither_ak_nor_sk_and_secrets_lists_both() {
        let auth = HuaweiAuth::new(AK.into(), SK.into(), DOMAIN.into(), Clock::System);
        let shown = format!("{auth:?}");
        assert!(shown.contains(DOMAIN), "{shown}");
        for secret in [AK, SK] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert_eq!(auth.secrets(), vec![AK.to_string(), SK.to_string()]);
    }

    #[test]
    fn times_parse_in_both_formats() {
        let expected = 1_704_164_645; // 2024-01-02T03:04:05Z
        assert_eq!(parse_time("20240102T030405Z"), Some(expected));
        assert_eq!(parse_time("2024-01-02T03:04:05Z"), Some(expected));
        assert_eq!(parse_time("2024-01-02t03:04:05.123z"), Some(expected));
        assert_eq!(parse_time("2024-01-02T05:34:05+02:30"), Some(expected));
        assert_eq!(parse_time("2024-01-01T22:04:05-05:00"), Some(expected));
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0));
        for bad in [
            "",
            "2024-13-02T03:04:05Z",
            "2024-02-30T03:04:05Z",
            "2024-01-02T03:04:05",
            "2024-01-02T03:04:05+0200",
            "20240102T030405",
            "2024-01-02T03:04:05.Z",
            "yesterday",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(parse_time("2024-02-29T00:00:00Z"), Some(1_709_164_800));
    }

    #[test]
    fn times_format_round_trip() {
        for secs in [0, 951_782_400, 1_704_164_645, 4_102_444_799] {
            assert_eq!(parse_time(&format_sdk_date(secs)), Some(secs));
            assert_eq!(parse_time(&format_rfc3339(secs)), Some(secs));
        }
        assert_eq!(format_sdk_date(1_704_164_645), "20240102T030405Z");
        assert_eq!(format_rfc3339(1_704_164_645), "2024-01-02T03:04:05Z");
    }

    #[test]
    fn http_dates_parse() {
        assert_eq!(
            parse_http_date("Tue, 02 Jan 2024 03:04:05 GMT"),
            Some(1_704_164_645)
        );
        assert_eq!(parse_http_date("not a date"), None);
    }

    fn outgoing(method: Method, url: &str, body: Option<&[u8]>) -> Outgoing {
        let mut out = Outgoing {
            method,
            url: Url::parse(url).unwrap(),
            headers: Vec::new(),
            body: body.map(<[u8]>::to_vec),
        };
        if body.is_some() {
            out.set_header("Content-Type", "application/json");
        }
        out
    }

    fn header<'a>(out: &'a Outgoing, name: &str) -> &'a str {
        out.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    #[test]
    fn hw1_through_the_auth_strategy() {
        let auth = HuaweiAuth::new(
            AK.into(),
            SK.into(),
            DOMAIN.into(),
            Clock::Fixed(1_704_164_645),
        );
        let body = br#"{"cloud_connection": {"name": "cc-test", "description": "demo"}}"#;
        let mut out = outgoing(
            Method::POST,
            &format!("https://cc.myhuaweicloud.com/v3/{DOMAIN}/ccaas/cloud-connections"),
            Some(body),
        );
        auth.sign_request(&mut out);
        assert_eq!(header(&out, "x-sdk-date"), "20240102T030405Z");
        assert_eq!(header(&out, "host"), "cc.myhuaweicloud.com");
        assert_eq!(header(&out, "x-domain-id"), DOMAIN);
        assert_eq!(
            header(&out, "authorization"),
            "SDK-HMAC-SHA256 Access=AKTESTEXAMPLE000001, \
             SignedHeaders=content-type;host;x-domain-id;x-sdk-date, \
             Signature=60346f37c5925cd1d1e712781a4de24994d24e0d727adc32dcc4547deb67c43a"
        );
    }

    #[test]
    fn hw2_wire_query_is_the_canonical_one() {
        let auth = HuaweiAuth::new(
            AK.into(),
            SK.into(),
            DOMAIN.into(),
            Clock::Fixed(1_704_164_645),
        );
        let mut out = outgoing(
            Method::GET,
            &format!("https://cc.myhuaweicloud.com/v3/{DOMAIN}/ccaas/cloud-connections"),
            None,
        );
        // The shared client form-encodes the pairs in call order.
        out.url.query_pairs_mut().extend_pairs([
            ("marker", "abc/def"),
            ("limit", "10"),
            ("name", "b name"),
            ("name", "a"),
        ]);
        out.set_header("Content-Type", "application/json");
        auth.sign_request(&mut out);
        assert_eq!(
            out.url.query(),
            Some("limit=10&marker=abc%2Fdef&name=a&name=b%20name")
        );
        assert!(
            header(&out, "authorization").ends_with(
                "Signature=65ca43c1d02965032363629a793d94888aa423ffd0cd98ee46456287be52504c"
            ),
            "{}",
            header(&out, "authorization")
        );
    }

    #[test]
    fn port_kept_only_when_not_default_and_secrets_listed() {
        assert_eq!(
            host_header(&Url::parse("http://127.0.0.1:38949/x").unwrap()),
            "127.0.0.1:38949"
        );
        assert_eq!(
            host_header(&Url::parse("https://cc.myhuaweicloud.com:443/x").unwrap()),
            "cc.myhuaweicloud.com"
        );
        let auth = HuaweiAuth::new(AK.into(), SK.into(), DOMAIN.into(), Clock::System);
        assert_eq!(auth.secrets(), vec![AK.to_string(), SK.to_string()]);
        let mut out = outgoing(Method::DELETE, "http://127.0.0.1:9/huawei/v3/x", None);
        auth.sign_request(&mut out);
        assert_eq!(out.url.query(), None);
        assert!(
            header(&out, "authorization").contains("SignedHeaders=host;x-domain-id;x-sdk-date,")
        );
    }
}
