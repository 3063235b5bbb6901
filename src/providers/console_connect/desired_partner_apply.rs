//! `cc apply`'s create of an AWS hosted connection or a Google partner interconnect: the body
//! and the checks of `cc console-connect aws create` and `google create` (the account id's
//! shape, the ports by id or name, the region's destination ports from the partner's regions
//! list, the speed the partner offers, the two pairing keys), sent once (a lost answer is looked
//! up by name, [`after_lost_create`]), then waited for as those commands wait: until Console
//! Connect hands it over. An AWS connection is done on our side in `PENDING_ACCEPTANCE`: the
//! wait ends there, its progress line saying it waits for acceptance in AWS and what to do.
//!
//! Why apart from the commands: their pick-lists and confirmation belong to the command line,
//! which provider code does not reach; the look-ups they need (the regions list, the ports) are
//! one request each here, made concurrently. There is no update: every field is a replace.

use super::desired::{AWS, GOOGLE};
use super::desired_apply::{about, label, refuse, secret, source_ports, text, texts};
use super::desired_observe::kind_of;
use super::desired_rules::pairing_keys;
use super::desired_wait::{next_step, partner_connection_made};
use super::models::{
    self, AwsPartner, ConnectionStatus, CreateAws, CreateGoogle, GooglePartner, INVOICE, LAYER2,
    PartnerRegion,
};
use super::{ConsoleConnectClient, PROVIDER};
use crate::desired::apply::after_lost_create;
use crate::desired::{Change, placeholder};
use crate::error::{Error, Result};
use crate::providers::Typed;
use crate::validate;
use crate::wait::WaitOptions;

/// What `aws regions` is, for hints.
const AWS_REGIONS: &str = "cc console-connect aws regions";

/// Orders the AWS or Google connection `change` asks for (once), then waits for it; its id.
pub(super) async fn create(
    c: &ConsoleConnectClient,
    change: &Change,
    wait: Option<&WaitOptions>,
) -> Result<String> {
    let name = validate::name("name", &change.name, 255).map_err(about(change))?;
    let sent = match change.kind.key {
        AWS => {
            c.create_aws(&aws_body(c, change, name.clone()).await?)
                .await
        }
        GOOGLE => {
            c.create_google(&google_body(c, change, name.clone()).await?)
                .await
        }
        other => {
            return Err(Error::internal(format!(
                "`{other}` is no partner connection"
            )));
        }
    };
    let id = match sent {
        Ok(made) => made.view.id,
        Err(err) if err.maybe_applied => {
            let found = c.connections_named(&name).await.map(|list| {
                list.into_iter()
                    .filter(|found| kind_of(found) == Some(change.kind.key))
                    .map(|found| found.view.id)
                    .collect()
            });
            let list = "cc console-connect list";
            after_lost_create(err, change.kind.what, &name, list, found)?
        }
        Err(err) => return Err(err),
    };
    match wait {
        Some(options) => {
            let reached = partner_connection_made(c, options, &id, &name).await?;
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

/// The speed, a positive number of Mbps.
fn speed(change: &Change) -> Result<u32> {
    change
        .want
        .get("speed")
        .and_then(serde_json::Value::as_u64)
        .and_then(|s| u32::try_from(s).ok())
        .filter(|s| *s > 0)
        .ok_or_else(|| refuse(change, "speed: must be a positive number of Mbps"))
}

/// The row of the AWS regions list `wanted` names: by id, or the one row serving that AWS
/// region (several: exit 2 listing them; none: exit 4), as `aws create --region` picks it.
pub fn pick_region<'a>(
    change: &Change,
    regions: &'a [Typed<PartnerRegion>],
    wanted: &str,
) -> Result<&'a Typed<PartnerRegion>> {
    let wanted = wanted.trim();
    if let Some(row) = regions.iter().find(|r| r.view.id == wanted) {
        return Ok(row);
    }
    let serving: Vec<&Typed<PartnerRegion>> =
        regions.iter().filter(|r| r.view.serves(wanted)).collect();
    match serving.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::not_found(
            PROVIDER,
            format!(
                "{}: region `{wanted}`: Console Connect lists no AWS port serving it",
                label(change)
            ),
        )
        .hint(format!(
            "`{}` lists them",
            crate::hint::cc("console-connect aws regions")
        ))),
        several => {
            let ids: Vec<String> = several
                .iter()
                .map(|r| format!("{} ({})", r.view.id, r.view.metro()))
                .collect();
            Err(refuse(
                change,
                format!(
                    "region `{wanted}` is served by several rows of `{AWS_REGIONS}`: {}; give the row's id",
                    ids.join(", ")
                ),
            ))
        }
    }
}

/// The AWS order's body, every value checked as `aws create` checks it; the ports and the
/// regions list read concurrently.
async fn aws_body(c: &ConsoleConnectClient, change: &Change, name: String) -> Result<CreateAws> {
    let given = text(change, "aws_account").unwrap_or_default();
    let account = models::aws_account(&given)
        .map_err(|rule| refuse(change, format!("aws_account `{}`: {rule}", given.trim())))?;
    let speed = speed(change)?;
    let (ports, regions) = tokio::try_join!(c.ports(None), c.partner_regions(models::AMAZON))?;
    let region = pick_region(
        change,
        &regions,
        &text(change, "region").unwrap_or_default(),
    )?;
    region
        .view
        .offers(speed)
        .map_err(|rule| refuse(change, format!("speed {speed}: {rule}")))?;
    let port = source_ports(change, &ports, &texts(change, "port"), speed)?;
    let duration = change
        .want
        .get("duration")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(1);
    Ok(CreateAws {
        kind: LAYER2.into(),
        name,
        src_port_id: port.into_iter().next().unwrap_or_default(),
        dest_port_id: region.view.id.clone(),
        speed,
        partner: AwsPartner { account },
        duration: u32::try_from(duration)
            .ok()
            .filter(|d| *d > 0)
            .ok_or_else(|| refuse(change, "duration: the term is at least 1"))?,
        duration_unit: text(change, "duration_unit").unwrap_or_else(|| "m".into()),
        payment_type: INVOICE.into(),
    })
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
    if let Err(mut why) = models::google_pairing_keys(&keys, &region) {
        for key in &keys {
            why = why.replace(key.as_str(), crate::desired::MASK);
        }
        let why = why.replace("--region", "region");
        return Err(refuse(change, format!("pairing_key: {why}")));
    }
    let (ports, regions) = tokio::try_join!(c.ports(None), c.partner_regions(models::GOOGLE))?;
    let mut dest: Vec<&Typed<PartnerRegion>> = Vec::new();
    for row in regions.iter().filter(|r| r.view.serves(&region)) {
        if !dest.iter().any(|d| d.view.id == row.view.id) {
            dest.push(row);
        }
    }
    if dest.len() < 2 {
        return Err(refuse(
            change,
            format!(
                "region {region}: Console Connect lists {} Google port(s) there; a partner interconnect needs two",
                dest.len()
            ),
        )
        .hint(format!("`{}` lists the regions it reaches", crate::hint::cc("console-connect google regions"))));
    }
    dest.truncate(2);
    for row in &dest {
        row.view
            .offers(speed)
            .map_err(|rule| refuse(change, format!("speed {speed}: {rule}")))?;
    }
    let src = source_ports(change, &ports, &wanted, speed)?;
    let dest: Vec<String> = dest.iter().map(|r| r.view.id.clone()).collect();
    Ok(CreateGoogle {
        kind: LAYER2.into(),
        name,
        src_port_id: src[0].clone(),
        dest_port_id: dest[0].clone(),
        payment_type: INVOICE.into(),
        speed,
        partner: GooglePartner {
            src_port_ids: src,
            dest_port_ids: dest,
            pairing_keys: keys,
            region,
        },
    })
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

    #[test]
    fn a_region_is_picked_by_id_or_by_the_one_row_serving_it() {
        let raw: Value = serde_json::from_str(include_str!(
            "../../../fixtures/console_connect/regions_amazon.json"
        ))
        .unwrap();
        let regions: Vec<Typed<PartnerRegion>> = raw["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                Typed::parse(
                    crate::provider::ProviderName::ConsoleConnect,
                    "x",
                    v.clone(),
                )
                .unwrap()
            })
            .collect();
        let change = google(json!([]));
        let pick = |w: &str| pick_region(&change, &regions, w);
        assert_eq!(
            pick("eu-west-2").unwrap().view.id,
            "5b456eda852dad001a8cf2cd"
        );
        assert_eq!(
            pick("5a80c78c1347a30012dd1c61").unwrap().view.id,
            "5a80c78c1347a30012dd1c61"
        );
        let several = pick("us-east-1").unwrap_err();
        assert_eq!(several.exit_code(), 2);
        assert!(
            several.message.contains("give the row's id"),
            "{}",
            several.message
        );
        assert_eq!(pick("ap-south-9").unwrap_err().exit_code(), 4);
    }
}
