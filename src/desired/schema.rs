//! The JSON Schema of the desired-state format (`cc plan --schema`), written from the same
//! [`Spec`]s the reader checks against, so that what an editor completes and what `cc` accepts
//! are one description.

use serde_json::{Map, Value, json};

use crate::desired::{Field, Kind, Spec, Type};

/// The schema of a file holding any of `specs`.
pub fn schema(specs: &[&Spec]) -> Value {
    let providers: Map<String, Value> = specs
        .iter()
        .map(|s| (s.key.to_string(), kinds(s.kinds, s.provider.id())))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cc desired-state file",
        "description": "What should exist, per provider: `cc plan -f FILE` shows the difference, `cc apply -f FILE` makes it so. Any string may be `${env:VAR}`.",
        "type": "object",
        "additionalProperties": false,
        "properties": providers,
    })
}

/// A mapping of kind keys to lists of resources.
fn kinds(kinds: &[Kind], whose: &str) -> Value {
    let props: Map<String, Value> = kinds
        .iter()
        .map(|k| {
            let list = json!({
                "description": format!("{whose}: {}s", k.what),
                "type": "array",
                "items": kind(k, whose),
            });
            (k.key.to_string(), list)
        })
        .collect();
    json!({"type": "object", "additionalProperties": false, "properties": props})
}

/// One resource of `k`: its fields and its nested kinds.
fn kind(k: &Kind, whose: &str) -> Value {
    let mut props: Map<String, Value> = k
        .fields
        .iter()
        .map(|f| (f.name.to_string(), field(f)))
        .collect();
    for child in k.children {
        let list = json!({
            "description": format!("{whose}: the {}s of this {}", child.what, k.what),
            "type": "array",
            "items": kind(child, whose),
        });
        props.insert(child.key.to_string(), list);
    }
    let required: Vec<&str> = k
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": props,
    })
}

/// A field's schema: its type, and its help with what changing it takes.
fn field(f: &Field) -> Value {
    let env = json!({"type": "string", "pattern": "^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}$"});
    let mut schema = match f.ty {
        Type::Text | Type::Ref(_) => json!({"type": "string", "minLength": 1}),
        Type::Integer { min, max } => {
            json!({"anyOf": [{"type": "integer", "minimum": min, "maximum": max}, env]})
        }
        Type::Among(values) => json!({"anyOf": [{"enum": values}, env]}),
        Type::OneOf(values) => json!({"enum": values}),
        Type::Flag => json!({"type": "boolean"}),
        Type::Texts => json!({
            "anyOf": [
                {"type": "array", "items": {"type": "string", "minLength": 1}},
                {"type": "string", "minLength": 1}
            ]
        }),
    };
    let mut help = f.help.to_string();
    if let Type::Ref(target) = f.ty {
        help.push_str(&format!(" (the name of one of `{target}`)"));
    }
    if f.change == crate::desired::Mutable::Replace {
        help.push_str("; changing it replaces the resource (an outage)");
    }
    if f.secret {
        help.push_str("; a secret: write it as ${env:VAR}");
    }
    if let Some(map) = schema.as_object_mut() {
        map.insert("description".into(), json!(help));
    }
    schema
}
