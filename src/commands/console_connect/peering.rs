//! `cc console-connect azure peering set|get|delete`: the peerings of an ACTIVE connection.
//! Every value is checked before anything is sent, nothing is sent before the connection is
//! ACTIVE, the shared key never appears in output, and set/delete wait for the outcome.

use std::collections::BTreeMap;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{client, connection_id, find_connection};
use crate::commands::{DELETED, DELETING, Deleted};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::redact;
use crate::output::Outcome;
use crate::providers::console_connect::models::{ConnectionStatus, PeeringRequest, PeeringType};
use crate::providers::console_connect::{PROVIDER, desired_values, desired_wait, rules};

/// Azure peering configs of a connection
#[derive(Debug, Subcommand)]
pub enum PeeringCommand {
    // Help text: the doc comment of `PeeringSetArgs`.
    Set(PeeringSetArgs),
    /// Show a peering config (the shared key is masked)
    ///
    /// Examples:
    ///
    ///     $ cc console-connect azure peering set 5e7a2b1903be0d0014960141 PRIVATE --peer-asn 65010 \
    ///         --primary-subnet 169.254.10.0/30 --secondary-subnet 169.254.10.4/30 --vlan 100
    ///     $ cc console-connect azure peering get 5e7a2b1903be0d0014960141 PRIVATE
    #[command(verbatim_doc_comment)]
    Get {
        /// Connection id (24 hex digits) or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
        /// PRIVATE, PUBLIC or MICROSOFT
        #[arg(value_name = "TYPE", value_parser = parse_peering_type)]
        kind: PeeringType,
    },
    /// Remove a peering config and wait until it is gone
    ///
    /// Asks for confirmation on a terminal; pass `--yes` in scripts.
    ///
    /// Examples:
    ///
    ///     $ cc console-connect azure peering set 5e7a2b1903be0d0014960141 PRIVATE --peer-asn 65010 \
    ///         --primary-subnet 169.254.10.0/30 --secondary-subnet 169.254.10.4/30 --vlan 100
    ///     $ cc console-connect azure peering delete 5e7a2b1903be0d0014960141 PRIVATE --yes
    #[command(verbatim_doc_comment)]
    Delete {
        /// Connection id (24 hex digits) or exact name
        #[arg(value_name = "ID|NAME")]
        target: String,
        /// PRIVATE, PUBLIC or MICROSOFT
        #[arg(value_name = "TYPE", value_parser = parse_peering_type)]
        kind: PeeringType,
    },
}

/// What `cc console-connect azure peering set --help` says about the body it sends.
pub const PEERING_BODY_HELP: &str = "\
Request body sent (POST .../AZURE/layer2/{id}/peering/{type}):
  peerASN                     --peer-asn            (inferred)
  primaryPeerAddressPrefix    --primary-subnet      (inferred)
  secondaryPeerAddressPrefix  --secondary-subnet    (inferred)
  vlanId                      --vlan                (inferred)
  sharedKey                   --shared-key          (inferred; only when given)
  advertisedPublicPrefixes    --advertised-prefix   (documented; MICROSOFT only)
  routingRegistryName         --routing-registry    (documented; MICROSOFT only)
Console Connect documents only the last two names. They are spelled as in Azure's ARM peering
model (ExpressRouteCrossConnectionPeeringProperties), so the others are inferred to be that
model's names; they are kept in one place (src/providers/console_connect/models.rs) so they can
be corrected.

The wait: done when the peering's syncStatus is SYNCED (the document's field: PENDING, SYNCING,
SYNCED) or its provisioning status is PROVISIONED; a peering with neither is still pending.";

/// Set a peering config (PRIVATE, PUBLIC or MICROSOFT) and wait until it is SYNCED
///
/// Refused before the connection is ACTIVE (`cc console-connect wait ID` first). Every value is
/// checked before anything is sent: subnets are two distinct IPv4 /30s, VLAN 1-4094, peer ASN
/// 1-4294967294 except 23456, 65535 and 65515-65520 (reserved by Microsoft); `--advertised-prefix`
/// and `--routing-registry` only for MICROSOFT, which needs at least one advertised prefix, and
/// takes public link subnets and prefixes only and no peer ASN of Microsoft's (8074, 8075, 12076:
/// inferred, `--skip-rule console-connect-microsoft-peer-asn`); a private peer ASN there gets a
/// warning (Azure validates it by hand). Sending a config again replaces it. The shared key
/// never appears in any output or log.
///
/// Examples:
///
///     $ cc console-connect azure peering set 5e7a2b1903be0d0014960141 PRIVATE --peer-asn 65010 \
///         --primary-subnet 169.254.10.0/30 --secondary-subnet 169.254.10.4/30 --vlan 100
///
///     $ cc console-connect azure peering set 5e7a2b1903be0d0014960141 MICROSOFT --peer-asn 64496 \
///         --primary-subnet 123.0.0.0/30 --secondary-subnet 123.0.0.4/30 --vlan 200 \
///         --advertised-prefix 123.1.0.0/24 --routing-registry ARIN
#[derive(Debug, Args)]
#[command(verbatim_doc_comment, after_help = PEERING_BODY_HELP)]
pub struct PeeringSetArgs {
    /// Connection id (24 hex digits) or exact name
    #[arg(value_name = "ID|NAME")]
    pub target: String,
    /// PRIVATE, PUBLIC or MICROSOFT
    #[arg(value_name = "TYPE", value_parser = parse_peering_type)]
    pub kind: PeeringType,
    /// Your BGP ASN: 1-4294967294, not 23456, 65535 or 65515-65520
    #[arg(long, value_name = "ASN")]
    pub peer_asn: u32,
    /// Primary link subnet, an IPv4 /30
    #[arg(long, value_name = "CIDR")]
    pub primary_subnet: String,
    /// Secondary link subnet, an IPv4 /30 apart from the primary
    #[arg(long, value_name = "CIDR")]
    pub secondary_subnet: String,
    /// VLAN id, 1-4094
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=4094))]
    pub vlan: u16,
    /// BGP MD5 shared key (optional); `-` reads it from stdin (asks for it without echo on a
    /// terminal), to keep it off the command line
    #[arg(long, value_name = "KEY|-")]
    pub shared_key: Option<String>,
    /// Public prefix to advertise, CIDR (MICROSOFT only, public addresses only; repeat for several)
    #[arg(long = "advertised-prefix", value_name = "CIDR")]
    pub advertised_prefixes: Vec<String>,
    /// Routing registry of the prefixes, e.g. ARIN, RIPENCC (MICROSOFT only)
    #[arg(long, value_name = "NAME")]
    pub routing_registry: Option<String>,
}

fn parse_peering_type(text: &str) -> std::result::Result<PeeringType, String> {
    PeeringType::parse(text).ok_or_else(|| "expected PRIVATE, PUBLIC or MICROSOFT".to_string())
}

/// The flag (or argument) of each body field that `providers::console_connect::rules` names in
/// a breach.
const FLAGS: &[(&str, &str)] = &[
    (rules::PEER_ASN, "--peer-asn"),
    (rules::PRIMARY, "--primary-subnet"),
    (rules::SECONDARY, "--secondary-subnet"),
    (rules::PREFIXES, "--advertised-prefix"),
    (rules::TYPE, "TYPE"),
];

/// The breaches of the rules that span the values of `body` (a `kind` peering), their inputs
/// named by their flags.
fn breaches(kind: PeeringType, body: &PeeringRequest) -> Vec<crate::rules::Breach> {
    let planned = rules::Planned {
        kind,
        peer_asn: body.peer_asn,
        primary: &body.primary_subnet,
        secondary: &body.secondary_subnet,
        prefixes: body
            .advertised_public_prefixes
            .as_deref()
            .unwrap_or_default(),
    };
    let mut found = rules::check(&[planned]);
    for breach in &mut found {
        breach.naming(FLAGS);
    }
    found
}

impl PeeringSetArgs {
    /// The request body, once every value passed the provider's checks (the same ones a
    /// desired-state file's peering meets, `desired_values::peering_body`); nothing has been
    /// sent yet. A refusal names the flag (a field's flag is its name with `-` for `_`).
    fn request(&self) -> Result<PeeringRequest> {
        let mut want = BTreeMap::new();
        want.insert("peer_asn", json!(self.peer_asn));
        want.insert("primary_subnet", json!(self.primary_subnet));
        want.insert("secondary_subnet", json!(self.secondary_subnet));
        want.insert("vlan", json!(self.vlan));
        if let Some(key) = &self.shared_key {
            want.insert("shared_key", json!(key));
        }
        if !self.advertised_prefixes.is_empty() {
            want.insert("advertised_prefix", json!(self.advertised_prefixes));
        }
        if let Some(registry) = &self.routing_registry {
            want.insert("routing_registry", json!(registry));
        }
        let mut body = desired_values::peering_body(self.kind, &want).map_err(|refused| {
            let flag = format!("--{}", refused.field.replace('_', "-"));
            let shown = match refused.value.as_str() {
                crate::desired::MASK | desired_values::NONE_GIVEN => String::new(),
                value => format!(" {value}"),
            };
            Error::usage(format!("{flag}{shown}: {}", refused.why))
        })?;
        // A file's `${env:VAR}` key is left to apply; a flag's value is the key itself.
        body.shared_key = self.shared_key.clone();
        Ok(body)
    }
}

/// A peering object as it may be printed: the shared key (and any other secret-named field)
/// masked.
fn masked(mut value: Value) -> Value {
    redact::json(&mut value);
    value
}

/// Runs a `console-connect azure peering` subcommand.
pub(super) async fn run(ctx: &Context, cmd: PeeringCommand) -> Result<Outcome> {
    match cmd {
        PeeringCommand::Set(args) => peering_set(ctx, args).await,
        PeeringCommand::Get { target, kind } => {
            let c = client(ctx)?;
            let id = connection_id(&c, &target).await?;
            Ok(Outcome::Item(masked(c.peering(&id, kind).await?)))
        }
        PeeringCommand::Delete { target, kind } => {
            let c = client(ctx)?;
            let id = connection_id(&c, &target).await?;
            ctx.confirm(&format!(
                "Delete the {kind} peering of Console Connect connection {id}?"
            ))?;
            c.delete_peering(&id, kind).await?;
            // The delete shape of every provider, plus which peering of the connection it was.
            let summary = |status| {
                let mut shown = Deleted {
                    id: &id,
                    name: None,
                    state: None,
                    status,
                    request_id: None,
                }
                .to_json();
                shown["type"] = json!(kind.as_str());
                Outcome::Item(shown)
            };
            if ctx.no_wait() {
                return Ok(summary(DELETING));
            }
            desired_wait::peering_gone(&c, &ctx.wait, &id, kind).await?;
            Ok(summary(DELETED))
        }
    }
}

async fn peering_set(ctx: &Context, mut args: PeeringSetArgs) -> Result<Outcome> {
    if args.shared_key.as_deref() == Some("-") {
        let asked = "BGP MD5 shared key";
        args.shared_key = Some(crate::secret::dash("--shared-key", asked, ctx.interactive)?);
    }
    let body = args.request()?;
    let kind = args.kind;
    // The rules that span the values need no look-up: nothing is sent before them.
    ctx.enforce(breaches(kind, &body))
        .map_err(|e| e.provider(PROVIDER))?;
    if let Some(warning) = rules::private_asn_warning(kind, body.peer_asn) {
        crate::log::warn(warning);
    }
    let c = client(ctx)?;
    let connection = find_connection(&c, &args.target).await?;
    let id = connection.view.id.clone();
    if connection.view.status != ConnectionStatus::Active {
        return Err(Error::usage(format!(
            "connection {id} is {}: Console Connect takes a peering config only once the connection is ACTIVE; nothing was sent",
            connection.view.status
        ))
        .hint(format!("wait for it with `{}`, then run this again", crate::hint::cc(&format!("console-connect wait {id}")))));
    }
    let answer = c.set_peering(&id, kind, &body).await?;
    crate::log::line(
        crate::log::PROGRESS,
        format!("{PROVIDER}: {kind} peering of connection {id} sent"),
    );
    if ctx.no_wait() {
        let shown = answer
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({ "id": id, "type": kind.as_str(), "status": "submitted" }));
        return Ok(Outcome::Item(masked(shown)));
    }
    let done = desired_wait::peering_set(&c, &ctx.wait, &id, kind).await?;
    Ok(Outcome::Item(masked(done)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::console_connect::models::PeeringRequest;

    #[test]
    fn peering_help_names_every_key_the_body_can_carry() {
        let full = PeeringRequest::with_every_key();
        let value = serde_json::to_value(&full).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 7);
        for key in keys {
            assert!(
                PEERING_BODY_HELP.contains(&format!("\n  {key} ")),
                "{key} missing from the help"
            );
        }
        let minimal = PeeringRequest {
            shared_key: None,
            advertised_public_prefixes: None,
            routing_registry_name: None,
            ..full
        };
        let value = serde_json::to_value(&minimal).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 4);
    }
}
