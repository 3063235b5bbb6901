//! Whether a link carries traffic (`CLI.md` §3 `ovh status`, `connections status`), as one verdict
//! every provider reaches the same way.
//!
//! A provider turns its readings (interface status, light levels, BGP sessions, incidents, a
//! connection's state) into [`Finding`]s; a [`Verdict`] is the worst of them with every finding
//! kept as a reason, so that `health` is never a bare word: a script reads the level, a person
//! reads why. The rules that turn a provider's readings into findings live with that provider;
//! this module only knows the levels, how they combine, and what `--fail-on` means.

use serde::Serialize;

/// How healthy a link is, from best to worst for combining: one finding of a level makes the
/// whole at least that level. `unknown` (a reading failed) ranks below `down`, because what was
/// read may still prove the link down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// Nothing found wrong.
    Up,
    /// Carrying traffic with less redundancy or margin than bought (one of two interfaces down,
    /// a low light level, a recent BGP flap, an open maintenance).
    Degraded,
    /// A reading failed: the link may be fine or not.
    Unknown,
    /// Not carrying traffic (no interface up, every BGP session down, a failed connection).
    Down,
}

impl Health {
    /// The word shown and sent (`up`, `degraded`, `unknown`, `down`).
    pub fn word(self) -> &'static str {
        match self {
            Health::Up => "up",
            Health::Degraded => "degraded",
            Health::Unknown => "unknown",
            Health::Down => "down",
        }
    }

    /// Whether `--fail-on level` fails on this health: at that level or worse, `unknown` counting
    /// as `down` (a monitoring job must not pass on a link it could not read).
    pub fn fails(self, level: FailOn) -> bool {
        match level {
            FailOn::Degraded => self != Health::Up,
            FailOn::Down => matches!(self, Health::Down | Health::Unknown),
        }
    }
}

impl std::fmt::Display for Health {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.word())
    }
}

/// The level `--fail-on` makes exit 11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any connection not `up`.
    Degraded,
    /// Any connection `down` or `unknown`.
    Down,
}

/// One thing found, and what it does to the link's health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The level this finding alone gives.
    pub health: Health,
    /// What was found, naming the part by its id (`interface 17: light level down`).
    pub reason: String,
}

impl Finding {
    /// A finding of `health` for `reason`.
    pub fn new(health: Health, reason: impl Into<String>) -> Finding {
        Finding {
            health,
            reason: reason.into(),
        }
    }
}

/// A link's health and the reasons behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The worst level of the findings; `up` when there are none.
    pub health: Health,
    /// Every finding's reason, worst first (in the order found among equals).
    pub reasons: Vec<String>,
}

impl Verdict {
    /// The verdict of `findings`: their worst level, with all their reasons.
    pub fn of(mut findings: Vec<Finding>) -> Verdict {
        findings.sort_by_key(|f| std::cmp::Reverse(f.health));
        Verdict {
            health: findings.first().map_or(Health::Up, |f| f.health),
            reasons: findings.into_iter().map(|f| f.reason).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_finding_is_up_and_the_worst_finding_decides() {
        assert_eq!(Verdict::of(vec![]).health, Health::Up);
        let verdict = Verdict::of(vec![
            Finding::new(Health::Degraded, "interface 1: light level down"),
            Finding::new(Health::Down, "every BGP session down"),
            Finding::new(Health::Unknown, "incidents: could not be read"),
        ]);
        assert_eq!(verdict.health, Health::Down);
        assert_eq!(
            verdict.reasons,
            [
                "every BGP session down",
                "incidents: could not be read",
                "interface 1: light level down"
            ]
        );
    }

    #[test]
    fn fail_on_counts_unknown_as_down() {
        use Health::*;
        let fails = |level| {
            [Up, Degraded, Unknown, Down]
                .into_iter()
                .filter(|h| h.fails(level))
                .collect::<Vec<_>>()
        };
        assert_eq!(fails(FailOn::Degraded), [Degraded, Unknown, Down]);
        assert_eq!(fails(FailOn::Down), [Unknown, Down]);
    }

    #[test]
    fn levels_serialise_as_their_words() {
        assert_eq!(
            serde_json::to_string(&Health::Degraded).unwrap(),
            "\"degraded\""
        );
        assert_eq!(Health::Unknown.to_string(), "unknown");
    }
}
