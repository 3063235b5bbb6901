//! `cc sandbox`: serve the simulator for other shells; `cc sandbox reset`: forget what
//! `--sandbox` commands made.
//!
//! `--break SERVICE:WHAT` is the simulators' own control route (`POST {url}/_sandbox/break`),
//! sent once the server listens and before the exports are printed: the same break a user
//! would send with curl, so there is one way to break a link and the flag names no provider.
//! A break no simulator takes is exit 2 with the simulator's reason, and nothing is served.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{self, Outcome};

/// Serve the simulator of the provider APIs on 127.0.0.1
///
/// Prints one `export KEY=VALUE` line per variable that points another `cc` at it (URLs and
/// dummy credentials), and the official clients' own variables (`CLOUD_SDK_AK`,
/// `HUAWEICLOUD_SDK_AK`, `OVH_ENDPOINT`, ...), then serves until Ctrl-C. Each provider is
/// served where its official clients look: Huawei at the root, OVH under `/ovh/1.0`.
/// Its state lives as long as the server. `--env-file FILE` writes the exports to FILE
/// atomically once it accepts connections: a script waits for FILE, then sources it.
/// `cc -v sandbox` logs each request it serves on stderr (method, path, status, ms).
///
/// `--sandbox` runs the same simulator in process for one command and keeps its state in
/// `$XDG_STATE_HOME/cc/sandbox.json` (`~/.local/state/cc/`) for the next one;
/// `cc sandbox reset` removes it, back to the seeded accounts.
/// `CC_SANDBOX_OVH_SERVICES=N` seeds the OVH simulator with N OVHcloud Connect services.
/// `CC_SANDBOX_HUAWEI_CONNECTIONS=N` seeds the Huawei simulator with N more cloud connections.
///
/// `--break SERVICE:WHAT` (repeatable) breaks a link on purpose from the start, to rehearse a
/// monitoring job: WHAT is `interface-down` (its first interface down, no light, its BGP
/// sessions down), `flap` (its first L3 BGP session down for the provision delay, then up with
/// a flap counted), `maintenance` (one open for two hours) or `repair`. SERVICE is an
/// OVHcloud Connect service of the simulator. While it runs, the same break is
/// `curl -X POST 'http://ADDR/ovh/1.0/_sandbox/break?service=SERVICE&what=WHAT'`.
///
/// Examples:
///
///     $ cc sandbox --addr 127.0.0.1:8080 --env-file /tmp/cc.env &
///     $ until [ -f /tmp/cc.env ]; do sleep 0.1; done; . /tmp/cc.env && cc orange list
///     $ cc sandbox --break 5f8f3b52-0000-4000-8000-000000000002:interface-down
///     $ cc sandbox reset
#[derive(Debug, Args)]
#[command(verbatim_doc_comment, args_conflicts_with_subcommands = true)]
pub struct SandboxArgs {
    /// What to do instead of serving.
    #[command(subcommand)]
    pub action: Option<SandboxAction>,
    /// Address to listen on (loopback only; port 0 picks a free one)
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: String,
    /// Delay added to every response
    #[arg(long, default_value = "0ms", value_parser = crate::duration::parse, value_name = "DURATION")]
    pub latency: Duration,
    /// How long a resource takes to come up or go away
    #[arg(long, default_value = "3s", value_parser = crate::duration::parse, value_name = "DURATION")]
    pub provision_delay: Duration,
    /// Share of requests answered 503 in the provider's error shape, 0 to 1 (e.g. 0.2)
    #[arg(long, default_value = "0", value_parser = fail_rate, value_name = "RATE")]
    pub fail: f64,
    /// Answer the next N requests 503 (later: `curl -X POST http://ADDR/_sandbox/fail-next?n=N`)
    #[arg(long, default_value = "0", value_name = "N")]
    pub fail_next: u64,
    /// Also write the exports to FILE, atomically, once the server accepts connections
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// Break a link on purpose from the start: WHAT is interface-down, flap, maintenance or repair (repeatable)
    #[arg(long = "break", value_name = "SERVICE:WHAT", value_parser = break_spec)]
    pub breaks: Vec<(String, String)>,
}

/// `cc sandbox`'s subcommands.
#[derive(Debug, Subcommand)]
pub enum SandboxAction {
    /// Remove the state `--sandbox` keeps between commands: the next one starts from the seeded accounts
    ///
    /// Examples:
    ///
    ///     $ cc sandbox reset
    #[command(verbatim_doc_comment)]
    Reset,
}

/// `--fail`: a share between 0 and 1.
fn fail_rate(text: &str) -> std::result::Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "expected a share between 0 and 1, e.g. 0.2, not `{text}`"
        )),
    }
}

/// `--break`: `SERVICE:WHAT`, both given.
fn break_spec(text: &str) -> std::result::Result<(String, String), String> {
    match text.rsplit_once(':') {
        Some((service, what)) if !service.trim().is_empty() && !what.trim().is_empty() => {
            Ok((service.trim().to_string(), what.trim().to_string()))
        }
        _ => Err(format!(
            "expected SERVICE:WHAT, e.g. 5f8f3b52-0000-4000-8000-000000000002:interface-down, not `{text}`"
        )),
    }
}

/// Sends each break to the control route of every simulator (`{url}/_sandbox/break`): the one
/// that has the service answers 200; a 400 is a simulator's reason for refusing it; a
/// simulator without the route answers 404, which is no answer.
async fn apply_breaks(
    ctx: &Context,
    running: &crate::sandbox::Running,
    breaks: &[(String, String)],
) -> Result<()> {
    if breaks.is_empty() {
        return Ok(());
    }
    let http = ctx.http.reqwest()?;
    let mut bases: Vec<&str> = running
        .settings
        .iter()
        .filter(|(key, _)| key.ends_with(".url"))
        .map(|(_, url)| url.trim_end_matches('/'))
        .collect();
    bases.dedup();
    for (service, what) in breaks {
        let flag = format!("--break {service}:{what}");
        let mut refused = None;
        let mut applied = None;
        for base in &bases {
            let url = reqwest::Url::parse_with_params(
                &format!("{base}/_sandbox/break"),
                [("service", service.as_str()), ("what", what.as_str())],
            )
            .map_err(|e| Error::internal(format!("{flag}: bad control URL")).caused_by(e))?;
            let reply = http.post(url).send().await.map_err(|e| {
                Error::internal(format!("{flag}: the sandbox did not answer")).caused_by(e)
            })?;
            let status = reply.status().as_u16();
            let body: serde_json::Value = reply.json().await.unwrap_or_default();
            match status {
                200 => applied = Some(body),
                400 => refused = body["error"].as_str().map(str::to_string),
                _ => continue,
            }
            if applied.is_some() {
                break;
            }
        }
        match (applied, refused) {
            (Some(done), _) => crate::log::note(format!("cc sandbox: {flag}: {done}")),
            (None, Some(why)) => return Err(Error::usage(format!("{flag}: {why}"))),
            (None, None) => {
                return Err(Error::usage(format!(
                    "{flag}: no simulator takes breaks for `{service}`"
                )));
            }
        }
    }
    Ok(())
}

/// Starts the server, prints the exports, serves until Ctrl-C.
pub async fn run(ctx: &Context, args: SandboxArgs) -> Result<Outcome> {
    if let Some(SandboxAction::Reset) = args.action {
        crate::log::note(crate::sandbox::state::reset()?);
        return Ok(Outcome::Nothing);
    }
    // The flags win, but a malformed `CC_SANDBOX_*` variable is refused as `--sandbox` does.
    crate::sandbox::Options::from_env()?;
    let options = crate::sandbox::Options {
        latency: args.latency,
        provision_delay: args.provision_delay,
        fail_rate: args.fail,
        fail_next: args.fail_next,
        persist: false,
        log_requests: ctx.global.verbose > 0,
    };
    let running = crate::registry::start_sandbox(&args.addr, options).await?;
    apply_breaks(ctx, &running, &args.breaks).await?;
    let exports = crate::sandbox::exports(&running, &ctx.config.known);
    if let Some(file) = &args.env_file {
        crate::sandbox::state::write_atomically(file, &exports).map_err(|e| {
            Error::usage(format!("--env-file {}: cannot write it", file.display())).caused_by(e)
        })?;
    }
    output::emit(Outcome::Text(exports), &ctx.output)?;
    crate::log::note(format!(
        "cc sandbox: serving on http://{}; Ctrl-C to stop",
        running.addr
    ));
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Error::internal("cannot wait for Ctrl-C").caused_by(e))?;
    Ok(Outcome::Nothing)
}
