//! Turning what went wrong into an [`Error`]: a non-2xx answer keeps the provider's status,
//! code, message and request id (read through its [`Dialect`]); a transport failure says what
//! failed, after how many attempts, and whether a create may have been carried out; a request
//! that cannot be built at all (a URL longer than any request may carry, a header value that
//! cannot be sent) is `cc`'s own failure, exit 2 naming the part that is wrong and quoting it
//! shortened, never a network error (issue 20 item 10).

use url::Url;

use super::client::Answer;
use super::{Call, Dialect, Outgoing, Resend, excerpt, redact, retry};
use crate::error::{Error, ErrorKind};
use crate::output::escape::shortened;
use crate::provider::ProviderName;

/// The error of a non-2xx `answer` to `call`. What the server sent back is masked with
/// `secrets`: a server that echoes the request's token or key in its error body (under its own
/// key, another key, or inside its message) must not get it printed.
pub(super) fn status_error(
    (provider, dialect): (ProviderName, &Dialect),
    call: &Call,
    answer: &Answer,
    secrets: &redact::Secrets,
) -> Error {
    let kind = match answer.status {
        401 | 403 => ErrorKind::Auth,
        404 => ErrorKind::NotFound,
        _ => ErrorKind::Api,
    };
    let fields = dialect.error_fields(&answer.body);
    let body = &answer.body;
    let values = &secrets.values;
    let mut err = Error::new(kind, format!("{provider}: cannot {}", call.what)).provider(provider);
    err.status = Some(answer.status);
    err.code = fields.code.map(|c| redact::text(&c, values));
    err.provider_message = fields
        .message
        .or_else(|| (!body.is_empty()).then(|| excerpt(&redact::unparsed_with(body, secrets))))
        .map(|m| redact::text(&m, values));
    err.request_id = dialect.request_id(&answer.headers);
    err.maybe_applied = call.resend == Resend::Never && answer.status >= 500;
    // What to do about a refused credential is said by the command layer (`registry::explain`).
    err
}

/// The error of `call` failing with `e` at `base` after `attempts` attempts.
pub(super) fn transport_error(
    provider: ProviderName,
    base: &Url,
    call: &Call,
    e: reqwest::Error,
    attempts: u32,
) -> Error {
    let tls = retry::tls_refused(&e);
    let what = if e.is_timeout() {
        "timed out"
    } else if tls {
        "failed: the TLS handshake was refused"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    let retried = if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    };
    let origin = base.origin().ascii_serialization();
    let mut err = Error::new(
        ErrorKind::Network,
        format!("{provider}: {} {what}{retried} ({origin})", call.what),
    )
    .provider(provider);
    // A create that reached the server may have been carried out.
    err.maybe_applied = call.resend == Resend::Never && !e.is_connect();
    if tls {
        err = err.hint(format!(
            "check that {origin} is the provider's https address, and that its certificate is trusted by this machine's trust store; it is not retried, the same answer would come back"
        ));
    }
    err.caused_by(e)
}

/// The longest URL a request may carry: what the `http` crate builds (`u16::MAX - 1` bytes).
pub(super) const MAX_URL: usize = 65_534;

/// Exit 2 when `out` cannot be sent as it is: a URL past [`MAX_URL`], naming its longest part
/// (the query parameter or path segment an argument filled), or a header whose value holds what
/// no header may carry (a line break in a credential), named without its value.
pub(super) fn unbuildable(provider: ProviderName, call: &Call, out: &Outgoing) -> Option<Error> {
    let length = out.url.as_str().len();
    if length > MAX_URL {
        return Some(
            Error::usage(format!(
                "{provider}: cannot {}: its URL would be {length} bytes, more than the {MAX_URL} \
                 a request may carry; {}",
                shortened(&call.what),
                longest_part(&out.url)
            ))
            .provider(provider)
            .hint("no id or name is that long: check the argument"),
        );
    }
    let bad = out
        .headers
        .iter()
        .find(|(_, value)| reqwest::header::HeaderValue::from_str(value).is_err())?;
    Some(
        Error::usage(format!(
            "{provider}: cannot {}: the `{}` header cannot be sent, its value holds a character \
             no header may carry (a line break or a control character)",
            call.what, bad.0
        ))
        .provider(provider)
        .hint("check the credentials and settings of this provider for a stray line break"),
    )
}

/// The longest query value or path segment of `url`, named and quoted shortened.
fn longest_part(url: &Url) -> String {
    let query = url.query_pairs().map(|(k, v)| {
        (
            v.len(),
            format!("the query parameter `{k}`"),
            v.into_owned(),
        )
    });
    let path = url.path_segments().into_iter().flatten().map(|segment| {
        let text = percent_decoded(segment);
        (text.len(), "a path segment".to_string(), text)
    });
    match query.chain(path).max_by_key(|(len, _, _)| *len) {
        Some((_, part, value)) => format!("the longest part is {part}: `{}`", shortened(&value)),
        None => String::from("no one part of it is long"),
    }
}

fn percent_decoded(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// Exit 1: reqwest could not build the request for a reason [`unbuildable`] does not foresee;
/// the error is kept without its URL, which may be that long.
pub(super) fn internal_error(provider: ProviderName, call: &Call, e: reqwest::Error) -> Error {
    Error::internal(format!(
        "{provider}: cannot build the request to {}",
        call.what
    ))
    .provider(provider)
    .caused_by(e.without_url())
}

/// `e` with the password of its URL masked (a base URL configured as `http://user:pass@host`):
/// reqwest's message quotes the URL, and it reaches errors and `-v` logs.
pub(super) fn masked(mut e: reqwest::Error) -> reqwest::Error {
    if let Some(url) = e.url_mut()
        && url.password().is_some()
    {
        let _ = url.set_password(Some(redact::MASK));
    }
    e
}
