//! What exists of Console Connect's kinds, as the file spells it: the connections and the ports
//! in one round (concurrently), then every peering of every ACTIVE connection in a second round
//! (concurrently: one GET per type, a 404 being "none"). A connection's ports are read as ids,
//! with their names as the other spelling ([`Live::alias`]), so a file may name either.
//!
//! The mapping is plain functions over what was read, tested without HTTP; the module doc of
//! [`super::desired`] lists what in it is inferred.

use futures_util::future::try_join_all;
use serde_json::Value;

use super::desired::{PARTNERS, PEERINGS, PORTS};
use super::models::{Connection, ConnectionStatus, PeeringType, Port, ProvisioningStatus};
use super::{ConsoleConnectClient, rules};
use crate::desired::{Live, MASK};
use crate::error::Result;
use crate::providers::Typed;

/// Each field of a peering in the file, and the key of the peering body that carries it
/// ([`super::models::PeeringRequest`] spells them; a test keeps the two in step).
pub const PEERING_KEYS: &[(&str, &str)] = &[
    ("peer_asn", rules::PEER_ASN),
    ("primary_subnet", rules::PRIMARY),
    ("secondary_subnet", rules::SECONDARY),
    ("vlan", "vlanId"),
    ("shared_key", "sharedKey"),
    ("advertised_prefix", rules::PREFIXES),
    ("routing_registry", "routingRegistryName"),
];

/// Every connection of the file's kinds with its peerings, and the company's ports (for the
/// capacity rule; not a kind of the file).
pub async fn observe(client: &ConsoleConnectClient) -> Result<Vec<Live>> {
    let (connections, ports) = tokio::try_join!(client.connections(None), client.ports(None))?;
    let groups: Vec<(&'static str, &Typed<Connection>)> = connections
        .iter()
        .filter_map(|c| Some((kind_of(c)?, c)))
        .collect();
    let reads = groups
        .iter()
        .filter(|(_, c)| c.view.status == ConnectionStatus::Active)
        .flat_map(|(_, c)| PeeringType::ALL.map(|t| (c.view.id.as_str(), t)))
        .map(|(id, t)| async move {
            let found = client.peering_if_exists(id, t).await?;
            Ok::<_, crate::error::Error>(found.and_then(|raw| peering_live(id, t, &raw)))
        });
    let peerings: Vec<Live> = try_join_all(reads).await?.into_iter().flatten().collect();
    let mut live: Vec<Live> = groups
        .iter()
        .map(|(kind, c)| {
            let mut l = connection_live(kind, c, &connections, &ports);
            let mine = format!("{}/", c.view.id);
            l.children = peerings
                .iter()
                .filter(|p| p.id.starts_with(&mine))
                .cloned()
                .collect();
            l
        })
        .collect();
    live.extend(ports.iter().map(port_live));
    Ok(live)
}

/// The file's kind of a connection: a group (no parent) of a partner in [`PARTNERS`] that is
/// not going away; `None` for anything else (a subconnection, a plain layer-2 connection).
pub fn kind_of(c: &Typed<Connection>) -> Option<&'static str> {
    if c.view.parent_id.is_some()
        || matches!(
            c.view.status,
            ConnectionStatus::Deleting | ConnectionStatus::Deleted
        )
    {
        return None;
    }
    let partner = c.raw.pointer("/partner/type").and_then(Value::as_str)?;
    PARTNERS
        .iter()
        .find(|(_, p)| p.eq_ignore_ascii_case(partner))
        .map(|(kind, _)| *kind)
}

/// The source ports of group `c`: the distinct `srcPortId`s of its subconnections (primary
/// first), else its own.
pub fn ports_of(c: &Typed<Connection>, all: &[Typed<Connection>]) -> Vec<String> {
    let child_port = |id: &str| {
        all.iter()
            .find(|s| s.view.id == id)
            .and_then(|s| s.raw["srcPortId"].as_str().map(str::to_string))
    };
    let listed = ["primary", "secondary"].iter().flat_map(|side| {
        c.raw["subconnectionIds"][side]
            .as_array()
            .cloned()
            .unwrap_or_default()
    });
    let by_parent = all
        .iter()
        .filter(|s| s.view.parent_id.as_deref() == Some(c.view.id.as_str()))
        .map(|s| Value::from(s.view.id.as_str()));
    let mut out: Vec<String> = Vec::new();
    for id in listed.chain(by_parent) {
        if let Some(port) = id.as_str().and_then(child_port)
            && !out.contains(&port)
        {
            out.push(port);
        }
    }
    if out.is_empty()
        && let Some(own) = c.raw["srcPortId"].as_str()
    {
        out.push(own.to_string());
    }
    out
}

/// A connection as the file spells it: `port` as ids, also accepted as names (every mix of the
/// two); no service key (a secret is never compared).
pub fn connection_live(
    kind: &'static str,
    c: &Typed<Connection>,
    all: &[Typed<Connection>],
    ports: &[Typed<Port>],
) -> Live {
    let ids = ports_of(c, all);
    let speed =
        c.view.speed.as_ref().and_then(|s| s.mbps()).or_else(|| {
            crate::providers::number(c.raw.pointer("/partner/speed")).map(|n| n as u64)
        });
    let mut spellings: Vec<Vec<String>> = vec![Vec::new()];
    for id in &ids {
        let name = ports
            .iter()
            .find(|p| &p.view.id == id)
            .map(|p| p.view.name.clone())
            .filter(|n| !n.is_empty());
        spellings = spellings
            .into_iter()
            .flat_map(|so_far| {
                let mut both = vec![[so_far.clone(), vec![id.clone()]].concat()];
                if let Some(name) = &name {
                    both.push([so_far, vec![name.clone()]].concat());
                }
                both
            })
            .collect();
    }
    let mut l = Live::new(kind, &c.view.name, &c.view.id)
        .with("name", c.view.name.as_str())
        .with("speed", speed)
        .with("payment_type", c.raw["paymentType"].clone());
    if !ids.is_empty() {
        l = l.with("port", ids.clone());
        for other in spellings.into_iter().filter(|s| s != &ids) {
            l = l.alias("port", other);
        }
    }
    l
}

/// A peering read back, in the file's names; `None` when it is on its way out. Its id is
/// `CONNECTION/TYPE` (a peering has no id of its own).
pub fn peering_live(connection: &str, kind: PeeringType, raw: &Value) -> Option<Live> {
    if super::models::peering_status(raw) == Some(ProvisioningStatus::Deprovisioning) {
        return None;
    }
    let mut l = Live::new(
        PEERINGS,
        kind.as_str(),
        format!("{connection}/{}", kind.as_str()),
    )
    .with("type", kind.as_str());
    for (field, key) in PEERING_KEYS {
        let value = raw.get(*key).cloned().unwrap_or(Value::Null);
        l = match *field {
            // Only whether one is set: export writes a placeholder for it.
            "shared_key" if value.as_str().is_some_and(|k| !k.is_empty()) => l.with(field, MASK),
            "shared_key" => l,
            "advertised_prefix" if value.as_array().is_some_and(Vec::is_empty) => l,
            _ => l.with(field, value),
        };
    }
    Some(l)
}

/// A port, for the capacity rule: its name, free capacity and line rate in Mbps.
pub fn port_live(p: &Typed<Port>) -> Live {
    let free = p
        .view
        .capacity
        .as_ref()
        .and_then(|c| c.remaining)
        .map(Value::from);
    let line = p.view.speed.as_ref().and_then(|s| s.mbps());
    Live::new(PORTS, &p.view.id, &p.view.id)
        .with("name", p.view.name.as_str())
        .with("status", p.view.status.as_str())
        .with("free", free.unwrap_or(Value::Null))
        .with("line_rate", line)
}
