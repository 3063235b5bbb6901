//! `cc console-connect aws regions|create`: an AWS Direct Connect hosted connection ordered
//! through Console Connect. The order goes through the create protocol (`commands::create`),
//! as the Azure one does: asked on a terminal, checked and resolved before anything is sent
//! (the account id's shape, the port, the region's destination port, the speed), sent once,
//! looked up by name when its answer is lost. It ends in `PENDING_ACCEPTANCE`, where the
//! create's wait stops with exit 0 and says how to accept it in AWS (`partner.rs`).

use clap::{Args, Subcommand};

use super::order::{Body, Order, ask_name, check_name_and_speed, port_choices};
use super::partner::{self, ask_speed, pick_region};
use crate::commands::args::IfExistsArgs;
use crate::commands::create::{self, Create, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;
use crate::prompt::{self, Choice};
use crate::providers::Typed;
use crate::providers::console_connect::models::{self, AMAZON};
use crate::providers::console_connect::orders::{self, AwsOrder};

/// AWS Direct Connect hosted connections
#[derive(Debug, Subcommand)]
pub enum AwsCommand {
    /// List the AWS regions Console Connect reaches, with their destination ports
    ///
    /// Sends GET /api/directConnectPartner/amazon/regions. Each row is one destination port
    /// (inferred: its ID is the order's `destPortId`) in a metro, serving the AWS regions named;
    /// `--region` of `aws create` takes an AWS region (when one row serves it) or a row's ID.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect aws regions
    ///     $ cc console-connect aws regions --jq '.[] | select(.metro.name == "London") | .id'
    #[command(verbatim_doc_comment)]
    Regions,
    // Help text: the doc comment of `AwsCreateArgs`.
    Create(AwsCreateArgs),
}

/// Order an AWS Direct Connect hosted connection, then wait until it awaits your acceptance
///
/// Before ordering, `cc` checks the AWS account id (12 digits), the port (id or exact name,
/// taking connections, enough capacity left), the region (an AWS region one row of
/// `cc console-connect aws regions` serves, or that row's ID: its port is the destination)
/// and the speed (one the region's port offers, when it lists them), the look-ups running
/// concurrently. It then sends PUT .../directConnectPartner/AWS/layer2 with
/// `{name, srcPortId, destPortId, speed, partner: {account}, type: "LAYER2", duration,
/// durationUnit, paymentType: "invoice"}`.
///
/// Console Connect then provisions its side and the connection waits in PENDING_ACCEPTANCE
/// for the AWS account to accept the hosted connection: the wait stops there with exit 0 and
/// says how to accept it (Direct Connect console, or `aws directconnect confirm-connection`);
/// `cc console-connect wait ID --until ACTIVE` then follows it to ACTIVE. ERROR, DENIED or
/// CANCELLED end the wait with exit 8 and the provider's reason.
///
/// If the order's response is lost (timeout, reset, 5xx), `cc` never sends it again: it looks
/// for a connection of that name and reports what it found. On a terminal, missing values are
/// asked for (the port and the region from pick-lists), with a summary and a confirmation
/// before the order (`--yes` skips it) and the equivalent command line after.
///
/// Examples:
///
///     $ cc console-connect aws create --name "AWS London" --port "ACME LONDON 1" \
///         --aws-account 123456789012 --region eu-west-2 --speed 500
///
///     # a one-year term, and return as soon as the order is taken
///     $ cc console-connect aws create --name aws-dub --port 5893d943878d635dde318022 \
///         --aws-account 1234-5678-9012 --region eu-west-1 --speed 100 \
///         --duration 1 --duration-unit y --no-wait -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct AwsCreateArgs {
    /// Connection name
    #[arg(long)]
    pub name: Option<String>,
    /// Source port: id or exact name (`cc console-connect ports`)
    #[arg(long, value_name = "PORT")]
    pub port: Option<String>,
    /// The AWS account id that accepts the hosted connection: 12 digits (sent as `partner.account`)
    #[arg(long, value_name = "ID")]
    pub aws_account: Option<String>,
    /// AWS region (`eu-west-2`) or a row ID of `cc console-connect aws regions`; its port is
    /// sent as `destPortId` (inferred)
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Speed in Mbps
    #[arg(long, value_name = "MBPS")]
    pub speed: Option<u32>,
    /// The term, in --duration-unit (sent as `duration`; 1 when not given, inferred)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub duration: u32,
    /// The term's unit: m (months) or y (years) (sent as `durationUnit`; m when not given,
    /// inferred)
    #[arg(long, value_name = "m|y", default_value = "m", value_parser = models::DURATION_UNITS)]
    pub duration_unit: String,
    #[command(flatten)]
    pub if_exists: IfExistsArgs,
}

/// Runs `cc console-connect aws ...`.
pub(super) async fn run(ctx: &Context, cmd: AwsCommand) -> Result<Outcome> {
    match cmd {
        AwsCommand::Regions => partner::regions(ctx, AMAZON).await,
        AwsCommand::Create(args) => create::run(ctx, AwsCreate { args }).await,
    }
}

/// The steps of `cc console-connect aws create` in the create protocol.
struct AwsCreate {
    args: AwsCreateArgs,
}

impl AwsCreate {
    /// The checks that need no request: the name, the account id, the speed, the term.
    fn check(&self) -> Result<(String, String)> {
        let args = &self.args;
        let name = check_name_and_speed(args.name.as_deref(), args.speed)?;
        let account = account(args.aws_account.as_deref().unwrap_or_default())?;
        if args.duration == 0 {
            return Err(Error::usage("--duration 0: the term is at least 1"));
        }
        if args.port.as_deref().is_some_and(|p| p.trim().is_empty()) {
            return Err(Error::usage("--port: must not be empty"));
        }
        if args.region.as_deref().is_some_and(|r| r.trim().is_empty()) {
            return Err(Error::usage("--region: must not be empty"));
        }
        Ok((name, account))
    }

    /// On a terminal, the port, the region and the speed not given, from what was fetched.
    fn ask_looked_up(
        &mut self,
        ports: &[Typed<models::Port>],
        regions: &[Typed<models::PartnerRegion>],
    ) -> Result<()> {
        let args = &mut self.args;
        if args.port.is_none() {
            let choices = port_choices(ports, &[]);
            args.port = Some(prompt::select("Source port", "--port", &choices)?);
        }
        if args.region.is_none() {
            let choices: Vec<Choice> = regions
                .iter()
                .map(|r| Choice {
                    label: format!("{} ({})", r.view.names().join(", "), r.view.metro()),
                    value: r.view.id.clone(),
                })
                .collect();
            args.region = Some(prompt::select("AWS region", "--region", &choices)?);
        }
        if args.speed.is_none() {
            let region = pick_region(regions, args.region.as_deref().unwrap_or_default())?;
            let port = ports
                .iter()
                .find(|p| Some(&p.view.id) == args.port.as_ref())
                .map(|p| &p.view);
            let fits = |speed: u32| -> std::result::Result<(), String> {
                region.view.offers(speed)?;
                port.map_or(Ok(()), |p| p.carries(u64::from(speed)))
            };
            args.speed = Some(ask_speed(&region.view.speeds(), &fits)?);
        }
        Ok(())
    }
}

/// `--aws-account`, checked.
fn account(text: &str) -> Result<String> {
    models::aws_account(text).map_err(|rule| {
        Error::usage(format!("--aws-account `{}`: {rule}", text.trim()))
            .hint("the account id is on the AWS console's account menu")
    })
}

impl Create for AwsCreate {
    type Order = Order;
    const COMMAND: &'static str = "cc console-connect aws create";
    const QUESTION: &'static str = "Order this hosted connection?";

    fn required(&self) -> Vec<(&'static str, bool)> {
        let args = &self.args;
        vec![
            ("--name", args.name.is_none()),
            ("--port", args.port.is_none()),
            ("--aws-account", args.aws_account.is_none()),
            ("--region", args.region.is_none()),
            ("--speed", args.speed.is_none()),
        ]
    }

    /// The name and the account; the port, the region and the speed come from the look-ups.
    async fn ask(&mut self, _ctx: &Context) -> Result<()> {
        let args = &mut self.args;
        ask_name(&mut args.name)?;
        if args.aws_account.is_none() {
            let asked = prompt::input("AWS account id (12 digits)", "--aws-account", |t| {
                account(t).map(|_| ())
            })?;
            args.aws_account = Some(asked);
        }
        Ok(())
    }

    async fn resolve(&mut self, ctx: &Context, asked: bool) -> Result<Step<Order>> {
        let (name, account) = self.check()?;
        let partner = (AMAZON, "AWS");
        let if_exists = self.args.if_exists;
        partner::resolve(ctx, partner, &name.clone(), if_exists, |ports, regions| {
            if asked {
                self.ask_looked_up(ports, regions)?;
            }
            let args = &self.args;
            let values = AwsOrder {
                name,
                ports: args.port.as_slice(),
                account,
                region: args.region.as_deref().unwrap_or_default(),
                speed: args.speed.unwrap_or_default(),
                duration: args.duration,
                duration_unit: args.duration_unit.clone(),
            };
            orders::aws_body(values, ports, regions).map(Body::Aws)
        })
        .await
    }

    fn equivalent(&self) -> Vec<String> {
        let args = &self.args;
        let mut words: Vec<String> = ["console-connect", "aws", "create"]
            .map(String::from)
            .to_vec();
        words.extend(create::flag_words(&[
            ("--name", args.name.clone()),
            ("--port", args.port.clone()),
            ("--aws-account", args.aws_account.clone()),
            ("--region", args.region.clone()),
            ("--speed", args.speed.map(|s| s.to_string())),
            ("--duration", Some(args.duration.to_string())),
            ("--duration-unit", Some(args.duration_unit.clone())),
        ]));
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_flag_names_the_rule() {
        let err = account("xx-3434-yy-6").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.message
                .starts_with("--aws-account `xx-3434-yy-6`: an AWS account id is 12 digits")
        );
        assert_eq!(account(" 123456789012 ").unwrap(), "123456789012");
    }
}
