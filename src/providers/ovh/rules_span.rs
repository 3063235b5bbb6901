//! The rules that span an extra configuration and its datacenter configuration (`CLI.md` §5):
//! where a static route's next hop or a BGP neighbour's IP may lie, and a route added once.
//! `cc ovh extra create` checks them from the datacenter configuration and its extras it reads
//! first; the simulator runs the same code and answers `400 Client::BadRequest`. The rules of
//! one body alone are in `rules.rs`.
//!
//! Evidence: [`ADDRESS_IN_SUBNET`] is the provider document's ("Option L3 : route statique":
//! `nextHop`, « Adresse IP agissant comme passerelle dans la plage de sous-réseau »; "Session
//! BGP": `bgpNeighborIp`, « votre adresse IP dans la plage de sous-réseau »).
//!
//! # Inferred rules (the one place to correct them)
//!
//! - [`USABLE_HOST`]: the address is not the network or broadcast address of the datacenter
//!   subnet (a /28 or larger, so it has both): a gateway or a BGP peer is a host, and neither
//!   address is one. Not in the document (provider notes, Part 4: INF).
//! - [`ROUTE_ONCE`]: a datacenter configuration does not hold the same static route (the same
//!   subnet via the same next hop) twice; a second one could only duplicate the first. Not in
//!   the document (INF).

use std::net::Ipv4Addr;

use super::models::{ConfigStatus, DatacenterExtraConfig, ExtraType};
use crate::netaddr::Prefix;
use crate::rules::{self, Breach, Evidence, Party, Rule};

/// The next hop or BGP neighbour IP lies inside the datacenter subnet.
pub static ADDRESS_IN_SUBNET: Rule = Rule {
    name: "ovh-address-in-dc-subnet",
    says: "a static route's next hop and a BGP neighbour IP lie inside their datacenter configuration's subnet",
    evidence: Evidence::Documented(
        "OVHcloud Connect APIv6 guide, \"Option L3\": the next hop and the BGP neighbour IP are in the subnet range (\"dans la plage de sous-réseau\")",
    ),
};

/// The next hop or BGP neighbour IP is a usable host of the datacenter subnet.
pub static USABLE_HOST: Rule = Rule {
    name: "ovh-usable-host",
    says: "a static route's next hop and a BGP neighbour IP are usable hosts of the datacenter subnet, not its network or broadcast address",
    evidence: Evidence::Inferred(
        "not in the provider document; a gateway or a BGP peer is a host, and the network and broadcast addresses of a /28 or larger are not hosts",
    ),
};

/// The same static route is not added twice to one datacenter configuration.
pub static ROUTE_ONCE: Rule = Rule {
    name: "ovh-route-once",
    says: "a datacenter configuration holds each static route (subnet via next hop) once",
    evidence: Evidence::Inferred(
        "not in the provider document; a second identical route could only duplicate the first",
    ),
};

/// Every rule of this module, for `--skip-rule`.
pub const RULES: &[&Rule] = &[&ADDRESS_IN_SUBNET, &USABLE_HOST, &ROUTE_ONCE];

/// The datacenter configuration the extras go to.
#[derive(Debug, Clone, Copy)]
pub struct Datacenter<'a> {
    /// Its id, when it exists.
    pub id: Option<u64>,
    /// Its subnet, as the provider holds it.
    pub subnet: &'a str,
}

impl Datacenter<'_> {
    fn party(&self) -> Party {
        let id = self.id.map(|id| id.to_string());
        Party::resource(
            "datacenter configuration",
            None,
            id.as_deref(),
            Some(self.subnet.to_string()),
        )
    }
}

/// The address an extra puts in the datacenter subnet, with its field.
fn address(extra: &DatacenterExtraConfig) -> Option<(&'static str, &str)> {
    match extra.kind {
        ExtraType::Network => Some(("nextHop", extra.next_hop.as_deref()?)),
        ExtraType::Bgp => Some(("bgpNeighborIp", extra.bgp_neighbor_ip.as_deref()?)),
        ExtraType::Other(_) => None,
    }
}

/// A static route as the rules compare it: its subnet (as a network) and next hop.
fn route(extra: &DatacenterExtraConfig) -> Option<(Prefix, Ipv4Addr)> {
    if extra.kind != ExtraType::Network {
        return None;
    }
    let subnet = Prefix::parse(extra.subnet.as_deref()?)?.trunc();
    Some((subnet, extra.next_hop.as_deref()?.trim().parse().ok()?))
}

/// The breaches of the extras `planned` for datacenter configuration `dc`, which holds
/// `existing` (those being deleted do not count). Values that do not parse are left to the
/// checks of each value.
pub fn check(
    dc: Datacenter<'_>,
    planned: &[DatacenterExtraConfig],
    existing: &[DatacenterExtraConfig],
) -> Vec<Breach> {
    let mut out = Vec::new();
    if let Some(net) = Prefix::parse(dc.subnet) {
        for extra in planned {
            out.extend(placed(dc, net, extra));
        }
    }
    let live: Vec<DatacenterExtraConfig> = existing
        .iter()
        .filter(|e| e.status != Some(ConfigStatus::ToDelete))
        .cloned()
        .collect();
    for (a, b) in rules::pairs(planned, &live) {
        let (Some(ra), Some(rb)) = (route(a), route(b)) else {
            continue;
        };
        if ra == rb {
            let shown = format!("{} via {}", ra.0, ra.1);
            let id = b.id.map(|id| id.to_string());
            out.push(ROUTE_ONCE.breach(
                vec![
                    Party::input("subnet", a.subnet.as_deref().unwrap_or_default()),
                    Party::resource("static route", None, id.as_deref(), Some(shown)),
                ],
                "the same route is already there",
            ));
        }
    }
    out
}

/// The breach of where `extra`'s address lies in `net`, the subnet of `dc`, if any.
fn placed(dc: Datacenter<'_>, net: Prefix, extra: &DatacenterExtraConfig) -> Option<Breach> {
    let (field, text) = address(extra)?;
    let ip: Ipv4Addr = text.trim().parse().ok()?;
    let parties = vec![Party::input(field, ip), dc.party()];
    if !net.contains_addr(ip) {
        return Some(ADDRESS_IN_SUBNET.breach(
            parties,
            format!("{ip} is not inside the datacenter subnet {}", net.trunc()),
        ));
    }
    if net.is_usable_host(ip) {
        return None;
    }
    let which = if ip == net.network() {
        "network"
    } else {
        "broadcast"
    };
    Some(USABLE_HOST.breach(
        parties,
        format!("{ip} is the {which} address of {}, not a host", net.trunc()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extra(kind: ExtraType, subnet: Option<&str>, ip: &str, id: u64) -> DatacenterExtraConfig {
        let network = kind == ExtraType::Network;
        DatacenterExtraConfig {
            id: Some(id),
            status: Some(ConfigStatus::Active),
            kind,
            subnet: subnet.map(str::to_string),
            next_hop: network.then(|| ip.to_string()),
            bgp_neighbor_area: (!network).then_some(65500),
            bgp_neighbor_ip: (!network).then(|| ip.to_string()),
        }
    }

    const DC: Datacenter<'static> = Datacenter {
        id: Some(3001),
        subnet: "10.20.0.0/28",
    };

    fn names(found: &[Breach]) -> Vec<&str> {
        found.iter().map(|b| b.rule.name).collect()
    }

    #[test]
    fn addresses_are_usable_hosts_inside_the_datacenter_subnet() {
        let route = |ip| extra(ExtraType::Network, Some("172.16.1.0/24"), ip, 1);
        assert!(check(DC, &[route("10.20.0.1")], &[]).is_empty());
        assert!(check(DC, &[route("10.20.0.14")], &[]).is_empty());
        let b = check(DC, &[route("10.20.0.0")], &[]);
        assert_eq!(names(&b), [USABLE_HOST.name]);
        assert!(b[0].message().starts_with(
            "nextHop 10.20.0.0 and datacenter configuration 3001 (10.20.0.0/28): 10.20.0.0 is the network address"
        ));
        let b = check(DC, &[route("10.20.0.15")], &[]);
        assert!(b[0].detail.contains("broadcast"), "{}", b[0].detail);
        let b = check(DC, &[route("10.20.0.16")], &[]);
        assert_eq!(names(&b), [ADDRESS_IN_SUBNET.name]);
        let bgp = extra(ExtraType::Bgp, None, "10.20.0.15", 2);
        let b = check(DC, &[bgp], &[]);
        assert!(b[0].message().starts_with("bgpNeighborIp 10.20.0.15"));
    }

    #[test]
    fn a_route_is_added_once() {
        let old = extra(ExtraType::Network, Some("172.16.1.0/24"), "10.20.0.5", 4001);
        let same = extra(ExtraType::Network, Some("172.16.1.0/24"), "10.20.0.5", 0);
        let b = check(DC, std::slice::from_ref(&same), std::slice::from_ref(&old));
        assert_eq!(names(&b), [ROUTE_ONCE.name]);
        assert!(
            b[0].message().contains(
                "subnet 172.16.1.0/24 and static route 4001 (172.16.1.0/24 via 10.20.0.5)"
            ),
            "{}",
            b[0].message()
        );
        // Twice in one plan, too; another next hop, or a route being deleted, is not the same.
        assert_eq!(
            names(&check(DC, &[same.clone(), same.clone()], &[])),
            [ROUTE_ONCE.name]
        );
        let other = extra(ExtraType::Network, Some("172.16.1.0/24"), "10.20.0.6", 0);
        assert!(check(DC, &[other], std::slice::from_ref(&old)).is_empty());
        let mut leaving = old;
        leaving.status = Some(ConfigStatus::ToDelete);
        assert!(check(DC, &[same], &[leaving]).is_empty());
    }
}
