//! The one error type of `cc`.
//!
//! Every failure, from a bad flag to a provider's 503, ends up as an [`Error`] whose
//! [`ErrorKind`] decides the exit code of `CLI.md` §4. API failures carry the provider, HTTP
//! status, provider error code and message and the request id, because a user opening a support
//! ticket needs exactly those. Hints say what to do next; the `source` chain is printed as
//! `Caused by:` lines (reqwest's own `Display` hides "connection refused" in its sources).

use std::fmt;

use serde::Serialize;

use crate::colour::Stream;

/// What went wrong, at the granularity of the exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A bug or an environment problem in `cc` itself (exit 1).
    Internal,
    /// Bad flags or values, missing credentials: nothing was sent (exit 2).
    Usage,
    /// 401/403 (exit 3).
    Auth,
    /// 404, or no resource with that name (exit 4).
    NotFound,
    /// Any other API error, or an unreadable response (exit 5).
    Api,
    /// Could not connect, TLS, timeout, after retries (exit 6).
    Network,
    /// A wait ran out of time (exit 7).
    Timeout,
    /// The resource reached a failure state while waiting (exit 8).
    FailedState,
    /// The user declined a confirmation (exit 9).
    Declined,
    /// `cc plan`: the plan has changes (exit 10; 0 means none).
    Changes,
    /// `connections status --fail-on`: a connection is at that health or worse (exit 11).
    Unhealthy,
    /// Ctrl-C (exit 130).
    Interrupted,
    /// SIGTERM (exit 143): as Ctrl-C, from `kill` or a supervisor.
    Terminated,
}

impl ErrorKind {
    /// The process exit code for this kind (`CLI.md` §4).
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Internal => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Auth => 3,
            ErrorKind::NotFound => 4,
            ErrorKind::Api => 5,
            ErrorKind::Network => 6,
            ErrorKind::Timeout => 7,
            ErrorKind::FailedState => 8,
            ErrorKind::Declined => 9,
            ErrorKind::Changes => 10,
            ErrorKind::Unhealthy => 11,
            ErrorKind::Interrupted => 130,
            ErrorKind::Terminated => 143,
        }
    }
}

/// A failure with everything needed to explain it. Boxed, so that `Result<T>` stays small on
/// the happy path; fields are reached through `Deref`.
#[derive(Debug)]
pub struct Error(Box<Details>);

/// The fields of an [`Error`].
#[derive(Debug)]
pub struct Details {
    /// Decides the exit code.
    pub kind: ErrorKind,
    /// One line saying what failed.
    pub message: String,
    /// The provider that failed; set for provider failures.
    pub provider: Option<crate::provider::ProviderName>,
    /// HTTP status, when a response came back.
    pub status: Option<u16>,
    /// The provider's own error code (`41`, `CC.0001`, ...).
    pub code: Option<String>,
    /// The provider's own error message.
    pub provider_message: Option<String>,
    /// The request id the provider answered with (under the header its dialect names).
    pub request_id: Option<String>,
    /// What the user can do about it.
    pub hints: Vec<String>,
    /// The underlying cause, printed as `Caused by:` lines.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// A create failed in a way that leaves its outcome unknown (timeout after sending, reset,
    /// 5xx): the provider may have carried it out, so it must not be sent again.
    pub maybe_applied: bool,
    /// The parts of a refused value's message, when a check made it ([`Refusal`]).
    pub refusal: Option<Refusal>,
    /// The rule that spans resources this refusal breaks, with who breaks it
    /// ([`crate::rules`]): `rule` in the JSON error.
    pub breach: Option<crate::rules::Breach>,
    /// What the failing command had already ordered or was waiting for (`CLI.md` §5, the last
    /// rule), so that a failure after a change says what changed.
    pub resource: Option<Resource>,
    /// The command that continues from where the failure left off (a wait's resume line).
    pub resume: Option<String>,
}

/// A resource an error is about: `{"kind", "id"}` in the JSON error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// What it is ("orange cloud connector", "OVH task").
    pub kind: String,
    /// Its whole id.
    pub id: String,
}

/// A value refused by a check, in the parts of its message: which inputs it judged, the value,
/// the rule. Checks below the command layer (a provider's rules and models) know an input by
/// the field it fills (`customerBgpArea`), not by the flag or setting that carried it; the
/// command layer gives the inputs its own names, once ([`Error::naming`]), and the message is
/// composed again from the parts rather than reworded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What leads the message: a provider's `ovh: `, or nothing.
    pub lead: &'static str,
    /// The inputs judged, by the fields they fill (or the flags, for a check of the command
    /// layer itself).
    pub fields: Vec<String>,
    /// What the message calls the inputs: their fields until they are named; `None` for a rule
    /// worded to stand alone (OVH's rules), which shows no input until it is named.
    pub names: Option<String>,
    /// The value refused, when the message shows it after the names (`` `a b` ``, `0`).
    pub value: Option<String>,
    /// The rule broken.
    pub rule: String,
}

impl Refusal {
    /// `input`, shown with `value` if any, breaks `rule`: `--name `a b`: rule`.
    pub fn of(input: &str, value: Option<String>, rule: impl Into<String>) -> Self {
        Refusal {
            lead: "",
            fields: vec![input.to_string()],
            names: Some(input.to_string()),
            value,
            rule: rule.into(),
        }
    }

    /// `rule`, worded to stand alone, broken by the inputs of `fields`: the message is
    /// `{lead}{rule}`, and `{lead}{names}: {rule}` once they are named.
    pub fn standing(lead: &'static str, fields: &[&str], rule: impl Into<String>) -> Self {
        Refusal {
            lead,
            fields: fields.iter().map(|f| f.to_string()).collect(),
            names: None,
            value: None,
            rule: rule.into(),
        }
    }

    /// The one-line message: `{lead}{names} {value}: {rule}`, or `{lead}{rule}` unnamed.
    pub fn message(&self) -> String {
        let Some(names) = &self.names else {
            return format!("{}{}", self.lead, self.rule);
        };
        match &self.value {
            Some(value) => format!("{}{names} {value}: {}", self.lead, self.rule),
            None => format!("{}{names}: {}", self.lead, self.rule),
        }
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error of `kind` with a one-line message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Details {
            kind,
            message: message.into(),
            provider: None,
            status: None,
            code: None,
            provider_message: None,
            request_id: None,
            hints: Vec::new(),
            source: None,
            maybe_applied: false,
            refusal: None,
            breach: None,
            resource: None,
            resume: None,
        }))
    }

    /// Exit 2: a value a check refused, its message composed from the parts.
    pub fn refused(refusal: Refusal) -> Self {
        let mut err = Self::usage(refusal.message());
        err.refusal = Some(refusal);
        err
    }

    /// The same error with the inputs of its refusal (or of its breach of a rule) named as the
    /// caller spells them: each
    /// field found in `names` (field, name) takes that name, from then on. An error of another
    /// kind, or whose refusal judged none of those fields, is returned as it is.
    pub fn naming(mut self, names: &[(&str, &str)]) -> Self {
        if let Some(breach) = self.breach.as_mut() {
            breach.naming(names);
            self.message = breach.message();
            return self;
        }
        let name_of = |field: &str| names.iter().find(|(f, _)| *f == field).map(|(_, n)| *n);
        if let Some(refusal) = self
            .refusal
            .as_mut()
            .filter(|r| r.fields.iter().any(|f| name_of(f).is_some()))
        {
            for field in &mut refusal.fields {
                if let Some(name) = name_of(field) {
                    *field = name.to_string();
                }
            }
            refusal.names = Some(refusal.fields.join(", "));
            self.message = refusal.message();
        }
        self
    }

    /// Exit 2: a bad value or a missing flag; nothing was sent.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    /// Exit 1: something `cc` did not expect of itself.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// Exit 5: a response `cc` cannot read.
    pub fn malformed(provider: crate::provider::ProviderName, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Api, message).provider(provider)
    }

    /// Exit 4: no resource with that id or name.
    pub fn not_found(provider: crate::provider::ProviderName, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message).provider(provider)
    }

    /// Sets the provider.
    pub fn provider(mut self, provider: crate::provider::ProviderName) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Names the resource the error is about (`kind`, whole `id`), unless one is named already:
    /// the innermost knows best.
    pub fn about(mut self, kind: impl Into<String>, id: impl Into<String>) -> Self {
        if self.resource.is_none() {
            self.resource = Some(Resource {
                kind: kind.into(),
                id: id.into(),
            });
        }
        self
    }

    /// Sets the command that continues from the failure, unless one is set already.
    pub fn resume(mut self, command: impl Into<String>) -> Self {
        if self.resume.is_none() {
            self.resume = Some(command.into());
        }
        self
    }

    /// Adds a hint line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Sets the underlying cause.
    pub fn caused_by(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }

    /// The `Caused by:` chain, outermost first.
    pub fn causes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut next: Option<&(dyn std::error::Error + 'static)> = self
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static));
        while let Some(err) = next {
            let text = err.to_string();
            if out.last() != Some(&text) {
                out.push(text);
            }
            next = err.source();
        }
        out
    }

    /// The human rendering on stderr: `error:`, the API details, `Caused by:`, `hint:`. Every
    /// part is shown through [`crate::output::escape::visible`]: a message, code, request id or
    /// excerpt a server wrote never drives the terminal (issue 20 item 5).
    pub fn render(&self) -> String {
        use crate::output::escape::visible;
        let prefix = crate::colour::label(Stream::Stderr, crate::colour::BAD, "error:");
        let mut out = format!("{prefix} {}\n", visible(&self.message));
        let mut line = |label: &str, text: &str| {
            out.push_str(&format!("{label}{}\n", visible(text)));
        };
        if let Some(provider) = self.provider
            && (self.status.is_some() || self.code.is_some() || self.request_id.is_some())
        {
            line("  provider: ", &provider.to_string());
            if let Some(status) = self.status {
                line("  status: ", &format!("{status}{}", reason(status)));
            }
            if let Some(code) = &self.code {
                line("  code: ", code);
            }
            if let Some(msg) = &self.provider_message {
                line("  message: ", msg);
            }
            let request_id = self.request_id.as_deref().unwrap_or("(none returned)");
            line("  request id: ", request_id);
        }
        if let Some(Resource { kind, id }) = &self.resource {
            if let Some(provider) = self.provider.filter(|_| self.status.is_none()) {
                line("  provider: ", &provider.to_string());
            }
            line("  resource: ", &format!("{kind} {id}"));
        }
        if let Some(resume) = &self.resume {
            line("  resume: ", &crate::hint::cc(resume));
        }
        for cause in self.causes() {
            line("  Caused by: ", &cause);
        }
        for hint in &self.hints {
            line("hint: ", hint);
        }
        out
    }

    /// The `-o json` rendering on stderr (`CLI.md` §4).
    pub fn to_json(&self) -> serde_json::Value {
        let mut message = self.message.clone();
        if let Some(m) = &self.provider_message {
            message = format!("{message}: {m}");
        }
        let mut error = serde_json::json!({
            "kind": self.kind,
            "message": message,
            "status": self.status,
            "provider": self.provider,
            "code": self.code,
            "request_id": self.request_id,
            "hints": self.hints,
            "causes": self.causes(),
        });
        if let Some(breach) = &self.breach {
            error["rule"] = serde_json::json!({
                "name": breach.rule.name,
                "status": breach.rule.status(),
            });
        }
        // Only an error about a resource carries these (`CLI.md` §4).
        if let Some(resource) = &self.resource {
            error["resource"] = serde_json::json!(resource);
        }
        if let Some(resume) = &self.resume {
            error["resume"] = serde_json::json!(crate::hint::cc(resume));
        }
        serde_json::json!({ "error": error })
    }
}

fn reason(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| format!(" {r}"))
        .unwrap_or_default()
}

impl std::ops::Deref for Error {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        let pairs = [
            (ErrorKind::Internal, 1),
            (ErrorKind::Usage, 2),
            (ErrorKind::Auth, 3),
            (ErrorKind::NotFound, 4),
            (ErrorKind::Api, 5),
            (ErrorKind::Network, 6),
            (ErrorKind::Timeout, 7),
            (ErrorKind::FailedState, 8),
            (ErrorKind::Declined, 9),
            (ErrorKind::Changes, 10),
            (ErrorKind::Unhealthy, 11),
            (ErrorKind::Interrupted, 130),
            (ErrorKind::Terminated, 143),
        ];
        for (kind, code) in pairs {
            assert_eq!(kind.exit_code(), code, "{kind:?}");
        }
    }

    #[test]
    fn a_refusal_is_named_once_by_the_caller_and_keeps_its_words() {
        let shown = Error::refused(Refusal::of("name", Some("`a b`".into()), "no spaces"));
        assert_eq!(shown.message, "name `a b`: no spaces");
        let named = shown.naming(&[("name", "--name")]);
        assert_eq!(named.message, "--name `a b`: no spaces");
        assert_eq!(named.exit_code(), 2);
        // Named again by a table that knows none of its inputs: unchanged.
        assert_eq!(
            named.naming(&[("x", "--x")]).message,
            "--name `a b`: no spaces"
        );

        let standing = Error::refused(Refusal::standing("p: ", &["a", "b"], "a rule"));
        assert_eq!(standing.message, "p: a rule");
        let named = standing.naming(&[("a", "--a"), ("b", "--b")]);
        assert_eq!(named.message, "p: --a, --b: a rule");
        let untouched = Error::usage("plain").naming(&[("plain", "--plain")]);
        assert_eq!(untouched.message, "plain");
    }

    #[test]
    fn render_shows_api_details_causes_and_hints() {
        let mut err = Error::new(ErrorKind::Api, "cannot list VPNs")
            .provider(crate::provider::ProviderName::all().next().unwrap());
        err.status = Some(503);
        err.code = Some("5".into());
        err.provider_message = Some("Service unavailable".into());
        err.request_id = Some("req-1".into());
        let err = err
            .caused_by(std::io::Error::other("connection reset"))
            .hint("try again later");
        let text = err.render();
        assert!(text.starts_with("error: cannot list VPNs\n"), "{text}");
        assert!(text.contains("status: 503 Service Unavailable"), "{text}");
        assert!(text.contains("code: 5"), "{text}");
        assert!(text.contains("request id: req-1"), "{text}");
        assert!(text.contains("Caused by: connection reset"), "{text}");
        assert!(text.ends_with("hint: try again later\n"), "{text}");
        let json = err.to_json();
        assert_eq!(json["error"]["kind"], "api");
        assert_eq!(json["error"]["status"], 503);
        assert_eq!(json["error"]["request_id"], "req-1");
    }
}
