//! The request and response lines of `-vv` (method, URL, status, time, size, request id) and
//! `-vvv` (headers and bodies), every one of them redacted (`redact.rs`).

use std::time::Instant;

use super::client::Answer;
use super::redact::{self, Secrets};
use super::{Dialect, Outgoing};
use crate::log;

/// Logs a request about to be sent; `speculative` marks a page read ahead.
pub(super) fn request(out: &Outgoing, speculative: bool, secrets: &Secrets) {
    if !log::enabled(log::HTTP) {
        return;
    }
    log::line(
        log::HTTP,
        format!(
            "> {} {}{}",
            out.method,
            redact::text(out.url.as_str(), &secrets.values),
            if speculative { " (speculative)" } else { "" }
        ),
    );
    if log::enabled(log::BODIES) {
        for (name, value) in &out.headers {
            log::line(
                log::BODIES,
                format!(">   {name}: {}", redact::header(name, value, secrets)),
            );
        }
        if let Some(body) = &out.body {
            log::line(log::BODIES, format!(">   {}", redact::body(body, secrets)));
        }
    }
}

/// Logs an answer that came back `started` ago, with its request id (read through `dialect`).
pub(super) fn response(answer: &Answer, dialect: &Dialect, started: Instant, secrets: &Secrets) {
    if !log::enabled(log::HTTP) {
        return;
    }
    let id = dialect
        .request_id(&answer.headers)
        .map(|id| format!(" request-id={id}"))
        .unwrap_or_default();
    log::line(
        log::HTTP,
        format!(
            "< {} ({} ms, {} bytes){id}",
            answer.status,
            started.elapsed().as_millis(),
            answer.body.len()
        ),
    );
    if log::enabled(log::BODIES) {
        for (name, value) in &answer.headers {
            let value = value.to_str().unwrap_or("(binary)");
            log::line(
                log::BODIES,
                format!(
                    "<   {name}: {}",
                    redact::header(name.as_str(), value, secrets)
                ),
            );
        }
        if !answer.body.is_empty() {
            log::line(
                log::BODIES,
                format!("<   {}", redact::body(&answer.body, secrets)),
            );
        }
    }
}
