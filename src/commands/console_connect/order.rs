//! What the three creates share once their values are checked: the order (an Azure
//! ExpressRoute connection, an AWS hosted connection or a Google partner interconnect) in the
//! create protocol, sent once, looked up by name after a lost answer, then waited for; and the
//! connections of the same name that `--if-exists` weighs before.
//!
//! The bodies and their checks are the provider's (`providers::console_connect::orders`, which
//! `cc apply` orders with too): a refusal there names its value by its field, named here by
//! its flag ([`FLAGS`]).

use std::collections::HashSet;

use serde_json::Value;

use crate::commands::args::IfExistsArgs;
use crate::commands::create::{self, Lost, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Outcome;
use crate::prompt::{self, Choice};
use crate::providers::Typed;
use crate::providers::console_connect::desired_wait::{self, Ending};
use crate::providers::console_connect::models::{
    Connection, ConnectionStatus, CreateAws, CreateAzure, CreateGoogle, Port,
};
use crate::providers::console_connect::{ConsoleConnectClient, dialect};
use crate::validate;

/// The flag of each field the provider's order checks name.
pub(super) const FLAGS: &[(&str, &str)] = &[
    ("port", "--port"),
    ("speed", "--speed"),
    ("region", "--region"),
];

/// `--if-exists` over the connections already named like the order: refused (exit 2), reused
/// (`Some`: the existing one, printed with nothing sent), or `None` to go on.
pub(super) fn taken(
    if_exists: IfExistsArgs,
    name: &str,
    existing: &[Typed<Connection>],
) -> Result<Option<Value>> {
    let what = "Console Connect connection";
    let get = "cc console-connect get {id}";
    let id = |e: &&Typed<Connection>| e.view.id.clone();
    let reused = if_exists.decide(what, name, live(existing), id, get)?;
    Ok(reused.map(|r| r.raw.clone()))
}

/// The live connections named like the order (not deleted, not a group's subconnection: an
/// Azure order's two subconnections carry its name).
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

/// The checks every order's values meet before any request: the connection's name (what
/// Console Connect takes), and a speed that is not 0. The name, checked.
pub(super) fn check_name_and_speed(name: Option<&str>, speed: Option<u32>) -> Result<String> {
    let name = validate::name("--name", name.unwrap_or_default(), 255)?;
    if speed == Some(0) {
        return Err(Error::usage("--speed 0: must be a positive number of Mbps"));
    }
    Ok(name)
}

/// On a terminal, the connection's name when it was not given, asked until Console Connect
/// would take it.
pub(super) fn ask_name(name: &mut Option<String>) -> Result<()> {
    if name.is_none() {
        *name = Some(prompt::input("Connection name", "--name", |t| {
            validate::name("--name", t, 255).map(|_| ())
        })?);
    }
    Ok(())
}

/// The ports a new connection may use, for a pick-list, each with its free capacity; those of
/// `except` (chosen already) left out.
pub(super) fn port_choices(ports: &[Typed<Port>], except: &[String]) -> Vec<Choice> {
    ports
        .iter()
        .filter(|p| p.view.status.accepts_connections() && !except.contains(&p.view.id))
        .map(|p| {
            let free = p
                .view
                .capacity
                .as_ref()
                .and_then(|c| c.remaining)
                .map(|r| format!(", {r} Mbps free"))
                .unwrap_or_default();
            Choice {
                label: format!("{} ({}{free})", p.view.name, p.view.id),
                value: p.view.id.clone(),
            }
        })
        .collect()
}

/// What an order sends.
pub(super) enum Body {
    /// `PUT .../directConnectPartner/AZURE/layer2/create`.
    Azure(CreateAzure),
    /// `PUT .../directConnectPartner/AWS/layer2`.
    Aws(CreateAws),
    /// `PUT .../directConnectPartner/GCE/layer2`.
    Google(CreateGoogle),
}

impl Body {
    /// The connection's name.
    fn name(&self) -> &str {
        match self {
            Body::Azure(b) => &b.name,
            Body::Aws(b) => &b.name,
            Body::Google(b) => &b.name,
        }
    }
}

/// An order, checked: the client, the body, and the ids of the connections of that name that
/// existed before (so that one found after a lost answer is told from them).
pub(super) struct Order {
    /// The client of the run.
    client: ConsoleConnectClient,
    /// What is sent.
    body: Body,
    /// The connections of the same name before the order.
    existing: HashSet<String>,
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
}

impl create::Order for Order {
    type Made = Typed<Connection>;

    /// The order as the confirmation shows it, its keys (the service key, Google's pairing
    /// keys) masked.
    fn body(&self) -> Result<Value> {
        let mut shown = match &self.body {
            Body::Azure(b) => create::shown(b),
            Body::Aws(b) => create::shown(b),
            Body::Google(b) => create::shown(b),
        }?;
        dialect::masked(&mut shown);
        Ok(shown)
    }

    async fn existing(&self) -> Result<Step<HashSet<String>>> {
        Ok(Step::Go(self.existing.clone()))
    }

    async fn send(&self) -> Result<Typed<Connection>> {
        match &self.body {
            Body::Azure(b) => self.client.create_azure(b).await,
            Body::Aws(b) => self.client.create_aws(b).await,
            Body::Google(b) => self.client.create_google(b).await,
        }
    }

    fn lost(&self) -> Lost {
        Lost {
            what: "connection".into(),
            matching: format!("named `{}`", self.body.name()),
            list: "cc console-connect list".into(),
            follow: "cc console-connect wait {id}".into(),
        }
    }

    fn accepted(made: &Typed<Connection>) -> (crate::error::Resource, Value) {
        let kind = "console-connect connection".to_string();
        let id = made.view.id.clone();
        (crate::error::Resource { kind, id }, made.raw.clone())
    }

    /// The top-level connections of the order's name, with their states.
    async fn find(&self) -> Result<Vec<(String, String)>> {
        let found = self.client.connections_named(self.body.name()).await?;
        Ok(found
            .into_iter()
            .filter(|f| f.view.parent_id.is_none())
            .map(|f| (f.view.id, f.view.status.to_string()))
            .collect())
    }

    /// At once with `--no-wait` (or when it is already ACTIVE), else the wait until ACTIVE; a
    /// partner order's ends where Console Connect hands it to the customer
    /// (`PENDING_ACCEPTANCE`, exit 0 saying what to do next).
    async fn finish(self, ctx: &Context, made: Typed<Connection>) -> Result<Outcome> {
        if ctx.no_wait() || made.view.status == ConnectionStatus::Active {
            return Ok(Outcome::Item(made.raw));
        }
        let ending = match self.body {
            Body::Azure(_) => Ending::Goal,
            Body::Aws(_) | Body::Google(_) => Ending::Handed,
        };
        let named = (made.view.id.as_str(), Some(self.body.name()));
        let goal = ConnectionStatus::Active;
        let done = desired_wait::connection(&self.client, &ctx.wait, named, &goal, ending).await?;
        Ok(Outcome::Item(done))
    }
}
