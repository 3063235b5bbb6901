//! What a redirect may do (`CLI.md` §5, bounds): API calls follow no redirect to another origin
//! (scheme, host and port), because every request carries credentials (a bearer token, an API
//! key, a signature) that must never reach a server the user did not configure; a read is
//! followed within its origin, signed again for the new path; a change (a create, a delete) is
//! never sent again to a redirect target. reqwest's own redirects are off (`tls.rs`), so that
//! every hop goes through the auth and this check.

use url::Url;

use super::Call;
use super::client::Answer;
use crate::error::{Error, ErrorKind, Result};
use crate::provider::ProviderName;

/// How many hops a read may take before it is a loop.
pub(super) const MAX_HOPS: u32 = 10;

/// The URL to follow after `answer` to `call` at `from`: `None` when it is not a redirect, an
/// error when it must not be followed.
pub(super) fn target(
    provider: ProviderName,
    call: &Call,
    from: &Url,
    answer: &Answer,
    hops: u32,
) -> Result<Option<Url>> {
    if !matches!(answer.status, 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let refused = |why: String| {
        let mut err = Error::new(ErrorKind::Api, format!("{provider}: {}: {why}", call.what))
            .provider(provider);
        err.status = Some(answer.status);
        err
    };
    let location = answer
        .headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| from.join(l).ok())
        .ok_or_else(|| refused(format!("HTTP {} without a usable Location", answer.status)))?;
    let origin = location.origin().ascii_serialization();
    if location.origin() != from.origin() {
        return Err(refused(format!(
            "the server redirected to another origin ({origin}); not followed, so that no credential leaves {}",
            from.origin().ascii_serialization()
        ))
        .hint("check the provider's base URL in `cc config view`"));
    }
    if call.mutating() {
        let mut err = refused(format!(
            "the server redirected the request to {}; a change is never sent twice",
            location.path()
        ));
        err.maybe_applied = true;
        return Err(err);
    }
    if hops >= MAX_HOPS {
        return Err(refused(format!(
            "more than {MAX_HOPS} redirects (a loop, last to {})",
            location.path()
        )));
    }
    Ok(Some(location))
}
