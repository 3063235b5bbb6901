//! A Huawei resource given by id or exact name, found the one way for the commands and for
//! `cc apply`: an id (a UUID) is taken as it is, a name is looked up with the list's name
//! filter, and a miss (exit 4) or an ambiguity (exit 2, listing the ids) reads as for every other
//! id-or-name input ([`crate::resolve::Lookup`]), naming the flag or file field it came from.

use super::models::Resource;
use super::waits::command_of;
use super::{HuaweiClient, PROVIDER};
use crate::error::{Error, Result};
use crate::providers::Typed;
use crate::resolve::Lookup;
use crate::validate;

/// The one `R` that `target` names: by id (read), or by exact name; an empty one is refused,
/// nothing sent.
pub async fn find<R: Resource>(
    c: &HuaweiClient,
    target: &str,
    input: Option<&str>,
) -> Result<Typed<R>> {
    if validate::is_uuid(target) {
        return c.get::<R>(&target.to_ascii_lowercase()).await;
    }
    if target.trim().is_empty() {
        return Err(Error::usage(format!(
            "{}: must not be empty",
            input.unwrap_or(R::KIND.what)
        )));
    }
    let named = c.named::<R>(target).await?;
    let list = format!("{} list", command_of::<R>());
    let lookup = Lookup {
        provider: PROVIDER,
        what: R::KIND.what,
        flag: input,
        list: &list,
    };
    lookup.only(named, target, |r| r.view.id().to_string())
}

/// The id of the `R` that `target` names: an id is used as it is (no request), a name is
/// looked up ([`find`]).
pub async fn id_of<R: Resource>(
    c: &HuaweiClient,
    target: &str,
    input: Option<&str>,
) -> Result<String> {
    if validate::is_uuid(target) {
        return Ok(target.to_ascii_lowercase());
    }
    Ok(find::<R>(c, target, input).await?.view.id().to_string())
}
