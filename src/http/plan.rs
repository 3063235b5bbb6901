//! A dry run is data, not an error: each mutating request is described (redacted) into the
//! run's [`Plan`] instead of being sent, and the flow gets a stand-in answer
//! ([`super::Call::planned`]) so that it goes on to its next step, the way it would after a real
//! answer. What only the provider could tell (the id of what a create makes) is a
//! [`placeholder`] in the stand-in, and a read of a path holding one is answered from its
//! stand-in too, since nothing exists there yet. The run prints the plan at the end (`lib.rs`).

use std::sync::{Arc, Mutex};

/// The mutating requests a `--dry-run` would have sent, in order, each as
/// [`super::redact::describe`] shows it.
#[derive(Debug, Clone, Default)]
pub struct Plan(Arc<Mutex<Vec<serde_json::Value>>>);

impl Plan {
    /// Adds one request.
    pub fn record(&self, request: serde_json::Value) {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(request);
    }

    /// The requests recorded so far, leaving the plan empty.
    pub fn take(&self) -> Vec<serde_json::Value> {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }
}

/// A value only the provider's answer would give, written in a dry run's stand-in answers and
/// so in the later requests of its plan: `placeholder("id of the new cloud connection")` is
/// `<id of the new cloud connection>`.
pub fn placeholder(what: &str) -> String {
    format!("<{what}>")
}

/// Whether a (percent-encoded) path holds a [`placeholder`]: it names something a dry run did
/// not create. Real ids never hold `<` (they are checked before they reach a path).
pub(crate) fn names_placeholder(path: &str) -> bool {
    path.split('/').any(is_placeholder_segment)
}

/// Whether one percent-encoded path segment is a [`placeholder`].
pub(crate) fn is_placeholder_segment(segment: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    decoded.len() > 2 && decoded.starts_with('<') && decoded.ends_with('>')
}
