//! The one create protocol. Every create of every provider asks for what is missing, resolves
//! names to ids, confirms what it will send, sends it ONCE, looks the resource up when the
//! answer is lost, shows the command line that does the same without questions and waits for
//! the new resource: [`run`] owns that sequence (and, when what follows an accepted order fails,
//! prints what it made and names it in the error), and each create supplies its steps, those of
//! its values through [`Create`] and those of what it sends through [`Order`]. So "never resend
//! an order whose outcome is unknown" and "a question is asked only on a terminal" are written
//! here once, not in each create (as every mutating jj command goes through the helper's
//! `start_transaction` and the transaction's `finish`).

use std::collections::HashSet;

use serde_json::Value;

use crate::context::Context;
use crate::error::{Error, ErrorKind, Resource, Result};
use crate::output::Outcome;

/// What a step before the order decided: go on with `T`, or print an existing resource
/// instead of creating one (`--if-exists reuse`).
pub enum Step<T> {
    /// Go on.
    Go(T),
    /// Nothing is sent: this resource, as the provider shows it, is the answer.
    Reuse(Value),
}

/// How a create names what it makes, for the hints of a lost answer.
#[derive(Debug, Clone)]
pub struct Lost {
    /// The noun: "cloud connector".
    pub what: String,
    /// What the new one is recognised by, after the noun: "named `x`".
    pub matching: String,
    /// The command that lists them.
    pub list: String,
    /// The command that follows one, with `{id}` in it.
    pub follow: String,
}

/// The steps of one create on the side of its values: the questions, the resolution into an
/// [`Order`], the equivalent command and the end. [`run`] calls them in that order, each once
/// at most.
#[allow(async_fn_in_trait)] // used through generics, on the one-thread runtime
pub trait Create {
    /// The values checked and resolved, ready to send.
    type Order: Order;
    /// The command whose `--help` explains the flags (`cc orange create`).
    const COMMAND: &'static str;
    /// The confirmation after questions (`Order this connector?`).
    const QUESTION: &'static str;

    /// The required flags, each with whether it is missing (none by default: no questions).
    fn required(&self) -> Vec<(&'static str, bool)> {
        Vec::new()
    }

    /// On a terminal, asks for the missing values (called only when some are missing there).
    async fn ask(&mut self, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    /// Checks the values and resolves them against the provider; `asked` when questions were
    /// asked, so that those needing its look-ups (pick-lists of what was fetched) come here.
    async fn resolve(&mut self, ctx: &Context, asked: bool) -> Result<Step<Self::Order>>;

    /// The words after `cc` (and its target options) that do the same without questions.
    fn equivalent(&self) -> Vec<String> {
        Vec::new()
    }

    /// After the order was taken: what the order's own end says ([`Order::finish`]), unless
    /// the values change it (a wait for another state, what follows the create).
    async fn finish(
        &self,
        ctx: &Context,
        order: Self::Order,
        made: <Self::Order as Order>::Made,
    ) -> Result<Outcome> {
        order.finish(ctx, made).await
    }
}

/// The steps of one create on the side of what it sends (with the client that sends it).
#[allow(async_fn_in_trait)] // used through generics, on the one-thread runtime
pub trait Order {
    /// What the provider answered to the order.
    type Made;

    /// What is sent, as the confirmation after questions shows it.
    fn body(&self) -> Result<Value>;

    /// After the confirmation: the ids of the resources that already match the order, so that
    /// after a lost answer the one it made can be told from older ones.
    async fn existing(&self) -> Result<Step<HashSet<String>>>;

    /// Sends the order (once: it is never called again; the protocol shows what it is doing and
    /// says, at `-v`, what was accepted).
    async fn send(&self) -> Result<Self::Made>;

    /// How the hints of a lost answer name what the order makes.
    fn lost(&self) -> Lost;

    /// What the accepted order made: its kind and id, and its object as the provider showed it,
    /// printed and named when what follows the order fails (a wait that times out).
    fn accepted(made: &Self::Made) -> (Resource, Value);

    /// After a lost answer: the ids and states of the resources matching the order now.
    async fn find(&self) -> Result<Vec<(String, String)>>;

    /// After the order was taken: waits for the new resource unless `--no-wait`, and says what
    /// to print; by default the resource as accepted, at once.
    async fn finish(self, _ctx: &Context, made: Self::Made) -> Result<Outcome>
    where
        Self: Sized,
    {
        Ok(Outcome::Item(Self::accepted(&made).1))
    }
}

/// Runs one create: ask, resolve, confirm, send once (an ambiguous failure is looked up and
/// explained, never resent), show the equivalent command, finish.
pub async fn run<C: Create>(ctx: &Context, mut create: C) -> Result<Outcome> {
    let asked = will_ask(ctx, &create.required(), C::COMMAND)?;
    if asked {
        create.ask(ctx).await?;
    }
    let order = match create.resolve(ctx, asked).await? {
        Step::Go(order) => order,
        Step::Reuse(existing) => return Ok(Outcome::Item(existing)),
    };
    if asked && !ctx.http.dry_run() {
        confirm_order(ctx, &order.body()?, C::QUESTION)?;
    }
    let before = match order.existing().await? {
        Step::Go(before) => before,
        Step::Reuse(existing) => return Ok(Outcome::Item(existing)),
    };
    let lost = order.lost();
    let ordering = format!("ordering the {} {}", lost.what, lost.matching);
    let sending = crate::wait::step(ctx.wait.spinner, &ordering, order.send());
    // A signal while the order is in flight: it may have been taken, so the way to look for it
    // is said (it is not looked for: the user asked to stop).
    let sent = tokio::select! {
        biased;
        sent = sending => sent,
        signal = crate::signal::received() => {
            return Err(signal.error(&format!("while {ordering}")).hint(format!(
                "the order may have been taken: look with `{}` before ordering again",
                crate::hint::cc(&lost.list)
            )));
        }
    };
    let made = match sent {
        Ok(made) => made,
        Err(err) if err.maybe_applied => {
            let found = order.find().await;
            return Err(lost_create(err, &lost, &before, found));
        }
        Err(err) => return Err(err),
    };
    let (resource, shown) = C::Order::accepted(&made);
    if !ctx.http.dry_run() {
        crate::log::line(
            crate::log::PROGRESS,
            format!(
                "the {} {} was accepted: {} {}",
                lost.what, lost.matching, resource.kind, resource.id
            ),
        );
    }
    if asked && !ctx.http.dry_run() {
        let line = [vec!["cc".to_string()], crate::hint::target_words()];
        crate::prompt::equivalent_command(&[line.concat(), create.equivalent()].concat());
    }
    match create.finish(ctx, order, made).await {
        Err(err) if !ctx.http.dry_run() => Ok(after_order(err, resource, shown)),
        finished => finished,
    }
}

/// A failure after the order was accepted (a wait that times out, Ctrl-C, a failed read): what
/// was made is printed on stdout, and the error names it (`CLI.md` §5, the last rule).
fn after_order(err: Error, made: Resource, shown: Value) -> Outcome {
    Outcome::Partial {
        shown: Box::new(Outcome::Item(shown)),
        errors: vec![err.about(made.kind, made.id)],
    }
}

/// `flags` are the required flags, each with whether it is missing: none missing, and the
/// create runs as given (`false`); some, off a terminal, and it is exit 2 naming them, nothing
/// sent; some, on a terminal, and they are asked for (`true`). `help` is the command whose
/// `--help` explains the flags.
fn will_ask(ctx: &Context, flags: &[(&str, bool)], help: &str) -> Result<bool> {
    let missing: Vec<&str> = flags
        .iter()
        .filter_map(|&(flag, missing)| missing.then_some(flag))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    if !ctx.interactive {
        return Err(Error::usage(format!(
            "missing {}: required off a terminal",
            missing.join(", ")
        ))
        .hint(format!(
            "on a terminal, cc asks for missing values; see `{help} --help`"
        )));
    }
    Ok(true)
}

/// After questions and before the order: what will be sent, and `question`; `--yes` skips the
/// question, a "no" is exit 9.
fn confirm_order(ctx: &Context, sent: &Value, question: &str) -> Result<()> {
    crate::prompt::summary("The order, as it will be sent:", sent);
    ctx.confirm(question)
}

/// The resources already matching a create (`found`), listed so that after a lost answer the
/// new one can be told from older ones. The list is a help, not a condition: when the provider
/// refuses it (not found, or an API error) the create goes on without it, and says so
/// (`cannot list existing {things}`).
pub fn matching_before<T>(
    found: Result<Vec<T>>,
    provider: crate::provider::ProviderName,
    things: &str,
) -> Result<Vec<T>> {
    match found {
        Ok(found) => Ok(found),
        Err(e) if matches!(e.kind, ErrorKind::NotFound | ErrorKind::Api) => {
            crate::log::line(
                crate::log::PROGRESS,
                format!(
                    "{provider}: cannot list existing {things} ({}); continuing",
                    e.message
                ),
            );
            Ok(Vec::new())
        }
        Err(e) => Err(e),
    }
}

/// `body` as JSON, for [`Order::body`].
pub fn shown(body: &impl serde::Serialize) -> Result<Value> {
    serde_json::to_value(body).map_err(|e| Error::internal("cannot show the order").caused_by(e))
}

/// `--flag value` words for each value that is set, in order: the equivalent command's flags.
pub fn flag_words(pairs: &[(&str, Option<String>)]) -> Vec<String> {
    pairs
        .iter()
        .filter_map(|(flag, value)| value.clone().map(|v| [flag.to_string(), v]))
        .flatten()
        .collect()
}

/// Explains, as hints on `err`, what became of a create whose outcome is unknown
/// (`Error::maybe_applied`): the request is never sent again; instead the resources matching it
/// were looked for (`found`: id and state), and `existing` are those that matched before it was
/// sent.
fn lost_create(
    err: Error,
    lost: &Lost,
    existing: &HashSet<String>,
    found: Result<Vec<(String, String)>>,
) -> Error {
    let Lost {
        what,
        matching,
        list,
        follow,
    } = lost;
    let err = err.hint(format!(
        "the request was NOT sent again, so that one command never creates two {what}s"
    ));
    let found = match found {
        Ok(found) => found,
        Err(lookup) => {
            return err.hint(format!(
                "looking for a {what} {matching} failed too ({}); check `{}` before retrying",
                lookup.message,
                crate::hint::cc(list)
            ));
        }
    };
    let new: Vec<&(String, String)> = found
        .iter()
        .filter(|(id, _)| !existing.contains(id))
        .collect();
    match new.as_slice() {
        [] => err.hint(format!(
            "no {what} {matching} has appeared yet; check `{}` again before retrying",
            crate::hint::cc(list)
        )),
        [(id, state)] => {
            let follow = follow.replace("{id}", id);
            err.about(what, id).resume(&follow).hint(format!(
                "the create went through: {what} {matching} is {id} (state {state}); follow it with `{}`",
                crate::hint::cc(&follow)
            ))
        }
        several => {
            let ids: Vec<&str> = several.iter().map(|(id, _)| id.as_str()).collect();
            err.hint(format!("{what}s {matching} appeared: {}", ids.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost() -> Lost {
        Lost {
            what: "cloud connector".into(),
            matching: "named `x`".into(),
            list: "cc orange list".into(),
            follow: "cc orange wait {id}".into(),
        }
    }

    fn hints(found: Result<Vec<(String, String)>>) -> Vec<String> {
        let before: HashSet<String> = ["old".to_string()].into();
        let err = Error::internal("timed out");
        lost_create(err, &lost(), &before, found).hints.clone()
    }

    fn pair(id: &str) -> (String, String) {
        (id.to_string(), "ACTIVE".to_string())
    }

    #[test]
    fn a_lost_create_names_the_one_new_resource_and_never_resends() {
        let shown = hints(Ok(vec![pair("old"), pair("new")]));
        assert!(shown[0].contains("NOT sent again"), "{shown:?}");
        assert!(shown[1].contains("is new (state ACTIVE)"), "{shown:?}");
        assert!(shown[1].contains("orange wait new"), "{shown:?}");
    }

    #[test]
    fn a_lost_create_found_again_names_it_as_data() {
        let before: HashSet<String> = HashSet::new();
        let err = lost_create(
            Error::internal("reset"),
            &lost(),
            &before,
            Ok(vec![pair("new")]),
        );
        let json = err.to_json();
        assert_eq!(json["error"]["resource"]["kind"], "cloud connector");
        assert_eq!(json["error"]["resource"]["id"], "new");
        assert!(
            json["error"]["resume"]
                .as_str()
                .unwrap()
                .ends_with("orange wait new")
        );
    }

    #[test]
    fn a_lost_create_with_nothing_new_or_several_says_so() {
        let none = hints(Ok(vec![pair("old")]));
        assert!(none[1].contains("has appeared yet"), "{none:?}");
        let several = hints(Ok(vec![pair("a"), pair("b")]));
        assert!(several[1].ends_with("appeared: a, b"), "{several:?}");
        let failed = hints(Err(Error::internal("down")));
        assert!(failed[1].contains("failed too (down)"), "{failed:?}");
    }
}
