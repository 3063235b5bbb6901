//! What every provider's client is built with: the per-request timeout, the run's dry-run plan
//! and the test switch that skips retry sleeps. One value per run (`Context`), cloned into each
//! client, so that every client of a run records into the same plan.

use std::time::Duration;

use super::Plan;

/// Settings shared by every provider's client.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Per-request timeout (`--http-timeout`).
    pub timeout: Duration,
    /// `--dry-run`: where mutating requests are recorded instead of being sent. Shared by every
    /// client of the run (clones record into the same plan).
    pub plan: Option<Plan>,
    /// Skip retry sleeps (tests only: `CC_TEST_NO_RETRY_DELAY=1`).
    pub no_retry_delay: bool,
}

impl HttpSettings {
    /// Whether this is a `--dry-run`.
    pub fn dry_run(&self) -> bool {
        self.plan.is_some()
    }
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(30),
            plan: None,
            no_retry_delay: false,
        }
    }
}
