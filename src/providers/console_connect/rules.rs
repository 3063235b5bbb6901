//! The rules of an Azure peering that span its values (`CLI.md` §5), and the peer ASN's range:
//! checked by `cc console-connect azure peering set` before anything is sent, and by the
//! simulator, which answers a breach in Console Connect's error body, from this one code.
//!
//! Evidence: Azure's ExpressRoute routing requirements (MicrosoftDocs azure-docs,
//! `articles/expressroute/expressroute-routing.md`), which Console Connect's Azure peering
//! passes on (provider notes §2.4 and Part 5):
//! - "two /30 subnets ... The first /30 subnet is used for the primary link and the second /30
//!   subnet is used for the secondary link" ([`LINK_SUBNETS_DISTINCT`]);
//! - Microsoft peering: "You must use public IP addresses that you own for setting up the BGP
//!   sessions", "Traffic destined to Microsoft cloud services must use valid public IPv4
//!   addresses", and the provider "must filter out ... private IP addresses (RFC 1918) from the
//!   Azure public and Microsoft peering paths" ([`MICROSOFT_PUBLIC_ONLY`]; what is not public
//!   is `netaddr::NOT_PUBLIC`, the IANA special-purpose registry);
//! - "Microsoft uses AS 12076 for Azure public, Azure private and Microsoft peering. We have
//!   reserved ASNs from 65515 to 65520 for internal use. Both 16 and 32 bit AS numbers are
//!   supported" ([`check_peer_asn`]; 23456 is AS_TRANS, RFC 6793, and 65535 and 4294967295 are
//!   reserved, RFC 7300);
//! - "A Private AS Number is allowed with Microsoft Peering, but will also require manual
//!   validation" (a warning, [`private_asn_warning`]).
//!
//! # Inferred rules (the one place to correct them)
//!
//! - [`MICROSOFT_PEER_ASN`]: the peer ASN of a MICROSOFT peering is not one of Microsoft's own.
//!   12076 is documented as Microsoft's side of every peering (above), so a peer using it would
//!   peer with itself; 8074 and 8075 are Microsoft's other public ASNs (provider notes, Part 5:
//!   INF). Azure's refusal of them is not documented.

use super::models::PeeringType;
use crate::netaddr::{self, Prefix};
use crate::rules::{Breach, Evidence, Party, Rule};

/// The body field of the peer ASN.
pub const PEER_ASN: &str = "peerASN";
/// The body field of the primary link subnet.
pub const PRIMARY: &str = "primaryPeerAddressPrefix";
/// The body field of the secondary link subnet.
pub const SECONDARY: &str = "secondaryPeerAddressPrefix";
/// The body field of the advertised prefixes.
pub const PREFIXES: &str = "advertisedPublicPrefixes";
/// What names the peering type in a breach (the path segment, not a body field).
pub const TYPE: &str = "peeringType";

/// Microsoft's own ASNs: 12076 (documented), 8074 and 8075 (inferred).
pub const MICROSOFT_ASNS: [u32; 3] = [8074, 8075, 12076];

/// A peering's primary and secondary link subnets are two distinct /30s.
pub static LINK_SUBNETS_DISTINCT: Rule = Rule {
    name: "console-connect-link-subnets-distinct",
    says: "a peering's primary and secondary links take two distinct /30 subnets",
    evidence: Evidence::Documented(
        "Azure ExpressRoute routing requirements: two /30 subnets, the first for the primary link and the second for the secondary link",
    ),
};

/// A MICROSOFT peering uses public link subnets and advertises public prefixes only.
pub static MICROSOFT_PUBLIC_ONLY: Rule = Rule {
    name: "console-connect-microsoft-public-only",
    says: "a MICROSOFT peering uses public link subnets and advertises public prefixes only (no RFC 1918, CGNAT, link-local, loopback, documentation or other special-purpose ranges)",
    evidence: Evidence::Documented(
        "Azure ExpressRoute routing requirements: Microsoft peering must use public IP addresses that you own; private addresses (RFC 1918) are filtered",
    ),
};

/// A MICROSOFT peering's peer ASN is not one of Microsoft's.
pub static MICROSOFT_PEER_ASN: Rule = Rule {
    name: "console-connect-microsoft-peer-asn",
    says: "a MICROSOFT peering's peer ASN is not one of Microsoft's own (8074, 8075, 12076)",
    evidence: Evidence::Inferred(
        "Azure documents AS 12076 as Microsoft's side of every peering; 8074 and 8075 are Microsoft's other ASNs; a refusal of them is not documented",
    ),
};

/// What a desired-state file adds on one port fits its free capacity (the sum of the speeds of
/// the connections it orders there; `Port::carries`, which `azure create` and the simulator
/// check per order).
pub static PORT_CAPACITY: Rule = Rule {
    name: "console-connect-port-capacity",
    says: "the connections a file orders on one port fit, together, within the port's line rate and free capacity",
    evidence: Evidence::Inferred(
        "the API reference documents a port's capacity {total, utilised, remaining} in Mbps; a refusal of an order beyond it is not documented",
    ),
};

/// Each value of a peering in a desired-state file is one Azure takes (checked as
/// `azure peering set` checks its flags, before anything is sent).
pub static PEERING_VALUES: Rule = Rule {
    name: "console-connect-peering-values",
    says: "a peering's peer ASN is 1-4294967294 but not 23456, 65535 or 65515-65520, its link subnets are IPv4 /30s, its VLAN is 1-4094, and only MICROSOFT takes advertised prefixes (at least one) and a routing registry",
    evidence: Evidence::Documented(
        "Azure ExpressRoute routing requirements (ASNs, /30 link subnets); the provider document: advertisedPublicPrefixes and routingRegistryName are only used for configs of type MICROSOFT",
    ),
};

/// Every rule of this module, for `--skip-rule`.
pub const RULES: &[&Rule] = &[
    &LINK_SUBNETS_DISTINCT,
    &MICROSOFT_PUBLIC_ONLY,
    &MICROSOFT_PEER_ASN,
    &PORT_CAPACITY,
    &PEERING_VALUES,
    &super::desired_rules::PARTNER_VALUES,
    &super::desired_rules::PORT_NAMES,
];

/// A peer ASN Azure takes: 1-4294967294 (16- and 32-bit), not 23456 (AS_TRANS), 65535, nor
/// 65515-65520 (reserved by Microsoft), for every peering type. The refusal says why, without
/// naming the input.
pub fn check_peer_asn(asn: u64) -> Result<u32, String> {
    let reason = match asn {
        0 => "0 is not an AS number",
        4_294_967_295.. => "AS numbers end at 4294967294 (4294967295 is reserved, RFC 7300)",
        23456 => "23456 is AS_TRANS (RFC 6793), not an AS of its own",
        65535 => "65535 is reserved (RFC 7300)",
        65515..=65520 => "ASNs 65515-65520 are reserved by Microsoft for internal use",
        _ => return Ok(asn as u32),
    };
    Err(format!(
        "{reason}; Azure takes 16- and 32-bit ASNs from 1 to 4294967294"
    ))
}

/// The warning a private peer ASN gets on a MICROSOFT peering, if it is one.
pub fn private_asn_warning(kind: PeeringType, asn: u32) -> Option<String> {
    let private = (64512..=65534).contains(&asn) || (4_200_000_000..=4_294_967_294).contains(&asn);
    (kind == PeeringType::Microsoft && private).then(|| {
        format!(
            "peer ASN {asn} is private: Azure allows a private ASN on MICROSOFT peering only after manual validation (a support case), and strips it from the AS path"
        )
    })
}

/// The values of one peering that its rules judge, as the body carries them.
#[derive(Debug, Clone, Copy)]
pub struct Planned<'a> {
    /// Its type.
    pub kind: PeeringType,
    /// `peerASN`.
    pub peer_asn: u32,
    /// `primaryPeerAddressPrefix`.
    pub primary: &'a str,
    /// `secondaryPeerAddressPrefix`.
    pub secondary: &'a str,
    /// `advertisedPublicPrefixes`.
    pub prefixes: &'a [String],
}

/// The breaches of the peerings `planned` (one command's, or a whole file's). Values that are
/// not IPv4 prefixes are left to the checks of each value.
pub fn check(planned: &[Planned<'_>]) -> Vec<Breach> {
    planned.iter().flat_map(check_one).collect()
}

fn check_one(p: &Planned<'_>) -> Vec<Breach> {
    let mut out = Vec::new();
    let (primary, secondary) = (Prefix::parse(p.primary), Prefix::parse(p.secondary));
    if let (Some(a), Some(b)) = (primary, secondary)
        && a.overlaps(b)
    {
        let detail = if a.trunc() == b.trunc() {
            "are the same subnet: the two links need two /30s"
        } else {
            "overlap: the two links need two distinct /30s"
        };
        out.push(LINK_SUBNETS_DISTINCT.breach(
            vec![
                Party::input(PRIMARY, p.primary.trim()),
                Party::input(SECONDARY, p.secondary.trim()),
            ],
            detail,
        ));
    }
    if p.kind != PeeringType::Microsoft {
        return out;
    }
    let microsoft = || Party::input(TYPE, PeeringType::Microsoft);
    let links = [(PRIMARY, p.primary), (SECONDARY, p.secondary)];
    let prefixes = p.prefixes.iter().map(|x| (PREFIXES, x.as_str()));
    for (field, text) in links.into_iter().chain(prefixes) {
        let special = Prefix::parse(text).and_then(netaddr::not_public);
        if let Some(special) = special {
            out.push(MICROSOFT_PUBLIC_ONLY.breach(
                vec![Party::input(field, text.trim()), microsoft()],
                format!("{} lies in {} {}", text.trim(), special.range, special.what),
            ));
        }
    }
    if MICROSOFT_ASNS.contains(&p.peer_asn) {
        out.push(MICROSOFT_PEER_ASN.breach(
            vec![Party::input(PEER_ASN, p.peer_asn), microsoft()],
            format!("{} is Microsoft's own AS", p.peer_asn),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned<'a>(
        kind: PeeringType,
        asn: u32,
        a: &'a str,
        b: &'a str,
        pfx: &'a [String],
    ) -> Planned<'a> {
        Planned {
            kind,
            peer_asn: asn,
            primary: a,
            secondary: b,
            prefixes: pfx,
        }
    }

    #[test]
    fn peer_asns_are_16_or_32_bit_minus_the_reserved() {
        for ok in [1, 64496, 65514, 65521, 65534, 70000, 4_294_967_294] {
            assert_eq!(check_peer_asn(ok), Ok(ok as u32), "{ok}");
        }
        for bad in [0, 23456, 65515, 65520, 65535, 4_294_967_295, 5_000_000_000] {
            assert!(check_peer_asn(bad).is_err(), "{bad}");
        }
        assert!(private_asn_warning(PeeringType::Microsoft, 64600).is_some());
        assert!(private_asn_warning(PeeringType::Private, 64600).is_none());
        assert!(private_asn_warning(PeeringType::Microsoft, 64496).is_none());
    }

    #[test]
    fn link_subnets_must_differ_for_every_type() {
        let none: [String; 0] = [];
        let b = check(&[planned(
            PeeringType::Private,
            65010,
            "169.254.0.0/30",
            "169.254.0.0/30",
            &none,
        )]);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].rule, &LINK_SUBNETS_DISTINCT);
        assert!(b[0].message().starts_with(
            "primaryPeerAddressPrefix 169.254.0.0/30 and secondaryPeerAddressPrefix 169.254.0.0/30"
        ));
        let ok = check(&[planned(
            PeeringType::Private,
            65010,
            "169.254.0.0/30",
            "169.254.0.4/30",
            &none,
        )]);
        assert!(ok.is_empty());
    }

    #[test]
    fn microsoft_peering_is_public_and_not_microsofts_asn() {
        let private = ["10.0.0.0/24".to_string(), "123.1.0.0/24".to_string()];
        let b = check(&[planned(
            PeeringType::Microsoft,
            12076,
            "100.64.0.0/30",
            "123.0.0.4/30",
            &private,
        )]);
        let rules: Vec<&str> = b.iter().map(|b| b.rule.name).collect();
        assert_eq!(
            rules,
            [
                MICROSOFT_PUBLIC_ONLY.name,
                MICROSOFT_PUBLIC_ONLY.name,
                MICROSOFT_PEER_ASN.name
            ]
        );
        assert!(b[0].message().contains("CGNAT"), "{}", b[0].message());
        assert!(
            b[1].message()
                .starts_with("advertisedPublicPrefixes 10.0.0.0/24 and peeringType MICROSOFT")
        );
        let public = ["123.1.0.0/24".to_string()];
        assert!(
            check(&[planned(
                PeeringType::Microsoft,
                64496,
                "123.0.0.0/30",
                "123.0.0.4/30",
                &public
            )])
            .is_empty()
        );
        // The same values on PRIVATE peering break nothing.
        assert!(
            check(&[planned(
                PeeringType::Private,
                12076,
                "10.0.0.0/30",
                "10.0.0.4/30",
                &[]
            )])
            .is_empty()
        );
    }
}
