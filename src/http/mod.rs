//! The one HTTP client wrapper every provider goes through.
//!
//! A provider builds an [`ApiClient`] with its base URL and an [`Auth`] strategy, then describes
//! each request as a [`Call`]. The wrapper owns what must be the same everywhere: the user agent
//! and per-request timeout, rebuilding and re-authorising every attempt (signatures carry a
//! timestamp), the retry rules of `CLI.md` §5 (`retry.rs`), one renewal of credentials on a 401,
//! `--dry-run`, redacted logging at `-vv`/`-vvv` (`redact.rs`), and turning failures into
//! [`Error`]s with the provider's code, message and request id.
//!
//! A dry run is data, not an error: each mutating request is described (redacted) into the
//! run's [`Plan`] instead of being sent, and the flow gets a stand-in answer ([`Call::planned`])
//! so that it goes on to its next step, the way it would after a real answer. What only the
//! provider could tell (the id of what a create makes) is a [`placeholder`] in the stand-in, and
//! a read of a path holding one is answered from its stand-in too, since nothing exists there
//! yet. The run prints the plan at the end (`lib.rs`).

mod handle;
pub mod oauth2;
pub mod paginate;
pub mod redact;
pub mod retry;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{Error, ErrorKind, Result};
use crate::log;

pub use handle::Http;

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

/// The mutating requests a `--dry-run` would have sent, in order, each as
/// [`redact::describe`] shows it.
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
fn names_placeholder(path: &str) -> bool {
    path.split('/').any(is_placeholder_segment)
}

/// Whether one percent-encoded path segment is a [`placeholder`].
pub(crate) fn is_placeholder_segment(segment: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    decoded.len() > 2 && decoded.starts_with('<') && decoded.ends_with('>')
}

/// Builds the underlying reqwest client (once per process, see `Context::reqwest`).
///
/// TLS is rustls with ring, verifying against the OS trust store through reqwest's own
/// verifier (rustls-platform-verifier). reqwest would create that verifier here, which on Linux
/// reads every root certificate on the machine (hundreds of files, a few milliseconds); it is
/// created on the first `https` handshake instead ([`LazyPlatformVerifier`]), so that a run
/// against the sandbox or another `http://` URL never reads them.
pub fn build_reqwest(settings: &HttpSettings) -> Result<reqwest::Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    client_with(settings, Arc::new(LazyPlatformVerifier::new(provider)))
}

fn client_with(
    settings: &HttpSettings,
    verifier: Arc<LazyPlatformVerifier>,
) -> Result<reqwest::Client> {
    let mut tls = rustls::ClientConfig::builder_with_provider(verifier.provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal("cannot configure TLS").caused_by(e))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    // What reqwest sets without the `http2` feature.
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .user_agent(concat!("cc/", env!("CARGO_PKG_VERSION")))
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
        .build()
        .map_err(|e| Error::internal("cannot build the HTTP client").caused_by(e))
}

/// The platform verifier, created on first use: the OS root certificates are read on the first
/// `https` handshake, not when the client is built. Every call is the platform verifier's own.
#[derive(Debug)]
pub struct LazyPlatformVerifier {
    provider: Arc<rustls::crypto::CryptoProvider>,
    inner: OnceLock<std::result::Result<rustls_platform_verifier::Verifier, rustls::Error>>,
}

impl LazyPlatformVerifier {
    /// A verifier that will use `provider`'s algorithms; nothing is loaded yet.
    pub fn new(provider: Arc<rustls::crypto::CryptoProvider>) -> Self {
        LazyPlatformVerifier {
            provider,
            inner: OnceLock::new(),
        }
    }

    /// Whether the OS roots have been loaded (tests).
    pub fn loaded(&self) -> bool {
        self.inner.get().is_some()
    }

    fn inner(&self) -> std::result::Result<&rustls_platform_verifier::Verifier, rustls::Error> {
        self.inner
            .get_or_init(|| rustls_platform_verifier::Verifier::new(self.provider.clone()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl rustls::client::danger::ServerCertVerifier for LazyPlatformVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        self.inner()?
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.inner()?.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.inner()?.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        // Asked while writing the ClientHello, i.e. only for https. If the roots cannot be
        // loaded, offer the provider's schemes; `verify_server_cert` then reports why.
        match self.inner() {
            Ok(verifier) => verifier.supported_verify_schemes(),
            Err(_) => self
                .provider
                .signature_verification_algorithms
                .supported_schemes(),
        }
    }
}

/// A request about to be sent: what an [`Auth`] sees and may add headers to (or re-sign).
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// HTTP method.
    pub method: Method,
    /// Full URL, query included.
    pub url: Url,
    /// Headers in the order they were added; names as given.
    pub headers: Vec<(String, String)>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
}

impl Outgoing {
    /// Sets (or replaces) a header.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.into()));
    }
}

/// How a provider authenticates its requests. `Debug` is required so that every client can be
/// printed; auth structs hold their credentials as [`crate::secret::Secret`], which prints `***`.
pub trait Auth: Send + Sync + std::fmt::Debug {
    /// Adds credentials to the request (headers, signature). Called again on every attempt.
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>>;

    /// Called once on a 401: renew cached credentials and return `true` if the call is worth
    /// sending again. The default (static credentials) returns `false`.
    fn renew(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(async { Ok(false) })
    }

    /// Secret values to mask anywhere they would appear in logs or `--dry-run`.
    fn secrets(&self) -> Vec<String>;
}

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
    /// back, with [`placeholder`]s for what only the provider knows. Used when the call is
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

    fn mutating(&self) -> bool {
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

/// A response with a 2xx status.
#[derive(Debug)]
pub struct Reply {
    /// Provider name, for errors.
    pub provider: crate::provider::ProviderName,
    /// What the call did, for errors.
    pub what: String,
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Raw body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as `T`; an unreadable body is exit 5 with the status and a short excerpt.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| {
            let mut err = Error::malformed(
                self.provider,
                format!(
                    "unreadable response to `{}` (HTTP {}): {e}; body starts: {}",
                    self.what,
                    self.status,
                    excerpt(&self.body)
                ),
            );
            err.status = Some(self.status);
            err.request_id = request_id(&self.headers);
            err
        })
    }
}

/// A client for one provider: base URL, auth, and the shared reqwest client.
#[derive(Debug, Clone)]
pub struct ApiClient {
    provider: crate::provider::ProviderName,
    base: Url,
    http: reqwest::Client,
    auth: Arc<dyn Auth>,
    settings: HttpSettings,
}

impl ApiClient {
    /// A client for `provider` at `base` (a URL whose path may hold a prefix).
    pub fn new(
        provider: crate::provider::ProviderName,
        base: &str,
        http: reqwest::Client,
        auth: Arc<dyn Auth>,
        settings: HttpSettings,
    ) -> Result<Self> {
        let base = Url::parse(base).map_err(|e| {
            Error::usage(format!("{provider}: `{base}` is not a valid base URL")).caused_by(e)
        })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::usage(format!(
                "{provider}: base URL `{base}` must start with https:// (or http:// for a local server)"
            )));
        }
        Ok(ApiClient {
            provider,
            base,
            http,
            auth,
            settings,
        })
    }

    /// The provider name.
    pub fn provider(&self) -> crate::provider::ProviderName {
        self.provider
    }

    /// The URL a path resolves to (query not included): the base URL's own path (the
    /// platform's prefix) followed by `path`; an empty path is the base URL itself.
    pub fn url_for(&self, path: &str) -> Result<Url> {
        if path.is_empty() {
            return Ok(self.base.clone());
        }
        let mut url = self.base.clone();
        let joined = format!(
            "{}/{}",
            url.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        url.set_path(&joined);
        url.set_query(None);
        Ok(url)
    }

    fn prepare(&self, call: &Call) -> Result<Outgoing> {
        let mut url = self.url_for(&call.path)?;
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(call.query.iter());
        }
        let mut out = Outgoing {
            method: call.method.clone(),
            url,
            headers: vec![("Accept".into(), "application/json".into())],
            body: None,
        };
        match &call.body {
            Some(Body::Json(body)) => {
                out.set_header("Content-Type", "application/json");
                out.body =
                    Some(serde_json::to_vec(body).map_err(|e| {
                        Error::internal("cannot encode the request body").caused_by(e)
                    })?);
            }
            Some(Body::Form(text)) => {
                out.set_header("Content-Type", "application/x-www-form-urlencoded");
                out.body = Some(text.clone().into_bytes());
            }
            None => {}
        }
        Ok(out)
    }

    /// Sends a call with auth, retries and logging; a non-2xx status becomes an [`Error`].
    pub async fn send(&self, call: &Call) -> Result<Reply> {
        let mut attempt: u32 = 0;
        let mut renewed = false;
        loop {
            attempt += 1;
            let mut out = self.prepare(call)?;
            self.auth.authorize(&mut out).await?;
            let secrets = self.auth.secrets();
            if let Some(plan) = &self.settings.plan {
                if call.mutating() {
                    let described = redact::describe(&out, &secrets);
                    log::line(
                        log::PROGRESS,
                        format!(
                            "{}: dry run: {} {} not sent",
                            self.provider,
                            out.method,
                            described["url"].as_str().unwrap_or_default()
                        ),
                    );
                    plan.record(described);
                    return Ok(self.stand_in(call));
                }
                if names_placeholder(out.url.path()) {
                    return Ok(self.stand_in(call));
                }
            }
            self.log_request(&out, call.speculative, &secrets);
            let started = Instant::now();
            let result = self.execute(out).await;
            match result {
                Ok((status, headers, body)) => {
                    self.log_response(status, &headers, &body, started, &secrets);
                    if status == 401 && !renewed && self.auth.renew().await? {
                        renewed = true;
                        log::line(
                            log::PROGRESS,
                            format!("{}: token renewed after a 401", self.provider),
                        );
                        continue;
                    }
                    if let Some(delay) =
                        retry::after_status(call.resend, status, attempt, &headers, &self.settings)
                    {
                        log::line(
                            log::PROGRESS,
                            format!(
                                "{}: HTTP {status} to `{}`; retrying in {}",
                                self.provider,
                                call.what,
                                crate::duration::display(delay)
                            ),
                        );
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    if (200..300).contains(&status) {
                        return Ok(Reply {
                            provider: self.provider,
                            what: call.what.clone(),
                            status,
                            headers,
                            body,
                        });
                    }
                    return Err(self.status_error(call, status, &headers, &body));
                }
                Err(e) => {
                    if let Some(delay) =
                        retry::after_transport(call.resend, &e, attempt, &self.settings)
                    {
                        log::line(
                            log::PROGRESS,
                            format!(
                                "{}: {} failed ({e}); retrying in {}",
                                self.provider,
                                call.what,
                                crate::duration::display(delay)
                            ),
                        );
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Err(self.transport_error(call, e, attempt));
                }
            }
        }
    }

    /// What a dry run answers in place of `call`: its stand-in body, status 200, no headers.
    fn stand_in(&self, call: &Call) -> Reply {
        Reply {
            provider: self.provider,
            what: call.what.clone(),
            status: 200,
            headers: reqwest::header::HeaderMap::new(),
            body: call
                .stand_in
                .as_ref()
                .map(|v| v.to_string().into_bytes())
                .unwrap_or_default(),
        }
    }

    /// Sends a call and reads the body as `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, call: &Call) -> Result<T> {
        self.send(call).await?.json()
    }

    async fn execute(
        &self,
        out: Outgoing,
    ) -> std::result::Result<(u16, reqwest::header::HeaderMap, Vec<u8>), reqwest::Error> {
        let mut builder = self.http.request(out.method, out.url);
        for (name, value) in out.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = out.body {
            builder = builder.body(body);
        }
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        Ok((status, headers, body))
    }

    fn status_error(
        &self,
        call: &Call,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
    ) -> Error {
        let kind = match status {
            401 | 403 => ErrorKind::Auth,
            404 => ErrorKind::NotFound,
            _ => ErrorKind::Api,
        };
        let (code, message) = error_fields(body);
        let mut err = Error::new(kind, format!("{}: cannot {}", self.provider, call.what))
            .provider(self.provider);
        err.status = Some(status);
        err.code = code;
        err.provider_message = message.or_else(|| (!body.is_empty()).then(|| excerpt(body)));
        err.request_id = request_id(headers);
        err.maybe_applied = call.resend == Resend::Never && status >= 500;
        // What to do about a refused credential is said by the command layer (`seam::explain`).
        err
    }

    fn transport_error(&self, call: &Call, e: reqwest::Error, attempts: u32) -> Error {
        let tls = retry::tls_refused(&e);
        let what = if e.is_timeout() {
            "timed out"
        } else if tls {
            "failed: the TLS handshake was refused"
        } else if e.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        let retried = if attempts > 1 {
            format!(" after {attempts} attempts")
        } else {
            String::new()
        };
        let mut err = Error::new(
            ErrorKind::Network,
            format!(
                "{}: {} {what}{retried} ({})",
                self.provider,
                call.what,
                self.base.origin().ascii_serialization()
            ),
        )
        .provider(self.provider);
        // A create that reached the server may have been carried out.
        err.maybe_applied = call.resend == Resend::Never && !e.is_connect();
        if tls {
            err = err.hint(format!(
                "check that {} is the provider's https address, and that its certificate is trusted by this machine's trust store; it is not retried, the same answer would come back",
                self.base.origin().ascii_serialization()
            ));
        }
        err.caused_by(e)
    }

    fn log_request(&self, out: &Outgoing, speculative: bool, secrets: &[String]) {
        if !log::enabled(log::HTTP) {
            return;
        }
        log::line(
            log::HTTP,
            format!(
                "> {} {}{}",
                out.method,
                redact::text(out.url.as_str(), secrets),
                if speculative { " (speculative)" } else { "" }
            ),
        );
        if log::enabled(log::BODIES) {
            for (name, value) in &out.headers {
                log::line(
                    log::BODIES,
                    format!(">   {name}: {}", redact::header(name, value, secrets)),
                );
            }
            if let Some(body) = &out.body {
                log::line(log::BODIES, format!(">   {}", redact::body(body, secrets)));
            }
        }
    }

    fn log_response(
        &self,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
        started: Instant,
        secrets: &[String],
    ) {
        if !log::enabled(log::HTTP) {
            return;
        }
        let id = request_id(headers)
            .map(|id| format!(" request-id={id}"))
            .unwrap_or_default();
        log::line(
            log::HTTP,
            format!(
                "< {status} ({} ms, {} bytes){id}",
                started.elapsed().as_millis(),
                body.len()
            ),
        );
        if log::enabled(log::BODIES) {
            for (name, value) in headers {
                let value = value.to_str().unwrap_or("(binary)");
                log::line(
                    log::BODIES,
                    format!(
                        "<   {name}: {}",
                        redact::header(name.as_str(), value, secrets)
                    ),
                );
            }
            if !body.is_empty() {
                log::line(log::BODIES, format!("<   {}", redact::body(body, secrets)));
            }
        }
    }
}

/// The request id of a response, under whichever header the provider uses.
pub fn request_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    const NAMES: [&str; 5] = [
        "x-request-id",
        "x-oapi-request-id",
        "x-ovh-queryid",
        "x-openstack-request-id",
        "x-correlation-id",
    ];
    NAMES
        .iter()
        .find_map(|n| headers.get(*n).and_then(|v| v.to_str().ok()))
        .map(str::to_string)
}

/// The provider's error code and message from an error body, trying the shapes the providers
/// use in the order the Huawei SDK tries them (`error_code`/`error_msg`, `errorCode`/`errorMsg`,
/// `code`/`message`), then nested `error` objects and Console Connect's `errorReason`. For OVH,
/// an `error_code` or `errorCode` without its own message key takes the `message` beside it (its
/// auth layer answers `{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":
/// "Invalid signature"}`), and `class` is the code when present (its API layer answers
/// `{"class":"Client::NotFound","message":...}`), tried before `code`/`message`.
pub fn error_fields(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let pick = |obj: &serde_json::Value, code: &str, msg: &str| {
        let c = obj.get(code).and_then(text);
        let m = obj.get(msg).and_then(text);
        (c.is_some() || m.is_some()).then_some((c, m))
    };
    // A code found without its own message key takes the `message` beside it.
    let with_message = |found: Option<(Option<String>, Option<String>)>| {
        found.map(|(c, m)| {
            let m = m.or_else(|| c.as_ref().and(value.get("message").and_then(text)));
            (c, m)
        })
    };
    let nested = value.get("error").filter(|e| e.is_object());
    [
        with_message(pick(&value, "error_code", "error_msg")),
        with_message(pick(&value, "errorCode", "errorMsg")),
        pick(&value, "class", "message").filter(|(c, _)| c.is_some()),
        pick(&value, "code", "message"),
        nested.and_then(|e| pick(e, "code", "message")),
        pick(&value, "error", "errorReason"),
        pick(&value, "error", "error_description"),
    ]
    .into_iter()
    .flatten()
    .next()
    .map(|(code, mut message)| {
        if let Some(desc) = value.get("description").and_then(text)
            && message.as_deref() != Some(desc.as_str())
        {
            message = Some(match message {
                Some(m) => format!("{m} ({desc})"),
                None => desc,
            });
        }
        (code, message)
    })
    .unwrap_or((None, None))
}

/// The first 200 characters of a body, on one line.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(empty body)".into();
    }
    let cut: String = flat.chars().take(200).collect();
    if cut.len() < flat.len() {
        format!("`{cut}…`")
    } else {
        format!("`{cut}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_fields_follow_the_sdk_order() {
        let huawei = br#"{"error_code":"CC.0001","error_msg":"bad","code":"x","message":"y"}"#;
        assert_eq!(
            error_fields(huawei),
            (Some("CC.0001".into()), Some("bad".into()))
        );
        let camel = br#"{"errorCode":"E1","errorMsg":"m"}"#;
        assert_eq!(error_fields(camel), (Some("E1".into()), Some("m".into())));
        let orange =
            br#"{"code":41,"message":"Invalid credentials","description":"token unknown"}"#;
        assert_eq!(
            error_fields(orange),
            (
                Some("41".into()),
                Some("Invalid credentials (token unknown)".into())
            )
        );
        let nested = br#"{"error":{"code":"NotFound","message":"gone"}}"#;
        assert_eq!(
            error_fields(nested),
            (Some("NotFound".into()), Some("gone".into()))
        );
        assert_eq!(error_fields(b"<html>"), (None, None));
    }

    fn fixture(provider: &str, name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(provider)
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn fields(code: Option<&str>, message: &str) -> (Option<String>, Option<String>) {
        (code.map(str::to_string), Some(message.to_string()))
    }

    #[test]
    fn error_fields_read_each_providers_fixtures() {
        let cases = [
            (
                "huawei",
                "error_iam_authentication.json",
                fields(
                    Some("APIGW.0301"),
                    "Incorrect IAM authentication information: verify aksk signature fail",
                ),
            ),
            (
                "huawei",
                "error_invalid_parameter.json",
                fields(Some("CC.1001"), "The parameter is invalid."),
            ),
            (
                "huawei",
                "error_camel_case.json",
                fields(
                    Some("CC.1033"),
                    "The quota of cloud connections is insufficient.",
                ),
            ),
            (
                "huawei",
                "error_code_message.json",
                fields(
                    Some("CC.1032"),
                    "The cloud connection still has network instances.",
                ),
            ),
            (
                "orange",
                "error_invalid_credentials.json",
                fields(
                    Some("41"),
                    "Invalid credentials (The requested service needs credentials, but the ones provided were invalid.)",
                ),
            ),
            (
                "orange",
                "error_too_many_requests.json",
                fields(
                    Some("53"),
                    "Too many requests (The application has made too many calls and has exceeded the rate limit for this service.)",
                ),
            ),
            (
                "console_connect",
                "error_invalid_service_key.json",
                fields(None, "The Azure service key could not be found"),
            ),
            (
                "console_connect",
                "error_unauthorized.json",
                fields(None, "Invalid API key"),
            ),
        ];
        for (provider, name, expected) in cases {
            assert_eq!(error_fields(&fixture(provider, name)), expected, "{name}");
        }
    }

    #[test]
    fn error_fields_keep_ovh_codes_and_messages() {
        let auth = br#"{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"}"#;
        assert_eq!(
            error_fields(auth),
            fields(Some("INVALID_SIGNATURE"), "Invalid signature")
        );
        let reordered = br#"{"message":"This call has not been granted","httpCode":"403 Forbidden","errorCode":"NOT_GRANTED_CALL"}"#;
        assert_eq!(
            error_fields(reordered),
            fields(Some("NOT_GRANTED_CALL"), "This call has not been granted")
        );
        let api = br#"{"class":"Client::NotFound","message":"The requested object (serviceName = missing) does not exist"}"#;
        assert_eq!(
            error_fields(api),
            fields(
                Some("Client::NotFound"),
                "The requested object (serviceName = missing) does not exist"
            )
        );
        let details = br#"{"class":"Client::Forbidden","message":"not allowed","details":{"unauthorizedActionsByIAM":"ovhCloudConnect:apiovh:get"}}"#;
        assert_eq!(
            error_fields(details),
            fields(Some("Client::Forbidden"), "not allowed")
        );
        // A code's own message key still comes first.
        let both = br#"{"errorCode":"E1","errorMsg":"own","message":"other"}"#;
        assert_eq!(error_fields(both), fields(Some("E1"), "own"));
    }

    #[test]
    fn request_id_reads_each_providers_header() {
        for name in [
            "X-Request-Id",
            "X-OAPI-Request-Id",
            "X-Ovh-QueryID",
            "X-Ovh-Queryid",
            "X-Openstack-Request-Id",
            "X-Correlation-Id",
        ] {
            let mut h = reqwest::header::HeaderMap::new();
            h.insert(
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                "EU.ext-3.63ac85b6".parse().unwrap(),
            );
            assert_eq!(
                request_id(&h).as_deref(),
                Some("EU.ext-3.63ac85b6"),
                "{name}"
            );
        }
        assert_eq!(request_id(&reqwest::header::HeaderMap::new()), None);
    }

    /// One HTTP/1.1 answer on a local port, or (for the https attempt) whatever the client sends.
    async fn local_server() -> std::net::SocketAddr {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut buf = [0u8; 4096];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                if buf[..n].starts_with(b"GET ") {
                    let _ = socket
                        .write_all(
                            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
                        )
                        .await;
                }
            }
        });
        addr
    }

    #[tokio::test]
    async fn os_roots_are_loaded_on_the_first_https_handshake_only() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = Arc::new(LazyPlatformVerifier::new(provider));
        let client = client_with(&HttpSettings::default(), verifier.clone()).unwrap();
        assert!(!verifier.loaded(), "building the client loaded the roots");

        let addr = local_server().await;
        let reply = client.get(format!("http://{addr}/")).send().await.unwrap();
        assert_eq!(reply.status(), 200);
        assert!(!verifier.loaded(), "an http:// request loaded the roots");

        // The local server speaks no TLS: the request fails, but only after the ClientHello,
        // for which the verifier (and so the OS roots) was needed.
        assert!(client.get(format!("https://{addr}/")).send().await.is_err());
        assert!(
            verifier.loaded(),
            "an https:// request did not load the roots"
        );
    }

    #[derive(Debug)]
    struct KeyAuth;

    impl Auth for KeyAuth {
        fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
            request.set_header("X-API-Key", "key-123456");
            Box::pin(async { Ok(()) })
        }

        fn secrets(&self) -> Vec<String> {
            vec!["key-123456".into()]
        }
    }

    #[tokio::test]
    async fn a_dry_run_records_mutating_calls_and_answers_with_their_stand_ins() {
        let plan = Plan::default();
        let settings = HttpSettings {
            plan: Some(plan.clone()),
            no_retry_delay: true,
            ..HttpSettings::default()
        };
        // Nothing listens on port 9: any request actually sent fails.
        let api = ApiClient::new(
            crate::provider::ProviderName::Orange,
            "http://127.0.0.1:9/base",
            build_reqwest(&HttpSettings::default()).unwrap(),
            Arc::new(KeyAuth),
            settings,
        )
        .unwrap();
        let id = placeholder("id of the new thing");
        let create = Call::create(Method::POST, "/things", "create the thing")
            .json(serde_json::json!({ "name": "a" }))
            .planned(serde_json::json!({ "id": id }));
        let reply = api.send(&create).await.unwrap();
        assert_eq!(reply.json::<serde_json::Value>().unwrap()["id"], id);
        let path = crate::providers::endpoint::ep(
            "/things/{id}/tag",
            crate::providers::endpoint::Evidence::Doc,
        )
        .fill(&[("id", &id)]);
        let tag = Call::idempotent(Method::POST, path.clone(), "tag the thing");
        assert!(api.send(&tag).await.unwrap().body.is_empty());
        // A read of what does not exist yet is answered, not sent; other reads are sent.
        let read_back = Call::get(path, "get the thing").planned(serde_json::json!({ "id": 1 }));
        assert_eq!(
            api.send_json::<serde_json::Value>(&read_back)
                .await
                .unwrap()["id"],
            1
        );
        let err = api
            .send(&Call::get("/things", "list things"))
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Network);

        let planned = plan.take();
        assert_eq!(planned.len(), 2, "{planned:?}");
        assert_eq!(planned[0]["method"], "POST");
        assert_eq!(planned[0]["url"], "http://127.0.0.1:9/base/things");
        assert_eq!(planned[0]["body"], serde_json::json!({ "name": "a" }));
        assert_eq!(planned[0]["headers"]["X-API-Key"], "***");
        assert_eq!(
            planned[1]["url"],
            "http://127.0.0.1:9/base/things/<id of the new thing>/tag"
        );
        assert!(plan.take().is_empty(), "take empties the plan");
    }

    #[test]
    fn excerpt_is_short_and_flat() {
        assert_eq!(excerpt(b"  a\n b "), "`a b`");
        assert_eq!(excerpt(b""), "(empty body)");
        assert!(excerpt(&[b'x'; 500]).ends_with("…`"));
    }
}
