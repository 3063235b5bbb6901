//! OVHcloud Connect as the cross-provider commands see it (`contract::Provider`): the `ovh.*`
//! settings (the official clients' `OVH_*` variables), the typed configuration built from them
//! and the `ovh.conf` files, the signed or OAuth2 client, the OCC services as `connections list`
//! rows, and the doctor probe, which reports the clock skew read from `/auth/time` (signed
//! requests carry a timestamp; `cc` corrects it by that offset, but a large skew is still worth
//! a warning).
//!
//! Normalised states of the rows (`providers::ovh::models::service_state`): a service `active`
//! is ACTIVE, `closed` (terminated) is DELETING, anything else UNKNOWN; the service status is
//! kept in `raw_state`.

use std::path::PathBuf;

use crate::config::Config;
use crate::env::EnvVar;
use crate::error::Result;
use crate::health::{Finding, Health, Verdict};
use crate::http::{ApiClient, Http};
use crate::provider::ProviderName;
use crate::providers::contract::{
    Checked, Configured, ConnectionRow, Probe, Provider, ProviderInfo,
};
use crate::providers::ovh::config::{self, OvhConfig};
use crate::providers::ovh::models::{self, Bandwidth};
use crate::providers::ovh::{OvhClient, conf};

/// Test knob: the system-wide `ovh.conf` to read instead of `/etc/ovh.conf`, so that tests never
/// depend on the machine's own file.
pub const CC_TEST_OVH_SYSTEM_CONF: EnvVar = EnvVar::internal(
    "CC_TEST_OVH_SYSTEM_CONF",
    "tests: the system-wide `ovh.conf` read instead of `/etc/ovh.conf`",
);

/// OVHcloud Connect.
pub struct Ovh;

/// The `ovh.conf` files as the official clients read them: the system file, `~/.ovh.conf`
/// (`HOME`), `./ovh.conf` (the working directory).
fn ovh_conf() -> Result<conf::OvhConf> {
    let system = std::env::var_os(CC_TEST_OVH_SYSTEM_CONF.name)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(conf::SYSTEM_CONF));
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    conf::load(&system, home.as_deref(), &cwd)
}

/// A resolved `ovh.*` value, a secret one included (the resolver wraps it in a `Secret` again).
fn setting(cfg: &Config, key: &str) -> Option<String> {
    let secret = config::SETTINGS.iter().any(|s| s.key == key && s.secret);
    if secret {
        cfg.secret(key).map(|s| s.expose().to_string())
    } else {
        cfg.get(key).map(str::to_string)
    }
}

/// Ovh's facts.
pub const INFO: ProviderInfo = ProviderInfo {
    name: ProviderName::Ovh,
    title: "OVHcloud Connect",
    settings: config::SETTINGS,
    url_key: config::ENDPOINT,
    env: &[CC_TEST_OVH_SYSTEM_CONF],
};

impl Provider for Ovh {
    const INFO: &'static ProviderInfo = &INFO;

    type Config = OvhConfig;
    type Client = OvhClient;

    fn config(cfg: &Config) -> Result<Configured<OvhConfig>> {
        // Sealed (`--sandbox`): a real account's `ovh.conf` is not even read.
        let files = match cfg.sealed {
            true => conf::OvhConf::default(),
            false => ovh_conf()?,
        };
        Ok(match config::resolve(|key| setting(cfg, key), &files)? {
            Some(config) => Configured::Ready(config),
            None => Configured::Missing(vec![
                "ovh.application_key + ovh.application_secret + ovh.consumer_key (or ovh.client_id + ovh.client_secret for a service account; or an ovh.conf file)",
            ]),
        })
    }

    fn client(config: OvhConfig, http: &Http) -> Result<OvhClient> {
        OvhClient::from_config(&config, http.reqwest()?, http.settings.clone())
    }

    fn api(client: &OvhClient) -> &ApiClient {
        client.api()
    }

    async fn connections(client: &OvhClient) -> Result<Vec<ConnectionRow>> {
        Ok(client
            .services()
            .await?
            .into_iter()
            .map(|s| ConnectionRow {
                state: models::service_state(&s.view.status),
                raw_state: s.view.status.to_string(),
                bandwidth_mbps: s
                    .view
                    .bandwidth
                    .as_ref()
                    .and_then(Bandwidth::mbps)
                    .map(|m| m as f64),
                location: s.view.pop.clone().unwrap_or_default(),
                name: s.view.description.clone().unwrap_or_default(),
                id: s.view.uuid,
            })
            .collect())
    }

    /// Each service's health as `cc ovh status` reads it (`providers::ovh::health::status`),
    /// the services concurrently; a service whose report cannot be read is `unknown`, saying why.
    async fn health(client: &OvhClient) -> Result<Vec<Checked>> {
        let rows = Self::connections(client).await?;
        let reports = futures_util::future::join_all(
            rows.iter()
                .map(|row| crate::providers::ovh::health::status(client, &row.id)),
        )
        .await;
        Ok(rows
            .into_iter()
            .zip(reports)
            .map(|(row, report)| Checked {
                verdict: match report {
                    Ok(report) => report.verdict,
                    Err(e) => Verdict::of(vec![Finding::new(
                        Health::Unknown,
                        format!("status could not be read: {}", e.message),
                    )]),
                },
                row,
            })
            .collect())
    }

    async fn probe(client: &OvhClient) -> Result<Probe> {
        // Unauthenticated first: the clock, then one signed (or OAuth2) read.
        let offset = client.clock_skew().await?;
        let services = client.probe().await?;
        let mode = if client.signed() {
            "signed requests ($1$) accepted"
        } else {
            "OAuth2 service account accepted"
        };
        Ok(Probe {
            detail: format!(
                "{mode}; {} OVHcloud Connect service(s) visible",
                services.len()
            ),
            // Local minus server, like the other providers (the offset is server minus local).
            clock_skew_s: Some(-offset as f64),
        })
    }
}
