//! Huawei Cloud Connect as the cross-provider commands see it (`contract::Provider`): its settings
//! (the official SDK's `CLOUD_SDK_AK`/`CLOUD_SDK_SK` included), its typed configuration and
//! signed client, its cloud connections as `connections list` rows, and its doctor probe, which
//! also compares clocks (signatures carry `X-Sdk-Date`).

use crate::config::{Config, setting};
use crate::error::Result;
use crate::http::{ApiClient, Http};
use crate::provider::ProviderName;
use crate::providers::contract::{self, Configured, ConnectionRow, Probe, Provider, ProviderInfo};
use crate::providers::huawei::HuaweiClient;
use crate::providers::huawei::auth::{self, Clock, HuaweiAuth};
use crate::providers::huawei::models::{
    self, CloudConnection, InterRegionBandwidth, NetworkInstance,
};
use crate::secret::Secret;

/// Huawei Cloud Connect v3.
pub struct Huawei;

/// Huawei's configuration, checked.
#[derive(Debug)]
pub struct HuaweiConfig {
    /// The endpoint.
    pub url: String,
    /// Access key.
    pub ak: Secret,
    /// Secret key.
    pub sk: Secret,
    /// The account id in every path.
    pub domain_id: String,
    /// The clock signatures use (`CC_NOW` in tests).
    pub clock: Clock,
}

/// The variables of `huawei.domain_id`, also named when its value is malformed.
const DOMAIN_ID_ENV: &[&str] = &["CC_HUAWEI_DOMAIN_ID"];

/// Huawei's facts.
pub const INFO: ProviderInfo = ProviderInfo {
    name: ProviderName::Huawei,
    title: "Huawei Cloud Connect",
    settings: &[
        setting(
            "huawei.url",
            &["CC_HUAWEI_URL"],
            false,
            Some("https://cc.myhuaweicloud.com"),
        )
        .checked(contract::base_url),
        setting("huawei.ak", &["CC_HUAWEI_AK", "CLOUD_SDK_AK"], true, None),
        setting("huawei.sk", &["CC_HUAWEI_SK", "CLOUD_SDK_SK"], true, None),
        setting("huawei.domain_id", DOMAIN_ID_ENV, false, None)
            .checked(|origin, text| models::check_token(origin, text).map(drop)),
    ],
    url_key: "huawei.url",
    env: &[auth::CC_NOW],
};

impl Provider for Huawei {
    const INFO: &'static ProviderInfo = &INFO;

    type Config = HuaweiConfig;
    type Client = HuaweiClient;

    fn config(cfg: &Config) -> Result<Configured<HuaweiConfig>> {
        let url = contract::url_setting(cfg, "huawei.url")?;
        let domain_id = cfg
            .get("huawei.domain_id")
            .map(|d| models::check_token(DOMAIN_ID_ENV[0], d))
            .transpose()?;
        let (ak, sk) = (cfg.secret("huawei.ak"), cfg.secret("huawei.sk"));
        Ok(match (url, ak, sk, domain_id) {
            (Some(url), Some(ak), Some(sk), Some(domain_id)) => Configured::Ready(HuaweiConfig {
                url,
                ak,
                sk,
                domain_id,
                clock: Clock::from_env()?,
            }),
            (url, ak, sk, domain_id) => Configured::Missing(
                [
                    ("huawei.url", url.is_none()),
                    ("huawei.ak", ak.is_none()),
                    ("huawei.sk", sk.is_none()),
                    ("huawei.domain_id (the account ID)", domain_id.is_none()),
                ]
                .into_iter()
                .filter(|(_, missing)| *missing)
                .map(|(key, _)| key)
                .collect(),
            ),
        })
    }

    fn client(config: HuaweiConfig, http: &Http) -> Result<HuaweiClient> {
        let auth = HuaweiAuth::new(config.ak, config.sk, config.domain_id.clone(), config.clock);
        HuaweiClient::new(
            &config.url,
            config.domain_id,
            http.reqwest()?,
            auth,
            http.settings.clone(),
        )
    }

    fn api(client: &HuaweiClient) -> &ApiClient {
        client.api()
    }

    async fn connections(client: &HuaweiClient) -> Result<Vec<ConnectionRow>> {
        let connections = client.list::<CloudConnection>(&[], None).await?;
        Ok(connections
            .iter()
            .map(|c| {
                let raw_state = c
                    .view
                    .status
                    .as_ref()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default();
                ConnectionRow {
                    id: c.view.id.clone(),
                    name: c.view.name.clone(),
                    state: models::normal_state(&raw_state),
                    raw_state,
                    bandwidth_mbps: None,
                    // A cloud connection spans regions (they are on its network instances).
                    location: String::new(),
                }
            })
            .collect())
    }

    async fn health(client: &HuaweiClient) -> Result<Vec<contract::Checked>> {
        let (rows, instances, bandwidths) = tokio::try_join!(
            Self::connections(client),
            client.list::<NetworkInstance>(&[], None),
            client.list::<InterRegionBandwidth>(&[], None),
        )?;
        let mut checked = Vec::new();
        for row in rows {
            let cc: CloudConnection = CloudConnection {
                id: row.id.clone(),
                status: Some(models::Status::parse(&row.raw_state))
                    .filter(|_| !row.raw_state.is_empty()),
                ..CloudConnection::default()
            };
            let of = |id: &Option<String>| id.as_deref() == Some(row.id.as_str());
            let nis: Vec<&NetworkInstance> = instances
                .iter()
                .map(|t| &t.view)
                .filter(|n| of(&n.cloud_connection_id))
                .collect();
            let bws: Vec<&InterRegionBandwidth> = bandwidths
                .iter()
                .map(|t| &t.view)
                .filter(|b| of(&b.cloud_connection_id))
                .collect();
            checked.push(contract::Checked {
                verdict: super::health::verdict(&cc, &nis, &bws),
                row,
            });
        }
        Ok(checked)
    }

    async fn probe(client: &HuaweiClient) -> Result<Probe> {
        // The signature carries X-Sdk-Date, refused beyond 15 minutes: compare clocks.
        let reply = client.probe().await?;
        let now = Clock::from_env()?.now();
        let skew = reply
            .header("date")
            .and_then(auth::parse_http_date)
            .map(|server| (now - server) as f64);
        Ok(Probe {
            detail: "AK/SK signature accepted".to_string(),
            clock_skew_s: skew,
        })
    }
}
