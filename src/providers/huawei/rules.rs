//! Huawei Cloud Connect's rules that span resources (`CLI.md` §5), with their evidence, and the
//! checks that judge them. One implementation serves `cc`, which runs them before sending over
//! what it reads first, and the simulator, which runs them over its stores and answers a breach
//! as the API would (400 with `error_code` and `error_msg`): a raw `cc api` call or an official
//! SDK meets the same rules.
//!
//! Each check takes what is planned (one command's request today, a whole file later) and what
//! exists, as the views of `models` (the simulator reads its objects into them). A planned item
//! is named by the fields it fills ([`Party::input`]; the command layer names them by their
//! flags), an existing one by its kind, name and id.
//!
//! Evidence, as found on 2026-12-07 (`provider-notes/huawei-ovh.md` Part 4):
//! - Documented: a package's inter-region bandwidths never sum above it (user guide
//!   `cc_03_2004`; the API's `CC.1056` for a package shrunk below them); one package per cloud
//!   connection per pair of areas and billing mode (user guide `cc_03_2003`); a VPC is loaded on
//!   one cloud connection at most, whichever (FAQ "Can a VPC be loaded to two or more cloud
//!   connections? No. A VPC can only be loaded to one cloud connection."; user guide
//!   `cc_03_0605`, constraints: "A VPC can only be loaded to one cloud connection.").
//! - Inferred, and so skippable with `--skip-rule`: the other four, each saying why. THIS is the
//!   one place to correct them.
//! - `cc`'s own, never skipped: a cloud connection a plan deletes keeps no package bound
//!   ([`PACKAGE_BOUND_ON_DELETE`]); that the API refuses it is inferred [INF], see its evidence.
//!
//! The areas of the regions ([`REGION_AREAS`]) are documented (product description `cc_01_0004`,
//! "Supported Regions"); a region not listed there is not judged by [`REGIONS_IN_PACKAGE`].

use super::models::{
    BandwidthPackage, CloudConnection, INTERFLOW_REGION, InterRegionBandwidth, NetworkInstance,
    Resource,
};
use crate::netaddr::Prefix;
use crate::rules::{Breach, Evidence, Party, Rule};

/// Rule 1: a package carries its inter-region bandwidths.
pub static PACKAGE_CARRIES: Rule = Rule {
    name: "huawei-package-carries",
    says: "the inter-region bandwidths drawn from a bandwidth package never sum above its bandwidth",
    evidence: Evidence::Documented(
        "Huawei Cloud Connect user guide (cc_03_2004): the sum of all inter-region bandwidths cannot exceed the total bandwidth of the bandwidth package; API error CC.1056",
    ),
};

/// Rule 2: one package per cloud connection per pair of areas and billing mode.
pub static ONE_PACKAGE_PER_AREAS: Rule = Rule {
    name: "huawei-one-package-per-areas",
    says: "a cloud connection has one bandwidth package per pair of areas and billing mode",
    evidence: Evidence::Documented("Huawei Cloud Connect user guide (cc_03_2003)"),
};

/// Rule 3: an inter-region bandwidth's regions lie within its package's ends.
pub static REGIONS_IN_PACKAGE: Rule = Rule {
    name: "huawei-regions-in-package",
    says: "an inter-region bandwidth joins two regions of its bandwidth package's areas (Area mode), or its two regions (Region mode)",
    evidence: Evidence::Inferred(
        "which region lies in which area is documented (cc_01_0004), that the API refuses a region outside the package's areas is not",
    ),
};

/// Rule 4: one inter-region bandwidth per region pair.
pub static ONE_PER_REGION_PAIR: Rule = Rule {
    name: "huawei-one-per-region-pair",
    says: "a cloud connection has one inter-region bandwidth per pair of regions, whichever way round",
    evidence: Evidence::Inferred(
        "not found in the documents; a second one would carry the same traffic as the first",
    ),
};

/// Rule 5: both regions hold a network instance of the cloud connection.
pub static REGIONS_HAVE_INSTANCES: Rule = Rule {
    name: "huawei-regions-have-instances",
    says: "both regions of an inter-region bandwidth hold a network instance of its cloud connection",
    evidence: Evidence::Inferred(
        "not found in the documents; a region without a network instance has no traffic to carry",
    ),
};

/// Rule 6: a VPC is loaded once, on any cloud connection.
pub static VPC_LOADED_ONCE: Rule = Rule {
    name: "huawei-vpc-loaded-once",
    says: "a VPC is loaded on one cloud connection at most (across all cloud connections)",
    evidence: Evidence::Documented(
        "Cloud Connect FAQ: a VPC can only be loaded to one cloud connection; user guide (cc_03_0605), constraints",
    ),
};

/// Rule 7: the CIDRs of one cloud connection do not overlap.
pub static CIDRS_DISJOINT: Rule = Rule {
    name: "huawei-cidrs-disjoint",
    says: "the subnets published by the network instances of one cloud connection do not overlap",
    evidence: Evidence::Inferred(
        "not found in the documents; two overlapping subnets on one cloud connection make its routes ambiguous",
    ),
};

/// Rule 8: a cloud connection a plan deletes or replaces keeps no bandwidth package bound to it
/// (`cc apply` does not unbind and bind one around a replace). Never
/// skipped: `cc`'s own delete refuses it anyway (`desired_change.rs`), so letting it through
/// would only delete what the plan deletes before the cloud connection, then stop. Huawei's
/// refusal is inferred [INF]: Terraform unbinds a package before deleting it [REPO
/// terraform-provider-huaweicloud], and the simulator refuses it (`CC.1001`).
pub static PACKAGE_BOUND_ON_DELETE: Rule = Rule {
    name: "huawei-package-bound-on-delete",
    says: "a cloud connection is deleted only once no bandwidth package is bound to it (the plan deletes or moves each one first)",
    evidence: Evidence::Documented(
        "cc's own delete of a cloud connection refuses while a bandwidth package is bound to it, so it is never skipped; that Huawei refuses it is inferred: Terraform's provider unbinds a package before deleting it, and the simulator refuses it (CC.1001)",
    ),
};

/// Every Huawei rule, for `--skip-rule` (`registry`).
pub static RULES: [&Rule; 8] = [
    &PACKAGE_CARRIES,
    &ONE_PACKAGE_PER_AREAS,
    &REGIONS_IN_PACKAGE,
    &ONE_PER_REGION_PAIR,
    &REGIONS_HAVE_INSTANCES,
    &VPC_LOADED_ONCE,
    &CIDRS_DISJOINT,
    &PACKAGE_BOUND_ON_DELETE,
];

/// The area of each region where cloud connections are available [DOC product description
/// `cc_01_0004`, "Supported Regions"; region ids as the SDKs' region tables spell them].
pub const REGION_AREAS: [(&str, &str); 17] = [
    ("cn-north-4", "Chinese-Mainland"),
    ("cn-north-1", "Chinese-Mainland"),
    ("cn-north-9", "Chinese-Mainland"),
    ("cn-east-3", "Chinese-Mainland"),
    ("cn-east-2", "Chinese-Mainland"),
    ("cn-south-1", "Chinese-Mainland"),
    ("cn-south-4", "Chinese-Mainland"),
    ("cn-south-2", "Chinese-Mainland"),
    ("cn-southwest-2", "Chinese-Mainland"),
    ("ap-southeast-1", "Asia-Pacific"),
    ("ap-southeast-3", "Asia-Pacific"),
    ("ap-southeast-2", "Asia-Pacific"),
    ("af-south-1", "Africa"),
    ("la-south-2", "Western-Latin-America"),
    ("sa-brazil-1", "Eastern-Latin-America"),
    ("na-mexico-1", "Northern-Latin-America"),
    ("la-north-2", "Northern-Latin-America"),
];

/// The area of `region`, when the documentation lists it.
pub fn area_of(region: &str) -> Option<&'static str> {
    let region = region.trim();
    REGION_AREAS
        .iter()
        .find(|(r, _)| r.eq_ignore_ascii_case(region))
        .map(|(_, area)| *area)
}

/// `resource` as a party: its kind, name (when it has one) and id, and the value judged.
fn known<R: Resource>(resource: &R, value: Option<String>) -> Party {
    let name = Some(resource.name()).filter(|n| !n.is_empty());
    Party::resource(R::KIND.what, name, Some(resource.id()), value)
}

/// The same two things either way round.
fn same_pair(a: [&str; 2], b: [&str; 2]) -> bool {
    let eq = |x: &str, y: &str| x.eq_ignore_ascii_case(y);
    (eq(a[0], b[0]) && eq(a[1], b[1])) || (eq(a[0], b[1]) && eq(a[1], b[0]))
}

fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default()
}

/// Rule 1 for `planned` draws on `package` (new inter-region bandwidths, or existing ones with a
/// new bandwidth: the same id), beside the `existing` ones (those of other packages ignored).
pub fn package_carries(
    package: &BandwidthPackage,
    planned: &[InterRegionBandwidth],
    existing: &[InterRegionBandwidth],
) -> Vec<Breach> {
    let Some(total) = package.bandwidth else {
        return Vec::new();
    };
    let on_package = |i: &&InterRegionBandwidth| text(&i.bandwidth_package_id) == package.id;
    let replaced =
        |i: &&InterRegionBandwidth| !i.id.is_empty() && planned.iter().any(|p| p.id == i.id);
    let others: Vec<&InterRegionBandwidth> = existing
        .iter()
        .filter(on_package)
        .filter(|i| !replaced(i))
        .collect();
    let drawn: u64 = others.iter().filter_map(|i| i.bandwidth).sum();
    let asked: u64 = planned.iter().filter_map(|i| i.bandwidth).sum();
    if drawn + asked <= total {
        return Vec::new();
    }
    let by: Vec<String> = others
        .iter()
        .map(|i| format!("{} ({})", i.id, i.bandwidth.unwrap_or(0)))
        .collect();
    let mut value = format!("{total} Mbit/s");
    if !by.is_empty() {
        value = format!("{value}; {drawn} already drawn by {}", by.join(", "));
    }
    let mut parties: Vec<Party> = planned
        .iter()
        .map(|p| Party::input("bandwidth", p.bandwidth.unwrap_or(0)))
        .collect();
    parties.push(known(package, Some(value)));
    vec![PACKAGE_CARRIES.breach(
        parties,
        format!("{} Mbit/s in all is more than its {total}", drawn + asked),
    )]
}

/// Rule 1 for a new `size` of `package`, over the inter-region bandwidths drawn from it.
pub fn package_resized(
    package: &BandwidthPackage,
    size: u64,
    drawn: &[InterRegionBandwidth],
) -> Vec<Breach> {
    let drawn: Vec<&InterRegionBandwidth> = drawn
        .iter()
        .filter(|i| text(&i.bandwidth_package_id) == package.id)
        .collect();
    let used: u64 = drawn.iter().filter_map(|i| i.bandwidth).sum();
    if size >= used {
        return Vec::new();
    }
    let mut parties = vec![Party::input("bandwidth", size)];
    parties.extend(
        drawn
            .iter()
            .map(|i| known(*i, Some(format!("{} Mbit/s", i.bandwidth.unwrap_or(0))))),
    );
    vec![PACKAGE_CARRIES.breach(
        parties,
        format!(
            "bandwidth package {} would carry less than the {used} Mbit/s drawn from it",
            label(package)
        ),
    )]
}

/// `name` (id), or the id alone.
fn label<R: Resource>(r: &R) -> String {
    if r.name().is_empty() {
        r.id().to_string()
    } else {
        format!("`{}` ({})", r.name(), r.id())
    }
}

/// The ends and billing mode of a package, as the rule compares them.
fn package_terms(p: &BandwidthPackage) -> String {
    format!(
        "{} ↔ {}, billing mode {}",
        text(&p.local_area_id),
        text(&p.remote_area_id),
        text(&p.billing_mode)
    )
}

/// Rule 2: `planned` (a package to create, without an id, or one to bind) on `cloud_connection`,
/// beside the packages already `bound` to it.
pub fn one_package_per_areas(
    planned: &BandwidthPackage,
    cloud_connection: &CloudConnection,
    bound: &[BandwidthPackage],
) -> Vec<Breach> {
    fn ends(p: &BandwidthPackage) -> [&str; 2] {
        [text(&p.local_area_id), text(&p.remote_area_id)]
    }
    let me = Party::resource(
        "bandwidth package",
        Some(planned.name.as_str()).filter(|n| !n.is_empty()),
        Some(planned.id.as_str()).filter(|i| !i.is_empty()),
        Some(package_terms(planned)),
    );
    bound
        .iter()
        .filter(|b| b.id != planned.id && text(&b.resource_id) == cloud_connection.id)
        .filter(|b| same_pair(ends(b), ends(planned)) && b.billing_mode == planned.billing_mode)
        .map(|b| {
            ONE_PACKAGE_PER_AREAS.breach(
                vec![me.clone(), known(b, Some(package_terms(b)))],
                format!(
                    "both for cloud connection {}, between the same areas with the same billing mode",
                    label(cloud_connection)
                ),
            )
        })
        .collect()
}

/// Rule 3: the regions of `planned` against the ends of its `package`.
pub fn regions_in_package(
    planned: &InterRegionBandwidth,
    package: &BandwidthPackage,
) -> Vec<Breach> {
    let (Some([a, b]), Some(local), Some(remote)) = (
        planned.regions(),
        package.local_area_id.as_deref(),
        package.remote_area_id.as_deref(),
    ) else {
        return Vec::new();
    };
    let region_mode = package.interflow_mode.as_deref() == Some(INTERFLOW_REGION);
    let detail = if region_mode {
        (!same_pair([&a, &b], [local, remote]))
            .then(|| format!("the package joins regions {local} and {remote}"))
    } else {
        match (area_of(&a), area_of(&b)) {
            (Some(area_a), Some(area_b)) if !same_pair([area_a, area_b], [local, remote]) => {
                Some(format!(
                    "{a} is in {area_a} and {b} in {area_b}, but the package joins {local} and {remote}"
                ))
            }
            _ => None,
        }
    };
    detail
        .map(|detail| {
            REGIONS_IN_PACKAGE.breach(
                vec![
                    Party::input("inter_region_ids", format!("{a} ↔ {b}")),
                    known(package, Some(format!("{local} ↔ {remote}"))),
                ],
                detail,
            )
        })
        .into_iter()
        .collect()
}

/// Rule 4: each `planned` inter-region bandwidth against the others and the `existing` ones of
/// the same cloud connection.
pub fn one_per_region_pair(
    planned: &[InterRegionBandwidth],
    existing_ones: &[InterRegionBandwidth],
) -> Vec<Breach> {
    let mut out = Vec::new();
    let party = |i: &InterRegionBandwidth, planned: bool, pair: &[String; 2]| {
        let value = format!("{} ↔ {}", pair[0], pair[1]);
        if planned {
            Party::input("inter_region_ids", value)
        } else {
            known(i, Some(value))
        }
    };
    for (n, a) in planned.iter().enumerate() {
        let others = planned[n + 1..]
            .iter()
            .map(|b| (b, true))
            .chain(existing_ones.iter().map(|b| (b, false)));
        for (b, b_planned) in others {
            let (Some(pa), Some(pb)) = (a.regions(), b.regions()) else {
                continue;
            };
            if (!a.id.is_empty() && a.id == b.id)
                || a.cloud_connection_id != b.cloud_connection_id
                || !same_pair([&pa[0], &pa[1]], [&pb[0], &pb[1]])
            {
                continue;
            }
            out.push(ONE_PER_REGION_PAIR.breach(
                vec![party(a, true, &pa), party(b, b_planned, &pb)],
                format!(
                    "join the same two regions on cloud connection {}",
                    text(&a.cloud_connection_id)
                ),
            ));
        }
    }
    out
}

/// Rule 5: each region of `planned` holds one of the `instances` of `cloud_connection`.
pub fn regions_have_instances(
    planned: &InterRegionBandwidth,
    cloud_connection: &CloudConnection,
    instances: &[NetworkInstance],
) -> Vec<Breach> {
    let Some(regions) = planned.regions() else {
        return Vec::new();
    };
    regions
        .iter()
        .filter(|region| {
            !instances.iter().any(|ni| {
                text(&ni.cloud_connection_id) == cloud_connection.id
                    && text(&ni.region_id).eq_ignore_ascii_case(region)
            })
        })
        .map(|region| {
            REGIONS_HAVE_INSTANCES.breach(
                vec![
                    Party::input("inter_region_ids", region),
                    known(cloud_connection, None),
                ],
                format!("it has no network instance in {region}"),
            )
        })
        .collect()
}

/// Rule 8: `cloud_connection`, which a plan deletes, with the `packages` that stay bound to it
/// after the plan; `detail` says why they stay and what to do.
pub fn package_bound_on_delete(
    cloud_connection: &CloudConnection,
    packages: &[BandwidthPackage],
    detail: String,
) -> Vec<Breach> {
    if packages.is_empty() {
        return Vec::new();
    }
    let mut parties = vec![known(cloud_connection, Some("deleted by the plan".into()))];
    parties.extend(
        packages
            .iter()
            .map(|p| known(p, Some("bound to it".into()))),
    );
    vec![PACKAGE_BOUND_ON_DELETE.breach(parties, detail)]
}

/// Each `planned` network instance with each one after it (`true`: also planned) and each
/// `existing` one that is not itself.
fn instance_pairs<'a>(
    planned: &'a [NetworkInstance],
    existing_ones: &'a [NetworkInstance],
) -> Vec<(&'a NetworkInstance, &'a NetworkInstance, bool)> {
    let mut out = Vec::new();
    for (n, a) in planned.iter().enumerate() {
        out.extend(planned[n + 1..].iter().map(|b| (a, b, true)));
        out.extend(
            existing_ones
                .iter()
                .filter(|b| a.id.is_empty() || b.id != a.id)
                .map(|b| (a, b, false)),
        );
    }
    out
}

/// Rule 6: a `planned` VPC against every other network instance (of any cloud connection).
pub fn vpc_loaded_once(
    planned: &[NetworkInstance],
    existing_ones: &[NetworkInstance],
) -> Vec<Breach> {
    fn vpc(ni: &NetworkInstance) -> Option<&str> {
        let kind = text(&ni.instance_type);
        (kind.is_empty() || kind.eq_ignore_ascii_case("vpc"))
            .then(|| text(&ni.instance_id))
            .filter(|id| !id.is_empty())
    }
    instance_pairs(planned, existing_ones)
        .into_iter()
        .filter(
            |(a, b, _)| matches!((vpc(a), vpc(b)), (Some(x), Some(y)) if x.eq_ignore_ascii_case(y)),
        )
        .map(|(a, b, b_planned)| {
            let other = if b_planned {
                Party::input("instance_id", text(&b.instance_id))
            } else {
                let on = format!("cloud connection {}", text(&b.cloud_connection_id));
                known(b, Some(on))
            };
            VPC_LOADED_ONCE.breach(
                vec![Party::input("instance_id", text(&a.instance_id)), other],
                format!("both load VPC {}", text(&a.instance_id)),
            )
        })
        .collect()
}

/// Rule 7: the subnets of each `planned` network instance against each other's, and against
/// those of the `existing` ones of the same cloud connection.
pub fn cidrs_disjoint(
    planned: &[NetworkInstance],
    existing_ones: &[NetworkInstance],
) -> Vec<Breach> {
    let cidrs = |ni: &NetworkInstance| -> Vec<(String, Prefix)> {
        ni.cidrs
            .iter()
            .flatten()
            .filter_map(|c| Prefix::parse(c).map(|p| (c.clone(), p)))
            .collect()
    };
    let mut out = Vec::new();
    let mut clash = |a: Party, b: Party| {
        out.push(CIDRS_DISJOINT.breach(vec![a, b], "overlap"));
    };
    for ni in planned {
        let own = cidrs(ni);
        for (n, (text_a, a)) in own.iter().enumerate() {
            for (text_b, b) in &own[n + 1..] {
                if a.overlaps(*b) {
                    clash(Party::input("cidrs", text_a), Party::input("cidrs", text_b));
                }
            }
        }
    }
    for (a, b, b_planned) in instance_pairs(planned, existing_ones) {
        if a.cloud_connection_id != b.cloud_connection_id {
            continue;
        }
        for (text_a, pa) in cidrs(a) {
            for (text_b, pb) in cidrs(b) {
                if pa.overlaps(pb) {
                    let other = if b_planned {
                        Party::input("cidrs", &text_b)
                    } else {
                        known(b, Some(text_b.clone()))
                    };
                    clash(Party::input("cidrs", &text_a), other);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn irb(id: &str, mbps: u64, a: &str, b: &str) -> InterRegionBandwidth {
        InterRegionBandwidth {
            id: id.into(),
            cloud_connection_id: Some("cc".into()),
            bandwidth_package_id: Some("p".into()),
            bandwidth: Some(mbps),
            inter_regions: Some(vec![super::super::models::InterRegion {
                local_region_id: Some(a.into()),
                remote_region_id: Some(b.into()),
            }]),
            ..InterRegionBandwidth::default()
        }
    }

    fn ni(id: &str, vpc: &str, cidrs: &[&str]) -> NetworkInstance {
        NetworkInstance {
            id: id.into(),
            cloud_connection_id: Some("cc".into()),
            instance_type: Some("vpc".into()),
            instance_id: Some(vpc.into()),
            cidrs: Some(cidrs.iter().map(|c| c.to_string()).collect()),
            ..NetworkInstance::default()
        }
    }

    #[test]
    fn a_planned_set_is_judged_against_itself_as_well_as_what_exists() {
        let package = BandwidthPackage {
            id: "p".into(),
            bandwidth: Some(20),
            ..BandwidthPackage::default()
        };
        // Two planned draws of 12 overdraw 20 together, each alone fits.
        let planned = [
            irb("", 12, "cn-north-4", "cn-south-1"),
            irb("", 12, "cn-north-4", "cn-east-3"),
        ];
        assert!(package_carries(&package, &planned[..1], &[]).is_empty());
        let over = package_carries(&package, &planned, &[]);
        assert_eq!(over.len(), 1);
        assert!(
            over[0].message().contains("24 Mbit/s in all"),
            "{}",
            over[0].message()
        );
        // A new bandwidth for an existing one replaces it rather than adding to it.
        let existing = [irb("a", 15, "x-1", "y-1")];
        assert!(package_carries(&package, &[irb("a", 20, "x-1", "y-1")], &existing).is_empty());
        // The same pair twice in one plan, whichever way round.
        let twice = [irb("", 1, "a-1", "b-1"), irb("", 1, "b-1", "a-1")];
        assert_eq!(one_per_region_pair(&twice, &[]).len(), 1);
        // Two planned instances: the same VPC, overlapping subnets.
        let pair = [ni("", "v", &["10.0.0.0/16"]), ni("", "v", &["10.0.5.0/24"])];
        assert_eq!(vpc_loaded_once(&pair, &[]).len(), 1);
        assert_eq!(cidrs_disjoint(&pair, &[]).len(), 1);
        // An instance does not clash with itself when its subnets change.
        let me = ni("i", "v", &["10.0.0.0/16"]);
        assert!(cidrs_disjoint(std::slice::from_ref(&me), std::slice::from_ref(&me)).is_empty());
        assert!(vpc_loaded_once(std::slice::from_ref(&me), std::slice::from_ref(&me)).is_empty());
    }

    #[test]
    fn regions_lie_within_the_packages_ends() {
        assert_eq!(area_of("CN-NORTH-4"), Some("Chinese-Mainland"));
        assert_eq!(area_of("eu-west-0"), None);
        let area = BandwidthPackage {
            id: "p".into(),
            local_area_id: Some("Chinese-Mainland".into()),
            remote_area_id: Some("Asia-Pacific".into()),
            ..BandwidthPackage::default()
        };
        assert!(regions_in_package(&irb("", 1, "ap-southeast-1", "cn-north-4"), &area).is_empty());
        assert_eq!(
            regions_in_package(&irb("", 1, "cn-south-1", "cn-north-4"), &area).len(),
            1
        );
        // A region the documents do not list is not judged.
        assert!(regions_in_package(&irb("", 1, "eu-west-0", "cn-north-4"), &area).is_empty());
        let region = BandwidthPackage {
            interflow_mode: Some("Region".into()),
            local_area_id: Some("cn-north-4".into()),
            remote_area_id: Some("cn-south-1".into()),
            ..area
        };
        assert!(regions_in_package(&irb("", 1, "cn-south-1", "cn-north-4"), &region).is_empty());
        assert_eq!(
            regions_in_package(&irb("", 1, "cn-east-3", "cn-north-4"), &region).len(),
            1
        );
        assert!(RULES.iter().all(|r| r.name.starts_with("huawei-")));
    }
}
