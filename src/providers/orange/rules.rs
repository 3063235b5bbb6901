//! Orange's rules that span resources (`CLI.md` §5), checked by `cc orange create` before
//! anything is sent and by the simulator, which answers a breach in the gateway's error shape.
//!
//! # Inferred rules (the one place to correct them)
//!
//! - [`GATEWAY_SUBNETS_DISJOINT`]: the provider document types both fields ("Value of the Azure
//!   Gateway Subnet", "Value of the Orange Business Network Gateway Subnet", step 7) and says
//!   nothing of how they relate (provider notes, Part 5: INF). They address the two ends of one
//!   routed link, Azure's gateway and Orange's, so an address in both could not be routed to
//!   either side.

use super::models::CreateConnector;
use crate::netaddr::Prefix;
use crate::rules::{Breach, Evidence, Party, Rule};

/// The body field of the Azure gateway subnet.
pub const AZURE_SUBNET: &str = "azureGatewaySubnet";
/// The body field of the network gateway subnet.
pub const NETWORK_SUBNET: &str = "networkSideGatewaySubnet";

/// A connector's Azure and network gateway subnets do not overlap.
pub static GATEWAY_SUBNETS_DISJOINT: Rule = Rule {
    name: "orange-gateway-subnets-disjoint",
    says: "a connector's Azure gateway subnet and network gateway subnet do not overlap",
    evidence: Evidence::Inferred(
        "the provider document gives both subnets without relating them; they address the two ends of one link, so an address in both could not be routed",
    ),
};

/// Every rule of this module, for `--skip-rule`.
pub const RULES: &[&Rule] = &[&GATEWAY_SUBNETS_DISJOINT];

/// The breach of [`GATEWAY_SUBNETS_DISJOINT`] by two gateway subnets (as written), if they are
/// both IPv4 prefixes and overlap. The parties are the two body fields.
pub fn gateway_subnets(azure: Option<&str>, network: Option<&str>) -> Option<Breach> {
    let (a, n) = (azure?, network?);
    let (pa, pn) = (Prefix::parse(a)?, Prefix::parse(n)?);
    if !pa.overlaps(pn) {
        return None;
    }
    let detail = if pa.trunc() == pn.trunc() {
        "are the same subnet".to_string()
    } else if pa.contains(pn) || pn.contains(pa) {
        "overlap: one contains the other".to_string()
    } else {
        "overlap".to_string()
    };
    Some(GATEWAY_SUBNETS_DISJOINT.breach(
        vec![
            Party::input(AZURE_SUBNET, a.trim()),
            Party::input(NETWORK_SUBNET, n.trim()),
        ],
        detail,
    ))
}

/// The breaches of the connectors `planned` (one create, or a whole file's).
pub fn check(planned: &[CreateConnector]) -> Vec<Breach> {
    planned
        .iter()
        .filter_map(|c| {
            gateway_subnets(
                c.azure_gateway_subnet.as_deref(),
                c.network_side_gateway_subnet.as_deref(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_gateway_subnets_are_a_breach_naming_both() {
        let same = gateway_subnets(Some("10.0.0.0/29"), Some("10.0.0.0/29")).unwrap();
        assert_eq!(same.rule, &GATEWAY_SUBNETS_DISJOINT);
        assert!(same.message().starts_with(
            "azureGatewaySubnet 10.0.0.0/29 and networkSideGatewaySubnet 10.0.0.0/29: are the same subnet"
        ));
        let nested = gateway_subnets(Some("10.0.0.0/24"), Some("10.0.0.8/29")).unwrap();
        assert!(nested.detail.contains("contains"));
        assert!(gateway_subnets(Some("10.0.0.0/29"), Some("10.0.0.8/29")).is_none());
        assert!(gateway_subnets(None, Some("10.0.0.8/29")).is_none());
        assert!(gateway_subnets(Some("2001:db8::/64"), Some("10.0.0.8/29")).is_none());
    }
}
