//! What the AWS and Google orders share: the partner regions list (`aws regions`, `google
//! regions`, and `--region` of an AWS order), their resolve (the look-ups, a name taken before,
//! the questions on a terminal, the body) and the speed asked there. Their order and its wait
//! are `order.rs`'s, shared with the Azure create.

use serde_json::Value;

use super::client;
use super::order::{self, Body, FLAGS, Order};
use crate::commands::args::IfExistsArgs;
use crate::commands::create::Step;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, col, computed_col};
use crate::prompt::{self, Choice};
use crate::providers::Typed;
use crate::providers::console_connect::models::{PartnerRegion, Port};
use crate::providers::console_connect::orders;
use crate::validate;

/// The columns of `aws regions` and `google regions`.
pub(super) const REGION_COLUMNS: &[Column] = &[
    col("ID", "id", Key),
    computed_col("REGIONS", "partner.regionNames", High, region_names),
    col("METRO", "metro.name", High),
    computed_col("MBPS", "partner.connectionSpeeds", Medium, speeds),
];

fn region_names(item: &Value) -> String {
    joined(item.pointer("/partner/regionNames"))
}

fn speeds(item: &Value) -> String {
    joined(item.pointer("/partner/connectionSpeeds"))
}

fn joined(list: Option<&Value>) -> String {
    let items = list.and_then(Value::as_array).cloned().unwrap_or_default();
    let words: Vec<String> = items
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => crate::providers::number(Some(other))
                .map(|n| n.to_string())
                .unwrap_or_default(),
        })
        .collect();
    words.join(", ")
}

/// `aws regions` / `google regions`: the partner's list as it comes.
pub(super) async fn regions(ctx: &Context, partner: &str) -> Result<Outcome> {
    Ok(Outcome::List {
        columns: REGION_COLUMNS,
        items: crate::providers::raws(client(ctx)?.partner_regions(partner).await?),
    })
}

/// `--region` of an AWS order: one entry of the regions list, by id, or by a cloud region it
/// serves when only one entry does (several metros for one region: exit 2 listing their ids).
pub(super) fn pick_region<'a>(
    regions: &'a [Typed<PartnerRegion>],
    wanted: &str,
) -> Result<&'a Typed<PartnerRegion>> {
    orders::aws_region(regions, wanted).map_err(|e| e.naming(FLAGS))
}

/// The speed on a terminal: from the speeds `offered` that fit (a pick-list), or typed.
pub(super) fn ask_speed(
    offered: &[u64],
    fits: &dyn Fn(u32) -> std::result::Result<(), String>,
) -> Result<u32> {
    let choices: Vec<Choice> = offered
        .iter()
        .filter_map(|s| u32::try_from(*s).ok())
        .filter(|s| fits(*s).is_ok())
        .map(|s| Choice {
            value: s.to_string(),
            label: format!("{s} Mbps"),
        })
        .collect();
    let text = if choices.is_empty() {
        prompt::input("Speed in Mbps", "--speed", |t| {
            let speed = validate::number("--speed", t)?;
            fits(speed).map_err(|rule| Error::usage(format!("--speed {speed}: {rule}")))
        })?
    } else {
        prompt::select("Speed", "--speed", &choices)?
    };
    validate::number("--speed", &text)
}

/// The resolve of both partner orders (of `partner`, `whose` in the spinner: "AWS") named
/// `name`: the company's ports, the partner's regions and the connections of that name read at
/// once; a name already taken left to `--if-exists` first (refused, or reused with nothing
/// sent); then `make` asks what is missing on a terminal and makes the body from what was read,
/// its refusals named by their flags.
pub(super) async fn resolve(
    ctx: &Context,
    (partner, whose): (&str, &str),
    name: &str,
    if_exists: IfExistsArgs,
    make: impl FnOnce(&[Typed<Port>], &[Typed<PartnerRegion>]) -> Result<Body>,
) -> Result<Step<Order>> {
    let c = client(ctx)?;
    let (ports, regions, existing) = crate::wait::step(
        ctx.wait.spinner,
        &format!("fetching the ports and the {whose} regions from Console Connect"),
        async {
            tokio::join!(
                c.ports(None),
                c.partner_regions(partner),
                c.connections_named(name)
            )
        },
    )
    .await;
    let existing = existing?;
    if let Some(reused) = order::taken(if_exists, name, &existing)? {
        return Ok(Step::Reuse(reused));
    }
    let body = make(&ports?, &regions?).map_err(|e| e.naming(FLAGS))?;
    Ok(Step::Go(Order::new(c, body, existing)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_region_is_picked_by_id_or_by_the_one_entry_serving_it() {
        let parse = |v: Value| Typed::<PartnerRegion> {
            view: serde_json::from_value(v.clone()).unwrap(),
            raw: v,
        };
        let regions = vec![
            parse(json!({"id": "a1", "partner": {"regionNames": ["eu-west-2"]}})),
            parse(json!({"id": "b1", "partner": {"regionNames": ["us-east-1"]}})),
            parse(json!({"id": "b2", "partner": {"regionNames": ["us-east-1"]}})),
        ];
        assert_eq!(pick_region(&regions, "eu-west-2").unwrap().view.id, "a1");
        assert_eq!(pick_region(&regions, "b2").unwrap().view.id, "b2");
        let several = pick_region(&regions, "us-east-1").unwrap_err();
        assert_eq!(several.exit_code(), 2);
        assert!(several.message.starts_with("--region `us-east-1`: "));
        let none = pick_region(&regions, "ap-south-9").unwrap_err();
        assert_eq!(none.exit_code(), 4);
        assert!(none.message.starts_with("--region `ap-south-9`: "));
    }
}
