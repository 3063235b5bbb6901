//! `cc console-connect azure verify-key|create`: what Console Connect reads from a service key,
//! and the order of an ExpressRoute connection. Everything that can be checked is checked
//! before ordering (the key with Console Connect itself, the ports, the speed), concurrently;
//! the order goes through the create protocol (`commands::create`), so it is never resent on an
//! ambiguous failure.

use clap::Args;

use super::client;
use super::order::{self, Body, FLAGS, Order, ask_name, check_name_and_speed, port_choices};
use crate::commands::args::IfExistsArgs;
use crate::commands::create::{self, Create, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::placeholder;
use crate::output::Outcome;
use crate::prompt::{self, Choice};
use crate::providers::Typed;
use crate::providers::console_connect::models::{self, KeyAnswer, Port};
use crate::providers::console_connect::orders::{self, AzureOrder};
use crate::providers::console_connect::service_key;
use crate::validate;

/// Order an Azure ExpressRoute connection (a GROUP_LAYER2 of two LAYER2 subconnections)
///
/// Before ordering, `cc` asks Console Connect about the service key (a key it refuses is exit 5
/// with its message, and nothing is ordered), checks the ports (id or exact name, not disabled
/// or deleted, enough capacity left) and the speed (a positive number of Mbps, and the speed the
/// key allows when its answer says), running those look-ups concurrently. It then sends
/// PUT .../directConnectPartner/AZURE/layer2/create with
/// `{azureServiceKey, name, srcPort: [{portId}], speed, paymentType}` and waits until the
/// connection is ACTIVE unless `--no-wait`; ERROR, DENIED or CANCELLED end the wait with exit 8
/// and the provider's `errorReason`.
///
/// If the order's response is lost (timeout, reset, 5xx), `cc` never sends it again: it looks
/// for a connection of that name and reports what it found.
///
/// On a terminal, missing values are asked for: the name and the key, then the ports from a
/// pick-list showing each port's free capacity and the speeds the key allows; a summary of the
/// order and a confirmation come before it is sent (`--yes` skips it), and the equivalent
/// command line after. Off a terminal a missing value is exit 2 naming the flag.
///
/// Examples:
///
///     $ cc console-connect azure create --service-key 7d3e9b21-4a6c-4f8e-b1d2-3c4d5e6f7a8b \
///         --name "Azure ExpressRoute London" --port "ACME LONDON 1" --port "ACME LONDON 2" --speed 100
///
///     # return as soon as Console Connect accepted the order
///     $ cc console-connect azure create --service-key 2c4e6a80-1b3d-4f5a-8c7e-9d0f1a2b3c4d \
///         --name er-1 --port 5893d943878d635dde318022 --speed 50 --no-wait -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CreateArgs {
    /// The service key (S-Key) of the ExpressRoute circuit, from the Azure portal (`-`: read
    /// from stdin, or asked without echo on a terminal, so that it is not on the command line)
    #[arg(long, value_name = "KEY")]
    pub service_key: Option<String>,
    /// Connection name
    #[arg(long)]
    pub name: Option<String>,
    /// Source port: id or exact name (`cc console-connect ports`); give it twice for two ports
    #[arg(long = "port", value_name = "PORT")]
    pub ports: Vec<String>,
    /// Speed in Mbps (the ExpressRoute circuit's bandwidth)
    #[arg(long, value_name = "MBPS")]
    pub speed: Option<u32>,
    /// How the connection is paid for (sent as `paymentType`)
    #[arg(long, value_name = "TYPE", default_value = "payg", value_parser = models::PAYMENT_TYPES)]
    pub payment_type: String,
    #[command(flatten)]
    pub if_exists: IfExistsArgs,
}

/// Asks for the ports and the speed that were not given, from what was fetched: the ports that
/// take connections (a second one offered first: Azure wants the pair redundant), and the speeds
/// that both the key and the chosen ports' free capacity allow (typed when the key says none,
/// asked again until one fits).
fn ask_ports_and_speed(
    args: &mut CreateArgs,
    ports: &[Typed<Port>],
    key: &KeyAnswer,
) -> Result<()> {
    if args.ports.is_empty() {
        let choices = port_choices(ports, &[]);
        let first = prompt::select("First source port", "--port", &choices)?;
        let mut rest: Vec<Choice> = choices.into_iter().filter(|c| c.value != first).collect();
        rest.push(Choice {
            value: String::new(),
            label: "(none: one port only, without redundancy)".into(),
        });
        let second = prompt::select("Second source port", "--port", &rest)?;
        args.ports.push(first);
        if !second.is_empty() {
            args.ports.push(second);
        }
    }
    if args.speed.is_none() {
        let chosen: Vec<&Port> = args
            .ports
            .iter()
            .filter_map(|want| {
                ports
                    .iter()
                    .find(|p| &p.view.id == want || &p.view.name == want)
            })
            .map(|p| &p.view)
            .collect();
        let fits = |speed: u64| -> std::result::Result<(), String> {
            let speed32 = u32::try_from(speed).map_err(|_| format!("{speed} Mbps is too fast"))?;
            key.check_speed(speed32)?;
            chosen.iter().try_for_each(|p| p.carries(speed))
        };
        args.speed = Some(ask_speed(key, &fits)?);
    }
    Ok(())
}

/// The speed, from the key's speeds that `fits` (a pick-list), or typed until one fits.
fn ask_speed(
    key: &KeyAnswer,
    fits: &dyn Fn(u64) -> std::result::Result<(), String>,
) -> Result<u32> {
    let allowed: Vec<u64> = match key.bandwidth {
        Some(bandwidth) => vec![bandwidth],
        None => key.speeds.clone(),
    };
    let text = if allowed.is_empty() {
        prompt::input("Speed in Mbps", "--speed", |t| {
            let speed = validate::number("--speed", t)?;
            fits(u64::from(speed)).map_err(|rule| Error::usage(format!("--speed {speed}: {rule}")))
        })?
    } else {
        let choices: Vec<Choice> = allowed
            .iter()
            .filter(|s| fits(**s).is_ok())
            .map(|s| Choice {
                value: s.to_string(),
                label: format!("{s} Mbps"),
            })
            .collect();
        if choices.is_empty() {
            let why = allowed
                .iter()
                .find_map(|s| fits(*s).err())
                .unwrap_or_default();
            return Err(Error::usage(format!(
                "--speed: none of the speeds the key allows fits the ports chosen ({why})"
            ))
            .hint("choose other ports, or free capacity on these"));
        }
        prompt::select(
            "Speed the key allows and the ports can carry",
            "--speed",
            &choices,
        )?
    };
    validate::number("--speed", &text)
}

/// The words after `cc` (and its target options) that order the same without questions. The
/// service key is a credential: it shows as the placeholder `<service key>`, never its value
/// (README, "Where `CLI.md` is silent").
fn command_words(args: &CreateArgs) -> Vec<String> {
    let mut words: Vec<String> = ["console-connect", "azure", "create"]
        .map(String::from)
        .to_vec();
    words.extend(["--service-key".into(), placeholder("service key")]);
    words.extend(["--name".into(), args.name.clone().unwrap_or_default()]);
    for port in &args.ports {
        words.extend(["--port".into(), port.clone()]);
    }
    words.extend(["--speed".into(), args.speed.unwrap_or_default().to_string()]);
    if args.payment_type != "payg" {
        words.extend(["--payment-type".into(), args.payment_type.clone()]);
    }
    words
}

/// Runs `cc console-connect azure create`.
pub(super) async fn create(ctx: &Context, mut args: CreateArgs) -> Result<Outcome> {
    if args.service_key.as_deref() == Some("-") {
        let asked = "Azure service key (S-Key)";
        let key = crate::secret::dash("--service-key", asked, ctx.interactive)?;
        args.service_key = Some(key);
    }
    create::run(ctx, AzureCreate { args }).await
}

/// The steps of `cc console-connect azure create` in the create protocol.
struct AzureCreate {
    args: CreateArgs,
}

impl AzureCreate {
    /// The checks that need no request: the connection's name and the service key.
    fn check(&self) -> Result<(String, String)> {
        let args = &self.args;
        let name = check_name_and_speed(args.name.as_deref(), args.speed)?;
        if args.ports.len() > 2 {
            return Err(Error::usage(format!(
                "--port given {} times: an Azure connection has one or two source ports",
                args.ports.len()
            )));
        }
        if args.ports.iter().any(|p| p.trim().is_empty()) {
            return Err(Error::usage("--port: must not be empty"));
        }
        let service_key = args.service_key.clone().unwrap_or_default();
        if service_key.trim().is_empty() {
            return Err(Error::usage("--service-key: must not be empty"));
        }
        Ok((name, service_key))
    }
}

impl Create for AzureCreate {
    type Order = Order;
    const COMMAND: &'static str = "cc console-connect azure create";
    const QUESTION: &'static str = "Order this connection?";

    fn required(&self) -> Vec<(&'static str, bool)> {
        let args = &self.args;
        vec![
            ("--service-key", args.service_key.is_none()),
            ("--name", args.name.is_none()),
            ("--port", args.ports.is_empty()),
            ("--speed", args.speed.is_none()),
        ]
    }

    /// The key and the name; the ports and the speed are asked from what [`Self::resolve`]
    /// fetches.
    async fn ask(&mut self, _ctx: &Context) -> Result<()> {
        let args = &mut self.args;
        if args.service_key.is_none() {
            args.service_key = Some(prompt::secret_input(
                "Azure service key (S-Key)",
                "--service-key",
                |t| match t.trim().is_empty() {
                    true => Err(Error::usage("--service-key: must not be empty")),
                    false => Ok(()),
                },
            )?);
        }
        ask_name(&mut args.name)?;
        Ok(())
    }

    async fn resolve(&mut self, ctx: &Context, asked: bool) -> Result<Step<Order>> {
        let (name, service_key) = self.check()?;
        let c = client(ctx)?;
        let (key, ports, existing) = crate::wait::step(
            ctx.wait.spinner,
            "checking the service key and the ports with Console Connect",
            async {
                tokio::join!(
                    async {
                        service_key::verify(&c, &service_key, "--service-key")
                            .await
                            .map_err(|e| e.hint("nothing was ordered"))
                    },
                    c.ports(None),
                    c.connections_named(&name),
                )
            },
        )
        .await;
        // The name first: re-running a script that made this connection finds its key in use.
        let existing = existing?;
        if let Some(reused) = order::taken(self.args.if_exists, &name, &existing)? {
            return Ok(Step::Reuse(reused));
        }
        let (key, ports) = (key?, ports?);
        if asked {
            ask_ports_and_speed(&mut self.args, &ports, &key.1)?;
        }
        let values = AzureOrder {
            name,
            service_key: &service_key,
            ports: &self.args.ports,
            speed: self.args.speed.unwrap_or_default(),
            payment_type: self.args.payment_type.clone(),
        };
        let body = orders::azure_body(values, &key.1, &ports).map_err(|e| e.naming(FLAGS))?;
        Ok(Step::Go(Order::new(c, Body::Azure(body), existing)))
    }

    fn equivalent(&self) -> Vec<String> {
        command_words(&self.args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_ports() -> Vec<Typed<Port>> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/console_connect/ports.json"
        );
        let body: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let items = body["results"].as_array().cloned().unwrap_or_default();
        Typed::parse_all(crate::providers::console_connect::PROVIDER, "port", items).unwrap()
    }

    #[test]
    fn a_port_carries_what_its_line_rate_and_free_capacity_allow() {
        let ports = fixture_ports();
        let london1 = &ports[0].view;
        assert_eq!(london1.name, "ACME LONDON 1");
        assert!(london1.carries(500).is_ok());
        assert!(london1.carries(900).is_ok());
        let refused = london1.carries(1000).unwrap_err();
        assert_eq!(refused, "port `ACME LONDON 1` has 900 Mbps left");
        assert!(ports[1].view.carries(10_000).is_ok());
        assert_eq!(
            ports[1].view.carries(20_000).unwrap_err(),
            "port `ACME LONDON 2` runs at 10000 Mbps"
        );
    }
}
