//! The values of one peering that the file's types cannot say (the peer ASNs Azure reserves,
//! IPv4 /30 link subnets, what only MICROSOFT takes and what it needs), checked as
//! `azure peering set` checks its flags: by the plan, over every peering of the file, as a
//! breach of [`rules::PEERING_VALUES`] at the peering's line (exit 2, nothing sent), and by
//! apply once more before it sends, where the body is made from them.
//!
//! The shared key is a secret: its value is never shown in a refusal, and a placeholder whose
//! variable is not set is left to apply, which needs it only where it sends it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::desired_observe::PEERING_KEYS;
use super::models::{PeeringRequest, PeeringType};
use super::rules;
use crate::desired::{MASK, placeholder, scalar_text};
use crate::error::Error;
use crate::rules::{Breach, Party};
use crate::validate;

/// The value of a [`Refused`] list that was given empty: the list needs one.
pub const NONE_GIVEN: &str = "(none)";

/// A value refused: the file's field, the value as given (a secret masked), and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// The file's field.
    pub field: &'static str,
    /// Its value, as the file gives it.
    pub value: String,
    /// The rule it breaks.
    pub why: String,
}

impl Refused {
    fn new(field: &'static str, value: impl Into<String>, why: impl Into<String>) -> Refused {
        Refused {
            field,
            value: value.into(),
            why: why.into(),
        }
    }

    /// From a check of [`crate::validate`]: its rule, without the input it repeats.
    fn checked(field: &'static str, value: &str, err: Error) -> Refused {
        let why = err.refusal.as_ref().map(|r| r.rule.clone());
        Refused::new(field, value, why.unwrap_or_else(|| err.message.clone()))
    }

    /// `field value: why`.
    pub fn message(&self) -> String {
        format!("{} {}: {}", self.field, self.value, self.why)
    }

    /// The breach of [`rules::PEERING_VALUES`] it is.
    pub fn breach(&self) -> Breach {
        rules::PEERING_VALUES.breach(
            vec![Party::input(self.field, &self.value)],
            self.why.clone(),
        )
    }
}

/// The file's values of a peering body as sent (its keys [`PEERING_KEYS`], a null as absent):
/// what the simulator checks with [`peering_body`], as `cc` checked them before sending.
pub fn sent_values(body: &Value) -> BTreeMap<&'static str, Value> {
    PEERING_KEYS
        .iter()
        .filter_map(|(field, key)| {
            let value = body.get(*key).filter(|v| !v.is_null())?;
            Some((*field, value.clone()))
        })
        .collect()
}

/// The key of the body that carries `field` of the file.
pub fn sent_key(field: &str) -> &str {
    PEERING_KEYS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(field, |(_, key)| key)
}

/// The body of a peering of type `kind` from the file's values `want`, each checked; the shared
/// key only when its value is given (not a placeholder left unset).
pub fn peering_body(
    kind: PeeringType,
    want: &BTreeMap<&'static str, Value>,
) -> Result<PeeringRequest, Refused> {
    let text = |f: &str| want.get(f).map(scalar_text);
    let prefixes: Vec<String> = match want.get("advertised_prefix") {
        Some(Value::Array(items)) => items.iter().map(scalar_text).collect(),
        Some(other) => vec![scalar_text(other)],
        None => Vec::new(),
    };
    let microsoft = kind == PeeringType::Microsoft;
    if let (false, Some(first)) = (microsoft, prefixes.first()) {
        let why = format!("only for MICROSOFT peering, not {kind}");
        return Err(Refused::new("advertised_prefix", first, why));
    }
    let registry = text("routing_registry");
    if let (false, Some(registry)) = (microsoft, &registry) {
        let why = format!("only for MICROSOFT peering, not {kind}");
        return Err(Refused::new("routing_registry", registry, why));
    }
    if microsoft && prefixes.is_empty() {
        let why = "MICROSOFT peering needs at least one public prefix to advertise";
        return Err(Refused::new("advertised_prefix", NONE_GIVEN, why));
    }
    let asn = want.get("peer_asn").and_then(Value::as_u64).unwrap_or(0);
    let peer_asn =
        rules::check_peer_asn(asn).map_err(|why| Refused::new("peer_asn", asn.to_string(), why))?;
    let subnet = |field: &'static str| {
        let value = text(field).unwrap_or_default();
        validate::ipv4_cidr_prefix(field, &value, 30, 30)
            .map(|n| n.to_string())
            .map_err(|e| Refused::checked(field, &value, e))
    };
    let (primary_subnet, secondary_subnet) =
        (subnet("primary_subnet")?, subnet("secondary_subnet")?);
    let vlan = want.get("vlan").and_then(Value::as_u64).unwrap_or(0);
    let vlan = u16::try_from(vlan)
        .ok()
        .filter(|v| (1..=4094).contains(v))
        .ok_or_else(|| Refused::new("vlan", vlan.to_string(), "expected 1-4094"))?;
    let shared_key = text("shared_key").filter(|k| placeholder(k).is_none());
    if let Some(key) = &shared_key
        && (key.trim().is_empty() || key.chars().any(|c| c.is_control() || c.is_whitespace()))
    {
        let why = "must not be empty or contain spaces or control characters";
        return Err(Refused::new("shared_key", MASK, why));
    }
    let prefixes = prefixes
        .iter()
        .map(|p| {
            validate::cidr("advertised_prefix", p)
                .map(|n| n.to_string())
                .map_err(|e| Refused::checked("advertised_prefix", p, e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let registry = registry
        .map(|r| {
            validate::name("routing_registry", &r, 64)
                .map_err(|e| Refused::checked("routing_registry", &r, e))
        })
        .transpose()?;
    Ok(PeeringRequest {
        peer_asn,
        primary_subnet,
        secondary_subnet,
        vlan,
        shared_key,
        advertised_public_prefixes: microsoft.then_some(prefixes),
        routing_registry_name: registry,
    })
}
