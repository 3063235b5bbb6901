//! The Azure service key read by Console Connect before an Azure order: `azure create`,
//! `azure verify-key` and `cc apply` ask it the same way and refuse it in the same words, the
//! input named as the caller spells it (a flag, `KEY`, or the file's `service_key`).
//!
//! An empty key is exit 2, nothing sent. A key Console Connect refuses (a 400/422, or an answer
//! saying `valid: false`) is the provider's answer to a request that was sent, so it is exit 5
//! with the provider's status, code and message (`CLI.md` §4), not a usage error. The key is a
//! credential: never quoted (`CLI.md` §5).

use serde_json::Value;

use super::models::KeyAnswer;
use super::{ConsoleConnectClient, PROVIDER};
use crate::error::{Error, ErrorKind, Result};
use crate::validate;

/// What to do about a key Console Connect refused.
const COPY_AGAIN: &str =
    "copy the service key again from the ExpressRoute circuit in the Azure portal";

/// What Console Connect reads from the service key `key` that the caller calls `input`: the
/// answer as sent and what `cc` reads from it.
pub async fn verify(
    c: &ConsoleConnectClient,
    key: &str,
    input: &str,
) -> Result<(Value, KeyAnswer)> {
    let key = key.trim();
    if key.is_empty() {
        return Err(validate::refuse(input, None, "must not be empty"));
    }
    let answer = c.verify_key(key).await.map_err(|mut e| {
        if matches!(e.status, Some(400 | 422)) {
            // The provider's status and message are printed below this line.
            e.kind = ErrorKind::Api;
            e.message = format!("{input}: Console Connect refused the Azure service key");
            e = e.hint(COPY_AGAIN);
        }
        e
    })?;
    let read = KeyAnswer::read(&answer);
    if read.valid == Some(false) {
        let said = read.message.as_deref().map(|m| format!(": {m}"));
        let message = format!(
            "{input}: the Azure service key is not valid{}",
            said.unwrap_or_default()
        );
        let mut err = Error::new(ErrorKind::Api, message)
            .provider(PROVIDER)
            .hint(COPY_AGAIN);
        err.provider_message = read.message.clone();
        return Err(err);
    }
    Ok((answer, read))
}
