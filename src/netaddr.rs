//! IPv4 address arithmetic for the rules that span resources: a prefix's network and broadcast
//! addresses, its usable hosts, overlap and containment, and the ranges that are not public.
//!
//! Pure functions over `u32`, with no provider and no error type, so that a provider's checks,
//! its simulator and a whole-file plan reach the same answer from one implementation; the
//! property tests below hold them against a plain range reference for every prefix length.

use std::fmt;
use std::net::Ipv4Addr;

/// An IPv4 prefix, kept as written: `addr` may have host bits set (`10.0.0.1/24`); the range it
/// covers is that of its network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Prefix {
    addr: u32,
    len: u8,
}

impl Prefix {
    /// `addr/len`, or `None` for a length above 32.
    pub fn new(addr: Ipv4Addr, len: u8) -> Option<Prefix> {
        (len <= 32).then_some(Prefix {
            addr: u32::from(addr),
            len,
        })
    }

    /// `a.b.c.d/n` (surrounding spaces ignored), or `None`. A bare address is not a prefix.
    pub fn parse(text: &str) -> Option<Prefix> {
        let (addr, len) = text.trim().split_once('/')?;
        let addr: Ipv4Addr = addr.parse().ok()?;
        if len.is_empty() || len.len() > 2 || !len.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Prefix::new(addr, len.parse().ok()?)
    }

    /// The prefix length.
    pub fn prefix_len(self) -> u8 {
        self.len
    }

    /// The address as written.
    pub fn addr(self) -> Ipv4Addr {
        Ipv4Addr::from(self.addr)
    }

    /// The netmask as a number (`/24` is `0xffffff00`).
    fn mask(self) -> u32 {
        u32::MAX.checked_shl(32 - u32::from(self.len)).unwrap_or(0)
    }

    /// Whether the address as written is the network address (no host bits set).
    pub fn is_network(self) -> bool {
        self.addr & !self.mask() == 0
    }

    /// The network address: the first address of the range.
    pub fn network(self) -> Ipv4Addr {
        Ipv4Addr::from(self.first())
    }

    /// The broadcast address: the last address of the range.
    pub fn broadcast(self) -> Ipv4Addr {
        Ipv4Addr::from(self.last())
    }

    /// The same prefix written as its network (`10.0.0.1/24` → `10.0.0.0/24`).
    pub fn trunc(self) -> Prefix {
        Prefix {
            addr: self.first(),
            len: self.len,
        }
    }

    fn first(self) -> u32 {
        self.addr & self.mask()
    }

    fn last(self) -> u32 {
        self.first() | !self.mask()
    }

    /// How many addresses it covers (2^(32 - len)).
    pub fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.len))
    }

    /// Whether `ip` lies in the range.
    pub fn contains_addr(self, ip: Ipv4Addr) -> bool {
        (self.first()..=self.last()).contains(&u32::from(ip))
    }

    /// Whether `other`'s range lies wholly within this one.
    pub fn contains(self, other: Prefix) -> bool {
        self.first() <= other.first() && other.last() <= self.last()
    }

    /// Whether the two ranges share at least one address. Two prefixes either are disjoint or
    /// one contains the other.
    pub fn overlaps(self, other: Prefix) -> bool {
        self.first() <= other.last() && other.first() <= self.last()
    }

    /// The addresses a host may take: all but the network and broadcast addresses, except that
    /// a /31 has two usable addresses (RFC 3021, point-to-point) and a /32 its one.
    pub fn usable_hosts(self) -> std::ops::RangeInclusive<u32> {
        if self.len >= 31 {
            self.first()..=self.last()
        } else {
            self.first() + 1..=self.last() - 1
        }
    }

    /// How many usable host addresses it has (see [`Prefix::usable_hosts`]).
    pub fn usable_count(self) -> u64 {
        if self.len >= 31 {
            self.size()
        } else {
            self.size() - 2
        }
    }

    /// Whether `ip` is a usable host address of the range.
    pub fn is_usable_host(self, ip: Ipv4Addr) -> bool {
        self.usable_hosts().contains(&u32::from(ip))
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr(), self.len)
    }
}

impl From<ipnet::Ipv4Net> for Prefix {
    fn from(net: ipnet::Ipv4Net) -> Prefix {
        Prefix {
            addr: u32::from(net.addr()),
            len: net.prefix_len(),
        }
    }
}

/// A range of the IANA IPv4 Special-Purpose Address Registry (RFC 6890 and its updates) that is
/// not globally reachable, so not a public address, with what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Special {
    /// The range.
    pub range: Prefix,
    /// What the registry calls it, with its RFC (`private (RFC 1918)`).
    pub what: &'static str,
}

const fn special(a: u8, b: u8, c: u8, d: u8, len: u8, what: &'static str) -> Special {
    Special {
        range: Prefix {
            addr: u32::from_be_bytes([a, b, c, d]),
            len,
        },
        what,
    }
}

/// The IPv4 ranges that are not public unicast addresses: the special-purpose registry's
/// entries that are not globally reachable, and multicast. CLI.md §5 names RFC 1918, CGNAT,
/// link-local, loopback and documentation; the others are as little public.
pub const NOT_PUBLIC: [Special; 14] = [
    special(0, 0, 0, 0, 8, "\"this network\" (RFC 791)"),
    special(10, 0, 0, 0, 8, "private (RFC 1918)"),
    special(100, 64, 0, 0, 10, "shared address space, CGNAT (RFC 6598)"),
    special(127, 0, 0, 0, 8, "loopback (RFC 1122)"),
    special(169, 254, 0, 0, 16, "link-local (RFC 3927)"),
    special(172, 16, 0, 0, 12, "private (RFC 1918)"),
    special(192, 0, 0, 0, 24, "IETF protocol assignments (RFC 6890)"),
    special(192, 0, 2, 0, 24, "documentation, TEST-NET-1 (RFC 5737)"),
    special(192, 168, 0, 0, 16, "private (RFC 1918)"),
    special(198, 18, 0, 0, 15, "benchmarking (RFC 2544)"),
    special(198, 51, 100, 0, 24, "documentation, TEST-NET-2 (RFC 5737)"),
    special(203, 0, 113, 0, 24, "documentation, TEST-NET-3 (RFC 5737)"),
    special(224, 0, 0, 0, 4, "multicast (RFC 5771)"),
    special(
        240,
        0,
        0,
        0,
        4,
        "reserved (RFC 1112), with the broadcast address",
    ),
];

/// The first range of [`NOT_PUBLIC`] that `prefix` overlaps, if any: a prefix is public only
/// when none of its addresses is special.
pub fn not_public(prefix: Prefix) -> Option<Special> {
    NOT_PUBLIC
        .iter()
        .copied()
        .find(|s| s.range.overlaps(prefix))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The reference: a prefix as the plain range of numbers it covers, from u64 arithmetic
    /// (no masks, no shifts of u32).
    fn range(addr: u32, len: u8) -> (u64, u64) {
        let size = 2u64.pow(32 - u32::from(len));
        let start = u64::from(addr) / size * size;
        (start, start + size - 1)
    }

    fn prefix(addr: u32, len: u8) -> Prefix {
        Prefix::new(Ipv4Addr::from(addr), len).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn network_broadcast_and_size_match_the_reference(addr: u32, len in 0u8..=32) {
            let p = prefix(addr, len);
            let (start, end) = range(addr, len);
            prop_assert_eq!(u64::from(u32::from(p.network())), start);
            prop_assert_eq!(u64::from(u32::from(p.broadcast())), end);
            prop_assert_eq!(p.size(), end - start + 1);
            prop_assert_eq!(p.is_network(), u64::from(addr) == start);
            prop_assert_eq!(Prefix::parse(&p.to_string()), Some(p));
            prop_assert_eq!(p.trunc().network(), p.network());
        }

        #[test]
        fn usable_hosts_match_the_reference(addr: u32, len in 0u8..=32, ip: u32) {
            let p = prefix(addr, len);
            let (start, end) = range(addr, len);
            let ip64 = u64::from(ip);
            let usable = if end - start + 1 >= 4 {
                ip64 > start && ip64 < end
            } else {
                ip64 >= start && ip64 <= end
            };
            prop_assert_eq!(p.is_usable_host(Ipv4Addr::from(ip)), usable);
            prop_assert_eq!(p.contains_addr(Ipv4Addr::from(ip)), (start..=end).contains(&ip64));
            let count = if end - start + 1 >= 4 { end - start - 1 } else { end - start + 1 };
            prop_assert_eq!(p.usable_count(), count);
            // Inside the range, the usable hosts and the network/broadcast partition it.
            let inside = Ipv4Addr::from((start + (ip64 % (end - start + 1))) as u32);
            let edge = inside == p.network() || inside == p.broadcast();
            prop_assert_eq!(p.is_usable_host(inside), !edge || len >= 31);
        }

        #[test]
        fn overlap_and_containment_match_the_reference(
            a: u32, la in 0u8..=32, b: u32, lb in 0u8..=32,
        ) {
            let (p, q) = (prefix(a, la), prefix(b, lb));
            let ((ps, pe), (qs, qe)) = (range(a, la), range(b, lb));
            prop_assert_eq!(p.overlaps(q), ps <= qe && qs <= pe);
            prop_assert_eq!(p.overlaps(q), q.overlaps(p));
            prop_assert_eq!(p.contains(q), ps <= qs && qe <= pe);
            // Prefixes nest or are disjoint.
            prop_assert_eq!(p.overlaps(q), p.contains(q) || q.contains(p));
        }

        #[test]
        fn near_neighbours_overlap_as_the_reference_says(addr: u32, len in 0u8..=32, step in 0u32..4) {
            // Random pairs rarely overlap; prefixes built from the same address often do.
            let p = prefix(addr, len);
            let q = prefix(addr.wrapping_add(step), len.saturating_sub(step as u8));
            let ((ps, pe), (qs, qe)) = (range(addr, len), range(addr.wrapping_add(step), len.saturating_sub(step as u8)));
            prop_assert_eq!(p.overlaps(q), ps <= qe && qs <= pe);
            prop_assert_eq!(q.contains(p), qs <= ps && pe <= qe);
        }

        #[test]
        fn not_public_is_overlap_with_a_special_range(addr: u32, len in 0u8..=32) {
            let p = prefix(addr, len);
            let (start, end) = range(addr, len);
            let hit = NOT_PUBLIC.iter().any(|s| {
                let (ss, se) = range(u32::from(s.range.addr()), s.range.prefix_len());
                start <= se && ss <= end
            });
            prop_assert_eq!(not_public(p).is_some(), hit);
        }
    }

    #[test]
    fn every_prefix_length_has_its_edges() {
        for len in 0u8..=32 {
            let p = prefix(0x0a00_0000, len);
            let (start, end) = range(0x0a00_0000, len);
            assert_eq!(u64::from(u32::from(p.broadcast())), end, "/{len}");
            assert_eq!(p.is_usable_host(p.network()), len >= 31, "/{len}");
            assert_eq!(p.is_usable_host(p.broadcast()), len >= 31, "/{len}");
            if len < 31 {
                let first = Ipv4Addr::from((start + 1) as u32);
                assert!(p.is_usable_host(first), "/{len}");
            }
        }
    }

    #[test]
    fn the_examples_of_the_issue() {
        let dc = Prefix::parse("10.20.0.0/28").unwrap();
        assert!(!dc.is_usable_host("10.20.0.0".parse().unwrap()));
        assert!(!dc.is_usable_host("10.20.0.15".parse().unwrap()));
        assert!(dc.is_usable_host("10.20.0.1".parse().unwrap()));
        assert!(!dc.contains_addr("10.20.0.16".parse().unwrap()));
        let a = Prefix::parse("192.168.0.0/24").unwrap();
        let b = Prefix::parse("192.168.0.0/25").unwrap();
        assert!(a.overlaps(b) && a.contains(b) && !b.contains(a));
        let private = not_public(Prefix::parse("10.0.0.0/24").unwrap()).unwrap();
        assert_eq!(private.what, "private (RFC 1918)");
        assert!(not_public(Prefix::parse("100.64.1.0/30").unwrap()).is_some());
        assert!(not_public(Prefix::parse("100.128.0.0/30").unwrap()).is_none());
        assert!(not_public(Prefix::parse("123.1.0.0/24").unwrap()).is_none());
        assert!(not_public(Prefix::parse("0.0.0.0/0").unwrap()).is_some());
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/8",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "x/8",
        ] {
            assert_eq!(Prefix::parse(bad), None, "{bad}");
        }
    }
}
