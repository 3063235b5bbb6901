//! AWS hosted connections and Google partner interconnects as the file spells them: plain
//! functions over a connection object and what `observe` read with it (the company's ports, the
//! partner's regions list), tested without HTTP.
//!
//! Why aliases: a file may name a port by id or by name, an AWS account with or without the
//! console's dashes, and an AWS region by its name or by the row of `aws regions` that serves
//! it; each spelling `aws create` takes is the same value, so none of them is a change.
//!
//! What is read from where (the module doc of [`super::desired`] tags what is inferred): an AWS
//! connection's port is its `srcPortId`, its account `partner.account`, its region the region
//! names of the regions-list row whose id is its `destPortId`, its term `duration` and
//! `durationUnit`; a Google connection's ports are `partner.srcPortIds` (else `srcPortId`), its
//! region `partner.region`. Pairing keys are secrets: never read back, never compared.

use serde_json::Value;

use super::desired::{AWS, GOOGLE};
use super::models::{self, Connection, PartnerRegion, Port};
use crate::desired::Live;
use crate::providers::Typed;

/// The name of port `id` among `ports`, when it has one.
fn port_name(ports: &[Typed<Port>], id: &str) -> Option<String> {
    ports
        .iter()
        .find(|p| p.view.id == id)
        .map(|p| p.view.name.clone())
        .filter(|n| !n.is_empty())
}

/// Every spelling of the port list `ids` (each by id or by name), the ids themselves first.
pub fn port_spellings(ids: &[String], ports: &[Typed<Port>]) -> Vec<Vec<String>> {
    let mut spellings: Vec<Vec<String>> = vec![Vec::new()];
    for id in ids {
        let name = port_name(ports, id);
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
    spellings
}

/// The region names `aws create` resolves to the row `id` alone (a name several rows serve
/// needs the row's id), then the row's id: the spellings of that row.
pub fn region_spellings(id: &str, regions: &[Typed<PartnerRegion>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(row) = regions.iter().find(|r| r.view.id == id) {
        for name in row.view.names() {
            let serving = regions.iter().filter(|r| r.view.serves(&name)).count();
            if serving == 1 && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out.push(id.to_string());
    out
}

/// `1234-5678-9012`, the console's spelling of a 12-digit account id.
fn dashed(account: &str) -> Option<String> {
    (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &account[..4], &account[4..8], &account[8..]))
}

/// The connection's speed in Mbps.
fn speed(c: &Typed<Connection>) -> Option<u64> {
    c.view
        .speed
        .as_ref()
        .and_then(|s| s.mbps())
        .or_else(|| models::connection_mbps(&c.raw))
}

/// An AWS hosted connection as the file spells it.
pub fn aws_live(
    c: &Typed<Connection>,
    ports: &[Typed<Port>],
    regions: &[Typed<PartnerRegion>],
) -> Live {
    let text = |v: &Value| v.as_str().map(str::to_string);
    let mut l = Live::new(AWS, &c.view.name, &c.view.id)
        .with("name", c.view.name.as_str())
        .with("speed", speed(c))
        .with("duration", c.raw["duration"].clone())
        .with("duration_unit", c.raw["durationUnit"].clone());
    if let Some(port) = text(&c.raw["srcPortId"]) {
        l = l.with("port", port.as_str());
        if let Some(name) = port_name(ports, &port) {
            l = l.alias("port", name);
        }
    }
    if let Some(account) = c.raw.pointer("/partner/account").and_then(text) {
        l = l.with("aws_account", account.as_str());
        if let Some(also) = dashed(&account) {
            l = l.alias("aws_account", also);
        }
    }
    if let Some(dest) = text(&c.raw["destPortId"]) {
        let mut spellings = region_spellings(&dest, regions).into_iter();
        if let Some(first) = spellings.next() {
            l = l.with("region", first);
        }
        for also in spellings {
            l = l.alias("region", also);
        }
    }
    l
}

/// A Google partner interconnect as the file spells it (no pairing key: a secret).
pub fn google_live(c: &Typed<Connection>, ports: &[Typed<Port>]) -> Live {
    let mut ids: Vec<String> = Vec::new();
    let listed = c
        .raw
        .pointer("/partner/srcPortIds")
        .and_then(Value::as_array);
    let own = c.raw["srcPortId"].as_str().map(Value::from);
    for id in listed.cloned().unwrap_or_default().into_iter().chain(own) {
        if let Some(id) = id.as_str().filter(|i| !i.is_empty())
            && !ids.iter().any(|have| have == id)
        {
            ids.push(id.to_string());
        }
    }
    let region = c.raw.pointer("/partner/region").cloned();
    let mut l = Live::new(GOOGLE, &c.view.name, &c.view.id)
        .with("name", c.view.name.as_str())
        .with("region", region.unwrap_or(Value::Null))
        .with("speed", speed(c));
    if !ids.is_empty() {
        for other in port_spellings(&ids, ports).into_iter().skip(1) {
            l = l.alias("port", other);
        }
        l = l.with("port", ids);
    }
    l
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn typed<T: serde::de::DeserializeOwned>(raw: Value) -> Typed<T> {
        Typed::parse(crate::provider::ProviderName::ConsoleConnect, "x", raw).unwrap()
    }

    fn ports() -> Vec<Typed<Port>> {
        vec![
            typed(json!({"id": "p1", "name": "ONE", "status": "ACTIVE"})),
            typed(json!({"id": "p2", "name": "TWO", "status": "ACTIVE"})),
        ]
    }

    fn regions() -> Vec<Typed<PartnerRegion>> {
        let amazon: Value = serde_json::from_str(include_str!(
            "../../../fixtures/console_connect/regions_amazon.json"
        ))
        .unwrap();
        amazon["results"]
            .as_array()
            .unwrap()
            .iter()
            .cloned()
            .map(typed)
            .collect()
    }

    #[test]
    fn an_aws_connection_reads_back_in_every_spelling_aws_create_takes() {
        let raw = json!({"id": "a1", "name": "aws-lon", "status": "PENDING_ACCEPTANCE",
            "srcPortId": "p1", "destPortId": "5b456eda852dad001a8cf2cd",
            "speed": {"name": "100 Mbps", "value": 100}, "duration": 1, "durationUnit": "m",
            "partner": {"type": "AWS", "account": "123456789012", "connectionId": "dxcon-x"}});
        let l = aws_live(&typed(raw), &ports(), &regions());
        assert_eq!(l.kind, AWS);
        assert_eq!(l.fields["port"], json!("p1"));
        assert_eq!(l.aliases["port"], [json!("ONE")]);
        assert_eq!(l.fields["aws_account"], json!("123456789012"));
        assert_eq!(l.aliases["aws_account"], [json!("1234-5678-9012")]);
        assert_eq!(l.fields["region"], json!("eu-west-2"));
        assert_eq!(l.aliases["region"], [json!("5b456eda852dad001a8cf2cd")]);
        assert_eq!(l.fields["speed"], json!(100));
        assert_eq!(
            (&l.fields["duration"], &l.fields["duration_unit"]),
            (&json!(1), &json!("m"))
        );
    }

    #[test]
    fn a_region_two_rows_serve_is_spelled_by_the_rows_id() {
        // us-east-1 is served from Ashburn and New York: `aws create` needs the row's id.
        let spelled = region_spellings("5a80c78c1347a30012dd1c61", &regions());
        assert_eq!(spelled, ["5a80c78c1347a30012dd1c61"]);
        assert_eq!(region_spellings("gone", &regions()), ["gone"]);
    }

    #[test]
    fn a_google_connection_reads_its_two_ports_and_region_never_its_keys() {
        let raw = json!({"id": "g1", "name": "gcp", "status": "ACTIVE", "srcPortId": "p1",
            "speed": {"value": 500},
            "partner": {"type": "GCE", "srcPortIds": ["p1", "p2"], "region": "europe-west1",
                        "pairingKeys": ["secret-a/europe-west1/1", "secret-b/europe-west1/2"]}});
        let l = google_live(&typed(raw), &ports());
        assert_eq!(l.kind, GOOGLE);
        assert_eq!(l.fields["port"], json!(["p1", "p2"]));
        assert_eq!(l.aliases["port"].len(), 3);
        assert!(l.aliases["port"].contains(&json!(["ONE", "TWO"])));
        assert_eq!(l.fields["region"], json!("europe-west1"));
        assert_eq!(l.fields["speed"], json!(500));
        assert!(
            !format!("{l:?}").contains("secret-a"),
            "a key is never read"
        );
        // Only `srcPortId`: that one port.
        let one = json!({"id": "g2", "name": "g", "srcPortId": "p2", "partner": {"type": "GCE"}});
        assert_eq!(
            google_live(&typed(one), &ports()).fields["port"],
            json!(["p2"])
        );
    }
}
