//! `cc config view|set|init`.

use clap::Subcommand;

use crate::config;
use crate::context::Context;
use crate::error::Result;
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

    /// Set KEY (PROVIDER.FIELD) in the current profile; the file is created with mode 0600
    ///
    /// Examples:
    ///
    ///     $ cc config set orange.project_id 3fa85f64-5717-4562-b3fc-2c963f66afa6
    ///     $ cc --profile lab config set orange.url https://api.orange.com/evolutionplatform/cloudconnect
    #[command(verbatim_doc_comment)]
    Set {
        /// PROVIDER.FIELD, e.g. `orange.project_id` (see `cc config view` for the keys)
        key: String,
        /// The value
        value: String,
    },

    /// Create the config file with an empty profile if it does not exist
    ///
    /// Examples:
    ///
    ///     $ cc config init
    ///     $ cc --profile lab config init -o json --jq .path
    #[command(verbatim_doc_comment)]
    Init,
}

const COLUMNS: &[Column] = &[
    col("KEY", "key"),
    col("VALUE", "value"),
    col("SOURCE", "source"),
    col("ORIGIN", "origin"),
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
        ConfigCommand::Set { key, value } => {
            config::set_value(&cfg.path, cfg.profile_name(), &key, &value, &cfg.known)?;
            let key = config::canonical_key(&key);
            let secret = cfg.known.iter().any(|s| s.key == key && s.secret);
            Ok(Outcome::Item(serde_json::json!({
                "key": key,
                "value": if secret { crate::secret::MASK.to_string() } else { value },
                "profile": cfg.profile_name(),
                "path": cfg.path.display().to_string(),
            })))
        }
        ConfigCommand::Init => {
            let created = config::init(&cfg.path, cfg.profile_name())?;
            Ok(Outcome::Item(serde_json::json!({
                "path": cfg.path.display().to_string(),
                "created": created,
            })))
        }
    }
}

fn row(key: &str, r: &config::Resolved) -> serde_json::Value {
    let value = match (&r.value, r.secret) {
        (Some(_), true) => Some(crate::secret::MASK.to_string()),
        (v, _) => v.as_ref().map(config::Value::shown),
    };
    serde_json::json!({ "key": key, "value": value, "source": r.source, "origin": r.origin })
}
