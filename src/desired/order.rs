//! The order a plan's changes are made in ([`super::diff::Change::after`]): what each change
//! waits for beyond its parent and its siblings (the resources it names, those that stop naming
//! what a delete deletes, those that name a deleted resource), and the sort that puts each
//! after what it waits for. Apart from the diff, which finds the changes: one job each.

use super::diff::Change;
use crate::desired::{Type, scalar_text};

/// Adds to each change the change (create, replace or update) of each top-level resource it
/// names: what it names is as the file says before it is made or changed.
pub(super) fn link_refs(changes: &mut [Change]) {
    let made: Vec<(usize, &'static str, String)> = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.parents.is_empty())
        .map(|(i, c)| (i, c.kind.key, c.name.clone()))
        .collect();
    for (i, change) in changes.iter_mut().enumerate() {
        for (name, value) in &change.want {
            let Some(Type::Ref(target)) = change.kind.field(name).map(|f| f.ty) else {
                continue;
            };
            let text = scalar_text(value);
            for (j, _, _) in made
                .iter()
                .filter(|(j, k, n)| *k == target && *n == text && *j != i)
            {
                change.after.push(*j);
            }
        }
    }
}

/// The changes (indexes) that stop naming the top-level resource `delete` deletes (a package
/// moved to another cloud connection): the delete waits for them, as a provider may refuse it.
pub(super) fn unnaming(changes: &[Change], delete: &Change) -> Vec<usize> {
    let names_it = |c: &Change| {
        c.fields.iter().any(|(f, (from, _))| {
            let text = scalar_text(from);
            c.kind.field(f).map(|f| f.ty) == Some(Type::Ref(delete.kind.key))
                && (text == delete.name || delete.id.as_deref() == Some(&text))
        })
    };
    let top = delete.parents.is_empty();
    (0..changes.len())
        .filter(|&i| top && names_it(&changes[i]))
        .collect()
}

/// Adds to the delete of each top-level resource the deletes of the resources that name it
/// (`names`, per delete): what is named goes last, as it is made first.
pub(super) fn link_deleted_refs(deletes: &mut [Change], names: &[Vec<(&'static str, String)>]) {
    for (i, delete) in deletes.iter_mut().enumerate() {
        if !delete.parents.is_empty() {
            continue;
        }
        let id = delete.id.clone().unwrap_or_default();
        let (key, ident) = (delete.kind.key, &delete.name);
        for (j, named) in names.iter().enumerate() {
            let names_me = named
                .iter()
                .any(|(k, v)| *k == key && (v == ident || *v == id));
            if j != i && names_me {
                delete.after.push(j);
            }
        }
    }
}

/// The changes sorted so that each comes after what it waits for, otherwise in their order;
/// the indexes in `after` follow. A cycle (two resources naming each other) keeps the rest in
/// file order.
pub(super) fn ordered(changes: Vec<Change>) -> Vec<Change> {
    let n = changes.len();
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = (0..n)
            .find(|&i| !placed[i] && changes[i].after.iter().all(|&j| placed[j]))
            .or_else(|| (0..n).find(|&i| !placed[i]));
        let Some(i) = next else { break };
        placed[i] = true;
        order.push(i);
    }
    let mut position = vec![0; n];
    for (at, &i) in order.iter().enumerate() {
        position[i] = at;
    }
    let mut slots: Vec<Option<Change>> = changes.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&i| slots[i].take())
        .map(|mut c| {
            c.after = c.after.iter().map(|&j| position[j]).collect();
            c.after.sort_unstable();
            c.after.dedup();
            c
        })
        .collect()
}
