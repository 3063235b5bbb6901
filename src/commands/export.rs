//! `cc export [--provider P]...`: what exists, as a desired-state file that `cc plan -f` finds
//! nothing to change in. Each provider is read concurrently through the registry; secrets are
//! written as `${env:VAR}` placeholders and read-only fields (ids, states) are left out.

use clap::Args;
use serde_json::{Map, Value};

use crate::context::Context;
use crate::desired;
use crate::error::{Error, Result};
use crate::output::{Outcome, OutputFormat};
use crate::providers::contract::Answer;
use crate::registry::{self, ProviderName};

/// Print what exists as a desired-state file
///
/// The output is a file `cc plan -f` finds nothing to change in: YAML on a terminal and with
/// `-o yaml`, JSON with `-o json`. Secrets (service keys, shared keys) are written as
/// `${env:VAR}` placeholders; ids and states are left out. Without `--provider`, every
/// configured provider that has a desired-state part.
///
/// Examples:
///
///     $ cc export > network.yaml
///     $ cc export --provider orange -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ExportArgs {
    /// Only this provider (repeatable)
    #[arg(long = "provider", value_name = "PROVIDER")]
    pub providers: Vec<ProviderName>,
}

/// Runs `export`.
pub async fn run(ctx: &Context, args: ExportArgs) -> Result<Outcome> {
    let explicit = !args.providers.is_empty();
    let wanted: Vec<ProviderName> = if explicit {
        args.providers
    } else {
        ProviderName::all().collect()
    };
    let mut chosen = Vec::new();
    for name in wanted {
        match &registry::get(name).desired {
            Some(d) => chosen.push(d),
            None if explicit => {
                return Err(Error::usage(format!(
                    "--provider {name}: desired-state files do not cover it yet"
                ))
                .provider(name));
            }
            None => {}
        }
    }
    let answers =
        futures_util::future::join_all(chosen.iter().map(|d| d.observe(&ctx.config, &ctx.http)))
            .await;
    let mut file = Map::new();
    for (d, answer) in chosen.iter().zip(answers) {
        match answer {
            Answer::Ready(live) => {
                file.insert(d.spec.key.into(), desired::export::export(d.spec, &live));
            }
            Answer::NotConfigured(e) if !explicit => {
                crate::log::note(format!("skipped {}: {}", d.spec.provider, e.message));
            }
            Answer::NotConfigured(e) | Answer::Failed(e) => return Err(e),
        }
    }
    let file = Value::Object(file);
    if ctx.output.jq.is_some() || ctx.output.format == OutputFormat::Json {
        return Ok(Outcome::Body(file));
    }
    let text = serde_saphyr::to_string(&file)
        .map_err(|e| Error::internal("cannot write the file as YAML").caused_by(e))?;
    Ok(Outcome::Text(text))
}
