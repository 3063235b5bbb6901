//! What the four Huawei creates send, in the create protocol (`commands::create`): the body is
//! wrapped JSON, the resources that already match are listed after the confirmation (where
//! `--if-exists` decides on a taken name), and after a lost answer the new one is found again by
//! name or by list filters. Written once for every [`Resource`]; each create supplies its
//! questions, checks and end as its `Create`.

use std::collections::HashSet;
use std::marker::PhantomData;

use serde_json::Value;

use super::legacy_limit_hints;
use crate::commands::args::IfExistsArgs;
use crate::commands::create::{self, Lost, Step, matching_before};
use crate::error::Result;
use crate::providers::Typed;
use crate::providers::huawei::models::Resource;
use crate::providers::huawei::waits::command_of;
use crate::providers::huawei::{HuaweiClient, PROVIDER};

/// How to find what a create may have made.
enum Lookup {
    /// Resources with this exact name.
    Name(String),
    /// Resources matching these list filters.
    Filters(Vec<(&'static str, String)>),
}

/// A create of an `R`, checked and ready to send.
pub struct Order<R> {
    pub client: HuaweiClient,
    /// `{"<kind>": {...}}`, as sent.
    body: Value,
    /// How the new one is found again.
    how: Lookup,
    /// What it is recognised by, after the noun: "named `x`".
    what_made: String,
    /// What a taken name does (creates of named resources).
    if_exists: Option<IfExistsArgs>,
    /// The description and the bandwidth given, whose limits only earlier API pages set: the
    /// hints of a 400 (`legacy_limit_hints`).
    legacy: (Option<String>, Option<u32>),
    resource: PhantomData<R>,
}

impl<R: Resource> Order<R> {
    /// The create of a named `R`: found again by its name, and `--if-exists` decides what a
    /// taken name does. `legacy`: see [`Order::legacy`].
    pub fn named(
        client: HuaweiClient,
        body: Value,
        name: String,
        if_exists: IfExistsArgs,
        legacy: (Option<String>, Option<u32>),
    ) -> Self {
        Order {
            client,
            body,
            what_made: format!("named `{name}`"),
            how: Lookup::Name(name),
            if_exists: Some(if_exists),
            legacy,
            resource: PhantomData,
        }
    }

    /// The create of an `R` without a name, found again by list `filters` and recognised by
    /// `what_made` ("between eu-west-0 and ap-southeast-1").
    pub fn filtered(
        client: HuaweiClient,
        body: Value,
        filters: Vec<(&'static str, String)>,
        what_made: String,
    ) -> Self {
        Order {
            client,
            body,
            how: Lookup::Filters(filters),
            what_made,
            if_exists: None,
            legacy: (None, None),
            resource: PhantomData,
        }
    }

    async fn lookup(&self) -> Result<Vec<Typed<R>>> {
        match &self.how {
            Lookup::Name(name) => self.client.named::<R>(name).await,
            Lookup::Filters(filters) => self.client.list::<R>(filters, None).await,
        }
    }
}

impl<R: Resource> create::Order for Order<R> {
    type Made = Typed<R>;

    fn body(&self) -> Result<Value> {
        Ok(self.body.clone())
    }

    /// The resources that already match; with a name, `--if-exists` decides what a taken one
    /// does (`CLI.md` §3).
    async fn existing(&self) -> Result<Step<HashSet<String>>> {
        let what = R::KIND.what;
        let before = matching_before(self.lookup().await, PROVIDER, &format!("{what}s"))?;
        let ids: HashSet<String> = before.iter().map(|r| r.view.id().to_string()).collect();
        if let (Some(if_exists), Lookup::Name(name)) = (&self.if_exists, &self.how) {
            let live = before
                .into_iter()
                .filter(|r| {
                    !r.raw
                        .get("status")
                        .and_then(|s| s.as_str())
                        .is_some_and(|s| s.to_ascii_uppercase().starts_with("DELET"))
                })
                .collect();
            let get = format!("{} get {{id}}", command_of::<R>());
            let noun = format!("Huawei {what}");
            if let Some(reused) =
                if_exists.decide(&noun, name, live, |r| r.view.id().to_string(), &get)?
            {
                return Ok(Step::Reuse(reused.raw));
            }
        }
        Ok(Step::Go(ids))
    }

    async fn send(&self) -> Result<Typed<R>> {
        self.client
            .create::<R>(self.body.clone())
            .await
            .map_err(|e| legacy_limit_hints(e, self.legacy.0.as_deref(), self.legacy.1))
    }

    fn lost(&self) -> Lost {
        Lost {
            what: R::KIND.what.to_string(),
            matching: self.what_made.clone(),
            list: format!("{} list", command_of::<R>()),
            follow: format!("{} get {{id}}", command_of::<R>()),
        }
    }

    fn accepted(made: &Typed<R>) -> (crate::error::Resource, Value) {
        let kind = format!("huawei {}", R::KIND.what);
        let id = made.view.id().to_string();
        (crate::error::Resource { kind, id }, made.raw.clone())
    }

    async fn find(&self) -> Result<Vec<(String, String)>> {
        let after = self.lookup().await?;
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
}
