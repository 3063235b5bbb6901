//! OVH endpoints and the `ovh.conf` files, read the way the official clients read them.
//!
//! An endpoint is a name of [`ENDPOINTS`] (`ovh-eu`, `ovh-ca`, `ovh-us`, and the Kimsufi and So
//! you Start APIs, which refuse OAuth2) or a URL used as the base as is (`provider-notes/
//! huawei-ovh.md` §2.1, [SDK] python-ovh `ENDPOINTS`, [REPO] go-ovh `ovh/ovh.go`).
//!
//! `ovh.conf` is an INI file: `[default]` holds `endpoint=`, and one section per endpoint holds
//! `application_key`, `application_secret`, `consumer_key`, `client_id`, `client_secret`
//! ([SDK] python-ovh `ovh/config.py`; [REPO] go-ovh `ovh/configuration.go`). python-ovh reads
//! `/etc/ovh.conf`, then `~/.ovh.conf`, then `./ovh.conf`, each overriding what the previous set
//! (`ConfigParser.read` over that list), so the file nearest the user wins key by key. The
//! reader here is a pure function over file texts ([`parse`], [`merge`]) and [`load`] is the
//! thin part that reads the disk, with the system file, the home and the working directories
//! passed in (so that tests never read the machine's own `/etc/ovh.conf`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Refusal, Result};

/// A named OVH API: its base URL and its OAuth2 token URL (none: OAuth2 is refused there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedEndpoint {
    /// `ovh-eu`, ...
    pub name: &'static str,
    /// The API base, ending in `/1.0`.
    pub base_url: &'static str,
    /// The client-credentials token URL of the OAuth2 service accounts.
    pub token_url: Option<&'static str>,
}

const fn named(
    name: &'static str,
    base_url: &'static str,
    token_url: Option<&'static str>,
) -> NamedEndpoint {
    NamedEndpoint {
        name,
        base_url,
        token_url,
    }
}

/// Every endpoint name the official clients know (§2.1).
pub const ENDPOINTS: &[NamedEndpoint] = &[
    named(
        "ovh-eu",
        "https://eu.api.ovh.com/1.0",
        Some("https://www.ovh.com/auth/oauth2/token"),
    ),
    named(
        "ovh-ca",
        "https://ca.api.ovh.com/1.0",
        Some("https://ca.ovh.com/auth/oauth2/token"),
    ),
    named(
        "ovh-us",
        "https://api.us.ovhcloud.com/1.0",
        Some("https://us.ovhcloud.com/auth/oauth2/token"),
    ),
    named("kimsufi-eu", "https://eu.api.kimsufi.com/1.0", None),
    named("kimsufi-ca", "https://ca.api.kimsufi.com/1.0", None),
    named("soyoustart-eu", "https://eu.api.soyoustart.com/1.0", None),
    named("soyoustart-ca", "https://ca.api.soyoustart.com/1.0", None),
];

/// The endpoint used when none is configured anywhere (`CLI.md` §2).
pub const DEFAULT_ENDPOINT: &str = "ovh-eu";

/// An endpoint as configured: a known name, or a URL taken as the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// One of [`ENDPOINTS`].
    Named(NamedEndpoint),
    /// `http(s)://...`, used as the base URL; no OAuth2 token URL is known for it.
    Url(String),
}

/// The field of an endpoint value, as a refusal names it until the caller says where the value
/// came from ([`Error::naming`]).
pub const ENDPOINT_FIELD: &str = "endpoint";

fn refuse(rule: String) -> Error {
    Error::refused(Refusal::standing("ovh: ", &[ENDPOINT_FIELD], rule))
}

impl Endpoint {
    /// Reads an endpoint value: a name of [`ENDPOINTS`] (case-insensitive) or an http(s) URL.
    /// The error names the value and lists the known names.
    pub fn parse(text: &str) -> Result<Endpoint> {
        let t = text.trim();
        if let Some(e) = ENDPOINTS.iter().find(|e| e.name.eq_ignore_ascii_case(t)) {
            return Ok(Endpoint::Named(*e));
        }
        if t.starts_with("http://") || t.starts_with("https://") {
            return match url::Url::parse(t) {
                Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => {
                    Ok(Endpoint::Url(t.trim_end_matches('/').to_string()))
                }
                _ => Err(refuse(format!("endpoint `{t}` is not a valid URL"))),
            };
        }
        let names: Vec<&str> = ENDPOINTS.iter().map(|e| e.name).collect();
        Err(refuse(format!(
            "unknown endpoint `{t}`: expected one of {} or an https:// URL",
            names.join(", ")
        )))
    }

    /// The name (or URL) as written in `ovh.conf` section headers.
    pub fn section(&self) -> &str {
        match self {
            Endpoint::Named(e) => e.name,
            Endpoint::Url(u) => u,
        }
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Endpoint::Named(e) => e.base_url,
            Endpoint::Url(u) => u,
        }
    }

    /// The OAuth2 token URL, when the endpoint has one.
    pub fn token_url(&self) -> Option<&'static str> {
        match self {
            Endpoint::Named(e) => e.token_url,
            Endpoint::Url(_) => None,
        }
    }
}

/// One INI file: section name -> key -> value (keys lower-cased, values trimmed).
pub type Ini = BTreeMap<String, BTreeMap<String, String>>;

/// Parses INI text as python's `ConfigParser` does for these files: `[section]` headers,
/// `key = value` or `key: value`, `#` and `;` comment lines, blank lines; keys are
/// case-insensitive. A line that is none of these is an error naming `origin` and the line
/// number (python raises `ParsingError` there too), as is a key before any section.
pub fn parse(origin: &str, text: &str) -> Result<Ini> {
    let mut ini = Ini::new();
    let mut section: Option<String> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let bad = |why: &str| Error::usage(format!("{origin} line {}: {why}", n + 1));
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| bad("a section header must end with `]`"))?;
            let name = name.trim().to_string();
            ini.entry(name.clone()).or_default();
            section = Some(name);
            continue;
        }
        let cut = line
            .find(['=', ':'])
            .ok_or_else(|| bad("expected `key = value`"))?;
        let (key, value) = (line[..cut].trim(), line[cut + 1..].trim());
        if key.is_empty() {
            return Err(bad("expected `key = value`"));
        }
        let name = section
            .as_ref()
            .ok_or_else(|| bad("a key must come after a `[section]` header"))?;
        ini.entry(name.clone())
            .or_default()
            .insert(key.to_ascii_lowercase(), value.to_string());
    }
    Ok(ini)
}

/// Where each value of the merged files came from, for messages: `~/.ovh.conf [ovh-eu]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OvhConf {
    /// section -> key -> (value, file it came from).
    pub values: BTreeMap<String, BTreeMap<String, (String, String)>>,
}

impl OvhConf {
    /// A value of `section`, with the file that set it.
    pub fn get(&self, section: &str, key: &str) -> Option<(&str, &str)> {
        self.values
            .get(section)
            .and_then(|s| s.get(key))
            .filter(|(v, _)| !v.is_empty())
            .map(|(v, origin)| (v.as_str(), origin.as_str()))
    }
}

/// Merges parsed files in reading order: a later file overrides an earlier one key by key.
pub fn merge(files: &[(String, Ini)]) -> OvhConf {
    let mut out = OvhConf::default();
    for (origin, ini) in files {
        for (section, keys) in ini {
            let target = out.values.entry(section.clone()).or_default();
            for (key, value) in keys {
                target.insert(key.clone(), (value.clone(), origin.clone()));
            }
        }
    }
    out
}

/// The system-wide file python-ovh reads first.
pub const SYSTEM_CONF: &str = "/etc/ovh.conf";

/// The files python-ovh reads, in reading order (later wins): `system` (normally
/// [`SYSTEM_CONF`]), `~/.ovh.conf`, `./ovh.conf`.
pub fn paths(system: &Path, home: Option<&Path>, cwd: &Path) -> Vec<PathBuf> {
    let mut out = vec![system.to_path_buf()];
    if let Some(home) = home {
        out.push(home.join(".ovh.conf"));
    }
    out.push(cwd.join("ovh.conf"));
    out
}

/// Reads and merges the files of [`paths`]. A missing file is skipped; an unreadable or
/// malformed one is exit 2 naming it, and so is one that is not a regular file (a FIFO would
/// block, `/dev/zero` never end) or is over 1 MiB ([`crate::config::read_regular`]).
pub fn load(system: &Path, home: Option<&Path>, cwd: &Path) -> Result<OvhConf> {
    let mut files = Vec::new();
    for path in paths(system, home, cwd) {
        let origin = path.display().to_string();
        let read = crate::config::read_regular(&path, "ovh: file")
            .map_err(|e| e.provider(crate::provider::ProviderName::Ovh))?;
        if let Some(text) = read {
            files.push((origin.clone(), parse(&origin, &text)?));
        }
    }
    Ok(merge(&files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_by_name_or_url() {
        let eu = Endpoint::parse("ovh-eu").unwrap();
        assert_eq!(eu.base_url(), "https://eu.api.ovh.com/1.0");
        assert_eq!(
            eu.token_url(),
            Some("https://www.ovh.com/auth/oauth2/token")
        );
        assert_eq!(
            Endpoint::parse("OVH-US").unwrap().base_url(),
            "https://api.us.ovhcloud.com/1.0"
        );
        assert_eq!(Endpoint::parse("kimsufi-ca").unwrap().token_url(), None);
        let url = Endpoint::parse("http://127.0.0.1:9/ovh/1.0/").unwrap();
        assert_eq!(url.base_url(), "http://127.0.0.1:9/ovh/1.0");
        assert_eq!(url.section(), "http://127.0.0.1:9/ovh/1.0");
        assert_eq!(url.token_url(), None);
        let err = Endpoint::parse("ovh-fr").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.message.contains("`ovh-fr`") && err.message.contains("ovh-ca"));
        assert_eq!(Endpoint::parse("https://").unwrap_err().exit_code(), 2);
    }

    #[test]
    fn ini_sections_keys_and_comments() {
        let ini = parse(
            "ovh.conf",
            "# comment\n[default]\nendpoint=ovh-ca\n\n[ovh-ca]\n; note\nApplication_Key = ak\napplication_secret: s=x\n",
        )
        .unwrap();
        assert_eq!(ini["default"]["endpoint"], "ovh-ca");
        assert_eq!(ini["ovh-ca"]["application_key"], "ak");
        assert_eq!(ini["ovh-ca"]["application_secret"], "s=x");
        let err = parse("/etc/ovh.conf", "[default]\nnonsense\n").unwrap_err();
        assert!(
            err.message.contains("/etc/ovh.conf line 2"),
            "{}",
            err.message
        );
        assert!(parse("x", "key=1\n").is_err());
        assert!(parse("x", "[open\n").is_err());
    }

    #[test]
    fn later_files_override_key_by_key() {
        let etc = parse("/etc/ovh.conf", "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=etc-ak\napplication_secret=etc-as\n").unwrap();
        let home = parse("~/.ovh.conf", "[ovh-eu]\napplication_key=home-ak\n").unwrap();
        let local = parse("./ovh.conf", "[ovh-eu]\nconsumer_key=local-ck\n").unwrap();
        let conf = merge(&[
            ("/etc/ovh.conf".into(), etc),
            ("~/.ovh.conf".into(), home),
            ("./ovh.conf".into(), local),
        ]);
        assert_eq!(
            conf.get("ovh-eu", "application_key"),
            Some(("home-ak", "~/.ovh.conf"))
        );
        assert_eq!(
            conf.get("ovh-eu", "application_secret"),
            Some(("etc-as", "/etc/ovh.conf"))
        );
        assert_eq!(
            conf.get("ovh-eu", "consumer_key"),
            Some(("local-ck", "./ovh.conf"))
        );
        assert_eq!(
            conf.get("default", "endpoint"),
            Some(("ovh-eu", "/etc/ovh.conf"))
        );
        assert_eq!(conf.get("ovh-ca", "application_key"), None);
    }

    #[test]
    fn load_reads_system_home_and_cwd_in_order() {
        let home = tempfile::tempdir().unwrap();
        let cwd = tempfile::tempdir().unwrap();
        let etc = tempfile::tempdir().unwrap();
        let system = etc.path().join("ovh.conf");
        std::fs::write(
            &system,
            "[default]\nendpoint=ovh-ca\n[ovh-ca]\napplication_key=s\napplication_secret=s\n",
        )
        .unwrap();
        std::fs::write(
            home.path().join(".ovh.conf"),
            "[ovh-eu]\napplication_key=h\nconsumer_key=h\n",
        )
        .unwrap();
        std::fs::write(cwd.path().join("ovh.conf"), "[ovh-eu]\nconsumer_key=c\n").unwrap();
        let conf = load(&system, Some(home.path()), cwd.path()).unwrap();
        assert_eq!(
            conf.get("ovh-eu", "application_key").map(|v| v.0),
            Some("h")
        );
        assert_eq!(conf.get("ovh-eu", "consumer_key").map(|v| v.0), Some("c"));
        assert_eq!(conf.get("default", "endpoint").map(|v| v.0), Some("ovh-ca"));
        assert_eq!(
            conf.get("ovh-ca", "application_secret"),
            Some(("s", system.to_str().unwrap()))
        );
        // Without the system file (the path does not exist), only home and cwd count.
        let none = load(
            &etc.path().join("absent.conf"),
            Some(home.path()),
            cwd.path(),
        )
        .unwrap();
        assert_eq!(none.get("default", "endpoint"), None);
        let listed = paths(Path::new(SYSTEM_CONF), Some(home.path()), cwd.path());
        assert_eq!(listed[0], PathBuf::from("/etc/ovh.conf"));
        assert_eq!(listed[1], home.path().join(".ovh.conf"));
        assert_eq!(listed[2], cwd.path().join("ovh.conf"));
        std::fs::write(cwd.path().join("ovh.conf"), "garbage\n").unwrap();
        assert_eq!(
            load(&system, Some(home.path()), cwd.path())
                .unwrap_err()
                .exit_code(),
            2
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256, failure_persistence: None, ..Default::default()
        })]

        /// Any `ovh.conf` text is read or refused by line number, never by its text.
        #[test]
        fn any_ovh_conf_is_read_or_refused_by_line(
            before in "[\\[\\]a-z_ =:;#\n]{0,40}",
            after in "[\\[\\]a-z_ =:;#\n]{0,40}",
        ) {
            let text = format!("{before}S3CR3T-VALUE-8d{after}");
            if let Err(err) = parse("~/.ovh.conf", &text) {
                proptest::prop_assert!(!err.message.contains("S3CR3T"), "{}", err.message);
                proptest::prop_assert!(err.message.starts_with("~/.ovh.conf line "));
            }
        }
    }
}
