//! The four Huawei creates in the create protocol (`commands::create`): what they share (the
//! body is wrapped JSON, the resources that already match are listed after the confirmation,
//! `--if-exists` decides on a taken name, the new one is found again by name or by filters
//! after a lost answer) is written here once; each create supplies its questions, checks and
//! end through [`Steps`].

use std::collections::HashSet;

use serde_json::Value;

use super::{command_of, label, legacy_limit_hints};
use crate::commands::args::IfExistsArgs;
use crate::commands::create::{Create, Lost, Step, matching_before};
use crate::context::Context;
use crate::error::Result;
use crate::output::Outcome;
use crate::providers::Typed;
use crate::providers::huawei::models::Resource;
use crate::providers::huawei::{HuaweiClient, PROVIDER};

/// How to find what a create may have made.
pub(super) enum Lookup {
    /// Resources with this exact name.
    Name(String),
    /// Resources matching these list filters.
    Filters(Vec<(&'static str, String)>),
}

/// A Huawei create, checked and ready to send.
pub(super) struct Order {
    pub client: HuaweiClient,
    /// `{"<kind>": {...}}`, as sent.
    pub body: Value,
    /// How the new one is found again.
    pub how: Lookup,
    /// What it is recognised by, after the noun: "named `x`".
    pub what_made: String,
    /// What a taken name does (creates of named resources).
    pub if_exists: Option<IfExistsArgs>,
    /// The description and the bandwidth given, whose limits only earlier API pages set: the
    /// hints of a 400 (`legacy_limit_hints`).
    pub legacy: (Option<String>, Option<u32>),
}

impl Order {
    /// The order of a named resource: found again by its name, and `--if-exists` decides
    /// what a taken name does. `legacy`: see [`Order::legacy`].
    pub fn named(
        client: HuaweiClient,
        body: Value,
        name: String,
        if_exists: IfExistsArgs,
        legacy: (Option<String>, Option<u32>),
    ) -> Order {
        Order {
            client,
            body,
            what_made: format!("named `{name}`"),
            how: Lookup::Name(name),
            if_exists: Some(if_exists),
            legacy,
        }
    }
}

/// What one Huawei create supplies.
#[allow(async_fn_in_trait)] // used through generics, on the one-thread runtime
pub(super) trait Steps {
    /// The resource it makes.
    type R: Resource;
    /// See [`Create::COMMAND`].
    const COMMAND: &'static str;
    /// See [`Create::QUESTION`].
    const QUESTION: &'static str;
    /// See [`Create::required`].
    fn required(&self) -> Vec<(&'static str, bool)> {
        Vec::new()
    }
    /// See [`Create::ask`].
    async fn ask(&mut self, _ctx: &Context) -> Result<()> {
        Ok(())
    }
    /// Checks the values and resolves the names: the order.
    async fn resolve(&mut self, ctx: &Context) -> Result<Order>;
    /// See [`Create::equivalent`].
    fn equivalent(&self) -> Vec<String> {
        Vec::new()
    }
    /// See [`Create::finish`]; by default, prints what was made.
    async fn finish(&self, _ctx: &Context, _order: Order, made: Typed<Self::R>) -> Result<Outcome> {
        Ok(Outcome::Item(made.raw))
    }
}

/// A Huawei create in the protocol.
pub(super) struct Huawei<S>(pub S);

async fn lookup<R: Resource>(c: &HuaweiClient, how: &Lookup) -> Result<Vec<Typed<R>>> {
    match how {
        Lookup::Name(name) => c.named::<R>(name).await,
        Lookup::Filters(filters) => c.list::<R>(filters, None).await,
    }
}

impl<S: Steps> Create for Huawei<S> {
    type Order = Order;
    type Made = Typed<S::R>;
    const COMMAND: &'static str = S::COMMAND;
    const QUESTION: &'static str = S::QUESTION;

    fn required(&self) -> Vec<(&'static str, bool)> {
        self.0.required()
    }

    async fn ask(&mut self, ctx: &Context) -> Result<()> {
        self.0.ask(ctx).await
    }

    async fn resolve(&mut self, ctx: &Context, _asked: bool) -> Result<Step<Order>> {
        Ok(Step::Go(self.0.resolve(ctx).await?))
    }

    fn body(&self, order: &Order) -> Result<Value> {
        Ok(order.body.clone())
    }

    /// The resources that already match; with a name, `--if-exists` decides what a taken one
    /// does (`CLI.md` §3).
    async fn existing(&self, order: &Order) -> Result<Step<HashSet<String>>> {
        let what = S::R::KIND.what;
        let found = lookup::<S::R>(&order.client, &order.how).await;
        let before = matching_before(found, PROVIDER, &format!("{what}s"))?;
        let ids: HashSet<String> = before.iter().map(|r| r.view.id().to_string()).collect();
        if let (Some(if_exists), Lookup::Name(name)) = (&order.if_exists, &order.how) {
            let live = before
                .into_iter()
                .filter(|r| {
                    !r.raw
                        .get("status")
                        .and_then(|s| s.as_str())
                        .is_some_and(|s| s.to_ascii_uppercase().starts_with("DELET"))
                })
                .collect();
            let get = format!("{} get {{id}}", command_of::<S::R>());
            let noun = format!("Huawei {what}");
            if let Some(reused) =
                if_exists.decide(&noun, name, live, |r| r.view.id().to_string(), &get)?
            {
                return Ok(Step::Reuse(reused.raw));
            }
        }
        Ok(Step::Go(ids))
    }

    async fn send(&self, _ctx: &Context, order: &Order) -> Result<Typed<S::R>> {
        let created = order
            .client
            .create::<S::R>(order.body.clone())
            .await
            .map_err(|e| legacy_limit_hints(e, order.legacy.0.as_deref(), order.legacy.1))?;
        crate::log::line(
            crate::log::PROGRESS,
            format!(
                "huawei: created {} {}",
                S::R::KIND.what,
                label(&created.view)
            ),
        );
        Ok(created)
    }

    fn lost(&self, order: &Order) -> Lost {
        Lost {
            what: S::R::KIND.what.to_string(),
            matching: order.what_made.clone(),
            list: format!("{} list", command_of::<S::R>()),
            follow: format!("{} get {{id}}", command_of::<S::R>()),
        }
    }

    async fn find(&self, order: &Order) -> Result<Vec<(String, String)>> {
        let after = lookup::<S::R>(&order.client, &order.how).await?;
        Ok(after
            .iter()
            .map(|r| {
                let status = r.raw.get("status").and_then(|s| s.as_str());
                (
                    r.view.id().to_string(),
                    status.unwrap_or("unknown").to_string(),
                )
            })
            .collect())
    }

    fn equivalent(&self) -> Vec<String> {
        self.0.equivalent()
    }

    async fn finish(&self, ctx: &Context, order: Order, made: Typed<S::R>) -> Result<Outcome> {
        self.0.finish(ctx, order, made).await
    }
}
