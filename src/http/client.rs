//! The client of one provider ([`ApiClient`]): its base URL, its [`Auth`], its [`Dialect`] and
//! the shared reqwest client. Sending a [`Call`] is the same loop for everyone: each attempt is
//! rebuilt and re-authorised (signatures carry a timestamp), recorded instead of sent in a dry
//! run, logged, then either answered, renewed once on a 401, retried (`retry.rs`) or turned into
//! an error (`failure.rs`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use url::Url;

use super::redact::{self, Secrets};
use super::{
    Auth, Body, Call, Dialect, HttpSettings, Outgoing, Reply, failure, logging, names_placeholder,
    redirect, retry,
};
use crate::error::{Error, Result};
use crate::log;
use crate::provider::ProviderName;

/// A client for one provider: base URL, auth, dialect, and the shared reqwest client.
#[derive(Debug, Clone)]
pub struct ApiClient {
    provider: ProviderName,
    base: Url,
    http: reqwest::Client,
    auth: Arc<dyn Auth>,
    dialect: Dialect,
    settings: HttpSettings,
}

/// A response as it came back, before the client judges it.
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Vec<u8>,
}

/// The most a response body may hold (`CLI.md` §5, bounds): a server that sends more (an
/// endless chunked body) is cut off there instead of filling the memory.
const MAX_BODY: usize = 64 << 20;

/// Why an answer could not be read.
enum Fetch {
    /// The network failed.
    Transport(reqwest::Error),
    /// The body passed [`MAX_BODY`] (the status is kept).
    TooLarge(u16),
}

/// Where a call's attempts stand: a renewal spent, the redirects followed and where to.
#[derive(Default)]
struct Hop {
    renewed: bool,
    hops: u32,
    at: Option<Url>,
}

/// What one attempt leads to.
enum Next {
    /// The reply to hand back.
    Reply(Reply),
    /// Another attempt, after this delay (none after a renewal).
    Again(Option<Duration>),
    /// The same read again at this URL of the same origin (a redirect).
    Follow(Url),
}

impl ApiClient {
    /// A client for `provider` at `base` (a URL whose path may hold a prefix), signing with
    /// `auth` and reading answers in `dialect`.
    pub fn new(
        provider: ProviderName,
        base: &str,
        http: reqwest::Client,
        auth: Arc<dyn Auth>,
        dialect: Dialect,
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
            dialect,
            settings,
        })
    }

    /// The provider name.
    pub fn provider(&self) -> ProviderName {
        self.provider
    }

    /// Whether this run only plans its requests (`--dry-run`): what a create would make does
    /// not exist, so a later step names it by a [`super::placeholder`].
    pub fn plans_only(&self) -> bool {
        self.settings.dry_run()
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
        let mut hop = Hop::default();
        loop {
            attempt += 1;
            match self.attempt(call, attempt, &mut hop).await? {
                Next::Reply(reply) => return Ok(reply),
                Next::Again(Some(delay)) => tokio::time::sleep(delay).await,
                Next::Again(None) => {}
                Next::Follow(url) => {
                    hop.hops += 1;
                    hop.at = Some(url);
                }
            }
        }
    }

    /// Sends a call and reads the body as `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, call: &Call) -> Result<T> {
        self.send(call).await?.json()
    }

    /// One attempt at `call`: built, authorised, then recorded (dry run) or sent and judged.
    async fn attempt(&self, call: &Call, attempt: u32, hop: &mut Hop) -> Result<Next> {
        let mut out = self.prepare(call)?;
        if let Some(url) = &hop.at {
            out.url = url.clone();
        }
        self.auth.authorize(&mut out).await?;
        if let Some(err) = failure::unbuildable(self.provider, call, &out) {
            return Err(err);
        }
        let secrets = self.secrets(&out);
        if let Some(reply) = self.dry_run(call, &out, &secrets) {
            return Ok(Next::Reply(reply));
        }
        if call.mutating() {
            self.settings.changes.record();
        }
        logging::request(&out, call.speculative, &secrets);
        let started = Instant::now();
        let from = out.url.clone();
        match self.execute(out).await {
            Ok(answer) => {
                logging::response(&answer, &self.dialect, started, &secrets);
                if let Some(url) = redirect::target(self.provider, call, &from, &answer, hop.hops)?
                {
                    return Ok(Next::Follow(url));
                }
                self.judge(call, answer, (attempt, &mut hop.renewed), secrets)
                    .await
            }
            Err(Fetch::Transport(e)) => self.after_transport_error(call, e, attempt),
            Err(Fetch::TooLarge(status)) => Err(self.too_large(call, status)),
        }
    }

    /// What is secret in `out`: the dialect's headers and body keys, the auth strategy's values,
    /// and the values `out`'s body carries under secret keys (masked in whatever comes back).
    fn secrets(&self, out: &Outgoing) -> Secrets<'static> {
        let mut values = self.auth.secrets();
        values.extend(redact::body_values(
            out.body.as_deref(),
            self.dialect.secret_body_keys,
        ));
        Secrets {
            headers: self.dialect.secret_headers,
            body_keys: self.dialect.secret_body_keys,
            places: self.dialect.secret_places,
            values,
        }
    }

    /// In a dry run, the stand-in answer to `call` when it is not to be sent: a mutating call
    /// (recorded in the plan) or a read of what a dry run did not create.
    fn dry_run(&self, call: &Call, out: &Outgoing, secrets: &Secrets) -> Option<Reply> {
        let plan = self.settings.plan.as_ref()?;
        if call.mutating() {
            let described = redact::describe(out, secrets);
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
            return Some(self.stand_in(call));
        }
        names_placeholder(out.url.path()).then(|| self.stand_in(call))
    }

    /// What an answer leads to: a renewal after a first 401, a retry, the reply, or an error.
    async fn judge(
        &self,
        call: &Call,
        answer: Answer,
        (attempt, renewed): (u32, &mut bool),
        secrets: Secrets<'static>,
    ) -> Result<Next> {
        let status = answer.status;
        if status == 401 && !*renewed && self.auth.renew().await? {
            *renewed = true;
            log::line(
                log::PROGRESS,
                format!("{}: token renewed after a 401", self.provider),
            );
            return Ok(Next::Again(None));
        }
        if let Some(delay) = retry::after_status(
            call.resend,
            status,
            attempt,
            &answer.headers,
            &self.settings,
        ) {
            return Ok(self.retry(format!("HTTP {status} to `{}`", call.what), delay));
        }
        if (200..300).contains(&status) {
            return Ok(Next::Reply(Reply {
                provider: self.provider,
                what: call.what.clone(),
                status,
                request_id: self.dialect.request_id(&answer.headers),
                headers: answer.headers,
                body: answer.body,
                secrets,
            }));
        }
        Err(failure::status_error(
            (self.provider, &self.dialect),
            call,
            &answer,
            &secrets,
        ))
    }

    /// What a transport failure leads to: a retry, or an error.
    fn after_transport_error(&self, call: &Call, e: reqwest::Error, attempt: u32) -> Result<Next> {
        let e = failure::masked(e);
        if e.is_builder() {
            return Err(failure::internal_error(self.provider, call, e));
        }
        if let Some(delay) = retry::after_transport(call.resend, &e, attempt, &self.settings) {
            return Ok(self.retry(format!("{} failed ({e})", call.what), delay));
        }
        Err(failure::transport_error(
            self.provider,
            &self.base,
            call,
            e,
            attempt,
        ))
    }

    /// Another attempt after `delay`, said at `-v` with `why`.
    fn retry(&self, why: String, delay: Duration) -> Next {
        log::line(
            log::PROGRESS,
            format!(
                "{}: {why}; retrying in {}",
                self.provider,
                crate::duration::display(delay)
            ),
        );
        Next::Again(Some(delay))
    }

    /// What a dry run answers in place of `call`: its stand-in body, status 200, no headers.
    fn stand_in(&self, call: &Call) -> Reply {
        Reply {
            provider: self.provider,
            what: call.what.clone(),
            status: 200,
            headers: HeaderMap::new(),
            body: call
                .stand_in
                .as_ref()
                .map(|v| v.to_string().into_bytes())
                .unwrap_or_default(),
            request_id: None,
            secrets: Secrets::default(),
        }
    }

    /// Sends `out` and reads the answer, its body streamed against [`MAX_BODY`].
    async fn execute(&self, out: Outgoing) -> std::result::Result<Answer, Fetch> {
        let mut builder = self.http.request(out.method, out.url);
        for (name, value) in out.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = out.body {
            builder = builder.body(body);
        }
        let mut response = builder.send().await.map_err(Fetch::Transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Fetch::Transport)? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(Fetch::TooLarge(status));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    /// The error of a body past [`MAX_BODY`]: exit 5, and for a create that the server
    /// answered, an outcome to look up rather than to send again.
    fn too_large(&self, call: &Call, status: u16) -> Error {
        let mut err = Error::malformed(
            self.provider,
            format!(
                "{}: {}: the response body is larger than {} MiB; not read further",
                self.provider,
                call.what,
                MAX_BODY >> 20
            ),
        );
        err.status = Some(status);
        err.maybe_applied = call.mutating();
        err
    }
}

#[cfg(test)]
mod tests {
    use futures_util::future::BoxFuture;
    use reqwest::Method;

    use super::*;
    use crate::error::ErrorKind;
    use crate::http::testing;
    use crate::http::{Plan, build_reqwest, placeholder};

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
            testing::a_provider(),
            "http://127.0.0.1:9/base",
            build_reqwest(&HttpSettings::default()).unwrap(),
            Arc::new(KeyAuth),
            testing::DIALECT,
            settings.clone(),
        )
        .unwrap();
        let id = placeholder("id of the new thing");
        let create = Call::create(Method::POST, "/things", "create the thing")
            .json(serde_json::json!({ "name": "a", "circuitKey": "ck-123456" }))
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
        // The dialect's secret body key is masked in the plan.
        assert_eq!(
            planned[0]["body"],
            serde_json::json!({ "name": "a", "circuitKey": "***" })
        );
        assert_eq!(planned[0]["headers"]["X-API-Key"], "***");
        assert_eq!(
            planned[1]["url"],
            "http://127.0.0.1:9/base/things/<id of the new thing>/tag"
        );
        assert!(plan.take().is_empty(), "take empties the plan");
        assert!(!settings.changes.any(), "a planned call changes nothing");
    }
}
