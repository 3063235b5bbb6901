//! The seeded L3 tree (`fixtures/ovh/`, which the sandbox seeds) as the models hold it, for the
//! unit tests of the code that reads or judges it: one fixture, so that they judge one tree.

use super::models::{
    ConfigStatus, DatacenterConfig, DatacenterExtraConfig, ExtraType, PopConfig, PopType,
};

/// POP configuration 1001 of the L3 service: interface 2002, ASNs 65400 and 65401, a /30.
pub(crate) fn l3_pop() -> PopConfig {
    PopConfig {
        id: Some(1001),
        status: Some(ConfigStatus::Active),
        interface_id: 2002,
        kind: PopType::L3,
        customer_bgp_area: Some(65400),
        ovh_bgp_area: Some(65401),
        subnet: Some("192.0.2.0/30".into()),
    }
}

/// Its datacenter configuration 3001: datacenter 5, ASN 65402, 10.10.0.0/28.
pub(crate) fn l3_datacenter() -> DatacenterConfig {
    DatacenterConfig {
        id: Some(3001),
        status: Some(ConfigStatus::Active),
        datacenter_id: 5,
        ovh_bgp_area: Some(65402),
        subnet: Some("10.10.0.0/28".into()),
    }
}

/// Its static route 4001: 172.16.0.0/24 through 10.10.0.10.
pub(crate) fn l3_route() -> DatacenterExtraConfig {
    DatacenterExtraConfig {
        id: Some(4001),
        status: Some(ConfigStatus::Active),
        kind: ExtraType::Network,
        subnet: Some("172.16.0.0/24".into()),
        next_hop: Some("10.10.0.10".into()),
        bgp_neighbor_area: None,
        bgp_neighbor_ip: None,
    }
}
