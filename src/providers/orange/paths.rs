//! Every Orange Evolution Platform path `cc` calls, in one table, with how sure we are of it.
//!
//! The provider document (`provider-docs/orange-evolution-platform-azure-connector.txt`) gives
//! the seven create steps; the get, list and delete paths of a cloud connector are not in any
//! public material and follow the REST pattern of the credentials pages
//! (`provider-notes/orange-consoleconnect.md` §1.2). When first contact with the real API shows
//! otherwise, correct them HERE: nothing else in `cc` spells an Orange path.

pub use crate::providers::endpoint::{Endpoint, Evidence};
use crate::providers::endpoint::{doc, inferred};

/// Step 1: technical VPNs (the `technicalVpnId`). Bare JSON array, no paging documented.
pub const VPNS: Endpoint = doc("/api/v1/projects/{projectId}/network/virtualprivatenetworks");
/// Step 2: IPsec points of presence (`popId`). `limit`/`offset` paging documented.
pub const POPS: Endpoint = doc("/api/v1/network/pointsofpresence/ipsec");
/// Step 3: Azure credentials. The document shows `?limit=20&offset=0`.
pub const CREDENTIALS: Endpoint = doc("/api/v1/projects/{projectId}/azure/credentials");
/// Step 4: Azure regions, `?azureCspCredentialId=`.
pub const REGIONS: Endpoint = doc("/api/v1/projects/{projectId}/azure/regions");
/// Step 5: Azure resource groups, `?azureCspCredentialId=&azureRegion=`.
pub const RESOURCE_GROUPS: Endpoint = doc("/api/v1/projects/{projectId}/azure/resourcegroups");
/// Step 6: virtual networks (the `vnetName` of step 7). The document prints the SAME path as
/// step 1, with no other parameter, and the live documentation page prints it too [DOC]; its
/// example items (`vnet-01`..`vnet-03`, `networkType: "BVPN"`) have the VPN list's shape, and the
/// create body calls `vnetName` "Name of the Orange Business Virtual Network". Read: step 6 lists
/// the same collection as step 1, and `vnetName` is a name from it [INF, provider-notes §1.2].
/// So `cc` sends no query here (no document has one), fetches the list once for `--vpn` and
/// `--vnet` while the two paths are equal, and the sandbox serves both steps' examples in that
/// one list. If first contact shows a different step-6 call, correct it HERE.
pub const VNETS: Endpoint = VPNS;
/// Step 7: create a (standard public) cloud connector.
pub const CREATE: Endpoint =
    doc("/api/v1/projects/{projectId}/azure/cloudconnectors/publicstandarddynamics");
/// List cloud connectors [INF], assumed to page with `limit`/`offset` like the others.
pub const CONNECTORS: Endpoint = inferred("/api/v1/projects/{projectId}/azure/cloudconnectors");
/// Get or delete one cloud connector [INF].
pub const CONNECTOR: Endpoint = inferred("/api/v1/projects/{projectId}/azure/cloudconnectors/{id}");

/// Page size asked of `limit`/`offset` collections. The document's example uses 20; a server
/// that caps pages below what is asked would end paging early when it sends no `X-Total-Count`
/// (paging stops on a short page) [INF].
pub const PAGE_SIZE: usize = 20;

/// The kinds of object the client reads and writes, over the paths above
/// ([`crate::providers::resource::Kind`]).
pub mod kinds {
    use super::*;
    use crate::providers::resource::{Envelope, Kind, Paging, WORDS, Words};

    /// A list body: a bare array as documented, or (leniently) an object wrapping one under
    /// `items`, `content`, `data` or `results` [INF].
    const LIST: Envelope = Envelope::Lenient(&["items", "content", "data", "results"]);
    /// `limit`/`offset` pages, the count in `X-Total-Count` when sent.
    const PAGED: Paging = Paging::Offset {
        size: PAGE_SIZE,
        total: Some("x-total-count"),
    };

    /// A kind listed in one call.
    const fn listed(what: &'static str, collection: Endpoint) -> Kind {
        Kind {
            many: LIST,
            ..Kind::listed(what, collection)
        }
    }

    /// Step 1.
    pub const VPN: Kind = listed("VPN", VPNS);
    /// Steps 1 and 6 in one call, while their paths are the same.
    pub const VPN_AND_VNET: Kind = Kind {
        words: Words {
            list: "list VPNs and virtual networks",
            ..WORDS
        },
        ..VPN
    };
    /// Step 2.
    pub const POP: Kind = Kind {
        paging: PAGED,
        words: Words {
            list: "list points of presence",
            ..WORDS
        },
        ..listed("point of presence", POPS)
    };
    /// Step 3.
    pub const CREDENTIAL: Kind = Kind {
        paging: PAGED,
        ..listed("Azure credential", CREDENTIALS)
    };
    /// Step 4.
    pub const REGION: Kind = listed("Azure region", REGIONS);
    /// Step 5.
    pub const RESOURCE_GROUP: Kind = listed("Azure resource group", RESOURCE_GROUPS);
    /// Step 6.
    pub const VNET: Kind = listed("virtual network", VNETS);
    /// Cloud connectors: created at [`CREATE`] (step 7), listed, read and deleted.
    pub const CONNECTOR: Kind = Kind {
        many: LIST,
        paging: PAGED,
        create: (crate::providers::resource::Verb::Post, CREATE),
        ..Kind::rest("cloud connector", CONNECTORS, super::CONNECTOR)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_encodes() {
        assert_eq!(
            CONNECTOR.fill(&[("projectId", "p1"), ("id", "a b/c")]),
            "/api/v1/projects/p1/azure/cloudconnectors/a%20b%2Fc"
        );
        assert_eq!(
            VPNS.fill(&[("projectId", "3fa85f64-5717")]),
            "/api/v1/projects/3fa85f64-5717/network/virtualprivatenetworks"
        );
        assert_eq!(
            POPS.fill(&[("projectId", "p1")]),
            "/api/v1/network/pointsofpresence/ipsec"
        );
    }
}
