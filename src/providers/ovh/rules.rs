//! The provider document's rules, checked before anything is sent (and by the sandbox, which
//! answers them with `400 Client::BadRequest`).
//!
//! Source: `provider-docs/ovhcloud-connect-apiv6-fr.txt` ("Configuration de OVHcloud Connect
//! depuis les APIv6", 2020-09-14), quoted in each function, and the schema's field descriptions
//! (`provider-notes/huawei-ovh.md` §2.7). The messages name the rule and the offending value,
//! never a command-line flag: each refusal lists the fields of the body it judged ([`Input`]), and
//! the command layer names them by the flags that carried them ([`Error::naming`]).
//!
//! On ASNs: the document does not give a range; the schema describes both `customerBgpArea` and
//! `ovhBgpArea` as "Private AS", so [`check_private_asn`] applies the private ranges of RFC 6996
//! (64512-65534 and 4200000000-4294967294). That the two ends of one BGP session have different
//! ASNs is [INF] (an eBGP session), as are the checks marked so below.

use ipnet::Ipv4Net;

use super::PROVIDER;
use super::models::{
    ConfigStatus, DatacenterConfig, DatacenterExtraConfig, ExtraType, PopConfig, PopType,
};
use crate::error::{Error, Refusal, Result};

/// An input of a body: the field it fills, and what the rules' messages call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input {
    /// The field, as the schema spells it.
    pub field: &'static str,
    /// Its name in messages.
    pub what: &'static str,
}

const fn input(field: &'static str, what: &'static str) -> Input {
    Input { field, what }
}

/// `customerBgpArea` of a POP configuration.
pub const CUSTOMER_ASN: Input = input("customerBgpArea", "customer ASN");
/// `ovhBgpArea` of a POP or datacenter configuration.
pub const OVH_ASN: Input = input("ovhBgpArea", "OVH ASN");
/// `subnet` of a POP configuration.
pub const POP_SUBNET: Input = input("subnet", "POP subnet");
/// `subnet` of a datacenter configuration.
pub const DC_SUBNET: Input = input("subnet", "datacenter subnet");
/// `subnet` of a static route.
pub const ROUTE_SUBNET: Input = input("subnet", "route subnet");
/// `nextHop` of a static route.
pub const NEXT_HOP: Input = input("nextHop", "next hop");
/// `bgpNeighborArea` of a BGP session.
pub const NEIGHBOR_ASN: Input = input("bgpNeighborArea", "BGP neighbor ASN");
/// `bgpNeighborIp` of a BGP session.
pub const NEIGHBOR_IP: Input = input("bgpNeighborIp", "BGP neighbor IP");
/// `type` of a POP or extra configuration.
pub const TYPE: Input = input("type", "type");
/// `description` of a service.
pub const DESCRIPTION: Input = input("description", "description");

/// Exit 2: `rule` broken by the inputs of `fields`; the message is the rule alone until the
/// command layer names them.
fn refuse(fields: &[Input], rule: String) -> Error {
    let fields: Vec<&str> = fields.iter().map(|i| i.field).collect();
    Error::refused(Refusal::standing("ovh: ", &fields, rule)).provider(PROVIDER)
}

/// The same refusal, said of `fields` (a check that judges several inputs as one).
fn about(mut err: Error, fields: &[Input]) -> Error {
    if let Some(refusal) = err.refusal.as_mut() {
        refusal.fields = fields.iter().map(|i| i.field.to_string()).collect();
    }
    err
}

/// The inputs of `inputs` whose flag is `true`.
fn those(inputs: &[(bool, Input)]) -> Vec<Input> {
    inputs.iter().filter(|(b, _)| *b).map(|(_, i)| *i).collect()
}

/// What `inputs` are called in a message, joined by ", ".
fn whats(inputs: &[Input]) -> String {
    inputs.iter().map(|i| i.what).collect::<Vec<_>>().join(", ")
}

/// A private AS number (RFC 6996), as the schema's "Private AS" says.
pub fn check_private_asn(input: Input, asn: u64) -> Result<()> {
    if (64512..=65534).contains(&asn) || (4_200_000_000..=4_294_967_294).contains(&asn) {
        Ok(())
    } else {
        Err(refuse(
            &[input],
            format!(
                "{} {asn} is not a private AS number (64512-65534 or 4200000000-4294967294, RFC 6996); the OVH API takes private AS numbers only",
                input.what
            ),
        ))
    }
}

/// An IPv4 block in CIDR notation, written as its network address (`10.0.0.0/28`, not
/// `10.0.0.1/28`) [INF: the schema's `ipv4Block`].
pub fn parse_block(input: Input, text: &str) -> Result<Ipv4Net> {
    let what = input.what;
    let net: Ipv4Net = text.trim().parse().map_err(|_| {
        refuse(
            &[input],
            format!("{what} `{text}` is not an IPv4 block in CIDR notation such as 10.0.0.0/28"),
        )
    })?;
    if net.trunc() != net {
        return Err(refuse(
            &[input],
            format!(
                "{what} `{text}` is not the network address of its block: write `{}`",
                net.trunc()
            ),
        ));
    }
    Ok(net)
}

fn parse_ip(input: Input, text: &str) -> Result<std::net::Ipv4Addr> {
    text.trim().parse().map_err(|_| {
        refuse(
            &[input],
            format!("{} `{text}` is not an IPv4 address", input.what),
        )
    })
}

/// A service description (`PUT /ovhCloudConnect/{serviceName}`): no control character (line
/// breaks, tabs, escapes) [INF: the schema types it as a plain string; a line break in the one
/// label OVH's manager shows per service is refused before sending rather than stored].
pub fn check_description(text: &str) -> Result<()> {
    if text.chars().any(char::is_control) {
        return Err(refuse(
            &[DESCRIPTION],
            "must not hold control characters (line breaks, tabs, escapes)".into(),
        ));
    }
    Ok(())
}

/// A POP configuration body. Document, "Configuration en Layer 2 (L2)": « Renseignez uniquement
/// les informations suivantes : ID interface, Type `l2` », so an L2 POP carries no ASN and no
/// subnet. "Configuration en Layer 3 (L3)": `customerBgpArea` (« votre ASN BGP »),
/// `ovhBgpArea` (« l'ASN BGP à configurer sur l'instance de routage OVHcloud ») and
/// « sous-réseau : un bloc IPv4 /30 » are all required; the schema adds "first IP for OVH,
/// second IP for customer". Each value is judged alone first (a private ASN, an IPv4 block),
/// whatever the layer, so a refusal names the value that is wrong before the combination.
pub fn check_pop(pop: &PopConfig) -> Result<()> {
    if let Some(asn) = pop.customer_bgp_area {
        check_private_asn(CUSTOMER_ASN, asn)?;
    }
    if let Some(asn) = pop.ovh_bgp_area {
        check_private_asn(OVH_ASN, asn)?;
    }
    if let Some(subnet) = &pop.subnet {
        parse_block(POP_SUBNET, subnet)?;
    }
    match &pop.kind {
        PopType::L2 => {
            let extra = those(&[
                (
                    pop.customer_bgp_area.is_some(),
                    input(CUSTOMER_ASN.field, "a customer ASN"),
                ),
                (
                    pop.ovh_bgp_area.is_some(),
                    input(OVH_ASN.field, "an OVH ASN"),
                ),
                (pop.subnet.is_some(), input(POP_SUBNET.field, "a subnet")),
            ]);
            if !extra.is_empty() {
                return Err(refuse(
                    &extra,
                    format!(
                        "an L2 POP configuration takes only the interface and the type (provider document, \"Configuration en Layer 2\"); it was given {}",
                        whats(&extra)
                    ),
                ));
            }
            Ok(())
        }
        PopType::L3 => {
            let (Some(customer), Some(ovh), Some(subnet)) = (
                pop.customer_bgp_area,
                pop.ovh_bgp_area,
                pop.subnet.as_deref(),
            ) else {
                let missing = those(&[
                    (
                        pop.customer_bgp_area.is_none(),
                        input(CUSTOMER_ASN.field, "the customer ASN"),
                    ),
                    (
                        pop.ovh_bgp_area.is_none(),
                        input(OVH_ASN.field, "the OVH ASN"),
                    ),
                    (
                        pop.subnet.is_none(),
                        input(POP_SUBNET.field, "a /30 subnet"),
                    ),
                ]);
                return Err(refuse(
                    &missing,
                    format!(
                        "an L3 POP configuration needs the customer ASN, the OVH ASN and a /30 subnet (provider document, \"Configuration en Layer 3\"); missing {}",
                        whats(&missing)
                    ),
                ));
            };
            if customer == ovh {
                return Err(refuse(
                    &[CUSTOMER_ASN, OVH_ASN],
                    format!(
                        "the customer ASN and the OVH ASN are both {customer}: the BGP session between them needs two different AS numbers"
                    ),
                ));
            }
            let net = parse_block(POP_SUBNET, subnet)?;
            if net.prefix_len() != 30 {
                return Err(refuse(
                    &[POP_SUBNET],
                    format!(
                        "an L3 POP subnet must be a /30 (provider document: « un bloc IPv4 /30 »; first IP for OVH, second for the customer); `{subnet}` is a /{}",
                        net.prefix_len()
                    ),
                ));
            }
            Ok(())
        }
        PopType::Other(other) => Err(refuse(
            &[TYPE],
            format!(
                "POP type `{other}` is not one of {}",
                PopType::ALL.join(", ")
            ),
        )),
    }
}

/// A datacenter configuration under a POP of type `pop_type`. Document, "Configuration du
/// Datacentre", L2: « seul l'ID du centre de données est nécessaire »; L3: `ovhBgpArea` and
/// « sous-réseau : un bloc IPv4. Toute taille est acceptée à partir de /28 » (a /28 or larger,
/// so a prefix of at most 28). That an L2 datacenter configuration must not carry them is [INF]
/// from "only". Its values are judged alone first ([`check_datacenter_values`]).
pub fn check_datacenter(pop_type: &PopType, dc: &DatacenterConfig) -> Result<()> {
    check_datacenter_values(dc)?;
    let (ovh_bgp_area, subnet) = (dc.ovh_bgp_area, dc.subnet.as_deref());
    match pop_type {
        PopType::L2 => {
            let given = those(&[
                (ovh_bgp_area.is_some(), OVH_ASN),
                (subnet.is_some(), DC_SUBNET),
            ]);
            if !given.is_empty() {
                return Err(refuse(
                    &given,
                    "a datacenter configuration under an L2 POP takes only the datacenter id (provider document: « seul l'ID du centre de données est nécessaire »); no ASN, no subnet".into(),
                ));
            }
            Ok(())
        }
        PopType::L3 => {
            let (Some(asn), Some(subnet)) = (ovh_bgp_area, subnet) else {
                return Err(refuse(
                    &those(&[(ovh_bgp_area.is_none(), OVH_ASN), (subnet.is_none(), DC_SUBNET)]),
                    "a datacenter configuration under an L3 POP needs the OVH ASN and a subnet of /28 or larger (provider document, \"Configuration en Layer 3\")".into(),
                ));
            };
            check_private_asn(OVH_ASN, asn)?;
            check_datacenter_subnet(subnet).map(|_| ())
        }
        PopType::Other(other) => Err(refuse(
            &[],
            format!("POP type `{other}` is not one of l2, l3"),
        )),
    }
}

/// The values of a datacenter configuration alone, before the layer of its POP configuration
/// is known: the OVH ASN is private, the subnet an IPv4 block of /28 or larger (they are only
/// given in L3).
pub fn check_datacenter_values(dc: &DatacenterConfig) -> Result<()> {
    if let Some(asn) = dc.ovh_bgp_area {
        check_private_asn(OVH_ASN, asn)?;
    }
    if let Some(subnet) = &dc.subnet {
        check_datacenter_subnet(subnet)?;
    }
    Ok(())
}

/// An L3 datacenter subnet: an IPv4 block of /28 or larger (a prefix of at most 28). Document:
/// « sous-réseau : un bloc IPv4. Toute taille est acceptée à partir de /28 ».
pub fn check_datacenter_subnet(subnet: &str) -> Result<Ipv4Net> {
    let net = parse_block(DC_SUBNET, subnet)?;
    if net.prefix_len() > 28 {
        return Err(refuse(
            &[DC_SUBNET],
            format!(
                "an L3 datacenter subnet must be a /28 or larger (provider document: « Toute taille est acceptée à partir de /28 »); `{subnet}` is a /{}",
                net.prefix_len()
            ),
        ));
    }
    Ok(net)
}

/// The fields of an extra configuration, given the subnet of its datacenter configuration (if
/// known). Document, "Option L3 : route statique": `nextHop` (« Adresse IP agissant comme
/// passerelle dans la plage de sous-réseau ») and `sous-réseau` (« un préfixe utilisant la
/// notation CIDR »); "Option L3 : Session BGP": `bgpNeighborArea` (« votre ASN BGP ») and
/// `bgpNeighborIp` (« votre adresse IP dans la plage de sous-réseau »). Both are L3 options, so
/// a datacenter configuration without a subnet (L2) takes none [INF]. Every refusal is said of
/// the address that must lie in the datacenter subnet (the next hop, or the neighbor IP). That
/// the address lies in that subnet, and is a usable host there, is a rule that spans the extra
/// and its datacenter configuration: `rules_span`.
pub fn check_extra(extra: &DatacenterExtraConfig, datacenter_subnet: Option<&str>) -> Result<()> {
    let address = match extra.kind {
        ExtraType::Network => NEXT_HOP,
        _ => NEIGHBOR_IP,
    };
    let Some(dc_subnet) = datacenter_subnet else {
        return Err(refuse(
            &[address],
            "static routes and BGP sessions are L3 options (provider document, \"Option L3\"): this datacenter configuration has no subnet, it is L2".into(),
        ));
    };
    parse_block(DC_SUBNET, dc_subnet).map_err(|e| about(e, &[address]))?;
    check_extra_fields(extra).map_err(|e| about(e, &[address]))?;
    Ok(())
}

/// The fields of an extra configuration on their own (before its datacenter configuration is
/// read): a static route has a subnet and a next hop and nothing of BGP, a BGP session a private
/// neighbor ASN and a neighbor IP and nothing of a route. Returns the address that must lie in
/// the datacenter subnet, and its name. A refusal is said of the fields missing, else of those
/// of the other type, else of both fields of the type (they are judged as a pair).
pub fn check_extra_fields(
    extra: &DatacenterExtraConfig,
) -> Result<(&'static str, std::net::Ipv4Addr)> {
    let route = [
        (extra.subnet.is_some(), ROUTE_SUBNET),
        (extra.next_hop.is_some(), NEXT_HOP),
    ];
    let session = [
        (extra.bgp_neighbor_area.is_some(), NEIGHBOR_ASN),
        (extra.bgp_neighbor_ip.is_some(), NEIGHBOR_IP),
    ];
    let missing = |own: &[(bool, Input)]| {
        let unset: Vec<(bool, Input)> = own.iter().map(|(set, i)| (!set, *i)).collect();
        those(&unset)
    };
    match &extra.kind {
        ExtraType::Network => {
            let (Some(subnet), Some(next_hop)) =
                (extra.subnet.as_deref(), extra.next_hop.as_deref())
            else {
                return Err(refuse(
                    &missing(&route),
                    "a static route (`network`) needs a subnet and a next hop (provider document, \"Option L3 : route statique\")".into(),
                ));
            };
            if extra.bgp_neighbor_area.is_some() || extra.bgp_neighbor_ip.is_some() {
                return Err(refuse(
                    &those(&session),
                    "a static route (`network`) takes no BGP neighbor".into(),
                ));
            }
            let pair = |e| about(e, &[ROUTE_SUBNET, NEXT_HOP]);
            parse_block(ROUTE_SUBNET, subnet).map_err(pair)?;
            Ok((NEXT_HOP.what, parse_ip(NEXT_HOP, next_hop).map_err(pair)?))
        }
        ExtraType::Bgp => {
            let (Some(asn), Some(ip)) = (extra.bgp_neighbor_area, extra.bgp_neighbor_ip.as_deref())
            else {
                return Err(refuse(
                    &missing(&session),
                    "a BGP session (`bgp`) needs the neighbor ASN and the neighbor IP (provider document, \"Option L3 : Session BGP\")".into(),
                ));
            };
            if extra.subnet.is_some() || extra.next_hop.is_some() {
                return Err(refuse(
                    &those(&route),
                    "a BGP session (`bgp`) takes no route subnet and no next hop".into(),
                ));
            }
            let pair = |e| about(e, &[NEIGHBOR_ASN, NEIGHBOR_IP]);
            check_private_asn(NEIGHBOR_ASN, asn).map_err(pair)?;
            Ok((NEIGHBOR_IP.what, parse_ip(NEIGHBOR_IP, ip).map_err(pair)?))
        }
        ExtraType::Other(other) => Err(refuse(
            &[TYPE],
            format!(
                "extra configuration type `{other}` is not one of {}",
                ExtraType::ALL.join(", ")
            ),
        )),
    }
}

/// Static routes and a BGP session never share a datacenter configuration. Document: « Vous ne
/// pouvez pas combiner une session BGP et un itinéraire statique dans la même configuration de
/// Datacentre. » `existing` are the extras already there (those being deleted do not count).
pub fn check_extra_mix(existing: &[DatacenterExtraConfig], new: &ExtraType) -> Result<()> {
    let clash = existing.iter().find(|e| {
        e.status != Some(ConfigStatus::ToDelete)
            && e.kind != *new
            && matches!(
                (&e.kind, new),
                (ExtraType::Network, ExtraType::Bgp) | (ExtraType::Bgp, ExtraType::Network)
            )
    });
    match clash {
        Some(e) => Err(refuse(
            &[TYPE],
            format!(
                "this datacenter configuration already has a `{}` extra{}; a BGP session and static routes cannot be combined in one datacenter configuration (provider document, \"Option L3 : Session BGP\")",
                e.kind,
                e.id.map(|id| format!(" ({id})")).unwrap_or_default()
            ),
        )),
        None => Ok(()),
    }
}

/// Switching a service between L2 and L3 needs its configuration deleted first. Document,
/// "Étape 2": « Pour basculer entre L2 et L3, il serait nécessaire de supprimer toute la
/// configuration. » `existing` are the service's POP configurations.
pub fn check_layer_switch(existing: &[PopConfig], new: &PopType) -> Result<()> {
    let other: Vec<&PopConfig> = existing.iter().filter(|p| p.kind != *new).collect();
    if other.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = other
        .iter()
        .map(|p| p.id.map(|id| id.to_string()).unwrap_or_else(|| "?".into()))
        .collect();
    Err(refuse(
        &[TYPE],
        format!(
            "this service is configured as {} (POP configuration {}); switching it to {new} needs all of its configuration deleted first (provider document, \"Étape 2\": « Pour basculer entre L2 et L3, il serait nécessaire de supprimer toute la configuration »)",
            other[0].kind,
            ids.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pop(kind: PopType, c: Option<u64>, o: Option<u64>, subnet: Option<&str>) -> PopConfig {
        PopConfig {
            id: None,
            status: None,
            interface_id: 1,
            kind,
            customer_bgp_area: c,
            ovh_bgp_area: o,
            subnet: subnet.map(str::to_string),
        }
    }

    fn extra(kind: ExtraType) -> DatacenterExtraConfig {
        DatacenterExtraConfig {
            id: Some(7),
            status: Some(ConfigStatus::Active),
            kind,
            subnet: None,
            next_hop: None,
            bgp_neighbor_area: None,
            bgp_neighbor_ip: None,
        }
    }

    fn message(r: Result<()>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(!e.message.contains("--"), "names a flag: {}", e.message);
        e.message.clone()
    }

    #[test]
    fn l3_pop_needs_both_asns_and_a_30() {
        assert!(
            check_pop(&pop(
                PopType::L3,
                Some(65400),
                Some(65401),
                Some("192.0.2.0/30")
            ))
            .is_ok()
        );
        let m = message(check_pop(&pop(
            PopType::L3,
            None,
            Some(65401),
            Some("192.0.2.0/30"),
        )));
        assert!(m.contains("missing the customer ASN"), "{m}");
        let m = message(check_pop(&pop(
            PopType::L3,
            Some(65400),
            Some(65401),
            Some("192.0.2.0/29"),
        )));
        assert!(m.contains("/30") && m.contains("192.0.2.0/29"), "{m}");
        let m = message(check_pop(&pop(
            PopType::L3,
            Some(65400),
            Some(65401),
            Some("192.0.2.1/30"),
        )));
        assert!(m.contains("192.0.2.0/30"), "{m}");
        let m = message(check_pop(&pop(
            PopType::L3,
            Some(3215),
            Some(65401),
            Some("192.0.2.0/30"),
        )));
        assert!(m.contains("3215") && m.contains("private"), "{m}");
        let m = message(check_pop(&pop(
            PopType::L3,
            Some(65401),
            Some(65401),
            Some("192.0.2.0/30"),
        )));
        assert!(m.contains("different"), "{m}");
        assert!(
            check_pop(&pop(
                PopType::L3,
                Some(4_200_000_001),
                Some(65401),
                Some("192.0.2.0/30")
            ))
            .is_ok()
        );
        let m = message(check_pop(&pop(
            PopType::L3,
            Some(65400),
            Some(65401),
            Some("nope"),
        )));
        assert!(m.contains("`nope`"), "{m}");
    }

    #[test]
    fn l2_pop_carries_nothing_else() {
        assert!(check_pop(&pop(PopType::L2, None, None, None)).is_ok());
        let m = message(check_pop(&pop(
            PopType::L2,
            None,
            Some(65401),
            Some("192.0.2.0/30"),
        )));
        assert!(m.contains("an OVH ASN, a subnet"), "{m}");
        message(check_pop(&pop(PopType::parse("l4"), None, None, None)));
    }

    /// A datacenter configuration with `asn` and `subnet`.
    fn dc(asn: Option<u64>, subnet: Option<&str>) -> DatacenterConfig {
        DatacenterConfig {
            id: None,
            status: None,
            datacenter_id: 5,
            ovh_bgp_area: asn,
            subnet: subnet.map(str::to_string),
        }
    }

    #[test]
    fn l3_datacenter_subnet_is_28_or_larger() {
        assert!(check_datacenter(&PopType::L3, &dc(Some(65402), Some("10.0.0.0/28"))).is_ok());
        assert!(check_datacenter(&PopType::L3, &dc(Some(65402), Some("10.0.0.0/24"))).is_ok());
        let m = message(check_datacenter(
            &PopType::L3,
            &dc(Some(65402), Some("10.0.0.0/29")),
        ));
        assert!(m.contains("/28") && m.contains("10.0.0.0/29"), "{m}");
        message(check_datacenter(
            &PopType::L3,
            &dc(None, Some("10.0.0.0/28")),
        ));
        assert!(check_datacenter(&PopType::L2, &dc(None, None)).is_ok());
        message(check_datacenter(
            &PopType::L2,
            &dc(None, Some("10.0.0.0/28")),
        ));
    }

    #[test]
    fn each_value_is_judged_alone_before_the_layer() {
        // An L2 POP configuration given a public ASN: the ASN is what is wrong first.
        let m = message(check_pop(&pop(PopType::L2, None, Some(3215), None)));
        assert!(m.contains("3215") && m.contains("private"), "{m}");
        // A datacenter subnet too small, under an L2 POP as under an L3 one.
        let m = message(check_datacenter(
            &PopType::L2,
            &dc(None, Some("10.0.0.0/29")),
        ));
        assert!(m.contains("/28") && m.contains("10.0.0.0/29"), "{m}");
    }

    #[test]
    fn extras_need_their_fields_inside_the_datacenter_subnet() {
        let mut route = extra(ExtraType::Network);
        route.subnet = Some("172.16.0.0/24".into());
        route.next_hop = Some("10.0.0.10".into());
        assert!(check_extra(&route, Some("10.0.0.0/28")).is_ok());
        message(check_extra(&route, None));
        let mut bgp = extra(ExtraType::Bgp);
        bgp.bgp_neighbor_area = Some(65500);
        bgp.bgp_neighbor_ip = Some("10.0.0.4".into());
        assert!(check_extra(&bgp, Some("10.0.0.0/28")).is_ok());
        bgp.next_hop = Some("10.0.0.5".into());
        message(check_extra(&bgp, Some("10.0.0.0/28")));
        message(check_extra(&extra(ExtraType::Bgp), Some("10.0.0.0/28")));
    }

    #[test]
    fn static_routes_and_bgp_never_mix() {
        let routes = vec![extra(ExtraType::Network), extra(ExtraType::Network)];
        assert!(check_extra_mix(&routes, &ExtraType::Network).is_ok());
        let m = message(check_extra_mix(&routes, &ExtraType::Bgp));
        assert!(m.contains("`network` extra (7)"), "{m}");
        message(check_extra_mix(
            &[extra(ExtraType::Bgp)],
            &ExtraType::Network,
        ));
        let mut leaving = extra(ExtraType::Bgp);
        leaving.status = Some(ConfigStatus::ToDelete);
        assert!(check_extra_mix(&[leaving], &ExtraType::Network).is_ok());
        assert!(check_extra_mix(&[], &ExtraType::Bgp).is_ok());
    }

    #[test]
    fn switching_layers_needs_the_configuration_deleted() {
        let mut l3 = pop(PopType::L3, Some(65400), Some(65401), Some("192.0.2.0/30"));
        l3.id = Some(1001);
        assert!(check_layer_switch(&[l3.clone()], &PopType::L3).is_ok());
        assert!(check_layer_switch(&[], &PopType::L2).is_ok());
        let m = message(check_layer_switch(&[l3], &PopType::L2));
        assert!(
            m.contains("configured as l3 (POP configuration 1001)") && m.contains("to l2"),
            "{m}"
        );
    }
}
