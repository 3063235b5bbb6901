//! The provider seam: what every provider gives the cross-provider commands, and the one place
//! that lists the providers.
//!
//! Each provider implements [`Provider`] once, in its own folder
//! (`commands/<provider>/seam.rs`): its name, its settings, how a typed configuration is built
//! from them (with a real "not configured" answer, and an error for a malformed value), its
//! client, its rows for `cc connections list`, its `cc doctor` probe, its client for `cc api`,
//! and its simulator for `--sandbox`. Everything that works across providers (`connections`,
//! `doctor`, `api`, `sandbox`, the settings table of `config`) goes through [`ProviderName::visit`],
//! the only `match` over the providers, and the list of providers is the enum itself
//! ([`ProviderName::all`]), so a provider cannot be forgotten in one command and not another.
//! Dispatch is static: one monomorphised copy per provider, no registry.
//!
//! Layering: this module and the `commands/<provider>/seam.rs` files sit above `providers`,
//! `sandbox` and `context`, and below the command handlers. They never import a handler.
//!
//! # Adding a provider
//!
//! 1. `src/providers/<p>/`: the wire client (`client.rs`, `auth.rs`, `models.rs`, and `paths.rs`
//!    with every path as an [`Endpoint`](crate::providers::endpoint::Endpoint) in `{name}`
//!    syntax); its errors name no CLI flag or command (that text belongs to `commands/<p>/`).
//!    Every credential its auth holds is a [`crate::secret::Secret`] (read from the
//!    configuration with `Config::secret`), so that no `Debug`, log line or error prints one.
//! 2. `src/sandbox/<p>/`: `router(Options)` built from the same `paths.rs` templates, and the
//!    dummy credentials.
//! 3. `src/commands/<p>/mod.rs`: the subcommand enum and `run`; one file per resource or flow.
//!    `src/commands/<p>/seam.rs`: `impl Provider` (settings, config, client, rows, probe,
//!    sandbox prefix and settings).
//! 4. One variant in [`ProviderName`] and one arm in [`ProviderName::visit`] (rustc points at
//!    it); one variant in `commands::Command` and one arm in `commands::dispatch`.
//! 5. `tests/it/<p>/`: wiremock tests and a sandbox test through `tests/it/common`; the
//!    `seam` unit tests below check the new provider's settings and sandbox settings.
//!
//! Nothing else changes: `connections list`, `doctor`, `api`, `sandbox`, `config view` and the
//! exports of `cc sandbox` pick the provider up from the enum.

use std::future::Future;

use futures_util::future::LocalBoxFuture;

use crate::config::{Config, Setting};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::ApiClient;
use crate::providers::NormalState;

pub use crate::provider::ProviderName;

/// Calls `visitor` with the provider's [`Provider`] implementation. The only `match` over
/// the providers.
pub fn visit<V: Visit>(name: ProviderName, visitor: V) -> V::Out {
    match name {
        ProviderName::Orange => visitor.visit::<crate::commands::orange::seam::Orange>(),
        ProviderName::ConsoleConnect => {
            visitor.visit::<crate::commands::console_connect::seam::ConsoleConnect>()
        }
        ProviderName::Huawei => visitor.visit::<crate::commands::huawei::seam::Huawei>(),
        ProviderName::Ovh => visitor.visit::<crate::commands::ovh::seam::Ovh>(),
    }
}

/// Something done for one provider, whichever it is: [`ProviderName::visit`] calls
/// `visit::<TheProvider>()`.
pub trait Visit {
    /// What the visit returns (the same type for every provider).
    type Out;
    /// Runs for provider `P`.
    fn visit<P: Provider>(self) -> Self::Out;
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

/// What `cc doctor` learnt from one cheap authenticated read.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// One line: what was accepted and what is visible.
    pub detail: String,
    /// Local clock minus the server's, in seconds, where signatures depend on it.
    pub clock_skew_s: Option<f64>,
}

/// One provider, as the cross-provider commands see it. Implemented in
/// `commands/<provider>/seam.rs`.
pub trait Provider: 'static {
    /// Its name on the command line.
    const NAME: ProviderName;
    /// Its name in sentences ("Orange", "Huawei Cloud Connect").
    const TITLE: &'static str;
    /// Every configuration key, its environment variables (the ecosystem's own included),
    /// whether it is secret, and its default.
    const SETTINGS: &'static [Setting];
    /// The configuration key of its base URL (shown by `cc doctor`).
    const URL_KEY: &'static str;

    /// Its typed configuration. Secrets in it are [`crate::secret::Secret`]s, so that its
    /// `Debug` shows none (the `seam` tests check it).
    type Config: std::fmt::Debug;
    /// Its API client.
    type Client: Clone;

    /// Builds the typed configuration from the resolved settings: `Missing` when not
    /// configured, an error when a value is malformed (a bad URL).
    fn config(cfg: &Config) -> Result<Configured<Self::Config>>;
    /// The client for this run.
    fn client(config: Self::Config, ctx: &Context) -> Result<Self::Client>;
    /// The underlying HTTP client, for `cc api`.
    fn api(client: &Self::Client) -> &ApiClient;
    /// Its connections, one row each, for `cc connections list`.
    fn connections(client: &Self::Client) -> impl Future<Output = Result<Vec<ConnectionRow>>>;
    /// One cheap authenticated read, for `cc doctor`.
    fn probe(client: &Self::Client) -> impl Future<Output = Result<Probe>>;
    /// Its simulator, as `sandbox::start` mounts it.
    fn sandbox(options: &crate::sandbox::Options) -> Result<crate::sandbox::Mount>;
}

/// The client of `P` for this run: exit 2 naming what is missing when `P` is not configured.
/// Every error carries the provider (in JSON too), a malformed value as much as a missing one.
pub fn client<P: Provider>(ctx: &Context) -> Result<P::Client> {
    match P::config(&ctx.config).map_err(|e| with_provider(e, P::NAME))? {
        Configured::Ready(config) => P::client(config, ctx).map_err(|e| with_provider(e, P::NAME)),
        Configured::Missing(missing) => Err(not_configured::<P>(&missing)),
    }
}

/// The error for a provider that is not configured: what is missing, the variables and the
/// config keys that set it, and the sandbox.
pub fn not_configured<P: Provider>(missing: &[&str]) -> Error {
    let named = |s: &&Setting| {
        missing
            .iter()
            .flat_map(|m| m.split(|c: char| !(c.is_ascii_alphanumeric() || "._".contains(c))))
            .any(|word| word == s.key)
    };
    let vars: Vec<String> = P::SETTINGS
        .iter()
        .filter(named)
        .map(|s| s.env.join(" or "))
        .collect();
    Error::usage(format!(
        "{} is not configured: missing {}",
        P::TITLE,
        missing.join(", ")
    ))
    .provider(P::NAME)
    .hint(format!(
        "set {}, or use `{}`",
        vars.join(", "),
        crate::hint::cc(&format!(
            "config set {}.<field> VALUE",
            P::URL_KEY.split('.').next().unwrap_or(P::NAME.id())
        ))
    ))
    .hint(format!(
        "`{}` runs against the built-in simulator without credentials",
        crate::hint::cc(&format!("--sandbox {} ...", P::NAME))
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
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(Some(text.to_string())),
        Ok(_) => Err(Error::usage(format!(
            "{origin} `{text}`: the base URL must start with https://"
        ))),
        Err(e) => Err(Error::usage(format!("{origin} `{text}`: not a valid URL")).caused_by(e)),
    }
}

/// What an error means in the command line's words: for a refused credential (exit 3) of a
/// provider, which variables hold its secrets and how to see where they come from. Provider
/// clients name no variable or command; this is where that text is added (by the reporter).
pub fn explain(err: Error) -> Error {
    struct Explain(Error);
    impl Visit for Explain {
        type Out = Error;
        fn visit<P: Provider>(self) -> Error {
            let vars: Vec<&str> = P::SETTINGS
                .iter()
                .filter(|s| s.secret)
                .flat_map(|s| s.env.iter().copied())
                .collect();
            self.0.hint(format!(
                "check the {} credentials ({}): `{}` shows which values are used and where they come from",
                P::NAME,
                vars.join(", "),
                crate::hint::cc("config view")
            ))
        }
    }
    if err.kind != crate::error::ErrorKind::Auth {
        return err;
    }
    match ProviderName::all().find(|p| err.provider == Some(*p)) {
        Some(provider) => visit(provider, Explain(err)),
        None => err,
    }
}

/// Every provider's settings, in provider order: the table `config` resolves.
pub fn settings() -> Vec<Setting> {
    struct Settings;
    impl Visit for Settings {
        type Out = &'static [Setting];
        fn visit<P: Provider>(self) -> &'static [Setting] {
            P::SETTINGS
        }
    }
    ProviderName::all()
        .flat_map(|p| visit(p, Settings).iter().copied())
        .collect()
}

/// Every provider's simulator, with where it is mounted.
pub fn sandbox_mounts(options: crate::sandbox::Options) -> Result<Vec<crate::sandbox::Mount>> {
    struct Mounts(crate::sandbox::Options);
    impl Visit for Mounts {
        type Out = Result<crate::sandbox::Mount>;
        fn visit<P: Provider>(self) -> Self::Out {
            P::sandbox(&self.0)
        }
    }
    ProviderName::all()
        .map(|p| visit(p, Mounts(options)))
        .collect()
}

/// Starts the simulator of every provider on `addr` (what `--sandbox` and `cc sandbox` run).
pub async fn start_sandbox(
    addr: &str,
    options: crate::sandbox::Options,
) -> Result<crate::sandbox::Running> {
    crate::sandbox::start(addr, options, sandbox_mounts(options)?).await
}

/// The HTTP client of a provider, for `cc api`.
pub fn api_client(ctx: &Context, provider: ProviderName) -> Result<ApiClient> {
    struct Api<'a>(&'a Context);
    impl Visit for Api<'_> {
        type Out = Result<ApiClient>;
        fn visit<P: Provider>(self) -> Result<ApiClient> {
            client::<P>(self.0).map(|c| P::api(&c).clone())
        }
    }
    visit(provider, Api(ctx))
}

/// What one provider answered to a cross-provider question.
#[derive(Debug)]
pub enum Answer<T> {
    /// It answered.
    Ready(T),
    /// It is not configured (the error says what is missing); skipped unless asked for by name.
    NotConfigured(Error),
    /// Its configuration is malformed, or the call failed.
    Failed(Error),
}

/// Builds the client of `P` and runs `f` with it: the shape of every cross-provider call.
async fn with_client<P: Provider, T, F>(ctx: &Context, f: F) -> Answer<T>
where
    F: AsyncFnOnce(&P::Client) -> Result<T>,
{
    let config = match P::config(&ctx.config) {
        Ok(Configured::Ready(config)) => config,
        Ok(Configured::Missing(missing)) => {
            return Answer::NotConfigured(not_configured::<P>(&missing));
        }
        Err(e) => return Answer::Failed(with_provider(e, P::NAME)),
    };
    let client = match P::client(config, ctx) {
        Ok(client) => client,
        Err(e) => return Answer::Failed(with_provider(e, P::NAME)),
    };
    match f(&client).await {
        Ok(value) => Answer::Ready(value),
        Err(e) => Answer::Failed(with_provider(e, P::NAME)),
    }
}

fn with_provider(err: Error, id: ProviderName) -> Error {
    if err.provider.is_some() {
        err
    } else {
        err.provider(id)
    }
}

/// The connections of one provider, for `cc connections list`.
pub fn connections(
    ctx: &Context,
    provider: ProviderName,
) -> LocalBoxFuture<'_, Answer<Vec<ConnectionRow>>> {
    struct Rows<'a>(&'a Context);
    impl<'a> Visit for Rows<'a> {
        type Out = LocalBoxFuture<'a, Answer<Vec<ConnectionRow>>>;
        fn visit<P: Provider>(self) -> Self::Out {
            Box::pin(with_client::<P, _, _>(self.0, async |c: &P::Client| {
                P::connections(c).await
            }))
        }
    }
    visit(provider, Rows(ctx))
}

/// The `cc doctor` probe of one provider, and the endpoint it was pointed at.
pub fn probe(
    ctx: &Context,
    provider: ProviderName,
) -> LocalBoxFuture<'_, (Option<String>, Answer<Probe>)> {
    struct Check<'a>(&'a Context);
    impl<'a> Visit for Check<'a> {
        type Out = LocalBoxFuture<'a, (Option<String>, Answer<Probe>)>;
        fn visit<P: Provider>(self) -> Self::Out {
            let ctx = self.0;
            Box::pin(async move {
                let endpoint = ctx.config.get(P::URL_KEY).map(str::to_string);
                let answer =
                    with_client::<P, _, _>(ctx, async |c: &P::Client| P::probe(c).await).await;
                (endpoint, answer)
            })
        }
    }
    visit(provider, Check(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_a_consistent_name_and_settings_under_its_url_key() {
        struct Check;
        impl Visit for Check {
            type Out = ();
            fn visit<P: Provider>(self) {
                assert!(
                    P::SETTINGS.iter().any(|s| s.key == P::URL_KEY),
                    "{}: URL_KEY {} is not among its settings",
                    P::NAME,
                    P::URL_KEY
                );
                let section = P::URL_KEY.split('.').next().unwrap();
                for s in P::SETTINGS {
                    assert!(
                        s.key.starts_with(&format!("{section}.")),
                        "{}: {}",
                        P::NAME,
                        s.key
                    );
                    assert!(!s.env.is_empty(), "{}: no variable", s.key);
                }
                // Every key the simulator sets is a setting of the provider, and it sets the URL.
                let exported =
                    (P::sandbox(&Default::default()).unwrap().settings)("http://127.0.0.1:1/x");
                for (key, _) in &exported {
                    assert!(
                        P::SETTINGS.iter().any(|s| s.key == *key),
                        "{}: sandbox sets unknown key {key}",
                        P::NAME
                    );
                }
                assert!(exported.iter().any(|(k, _)| *k == P::URL_KEY));
            }
        }
        let names: Vec<ProviderName> = ProviderName::all().collect();
        assert!(names.contains(&ProviderName::Orange) && names.contains(&ProviderName::Huawei));
        for p in names {
            visit(p, Check);
        }
    }

    #[test]
    fn no_config_nor_typed_config_prints_a_secret() {
        struct Check;
        impl Visit for Check {
            type Out = ();
            fn visit<P: Provider>(self) {
                let dir = tempfile::tempdir().unwrap();
                let mut cfg = Config::load(
                    Some(&dir.path().join("none.toml")),
                    None,
                    P::SETTINGS.to_vec(),
                )
                .unwrap();
                let sandbox =
                    (P::sandbox(&Default::default()).unwrap().settings)("http://127.0.0.1:1/x");
                // The secrets of the mode the sandbox configures (OVH refuses two modes at once).
                let used = |s: &&Setting| s.secret && sandbox.iter().any(|(k, _)| *k == s.key);
                for (key, value) in sandbox.clone() {
                    cfg.set_flag(key, value, "--sandbox");
                }
                let secrets: Vec<String> = P::SETTINGS
                    .iter()
                    .filter(used)
                    .map(|s| format!("SECRET{}0123456789", s.key.replace(['.', '_'], "")))
                    .collect();
                assert!(!secrets.is_empty(), "{}: no secret setting", P::NAME);
                for (s, value) in P::SETTINGS.iter().filter(used).zip(&secrets) {
                    cfg.set_flag(s.key, value.clone(), "--test");
                    assert_eq!(cfg.get(s.key), None, "{}: read as plain text", s.key);
                    assert_eq!(cfg.secret(s.key).unwrap().expose(), value);
                }
                let Configured::Ready(typed) = P::config(&cfg).unwrap() else {
                    panic!("{}: not configured by its sandbox settings", P::NAME);
                };
                for shown in [format!("{cfg:?}"), format!("{typed:?}")] {
                    for secret in &secrets {
                        assert!(!shown.contains(secret.as_str()), "{}: {shown}", P::NAME);
                    }
                }
            }
        }
        for p in ProviderName::all() {
            visit(p, Check);
        }
    }

    #[test]
    fn the_settings_table_holds_every_provider_and_no_key_twice() {
        let table = settings();
        let mut keys: Vec<&str> = table.iter().map(|s| s.key).collect();
        for key in [
            "orange.url",
            "console_connect.token",
            "huawei.ak",
            "ovh.endpoint",
        ] {
            assert!(keys.contains(&key), "{key}");
        }
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is declared twice");
    }
}
