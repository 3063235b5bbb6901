//! `cc sandbox`: serve the simulator for other shells; `cc sandbox reset`: forget what
//! `--sandbox` commands made.

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
/// Examples:
///
///     $ cc sandbox --addr 127.0.0.1:8080 --env-file /tmp/cc.env &
///     $ until [ -f /tmp/cc.env ]; do sleep 0.1; done; . /tmp/cc.env && cc orange list
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
