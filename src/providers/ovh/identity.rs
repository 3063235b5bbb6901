//! How a configuration of the tree is found again, since none has a name: a POP configuration by
//! its interface, a datacenter configuration by its datacenter, an extra by its type and all its
//! values (`desired.rs` says why these). A create whose answer was lost is looked up by them,
//! never sent again, by `cc ovh pop|dc|extra create` and by `cc apply` alike (one finder per
//! kind, so the two cannot drift apart); `cc apply` also finds by them the parent a nested
//! configuration goes in, when the plan could not know its id.
//!
//! Why an extra is matched on every value and not on its type alone: a datacenter configuration
//! holds many static routes, and one added meanwhile by someone else is of the same type; taking
//! it for the one a lost create made would report a create that did not happen.

use super::OvhClient;
use super::models::{DatacenterConfig, DatacenterExtraConfig, PopConfig};
use crate::error::Result;
use crate::providers::Typed;

/// The POP configurations of `service` on `interface` now.
pub async fn pops_on(
    c: &OvhClient,
    service: &str,
    interface: u64,
) -> Result<Vec<Typed<PopConfig>>> {
    let now = c.pop_configs(service).await?;
    Ok(now
        .into_iter()
        .filter(|p| p.view.interface_id == interface)
        .collect())
}

/// The datacenter configurations of POP configuration `pop` for `datacenter` now.
pub async fn datacenters_for(
    c: &OvhClient,
    service: &str,
    pop: u64,
    datacenter: u64,
) -> Result<Vec<Typed<DatacenterConfig>>> {
    let now = c.datacenter_configs(service, pop).await?;
    Ok(now
        .into_iter()
        .filter(|d| d.view.datacenter_id == datacenter)
        .collect())
}

/// The extras of datacenter configuration `dc` that are `want` (its type and values) now.
pub async fn extras_like(
    c: &OvhClient,
    service: &str,
    (pop, dc): (u64, u64),
    want: &DatacenterExtraConfig,
) -> Result<Vec<Typed<DatacenterExtraConfig>>> {
    let now = c.extra_configs(service, pop, dc).await?;
    Ok(now
        .into_iter()
        .filter(|e| same_extra(&e.view, want))
        .collect())
}

/// Whether `have` is the extra `want`: its type and every value (ids and states aside).
pub fn same_extra(have: &DatacenterExtraConfig, want: &DatacenterExtraConfig) -> bool {
    have.kind == want.kind
        && have.subnet == want.subnet
        && have.next_hop == want.next_hop
        && have.bgp_neighbor_area == want.bgp_neighbor_area
        && have.bgp_neighbor_ip == want.bgp_neighbor_ip
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::ovh::models::{ConfigStatus, ExtraType};

    fn route(subnet: &str, next_hop: &str) -> DatacenterExtraConfig {
        DatacenterExtraConfig {
            id: None,
            status: None,
            kind: ExtraType::Network,
            subnet: Some(subnet.into()),
            next_hop: Some(next_hop.into()),
            bgp_neighbor_area: None,
            bgp_neighbor_ip: None,
        }
    }

    #[test]
    fn an_extra_is_the_one_sought_by_its_type_and_every_value() {
        let want = route("172.16.1.0/24", "10.10.0.11");
        let made = DatacenterExtraConfig {
            id: Some(4002),
            status: Some(ConfigStatus::Init),
            ..want.clone()
        };
        assert!(same_extra(&made, &want), "ids and states aside");
        let other_route = route("172.16.9.0/24", "10.10.0.11");
        assert!(!same_extra(&other_route, &want), "same type, other subnet");
        let other_hop = route("172.16.1.0/24", "10.10.0.12");
        assert!(!same_extra(&other_hop, &want), "same type, other next hop");
        let session = DatacenterExtraConfig {
            kind: ExtraType::Bgp,
            ..want.clone()
        };
        assert!(!same_extra(&session, &want), "other type");
    }
}
