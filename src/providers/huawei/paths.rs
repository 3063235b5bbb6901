//! Every Huawei Cloud Connect v3 path `cc` calls, in one table, with how sure we are of it, and
//! the JSON keys that wrap each resource.
//!
//! Sources: `provider-notes/huawei-ovh.md` §1.2 (paths extracted from the official
//! `huaweicloudsdkcc/v3/cc_client.py`; the cloud-connection and network-instance ones are also on
//! the public API reference pages) and the provider document
//! `provider-docs/huawei-cloud-connect-create.txt`. Nothing else in `cc` spells a Huawei path:
//! correct them HERE.

pub use crate::providers::endpoint::{Endpoint, Evidence};
use crate::providers::endpoint::{doc, sdk};
use crate::providers::resource::{self, Envelope, Paging};

/// A kind of Cloud Connect resource: where it lives and how responses wrap it, as the client
/// ([`Kind::rest`]) and the simulator both read it.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// For messages: "cloud connection".
    pub what: &'static str,
    /// List (GET, `limit`/`marker` paging) and create (POST, 201).
    pub collection: Endpoint,
    /// Show (GET), update (PUT, 200) and delete (DELETE, 204).
    pub item: Endpoint,
    /// Key of one object in create/show/update bodies and responses: `cloud_connection`.
    pub one: &'static str,
    /// Key of the array in list responses: `cloud_connections`.
    pub many: &'static str,
    /// The list accepts a `name` filter (`name[]` in the SDK).
    pub name_filter: bool,
    /// The `error_code` of a 400 that, on a delete, means the resource is already gone (exit 4).
    pub gone_on_delete: Option<&'static str>,
    /// Items asked for a page: the largest `limit` its list takes.
    pub page: usize,
}

impl Kind {
    /// The shared description its calls run on ([`resource::Kind`]): bodies wrapped under
    /// [`Kind::one`] and [`Kind::many`], lists paged by `marker` ([`PAGE_SIZE`] a page, the
    /// next marker at `page_info.next_marker`), the `name` filter where the list has one.
    pub const fn rest(&self) -> resource::Kind {
        resource::Kind {
            one: Envelope::Key(self.one),
            many: Envelope::Key(self.many),
            paging: Paging::Marker {
                size: self.page,
                next: "/page_info/next_marker",
            },
            name_filter: if self.name_filter { Some("name") } else { None },
            gone_on_delete: self.gone_on_delete,
            ..resource::Kind::rest(self.what, self.collection, self.item)
        }
    }
}

/// Cloud connections [DOC CreateCloudConnection.html, ListCloudConnections.html].
pub const CLOUD_CONNECTIONS: Kind = Kind {
    what: "cloud connection",
    collection: doc("/v3/{domain_id}/ccaas/cloud-connections"),
    item: doc("/v3/{domain_id}/ccaas/cloud-connections/{id}"),
    one: "cloud_connection",
    many: "cloud_connections",
    name_filter: true,
    gone_on_delete: None,
    page: PAGE_SIZE,
};

/// Network instances: the VPCs and virtual gateways loaded on a cloud connection
/// [DOC CreateNetworkInstance.html].
pub const NETWORK_INSTANCES: Kind = Kind {
    what: "network instance",
    collection: doc("/v3/{domain_id}/ccaas/network-instances"),
    item: doc("/v3/{domain_id}/ccaas/network-instances/{id}"),
    one: "network_instance",
    many: "network_instances",
    name_filter: true,
    // Terraform treats a 400 `CC.1002` on this delete as "already gone" [REPO
    // terraform-provider-huaweicloud, the network-instance resource's delete:
    // `common.ConvertExpected400ErrInto404Err(err, "error_code", "CC.1002")`].
    gone_on_delete: Some("CC.1002"),
    page: PAGE_SIZE,
};

/// Bandwidth packages [DOC CreateBandwidthPackage.html; SDK for the others].
pub const BANDWIDTH_PACKAGES: Kind = Kind {
    what: "bandwidth package",
    collection: doc("/v3/{domain_id}/ccaas/bandwidth-packages"),
    item: sdk("/v3/{domain_id}/ccaas/bandwidth-packages/{id}"),
    one: "bandwidth_package",
    many: "bandwidth_packages",
    name_filter: true,
    gone_on_delete: None,
    page: PAGE_SIZE,
};

/// Inter-region bandwidths [SDK]. Their list has no `name` filter: names are matched by `cc`.
pub const INTER_REGION_BANDWIDTHS: Kind = Kind {
    what: "inter-region bandwidth",
    collection: sdk("/v3/{domain_id}/ccaas/inter-region-bandwidths"),
    item: sdk("/v3/{domain_id}/ccaas/inter-region-bandwidths/{id}"),
    one: "inter_region_bandwidth",
    many: "inter_region_bandwidths",
    name_filter: false,
    gone_on_delete: None,
    page: PAGE_SIZE,
};

/// Cloud connection routes: the prefixes each network instance contributes, as the cloud
/// connection routes them [SDK `ListCloudConnectionRoutes`, `ShowCloudConnectionRoutes`;
/// `ListCloudConnectionRoutesRequest`: `limit` 1-1000, `marker`, `id`, `cloud_connection_id[]`,
/// `instance_id[]`, `region_id`]. Read only, without names.
pub const CLOUD_CONNECTION_ROUTES: Kind = Kind {
    what: "cloud connection route",
    collection: sdk("/v3/{domain_id}/ccaas/cloud-connection-routes"),
    item: sdk("/v3/{domain_id}/ccaas/cloud-connection-routes/{id}"),
    one: "cloud_connection_route",
    many: "cloud_connection_routes",
    name_filter: false,
    gone_on_delete: None,
    page: ROUTE_PAGE_SIZE,
};

/// Cross-account authorisations: this account lets another account's cloud connection load one
/// of its VPCs [SDK `CreateAuthorisation`, `ListAuthorisations`, `UpdateAuthorisation`,
/// `DeleteAuthorisation`; `ListAuthorisationsRequest`: `limit`, `marker`, `id[]`, `name[]`,
/// `description[]`, `cloud_connection_id[]`, `instance_id[]`; `ListAuthorisationsResponse`:
/// `authorisations`, `page_info`]. The SDK has no show call on the item path (only PUT and
/// DELETE): one is read by listing with its `id`.
pub const AUTHORISATIONS: Kind = Kind {
    what: "authorisation",
    collection: sdk("/v3/{domain_id}/ccaas/authorisations"),
    item: sdk("/v3/{domain_id}/ccaas/authorisations/{id}"),
    one: "authorisation",
    many: "authorisations",
    name_filter: true,
    gone_on_delete: None,
    page: PAGE_SIZE,
};

/// The authorisations other accounts granted to this one, as this one sees them [SDK
/// `ListPermissions`; `ListPermissionsRequest`: the same query keys as the authorisations';
/// `ListPermissionsResponse`: `permissions`, `page_info`]. Read only.
pub const PERMISSIONS: Endpoint = sdk("/v3/{domain_id}/ccaas/permissions");

/// Quotas: `{"quotas": [{quota_type, quota_number, quota_used, ...}]}` [SDK
/// `ListCloudConnectionQuotas`; `ListCloudConnectionQuotasRequest`: `limit` 1-1000, `marker`,
/// `quota_type` (required), `cloud_connection_id` (for the three per-connection types),
/// `region_id` (for `region_network_instance`)]. The response model has no `page_info`.
pub const QUOTAS: Endpoint = sdk("/v3/{domain_id}/ccaas/quotas");

/// Page size of routes and quotas: the SDK gives their `limit` a range of 1-1000.
pub const ROUTE_PAGE_SIZE: usize = 1000;

/// Tags a cloud connection: body `{"tags": [{"key", "value"}]}`, 204 [SDK `TagCloudConnection`;
/// REPO terraform-provider-huaweicloud `resource_huaweicloud_cc_connection.go` calls it right
/// after the create, which is what `cc huawei create --tag` does].
pub const CLOUD_CONNECTION_TAG: Endpoint = sdk("/v3/{domain_id}/ccaas/cloud-connections/{id}/tag");

/// Binds a bandwidth package to a cloud connection [SDK `AssociateBandwidthPackage`].
pub const BANDWIDTH_PACKAGE_ASSOCIATE: Endpoint =
    sdk("/v3/{domain_id}/ccaas/bandwidth-packages/{id}/associate");

/// Unbinds it [SDK `DisassociateBandwidthPackage`].
pub const BANDWIDTH_PACKAGE_DISASSOCIATE: Endpoint =
    sdk("/v3/{domain_id}/ccaas/bandwidth-packages/{id}/disassociate");

/// Page size asked of every list: the documented maximum of `limit` (1-2000) [DOC
/// ListCloudConnections.html]. The same value is sent on every page, as the API requires.
pub const PAGE_SIZE: usize = 2000;

/// What may stay unescaped in a path segment: RFC 3986 unreserved, as the signer re-encodes.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_encodes() {
        assert_eq!(
            CLOUD_CONNECTIONS.item.fill(&[
                ("domain_id", "0123456789abcdef0123456789abcdef"),
                ("id", "6a1b2c3d-0000-4000-8000-000000000001")
            ]),
            "/v3/0123456789abcdef0123456789abcdef/ccaas/cloud-connections/6a1b2c3d-0000-4000-8000-000000000001"
        );
        assert_eq!(
            BANDWIDTH_PACKAGE_ASSOCIATE.fill(&[("domain_id", "d"), ("id", "a b/c")]),
            "/v3/d/ccaas/bandwidth-packages/a%20b%2Fc/associate"
        );
        assert_eq!(
            INTER_REGION_BANDWIDTHS
                .collection
                .fill(&[("domain_id", "d")]),
            "/v3/d/ccaas/inter-region-bandwidths"
        );
    }
}
