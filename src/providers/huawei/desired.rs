//! Huawei Cloud Connect in desired-state files: `huawei.cloud_connections`, each holding its
//! `network_instances` and `inter_region_bandwidths`, and `huawei.bandwidth_packages` beside
//! them, with the fields of the matching `cc huawei ... create` (`--cidr` is `cidr`, `--region`
//! is `region`, `--local-area` is `local_area`).
//!
//! Why a package is not nested: a package exists before and apart from any cloud connection
//! (the seeded `bwp-spare` is bound to none) and is moved between them by associate and
//! disassociate, so it names its cloud connection (`cloud_connection`, as `--cloud-connection`
//! does) rather than living under one. An inter-region bandwidth has no name: it is identified
//! by its region pair, whichever way round, and names its package. The engine makes the kinds of
//! a cloud connection in their listed order (network instances, then inter-region bandwidths, as
//! an inter-region bandwidth needs an instance in both regions), what is named before what names
//! it (a cloud connection before the packages bound to it, a package before the inter-region
//! bandwidths drawn from it), and prunes in the reverse order.
//!
//! What an update changes, from the API's PUT bodies [SDK `UpdateCloudConnection`,
//! `UpdateNetworkInstance`, `UpdateBandwidthPackage`, `UpdateInterRegionBandwidth`]: a cloud
//! connection's description; a network instance's description and subnets; a package's
//! description, bandwidth and billing mode (to 5 or 6 only, the SDK says; Terraform updates it
//! too); an inter-region bandwidth's bandwidth; and a package's cloud connection, by disassociate
//! then associate (as Terraform's bandwidth package does). Anything else replaces the resource.
//! Names identify, so a new name is another resource.
//!
//! Inferred [INF], not read in Huawei's material:
//! - A package's `period_type`, `period_num`, `auto_renew` and `auto_pay` are not in the format:
//!   the API does not show them back (the SDK's `BandwidthPackage` has no `prepaid_options`), so
//!   a file could not be compared with what exists; a file may describe a yearly/monthly package
//!   (billing modes 1 and 2) that exists, but `apply` does not buy one (exit 2, nothing sent for
//!   it; `cc huawei bandwidth-packages create --period-type ...` does).
//! - A cloud connection's tags are not in the format (the client has no untag call).
//! - Deleting a cloud connection (a prune, or a replace) deletes its inter-region bandwidths and
//!   network instances first, as the engine expects of a delete of a parent (the API refuses to
//!   delete one that still holds network instances, `CC.1032`); it is refused, before anything
//!   is deleted, while a bandwidth package is bound to it: by the plan when a package would
//!   still be bound after it, or at all for a replace (`huawei-package-bound-on-delete`, judged
//!   over the plan's deletes and replaces, never skipped), and by the delete itself for one bound since the plan was made. That the
//!   API refuses it is inferred from Terraform unbinding a package before deleting it [REPO];
//!   the simulator refuses it (`CC.1001`).
//! - Deleting a package disassociates it first, as Terraform does.
//! - An inter-region bandwidth's package must be bound to its cloud connection (checked before
//!   sending, as `inter-region-bandwidths create` does).
//! - A network instance without a name is read with its id as its name, so that it can still be
//!   written and matched.

use serde_json::Value;

use crate::desired::{Change, Field, Kind, Live, Located, Plan, ProviderPart, Spec, Type, field};
use crate::error::Result;
use crate::provider::ProviderName;
use crate::providers::contract::DesiredState;
use crate::providers::huawei::contract::Huawei;
use crate::providers::huawei::models::{
    BandwidthPackage, ChargeMode, CloudConnection, InterRegionBandwidth, InterflowMode,
    NetworkInstance, NetworkInstanceType,
};
use crate::providers::huawei::{HuaweiClient, desired_apply, desired_rules};
use crate::wait::WaitOptions;

const fn fixed(name: &'static str, ty: Type, required: bool, help: &'static str) -> Field {
    field(name, ty, required, help).replace()
}

/// A bandwidth in Mbit/s (at least 1; `cc` refuses only 0, see `models::LEGACY_BANDWIDTH_MIN`).
const MBPS: Type = Type::Integer {
    min: 1,
    max: u32::MAX as i64,
};

/// `huawei.cloud_connections[].network_instances`.
pub const NETWORK_INSTANCE: Kind = Kind {
    key: "network_instances",
    what: "network instance",
    identity: &["name"],
    fields: &[
        field("name", Type::Text, true, "the network instance's name"),
        fixed(
            "type",
            Type::OneOf(NetworkInstanceType::ALL),
            true,
            "vpc or vgw",
        ),
        fixed(
            "instance_id",
            Type::Text,
            true,
            "the VPC or virtual gateway id",
        ),
        fixed(
            "project_id",
            Type::Text,
            true,
            "the project of the instance",
        ),
        fixed("region_id", Type::Text, true, "the region of the instance"),
        field("cidr", Type::Texts, true, "the subnets it publishes, CIDR"),
        field("description", Type::Text, false, "no < or >"),
        fixed(
            "instance_domain_id",
            Type::Text,
            false,
            "the account owning the instance",
        ),
    ],
    children: &[],
    managed: true,
};

/// `huawei.cloud_connections[].inter_region_bandwidths`.
pub const INTER_REGION_BANDWIDTH: Kind = Kind {
    key: "inter_region_bandwidths",
    what: "inter-region bandwidth",
    identity: &["region"],
    fields: &[
        field(
            "region",
            Type::Texts,
            true,
            "the two regions it joins, in either order",
        ),
        fixed(
            "bandwidth_package",
            Type::Ref("bandwidth_packages"),
            true,
            "the package it draws from",
        ),
        field("bandwidth", MBPS, true, "Mbit/s"),
    ],
    children: &[],
    managed: true,
};

/// `huawei.cloud_connections`.
pub const CLOUD_CONNECTION: Kind = Kind {
    key: "cloud_connections",
    what: "cloud connection",
    identity: &["name"],
    fields: &[
        field("name", Type::Text, true, "the cloud connection's name"),
        field("description", Type::Text, false, "no < or >, at most 255"),
        fixed(
            "enterprise_project_id",
            Type::Text,
            false,
            "enterprise project",
        ),
    ],
    children: &[NETWORK_INSTANCE, INTER_REGION_BANDWIDTH],
    managed: true,
};

/// `huawei.bandwidth_packages`.
pub const BANDWIDTH_PACKAGE: Kind = Kind {
    key: "bandwidth_packages",
    what: "bandwidth package",
    identity: &["name"],
    fields: &[
        field("name", Type::Text, true, "the package's name"),
        fixed("project_id", Type::Text, true, "project id"),
        fixed(
            "local_area",
            Type::Text,
            true,
            "an area (Area mode) or a region id (Region mode)",
        ),
        fixed(
            "remote_area",
            Type::Text,
            true,
            "an area (Area mode) or a region id (Region mode)",
        ),
        field("bandwidth", MBPS, true, "Mbit/s"),
        field(
            "billing_mode",
            Type::Among(&[1, 2, 3, 4, 5, 6]),
            true,
            "1-6; an update changes it to 5 or 6 only; 1 and 2 are not bought from a file",
        ),
        fixed(
            "charge_mode",
            Type::OneOf(ChargeMode::ALL),
            false,
            "bandwidth",
        ),
        fixed(
            "interflow_mode",
            Type::OneOf(InterflowMode::ALL),
            false,
            "Area (the default) or Region",
        ),
        fixed(
            "spec_code",
            Type::Text,
            false,
            "specification code; the region pair in Region mode",
        ),
        field(
            "cloud_connection",
            Type::Ref("cloud_connections"),
            false,
            "the cloud connection it is bound to",
        ),
        field("description", Type::Text, false, "no < or >"),
    ],
    children: &[],
    managed: true,
};

/// Huawei's part of a file.
pub const SPEC: Spec = Spec {
    provider: ProviderName::Huawei,
    key: "huawei",
    kinds: &[CLOUD_CONNECTION, BANDWIDTH_PACKAGE],
};

impl DesiredState for Huawei {
    const SPEC: &'static Spec = &SPEC;

    async fn observe(client: &HuaweiClient) -> Result<Vec<Live>> {
        let (clouds, instances, packages, links) = tokio::try_join!(
            client.list::<CloudConnection>(&[], None),
            client.list::<NetworkInstance>(&[], None),
            client.list::<BandwidthPackage>(&[], None),
            client.list::<InterRegionBandwidth>(&[], None),
        )?;
        let read = Read {
            clouds: clouds.into_iter().map(|c| (c.view, c.raw)).collect(),
            instances: instances.into_iter().map(|i| (i.view, i.raw)).collect(),
            packages: packages.into_iter().map(|p| (p.view, p.raw)).collect(),
            links: links.into_iter().map(|l| l.view).collect(),
        };
        Ok(read.live())
    }

    fn breaches(part: &ProviderPart, live: &[Live], plan: &Plan) -> Vec<Located> {
        desired_rules::breaches(part, live, plan)
    }

    /// The body of the create, as the API takes it (`{"cloud_connection": {...}}`).
    type Prepared = Value;

    async fn prepare(client: &HuaweiClient, change: &Change) -> Result<Value> {
        desired_apply::prepare(client, change).await
    }

    async fn create(
        client: &HuaweiClient,
        change: &Change,
        prepared: Value,
        wait: Option<&WaitOptions>,
    ) -> Result<String> {
        desired_apply::create(client, change, prepared, wait).await
    }

    async fn update(
        client: &HuaweiClient,
        change: &Change,
        _wait: Option<&WaitOptions>,
    ) -> Result<()> {
        desired_apply::update(client, change).await
    }

    async fn delete(
        client: &HuaweiClient,
        change: &Change,
        _wait: Option<&WaitOptions>,
    ) -> Result<()> {
        desired_apply::delete(client, change).await
    }
}

/// What `observe` read: every cloud connection, network instance, package and inter-region
/// bandwidth of the account (views, and the objects where a field is not in the view).
pub struct Read {
    /// Cloud connections.
    pub clouds: Vec<(CloudConnection, Value)>,
    /// Network instances.
    pub instances: Vec<(NetworkInstance, Value)>,
    /// Bandwidth packages.
    pub packages: Vec<(BandwidthPackage, Value)>,
    /// Inter-region bandwidths.
    pub links: Vec<InterRegionBandwidth>,
}

impl Read {
    /// The `Live` trees: each cloud connection with its instances and inter-region bandwidths,
    /// then the packages.
    pub fn live(&self) -> Vec<Live> {
        let mut out: Vec<Live> = self
            .clouds
            .iter()
            .map(|(cc, raw)| {
                let mut live = Live::new("cloud_connections", &cc.name, &cc.id)
                    .with("name", cc.name.as_str())
                    .with("description", raw["description"].clone())
                    .with(
                        "enterprise_project_id",
                        raw["enterprise_project_id"].clone(),
                    );
                live.children = self.instances_of(&cc.id);
                live.children.extend(self.links_of(&cc.id));
                live
            })
            .collect();
        out.extend(self.packages.iter().map(|(p, raw)| self.package(p, raw)));
        out
    }

    fn instances_of(&self, cloud_connection: &str) -> Vec<Live> {
        self.instances
            .iter()
            .filter(|(ni, _)| ni.cloud_connection_id.as_deref() == Some(cloud_connection))
            .map(|(ni, raw)| {
                let name = name_or_id(&ni.name, &ni.id);
                Live::new("network_instances", name, &ni.id)
                    .with("name", name)
                    .with("type", ni.instance_type.clone())
                    .with("instance_id", ni.instance_id.clone())
                    .with("project_id", raw["project_id"].clone())
                    .with("region_id", ni.region_id.clone())
                    .with("cidr", ni.cidrs.clone().unwrap_or_default())
                    .with("description", raw["description"].clone())
                    .with("instance_domain_id", raw["instance_domain_id"].clone())
            })
            .collect()
    }

    fn links_of(&self, cloud_connection: &str) -> Vec<Live> {
        self.links
            .iter()
            .filter(|l| l.cloud_connection_id.as_deref() == Some(cloud_connection))
            .filter_map(|l| {
                let regions = l.regions()?;
                let pair = Value::from(regions.to_vec());
                let ident = crate::desired::ident_of(&["region"], |_| Some(pair.clone()));
                let package = l.bandwidth_package_id.clone().unwrap_or_default();
                Some(
                    Live::new("inter_region_bandwidths", ident, &l.id)
                        .with("region", pair)
                        .with("bandwidth", l.bandwidth)
                        .with("bandwidth_package", self.package_name(&package))
                        .alias("bandwidth_package", package),
                )
            })
            .collect()
    }

    /// The name of package `id`, or the id when it has none (or is not this account's).
    fn package_name(&self, id: &str) -> String {
        self.packages
            .iter()
            .find(|(p, _)| p.id == id && !p.name.is_empty())
            .map_or(id, |(p, _)| p.name.as_str())
            .to_string()
    }

    fn package(&self, p: &BandwidthPackage, raw: &Value) -> Live {
        let bound = p.resource_id.clone().filter(|r| !r.is_empty());
        let cloud = bound.as_deref().map(|id| {
            self.clouds
                .iter()
                .find(|(cc, _)| cc.id == id)
                .map_or(id, |(cc, _)| cc.name.as_str())
                .to_string()
        });
        let billing = p.billing_mode.as_deref().map(|b| match b.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::from(b),
        });
        let name = name_or_id(&p.name, &p.id);
        Live::new("bandwidth_packages", name, &p.id)
            .with("name", name)
            .with("project_id", raw["project_id"].clone())
            .with("local_area", p.local_area_id.clone())
            .with("remote_area", p.remote_area_id.clone())
            .with("bandwidth", p.bandwidth)
            .with("billing_mode", billing)
            .with("charge_mode", raw["charge_mode"].clone())
            .with("interflow_mode", p.interflow_mode.clone())
            .with("spec_code", raw["spec_code"].clone())
            .with("cloud_connection", cloud)
            .alias("cloud_connection", bound)
            .with("description", raw["description"].clone())
    }
}

/// A resource's name, or its id when it has none (network instances and packages may be
/// nameless): what identifies it in a file.
fn name_or_id<'a>(name: &'a str, id: &'a str) -> &'a str {
    if name.is_empty() { id } else { name }
}
