//! The values of `cc orange create` taken from a list the API gives (VPN, credential, POP,
//! region, resource group, virtual network): each is described once, as a [`Pick`], and one
//! step serves all of them, on a terminal (fetch the list, offer it as a pick-list) and from a
//! flag (find the value in the list, or an error naming the flag), instead of one hand-written
//! block per value.

use crate::error::{ErrorKind, Result};
use crate::prompt::{self, Choice};
use crate::providers::Typed;
use crate::providers::orange::PROVIDER;
use crate::providers::orange::models::{Credential, Named, Pop, Region, Vpn};
use crate::resolve::Lookup;

/// One value picked from a list of `T`.
pub(super) struct Pick<T> {
    /// The flag that gives it: `--vpn`.
    pub flag: &'static str,
    /// The question on a terminal: `Technical VPN`.
    pub question: &'static str,
    /// What the spinner says while the list is fetched for the question.
    pub fetching: &'static str,
    /// The noun, for a miss: `technical VPN`.
    pub what: &'static str,
    /// The command that lists them, for a miss.
    pub list: &'static str,
    /// What is sent (the id, or the name where the API takes one), then its other names.
    pub keys: fn(&T) -> (String, Vec<String>),
    /// Its line in the pick-list.
    pub label: fn(&T) -> String,
    /// The list was fetched for this very check: a value not in it is a usage error (exit 2)
    /// naming the flag and listing what the list holds; nothing is ordered.
    pub checked: bool,
}

impl<T> Pick<T> {
    /// On a terminal, when `slot` is empty: fetches the list (`fetch`, with a spinner when
    /// `spinner`) and asks for one of it.
    pub async fn ask(
        &self,
        slot: &mut Option<String>,
        spinner: bool,
        fetch: impl Future<Output = Result<Vec<Typed<T>>>>,
    ) -> Result<()> {
        if slot.is_some() {
            return Ok(());
        }
        let choices: Vec<Choice> = crate::wait::step(spinner, self.fetching, fetch)
            .await?
            .iter()
            .map(|item| Choice {
                label: (self.label)(&item.view),
                value: (self.keys)(&item.view).0,
            })
            .collect();
        *slot = Some(prompt::select(self.question, self.flag, &choices)?);
        Ok(())
    }

    /// The one item of `items` whose id or name is `wanted` (`resolve::Lookup::pick`).
    pub fn item<'a>(&self, items: &'a [Typed<T>], wanted: &str) -> Result<&'a Typed<T>> {
        let lookup = Lookup {
            provider: PROVIDER,
            what: self.what,
            flag: Some(self.flag),
            list: self.list,
        };
        let keys = |i: &Typed<T>| (self.keys)(&i.view);
        lookup
            .pick(items, wanted, |i| keys(i).0, |i| keys(i).1)
            .map_err(|mut e| {
                if self.checked && e.kind == ErrorKind::NotFound {
                    e.kind = ErrorKind::Usage;
                    e.message = format!("{}; nothing was ordered", e.message);
                }
                e
            })
    }

    /// What is sent for `wanted`, found in `items`.
    pub fn value(&self, items: &[Typed<T>], wanted: &str) -> Result<String> {
        Ok((self.keys)(&self.item(items, wanted)?.view).0)
    }
}

/// `name (id)`: the pick-list line of what has both.
fn name_and_id(name: &str, id: &str) -> String {
    format!("{name} ({id})")
}

/// `--vpn`.
pub(super) const VPN: Pick<Vpn> = Pick {
    flag: "--vpn",
    question: "Technical VPN",
    fetching: "fetching the technical VPNs",
    what: "technical VPN",
    list: "cc orange vpns",
    keys: |v| (v.id.clone(), vec![v.name.clone()]),
    label: |v| name_and_id(&v.name, &v.id),
    checked: false,
};

/// `--credential`.
pub(super) const CREDENTIAL: Pick<Credential> = Pick {
    flag: "--credential",
    question: "Azure credential",
    fetching: "fetching the Azure credentials",
    what: "Azure credential",
    list: "cc orange credentials",
    keys: |v| (v.id.clone(), vec![v.name.clone()]),
    label: |v| name_and_id(&v.name, &v.id),
    checked: false,
};

/// `--credential` given as a UUID, which the API may spell in another case.
pub(super) const CREDENTIAL_UUID: Pick<Credential> = Pick {
    keys: |v| (v.id.to_ascii_lowercase(), vec![v.name.clone()]),
    ..CREDENTIAL
};

/// `--pop`.
pub(super) const POP: Pick<Pop> = Pick {
    flag: "--pop",
    question: "Point of presence",
    fetching: "fetching the points of presence",
    what: "point of presence",
    list: "cc orange pops",
    keys: |p| {
        (
            p.pop_id.clone(),
            [p.pop_name.clone(), p.pop_displayname.clone()]
                .into_iter()
                .flatten()
                .collect(),
        )
    },
    label: |p| {
        format!(
            "{} {}",
            p.pop_id,
            p.pop_displayname
                .clone()
                .or(p.pop_name.clone())
                .unwrap_or_default()
        )
    },
    checked: false,
};

/// `--region`, among the regions of the credential.
pub(super) const REGION: Pick<Region> = Pick {
    flag: "--region",
    question: "Azure region",
    fetching: "fetching the Azure regions",
    what: "Azure region of this credential",
    list: "cc orange regions --credential ...",
    keys: |r| (r.name.clone(), r.display_name.clone().into_iter().collect()),
    label: |r| name_and_id(&r.display_name.clone().unwrap_or_default(), &r.name),
    checked: true,
};

/// `--resource-group`, among those of the credential in the region.
pub(super) const RESOURCE_GROUP: Pick<Named> = Pick {
    flag: "--resource-group",
    question: "Azure resource group",
    fetching: "fetching the resource groups",
    what: "resource group of this credential in this region",
    list: "cc orange resource-groups --credential ... --region ...",
    keys: |g| (g.name.clone(), vec![]),
    label: |g| g.name.clone(),
    checked: true,
};

/// `--vnet`.
pub(super) const VNET: Pick<Named> = Pick {
    flag: "--vnet",
    question: "Virtual network",
    fetching: "fetching the virtual networks",
    what: "virtual network",
    list: "cc orange vnets",
    keys: |v| (v.name.clone(), vec![]),
    label: |v| v.name.clone(),
    checked: true,
};
