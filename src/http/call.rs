//! One API request as a provider describes it ([`Call`]), independently of auth, retries and
//! dry runs: method, path, query, body, whether it may be sent again ([`Resend`]), what it does
//! (for messages) and, for a dry run, the answer it stands in for.

use reqwest::Method;

/// Whether a call may be sent again after a failure whose outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    /// Reads and idempotent writes: retried on connect errors, 429, 502, 503, 504.
    Safe,
    /// Creates: retried only when the provider certainly did not act (connection refused, 429).
    Never,
}

/// One API request, described independently of auth and retries.
#[derive(Debug, Clone)]
pub struct Call {
    /// HTTP method.
    pub method: Method,
    /// Path relative to the base URL (`/api/v1/...`).
    pub path: String,
    /// Query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Request body.
    pub body: Option<Body>,
    /// Retry class.
    pub resend: Resend,
    /// A POST that only reads (a token, a key check): `--dry-run` still sends it.
    pub read_only: bool,
    /// What the call does, for messages: "list VPNs".
    pub what: String,
    /// The answer a dry run hands the flow instead of sending the call (see
    /// [`Call::planned`]); `None` answers an empty body.
    pub stand_in: Option<serde_json::Value>,
    /// A page asked for before it was known to exist (`paginate::PageRequest::speculative`):
    /// `-vv` marks it.
    pub speculative: bool,
}

impl Call {
    fn new(
        method: Method,
        path: impl Into<String>,
        what: impl Into<String>,
        resend: Resend,
    ) -> Self {
        Call {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            resend,
            read_only: false,
            what: what.into(),
            stand_in: None,
            speculative: false,
        }
    }

    /// A GET.
    pub fn get(path: impl Into<String>, what: impl Into<String>) -> Self {
        Self::new(Method::GET, path, what, Resend::Safe)
    }

    /// A request that creates something: never resent on an ambiguous failure.
    pub fn create(method: Method, path: impl Into<String>, what: impl Into<String>) -> Self {
        Self::new(method, path, what, Resend::Never)
    }

    /// A request that changes nothing whatever its method (an OAuth2 token, a key check):
    /// resent like a read, and sent even with `--dry-run`.
    pub fn lookup(method: Method, path: impl Into<String>, what: impl Into<String>) -> Self {
        Call {
            read_only: true,
            ..Self::new(method, path, what, Resend::Safe)
        }
    }

    /// An idempotent change (DELETE, PUT of a whole object).
    pub fn idempotent(method: Method, path: impl Into<String>, what: impl Into<String>) -> Self {
        Self::new(method, path, what, Resend::Safe)
    }

    /// Adds a query pair.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Marks a page read ahead before it was known to exist (shown at `-vv`).
    pub fn speculative(mut self, speculative: bool) -> Self {
        self.speculative = speculative;
        self
    }

    /// Sets a JSON body.
    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Some(Body::Json(body));
        self
    }

    /// The answer a dry run gives in place of this call, in the shape the provider would send
    /// back, with [`super::placeholder`]s for what only the provider knows. Used when the call is
    /// mutating (it is recorded in the plan, not sent) or reads a path holding a placeholder
    /// (nothing exists there yet); ignored otherwise. Without one the stand-in is an empty
    /// body.
    pub fn planned(mut self, stand_in: serde_json::Value) -> Self {
        self.stand_in = Some(stand_in);
        self
    }

    /// Sets a form body (`application/x-www-form-urlencoded`).
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Some(Body::Form(encoded));
        self
    }

    pub(crate) fn mutating(&self) -> bool {
        !self.read_only && self.method != Method::GET && self.method != Method::HEAD
    }
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// JSON.
    Json(serde_json::Value),
    /// An encoded form.
    Form(String),
}
