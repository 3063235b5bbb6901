//! Checks of user values before anything is sent (`CLI.md` §5).
//!
//! Each check names the input and the rule, and is a usage error (exit 2), so a typo never
//! reaches a provider that would order something half right. The input is what the caller
//! calls it: a flag in the command layer, a field of the request body in a provider's checks,
//! which the command layer then names by its flag ([`Error::naming`]); so every refusal is a
//! [`Refusal`], kept in parts.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::error::{Error, Refusal, Result};

/// ASNs usable for Azure peering: the 16-bit private range minus those Azure reserves.
pub const PRIVATE_ASN_MIN: u32 = 64512;
/// Upper end of the 16-bit private range.
pub const PRIVATE_ASN_MAX: u32 = 65534;
/// Reserved by Microsoft Azure for internal use.
pub const AZURE_RESERVED: std::ops::RangeInclusive<u32> = 65515..=65520;

/// Exit 2: `input`, shown with `value` if any, breaks `rule` (`--name `a b`: rule`).
pub fn refuse(input: &str, value: Option<String>, rule: impl Into<String>) -> Error {
    Error::refused(Refusal::of(input, value, rule))
}

/// `text` in backquotes, as refusals show a value typed in; a long one by its start and its
/// length ([`crate::output::escape::shortened`]).
pub fn quoted(text: &str) -> Option<String> {
    Some(format!("`{}`", crate::output::escape::shortened(text)))
}

/// A private ASN that Azure accepts.
pub fn azure_private_asn(input: &str, asn: u32) -> Result<u32> {
    if !(PRIVATE_ASN_MIN..=PRIVATE_ASN_MAX).contains(&asn) {
        return Err(refuse(
            input,
            Some(asn.to_string()),
            format!("must be a private ASN between {PRIVATE_ASN_MIN} and {PRIVATE_ASN_MAX}"),
        ));
    }
    if AZURE_RESERVED.contains(&asn) {
        return Err(refuse(
            input,
            Some(asn.to_string()),
            format!(
                "ASNs {}-{} are reserved by Microsoft Azure",
                AZURE_RESERVED.start(),
                AZURE_RESERVED.end()
            ),
        ));
    }
    Ok(asn)
}

/// A number parsed from text, naming the input on failure.
pub fn number(input: &str, text: &str) -> Result<u32> {
    text.trim()
        .parse()
        .map_err(|_| refuse(input, quoted(text), "expected a whole number"))
}

/// A value from a fixed set.
pub fn one_of(input: &str, value: u32, allowed: &[u32], unit: &str) -> Result<u32> {
    if allowed.contains(&value) {
        return Ok(value);
    }
    let list: Vec<String> = allowed.iter().map(u32::to_string).collect();
    Err(refuse(
        input,
        Some(value.to_string()),
        format!("must be one of {} ({unit})", list.join(", ")),
    ))
}

/// A network in CIDR notation with no host bits set (`10.0.0.0/29`, not `10.0.0.1/29`).
pub fn cidr(input: &str, text: &str) -> Result<IpNet> {
    let net: IpNet = text.trim().parse().map_err(|_| {
        refuse(
            input,
            quoted(text),
            "expected a subnet in CIDR notation, e.g. 10.0.0.0/29",
        )
    })?;
    if net.network() != net.addr() {
        return Err(refuse(
            input,
            quoted(text),
            format!(
                "host bits are set; the network is {}/{}",
                net.network(),
                net.prefix_len()
            ),
        ));
    }
    Ok(net)
}

/// An IPv4 CIDR whose prefix lies within `min..=max` (e.g. `/30` exactly, or `/28` or larger).
pub fn ipv4_cidr_prefix(input: &str, text: &str, min: u8, max: u8) -> Result<IpNet> {
    let net = cidr(input, text)?;
    if !matches!(net.addr(), IpAddr::V4(_)) {
        return Err(refuse(input, quoted(text), "expected an IPv4 subnet"));
    }
    if !(min..=max).contains(&net.prefix_len()) {
        let rule = if min == max {
            format!("a /{min}")
        } else {
            format!("between /{min} and /{max}")
        };
        return Err(refuse(input, quoted(text), format!("must be {rule}")));
    }
    Ok(net)
}

/// One of a provider's states (`--until`, `--status`), case-insensitively: the state as the
/// provider writes it, or exit 2 listing them all.
pub fn state(input: &str, text: &str, states: &[&'static str]) -> Result<&'static str> {
    let wanted = text.trim();
    states
        .iter()
        .find(|s| s.eq_ignore_ascii_case(wanted))
        .copied()
        .ok_or_else(|| {
            refuse(
                input,
                quoted(wanted),
                format!(
                    "not a state of this resource; expected one of {}",
                    states.join(", ")
                ),
            )
        })
}

/// Whether `text` is a UUID (8-4-4-4-12 hex).
pub fn is_uuid(text: &str) -> bool {
    uuid::Uuid::try_parse(text).is_ok() && text.len() == 36
}

/// A UUID, naming the input on failure.
pub fn uuid(input: &str, text: &str) -> Result<String> {
    if is_uuid(text) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(refuse(
            input,
            quoted(text),
            "expected a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ))
    }
}

/// A resource name: not blank, no control characters, at most `max` characters.
pub fn name(input: &str, text: &str, max: usize) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(refuse(input, None, "must not be empty"));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(refuse(input, None, "must not contain control characters"));
    }
    if trimmed.chars().count() > max {
        return Err(refuse(input, None, format!("at most {max} characters")));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asn_range_and_reserved() {
        assert!(azure_private_asn("--azure-asn", 64512).is_ok());
        assert!(azure_private_asn("--azure-asn", 65534).is_ok());
        assert!(azure_private_asn("--azure-asn", 65514).is_ok());
        assert!(azure_private_asn("--azure-asn", 65521).is_ok());
        for bad in [0, 64511, 65515, 65518, 65520, 65535, 4_200_000_000] {
            let err = azure_private_asn("--azure-asn", bad).unwrap_err();
            assert_eq!(err.exit_code(), 2);
            assert!(err.message.contains("--azure-asn"), "{}", err.message);
        }
    }

    #[test]
    fn cidrs() {
        assert!(cidr("--s", "10.0.0.0/29").is_ok());
        assert!(
            cidr("--s", "10.0.0.1/29")
                .unwrap_err()
                .message
                .contains("host bits")
        );
        assert!(cidr("--s", "10.0.0.0").is_err());
        assert!(ipv4_cidr_prefix("--s", "169.254.0.0/30", 30, 30).is_ok());
        assert!(ipv4_cidr_prefix("--s", "169.254.0.0/29", 30, 30).is_err());
        assert!(ipv4_cidr_prefix("--s", "2001:db8::/126", 30, 30).is_err());
    }

    #[test]
    fn uuids_and_names() {
        assert!(is_uuid("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(!is_uuid("VPNName1"));
        assert!(!is_uuid("3fa85f6457174562b3fc2c963f66afa6"));
        assert_eq!(name("--name", "  x ", 10).unwrap(), "x");
        assert!(name("--name", " ", 10).is_err());
        assert!(name("--name", "a\nb", 10).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256, failure_persistence: None, ..Default::default()
        })]

        /// Any id typed in: a UUID (lower-cased) or exit 2 whose message stays short.
        #[test]
        fn any_id_is_a_uuid_or_a_short_refusal(text in proptest::prelude::any::<String>()) {
            match uuid("--id", &text) {
                Ok(id) => proptest::prop_assert!(is_uuid(&id) && id == text.to_ascii_lowercase()),
                Err(err) => {
                    proptest::prop_assert_eq!(err.exit_code(), 2);
                    proptest::prop_assert!(err.message.chars().count() < 200, "{}", err.message);
                }
            }
        }
    }
}
