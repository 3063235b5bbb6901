//! Every Console Connect path `cc` calls, in one table, with how sure we are of it.
//!
//! Sources: the provider document (`provider-docs/console-connect-azure-expressroute.txt`) for
//! the Azure calls, and `provider-notes/orange-consoleconnect.md` Part 2 for the generic
//! connection and port routes (the API reference and user scripts that ran against the live
//! API). Console Connect verbs are unusual: create is PUT, update is POST, and delete lives
//! under `/api/v2`. When first contact with the real API shows otherwise, correct them HERE:
//! nothing else in `cc` spells a Console Connect path.

/// How a path is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// In the provider document or the API reference.
    Doc,
    /// Seen in a public script that ran against the live API (provider-notes [REPO]).
    Repo,
}

/// One endpoint: a path template with `{company}`, `{id}` and `{type}` placeholders.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// Path relative to the base URL (`CC_CONSOLE_CONNECT_URL`).
    pub template: &'static str,
    /// How we know it.
    pub evidence: Evidence,
}

const fn ep(template: &'static str, evidence: Evidence) -> Endpoint {
    Endpoint { template, evidence }
}

/// POST `{"serviceKey": KEY}`: what Console Connect reads from an Azure service key
/// ("Verify the key", provider document). The answer's shape is not documented.
pub const VERIFY_KEY: Endpoint = ep(
    "/api/company/{company}/connections/directConnectPartner/AZURE/layer2/serviceKey",
    Evidence::Doc,
);
/// PUT: order a GROUP_LAYER2 connection of two LAYER2 subconnections (provider document).
pub const CREATE_AZURE: Endpoint = ep(
    "/api/company/{company}/connections/directConnectPartner/AZURE/layer2/create",
    Evidence::Doc,
);
/// POST (set), GET, DELETE one peering config; `{type}` is PRIVATE, PUBLIC or MICROSOFT and
/// `{id}` the connection id returned by create (provider document).
pub const PEERING: Endpoint = ep(
    "/api/company/{company}/connections/directConnectPartner/AZURE/layer2/{id}/peering/{type}",
    Evidence::Doc,
);
/// GET: the company's connections ("List connections", API reference, provider-notes §2.5).
pub const CONNECTIONS: Endpoint = ep("/api/company/{company}/connections", Evidence::Doc);
/// GET one connection (provider-notes §2.5: `pccwMain.py` and a public bash script).
pub const CONNECTION: Endpoint = ep("/api/company/{company}/connections/{id}", Evidence::Repo);
/// DELETE one connection: note the `/api/v2` prefix (provider-notes §2.5, `pccwMain.py`).
pub const DELETE_CONNECTION: Endpoint =
    ep("/api/v2/company/{company}/connections/{id}", Evidence::Repo);
/// GET the company's ports, `?deleted=false`, in a `{"results": [...]}` envelope
/// (API reference, provider-notes §2.6).
pub const PORTS: Endpoint = ep("/api/company/{company}/ports", Evidence::Doc);

impl Endpoint {
    /// The path with the company, resource id and peering type filled in, each percent-encoded.
    pub fn path(&self, company: &str, id: Option<&str>, kind: Option<&str>) -> String {
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let mut path = self.template.replace("{company}", &enc(company));
        if let Some(id) = id {
            path = path.replace("{id}", &enc(id));
        }
        if let Some(kind) = kind {
            path = path.replace("{type}", &enc(kind));
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
            PEERING.path("acme", Some("5e7a2b1903be0d0014960141"), Some("PRIVATE")),
            "/api/company/acme/connections/directConnectPartner/AZURE/layer2/5e7a2b1903be0d0014960141/peering/PRIVATE"
        );
        assert_eq!(
            DELETE_CONNECTION.path("a b", Some("x/y"), None),
            "/api/v2/company/a%20b/connections/x%2Fy"
        );
        assert_eq!(PORTS.path("acme", None, None), "/api/company/acme/ports");
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
