//! Waiting for a resource to reach a state.
//!
//! One loop for every provider: poll, back off from `--interval` towards 30 s, stop at
//! `--timeout`. A spinner shows on a terminal only: one line cut to the terminal's width, naming
//! the last state first and then the resource (its name is what is cut on a narrow terminal),
//! its elapsed time ticking every second between polls (a poll may be 30 s apart), and replaced
//! at the end by one line (`✓ Connection to PARIS (3fa85f64…) is ACTIVE after 42s`). Every way
//! out says where things stand:
//! exit 7 on timeout with the last state seen and the command that resumes the wait, exit 8 on a
//! failure state, and on Ctrl-C (exit 130) the resource is named so it can be resumed, because it
//! has already been ordered and keeps going without us. Every error out of a wait names the
//! provider, the resource (kind and id) and the resume command as data ([`Target::mark`]).
//!
//! One rule judges a state for all providers (`CLI.md` §4, exit 8), from the states each
//! provider declares as data ([`States`]): the state waited for ends the wait; a failure state,
//! or a settled other state, ends it at once (exit 8); a state that waits on an outside party
//! (`PENDING_ACCEPTANCE`) is not settled, so the wait goes on through it; and a resource that is
//! gone satisfies a wait for its deleted state ([`States::gone`]). A wait that is not for that
//! state itself but for "our side done" (a create's own wait) may stop there instead
//! ([`Poll::Handed`]): exit 0, saying what the outside party must do next.
//!
//! The deadline holds (`CLI.md` §5): each poll runs against it, so a silent server or a 429
//! asking for an hour cannot stretch a `--timeout 5s` with retries, and a `wait` command's
//! look-up before its first poll runs within the same deadline ([`within`]).

use std::future::Future;
use std::time::{Duration, Instant};

use crate::error::{Error, ErrorKind, Result};
use crate::log;

/// The longest interval the backoff reaches.
const MAX_INTERVAL: Duration = Duration::from_secs(30);

/// The sleep after `interval`: 1.5 times longer, up to [`MAX_INTERVAL`] (or `first`, the
/// `--interval` asked for, when that is longer still). `CLI.md` §1: "default 5s; backs off to
/// 30s"; `bench/run` (the `wait` rows) measures this schedule.
fn next_interval(interval: Duration, first: Duration) -> Duration {
    interval.mul_f64(1.5).min(MAX_INTERVAL.max(first))
}

/// How long and how often to poll.
#[derive(Debug, Clone)]
pub struct WaitOptions {
    /// Give up after this long (`--timeout`).
    pub timeout: Duration,
    /// First interval between polls (`--interval`).
    pub interval: Duration,
    /// Show a spinner (stderr is a terminal and not `-q`).
    pub spinner: bool,
}

/// What one poll saw.
#[derive(Debug)]
pub enum Poll<T> {
    /// The target state: stop with this value.
    Done(T),
    /// Still in progress, in this state.
    Pending(String),
    /// A settled state that is not the one waited for: it will not change by itself, so the
    /// wait ends (exit 8) instead of polling to the timeout.
    Settled(String),
    /// The provider's part is done and the resource now waits on an outside party (a hosted
    /// connection its owner must accept): a wait told to stop there ends successfully with
    /// `value`, and says `next`, what that party must do.
    Handed {
        /// The state seen.
        state: String,
        /// What the wait returns.
        value: T,
        /// The next step, for the person who ordered it.
        next: String,
    },
    /// A failure state, with the provider's reason if it gives one.
    Failed {
        /// The state seen.
        state: String,
        /// Why, if the provider says.
        reason: Option<String>,
    },
}

/// The states of one kind of resource, as its provider declares them: what the one rule of
/// [`States::judge`] needs to know. A state in none of the lists is transient: the wait goes on.
#[derive(Debug, Clone, Copy)]
pub struct States {
    /// Failure states: a wait for another state ends at once (exit 8, with the provider's
    /// reason).
    pub failed: &'static [&'static str],
    /// Settled states that are not failures: they do not change by themselves, so a wait for
    /// another state ends at once (exit 8). A state that waits on an outside party is not one.
    pub settled: &'static [&'static str],
    /// Transient states that lead only to deletion: a wait for another state than the deleted
    /// one ends at once, as for a failure.
    pub leaving: &'static [&'static str],
    /// The state of a deleted resource: a resource that is gone satisfies a wait for it.
    pub deleted: Option<&'static str>,
}

impl States {
    /// The one rule: `state` seen while waiting for `goal` (both the provider's spelling, any
    /// case). `done` is what the wait returns when it is the goal, `reason` the provider's words
    /// for a failure.
    pub fn judge<T>(
        &self,
        goal: &str,
        state: &str,
        done: T,
        reason: impl FnOnce() -> Option<String>,
    ) -> Poll<T> {
        let among = |list: &[&str]| list.iter().any(|s| s.eq_ignore_ascii_case(state));
        let state = state.to_string();
        if state.eq_ignore_ascii_case(goal) {
            Poll::Done(done)
        } else if among(self.failed) || (among(self.leaving) && !self.is_deleted(goal)) {
            Poll::Failed {
                state,
                reason: reason(),
            }
        } else if among(self.settled) {
            Poll::Settled(state)
        } else {
            Poll::Pending(state)
        }
    }

    /// Whether `goal` is the deleted state.
    pub fn is_deleted(&self, goal: &str) -> bool {
        self.deleted.is_some_and(|d| d.eq_ignore_ascii_case(goal))
    }

    /// The resource of `target` is gone: the end of a wait for its deleted state (`done`), else
    /// exit 4 (it will not become anything else).
    pub fn gone<T>(&self, target: &Target, done: T) -> Result<Poll<T>> {
        if self.is_deleted(&target.goal) {
            return Ok(Poll::Done(done));
        }
        Err(Error::not_found(
            target.provider,
            format!(
                "{} does not exist (or no longer does): it will not become {}",
                target.full(),
                target.goal
            ),
        ))
    }
}

impl<T> Poll<T> {
    /// The same poll of a wait that follows a delete the command just sent: the state from
    /// before it (ACTIVE, or a failure) may show until the provider takes the delete up, so
    /// nothing but the end of the wait stops it.
    pub fn after_delete(self) -> Poll<T> {
        match self {
            Poll::Settled(state) | Poll::Failed { state, .. } => Poll::Pending(state),
            other => other,
        }
    }
}

/// What is being waited for, for messages.
#[derive(Debug, Clone)]
pub struct Target {
    /// The provider that holds it: every error of the wait names it.
    pub provider: crate::provider::ProviderName,
    /// What it is, for the error's `resource` ("orange cloud connector", "OVH task").
    pub kind: String,
    /// What the messages call it: [`label`], e.g. "Connection to PARIS (3fa85f64…)".
    pub resource: String,
    /// Its whole id: what error messages show where [`label`] shortened it.
    pub id: String,
    /// The state wanted, for messages ("ACTIVE").
    pub goal: String,
    /// The command that resumes the wait ("cc orange wait 3fa85f64-...").
    pub resume: String,
}

/// What `cc` is doing now (a look-up, an order, a wait), for the message of a Ctrl-C that comes
/// outside a wait or a prompt.
static CURRENT: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// The command that resumes the wait in progress, if one is: what a signal that the run's own
/// `select` sees before the wait's names (the two race; both must say the same).
static RESUME: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// The resume command of the wait in progress.
pub fn current_resume() -> Option<String> {
    RESUME.lock().ok().and_then(|r| r.clone())
}

fn set_resume(resume: Option<String>) {
    if let Ok(mut current) = RESUME.lock() {
        *current = resume;
    }
}

/// What `cc` was doing, as the last [`step`] or wait named it.
pub fn current() -> Option<String> {
    CURRENT.lock().ok().and_then(|c| c.clone())
}

fn set_current(what: Option<String>) {
    if let Ok(mut current) = CURRENT.lock() {
        *current = what;
    }
}

/// What `cc` does while this lives (a question waiting for its answer); dropped, what it did
/// before is back, so a signal after it never names it.
pub struct Doing(Option<String>);

/// Names `what` as what `cc` is doing, until the returned guard is dropped.
pub fn doing(what: String) -> Doing {
    let before = current();
    set_current(Some(what));
    Doing(before)
}

impl Drop for Doing {
    fn drop(&mut self) {
        set_current(self.0.take());
    }
}

/// Runs `work` with a spinner saying `what` ("fetching the Azure regions") when `spinner` is on
/// (stderr is a terminal), so that a slow look-up before a create is not a silent pause; the
/// line is cleared when it is done. `what` is also what a Ctrl-C reports as interrupted.
pub async fn step<T>(spinner: bool, what: &str, work: impl Future<Output = T>) -> T {
    set_current(Some(what.to_string()));
    let bar = spinner.then(|| crate::progress::Spinner::new(format!("{what}…")));
    let out = work.await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    out
}

/// How a resource is named while waiting: by its name and the start of its id when it has a
/// name (`Connection to PARIS (3fa85f64…)`), else by its kind and whole id. The whole id is in
/// the resume command.
pub fn label(kind: &str, name: Option<&str>, id: &str) -> String {
    match name.filter(|n| !n.is_empty()) {
        Some(name) => format!("{name} ({})", short_id(id)),
        None => format!("{kind} {id}"),
    }
}

/// An elapsed time to the second (`0s`, `42s`, `1m30s`): what a person watching reads.
pub(crate) fn whole_seconds(elapsed: Duration) -> String {
    match elapsed.as_secs() {
        0 => "0s".to_string(),
        secs => crate::duration::display(Duration::from_secs(secs)),
    }
}

/// The first 8 characters of an id and `…`, or the id if it is that short.
fn short_id(id: &str) -> String {
    let short: String = id.chars().take(8).collect();
    if id.chars().count() > 8 {
        format!("{short}…")
    } else {
        short
    }
}

impl Target {
    /// The resource with its whole id, for an error someone may paste into a ticket.
    pub fn full(&self) -> String {
        self.resource.replace(&short_id(&self.id), &self.id)
    }

    /// `err`, out of the wait, with the provider, the resource and the resume command as data
    /// (each kept where an inner error already set it). A settled or failed resource has nothing
    /// to resume.
    pub fn mark(&self, mut err: Error) -> Error {
        if err.provider.is_none() {
            err.provider = Some(self.provider);
        }
        let err = err.about(&self.kind, &self.id);
        match err.kind {
            ErrorKind::FailedState => err,
            _ => err.resume(&self.resume),
        }
    }
}

/// The spinner of a wait: the state and the goal first, the resource in the room left (cut at
/// its end on a narrow terminal), the elapsed time last: what changes is never what is cut.
fn spinner(target: &Target) -> crate::progress::Spinner {
    crate::progress::Spinner::timed(
        format!("waiting for {}:", target.goal),
        target.resource.clone(),
    )
}

/// Polls `poll` until it returns `Done`, a failure, the timeout, or Ctrl-C.
pub async fn until<T, F, Fut>(options: &WaitOptions, target: &Target, mut poll: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Poll<T>>>,
{
    let started = Instant::now();
    set_current(Some(format!(
        "waiting for {} to become {}",
        target.resource, target.goal
    )));
    set_resume(Some(target.resume.clone()));
    let spinner = options.spinner.then(|| spinner(target));
    let result = tokio::select! {
        result = poll_loop(options, target, &mut poll, started, spinner.as_ref()) => result,
        signal = crate::signal::received() => Err(signal.error(
            &format!("while waiting for {} to become {}; it was already accepted and carries on without cc", target.resource, target.goal),
        ).resume(target.resume.clone())),
    };
    set_resume(None);
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    result.map_err(|err| target.mark(err))
}

async fn poll_loop<T, F, Fut>(
    options: &WaitOptions,
    target: &Target,
    poll: &mut F,
    started: Instant,
    spinner: Option<&crate::progress::Spinner>,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Poll<T>>>,
{
    let mut interval = options.interval;
    let mut last_state = String::from("(not seen yet)");
    let deadline = deadline(options, started);
    let mut polled_once = false;
    loop {
        // The wait ends at its deadline, having polled at least once: a poll that would start
        // there could only be cut off.
        if polled_once && Instant::now() >= deadline {
            return Err(timed_out(options, target, &last_state));
        }
        polled_once = true;
        // The deadline bounds the poll too: every retry and every HTTP call inside it (a
        // silent server, a 429 asking for an hour) ends when the wait does.
        let Ok(polled) = tokio::time::timeout_at(deadline.into(), poll()).await else {
            return Err(timed_out(options, target, &last_state)
                .hint("the provider had not answered the last poll by then"));
        };
        match polled? {
            Poll::Done(value) => {
                ended(target, (&target.goal, None), started, spinner);
                return Ok(value);
            }
            Poll::Handed { state, value, next } => {
                ended(target, (&state, Some(&next)), started, spinner);
                return Ok(value);
            }
            Poll::Settled(state) => {
                return Err(Error::new(
                    ErrorKind::FailedState,
                    format!(
                        "{} is {state}, a settled state: it will not become {} by itself",
                        target.resource, target.goal
                    ),
                ));
            }
            Poll::Failed { state, reason } => {
                let mut err = Error::new(
                    ErrorKind::FailedState,
                    format!(
                        "{} reached state {state} while waiting for {}",
                        target.full(),
                        target.goal
                    ),
                );
                if let Some(reason) = reason {
                    err.provider_message = Some(reason.clone());
                    err.message.push_str(&format!(": {reason}"));
                }
                return Err(err);
            }
            Poll::Pending(state) => {
                let elapsed = started.elapsed();
                match spinner {
                    Some(bar) => bar.set_prefix(format!(
                        "{}, waiting for {}:",
                        crate::colour::state(
                            crate::colour::Stream::Stderr,
                            &crate::output::escape::visible(&state)
                        ),
                        target.goal
                    )),
                    None if state != last_state => log::line(
                        log::PROGRESS,
                        format!(
                            "waiting for {} to become {}: {state} ({})",
                            target.resource,
                            target.goal,
                            crate::duration::display(elapsed)
                        ),
                    ),
                    None => {}
                }
                last_state = state;
                let remaining = deadline.saturating_duration_since(Instant::now());
                tokio::time::sleep(interval.min(remaining).max(Duration::from_millis(1))).await;
                interval = next_interval(interval, options.interval);
            }
        }
    }
}

/// The line that replaces the spinner when a wait ends in `state` (`✓ X is ACTIVE after 42s`;
/// off a terminal at `-v` only), and `next`, the step an outside party must take, always.
fn ended(
    target: &Target,
    (state, next): (&str, Option<&str>),
    started: Instant,
    spinner: Option<&crate::progress::Spinner>,
) {
    let done = format!(
        "{} is {state} after {}",
        target.resource,
        whole_seconds(started.elapsed())
    );
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    match (spinner, next) {
        (None, None) => log::line(log::PROGRESS, done),
        _ => log::done(done),
    }
    if let Some(next) = next {
        log::note(format!("next: {next}"));
    }
}

tokio::task_local! {
    /// The deadline of the `wait` command in progress ([`within`]): a wait inside it ends
    /// there too, with its own message (the last state seen).
    static DEADLINE: Instant;
}

/// When a wait that started at `started` ends: `--timeout` later, or at the deadline of the
/// `wait` command it is part of, whichever comes first.
fn deadline(options: &WaitOptions, started: Instant) -> Instant {
    let own = started
        .checked_add(options.timeout)
        .unwrap_or_else(|| started + MAX_INTERVAL);
    DEADLINE
        .try_with(|d| *d)
        .map_or(own, |outer| outer.min(own))
}

/// Exit 7: the wait's `--timeout` is over with `target` last seen in `last_state`.
fn timed_out(options: &WaitOptions, target: &Target, last_state: &str) -> Error {
    Error::new(
        ErrorKind::Timeout,
        format!(
            "timed out after {} waiting for {} to become {}; last state seen: {last_state}",
            crate::duration::display(options.timeout),
            target.full(),
            target.goal
        ),
    )
    .resume(target.resume.clone())
    .hint("it is still in progress: the resume command above goes on waiting")
}

/// Runs `work`, what a `wait` command does before and during its wait (finding the resource by
/// name or id, then polling), within the wait's `--timeout`: a look-up that a silent or
/// throttling server stretches is cut off at the deadline too, exit 7 naming `what` was awaited
/// and the command that resumes (`CLI.md` §5: a wait's `--timeout` bounds every retry inside
/// it).
pub async fn within<T>(
    options: &WaitOptions,
    what: &str,
    resume: &str,
    work: impl Future<Output = Result<T>>,
) -> Result<T> {
    let deadline = deadline(options, Instant::now());
    let work = DEADLINE.scope(deadline, work);
    match tokio::time::timeout_at(deadline.into(), work).await {
        Ok(result) => result,
        Err(_) => Err(Error::new(
            ErrorKind::Timeout,
            format!(
                "timed out after {} waiting for {what}; the provider had not answered by then",
                crate::duration::display(options.timeout)
            ),
        )
        .resume(resume)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn opts(timeout_ms: u64) -> WaitOptions {
        WaitOptions {
            timeout: Duration::from_millis(timeout_ms),
            interval: Duration::from_millis(1),
            spinner: false,
        }
    }

    fn target() -> Target {
        Target {
            provider: crate::provider::ProviderName::Orange,
            kind: "thing".into(),
            resource: "thing 1".into(),
            id: "1".into(),
            goal: "ACTIVE".into(),
            resume: "cc x wait 1".into(),
        }
    }

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(f)
    }

    const STATES: States = States {
        failed: &["ERROR"],
        settled: &["ACTIVE", "DELETED"],
        leaving: &["DELETING"],
        deleted: Some("DELETED"),
    };

    fn judged(goal: &str, state: &str) -> String {
        match STATES.judge(goal, state, (), || Some("why".into())) {
            Poll::Done(()) => "done".into(),
            Poll::Pending(s) => format!("pending {s}"),
            Poll::Settled(s) => format!("settled {s}"),
            Poll::Failed { state, .. } => format!("failed {state}"),
            Poll::Handed { state, .. } => format!("handed {state}"),
        }
    }

    #[test]
    fn one_rule_judges_every_state_from_the_declared_lists() {
        assert_eq!(judged("ACTIVE", "active"), "done");
        assert_eq!(
            judged("ACTIVE", "PENDING_ACCEPTANCE"),
            "pending PENDING_ACCEPTANCE"
        );
        assert_eq!(judged("ACTIVE", "ERROR"), "failed ERROR");
        assert_eq!(judged("ACTIVE", "DELETING"), "failed DELETING");
        assert_eq!(judged("DELETED", "DELETING"), "pending DELETING");
        // A settled other state stops at once, whichever way the wait goes.
        assert_eq!(judged("DELETED", "ACTIVE"), "settled ACTIVE");
        assert_eq!(judged("ACTIVE", "DELETED"), "settled DELETED");
        let gone = |goal: &str| {
            let target = Target {
                goal: goal.into(),
                ..target()
            };
            STATES
                .gone(&target, ())
                .map(|p| matches!(p, Poll::Done(())))
        };
        assert!(gone("DELETED").unwrap(), "gone satisfies the deleted state");
        let err = gone("ACTIVE").unwrap_err();
        assert_eq!(err.exit_code(), 4);
        assert_eq!(err.provider, Some(crate::provider::ProviderName::Orange));
    }

    #[test]
    fn a_wait_error_names_provider_resource_and_resume_as_data() {
        let err = run(until(&opts(5), &target(), || async {
            Ok(Poll::<()>::Pending("PROVISIONING".into()))
        }))
        .unwrap_err();
        assert_eq!(err.exit_code(), 7);
        let json = err.to_json();
        assert_eq!(json["error"]["provider"], "orange");
        assert_eq!(json["error"]["resource"]["kind"], "thing");
        assert_eq!(json["error"]["resource"]["id"], "1");
        assert!(
            json["error"]["resume"]
                .as_str()
                .unwrap()
                .ends_with("x wait 1")
        );
        let text = err.render();
        assert!(text.contains("resource: thing 1"), "{text}");
        assert!(text.contains("resume: cc x wait 1"), "{text}");
    }

    #[test]
    fn a_named_resource_is_labelled_by_name_and_short_id() {
        assert_eq!(
            label(
                "orange cloud connector",
                Some("Connection to PARIS"),
                "3fa85f64-5717-4562-b3fc-2c963f66afa6"
            ),
            "Connection to PARIS (3fa85f64…)"
        );
        assert_eq!(label("thing", None, "abc"), "thing abc");
        assert_eq!(label("thing", Some(""), "abc"), "thing abc");
    }

    #[test]
    fn done_after_pending_states() {
        let n = Cell::new(0);
        let out = run(until(&opts(5000), &target(), || {
            n.set(n.get() + 1);
            let k = n.get();
            async move {
                Ok(if k < 3 {
                    Poll::Pending("PROVISIONING".into())
                } else {
                    Poll::Done(k)
                })
            }
        }))
        .unwrap();
        assert_eq!(out, 3);
    }

    #[test]
    fn the_first_poll_comes_at_once() {
        let long = WaitOptions {
            timeout: Duration::from_secs(7200),
            interval: Duration::from_secs(3600),
            spinner: false,
        };
        let (polls, target) = (Cell::new(0), target());
        // A sleep of --interval before the first poll would run into the 5 s limit.
        let out = run(async {
            let wait = until(&long, &target, || {
                polls.set(polls.get() + 1);
                async { Ok(Poll::Done("ACTIVE")) }
            });
            tokio::time::timeout(Duration::from_secs(5), wait).await
        });
        assert_eq!(
            out.expect("no sleep before the first poll").unwrap(),
            "ACTIVE"
        );
        assert_eq!(polls.get(), 1);
    }

    #[test]
    fn the_interval_backs_off_by_half_up_to_30s() {
        let schedule = |first: f64, n: usize| {
            let first = Duration::from_secs_f64(first);
            std::iter::successors(Some(first), |&i| Some(next_interval(i, first)))
                .take(n)
                .map(|i| i.as_millis())
                .collect::<Vec<_>>()
        };
        // The default --interval 5s, as CLI.md §1 gives it.
        assert_eq!(
            schedule(5.0, 8),
            [5000, 7500, 11250, 16875, 25312, 30000, 30000, 30000]
        );
        // bench/run's --interval 1s.
        assert_eq!(schedule(1.0, 4), [1000, 1500, 2250, 3375]);
        // An --interval above 30 s is kept, not shortened.
        assert_eq!(schedule(60.0, 3), [60000, 60000, 60000]);
    }

    #[test]
    fn a_handed_over_resource_ends_the_wait_with_its_value() {
        let polls = Cell::new(0);
        let out = run(until(&opts(60_000), &target(), || {
            polls.set(polls.get() + 1);
            let first = polls.get() == 1;
            async move {
                Ok(if first {
                    Poll::Pending("CREATING".into())
                } else {
                    Poll::Handed {
                        state: "PENDING_ACCEPTANCE".into(),
                        value: 7,
                        next: "accept it".into(),
                    }
                })
            }
        }))
        .unwrap();
        assert_eq!((out, polls.get()), (7, 2));
    }

    #[test]
    fn failure_state_is_exit_8_with_reason() {
        let err = run(until(&opts(5000), &target(), || async {
            Ok(Poll::<()>::Failed {
                state: "ERROR".into(),
                reason: Some("no capacity".into()),
            })
        }))
        .unwrap_err();
        assert_eq!(err.exit_code(), 8);
        assert!(err.message.contains("no capacity"));
    }

    #[test]
    fn a_settled_state_not_asked_for_ends_the_wait_at_once() {
        let polls = Cell::new(0);
        let err = run(until(&opts(60_000), &target(), || {
            polls.set(polls.get() + 1);
            async { Ok(Poll::<()>::Settled("DESIGNED".into())) }
        }))
        .unwrap_err();
        assert_eq!(err.exit_code(), 8);
        assert_eq!(polls.get(), 1);
        assert_eq!(
            err.message,
            "thing 1 is DESIGNED, a settled state: it will not become ACTIVE by itself"
        );
    }

    #[test]
    fn timeout_is_exit_7_with_last_state_and_resume_command() {
        let err = run(until(&opts(20), &target(), || async {
            Ok(Poll::<()>::Pending("PROVISIONING".into()))
        }))
        .unwrap_err();
        assert_eq!(err.exit_code(), 7);
        assert!(
            err.message.contains("last state seen: PROVISIONING"),
            "{}",
            err.message
        );
        assert_eq!(err.resume.as_deref(), Some("cc x wait 1"));
    }

    #[test]
    fn a_poll_that_never_answers_ends_at_the_deadline_with_the_last_state() {
        let polls = Cell::new(0);
        let started = Instant::now();
        let err = run(until(&opts(100), &target(), || {
            polls.set(polls.get() + 1);
            let first = polls.get() == 1;
            async move {
                if !first {
                    std::future::pending::<()>().await;
                }
                Ok(Poll::<()>::Pending("CREATING".into()))
            }
        }))
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(err.exit_code(), 7);
        assert!(
            err.message.contains("last state seen: CREATING"),
            "{}",
            err.message
        );
        assert_eq!(err.resume.as_deref(), Some("cc x wait 1"));
    }

    #[test]
    fn a_wait_command_that_never_gets_an_answer_ends_at_its_deadline() {
        let work = std::future::pending::<Result<()>>();
        let err = run(within(
            &opts(50),
            "thing `a` to become ACTIVE",
            "cc x wait a",
            work,
        ))
        .unwrap_err();
        assert_eq!(err.exit_code(), 7);
        assert_eq!(
            err.message,
            "timed out after 50ms waiting for thing `a` to become ACTIVE; the provider had not answered by then"
        );
        assert_eq!(err.resume.as_deref(), Some("cc x wait a"));
        // A wait inside it ends at the same deadline, with its own words.
        let inner = run(within(&opts(50), "thing", "cc x wait a", async {
            until(&opts(60_000), &target(), || async {
                Ok(Poll::<()>::Pending("CREATING".into()))
            })
            .await
        }))
        .unwrap_err();
        assert!(
            inner.message.contains("last state seen: CREATING"),
            "{}",
            inner.message
        );
    }
}
