//! The questions of `cc orange create` on a terminal, in the order of the provider document:
//! each value from a list is one [`Pick`](super::super::pick::Pick) step, fetched when it is
//! asked (a spinner says which), so that a create given every flag fetches nothing here.

use super::super::pick::{CREDENTIAL, POP, REGION, RESOURCE_GROUP, VNET, VPN};
use super::super::resolve_credential;
use super::CreateValues;
use crate::error::{Error, Result};
use crate::prompt::{self, Choice};
use crate::providers::orange::OrangeClient;
use crate::providers::orange::models;
use crate::validate;

impl CreateValues {
    /// Asks for every missing value, with pick-lists fetched from the API (a spinner says which
    /// while it is fetched, when `spinner`). A value that clashes with another (the two ASNs)
    /// is refused by its own question, which is asked again.
    pub(super) async fn ask(
        &mut self,
        c: &OrangeClient,
        spinner: bool,
        skips: &crate::rules::Skips,
    ) -> Result<()> {
        if self.name.is_none() {
            self.name = Some(prompt::input("Connector name", "--name", |t| {
                validate::name("--name", t, 255).map(|_| ())
            })?);
        }
        if self.bandwidth.is_none() {
            let choices: Vec<Choice> = models::BANDWIDTHS
                .iter()
                .map(|b| Choice {
                    value: b.to_string(),
                    label: format!("{b} Mbps"),
                })
                .collect();
            self.bandwidth = Some(validate::number(
                "--bandwidth",
                &prompt::select("Bandwidth", "--bandwidth", &choices)?,
            )?);
        }
        VPN.ask(&mut self.vpn, spinner, c.vpns()).await?;
        CREDENTIAL
            .ask(&mut self.credential, spinner, c.credentials(None))
            .await?;
        POP.ask(&mut self.pop, spinner, c.pops(None)).await?;
        let credential = crate::wait::step(
            spinner,
            "checking the Azure credential",
            resolve_credential(c, self.credential.as_deref().unwrap_or_default()),
        )
        .await?;
        REGION
            .ask(&mut self.region, spinner, c.regions(&credential))
            .await?;
        let region = self.region.clone().unwrap_or_default();
        RESOURCE_GROUP
            .ask(
                &mut self.resource_group,
                spinner,
                c.resource_groups(&credential, &region),
            )
            .await?;
        VNET.ask(&mut self.vnet, spinner, c.vnets()).await?;
        self.ask_asns()?;
        self.ask_gateway_subnets(skips)?;
        self.check()
    }

    /// Given gateway subnets that overlap (the rule `orange-gateway-subnets-disjoint`, unless
    /// `--skip-rule` lets it through), asks for the network gateway subnet again, refusing one
    /// that overlaps the Azure gateway subnet, so that the clash is mended on the spot.
    fn ask_gateway_subnets(&mut self, skips: &crate::rules::Skips) -> Result<()> {
        let Some(breach) = self.breaches().into_iter().next() else {
            return Ok(());
        };
        if skips.skips(breach.rule) {
            return Ok(());
        }
        crate::log::warn(breach.message());
        let azure = self.azure_gateway_subnet.clone();
        let flag = "--network-gateway-subnet";
        let answer = prompt::input(
            "Orange network gateway subnet, not overlapping the Azure gateway subnet",
            flag,
            |t| {
                let net = validate::cidr(flag, t)?.to_string();
                let values = CreateValues {
                    azure_gateway_subnet: azure.clone(),
                    network_gateway_subnet: Some(net),
                    ..CreateValues::default()
                };
                values
                    .breaches()
                    .pop()
                    .map_or(Ok(()), |b| Err(b.into_error()))
            },
        )?;
        self.network_gateway_subnet = Some(validate::cidr(flag, &answer)?.to_string());
        Ok(())
    }

    /// The two ASNs: each question also refuses the other side's ASN, so that the clash is
    /// re-asked on the spot instead of failing after every other answer.
    fn ask_asns(&mut self) -> Result<()> {
        let asn_check = |flag: &'static str, other: Option<(&'static str, u32)>| {
            move |t: &str| {
                let asn = validate::azure_private_asn(flag, validate::number(flag, t)?)?;
                match other {
                    Some((other_flag, other)) if other == asn => Err(Error::usage(format!(
                        "{flag} {asn} is also {other_flag}: the two BGP sides need different ASNs"
                    ))),
                    _ => Ok(()),
                }
            }
        };
        if self.azure_asn.is_none() {
            let other = self.network_asn.map(|n| ("--network-asn", n));
            self.azure_asn = Some(validate::number(
                "--azure-asn",
                &prompt::input(
                    "Azure-side ASN (64512-65534, not 65515-65520)",
                    "--azure-asn",
                    asn_check("--azure-asn", other),
                )?,
            )?);
        }
        if self.network_asn.is_none() {
            let other = self.azure_asn.map(|n| ("--azure-asn", n));
            self.network_asn = Some(validate::number(
                "--network-asn",
                &prompt::input(
                    "Orange network-side ASN",
                    "--network-asn",
                    asn_check("--network-asn", other),
                )?,
            )?);
        }
        Ok(())
    }
}
