//! What a provider's client needs of the run to talk HTTP: the shared settings (timeout,
//! dry-run plan) and the one reqwest client, built on first use so that `cc --help` or a run
//! that sends nothing never pays for TLS setup. Clones share both.

use std::sync::{Arc, OnceLock};

use crate::error::Result;

use super::HttpSettings;

/// The run's HTTP handle, given to every provider's client constructor.
#[derive(Debug, Clone, Default)]
pub struct Http {
    /// Settings shared by every provider's client.
    pub settings: HttpSettings,
    client: Arc<OnceLock<reqwest::Client>>,
}

impl Http {
    /// A handle with these settings; nothing is built yet.
    pub fn new(settings: HttpSettings) -> Self {
        Http {
            settings,
            client: Arc::default(),
        }
    }

    /// The shared reqwest client, built on first use.
    pub fn reqwest(&self) -> Result<reqwest::Client> {
        if let Some(client) = self.client.get() {
            return Ok(client.clone());
        }
        let client = super::build_reqwest(&self.settings)?;
        Ok(self.client.get_or_init(|| client).clone())
    }

    /// Whether this is a `--dry-run`.
    pub fn dry_run(&self) -> bool {
        self.settings.dry_run()
    }
}
