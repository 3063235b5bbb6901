//! The look-ups of `cc orange create`, run concurrently so that the command costs the round
//! trips of its critical path, not their sum: every name becomes the id (or checked name) the
//! order sends, through the [`Pick`](super::super::pick::Pick) of its flag.

use super::super::pick::{CREDENTIAL, CREDENTIAL_UUID, POP, REGION, RESOURCE_GROUP, VNET, VPN};
use super::CreateValues;
use crate::commands::create::matching_before;
use crate::error::{Error, Result};
use crate::providers::Typed;
use crate::providers::orange::models::{self, CreateConnector};
use crate::providers::orange::{OrangeClient, PROVIDER};
use crate::validate;

/// Ids and names resolved against the API, ready to send.
pub(super) struct Resolved {
    pub body: CreateConnector,
    /// The connectors already named like the new one (none when they could not be listed).
    pub existing: Vec<Typed<models::Connector>>,
}

/// Resolves and checks every name concurrently. Critical path: credentials, then the regions and
/// resource groups of that credential; VPNs and virtual networks (one list, see
/// `paths::VNETS`), POPs and connectors of the same name run beside them. With a credential
/// UUID, everything runs in one round. The region is checked against the regions fetched before
/// the resource groups' answer is read, so that an unknown region is exit 2 naming `--region`
/// whatever the provider answered for its resource groups.
pub(super) async fn resolve(c: &OrangeClient, w: &CreateValues) -> Result<Resolved> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (name, cred, region) = (text(&w.name), text(&w.credential), text(&w.region));
    let region_ref = &region;
    let azure_side = async {
        // Both answers are kept, failed or not: which one matters is decided by the region check.
        let scoped = |id: String| async move {
            tokio::join!(c.regions(&id), c.resource_groups(&id, region_ref))
        };
        if validate::is_uuid(&cred) {
            let (creds, (regions, groups)) = tokio::join!(
                c.credentials_holding(&cred),
                scoped(cred.to_ascii_lowercase())
            );
            let id = CREDENTIAL_UUID
                .item(&creds?, &cred.to_ascii_lowercase())?
                .view
                .id
                .clone();
            Ok::<_, Error>((id, regions, groups))
        } else {
            let id = CREDENTIAL.value(&c.credentials(None).await?, &cred)?;
            let (regions, groups) = scoped(id.clone()).await;
            Ok((id, regions, groups))
        }
    };
    let ((vpns, vnets), pops, (credential_id, regions, groups), existing) = tokio::try_join!(
        c.vpns_and_vnets(),
        c.pops_holding(w.pop.as_deref().unwrap_or_default()),
        azure_side,
        existing(c, &name)
    )?;
    Ok(Resolved {
        body: CreateConnector {
            state: if w.design {
                models::STATE_DESIGNED
            } else {
                models::STATE_ACTIVE
            }
            .to_string(),
            band_width: w.bandwidth.unwrap_or_default(),
            technical_vpn_id: VPN.value(&vpns, &text(&w.vpn))?,
            azure_credential_id: credential_id,
            primary_pop_localization: POP.value(&pops, &text(&w.pop))?,
            azure_region: REGION.value(&regions?, &region)?,
            resource_group_name: RESOURCE_GROUP.value(&groups?, &text(&w.resource_group))?,
            vnet_name: VNET.value(&vnets, &text(&w.vnet))?,
            name,
            azure_gateway_subnet: w.azure_gateway_subnet.clone(),
            azure_asn: w.azure_asn.unwrap_or_default(),
            network_side_asn: w.network_asn.unwrap_or_default(),
            network_side_gateway_subnet: w.network_gateway_subnet.clone(),
        },
        existing,
    })
}

/// Connectors already named like the new one, so that after a lost response `cc` can tell
/// the one it ordered from older ones. The list path is inferred: its failure must not block.
async fn existing(c: &OrangeClient, name: &str) -> Result<Vec<Typed<models::Connector>>> {
    matching_before(c.connectors_named(name).await, PROVIDER, "connectors")
}
