//! What exists of Console Connect's kinds, as the file spells it: the connections and the ports
//! in one round (concurrently), then every peering of every ACTIVE Azure connection and, when an
//! AWS connection exists, the AWS regions list in a second round (concurrently: one GET per
//! type, a 404 being "none"). AWS and Google connections are mapped by [`super::desired_partners`]. A connection's ports are read as ids,
//! with their names as the other spelling ([`Live::alias`]), so a file may name either.
//!
//! The mapping is plain functions over what was read, tested without HTTP; the module doc of
//! [`super::desired`] lists what in it is inferred.

use futures_util::future::try_join_all;
use serde_json::Value;

use super::desired::{AWS, AZURE, GOOGLE, PARTNERS, PEERINGS, PORTS};
use super::models::{self, Connection, ConnectionStatus, PeeringType, Port, ProvisioningStatus};
use super::{ConsoleConnectClient, desired_partners, rules};
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
        .filter(|(kind, c)| *kind == AZURE && c.view.status == ConnectionStatus::Active)
        .flat_map(|(_, c)| PeeringType::ALL.map(|t| (c.view.id.as_str(), t)))
        .map(|(id, t)| async move {
            let found = client.peering_if_exists(id, t).await?;
            Ok::<_, crate::error::Error>(found.and_then(|raw| peering_live(id, t, &raw)))
        });
    // An AWS connection's region is the row of the regions list it goes to: read only when one
    // exists, with the peerings.
    let any_aws = groups.iter().any(|(kind, _)| *kind == AWS);
    let regions = async {
        match any_aws {
            true => client.partner_regions(models::AMAZON).await,
            false => Ok(Vec::new()),
        }
    };
    let (peerings, regions) = tokio::try_join!(try_join_all(reads), regions)?;
    let peerings: Vec<Live> = peerings.into_iter().flatten().collect();
    let mut live: Vec<Live> = groups
        .iter()
        .map(|(kind, c)| match *kind {
            AWS => desired_partners::aws_live(c, &ports, &regions),
            GOOGLE => desired_partners::google_live(c, &ports),
            _ => {
                let mut l = connection_live(kind, c, &connections, &ports);
                let mine = format!("{}/", c.view.id);
                l.children = peerings
                    .iter()
                    .filter(|p| p.id.starts_with(&mine))
                    .cloned()
                    .collect();
                l
            }
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
    let spellings = desired_partners::port_spellings(&ids, ports);
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

/// A peering read back, in the file's names; `None` when it is on its way out, or when the
/// answer carries none of a config's keys (an empty answer for a type never set). Its id is
/// `CONNECTION/TYPE` (a peering has no id of its own).
pub fn peering_live(connection: &str, kind: PeeringType, raw: &Value) -> Option<Live> {
    if super::models::peering_status(raw) == Some(ProvisioningStatus::Deprovisioning) {
        return None;
    }
    if PEERING_KEYS
        .iter()
        .all(|(_, key)| raw.get(*key).is_none_or(Value::is_null))
    {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::providers::console_connect::desired::AZURE;
    use crate::providers::console_connect::models::PeeringRequest;

    fn typed<T: serde::de::DeserializeOwned>(raw: Value) -> Typed<T> {
        Typed::parse(crate::provider::ProviderName::ConsoleConnect, "x", raw).unwrap()
    }

    fn seeded() -> (Vec<Typed<Connection>>, Vec<Typed<Port>>) {
        let connections: Value = serde_json::from_str(include_str!(
            "../../../fixtures/console_connect/connections.json"
        ))
        .unwrap();
        let ports: Value =
            serde_json::from_str(include_str!("../../../fixtures/console_connect/ports.json"))
                .unwrap();
        let list = |v: &Value| v["results"].as_array().unwrap().clone();
        (
            list(&connections).into_iter().map(typed).collect(),
            list(&ports).into_iter().map(typed).collect(),
        )
    }

    #[test]
    fn only_azure_groups_are_connections_of_the_file() {
        let (connections, _) = seeded();
        let kinds: Vec<Option<&str>> = connections.iter().map(kind_of).collect();
        // The group; its two subconnections and a plain layer-2 connection are not.
        assert_eq!(kinds, [Some(AZURE), None, None, None]);
        let mut deleting = connections[0].raw.clone();
        deleting["status"] = json!("DELETING");
        assert_eq!(kind_of(&typed(deleting)), None);
    }

    #[test]
    fn a_connection_reads_its_ports_from_its_subconnections_and_takes_names_too() {
        let (connections, ports) = seeded();
        let l = connection_live(AZURE, &connections[0], &connections, &ports);
        assert_eq!(
            l.fields["port"],
            json!(["5893d943878d635dde318022", "5893d943878d635dde318023"])
        );
        assert_eq!(l.fields["speed"], json!(100));
        assert_eq!(l.fields["payment_type"], json!("payg"));
        assert!(
            !l.fields.contains_key("service_key"),
            "a secret is not read"
        );
        // Every mix of ids and names is the same ports.
        let aliases = &l.aliases["port"];
        assert_eq!(aliases.len(), 3, "{aliases:?}");
        assert!(aliases.contains(&json!(["ACME LONDON 1", "ACME LONDON 2"])));
        assert!(aliases.contains(&json!(["ACME LONDON 1", "5893d943878d635dde318023"])));
        // A group with no subconnection listed says its own port.
        let alone =
            typed(json!({"id": "g", "name": "g", "srcPortId": "p", "partner": {"type": "AZURE"}}));
        assert_eq!(ports_of(&alone, &[]), ["p"]);
    }

    #[test]
    fn a_peering_reads_back_in_the_files_names_without_its_shared_key() {
        let raw: Value = serde_json::from_str(include_str!(
            "../../../fixtures/console_connect/peering_private.json"
        ))
        .unwrap();
        let l = peering_live("c1", PeeringType::Private, &raw).unwrap();
        assert_eq!((l.ident.as_str(), l.id.as_str()), ("PRIVATE", "c1/PRIVATE"));
        assert_eq!(l.fields["peer_asn"], json!(65010));
        assert_eq!(l.fields["primary_subnet"], json!("169.254.10.0/30"));
        assert_eq!(l.fields["vlan"], json!(100));
        assert_eq!(l.fields["shared_key"], json!(MASK), "only that one is set");
        assert!(!format!("{l:?}").contains("md5-shared-secret"));
        let mut leaving = raw.clone();
        leaving["provisioningStatus"] = json!("DEPROVISIONING");
        assert!(peering_live("c1", PeeringType::Private, &leaving).is_none());
        let empty = json!({"type": "PUBLIC", "syncStatus": "NONE", "vlanId": null});
        assert!(peering_live("c1", PeeringType::Public, &empty).is_none());
    }

    #[test]
    fn the_peering_keys_are_those_the_body_sends() {
        let full = PeeringRequest::with_every_key();
        let body = serde_json::to_value(&full).unwrap();
        let mut sent: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut read: Vec<&str> = PEERING_KEYS.iter().map(|(_, k)| *k).collect();
        sent.sort_unstable();
        read.sort_unstable();
        assert_eq!(sent, read);
        let spec = &crate::providers::console_connect::desired::PEERING;
        for (field, _) in PEERING_KEYS {
            assert!(
                spec.field(field).is_some(),
                "{field} is a field of the file"
            );
        }
    }

    #[test]
    fn a_port_carries_its_free_capacity_and_line_rate() {
        let (_, ports) = seeded();
        let l = port_live(&ports[0]);
        assert_eq!(l.kind, PORTS);
        assert_eq!(l.fields["free"], json!(900.0));
        assert_eq!(l.fields["line_rate"], json!(1000));
        assert_eq!(l.fields["name"], json!("ACME LONDON 1"));
    }
}
