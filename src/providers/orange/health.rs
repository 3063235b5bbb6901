//! Orange's health rules (`cc connections status`), from the connector's state only.
//!
//! The Evolution Platform calls `cc` knows (provider document, `CLI.md` §3) give a cloud
//! connector's provisioning state and nothing of its operation: no BGP session, light level or
//! traffic. So the health is what that state implies, and every verdict says so in its reason:
//! ACTIVE is up; a connector still being designed or provisioned is up with nothing found wrong
//! (as an OVH service with no POP configuration yet, `CLI.md` §3), and says it is not in service
//! yet; REPAIRING is degraded; ERROR, INACTIVE and a connector on its way out are down; a state
//! the documents do not name is unknown.

use crate::health::{Finding, Health, Verdict};

/// What every Orange reason ends with.
const ONLY: &str = "(Orange gives the provisioning state only)";

/// The health of a connector in `state`.
pub fn verdict(state: &str) -> Verdict {
    let state = state.trim().to_ascii_uppercase();
    let (health, what) = match state.as_str() {
        "ACTIVE" => (Health::Up, "in service"),
        "DESIGNED" | "DESIGNING" | "PROVISIONING" => (Health::Up, "not in service yet"),
        "REPAIRING" => (Health::Degraded, "being repaired"),
        "ERROR" => (Health::Down, "failed"),
        "INACTIVE" | "STOPPING" | "SUSPENDING" | "TERMINATED" => (Health::Down, "out of service"),
        _ => (Health::Unknown, "a state cc does not know"),
    };
    Verdict::of(vec![Finding::new(
        health,
        format!("connector {state}: {what} {ONLY}"),
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_alone_decides_and_says_so() {
        let health = |s| verdict(s).health;
        assert_eq!(health("ACTIVE"), Health::Up);
        assert_eq!(health("designed"), Health::Up);
        assert_eq!(health("REPAIRING"), Health::Degraded);
        assert_eq!(health("ERROR"), Health::Down);
        assert_eq!(health("TERMINATED"), Health::Down);
        assert_eq!(health("FROZEN"), Health::Unknown);
        let v = verdict("DESIGNED");
        assert_eq!(
            v.reasons,
            ["connector DESIGNED: not in service yet (Orange gives the provisioning state only)"]
        );
    }
}
