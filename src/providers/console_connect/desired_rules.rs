//! Console Connect's rules over a whole file (`DesiredState::breaches`): the values of every
//! AWS and Google order ([`PARTNER_VALUES`]), the values of every
//! peering ([`super::desired_values`]), the peering rules of [`super::rules`] for each (the same
//! function `azure peering set` and the simulator run), and the port capacity rule
//! ([`super::models::Port::carries`], which `azure create` and the simulator run per order) over
//! the sum of what the file adds on each port.
//!
//! What a file adds on a port: the speed of each connection it creates there; a connection it
//! replaces frees its old speed on its old ports first (a replace deletes, then orders); one it
//! leaves as it is adds nothing (its speed is already in the port's `utilised`). The ports and
//! their free capacity come from `observe` (resources of the kind [`super::desired::PORTS`]),
//! so the check sends nothing. A port the file names that does not exist is left to the create,
//! which refuses it naming the field.
//!
//! A port is named as apply resolves it, by [`super::orders::port_named`] itself: by id, else
//! the one port of that exact name. A name several ports share is a breach of [`PORT_NAMES`] at
//! the order's line (the plan took the first port of the name, and passed a file apply refused).

use std::collections::BTreeMap;

use serde_json::Value;

use super::desired::{AWS, GOOGLE, PEERINGS, PORTS};
use super::desired_observe::PEERING_KEYS;
use super::desired_values::peering_body;
use super::models::{self, Capacity, PeeringType, Port, PortStatus, Speed};
use super::{orders, rules};
use crate::desired::{Item, Live, Located, MASK, ProviderPart, placeholder, scalar_text};
use crate::rules::{Breach, Evidence, Party, Rule};

/// The body field each breach of [`rules::check`] names, and the file's name for it.
fn file_names() -> Vec<(&'static str, &'static str)> {
    let mut names: Vec<(&str, &str)> = PEERING_KEYS.iter().map(|(f, k)| (*k, *f)).collect();
    names.push((rules::TYPE, "type"));
    names
}

/// A port an order of the file names by name is the one port of that name, as `cc apply`
/// resolves it ([`orders::port_named`], as every create does): a name several ports share names
/// none, and the plan says so at the order's line rather than pass a file apply refuses.
pub static PORT_NAMES: Rule = Rule {
    name: "console-connect-port-names",
    says: "a port a file names by name is the one port of that name (a name two ports share names neither: give the id)",
    evidence: Evidence::Documented(
        "the Console Connect API reference: an order names its source ports by id (`srcPort[].portId`); `cc` takes an exact name for an id only where one port has it, as every create and apply do",
    ),
};

/// Each AWS and Google order of a desired-state file carries values its partner takes (checked
/// as `aws create` and `google create` check their flags, and as the simulator checks the
/// order, by the same functions of [`super::models`]).
pub static PARTNER_VALUES: Rule = Rule {
    name: "console-connect-partner-values",
    says: "an AWS hosted connection names a 12-digit AWS account; a Google partner interconnect takes two distinct ports and two distinct pairing keys of its region, one per edge availability domain",
    evidence: Evidence::Documented(
        "AWS \"Your AWS account ID\" (12 digits); the Console Connect API reference, Google Cloud Engine: two destination ports and two pairing keys are mandatory; Google Cloud \"Partner Interconnect terminology\": a pairing key is <key>/<region>/<edge availability domain>",
    ),
};

/// Every breach of the file's part `part` with what exists (`live`).
pub fn breaches(part: &ProviderPart, live: &[Live]) -> Vec<Located> {
    let mut out = peering_breaches(&part.items);
    let ports: Vec<Port> = live.iter().filter(|l| l.kind == PORTS).map(port).collect();
    let ports: Vec<&Port> = ports.iter().collect();
    out.extend(part.items.iter().filter_map(|item| {
        let breach = port_name_breach(item, &ports).or_else(|| partner_breach(item, &ports))?;
        Some(Located {
            line: item.line,
            breach,
        })
    }));
    out.extend(capacity_breaches(&part.items, live, &ports));
    out
}

/// The texts of a list field (a scalar is a list of one).
fn texts(item: &Item, field: &str) -> Vec<String> {
    match item.fields.get(field) {
        Some(Value::Array(items)) => items.iter().map(scalar_text).collect(),
        Some(other) => vec![scalar_text(other)],
        None => Vec::new(),
    }
}

/// The pairing keys of a Google order: each item, or the items of one value holding both
/// (a variable may, separated by a comma or spaces); a placeholder left unset stays one.
pub fn pairing_keys(given: &[String]) -> Vec<String> {
    given
        .iter()
        .flat_map(|k| k.split([',', ' ', '\n', '\t']))
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// The breach of [`PARTNER_VALUES`] by an AWS or Google order of the file, if any; a secret is
/// never shown (a pairing key is masked, and one whose variable is not set is left to apply).
fn partner_breach(item: &Item, ports: &[&Port]) -> Option<Breach> {
    let input = |field: &str, value: &str| vec![Party::input(field, value)];
    match item.kind.key {
        AWS => {
            let account = texts(item, "aws_account").concat();
            let why = models::aws_account(&account).err()?;
            Some(PARTNER_VALUES.breach(input("aws_account", &account), why))
        }
        GOOGLE => {
            let given = texts(item, "port");
            let ids = port_ids(item.fields.get("port"), ports);
            let why = match given.as_slice() {
                [a, b] if a == b || (ids.len() == 1 && port_ids_each(&given, ports) == 2) => {
                    format!(
                        "both name port {}: a Google partner interconnect takes two distinct ports (redundancy is mandatory)",
                        ids.first().unwrap_or(a)
                    )
                }
                [_, _] => String::new(),
                _ => format!(
                    "a Google partner interconnect takes two distinct ports (redundancy is mandatory), {} given",
                    given.len()
                ),
            };
            if !why.is_empty() {
                return Some(PARTNER_VALUES.breach(input("port", &given.join(", ")), why));
            }
            let keys = pairing_keys(&texts(item, "pairing_key"));
            if keys.iter().any(|k| placeholder(k).is_some()) {
                return None;
            }
            let region = texts(item, "region").concat();
            let mut why = models::google_pairing_keys(&keys, &region, "region").err()?;
            for key in &keys {
                why = why.replace(key.as_str(), MASK);
            }
            Some(PARTNER_VALUES.breach(input("pairing_key", MASK), why))
        }
        _ => None,
    }
}

/// The peering rules, for each peering of each connection of the file.
fn peering_breaches(items: &[Item]) -> Vec<Located> {
    let names = file_names();
    let mut out = Vec::new();
    for peering in items
        .iter()
        .flat_map(|c| &c.children)
        .filter(|p| p.kind.key == PEERINGS)
    {
        let text = |f: &str| peering.fields.get(f).map(scalar_text).unwrap_or_default();
        let Some(kind) = PeeringType::parse(&text("type")) else {
            continue;
        };
        if let Err(refused) = peering_body(kind, &peering.fields) {
            out.push(Located {
                line: peering.line,
                breach: refused.breach(),
            });
            continue;
        }
        let prefixes: Vec<String> = peering
            .fields
            .get("advertised_prefix")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(scalar_text).collect())
            .unwrap_or_default();
        let asn = peering.fields.get("peer_asn").and_then(Value::as_u64);
        let (primary, secondary) = (text("primary_subnet"), text("secondary_subnet"));
        let planned = rules::Planned {
            kind,
            peer_asn: asn.and_then(|a| u32::try_from(a).ok()).unwrap_or_default(),
            primary: &primary,
            secondary: &secondary,
            prefixes: &prefixes,
        };
        for mut breach in rules::check(&[planned]) {
            breach.naming(&names);
            out.push(Located {
                line: peering.line,
                breach,
            });
        }
    }
    out
}

/// A port as `observe` read it.
fn port(l: &Live) -> Port {
    let text = |f: &str| l.fields.get(f).map(scalar_text).unwrap_or_default();
    Port {
        id: l.id.clone(),
        name: text("name"),
        status: PortStatus::parse(&text("status")),
        speed: l
            .fields
            .get("line_rate")
            .and_then(Value::as_f64)
            .map(Speed::Mbps),
        capacity: Some(Capacity {
            remaining: l.fields.get("free").and_then(Value::as_f64),
        }),
    }
}

/// The values of `spelled` (one or a list), as texts.
fn spelled_texts(spelled: Option<&Value>) -> Vec<String> {
    match spelled {
        Some(Value::Array(items)) => items.iter().map(scalar_text).collect(),
        Some(one) => vec![scalar_text(one)],
        None => Vec::new(),
    }
}

/// The ids of the ports `spelled` names (ids or names, one or a list), resolved as the orders
/// resolve them ([`orders::port_named`]); a name no port has, or several have, is left out
/// (the first is the create's to refuse, the second [`PORT_NAMES`]'s).
fn port_ids(spelled: Option<&Value>, ports: &[&Port]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for want in spelled_texts(spelled) {
        if let Ok(p) = orders::port_named(ports, &want)
            && !ids.contains(&p.id)
        {
            ids.push(p.id.clone());
        }
    }
    ids
}

/// How many of `spelled` name a port that exists.
fn port_ids_each(spelled: &[String], ports: &[&Port]) -> usize {
    spelled
        .iter()
        .filter(|s| orders::port_named(ports, s).is_ok())
        .count()
}

/// The breach of [`PORT_NAMES`] by an order of the file naming a port by a name several ports
/// have: the refusal `cc apply` would answer, at the order's line.
fn port_name_breach(item: &Item, ports: &[&Port]) -> Option<Breach> {
    spelled_texts(item.fields.get("port"))
        .iter()
        .find_map(|want| {
            let err = orders::port_named(ports, want).err()?;
            let refusal = err.refusal.as_ref().filter(|_| err.exit_code() == 2)?;
            Some((want.clone(), refusal.rule.clone()))
        })
        .map(|(want, why)| PORT_NAMES.breach(vec![Party::input("port", want)], why))
}

/// What the file adds on one port: Mbps (a replace frees its old speed first) and the
/// connections that add it (what, name, speed, line).
#[derive(Default)]
struct Load {
    mbps: i64,
    by: Vec<(&'static str, String, i64, usize)>,
}

/// The port capacity rule: per port, the sum of what the file adds fits its free capacity.
fn capacity_breaches(items: &[Item], live: &[Live], ports: &[&Port]) -> Vec<Located> {
    let mut loads: BTreeMap<String, Load> = BTreeMap::new();
    for item in items {
        let speed = item
            .fields
            .get("speed")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let wanted = port_ids(item.fields.get("port"), ports);
        let existing = live
            .iter()
            .find(|l| l.kind == item.kind.key && l.ident == item.ident);
        if let Some(l) = existing {
            let had = port_ids(l.fields.get("port"), ports);
            let had_speed = l.fields.get("speed").and_then(Value::as_i64).unwrap_or(0);
            let mut same = had.clone();
            same.sort();
            let mut now = wanted.clone();
            now.sort();
            if same == now && had_speed == speed {
                continue;
            }
            for id in had {
                loads.entry(id).or_default().mbps -= had_speed;
            }
        }
        for id in wanted {
            let load = loads.entry(id).or_default();
            load.mbps += speed;
            load.by
                .push((item.kind.what, item.ident.clone(), speed, item.line));
        }
    }
    let mut out = Vec::new();
    for (id, load) in loads {
        let Some(port) = ports.iter().find(|p| p.id == id) else {
            continue;
        };
        let Some((_, _, _, line)) = load.by.iter().max_by_key(|by| by.3) else {
            continue;
        };
        let Err(why) = port.carries(load.mbps.max(0) as u64) else {
            continue;
        };
        let free = port.capacity.as_ref().and_then(|c| c.remaining);
        let mut parties = vec![Party::resource(
            "port",
            Some(&port.name),
            Some(&port.id),
            free.map(|f| format!("{f} Mbps free")),
        )];
        parties.extend(load.by.iter().map(|(what, name, speed, _)| {
            Party::resource(what, Some(name), None, Some(format!("speed {speed}")))
        }));
        out.push(Located {
            line: *line,
            breach: rules::PORT_CAPACITY.breach(
                parties,
                format!("the file adds {} Mbps on it: {why}", load.mbps),
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::desired::parse::parse;
    use crate::providers::console_connect::desired::{AZURE, SPEC};

    fn part(text: &str) -> ProviderPart {
        let desired = parse(text, "f.yaml", &[&SPEC], &|_| None).unwrap();
        desired.parts.into_iter().next().unwrap()
    }

    /// The seeded account as `observe` reads it: one connection of 100 Mbps on both ports.
    fn live() -> Vec<Live> {
        let port = |id: &str, name: &str, free: f64, line: u64| {
            Live::new(PORTS, id, id)
                .with("name", name)
                .with("status", "ACTIVE")
                .with("free", free)
                .with("line_rate", line)
        };
        vec![
            Live::new(AZURE, "er", "g1")
                .with("name", "er")
                .with("port", json!(["p1", "p2"]))
                .with("speed", 100),
            port("p1", "ONE", 900.0, 1000),
            port("p2", "TWO", 10000.0, 10000),
        ]
    }

    fn connection(name: &str, ports: &str, speed: u32) -> String {
        format!(
            "    - name: {name}\n      service_key: '${{env:K}}'\n      port: {ports}\n      speed: {speed}\n"
        )
    }

    fn file(connections: &[String]) -> String {
        format!(
            "console_connect:\n  azure_connections:\n{}",
            connections.concat()
        )
    }

    #[test]
    fn what_a_file_orders_on_one_port_must_fit_together() {
        let alone = file(&[connection("a", "[ONE]", 500)]);
        assert!(breaches(&part(&alone), &live()).is_empty());
        let two = file(&[
            connection("a", "[ONE]", 500),
            connection("b", "[p1, TWO]", 500),
        ]);
        let found = breaches(&part(&two), &live());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 7, "the later connection's line");
        assert_eq!(found[0].breach.rule, &rules::PORT_CAPACITY);
        let message = found[0].breach.message();
        assert!(
            message.starts_with("port `ONE` (p1) (900 Mbps free) and Azure connection `a` (speed 500) and Azure connection `b` (speed 500): the file adds 1000 Mbps on it"),
            "{message}"
        );
    }

    #[test]
    fn a_port_name_two_ports_share_is_a_breach_at_the_order_as_apply_refuses_it() {
        let mut live = live();
        live.push(
            Live::new(PORTS, "p3", "p3")
                .with("name", "ONE")
                .with("status", "ACTIVE")
                .with("free", 10000.0)
                .with("line_rate", 10000),
        );
        let text = file(&[
            connection("a", "[TWO]", 100),
            connection("b", "[ONE, TWO]", 100),
        ]);
        let found = breaches(&part(&text), &live);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].breach.rule), (7, &PORT_NAMES));
        let message = found[0].breach.message();
        assert!(
            message.starts_with("port ONE: 2 ports have that name; pass the id: p1, p3; rule `console-connect-port-names` (documented)"),
            "{message}"
        );
        // By id either is taken, and a name no port has is left to the create.
        let by_id = file(&[connection("b", "[p3, NOWHERE]", 100)]);
        assert!(breaches(&part(&by_id), &live).is_empty());
    }

    #[test]
    fn an_unchanged_connection_adds_nothing_and_a_replaced_one_frees_its_speed() {
        let same = file(&[connection("er", "[TWO, ONE]", 100)]);
        assert!(breaches(&part(&same), &live()).is_empty());
        // 850 new + (200 - 100) replaced = 950 on ONE: more than its 900.
        let more = file(&[
            connection("er", "[ONE, TWO]", 200),
            connection("new", "[ONE]", 850),
        ]);
        let found = breaches(&part(&more), &live());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].breach.detail.contains("adds 950 Mbps"),
            "{found:?}"
        );
        // Moved off ONE: its 100 is freed there, so 850 + 50 fits.
        let moved = file(&[
            connection("er", "[TWO]", 100),
            connection("new", "[ONE]", 850),
            connection("small", "[ONE]", 50),
        ]);
        assert!(breaches(&part(&moved), &live()).is_empty());
    }

    #[test]
    fn each_peering_of_the_file_is_judged_by_its_rules_at_its_line() {
        let text = format!(
            "{}      peerings:\n        - type: MICROSOFT\n          peer_asn: 64496\n          primary_subnet: 123.0.0.0/30\n          secondary_subnet: 123.0.0.4/30\n          vlan: 200\n          advertised_prefix: [10.0.0.0/24]\n",
            file(&[connection("er", "[ONE, TWO]", 100)])
        );
        let found = breaches(&part(&text), &live());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 8);
        assert_eq!(found[0].breach.rule, &rules::MICROSOFT_PUBLIC_ONLY);
        assert!(
            found[0]
                .breach
                .message()
                .starts_with("advertised_prefix 10.0.0.0/24 and type MICROSOFT"),
            "{}",
            found[0].breach.message()
        );
    }

    #[test]
    fn a_peering_value_azure_refuses_is_a_breach_at_its_line_its_secret_masked() {
        let peering = |extra: &str| {
            format!(
                "{}      peerings:\n        - type: PRIVATE\n          peer_asn: 65010\n          primary_subnet: 169.254.0.0/30\n          secondary_subnet: 169.254.0.4/30\n          vlan: 100\n{extra}",
                file(&[connection("er", "[ONE, TWO]", 100)])
            )
        };
        assert!(breaches(&part(&peering("")), &live()).is_empty());
        let reserved = peering("").replace("65010", "65515");
        let found = breaches(&part(&reserved), &live());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].line, found[0].breach.rule),
            (8, &rules::PEERING_VALUES)
        );
        assert!(
            found[0]
                .breach
                .message()
                .starts_with("peer_asn 65515: ASNs 65515-65520 are reserved"),
            "{}",
            found[0].breach.message()
        );
        let spaced = peering("          shared_key: two words\n");
        let found = breaches(&part(&spaced), &live());
        let message = found[0].breach.message();
        assert!(
            message.starts_with("shared_key ********: must not"),
            "{message}"
        );
        assert!(!message.contains("two words"));
        // A shared key whose variable is not set is no breach: the plan does not need it.
        let unset = peering("          shared_key: '${env:UNSET_IN_TESTS}'\n");
        assert!(breaches(&part(&unset), &live()).is_empty());
    }

    #[test]
    fn partner_orders_add_on_the_ports_with_azure_ones_and_an_unchanged_one_adds_nothing() {
        let mut live = live();
        live.push(
            Live::new(crate::providers::console_connect::desired::AWS, "aws", "a1")
                .with("name", "aws")
                .with("port", "p1")
                .with("speed", 800),
        );
        let text = |aws_speed: u32| {
            format!(
                "{}  aws_connections:\n    - name: aws\n      port: ONE\n      aws_account: '123456789012'\n      region: eu-west-2\n      speed: {aws_speed}\n",
                file(&[connection("a", "[ONE]", 100)])
            )
        };
        // The AWS connection exists as the file says: only the Azure 100 is new.
        assert!(breaches(&part(&text(800)), &live).is_empty());
        // Replaced at 850: 850 - 800 + 100 = 150 is fine; a bad account is a breach at its line.
        let bad = text(850).replace("'123456789012'", "'12345'");
        let found = breaches(&part(&bad), &live);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].breach.rule), (8, &PARTNER_VALUES));
        let google = "console_connect:\n  google_connections:\n    - name: g\n      port: [ONE]\n      pairing_key: '${env:UNSET_IN_TESTS}'\n      region: europe-west1\n      speed: 10\n";
        let found = breaches(&part(google), &live);
        assert!(
            found[0].breach.detail.contains("two distinct ports"),
            "{found:?}"
        );
        let keys = google.replace("[ONE]", "[ONE, TWO]").replace(
            "'${env:UNSET_IN_TESTS}'",
            "[a-1/europe-west1/1, b-2/us-east4/2]",
        );
        let found = breaches(&part(&keys), &live);
        let message = found[0].breach.message();
        assert!(
            message.starts_with("pairing_key ********: a pairing key of region us-east4 does not fit region europe-west1"),
            "{message}"
        );
        assert!(!message.contains("b-2"), "{message}");
    }

    #[test]
    fn the_ports_read_for_the_rule_are_no_kind_of_the_file() {
        let p = part("console_connect:\n  azure_connections: []\n");
        let plan = crate::desired::diff::plan(&p, &live(), true, "f.yaml").unwrap();
        let deleted: Vec<&str> = plan.changes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(deleted, ["er"], "only the connection is pruned");
        let exported = crate::desired::export::export(&SPEC, &live());
        assert_eq!(
            exported.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["azure_connections"]
        );
    }
}
