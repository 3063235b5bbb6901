//! Console Connect as the cross-provider commands see it (`seam::Provider`): its settings, its
//! typed configuration and client, its connections as `connections list` rows, and its doctor
//! probe.

use serde_json::Value;

use crate::config::{Config, Setting, setting};
use crate::context::Context;
use crate::error::Result;
use crate::http::ApiClient;
use crate::providers::console_connect::ConsoleConnectClient;
use crate::providers::number;
use crate::seam::{self, Configured, ConnectionRow, Probe, Provider, ProviderName};
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

impl Provider for ConsoleConnect {
    const NAME: ProviderName = ProviderName::ConsoleConnect;
    const TITLE: &'static str = "Console Connect";
    const SETTINGS: &'static [Setting] = &[
        setting(
            "console_connect.url",
            &["CC_CONSOLE_CONNECT_URL"],
            false,
            Some("https://api.consoleconnect.com"),
        ),
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
    ];
    const URL_KEY: &'static str = "console_connect.url";

    type Config = ConsoleConnectConfig;
    type Client = ConsoleConnectClient;

    fn config(cfg: &Config) -> Result<Configured<ConsoleConnectConfig>> {
        let url = seam::url_setting(cfg, "console_connect.url")?;
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

    fn client(config: ConsoleConnectConfig, ctx: &Context) -> Result<ConsoleConnectClient> {
        ConsoleConnectClient::new(
            &config.url,
            config.company,
            config.token,
            ctx.reqwest()?,
            ctx.http.clone(),
        )
    }

    fn api(client: &ConsoleConnectClient) -> &ApiClient {
        client.api()
    }

    async fn connections(client: &ConsoleConnectClient) -> Result<Vec<ConnectionRow>> {
        let connections = client.connections(None).await?;
        // One row per connection: an Azure order's two subconnections belong to its group.
        Ok(connections
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
            .collect())
    }

    async fn probe(client: &ConsoleConnectClient) -> Result<Probe> {
        let ports = client.ports(None).await?;
        Ok(Probe {
            detail: format!("API key accepted; {} port(s) visible", ports.len()),
            clock_skew_s: None,
        })
    }

    fn sandbox(options: &crate::sandbox::Options) -> Result<crate::sandbox::Mount> {
        crate::sandbox::console_connect::mount(options)
    }
}
