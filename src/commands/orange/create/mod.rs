//! `cc orange create`: the seven steps of the provider document as one command, through the
//! create protocol (`commands::create`). It merges the values of `--from-file`, the flags and
//! (on a terminal) the prompts (`ask.rs`), resolves names to ids itself, running independent
//! look-ups concurrently (`resolve.rs`), validates everything before sending, and waits for
//! the connector to come up.

mod ask;
mod resolve;

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{client, wait_for_state};
use crate::commands::args::IfExistsArgs;
use crate::commands::create::{self, Create, Lost, Step, flag_words};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;
use crate::providers::Typed;
use crate::providers::orange::OrangeClient;
use crate::providers::orange::models::{self, Connector, CreateConnector};
use crate::providers::orange::rules;
use crate::validate;

/// The flag of each body field that `providers::orange::rules` names in a breach.
const FLAGS: &[(&str, &str)] = &[
    (rules::AZURE_SUBNET, "--azure-gateway-subnet"),
    (rules::NETWORK_SUBNET, "--network-gateway-subnet"),
];

// The flags of `cc orange create`; its long help is `help.txt`.
#[derive(Debug, Args, Default)]
#[command(
    about = "Order a cloud connector to Azure and wait until it is ACTIVE",
    long_about = include_str!("help.txt")
)]
pub struct CreateArgs {
    #[command(flatten)]
    pub values: CreateValues,
    /// Read the values from a JSON file (`-` for stdin); keys are the flag names
    /// (`name`, `bandwidth`, `vpn`, `credential`, `pop`, `region`, `resource_group`, `vnet`,
    /// `azure_asn`, `network_asn`, `azure_gateway_subnet`, `network_gateway_subnet`, `design`)
    #[arg(long, value_name = "FILE|-")]
    pub from_file: Option<PathBuf>,
    #[command(flatten)]
    pub if_exists: IfExistsArgs,
}

/// The values of a create, declared once: the flags (clap), the `--from-file` document
/// (serde: the flags' names, snake or kebab case) and what the prompts fill in.
#[derive(Debug, Args, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CreateValues {
    /// Connector name
    #[arg(long)]
    pub name: Option<String>,
    /// Bandwidth in Mbps: 10, 20, 50, 100, 200, 500 or 1000
    #[arg(long, value_name = "MBPS")]
    pub bandwidth: Option<u32>,
    /// Technical VPN id or name (`cc orange vpns`)
    #[arg(long, value_name = "ID|NAME")]
    pub vpn: Option<String>,
    /// Azure credential id or name (`cc orange credentials`)
    #[arg(long, value_name = "ID|NAME")]
    pub credential: Option<String>,
    /// Point of presence: popId or popName (`cc orange pops`)
    #[arg(long, value_name = "ID|NAME")]
    pub pop: Option<String>,
    /// Azure region name (`cc orange regions --credential ...`)
    #[arg(long)]
    pub region: Option<String>,
    /// Azure resource group name (`cc orange resource-groups ...`)
    #[arg(long)]
    #[serde(alias = "resource-group")]
    pub resource_group: Option<String>,
    /// Virtual network name (`cc orange vnets`)
    #[arg(long)]
    pub vnet: Option<String>,
    /// Azure-side ASN: 64512-65534, except 65515-65520 (reserved by Azure)
    #[arg(long, value_name = "ASN")]
    #[serde(alias = "azure-asn")]
    pub azure_asn: Option<u32>,
    /// Orange network-side ASN: 64512-65534, except 65515-65520
    #[arg(long, value_name = "ASN")]
    #[serde(alias = "network-asn")]
    pub network_asn: Option<u32>,
    /// Azure gateway subnet, CIDR (optional)
    #[arg(long, value_name = "CIDR")]
    #[serde(alias = "azure-gateway-subnet")]
    pub azure_gateway_subnet: Option<String>,
    /// Orange network gateway subnet, CIDR (optional)
    #[arg(long, value_name = "CIDR")]
    #[serde(alias = "network-gateway-subnet")]
    pub network_gateway_subnet: Option<String>,
    /// Create in the designed state (sends `"state": "DESIGNED"`) and wait for DESIGNED
    #[arg(long)]
    #[serde(default)]
    pub design: bool,
}

fn read_create_file(path: &PathBuf) -> Result<CreateValues> {
    let text = if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::usage("--from-file -: cannot read stdin").caused_by(e))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!("--from-file {}: cannot read it", path.display())).caused_by(e)
        })?
    };
    serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "--from-file {}: not the expected JSON: {e}",
            path.display()
        ))
    })
}

impl CreateValues {
    /// The flags, with what `--from-file` holds where a flag is not given.
    fn merge(args: CreateArgs) -> Result<CreateValues> {
        let Some(path) = &args.from_file else {
            return Ok(args.values);
        };
        let file = read_create_file(path)?;
        let (Ok(Value::Object(mut merged)), Ok(Value::Object(file))) = (
            serde_json::to_value(&args.values),
            serde_json::to_value(file),
        ) else {
            return Err(Error::internal("create values are not a JSON object"));
        };
        for (key, from_file) in file {
            // A flag not given is null (or false for `--design`).
            if matches!(
                merged.get(&key),
                None | Some(Value::Null | Value::Bool(false))
            ) {
                merged.insert(key, from_file);
            }
        }
        serde_json::from_value(Value::Object(merged))
            .map_err(|e| Error::internal("cannot merge the create values").caused_by(e))
    }

    /// Checks every value given so far; nothing has been sent yet.
    fn check(&mut self) -> Result<()> {
        if let Some(name) = &self.name {
            self.name = Some(validate::name("--name", name, 255)?);
        }
        if let Some(bw) = self.bandwidth {
            validate::one_of("--bandwidth", bw, &models::BANDWIDTHS, "Mbps")?;
        }
        if let Some(asn) = self.azure_asn {
            validate::azure_private_asn("--azure-asn", asn)?;
        }
        if let Some(asn) = self.network_asn {
            validate::azure_private_asn("--network-asn", asn)?;
        }
        if let (Some(a), Some(b)) = (self.azure_asn, self.network_asn)
            && a == b
        {
            return Err(Error::usage(format!(
                "--azure-asn and --network-asn are both {a}: the two BGP sides need different ASNs"
            )));
        }
        for (flag, value) in [
            ("--azure-gateway-subnet", &mut self.azure_gateway_subnet),
            ("--network-gateway-subnet", &mut self.network_gateway_subnet),
        ] {
            if let Some(text) = value {
                *value = Some(validate::cidr(flag, text)?.to_string());
            }
        }
        for (flag, value) in [
            ("--vpn", &self.vpn),
            ("--credential", &self.credential),
            ("--pop", &self.pop),
            ("--region", &self.region),
            ("--resource-group", &self.resource_group),
            ("--vnet", &self.vnet),
        ] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return Err(Error::usage(format!("{flag}: must not be empty")));
            }
        }
        Ok(())
    }

    /// The rules that span the values given (the two gateway subnets), their inputs named by
    /// their flags; they need no look-up.
    fn breaches(&self) -> Vec<crate::rules::Breach> {
        let found = rules::gateway_subnets(
            self.azure_gateway_subnet.as_deref(),
            self.network_gateway_subnet.as_deref(),
        );
        found
            .into_iter()
            .map(|mut b| {
                b.naming(FLAGS);
                b
            })
            .collect()
    }

    fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let checks: [(&str, bool); 10] = [
            ("--name", self.name.is_none()),
            ("--bandwidth", self.bandwidth.is_none()),
            ("--vpn", self.vpn.is_none()),
            ("--credential", self.credential.is_none()),
            ("--pop", self.pop.is_none()),
            ("--region", self.region.is_none()),
            ("--resource-group", self.resource_group.is_none()),
            ("--vnet", self.vnet.is_none()),
            ("--azure-asn", self.azure_asn.is_none()),
            ("--network-asn", self.network_asn.is_none()),
        ];
        for (flag, missing) in checks {
            if missing {
                out.push(flag);
            }
        }
        out
    }

    /// The words after `cc` (and its target options) that order the same without questions.
    fn command_words(&self) -> Vec<String> {
        let mut words: Vec<String> = vec!["orange".into(), "create".into()];
        words.extend(flag_words(&[
            ("--name", self.name.clone()),
            ("--bandwidth", self.bandwidth.map(|b| b.to_string())),
            ("--vpn", self.vpn.clone()),
            ("--credential", self.credential.clone()),
            ("--pop", self.pop.clone()),
            ("--region", self.region.clone()),
            ("--resource-group", self.resource_group.clone()),
            ("--vnet", self.vnet.clone()),
            ("--azure-asn", self.azure_asn.map(|a| a.to_string())),
            ("--network-asn", self.network_asn.map(|a| a.to_string())),
            ("--azure-gateway-subnet", self.azure_gateway_subnet.clone()),
            (
                "--network-gateway-subnet",
                self.network_gateway_subnet.clone(),
            ),
        ]));
        if self.design {
            words.push("--design".into());
        }
        words
    }
}

/// Runs `cc orange create`.
pub(super) async fn create(ctx: &Context, args: CreateArgs) -> Result<Outcome> {
    let reads_stdin = args
        .from_file
        .as_ref()
        .is_some_and(|p| p.as_os_str() == "-");
    let if_exists = args.if_exists;
    let mut values = CreateValues::merge(args)?;
    values.check()?;
    let missing = values.missing();
    if reads_stdin && !missing.is_empty() {
        // Questions cannot share stdin with the document.
        return Err(Error::usage(format!(
            "missing {}: required when --from-file reads stdin",
            missing.join(", ")
        )));
    }
    let steps = OrangeCreate {
        values,
        if_exists,
        client: None,
    };
    create::run(ctx, steps).await
}

/// The steps of `cc orange create` in the create protocol.
struct OrangeCreate {
    values: CreateValues,
    if_exists: IfExistsArgs,
    /// The client the questions used, for the rest.
    client: Option<OrangeClient>,
}

/// A connector order, resolved.
struct Order {
    client: OrangeClient,
    body: CreateConnector,
    /// The connectors named like it before it was sent.
    existing: HashSet<String>,
}

impl Create for OrangeCreate {
    type Order = Order;
    const COMMAND: &'static str = "cc orange create";
    const QUESTION: &'static str = "Order this connector?";

    fn required(&self) -> Vec<(&'static str, bool)> {
        self.values
            .missing()
            .into_iter()
            .map(|f| (f, true))
            .collect()
    }

    async fn ask(&mut self, ctx: &Context) -> Result<()> {
        let c = client(ctx)?;
        self.values.ask(&c, ctx.wait.spinner, &ctx.skips).await?;
        self.client = Some(c);
        Ok(())
    }

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Order>> {
        // Before any look-up: the rules that span the values need none.
        ctx.enforce(self.values.breaches())
            .map_err(|e| e.provider(crate::providers::orange::PROVIDER))?;
        let c = match self.client.take() {
            Some(c) => c,
            None => client(ctx)?,
        };
        let resolve::Resolved { body, existing } = crate::wait::step(
            ctx.wait.spinner,
            "checking the values against Orange",
            resolve::resolve(&c, &self.values),
        )
        .await?;
        let live = existing
            .iter()
            .filter(|e| models::phase(&e.view.state) != models::Phase::Terminated)
            .collect();
        if let Some(reused) = self.if_exists.decide(
            "Orange cloud connector",
            &body.name,
            live,
            |e| e.view.id.clone(),
            "cc orange get {id}",
        )? {
            return Ok(Step::Reuse(reused.raw.clone()));
        }
        Ok(Step::Go(Order {
            client: c,
            body,
            existing: existing.into_iter().map(|e| e.view.id).collect(),
        }))
    }

    fn equivalent(&self) -> Vec<String> {
        self.values.command_words()
    }

    async fn finish(
        &self,
        ctx: &Context,
        order: Order,
        created: Typed<Connector>,
    ) -> Result<Outcome> {
        let goal = if self.values.design {
            models::STATE_DESIGNED
        } else {
            models::STATE_ACTIVE
        };
        if ctx.no_wait() || created.view.state.eq_ignore_ascii_case(goal) {
            return Ok(Outcome::Item(created.raw));
        }
        let made = (created.view.id.as_str(), Some(created.view.name.as_str()));
        let done = wait_for_state(ctx, &order.client, made, goal).await?;
        Ok(Outcome::Item(done))
    }
}

impl create::Order for Order {
    type Made = Typed<Connector>;

    fn body(&self) -> Result<Value> {
        create::shown(&self.body)
    }

    async fn existing(&self) -> Result<Step<HashSet<String>>> {
        Ok(Step::Go(self.existing.clone()))
    }

    async fn send(&self) -> Result<Typed<Connector>> {
        self.client.create(&self.body).await
    }

    fn lost(&self) -> Lost {
        Lost {
            what: "cloud connector".into(),
            matching: format!("named `{}`", self.body.name),
            list: "cc orange list".into(),
            follow: "cc orange wait {id}".into(),
        }
    }

    fn accepted(made: &Typed<Connector>) -> (crate::error::Resource, Value) {
        let kind = "orange cloud connector".to_string();
        let id = made.view.id.clone();
        (crate::error::Resource { kind, id }, made.raw.clone())
    }

    async fn find(&self) -> Result<Vec<(String, String)>> {
        let found = self.client.connectors_named(&self.body.name).await?;
        Ok(found
            .into_iter()
            .map(|f| (f.view.id, f.view.state))
            .collect())
    }
}
