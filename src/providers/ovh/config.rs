//! The `ovh.*` settings and the typed OVH configuration built from them and `ovh.conf`.
//!
//! Precedence (`CLI.md` §2 then the official clients): a `cc` value (flag, environment, profile)
//! wins; then `ovh.conf` ([`super::conf`]) for the endpoint (`[default] endpoint`) and for the
//! credentials (the endpoint's section); then the built-in endpoint `ovh-eu`. That is why the
//! rows of [`SETTINGS`] carry no defaults: a default there would hide `ovh.conf`.
//!
//! [`resolve`] answers "not configured" (`Ok(None)`: no credential anywhere, so `connections
//! list` and `doctor` skip OVH) apart from "configured wrongly" (`Err`, exit 2, naming the
//! variable): a bad URL, an unknown endpoint name, an incomplete AK/AS/CK triple, an incomplete
//! client id/secret pair, or both modes at once, which OVH forbids (§2.3: "AK/AS and OAuth2
//! cannot be mixed"). It takes the resolved `cc` values as a lookup closure so it does not
//! depend on how the command layer passes configuration.

use super::conf::{DEFAULT_ENDPOINT, ENDPOINT_FIELD, Endpoint, OvhConf};
use crate::config::Setting;
use crate::error::{Error, Result};
use crate::secret::Secret;

const fn row(key: &'static str, env: &'static [&'static str], secret: bool) -> Setting {
    crate::config::setting(key, env, secret, None)
}

/// Base URL override, used as is (the sandbox, a proxy).
pub const URL: &str = "ovh.url";
/// Endpoint name (`ovh-eu`, ...) or URL.
pub const ENDPOINT: &str = "ovh.endpoint";
/// Application key (public, sent as `X-Ovh-Application`).
pub const APPLICATION_KEY: &str = "ovh.application_key";
/// Application secret (signs; never sent).
pub const APPLICATION_SECRET: &str = "ovh.application_secret";
/// Consumer key (sent as `X-Ovh-Consumer`; grants the access rules).
pub const CONSUMER_KEY: &str = "ovh.consumer_key";
/// OAuth2 service account id.
pub const CLIENT_ID: &str = "ovh.client_id";
/// OAuth2 service account secret.
pub const CLIENT_SECRET: &str = "ovh.client_secret";
/// OAuth2 token URL override.
pub const TOKEN_URL: &str = "ovh.token_url";

/// Every OVH setting. The official clients' own variables come first so that `cc sandbox`
/// exports them (`CLI.md` §3).
pub const SETTINGS: &[Setting] = &[
    row(URL, &["CC_OVH_URL"], false).checked(http_url),
    row(ENDPOINT, &["OVH_ENDPOINT"], false)
        .checked(|origin, text| Endpoint::parse(text).map(drop).map_err(|e| from(e, origin))),
    row(APPLICATION_KEY, &["OVH_APPLICATION_KEY"], false),
    row(APPLICATION_SECRET, &["OVH_APPLICATION_SECRET"], true),
    row(CONSUMER_KEY, &["OVH_CONSUMER_KEY"], true),
    row(CLIENT_ID, &["OVH_CLIENT_ID"], false),
    row(CLIENT_SECRET, &["OVH_CLIENT_SECRET"], true),
    row(TOKEN_URL, &["CC_OVH_TOKEN_URL"], false).checked(http_url),
];

/// How OVH calls are authenticated. The secrets are [`Secret`]s: `Debug` masks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Signed `$1$` requests (§2.2).
    Signed {
        /// `X-Ovh-Application` (public).
        application_key: String,
        /// Signs.
        application_secret: Secret,
        /// `X-Ovh-Consumer`.
        consumer_key: Secret,
    },
    /// OAuth2 client-credentials grant, then `Authorization: Bearer` (§2.3).
    OAuth2 {
        /// The service account id.
        client_id: String,
        /// The service account secret.
        client_secret: Secret,
        /// Where tokens are asked for.
        token_url: String,
    },
}

/// Everything needed to build an [`super::OvhClient`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OvhConfig {
    /// The endpoint in use (for messages and the `ovh.conf` section).
    pub endpoint: Endpoint,
    /// The API base URL (`ovh.url`, or the endpoint's).
    pub base_url: String,
    /// The credentials.
    pub credentials: Credentials,
}

/// How a setting is named in messages: its first variable and its `cc config` key.
fn name(key: &str) -> String {
    SETTINGS
        .iter()
        .find(|s| s.key == key)
        .map(|s| format!("{} (`{key}`)", s.env.join(" or ")))
        .unwrap_or_else(|| format!("`{key}`"))
}

/// A value and where it came from, for messages.
struct Found {
    value: String,
    from: String,
}

/// Builds the OVH configuration from the resolved `cc` values (`lookup` by key of
/// [`SETTINGS`]; empty strings count as unset) and the merged `ovh.conf` files.
pub fn resolve(
    lookup: impl Fn(&str) -> Option<String>,
    conf: &OvhConf,
) -> Result<Option<OvhConfig>> {
    let cc = |key: &str| {
        lookup(key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let (endpoint, base_url) = endpoint_and_base(&cc, conf)?;
    let section = endpoint.section().to_string();
    let field = |key: &str| -> Option<Found> {
        if let Some(value) = cc(key) {
            return Some(Found {
                value,
                from: name(key),
            });
        }
        let ini_key = key.trim_start_matches("ovh.");
        conf.get(&section, ini_key).map(|(v, origin)| Found {
            value: v.to_string(),
            from: format!("`{ini_key}` of [{section}] in {origin}"),
        })
    };
    let ak = field(APPLICATION_KEY);
    let secret = field(APPLICATION_SECRET);
    let ck = field(CONSUMER_KEY);
    let id = field(CLIENT_ID);
    let client_secret = field(CLIENT_SECRET);
    let signed_any = ak.is_some() || secret.is_some() || ck.is_some();
    let oauth_any = id.is_some() || client_secret.is_some();
    if signed_any && oauth_any {
        let set: Vec<String> = [&ak, &secret, &ck, &id, &client_secret]
            .into_iter()
            .flatten()
            .map(|f| f.from.clone())
            .collect();
        return Err(Error::usage(format!(
            "ovh: application key/secret/consumer key and an OAuth2 client id/secret are both set ({}); OVH does not allow mixing them",
            set.join(", ")
        ))
        .hint("keep one mode: unset the application key, secret and consumer key, or the client id and secret"));
    }
    let credentials = if signed_any {
        signed(ak, secret, ck)?
    } else if oauth_any {
        oauth2(id, client_secret, cc(TOKEN_URL), &endpoint)?
    } else {
        return Ok(None);
    };
    Ok(Some(OvhConfig {
        endpoint,
        base_url,
        credentials,
    }))
}

/// The endpoint (`ovh.endpoint`, else `[default] endpoint` of `ovh.conf`, else
/// [`DEFAULT_ENDPOINT`]) and the base URL (`ovh.url`, else the endpoint's).
fn endpoint_and_base(
    cc: &impl Fn(&str) -> Option<String>,
    conf: &OvhConf,
) -> Result<(Endpoint, String)> {
    let endpoint = match cc(ENDPOINT) {
        Some(text) => Endpoint::parse(&text).map_err(|e| from(e, &name(ENDPOINT)))?,
        None => match conf.get("default", "endpoint") {
            Some((text, origin)) => Endpoint::parse(text)
                .map_err(|e| from(e, &format!("`endpoint` of [default] in {origin}")))?,
            None => Endpoint::parse(DEFAULT_ENDPOINT)?,
        },
    };
    let base_url = match cc(URL) {
        Some(url) => {
            http_url(&name(URL), &url)?;
            url.trim_end_matches('/').to_string()
        }
        None => endpoint.base_url().to_string(),
    };
    Ok((endpoint, base_url))
}

/// Signed requests, once one of the three values is set: all three, or exit 2 naming those
/// missing.
fn signed(ak: Option<Found>, secret: Option<Found>, ck: Option<Found>) -> Result<Credentials> {
    let missing: Vec<String> = [
        (&ak, APPLICATION_KEY),
        (&secret, APPLICATION_SECRET),
        (&ck, CONSUMER_KEY),
    ]
    .into_iter()
    .filter(|(f, _)| f.is_none())
    .map(|(_, key)| name(key))
    .collect();
    if !missing.is_empty() {
        return Err(Error::usage(format!(
            "ovh: signed requests need the application key, application secret and consumer key; missing {}",
            missing.join(", ")
        )));
    }
    let take = |f: Option<Found>| f.map(|f| f.value).unwrap_or_default();
    Ok(Credentials::Signed {
        application_key: take(ak),
        application_secret: Secret::new(take(secret)),
        consumer_key: Secret::new(take(ck)),
    })
}

/// A service account, once its id or secret is set: both, and a token URL (`ovh.token_url`,
/// else the endpoint's), or exit 2.
fn oauth2(
    id: Option<Found>,
    client_secret: Option<Found>,
    token_url: Option<String>,
    endpoint: &Endpoint,
) -> Result<Credentials> {
    let (Some(id), Some(client_secret)) = (id, client_secret) else {
        return Err(Error::usage(format!(
            "ovh: an OAuth2 service account needs both {} and {}",
            name(CLIENT_ID),
            name(CLIENT_SECRET)
        )));
    };
    let token_url = match token_url {
        Some(url) => {
            http_url(&name(TOKEN_URL), &url)?;
            url
        }
        None => endpoint.token_url().map(str::to_string).ok_or_else(|| {
            Error::usage(format!(
                "ovh: endpoint `{}` has no OAuth2 token URL: set {}, or use an application key, secret and consumer key",
                endpoint.section(),
                name(TOKEN_URL)
            ))
        })?,
    };
    Ok(Credentials::OAuth2 {
        client_id: id.value,
        client_secret: Secret::new(client_secret.value),
        token_url,
    })
}

/// `url` (from `origin`) as an `http(s)://` URL with a host, or exit 2: `ovh.url` and
/// `ovh.token_url` as read here and as `cc config set` checks them.
fn http_url(origin: &str, url: &str) -> Result<()> {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        _ => Err(Error::usage(format!(
            "ovh: {origin} = `{url}` is not an http(s) URL"
        ))),
    }
}

/// An endpoint refusal naming where the value came from.
fn from(err: Error, origin: &str) -> Error {
    err.naming(&[(ENDPOINT_FIELD, origin)])
}

#[cfg(test)]
mod tests {
    use super::super::conf;
    use super::*;
    use std::collections::HashMap;

    fn values(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key: &str| map.get(key).cloned()
    }

    fn ovh_conf(text: &str) -> OvhConf {
        conf::merge(&[(
            "./ovh.conf".into(),
            conf::parse("./ovh.conf", text).unwrap(),
        )])
    }

    #[test]
    fn every_row_is_an_ovh_key_and_secrets_are_marked() {
        for s in SETTINGS {
            assert!(s.key.starts_with("ovh."), "{}", s.key);
            assert!(s.default.is_none(), "{}", s.key);
        }
        let secret: Vec<&str> = SETTINGS
            .iter()
            .filter(|s| s.secret)
            .map(|s| s.key)
            .collect();
        assert_eq!(secret, [APPLICATION_SECRET, CONSUMER_KEY, CLIENT_SECRET]);
    }

    #[test]
    fn nothing_set_is_not_configured() {
        assert_eq!(resolve(values(&[]), &OvhConf::default()).unwrap(), None);
        assert_eq!(
            resolve(values(&[(ENDPOINT, "ovh-ca")]), &OvhConf::default()).unwrap(),
            None
        );
        assert_eq!(
            resolve(values(&[(APPLICATION_KEY, " ")]), &OvhConf::default()).unwrap(),
            None
        );
    }

    #[test]
    fn signed_from_cc_values_with_the_default_endpoint() {
        let cfg = resolve(
            values(&[
                (APPLICATION_KEY, "ak"),
                (APPLICATION_SECRET, "as"),
                (CONSUMER_KEY, "ck"),
            ]),
            &OvhConf::default(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(cfg.base_url, "https://eu.api.ovh.com/1.0");
        assert_eq!(
            cfg.credentials,
            Credentials::Signed {
                application_key: "ak".into(),
                application_secret: "as".into(),
                consumer_key: "ck".into()
            }
        );
        let shown = format!("{cfg:?}");
        assert!(
            !shown.contains("\"as\"") && !shown.contains("\"ck\""),
            "{shown}"
        );
    }

    #[test]
    fn ovh_conf_supplies_endpoint_and_section_and_cc_values_win() {
        let conf = ovh_conf(
            "[default]\nendpoint=ovh-ca\n[ovh-ca]\napplication_key=file-ak\napplication_secret=file-as\nconsumer_key=file-ck\n[ovh-eu]\napplication_key=eu\n",
        );
        let cfg = resolve(values(&[(CONSUMER_KEY, "env-ck")]), &conf)
            .unwrap()
            .unwrap();
        assert_eq!(cfg.base_url, "https://ca.api.ovh.com/1.0");
        assert_eq!(
            cfg.credentials,
            Credentials::Signed {
                application_key: "file-ak".into(),
                application_secret: "file-as".into(),
                consumer_key: "env-ck".into()
            }
        );
        // An explicit endpoint picks its own section; the URL override keeps the section.
        let err = resolve(
            values(&[(ENDPOINT, "ovh-eu"), (URL, "http://127.0.0.1:9/ovh/1.0/")]),
            &conf,
        )
        .unwrap_err();
        assert!(err.message.contains("missing"), "{}", err.message);
        assert!(
            err.message.contains("OVH_APPLICATION_SECRET"),
            "{}",
            err.message
        );
    }

    #[test]
    fn oauth2_with_the_endpoint_token_url_or_an_override() {
        let cfg = resolve(
            values(&[
                (CLIENT_ID, "id"),
                (CLIENT_SECRET, "sec"),
                (ENDPOINT, "ovh-us"),
            ]),
            &OvhConf::default(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            cfg.credentials,
            Credentials::OAuth2 {
                client_id: "id".into(),
                client_secret: "sec".into(),
                token_url: "https://us.ovhcloud.com/auth/oauth2/token".into()
            }
        );
        let cfg = resolve(
            values(&[
                (CLIENT_ID, "id"),
                (CLIENT_SECRET, "sec"),
                (ENDPOINT, "http://127.0.0.1:9/ovh/1.0"),
                (TOKEN_URL, "http://127.0.0.1:9/ovh/1.0/auth/oauth2/token"),
            ]),
            &OvhConf::default(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(cfg.base_url, "http://127.0.0.1:9/ovh/1.0");
        let err = resolve(
            values(&[
                (CLIENT_ID, "id"),
                (CLIENT_SECRET, "sec"),
                (ENDPOINT, "kimsufi-eu"),
            ]),
            &OvhConf::default(),
        )
        .unwrap_err();
        assert!(err.message.contains("CC_OVH_TOKEN_URL"), "{}", err.message);
    }

    #[test]
    fn malformed_values_name_the_variable() {
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (
                vec![(ENDPOINT, "ovh-mars"), (APPLICATION_KEY, "ak")],
                "OVH_ENDPOINT",
            ),
            (
                vec![(URL, "ftp://x"), (APPLICATION_KEY, "ak")],
                "CC_OVH_URL",
            ),
            (vec![(APPLICATION_KEY, "ak")], "OVH_CONSUMER_KEY"),
            (vec![(CONSUMER_KEY, "ck")], "OVH_APPLICATION_KEY"),
            (vec![(CLIENT_ID, "id")], "OVH_CLIENT_SECRET"),
            (
                vec![(CLIENT_ID, "id"), (CLIENT_SECRET, "s"), (TOKEN_URL, "nope")],
                "CC_OVH_TOKEN_URL",
            ),
            (
                vec![
                    (APPLICATION_KEY, "ak"),
                    (APPLICATION_SECRET, "as"),
                    (CONSUMER_KEY, "ck"),
                    (CLIENT_ID, "id"),
                ],
                "mixing",
            ),
        ];
        for (pairs, named) in cases {
            let err = resolve(values(&pairs), &OvhConf::default()).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{pairs:?}");
            assert!(err.message.contains(named), "{pairs:?}: {}", err.message);
            assert!(!err.message.contains("\"as\""), "{}", err.message);
        }
        let err = resolve(
            values(&[]),
            &ovh_conf("[default]\nendpoint=nowhere\n[nowhere]\napplication_key=x\n"),
        )
        .unwrap_err();
        assert!(
            err.message.contains("[default] in ./ovh.conf"),
            "{}",
            err.message
        );
        // The mixed modes may come from ovh.conf too.
        let err = resolve(
            values(&[(CLIENT_ID, "id"), (CLIENT_SECRET, "s")]),
            &ovh_conf("[ovh-eu]\napplication_key=ak\n"),
        )
        .unwrap_err();
        assert!(
            err.message.contains("[ovh-eu] in ./ovh.conf"),
            "{}",
            err.message
        );
    }
}
