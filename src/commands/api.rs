//! `cc api PROVIDER METHOD PATH`: a raw call with the provider's auth applied, for anything the
//! commands lack. It goes through the same client: retries for reads, never a resent write,
//! redacted logs, `--dry-run`.

use std::io::Read;

use clap::Args;
use reqwest::Method;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::Call;
use crate::output::Outcome;
use crate::registry::{self, ProviderName};

/// Make a raw API call with the provider's auth applied
///
/// PATH is relative to the provider's base URL and may carry a query. The answer's body is
/// printed as JSON, on a terminal too (`--jq` applies, `-o yaml` gives YAML). Writes (POST,
/// PUT, PATCH) are never resent on an ambiguous failure; `--dry-run` prints them instead.
///
/// Examples:
///
///     $ cc api orange GET '/api/v1/network/pointsofpresence/ipsec?limit=5&offset=0'
///     $ cc api orange DELETE /api/v1/projects/PROJECT/azure/cloudconnectors/ID --dry-run
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ApiArgs {
    /// Provider
    pub provider: ProviderName,
    /// HTTP method: GET, POST, PUT, PATCH or DELETE
    pub method: String,
    /// Path relative to the provider's base URL, e.g. `/api/v1/...?limit=5`
    pub path: String,
    /// JSON body, or `@FILE` to read it from a file (`@-`: stdin)
    #[arg(long, value_name = "JSON|@FILE")]
    pub data: Option<String>,
}

fn body(data: &str) -> Result<serde_json::Value> {
    let text = match data.strip_prefix('@') {
        Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Error::usage("--data @-: cannot read stdin").caused_by(e))?;
            s
        }
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| Error::usage(format!("--data @{file}: cannot read it")).caused_by(e))?,
        None => data.to_string(),
    };
    serde_json::from_str(&text).map_err(|e| Error::usage(format!("--data: not valid JSON: {e}")))
}

/// Runs `cc api`.
pub async fn run(ctx: &Context, args: ApiArgs) -> Result<Outcome> {
    let method: Method = args
        .method
        .to_ascii_uppercase()
        .parse()
        .ok()
        .filter(|m| {
            [
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ]
            .contains(m)
        })
        .ok_or_else(|| {
            Error::usage(format!(
                "METHOD `{}`: expected GET, POST, PUT, PATCH or DELETE",
                args.method
            ))
        })?;
    if !args.path.starts_with('/') {
        return Err(Error::usage(format!(
            "PATH `{}`: must start with `/`",
            args.path
        )));
    }
    let body = args.data.as_deref().map(body).transpose()?;
    let (path, query) = args.path.split_once('?').unwrap_or((&args.path, ""));
    let what = format!("{method} {path}");
    let mut call = match method {
        Method::GET => Call::get(path, what),
        Method::DELETE => Call::idempotent(method, path, what),
        _ => Call::create(method, path, what),
    };
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        call = call.query(&k, v);
    }
    if let Some(body) = body {
        call = call.json(body);
    }
    let reply = registry::get(args.provider)
        .api(&ctx.config, &ctx.http)?
        .send(&call)
        .await?;
    if reply.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Outcome::Nothing);
    }
    match serde_json::from_slice(&reply.body) {
        Ok(value) => Ok(Outcome::Body(value)),
        Err(_) => Ok(Outcome::Text(
            String::from_utf8_lossy(&reply.body).into_owned(),
        )),
    }
}
