//! `cc apply`'s create of an AWS hosted connection or a Google partner interconnect: the body
//! and the checks of `cc console-connect aws create` and `google create` (the account id's
//! shape, the ports by id or name, the region's destination ports from the partner's regions
//! list, the speed the partner offers, the two pairing keys), prepared before anything is sent
//! (a replace's before its delete), then sent once (a lost answer is looked
//! up by name, [`after_lost_create`]), then waited for as those commands wait: until Console
//! Connect hands it over. An AWS connection is done on our side in `PENDING_ACCEPTANCE`: the
//! wait ends there, its progress line saying it waits for acceptance in AWS and what to do.
//!
//! Why apart from the commands: their pick-lists and confirmation belong to the command line,
//! which provider code does not reach; the look-ups they need (the regions list, the ports) are
//! one request each here, made concurrently. There is no update: every field is a replace.

use super::ConsoleConnectClient;
use super::desired::{AWS, GOOGLE};
use super::desired_apply::{about, label, ports_for, refuse, secret, speed, text, texts};
use super::desired_observe::kind_of;
use super::desired_rules::pairing_keys;
use super::desired_wait::{self, Ending, next_step};
use super::models::{self, ConnectionStatus, CreateAws, CreateGoogle};
use super::orders::{self, AwsOrder, GoogleOrder};
use crate::desired::apply::after_lost_create;
use crate::desired::{Change, placeholder};
use crate::error::{Error, Result};
use crate::validate;
use crate::wait::WaitOptions;

/// An AWS or Google order, every value checked: what [`create`] sends.
pub enum PartnerOrder {
    /// An AWS hosted connection.
    Aws(CreateAws),
    /// A Google partner interconnect.
    Google(CreateGoogle),
}

/// The AWS or Google order `change` asks for, checked as `aws create` and `google create`
/// check it (the ports and the partner's regions read); nothing ordered.
pub(super) async fn prepare(c: &ConsoleConnectClient, change: &Change) -> Result<PartnerOrder> {
    let name = validate::name("name", &change.name, 255).map_err(about(change))?;
    match change.kind.key {
        AWS => aws_body(c, change, name).await.map(PartnerOrder::Aws),
        GOOGLE => google_body(c, change, name).await.map(PartnerOrder::Google),
        other => Err(Error::internal(format!(
            "`{other}` is no partner connection"
        ))),
    }
}

/// Orders the prepared AWS or Google connection (once), then waits for it; its id.
pub(super) async fn create(
    c: &ConsoleConnectClient,
    change: &Change,
    order: PartnerOrder,
    wait: Option<&WaitOptions>,
) -> Result<String> {
    let (name, sent) = match &order {
        PartnerOrder::Aws(body) => (&body.name, c.create_aws(body).await),
        PartnerOrder::Google(body) => (&body.name, c.create_google(body).await),
    };
    let id = match sent {
        Ok(made) => made.view.id,
        Err(err) if err.maybe_applied => {
            let found = c.connections_named(name).await.map(|list| {
                list.into_iter()
                    .filter(|found| kind_of(found) == Some(change.kind.key))
                    .map(|found| found.view.id)
                    .collect()
            });
            let list = "cc console-connect list";
            after_lost_create(err, change.kind.what, name, list, found)?
        }
        Err(err) => return Err(err),
    };
    match wait {
        Some(options) => {
            let (named, goal) = ((id.as_str(), Some(name.as_str())), ConnectionStatus::Active);
            let now = desired_wait::connection(c, options, named, &goal, Ending::Handed).await?;
            let reached = ConnectionStatus::parse(now["status"].as_str().unwrap_or_default());
            if reached == ConnectionStatus::PendingAcceptance {
                crate::log::note(format!(
                    "{}: done on Console Connect's side ({reached}); it waits for acceptance in AWS",
                    label(change)
                ));
            }
        }
        None if change.kind.key == AWS && !c.api().plans_only() => crate::log::note(format!(
            "{}: ordered, not waited for; once provisioned it waits for acceptance in AWS: {}",
            label(change),
            next_step(&serde_json::json!({"partner": {"type": "AWS"}}), &id)
        )),
        None => {}
    }
    Ok(id)
}

/// The AWS order's body, every value checked as `aws create` checks it; the ports and the
/// regions list read concurrently.
async fn aws_body(c: &ConsoleConnectClient, change: &Change, name: String) -> Result<CreateAws> {
    let given = text(change, "aws_account").unwrap_or_default();
    let account = models::aws_account(&given)
        .map_err(|rule| refuse(change, format!("aws_account `{}`: {rule}", given.trim())))?;
    let speed = speed(change)?;
    let duration = change
        .want
        .get("duration")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(1);
    let duration = u32::try_from(duration)
        .ok()
        .filter(|d| *d > 0)
        .ok_or_else(|| refuse(change, "duration: the term is at least 1"))?;
    let ((ports, _), regions) =
        tokio::try_join!(ports_for(c, change), c.partner_regions(models::AMAZON))?;
    let order = AwsOrder {
        name,
        ports: &texts(change, "port"),
        account,
        region: &text(change, "region").unwrap_or_default(),
        speed,
        duration,
        duration_unit: text(change, "duration_unit").unwrap_or_else(|| "m".into()),
    };
    orders::aws_body(order, &ports, &regions).map_err(about(change))
}

/// The two pairing keys, read where they must be sent: each `${env:VAR}` of the list read from
/// the environment (unset: exit 2), a value holding both split at its comma.
fn keys_to_send(change: &Change) -> Result<Vec<String>> {
    if !change.want.get("pairing_key").is_some_and(|v| v.is_array()) {
        // One placeholder whose variable is not set (a set one is a list of its value).
        secret(change, "pairing_key")?;
    }
    let mut given: Vec<String> = Vec::new();
    for item in texts(change, "pairing_key") {
        let Some(var) = placeholder(&item) else {
            given.push(item);
            continue;
        };
        let value = std::env::var(var).map_err(|_| {
            refuse(
                change,
                format!("pairing_key: the variable {var} is not set, and its value must be sent"),
            )
            .hint(format!("export {var}, then run apply again"))
        })?;
        given.push(value);
    }
    Ok(pairing_keys(&given))
}

/// The Google order's body, every value checked as `google create` checks it; the ports and
/// the regions list read concurrently. A key is never shown in a refusal.
async fn google_body(
    c: &ConsoleConnectClient,
    change: &Change,
    name: String,
) -> Result<CreateGoogle> {
    let speed = speed(change)?;
    let wanted = texts(change, "port");
    if wanted.len() != 2 {
        return Err(refuse(
            change,
            format!(
                "port: a Google partner interconnect takes two distinct ports (redundancy is mandatory), not {}",
                wanted.len()
            ),
        ));
    }
    let region = text(change, "region")
        .unwrap_or_default()
        .trim()
        .to_string();
    let keys = keys_to_send(change)?;
    if let Err(mut why) = models::google_pairing_keys(&keys, &region, "region") {
        for key in &keys {
            why = why.replace(key.as_str(), crate::desired::MASK);
        }
        return Err(refuse(change, format!("pairing_key: {why}")));
    }
    let ((ports, _), regions) =
        tokio::try_join!(ports_for(c, change), c.partner_regions(models::GOOGLE))?;
    let order = GoogleOrder {
        name,
        ports: &wanted,
        pairing_keys: keys,
        region,
        speed,
    };
    orders::google_body(order, &ports, &regions).map_err(about(change))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::*;
    use crate::desired::Action;
    use crate::providers::console_connect::desired::GOOGLE_CONNECTION;

    fn google(keys: Value) -> Change {
        let mut want: BTreeMap<&'static str, Value> = BTreeMap::new();
        want.insert("name", json!("gcp"));
        want.insert("pairing_key", keys);
        want.insert("region", json!("europe-west1"));
        Change {
            action: Action::Create,
            provider: crate::provider::ProviderName::ConsoleConnect,
            kind: &GOOGLE_CONNECTION,
            name: "gcp".into(),
            id: None,
            fields: BTreeMap::new(),
            want,
            parents: Vec::new(),
            after: Vec::new(),
            line: Some(1),
        }
    }

    const K1: &str = "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1";
    const K2: &str = "69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2";

    #[test]
    fn pairing_keys_come_as_a_list_or_as_one_value_holding_both() {
        let listed = keys_to_send(&google(json!([K1, K2]))).unwrap();
        assert_eq!(listed, [K1, K2]);
        let one = keys_to_send(&google(json!([format!("{K1},{K2}")]))).unwrap();
        assert_eq!(one, [K1, K2]);
        let unset = keys_to_send(&google(json!(["${env:CC_NOT_SET_IN_TESTS}", K2]))).unwrap_err();
        assert_eq!(unset.exit_code(), 2);
        assert!(
            unset
                .message
                .contains("the variable CC_NOT_SET_IN_TESTS is not set"),
            "{}",
            unset.message
        );
        let whole = keys_to_send(&google(json!("${env:CC_NOT_SET_IN_TESTS}"))).unwrap_err();
        assert!(
            whole.message.contains("pairing_key: the variable"),
            "{}",
            whole.message
        );
    }
}
