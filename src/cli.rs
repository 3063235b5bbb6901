//! The root of the command line: the program's about text and the two halves it joins.
//!
//! The global options live with the context that resolves them (`context::GlobalArgs`) and the
//! top-level command enum with its dispatch (`commands::Command`), so that this module is the
//! only one that sees both and nothing below it imports it. The names, flags and defaults are
//! the contract of `CLI.md`: users' scripts depend on them, so change them only with the
//! contract.
//!
//! Environment variables for global options (`CC_OUTPUT`, `CC_TIMEOUT`, ...) are resolved in
//! `context.rs`, not by clap's `env`, so that `cc config view` can tell a flag from a variable.

use clap::Parser;

use crate::commands::Command;
use crate::context::GlobalArgs;

/// cc: one command line for cloud-connect providers
///
/// Order and inspect private links between your networks and public clouds across
/// Orange Business Evolution Platform, Console Connect, Huawei Cloud Connect and OVHcloud Connect.
///
/// Examples:
///
///     # try everything against the built-in simulator, no credentials needed (it remembers
///     # what you make there; `cc sandbox reset` forgets it)
///     $ cc --sandbox orange create --name "Connection to AMSTERDAM" --bandwidth 50 \
///         --vpn VPNName3 --credential Azure_Credential_1 --pop POP4 --region northeurope \
///         --resource-group rg-3 --vnet vnet-02 --azure-asn 64512 --network-asn 64513 \
///         --if-exists reuse
///
///     # list Orange cloud connectors as JSON and keep only the ACTIVE ones
///     $ cc orange list --jq '.[] | select(.state == "ACTIVE") | .name'
#[derive(Debug, Parser)]
#[command(
    name = "cc",
    version = crate::version::LINE.as_str(),
    verbatim_doc_comment,
    propagate_version = true
)]
#[command(max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}
