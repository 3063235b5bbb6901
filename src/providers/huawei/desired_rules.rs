//! Huawei's rules that span resources (`rules.rs`, the functions its commands and simulator
//! call) applied to a desired-state file: the file's part laid over what exists, so that each
//! resource of the file is judged against the others of the file and against the existing ones
//! the file does not change.
//!
//! Why a merged view: the rule functions take the `models` views, where a planned resource has
//! no id yet and an existing one keeps its id (so a changed one replaces its old self rather
//! than clashing with it). The file's resources become such views (the existing view with the
//! file's fields laid over it), keyed by the id of what exists or, for what the file makes, a
//! key of their own (`new <name>`), so that a network instance of a new cloud connection is
//! still judged with its siblings. A clash between two resources of the file is reported once,
//! at the later one's line.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::desired::{Action, Item, Live, Located, Plan, ProviderPart, scalar_text};
use crate::providers::huawei::models::{
    BandwidthPackage, CloudConnection, InterRegion, InterRegionBandwidth, NetworkInstance,
};
use crate::providers::huawei::rules;
use crate::providers::huawei::rules::package_bound_on_delete;
use crate::rules::{Breach, Party};

/// The rules' input names, as the file spells them.
const NAMES: &[(&str, &str)] = &[("inter_region_ids", "region"), ("cidrs", "cidr")];

/// A resource of the merged view: its view, and its line when the file gives it.
struct Placed<T> {
    view: T,
    line: Option<usize>,
}

/// What exists with the file's part laid over it.
#[derive(Default)]
struct World {
    clouds: Vec<Placed<CloudConnection>>,
    instances: Vec<Placed<NetworkInstance>>,
    packages: Vec<Placed<BandwidthPackage>>,
    links: Vec<Placed<InterRegionBandwidth>>,
}

/// The breaches of Huawei's rules by `part` together with `live`, and of those that depend on
/// what its `plan` deletes.
pub fn breaches(part: &ProviderPart, live: &[Live], plan: &Plan) -> Vec<Located> {
    let world = World::of(part, live);
    let mut found = Vec::new();
    world.instance_rules(&mut found);
    world.link_rules(&mut found);
    world.package_rules(&mut found);
    bound_on_delete(part, live, plan, &mut found);
    bound_on_replace(part, live, plan, &mut found);
    for located in &mut found {
        tidy(&mut located.breach);
    }
    found
}

/// The inputs named as the file names them, and the keys of what the file makes shown as no id.
fn tidy(breach: &mut Breach) {
    breach.naming(NAMES);
    for party in &mut breach.parties {
        if let Party::Resource { id, .. } = party
            && id
                .as_deref()
                .is_some_and(|i| i.is_empty() || i.starts_with("new "))
        {
            *id = None;
        }
    }
}

fn texts(value: Option<&Value>) -> Option<Vec<String>> {
    Some(value?.as_array()?.iter().map(scalar_text).collect())
}

fn number(value: Option<&Value>) -> Option<u64> {
    let value = value?;
    value.as_u64().or_else(|| scalar_text(value).parse().ok())
}

/// The key of what the file makes: unique per kind and name, never an id.
fn new_key(name: &str) -> String {
    format!("new {name}")
}

impl World {
    fn of(part: &ProviderPart, live: &[Live]) -> World {
        let mut world = World::default();
        let of_kind = |key: &'static str| live.iter().filter(move |l| l.kind == key);
        for l in of_kind("cloud_connections") {
            let item = part
                .items
                .iter()
                .find(|i| i.kind.key == l.kind && i.ident == l.ident);
            world.clouds.push(Placed {
                view: cloud_view(l),
                line: item.map(|i| i.line),
            });
        }
        for item in part
            .items
            .iter()
            .filter(|i| i.kind.key == "cloud_connections")
        {
            if !world.clouds.iter().any(|c| c.view.name == item.ident) {
                world.clouds.push(Placed {
                    view: CloudConnection {
                        id: new_key(&item.ident),
                        name: item.ident.clone(),
                        ..CloudConnection::default()
                    },
                    line: Some(item.line),
                });
            }
        }
        world.add_packages(part, live);
        for cc in of_kind("cloud_connections") {
            let item = part
                .items
                .iter()
                .find(|i| i.kind.key == cc.kind && i.ident == cc.ident);
            world.add_children(&cc.id, &cc.children, item.map(|i| &i.children[..]));
        }
        for item in part
            .items
            .iter()
            .filter(|i| i.kind.key == "cloud_connections")
        {
            if !live
                .iter()
                .any(|l| l.kind == item.kind.key && l.ident == item.ident)
            {
                world.add_children(&new_key(&item.ident), &[], Some(&item.children));
            }
        }
        world
    }

    /// The key (id) of the cloud connection a file names by `value` (name or id).
    fn cloud_key(&self, value: &str) -> String {
        self.clouds
            .iter()
            .find(|c| c.view.name == value || c.view.id == value)
            .map_or_else(|| value.to_string(), |c| c.view.id.clone())
    }

    /// The key (id) of the package a file names by `value` (name or id).
    fn package_key(&self, value: &str) -> String {
        self.packages
            .iter()
            .find(|p| p.view.name == value || p.view.id == value)
            .map_or_else(|| value.to_string(), |p| p.view.id.clone())
    }

    fn add_packages(&mut self, part: &ProviderPart, live: &[Live]) {
        let items: Vec<&Item> = part
            .items
            .iter()
            .filter(|i| i.kind.key == "bandwidth_packages")
            .collect();
        let lives = live.iter().filter(|l| l.kind == "bandwidth_packages");
        for l in lives.clone() {
            let item = items.iter().find(|i| i.ident == l.ident);
            let view = self.package(&l.ident, &l.id, &l.fields, item.map(|i| &i.fields));
            self.packages.push(Placed {
                view,
                line: item.map(|i| i.line),
            });
        }
        for item in items {
            if !lives.clone().any(|l| l.ident == item.ident) {
                let view = self.package(
                    &item.ident,
                    &new_key(&item.ident),
                    &BTreeMap::new(),
                    Some(&item.fields),
                );
                self.packages.push(Placed {
                    view,
                    line: Some(item.line),
                });
            }
        }
    }

    /// A package's view: what exists (`have`), with what the file gives (`want`) over it.
    fn package(
        &self,
        name: &str,
        id: &str,
        have: &BTreeMap<String, Value>,
        want: Option<&BTreeMap<&'static str, Value>>,
    ) -> BandwidthPackage {
        let get = |f: &str| want.and_then(|w| w.get(f)).or_else(|| have.get(f)).cloned();
        let text = |f: &str| get(f).map(|v| scalar_text(&v));
        BandwidthPackage {
            id: id.to_string(),
            name: name.to_string(),
            bandwidth: number(get("bandwidth").as_ref()),
            resource_id: text("cloud_connection").map(|c| self.cloud_key(&c)),
            billing_mode: text("billing_mode"),
            local_area_id: text("local_area"),
            remote_area_id: text("remote_area"),
            interflow_mode: text("interflow_mode"),
            ..BandwidthPackage::default()
        }
    }

    /// The network instances and inter-region bandwidths of cloud connection `cc`: those that
    /// exist (`live`), with the file's (`items`, when the file gives the cloud connection) over
    /// them.
    fn add_children(&mut self, cc: &str, live: &[Live], items: Option<&[Item]>) {
        let items = items.unwrap_or_default();
        let find = |l: &Live| {
            items
                .iter()
                .find(|i| i.kind.key == l.kind && i.ident == l.ident)
        };
        for l in live {
            let item = find(l);
            let line = item.map(|i| i.line);
            let want = item.map(|i| &i.fields);
            match l.kind {
                "network_instances" => {
                    let view = instance(cc, &l.ident, &l.id, &l.fields, want);
                    self.instances.push(Placed { view, line });
                }
                "inter_region_bandwidths" => {
                    let view = self.link(cc, &l.id, &l.fields, want);
                    self.links.push(Placed { view, line });
                }
                _ => {}
            }
        }
        let none = BTreeMap::new();
        for item in items {
            if live
                .iter()
                .any(|l| l.kind == item.kind.key && l.ident == item.ident)
            {
                continue;
            }
            let line = Some(item.line);
            match item.kind.key {
                "network_instances" => {
                    let view = instance(cc, &item.ident, "", &none, Some(&item.fields));
                    self.instances.push(Placed { view, line });
                }
                "inter_region_bandwidths" => {
                    let view = self.link(cc, "", &none, Some(&item.fields));
                    self.links.push(Placed { view, line });
                }
                _ => {}
            }
        }
    }

    /// An inter-region bandwidth's view, as [`World::package`] builds a package's.
    fn link(
        &self,
        cc: &str,
        id: &str,
        have: &BTreeMap<String, Value>,
        want: Option<&BTreeMap<&'static str, Value>>,
    ) -> InterRegionBandwidth {
        let get = |f: &str| want.and_then(|w| w.get(f)).or_else(|| have.get(f));
        let regions = texts(get("region")).unwrap_or_default();
        InterRegionBandwidth {
            id: id.to_string(),
            cloud_connection_id: Some(cc.to_string()),
            bandwidth_package_id: get("bandwidth_package")
                .map(|p| self.package_key(&scalar_text(p))),
            bandwidth: number(get("bandwidth")),
            inter_regions: match regions.as_slice() {
                [a, b] => Some(vec![InterRegion {
                    local_region_id: Some(a.clone()),
                    remote_region_id: Some(b.clone()),
                }]),
                _ => None,
            },
            ..InterRegionBandwidth::default()
        }
    }
}

/// A network instance's view, as [`World::package`] builds a package's.
fn instance(
    cc: &str,
    name: &str,
    id: &str,
    have: &BTreeMap<String, Value>,
    want: Option<&BTreeMap<&'static str, Value>>,
) -> NetworkInstance {
    let get = |f: &str| want.and_then(|w| w.get(f)).or_else(|| have.get(f));
    let one = |f: &str| get(f).map(scalar_text);
    NetworkInstance {
        id: id.to_string(),
        name: name.to_string(),
        cloud_connection_id: Some(cc.to_string()),
        instance_type: one("type"),
        instance_id: one("instance_id"),
        region_id: one("region_id"),
        cidrs: texts(get("cidr")),
        ..NetworkInstance::default()
    }
}

/// The views of the resources of `all` that `all[n]` is judged against: the existing ones the
/// file does not give, and those the file gives before it (so that a clash between two of the
/// file is reported once, at the later one's line).
fn placed_before<T: Clone>(all: &[Placed<T>], n: usize) -> Vec<T> {
    let me = &all[n];
    all.iter()
        .enumerate()
        .filter(|(k, o)| o.line.is_none() || (o.line, *k) < (me.line, n))
        .map(|(_, o)| o.view.clone())
        .collect()
}

/// Each breach located at `line`.
fn at(line: usize, breaches: Vec<Breach>, out: &mut Vec<Located>) {
    out.extend(breaches.into_iter().map(|breach| Located { line, breach }));
}

impl World {
    /// Rules 6 and 7: each network instance of the file against those of the file before it and
    /// the existing ones it does not change.
    fn instance_rules(&self, out: &mut Vec<Located>) {
        for (n, me) in self.instances.iter().enumerate() {
            let Some(line) = me.line else { continue };
            let others = placed_before(&self.instances, n);
            let planned = std::slice::from_ref(&me.view);
            at(line, rules::vpc_loaded_once(planned, &others), out);
            at(line, rules::cidrs_disjoint(planned, &others), out);
        }
    }

    /// Rules 3, 4 and 5: each inter-region bandwidth of the file within its package's ends,
    /// alone on its region pair, and between regions that hold a network instance.
    fn link_rules(&self, out: &mut Vec<Located>) {
        for (n, me) in self.links.iter().enumerate() {
            let Some(line) = me.line else { continue };
            let cc = me.view.cloud_connection_id.as_deref().unwrap_or_default();
            let others = placed_before(&self.links, n);
            at(
                line,
                rules::one_per_region_pair(std::slice::from_ref(&me.view), &others),
                out,
            );
            let package = me.view.bandwidth_package_id.as_deref().unwrap_or_default();
            if let Some(p) = self.packages.iter().find(|p| p.view.id == package) {
                at(line, rules::regions_in_package(&me.view, &p.view), out);
            }
            if let Some(c) = self.clouds.iter().find(|c| c.view.id == cc) {
                let instances: Vec<NetworkInstance> =
                    self.instances.iter().map(|i| i.view.clone()).collect();
                at(
                    line,
                    rules::regions_have_instances(&me.view, &c.view, &instances),
                    out,
                );
            }
        }
    }

    /// Rules 1 and 2: each package the file gives or draws from carries what is drawn from it;
    /// each package of the file bound to a cloud connection is alone there on its areas and
    /// billing mode.
    fn package_rules(&self, out: &mut Vec<Located>) {
        let existing: Vec<InterRegionBandwidth> = self
            .links
            .iter()
            .filter(|l| l.line.is_none())
            .map(|l| l.view.clone())
            .collect();
        for (n, me) in self.packages.iter().enumerate() {
            let drawing: Vec<&Placed<InterRegionBandwidth>> = self
                .links
                .iter()
                .filter(|l| l.line.is_some())
                .filter(|l| l.view.bandwidth_package_id.as_deref() == Some(me.view.id.as_str()))
                .collect();
            let lines = drawing.iter().filter_map(|l| l.line).chain(me.line);
            if let Some(line) = lines.max() {
                let planned: Vec<InterRegionBandwidth> =
                    drawing.iter().map(|l| l.view.clone()).collect();
                at(
                    line,
                    rules::package_carries(&me.view, &planned, &existing),
                    out,
                );
            }
            let Some(line) = me.line else { continue };
            let bound = me.view.resource_id.as_deref().unwrap_or_default();
            let Some(cc) = self.clouds.iter().find(|c| c.view.id == bound) else {
                continue;
            };
            let others = placed_before(&self.packages, n);
            at(
                line,
                rules::one_package_per_areas(&me.view, &cc.view, &others),
                out,
            );
        }
    }
}

/// Rule 8: each cloud connection `plan` deletes (`--prune`), against the packages bound to it
/// that stay so after the plan: kept in the file naming it (located at the package), kept
/// without `cloud_connection` (a field left out is not changed, so not unbound), or not in a
/// file that does not manage packages (located at the part's key). One the plan deletes (it
/// unbinds it first) or binds to another cloud connection (the delete waits for the move) is
/// fine.
fn bound_on_delete(part: &ProviderPart, live: &[Live], plan: &Plan, out: &mut Vec<Located>) {
    let deleted = |key: &str, id: &str| {
        plan.changes
            .iter()
            .any(|c| c.action == Action::Delete && c.kind.key == key && c.id.as_deref() == Some(id))
    };
    let clouds = live.iter().filter(|l| l.kind == "cloud_connections");
    for cc in clouds.filter(|cc| deleted("cloud_connections", &cc.id)) {
        let names_cc = |v: &Value| names(cc, v);
        let view = cloud_view(cc);
        let mut unmanaged = Vec::new();
        for p in bound_to(cc, live) {
            if deleted("bandwidth_packages", &p.id) {
                continue;
            }
            let package = package_view(p);
            let item = part
                .items
                .iter()
                .find(|i| i.kind.key == p.kind && i.ident == p.ident);
            let Some(item) = item else {
                unmanaged.push(package);
                continue;
            };
            let why = match item.fields.get("cloud_connection") {
                Some(v) if !names_cc(v) => continue,
                Some(_) => "the file keeps the package bound to it (`cloud_connection`)",
                None => {
                    "the file keeps the package without `cloud_connection`, which leaves it bound (a field left out is not changed)"
                }
            };
            let detail = format!(
                "the plan deletes the cloud connection (--prune) while {why}; remove the package from the file too (--prune then unbinds and deletes it first), bind it to another cloud connection with `cloud_connection`, unbind it first (`cc huawei bandwidth-packages disassociate`), or keep the cloud connection in the file"
            );
            let breaches = package_bound_on_delete(&view, std::slice::from_ref(&package), detail);
            at(item.line, breaches, out);
        }
        let detail = format!(
            "the plan deletes the cloud connection (--prune) while the packages stay bound to it: the file does not manage `bandwidth_packages` (located at its `{}:` key); add them to the file to delete or rebind them, unbind them first (`cc huawei bandwidth-packages disassociate`), or keep the cloud connection in the file",
            part.spec.key
        );
        at(
            part.line,
            package_bound_on_delete(&view, &unmanaged, detail),
            out,
        );
    }
}

/// Rule 8 for a replace: a cloud connection the plan replaces (delete, then create) while a
/// package is bound to it. The apply does not unbind and bind again around a replace, and the
/// delete would be refused; located at the cloud connection's line.
fn bound_on_replace(part: &ProviderPart, live: &[Live], plan: &Plan, out: &mut Vec<Located>) {
    let replaced = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Replace && c.kind.key == "cloud_connections");
    for change in replaced {
        let Some(cc) = live.iter().find(|l| change.id.as_deref() == Some(&l.id)) else {
            continue;
        };
        let packages: Vec<BandwidthPackage> = bound_to(cc, live).map(package_view).collect();
        let line = part
            .items
            .iter()
            .find(|i| i.kind.key == change.kind.key && i.ident == change.name)
            .map_or(part.line, |i| i.line);
        let detail = "the plan replaces the cloud connection (delete, then create) while packages are bound to it, and `cc apply` does not unbind and bind them again around a replace: leave the fields that replace it as they are, or unbind the packages first (the inter-region bandwidths drawn from them go first: `cc huawei inter-region-bandwidths delete`, then `cc huawei bandwidth-packages disassociate`)".to_string();
        at(
            line,
            package_bound_on_delete(&cloud_view(cc), &packages, detail),
            out,
        );
    }
}

/// Whether `value` (a package's `cloud_connection`) names the cloud connection `cc`.
fn names(cc: &Live, value: &Value) -> bool {
    [cc.ident.as_str(), &cc.id].contains(&scalar_text(value).as_str())
}

/// The live packages bound to the cloud connection `cc`.
fn bound_to<'a>(cc: &'a Live, live: &'a [Live]) -> impl Iterator<Item = &'a Live> {
    live.iter().filter(move |p| {
        let aliases = p.aliases.get("cloud_connection").into_iter().flatten();
        p.kind == "bandwidth_packages"
            && aliases
                .chain(p.fields.get("cloud_connection"))
                .any(|v| names(cc, v))
    })
}

/// A cloud connection as a rule's breach names it.
fn cloud_view(cc: &Live) -> CloudConnection {
    CloudConnection {
        id: cc.id.clone(),
        name: cc.ident.clone(),
        ..CloudConnection::default()
    }
}

/// A package as a rule's breach names it.
fn package_view(p: &Live) -> BandwidthPackage {
    BandwidthPackage {
        id: p.id.clone(),
        name: p.ident.clone(),
        ..BandwidthPackage::default()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::providers::huawei::desired::{Read, SPEC};

    fn part(text: &str) -> ProviderPart {
        let read = crate::desired::parse::parse(text, "f.yaml", &[&SPEC], &|_| None).unwrap();
        read.parts.into_iter().next().unwrap()
    }

    /// What the seeded account holds, read as `observe` reads it: cc-paris with two VPCs and an
    /// inter-region bandwidth of 10 over bwp-eu-ap (20), bound to it.
    fn live() -> Vec<Live> {
        let read = Read {
            clouds: vec![view(json!({"id": "cc1", "name": "cc-paris"}))],
            instances: vec![
                view(
                    json!({"id": "ni1", "name": "vpc-paris", "cloud_connection_id": "cc1",
                    "type": "vpc", "instance_id": "vpc-1", "region_id": "eu-west-0",
                    "cidrs": ["192.168.0.0/24"]}),
                ),
                view(
                    json!({"id": "ni2", "name": "vpc-sg", "cloud_connection_id": "cc1",
                    "type": "vpc", "instance_id": "vpc-2", "region_id": "ap-southeast-3",
                    "cidrs": ["10.1.0.0/16"]}),
                ),
            ],
            packages: vec![view(
                json!({"id": "p1", "name": "bwp-eu-ap", "bandwidth": 20,
                "billing_mode": "4", "resource_id": "cc1", "local_area_id": "Asia-Pacific",
                "remote_area_id": "Asia-Pacific"}),
            )],
            links: vec![
                serde_json::from_value(json!({"id": "l1", "cloud_connection_id": "cc1",
                    "bandwidth_package_id": "p1", "bandwidth": 10, "inter_regions": [
                        {"local_region_id": "eu-west-0", "remote_region_id": "ap-southeast-3"}]}))
                .unwrap(),
            ],
        };
        read.live()
    }

    fn view<T: serde::de::DeserializeOwned>(v: Value) -> (T, Value) {
        (serde_json::from_value(v.clone()).unwrap(), v)
    }

    fn rules_broken(text: &str) -> Vec<(usize, &'static str, String)> {
        pruned(text, false)
    }

    /// The breaches of `text` over the seeded account, with its plan (`--prune` or not).
    fn pruned(text: &str, prune: bool) -> Vec<(usize, &'static str, String)> {
        let (part, live) = (part(text), live());
        let plan = crate::desired::diff::plan(&part, &live, prune, "f.yaml").unwrap();
        breaches(&part, &live, &plan)
            .into_iter()
            .map(|l| (l.line, l.breach.rule.name, l.breach.message()))
            .collect()
    }

    #[test]
    fn observe_reads_the_file_s_names_and_spellings() {
        let live = live();
        let cc = &live[0];
        assert_eq!(cc.children.len(), 3);
        let link = &cc.children[2];
        assert_eq!(link.ident, "ap-southeast-3+eu-west-0");
        assert_eq!(link.fields["bandwidth_package"], "bwp-eu-ap");
        assert_eq!(link.aliases["bandwidth_package"], [json!("p1")]);
        let package = &live[1];
        assert_eq!(
            package.fields["billing_mode"], 4,
            "a number, as the file writes it"
        );
        assert_eq!(package.fields["cloud_connection"], "cc-paris");
        assert_eq!(cc.children[0].fields["cidr"], json!(["192.168.0.0/24"]));
    }

    #[test]
    fn the_file_is_judged_with_itself_and_with_what_it_does_not_change() {
        // Nothing breached by what exists.
        assert!(rules_broken("huawei:\n  cloud_connections:\n    - name: cc-paris\n").is_empty());
        // Two instances of a new cloud connection overlap: reported once, at the second.
        let two = "huawei:
  cloud_connections:
    - name: cc-new
      network_instances:
        - {name: a, type: vpc, instance_id: vpc-a, project_id: p, region_id: r-1, cidr: 10.0.0.0/16}
        - {name: b, type: vpc, instance_id: vpc-b, project_id: p, region_id: r-1, cidr: 10.0.1.0/24}
";
        let found = rules_broken(two);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (6, "huawei-cidrs-disjoint"));
        assert!(found[0].2.contains("cidr 10.0.1.0/24"), "{}", found[0].2);
        assert!(
            found[0].2.contains("network instance `a`"),
            "{}",
            found[0].2
        );
        assert!(!found[0].2.contains("()"), "no empty id: {}", found[0].2);
        // Paris's VPC loaded again, on another cloud connection.
        let again = two
            .replace("vpc-b", "vpc-1")
            .replace("10.0.1.0/24", "10.9.0.0/24");
        let found = rules_broken(&again);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "huawei-vpc-loaded-once");
        assert!(found[0].2.contains("vpc-paris"), "{}", found[0].2);
        // An instance the file changes does not clash with its old self.
        let moved = "huawei:\n  cloud_connections:\n    - name: cc-paris\n      network_instances:\n        - {name: vpc-paris, type: vpc, instance_id: vpc-1, project_id: p, region_id: eu-west-0, cidr: [192.168.0.0/23]}\n";
        assert!(rules_broken(moved).is_empty());
    }

    #[test]
    fn packages_and_inter_region_bandwidths_are_judged_over_the_file() {
        // 15 more over bwp-eu-ap (20, 10 drawn): too much, at the new bandwidth's line.
        let more = "huawei:
  cloud_connections:
    - name: cc-paris
      inter_region_bandwidths:
        - {region: [eu-west-0, cn-north-4], bandwidth_package: bwp-eu-ap, bandwidth: 15}
";
        let found = rules_broken(more);
        let names: Vec<&str> = found.iter().map(|f| f.1).collect();
        assert!(names.contains(&"huawei-package-carries"), "{found:?}");
        assert!(
            names.contains(&"huawei-regions-have-instances"),
            "{found:?}"
        );
        assert!(found.iter().all(|f| f.0 == 5), "{found:?}");
        // Growing the package in the same file makes room.
        let grown = format!(
            "{more}  bandwidth_packages:\n    - {{name: bwp-eu-ap, project_id: p, local_area: Asia-Pacific, remote_area: Asia-Pacific, bandwidth: 30, billing_mode: 4}}\n"
        );
        let names: Vec<&str> = rules_broken(&grown).iter().map(|f| f.1).collect();
        assert!(!names.contains(&"huawei-package-carries"), "{names:?}");
        // A second package on cc-paris between the same areas and billing mode.
        let second = "huawei:\n  bandwidth_packages:\n    - {name: bwp-2, project_id: p, local_area: Asia-Pacific, remote_area: Asia-Pacific, bandwidth: 5, billing_mode: 4, cloud_connection: cc-paris}\n";
        let found = rules_broken(second);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].0, found[0].1),
            (3, "huawei-one-package-per-areas")
        );
        // A new package on a new cloud connection, drawn from by a link between two of its
        // instances' regions, outside the package's areas.
        let new = "huawei:
  cloud_connections:
    - name: cc-new
      network_instances:
        - {name: a, type: vpc, instance_id: vpc-a, project_id: p, region_id: cn-north-4, cidr: 10.0.0.0/16}
        - {name: b, type: vpc, instance_id: vpc-b, project_id: p, region_id: cn-south-1, cidr: 10.1.0.0/16}
      inter_region_bandwidths:
        - {region: [cn-north-4, cn-south-1], bandwidth_package: bwp-new, bandwidth: 5}
  bandwidth_packages:
    - {name: bwp-new, project_id: p, local_area: Asia-Pacific, remote_area: Africa, bandwidth: 10, billing_mode: 4, cloud_connection: cc-new}
";
        let found = rules_broken(new);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (8, "huawei-regions-in-package"));
        assert!(found[0].2.starts_with("region "), "{}", found[0].2);
    }

    #[test]
    fn a_pruned_cloud_connection_keeps_no_package_bound() {
        const RULE: &str = "huawei-package-bound-on-delete";
        let package = |cc: &str| {
            format!(
                "    - {{name: bwp-eu-ap, project_id: p, local_area: Asia-Pacific, remote_area: Asia-Pacific, bandwidth: 20, billing_mode: 4{cc}}}\n"
            )
        };
        let kept = |cc: &str| {
            format!(
                "huawei:\n  cloud_connections: []\n  bandwidth_packages:\n{}",
                package(cc)
            )
        };
        // The file keeps bwp-eu-ap bound to cc-paris, which --prune deletes: at the package.
        let found = pruned(&kept(", cloud_connection: cc-paris"), true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (4, RULE));
        for said in [
            "cloud connection `cc-paris` (cc1)",
            "`bwp-eu-ap` (p1)",
            "bound to it",
        ] {
            assert!(found[0].2.contains(said), "{said}: {}", found[0].2);
        }
        assert!(found[0].2.contains("keep the cloud connection in the file"));
        // Without `cloud_connection` it is not unbound (a field left out is not changed).
        let found = pruned(&kept(""), true);
        assert_eq!((found.len(), found[0].0, found[0].1), (1, 4, RULE));
        assert!(
            found[0].2.contains("without `cloud_connection`"),
            "{}",
            found[0].2
        );
        // Packages not managed by the file: at the `huawei:` key, saying so.
        let found = pruned("huawei:\n  cloud_connections: []\n", true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (1, RULE));
        assert!(found[0].2.contains("`huawei:` key"), "{}", found[0].2);
        assert!(found[0].2.contains("does not manage `bandwidth_packages`"));
        // Without --prune nothing is deleted, so nothing is left bound.
        assert!(pruned(&kept(", cloud_connection: cc-paris"), false).is_empty());
        // Pruned too (unbound, then deleted, first): fine.
        let both = "huawei:\n  cloud_connections: []\n  bandwidth_packages: []\n";
        assert!(pruned(both, true).is_empty());
        // Moved to another cloud connection: fine, and the delete waits for the move.
        let moved = format!(
            "huawei:\n  cloud_connections:\n    - name: cc-other\n  bandwidth_packages:\n{}",
            package(", cloud_connection: cc-other")
        );
        assert!(
            pruned(&moved, true).is_empty(),
            "{:?}",
            pruned(&moved, true)
        );
        let (part, live) = (part(&moved), live());
        let plan = crate::desired::diff::plan(&part, &live, true, "f.yaml").unwrap();
        let at = |deletes: bool, key: &str| {
            let found = |c: &crate::desired::Change| {
                (c.action == Action::Delete) == deletes && c.kind.key == key
            };
            plan.changes.iter().position(found).unwrap()
        };
        // The seeded package has no project id to compare: a replace here, moving it as well.
        let moving = at(false, "bandwidth_packages");
        let deleting = &plan.changes[at(true, "cloud_connections")];
        assert!(deleting.after.contains(&moving), "{:?}", deleting.after);
    }
}
