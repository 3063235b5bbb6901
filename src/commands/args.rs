//! Argument types that several commands flatten, declared once so that the same flag reads
//! the same everywhere (`--limit N`, a positional `ID|NAME`).

use clap::Args;

/// `--limit` for list commands.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Stop after N items (all pages are fetched otherwise)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// A resource given by id or exact name.
#[derive(Debug, Args)]
pub struct TargetArg {
    /// Id or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
}

/// What a create does when its name is already taken by a resource of the same kind (not
/// deleted): `CLI.md` §3, so that re-running a script does not order a second one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum IfExists {
    /// Refuse (exit 2) naming the existing id; nothing is sent
    #[default]
    Fail,
    /// Print the existing resource and exit 0
    Reuse,
    /// Order another one anyway
    Create,
}

/// `--if-exists` for every create of a named resource.
#[derive(Debug, Args, Default, Clone, Copy)]
pub struct IfExistsArgs {
    /// When the name is already taken: fail (exit 2, nothing sent), reuse (print the existing
    /// one) or create (order another)
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = IfExists::Fail)]
    pub if_exists: IfExists,
}

impl IfExistsArgs {
    /// Decides before anything is sent. `existing` are the live resources of this kind named
    /// `name` (`id` reads their id); `what` is the noun ("Orange cloud connector") and `get` the
    /// command that shows one, with `{id}` in it. `Ok(None)`: go on and create;
    /// `Ok(Some(one))`: print that one instead (`reuse`).
    pub fn decide<T>(
        &self,
        what: &str,
        name: &str,
        mut existing: Vec<T>,
        id: impl Fn(&T) -> String,
        get: &str,
    ) -> crate::error::Result<Option<T>> {
        use crate::error::Error;
        if existing.is_empty() || self.if_exists == IfExists::Create {
            return Ok(None);
        }
        let ids: Vec<String> = existing.iter().map(id).collect();
        match (self.if_exists, existing.len()) {
            (IfExists::Reuse, 1) => Ok(existing.pop()),
            (IfExists::Reuse, _) => Err(Error::usage(format!(
                "{} {what}s are named `{name}` ({}): --if-exists reuse needs exactly one; nothing was sent",
                ids.len(),
                ids.join(", ")
            ))),
            _ => Err(Error::usage(format!(
                "the name `{name}` is taken: {what} {} already has it; nothing was sent",
                ids.join(", ")
            ))
            .hint(format!(
                "`{}` shows it; `--if-exists reuse` prints it instead of failing, `--if-exists create` orders another",
                crate::hint::cc(&get.replace("{id}", &ids[0]))
            ))),
        }
    }
}
