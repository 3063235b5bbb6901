//! What every provider's client is built with: the per-request timeout, the run's dry-run plan,
//! the test switch that skips retry sleeps and the record of whether anything was changed. One
//! value per run (`Context`), cloned into each client, so that every client of a run records
//! into the same plan and the same record.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Whether a mutating request was sent (not planned by `--dry-run`): shared by every client
    /// of the run, so that a failure after it (a `--jq` filter failing on the result) is not
    /// reported as "nothing was changed".
    pub changes: Changes,
}

/// Whether any client of the run sent a mutating request; clones share the answer.
#[derive(Debug, Clone, Default)]
pub struct Changes(Arc<AtomicBool>);

impl Changes {
    /// A mutating request is about to be sent: whatever happens next, it may have changed
    /// something.
    pub fn record(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a mutating request was sent this run.
    pub fn any(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
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
            changes: Changes::default(),
        }
    }
}
