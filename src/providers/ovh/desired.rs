//! OVHcloud Connect in desired-state files: `ovh.services`, each holding its `pop_configs`,
//! which hold `datacenter_configs`, which hold `extras`, with the fields of `cc ovh pop|dc|extra
//! create` (and a service's `description`, which `cc ovh update` sets).
//!
//! Why these identities and changes: an OVH service is ordered, not created through the API, so
//! the file may only describe one that exists (by its uuid) and `--prune` never deletes one;
//! its description is its one writable field (`PUT /ovhCloudConnect/{serviceName}`), an update.
//! Configurations have no name and no update (the API has no PUT for them, and
//! terraform-provider-ovh replaces them too): a POP configuration is known by its interface, a
//! datacenter configuration by its datacenter, an extra by its type and all its values (so an
//! extra never "changes": another value is another extra), and any other field changed is a
//! replace (delete, then create: an outage, with everything nested in it made again after it).
//!
//! What exists is read with at most two rounds per level (a list of ids, then each object),
//! every service, POP configuration and datacenter configuration concurrently. Closed services
//! and configurations being deleted (`toDelete`) no longer count as existing.
//!
//! Evidence: the paths and the models are the schema's (`provider-notes/huawei-ovh.md` §2.6,
//! §2.7: `PUT /ovhCloudConnect/{serviceName}` takes `Update {description?}`, no configuration
//! has a PUT); terraform-provider-ovh has no update for configurations either (§2.8).
//!
//! # Inferred (the one place to correct them)
//!
//! - A `closed` service and a `toDelete` configuration no longer count as existing (a
//!   terminated service takes no configuration; a configuration being deleted is gone once its
//!   task is done). Not in the schema's descriptions.
//! - A service holds at most one POP configuration per interface, and a POP configuration at
//!   most one datacenter configuration per datacenter, so that those identify them (and a lost
//!   create is looked up by them); the document configures them that way, it does not say a
//!   second one is refused.
//! - A configuration found after a lost create answer is made once its status is `active`
//!   (the schema's `init` → `active`); without its task, that status is all there is to follow.
//! - A delete answered 404 found the configuration gone already, which is what it wanted.

use futures_util::future::try_join_all;
use futures_util::{StreamExt, TryStreamExt};

use crate::desired::{Change, Field, Kind, Live, Located, Plan, ProviderPart, Spec, Type, field};
use crate::error::{Error, Result};
use crate::provider::ProviderName;
use crate::providers::Typed;
use crate::providers::contract::DesiredState;
use crate::providers::ovh::contract::Ovh;
use crate::providers::ovh::models::{
    ConfigStatus, DatacenterConfig, DatacenterExtraConfig, PopConfig, ServiceStatus,
};
use crate::providers::ovh::{OvhClient, PROVIDER, desired_apply, desired_rules, paths};
use crate::wait::WaitOptions;

/// An id of the provider's (an interface, a datacenter).
const ID: Type = Type::Integer {
    min: 0,
    max: i64::MAX,
};

/// A private AS number; the gap between the two private ranges is refused by the rules
/// (`rules::check_private_asn`, run over the file by [`desired_rules`]).
const ASN: Type = Type::Integer {
    min: 64512,
    max: 4_294_967_294,
};

const fn fixed(name: &'static str, ty: Type, required: bool, help: &'static str) -> Field {
    field(name, ty, required, help).replace()
}

/// `ovh.services[].pop_configs[].datacenter_configs[].extras`.
pub const EXTRA: Kind = Kind {
    key: "extras",
    what: "extra configuration",
    identity: &[
        "type",
        "subnet",
        "next_hop",
        "bgp_neighbor_asn",
        "bgp_neighbor_ip",
    ],
    fields: &[
        fixed(
            "type",
            Type::OneOf(&["network", "bgp"]),
            true,
            "a static route (network) or a BGP session (bgp)",
        ),
        fixed(
            "subnet",
            Type::Text,
            false,
            "the prefix routed, CIDR (network)",
        ),
        fixed(
            "next_hop",
            Type::Text,
            false,
            "the gateway, a host of the datacenter subnet (network)",
        ),
        fixed(
            "bgp_neighbor_asn",
            ASN,
            false,
            "your router's AS number, private (bgp)",
        ),
        fixed(
            "bgp_neighbor_ip",
            Type::Text,
            false,
            "your router's IP, a host of the datacenter subnet (bgp)",
        ),
    ],
    children: &[],
    managed: true,
};

/// `ovh.services[].pop_configs[].datacenter_configs`.
pub const DATACENTER_CONFIG: Kind = Kind {
    key: "datacenter_configs",
    what: "datacenter configuration",
    identity: &["datacenter"],
    fields: &[
        fixed(
            "datacenter",
            ID,
            true,
            "the datacenter id (cc ovh datacenters)",
        ),
        fixed("ovh_asn", ASN, false, "OVHcloud's private AS number (L3)"),
        fixed(
            "subnet",
            Type::Text,
            false,
            "the datacenter subnet, /28 or larger (L3)",
        ),
    ],
    children: &[EXTRA],
    managed: true,
};

/// `ovh.services[].pop_configs`.
pub const POP_CONFIG: Kind = Kind {
    key: "pop_configs",
    what: "POP configuration",
    identity: &["interface"],
    fields: &[
        fixed(
            "interface",
            ID,
            true,
            "the interface id (cc ovh interfaces)",
        ),
        fixed(
            "type",
            Type::OneOf(&["l2", "l3"]),
            true,
            "layer 2 or layer 3",
        ),
        fixed("customer_asn", ASN, false, "your private AS number (L3)"),
        fixed("ovh_asn", ASN, false, "OVHcloud's private AS number (L3)"),
        fixed(
            "subnet",
            Type::Text,
            false,
            "a /30 for the BGP session (L3)",
        ),
    ],
    children: &[DATACENTER_CONFIG],
    managed: true,
};

/// `ovh.services`: existing services only.
pub const SERVICE: Kind = Kind {
    key: "services",
    what: "OVHcloud Connect service",
    identity: &["service"],
    fields: &[
        field("service", Type::Text, true, "the service UUID"),
        field(
            "description",
            Type::Text,
            false,
            "free text, changed in place",
        ),
    ],
    children: &[POP_CONFIG],
    managed: false,
};

/// OVH's part of a file.
pub const SPEC: Spec = Spec {
    provider: ProviderName::Ovh,
    key: "ovh",
    kinds: &[SERVICE],
};

impl DesiredState for Ovh {
    const SPEC: &'static Spec = &SPEC;

    async fn observe(client: &OvhClient) -> Result<Vec<Live>> {
        let ids = client.service_ids().await?;
        let services: Vec<Option<Live>> = futures_util::stream::iter(ids)
            .map(|id| async move { service_tree(client, id).await })
            .buffered(paths::FAN_OUT)
            .try_collect()
            .await?;
        Ok(services.into_iter().flatten().collect())
    }

    fn breaches(part: &ProviderPart, live: &[Live], _plan: &Plan) -> Vec<Located> {
        desired_rules::breaches(part, live)
    }

    /// The configuration's body, under its parents' ids.
    type Prepared = desired_apply::Prepared;

    async fn prepare(client: &OvhClient, change: &Change) -> Result<desired_apply::Prepared> {
        desired_apply::prepare(client, change).await
    }

    async fn create(
        client: &OvhClient,
        change: &Change,
        prepared: desired_apply::Prepared,
        wait: Option<&WaitOptions>,
    ) -> Result<String> {
        desired_apply::create(client, change, prepared, wait).await
    }

    async fn update(
        client: &OvhClient,
        change: &Change,
        _wait: Option<&WaitOptions>,
    ) -> Result<()> {
        desired_apply::update(client, change).await
    }

    async fn delete(client: &OvhClient, change: &Change, wait: Option<&WaitOptions>) -> Result<()> {
        desired_apply::delete(client, change, wait).await
    }
}

/// One service with its configuration tree (`None`: closed). The service and its POP
/// configurations are read at once.
async fn service_tree(c: &OvhClient, uuid: String) -> Result<Option<Live>> {
    let (service, pops) = tokio::try_join!(c.service(&uuid), c.pop_configs(&uuid))?;
    if service.view.status == ServiceStatus::Closed {
        return Ok(None);
    }
    let pops = try_join_all(
        pops.into_iter()
            .filter(|p| standing(p.view.status.as_ref()))
            .map(|p| pop_tree(c, &uuid, p)),
    )
    .await?;
    let mut live = Live::new(SERVICE.key, &uuid, &uuid)
        .with("service", uuid.as_str())
        .with("description", service.view.description.clone());
    live.children = pops;
    Ok(Some(live))
}

async fn pop_tree(c: &OvhClient, service: &str, pop: Typed<PopConfig>) -> Result<Live> {
    let id = id_of(pop.view.id, POP_CONFIG.what)?;
    let dcs = c.datacenter_configs(service, id).await?;
    let dcs = try_join_all(
        dcs.into_iter()
            .filter(|d| standing(d.view.status.as_ref()))
            .map(|d| dc_tree(c, service, id, d)),
    )
    .await?;
    let mut live = pop_live(&pop.view, id);
    live.children = dcs;
    Ok(live)
}

async fn dc_tree(
    c: &OvhClient,
    service: &str,
    pop: u64,
    dc: Typed<DatacenterConfig>,
) -> Result<Live> {
    let id = id_of(dc.view.id, DATACENTER_CONFIG.what)?;
    let extras = c.extra_configs(service, pop, id).await?;
    let mut live = dc_live(&dc.view, id);
    for extra in extras.iter().filter(|e| standing(e.view.status.as_ref())) {
        live.children
            .push(extra_live(&extra.view, id_of(extra.view.id, EXTRA.what)?));
    }
    Ok(live)
}

/// Whether a configuration in `status` still counts as existing (not being deleted).
fn standing(status: Option<&ConfigStatus>) -> bool {
    status != Some(&ConfigStatus::ToDelete)
}

/// A configuration's id, which every answer carries: exit 5 without one.
fn id_of(id: Option<u64>, what: &str) -> Result<u64> {
    id.ok_or_else(|| Error::malformed(PROVIDER, format!("OVH answered a {what} without an id")))
}

/// A POP configuration in the file's names.
pub fn pop_live(p: &PopConfig, id: u64) -> Live {
    Live::new(POP_CONFIG.key, p.interface_id.to_string(), id.to_string())
        .with("interface", p.interface_id)
        .with("type", p.kind.as_str())
        .with("customer_asn", p.customer_bgp_area)
        .with("ovh_asn", p.ovh_bgp_area)
        .with("subnet", p.subnet.clone())
}

/// A datacenter configuration in the file's names.
pub fn dc_live(d: &DatacenterConfig, id: u64) -> Live {
    Live::new(
        DATACENTER_CONFIG.key,
        d.datacenter_id.to_string(),
        id.to_string(),
    )
    .with("datacenter", d.datacenter_id)
    .with("ovh_asn", d.ovh_bgp_area)
    .with("subnet", d.subnet.clone())
}

/// An extra configuration in the file's names, known by its type and values.
pub fn extra_live(e: &DatacenterExtraConfig, id: u64) -> Live {
    let mut live = Live::new(EXTRA.key, "", id.to_string())
        .with("type", e.kind.as_str())
        .with("subnet", e.subnet.clone())
        .with("next_hop", e.next_hop.clone())
        .with("bgp_neighbor_asn", e.bgp_neighbor_area)
        .with("bgp_neighbor_ip", e.bgp_neighbor_ip.clone());
    live.ident = crate::desired::ident_of(EXTRA.identity, |f| live.fields.get(f).cloned());
    live
}

/// An extra's identity, its type and values as a file writes them (`network 172.16.1.0/24
/// 10.10.0.11`): how `cc ovh extra create` names the one it makes, as `cc apply` does.
pub fn extra_ident(e: &DatacenterExtraConfig) -> String {
    extra_live(e, 0).ident
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::providers::ovh::models::{ExtraType, PopType};
    use crate::providers::ovh::testing;

    #[test]
    fn what_exists_is_read_in_the_files_names() {
        let pop = testing::l3_pop();
        let live = pop_live(&pop, 1001);
        assert_eq!((live.ident.as_str(), live.id.as_str()), ("2002", "1001"));
        assert_eq!(live.fields["customer_asn"], json!(65400));
        assert_eq!(live.fields["type"], json!("l3"));
        let l2 = PopConfig {
            kind: PopType::L2,
            customer_bgp_area: None,
            ovh_bgp_area: None,
            subnet: None,
            ..pop
        };
        let live = pop_live(&l2, 1);
        assert!(!live.fields.contains_key("subnet"), "unset is left out");
        assert_eq!(
            extra_live(&testing::l3_route(), 4001).ident,
            "network 172.16.0.0/24 10.10.0.10"
        );
    }

    #[test]
    fn a_file_extra_is_known_by_the_same_identity() {
        let text = "ovh:\n  services:\n    - service: s\n      pop_configs:\n        - interface: 1\n          type: l3\n          datacenter_configs:\n            - datacenter: 5\n              extras:\n                - type: bgp\n                  bgp_neighbor_ip: 10.0.0.4\n                  bgp_neighbor_asn: 65500\n";
        let file = crate::desired::parse::parse(text, "f", &[&SPEC], &|_| None).unwrap();
        let extra = &file.parts[0].items[0].children[0].children[0].children[0];
        let bgp = DatacenterExtraConfig {
            id: None,
            status: None,
            kind: ExtraType::Bgp,
            subnet: None,
            next_hop: None,
            bgp_neighbor_area: Some(65500),
            bgp_neighbor_ip: Some("10.0.0.4".into()),
        };
        assert_eq!(extra.ident, extra_live(&bgp, 9).ident);
        assert_eq!(extra.ident, "bgp 65500 10.0.0.4");
    }
}
