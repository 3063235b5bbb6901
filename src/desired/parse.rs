//! Reading a desired-state file: YAML (JSON is YAML too), every value with its line, checked
//! against the providers' [`Spec`]s. Unknown keys, wrong types, values out of range, missing
//! required fields and two resources with one identity are exit 2 naming the file, the line
//! and the field's path (`huawei.cloud_connections[0].network_instances[1].cidr`).
//!
//! Why a tree of our own ([`Raw`]) rather than typed structs: the kinds are data (each
//! provider's [`Spec`]), so the file is read once as a tree with spans and then walked by the
//! spec, which is also what the schema is written from.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};
use serde_saphyr::Spanned;

use crate::desired::{Item, Kind, Spec, Type, ident_of, placeholder};
use crate::error::{Error, Result};

/// A YAML node.
#[derive(Debug, Clone)]
pub enum Raw {
    /// `~`, `null` or nothing.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string.
    Str(String),
    /// A list.
    Seq(Vec<Spanned<Raw>>),
    /// A mapping, in the file's order.
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> std::result::Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Raw, E> {
        i64::try_from(v)
            .map(Raw::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Raw, E> {
        Ok(Raw::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<Spanned<String>, Spanned<Raw>>()? {
            entries.push((k, v));
        }
        Ok(Raw::Map(entries))
    }
}

impl Raw {
    fn type_name(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool(_) => "a boolean",
            Raw::Int(_) => "an integer",
            Raw::Float(_) => "a number",
            Raw::Str(_) => "a string",
            Raw::Seq(_) => "a list",
            Raw::Map(_) => "a mapping",
        }
    }
}

/// One provider's part of a file: its spec, the kinds the file manages (their paths, `a/b`),
/// and its resources.
#[derive(Debug)]
pub struct ProviderPart {
    /// Its spec.
    pub spec: &'static Spec,
    /// The kinds the file names (an empty list included): only those are pruned.
    pub managed: BTreeSet<String>,
    /// The line of its key (`huawei:`): where a breach that no resource of the file causes is
    /// located.
    pub line: usize,
    /// Its top-level resources.
    pub items: Vec<Item>,
}

/// A whole file, read and checked.
#[derive(Debug)]
pub struct Desired {
    /// The providers it names, in the file's order.
    pub parts: Vec<ProviderPart>,
}

/// Where the reader is, for errors: the file and the path of keys and indexes.
struct At<'a> {
    file: &'a str,
    env: &'a dyn Fn(&str) -> Option<String>,
}

impl At<'_> {
    fn fail(&self, line: u64, path: &str, what: impl fmt::Display) -> Error {
        Error::usage(format!("{}:{line}: {path}: {what}", self.file))
    }
}

/// Reads `text` (the content of `file`) against `specs`; `env` reads a variable.
pub fn parse(
    text: &str,
    file: &str,
    specs: &[&'static Spec],
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Desired> {
    // YAML 1.2 booleans only (`true`, `false`): under YAML 1.1's, `duration_unit: y` or a
    // name `no` would silently become a boolean.
    let options = serde_saphyr::options! { strict_booleans: true };
    let root: Spanned<Raw> = serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let line = e.location().map(|l| l.line()).unwrap_or(1);
        Error::usage(format!("{file}:{line}: not a YAML or JSON file: {e}"))
    })?;
    let at = At { file, env };
    let line = root.referenced.line();
    let entries = match root.value {
        Raw::Map(entries) => entries,
        Raw::Null => Vec::new(),
        other => {
            return Err(at.fail(
                line,
                "(top)",
                format!("expected a mapping of providers, got {}", other.type_name()),
            ));
        }
    };
    let mut parts = Vec::new();
    for (key, value) in entries {
        let Some(spec) = specs.iter().find(|s| s.key == key.value) else {
            let known: Vec<&str> = specs.iter().map(|s| s.key).collect();
            return Err(at.fail(
                key.referenced.line(),
                &key.value,
                format!("unknown provider; expected one of: {}", known.join(", ")),
            ));
        };
        if parts.iter().any(|p: &ProviderPart| p.spec.key == spec.key) {
            return Err(at.fail(key.referenced.line(), spec.key, "given twice"));
        }
        let mut managed = BTreeSet::new();
        let line = key.referenced.line() as usize;
        let items = kinds(&at, spec.kinds, value, spec.key, "", &mut managed)?;
        parts.push(ProviderPart {
            spec,
            managed,
            line,
            items,
        });
    }
    Ok(Desired { parts })
}

/// The kinds under a provider or a resource: a mapping of kind keys to lists.
fn kinds(
    at: &At,
    specs: &'static [Kind],
    value: Spanned<Raw>,
    path: &str,
    prefix: &str,
    managed: &mut BTreeSet<String>,
) -> Result<Vec<Item>> {
    let line = value.referenced.line();
    let entries = match value.value {
        Raw::Map(entries) => entries,
        Raw::Null => Vec::new(),
        other => {
            return Err(at.fail(
                line,
                path,
                format!("expected a mapping of kinds, got {}", other.type_name()),
            ));
        }
    };
    let mut items = Vec::new();
    for (key, list) in entries {
        let here = format!("{path}.{}", key.value);
        let Some(kind) = specs.iter().find(|k| k.key == key.value) else {
            let known: Vec<&str> = specs.iter().map(|k| k.key).collect();
            return Err(at.fail(
                key.referenced.line(),
                &here,
                format!("unknown kind; expected one of: {}", known.join(", ")),
            ));
        };
        managed.insert(format!("{prefix}{}", kind.key));
        let of_kind = resources(at, kind, list, &here, prefix, managed)?;
        items.extend(of_kind);
    }
    Ok(items)
}

/// A list of resources of `kind`; two with one identity is an error.
fn resources(
    at: &At,
    kind: &'static Kind,
    list: Spanned<Raw>,
    path: &str,
    prefix: &str,
    managed: &mut BTreeSet<String>,
) -> Result<Vec<Item>> {
    let line = list.referenced.line();
    let entries = match list.value {
        Raw::Seq(entries) => entries,
        Raw::Null => Vec::new(),
        other => {
            return Err(at.fail(
                line,
                path,
                format!(
                    "expected a list of {}s, got {}",
                    kind.what,
                    other.type_name()
                ),
            ));
        }
    };
    let mut items: Vec<Item> = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let here = format!("{path}[{i}]");
        let item = resource(at, kind, entry, &here, prefix, managed)?;
        if let Some(first) = items.iter().find(|o| o.ident == item.ident) {
            return Err(at.fail(
                item.line as u64,
                &here,
                format!(
                    "a second {} `{}` (the first is on line {})",
                    kind.what, item.ident, first.line
                ),
            ));
        }
        items.push(item);
    }
    Ok(items)
}

/// One resource: its fields, then its nested kinds.
fn resource(
    at: &At,
    kind: &'static Kind,
    entry: Spanned<Raw>,
    path: &str,
    prefix: &str,
    managed: &mut BTreeSet<String>,
) -> Result<Item> {
    let line = entry.referenced.line();
    let Raw::Map(entries) = entry.value else {
        return Err(at.fail(
            line,
            path,
            format!("expected a mapping, got {}", entry.value.type_name()),
        ));
    };
    let mut fields = BTreeMap::new();
    let mut children = Vec::new();
    let mut named = BTreeSet::new();
    for (key, value) in entries {
        let here = format!("{path}.{}", key.value);
        if let Some(child) = kind.children.iter().find(|k| k.key == key.value) {
            let nested = format!("{prefix}{}/", kind.key);
            managed.insert(format!("{nested}{}", child.key));
            named.insert(child.key);
            children.extend(resources(at, child, value, &here, &nested, managed)?);
            continue;
        }
        let Some(field) = kind.field(&key.value) else {
            let mut known: Vec<&str> = kind.fields.iter().map(|f| f.name).collect();
            known.extend(kind.children.iter().map(|k| k.key));
            return Err(at.fail(
                key.referenced.line(),
                &here,
                format!("unknown field; expected one of: {}", known.join(", ")),
            ));
        };
        if fields.contains_key(field.name) {
            return Err(at.fail(key.referenced.line(), &here, "given twice"));
        }
        let typed = typed(at, field, value, &here)?;
        fields.insert(field.name, typed);
    }
    for field in kind.fields.iter().filter(|f| f.required) {
        if !fields.contains_key(field.name) {
            return Err(at.fail(
                line,
                path,
                format!("a {} needs `{}`", kind.what, field.name),
            ));
        }
    }
    let ident = ident_of(kind.identity, |f| fields.get(f).cloned());
    Ok(Item {
        kind,
        ident,
        fields,
        line: line as usize,
        children,
        named,
    })
}

/// A field's value, checked against its type; `${env:VAR}` is read (a secret whose variable is
/// not set stays a placeholder, needed only when it is sent).
fn typed(at: &At, field: &crate::desired::Field, value: Spanned<Raw>, path: &str) -> Result<Value> {
    let line = value.referenced.line();
    let raw = match value.value {
        Raw::Str(text) => match placeholder(&text) {
            Some(var) => match (at.env)(var) {
                Some(v) => Raw::Str(v),
                None if field.secret => return Ok(json!(text)),
                None => {
                    return Err(at.fail(line, path, format!("the variable {var} is not set")));
                }
            },
            None => Raw::Str(text),
        },
        other => other,
    };
    let shown = |raw: &Raw| match raw {
        _ if field.secret => crate::desired::MASK.to_string(),
        Raw::Str(s) => format!("`{s}`"),
        Raw::Int(n) => n.to_string(),
        other => other.type_name().to_string(),
    };
    let wrong = |expected: String| {
        at.fail(
            line,
            path,
            format!("expected {expected}, got {}", shown(&raw)),
        )
    };
    match (field.ty, &raw) {
        (Type::Text | Type::Ref(_), Raw::Str(s)) if !s.is_empty() => Ok(json!(s)),
        (Type::Text | Type::Ref(_), Raw::Int(n)) => Ok(json!(n.to_string())),
        (Type::Text | Type::Ref(_), _) => Err(wrong("a non-empty string".into())),
        (Type::Integer { min, max }, _) => match integer(&raw) {
            Some(n) if (min..=max).contains(&n) => Ok(json!(n)),
            _ => Err(wrong(format!("an integer from {min} to {max}"))),
        },
        (Type::Among(allowed), _) => match integer(&raw) {
            Some(n) if allowed.contains(&n) => Ok(json!(n)),
            _ => {
                let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
                Err(wrong(format!("one of {}", list.join(", "))))
            }
        },
        (Type::OneOf(allowed), Raw::Str(s)) if allowed.contains(&s.as_str()) => Ok(json!(s)),
        (Type::OneOf(allowed), _) => Err(wrong(format!("one of {}", allowed.join(", ")))),
        (Type::Flag, Raw::Bool(b)) => Ok(json!(b)),
        (Type::Flag, _) => Err(wrong("true or false".into())),
        (Type::Texts, Raw::Str(s)) if !s.is_empty() => Ok(json!([s])),
        (Type::Texts, Raw::Seq(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match &item.value {
                    Raw::Str(s) if !s.is_empty() => out.push(json!(s)),
                    Raw::Int(n) => out.push(json!(n.to_string())),
                    other => {
                        return Err(at.fail(
                            item.referenced.line(),
                            &format!("{path}[{i}]"),
                            format!("expected a non-empty string, got {}", other.type_name()),
                        ));
                    }
                }
            }
            Ok(Value::Array(out))
        }
        (Type::Texts, _) => Err(wrong("a list of strings".into())),
    }
}

/// An integer, also written as a string of digits (`"100"`).
fn integer(raw: &Raw) -> Option<i64> {
    match raw {
        Raw::Int(n) => Some(*n),
        Raw::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}
