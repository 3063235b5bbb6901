//! The rules of OVH over a whole desired-state file, taken together with what exists: the
//! checks `cc ovh pop|dc|extra create` and `cc ovh update` run before sending (the same
//! functions: `rules.rs`, `rules_span.rs`), each breach at the line of the resource that breaks
//! it, its inputs named by the file's fields.
//!
//! Why each resource is judged by what will be sent: a configuration that exists and is as the
//! file says is not sent again, so only the configurations the plan creates or replaces (and
//! everything nested in one it replaces) are checked field by field, with only the fields the
//! file gives (the create sends those). What they are checked against merges the file with what
//! exists: a POP configuration's layer is the file's; a datacenter subnet is the file's, else the
//! one it has; the extras already in a datacenter configuration count unless the file replaces
//! them, and each planned one counts for those after it (so two in the file clash as one in the
//! file and one existing do).
//!
//! The per-value checks of the commands answer a refusal, not a breach; here each becomes a
//! breach of [`FIELDS`] (or [`TYPES_APART`], [`ONE_LAYER`] for the two that judge siblings),
//! documented rules, so `--skip-rule` never lets one through, as the commands never do.

use serde_json::Value;

use super::desired::{DATACENTER_CONFIG, EXTRA, POP_CONFIG, SERVICE};
use super::desired_body::{self, DC_NAMES, EXTRA_NAMES, POP_NAMES};
use super::models::{DatacenterExtraConfig, PopConfig, PopType};
use super::{rules, rules_span};
use crate::desired::{Item, Live, Located, ProviderPart, diff::same, scalar_text};
use crate::error::Error;
use crate::rules::{Evidence, Party, Rule};

/// The fields of each configuration, as its create command checks them.
pub static FIELDS: Rule = Rule {
    name: "ovh-configuration-fields",
    says: "each POP, datacenter and extra configuration carries the fields its layer and type need, each well formed, and a service description holds no control character",
    evidence: Evidence::Documented(
        "OVHcloud Connect APIv6 guide (\"Configuration en Layer 2\", \"Configuration en Layer 3\", \"Configuration du Datacentre\", \"Option L3\") and the API schema's field descriptions, as `cc ovh pop|dc|extra create` check them before sending",
    ),
};

/// Static routes and a BGP session never share a datacenter configuration.
pub static TYPES_APART: Rule = Rule {
    name: "ovh-extra-types-apart",
    says: "a datacenter configuration holds static routes or a BGP session, never both",
    evidence: Evidence::Documented(
        "OVHcloud Connect APIv6 guide, \"Option L3 : Session BGP\": a BGP session and a static route cannot be combined in one datacenter configuration",
    ),
};

/// A service is L2 or L3 as a whole.
pub static ONE_LAYER: Rule = Rule {
    name: "ovh-one-layer-per-service",
    says: "the POP configurations of a service are all L2 or all L3",
    evidence: Evidence::Documented(
        "OVHcloud Connect APIv6 guide, \"Étape 2\": switching between L2 and L3 needs the whole configuration deleted first",
    ),
};

/// Every rule OVH checks over resources, for `--skip-rule` (the registry's list).
pub const RULES: &[&Rule] = &[
    &rules_span::ADDRESS_IN_SUBNET,
    &rules_span::USABLE_HOST,
    &rules_span::ROUTE_ONCE,
    &FIELDS,
    &TYPES_APART,
    &ONE_LAYER,
];

/// A resource of the file, what exists of it (unless its parent is replaced), and whether the
/// plan sends it (a create, or a replace).
struct Node<'a> {
    item: &'a Item,
    live: Option<&'a Live>,
    sent: bool,
}

impl<'a> Node<'a> {
    /// What exists below it, unless it is sent (then nothing below it stays).
    fn below(&self) -> Option<&'a [Live]> {
        self.live
            .filter(|_| !self.sent)
            .map(|l| l.children.as_slice())
    }

    fn get(&self, field: &str) -> Option<&'a Value> {
        self.item.fields.get(field)
    }
}

/// The items of `key` among `items`, each with what exists of it in `live`.
fn nodes<'a>(items: &'a [Item], key: &str, live: Option<&'a [Live]>) -> Vec<Node<'a>> {
    items
        .iter()
        .filter(|i| i.kind.key == key)
        .map(|item| {
            let found = live
                .unwrap_or_default()
                .iter()
                .find(|l| l.kind == key && l.ident == item.ident);
            let sent = found.is_none_or(|l| differs(item, l));
            Node {
                item,
                live: found,
                sent,
            }
        })
        .collect()
}

/// Whether a field the file gives differs from what exists (as the plan compares them).
fn differs(item: &Item, l: &Live) -> bool {
    item.fields.iter().any(|(name, want)| {
        let Some(field) = item.kind.field(name) else {
            return false;
        };
        if field.secret || item.kind.identity.contains(name) {
            return false;
        }
        let aliases = l.aliases.get(*name).map(Vec::as_slice).unwrap_or_default();
        match l.fields.get(*name) {
            Some(have) => !(same(want, have) || aliases.iter().any(|a| same(want, a))),
            None => *want != Value::Bool(false),
        }
    })
}

/// What exists of `key` in `live` and stays: not replaced by a resource of `nodes`.
fn staying<'a>(live: Option<&'a [Live]>, key: &str, nodes: &[Node]) -> Vec<&'a Live> {
    live.unwrap_or_default()
        .iter()
        .filter(|l| l.kind == key)
        .filter(|l| !nodes.iter().any(|n| n.sent && n.item.ident == l.ident))
        .collect()
}

/// The breaches of `part` with `live`.
pub fn breaches(part: &ProviderPart, live: &[Live]) -> Vec<Located> {
    let mut out = Vec::new();
    for service in nodes(&part.items, SERVICE.key, Some(live)) {
        let description = service.get("description").and_then(Value::as_str);
        if let Some(Err(e)) = description.map(rules::check_description) {
            out.push(refused(&FIELDS, e, service.item, &[], None));
        }
        pops(&service, &mut out);
    }
    out
}

/// The POP configurations of a service: each sent one's fields, and one layer for all.
fn pops(service: &Node, out: &mut Vec<Located>) {
    // A service is never sent (it is ordered), so what it holds is always there to judge.
    let live = service.live.map(|l| l.children.as_slice());
    let nodes = nodes(&service.item.children, POP_CONFIG.key, live);
    let mut before: Vec<PopConfig> = staying(live, POP_CONFIG.key, &nodes)
        .into_iter()
        .map(|l| with_id(desired_body::pop(|f| l.fields.get(f)), l, |p, id| p.id = id))
        .collect();
    for n in &nodes {
        let pop = desired_body::pop(|f| n.get(f));
        if n.sent {
            if let Err(e) = rules::check_pop(&pop) {
                out.push(refused(&FIELDS, e, n.item, POP_NAMES, None));
            }
            if let Err(e) = rules::check_layer_switch(&before, &pop.kind) {
                let other = before.iter().find(|p| p.kind != pop.kind).map(|p| {
                    let shown = format!("{} on interface {}", p.kind, p.interface_id);
                    let id = p.id.map(|id| id.to_string());
                    Party::resource(POP_CONFIG.what, None, id.as_deref(), Some(shown))
                });
                out.push(refused(&ONE_LAYER, e, n.item, POP_NAMES, other));
            }
            before.push(pop.clone());
        }
        datacenters(n, &pop.kind, out);
    }
}

/// The datacenter configurations of a POP configuration of layer `layer`.
fn datacenters(pop: &Node, layer: &PopType, out: &mut Vec<Located>) {
    let nodes = nodes(&pop.item.children, DATACENTER_CONFIG.key, pop.below());
    for n in &nodes {
        let dc = desired_body::datacenter(|f| n.get(f));
        if n.sent
            && let Err(e) = rules::check_datacenter(layer, &dc)
        {
            out.push(refused(&FIELDS, e, n.item, DC_NAMES, None));
        }
        // The subnet the extras go in: the file's, else (kept) the one it has.
        let kept = n.live.filter(|_| !n.sent);
        let subnet = dc.subnet.clone().or_else(|| {
            kept.and_then(|l| l.fields.get("subnet"))
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        let id = kept.and_then(|l| l.id.parse().ok());
        extras(n, subnet.as_deref(), id, out);
    }
}

/// The extras of a datacenter configuration whose subnet is `subnet` and id `id` (once made).
fn extras(dc: &Node, subnet: Option<&str>, id: Option<u64>, out: &mut Vec<Located>) {
    let live = dc.below();
    let nodes = nodes(&dc.item.children, EXTRA.key, live);
    let mut before: Vec<DatacenterExtraConfig> = staying(live, EXTRA.key, &nodes)
        .into_iter()
        .map(|l| {
            with_id(desired_body::extra(|f| l.fields.get(f)), l, |e, id| {
                e.id = id
            })
        })
        .collect();
    for n in nodes.iter().filter(|n| n.sent) {
        let extra = desired_body::extra(|f| n.get(f));
        if let Err(e) = rules::check_extra(&extra, subnet) {
            out.push(refused(&FIELDS, e, n.item, EXTRA_NAMES, None));
            continue; // Its values do not parse: nothing more to judge.
        }
        let at = rules_span::Datacenter {
            id,
            subnet: subnet.unwrap_or_default(),
        };
        for mut breach in rules_span::check(at, std::slice::from_ref(&extra), &before) {
            breach.naming(EXTRA_NAMES);
            out.push(Located {
                line: n.item.line,
                breach,
            });
        }
        if let Err(e) = rules::check_extra_mix(&before, &extra.kind) {
            let other = before.iter().find(|b| b.kind != extra.kind).map(|b| {
                let id = b.id.map(|id| id.to_string());
                let shown = format!("{}", b.kind);
                Party::resource(EXTRA.what, None, id.as_deref(), Some(shown))
            });
            out.push(refused(&TYPES_APART, e, n.item, EXTRA_NAMES, other));
        }
        before.push(extra);
    }
}

/// `model` with the id of `l` set by `set`.
fn with_id<T>(mut model: T, l: &Live, set: impl Fn(&mut T, Option<u64>)) -> T {
    set(&mut model, l.id.parse().ok());
    model
}

/// A refusal of the rules of one body, as a breach of `rule` at `item`'s line: its inputs named
/// by the file's fields (`names`) with the values the file gives (escaped: a value refused may
/// hold a line break), and `other` (the resource it clashes with), if any.
fn refused(
    rule: &'static Rule,
    err: Error,
    item: &Item,
    names: &[(&str, &str)],
    other: Option<Party>,
) -> Located {
    let mut err = err;
    let (fields, detail) = match err.refusal.take() {
        Some(refusal) => (refusal.fields, refusal.rule),
        None => (Vec::new(), err.message.clone()),
    };
    let mut parties: Vec<Party> = fields
        .iter()
        .map(|f| {
            let name = names
                .iter()
                .find(|(wire, _)| wire == f)
                .map_or(f.as_str(), |(_, file)| file);
            let value = item.fields.get(name).map_or("(not given)".into(), |v| {
                scalar_text(v).escape_debug().to_string()
            });
            Party::input(name, value)
        })
        .collect();
    if parties.is_empty() {
        parties.push(Party::resource(
            item.kind.what,
            Some(&item.ident),
            None,
            None,
        ));
    }
    parties.extend(other);
    Located {
        line: item.line,
        breach: rule.breach(parties, detail),
    }
}

#[cfg(test)]
mod tests;
