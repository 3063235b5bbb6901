//! The two ways of authenticating to the OVHcloud API, as [`crate::http::Auth`] strategies.
//!
//! - [`SignedAuth`] (application key + secret + consumer key, `provider-notes/huawei-ovh.md`
//!   §2.2): every attempt is signed anew ([`super::sign::signature`]) over the final URL exactly
//!   as the shared client will put it on the wire (`out.url.as_str()`: the query is already
//!   form-encoded there, `:` as `%3A`, as python's `urlencode` does) and the exact body bytes.
//!   The timestamp is the local clock plus the server's offset, read once per process and API
//!   base from the unauthenticated `GET {base}/auth/time` (only `X-Ovh-Application` on it) and
//!   kept for the life of the process, as python-ovh's `time_delta` is.
//! - [`OAuth2Auth`] (service account, §2.3): a client-credentials token (`scope=all`, Basic
//!   auth; the grant Orange uses too, `http::oauth2`) cached until a minute before it expires
//!   and renewed once on a 401; calls carry only `Authorization: Bearer`, no `X-Ovh-*` header.
//!
//! Both list in `secrets()` everything that must be masked: the application secret, the
//! consumer key, the signatures made, the client secret and the bearer token. Each is a
//! [`Secret`] (`***` under `Debug`), so printing a strategy shows none of them.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock, Mutex};

use futures_util::future::BoxFuture;
use tokio::sync::OnceCell;

use super::dialect::DIALECT;
use super::{PROVIDER, paths, sign};
use crate::error::{Error, Result};
use crate::http::oauth2::{ClientCredentials, Grant};
use crate::http::{ApiClient, Auth, Call, HttpSettings, Outgoing};
use crate::secret::Secret;

/// Seconds since the Unix epoch on this machine.
pub fn local_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Sends `X-Ovh-Application` only (or nothing): the auth of the unauthenticated calls
/// (`/auth/time`) [RUN §2.4 "clock-sync flow"]. The application key is public.
#[derive(Debug)]
pub struct ApplicationOnly(pub Option<String>);

impl Auth for ApplicationOnly {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        if let Some(ak) = &self.0 {
            request.set_header("X-Ovh-Application", ak.clone());
        }
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The server's clock, read from `GET {base}/auth/time` (a bare JSON integer).
pub async fn server_time(time_client: &ApiClient) -> Result<i64> {
    let call = Call::get(paths::AUTH_TIME.template, "read the OVH server time");
    time_client.send_json::<i64>(&call).await
}

/// One offset per API base for the whole process: `server - local`, in seconds.
static DELTAS: LazyLock<Mutex<BTreeMap<String, Arc<OnceCell<i64>>>>> =
    LazyLock::new(|| Mutex::new(BTreeMap::new()));

fn delta_cell(base: &str) -> Arc<OnceCell<i64>> {
    let mut map = DELTAS.lock().unwrap_or_else(|p| p.into_inner());
    map.entry(base.to_string()).or_default().clone()
}

/// Signed `$1$` requests with an application key, secret and consumer key.
#[derive(Debug)]
pub struct SignedAuth {
    application_key: String,
    application_secret: Secret,
    consumer_key: Secret,
    time_client: ApiClient,
    /// The API base, which keys the offset cell with the clock.
    base: String,
    delta: Arc<OnceCell<i64>>,
    clock: fn() -> i64,
    signatures: crate::secret::Issued,
}

impl SignedAuth {
    /// Signs for the API at `base` (its `/auth/time` gives the offset), with the system clock.
    pub fn new(
        base: &str,
        application_key: String,
        application_secret: Secret,
        consumer_key: Secret,
        http: reqwest::Client,
        settings: HttpSettings,
    ) -> Result<Self> {
        let clock: fn() -> i64 = local_now;
        let time_client = ApiClient::new(
            PROVIDER,
            base,
            http,
            Arc::new(ApplicationOnly(Some(application_key.clone()))),
            DIALECT,
            settings,
        )?;
        Ok(SignedAuth {
            application_key,
            application_secret,
            consumer_key,
            time_client,
            base: base.to_string(),
            delta: delta_cell(&format!("{base}#{}", clock as usize)),
            clock,
            signatures: Default::default(),
        })
    }

    /// The same with another local clock (tests: a machine whose clock is wrong).
    pub fn with_clock(self, clock: fn() -> i64) -> Self {
        SignedAuth {
            delta: delta_cell(&format!("{}#{}", self.base, clock as usize)),
            clock,
            ..self
        }
    }

    /// `server - local` in seconds, fetched at the first call and kept for the process.
    pub async fn time_delta(&self) -> Result<i64> {
        let clock = self.clock;
        self.delta
            .get_or_try_init(|| async move {
                let server = server_time(&self.time_client).await?;
                Ok::<i64, Error>(server - clock())
            })
            .await
            .copied()
    }

    /// Adds the four `X-Ovh-*` headers to `out`, signed at `timestamp`.
    pub fn sign_at(&self, out: &mut Outgoing, timestamp: i64) {
        let body = out.body.as_deref().unwrap_or_default();
        let signature = sign::signature(
            self.application_secret.expose(),
            self.consumer_key.expose(),
            out.method.as_str(),
            out.url.as_str(),
            body,
            timestamp,
        );
        out.set_header("X-Ovh-Application", self.application_key.clone());
        out.set_header("X-Ovh-Consumer", self.consumer_key.expose());
        out.set_header("X-Ovh-Timestamp", timestamp.to_string());
        out.set_header("X-Ovh-Signature", signature.clone());
        self.signatures.remember(Secret::new(signature));
    }
}

impl Auth for SignedAuth {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let delta = self.time_delta().await?;
            self.sign_at(request, (self.clock)() + delta);
            Ok(())
        })
    }

    fn secrets(&self) -> Vec<String> {
        let mut out = vec![
            self.application_secret.expose().to_string(),
            self.consumer_key.expose().to_string(),
        ];
        out.extend(self.signatures.exposed());
        out
    }
}

/// OAuth2 service account: client-credentials grant with `scope=all`, then Bearer.
#[derive(Debug)]
pub struct OAuth2Auth {
    grant: ClientCredentials,
}

impl OAuth2Auth {
    /// Asks for tokens as `grant` says.
    pub fn new(grant: Grant, http: reqwest::Client, settings: HttpSettings) -> Result<Self> {
        let grant =
            ClientCredentials::new((PROVIDER, DIALECT), grant, http, settings)?
                .scope("all")
                .described(
                    "get an OVH OAuth2 token",
                    "the OAuth2 token endpoint refused the service account's client id and secret (service accounts work on ovh-eu, ovh-ca and ovh-us only)",
                );
        Ok(OAuth2Auth { grant })
    }

    /// The current token, fetched once even when several calls start together.
    pub async fn token(&self) -> Result<Secret> {
        self.grant.token().await
    }
}

impl Auth for OAuth2Auth {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let token = self.token().await?;
            request.set_header("Authorization", format!("Bearer {}", token.expose()));
            Ok(())
        })
    }

    fn renew(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(async move {
            self.grant.forget().await;
            Ok(true)
        })
    }

    fn secrets(&self) -> Vec<String> {
        self.grant.secrets()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;
    use url::Url;

    fn signed(base: &str) -> SignedAuth {
        SignedAuth::new(
            base,
            "7kbG7Bk7S9Nt7ZSV".into(),
            "EXEEWd9yBJ6p7nTCJdcWBRqDBeLpBBUP".into(),
            "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1".into(),
            crate::http::build_reqwest(&HttpSettings::default()).unwrap(),
            HttpSettings::default(),
        )
        .unwrap()
    }

    fn header<'a>(out: &'a Outgoing, name: &str) -> Option<&'a str> {
        out.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn ovh_2_through_the_strategy_with_the_headers_of_the_official_client() {
        let auth = signed("https://eu.api.ovh.com/1.0");
        let mut out = Outgoing {
            method: Method::POST,
            url: Url::parse("https://eu.api.ovh.com/1.0/ovhCloudConnect/5f8f3b52-0000-4000-8000-000000000001/config/pop/1234/datacenter").unwrap(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some(br#"{"datacenterId":5,"ovhBgpArea":65401,"subnet":"10.0.0.0/28"}"#.to_vec()),
        };
        auth.sign_at(&mut out, 1_700_000_000);
        assert_eq!(
            header(&out, "x-ovh-signature"),
            Some("$1$8663b51ae435277ce1a19e8834ec854a3bd6f895")
        );
        assert_eq!(header(&out, "x-ovh-timestamp"), Some("1700000000"));
        assert_eq!(header(&out, "x-ovh-application"), Some("7kbG7Bk7S9Nt7ZSV"));
        assert_eq!(
            header(&out, "x-ovh-consumer"),
            Some("MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1")
        );
        let secrets = auth.secrets();
        assert!(secrets.contains(&"EXEEWd9yBJ6p7nTCJdcWBRqDBeLpBBUP".to_string()));
        assert!(secrets.contains(&"MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1".to_string()));
        assert!(secrets.contains(&"$1$8663b51ae435277ce1a19e8834ec854a3bd6f895".to_string()));
    }

    #[test]
    fn ovh_4_the_query_as_the_shared_client_encodes_it() {
        let auth = signed("https://eu.api.ovh.com/1.0");
        let mut url =
            Url::parse("https://eu.api.ovh.com/1.0/ovhCloudConnect/svc-1/config/pop/1/statistics")
                .unwrap();
        // What `ApiClient::prepare` does with `Call::query` pairs.
        url.query_pairs_mut()
            .extend_pairs([("period", "daily"), ("type", "prefix:accepted")]);
        let mut out = Outgoing {
            method: Method::GET,
            url,
            headers: Vec::new(),
            body: None,
        };
        auth.sign_at(&mut out, 1_700_000_000);
        assert_eq!(
            header(&out, "x-ovh-signature"),
            Some("$1$355aa00c451cff6e3e0f0d28ffeeeb7a20028f97")
        );
    }

    #[test]
    fn kept_signatures_are_bounded() {
        let auth = signed("https://eu.api.ovh.com/1.0");
        for t in 0..(crate::secret::Issued::KEPT as i64 + 10) {
            let mut out = Outgoing {
                method: Method::GET,
                url: Url::parse("https://eu.api.ovh.com/1.0/ovhCloudConnect").unwrap(),
                headers: Vec::new(),
                body: None,
            };
            auth.sign_at(&mut out, t);
        }
        assert_eq!(auth.secrets().len(), 2 + crate::secret::Issued::KEPT);
    }

    #[tokio::test]
    async fn oauth2_sends_only_the_bearer_and_renews_once_on_a_401() {
        use wiremock::matchers::{body_string, header as has_header, method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/auth/oauth2/token"))
            .and(has_header("authorization", "Basic aWQ6c2VjcmV0"))
            .and(body_string("grant_type=client_credentials&scope=all"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "tok-123456", "token_type": "Bearer", "expires_in": 3599, "scope": "all"
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/1.0/ovhCloudConnect"))
            .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "errorCode": "INVALID_CREDENTIAL", "httpCode": "401 Unauthorized", "message": "expired"
            })))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/1.0/ovhCloudConnect"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&server)
            .await;
        let settings = HttpSettings {
            no_retry_delay: true,
            ..HttpSettings::default()
        };
        let http = crate::http::build_reqwest(&settings).unwrap();
        let grant = Grant {
            token_url: format!("{}/auth/oauth2/token", server.uri()),
            client_id: "id".into(),
            client_secret: "secret".into(),
        };
        let auth = OAuth2Auth::new(grant, http.clone(), settings.clone()).unwrap();
        let ovh = super::super::OvhClient::new(
            &format!("{}/1.0", server.uri()),
            Arc::new(auth),
            None,
            http,
            settings,
        )
        .unwrap();
        assert!(ovh.service_ids().await.unwrap().is_empty());
        let requests = server.received_requests().await.unwrap();
        let tokens = requests
            .iter()
            .filter(|r| r.url.path() == "/auth/oauth2/token")
            .count();
        assert_eq!(tokens, 2, "one token, then one renewal after the 401");
        let calls: Vec<_> = requests
            .iter()
            .filter(|r| r.url.path() == "/1.0/ovhCloudConnect")
            .collect();
        assert_eq!(calls.len(), 2);
        for call in calls {
            assert_eq!(
                call.headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok()),
                Some("Bearer tok-123456")
            );
            assert!(
                !call
                    .headers
                    .keys()
                    .any(|k| k.as_str().starts_with("x-ovh-")),
                "{:?}",
                call.headers
            );
        }
    }

    #[tokio::test]
    async fn the_clock_offset_is_read_once_unauthenticated_and_applied() {
        use wiremock::matchers::{method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/1.0/auth/time"))
            .respond_with(ResponseTemplate::new(200).set_body_string("1042"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/1.0/vrack/pn-1/allowedServices"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
            .mount(&server)
            .await;
        let settings = HttpSettings::default();
        let http = crate::http::build_reqwest(&settings).unwrap();
        let base = format!("{}/1.0", server.uri());
        let auth = SignedAuth::new(
            &base,
            "AK".into(),
            "AS-secret".into(),
            "CK-consumer".into(),
            http.clone(),
            settings.clone(),
        )
        .unwrap()
        .with_clock(|| 1000);
        let ovh =
            super::super::OvhClient::new(&base, Arc::new(auth), Some("AK".into()), http, settings)
                .unwrap();
        for _ in 0..2 {
            assert!(ovh.vrack_eligible("pn-1").await.unwrap().is_empty());
        }
        let requests = server.received_requests().await.unwrap();
        let times: Vec<_> = requests
            .iter()
            .filter(|r| r.url.path() == "/1.0/auth/time")
            .collect();
        assert_eq!(times.len(), 1, "read once");
        let ovh_headers: Vec<&str> = times[0]
            .headers
            .keys()
            .map(|k| k.as_str())
            .filter(|k| k.starts_with("x-ovh-"))
            .collect();
        assert_eq!(ovh_headers, ["x-ovh-application"]);
        let call = requests
            .iter()
            .find(|r| r.url.path() != "/1.0/auth/time")
            .unwrap();
        let get = |name: &str| {
            call.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
        };
        assert_eq!(get("x-ovh-timestamp"), "1042", "local 1000 + offset 42");
        let url = format!("{base}/vrack/pn-1/allowedServices?serviceFamily=ovhCloudConnect");
        assert_eq!(
            call.url.query(),
            Some("serviceFamily=ovhCloudConnect"),
            "as signed"
        );
        assert_eq!(
            get("x-ovh-signature"),
            sign::signature("AS-secret", "CK-consumer", "GET", &url, b"", 1042)
        );
    }
}
