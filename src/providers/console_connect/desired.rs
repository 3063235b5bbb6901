//! Console Connect in desired-state files: `console_connect.azure_connections`, one per Azure
//! ExpressRoute order (a GROUP_LAYER2 connection), with the fields of
//! `cc console-connect azure create`, holding its `peerings`, one per type, with the fields of
//! `cc console-connect azure peering set`; `console_connect.aws_connections` and
//! `google_connections`, one per AWS hosted connection or Google partner interconnect, with the
//! fields of `aws create` and `google create` ([`super::desired_partners`],
//! [`super::desired_partner_apply`]). Every field of the three is a replace.
//!
//! Why every connection field is a replace: Console Connect documents no update of a
//! connection's ports, speed, service key or payment type (its one documented update,
//! `POST /api/v2/.../connections/{id}` with `{"name"}`, renames, and the name is the identity),
//! so a change of any of them is a delete and a new order (an outage). A peering is set by
//! POSTing its whole config again, which replaces it in place, so each of its fields is an
//! update.
//!
//! Why the kinds are a table: an order's partner (`partner.type` AZURE, later AWS or GOOGLE) is
//! what tells the kinds apart in the one list of connections, so each kind is declared once
//! with its partner ([`PARTNERS`]) and `observe`, `breaches` and `apply` dispatch on it; an
//! `aws_connections` kind is one more row and its own create body.
//!
//! What `observe` reads besides the file's kinds: the company's ports, as [`Live`] resources of
//! the kind [`PORTS`], which is not a kind of the file (export, the plan and `--prune` ignore
//! kinds the spec does not list). They carry each port's free capacity and line rate for the
//! port capacity rule ([`super::desired_rules`]), so that `breaches`, which sees only the file
//! and what `observe` read, needs no request of its own.
//!
//! # Inferred (the one place to correct them)
//!
//! - A connection's ports are the distinct `srcPortId`s of its subconnections (primary first),
//!   else the group's own `srcPortId` [INF from the live subconnection dump, provider-notes
//!   §2.5, and the create answer's sample, which carries `srcPortId` on the group].
//! - A peering that reads back as DEPROVISIONING is on its way out and counts as gone [INF:
//!   the provisioning states of provider-notes §2.4]; so does an answer with none of a
//!   config's keys. A type never set answers 404, as `azure peering get` expects [INF]: every
//!   type of every ACTIVE connection is asked for, rather than trusting `partner.peering` to
//!   list them.
//! - A peering GET carries the body's own keys ([`super::models::PeeringRequest`], themselves
//!   partly inferred); a `sharedKey` in it means a shared key is set, and export writes a
//!   placeholder for it [INF].
//! - Every connection field is a replace (above): no update of them is documented [INF from
//!   absence, provider-notes §2.5].
//! - An AWS or Google connection reads back as its order was sent, with `partner.type` AWS or
//!   GCE [INF: the create answer's shape, `models::partner`]: its port is `srcPortId` (Google:
//!   `partner.srcPortIds`, else `srcPortId`), its account `partner.account`, its Google region
//!   `partner.region`, its term `duration` and `durationUnit` (a field the answer lacks is not
//!   read, so a file giving it plans a replace). Its AWS region is not in the object: it is
//!   the regions of the row of `GET /api/directConnectPartner/amazon/regions` whose id is its
//!   `destPortId` (the order's destination is that row [INF, `models::partner`]).
//! - A pairing key is a secret (Google: "treat the pairing key as sensitive data until your
//!   VLAN attachment is configured"): never read back nor compared, exported as one
//!   `${env:...}` whose value holds both keys separated by a comma.
//! - An AWS or Google create's wait ends, as the commands' does, when the connection is handed
//!   to the customer (`PENDING_ACCEPTANCE`) or ACTIVE; a Google order is not known to pass
//!   through PENDING_ACCEPTANCE [INF].

use crate::desired::{Change, Field, Kind, Live, Located, Plan, ProviderPart, Spec, Type, field};
use crate::error::Result;
use crate::provider::ProviderName;
use crate::providers::console_connect::contract::ConsoleConnect;
use crate::providers::console_connect::models::{DURATION_UNITS, PAYMENT_TYPES};
use crate::providers::console_connect::{
    ConsoleConnectClient, desired_apply, desired_observe, desired_rules,
};
use crate::providers::contract::DesiredState;
use crate::wait::WaitOptions;

/// The key of the port resources `observe` reads for the capacity rule: not a kind of the file.
pub const PORTS: &str = "ports";

/// `peerings` of a connection.
pub const PEERINGS: &str = "peerings";

/// `azure_connections`.
pub const AZURE: &str = "azure_connections";

/// `aws_connections`.
pub const AWS: &str = "aws_connections";

/// `google_connections`.
pub const GOOGLE: &str = "google_connections";

/// Each top-level kind and the `partner.type` of its connections (Google's is `GCE`).
pub const PARTNERS: &[(&str, &str)] = &[(AZURE, "AZURE"), (AWS, "AWS"), (GOOGLE, "GCE")];

const fn fixed(name: &'static str, ty: Type, required: bool, help: &'static str) -> Field {
    field(name, ty, required, help).replace()
}

/// The peer ASNs Azure takes (16- and 32-bit); the reserved ones inside are checked with the
/// rest of the peering's values before it is sent.
const PEER_ASN: Type = Type::Integer {
    min: 1,
    max: 4_294_967_294,
};

/// The three peering types, as the API spells them.
pub const PEERING_TYPES: &[&str] = &["PRIVATE", "PUBLIC", "MICROSOFT"];

/// `console_connect.azure_connections[].peerings`.
pub const PEERING: Kind = Kind {
    key: PEERINGS,
    what: "Azure peering",
    identity: &["type"],
    fields: &[
        field(
            "type",
            Type::OneOf(PEERING_TYPES),
            true,
            "PRIVATE, PUBLIC or MICROSOFT",
        ),
        field(
            "peer_asn",
            PEER_ASN,
            true,
            "your BGP ASN: not 23456, 65535 or 65515-65520",
        ),
        field(
            "primary_subnet",
            Type::Text,
            true,
            "primary link subnet, an IPv4 /30",
        ),
        field(
            "secondary_subnet",
            Type::Text,
            true,
            "secondary link subnet, an IPv4 /30 apart from the primary",
        ),
        field(
            "vlan",
            Type::Integer { min: 1, max: 4094 },
            true,
            "VLAN id, 1-4094",
        ),
        field("shared_key", Type::Text, false, "BGP MD5 shared key").secret(),
        field(
            "advertised_prefix",
            Type::Texts,
            false,
            "public prefixes to advertise, CIDR (MICROSOFT only, at least one there)",
        ),
        field(
            "routing_registry",
            Type::Text,
            false,
            "routing registry of the prefixes, e.g. ARIN (MICROSOFT only)",
        ),
    ],
    children: &[],
    managed: true,
};

/// `console_connect.azure_connections`.
pub const AZURE_CONNECTION: Kind = Kind {
    key: AZURE,
    what: "Azure connection",
    identity: &["name"],
    fields: &[
        fixed(
            "service_key",
            Type::Text,
            true,
            "the ExpressRoute circuit's service key (S-Key)",
        )
        .secret(),
        fixed("name", Type::Text, true, "the connection's name"),
        fixed(
            "port",
            Type::Texts,
            true,
            "one or two source ports, id or exact name",
        ),
        fixed(
            "speed",
            Type::Integer {
                min: 1,
                max: u32::MAX as i64,
            },
            true,
            "Mbps (the ExpressRoute circuit's bandwidth)",
        ),
        fixed(
            "payment_type",
            Type::OneOf(&PAYMENT_TYPES),
            false,
            "payg (the default), invoice or plan",
        ),
    ],
    children: &[PEERING],
    managed: true,
};

/// A speed in Mbps.
const MBPS: Type = Type::Integer {
    min: 1,
    max: u32::MAX as i64,
};

/// `console_connect.aws_connections`: the fields of `cc console-connect aws create`.
pub const AWS_CONNECTION: Kind = Kind {
    key: AWS,
    what: "AWS hosted connection",
    identity: &["name"],
    fields: &[
        fixed("name", Type::Text, true, "the connection's name"),
        fixed(
            "port",
            Type::Text,
            true,
            "the source port, id or exact name",
        ),
        fixed(
            "aws_account",
            Type::Text,
            true,
            "the AWS account id that accepts it: 12 digits (1234-5678-9012 too)",
        ),
        fixed(
            "region",
            Type::Text,
            true,
            "AWS region (eu-west-2) or a row id of `cc console-connect aws regions`",
        ),
        fixed("speed", MBPS, true, "Mbps"),
        fixed(
            "duration",
            Type::Integer {
                min: 1,
                max: u32::MAX as i64,
            },
            false,
            "the term, in duration_unit (1 when not given)",
        ),
        fixed(
            "duration_unit",
            Type::OneOf(&DURATION_UNITS),
            false,
            "m (months, the default) or y (years)",
        ),
    ],
    children: &[],
    managed: true,
};

/// `console_connect.google_connections`: the fields of `cc console-connect google create`.
pub const GOOGLE_CONNECTION: Kind = Kind {
    key: GOOGLE,
    what: "Google partner interconnect",
    identity: &["name"],
    fields: &[
        fixed("name", Type::Text, true, "the connection's name"),
        fixed(
            "port",
            Type::Texts,
            true,
            "two distinct source ports, id or exact name",
        ),
        fixed(
            "pairing_key",
            Type::Texts,
            true,
            "the two pairing keys <key>/<region>/<1|2>, one per edge availability domain (one variable may hold both, separated by a comma)",
        )
        .secret(),
        fixed(
            "region",
            Type::Text,
            true,
            "Google Cloud region (europe-west1)",
        ),
        fixed("speed", MBPS, true, "Mbps"),
    ],
    children: &[],
    managed: true,
};

/// Console Connect's part of a file.
pub const SPEC: Spec = Spec {
    provider: ProviderName::ConsoleConnect,
    key: "console_connect",
    kinds: &[AZURE_CONNECTION, AWS_CONNECTION, GOOGLE_CONNECTION],
};

impl DesiredState for ConsoleConnect {
    const SPEC: &'static Spec = &SPEC;

    async fn observe(client: &ConsoleConnectClient) -> Result<Vec<Live>> {
        desired_observe::observe(client).await
    }

    fn breaches(part: &ProviderPart, live: &[Live], _plan: &Plan) -> Vec<Located> {
        desired_rules::breaches(part, live)
    }

    /// The order's body, or the peering's config with its connection.
    type Prepared = desired_apply::Prepared;

    async fn prepare(
        client: &ConsoleConnectClient,
        change: &Change,
    ) -> Result<desired_apply::Prepared> {
        desired_apply::prepare(client, change).await
    }

    async fn create(
        client: &ConsoleConnectClient,
        change: &Change,
        prepared: desired_apply::Prepared,
        wait: Option<&WaitOptions>,
    ) -> Result<String> {
        desired_apply::create(client, change, prepared, wait).await
    }

    async fn update(
        client: &ConsoleConnectClient,
        change: &Change,
        wait: Option<&WaitOptions>,
    ) -> Result<()> {
        desired_apply::update(client, change, wait).await
    }

    async fn delete(
        client: &ConsoleConnectClient,
        change: &Change,
        wait: Option<&WaitOptions>,
    ) -> Result<()> {
        desired_apply::delete(client, change, wait).await
    }
}
