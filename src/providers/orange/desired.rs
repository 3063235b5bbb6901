//! Orange in desired-state files: `orange.connectors`, one per cloud connector, with the fields
//! of `cc orange create`. Orange has no update for a connector, so any change replaces it.
//! References may be written as names or ids (the VPN, credential and POP); what exists is read
//! with both spellings, so neither shows as a change.

use serde_json::Value;

use crate::desired::{Change, Field, Kind, Live, Located, Plan, ProviderPart, Spec, Type, field};
use crate::error::Result;
use crate::provider::ProviderName;
use crate::providers::contract::DesiredState;
use crate::providers::orange::OrangeClient;
use crate::providers::orange::contract::Orange;
use crate::providers::orange::models::CreateConnector;
use crate::providers::orange::{desired_apply, rules};
use crate::wait::WaitOptions;

const ASN: Type = Type::Integer {
    min: crate::validate::PRIVATE_ASN_MIN as i64,
    max: crate::validate::PRIVATE_ASN_MAX as i64,
};

const fn fixed(name: &'static str, ty: Type, required: bool, help: &'static str) -> Field {
    field(name, ty, required, help).replace()
}

/// `orange.connectors`.
pub const CONNECTOR: Kind = Kind {
    key: "connectors",
    what: "cloud connector",
    identity: &["name"],
    fields: &[
        fixed("name", Type::Text, true, "the connector's name"),
        fixed(
            "bandwidth",
            Type::Among(&[10, 20, 50, 100, 200, 500, 1000]),
            true,
            "Mbps",
        ),
        fixed("vpn", Type::Text, true, "technical VPN, id or name"),
        fixed(
            "credential",
            Type::Text,
            true,
            "Azure credential, id or name",
        ),
        fixed("pop", Type::Text, true, "point of presence, id or name"),
        fixed("region", Type::Text, true, "Azure region"),
        fixed("resource_group", Type::Text, true, "Azure resource group"),
        fixed("vnet", Type::Text, true, "Orange Business virtual network"),
        fixed("azure_asn", ASN, true, "private ASN, not 65515-65520"),
        fixed("network_asn", ASN, true, "private ASN, not 65515-65520"),
        fixed("azure_gateway_subnet", Type::Text, false, "CIDR"),
        fixed("network_gateway_subnet", Type::Text, false, "CIDR"),
        fixed("design", Type::Flag, false, "created DESIGNED, not ACTIVE"),
    ],
    children: &[],
    managed: true,
};

/// Orange's part of a file.
pub const SPEC: Spec = Spec {
    provider: ProviderName::Orange,
    key: "orange",
    kinds: &[CONNECTOR],
};

impl DesiredState for Orange {
    const SPEC: &'static Spec = &SPEC;

    async fn observe(client: &OrangeClient) -> Result<Vec<Live>> {
        let (connectors, (vpns, _), credentials, pops) = tokio::try_join!(
            client.connectors(None),
            client.vpns_and_vnets(),
            client.credentials(None),
            client.pops(None),
        )?;
        let name_of = |list: &[(String, String)], id: &Value| {
            let id = id.as_str().unwrap_or_default();
            list.iter()
                .find(|(i, _)| i == id)
                .map(|(_, n)| Value::from(n.as_str()))
                .unwrap_or(Value::Null)
        };
        let vpns: Vec<(String, String)> =
            vpns.into_iter().map(|v| (v.view.id, v.view.name)).collect();
        let creds: Vec<(String, String)> = credentials
            .into_iter()
            .map(|c| (c.view.id, c.view.name))
            .collect();
        let pops: Vec<(String, String)> = pops
            .into_iter()
            .filter_map(|p| Some((p.view.pop_id, p.view.pop_name?)))
            .collect();
        Ok(connectors
            .into_iter()
            .filter(|c| !gone(&c.view.state))
            .map(|c| {
                let raw = &c.raw;
                let designed = matches!(c.view.state.as_str(), "DESIGNED" | "DESIGNING");
                Live::new("connectors", &c.view.name, &c.view.id)
                    .with("name", c.view.name.as_str())
                    .with("bandwidth", raw["bandWidth"].clone())
                    .with("vpn", raw["technicalVpnId"].clone())
                    .alias("vpn", name_of(&vpns, &raw["technicalVpnId"]))
                    .with("credential", raw["azureCredentialId"].clone())
                    .alias("credential", name_of(&creds, &raw["azureCredentialId"]))
                    .with("pop", raw["primaryPopLocalization"].clone())
                    .alias("pop", name_of(&pops, &raw["primaryPopLocalization"]))
                    .with("region", raw["azureRegion"].clone())
                    .with("resource_group", raw["resourceGroupName"].clone())
                    .with("vnet", raw["vnetName"].clone())
                    .with("azure_asn", raw["azureAsn"].clone())
                    .with("network_asn", raw["networkSideAsn"].clone())
                    .with("azure_gateway_subnet", raw["azureGatewaySubnet"].clone())
                    .with(
                        "network_gateway_subnet",
                        raw["networkSideGatewaySubnet"].clone(),
                    )
                    .with(
                        "design",
                        if designed {
                            Value::Bool(true)
                        } else {
                            Value::Null
                        },
                    )
            })
            .collect())
    }

    fn breaches(part: &ProviderPart, _live: &[Live], _plan: &Plan) -> Vec<Located> {
        part.items
            .iter()
            .filter_map(|item| {
                let text = |f: &str| item.fields.get(f).and_then(Value::as_str);
                let mut breach = rules::gateway_subnets(
                    text("azure_gateway_subnet"),
                    text("network_gateway_subnet"),
                )?;
                breach.naming(&[
                    (rules::AZURE_SUBNET, "azure_gateway_subnet"),
                    (rules::NETWORK_SUBNET, "network_gateway_subnet"),
                ]);
                Some(Located {
                    line: item.line,
                    breach,
                })
            })
            .collect()
    }

    /// The order's body.
    type Prepared = CreateConnector;

    async fn prepare(client: &OrangeClient, change: &Change) -> Result<CreateConnector> {
        desired_apply::prepare(client, change).await
    }

    async fn create(
        client: &OrangeClient,
        _change: &Change,
        prepared: CreateConnector,
        wait: Option<&WaitOptions>,
    ) -> Result<String> {
        desired_apply::create(client, prepared, wait).await
    }

    async fn update(
        _client: &OrangeClient,
        change: &Change,
        _wait: Option<&WaitOptions>,
    ) -> Result<()> {
        desired_apply::update(change)
    }

    async fn delete(
        client: &OrangeClient,
        change: &Change,
        wait: Option<&WaitOptions>,
    ) -> Result<()> {
        desired_apply::delete(client, change, wait).await
    }
}

/// Whether a connector in `state` is going away (it no longer counts as existing).
fn gone(state: &str) -> bool {
    matches!(state, "STOPPING" | "SUSPENDING" | "TERMINATED")
}
