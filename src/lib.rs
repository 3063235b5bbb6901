//! `cc`: one command line for cloud-connect providers.
//!
//! Layers, lowest first; a module imports only from its own layer or below:
//!
//! 1. core: `error`, `colour`, `hint` (commands in hints), `duration`, `log`, `secret` (secret values as a type), `http` (the
//!    shared client: auth, retries, paging, redaction, dry-run plans), `config`, `validate`, `wait`,
//!    `prompt`, `output` (the one place that prints results), `version` (what `cc --version`
//!    says), `signal` (Ctrl-C and SIGTERM);
//!    `provider` (the providers' names, as errors carry them);
//! 2. `providers`: each API's wire client and its contract (`providers::contract`: facts as data,
//!    behaviour as the `Provider` trait), never the CLI or output layers;
//! 3. `sandbox`: the simulators (they may read the providers' path tables and models);
//! 4. `registry` (the one `match` over the providers), then `context` (what a run resolves
//!    once);
//! 5. `commands`: the handlers (they return data, never print) and the `Command` enum;
//! 6. `cli` (the clap root) and this file (the one reporter of errors and warnings).
//!
//! `error::Error` knows its exit code.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]

pub mod cli;
pub mod colour;
pub mod commands;
pub mod config;
pub mod context;
pub mod desired;
pub mod duration;
pub mod env;
pub mod error;
pub mod health;
pub mod hint;
pub mod http;
pub mod log;
pub mod netaddr;
pub mod output;
pub mod passthrough;
pub mod progress;
pub mod prompt;
pub mod provider;
pub mod providers;
pub mod registry;
pub mod resolve;
pub mod rules;
pub mod sandbox;
pub mod secret;
pub mod signal;
pub mod validate;
pub mod version;
pub mod wait;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::error::Error;
use crate::output::{Emitted, Outcome};

/// Parses `args` (argv[0] included), runs the command and returns the exit code.
///
/// `cc --version` is answered before the clap tree is built: building it (every subcommand,
/// flag and help text) is most of what a start of `cc` costs, and the version needs none of it.
pub fn main(args: Vec<OsString>) -> ExitCode {
    let words: Option<Vec<&str>> = args.iter().skip(1).map(|a| a.to_str()).collect();
    if let Some(request) = words.as_deref().and_then(version::request) {
        return print_version(request);
    }
    let mut tree = Cli::command();
    if args.iter().skip(1).any(|a| a == "--no-color") {
        tree = tree.color(clap::ColorChoice::Never);
    }
    if args.len() <= 1 {
        let _ = tree.print_help();
        return ExitCode::SUCCESS;
    }
    let parsed = tree
        .try_get_matches_from_mut(&args)
        .and_then(|mut matches| {
            Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut tree))
        });
    let cli = match parsed {
        Ok(cli) => cli,
        // `-V` after a subcommand (`cc orange list -V`): clap would name the subcommand
        // (`cc-orange-list 0.1.0`); the version is `cc`'s whole line wherever it is asked for.
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => {
            return print_version(version::Request::default());
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    colour::init(cli.global.no_color);
    log::init(cli.global.verbose, cli.global.quiet);
    hint::remember(
        cli.global.profile.as_deref(),
        cli.global.config.as_deref(),
        cli.global.sandbox,
    );
    let format = match context::Format::decide(&cli.global) {
        Ok(format) => format,
        Err(err) => return report(vec![err], false),
    };
    let json_errors = format.json_errors();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return report(
                vec![Error::internal("cannot start the async runtime").caused_by(e)],
                json_errors,
            );
        }
    };
    match runtime.block_on(run(cli, format)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(errors) => report(errors, json_errors),
    }
}

/// The error of a Ctrl-C or SIGTERM outside a wait or a prompt.
fn interrupted(signal: signal::Signal) -> Error {
    let what = wait::current().map(|what| format!("while {what}"));
    let err = signal.error(what.as_deref().unwrap_or_default());
    match wait::current_resume() {
        Some(resume) => err.resume(resume),
        None => err,
    }
}

/// `cc --version`: the one line (`cc 0.1.0 (40a0c67 2026-12-01)`), or with `-o json|yaml` or
/// `--jq` the object of `version::info`.
fn print_version(request: version::Request) -> ExitCode {
    let json_errors = request.jq.is_some() || request.format == Some(output::OutputFormat::Json);
    let outcome = match (request.format, &request.jq) {
        (None | Some(output::OutputFormat::Table), None) => {
            Outcome::Text(format!("cc {}\n", *version::LINE))
        }
        _ => Outcome::Item(version::info()),
    };
    let options = request
        .jq
        .as_deref()
        .map(output::Jq::new)
        .transpose()
        .map(|jq| output::OutputOptions {
            format: request.format.unwrap_or(output::OutputFormat::Json),
            jq,
            width: None,
            picture: false,
        });
    match options.and_then(|options| output::emit(outcome, &options)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => report(vec![err], json_errors),
    }
}

/// The one reporter: every error of the run on stderr, as JSON objects (`{"error": {...}}`) or
/// as text; the first decides the exit code.
fn report(errors: Vec<Error>, json: bool) -> ExitCode {
    let code = errors.first().map_or(1, Error::exit_code);
    let mut stderr = std::io::stderr().lock();
    // A pick-list or a spinner may have hidden the cursor when Ctrl-C came: show it again.
    let ended = [error::ErrorKind::Interrupted, error::ErrorKind::Terminated];
    if ended.iter().any(|k| k.exit_code() == code) && stderr.is_terminal() {
        let _ = stderr.write_all(b"\x1b[?25h");
    }
    for err in errors.into_iter().map(registry::explain) {
        let text = if json {
            format!("{}\n", err.to_json())
        } else {
            err.render()
        };
        let _ = stderr.write_all(text.as_bytes());
    }
    ExitCode::from(code)
}

/// Runs a parsed command line to the end: context, handler, output. A command that partly
/// failed (`Outcome::Partial`) prints what it has, then hands back every error.
pub async fn run(cli: Cli, format: context::Format) -> Result<Emitted, Vec<Error>> {
    let ctx = context::Context::new(cli.global, format)
        .await
        .map_err(|e| vec![e])?;
    for warning in &ctx.config.warnings {
        log::warn(warning);
    }
    // A `--config` file or `--profile` that is not there is exit 2, but `config set`/`init`
    // create it.
    if !cli.command.creates_profile() {
        ctx.config.require_present().map_err(|e| vec![e])?;
    }
    // Completions and man pages build a tree of their own: the one `main` parsed with is marked
    // built, with `help` subcommands added that would then show in the scripts and pages.
    // Ctrl-C or SIGTERM anywhere: a wait and a prompt say more themselves (they are polled
    // first); elsewhere (a look-up, an order in flight) the last step named is what was
    // interrupted.
    let outcome = tokio::select! {
        biased;
        outcome = commands::dispatch(&ctx, cli.command, Cli::command) => outcome,
        signal = signal::received() => Err(interrupted(signal)),
    }
    .map_err(|e| vec![e])?;
    // A dry run that planned changes prints them, not the stand-in result they led to; one
    // that changed nothing (a list, a `get`) prints its result as usual. What failed on the way
    // (a change of `apply` refused before sending) still fails the run: a script must not read
    // a half-planned run as one that would succeed.
    let planned = ctx.http.settings.plan.as_ref().map(http::Plan::take);
    let outcome = match (planned, outcome) {
        (Some(requests), Outcome::Partial { errors, .. }) if !requests.is_empty() => {
            Outcome::Partial {
                shown: Box::new(Outcome::planned(requests)),
                errors,
            }
        }
        (Some(requests), _) if !requests.is_empty() => Outcome::planned(requests),
        (_, outcome) => outcome,
    };
    let (outcome, failures) = match outcome {
        Outcome::Partial { shown, errors } => (*shown, errors),
        other => (other, Vec::new()),
    };
    // An empty table says so, unless it is empty because providers failed (they are reported).
    let empty = output::is_empty_table(&outcome, &ctx.output) && failures.is_empty();
    // A filter failing on the result of a change must not hide it: the result is printed whole.
    let emitted = if ctx.http.settings.changes.any() {
        output::emit_after_change(outcome, &ctx.output)
    } else {
        output::emit(outcome, &ctx.output)
    };
    // The command's own failures come first (they decide the exit code), then the output's.
    let emitted = match emitted {
        Ok(emitted) => emitted,
        Err(e) => return Err(failures.into_iter().chain([e]).collect()),
    };
    if empty && emitted == Emitted::Done {
        log::note("nothing matched: the list is empty");
    }
    match failures {
        errors if !errors.is_empty() && emitted == Emitted::Done => Err(errors),
        _ => Ok(emitted),
    }
}
