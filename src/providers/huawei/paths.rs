//! Every Huawei Cloud Connect v3 path `cc` calls, in one table, with how sure we are of it, and
//! the JSON keys that wrap each resource.
//!
//! Sources: `provider-notes/huawei-ovh.md` §1.2 (paths extracted from the official
//! `huaweicloudsdkcc/v3/cc_client.py`; the cloud-connection and network-instance ones are also on
//! the public API reference pages) and the provider document
//! `provider-docs/huawei-cloud-connect-create.txt`. Nothing else in `cc` spells a Huawei path:
//! correct them HERE.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// How a path is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// On the public API reference (provider document or `support.huaweicloud.com` pages).
    Doc,
    /// In the official SDK's client (`cc_client.py`), not checked against a page.
    Sdk,
}

/// One endpoint: a path template with `{domain_id}` / `{id}` placeholders.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// Path relative to the base URL (`CC_HUAWEI_URL`, default `https://cc.myhuaweicloud.com`).
    pub template: &'static str,
    /// How we know it.
    pub evidence: Evidence,
}

const fn ep(template: &'static str, evidence: Evidence) -> Endpoint {
    Endpoint { template, evidence }
}

/// A kind of Cloud Connect resource: where it lives and how responses wrap it.
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
}

/// Cloud connections [DOC CreateCloudConnection.html, ListCloudConnections.html].
pub const CLOUD_CONNECTIONS: Kind = Kind {
    what: "cloud connection",
    collection: ep("/v3/{domain_id}/ccaas/cloud-connections", Evidence::Doc),
    item: ep(
        "/v3/{domain_id}/ccaas/cloud-connections/{id}",
        Evidence::Doc,
    ),
    one: "cloud_connection",
    many: "cloud_connections",
    name_filter: true,
};

/// Network instances: the VPCs and virtual gateways loaded on a cloud connection
/// [DOC CreateNetworkInstance.html].
pub const NETWORK_INSTANCES: Kind = Kind {
    what: "network instance",
    collection: ep("/v3/{domain_id}/ccaas/network-instances", Evidence::Doc),
    item: ep(
        "/v3/{domain_id}/ccaas/network-instances/{id}",
        Evidence::Doc,
    ),
    one: "network_instance",
    many: "network_instances",
    name_filter: true,
};

/// Bandwidth packages [DOC CreateBandwidthPackage.html; SDK for the others].
pub const BANDWIDTH_PACKAGES: Kind = Kind {
    what: "bandwidth package",
    collection: ep("/v3/{domain_id}/ccaas/bandwidth-packages", Evidence::Doc),
    item: ep(
        "/v3/{domain_id}/ccaas/bandwidth-packages/{id}",
        Evidence::Sdk,
    ),
    one: "bandwidth_package",
    many: "bandwidth_packages",
    name_filter: true,
};

/// Inter-region bandwidths [SDK]. Their list has no `name` filter: names are matched by `cc`.
pub const INTER_REGION_BANDWIDTHS: Kind = Kind {
    what: "inter-region bandwidth",
    collection: ep(
        "/v3/{domain_id}/ccaas/inter-region-bandwidths",
        Evidence::Sdk,
    ),
    item: ep(
        "/v3/{domain_id}/ccaas/inter-region-bandwidths/{id}",
        Evidence::Sdk,
    ),
    one: "inter_region_bandwidth",
    many: "inter_region_bandwidths",
    name_filter: false,
};

/// Tags a cloud connection: body `{"tags": [{"key", "value"}]}`, 204 [SDK `TagCloudConnection`;
/// REPO terraform-provider-huaweicloud `resource_huaweicloud_cc_connection.go` calls it right
/// after the create, which is what `cc huawei create --tag` does].
pub const CLOUD_CONNECTION_TAG: Endpoint = ep(
    "/v3/{domain_id}/ccaas/cloud-connections/{id}/tag",
    Evidence::Sdk,
);

/// Binds a bandwidth package to a cloud connection [SDK `AssociateBandwidthPackage`].
pub const BANDWIDTH_PACKAGE_ASSOCIATE: Endpoint = ep(
    "/v3/{domain_id}/ccaas/bandwidth-packages/{id}/associate",
    Evidence::Sdk,
);

/// Unbinds it [SDK `DisassociateBandwidthPackage`].
pub const BANDWIDTH_PACKAGE_DISASSOCIATE: Endpoint = ep(
    "/v3/{domain_id}/ccaas/bandwidth-packages/{id}/disassociate",
    Evidence::Sdk,
);

/// Page size asked of every list: the documented maximum of `limit` (1-2000) [DOC
/// ListCloudConnections.html]. The same value is sent on every page, as the API requires.
pub const PAGE_SIZE: usize = 2000;

/// What may stay unescaped in a path segment: RFC 3986 unreserved, as the signer re-encodes.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

impl Endpoint {
    /// The path with the domain id (and resource id) filled in, each percent-encoded.
    pub fn path(&self, domain_id: &str, id: Option<&str>) -> String {
        let enc = |s: &str| utf8_percent_encode(s, SEGMENT).to_string();
        let mut path = self.template.replace("{domain_id}", &enc(domain_id));
        if let Some(id) = id {
            path = path.replace("{id}", &enc(id));
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_encodes() {
        assert_eq!(
            CLOUD_CONNECTIONS.item.path(
                "0123456789abcdef0123456789abcdef",
                Some("6a1b2c3d-0000-4000-8000-000000000001")
            ),
            "/v3/0123456789abcdef0123456789abcdef/ccaas/cloud-connections/6a1b2c3d-0000-4000-8000-000000000001"
        );
        assert_eq!(
            BANDWIDTH_PACKAGE_ASSOCIATE.path("d", Some("a b/c")),
            "/v3/d/ccaas/bandwidth-packages/a%20b%2Fc/associate"
        );
        assert_eq!(
            INTER_REGION_BANDWIDTHS.collection.path("d", None),
            "/v3/d/ccaas/inter-region-bandwidths"
        );
    }
}
