//! Console Connect's part of `cc apply`: a planned connection ordered with the body and the
//! checks of `cc console-connect azure create` (the service key asked about first, the ports by
//! id or name, the speed against the key and the ports), a peering set with the body and the
//! checks of `azure peering set`, and each deleted as `delete` and `azure peering delete` do,
//! each waited for by the same states ([`super::desired_wait`]).
//!
//! Why apart from the commands: their steps (questions, pick-lists, the confirmation) belong to
//! the command line, which provider code does not reach; what a file gives is already checked
//! for types, so what is left here is the checks of each value the format cannot say (the
//! reserved ASNs, /30 subnets, MICROSOFT's prefixes), made before anything of that resource is
//! sent, and the look-ups that turn names into ids. A secret whose variable is not set is an
//! error here, where its value must be sent, and only here.
//!
//! Each create is prepared (checked, its names resolved: [`prepare`]) before anything is sent,
//! and a replace prepares it before its delete, so that an order that cannot be sent deletes
//! nothing. Until that delete the replaced connection still holds its speed on its ports, so
//! the ports are read with it counted free ([`ports_for`]), as the plan's capacity rule counts it.
//!
//! Inferred [INF]: how Console Connect answers a question about an Azure service key
//! (`POST .../AZURE/layer2/serviceKey`, a look-up that orders nothing) while the connection being
//! replaced still uses that key is not documented; the simulator refuses it ("already used by
//! connection ..."). So when the key is the one that connection holds (its or a subconnection's
//! `partner.account`, where Console Connect returns the key: provider-notes §2.5, a real
//! subconnection [REPO]) and the question is refused, it is
//! asked again after the delete, before the order; the rest of the order (name, ports, speed
//! against the ports) is still checked before anything is deleted.

use serde_json::Value;

use super::desired::{AWS, AZURE, GOOGLE, PEERINGS};
use super::desired_observe::{kind_of, ports_of};
use super::desired_values::peering_body;
use super::desired_wait::{self, Ending, peering_gone, peering_set};
use super::models::{
    Connection, ConnectionStatus, CreateAzure, KeyAnswer, PeeringRequest, PeeringType, Port,
};
use super::orders::{self, AzureOrder};
use super::{ConsoleConnectClient, PROVIDER, desired_partner_apply, rules, service_key};
use crate::desired::apply::after_lost_create;
use crate::desired::{Action, Change, placeholder, scalar_text};
use crate::error::{Error, ErrorKind, Result};
use crate::providers::Typed;
use crate::validate;
use crate::wait::WaitOptions;

/// A Console Connect create, every value checked and every name resolved: what [`create`]
/// sends.
pub enum Prepared {
    /// An Azure connection's order; `key_asked` false when its service key is held by the
    /// connection it replaces, so asked about after that one's delete.
    Azure { body: CreateAzure, key_asked: bool },
    /// An AWS or Google connection's order.
    Partner(desired_partner_apply::PartnerOrder),
    /// A peering's config, on the connection `connection` (ACTIVE when it was read).
    Peering {
        connection: String,
        kind: PeeringType,
        body: PeeringRequest,
    },
}

/// The create `change` asks for, checked as its command checks it, its names resolved (the
/// service key asked about, a peering's connection read); nothing ordered.
pub(super) async fn prepare(c: &ConsoleConnectClient, change: &Change) -> Result<Prepared> {
    match change.kind.key {
        AZURE => azure_body(c, change).await,
        AWS | GOOGLE => desired_partner_apply::prepare(c, change)
            .await
            .map(Prepared::Partner),
        PEERINGS => prepare_peering(c, change).await,
        other => Err(unknown(other)),
    }
}

/// Makes the prepared resource: a connection's order, or a peering's config; its id.
pub(super) async fn create(
    c: &ConsoleConnectClient,
    change: &Change,
    prepared: Prepared,
    wait: Option<&WaitOptions>,
) -> Result<String> {
    match prepared {
        Prepared::Azure { body, key_asked } => {
            if !key_asked && c.api().plans_only() {
                // Nothing is deleted in a dry run, so the key stays held: it cannot be asked
                // about before the order as a real apply asks it.
                crate::log::note(format!(
                    "{}: its service key is held by the connection it replaces; a real apply asks Console Connect about it after the delete",
                    label(change)
                ));
            } else if !key_asked {
                let answer = ask_key(c, change, &body.azure_service_key).await?;
                answer
                    .check_speed(body.speed)
                    .map_err(|rule| validate::refuse("speed", Some(body.speed.to_string()), rule))
                    .map_err(about(change))?;
            }
            create_azure(c, change, body, wait).await
        }
        Prepared::Partner(order) => desired_partner_apply::create(c, change, order, wait).await,
        Prepared::Peering {
            connection,
            kind,
            body,
        } => set_peering(c, &connection, kind, &body, wait).await,
    }
}

/// A peering is set again whole; a connection has no update (the plan replaces it).
pub(super) async fn update(
    c: &ConsoleConnectClient,
    change: &Change,
    wait: Option<&WaitOptions>,
) -> Result<()> {
    match change.kind.key {
        PEERINGS => {
            let prepared = prepare_peering(c, change).await?;
            create(c, change, prepared, wait).await.map(|_| ())
        }
        _ => Err(Error::internal(format!(
            "Console Connect has no update for {} `{}`: it is replaced",
            change.kind.what, change.name
        ))),
    }
}

/// Deletes the planned resource (`change.id`), then waits until it is gone.
pub(super) async fn delete(
    c: &ConsoleConnectClient,
    change: &Change,
    wait: Option<&WaitOptions>,
) -> Result<()> {
    let id = change
        .id
        .clone()
        .ok_or_else(|| Error::internal("a planned delete without an id"))?;
    if change.kind.key == PEERINGS {
        let (connection, kind) = peering_id(&id)?;
        if c.peering_if_exists(connection, kind).await?.is_none() {
            return Ok(()); // Gone already: what the delete wanted.
        }
        c.delete_peering(connection, kind).await?;
        return match wait {
            Some(options) => peering_gone(c, options, connection, kind).await,
            None => Ok(()),
        };
    }
    if c.connection_if_exists(&id).await?.is_none() {
        return Ok(());
    }
    c.delete(&id).await?;
    match wait {
        Some(options) => {
            let goal = ConnectionStatus::Deleted;
            let named = (id.as_str(), Some(change.name.as_str()));
            desired_wait::connection(c, options, named, &goal, Ending::Deleting).await?;
            Ok(())
        }
        None => Ok(()),
    }
}

fn unknown(kind: &str) -> Error {
    Error::internal(format!("Console Connect has no kind `{kind}` to apply"))
}

/// `CONNECTION/TYPE`, the id `observe` gives a peering.
fn peering_id(id: &str) -> Result<(&str, PeeringType)> {
    id.rsplit_once('/')
        .and_then(|(c, t)| Some((c, PeeringType::parse(t)?)))
        .ok_or_else(|| Error::internal(format!("`{id}` is not a peering's id")))
}

/// How errors name the resource: `Azure connection `er-1``, `Azure peering `er-1 / PRIVATE``.
pub(super) fn label(change: &Change) -> String {
    format!("{} `{}`", change.kind.what, change.path())
}

/// Exit 2 about `change`'s `field`.
pub(super) fn refuse(change: &Change, what: impl std::fmt::Display) -> Error {
    Error::usage(format!("{}: {what}", label(change))).provider(PROVIDER)
}

/// A checked value's refusal, prefixed with the resource.
pub(super) fn about(change: &Change) -> impl Fn(Error) -> Error + '_ {
    move |mut e| {
        e.message = format!("{}: {}", label(change), e.message);
        e.provider(PROVIDER)
    }
}

/// The text of `field` as the file gives it.
pub(super) fn text(change: &Change, field: &str) -> Option<String> {
    change.want.get(field).map(scalar_text)
}

/// The texts of a list `field`.
pub(super) fn texts(change: &Change, field: &str) -> Vec<String> {
    match change.want.get(field) {
        Some(Value::Array(items)) => items.iter().map(scalar_text).collect(),
        Some(other) => vec![scalar_text(other)],
        None => Vec::new(),
    }
}

/// The speed, a positive number of Mbps.
pub(super) fn speed(change: &Change) -> Result<u32> {
    change
        .want
        .get("speed")
        .and_then(Value::as_u64)
        .and_then(|s| u32::try_from(s).ok())
        .filter(|s| *s > 0)
        .ok_or_else(|| refuse(change, "speed: must be a positive number of Mbps"))
}

/// The value of secret `field`: exit 2 when its variable is not set, since it must be sent.
pub(super) fn secret(change: &Change, field: &str) -> Result<Option<String>> {
    let Some(value) = text(change, field) else {
        return Ok(None);
    };
    match placeholder(&value) {
        Some(var) => Err(refuse(
            change,
            format!("{field}: the variable {var} is not set, and its value must be sent"),
        )
        .hint(format!("export {var}, then run apply again"))),
        None => Ok(Some(value)),
    }
}

/// Orders the prepared connection `body` (once), then waits for it to be ACTIVE.
async fn create_azure(
    c: &ConsoleConnectClient,
    change: &Change,
    body: CreateAzure,
    wait: Option<&WaitOptions>,
) -> Result<String> {
    let id = match c.create_azure(&body).await {
        Ok(made) => made.view.id,
        Err(err) if err.maybe_applied => {
            let found = c.connections_named(&body.name).await.map(|list| {
                list.into_iter()
                    .filter(|c| kind_of(c) == Some(AZURE))
                    .map(|c| c.view.id)
                    .collect()
            });
            let list = "cc console-connect list";
            after_lost_create(err, change.kind.what, &body.name, list, found)?
        }
        Err(err) => return Err(err),
    };
    if let Some(options) = wait {
        let named = (id.as_str(), Some(body.name.as_str()));
        desired_wait::connection(c, options, named, &ConnectionStatus::Active, Ending::Goal)
            .await?;
    }
    Ok(id)
}

/// The order's body, every value checked as `azure create` checks it; the ports (id or name)
/// and the key read concurrently. The key of the connection a replace deletes is held by it
/// until then (the simulator refuses to verify a key in use, [INF] of Console Connect): when
/// asking about it is refused, it is asked again after the delete, before the order.
async fn azure_body(c: &ConsoleConnectClient, change: &Change) -> Result<Prepared> {
    let key = secret(change, "service_key")?
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| refuse(change, "service_key: must not be empty"))?;
    let speed = speed(change)?;
    let wanted = texts(change, "port");
    if wanted.is_empty() || wanted.len() > 2 {
        return Err(refuse(
            change,
            format!(
                "port: an Azure connection has one or two source ports, not {}",
                wanted.len()
            ),
        ));
    }
    let name = validate::name("name", &change.name, 255).map_err(about(change))?;
    // What Console Connect reads from the key, as `azure create` asks it first.
    let (asked, read) = tokio::join!(
        service_key::verify(c, &key, "service_key"),
        ports_for(c, change)
    );
    let (ports, replaced) = read?;
    // Console Connect returns the key in `partner.account` (a subconnection's, at least).
    let held = replaced.iter().any(|old| {
        old.raw["partner"]["account"]
            .as_str()
            .is_some_and(|held| held.trim().eq_ignore_ascii_case(key.trim()))
    });
    let (answer, key_asked) = match asked {
        Ok((_, answer)) => (answer, true),
        Err(e) if held && e.kind == ErrorKind::Api => (KeyAnswer::default(), false),
        Err(e) => return Err(about(change)(e).hint("nothing was ordered")),
    };
    let order = AzureOrder {
        name,
        service_key: &key,
        ports: &wanted,
        speed,
        payment_type: text(change, "payment_type").unwrap_or_else(|| "payg".into()),
    };
    let body = orders::azure_body(order, &answer, &ports).map_err(about(change))?;
    Ok(Prepared::Azure { body, key_asked })
}

/// What Console Connect reads from the service key `key` of `change`.
async fn ask_key(c: &ConsoleConnectClient, change: &Change, key: &str) -> Result<KeyAnswer> {
    let refused = |e| about(change)(e).hint("nothing was ordered");
    let (_, answer) = service_key::verify(c, key, "service_key")
        .await
        .map_err(refused)?;
    Ok(answer)
}

/// The id of the connection a peering belongs to: its parent's, or, when the parent was made in
/// this run, looked up by its name (a dry run: a placeholder). It must be ACTIVE.
async fn parent_connection(c: &ConsoleConnectClient, change: &Change) -> Result<String> {
    let parent = change
        .parents
        .last()
        .ok_or_else(|| Error::internal("a peering without its connection"))?;
    let id = match &parent.id {
        Some(id) => id.clone(),
        // Made in this run, which a dry run did not send: the peering's requests name it by a
        // placeholder. One found by its name is the one a replace deletes first (a dry run
        // deletes nothing), never the new one.
        None if c.api().plans_only() => {
            return Ok(crate::http::placeholder(&format!(
                "id of connection `{}`",
                parent.ident
            )));
        }
        None => {
            let named = c.connections_named(&parent.ident).await?;
            let ids: Vec<String> = named
                .into_iter()
                .filter(|c| kind_of(c) == Some(parent.key))
                .map(|c| c.view.id)
                .collect();
            match ids.as_slice() {
                [id] => id.clone(),
                [] => {
                    let why = format!("no connection named `{}` exists", parent.ident);
                    return Err(Error::not_found(
                        PROVIDER,
                        format!("{}: {why}", label(change)),
                    ));
                }
                several => {
                    let why = format!(
                        "connections named `{}` are several ({}): which one is meant is not known; nothing was sent",
                        parent.ident,
                        several.join(", ")
                    );
                    return Err(refuse(change, why).hint("give the connections distinct names"));
                }
            }
        }
    };
    let status = c.connection(&id).await?.view.status;
    if status != ConnectionStatus::Active {
        return Err(refuse(
            change,
            format!(
                "connection {id} is {status}: Console Connect takes a peering config only once the connection is ACTIVE; nothing was sent"
            ),
        )
        .hint(format!(
            "wait for it with `{}`, then run apply again",
            crate::hint::cc(&format!("console-connect wait {id}"))
        )));
    }
    Ok(id)
}

/// The peering `change` asks for: its body checked, its connection found and read ACTIVE.
async fn prepare_peering(c: &ConsoleConnectClient, change: &Change) -> Result<Prepared> {
    let (kind, body) = peering_request(change)?;
    if let Some(warning) = rules::private_asn_warning(kind, body.peer_asn) {
        crate::log::warn(format!("{}: {warning}", label(change)));
    }
    let connection = parent_connection(c, change).await?;
    Ok(Prepared::Peering {
        connection,
        kind,
        body,
    })
}

/// Sets the peering `body` (the whole config) on `connection`, then waits until it is SYNCED.
async fn set_peering(
    c: &ConsoleConnectClient,
    connection: &str,
    kind: PeeringType,
    body: &PeeringRequest,
    wait: Option<&WaitOptions>,
) -> Result<String> {
    c.set_peering(connection, kind, body).await?;
    if let Some(options) = wait {
        peering_set(c, options, connection, kind).await?;
    }
    Ok(format!("{connection}/{}", kind.as_str()))
}

/// The company's ports as the create of `change` finds them, and the connections a replace
/// deletes (the one it replaces and its subconnections; none for a create). A replace's create
/// is prepared before its delete, while the connection it replaces still holds its speed on its
/// ports: that speed is counted free again there, as the plan's capacity rule counts it (a
/// replace frees its old speed first) and as the delete will make it.
pub(super) async fn ports_for(
    c: &ConsoleConnectClient,
    change: &Change,
) -> Result<(Vec<Typed<Port>>, Vec<Typed<Connection>>)> {
    let replaced = match (&change.action, &change.id) {
        (Action::Replace, Some(id)) => id,
        _ => return Ok((c.ports(None).await?, Vec::new())),
    };
    let (mut ports, all) = tokio::try_join!(c.ports(None), c.connections(None))?;
    let Some(old) = all.iter().find(|o| &o.view.id == replaced) else {
        return Ok((ports, Vec::new()));
    };
    let speed =
        old.view.speed.as_ref().and_then(|s| s.mbps()).or_else(|| {
            crate::providers::number(old.raw.pointer("/partner/speed")).map(|n| n as u64)
        });
    for id in ports_of(old, &all) {
        let port = ports.iter_mut().find(|p| p.view.id == id);
        if let Some(free) = port
            .and_then(|p| p.view.capacity.as_mut())
            .and_then(|cap| cap.remaining.as_mut())
        {
            *free += speed.unwrap_or_default() as f64;
        }
    }
    let deleted = all
        .iter()
        .filter(|o| &o.view.id == replaced || o.view.parent_id.as_ref() == Some(replaced))
        .cloned()
        .collect();
    Ok((ports, deleted))
}

/// The body of a peering, every value checked as `azure peering set` checks it (as the plan
/// did over the whole file), the shared key read where it must be sent.
pub fn peering_request(change: &Change) -> Result<(PeeringType, PeeringRequest)> {
    let kind = PeeringType::parse(&change.name)
        .ok_or_else(|| refuse(change, "type: expected PRIVATE, PUBLIC or MICROSOFT"))?;
    let mut body = peering_body(kind, &change.want).map_err(|r| refuse(change, r.message()))?;
    body.shared_key = secret(change, "shared_key")?;
    Ok((kind, body))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::desired::Action;
    use crate::desired::diff::Parent;
    use crate::error::ErrorKind;
    use crate::providers::console_connect::desired::PEERING;

    fn peering(kind: &str, fields: Value) -> Change {
        let mut want: BTreeMap<&'static str, Value> = BTreeMap::new();
        want.insert("type", json!(kind));
        for (k, v) in fields.as_object().unwrap() {
            let name = PEERING.field(k).expect("a peering field").name;
            want.insert(name, v.clone());
        }
        Change {
            action: Action::Create,
            provider: crate::provider::ProviderName::ConsoleConnect,
            kind: &PEERING,
            name: kind.into(),
            id: None,
            fields: BTreeMap::new(),
            want,
            parents: vec![Parent {
                key: AZURE,
                ident: "er".into(),
                id: Some("g1".into()),
            }],
            after: Vec::new(),
            line: Some(1),
        }
    }

    fn base() -> Value {
        json!({"peer_asn": 64496, "primary_subnet": "123.0.0.0/30",
               "secondary_subnet": "123.0.0.4/30", "vlan": 200})
    }

    fn with(extra: Value) -> Value {
        let mut v = base();
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    }

    fn refused(kind: &str, fields: Value) -> String {
        let err = peering_request(&peering(kind, fields)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage, "{}", err.message);
        err.message.clone()
    }

    #[test]
    fn a_peering_body_is_the_one_peering_set_sends() {
        let (kind, body) = peering_request(&peering(
            "MICROSOFT",
            with(
                json!({"advertised_prefix": ["123.1.0.0/24"], "routing_registry": "ARIN",
                        "shared_key": "k3y"}),
            ),
        ))
        .unwrap();
        assert_eq!(kind, PeeringType::Microsoft);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"peerASN": 64496, "primaryPeerAddressPrefix": "123.0.0.0/30",
                   "secondaryPeerAddressPrefix": "123.0.0.4/30", "vlanId": 200,
                   "sharedKey": "k3y", "advertisedPublicPrefixes": ["123.1.0.0/24"],
                   "routingRegistryName": "ARIN"})
        );
        let (_, private) = peering_request(&peering("PRIVATE", base())).unwrap();
        assert_eq!(private.advertised_public_prefixes, None);
        assert_eq!(private.shared_key, None);
    }

    #[test]
    fn each_value_is_checked_naming_the_resource_and_the_field() {
        let cases = [
            (
                "MICROSOFT",
                base(),
                "advertised_prefix (none): MICROSOFT peering needs",
            ),
            (
                "PRIVATE",
                with(json!({"routing_registry": "ARIN"})),
                "routing_registry ARIN: only for MICROSOFT",
            ),
            (
                "PUBLIC",
                with(json!({"advertised_prefix": ["123.1.0.0/24"]})),
                "advertised_prefix 123.1.0.0/24: only for MICROSOFT",
            ),
            (
                "PRIVATE",
                with(json!({"peer_asn": 65515})),
                "peer_asn 65515: ASNs 65515-65520 are reserved",
            ),
            (
                "PRIVATE",
                with(json!({"primary_subnet": "10.0.0.0/29"})),
                "primary_subnet 10.0.0.0/29: ",
            ),
            (
                "PRIVATE",
                with(json!({"shared_key": "two words"})),
                "shared_key ********: must not be empty or contain spaces",
            ),
        ];
        for (kind, fields, wanted) in cases {
            let message = refused(kind, fields);
            assert!(
                message.starts_with(&format!("Azure peering `er / {kind}`: ")),
                "{message}"
            );
            assert!(message.contains(wanted), "{message} lacks {wanted}");
        }
    }

    #[test]
    fn an_unset_secret_is_an_error_only_here_where_it_must_be_sent() {
        let message = refused(
            "PRIVATE",
            with(json!({"shared_key": "${env:NOT_SET_HERE}"})),
        );
        assert!(
            message.contains("shared_key: the variable NOT_SET_HERE is not set"),
            "{message}"
        );
        assert_eq!(
            peering_id("5e7a2b1903be0d0014960141/MICROSOFT").unwrap(),
            ("5e7a2b1903be0d0014960141", PeeringType::Microsoft)
        );
        assert!(peering_id("nope").is_err());
    }
}
