//! The one place that lists the providers: for each [`ProviderName`], its facts, its behaviour
//! ([`Provider`]) and its simulator, in one `match` ([`get`]). Everything that works across
//! providers (`connections`, `doctor`, `api`, `sandbox`, the settings table of `config`, the
//! hints of a refused credential) goes through it, so a provider cannot be forgotten in one
//! command and not another. Dispatch is static: one monomorphised copy per provider, no map.
//!
//! Layering: above `providers` and `sandbox`, below `context` and `commands`; it imports
//! neither of those.
//!
//! # Adding a provider
//!
//! 1. `src/providers/<p>/`: the wire client (`client.rs`, `auth.rs`, `models.rs`, `paths.rs`
//!    with every path as an [`Endpoint`](crate::providers::endpoint::Endpoint), its HTTP
//!    dialect) and `contract.rs`: its [`ProviderInfo`] (`INFO`: title, settings, URL key) and
//!    `impl Provider` (typed configuration, client, rows, probe). Its errors name no CLI flag or
//!    command. Every credential is a [`crate::secret::Secret`] read with `Config::secret`.
//! 2. `src/sandbox/<p>/`: its simulator, with one entry point `mount(&Options)` (prefix, routes
//!    built from the same `paths.rs`, its 503, the settings that point `cc` at it, its own
//!    `CC_SANDBOX_<P>_*` knobs).
//! 3. `src/commands/<p>/`: the subcommand enum and `run`, one file per resource or flow; its
//!    handlers get their client with `ctx.client::<P>()`.
//! 4. Register it: one variant in [`ProviderName`] (`provider.rs`), one arm in [`get`] below,
//!    one variant in `commands::Command` with its arm in `commands::dispatch` (rustc points at
//!    each). These three files are the only ones outside the provider's folders that name it;
//!    `tests/it/layout.rs` checks that.
//! 5. `tests/it/<p>/`: wiremock tests and a sandbox test through `tests/it/common`; the tests
//!    below check the new provider's settings and sandbox settings.
//!
//! Nothing else changes: `connections list`, `doctor`, `api`, `sandbox`, `config view` and the
//! exports of `cc sandbox` pick the provider up from the enum.

use futures_util::future::LocalBoxFuture;

use crate::config::{Config, Setting};
use crate::desired::{Action, Change, Live};
use crate::env::EnvVar;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{ApiClient, Http};
use crate::providers::contract::{
    self, Answer, Checked, ConnectionRow, DesiredState, Probe, Provider, ProviderInfo,
};
use crate::rules::Rule;
use crate::sandbox::{Mount, Options};
use crate::wait::WaitOptions;

pub use crate::provider::ProviderName;

/// A cross-provider question asked of one provider, given the run's configuration and HTTP
/// handle.
type Question<T> = for<'a> fn(&'a Config, &'a Http) -> LocalBoxFuture<'a, Answer<T>>;

/// One provider as the cross-provider commands reach it.
pub struct Registered {
    /// Its facts.
    pub info: &'static ProviderInfo,
    /// Its simulator.
    pub mount: fn(&Options) -> Result<Mount>,
    /// Its simulator's own `CC_SANDBOX_<P>_*` knobs.
    pub knobs: &'static [EnvVar],
    /// Its rules that span resources (`CLI.md` §5), which `--skip-rule` names.
    pub rules: &'static [&'static Rule],
    /// Its part of desired-state files (`cc plan`, `apply`, `export`), when it has one.
    pub desired: Option<Desired>,
    connections: Question<Vec<ConnectionRow>>,
    health: Question<Vec<Checked>>,
    probe: Question<Probe>,
    api: fn(&Config, &Http) -> Result<ApiClient>,
    /// The typed configuration as `Debug` prints it (`None`: not configured), for the test that
    /// no secret shows there.
    #[cfg(test)]
    debug_config: fn(&Config) -> Result<Option<String>>,
}

/// The entry of `P`, whose simulator is `mount` with its `knobs`, and whose rules that span
/// resources are `rules`.
const fn entry<P: Provider>(
    mount: fn(&Options) -> Result<Mount>,
    knobs: &'static [EnvVar],
    rules: &'static [&'static Rule],
    desired: Option<Desired>,
) -> Registered {
    Registered {
        info: P::INFO,
        mount,
        knobs,
        rules,
        desired,
        connections: |cfg, http| {
            Box::pin(ask::<P, _>(cfg, http, async |c| P::connections(c).await))
        },
        health: |cfg, http| Box::pin(ask::<P, _>(cfg, http, async |c| P::health(c).await)),
        probe: |cfg, http| Box::pin(ask::<P, _>(cfg, http, async |c| P::probe(c).await)),
        api: |cfg, http| contract::client::<P>(cfg, http).map(|c| P::api(&c).clone()),
        #[cfg(test)]
        debug_config: |cfg| {
            Ok(match P::config(cfg)? {
                contract::Configured::Ready(config) => Some(format!("{config:?}")),
                contract::Configured::Missing(_) => None,
            })
        },
    }
}

/// A provider's part of desired-state files: its kinds, and a read of what exists of them.
pub struct Desired {
    /// Its kinds as data.
    pub spec: &'static crate::desired::Spec,
    observe: Question<Vec<Live>>,
    breaches: fn(
        &crate::desired::ProviderPart,
        &[Live],
        &crate::desired::Plan,
    ) -> Vec<crate::desired::Located>,
    change: Make,
}

/// One planned change made by one provider (`cc apply`): the id it made, when it made one.
type Make = for<'a> fn(
    &'a Config,
    &'a Http,
    &'a Change,
    Option<&'a WaitOptions>,
) -> LocalBoxFuture<'a, Result<Option<String>>>;

impl Desired {
    /// Every resource of its kinds that exists.
    pub fn observe<'a>(
        &self,
        cfg: &'a Config,
        http: &'a Http,
    ) -> LocalBoxFuture<'a, Answer<Vec<Live>>> {
        (self.observe)(cfg, http)
    }

    /// The breaches of its rules that span resources by the file's part `part`, together with
    /// what exists and the part's `plan` (`DesiredState::breaches`).
    pub fn breaches(
        &self,
        part: &crate::desired::ProviderPart,
        live: &[Live],
        plan: &crate::desired::Plan,
    ) -> Vec<crate::desired::Located> {
        (self.breaches)(part, live, plan)
    }

    /// Makes one planned change through the provider's create, update or delete (a replace is
    /// the create prepared, the delete, then the create sent), each waited for unless `wait` is
    /// `None`.
    pub fn change<'a>(
        &self,
        cfg: &'a Config,
        http: &'a Http,
        change: &'a Change,
        wait: Option<&'a WaitOptions>,
    ) -> LocalBoxFuture<'a, Result<Option<String>>> {
        (self.change)(cfg, http, change, wait)
    }
}

/// `change` made by `P`, its errors carrying `P`: a create is prepared then sent; a replace is
/// prepared, then deleted, then sent as prepared ([`DesiredState::prepare`] says why).
async fn make<P: DesiredState>(
    cfg: &Config,
    http: &Http,
    change: &Change,
    wait: Option<&WaitOptions>,
) -> Result<Option<String>> {
    let client = contract::client::<P>(cfg, http)?;
    let made = async {
        match change.action {
            Action::Create => {
                let prepared = P::prepare(&client, change).await?;
                P::create(&client, change, prepared, wait).await.map(Some)
            }
            Action::Update => P::update(&client, change, wait).await.map(|()| None),
            Action::Delete => P::delete(&client, change, wait).await.map(|()| None),
            Action::Replace => {
                // The create is checked (and its names resolved) before anything is deleted: a
                // create that cannot be sent deletes nothing.
                let prepared = P::prepare(&client, change).await?;
                P::delete(&client, change, wait).await?;
                P::create(&client, change, prepared, wait).await.map(Some)
            }
        }
    };
    made.await
        .map_err(|e| contract::with_provider(e, P::INFO.name))
}

/// The desired-state part of `P`.
const fn desired<P: DesiredState>() -> Option<Desired> {
    Some(Desired {
        spec: P::SPEC,
        observe: |cfg, http| Box::pin(ask::<P, _>(cfg, http, async |c| P::observe(c).await)),
        breaches: P::breaches,
        change: |cfg, http, change, wait| Box::pin(make::<P>(cfg, http, change, wait)),
    })
}

/// The provider `name`. The only `match` over the providers.
pub fn get(name: ProviderName) -> &'static Registered {
    use crate::{providers as p, sandbox as s};
    match name {
        ProviderName::Orange => {
            const {
                &entry::<p::orange::contract::Orange>(
                    s::orange::mount,
                    s::orange::KNOBS,
                    p::orange::rules::RULES,
                    desired::<p::orange::contract::Orange>(),
                )
            }
        }
        ProviderName::ConsoleConnect => {
            const {
                &entry::<p::console_connect::contract::ConsoleConnect>(
                    s::console_connect::mount,
                    s::console_connect::KNOBS,
                    p::console_connect::rules::RULES,
                    desired::<p::console_connect::contract::ConsoleConnect>(),
                )
            }
        }
        ProviderName::Huawei => {
            const {
                &entry::<p::huawei::contract::Huawei>(
                    s::huawei::mount,
                    s::huawei::KNOBS,
                    &p::huawei::rules::RULES,
                    desired::<p::huawei::contract::Huawei>(),
                )
            }
        }
        ProviderName::Ovh => {
            const {
                &entry::<p::ovh::contract::Ovh>(
                    s::ovh::mount,
                    s::ovh::KNOBS,
                    p::ovh::desired_rules::RULES,
                    desired::<p::ovh::contract::Ovh>(),
                )
            }
        }
    }
}

/// Every provider, in display order.
pub fn all() -> impl Iterator<Item = &'static Registered> {
    ProviderName::all().map(get)
}

/// Builds the client of `P` and asks it `f`: the shape of every cross-provider call.
async fn ask<P: Provider, T>(
    cfg: &Config,
    http: &Http,
    f: impl AsyncFnOnce(&P::Client) -> Result<T>,
) -> Answer<T> {
    match contract::build::<P>(cfg, http) {
        Answer::Ready(client) => match f(&client).await {
            Ok(value) => Answer::Ready(value),
            Err(e) => Answer::Failed(contract::with_provider(e, P::INFO.name)),
        },
        Answer::NotConfigured(e) => Answer::NotConfigured(e),
        Answer::Failed(e) => Answer::Failed(e),
    }
}

impl Registered {
    /// Its connections, for `cc connections list`.
    pub fn connections<'a>(
        &self,
        cfg: &'a Config,
        http: &'a Http,
    ) -> LocalBoxFuture<'a, Answer<Vec<ConnectionRow>>> {
        (self.connections)(cfg, http)
    }

    /// Its connections and their health, for `cc connections status`.
    pub fn health<'a>(
        &self,
        cfg: &'a Config,
        http: &'a Http,
    ) -> LocalBoxFuture<'a, Answer<Vec<Checked>>> {
        (self.health)(cfg, http)
    }

    /// Its `cc doctor` probe.
    pub fn probe<'a>(&self, cfg: &'a Config, http: &'a Http) -> LocalBoxFuture<'a, Answer<Probe>> {
        (self.probe)(cfg, http)
    }

    /// Its HTTP client, for `cc api`.
    pub fn api(&self, cfg: &Config, http: &Http) -> Result<ApiClient> {
        (self.api)(cfg, http)
    }
}

/// Every provider's settings, in provider order: the table `config` resolves.
pub fn settings() -> Vec<Setting> {
    all()
        .flat_map(|r| r.info.settings.iter().copied())
        .collect()
}

/// Every environment variable `cc` reads, each once: the tool's own, then for each provider
/// the variables of its settings (described from the setting), its others, and its simulator's
/// knobs. The README's table is checked against it (`tests/it/layout.rs`).
pub fn env_vars() -> Vec<(EnvVar, String)> {
    let mut vars: Vec<(EnvVar, String)> = crate::env::GENERAL
        .iter()
        .map(|v| (*v, v.doc.to_string()))
        .collect();
    for r in all() {
        for s in r.info.settings {
            let secret = if s.secret { ", a secret" } else { "" };
            let default = s
                .default
                .map(|d| format!(" (default `{d}`)"))
                .unwrap_or_default();
            for (i, name) in s.env.iter().enumerate() {
                let first = match i {
                    0 => String::new(),
                    _ => format!(", when `{}` is not set", s.env[0]),
                };
                let title = r.info.title;
                let doc = format!("{title}: the `{}` setting{secret}{default}{first}", s.key);
                if !vars.iter().any(|(v, _)| v.name == *name) {
                    vars.push((EnvVar::new(name, ""), doc));
                }
            }
        }
        let own = r.info.env.iter().chain(r.knobs);
        vars.extend(own.map(|v| (*v, v.doc.to_string())));
    }
    vars
}

/// Every rule that spans resources, of every provider: what `--skip-rule` may name.
pub fn rules() -> Vec<&'static Rule> {
    all().flat_map(|r| r.rules.iter().copied()).collect()
}

/// Every provider's simulator (each reads its own knobs: a bad one is exit 2).
pub fn mounts(options: &Options) -> Result<Vec<Mount>> {
    all().map(|r| (r.mount)(options)).collect()
}

/// Starts the simulator of every provider on `addr` (what `--sandbox` and `cc sandbox` run).
pub async fn start_sandbox(addr: &str, options: Options) -> Result<crate::sandbox::Running> {
    crate::sandbox::start(addr, options, mounts(&options)?).await
}

/// What an error means in the command line's words: for a refused credential (exit 3) of a
/// provider, which variables hold its secrets and how to see where they come from. Provider
/// clients name no variable or command; this is where that text is added (by the reporter).
pub fn explain(err: Error) -> Error {
    let (ErrorKind::Auth, Some(name)) = (err.kind, err.provider) else {
        return err;
    };
    let info = get(name).info;
    let vars: Vec<&str> = info
        .settings
        .iter()
        .filter(|s| s.secret)
        .flat_map(|s| s.env.iter().copied())
        .collect();
    err.hint(format!(
        "check the {} credentials ({}): `{}` shows which values are used and where they come from",
        info.name,
        vars.join(", "),
        crate::hint::cc("config view")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_every_rule() {
        let readme = include_str!("../README.md");
        for rule in rules() {
            let row = format!("| `{}`: ", rule.name);
            assert!(readme.contains(&row), "README.md has no row {row}");
        }
    }

    #[test]
    fn rule_names_are_unique_kebab_case_and_start_with_their_provider() {
        let mut seen = std::collections::HashSet::new();
        for r in all() {
            let prefix = format!("{}-", r.info.name).replace('_', "-");
            for rule in r.rules {
                assert!(seen.insert(rule.name), "{} twice", rule.name);
                assert!(
                    rule.name.starts_with(&prefix),
                    "{}: not {prefix}",
                    rule.name
                );
                assert!(
                    rule.name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{}",
                    rule.name
                );
                assert!(!rule.says.is_empty());
            }
        }
        assert_eq!(rules().len(), seen.len());
    }

    #[test]
    fn every_provider_has_a_consistent_name_and_settings_under_its_url_key() {
        let names: Vec<ProviderName> = ProviderName::all().collect();
        assert!(names.contains(&ProviderName::Orange) && names.contains(&ProviderName::Huawei));
        for name in names {
            let info = get(name).info;
            assert_eq!(info.name, name);
            assert!(
                info.settings.iter().any(|s| s.key == info.url_key),
                "{name}: URL key {} is not among its settings",
                info.url_key
            );
            for s in info.settings {
                assert!(
                    s.key.starts_with(&format!("{}.", info.section())),
                    "{name}: {}",
                    s.key
                );
                assert!(!s.env.is_empty(), "{}: no variable", s.key);
            }
            // Every key the simulator sets is a setting of the provider, and it sets the URL.
            let exported = sandbox_settings(name);
            for (key, _) in &exported {
                assert!(
                    info.settings.iter().any(|s| s.key == *key),
                    "{name}: sandbox sets unknown key {key}"
                );
            }
            assert!(exported.iter().any(|(k, _)| *k == info.url_key));
        }
    }

    fn sandbox_settings(name: ProviderName) -> Vec<(&'static str, String)> {
        let mount = (get(name).mount)(&Options::default()).unwrap();
        (mount.settings)("http://127.0.0.1:1/x")
    }

    #[test]
    fn no_config_nor_typed_config_prints_a_secret() {
        for name in ProviderName::all() {
            let registered = get(name);
            let info = registered.info;
            let dir = tempfile::tempdir().unwrap();
            let mut cfg = Config::load(
                Some(&dir.path().join("none.toml")),
                None,
                info.settings.to_vec(),
            )
            .unwrap();
            let sandbox = sandbox_settings(name);
            // The secrets of the mode the sandbox configures (OVH refuses two modes at once).
            let used = |s: &&Setting| s.secret && sandbox.iter().any(|(k, _)| *k == s.key);
            for (key, value) in sandbox.clone() {
                cfg.set_flag(key, value, "--sandbox");
            }
            let secrets: Vec<String> = info
                .settings
                .iter()
                .filter(used)
                .map(|s| format!("SECRET{}0123456789", s.key.replace(['.', '_'], "")))
                .collect();
            assert!(!secrets.is_empty(), "{name}: no secret setting");
            for (s, value) in info.settings.iter().filter(used).zip(&secrets) {
                cfg.set_flag(s.key, value.clone(), "--test");
                assert_eq!(cfg.get(s.key), None, "{}: read as plain text", s.key);
                assert_eq!(cfg.secret(s.key).unwrap().expose(), value);
            }
            let Some(typed) = (registered.debug_config)(&cfg).unwrap() else {
                panic!("{name}: not configured by its sandbox settings");
            };
            for shown in [format!("{cfg:?}"), typed] {
                for secret in &secrets {
                    assert!(!shown.contains(secret.as_str()), "{name}: {shown}");
                }
            }
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
