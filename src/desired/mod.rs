//! Desired-state files (`cc plan`, `cc apply`, `cc export`; `CLI.md` §3): the file says what
//! should exist, the providers say what does, and the difference is the plan.
//!
//! Why one engine described by data: every provider already knows how to find, validate,
//! create, update and delete its resources; what differs between them for a desired-state file
//! is facts (which kinds nest in which, which field identifies a resource, which fields an
//! update can change and which only a delete-then-create can). So each provider states those
//! facts once as a [`Spec`] (in `providers/<p>/desired.rs`), and everything else is written here
//! once, naming no provider: reading the file with the line of every value ([`parse`]), the JSON
//! Schema editors complete with ([`schema`]), the difference and its order ([`diff`]) and the
//! file `export` prints ([`export`]). The schema and the checks come from the same description,
//! so they cannot disagree.
//!
//! What exists is given to the engine as [`Live`] trees, read by each provider; what the file
//! asks for becomes [`Item`] trees. Both are plain data, so the engine is tested without HTTP.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::provider::ProviderName;

pub mod apply;
pub mod diff;
pub mod export;
mod order;
pub mod parse;
pub mod schema;

pub use diff::{Action, Change, Plan};
pub use parse::{Desired, ProviderPart};

/// The type of a field's value, as the file writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// A string.
    Text,
    /// A whole number within `min..=max`.
    Integer {
        /// Smallest accepted.
        min: i64,
        /// Largest accepted.
        max: i64,
    },
    /// A whole number from this list.
    Among(&'static [i64]),
    /// A string from this list.
    OneOf(&'static [&'static str]),
    /// `true` or `false` (a flag without value).
    Flag,
    /// A list of strings (a repeatable flag); its order does not matter.
    Texts,
    /// The name of a resource of the top-level kind with this key, in the same provider: in the
    /// file (it is then made first) or existing.
    Ref(&'static str),
}

/// What changing a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutable {
    /// An update in place.
    Update,
    /// The provider has no update for it: delete, then create (an outage).
    Replace,
}

/// One field of a kind: the long flag of the matching `create`, with `_` for `-`.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its name in the file (`resource_group`).
    pub name: &'static str,
    /// Its type.
    pub ty: Type,
    /// Whether a resource of the kind must give it.
    pub required: bool,
    /// Whether it is a secret: masked in plans and errors, written as `${env:...}` by export,
    /// and never compared (providers do not show secrets back).
    pub secret: bool,
    /// What changing it takes.
    pub change: Mutable,
    /// One line for the schema's `description`.
    pub help: &'static str,
}

/// A field that an update changes.
pub const fn field(name: &'static str, ty: Type, required: bool, help: &'static str) -> Field {
    Field {
        name,
        ty,
        required,
        secret: false,
        change: Mutable::Update,
        help,
    }
}

impl Field {
    /// The same field, changed only by a delete and a create.
    pub const fn replace(self) -> Field {
        Field {
            change: Mutable::Replace,
            ..self
        }
    }

    /// The same field, a secret.
    pub const fn secret(self) -> Field {
        Field {
            secret: true,
            ..self
        }
    }
}

/// A kind of resource in a provider's part of the file.
#[derive(Debug)]
pub struct Kind {
    /// Its key in the file (`connectors`, `network_instances`).
    pub key: &'static str,
    /// Its name in sentences and plans (`cloud connector`).
    pub what: &'static str,
    /// The fields that identify a resource among its siblings (`name`; `interface`; a region
    /// pair). They are among [`Kind::fields`] and are never "changed": a new value is another
    /// resource.
    pub identity: &'static [&'static str],
    /// Every field of the kind.
    pub fields: &'static [Field],
    /// The kinds nested in it, in the order they are made: the create of one waits for the
    /// creates of its siblings of the kinds before it (a link between two members after the
    /// members).
    pub children: &'static [Kind],
    /// Whether `cc` can create and delete it (an OVH service is ordered, not created: the file
    /// may only describe one that exists).
    pub managed: bool,
}

impl Kind {
    /// The field `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A provider's part of the file: its top-level key and its kinds.
#[derive(Debug)]
pub struct Spec {
    /// Whose.
    pub provider: ProviderName,
    /// Its top-level key (`orange`, `console_connect`).
    pub key: &'static str,
    /// Its top-level kinds, in the order export writes them.
    pub kinds: &'static [Kind],
}

/// A resource as the file asks for it.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its kind.
    pub kind: &'static Kind,
    /// Its identity as one string (the values of [`Kind::identity`], joined by a space).
    pub ident: String,
    /// The fields the file gives, typed; a secret whose variable is not set stays `${env:VAR}`.
    pub fields: BTreeMap<&'static str, Value>,
    /// The line of the file it starts on.
    pub line: usize,
    /// Its nested resources.
    pub children: Vec<Item>,
    /// The nested kinds it names (an empty list included): with `--prune`, only those are
    /// pruned below it.
    pub named: std::collections::BTreeSet<&'static str>,
}

/// A resource as the provider holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    /// Its kind.
    pub kind: &'static str,
    /// Its identity, as [`Item::ident`] spells it.
    pub ident: String,
    /// Its id (for an OVH configuration, its number).
    pub id: String,
    /// Its fields in the file's names and types (no secret's value: providers do not show
    /// them; an optional secret the provider says is set may be given as [`MASK`], so that
    /// export writes its placeholder).
    pub fields: BTreeMap<String, Value>,
    /// Other spellings a file may use for a field's value (a VPN by its name as well as its
    /// id): a desired value equal to one of them is no change.
    pub aliases: BTreeMap<String, Vec<Value>>,
    /// Its nested resources.
    pub children: Vec<Live>,
}

impl Live {
    /// A resource of `kind` with `ident` and `id`, no field yet.
    pub fn new(kind: &'static str, ident: impl Into<String>, id: impl Into<String>) -> Live {
        Live {
            kind,
            ident: ident.into(),
            id: id.into(),
            fields: BTreeMap::new(),
            aliases: BTreeMap::new(),
            children: Vec::new(),
        }
    }

    /// With `field` set to `value`, unless it is null or an empty string (not set).
    pub fn with(mut self, field: &str, value: impl Into<Value>) -> Live {
        let value = value.into();
        let empty = value.is_null() || value.as_str() == Some("");
        if !empty {
            self.fields.insert(field.to_string(), value);
        }
        self
    }

    /// With `also` accepted as another spelling of `field`.
    pub fn alias(mut self, field: &str, also: impl Into<Value>) -> Live {
        let also = also.into();
        if !also.is_null() {
            self.aliases
                .entry(field.to_string())
                .or_default()
                .push(also);
        }
        self
    }
}

/// The identity string of a resource from its identity values, in the order of `identity`;
/// a list (a region pair) is sorted so that its order does not matter.
pub fn ident_of(identity: &[&str], get: impl Fn(&str) -> Option<Value>) -> String {
    identity
        .iter()
        .filter_map(|f| get(f))
        .map(|v| match v {
            Value::Array(items) => {
                let mut words: Vec<String> = items.iter().map(scalar_text).collect();
                words.sort();
                words.join("+")
            }
            other => scalar_text(&other),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A scalar as text (`100`, `true`, `name`).
pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether `text` is a placeholder `${env:VAR}`, and its variable.
pub fn placeholder(text: &str) -> Option<&str> {
    text.strip_prefix("${env:")?.strip_suffix('}')
}

/// A breach of a rule that spans resources, found in a file: the line of the resource that
/// breaks it (the later of two, where two resources of the file clash).
#[derive(Debug, Clone)]
pub struct Located {
    /// The file's line.
    pub line: usize,
    /// The breach, its inputs named by the file's field names.
    pub breach: crate::rules::Breach,
}

/// Nothing breached, or exit 2 for the first breach `--skip-rule` does not let through, its
/// message starting with `FILE:LINE:` as the format's other errors do; each breach let through
/// is a warning.
pub fn enforce(
    file: &str,
    found: Vec<Located>,
    skips: &crate::rules::Skips,
) -> crate::error::Result<()> {
    let mut found = found;
    found.sort_by_key(|l| l.line);
    for Located { line, breach } in found {
        if let Err(mut err) = crate::rules::enforce(vec![breach], skips) {
            err.message = format!("{file}:{line}: {}", err.message);
            return Err(err);
        }
    }
    Ok(())
}

/// What plans and errors show for a secret.
pub const MASK: &str = "********";

#[cfg(test)]
mod tests;
