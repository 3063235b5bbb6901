//! Turning what went wrong into an [`Error`]: a non-2xx answer keeps the provider's status,
//! code, message and request id (read through its [`Dialect`]); a transport failure says what
//! failed, after how many attempts, and whether a create may have been carried out.

use url::Url;

use super::client::Answer;
use super::{Call, Dialect, Resend, excerpt, redact, retry};
use crate::error::{Error, ErrorKind};
use crate::provider::ProviderName;

/// The error of a non-2xx `answer` to `call`. What the server sent back is masked with
/// `secrets`: a server that echoes the request's token or key in its error body must not get it
/// printed.
pub(super) fn status_error(
    (provider, dialect): (ProviderName, &Dialect),
    call: &Call,
    answer: &Answer,
    secrets: &[String],
) -> Error {
    let kind = match answer.status {
        401 | 403 => ErrorKind::Auth,
        404 => ErrorKind::NotFound,
        _ => ErrorKind::Api,
    };
    let fields = dialect.error_fields(&answer.body);
    let body = &answer.body;
    let mut err = Error::new(kind, format!("{provider}: cannot {}", call.what)).provider(provider);
    err.status = Some(answer.status);
    err.code = fields.code.map(|c| redact::text(&c, secrets));
    err.provider_message = fields
        .message
        .or_else(|| (!body.is_empty()).then(|| excerpt(body)))
        .map(|m| redact::text(&m, secrets));
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
