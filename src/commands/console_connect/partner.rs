//! What the AWS and Google orders share: the partner regions look-up (`aws regions`,
//! `google regions`, and `--region` of both creates), the checks of a name taken before, the
//! speed asked on a terminal, and the wait that understands `PENDING_ACCEPTANCE`.
//!
//! An AWS hosted connection ends on Console Connect's side in `PENDING_ACCEPTANCE`: the order
//! is done, and it waits for the customer to accept it in AWS. So the wait of a create (and of
//! `cc console-connect wait ID` without `--until`) stops there with exit 0 and says what to do
//! next, while `wait ID --until ACTIVE` goes on through it (`CLI.md` §3 and §4, exit 8).

use std::collections::HashSet;

use serde_json::{Value, json};

use super::{client, resume_command};
use crate::commands::args::IfExistsArgs;
use crate::commands::create::{self, Lost, Step};
use crate::commands::resolve::Lookup;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;
use crate::output::Priority::{High, Key, Medium};
use crate::output::{Column, col, computed_col};
use crate::prompt::{self, Choice};
use crate::providers::Typed;
use crate::providers::console_connect::desired_wait::next_step;
use crate::providers::console_connect::models::{
    self, Connection, ConnectionStatus, CreateAws, CreateGoogle, PartnerRegion, Port,
};
use crate::providers::console_connect::{ConsoleConnectClient, PROVIDER, dialect};
use crate::validate;
use crate::wait::{self, Poll, Target};

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
    list: &str,
) -> Result<&'a Typed<PartnerRegion>> {
    let lookup = Lookup {
        provider: PROVIDER,
        what: "partner region",
        flag: Some("--region"),
        list,
    };
    let names = |r: &Typed<PartnerRegion>| {
        let mut names = r.view.names();
        names.extend(r.view.names().iter().map(|n| n.to_ascii_lowercase()));
        names
    };
    lookup.pick(regions, wanted.trim(), |r| r.view.id.clone(), names)
}

/// The live connections named like the order (not deleted, not a group's subconnection).
fn live(existing: &[Typed<Connection>]) -> Vec<&Typed<Connection>> {
    existing
        .iter()
        .filter(|e| e.view.parent_id.is_none())
        .filter(|e| {
            !matches!(
                e.view.status,
                ConnectionStatus::Deleted | ConnectionStatus::Deleting
            )
        })
        .collect()
}

/// A port of the company, checked as for Azure: by id or exact name, taking connections, able
/// to carry `speed`.
pub(super) fn pick_ports(
    ports: &[Typed<Port>],
    wanted: &[String],
    speed: u32,
) -> Result<Vec<String>> {
    super::create::pick_ports(ports, wanted, speed)
}

/// The ports a new connection may use, for a pick-list.
pub(super) fn port_choices(ports: &[Typed<Port>], except: &[String]) -> Vec<Choice> {
    super::create::port_choices(ports)
        .into_iter()
        .filter(|c| !except.contains(&c.value))
        .collect()
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

/// Waits until connection `id` is ACTIVE. When `handed` (a default wait), it also ends when
/// the connection is handed to the customer (`PENDING_ACCEPTANCE`): the order is then done on
/// Console Connect's side, and the wait ends with exit 0, saying what to do next; otherwise
/// (`--until ACTIVE`) it goes on through it, and its resume command says `--until ACTIVE`.
/// Failures and settled states end it as every wait does.
pub(super) async fn wait_active(
    ctx: &Context,
    c: &ConsoleConnectClient,
    (id, name): (&str, Option<&str>),
    handed: bool,
) -> Result<Value> {
    let goal = ConnectionStatus::Active;
    let resume = match handed {
        true => resume_command(id, &goal),
        false => format!("cc console-connect wait {id} --until {goal}"),
    };
    let target = Target {
        provider: PROVIDER,
        kind: "console-connect connection".into(),
        resource: wait::label("console-connect connection", name, id),
        id: id.to_string(),
        goal: goal.to_string(),
        resume,
    };
    wait::until(&ctx.wait, &target, || async {
        let Some(connection) = c.connection_if_exists(id).await? else {
            let gone = json!({ "id": id, "status": ConnectionStatus::Deleted.to_string() });
            return models::WAIT_STATES.gone(&target, gone);
        };
        let status = connection.view.status.clone();
        if handed && status == ConnectionStatus::PendingAcceptance {
            return Ok(Poll::Handed {
                state: status.to_string(),
                next: next_step(&connection.raw, id),
                value: connection.raw,
            });
        }
        let reason = || connection.view.failure_reason();
        let raw = connection.raw.clone();
        Ok(models::WAIT_STATES.judge(&target.goal, status.as_str(), raw, reason))
    })
    .await
}

/// What both partner creates read before they decide, all at once: the company's ports, the
/// partner's regions, and the connections already named `name`.
pub(super) struct LookedUp {
    /// The company's ports.
    pub ports: Vec<Typed<Port>>,
    /// The partner's regions (`AMAZON`, `GOOGLE`).
    pub regions: Vec<Typed<PartnerRegion>>,
    /// The connections of that name.
    pub existing: Vec<Typed<Connection>>,
}

/// Reads [`LookedUp`] for an order of `partner` (`whose` in the spinner: "AWS") named `name`;
/// a name already taken is left to `--if-exists` first (refused, or reused with nothing sent).
pub(super) async fn look_up(
    ctx: &Context,
    c: &ConsoleConnectClient,
    (partner, whose): (&str, &str),
    name: &str,
    if_exists: &IfExistsArgs,
) -> Result<Step<LookedUp>> {
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
    let what = "Console Connect connection";
    let get = "cc console-connect get {id}";
    let id = |e: &&Typed<Connection>| e.view.id.clone();
    if let Some(reused) = if_exists.decide(what, name, live(&existing), id, get)? {
        return Ok(Step::Reuse(reused.raw.clone()));
    }
    Ok(Step::Go(LookedUp {
        ports: ports?,
        regions: regions?,
        existing,
    }))
}

/// What a partner order sends: an AWS hosted connection or a Google partner interconnect.
pub(super) enum Body {
    /// `PUT .../directConnectPartner/AWS/layer2`.
    Aws(CreateAws),
    /// `PUT .../directConnectPartner/GCE/layer2`.
    Google(CreateGoogle),
}

impl Body {
    /// The connection's name.
    fn name(&self) -> &str {
        match self {
            Body::Aws(b) => &b.name,
            Body::Google(b) => &b.name,
        }
    }

    /// What the progress line calls it.
    fn what(&self) -> &'static str {
        match self {
            Body::Aws(_) => "AWS hosted connection",
            Body::Google(_) => "Google partner interconnect",
        }
    }
}

/// A partner order, checked: the client, the body, and the ids of the connections of that name
/// that existed before (so that one found after a lost answer is told from them).
pub(super) struct Order {
    /// The client of the run.
    pub client: ConsoleConnectClient,
    /// What is sent.
    pub body: Body,
    /// The connections of the same name before the order.
    pub existing: HashSet<String>,
}

impl Order {
    /// `body` for `client`, the connections `existing` of its name set aside.
    pub fn new(
        client: ConsoleConnectClient,
        body: Body,
        existing: Vec<Typed<Connection>>,
    ) -> Order {
        let existing = existing.into_iter().map(|c| c.view.id).collect();
        Order {
            client,
            body,
            existing,
        }
    }

    /// The end of the accepted order ([`finish`]).
    pub async fn finish(self, ctx: &Context, made: Typed<Connection>) -> Result<Outcome> {
        finish(ctx, &self.client, made, self.body.name()).await
    }
}

impl create::Order for Order {
    type Made = Typed<Connection>;

    /// The order as the confirmation shows it, its keys (Google's pairing keys) masked.
    fn body(&self) -> Result<Value> {
        let mut shown = match &self.body {
            Body::Aws(b) => create::shown(b),
            Body::Google(b) => create::shown(b),
        }?;
        dialect::masked(&mut shown);
        Ok(shown)
    }

    async fn existing(&self) -> Result<Step<HashSet<String>>> {
        Ok(Step::Go(self.existing.clone()))
    }

    async fn send(&self, ctx: &Context) -> Result<Typed<Connection>> {
        let name = self.body.name();
        let ordering = format!("ordering {} `{name}`", self.body.what());
        let sending = async {
            match &self.body {
                Body::Aws(b) => self.client.create_aws(b).await,
                Body::Google(b) => self.client.create_google(b).await,
            }
        };
        let created = crate::wait::step(ctx.wait.spinner, &ordering, sending).await?;
        log_ordered(&created, name);
        Ok(created)
    }

    fn lost(&self) -> Lost {
        lost(self.body.name())
    }

    fn accepted(made: &Typed<Connection>) -> (crate::error::Resource, Value) {
        let kind = "console-connect connection".to_string();
        let id = made.view.id.clone();
        (crate::error::Resource { kind, id }, made.raw.clone())
    }

    async fn find(&self) -> Result<Vec<(String, String)>> {
        find_named(&self.client, self.body.name()).await
    }
}

/// The end of an accepted partner order: at once with `--no-wait` (or when it is already
/// ACTIVE), else the wait above.
async fn finish(
    ctx: &Context,
    c: &ConsoleConnectClient,
    created: Typed<Connection>,
    name: &str,
) -> Result<Outcome> {
    if ctx.no_wait() || created.view.status == ConnectionStatus::Active {
        return Ok(Outcome::Item(created.raw));
    }
    let done = wait_active(ctx, c, (&created.view.id, Some(name)), true).await?;
    Ok(Outcome::Item(done))
}

/// After a lost answer: the top-level connections named `name`, with their states.
async fn find_named(c: &ConsoleConnectClient, name: &str) -> Result<Vec<(String, String)>> {
    let found = c.connections_named(name).await?;
    Ok(found
        .into_iter()
        .filter(|f| f.view.parent_id.is_none())
        .map(|f| (f.view.id, f.view.status.to_string()))
        .collect())
}

/// The hints of a lost partner order.
fn lost(name: &str) -> Lost {
    Lost {
        what: "connection".into(),
        matching: format!("named `{name}`"),
        list: "cc console-connect list".into(),
        follow: "cc console-connect wait {id}".into(),
    }
}

/// Logs the accepted order, as the Azure create does.
fn log_ordered(created: &Typed<Connection>, name: &str) {
    crate::log::line(
        crate::log::PROGRESS,
        format!(
            "{PROVIDER}: ordered connection {} ({name}), status {}",
            created.view.id, created.view.status
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let list = "cc console-connect aws regions";
        assert_eq!(
            pick_region(&regions, "eu-west-2", list).unwrap().view.id,
            "a1"
        );
        assert_eq!(pick_region(&regions, "b2", list).unwrap().view.id, "b2");
        assert_eq!(
            pick_region(&regions, "us-east-1", list)
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(
            pick_region(&regions, "ap-south-9", list)
                .unwrap_err()
                .exit_code(),
            4
        );
    }
}
