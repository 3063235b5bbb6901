//! The other cloud partners of the same API family: AWS hosted connections and Google partner
//! interconnects (provider-notes §2.7). Their two create bodies, the partner regions list that
//! gives each order its destination ports, and the rules both `cc` and the simulator check
//! before an order (an AWS account id, two distinct Google pairing keys of the region, a
//! speed the partner offers), written once here so the two cannot drift.
//!
//! Evidence, tagged as the provider notes tag it:
//! - AWS body `{name, srcPortId, destPortId, speed, partner: {account}, type: "LAYER2",
//!   duration, durationUnit: "y"|"m", paymentType: "invoice"}`, duration and its unit
//!   required [DOC `api.consoleconnect.com/docs/tag/AWS-Direct-Connect`]; the order then
//!   waits in `PENDING_ACCEPTANCE` and shows the AWS `dxcon-…` id at `partner.connectionId`
//!   [REPO tacobayle/pccw `pccwOrderAws.py`].
//! - Google body `{type: "LAYER2", name, srcPortId, destPortId, paymentType, speed, partner:
//!   {destPortIds: [2], pairingKeys: [2], region}}`, two destination ports and two pairing keys
//!   of the region mandatory [DOC `…/docs/tag/Google-Cloud-Engine`]. A pairing key reads
//!   `<random>/<region>/<edge availability domain 1|2>` [DOC Google Cloud "Partner Interconnect
//!   terminology", quoted by Equinix's Fabric guide].
//! - The regions list `GET /api/directConnectPartner/amazon/regions` →
//!   `{"results": [{"id", "partner": {"regionNames": [...]}, "metro": {"name"}}]}`
//!   [REPO `pccwMain.py` `ppcwGetAwsRegion`].
//! - An AWS account id is 12 digits [DOC AWS "Your AWS account ID"].
//!
//! Inferred (kept here, and marked "(inferred)" in the `--help` of the flags they come from):
//! - [INF] an entry of the regions list is a destination (DCP) port: its `id` is sent as
//!   `destPortId`. The entries carry `partner` like a port does (provider-notes §2.6), and the
//!   script's only other id (`regionId`) is not in the documented body, so it is not sent.
//! - [INF] Google's list is at `/api/directConnectPartner/google/regions`, shaped as Amazon's;
//!   the first two entries of the region are the two destination ports, in list order.
//! - [INF] a Google order's second source port is sent as `partner.srcPortIds` (both ports),
//!   the field the live connection object has (`partner.srcPortIds`, provider-notes §2.5); the
//!   documented body names only `srcPortId`, the first.
//! - [INF] `duration` defaults to 1 and `durationUnit` to `m` when not given: the documented
//!   body requires both, and a month is the shortest term its enum offers.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Speed, number_in, string_or_null};

/// `type` of both bodies [DOC].
pub const LAYER2: &str = "LAYER2";

/// `paymentType` of both bodies: the only value the AWS page lists [DOC].
pub const INVOICE: &str = "invoice";

/// `durationUnit` values [DOC AWS page: Enum "y" "m"].
pub const DURATION_UNITS: [&str; 2] = ["m", "y"];

/// The partner part of the regions path, for each partner.
pub const AMAZON: &str = "amazon";
/// See [`AMAZON`]; inferred.
pub const GOOGLE: &str = "google";

/// Body of `PUT .../directConnectPartner/AWS/layer2`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CreateAws {
    /// Always [`LAYER2`].
    #[serde(rename = "type")]
    pub kind: String,
    /// Connection name.
    pub name: String,
    /// The company's port.
    pub src_port_id: String,
    /// The AWS port of the region (the regions list entry's id [INF]).
    pub dest_port_id: String,
    /// Mbps.
    pub speed: u32,
    /// `{account}`.
    pub partner: AwsPartner,
    /// The term, in `duration_unit`s.
    pub duration: u32,
    /// `m` or `y`.
    pub duration_unit: String,
    /// Always [`INVOICE`].
    pub payment_type: String,
}

/// `partner` of [`CreateAws`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AwsPartner {
    /// The AWS account id (12 digits) that accepts the hosted connection.
    pub account: String,
}

/// Body of `PUT .../directConnectPartner/GCE/layer2`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CreateGoogle {
    /// Always [`LAYER2`].
    #[serde(rename = "type")]
    pub kind: String,
    /// Connection name.
    pub name: String,
    /// The first of the company's two ports.
    pub src_port_id: String,
    /// The first of Google's two ports (as the documented sample repeats it).
    pub dest_port_id: String,
    /// Always [`INVOICE`].
    pub payment_type: String,
    /// Mbps.
    pub speed: u32,
    /// Ports, keys and region.
    pub partner: GooglePartner,
}

/// `partner` of [`CreateGoogle`].
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GooglePartner {
    /// The company's two ports [INF: see the module doc].
    pub src_port_ids: Vec<String>,
    /// Google's two ports in the region.
    pub dest_port_ids: Vec<String>,
    /// The two pairing keys of the VLAN attachments, in the order given.
    pub pairing_keys: Vec<String>,
    /// The Google Cloud region (`europe-west1`).
    pub region: String,
}

/// One entry of a partner's regions list: a destination port [INF] in a metro, serving the
/// cloud regions of `partner.regionNames`.
#[derive(Debug, Clone, Deserialize)]
pub struct PartnerRegion {
    /// 24-hex id: `destPortId` [INF].
    pub id: String,
    /// `regionNames` and, when listed, the speeds offered.
    #[serde(default)]
    pub partner: Option<RegionPartner>,
    /// The metro, for people.
    #[serde(default)]
    pub metro: Option<Metro>,
}

/// `partner` of a [`PartnerRegion`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionPartner {
    /// The cloud regions served (`eu-west-2`).
    #[serde(default)]
    pub region_names: Vec<String>,
    /// Speeds offered, when listed (as on a partner port, provider-notes §2.6).
    #[serde(default)]
    pub connection_speeds: Vec<Value>,
}

/// `metro` of a [`PartnerRegion`].
#[derive(Debug, Clone, Deserialize)]
pub struct Metro {
    /// `London`.
    #[serde(default, deserialize_with = "string_or_null")]
    pub name: String,
}

impl PartnerRegion {
    /// The cloud regions it serves.
    pub fn names(&self) -> Vec<String> {
        self.partner
            .as_ref()
            .map(|p| p.region_names.clone())
            .unwrap_or_default()
    }

    /// Whether it serves cloud region `region` (case does not matter).
    pub fn serves(&self, region: &str) -> bool {
        self.names()
            .iter()
            .any(|n| n.eq_ignore_ascii_case(region.trim()))
    }

    /// The metro's name, or empty.
    pub fn metro(&self) -> &str {
        self.metro.as_ref().map_or("", |m| m.name.as_str())
    }

    /// The speeds it offers in Mbps; empty when the entry does not say.
    pub fn speeds(&self) -> Vec<u64> {
        let listed = self.partner.as_ref().map(|p| &p.connection_speeds);
        listed
            .into_iter()
            .flatten()
            .filter_map(number_in)
            .map(|v| v.round() as u64)
            .collect()
    }

    /// Whether it offers `speed`: any speed when it lists none.
    pub fn offers(&self, speed: u32) -> Result<(), String> {
        let speeds = self.speeds();
        if speeds.is_empty() || speeds.contains(&u64::from(speed)) {
            return Ok(());
        }
        let list: Vec<String> = speeds.iter().map(u64::to_string).collect();
        Err(format!(
            "the partner port {} offers {} Mbps",
            self.id,
            list.join(", ")
        ))
    }
}

/// An AWS account id as sent: 12 digits, also accepted as the console shows it
/// (`1234-5678-9012`), sent without the dashes.
pub fn aws_account(text: &str) -> Result<String, String> {
    let text = text.trim();
    let dashed = text.len() == 14
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[9] == b'-'
        && text.matches('-').count() == 2;
    let digits: String = if dashed {
        text.replace('-', "")
    } else {
        text.to_string()
    };
    if digits.len() == 12 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err("an AWS account id is 12 digits (e.g. 123456789012)".into())
    }
}

/// A Google pairing key read: its region and edge availability domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingKey {
    /// `europe-west1`.
    pub region: String,
    /// `1` or `2`.
    pub domain: String,
}

/// Reads a pairing key `<random>/<region>/<1|2>`.
pub fn pairing_key(text: &str) -> Result<PairingKey, String> {
    // The text is not repeated: a near miss of a key is most of a credential.
    let shape = || {
        "not a pairing key: expected <key>/<region>/<1|2>, as the VLAN attachment shows it"
            .to_string()
    };
    let parts: Vec<&str> = text.trim().split('/').collect();
    let [key, region, domain] = parts.as_slice() else {
        return Err(shape());
    };
    let region_ok = !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let key_ok = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !key_ok || !region_ok || !matches!(*domain, "1" | "2") {
        return Err(shape());
    }
    Ok(PairingKey {
        region: region.to_string(),
        domain: domain.to_string(),
    })
}

/// The rule of a Google order's keys: exactly two, distinct, both of `region`, one in each
/// edge availability domain (the redundancy the API makes mandatory). `region_input` is what
/// the caller calls the region (`--region`, a file's `region`, the body's `partner.region`):
/// the rule names it so, nobody rewrites it afterwards.
pub fn google_pairing_keys(
    keys: &[String],
    region: &str,
    region_input: &str,
) -> Result<(), String> {
    if keys.len() != 2 {
        return Err(format!(
            "a Google partner interconnect takes exactly two pairing keys, {} given",
            keys.len()
        ));
    }
    if keys[0].trim() == keys[1].trim() {
        return Err("the two pairing keys are the same; give one per VLAN attachment".into());
    }
    let read: Vec<PairingKey> = keys
        .iter()
        .map(|k| pairing_key(k))
        .collect::<Result<_, _>>()?;
    if let Some(other) = read.iter().find(|k| k.region != region.trim()) {
        return Err(format!(
            "a pairing key of region {} does not fit {region_input} {region}",
            other.region
        ));
    }
    if read[0].domain == read[1].domain {
        return Err(format!(
            "both pairing keys are in edge availability domain {}; redundancy needs one in each",
            read[0].domain
        ));
    }
    Ok(())
}

/// Reads the partner type of a connection object (`AWS`, `GCE`, `AZURE`), if it says.
pub fn partner_type(raw: &Value) -> Option<&str> {
    raw.pointer("/partner/type").and_then(Value::as_str)
}

/// The AWS hosted connection's id (`dxcon-…`), once Console Connect has it.
pub fn aws_connection_id(raw: &Value) -> Option<&str> {
    raw.pointer("/partner/connectionId")
        .and_then(Value::as_str)
        .filter(|id| !id.trim().is_empty())
}

/// A speed read from a connection object, whatever its shape.
pub fn connection_mbps(raw: &Value) -> Option<u64> {
    serde_json::from_value::<Speed>(raw.get("speed")?.clone())
        .ok()
        .and_then(|s| s.mbps())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aws_account_ids_are_twelve_digits() {
        assert_eq!(aws_account("265034252711").unwrap(), "265034252711");
        assert_eq!(aws_account("2650-3425-2711").unwrap(), "265034252711");
        for bad in [
            "xx-3434-yy-6",
            "26503425271",
            "2650342527110",
            "26503-425-2711",
            "",
        ] {
            assert!(aws_account(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pairing_keys_are_two_distinct_of_the_region_one_per_domain() {
        let k1 = "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1".to_string();
        let k2 = "69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2".to_string();
        assert!(google_pairing_keys(&[k1.clone(), k2.clone()], "europe-west1", "--region").is_ok());
        let same = google_pairing_keys(&[k1.clone(), k1.clone()], "europe-west1", "--region");
        assert!(same.unwrap_err().contains("the same"));
        let one = google_pairing_keys(std::slice::from_ref(&k1), "europe-west1", "--region");
        assert!(one.unwrap_err().contains("exactly two"));
        let region = google_pairing_keys(&[k1.clone(), k2.clone()], "us-east4", "--region");
        assert!(
            region
                .unwrap_err()
                .contains("does not fit --region us-east4")
        );
        let named = google_pairing_keys(&[k1.clone(), k2.clone()], "us-east4", "region");
        assert!(named.unwrap_err().ends_with("does not fit region us-east4"));
        let k3 = "0a1b2c3d-a3c1-42c6-ad84-8794d6be30bd/europe-west1/1".to_string();
        let domain = google_pairing_keys(&[k1, k3], "europe-west1", "--region");
        assert!(domain.unwrap_err().contains("domain 1"));
        assert!(pairing_key("no-slashes").is_err());
        assert!(pairing_key("abc/europe-west1/3").is_err());
    }

    #[test]
    fn the_aws_body_is_the_documented_sample() {
        let body = CreateAws {
            kind: LAYER2.into(),
            name: "amazon".into(),
            src_port_id: "5de6f8601693740b2c852398".into(),
            dest_port_id: "5de6f85d1693740b2c852394".into(),
            speed: 100,
            partner: AwsPartner {
                account: "123456789012".into(),
            },
            duration: 1,
            duration_unit: "y".into(),
            payment_type: INVOICE.into(),
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "amazon", "srcPortId": "5de6f8601693740b2c852398",
                "destPortId": "5de6f85d1693740b2c852394", "speed": 100,
                "partner": {"account": "123456789012"}, "type": "LAYER2", "duration": 1,
                "durationUnit": "y", "paymentType": "invoice"})
        );
    }

    #[test]
    fn region_entries_are_read_leniently() {
        let entry: PartnerRegion = serde_json::from_value(json!({
            "id": "5b456eda852dad001a8cf2cd",
            "partner": {"regionNames": ["eu-west-2"], "connectionSpeeds": [50, {"value": 100}]},
            "metro": {"name": "London"}
        }))
        .unwrap();
        assert!(entry.serves("EU-WEST-2"));
        assert_eq!(entry.metro(), "London");
        assert!(entry.offers(100).is_ok());
        assert!(entry.offers(75).unwrap_err().contains("50, 100"));
        let bare: PartnerRegion = serde_json::from_value(json!({"id": "x"})).unwrap();
        assert!(!bare.serves("eu-west-2"));
        assert!(bare.offers(12345).is_ok());
    }
}
