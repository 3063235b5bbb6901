//! OVH's part of `cc apply`: a planned POP, datacenter or extra configuration made with the body
//! `cc ovh pop|dc|extra create` sends, deleted as `cc ovh pop|dc|extra delete` does, each waited
//! for through its OVH task (`desired_wait.rs`, the commands' wait); a service's description set
//! as `cc ovh update` sets it.
//!
//! Why apart from the commands: their steps (questions, the confirmation, the output) belong to
//! the command line, which provider code does not reach; the rules over the whole file ran at
//! plan time (`desired_rules.rs`), and the rules of one body run again here before sending,
//! when the create is prepared ([`prepare`]: its body checked, a datacenter configuration
//! against the layer its POP configuration has then, its parents' ids found), which a replace
//! does before its delete, so that a create that cannot be sent deletes nothing. A
//! create is sent once: after a lost answer, the configurations of that identity are listed
//! again (the plan found none), never ordered again, and the one found is followed by its status
//! (there is no task to follow). A configuration nested in another is made under its parent's
//! id: the one the plan read when the parent stays (no request), else looked up by the parent's
//! identity (a parent replaced or made in this run has a new id). In a `--dry-run` nothing is
//! made (and a replaced parent is not deleted, so a lookup would find the old one), so a parent
//! without a planned id is its placeholder (`<id of the new POP configuration>`, a
//! [`ConfigId::New`]): the plan shows the child at the path the apply will use. Its layer is then
//! only the file's, which the provider hook does not see (a [`Change`] carries its parents'
//! identities and ids, not their fields); the datacenter configuration's own values are checked
//! and its fit to the layer is left to the plan, which judged it over the file
//! (`desired_rules.rs`), said at `-v`. A dry-run create whose stand-in task names no resource
//! returns the placeholder of what it makes, as the other providers' do.

use std::future::Future;

use serde_json::Value;

use super::client::ConfigId;
use super::desired::{DATACENTER_CONFIG, EXTRA, POP_CONFIG, SERVICE};
use super::desired_body::{self, DC_NAMES, EXTRA_NAMES, POP_NAMES};
use super::desired_wait::{until_active, wait_task};
use super::models::{
    ConfigStatus, Configuration, DatacenterConfig, DatacenterExtraConfig, PopConfig, PopType, Task,
};
use super::{OvhClient, PROVIDER, identity, rules};
use crate::desired::Change;
use crate::desired::apply::after_lost_create;
use crate::error::{Error, ErrorKind, Result};
use crate::providers::Typed;
use crate::wait::{Target, WaitOptions};

/// Configurations matching a create, with their status: what a lost answer is looked up by.
type Found = Vec<(Option<u64>, Option<ConfigStatus>)>;

/// What a create makes, as the messages after a lost answer name it.
struct Order {
    /// `POP configuration`.
    what: &'static str,
    /// `on interface 2002`.
    name: String,
    /// The command that lists them.
    list: String,
}

/// A configuration's create, built and checked, under its parents' ids: what [`create`] sends.
pub enum Prepared {
    /// A POP configuration.
    Pop(PopConfig),
    /// A datacenter configuration, in POP configuration `pop`.
    Datacenter {
        pop: ConfigId,
        body: DatacenterConfig,
    },
    /// An extra configuration, in datacenter configuration `dc` of POP configuration `pop`.
    Extra {
        pop: ConfigId,
        dc: ConfigId,
        body: DatacenterExtraConfig,
    },
}

/// The create `change` asks for: its body checked as `cc ovh pop|dc|extra create` checks it (a
/// datacenter configuration against the layer of its POP configuration, read), its parents'
/// ids found; nothing sent. Refusals name the file's fields.
pub(super) async fn prepare(c: &OvhClient, change: &Change) -> Result<Prepared> {
    let service = service_of(change)?;
    let key = change.kind.key;
    if key == POP_CONFIG.key {
        let body =
            desired_body::pop_body(|f| change.want.get(f)).map_err(|e| e.naming(POP_NAMES))?;
        return Ok(Prepared::Pop(body));
    }
    if key == DATACENTER_CONFIG.key {
        let body = desired_body::datacenter_body(|f| change.want.get(f))
            .map_err(|e| e.naming(DC_NAMES))?;
        let (pop, layer) = pop_read(c, service, change).await?;
        match layer {
            Some(layer) => rules::check_datacenter(&layer, &body),
            None => {
                crate::log::line(
                    crate::log::PROGRESS,
                    format!(
                        "ovh: dry run: datacenter configuration `{}` is checked alone, not against the layer of its POP configuration, which this run makes (the plan checked it against the file's)",
                        change.path()
                    ),
                );
                rules::check_datacenter_values(&body)
            }
        }
        .map_err(|e| e.naming(DC_NAMES))?;
        return Ok(Prepared::Datacenter { pop, body });
    }
    if key == EXTRA.key {
        let body =
            desired_body::extra_body(|f| change.want.get(f)).map_err(|e| e.naming(EXTRA_NAMES))?;
        let pop = pop_id(c, service, change).await?;
        let dc = dc_id(c, service, pop, change).await?;
        return Ok(Prepared::Extra { pop, dc, body });
    }
    Err(Error::internal(format!(
        "cc cannot create an OVH {}",
        change.kind.what
    )))
}

/// Makes the prepared configuration (once) and waits for its task unless `wait` is `None`.
/// Returns its id (without a wait, the task's when it names none; in a dry run, where nothing
/// is made, the placeholder of the new one).
pub(super) async fn create(
    c: &OvhClient,
    change: &Change,
    prepared: Prepared,
    wait: Option<&WaitOptions>,
) -> Result<String> {
    let service = service_of(change)?;
    match prepared {
        Prepared::Pop(body) => {
            let interface = body.interface_id;
            let order = Order {
                what: POP_CONFIG.what,
                name: format!("on interface {interface}"),
                list: crate::hint::cc(&format!("ovh pop list {service}")),
            };
            let find = || async move { Ok(found(identity::pops_on(c, service, interface).await?)) };
            let send = c.create_pop_config(service, &body);
            made(c, service, wait, &order, send, find).await
        }
        Prepared::Datacenter { pop, body } => {
            let datacenter = body.datacenter_id;
            let order = Order {
                what: DATACENTER_CONFIG.what,
                name: format!("for datacenter {datacenter} on POP configuration {pop}"),
                list: crate::hint::cc(&format!("ovh dc list {service} {pop}")),
            };
            let find = || async move {
                let pop = sent_id(pop)?;
                let now = identity::datacenters_for(c, service, pop, datacenter).await?;
                Ok(found(now))
            };
            let send = c.create_datacenter_config(service, pop, &body);
            made(c, service, wait, &order, send, find).await
        }
        Prepared::Extra { pop, dc, body } => {
            let order = Order {
                what: EXTRA.what,
                name: format!("`{}` on datacenter configuration {dc}", change.name),
                list: crate::hint::cc(&format!("ovh extra list {service} {pop} {dc}")),
            };
            let wanted = &body;
            let find = || async move {
                let at = (sent_id(pop)?, sent_id(dc)?);
                Ok(found(identity::extras_like(c, service, at, wanted).await?))
            };
            let send = c.create_extra_config(service, pop, dc, &body);
            made(c, service, wait, &order, send, find).await
        }
    }
}

/// Configurations as a lost answer looks them up: each id with its status.
fn found<T: Configuration>(now: Vec<Typed<T>>) -> Found {
    now.into_iter()
        .map(|t| (t.view.id(), t.view.status().cloned()))
        .collect()
}

/// Sends a create once and follows its task; after a lost answer, finds what `find` lists.
async fn made<F, Fut>(
    c: &OvhClient,
    service: &str,
    wait: Option<&WaitOptions>,
    order: &Order,
    send: impl Future<Output = Result<Typed<Task>>>,
    find: F,
) -> Result<String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Found>>,
{
    let task = match send.await {
        Ok(task) => task,
        Err(err) if err.maybe_applied => return after_lost(service, wait, order, err, find).await,
        Err(err) => return Err(err),
    };
    let task_id = task.view.id;
    let Some(options) = wait else {
        return Ok(match task.view.resource_id {
            Some(id) => id.to_string(),
            None if c.api().plans_only() => ConfigId::New(order.what).to_string(),
            None => format!("task {task_id}"),
        });
    };
    let resume = crate::hint::cc(&format!("ovh task wait {service} {task_id}"));
    let done = wait_task(c, service, task_id, options, &resume).await?;
    done.view
        .resource_id
        .or(task.view.resource_id)
        .map(|id| id.to_string())
        .ok_or_else(|| {
            Error::malformed(
                PROVIDER,
                format!(
                    "task {task_id} is done but names no resourceId: the new {} cannot be read; `{}` shows them",
                    order.what, order.list
                ),
            )
        })
}

/// After a lost answer: the one configuration of that identity now is the one made (never
/// ordered again); it is followed until active, unless `wait` is `None`.
async fn after_lost<F, Fut>(
    service: &str,
    wait: Option<&WaitOptions>,
    order: &Order,
    err: Error,
    find: F,
) -> Result<String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Found>>,
{
    let found = find().await.map(|now| {
        now.into_iter()
            .filter(|(_, status)| status.as_ref() != Some(&ConfigStatus::ToDelete))
            .filter_map(|(id, _)| id.map(|id| id.to_string()))
            .collect()
    });
    let id = after_lost_create(err, order.what, &order.name, &order.list, found)?;
    if let Some(options) = wait {
        let target = Target {
            provider: PROVIDER,
            kind: format!("OVH {}", order.what),
            resource: format!("{} {id} of `{service}`", order.what),
            id: id.clone(),
            goal: ConfigStatus::Active.to_string(),
            resume: order.list.clone(),
        };
        until_active(options, &target, || async {
            let now = find().await?;
            let this = now
                .into_iter()
                .find(|(i, _)| i.map(|i| i.to_string()) == Some(id.clone()));
            Ok(this.map(|(_, status)| status.unwrap_or(ConfigStatus::Active)))
        })
        .await?;
    }
    Ok(id)
}

/// Sets a service's description, its one writable field, as `cc ovh update` does.
pub(super) async fn update(c: &OvhClient, change: &Change) -> Result<()> {
    if change.kind.key != SERVICE.key {
        return Err(Error::internal(format!(
            "OVH has no update for {} `{}`: it is replaced",
            change.kind.what, change.name
        )));
    }
    let Some(description) = change.want.get("description").and_then(Value::as_str) else {
        return Ok(()); // The file does not manage it.
    };
    rules::check_description(description)
        .map_err(|e| e.naming(&[("description", "description")]))?;
    c.update_description(&change.name, description).await?;
    Ok(())
}

/// Deletes the planned configuration (`change.id`), then waits for its task unless `wait` is
/// `None`. Gone already is what the delete wanted.
pub(super) async fn delete(
    c: &OvhClient,
    change: &Change,
    wait: Option<&WaitOptions>,
) -> Result<()> {
    let service = service_of(change)?;
    let id: u64 = change
        .id
        .as_deref()
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| Error::internal("a planned OVH delete without an id"))?;
    let key = change.kind.key;
    let sent = if key == POP_CONFIG.key {
        c.delete_pop_config(service, id).await
    } else {
        let pop = pop_id(c, service, change).await?;
        if key == DATACENTER_CONFIG.key {
            c.delete_datacenter_config(service, pop, id).await
        } else if key == EXTRA.key {
            let dc = dc_id(c, service, pop, change).await?;
            c.delete_extra_config(service, pop, dc, id).await
        } else {
            return Err(Error::internal(format!(
                "cc cannot delete an OVH {}",
                change.kind.what
            )));
        }
    };
    let task = match sent {
        Ok(task) => task,
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if let Some(options) = wait {
        let resume = crate::hint::cc(&format!("ovh task wait {service} {}", task.view.id));
        wait_task(c, service, task.view.id, options, &resume).await?;
    }
    Ok(())
}

/// The service a change is in (its uuid), or the service itself.
fn service_of(change: &Change) -> Result<&str> {
    match change.parents.first() {
        Some(service) => Ok(service.ident.as_str()),
        None if change.kind.key == SERVICE.key => Ok(change.name.as_str()),
        None => Err(Error::internal("an OVH configuration outside a service")),
    }
}

/// The identity of the parent at `depth` (1: the POP configuration, 2: the datacenter one).
fn parent_ident(change: &Change, depth: usize) -> Result<u64> {
    change
        .parents
        .get(depth)
        .and_then(|p| p.ident.parse().ok())
        .ok_or_else(|| Error::internal("an OVH configuration outside its parent"))
}

/// The id the plan read for the parent at `depth`: there when the parent was there before this
/// run and stays (one made or replaced in this run has none: its id is new).
fn planned_id(change: &Change, depth: usize) -> Option<u64> {
    let parent = change.parents.get(depth)?;
    parent.id.as_deref()?.parse().ok()
}

/// The id of the POP configuration `change` is in: the plan's, else (made or replaced in this
/// run) its placeholder in a dry run, found by its interface otherwise.
async fn pop_id(c: &OvhClient, service: &str, change: &Change) -> Result<ConfigId> {
    match planned_id(change, 1) {
        Some(id) => Ok(id.into()),
        None if c.api().plans_only() => Ok(ConfigId::New(POP_CONFIG.what)),
        None => pop_found(c, service, change).await.map(|(id, _)| id.into()),
    }
}

/// The id and layer of the POP configuration `change` is in: read by the plan's id, else found
/// by its interface; in a dry run, a new one's placeholder, whose layer is not known here.
async fn pop_read(
    c: &OvhClient,
    service: &str,
    change: &Change,
) -> Result<(ConfigId, Option<PopType>)> {
    match planned_id(change, 1) {
        Some(id) => Ok((id.into(), Some(c.pop_config(service, id).await?.view.kind))),
        None if c.api().plans_only() => Ok((ConfigId::New(POP_CONFIG.what), None)),
        None => {
            let (id, layer) = pop_found(c, service, change).await?;
            Ok((id.into(), Some(layer)))
        }
    }
}

/// The POP configuration `change` is in, made in this run: found by its interface.
async fn pop_found(c: &OvhClient, service: &str, change: &Change) -> Result<(u64, PopType)> {
    let interface = parent_ident(change, 1)?;
    let now = identity::pops_on(c, service, interface).await?;
    now.iter()
        .filter(|p| p.view.status != Some(ConfigStatus::ToDelete))
        .find_map(|p| Some((p.view.id?, p.view.kind.clone())))
        .ok_or_else(|| {
            missing_parent(
                POP_CONFIG.what,
                &format!("on interface {interface}"),
                service,
            )
        })
}

/// The id of the datacenter configuration `change` is in: the plan's, else (made in this run)
/// its placeholder in a dry run, found by its datacenter otherwise.
async fn dc_id(c: &OvhClient, service: &str, pop: ConfigId, change: &Change) -> Result<ConfigId> {
    if let Some(id) = planned_id(change, 2) {
        return Ok(id.into());
    }
    if c.api().plans_only() {
        return Ok(ConfigId::New(DATACENTER_CONFIG.what));
    }
    let datacenter = parent_ident(change, 2)?;
    let now = identity::datacenters_for(c, service, sent_id(pop)?, datacenter).await?;
    now.iter()
        .filter(|d| d.view.status != Some(ConfigStatus::ToDelete))
        .find_map(|d| d.view.id)
        .map(ConfigId::from)
        .ok_or_else(|| {
            missing_parent(
                DATACENTER_CONFIG.what,
                &format!("for datacenter {datacenter} on POP configuration {pop}"),
                service,
            )
        })
}

/// The number of a parent outside a dry run (only a dry run has placeholders, and it looks
/// nothing up below one).
fn sent_id(id: ConfigId) -> Result<u64> {
    id.known()
        .ok_or_else(|| Error::internal(format!("{id} looked up outside a dry run")))
}

/// Exit 4: the parent a configuration goes in is not there.
fn missing_parent(what: &str, which: &str, service: &str) -> Error {
    Error::not_found(
        PROVIDER,
        format!("the {what} {which} of `{service}` is not there, so nothing can be made in it"),
    )
}
