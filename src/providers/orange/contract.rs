//! Orange as the cross-provider commands see it (`contract::Provider`): its settings, its typed
//! configuration and client, its connectors as `connections list` rows, and its doctor probe.

use serde_json::Value;

use crate::config::{Config, setting};
use crate::error::Result;
use crate::http::oauth2::Grant;
use crate::http::{ApiClient, Http};
use crate::provider::ProviderName;
use crate::providers::contract::{self, Configured, ConnectionRow, Probe, Provider, ProviderInfo};
use crate::providers::number;
use crate::providers::orange::OrangeClient;
use crate::providers::orange::auth::OrangeAuth;
use crate::secret::Secret;

/// Orange Business Evolution Platform.
pub struct Orange;

/// How Orange calls authenticate, beside the API key.
#[derive(Debug)]
pub enum Credentials {
    /// A ready bearer token (`orange.token`).
    Token(Secret),
    /// The OAuth2 client-credentials grant: `orange.token_url`, `orange.client_id`,
    /// `orange.client_secret`.
    Client(Grant),
}

/// Orange's configuration, checked.
#[derive(Debug)]
pub struct OrangeConfig {
    /// The platform's `envUri`.
    pub url: String,
    /// The project in every path.
    pub project_id: String,
    /// Sent as `X-API-Key`.
    pub api_key: Secret,
    /// The bearer token's source.
    pub credentials: Credentials,
}

/// Orange's facts.
pub const INFO: ProviderInfo = ProviderInfo {
    name: ProviderName::Orange,
    title: "Orange",
    settings: &[
        setting("orange.url", &["CC_ORANGE_URL"], false, None).checked(contract::base_url),
        setting("orange.project_id", &["CC_ORANGE_PROJECT_ID"], false, None),
        setting("orange.api_key", &["CC_ORANGE_API_KEY"], true, None),
        setting("orange.client_id", &["CC_ORANGE_CLIENT_ID"], false, None),
        setting(
            "orange.client_secret",
            &["CC_ORANGE_CLIENT_SECRET"],
            true,
            None,
        ),
        setting("orange.token", &["CC_ORANGE_TOKEN"], true, None),
        setting(
            "orange.token_url",
            &["CC_ORANGE_TOKEN_URL"],
            false,
            Some("https://api.orange.com/oauth/v3/token"),
        )
        .checked(contract::base_url),
    ],
    url_key: "orange.url",
    env: &[],
};

impl Provider for Orange {
    const INFO: &'static ProviderInfo = &INFO;

    type Config = OrangeConfig;
    type Client = OrangeClient;

    fn config(cfg: &Config) -> Result<Configured<OrangeConfig>> {
        let url = contract::url_setting(cfg, "orange.url")?;
        let token_url = contract::url_setting(cfg, "orange.token_url")?;
        let (project_id, api_key) = (cfg.get("orange.project_id"), cfg.secret("orange.api_key"));
        let (token, id, secret) = (
            cfg.secret("orange.token"),
            cfg.get("orange.client_id"),
            cfg.secret("orange.client_secret"),
        );
        let credentials = match (token, id, secret, token_url) {
            (Some(token), _, _, _) => Some(Credentials::Token(token)),
            (None, Some(id), Some(secret), Some(token_url)) => Some(Credentials::Client(Grant {
                token_url,
                client_id: id.to_string(),
                client_secret: secret,
            })),
            _ => None,
        };
        let mut missing = Vec::new();
        for (key, value) in [
            ("orange.url", url.is_some()),
            ("orange.project_id", project_id.is_some()),
            ("orange.api_key", api_key.is_some()),
        ] {
            if !value {
                missing.push(key);
            }
        }
        if credentials.is_none() {
            missing.push("orange.client_id + orange.client_secret (or orange.token)");
        }
        Ok(match (url, project_id, api_key, credentials) {
            (Some(url), Some(project_id), Some(api_key), Some(credentials)) => {
                Configured::Ready(OrangeConfig {
                    url,
                    project_id: project_id.to_string(),
                    api_key,
                    credentials,
                })
            }
            _ => Configured::Missing(missing),
        })
    }

    fn client(config: OrangeConfig, handle: &Http) -> Result<OrangeClient> {
        let http = handle.reqwest()?;
        let auth = match config.credentials {
            Credentials::Token(token) => OrangeAuth::with_token(config.api_key, token),
            Credentials::Client(grant) => OrangeAuth::with_client_credentials(
                config.api_key,
                grant,
                http.clone(),
                handle.settings.clone(),
            )?,
        };
        OrangeClient::new(
            &config.url,
            config.project_id,
            http,
            auth,
            handle.settings.clone(),
        )
    }

    fn api(client: &OrangeClient) -> &ApiClient {
        client.api()
    }

    async fn health(client: &OrangeClient) -> Result<Vec<contract::Checked>> {
        let rows = Self::connections(client).await?;
        Ok(rows
            .into_iter()
            .map(|row| contract::Checked {
                verdict: super::health::verdict(&row.raw_state),
                row,
            })
            .collect())
    }

    async fn connections(client: &OrangeClient) -> Result<Vec<ConnectionRow>> {
        let connectors = client.connectors(None).await?;
        Ok(connectors
            .iter()
            .map(|c| ConnectionRow {
                id: c.view.id.clone(),
                name: c.view.name.clone(),
                state: crate::providers::orange::models::normal_state(&c.view.state),
                raw_state: c.view.state.clone(),
                bandwidth_mbps: number(c.raw.get("bandWidth")),
                location: [
                    c.raw.get("primaryPopLocalization"),
                    c.raw.get("azureRegion"),
                ]
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" / "),
            })
            .collect())
    }

    async fn probe(client: &OrangeClient) -> Result<Probe> {
        let vpns = client.vpns().await?;
        Ok(Probe {
            detail: format!(
                "credentials accepted; {} technical VPN(s) visible",
                vpns.len()
            ),
            clock_skew_s: None,
        })
    }
}
