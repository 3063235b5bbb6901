//! The signals that end a run before its end: Ctrl-C (SIGINT) and SIGTERM, what `kill`,
//! `timeout`, systemd and CI runners send. Both end `cc` the same way, naming what was in
//! flight (an order already sent carries on without `cc`, and the message says how to resume);
//! the exit code tells them apart as shells do (130, 143).

use crate::error::{Error, ErrorKind};

/// Which signal ended the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Ctrl-C (SIGINT).
    Interrupt,
    /// SIGTERM.
    Terminate,
}

impl Signal {
    /// The error of this signal: `what` says what it ended ("while waiting for ...").
    pub fn error(self, what: &str) -> Error {
        let (kind, verb) = match self {
            Signal::Interrupt => (ErrorKind::Interrupted, "interrupted"),
            Signal::Terminate => (ErrorKind::Terminated, "terminated"),
        };
        let message = match what {
            "" => verb.to_string(),
            what => format!("{verb} {what}"),
        };
        Error::new(kind, message)
    }
}

/// Resolves at the first Ctrl-C or SIGTERM.
pub async fn received() -> Signal {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = tokio::signal::ctrl_c() => Signal::Interrupt,
                _ = term.recv() => Signal::Terminate,
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    Signal::Interrupt
}
