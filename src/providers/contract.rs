//! What every provider gives the rest of `cc`, in two parts: facts as data ([`ProviderInfo`]:
//! its name, title, settings and URL key) and behaviour as a trait ([`Provider`]: its typed
//! configuration, its client, its rows for `cc connections list`, their health for
//! `cc connections status`, its `cc doctor` probe, its raw client for `cc api`).
//!
//! Each provider implements it once, in `providers/<p>/contract.rs`. Building a client needs
//! the resolved configuration and the run's HTTP handle, nothing else of the command line, so
//! that provider code never reaches up into `context` or `commands`. The one place that lists the
//! providers is `registry.rs`.

use std::future::Future;

use crate::config::{Config, Setting};
use crate::error::{Error, Result};
use crate::http::{ApiClient, Http};
use crate::provider::ProviderName;
use crate::providers::NormalState;
use crate::wait::WaitOptions;

/// The facts of a provider, as data.
#[derive(Debug)]
pub struct ProviderInfo {
    /// Its name on the command line and in errors.
    pub name: ProviderName,
    /// Its name in sentences ("Orange", "Huawei Cloud Connect").
    pub title: &'static str,
    /// Every configuration key, its environment variables (the ecosystem's own included),
    /// whether it is secret, and its default.
    pub settings: &'static [Setting],
    /// The configuration key of its base URL (shown by `cc doctor`).
    pub url_key: &'static str,
    /// The variables it reads besides those of its settings (`CC_NOW`).
    pub env: &'static [crate::env::EnvVar],
}

impl ProviderInfo {
    /// The configuration section of its keys (`orange`, `console_connect`).
    pub fn section(&self) -> &'static str {
        self.url_key.split('.').next().unwrap_or(self.url_key)
    }
}

/// What a provider's settings amount to.
#[derive(Debug)]
pub enum Configured<T> {
    /// Everything needed is set (and well formed).
    Ready(T),
    /// Not configured: what is missing, as phrases naming config keys
    /// (`orange.url`, `orange.client_id + orange.client_secret (or orange.token)`).
    Missing(Vec<&'static str>),
}

/// One connection in `cc connections list`, normalised across providers.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionRow {
    /// The provider's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The state, normalised.
    pub state: NormalState,
    /// The provider's own state.
    pub raw_state: String,
    /// Bandwidth, when the provider says.
    pub bandwidth_mbps: Option<f64>,
    /// Where it is (POP, region, port), when the provider says.
    pub location: String,
}

/// One connection in `cc connections status`: its row and its health, with the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The connection, as `connections list` shows it.
    pub row: ConnectionRow,
    /// Its health: the provider's rules over what it read (`providers/<p>/health.rs`).
    pub verdict: crate::health::Verdict,
}

/// What `cc doctor` learnt from one cheap authenticated read.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// One line: what was accepted and what is visible.
    pub detail: String,
    /// Local clock minus the server's, in seconds, where signatures depend on it.
    pub clock_skew_s: Option<f64>,
}

/// One provider's behaviour. Implemented in `providers/<provider>/contract.rs`.
pub trait Provider: 'static {
    /// Its facts.
    const INFO: &'static ProviderInfo;

    /// Its typed configuration. Secrets in it are [`crate::secret::Secret`]s, so that its
    /// `Debug` shows none (the registry's tests check it).
    type Config: std::fmt::Debug;
    /// Its API client.
    type Client: Clone;

    /// Builds the typed configuration from the resolved settings: `Missing` when not
    /// configured, an error when a value is malformed (a bad URL).
    fn config(cfg: &Config) -> Result<Configured<Self::Config>>;
    /// The client for this run.
    fn client(config: Self::Config, http: &Http) -> Result<Self::Client>;
    /// The underlying HTTP client, for `cc api`.
    fn api(client: &Self::Client) -> &ApiClient;
    /// Its connections, one row each, for `cc connections list`.
    fn connections(client: &Self::Client) -> impl Future<Output = Result<Vec<ConnectionRow>>>;
    /// Every connection with its health, for `cc connections status`: the provider's own rules
    /// (`providers/<p>/health.rs`) over what it reads, as few calls as they need.
    fn health(client: &Self::Client) -> impl Future<Output = Result<Vec<Checked>>>;
    /// One cheap authenticated read, for `cc doctor`.
    fn probe(client: &Self::Client) -> impl Future<Output = Result<Probe>>;
}

/// A provider's part of desired-state files (`cc plan`, `cc apply`, `cc export`): its kinds as
/// data, and what exists of them. Implemented in `providers/<provider>/desired.rs`.
pub trait DesiredState: Provider {
    /// Its kinds, fields and nesting.
    const SPEC: &'static crate::desired::Spec;
    /// Every resource of its kinds that exists, nested as the file nests them (reads run
    /// concurrently where they are independent).
    fn observe(client: &Self::Client) -> impl Future<Output = Result<Vec<crate::desired::Live>>>;
    /// What [`Self::prepare`] builds for [`Self::create`]: the provider's own create bodies,
    /// checked, with their names resolved to ids.
    type Prepared;
    /// Builds the body of a planned create (the fields of `change.want`): every value checked as
    /// the matching command checks it, every name resolved to an id, reads allowed and nothing
    /// written. Why apart from [`Self::create`]: a replace is a delete then a create, and its
    /// create is prepared before its delete ([`crate::registry`]'s `make`), so that a create
    /// that cannot be sent (a refused value, a name that no longer resolves, a rule checked at
    /// send time) deletes nothing; a refusal here is the create's refusal, worded as it.
    fn prepare(
        client: &Self::Client,
        change: &crate::desired::Change,
    ) -> impl Future<Output = Result<Self::Prepared>>;
    /// Makes a planned create from what [`Self::prepare`] built for `change`: the order is sent
    /// once, and after a lost answer the resource is looked up by name, never ordered again
    /// ([`crate::desired::apply::after_lost_create`]); then waited for unless `wait` is `None`
    /// (`--no-wait`, `--dry-run`). Returns the new resource's id.
    fn create(
        client: &Self::Client,
        change: &crate::desired::Change,
        prepared: Self::Prepared,
        wait: Option<&WaitOptions>,
    ) -> impl Future<Output = Result<String>>;
    /// Makes a planned update in place (the fields of `change.fields`), waited for likewise.
    fn update(
        client: &Self::Client,
        change: &crate::desired::Change,
        wait: Option<&WaitOptions>,
    ) -> impl Future<Output = Result<()>>;
    /// The breaches of its rules that span resources (`CLI.md` §5) by the file's part `part`
    /// taken together with what exists (`live`), each with the line of the resource in the
    /// file that breaks it: the same rules its commands check before sending, applied to the
    /// whole file. `plan` is what the engine computed for the part (its deletes only with
    /// `--prune`), so that a rule can judge what is left once the plan is made (a resource a
    /// prune deletes while another, kept, still depends on it); nothing of it has been sent.
    /// The default: the provider has none that a file can break.
    fn breaches(
        _part: &crate::desired::ProviderPart,
        _live: &[crate::desired::Live],
        _plan: &crate::desired::Plan,
    ) -> Vec<crate::desired::Located> {
        Vec::new()
    }
    /// Deletes the planned resource (`change.id`), waited for until it is gone likewise.
    fn delete(
        client: &Self::Client,
        change: &crate::desired::Change,
        wait: Option<&WaitOptions>,
    ) -> impl Future<Output = Result<()>>;
}

/// What one provider answered (a client built, a cross-provider question answered). Every
/// error carries the provider.
#[derive(Debug)]
pub enum Answer<T> {
    /// It answered.
    Ready(T),
    /// It is not configured (the error says what is missing); skipped unless asked for by name.
    NotConfigured(Error),
    /// Its configuration is malformed, or the call failed.
    Failed(Error),
}

/// The client of `P` for this run, or why there is none.
pub fn build<P: Provider>(cfg: &Config, http: &Http) -> Answer<P::Client> {
    let name = P::INFO.name;
    match P::config(cfg) {
        Ok(Configured::Ready(config)) => match P::client(config, http) {
            Ok(client) => Answer::Ready(client),
            Err(e) => Answer::Failed(with_provider(e, name)),
        },
        Ok(Configured::Missing(missing)) => {
            Answer::NotConfigured(not_configured(P::INFO, &missing))
        }
        Err(e) => Answer::Failed(with_provider(e, name)),
    }
}

/// The client of `P`: exit 2 naming what is missing when `P` is not configured.
pub fn client<P: Provider>(cfg: &Config, http: &Http) -> Result<P::Client> {
    match build::<P>(cfg, http) {
        Answer::Ready(client) => Ok(client),
        Answer::NotConfigured(e) | Answer::Failed(e) => Err(e),
    }
}

/// `err`, carrying `name` unless it already carries a provider.
pub fn with_provider(err: Error, name: ProviderName) -> Error {
    if err.provider.is_some() {
        err
    } else {
        err.provider(name)
    }
}

/// The error for a provider that is not configured: what is missing, the variables and the
/// config keys that set it, and the sandbox.
pub fn not_configured(info: &ProviderInfo, missing: &[&str]) -> Error {
    let named = |s: &&Setting| {
        missing
            .iter()
            .flat_map(|m| m.split(|c: char| !(c.is_ascii_alphanumeric() || "._".contains(c))))
            .any(|word| word == s.key)
    };
    let vars: Vec<String> = info
        .settings
        .iter()
        .filter(named)
        .map(|s| s.env.join(" or "))
        .collect();
    Error::usage(format!(
        "{} is not configured: missing {}",
        info.title,
        missing.join(", ")
    ))
    .provider(info.name)
    .hint(format!(
        "set {}, or use `{}`",
        vars.join(", "),
        crate::hint::cc(&format!("config set {}.<field> VALUE", info.section()))
    ))
    .hint(format!(
        "`{}` runs against the built-in simulator without credentials",
        crate::hint::cc(&format!("--sandbox {} ...", info.name))
    ))
}

/// A base URL setting: `None` when unset, an error naming where it came from when it is not an
/// `http(s)://` URL (a malformed value is never "not configured").
pub fn url_setting(cfg: &Config, key: &str) -> Result<Option<String>> {
    let Some(text) = cfg.get(key) else {
        return Ok(None);
    };
    let origin = cfg
        .values
        .get(key)
        .and_then(|r| r.origin.clone())
        .unwrap_or_else(|| key.to_string());
    base_url(&origin, text)?;
    Ok(Some(text.to_string()))
}

/// `text` as a base URL (`http(s)://`), or exit 2 naming `origin`: what [`url_setting`] reads
/// and the [`crate::config::Check`] of every URL setting, so `cc config set` refuses the same.
pub fn base_url(origin: &str, text: &str) -> Result<()> {
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
        Ok(_) => Err(Error::usage(format!(
            "{origin} `{text}`: the base URL must start with https://"
        ))),
        Err(e) => Err(Error::usage(format!("{origin} `{text}`: not a valid URL")).caused_by(e)),
    }
}
