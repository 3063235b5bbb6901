//! The checks and bodies of the three orders once the company's ports and the partner's regions
//! are read: an Azure ExpressRoute connection, an AWS hosted connection and a Google partner
//! interconnect. The source ports by id or exact name (taking connections, able to carry the
//! speed, none twice), the row of the AWS regions list, Google's two destination ports, the
//! speed each allows, and the body made of them.
//!
//! Why here: `azure|aws|google create` and `cc apply` send the same bodies, and had each written
//! these checks (the command refused a port name two ports have, apply took the first). A
//! refusal names its value by the field a desired-state file spells (`port`, `speed`,
//! `region`), kept in parts ([`crate::error::Refusal`]): a command names it by its flag
//! ([`Error::naming`]), apply by the resource it is about.

use super::PROVIDER;
use super::models::{
    AwsPartner, CreateAws, CreateAzure, CreateGoogle, GooglePartner, INVOICE, KeyAnswer, LAYER2,
    PartnerRegion, Port, SrcPort,
};
use crate::error::{Error, Refusal, Result};
use crate::providers::Typed;
use crate::validate::{self, quoted};

/// The command that lists the AWS regions list's rows.
const AWS_REGIONS: &str = "cc console-connect aws regions";

/// An Azure order as given: its ports by id or name.
pub struct AzureOrder<'a> {
    /// The connection's name, checked.
    pub name: String,
    /// The service key, as Console Connect read it.
    pub service_key: &'a str,
    /// One or two ports, by id or exact name.
    pub ports: &'a [String],
    /// Mbps.
    pub speed: u32,
    /// `payg`, `invoice` or `plan`.
    pub payment_type: String,
}

/// An AWS order as given: its port by id or name, its region by AWS region or row id.
pub struct AwsOrder<'a> {
    /// The connection's name, checked.
    pub name: String,
    /// The port (the first is sent), by id or exact name.
    pub ports: &'a [String],
    /// The AWS account id, checked (12 digits).
    pub account: String,
    /// An AWS region one row serves, or a row's id.
    pub region: &'a str,
    /// Mbps.
    pub speed: u32,
    /// The term, at least 1.
    pub duration: u32,
    /// `m` or `y`.
    pub duration_unit: String,
}

/// A Google order as given: its two ports by id or name, its pairing keys checked.
pub struct GoogleOrder<'a> {
    /// The connection's name, checked.
    pub name: String,
    /// The two ports, by id or exact name.
    pub ports: &'a [String],
    /// The two pairing keys, checked against the region.
    pub pairing_keys: Vec<String>,
    /// The Google Cloud region.
    pub region: String,
    /// Mbps.
    pub speed: u32,
}

/// Exit 2: `speed` breaks `rule`.
fn speed_refused(speed: u32, rule: String) -> Error {
    validate::refuse("speed", Some(speed.to_string()), rule)
}

/// The partner's port `row` offering `speed`, or exit 2.
fn offering(row: &PartnerRegion, speed: u32) -> Result<()> {
    row.offers(speed).map_err(|rule| speed_refused(speed, rule))
}

/// Exit 4: no `field` has `value` (a refusal, so that the caller names the field its way).
fn missing(field: &str, value: &str, rule: &str) -> Error {
    let refusal = Refusal::of(field, quoted(value), rule);
    let mut err = Error::not_found(PROVIDER, refusal.message());
    err.refusal = Some(refusal);
    err
}

/// The port `want` names: by id, else the one port of that exact name (none: exit 4 listing the
/// ports; several: exit 2 listing their ids). The one resolver of a port's name: the orders
/// and the plan's rules over a file ([`super::desired_rules`]) judge names by it alike.
pub fn port_named<'a>(ports: &[&'a Port], want: &str) -> Result<&'a Port> {
    if let Some(port) = ports.iter().find(|p| p.id == want) {
        return Ok(port);
    }
    let named: Vec<&Port> = ports.iter().copied().filter(|p| p.name == want).collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => {
            let known: Vec<String> = ports
                .iter()
                .map(|p| match p.name.as_str() {
                    "" => p.id.clone(),
                    name => format!("{name} ({})", p.id),
                })
                .collect();
            let hint = match known.is_empty() {
                true => format!(
                    "known: (none); `{}` lists them",
                    crate::hint::cc("console-connect ports")
                ),
                false => format!("known: {}", known.join(", ")),
            };
            Err(missing("port", want, "no port with that id or name").hint(hint))
        }
        several => {
            let ids: Vec<&str> = several.iter().map(|p| p.id.as_str()).collect();
            let why = format!(
                "{} ports have that name; pass the id: {}",
                ids.len(),
                ids.join(", ")
            );
            Err(validate::refuse("port", quoted(want), why))
        }
    }
}

/// The ids of the company's ports `wanted` names (each by id or exact name), checked: taking
/// connections, able to carry `speed`, none twice.
pub fn source_ports(ports: &[Typed<Port>], wanted: &[String], speed: u32) -> Result<Vec<String>> {
    let views: Vec<&Port> = ports.iter().map(|p| &p.view).collect();
    let mut ids: Vec<String> = Vec::new();
    for want in wanted {
        let port = port_named(&views, want)?;
        if !port.status.accepts_connections() {
            let why = format!(
                "port {} is {}; it takes no new connection",
                port.id, port.status
            );
            return Err(validate::refuse("port", quoted(want), why));
        }
        port.carries(u64::from(speed))
            .map_err(|rule| speed_refused(speed, rule))?;
        if ids.contains(&port.id) {
            let why = format!("port {} is given twice", port.id);
            return Err(validate::refuse("port", quoted(want), why));
        }
        ids.push(port.id.clone());
    }
    Ok(ids)
}

/// The row of the AWS regions list `wanted` names: by id, else the one row serving that AWS
/// region (none: exit 4; several: exit 2 listing their ids, to pass one).
pub fn aws_region<'a>(
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
        [] => Err(missing(
            "region",
            wanted,
            "Console Connect lists no AWS port serving it",
        )
        .hint(format!(
            "`{}` lists them",
            crate::hint::cc("console-connect aws regions")
        ))),
        several => {
            let metros: Vec<&str> = several.iter().map(|r| r.view.metro()).collect();
            let ids: Vec<&str> = several.iter().map(|r| r.view.id.as_str()).collect();
            let why = format!(
                "{} rows of `{AWS_REGIONS}` serve it ({}); give the row's id",
                ids.len(),
                metros.join(", ")
            );
            Err(validate::refuse("region", quoted(wanted), why)
                .hint(format!("pass the id: {}", ids.join(", "))))
        }
    }
}

/// The two ports Console Connect has for Google in `region` (the first two rows serving it
/// [INF, `models::partner`]); none is exit 4 (a region no row serves is not known), one is exit 2.
pub fn google_destinations(regions: &[Typed<PartnerRegion>], region: &str) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for row in regions.iter().filter(|r| r.view.serves(region)) {
        if !ids.contains(&row.view.id) {
            ids.push(row.view.id.clone());
        }
    }
    let lists = format!(
        "`{}` lists the regions it reaches",
        crate::hint::cc("console-connect google regions")
    );
    if ids.is_empty() {
        // No row at all: a region of that name is not known (exit 4, as for AWS).
        let rule = "Console Connect lists no Google port serving it";
        return Err(missing("region", region, rule).hint(lists));
    }
    if ids.len() < 2 {
        let why = format!(
            "Console Connect lists {} Google port(s) there; a partner interconnect needs two",
            ids.len()
        );
        return Err(validate::refuse("region", Some(region.to_string()), why).hint(lists));
    }
    ids.truncate(2);
    Ok(ids)
}

/// The Azure order's body: the speed the key allows, the ports checked.
pub fn azure_body(
    order: AzureOrder,
    key: &KeyAnswer,
    ports: &[Typed<Port>],
) -> Result<CreateAzure> {
    let speed = order.speed;
    key.check_speed(speed)
        .map_err(|rule| speed_refused(speed, rule))?;
    let ids = source_ports(ports, order.ports, speed)?;
    Ok(CreateAzure {
        azure_service_key: order.service_key.trim().to_string(),
        name: order.name,
        src_port: ids.into_iter().map(|port_id| SrcPort { port_id }).collect(),
        speed,
        payment_type: order.payment_type,
    })
}

/// The AWS order's body: the region's row (its port the destination) offering the speed, the
/// port checked.
pub fn aws_body(
    order: AwsOrder,
    ports: &[Typed<Port>],
    regions: &[Typed<PartnerRegion>],
) -> Result<CreateAws> {
    let speed = order.speed;
    let region = aws_region(regions, order.region)?;
    offering(&region.view, speed)?;
    let src = source_ports(ports, order.ports, speed)?;
    Ok(CreateAws {
        kind: LAYER2.into(),
        name: order.name,
        src_port_id: src.into_iter().next().unwrap_or_default(),
        dest_port_id: region.view.id.clone(),
        speed,
        partner: AwsPartner {
            account: order.account,
        },
        duration: order.duration,
        duration_unit: order.duration_unit,
        payment_type: INVOICE.into(),
    })
}

/// The Google order's body: Google's two ports in the region, each offering the speed, and the
/// two source ports checked.
pub fn google_body(
    order: GoogleOrder,
    ports: &[Typed<Port>],
    regions: &[Typed<PartnerRegion>],
) -> Result<CreateGoogle> {
    let speed = order.speed;
    let dest = google_destinations(regions, &order.region)?;
    for row in regions.iter().filter(|r| dest.contains(&r.view.id)) {
        offering(&row.view, speed)?;
    }
    let src = source_ports(ports, order.ports, speed)?;
    Ok(CreateGoogle {
        kind: LAYER2.into(),
        name: order.name,
        src_port_id: src.first().cloned().unwrap_or_default(),
        dest_port_id: dest[0].clone(),
        payment_type: INVOICE.into(),
        speed,
        partner: GooglePartner {
            src_port_ids: src,
            dest_port_ids: dest,
            pairing_keys: order.pairing_keys,
            region: order.region,
        },
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::error::ErrorKind;

    fn parsed<T: serde::de::DeserializeOwned>(items: Value) -> Vec<Typed<T>> {
        let items = items.as_array().cloned().unwrap_or_default();
        Typed::parse_all(PROVIDER, "x", items).unwrap()
    }

    fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/fixtures/console_connect/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn want(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_port_is_picked_by_id_or_by_the_one_port_of_that_name() {
        let ports: Vec<Typed<Port>> = parsed(fixture("ports.json")["results"].clone());
        let ids = source_ports(
            &ports,
            &want(&["ACME LONDON 1", "5893d943878d635dde318023"]),
            100,
        );
        assert_eq!(
            ids.unwrap(),
            ["5893d943878d635dde318022", "5893d943878d635dde318023"]
        );
        let err = source_ports(&ports, &want(&["NO SUCH PORT"]), 100).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
        assert_eq!(
            err.message,
            "port `NO SUCH PORT`: no port with that id or name"
        );
        assert!(err.hints[0].contains("ACME LONDON 1 (5893d943878d635dde318022)"));
        let named = err.naming(&[("port", "--port")]);
        assert!(
            named.message.starts_with("--port `NO SUCH PORT`: "),
            "{}",
            named.message
        );
        let twice = source_ports(
            &ports,
            &want(&["ACME LONDON 1", "5893d943878d635dde318022"]),
            100,
        );
        assert!(twice.unwrap_err().message.ends_with("is given twice"));
        let slow = source_ports(&ports, &want(&["ACME LONDON 1"]), 1000).unwrap_err();
        assert_eq!(
            slow.message,
            "speed 1000: port `ACME LONDON 1` has 900 Mbps left"
        );
    }

    #[test]
    fn a_port_name_two_ports_have_is_refused_listing_their_ids() {
        let mut raw = fixture("ports.json")["results"].clone();
        raw[1]["name"] = json!("ACME LONDON 1");
        let ports: Vec<Typed<Port>> = parsed(raw);
        let err = source_ports(&ports, &want(&["ACME LONDON 1"]), 100).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage);
        assert_eq!(
            err.message,
            "port `ACME LONDON 1`: 2 ports have that name; pass the id: 5893d943878d635dde318022, 5893d943878d635dde318023"
        );
        // By id, either is still taken.
        let by_id = source_ports(&ports, &want(&["5893d943878d635dde318023"]), 100);
        assert_eq!(by_id.unwrap(), ["5893d943878d635dde318023"]);
    }

    #[test]
    fn a_region_is_picked_by_id_or_by_the_one_row_serving_it() {
        let regions: Vec<Typed<PartnerRegion>> =
            parsed(fixture("regions_amazon.json")["results"].clone());
        let pick = |w: &str| aws_region(&regions, w);
        assert_eq!(
            pick("eu-west-2").unwrap().view.id,
            "5b456eda852dad001a8cf2cd"
        );
        assert_eq!(
            pick("EU-WEST-2").unwrap().view.id,
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
        assert_eq!(
            several.hints,
            ["pass the id: 5a80c78c1347a30012dd1c60, 5a80c78c1347a30012dd1c61"]
        );
        assert_eq!(pick("ap-south-9").unwrap_err().exit_code(), 4);
    }
}
