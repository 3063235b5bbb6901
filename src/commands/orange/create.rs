//! `cc orange create`: the seven steps of the provider document as one command. It merges the
//! values of `--from-file`, the flags and (on a terminal) the prompts, resolves names to ids
//! itself, runs independent look-ups concurrently (the command costs the round trips of its
//! critical path, not the sum), validates everything before sending, never resends the order on
//! an ambiguous failure, and waits for the connector to come up.

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CREDENTIAL, client, pick, resolve_credential, wait_for_state};
use crate::commands::args::IfExistsArgs;
use crate::context::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::output::Outcome;
use crate::prompt::{self, Choice};
use crate::providers::Typed;
use crate::providers::orange::OrangeClient;
use crate::providers::orange::models::{self, CreateConnector};
use crate::validate;

// The flags of `cc orange create`; its long help is `create_help.txt`.
#[derive(Debug, Args, Default)]
#[command(
    about = "Order a Standard Public Cloud Co connector to Azure and wait until it is ACTIVE",
    long_about = include_str!("create_help.txt")
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

    /// Asks for every missing value on a terminal, with pick-lists fetched from the API (a
    /// spinner says which while it is fetched, when `spinner`). A value that clashes with
    /// another (the two ASNs) is refused by its own question, which is asked again.
    async fn ask(&mut self, c: &OrangeClient, spinner: bool) -> Result<()> {
        if self.name.is_none() {
            self.name = Some(prompt::input("Connector name", "--name", |t| {
                validate::name("--name", t, 255).map(|_| ())
            })?);
        }
        if self.bandwidth.is_none() {
            let choices: Vec<Choice> = models::BANDWIDTHS
                .iter()
                .map(|b| Choice {
                    value: b.to_string(),
                    label: format!("{b} Mbps"),
                })
                .collect();
            self.bandwidth = Some(validate::number(
                "--bandwidth",
                &prompt::select("Bandwidth", "--bandwidth", &choices)?,
            )?);
        }
        if self.vpn.is_none() {
            let choices = crate::wait::step(spinner, "fetching the technical VPNs", c.vpns())
                .await?
                .into_iter()
                .map(|v| Choice {
                    label: format!("{} ({})", v.view.name, v.view.id),
                    value: v.view.id,
                })
                .collect::<Vec<_>>();
            self.vpn = Some(prompt::select("Technical VPN", "--vpn", &choices)?);
        }
        if self.credential.is_none() {
            let choices = crate::wait::step(
                spinner,
                "fetching the Azure credentials",
                c.credentials(None),
            )
            .await?
            .into_iter()
            .map(|v| Choice {
                label: format!("{} ({})", v.view.name, v.view.id),
                value: v.view.id,
            })
            .collect::<Vec<_>>();
            self.credential = Some(prompt::select(
                "Azure credential",
                "--credential",
                &choices,
            )?);
        }
        if self.pop.is_none() {
            let choices =
                crate::wait::step(spinner, "fetching the points of presence", c.pops(None))
                    .await?
                    .into_iter()
                    .map(|p| Choice {
                        label: format!(
                            "{} {}",
                            p.view.pop_id,
                            p.view
                                .pop_displayname
                                .clone()
                                .or(p.view.pop_name.clone())
                                .unwrap_or_default()
                        ),
                        value: p.view.pop_id,
                    })
                    .collect::<Vec<_>>();
            self.pop = Some(prompt::select("Point of presence", "--pop", &choices)?);
        }
        let credential = crate::wait::step(
            spinner,
            "checking the Azure credential",
            resolve_credential(c, self.credential.as_deref().unwrap_or_default()),
        )
        .await?;
        if self.region.is_none() {
            let choices = crate::wait::step(
                spinner,
                "fetching the Azure regions",
                c.regions(&credential),
            )
            .await?
            .into_iter()
            .map(|r| Choice {
                label: format!(
                    "{} ({})",
                    r.view.display_name.clone().unwrap_or_default(),
                    r.view.name
                ),
                value: r.view.name,
            })
            .collect::<Vec<_>>();
            self.region = Some(prompt::select("Azure region", "--region", &choices)?);
        }
        let region = self.region.clone().unwrap_or_default();
        if self.resource_group.is_none() {
            let choices = crate::wait::step(
                spinner,
                "fetching the resource groups",
                c.resource_groups(&credential, &region),
            )
            .await?
            .into_iter()
            .map(|g| Choice {
                label: g.view.name.clone(),
                value: g.view.name,
            })
            .collect::<Vec<_>>();
            self.resource_group = Some(prompt::select(
                "Azure resource group",
                "--resource-group",
                &choices,
            )?);
        }
        if self.vnet.is_none() {
            let choices = crate::wait::step(spinner, "fetching the virtual networks", c.vnets())
                .await?
                .into_iter()
                .map(|v| Choice {
                    label: v.view.name.clone(),
                    value: v.view.name,
                })
                .collect::<Vec<_>>();
            self.vnet = Some(prompt::select("Virtual network", "--vnet", &choices)?);
        }
        // Each ASN question also refuses the other side's ASN, so that the clash is re-asked
        // on the spot instead of failing after every other answer.
        let asn_check = |flag: &'static str, other: Option<(&'static str, u32)>| {
            move |t: &str| {
                let asn = validate::azure_private_asn(flag, validate::number(flag, t)?)?;
                match other {
                    Some((other_flag, other)) if other == asn => Err(Error::usage(format!(
                        "{flag} {asn} is also {other_flag}: the two BGP sides need different ASNs"
                    ))),
                    _ => Ok(()),
                }
            }
        };
        if self.azure_asn.is_none() {
            let other = self.network_asn.map(|n| ("--network-asn", n));
            self.azure_asn = Some(validate::number(
                "--azure-asn",
                &prompt::input(
                    "Azure-side ASN (64512-65534, not 65515-65520)",
                    "--azure-asn",
                    asn_check("--azure-asn", other),
                )?,
            )?);
        }
        if self.network_asn.is_none() {
            let other = self.azure_asn.map(|n| ("--azure-asn", n));
            self.network_asn = Some(validate::number(
                "--network-asn",
                &prompt::input(
                    "Orange network-side ASN",
                    "--network-asn",
                    asn_check("--network-asn", other),
                )?,
            )?);
        }
        self.check()
    }

    /// The words after `cc` (and its target options) that order the same without questions.
    fn command_words(&self) -> Vec<String> {
        let mut words: Vec<String> = vec!["orange".into(), "create".into()];
        words.extend(crate::commands::flag_words(&[
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

/// Ids and names resolved against the API, ready to send.
struct Resolved {
    body: CreateConnector,
    /// The connectors already named like the new one (none when they could not be listed).
    existing: Vec<Typed<models::Connector>>,
}

/// `pick` for a value checked against a list `cc` fetched for it (`--region`, `--resource-group`,
/// `--vnet`): a value not in the list is a usage error (exit 2) naming the flag and listing what
/// the list holds, since the list was fetched for this very check; nothing is ordered.
fn pick_fetched<'a, T>(
    items: &'a [Typed<T>],
    wanted: &str,
    what: (&str, &str, &str),
    keys: impl Fn(&T) -> (String, Vec<String>),
) -> Result<&'a Typed<T>> {
    pick(items, wanted, what, keys).map_err(|mut e| {
        if e.kind == ErrorKind::NotFound {
            e.kind = ErrorKind::Usage;
            e.message = format!("{}; nothing was ordered", e.message);
        }
        e
    })
}

/// Resolves and checks every name concurrently. Critical path: credentials, then the regions and
/// resource groups of that credential; VPNs and virtual networks (one list, see
/// `paths::VNETS`), POPs and connectors of the same name run beside them. With a credential
/// UUID, everything runs in one round. The region is checked against the regions fetched before
/// the resource groups' answer is read, so that an unknown region is exit 2 naming `--region`
/// whatever the provider answered for its resource groups.
async fn resolve(c: &OrangeClient, w: &CreateValues) -> Result<Resolved> {
    let (name, vpn, cred, pop) = (
        w.name.clone().unwrap_or_default(),
        w.vpn.clone().unwrap_or_default(),
        w.credential.clone().unwrap_or_default(),
        w.pop.clone().unwrap_or_default(),
    );
    let (region, group, vnet) = (
        w.region.clone().unwrap_or_default(),
        w.resource_group.clone().unwrap_or_default(),
        w.vnet.clone().unwrap_or_default(),
    );

    let region_ref = &region;
    let azure_side = async {
        // Both answers are kept, failed or not: which one matters is decided by the region check.
        let scoped = |id: String| async move {
            tokio::join!(c.regions(&id), c.resource_groups(&id, region_ref))
        };
        if validate::is_uuid(&cred) {
            let (creds, (regions, groups)) = tokio::join!(
                c.credentials_holding(&cred),
                scoped(cred.to_ascii_lowercase())
            );
            let id = pick(&creds?, &cred.to_ascii_lowercase(), CREDENTIAL, |v| {
                (v.id.to_ascii_lowercase(), vec![v.name.clone()])
            })?
            .view
            .id
            .clone();
            Ok::<_, Error>((id, regions, groups))
        } else {
            let creds = c.credentials(None).await?;
            let id = pick(&creds, &cred, CREDENTIAL, |v| {
                (v.id.clone(), vec![v.name.clone()])
            })?
            .view
            .id
            .clone();
            let (regions, groups) = scoped(id.clone()).await;
            Ok((id, regions, groups))
        }
    };
    // Connectors already named like the new one, so that after a lost response `cc` can tell
    // the one it ordered from older ones. The list path is inferred: its failure must not block.
    let existing = async {
        match c.connectors_named(&name).await {
            Ok(list) => Ok::<_, Error>(list),
            Err(e) if matches!(e.kind, ErrorKind::NotFound | ErrorKind::Api) => {
                crate::log::line(
                    crate::log::PROGRESS,
                    format!(
                        "orange: cannot list existing connectors ({}); continuing",
                        e.message
                    ),
                );
                Ok(Vec::new())
            }
            Err(e) => Err(e),
        }
    };
    let ((vpns, vnets), pops, (credential_id, regions, groups), existing) = tokio::try_join!(
        c.vpns_and_vnets(),
        c.pops_holding(&pop),
        azure_side,
        existing
    )?;

    let vpn_id = pick(
        &vpns,
        &vpn,
        ("technical VPN", "--vpn", "cc orange vpns"),
        |v| (v.id.clone(), vec![v.name.clone()]),
    )?
    .view
    .id
    .clone();
    let pop_id = pick(
        &pops,
        &pop,
        ("point of presence", "--pop", "cc orange pops"),
        |p| {
            (
                p.pop_id.clone(),
                [p.pop_name.clone(), p.pop_displayname.clone()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )
        },
    )?
    .view
    .pop_id
    .clone();
    let region_name = pick_fetched(
        &regions?,
        &region,
        (
            "Azure region of this credential",
            "--region",
            "cc orange regions --credential ...",
        ),
        |r| (r.name.clone(), r.display_name.clone().into_iter().collect()),
    )?
    .view
    .name
    .clone();
    let group_name = pick_fetched(
        &groups?,
        &group,
        (
            "resource group of this credential in this region",
            "--resource-group",
            "cc orange resource-groups --credential ... --region ...",
        ),
        |g| (g.name.clone(), vec![]),
    )?
    .view
    .name
    .clone();
    let vnet_name = pick_fetched(
        &vnets,
        &vnet,
        ("virtual network", "--vnet", "cc orange vnets"),
        |v| (v.name.clone(), vec![]),
    )?
    .view
    .name
    .clone();

    Ok(Resolved {
        body: CreateConnector {
            name,
            state: if w.design {
                models::STATE_DESIGNED
            } else {
                models::STATE_ACTIVE
            }
            .to_string(),
            band_width: w.bandwidth.unwrap_or_default(),
            technical_vpn_id: vpn_id,
            azure_credential_id: credential_id,
            primary_pop_localization: pop_id,
            azure_region: region_name,
            resource_group_name: group_name,
            vnet_name,
            azure_gateway_subnet: w.azure_gateway_subnet.clone(),
            azure_asn: w.azure_asn.unwrap_or_default(),
            network_side_asn: w.network_asn.unwrap_or_default(),
            network_side_gateway_subnet: w.network_gateway_subnet.clone(),
        },
        existing,
    })
}

/// Runs `cc orange create`.
pub(super) async fn create(ctx: &Context, args: CreateArgs) -> Result<Outcome> {
    let reads_stdin = args
        .from_file
        .as_ref()
        .is_some_and(|p| p.as_os_str() == "-");
    let if_exists = args.if_exists;
    let mut wanted = CreateValues::merge(args)?;
    wanted.check()?;
    let missing = wanted.missing();
    if reads_stdin && !missing.is_empty() {
        // Questions cannot share stdin with the document.
        return Err(Error::usage(format!(
            "missing {}: required when --from-file reads stdin",
            missing.join(", ")
        )));
    }
    let required: Vec<(&str, bool)> = missing.iter().map(|&f| (f, true)).collect();
    let asked = crate::commands::will_ask(ctx, &required, "cc orange create")?;
    let c = client(ctx)?;
    if asked {
        wanted.ask(&c, ctx.wait.spinner).await?;
    }
    let Resolved { body, existing } = crate::wait::step(
        ctx.wait.spinner,
        "checking the values against Orange",
        resolve(&c, &wanted),
    )
    .await?;
    let live = existing
        .iter()
        .filter(|e| models::phase(&e.view.state) != models::Phase::Terminated)
        .collect();
    if let Some(reused) = if_exists.decide(
        "Orange cloud connector",
        &body.name,
        live,
        |e| e.view.id.clone(),
        "cc orange get {id}",
    )? {
        return Ok(Outcome::Item(reused.raw.clone()));
    }
    crate::commands::confirm_order(ctx, asked, &body, "Order this connector?")?;
    let existing_ids: HashSet<String> = existing.into_iter().map(|e| e.view.id).collect();

    let ordering = format!("ordering connector `{}`", body.name);
    let created = match crate::wait::step(ctx.wait.spinner, &ordering, c.create(&body)).await {
        Ok(created) => created,
        Err(err) if err.maybe_applied => {
            return Err(after_lost_create(&c, &body.name, &existing_ids, err).await);
        }
        Err(err) => return Err(err),
    };
    let goal = if wanted.design {
        models::STATE_DESIGNED
    } else {
        models::STATE_ACTIVE
    };
    crate::log::line(
        crate::log::PROGRESS,
        format!(
            "orange: ordered cloud connector {} ({}), state {}",
            created.view.id, body.name, created.view.state
        ),
    );
    crate::commands::show_equivalent(ctx, asked, wanted.command_words());
    if ctx.no_wait() || created.view.state.eq_ignore_ascii_case(goal) {
        return Ok(Outcome::Item(created.raw));
    }
    let done = wait_for_state(ctx, &c, &created.view, goal).await?;
    Ok(Outcome::Item(done.raw))
}

/// The order's outcome is unknown: look for it by name instead of ordering again.
async fn after_lost_create(
    c: &OrangeClient,
    name: &str,
    existing: &HashSet<String>,
    err: Error,
) -> Error {
    let found = c.connectors_named(name).await.map(|found| {
        found
            .into_iter()
            .map(|f| (f.view.id, f.view.state))
            .collect()
    });
    crate::commands::lost_create(
        err,
        "cloud connector",
        &format!("named `{name}`"),
        "cc orange list",
        "cc orange wait {id}",
        existing,
        found,
    )
}
