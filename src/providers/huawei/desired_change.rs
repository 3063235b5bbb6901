//! Huawei's updates and deletes for `cc apply`: the PUT bodies of `cc huawei ... update` built
//! from the fields that change, a package moved between cloud connections by disassociate then
//! associate, and deletes that leave nothing the API would refuse them for (see the module doc
//! of `desired.rs`: a cloud connection's nested resources go first, a package is unbound first).
//! Deletes are immediate (204), so there is nothing to wait for; what is gone already is what a
//! delete wanted. A dry run's prune of a cloud connection plans its DELETE alone, as the apply
//! sends it once the plan's earlier deletes and unbinds are done ([`planned_prune`]).

use futures_util::future::try_join_all;

use super::bodies::check_cidrs;
use super::desired_apply::{FILE_FIELDS, Want, about, billing_mode, id_of, mbps};
use crate::desired::{Action, Change};
use crate::error::{Error, ErrorKind, Result};
use crate::providers::huawei::models::{
    self, BandwidthPackage, CloudConnection, InterRegionBandwidth, NetworkInstance, Resource,
    UPDATABLE_BILLING_MODES, UpdateBandwidthPackage, UpdateCloudConnection,
    UpdateInterRegionBandwidth, UpdateNetworkInstance,
};
use crate::providers::huawei::{HuaweiClient, PROVIDER};
use crate::validate;

/// Makes the planned update (the fields of `change.fields`).
pub(in crate::providers::huawei) async fn update(c: &HuaweiClient, change: &Change) -> Result<()> {
    let id = change
        .id
        .clone()
        .ok_or_else(|| Error::internal("a planned update without an id"))?;
    let want = Want(&change.want);
    let changes = |f: &str| change.fields.contains_key(f);
    let text = |f: &str| want.text(f).filter(|_| changes(f));
    let sent = async {
        match change.kind.key {
            "cloud_connections" => {
                let body = UpdateCloudConnection {
                    name: None,
                    description: text("description")
                        .map(|d| {
                            models::check_description(
                                "description",
                                &d,
                                Some(models::DESCRIPTION_MAX),
                            )
                        })
                        .transpose()?,
                };
                put::<CloudConnection>(c, &id, body).await
            }
            "network_instances" => {
                let body = UpdateNetworkInstance {
                    name: None,
                    description: text("description")
                        .map(|d| models::check_description("description", &d, None))
                        .transpose()?,
                    cidrs: changes("cidr")
                        .then(|| {
                            check_cidrs(&want.texts("cidr")).map_err(|e| e.naming(FILE_FIELDS))
                        })
                        .transpose()?,
                };
                put::<NetworkInstance>(c, &id, body).await
            }
            "bandwidth_packages" => update_package(c, change, &id).await,
            "inter_region_bandwidths" => {
                let body = UpdateInterRegionBandwidth {
                    bandwidth: mbps(&want, "bandwidth")?,
                };
                put::<InterRegionBandwidth>(c, &id, body).await
            }
            other => Err(Error::internal(format!("no Huawei kind `{other}`"))),
        }
    };
    sent.await.map_err(|e| {
        if e.kind == ErrorKind::Usage {
            about(change, e)
        } else {
            e
        }
    })
}

/// PUTs `body` (wrapped) to the `R` with `id`.
async fn put<R: Resource>(c: &HuaweiClient, id: &str, body: impl serde::Serialize) -> Result<()> {
    let body = models::wrap(&R::KIND, body)?;
    c.update::<R>(id, body).await.map(drop)
}

/// A package: its cloud connection (disassociate, then associate), then its PUT. Everything is
/// checked before anything is sent.
async fn update_package(c: &HuaweiClient, change: &Change, id: &str) -> Result<()> {
    let want = Want(&change.want);
    let changes = |f: &str| change.fields.contains_key(f);
    let billing = match changes("billing_mode") {
        true => {
            let mode = billing_mode(&want)?;
            if !UPDATABLE_BILLING_MODES.contains(&mode) {
                return Err(validate::refuse(
                    "billing_mode",
                    Some(mode.to_string()),
                    "Huawei's update changes a package's billing mode to 5 or 6 only (95th percentile); for another, delete the package and create it again",
                ));
            }
            Some(mode)
        }
        false => None,
    };
    let body = UpdateBandwidthPackage {
        name: None,
        description: want
            .text("description")
            .filter(|_| changes("description"))
            .map(|d| models::check_description("description", &d, None))
            .transpose()?,
        bandwidth: changes("bandwidth")
            .then(|| mbps(&want, "bandwidth"))
            .transpose()?,
        billing_mode: billing,
    };
    if changes("cloud_connection")
        && let Some(target) = want.text("cloud_connection")
    {
        let (target, now) = tokio::try_join!(
            id_of::<CloudConnection>(c, "cloud_connection", &target),
            c.get::<BandwidthPackage>(id),
        )?;
        match now.view.resource_id.filter(|r| !r.is_empty()) {
            Some(bound) if bound == target => {}
            Some(bound) => {
                c.associate(id, &bound, false).await?;
                c.associate(id, &target, true).await?;
            }
            None => {
                c.associate(id, &target, true).await?;
            }
        }
    }
    let any = body.description.is_some() || body.bandwidth.is_some() || body.billing_mode.is_some();
    if any {
        put::<BandwidthPackage>(c, id, body).await?;
    }
    Ok(())
}

/// Deletes the planned resource (`change.id`). A replace's create was prepared before this
/// (`DesiredState::prepare`), so that a create that cannot be sent deletes nothing.
pub(in crate::providers::huawei) async fn delete(c: &HuaweiClient, change: &Change) -> Result<()> {
    let id = change
        .id
        .clone()
        .ok_or_else(|| Error::internal("a planned delete without an id"))?;
    match change.kind.key {
        "cloud_connections" => delete_cloud_connection(c, change, &id).await,
        "network_instances" => gone::<NetworkInstance>(c, &id).await,
        "bandwidth_packages" => {
            let Some(now) = found(c.get::<BandwidthPackage>(&id).await)? else {
                return Ok(());
            };
            // Unbound first, as Terraform deletes a package [REPO].
            if let Some(bound) = now.view.resource_id.filter(|r| !r.is_empty()) {
                c.associate(&id, &bound, false).await?;
            }
            gone::<BandwidthPackage>(c, &id).await
        }
        "inter_region_bandwidths" => gone::<InterRegionBandwidth>(c, &id).await,
        other => Err(Error::internal(format!("no Huawei kind `{other}`"))),
    }
}

/// `Some` of what was read, `None` when it does not exist (any more).
fn found<T>(read: Result<T>) -> Result<Option<T>> {
    match read {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Deletes the `R` with `id`; one already gone is what was wanted.
async fn gone<R: Resource>(c: &HuaweiClient, id: &str) -> Result<()> {
    found(c.delete::<R>(id).await).map(drop)
}

/// A cloud connection: refused while a package is bound to it (nothing deleted here); else its
/// inter-region bandwidths, then its network instances, then itself (what is on it is listed
/// at once, in one round).
async fn delete_cloud_connection(c: &HuaweiClient, change: &Change, id: &str) -> Result<()> {
    if change.action == Action::Delete && c.api().plans_only() {
        return planned_prune(c, change, id).await;
    }
    let on = [("cloud_connection_id", id.to_string())];
    let (packages, links, instances) = tokio::try_join!(
        c.list::<BandwidthPackage>(&on, None),
        c.list::<InterRegionBandwidth>(&on, None),
        c.list::<NetworkInstance>(&on, None),
    )?;
    let bound: Vec<String> = packages
        .iter()
        .filter(|p| p.view.resource_id.as_deref() == Some(id))
        .map(|p| format!("`{}` ({})", p.view.name, p.view.id))
        .collect();
    if !bound.is_empty() {
        // A prune's nested resources were the plan's own deletes, made before this one (the
        // plan refuses a prune that leaves a package bound, `huawei-package-bound-on-delete`,
        // so one bound here was bound since); a replace's are deleted below, after this check.
        let left = match change.action {
            Action::Delete => {
                "it was not deleted (the plan's deletes before it, of what it held, were made)"
            }
            _ => "nothing was deleted",
        };
        return Err(Error::usage(format!(
            "cloud connection `{}` ({id}): bandwidth packages are bound to it ({}), and Huawei does not delete a cloud connection while they are; {left}",
            change.name,
            bound.join(", ")
        ))
        .provider(PROVIDER)
        .hint("unbind them first (`cc huawei bandwidth-packages disassociate`), or remove them from the file with --prune"));
    }
    try_join_all(
        links
            .iter()
            .map(|l| gone::<InterRegionBandwidth>(c, &l.view.id)),
    )
    .await?;
    try_join_all(
        instances
            .iter()
            .map(|i| gone::<NetworkInstance>(c, &i.view.id)),
    )
    .await?;
    gone::<CloudConnection>(c, id).await
}

/// A dry run's prune of a cloud connection: only its own DELETE. The plan deletes each network
/// instance and inter-region bandwidth found in it before (its own changes), and unbinds or
/// prunes a package bound to it before, but a dry run sends none of that, so what it reads here
/// still holds them: deleting them again, or refusing for a package the plan unbinds, would
/// plan what the apply does not send. The plan has refused a prune that leaves a package bound
/// (`huawei-package-bound-on-delete`); the apply checks again, when it deletes, for one bound
/// since.
async fn planned_prune(c: &HuaweiClient, change: &Change, id: &str) -> Result<()> {
    crate::log::note(format!(
        "huawei cloud connection `{}`: a real apply checks, when it deletes it, that no bandwidth package is bound to it any more",
        change.name
    ));
    gone::<CloudConnection>(c, id).await
}
