//! Console Connect as the cross-provider commands see it (`contract::Provider`): its settings, its
//! typed configuration and client, its connections as `connections list` rows, and its doctor
//! probe.

use serde_json::Value;

use crate::config::{Config, setting};
use crate::error::Result;
use crate::http::{ApiClient, Http};
use crate::provider::ProviderName;
use crate::providers::console_connect::ConsoleConnectClient;
use crate::providers::contract::{self, Configured, ConnectionRow, Probe, Provider, ProviderInfo};
use crate::providers::number;
use crate::secret::Secret;

/// Console Connect.
pub struct ConsoleConnect;

/// Console Connect's configuration, checked.
#[derive(Debug)]
pub struct ConsoleConnectConfig {
    /// The API's base URL.
    pub url: String,
    /// The company username in paths.
    pub company: String,
    /// The API key.
    pub token: Secret,
}

/// ConsoleConnect's facts.
pub const INFO: ProviderInfo = ProviderInfo {
    name: ProviderName::ConsoleConnect,
    title: "Console Connect",
    settings: &[
        setting(
            "console_connect.url",
            &["CC_CONSOLE_CONNECT_URL"],
            false,
            Some("https://api.consoleconnect.com"),
        )
        .checked(contract::base_url),
        setting(
            "console_connect.token",
            &["CC_CONSOLE_CONNECT_TOKEN"],
            true,
            None,
        ),
        setting(
            "console_connect.company",
            &["CC_CONSOLE_CONNECT_COMPANY"],
            false,
            None,
        ),
    ],
    url_key: "console_connect.url",
    env: &[],
};

impl Provider for ConsoleConnect {
    const INFO: &'static ProviderInfo = &INFO;

    type Config = ConsoleConnectConfig;
    type Client = ConsoleConnectClient;

    fn config(cfg: &Config) -> Result<Configured<ConsoleConnectConfig>> {
        let url = contract::url_setting(cfg, "console_connect.url")?;
        // Blank values count as missing (a variable exported empty by a script).
        let set = |key| {
            cfg.get(key)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let token = cfg
            .secret("console_connect.token")
            .filter(|t| !t.is_blank())
            .map(|t| Secret::new(t.expose().trim()));
        let company = set("console_connect.company");
        Ok(match (url, token, company) {
            (Some(url), Some(token), Some(company)) => Configured::Ready(ConsoleConnectConfig {
                url,
                company,
                token,
            }),
            (url, token, company) => Configured::Missing(
                [
                    ("console_connect.url", url.is_none()),
                    ("console_connect.token (the API key)", token.is_none()),
                    (
                        "console_connect.company (the company username)",
                        company.is_none(),
                    ),
                ]
                .into_iter()
                .filter(|(_, missing)| *missing)
                .map(|(key, _)| key)
                .collect(),
            ),
        })
    }

    fn client(config: ConsoleConnectConfig, http: &Http) -> Result<ConsoleConnectClient> {
        ConsoleConnectClient::new(
            &config.url,
            config.company,
            config.token,
            http.reqwest()?,
            http.settings.clone(),
        )
    }

    fn api(client: &ConsoleConnectClient) -> &ApiClient {
        client.api()
    }

    async fn connections(client: &ConsoleConnectClient) -> Result<Vec<ConnectionRow>> {
        Ok(rows(&client.connections(None).await?))
    }

    async fn health(client: &ConsoleConnectClient) -> Result<Vec<contract::Checked>> {
        let connections = client.connections(None).await?;
        let rows = rows(&connections);
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let c = connections.iter().find(|c| c.view.id == row.id)?;
                let subs: Vec<_> = connections
                    .iter()
                    .filter(|s| s.view.parent_id.as_deref() == Some(row.id.as_str()))
                    .collect();
                Some(contract::Checked {
                    verdict: super::health::verdict(c, &subs),
                    row,
                })
            })
            .collect())
    }

    async fn probe(client: &ConsoleConnectClient) -> Result<Probe> {
        let ports = client.ports(None).await?;
        Ok(Probe {
            detail: format!("API key accepted; {} port(s) visible", ports.len()),
            clock_skew_s: None,
        })
    }
}

/// One row per connection: an Azure order's two subconnections belong to its group.
fn rows(connections: &[crate::providers::Typed<super::models::Connection>]) -> Vec<ConnectionRow> {
    connections
        .iter()
        .filter(|c| c.view.parent_id.is_none())
        .map(|c| ConnectionRow {
            id: c.view.id.clone(),
            name: c.view.name.clone(),
            state: c.view.status.normal(),
            raw_state: c.view.status.as_str().to_string(),
            bandwidth_mbps: number(c.raw.get("speed")),
            location: ["/port/name", "/partner/type"]
                .iter()
                .find_map(|p| c.raw.pointer(p).and_then(Value::as_str))
                .unwrap_or_default()
                .to_string(),
        })
        .collect()
}
