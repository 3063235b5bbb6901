//! Huawei's part of `cc apply`: each planned create sends the body the matching `cc huawei ...
//! create` sends, built by the same builder (`bodies.rs`) with its names resolved by the same
//! look-up (`lookup.rs`), once (a lost answer is looked up by name, or for an inter-region
//! bandwidth by its cloud connection, package and region pair, never resent); a network instance
//! is then waited for until ACTIVE by the wait `network-instances create` uses (`waits.rs`).
//! Updates and deletes are in `desired_change.rs`.
//!
//! Why apart from the commands: their steps (questions, `--if-exists`, confirmations) belong to
//! the command line, which provider code does not reach; what a file gives is already typed by
//! the format, so only its values are checked here and its names resolved to ids. A refusal
//! names the resource and the file's field (exit 2, nothing sent for it).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::desired::apply::after_lost_create;
use crate::desired::{Change, scalar_text};
use crate::error::{Error, ErrorKind, Result};
use crate::providers::huawei::bodies::{
    NetworkInstanceValues, PackageValues, check_bound, check_loadable, check_region_pair,
};
use crate::providers::huawei::lookup;
use crate::providers::huawei::models::{
    self, BandwidthPackage, BillingMode, ChargeMode, CloudConnection, CreateCloudConnection,
    CreateInterRegionBandwidth, InterRegionBandwidth, InterflowMode, NetworkInstance,
    NetworkInstanceType, Resource, Status,
};
use crate::providers::huawei::waits::wait_for;
use crate::providers::huawei::{HuaweiClient, PROVIDER};
use crate::validate;
use crate::wait::WaitOptions;

pub(super) use super::desired_change::{delete, update};

/// The body fields the shared builders (`bodies.rs`) refuse by name, as a file names them.
pub(super) const FILE_FIELDS: &[(&str, &str)] = &[
    ("local_area_id", "local_area"),
    ("remote_area_id", "remote_area"),
    ("cidrs", "cidr"),
    ("inter_region_ids", "region"),
    ("bandwidth_package_id", "bandwidth_package"),
];

/// The fields of a change, read as the file wrote them.
pub(super) struct Want<'a>(pub &'a BTreeMap<&'static str, Value>);

impl Want<'_> {
    /// A field as text.
    pub fn text(&self, field: &str) -> Option<String> {
        self.0.get(field).map(scalar_text)
    }

    /// A field as a whole number.
    pub fn number(&self, field: &str) -> Option<u64> {
        let value = self.0.get(field)?;
        value.as_u64().or_else(|| scalar_text(value).parse().ok())
    }

    /// A list field.
    pub fn texts(&self, field: &str) -> Vec<String> {
        match self.0.get(field) {
            Some(Value::Array(items)) => items.iter().map(scalar_text).collect(),
            Some(other) => vec![scalar_text(other)],
            None => Vec::new(),
        }
    }
}

/// `err`, its message starting with the resource it is about (`network instance `x``).
pub(super) fn about(change: &Change, mut err: Error) -> Error {
    err.message = format!("{} `{}`: {}", change.kind.what, change.name, err.message);
    err.provider(PROVIDER)
}

/// A bandwidth as the API takes it, at least 1 Mbit/s.
pub(super) fn mbps(want: &Want, field: &str) -> Result<u32> {
    let n = want.number(field).unwrap_or_default();
    let n =
        u32::try_from(n).map_err(|_| validate::refuse(field, Some(n.to_string()), "too large"))?;
    models::check_bandwidth(field, n)
}

/// The body of the planned create, checked and with its names resolved to ids, nothing sent:
/// what a create sends (`DesiredState::prepare`; a replace prepares it before its delete).
pub(super) async fn prepare(c: &HuaweiClient, change: &Change) -> Result<Value> {
    let body = match change.kind.key {
        "cloud_connections" => cloud_connection_body(change),
        "network_instances" => network_instance_body(c, change).await,
        "bandwidth_packages" => bandwidth_package_body(c, change).await,
        "inter_region_bandwidths" => inter_region_body(c, change).await,
        other => Err(Error::internal(format!("no Huawei kind `{other}`"))),
    };
    body.map_err(|e| {
        if e.kind == ErrorKind::Usage {
            about(change, e)
        } else {
            e
        }
    })
}

/// Makes the planned resource from its prepared `body` (once; a lost answer is looked up, never
/// resent); returns its id.
pub(super) async fn create(
    c: &HuaweiClient,
    change: &Change,
    body: Value,
    options: Option<&WaitOptions>,
) -> Result<String> {
    let name = change.name.as_str();
    match change.kind.key {
        "cloud_connections" => {
            send::<CloudConnection>(c, body, change, "cc huawei list", async || {
                named::<CloudConnection>(c, name, |_| true).await
            })
            .await
        }
        "network_instances" => {
            let cloud = scalar_text(&body["network_instance"]["cloud_connection_id"]);
            let list = format!("cc huawei network-instances list --cloud-connection {cloud}");
            let id = send::<NetworkInstance>(c, body, change, &list, async || {
                let on = |ni: &NetworkInstance| ni.cloud_connection_id.as_deref() == Some(&cloud);
                named::<NetworkInstance>(c, name, on).await
            })
            .await?;
            if let Some(options) = options {
                let active = Status::Active.as_str();
                wait_for::<NetworkInstance>(c, options, &id, Some(name), active).await?;
            }
            Ok(id)
        }
        "bandwidth_packages" => {
            let list = "cc huawei bandwidth-packages list";
            send::<BandwidthPackage>(c, body, change, list, async || {
                named::<BandwidthPackage>(c, name, |_| true).await
            })
            .await
        }
        _ => send_inter_region(c, body, change).await,
    }
}

/// Sends the create of `R` once; after a lost answer, `found` looks for what it made.
async fn send<R: Resource>(
    c: &HuaweiClient,
    body: Value,
    change: &Change,
    list: &str,
    found: impl AsyncFnOnce() -> Result<Vec<String>>,
) -> Result<String> {
    match c.create::<R>(body).await {
        Ok(made) => Ok(made.view.id().to_string()),
        Err(err) if err.maybe_applied => {
            after_lost_create(err, R::KIND.what, &change.name, list, found().await)
        }
        Err(err) => Err(err),
    }
}

/// The ids of the `R`s named `name`, among those `keep` keeps.
async fn named<R: Resource>(
    c: &HuaweiClient,
    name: &str,
    keep: impl Fn(&R) -> bool,
) -> Result<Vec<String>> {
    Ok(c.named::<R>(name)
        .await?
        .into_iter()
        .filter(|r| keep(&r.view))
        .map(|r| r.view.id().to_string())
        .collect())
}

/// The id of the `R` a file names by `value` (an id, or an exact name; [`lookup::id_of`]),
/// its errors naming `field`.
pub(super) async fn id_of<R: Resource>(
    c: &HuaweiClient,
    field: &str,
    value: &str,
) -> Result<String> {
    match lookup::id_of::<R>(c, value, Some(field)).await {
        // A dry run did not make what the file makes before this: its stand-in id, as the
        // create's stand-in answer has it.
        Err(e) if e.kind == ErrorKind::NotFound && c.api().plans_only() => Ok(
            crate::http::placeholder(&format!("id of the new {}", R::KIND.what)),
        ),
        found => found,
    }
}

/// The id of the cloud connection the change is nested in (made earlier in this run when the
/// plan has no id for it; a dry run's placeholder then).
pub(super) async fn parent_id(c: &HuaweiClient, change: &Change) -> Result<String> {
    let parent = change
        .parents
        .first()
        .ok_or_else(|| Error::internal("a nested change without its cloud connection"))?;
    match &parent.id {
        Some(id) => Ok(id.clone()),
        // Made in this run, which a dry run did not send: its stand-in id. One found by its name
        // is the one a replace deletes first (a dry run deletes nothing), never the new one.
        None if c.api().plans_only() => Ok(crate::http::placeholder(&format!(
            "id of the new {}",
            CloudConnection::KIND.what
        ))),
        None => id_of::<CloudConnection>(c, "cloud connection", &parent.ident).await,
    }
}

fn cloud_connection_body(change: &Change) -> Result<Value> {
    let want = Want(&change.want);
    let body = CreateCloudConnection {
        name: models::check_name("name", &change.name)?,
        description: want
            .text("description")
            .map(|d| models::check_description("description", &d, Some(models::DESCRIPTION_MAX)))
            .transpose()?,
        enterprise_project_id: want
            .text("enterprise_project_id")
            .map(|e| models::check_token("enterprise_project_id", &e))
            .transpose()?,
    };
    models::wrap(&CloudConnection::KIND, body)
}

async fn network_instance_body(c: &HuaweiClient, change: &Change) -> Result<Value> {
    let want = Want(&change.want);
    let text = |f: &str| want.text(f).unwrap_or_default();
    let instance_type = NetworkInstanceType::VARIANTS
        .iter()
        .copied()
        .find(|t| t.as_str() == text("type"))
        .ok_or_else(|| validate::refuse("type", validate::quoted(&text("type")), "vpc or vgw"))?;
    let (description, domain) = (want.text("description"), want.text("instance_domain_id"));
    let values = NetworkInstanceValues {
        name: &change.name,
        description: description.as_deref(),
        instance_type,
        instance_id: &text("instance_id"),
        instance_domain_id: domain.as_deref(),
        project_id: &text("project_id"),
        region_id: &text("region_id"),
        cidrs: &want.texts("cidr"),
    };
    let body = values
        .body(parent_id(c, change))
        .await
        .map_err(|e| e.naming(FILE_FIELDS))?;
    check_loadable(c, &body).await?;
    models::wrap(&NetworkInstance::KIND, body)
}

/// A billing mode of the file, as the API takes it.
pub(super) fn billing_mode(want: &Want) -> Result<BillingMode> {
    let n = want.number("billing_mode").unwrap_or_default();
    BillingMode::VARIANTS
        .iter()
        .copied()
        .find(|m| u64::from(m.code()) == n)
        .ok_or_else(|| validate::refuse("billing_mode", Some(n.to_string()), "1 to 6"))
}

async fn bandwidth_package_body(c: &HuaweiClient, change: &Change) -> Result<Value> {
    let want = Want(&change.want);
    let text = |f: &str| want.text(f).unwrap_or_default();
    let billing_mode = billing_mode(&want)?;
    if billing_mode.prepaid() {
        return Err(validate::refuse(
            "billing_mode",
            Some(billing_mode.to_string()),
            format!(
                "{} is bought for a period, which a file does not give: buy it with `cc huawei bandwidth-packages create --billing-mode {billing_mode} --period-type month|year --period-num N`",
                billing_mode.describe()
            ),
        ));
    }
    let interflow_mode = match want.text("interflow_mode") {
        Some(m) => Some(
            InterflowMode::VARIANTS
                .iter()
                .copied()
                .find(|v| v.as_str() == m)
                .ok_or_else(|| validate::refuse("interflow_mode", Some(m), "Area or Region"))?,
        ),
        None => None,
    };
    let (description, spec_code) = (want.text("description"), want.text("spec_code"));
    let values = PackageValues {
        name: &change.name,
        description: description.as_deref(),
        project_id: &text("project_id"),
        ends: [&text("local_area"), &text("remote_area")],
        bandwidth: mbps(&want, "bandwidth")?,
        charge_mode: ChargeMode::Bandwidth,
        billing_mode,
        interflow_mode,
        spec_code: spec_code.as_deref(),
        prepaid_options: None,
    };
    let body = values.body().map_err(|e| e.naming(FILE_FIELDS))?;
    let resource_id = match want.text("cloud_connection") {
        Some(cc) => Some(id_of::<CloudConnection>(c, "cloud_connection", &cc).await?),
        None => None,
    };
    models::wrap(&BandwidthPackage::KIND, body.bound_to(resource_id))
}

async fn inter_region_body(c: &HuaweiClient, change: &Change) -> Result<Value> {
    let want = Want(&change.want);
    let regions = check_region_pair(&want.texts("region")).map_err(|e| e.naming(FILE_FIELDS))?;
    let bandwidth = mbps(&want, "bandwidth")?;
    let package = want.text("bandwidth_package").unwrap_or_default();
    // The package is read once, by id or by name; a dry run may draw from one made (or bound)
    // earlier in the plan, so it only resolves the id.
    let field = "bandwidth_package";
    let read = async {
        match c.api().plans_only() {
            true => Ok(None),
            false => lookup::find::<BandwidthPackage>(c, &package, Some(field))
                .await
                .map(Some),
        }
    };
    let (cloud_connection_id, read) = tokio::try_join!(parent_id(c, change), read)?;
    let bandwidth_package_id = match read {
        Some(now) => {
            check_bound(&now.view, &cloud_connection_id).map_err(|e| {
                e.naming(FILE_FIELDS)
                    .hint("bind it with the package's `cloud_connection` in the file")
            })?;
            now.view.id
        }
        None => id_of::<BandwidthPackage>(c, field, &package).await?,
    };
    models::wrap(
        &InterRegionBandwidth::KIND,
        CreateInterRegionBandwidth {
            cloud_connection_id,
            bandwidth_package_id,
            bandwidth,
            inter_region_ids: regions.to_vec(),
        },
    )
}

/// Sends an inter-region bandwidth's create; after a lost answer, it is looked for by its cloud
/// connection, package and region pair (it has no name).
async fn send_inter_region(c: &HuaweiClient, body: Value, change: &Change) -> Result<String> {
    let sent = &body["inter_region_bandwidth"];
    let filters = vec![
        (
            "cloud_connection_id",
            scalar_text(&sent["cloud_connection_id"]),
        ),
        (
            "bandwidth_package_id",
            scalar_text(&sent["bandwidth_package_id"]),
        ),
    ];
    let mut regions: Vec<String> = sent["inter_region_ids"]
        .as_array()
        .map(|r| r.iter().map(scalar_text).collect())
        .unwrap_or_default();
    regions.sort();
    let list = "cc huawei inter-region-bandwidths list";
    send::<InterRegionBandwidth>(c, body, change, list, async || {
        let same = |l: &InterRegionBandwidth| {
            l.regions().is_some_and(|mut pair| {
                pair.sort();
                pair[..] == regions[..]
            })
        };
        Ok(c.list::<InterRegionBandwidth>(&filters, None)
            .await?
            .into_iter()
            .filter(|l| same(&l.view))
            .map(|l| l.view.id)
            .collect())
    })
    .await
}
