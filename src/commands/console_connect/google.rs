//! `cc console-connect google regions|create`: a Google Cloud partner interconnect ordered
//! through Console Connect. Redundancy is mandatory there (two destination ports, two pairing
//! keys of the region), so `cc` takes two ports and two pairing keys and refuses anything else
//! before sending (exit 2). The order goes through the create protocol (`commands::create`),
//! as the Azure and AWS ones do.

use clap::{Args, Subcommand};

use super::order::{Body, FLAGS, Order, ask_name, check_name_and_speed, port_choices};
use super::partner::{self, ask_speed};
use crate::commands::args::IfExistsArgs;
use crate::commands::create::{self, Create, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::placeholder;
use crate::output::Outcome;
use crate::prompt::{self, Choice};
use crate::providers::Typed;
use crate::providers::console_connect::models::{self, GOOGLE, PartnerRegion, Port};
use crate::providers::console_connect::orders::{self, GoogleOrder};
use crate::validate;

/// Google Cloud partner interconnects
#[derive(Debug, Subcommand)]
pub enum GoogleCommand {
    /// List the Google Cloud regions Console Connect reaches, with their destination ports
    ///
    /// Sends GET /api/directConnectPartner/google/regions (inferred: the path of the AWS list,
    /// for Google). A partner interconnect needs two of the ports serving its region.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect google regions
    ///     $ cc console-connect google regions --jq '.[].partner.regionNames[]'
    #[command(verbatim_doc_comment)]
    Regions,
    // Help text: the doc comment of `GoogleCreateArgs`.
    Create(GoogleCreateArgs),
}

/// Order a Google Cloud partner interconnect (two ports, two pairing keys) and wait until ACTIVE
///
/// Before ordering, `cc` checks the two pairing keys (distinct, each `<key>/<region>/<1|2>` of
/// `--region`, one in each edge availability domain), the two ports (distinct, by id or exact
/// name, taking connections, enough capacity left), that Console Connect has two Google ports
/// in the region (`cc console-connect google regions`) and that the speed is one they offer
/// when they list them. It then sends PUT .../directConnectPartner/GCE/layer2 with
/// `{type: "LAYER2", name, srcPortId, destPortId, paymentType: "invoice", speed, partner:
/// {srcPortIds, destPortIds, pairingKeys, region}}` and waits until the connection is ACTIVE
/// unless `--no-wait` (a connection waiting in PENDING_ACCEPTANCE ends the wait with exit 0
/// and the next step); ERROR, DENIED or CANCELLED are exit 8 with the provider's reason.
///
/// If the order's response is lost (timeout, reset, 5xx), `cc` never sends it again: it looks
/// for a connection of that name and reports what it found. On a terminal, missing values are
/// asked for (ports and region from pick-lists), with a summary and a confirmation before the
/// order (`--yes` skips it) and the equivalent command line after.
///
/// Examples:
///
///     $ cc console-connect google create --name "GCP Belgium" \
///         --port "ACME LONDON 1" --port "ACME LONDON 2" \
///         --pairing-key 765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1 \
///         --pairing-key 69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2 \
///         --region europe-west1 --speed 500
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct GoogleCreateArgs {
    /// Connection name
    #[arg(long)]
    pub name: Option<String>,
    /// Source port: id or exact name (`cc console-connect ports`); give it twice, two distinct
    /// ports (the first is sent as `srcPortId`, both as `partner.srcPortIds`, inferred)
    #[arg(long = "port", value_name = "PORT")]
    pub ports: Vec<String>,
    /// Pairing key of a VLAN attachment (`<key>/<region>/<1|2>`); give it twice, one per edge
    /// availability domain (sent as `partner.pairingKeys`); `-` takes the next line of stdin
    /// (one line per `-`), or asks for it without echo on a terminal
    #[arg(long = "pairing-key", value_name = "K")]
    pub pairing_keys: Vec<String>,
    /// Google Cloud region (`europe-west1`), sent as `partner.region`; Google's two ports there
    /// are sent as `partner.destPortIds` (inferred from `cc console-connect google regions`)
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Speed in Mbps
    #[arg(long, value_name = "MBPS")]
    pub speed: Option<u32>,
    #[command(flatten)]
    pub if_exists: IfExistsArgs,
}

/// Runs `cc console-connect google ...`.
pub(super) async fn run(ctx: &Context, cmd: GoogleCommand) -> Result<Outcome> {
    match cmd {
        GoogleCommand::Regions => partner::regions(ctx, GOOGLE).await,
        GoogleCommand::Create(mut args) => {
            let keys = &mut args.pairing_keys;
            crate::secret::dashes("--pairing-key", "Pairing key", keys, ctx.interactive)?;
            create::run(ctx, GoogleCreate { args }).await
        }
    }
}

/// The steps of `cc console-connect google create` in the create protocol.
struct GoogleCreate {
    args: GoogleCreateArgs,
}

/// The two ports Console Connect has for Google in `region`, or why not.
fn destinations(regions: &[Typed<PartnerRegion>], region: &str) -> Result<Vec<String>> {
    orders::google_destinations(regions, region).map_err(|e| e.naming(FLAGS))
}

/// `--pairing-key` twice, checked against `--region`.
fn check_keys(keys: &[String], region: &str) -> Result<()> {
    models::google_pairing_keys(keys, region, "--region")
        .map_err(|rule| Error::usage(format!("--pairing-key: {rule}")))
}

impl GoogleCreate {
    /// The checks that need no request.
    fn check(&self) -> Result<String> {
        let args = &self.args;
        let name = check_name_and_speed(args.name.as_deref(), args.speed)?;
        if args.ports.len() != 2 {
            return Err(Error::usage(format!(
                "--port given {} time(s): a Google partner interconnect takes two distinct ports (redundancy is mandatory)",
                args.ports.len()
            )));
        }
        if args.ports.iter().any(|p| p.trim().is_empty()) {
            return Err(Error::usage("--port: must not be empty"));
        }
        let region = args.region.as_deref().unwrap_or_default().trim();
        if region.is_empty() {
            return Err(Error::usage("--region: must not be empty"));
        }
        check_keys(&args.pairing_keys, region)?;
        Ok(name)
    }

    /// On a terminal, the region, the keys, the ports and the speed not given.
    fn ask_looked_up(
        &mut self,
        ports: &[Typed<Port>],
        regions: &[Typed<PartnerRegion>],
    ) -> Result<()> {
        let args = &mut self.args;
        if args.region.is_none() {
            let mut names: Vec<String> = regions.iter().flat_map(|r| r.view.names()).collect();
            names.sort();
            names.dedup();
            let choices: Vec<Choice> = names
                .into_iter()
                .filter(|n| destinations(regions, n).is_ok())
                .map(|n| Choice {
                    label: n.clone(),
                    value: n,
                })
                .collect();
            args.region = Some(prompt::select("Google Cloud region", "--region", &choices)?);
        }
        let region = args.region.clone().unwrap_or_default();
        while args.pairing_keys.len() < 2 {
            let n = args.pairing_keys.len() + 1;
            let given = args.pairing_keys.clone();
            let key =
                prompt::secret_input(&format!("Pairing key {n} of 2"), "--pairing-key", |t| {
                    let k = models::pairing_key(t)
                        .map_err(|r| Error::usage(format!("--pairing-key: {r}")))?;
                    if k.region != region {
                        return Err(Error::usage(format!(
                            "--pairing-key: its region {} is not {region}",
                            k.region
                        )));
                    }
                    match given.first() {
                        Some(first) => check_keys(&[first.clone(), t.trim().to_string()], &region),
                        None => Ok(()),
                    }
                })?;
            args.pairing_keys.push(key.trim().to_string());
        }
        while args.ports.len() < 2 {
            let question = ["First source port", "Second source port"][args.ports.len()];
            let choices = port_choices(ports, &args.ports);
            let port = prompt::select(question, "--port", &choices)?;
            args.ports.push(port);
        }
        if args.speed.is_none() {
            let dest: Vec<&Typed<PartnerRegion>> =
                regions.iter().filter(|r| r.view.serves(&region)).collect();
            let chosen: Vec<&Port> = ports
                .iter()
                .filter(|p| args.ports.contains(&p.view.id))
                .map(|p| &p.view)
                .collect();
            let fits = |speed: u32| -> std::result::Result<(), String> {
                dest.iter().try_for_each(|r| r.view.offers(speed))?;
                chosen.iter().try_for_each(|p| p.carries(u64::from(speed)))
            };
            let offered = dest.first().map(|r| r.view.speeds()).unwrap_or_default();
            args.speed = Some(ask_speed(&offered, &fits)?);
        }
        Ok(())
    }
}

impl Create for GoogleCreate {
    type Order = Order;
    const COMMAND: &'static str = "cc console-connect google create";
    const QUESTION: &'static str = "Order this partner interconnect?";

    fn required(&self) -> Vec<(&'static str, bool)> {
        let args = &self.args;
        vec![
            ("--name", args.name.is_none()),
            ("--port", args.ports.is_empty()),
            ("--pairing-key", args.pairing_keys.is_empty()),
            ("--region", args.region.is_none()),
            ("--speed", args.speed.is_none()),
        ]
    }

    /// The name; the rest comes after the look-ups.
    async fn ask(&mut self, _ctx: &Context) -> Result<()> {
        ask_name(&mut self.args.name)
    }

    async fn resolve(&mut self, ctx: &Context, asked: bool) -> Result<Step<Order>> {
        let name = validate::name("--name", self.args.name.as_deref().unwrap_or_default(), 255)?;
        if !asked {
            self.check()?;
        }
        let partner = (GOOGLE, "Google");
        let if_exists = self.args.if_exists;
        partner::resolve(ctx, partner, &name.clone(), if_exists, |ports, regions| {
            if asked {
                self.ask_looked_up(ports, regions)?;
                self.check()?;
            }
            let args = &self.args;
            let values = GoogleOrder {
                name,
                ports: &args.ports,
                pairing_keys: args
                    .pairing_keys
                    .iter()
                    .map(|k| k.trim().to_string())
                    .collect(),
                region: args.region.clone().unwrap_or_default().trim().to_string(),
                speed: args.speed.unwrap_or_default(),
            };
            orders::google_body(values, ports, regions).map(Body::Google)
        })
        .await
    }

    fn equivalent(&self) -> Vec<String> {
        let args = &self.args;
        let mut words: Vec<String> = ["console-connect", "google", "create"]
            .map(String::from)
            .to_vec();
        words.extend(create::flag_words(&[("--name", args.name.clone())]));
        for port in &args.ports {
            words.extend(["--port".into(), port.clone()]);
        }
        // Pairing keys are credentials: placeholders, never their values (README, "Where
        // `CLI.md` is silent").
        for n in 1..=args.pairing_keys.len() {
            words.extend([
                "--pairing-key".into(),
                placeholder(&format!("pairing key {n}")),
            ]);
        }
        words.extend(create::flag_words(&[
            ("--region", args.region.clone()),
            ("--speed", args.speed.map(|s| s.to_string())),
        ]));
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn a_region_needs_two_google_ports() {
        let parse = |v: Value| Typed::<PartnerRegion> {
            view: serde_json::from_value(v.clone()).unwrap(),
            raw: v,
        };
        let regions = vec![
            parse(json!({"id": "g1", "partner": {"regionNames": ["europe-west1"]}})),
            parse(json!({"id": "g2", "partner": {"regionNames": ["europe-west1"]}})),
            parse(json!({"id": "g3", "partner": {"regionNames": ["us-east4"]}})),
        ];
        assert_eq!(
            destinations(&regions, "europe-west1").unwrap(),
            ["g1", "g2"]
        );
        let one = destinations(&regions, "us-east4").unwrap_err();
        assert_eq!(one.exit_code(), 2);
        assert!(
            one.message.contains("lists 1 Google port(s) there"),
            "{}",
            one.message
        );
        let none = destinations(&regions, "mars-north1").unwrap_err();
        assert_eq!(none.exit_code(), 4, "a region no row serves is not found");
        assert!(
            none.message.contains("--region") && none.message.contains("no Google port serving it"),
            "{}",
            none.message
        );
    }
}
