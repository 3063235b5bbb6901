//! Configuration: TOML profiles, and where every effective value comes from.
//!
//! Precedence, highest first: flag > environment variable > profile in the config file >
//! built-in default (`CLI.md` §2). Each resolved value keeps its source so that
//! `cc config view` can say why a value is what it is, which is the first question when a
//! credential is refused. Every known key is declared once, in its provider's `ProviderInfo`
//! (`providers::<p>::contract::INFO`), with its environment variables (its own ecosystem's included); this module
//! is given the whole table and never looks upward for it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::secret::Secret;

mod read;
mod unknown;
mod write;

pub use read::read_regular;
use write::{locked, write_private};

/// A known configuration key.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// `provider.field`, as in `cc config set` and the TOML profile table.
    pub key: &'static str,
    /// Environment variables, first match wins.
    pub env: &'static [&'static str],
    /// Masked in every output.
    pub secret: bool,
    /// Built-in default.
    pub default: Option<&'static str>,
    /// The provider's own parsing of a value (given the key or variable it came from, and the
    /// text), run by `cc config set` before it writes: a value the provider would refuse is
    /// refused there, not at the next command.
    pub check: Option<Check>,
}

/// A setting's parsing: `Ok` when the provider accepts `text` for `origin` (a key or variable).
pub type Check = fn(origin: &str, text: &str) -> Result<()>;

impl Setting {
    /// This setting, parsed by `check` before `cc config set` writes it.
    pub const fn checked(self, check: Check) -> Setting {
        Setting {
            check: Some(check),
            ..self
        }
    }
}

/// Shorthand for the providers' tables.
pub const fn setting(
    key: &'static str,
    env: &'static [&'static str],
    secret: bool,
    default: Option<&'static str>,
) -> Setting {
    Setting {
        key,
        env,
        secret,
        default,
        check: None,
    }
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A command-line flag (or `--sandbox`).
    Flag,
    /// An environment variable.
    Env,
    /// The profile in the config file.
    Profile,
    /// Built in.
    Default,
}

/// A configured value: plain text, or a [`Secret`] (a setting marked `secret`), which prints as
/// `***` and is read only through [`Config::secret`] and [`Secret::expose`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Not secret.
    Plain(String),
    /// A credential.
    Secret(Secret),
}

impl Value {
    /// `text`, held as a [`Secret`] when `secret`.
    pub fn new(text: String, secret: bool) -> Value {
        if secret {
            Value::Secret(Secret::new(text))
        } else {
            Value::Plain(text)
        }
    }

    /// The text of a plain value; `None` for a secret.
    pub fn plain(&self) -> Option<&str> {
        match self {
            Value::Plain(text) => Some(text),
            Value::Secret(_) => None,
        }
    }

    /// The value as it may be shown: plain text (the password of a URL in it masked:
    /// `http://user:***@host`), or `***` for a secret.
    pub fn shown(&self) -> String {
        match self {
            Value::Plain(text) => crate::http::redact::url_passwords(text).into_owned(),
            Value::Secret(secret) => secret.to_string(),
        }
    }
}

/// A resolved value and its provenance.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The value, if any (a [`Value::Secret`] when `secret`).
    pub value: Option<Value>,
    /// Where it came from.
    pub source: Source,
    /// The variable name, file path or flag.
    pub origin: Option<String>,
    /// Masked in output.
    pub secret: bool,
}

impl Resolved {
    /// The value's text, if it is set and not secret.
    pub fn text(&self) -> Option<&str> {
        self.value.as_ref().and_then(Value::plain)
    }
}

/// The effective configuration of one run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file (it may not exist).
    pub path: PathBuf,
    /// Where [`Config::path`] came from (`--config`, `CC_CONFIG` or the default), for
    /// `cc config view`.
    pub path_source: Resolved,
    /// The profile in use.
    pub profile: Resolved,
    /// Every known key plus the general ones, resolved.
    pub values: BTreeMap<String, Resolved>,
    /// The known keys (every provider's settings).
    pub known: Vec<Setting>,
    /// Warnings found while loading (file readable by others, unknown tables and keys).
    pub warnings: Vec<String>,
    /// What the command line named that is not there (a `--config` file, a `--profile`): exit 2
    /// for every command but the ones that create it (`config set`, `config init`).
    pub absent: Option<Absent>,
    /// Sealed ([`Config::seal`], `--sandbox`): nothing of a real account is used, no other
    /// credentials file (`~/.ovh.conf`) read.
    pub sealed: bool,
}

/// A config file or profile that was asked for by name and is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Absent {
    /// The file named by `--config` or `CC_CONFIG` does not exist.
    File,
    /// The profile named by `--profile` or `CC_PROFILE` is not in the file, which holds these.
    Profile(Vec<String>),
}

impl Config {
    /// Exit 2 when the command line named a file or profile that is not there (`CLI.md` §2),
    /// saying which there are.
    pub fn require_present(&self) -> Result<()> {
        let shown = |r: &Resolved| {
            let origin = r.origin.as_deref().unwrap_or_default();
            let between = if origin.starts_with("--") { " " } else { "=" };
            format!("{origin}{between}{}", r.text().unwrap_or_default())
        };
        match &self.absent {
            None => Ok(()),
            Some(Absent::File) => Err(Error::usage(format!(
                "{}: no such config file",
                shown(&self.path_source)
            ))
            .hint(format!("`{}` creates it", crate::hint::cc("config init")))),
            Some(Absent::Profile(held)) => {
                let held = match held.as_slice() {
                    [] if !self.path.exists() => "the file does not exist".to_string(),
                    [] => "it holds none".to_string(),
                    names => format!("it holds {}", names.join(", ")),
                };
                Err(Error::usage(format!(
                    "{}: no such profile in {} ({held})",
                    shown(&self.profile),
                    self.path.display()
                ))
                .hint(format!("`{}` creates it", crate::hint::cc("config init"))))
            }
        }
    }
}

fn env_value(names: &[&str]) -> Option<(String, String)> {
    names.iter().find_map(|name| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .map(|v| (v, name.to_string()))
    })
}

/// The config file path: `--config`, `CC_CONFIG`, `$XDG_CONFIG_HOME/cc/config.toml`, or
/// `~/.config/cc/config.toml` (XDG on macOS too, as uv and gh do); with where it came from.
pub fn config_path(flag: Option<&Path>) -> (PathBuf, Resolved) {
    let (path, source, origin) = if let Some(path) = flag {
        (
            path.to_path_buf(),
            Source::Flag,
            Some("--config".to_string()),
        )
    } else if let Some((path, var)) = env_value(&[crate::env::CC_CONFIG.name]) {
        (PathBuf::from(path), Source::Env, Some(var))
    } else {
        let base = env_value(&["XDG_CONFIG_HOME"])
            .map(|(p, _)| PathBuf::from(p))
            .or_else(|| {
                env_value(&["HOME", "USERPROFILE"]).map(|(h, _)| PathBuf::from(h).join(".config"))
            })
            .unwrap_or_else(|| PathBuf::from("."));
        (base.join("cc").join("config.toml"), Source::Default, None)
    };
    let resolved = Resolved {
        value: Some(Value::Plain(path.display().to_string())),
        source,
        origin,
        secret: false,
    };
    (path, resolved)
}

/// `console-connect.token` and `console_connect.token` name the same key.
pub fn canonical_key(key: &str) -> String {
    key.replace('-', "_")
}

impl Config {
    /// Loads the file (if any) and resolves every setting of `known` for the chosen profile.
    pub fn load(
        flag_path: Option<&Path>,
        flag_profile: Option<&str>,
        known: Vec<Setting>,
    ) -> Result<Config> {
        let (path, path_source) = config_path(flag_path);
        let profile = match (flag_profile, env_value(&[crate::env::CC_PROFILE.name])) {
            (Some(p), _) => Resolved {
                value: Some(Value::Plain(p.into())),
                source: Source::Flag,
                origin: Some("--profile".into()),
                secret: false,
            },
            (None, Some((p, var))) => Resolved {
                value: Some(Value::Plain(p)),
                source: Source::Env,
                origin: Some(var),
                secret: false,
            },
            (None, None) => Resolved {
                value: Some(Value::Plain("default".into())),
                source: Source::Default,
                origin: None,
                secret: false,
            },
        };
        let profile_name = profile.text().unwrap_or_default().to_string();
        let mut warnings = Vec::new();
        let table = read_table(&path, &known, &mut warnings)?;
        let profile_table = table
            .get("profiles")
            .and_then(|p| p.get(&profile_name))
            .and_then(|p| p.as_table())
            .cloned();
        let absent = if path_source.source != Source::Default && !path.exists() {
            Some(Absent::File)
        } else if profile_table.is_none() && profile.source != Source::Default {
            let held = table.get("profiles").and_then(toml::Value::as_table);
            Some(Absent::Profile(
                held.map(|t| t.keys().cloned().collect())
                    .unwrap_or_default(),
            ))
        } else {
            None
        };
        warnings.extend(unknown::warnings(&table, &known));
        let mut values = BTreeMap::new();
        for s in &known {
            let (provider, field) = s.key.split_once('.').unwrap_or((s.key, ""));
            let from_file = profile_table
                .as_ref()
                .and_then(|t| t.get(provider))
                .and_then(|t| t.get(field))
                .map(|v| match v {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
            let resolved = if let Some((value, var)) = env_value(s.env) {
                Resolved {
                    value: Some(Value::new(value, s.secret)),
                    source: Source::Env,
                    origin: Some(var),
                    secret: s.secret,
                }
            } else if let Some(value) = from_file {
                Resolved {
                    value: Some(Value::new(value, s.secret)),
                    source: Source::Profile,
                    origin: Some(path.display().to_string()),
                    secret: s.secret,
                }
            } else {
                Resolved {
                    value: s.default.map(|d| Value::new(d.to_string(), s.secret)),
                    source: Source::Default,
                    origin: None,
                    secret: s.secret,
                }
            };
            values.insert(s.key.to_string(), resolved);
        }
        Ok(Config {
            path,
            path_source,
            profile,
            values,
            known,
            warnings,
            absent,
            sealed: false,
        })
    }

    /// Unsets every known key (`origin` names why) and marks the configuration sealed: from
    /// here on no value of a real account is used, from the file, the environment or a
    /// provider's own credentials file.
    pub fn seal(&mut self, origin: &str) {
        let known: Vec<&'static str> = self.known.iter().map(|s| s.key).collect();
        for key in known {
            self.unset(key, origin);
        }
        self.sealed = true;
    }

    /// A plain value, if set anywhere. A secret setting is never read here (it is `None`): see
    /// [`Config::secret`].
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Resolved::text)
    }

    /// A secret setting's value, if set anywhere (a plain one is wrapped as a secret too).
    pub fn secret(&self, key: &str) -> Option<Secret> {
        match self.values.get(key).and_then(|r| r.value.as_ref())? {
            Value::Secret(secret) => Some(secret.clone()),
            Value::Plain(text) => Some(Secret::new(text.clone())),
        }
    }

    /// Unsets `key` whatever set it (`origin` names why: `--sandbox` ignores a real account's
    /// values).
    pub fn unset(&mut self, key: &str, origin: &str) {
        let secret = self.values.get(key).is_some_and(|r| r.secret);
        self.values.insert(
            key.to_string(),
            Resolved {
                value: None,
                source: Source::Flag,
                origin: Some(origin.into()),
                secret,
            },
        );
    }

    /// Sets `key` from a flag (`origin` names it), over every other source.
    pub fn set_flag(&mut self, key: &str, value: impl Into<String>, origin: &str) {
        let secret = self.values.get(key).is_some_and(|r| r.secret);
        self.values.insert(
            key.to_string(),
            Resolved {
                value: Some(Value::new(value.into(), secret)),
                source: Source::Flag,
                origin: Some(origin.into()),
                secret,
            },
        );
    }

    /// The name of the profile in use.
    pub fn profile_name(&self) -> &str {
        self.profile.text().unwrap_or("default")
    }

    /// A required value, or exit 2 naming the variables and the config key that would set it.
    pub fn require(&self, key: &str) -> Result<&str> {
        self.get(key).ok_or_else(|| {
            let vars = self
                .known
                .iter()
                .find(|s| s.key == key)
                .map(|s| s.env.join(" or "))
                .unwrap_or_default();
            Error::usage(format!(
                "missing configuration `{key}`: set {vars}, or run `{}`",
                crate::hint::cc(&format!("config set {key} VALUE"))
            ))
            .hint(format!(
                "`{}` runs against the built-in simulator without credentials",
                crate::hint::cc("--sandbox ...")
            ))
        })
    }
}

/// The file's text, or `None` if it does not exist ([`read_regular`]: a regular file, capped).
fn read_text(path: &Path) -> Result<Option<String>> {
    read_regular(path, "config file")
}

/// `text` (of the file at `path`) as a TOML table; an error says where, never the line.
fn parse_table(path: &Path, text: &str, known: &[Setting]) -> Result<toml::Table> {
    text.parse::<toml::Table>()
        .map_err(|e| read::not_toml(path, text, e.span(), e.message(), known))
}

fn read_table(path: &Path, known: &[Setting], warnings: &mut Vec<String>) -> Result<toml::Table> {
    let Some(text) = read_text(path)? else {
        return Ok(toml::Table::new());
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            warnings.push(format!(
                "{} is readable by other users and may hold credentials; run `chmod 600 {}`",
                path.display(),
                path.display()
            ));
        }
    }
    parse_table(path, &text, known)
}

/// Writes `key = value` into the profile's table, creating the file with mode 0600. `key` must
/// be one of `settings`. The file is edited in place (toml_edit): its comments, order and layout
/// stay as they were, and a value that is replaced keeps the comments around it.
pub fn set_value(
    path: &Path,
    profile: &str,
    key: &str,
    value: &str,
    settings: &[Setting],
) -> Result<()> {
    // Read, edit and write all under the file's lock (see `write::locked`).
    locked(path, || {
        let key = canonical_key(key);
        if !settings.iter().any(|s| s.key == key) {
            let known: Vec<&str> = settings.iter().map(|s| s.key).collect();
            return Err(Error::usage(format!("unknown key `{key}`"))
                .hint(format!("known keys: {}", known.join(", "))));
        }
        let (provider, field) = key.split_once('.').unwrap_or((&key, ""));
        let text = read_text(path)?.unwrap_or_default();
        let mut doc = text
            .parse::<toml_edit::DocumentMut>()
            .map_err(|e| read::not_toml(path, &text, e.span(), e.message(), settings))?;
        let not_a_table = || {
            Error::usage(format!(
                "{}: `profiles.{profile}.{provider}` is not a table",
                path.display()
            ))
        };
        let mut item = doc.as_item_mut();
        for name in ["profiles", profile, provider] {
            item = child_table(item, name).ok_or_else(not_a_table)?;
        }
        let section = item.as_table_like_mut().ok_or_else(not_a_table)?;
        let mut new = toml_edit::Value::from(value);
        match section
            .get_mut(field)
            .and_then(toml_edit::Item::as_value_mut)
        {
            // In place: the key keeps the comment above it, the value the one beside it.
            Some(old) => {
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
            None => {
                section.insert(field, toml_edit::Item::Value(new));
            }
        }
        write_private(path, &doc.to_string())
    })
}

/// The table under `key`, created if missing (implicit, so that only the innermost header is
/// written; inline if its parent is inline). `None` if `parent` or the child is not a table.
fn child_table<'a>(parent: &'a mut toml_edit::Item, key: &str) -> Option<&'a mut toml_edit::Item> {
    let inline = parent.is_inline_table();
    let child = parent.as_table_like_mut()?.entry(key).or_insert_with(|| {
        if inline {
            toml_edit::Item::Value(toml_edit::InlineTable::new().into())
        } else {
            let mut table = toml_edit::Table::new();
            table.set_implicit(true);
            toml_edit::Item::Table(table)
        }
    });
    child.is_table_like().then_some(child)
}

/// Creates the file (mode 0600) if it does not exist, with a table per provider of `known`
/// under `profile`, every key commented out (its default, its variables); adds those tables to
/// an existing file that does not hold `profile`. `true` if the file or the profile was created.
pub fn init(path: &Path, profile: &str, known: &[Setting]) -> Result<bool> {
    locked(path, || init_unlocked(path, profile, known))
}

/// [`init`], under the file's lock.
fn init_unlocked(path: &Path, profile: &str, known: &[Setting]) -> Result<bool> {
    let Some(text) = read_text(path)? else {
        write_private(path, &template(profile, known))?;
        return Ok(true);
    };
    let table = parse_table(path, &text, known)?;
    if table.get("profiles").and_then(|p| p.get(profile)).is_some() {
        return Ok(false);
    }
    let separator = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let new = format!("{text}{separator}{}", profile_tables(profile, known));
    // A file written by hand (`profiles = { ... }` inline) may not take new tables at its end.
    if let Err(e) = new.parse::<toml::Table>() {
        return Err(Error::usage(format!(
            "cannot add profile `{profile}` to {}: its tables are written inline",
            path.display()
        ))
        .caused_by(e)
        .hint("add the profile with `config set` (it edits inline tables), or by hand"));
    }
    write_private(path, &new)?;
    Ok(true)
}

/// The text of a new configuration file: one table per provider section, in `known`'s order.
fn template(profile: &str, known: &[Setting]) -> String {
    let header = "# cc configuration: one table per profile and provider. See `cc config view`.\n\
         # Environment variables and flags override what is set here; secrets are better kept\n\
         # in the environment or set with `cc config set` (the file is private, mode 0600).\n";
    format!("{header}{}", profile_tables(profile, known))
}

/// The tables of `profile`, one per provider section, every key commented out.
fn profile_tables(profile: &str, known: &[Setting]) -> String {
    let mut text = String::new();
    let mut section = "";
    for s in known {
        let (own, field) = s.key.split_once('.').unwrap_or(("", s.key));
        if own != section {
            section = own;
            text.push_str(&format!("\n[profiles.{profile}.{own}]\n"));
        }
        let value = s.default.unwrap_or_default();
        let vars = s.env.join(", ");
        text.push_str(&format!("# {field} = \"{value}\"  # {vars}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_has_a_table_per_provider_with_every_key_commented_out() {
        let known = [
            setting("a.url", &["CC_A_URL"], false, Some("https://a.example")),
            setting("a.key", &["CC_A_KEY", "A_KEY"], true, None),
            setting("b.url", &["CC_B_URL"], false, None),
        ];
        let text = template("work", &known);
        assert!(text.contains("[profiles.work.a]\n# url = \"https://a.example\"  # CC_A_URL\n# key = \"\"  # CC_A_KEY, A_KEY\n"), "{text}");
        assert!(
            text.contains("[profiles.work.b]\n# url = \"\"  # CC_B_URL\n"),
            "{text}"
        );
        let doc: toml_edit::DocumentMut = text.parse().unwrap();
        assert!(doc["profiles"]["work"]["b"].as_table().unwrap().is_empty());
    }

    /// A `config.toml` holding `text` in a fresh temporary folder (kept alive by the returned
    /// guard): the setup the load and set tests share.
    fn config_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn secret_values_are_held_as_secrets_and_never_debug_printed() {
        let (_dir, path) = config_file(
            "[profiles.default.p]\nkey = \"sk-in-the-file-0123456789\"\nname = \"plain\"\n",
        );
        let known = vec![
            setting("p.key", &["CC_TEST_UNSET_SECRET_VAR"], true, None),
            setting("p.name", &["CC_TEST_UNSET_PLAIN_VAR"], false, None),
        ];
        let mut cfg = Config::load(Some(&path), None, known).unwrap();
        cfg.set_flag("p.other", "plain-flag", "--flag");
        assert_eq!(cfg.get("p.key"), None, "a secret is not plain text");
        assert_eq!(
            cfg.secret("p.key").unwrap().expose(),
            "sk-in-the-file-0123456789"
        );
        assert_eq!(cfg.get("p.name"), Some("plain"));
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("sk-in-the-file"), "{shown}");
        assert!(shown.contains("plain"), "{shown}");
        assert_eq!(cfg.values["p.key"].value.as_ref().unwrap().shown(), "***");
    }

    #[test]
    fn set_writes_a_private_file_and_load_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.toml");
        let known = [
            setting("orange.project_id", &["CC_ORANGE_PROJECT_ID"], false, None),
            setting("console_connect.company", &["X"], false, None),
        ];
        set_value(&path, "work", "orange.project_id", "p-1", &known).unwrap();
        set_value(&path, "work", "console-connect.company", "acme", &known).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("[profiles.work.orange]"), "{text}");
        assert!(text.contains("[profiles.work.console_connect]"), "{text}");
        assert!(set_value(&path, "work", "orange.nope", "x", &known).is_err());
    }

    const KNOWN: [Setting; 4] = [
        setting("orange.url", &[], false, None),
        setting("orange.project_id", &[], false, None),
        setting("console_connect.company", &[], false, None),
        setting("huawei.ak", &[], true, None),
    ];

    #[test]
    fn set_keeps_comments_and_layout() {
        let original = "\
# cc configuration, kept by hand
[profiles.default.orange]
# the lab endpoint
url = \"https://lab.example/ep\" # not production
project_id = \"p-0\"

# Huawei comes last
[profiles.default.huawei]
domain_id = \"d-1\"
";
        let (_dir, path) = config_file(original);
        set_value(&path, "default", "orange.project_id", "p-1", &KNOWN).unwrap();
        set_value(
            &path,
            "default",
            "orange.url",
            "https://other.example/ep",
            &KNOWN,
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = original
            .replace("p-0", "p-1")
            .replace("https://lab.example/ep", "https://other.example/ep");
        assert_eq!(text, expected);

        // A new provider and a new profile: one header each, nothing above them rewritten.
        set_value(&path, "default", "console-connect.company", "acme", &KNOWN).unwrap();
        set_value(&path, "lab", "huawei.ak", "AK", &KNOWN).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(&expected), "{text}");
        let added = &text[expected.len()..];
        assert!(
            added.contains("[profiles.default.console_connect]\ncompany = \"acme\"\n"),
            "{added}"
        );
        assert!(
            added.contains("[profiles.lab.huawei]\nak = \"AK\"\n"),
            "{added}"
        );
        assert!(
            !added.contains("[profiles]") && !added.contains("[profiles.lab]\n"),
            "{added}"
        );
        let cfg: toml::Table = text.parse().unwrap();
        assert_eq!(
            cfg["profiles"]["default"]["orange"]["project_id"].as_str(),
            Some("p-1")
        );
    }

    #[test]
    fn set_writes_into_inline_tables_and_refuses_non_tables() {
        let (_dir, path) = config_file("profiles = { default = { orange = { url = \"u\" } } }\n");
        set_value(&path, "default", "orange.project_id", "p", &KNOWN).unwrap();
        set_value(&path, "default", "huawei.ak", "AK", &KNOWN).unwrap();
        let cfg: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        assert_eq!(
            cfg["profiles"]["default"]["orange"]["url"].as_str(),
            Some("u")
        );
        assert_eq!(
            cfg["profiles"]["default"]["orange"]["project_id"].as_str(),
            Some("p")
        );
        assert_eq!(
            cfg["profiles"]["default"]["huawei"]["ak"].as_str(),
            Some("AK")
        );

        std::fs::write(&path, "[profiles.default]\norange = \"oops\"\n").unwrap();
        let err = set_value(&path, "default", "orange.url", "u", &KNOWN).unwrap_err();
        assert!(err.message.contains("is not a table"), "{}", err.message);
        std::fs::write(&path, "not toml [").unwrap();
        let err = set_value(&path, "default", "orange.url", "u", &KNOWN).unwrap_err();
        assert!(err.message.contains("not valid TOML"), "{}", err.message);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not toml [");
    }
}
