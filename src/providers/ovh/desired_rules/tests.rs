use super::*;
use crate::desired::parse::parse;
use crate::providers::ovh::desired::{SPEC, dc_live, extra_live, pop_live};
use crate::providers::ovh::testing::{l3_datacenter, l3_pop, l3_route};

const UUID: &str = "5f8f3b52-0000-4000-8000-000000000002";

/// The seeded L3 service: POP 1001 on interface 2002, datacenter configuration 3001 (5,
/// 10.10.0.0/28), a static route 4001.
fn seeded() -> Vec<Live> {
    let (pop, dc, route) = (l3_pop(), l3_datacenter(), l3_route());
    let mut dc = dc_live(&dc, 3001);
    dc.children.push(extra_live(&route, 4001));
    let mut pop = pop_live(&pop, 1001);
    pop.children.push(dc);
    let mut service = Live::new("services", UUID, UUID).with("service", UUID);
    service.children.push(pop);
    vec![service]
}

/// The breaches of `pops` (the YAML of the service's `pop_configs`, indented for it) against
/// the seeded service: (line, rule, message).
fn found(pops: &str) -> Vec<(usize, &'static str, String)> {
    let text = format!("ovh:\n  services:\n    - service: {UUID}\n      pop_configs:\n{pops}");
    let file = parse(&text, "f.yaml", &[&SPEC], &|_| None).unwrap();
    breaches(&file.parts[0], &seeded())
        .into_iter()
        .map(|l| (l.line, l.breach.rule.name, l.breach.message()))
        .collect()
}

/// The seeded POP and datacenter configuration as a file writes them, then `extras`.
fn under_dc(extras: &str) -> String {
    format!(
        "        - interface: 2002\n          type: l3\n          datacenter_configs:\n            - datacenter: 5\n              extras:\n{extras}"
    )
}

#[test]
fn what_exists_and_is_unchanged_breaks_nothing() {
    // The datacenter configuration's L3 fields left out: not managed, not sent, not judged.
    let same = under_dc(
        "                - type: network\n                  subnet: 172.16.0.0/24\n                  next_hop: 10.10.0.10\n",
    );
    assert_eq!(found(&same), []);
}

#[test]
fn a_new_extra_is_judged_against_the_subnet_it_has_and_the_extras_there() {
    // Line 10 is the new extra: its next hop is the broadcast address of 10.10.0.0/28.
    let broadcast = under_dc(
        "                - type: network\n                  subnet: 172.16.9.0/24\n                  next_hop: 10.10.0.15\n",
    );
    let got = found(&broadcast);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (10, rules_span::USABLE_HOST.name));
    assert!(
        got[0]
            .2
            .starts_with("next_hop 10.10.0.15 and datacenter configuration 3001 (10.10.0.0/28)"),
        "{}",
        got[0].2
    );
    // A BGP session beside the static route that stays.
    let bgp = under_dc(
        "                - type: bgp\n                  bgp_neighbor_asn: 65500\n                  bgp_neighbor_ip: 10.10.0.4\n",
    );
    let got = found(&bgp);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (10, TYPES_APART.name));
    assert!(
        got[0]
            .2
            .contains("type bgp and extra configuration 4001 (network)"),
        "{}",
        got[0].2
    );
    // Two new ones of two types in the file: the later one breaks it.
    let two = under_dc(
        "                - type: network\n                  subnet: 172.16.0.0/24\n                  next_hop: 10.10.0.10\n                - type: network\n                  subnet: 172.16.1.0/24\n                  next_hop: 10.10.0.11\n                - type: bgp\n                  bgp_neighbor_asn: 65500\n                  bgp_neighbor_ip: 10.10.0.4\n",
    );
    let got = found(&two);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (16, TYPES_APART.name));
}

#[test]
fn a_replaced_datacenter_configuration_takes_its_extras_with_it() {
    // Its subnet changes: it is made again, empty, so the BGP session does not meet the route,
    // and the session's neighbour is judged against the new subnet.
    let pops = "        - interface: 2002\n          type: l3\n          datacenter_configs:\n            - datacenter: 5\n              ovh_asn: 65402\n              subnet: 10.20.0.0/28\n              extras:\n                - type: bgp\n                  bgp_neighbor_asn: 65500\n                  bgp_neighbor_ip: 10.10.0.4\n";
    let got = found(pops);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0, got[0].1),
        (12, rules_span::ADDRESS_IN_SUBNET.name)
    );
    assert!(
        got[0]
            .2
            .contains("bgp_neighbor_ip 10.10.0.4 and datacenter configuration (10.20.0.0/28)"),
        "{}",
        got[0].2
    );
}

#[test]
fn the_fields_of_each_sent_configuration_are_the_commands_rules() {
    // A new L3 POP configuration without its ASNs and subnet.
    let got = found(
        "        - interface: 2002\n          type: l3\n        - interface: 2099\n          type: l3\n",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (7, FIELDS.name));
    assert!(
        got[0].2.starts_with(
            "customer_asn (not given) and ovh_asn (not given) and subnet (not given): an L3 POP configuration needs"
        ),
        "{}",
        got[0].2
    );
    // An ASN between the two private ranges; the same ASN on both ends.
    let got = found(
        "        - interface: 2099\n          type: l3\n          customer_asn: 70000\n          ovh_asn: 65401\n          subnet: 192.0.2.4/30\n",
    );
    assert!(
        got[0].2.contains("70000 is not a private AS number"),
        "{got:?}"
    );
    let got = found(
        "        - interface: 2099\n          type: l3\n          customer_asn: 65401\n          ovh_asn: 65401\n          subnet: 192.0.2.4/30\n",
    );
    assert!(
        got[0]
            .2
            .starts_with("customer_asn 65401 and ovh_asn 65401:"),
        "{got:?}"
    );
    // A datacenter configuration under an L3 POP, without the OVH ASN.
    let got = found(
        "        - interface: 2002\n          type: l3\n          datacenter_configs:\n            - datacenter: 6\n              subnet: 10.20.0.0/28\n",
    );
    assert_eq!((got[0].0, got[0].1), (8, FIELDS.name), "{got:?}");
    assert!(got[0].2.starts_with("ovh_asn (not given):"), "{got:?}");
}

#[test]
fn a_service_stays_one_layer() {
    let got = found(
        "        - interface: 2002\n          type: l3\n        - interface: 2099\n          type: l2\n",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (7, ONE_LAYER.name));
    assert!(
        got[0]
            .2
            .starts_with("type l2 and POP configuration 1001 (l3 on interface 2002)"),
        "{}",
        got[0].2
    );
    // Replaced by an L2 one on the same interface: the L3 one goes first.
    assert_eq!(found("        - interface: 2002\n          type: l2\n"), []);
}

#[test]
fn a_description_holds_no_control_character() {
    let text = format!("ovh:\n  services:\n    - service: {UUID}\n      description: \"a\\tb\"\n");
    let file = parse(&text, "f.yaml", &[&SPEC], &|_| None).unwrap();
    let got = breaches(&file.parts[0], &seeded());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].line, 3);
    assert!(
        got[0]
            .breach
            .message()
            .starts_with("description a\\tb: must not hold"),
        "{}",
        got[0].breach.message()
    );
}

#[test]
fn every_rule_of_the_commands_is_registered() {
    for rule in rules_span::RULES {
        assert!(RULES.contains(rule), "{}", rule.name);
    }
}
