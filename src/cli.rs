//! The command-line surface: global options and the top-level command enum.
//!
//! Only clap definitions live here (uv's `uv-cli` split); each provider's subcommands sit next to
//! their handlers in `commands/`. The names, flags and defaults are the contract of `CLI.md`:
//! users' scripts depend on them, so change them only with the contract.
//!
//! Environment variables for global options (`CC_OUTPUT`, `CC_TIMEOUT`, ...) are resolved in
//! `config.rs`, not by clap's `env`, so that `cc config view` can tell a flag from a variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands::{
    config::ConfigCommand, console_connect::ConsoleConnectCommand, huawei::HuaweiCommand,
    orange::OrangeCommand,
};

/// cc: one command line for cloud-connect providers
///
/// Order and inspect private links between your networks and public clouds across
/// Orange Business Evolution Platform, Console Connect, Huawei Cloud Connect and OVHcloud Connect.
///
/// Examples:
///
///     # try everything against the built-in simulator, no credentials needed
///     $ cc --sandbox orange create --name "Connection to PARIS" --bandwidth 50 \
///         --vpn VPNName3 --credential Azure_Credential_1 --pop POP4 --region northeurope \
///         --resource-group rg-3 --vnet vnet-02 --azure-asn 64512 --network-asn 64513
///
///     # list Orange cloud connectors as JSON and keep only the ACTIVE ones
///     $ cc orange list --jq '.[] | select(.state == "ACTIVE") | .name'
#[derive(Debug, Parser)]
#[command(name = "cc", version, verbatim_doc_comment, propagate_version = true)]
#[command(max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted anywhere on the command line.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Output format [env: CC_OUTPUT] [default: table on a terminal, json otherwise]
    #[arg(
        short = 'o',
        long,
        global = true,
        value_name = "FORMAT",
        help_heading = "Global options"
    )]
    pub output: Option<OutputFormat>,

    /// jq filter applied to the JSON result (built in; implies `-o json`)
    #[arg(
        long,
        global = true,
        value_name = "FILTER",
        help_heading = "Global options"
    )]
    pub jq: Option<String>,

    /// Profile in the config file [env: CC_PROFILE] [default: default]
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        help_heading = "Global options"
    )]
    pub profile: Option<String>,

    /// Config file [env: CC_CONFIG] [default: $XDG_CONFIG_HOME/cc/config.toml]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub config: Option<PathBuf>,

    /// Print each mutating request (redacted) instead of sending it; look-ups still run
    #[arg(long, global = true, help_heading = "Global options")]
    pub dry_run: bool,

    /// Return as soon as the provider accepted a create or delete, without polling
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_wait: bool,

    /// How long to wait for a state, e.g. `90s`, `30m` [env: CC_TIMEOUT] [default: 30m]
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse, help_heading = "Global options")]
    pub timeout: Option<std::time::Duration>,

    /// Polling interval while waiting; backs off to 30s [default: 5s]
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse, help_heading = "Global options")]
    pub interval: Option<std::time::Duration>,

    /// Per-request HTTP timeout [default: 30s]
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse, help_heading = "Global options")]
    pub http_timeout: Option<std::time::Duration>,

    /// Confirm destructive operations (required off a terminal)
    #[arg(short = 'y', long, global = true, help_heading = "Global options")]
    pub yes: bool,

    /// More output on stderr: -v progress, -vv HTTP lines, -vvv bodies (secrets always redacted)
    #[arg(short = 'v', long = "verbose", action = clap::ArgAction::Count, global = true, help_heading = "Global options")]
    pub verbose: u8,

    /// Only errors on stderr
    #[arg(
        short = 'q',
        long,
        global = true,
        conflicts_with = "verbose",
        help_heading = "Global options"
    )]
    pub quiet: bool,

    /// Plain output, no colour [env: NO_COLOR]
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_color: bool,

    /// Run against the built-in simulator of the providers, in process; no credentials needed [env: CC_SANDBOX=1]
    #[arg(long, global = true, help_heading = "Global options")]
    pub sandbox: bool,
}

/// How results are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A table that fits the terminal (for humans)
    Table,
    /// JSON: one object, or one array for lists (for scripts)
    Json,
    /// YAML
    Yaml,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum Command {
    /// Orange Business Evolution Platform: Azure cloud connectors
    #[command(subcommand)]
    Orange(OrangeCommand),

    /// Console Connect: Azure ExpressRoute layer-2 connections
    #[command(subcommand)]
    ConsoleConnect(ConsoleConnectCommand),

    /// Huawei Cloud Connect v3: cloud connections and what makes them carry traffic
    #[command(subcommand)]
    Huawei(HuaweiCommand),

    /// Connections across providers, in one table
    #[command(subcommand)]
    Connections(crate::commands::connections::ConnectionsCommand),

    // Help text: the doc comment of `ApiArgs`.
    Api(crate::commands::api::ApiArgs),

    /// Check each configured provider: values, endpoint, credentials, clock
    ///
    /// With `-o json`: an array of `{"provider", "status": "ok" | "warn" | "fail" | "skipped",
    /// "endpoint", "detail", "clock_skew_s"}`. Exits non-zero when a provider fails.
    ///
    /// Examples:
    ///
    ///     $ cc doctor
    ///     $ cc doctor -o json --jq '.[] | select(.status == "fail") | .provider'
    #[command(verbatim_doc_comment)]
    Doctor,

    // Help text: the doc comment of `SandboxArgs` (a variant doc would replace it).
    Sandbox(crate::commands::sandbox::SandboxArgs),

    /// Show or change configuration
    #[command(subcommand)]
    Config(ConfigCommand),

    // Help text: the doc comment of `CompletionsArgs`.
    Completions(crate::commands::completions::CompletionsArgs),

    // Help text: the doc comment of `ManArgs`.
    Man(crate::commands::completions::ManArgs),
}
