//! What exists, written as a desired-state file (`cc export`): per provider, per kind, each
//! resource's fields in the file's names, nested as the file nests them, read-only fields (ids,
//! states) left out and secrets written as `${env:VAR}` placeholders, so that `cc plan -f` of
//! it changes nothing.

use serde_json::{Map, Value, json};

use crate::desired::{Kind, Live, Spec};

/// The part of a file for `spec`, from `live`.
pub fn export(spec: &Spec, live: &[Live]) -> Value {
    level(spec.kinds, live, spec.key)
}

/// One level: each kind that has resources here, as a list.
fn level(kinds: &[Kind], live: &[Live], prefix: &str) -> Value {
    let mut out = Map::new();
    for kind in kinds {
        let items: Vec<Value> = live
            .iter()
            .filter(|l| l.kind == kind.key)
            .map(|l| resource(kind, l, prefix))
            .collect();
        if !items.is_empty() {
            out.insert(kind.key.to_string(), Value::Array(items));
        }
    }
    Value::Object(out)
}

/// One resource: its fields in the kind's order, a placeholder for each required secret and
/// each optional one the provider says is set (its value never read), then its nested kinds.
fn resource(kind: &Kind, l: &Live, prefix: &str) -> Value {
    let mut out = Map::new();
    for field in kind.fields {
        if field.secret {
            if field.required || l.fields.contains_key(field.name) {
                let var = variable(&[prefix, &l.ident, field.name]);
                out.insert(field.name.into(), json!(format!("${{env:{var}}}")));
            }
            continue;
        }
        if let Some(value) = l.fields.get(field.name) {
            out.insert(field.name.into(), value.clone());
        }
    }
    if let Value::Object(children) =
        level(kind.children, &l.children, &format!("{prefix}_{}", l.ident))
    {
        out.extend(children);
    }
    Value::Object(out)
}

/// An environment variable's name from words: upper case, anything else `_`.
fn variable(words: &[&str]) -> String {
    let joined = words.join("_");
    let mut name: String = joined
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    while name.contains("__") {
        name = name.replace("__", "_");
    }
    name.trim_matches('_').to_string()
}
