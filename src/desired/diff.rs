//! The difference between a file and what exists: per resource `create`, `update` (the fields
//! that change, old → new), `replace` (a field the provider cannot update changed: delete then
//! create, an outage), `delete` (only with `--prune`, only kinds the file manages) or nothing;
//! and the order that respects what depends on what (the waits between top-level resources and
//! the sort are [`super::order`]'s).
//!
//! Only the fields the file gives are compared (a field left out is not managed), secrets never
//! (providers do not show them back). Each change lists the changes it must wait for
//! ([`Change::after`]): its parent's create, the change of a resource it names
//! ([`crate::desired::Type::Ref`]), and the creates of its siblings of the kinds listed before
//! its own ([`crate::desired::Kind::children`] is the order they are made in); [`Plan::changes`]
//! is sorted so that each comes after those, creates and updates parents first, deletes children
//! first, a named resource after those that name it, and last of all, so that independent
//! changes can run concurrently and a failure stops only what depends on it.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::order::{link_deleted_refs, link_refs, ordered, unnaming};
use crate::desired::{Item, Kind, Live, MASK, Mutable, ProviderPart, Type, scalar_text};
use crate::error::{Error, Result};
use crate::provider::ProviderName;

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Make it.
    Create,
    /// Change fields in place.
    Update,
    /// Delete, then create: the provider cannot update what changed (an outage).
    Replace,
    /// Delete it (`--prune`).
    Delete,
}

impl Action {
    /// Its word (`create`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
        }
    }
}

/// A resource above a change: its kind's key, identity and id (none until it is made).
#[derive(Debug, Clone, PartialEq)]
pub struct Parent {
    /// Its kind's key.
    pub key: &'static str,
    /// Its identity.
    pub ident: String,
    /// Its id, when it exists.
    pub id: Option<String>,
}

/// One change of a plan.
#[derive(Debug, Clone)]
pub struct Change {
    /// What it does.
    pub action: Action,
    /// Whose resource.
    pub provider: ProviderName,
    /// The kind.
    pub kind: &'static Kind,
    /// The resource's identity (its name, or its place).
    pub name: String,
    /// Its id, when it exists.
    pub id: Option<String>,
    /// The fields that change, old → new (a create: every field given; a delete: none).
    pub fields: BTreeMap<&'static str, (Value, Value)>,
    /// What the file asks for (a delete: nothing).
    pub want: BTreeMap<&'static str, Value>,
    /// The resources it is nested in, outermost first.
    pub parents: Vec<Parent>,
    /// The changes (indexes in [`Plan::changes`]) it waits for.
    pub after: Vec<usize>,
    /// The file's line (a delete: none).
    pub line: Option<usize>,
}

impl Change {
    /// Its name with what it is nested in (`cc-paris / vpc-lyon`): how plans, progress lines
    /// and summaries name it, so that a nested resource named by its place (`5`) is not
    /// ambiguous.
    pub fn path(&self) -> String {
        let mut names: Vec<&str> = self.parents.iter().map(|p| p.ident.as_str()).collect();
        names.push(&self.name);
        names.join(" / ")
    }

    /// As `plan -o json` shows it: secrets masked.
    pub fn to_json(&self) -> Value {
        let fields: serde_json::Map<String, Value> = self
            .fields
            .iter()
            .map(|(name, (from, to))| {
                let secret = self.kind.field(name).is_some_and(|f| f.secret);
                let show = |v: &Value| {
                    if secret && !v.is_null() {
                        json!(MASK)
                    } else {
                        v.clone()
                    }
                };
                (
                    name.to_string(),
                    json!({"from": show(from), "to": show(to)}),
                )
            })
            .collect();
        json!({
            "action": self.action.as_str(),
            "provider": self.provider.id(),
            "kind": self.kind.what,
            "name": self.path(),
            "id": self.id,
            "fields": fields,
        })
    }
}

/// The changes, in an order that respects [`Change::after`], and how many resources are
/// already as the file says.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Create, update, replace and delete only.
    pub changes: Vec<Change>,
    /// Resources of the file that need nothing.
    pub unchanged: usize,
}

impl Plan {
    /// How many changes have `action`.
    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }

    /// `plan -o json`: `{"changes", "summary"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "changes": self.changes.iter().map(Change::to_json).collect::<Vec<_>>(),
            "summary": {
                "create": self.count(Action::Create),
                "update": self.count(Action::Update),
                "replace": self.count(Action::Replace),
                "delete": self.count(Action::Delete),
                "unchanged": self.unchanged,
            },
        })
    }

    /// Adds another provider's plan after this one's.
    pub fn extend(&mut self, other: Plan) {
        let base = self.changes.len();
        self.changes.extend(other.changes.into_iter().map(|mut c| {
            c.after.iter_mut().for_each(|i| *i += base);
            c
        }));
        self.unchanged += other.unchanged;
    }
}

/// Walks a file against what exists, collecting changes.
struct Walk<'a> {
    part: &'a ProviderPart,
    file: &'a str,
    prune: bool,
    changes: Vec<Change>,
    deletes: Vec<Change>,
    /// Per delete, the top-level resources it names (kind key, name or id): deleted after it.
    names: Vec<Vec<(&'static str, String)>>,
    unchanged: usize,
}

/// The plan of one provider's part of a file (`file` names it in errors) against `live`.
pub fn plan(part: &ProviderPart, live: &[Live], prune: bool, file: &str) -> Result<Plan> {
    check_refs(part, live, file)?;
    let mut walk = Walk {
        part,
        file,
        prune,
        changes: Vec::new(),
        deletes: Vec::new(),
        names: Vec::new(),
        unchanged: 0,
    };
    walk.level(&part.items, Some(live), &[], "", None, None)?;
    let mut changes = walk.changes;
    link_refs(&mut changes);
    let mut changes = ordered(changes);
    let base = changes.len();
    let mut deletes = walk.deletes;
    link_deleted_refs(&mut deletes, &walk.names);
    // A delete waits for the deletes of what is nested in it and of what names it.
    for d in ordered(deletes) {
        let mut after: Vec<usize> = d.after.iter().map(|j| base + j).collect();
        after.extend(unnaming(&changes[..base], &d));
        changes.push(Change { after, ..d });
    }
    Ok(Plan {
        changes,
        unchanged: walk.unchanged,
    })
}

impl Walk<'_> {
    /// The items of one level against the live resources there (`None`: their parent is being
    /// made, so nothing exists below it); `parent` is the change that makes the parent, if any;
    /// `within` is the parent as the file gives it (`None` at the top): with `--prune`, a kind is
    /// pruned below a resource only where that resource names it, so that a resource written
    /// without its nested list leaves what is nested in it alone.
    fn level(
        &mut self,
        items: &[Item],
        live: Option<&[Live]>,
        parents: &[Parent],
        prefix: &str,
        parent: Option<usize>,
        within: Option<&Item>,
    ) -> Result<()> {
        let have = live.unwrap_or_default();
        let mut made = Vec::new();
        for item in items {
            let found = have
                .iter()
                .find(|l| l.kind == item.kind.key && l.ident == item.ident);
            let at = self.changes.len();
            self.item(item, found, parents, prefix, parent)?;
            if self.changes.len() > at && self.changes[at].parents.len() == parents.len() {
                made.push(at);
            }
        }
        if !parents.is_empty() {
            self.siblings_in_kind_order(&made, prefix);
        }
        if !self.prune {
            return Ok(());
        }
        for l in have {
            let Some(kind) = self.kind_at(prefix, l.kind) else {
                continue;
            };
            let path = format!("{prefix}{}", kind.key);
            let named = items
                .iter()
                .any(|i| i.kind.key == l.kind && i.ident == l.ident);
            let listed = match within {
                Some(item) => item.named.contains(kind.key),
                None => self.part.managed.contains(&path),
            };
            if !named && kind.managed && listed {
                self.delete(kind, l, parents, &format!("{path}/"));
            }
        }
        Ok(())
    }

    /// Among the changes `made` of resources nested in one parent (at the level `prefix`), the
    /// create or replace of a resource waits for the creates and replaces of its siblings of the
    /// kinds listed before its own ([`Kind::children`] is the order they are made in: a link
    /// between two members is made after the members).
    fn siblings_in_kind_order(&mut self, made: &[usize], prefix: &str) {
        let kinds = self.kinds_at(prefix);
        let rank = |c: &Change| kinds.iter().position(|k| k.key == c.kind.key);
        let makes = |c: &Change| matches!(c.action, Action::Create | Action::Replace);
        for &i in made {
            if !makes(&self.changes[i]) {
                continue;
            }
            let mine = rank(&self.changes[i]);
            let before: Vec<usize> = made
                .iter()
                .copied()
                .filter(|&j| makes(&self.changes[j]) && rank(&self.changes[j]) < mine)
                .collect();
            self.changes[i].after.extend(before);
        }
    }

    /// The kinds at the level `prefix` (`cloud_connections/`): none for a level the spec lacks.
    fn kinds_at(&self, prefix: &str) -> &'static [Kind] {
        let mut kinds: &'static [Kind] = self.part.spec.kinds;
        for step in prefix.split('/').filter(|s| !s.is_empty()) {
            kinds = kinds
                .iter()
                .find(|k| k.key == step)
                .map_or(&[], |k| k.children);
        }
        kinds
    }

    /// The kind with `key` at the level `prefix` (`cloud_connections/`).
    fn kind_at(&self, prefix: &str, key: &str) -> Option<&'static Kind> {
        self.kinds_at(prefix).iter().find(|k| k.key == key)
    }

    fn item(
        &mut self,
        item: &Item,
        found: Option<&Live>,
        parents: &[Parent],
        prefix: &str,
        parent: Option<usize>,
    ) -> Result<()> {
        let kind = item.kind;
        let nested = format!("{prefix}{}/", kind.key);
        let Some(l) = found else {
            if !kind.managed {
                return Err(Error::usage(format!(
                    "{}:{}: {} `{}` does not exist, and cc cannot create one",
                    self.file, item.line, kind.what, item.ident
                ))
                .hint("order it first; the file may only describe one that exists"));
            }
            let fields = item
                .fields
                .iter()
                .filter(|(name, _)| !kind.identity.contains(name))
                .map(|(name, v)| (*name, (Value::Null, v.clone())))
                .collect();
            let at = self.push(Action::Create, item, None, fields, parents, parent);
            let me = self.me(item, None, parents);
            return self.level(&item.children, None, &me, &nested, Some(at), Some(item));
        };
        let differ = differences(item, l);
        let replace = differ
            .keys()
            .any(|f| kind.field(f).is_some_and(|f| f.change == Mutable::Replace));
        if differ.is_empty() {
            self.unchanged += 1;
        } else {
            let action = if replace {
                Action::Replace
            } else {
                Action::Update
            };
            let at = self.push(action, item, Some(&l.id), differ, parents, parent);
            if replace {
                // What was nested in it goes with it, and is made again after it, under the new
                // one: its id is not known until then (the old one's is gone).
                let me = self.me(item, None, parents);
                return self.level(&item.children, None, &me, &nested, Some(at), Some(item));
            }
        }
        let me = self.me(item, Some(&l.id), parents);
        self.level(
            &item.children,
            Some(&l.children),
            &me,
            &nested,
            parent,
            Some(item),
        )
    }

    /// `parents` with `item` (whose id is `id`, when it exists) added.
    fn me(&self, item: &Item, id: Option<&String>, parents: &[Parent]) -> Vec<Parent> {
        let mut me = parents.to_vec();
        me.push(Parent {
            key: item.kind.key,
            ident: item.ident.clone(),
            id: id.cloned(),
        });
        me
    }

    fn push(
        &mut self,
        action: Action,
        item: &Item,
        id: Option<&String>,
        fields: BTreeMap<&'static str, (Value, Value)>,
        parents: &[Parent],
        parent: Option<usize>,
    ) -> usize {
        self.changes.push(Change {
            action,
            provider: self.part.spec.provider,
            kind: item.kind,
            name: item.ident.clone(),
            id: id.cloned(),
            fields,
            want: item.fields.clone(),
            parents: parents.to_vec(),
            after: parent.into_iter().collect(),
            line: Some(item.line),
        });
        self.changes.len() - 1
    }

    /// A delete of `l`, after deletes of everything nested in it (children first).
    fn delete(&mut self, kind: &'static Kind, l: &Live, parents: &[Parent], nested: &str) {
        let mut me = parents.to_vec();
        me.push(Parent {
            key: kind.key,
            ident: l.ident.clone(),
            id: Some(l.id.clone()),
        });
        let mut after = Vec::new();
        for child in &l.children {
            if let Some(k) = self.kind_at(nested, child.kind) {
                self.delete(k, child, &me, &format!("{nested}{}/", k.key));
                after.push(self.deletes.len() - 1);
            }
        }
        let names = kind
            .fields
            .iter()
            .filter_map(|f| match f.ty {
                Type::Ref(target) => Some((target, f.name)),
                _ => None,
            })
            .flat_map(|(target, field)| {
                let values = l.fields.get(field).into_iter();
                let aliases = l.aliases.get(field).into_iter().flatten();
                values.chain(aliases).map(move |v| (target, scalar_text(v)))
            })
            .collect();
        self.names.push(names);
        self.deletes.push(Change {
            action: Action::Delete,
            provider: self.part.spec.provider,
            kind,
            name: l.ident.clone(),
            id: Some(l.id.clone()),
            fields: BTreeMap::new(),
            want: BTreeMap::new(),
            parents: parents.to_vec(),
            after,
            line: None,
        });
    }
}

/// The fields the file gives that differ from what exists (identity and secrets excepted).
fn differences(item: &Item, l: &Live) -> BTreeMap<&'static str, (Value, Value)> {
    let mut out = BTreeMap::new();
    for (name, want) in &item.fields {
        let Some(field) = item.kind.field(name) else {
            continue;
        };
        if field.secret || item.kind.identity.contains(name) {
            continue;
        }
        let have = l.fields.get(*name);
        let aliases = l.aliases.get(*name).map(Vec::as_slice).unwrap_or_default();
        let same = match have {
            Some(have) => same(want, have) || aliases.iter().any(|a| same(want, a)),
            // A flag left unset is false; anything else missing differs.
            None => *want == json!(false),
        };
        if !same {
            out.insert(*name, (have.cloned().unwrap_or(Value::Null), want.clone()));
        }
    }
    out
}

/// Whether two values are the same: scalars by their text (`100` and `"100"`), lists as sets.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            let mut x: Vec<String> = x.iter().map(scalar_text).collect();
            let mut y: Vec<String> = y.iter().map(scalar_text).collect();
            x.sort();
            y.sort();
            x == y
        }
        (Value::Array(_), _) | (_, Value::Array(_)) => false,
        _ => scalar_text(a) == scalar_text(b),
    }
}

/// Every reference by name names a top-level resource of the file or one that exists.
fn check_refs(part: &ProviderPart, live: &[Live], file: &str) -> Result<()> {
    fn walk(items: &[Item], part: &ProviderPart, live: &[Live], file: &str) -> Result<()> {
        for item in items {
            for (name, value) in &item.fields {
                let Some(Type::Ref(target)) = item.kind.field(name).map(|f| f.ty) else {
                    continue;
                };
                let text = scalar_text(value);
                let in_file = part
                    .items
                    .iter()
                    .any(|i| i.kind.key == target && i.ident == text);
                let exists = live
                    .iter()
                    .any(|l| l.kind == target && (l.ident == text || l.id == text));
                if !in_file && !exists {
                    return Err(Error::usage(format!(
                        "{file}:{}: {} `{}`: `{name}` names `{text}`, which is neither in the file ({}.{target}) nor existing",
                        item.line, item.kind.what, item.ident, part.spec.key
                    )));
                }
            }
            walk(&item.children, part, live, file)?;
        }
        Ok(())
    }
    walk(&part.items, part, live, file)
}
