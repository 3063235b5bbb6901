//! `cc ovh vrack ...`: which OVHcloud Connect services may join a vRack, which are in it, and
//! attaching or detaching one. Attach and detach answer a vRack task, waited for until it is
//! done, which for vRack tasks usually means gone (404): they vanish once finished. An attach
//! goes through the create protocol (`commands::create`), so it is never resent.

use std::collections::HashSet;

use clap::{Args, Subcommand};
use serde_json::Value;

use super::{client, client_for, tasks};
use crate::commands::create::{Create, Lost, Order, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Priority::Key;
use crate::output::{Column, Outcome, col};
use crate::providers::Typed;
use crate::providers::ovh::models::VrackTask;
use crate::providers::ovh::{OvhClient, PROVIDER};

/// vRack membership: which services may join a vRack, which are in it, attach, detach
#[derive(Debug, Subcommand)]
pub enum VrackCommand {
    /// List the OVHcloud Connect services that may join a vRack
    ///
    /// Reads `GET /vrack/{vrack}/allowedServices?serviceFamily=ovhCloudConnect` (its
    /// `ovhCloudConnect` list).
    ///
    /// Examples:
    ///
    ///     $ cc ovh vrack eligible pn-1000003
    #[command(verbatim_doc_comment)]
    Eligible(VrackArg),
    /// List the OVHcloud Connect services already in a vRack
    ///
    /// Examples:
    ///
    ///     $ cc ovh vrack list pn-1000001
    #[command(verbatim_doc_comment)]
    List(VrackArg),
    /// Put a service in a vRack, and wait until it is in
    ///
    /// Sends `POST /vrack/{vrack}/ovhCloudConnect` with `{"ovhCloudConnect": uuid}`, waits for
    /// the vRack task (unless `--no-wait`), then prints the service.
    ///
    /// Examples:
    ///
    ///     $ cc ovh vrack attach pn-1000003 5f8f3b52-0000-4000-8000-000000000001
    #[command(verbatim_doc_comment)]
    Attach(VrackServiceArgs),
    /// Take a service out of a vRack, and wait until it is out
    ///
    /// Sends `DELETE /vrack/{vrack}/ovhCloudConnect/{uuid}`, waits for the vRack task (unless
    /// `--no-wait`), then prints the service. Asks for confirmation on a terminal; pass `--yes`
    /// in scripts.
    ///
    /// Examples:
    ///
    ///     $ cc ovh vrack detach pn-1000002 5f8f3b52-0000-4000-8000-000000000003 --yes
    #[command(verbatim_doc_comment)]
    Detach(VrackServiceArgs),
}

/// A vRack.
#[derive(Debug, Args)]
pub struct VrackArg {
    /// The vRack's service name (`pn-...`)
    #[arg(value_name = "VRACK")]
    pub vrack: String,
}

/// A vRack and a service.
#[derive(Debug, Args)]
pub struct VrackServiceArgs {
    /// The vRack's service name (`pn-...`)
    #[arg(value_name = "VRACK")]
    pub vrack: String,
    /// Service UUID, or its exact description
    #[arg(value_name = "SERVICE")]
    pub service: String,
}

const SERVICE_IDS: &[Column] = &[col("SERVICE", "", Key)];

fn vrack_name(text: &str) -> Result<String> {
    let name = text.trim();
    if name.is_empty() || name.contains('/') {
        return Err(Error::usage(format!(
            "VRACK `{text}`: expected a vRack service name such as pn-123456"
        )));
    }
    Ok(name.to_string())
}

fn ids(items: Vec<String>) -> Outcome {
    Outcome::List {
        columns: SERVICE_IDS,
        items: items.into_iter().map(Value::String).collect(),
    }
}

/// Runs a `vrack` subcommand.
pub async fn run(ctx: &Context, cmd: VrackCommand) -> Result<Outcome> {
    match cmd {
        VrackCommand::Eligible(args) => {
            let vrack = vrack_name(&args.vrack)?;
            Ok(ids(client(ctx)?.vrack_eligible(&vrack).await?))
        }
        VrackCommand::List(args) => {
            let vrack = vrack_name(&args.vrack)?;
            Ok(ids(client(ctx)?.vrack_services(&vrack).await?))
        }
        VrackCommand::Attach(args) => attach(ctx, args).await,
        VrackCommand::Detach(args) => detach(ctx, args).await,
    }
}

async fn attach(ctx: &Context, args: VrackServiceArgs) -> Result<Outcome> {
    crate::commands::create::run(ctx, Attach(args)).await
}

/// `vrack attach` in the create protocol: what it makes is the service's place in the vRack.
struct Attach(VrackServiceArgs);

/// An attachment, checked.
struct Attaching {
    client: OvhClient,
    vrack: String,
    /// The service's UUID.
    service: String,
    /// The services in the vRack before.
    before: HashSet<String>,
}

impl Create for Attach {
    type Order = Attaching;
    const COMMAND: &'static str = "cc ovh vrack attach";
    const QUESTION: &'static str = "Put this service in the vRack?";

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Attaching>> {
        let vrack = vrack_name(&self.0.vrack)?;
        let (c, service) = client_for(ctx, &self.0.service).await?;
        let before: HashSet<String> = c.vrack_services(&vrack).await?.into_iter().collect();
        if before.contains(&service) {
            return Err(Error::usage(format!(
                "ovh: service {service} is already in vRack {vrack}; nothing was sent"
            ))
            .provider(PROVIDER));
        }
        Ok(Step::Go(Attaching {
            client: c,
            vrack,
            service,
            before,
        }))
    }
}

impl Order for Attaching {
    type Made = Typed<VrackTask>;

    fn body(&self) -> Result<Value> {
        Ok(serde_json::json!({ "ovhCloudConnect": self.service }))
    }

    async fn existing(&self) -> Result<Step<HashSet<String>>> {
        Ok(Step::Go(self.before.clone()))
    }

    async fn send(&self) -> Result<Typed<VrackTask>> {
        self.client.vrack_attach(&self.vrack, &self.service).await
    }

    fn lost(&self) -> Lost {
        Lost {
            what: "vRack attachment".into(),
            matching: format!("of {}", self.service),
            list: crate::hint::cc(&format!("ovh vrack list {}", self.vrack)),
            follow: crate::hint::cc("ovh get {id}"),
        }
    }

    fn accepted(made: &Typed<VrackTask>) -> (crate::error::Resource, Value) {
        let (kind, id) = ("vRack task".to_string(), made.view.id.to_string());
        (crate::error::Resource { kind, id }, made.raw.clone())
    }

    async fn find(&self) -> Result<Vec<(String, String)>> {
        let now = self.client.vrack_services(&self.vrack).await?;
        Ok(now
            .into_iter()
            .filter(|s| *s == self.service)
            .map(|s| (s, "in the vRack".to_string()))
            .collect())
    }

    async fn finish(self, ctx: &Context, task: Typed<VrackTask>) -> Result<Outcome> {
        settled(ctx, &self.client, (&self.vrack, &self.service), task).await
    }
}

async fn detach(ctx: &Context, args: VrackServiceArgs) -> Result<Outcome> {
    let vrack = vrack_name(&args.vrack)?;
    let (c, service) = client_for(ctx, &args.service).await?;
    ctx.confirm(&format!("Take service {service} out of vRack {vrack}?"))?;
    let task = c.vrack_detach(&vrack, &service).await?;
    settled(ctx, &c, (&vrack, &service), task).await
}

/// After an attach or a detach: the vRack task unless `--no-wait`, else the wait for it and
/// then the service.
async fn settled(
    ctx: &Context,
    c: &OvhClient,
    (vrack, service): (&str, &str),
    task: Typed<VrackTask>,
) -> Result<Outcome> {
    if ctx.no_wait() {
        return Ok(Outcome::Item(task.raw));
    }
    let resume = crate::hint::cc(&format!("ovh vrack list {vrack}"));
    tasks::wait_vrack_task(c, vrack, task.view.id, &ctx.wait, &resume).await?;
    Ok(Outcome::Item(c.service(service).await?.raw))
}
