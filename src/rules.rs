//! Rules that span resources (`CLI.md` §5): two values that are each fine alone but not
//! together, such as two subnets that overlap, a next hop on its subnet's broadcast address, or
//! the same route twice.
//!
//! A [`Rule`] is a named value: what it says, and whether the provider documents it or `cc`
//! infers it (with the evidence either way). A provider's checks run a rule over what is
//! planned (one command's flags today, a whole desired-state file later) and what already
//! exists, and return each [`Breach`] they find: the rule and the two [`Party`]s that clash,
//! each a resource (by name with its id) or an input of the request (named by its field until
//! the command layer gives it its flag, [`Error::naming`]). [`enforce`] turns breaches into the
//! one refusal: exit 2, nothing sent; an inferred rule can be let through with
//! `--skip-rule NAME` ([`Skips`]), with a warning, because a wrong guess must never block a
//! real order. A provider's simulator runs the same checks and answers a breach in its own
//! error shape ([`Breach::message`]).
//!
//! Every rule is registered once (`registry::rules`), so that `--skip-rule` knows the names.

use std::fmt;

use crate::error::{Error, Result};

/// Whether the provider says so, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// The provider's (or the platform's) documentation says so: the source.
    Documented(&'static str),
    /// Not found in any document: `cc` infers it, for the reason given. It can be skipped.
    Inferred(&'static str),
}

/// A rule that spans resources.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Its name, for `--skip-rule` and in every refusal: `provider-what`, kebab case.
    pub name: &'static str,
    /// What it says, as one clause ("the Azure and network gateway subnets do not overlap").
    pub says: &'static str,
    /// Documented or inferred, with the evidence.
    pub evidence: Evidence,
}

impl Rule {
    /// Whether `cc` infers it (so `--skip-rule` may let it through).
    pub fn inferred(&self) -> bool {
        matches!(self.evidence, Evidence::Inferred(_))
    }

    /// `documented` or `inferred`.
    pub fn status(&self) -> &'static str {
        if self.inferred() {
            "inferred"
        } else {
            "documented"
        }
    }

    /// A breach of this rule by `parties`, `detail` saying how (`are both 10.0.0.0/30`).
    pub fn breach(&'static self, parties: Vec<Party>, detail: impl Into<String>) -> Breach {
        Breach {
            rule: self,
            parties,
            detail: detail.into(),
        }
    }
}

/// One side of a breach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// An input of the request being checked: the field it fills (`nextHop`), until the
    /// command layer names it by its flag ([`Breach::naming`]), and its value.
    Input {
        /// The field, then the flag.
        name: String,
        /// The value given.
        value: String,
    },
    /// A resource: its kind, its name where it has one, its id where it has one, and what
    /// matters of it here (`10.20.0.0/28`).
    Resource {
        /// `datacenter configuration`.
        kind: String,
        /// Its name.
        name: Option<String>,
        /// Its id.
        id: Option<String>,
        /// The value of it the rule judged.
        value: Option<String>,
    },
}

impl Party {
    /// An input of the request: `field` (a body field, or a flag) with `value`.
    pub fn input(field: &str, value: impl fmt::Display) -> Party {
        Party::Input {
            name: field.to_string(),
            value: value.to_string(),
        }
    }

    /// A resource of `kind`, with its name and id where it has them, and the value judged.
    pub fn resource(
        kind: &str,
        name: Option<&str>,
        id: Option<&str>,
        value: Option<String>,
    ) -> Party {
        Party::Resource {
            kind: kind.to_string(),
            name: name.map(str::to_string),
            id: id.map(str::to_string),
            value,
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Party::Input { name, value } => write!(f, "{name} {value}"),
            Party::Resource {
                kind,
                name,
                id,
                value,
            } => {
                write!(f, "{kind}")?;
                match (name, id) {
                    (Some(name), Some(id)) => write!(f, " `{name}` ({id})")?,
                    (Some(name), None) => write!(f, " `{name}`")?,
                    (None, Some(id)) => write!(f, " {id}")?,
                    (None, None) => {}
                }
                match value {
                    Some(value) => write!(f, " ({value})"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// A rule broken by two (or more) parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// The rule.
    pub rule: &'static Rule,
    /// Who clashes, each shown in the message.
    pub parties: Vec<Party>,
    /// How: what the parties are to each other (`overlap`, `are the same route`).
    pub detail: String,
}

impl Breach {
    /// The one-line message: `{party} and {party}: {detail}; rule `{name}` ({status}): {says}`.
    pub fn message(&self) -> String {
        let parties: Vec<String> = self.parties.iter().map(Party::to_string).collect();
        format!(
            "{}: {}; rule `{}` ({}): {}",
            parties.join(" and "),
            self.detail,
            self.rule.name,
            self.rule.status(),
            self.rule.says
        )
    }

    /// The inputs renamed as the caller spells them: each input whose field is in `names`
    /// (field, name) takes that name.
    pub fn naming(&mut self, names: &[(&str, &str)]) {
        for party in &mut self.parties {
            if let Party::Input { name, .. } = party
                && let Some((_, flag)) = names.iter().find(|(field, _)| field == name)
            {
                *name = flag.to_string();
            }
        }
    }

    /// The refusal: exit 2, carrying this breach; for an inferred rule, a hint naming
    /// `--skip-rule`.
    pub fn into_error(self) -> Error {
        let mut err = Error::usage(self.message());
        err = match self.rule.evidence {
            Evidence::Documented(source) => err.hint(format!("documented: {source}")),
            Evidence::Inferred(why) => err.hint(format!("inferred, not documented: {why}")).hint(
                format!(
                    "if the provider accepts it, `--skip-rule {}` lets this one request through",
                    self.rule.name
                ),
            ),
        };
        err.breach = Some(self);
        err
    }
}

/// The rules `--skip-rule` lets through for this run: inferred ones only, each known.
#[derive(Debug, Clone, Default)]
pub struct Skips {
    names: Vec<&'static str>,
}

impl Skips {
    /// The names given to `--skip-rule`, checked against `known` (every registered rule): an
    /// unknown name, or a documented rule, is exit 2 listing the names that can be skipped.
    pub fn new(given: &[String], known: &[&'static Rule]) -> Result<Skips> {
        let mut names = Vec::new();
        for text in given {
            let wanted = text.trim();
            let found = known.iter().find(|r| r.name.eq_ignore_ascii_case(wanted));
            match found {
                Some(rule) if rule.inferred() => names.push(rule.name),
                _ => {
                    let mut skippable: Vec<&str> = known
                        .iter()
                        .filter(|r| r.inferred())
                        .map(|r| r.name)
                        .collect();
                    skippable.sort_unstable();
                    let why = match found {
                        Some(_) => "is a documented rule, which the provider enforces",
                        None => "is not a rule of cc",
                    };
                    return Err(Error::usage(format!(
                        "--skip-rule `{wanted}` {why}; the rules that can be skipped (inferred ones) are: {}",
                        skippable.join(", ")
                    )));
                }
            }
        }
        Ok(Skips { names })
    }

    /// Whether `rule` is let through.
    pub fn skips(&self, rule: &Rule) -> bool {
        rule.inferred() && self.names.contains(&rule.name)
    }
}

/// Nothing breached, or exit 2 for the first breach not skipped; each skipped breach is a
/// warning on stderr.
pub fn enforce(breaches: Vec<Breach>, skips: &Skips) -> Result<()> {
    for breach in breaches {
        if skips.skips(breach.rule) {
            crate::log::warn(format!(
                "{} (let through by --skip-rule {})",
                breach.message(),
                breach.rule.name
            ));
        } else {
            return Err(breach.into_error());
        }
    }
    Ok(())
}

/// Every pair a rule between two resources of one kind must look at: each planned item with
/// each planned item after it, and with each existing one. `planned` are what is about to be
/// made (one command's, or a whole file's); `existing` what the provider holds.
pub fn pairs<'a, T>(planned: &'a [T], existing: &'a [T]) -> Vec<(&'a T, &'a T)> {
    let mut out = Vec::new();
    for (i, a) in planned.iter().enumerate() {
        for b in planned[i + 1..].iter().chain(existing) {
            out.push((a, b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static GUESS: Rule = Rule {
        name: "test-guess",
        says: "two things differ",
        evidence: Evidence::Inferred("nobody wrote it down"),
    };
    static WRITTEN: Rule = Rule {
        name: "test-written",
        says: "two things never overlap",
        evidence: Evidence::Documented("the manual, page 2"),
    };

    fn breach(rule: &'static Rule) -> Breach {
        rule.breach(
            vec![
                Party::input("nextHop", "10.0.0.0"),
                Party::resource(
                    "datacenter configuration",
                    None,
                    Some("3001"),
                    Some("10.0.0.0/28".into()),
                ),
            ],
            "is its network address",
        )
    }

    #[test]
    fn a_breach_names_both_parties_the_rule_and_its_status() {
        let mut b = breach(&GUESS);
        assert_eq!(
            b.message(),
            "nextHop 10.0.0.0 and datacenter configuration 3001 (10.0.0.0/28): is its network address; rule `test-guess` (inferred): two things differ"
        );
        b.naming(&[("nextHop", "--next-hop")]);
        assert!(b.message().starts_with("--next-hop 10.0.0.0 and"));
        let err = b.into_error();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.hints
                .iter()
                .any(|h| h.contains("--skip-rule test-guess"))
        );
        assert_eq!(err.breach.as_ref().unwrap().rule.name, "test-guess");
        let err = breach(&WRITTEN).into_error();
        assert!(!err.hints.iter().any(|h| h.contains("--skip-rule")));
        assert!(err.hints[0].contains("the manual, page 2"));
        let named = Party::resource("cloud connection", Some("prod"), Some("c1"), None);
        assert_eq!(named.to_string(), "cloud connection `prod` (c1)");
    }

    #[test]
    fn only_known_inferred_rules_can_be_skipped() {
        let known = [&GUESS, &WRITTEN];
        let skips = Skips::new(&["TEST-GUESS".into()], &known).unwrap();
        assert!(skips.skips(&GUESS) && !skips.skips(&WRITTEN));
        assert!(enforce(vec![breach(&GUESS)], &skips).is_ok());
        assert_eq!(
            enforce(vec![breach(&GUESS), breach(&WRITTEN)], &skips)
                .unwrap_err()
                .breach
                .as_ref()
                .unwrap()
                .rule,
            &WRITTEN
        );
        let err = Skips::new(&["nope".into()], &known).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.message.contains("not a rule") && err.message.contains("test-guess"));
        let err = Skips::new(&["test-written".into()], &known).unwrap_err();
        assert!(err.message.contains("documented"), "{}", err.message);
        assert!(enforce(vec![breach(&GUESS)], &Skips::default()).is_err());
    }

    #[test]
    fn pairs_cover_planned_with_planned_and_existing() {
        let got = pairs(&[1, 2], &[9]);
        assert_eq!(got, vec![(&1, &2), (&1, &9), (&2, &9)]);
        assert!(pairs::<u8>(&[], &[1]).is_empty());
    }
}
