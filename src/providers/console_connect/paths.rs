//! Every Console Connect path `cc` calls, in one table, with how sure we are of it.
//!
//! Sources: the provider document (`provider-docs/console-connect-azure-expressroute.txt`) for
//! the Azure calls, and `provider-notes/orange-consoleconnect.md` Part 2 for the generic
//! connection and port routes (the API reference and user scripts that ran against the live
//! API). Console Connect verbs are unusual: create is PUT, update is POST, and delete lives
//! under `/api/v2`. When first contact with the real API shows otherwise, correct them HERE:
//! nothing else in `cc` spells a Console Connect path.

pub use crate::providers::endpoint::{Endpoint, Evidence};
use crate::providers::endpoint::{doc, repo};

/// POST `{"serviceKey": KEY}`: what Console Connect reads from an Azure service key
/// ("Verify the key", provider document). The answer's shape is not documented.
pub const VERIFY_KEY: Endpoint =
    doc("/api/company/{company}/connections/directConnectPartner/AZURE/layer2/serviceKey");
/// PUT: order a GROUP_LAYER2 connection of two LAYER2 subconnections (provider document).
pub const CREATE_AZURE: Endpoint =
    doc("/api/company/{company}/connections/directConnectPartner/AZURE/layer2/create");
/// POST (set), GET, DELETE one peering config; `{type}` is PRIVATE, PUBLIC or MICROSOFT and
/// `{id}` the connection id returned by create (provider document).
pub const PEERING: Endpoint =
    doc("/api/company/{company}/connections/directConnectPartner/AZURE/layer2/{id}/peering/{type}");
/// GET: the company's connections ("List connections", API reference, provider-notes §2.5).
pub const CONNECTIONS: Endpoint = doc("/api/company/{company}/connections");
/// GET one connection (provider-notes §2.5: `pccwMain.py` and a public bash script).
pub const CONNECTION: Endpoint = repo("/api/company/{company}/connections/{id}");
/// DELETE one connection: note the `/api/v2` prefix (provider-notes §2.5, `pccwMain.py`).
pub const DELETE_CONNECTION: Endpoint = repo("/api/v2/company/{company}/connections/{id}");
/// GET the company's ports, `?deleted=false`, in a `{"results": [...]}` envelope
/// (API reference, provider-notes §2.6).
pub const PORTS: Endpoint = doc("/api/company/{company}/ports");

/// GET a connection's utilisation, `?start=<epoch>&end=<epoch>&resolution=day|hour|minute`:
/// samples with `rxMax` and `txMax` (provider-notes §2.5, a public bash script that ran against
/// the live API; note the trailing `/`, as the script sends it).
pub const UTILIZATION: Endpoint = repo("/api/company/{company}/connections/{id}/utilization/");

/// PUT: order an AWS hosted connection (API reference "AWS Direct Connect", provider-notes
/// §2.7); it ends in `PENDING_ACCEPTANCE` until accepted in AWS.
pub const CREATE_AWS: Endpoint =
    doc("/api/company/{company}/connections/directConnectPartner/AWS/layer2");
/// PUT: order a Google partner interconnect (API reference "Google Cloud Engine": note `GCE`).
pub const CREATE_GOOGLE: Endpoint =
    doc("/api/company/{company}/connections/directConnectPartner/GCE/layer2");
/// GET: a partner's regions and their destination ports, `{"results": [...]}`; `{partner}` is
/// `amazon` (`pccwMain.py`, provider-notes §2.7) or `google` (by analogy [INF]). Not under the
/// company: the list is the partner's.
pub const PARTNER_REGIONS: Endpoint = repo("/api/directConnectPartner/{partner}/regions");

/// The kinds of object the client reads and writes, over the paths above
/// ([`crate::providers::resource::Kind`]).
pub mod kinds {
    use super::*;
    use crate::providers::resource::{Envelope, Kind, Verb, WORDS, Words};

    /// A collection: `{"results": [...]}` as documented for ports, or a bare array. No paging
    /// is documented for these collections (provider-notes §2.8): one call, cut to a limit.
    const LIST: Envelope = Envelope::Lenient(&["results"]);
    /// An object, unwrapped from `{"results": {...}}` or `{"connection": {...}}` when it has no
    /// `id` of its own (the IBM create of the same API answers
    /// `{"results": {"connection": {...}}}`) [INF].
    pub const ONE: Envelope = Envelope::Lenient(ONE_KEYS);
    /// The keys of [`ONE`].
    pub const ONE_KEYS: &[&str] = &["results", "connection"];

    /// The company's ports (`?deleted=false` asked by the client).
    pub const PORT: Kind = Kind {
        many: LIST,
        ..Kind::listed("port", PORTS)
    };
    /// Connections: Azure ones created at [`CREATE_AZURE`] (a PUT), deleted under `/api/v2`.
    pub const CONNECTION: Kind = Kind {
        one: ONE,
        many: LIST,
        create: (Verb::Put, CREATE_AZURE),
        delete: Some(DELETE_CONNECTION),
        words: Words {
            create: "create the Azure connection",
            ..WORDS
        },
        ..Kind::rest("connection", CONNECTIONS, super::CONNECTION)
    };
    /// Connections ordered from AWS: the generic connection, created at [`CREATE_AWS`].
    pub const AWS_CONNECTION: Kind = Kind {
        create: (Verb::Put, CREATE_AWS),
        words: Words {
            create: "create the AWS hosted connection",
            ..WORDS
        },
        ..CONNECTION
    };
    /// Connections ordered from Google: the generic connection, created at [`CREATE_GOOGLE`].
    pub const GOOGLE_CONNECTION: Kind = Kind {
        create: (Verb::Put, CREATE_GOOGLE),
        words: Words {
            create: "create the Google partner interconnect",
            ..WORDS
        },
        ..CONNECTION
    };
    /// A partner's regions list (the client's scope holds its `{partner}`).
    pub const PARTNER_REGION: Kind = Kind {
        many: LIST,
        words: Words {
            list: "list the {partner} regions",
            ..WORDS
        },
        ..Kind::listed("partner region", PARTNER_REGIONS)
    };
    /// The peering configs of a connection: the client's scope holds their `{type}`.
    pub const PEERING_CONFIG: Kind = Kind {
        one: ONE,
        words: Words {
            get: "get the {type} peering of connection `{id}`",
            delete: "delete the {type} peering of connection `{id}`",
            ..WORDS
        },
        ..Kind::rest("peering", PEERING, PEERING)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_encodes() {
        assert_eq!(
            PEERING.fill(&[
                ("company", "acme"),
                ("id", "5e7a2b1903be0d0014960141"),
                ("type", "PRIVATE")
            ]),
            "/api/company/acme/connections/directConnectPartner/AZURE/layer2/5e7a2b1903be0d0014960141/peering/PRIVATE"
        );
        assert_eq!(
            DELETE_CONNECTION.fill(&[("company", "a b"), ("id", "x/y")]),
            "/api/v2/company/a%20b/connections/x%2Fy"
        );
        assert_eq!(
            PORTS.fill(&[("company", "acme")]),
            "/api/company/acme/ports"
        );
    }

    #[test]
    fn every_path_is_under_the_company() {
        for e in [
            VERIFY_KEY,
            CREATE_AZURE,
            PEERING,
            CONNECTIONS,
            CONNECTION,
            DELETE_CONNECTION,
            PORTS,
        ] {
            assert!(e.template.contains("/company/{company}/"), "{}", e.template);
        }
    }
}
