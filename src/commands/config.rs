//! `cc config view|get|set|init`.
//!
//! `get` prints one value the way a script reads it (the value alone on stdout, where it came
//! from on stderr); `set` takes the value from stdin (`-`) or, on a terminal, from a prompt that
//! hides secrets, so that credentials need not be on the command line or in shell history.

use clap::Subcommand;

use crate::config;
use crate::context::Context;
use crate::env::{self, EnvVar};
use crate::error::{Error, Result};
use crate::output::Priority::{High, Key, Low, Medium};
use crate::output::{Column, Outcome, col};

/// Show or change configuration
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show every effective value with its source (flag, env, profile, default); secrets masked
    ///
    /// Examples:
    ///
    ///     $ cc config view
    ///     $ cc config view -o json --jq '.[] | select(.source == "env") | .key'
    #[command(verbatim_doc_comment)]
    View,

    /// Print one effective value (secrets masked unless --show-secret); its source on stderr
    ///
    /// The value alone goes to stdout, so that `$(cc config get orange.url)` reads it; with
    /// `-o json` (or yaml): `{"key", "value", "source", "origin"}`. A key that is not set
    /// prints nothing and says so on stderr.
    ///
    /// Examples:
    ///
    ///     $ cc config get orange.url
    ///     $ cc --profile lab config get huawei.sk --show-secret
    #[command(verbatim_doc_comment)]
    Get {
        /// PROVIDER.FIELD, e.g. `orange.url` (see `cc config view` for the keys)
        key: String,
        /// Print a secret's value instead of `***`
        #[arg(long)]
        show_secret: bool,
    },

    /// Set KEY (PROVIDER.FIELD) in the current profile; the file is created with mode 0600
    ///
    /// VALUE `-` reads the value from stdin; without VALUE, a terminal asks for it (without
    /// echoing it for secrets), so that secrets need not be on the command line. A value the
    /// provider would refuse (a URL that is not http(s), an unknown endpoint name) is exit 2 and
    /// nothing is written. The profile and the file are created if they do not exist.
    ///
    /// Examples:
    ///
    ///     $ cc config set orange.project_id 3fa85f64-5717-4562-b3fc-2c963f66afa6
    ///     $ cc --profile lab config set orange.url https://api.orange.com/evolutionplatform/cloudconnect
    ///     $ pass show orange/secret | cc config set orange.client_secret -
    ///     $ cc config set huawei.sk
    #[command(verbatim_doc_comment)]
    Set {
        /// PROVIDER.FIELD, e.g. `orange.project_id` (see `cc config view` for the keys)
        key: String,
        /// The value; `-` reads it from stdin; asked for on a terminal when left out or `-`
        value: Option<String>,
    },

    /// Create the config file, or add the profile to it, when it is not there
    ///
    /// Examples:
    ///
    ///     $ cc config init
    ///     $ cc --profile lab config init -o json --jq .path
    #[command(verbatim_doc_comment)]
    Init,
}

const COLUMNS: &[Column] = &[
    col("KEY", "key", Key),
    col("VALUE", "value", High),
    col("SOURCE", "source", Medium),
    col("ORIGIN", "origin", Low),
];

/// Runs a config subcommand.
pub fn run(ctx: &Context, cmd: ConfigCommand) -> Result<Outcome> {
    let cfg = &ctx.config;
    match cmd {
        ConfigCommand::View => {
            let mut items = vec![
                row("profile", &cfg.profile),
                row("config", &cfg.path_source),
            ];
            items.extend(cfg.values.iter().map(|(k, r)| row(k, r)));
            Ok(Outcome::List {
                columns: COLUMNS,
                items,
            })
        }
        ConfigCommand::Get { key, show_secret } => get(ctx, &key, show_secret),
        ConfigCommand::Set { key, value } => {
            let key = config::canonical_key(&key);
            let setting = settable(cfg, &key)?;
            let value = match value.as_deref() {
                // `-` on a terminal is asked, as a missing value is: read from the terminal,
                // it would wait silently for a line.
                Some("-") | None if ctx.interactive => ask(&key, setting.secret)?,
                Some("-") => crate::secret::from_stdin(&format!("cc config set {key}"))?,
                Some(value) => value.to_string(),
                None => {
                    return Err(Error::usage(format!(
                        "config set {key}: missing VALUE (required off a terminal)"
                    ))
                    .hint(format!(
                        "pass it, or `-` to read it from stdin: `... | {}`",
                        crate::hint::cc(&format!("config set {key} -"))
                    )));
                }
            };
            if let Some(check) = setting.check {
                check(&key, &value).map_err(|e| e.hint("nothing was written"))?;
            }
            config::set_value(&cfg.path, cfg.profile_name(), &key, &value, &cfg.known)?;
            match cfg.absent {
                Some(config::Absent::File) => {
                    crate::log::note(format!("created {}", cfg.path.display()));
                }
                Some(config::Absent::Profile(_)) => crate::log::note(format!(
                    "created profile `{}` in {}",
                    cfg.profile_name(),
                    cfg.path.display()
                )),
                None => {}
            }
            Ok(Outcome::Item(serde_json::json!({
                "key": key,
                "value": if setting.secret { crate::secret::MASK.to_string() } else { value },
                "profile": cfg.profile_name(),
                "path": cfg.path.display().to_string(),
            })))
        }
        ConfigCommand::Init => {
            let created = config::init(&cfg.path, cfg.profile_name(), &cfg.known)?;
            Ok(Outcome::Item(serde_json::json!({
                "path": cfg.path.display().to_string(),
                "created": created,
            })))
        }
    }
}

/// The keys `config view` shows besides the providers' settings, with the flag and variable
/// that set them: a run's choices, not a profile's, so `config set` points at those.
const GENERAL: &[(&str, &str, EnvVar)] = &[
    ("profile", "--profile", env::CC_PROFILE),
    ("config", "--config", env::CC_CONFIG),
    ("output", "--output", env::CC_OUTPUT),
    ("timeout", "--timeout", env::CC_TIMEOUT),
];

/// The setting named `key`, or exit 2: naming the flag and variable of a general key, else
/// listing the keys.
fn settable<'a>(cfg: &'a config::Config, key: &str) -> Result<&'a config::Setting> {
    if let Some((key, flag, var)) = GENERAL.iter().find(|(k, ..)| *k == key) {
        return Err(Error::usage(format!(
            "`{key}` is not kept in a profile: it is chosen for each run with {flag} or {}",
            var.name
        ))
        .hint(format!(
            "`{}` shows where it comes from now",
            crate::hint::cc(&format!("config get {key}"))
        )));
    }
    cfg.known
        .iter()
        .find(|s| s.key == key)
        .ok_or_else(|| unknown_key(cfg, key))
}

/// Exit 2 for a key `config view` does not show, listing those it does.
fn unknown_key(cfg: &config::Config, key: &str) -> Error {
    let general = GENERAL.iter().map(|(k, ..)| *k);
    let keys: Vec<&str> = general.chain(cfg.known.iter().map(|s| s.key)).collect();
    Error::usage(format!("unknown key `{key}`")).hint(format!("known keys: {}", keys.join(", ")))
}

/// The prompt of `config set KEY` on a terminal: hidden for a secret.
fn ask(key: &str, secret: bool) -> Result<String> {
    let question = format!("Value of {key}");
    if secret {
        crate::prompt::hidden(&question)
    } else {
        crate::prompt::input(&question, key, |text| {
            if text.trim().is_empty() {
                Err(Error::usage("must not be empty"))
            } else {
                Ok(())
            }
        })
    }
}

/// `cc config get KEY`: the value alone (or an object when JSON or YAML was asked for), its
/// source on stderr.
fn get(ctx: &Context, key: &str, show_secret: bool) -> Result<Outcome> {
    let cfg = &ctx.config;
    let key = config::canonical_key(key);
    let resolved = match key.as_str() {
        "profile" => &cfg.profile,
        "config" => &cfg.path_source,
        _ => cfg.values.get(&key).ok_or_else(|| unknown_key(cfg, &key))?,
    };
    let value = match (&resolved.value, resolved.secret && !show_secret) {
        (None, _) => None,
        (Some(_), true) => Some(crate::secret::MASK.to_string()),
        (Some(_), false) if resolved.secret => cfg.secret(&key).map(|s| s.expose().to_string()),
        (Some(v), false) if show_secret => v.plain().map(str::to_string),
        (Some(v), false) => Some(v.shown()),
    };
    let source = serde_json::to_value(resolved.source)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let from = match &resolved.origin {
        Some(origin) => format!("{key}: from {source} ({origin})"),
        None => format!("{key}: from {source}"),
    };
    crate::log::note(match &value {
        Some(_) => from,
        None => format!("{key}: not set"),
    });
    // Asked for JSON or YAML (a flag, `--jq` or CC_OUTPUT): the object; else the bare value.
    let structured = ctx.global.jq.is_some()
        || cfg
            .values
            .get("output")
            .is_some_and(|o| o.source != config::Source::Default);
    if structured {
        return Ok(Outcome::Item(serde_json::json!({
            "key": key,
            "value": value,
            "source": resolved.source,
            "origin": resolved.origin,
        })));
    }
    Ok(match value {
        Some(value) => Outcome::Text(format!("{value}\n")),
        None => Outcome::Nothing,
    })
}

fn row(key: &str, r: &config::Resolved) -> serde_json::Value {
    let value = match (&r.value, r.secret) {
        (Some(_), true) => Some(crate::secret::MASK.to_string()),
        (v, _) => v.as_ref().map(config::Value::shown),
    };
    serde_json::json!({ "key": key, "value": value, "source": r.source, "origin": r.origin })
}
