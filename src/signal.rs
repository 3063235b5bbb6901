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

/// The signal that ended a question (a terminal read broken off): SIGTERM if one came (its
/// watcher is given a moment to say so), else Ctrl-C or a closed terminal.
pub fn at_a_question() -> Signal {
    #[cfg(unix)]
    for _ in 0..20 {
        if *terminate::watch().borrow() {
            return Signal::Terminate;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    Signal::Interrupt
}

/// Resolves at the first Ctrl-C or SIGTERM.
#[cfg(unix)]
pub async fn received() -> Signal {
    let mut term = terminate::watch();
    // A watcher that could not start closes the channel: that branch is then off.
    tokio::select! {
        _ = tokio::signal::ctrl_c() => Signal::Interrupt,
        Ok(_) = term.wait_for(|seen| *seen) => Signal::Terminate,
    }
}

/// Resolves at the first Ctrl-C.
#[cfg(not(unix))]
pub async fn received() -> Signal {
    let _ = tokio::signal::ctrl_c().await;
    Signal::Interrupt
}

/// SIGTERM is watched on a thread of its own: the run is told at once (a wait, an order in
/// flight end with their own message), and a run that cannot answer because it is blocked at a
/// question is ended from there shortly after, as the signal's default action would have.
#[cfg(unix)]
mod terminate {
    use std::io::{IsTerminal, Write};
    use std::sync::OnceLock;
    use std::time::Duration;

    use tokio::sync::watch;

    /// How long the run has to end by itself before the watcher ends it.
    const GRACE: Duration = Duration::from_secs(2);

    static SEEN: OnceLock<watch::Receiver<bool>> = OnceLock::new();

    /// Becomes `true` at the first SIGTERM; the watcher starts with the first call.
    pub fn watch() -> watch::Receiver<bool> {
        SEEN.get_or_init(|| {
            let (seen, receiver) = watch::channel(false);
            std::thread::spawn(move || run(seen));
            receiver
        })
        .clone()
    }

    fn run(seen: watch::Sender<bool>) {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        let received = runtime.block_on(async {
            let mut term = signal(SignalKind::terminate()).ok()?;
            term.recv().await
        });
        if received.is_none() {
            return;
        }
        let _ = seen.send(true);
        std::thread::sleep(GRACE);
        let what = crate::wait::current().map(|what| format!("while {what}"));
        let err = super::Signal::Terminate.error(what.as_deref().unwrap_or_default());
        let mut stderr = std::io::stderr().lock();
        // A pick-list may have hidden the cursor.
        if stderr.is_terminal() {
            let _ = stderr.write_all(b"\x1b[?25h");
        }
        let _ = stderr.write_all(err.render().as_bytes());
        std::process::exit(i32::from(err.exit_code()));
    }
}
