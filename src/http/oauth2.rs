//! The OAuth2 client-credentials grant (RFC 6749 §4.4) that some providers' accounts use:
//! `POST` the token URL with HTTP Basic auth (client id and secret) and a form
//! `grant_type=client_credentials` (plus a scope where the provider wants one), then send
//! `Authorization: Bearer <access_token>`.
//!
//! One place for what every provider using it needs of it: the token is fetched at most once per process,
//! even when several calls start at the same moment (the cache is a mutex held across the
//! fetch), kept until a minute before it expires (half its life if it lives less than two
//! minutes), forgotten on a 401 so that the next call fetches a new one, and every token issued
//! stays listed for masking. A refused client id or secret (401, or 400 `invalid_client`) is an
//! auth error with the provider's hint.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use futures_util::future::BoxFuture;
use reqwest::Method;
use serde::Deserialize;

use crate::error::{ErrorKind, Result};
use crate::http::{ApiClient, Auth, Call, Dialect, HttpSettings, Outgoing};
use crate::secret::Secret;

/// A client-credentials grant at one token URL, with its token cache.
#[derive(Debug)]
pub struct ClientCredentials {
    /// The token endpoint, a client that sends Basic auth.
    endpoint: ApiClient,
    client_secret: Secret,
    /// `grant_type=client_credentials`, and `scope` where the provider wants one.
    form: Vec<(&'static str, &'static str)>,
    /// What the error messages call the token request ("get an OAuth2 token").
    what: &'static str,
    /// The hint of a refused client id or secret.
    refused: &'static str,
    cache: tokio::sync::Mutex<Option<Cached>>,
    /// Every token obtained, for masking (a renewed token replaces the cached one).
    issued: crate::secret::Issued,
}

#[derive(Debug)]
struct Cached {
    token: Secret,
    renew_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Secret,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// Where and as whom a client-credentials grant asks for tokens.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The token endpoint.
    pub token_url: String,
    /// The client (service account) id.
    pub client_id: String,
    /// Its secret.
    pub client_secret: Secret,
}

impl ClientCredentials {
    /// Asks for tokens as `grant` says, for `provider`, whose token endpoint answers in its
    /// `dialect`.
    pub fn new(
        (provider, dialect): (crate::provider::ProviderName, Dialect),
        grant: Grant,
        http: reqwest::Client,
        settings: HttpSettings,
    ) -> Result<Self> {
        let client_secret = grant.client_secret;
        let basic = Basic {
            client_id: grant.client_id,
            client_secret: client_secret.clone(),
        };
        let endpoint = ApiClient::new(
            provider,
            &grant.token_url,
            http,
            Arc::new(basic),
            dialect,
            settings,
        )?;
        Ok(ClientCredentials {
            endpoint,
            client_secret,
            form: vec![("grant_type", "client_credentials")],
            what: "get an OAuth2 token",
            refused: "the token endpoint refused the client id and client secret",
            cache: tokio::sync::Mutex::new(None),
            issued: Default::default(),
        })
    }

    /// Asks for `scope` too (where the provider wants one).
    pub fn scope(mut self, scope: &'static str) -> Self {
        self.form.push(("scope", scope));
        self
    }

    /// Names the token request in messages and gives the hint of refused credentials.
    pub fn described(mut self, what: &'static str, refused: &'static str) -> Self {
        self.what = what;
        self.refused = refused;
        self
    }

    /// The current token, fetched once even when several calls start together.
    pub async fn token(&self) -> Result<Secret> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref()
            && Instant::now() < cached.renew_at
        {
            return Ok(cached.token.clone());
        }
        let call = Call::lookup(Method::POST, "", self.what).form(&self.form);
        let reply = self.endpoint.send(&call).await.map_err(|mut e| {
            if e.kind == ErrorKind::Auth || e.status == Some(400) {
                e.kind = ErrorKind::Auth;
                e.hints.clear();
                e = e.hint(self.refused);
            }
            e
        })?;
        let parsed: TokenResponse = reply.json()?;
        self.remember(parsed.access_token.clone());
        // A lifetime beyond a year is taken as a year: `Instant` cannot hold what a server may
        // claim (`expires_in` of 2^63 seconds).
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(3600).min(365 * 86_400));
        let margin = Duration::from_secs(60).min(lifetime / 2);
        *cache = Some(Cached {
            token: parsed.access_token.clone(),
            renew_at: Instant::now() + lifetime - margin,
        });
        Ok(parsed.access_token)
    }

    /// Forgets the cached token (after a 401): the next call fetches a new one.
    pub async fn forget(&self) {
        *self.cache.lock().await = None;
    }

    /// The client secret and every token issued.
    pub fn secrets(&self) -> Vec<String> {
        let mut out = vec![self.client_secret.expose().to_string()];
        out.extend(self.issued.exposed());
        out
    }

    /// Lists `token` among the issued ones (masked from then on).
    fn remember(&self, token: Secret) {
        self.issued.remember(token);
    }

    /// Puts `token` in the cache as if fetched, for tests of what is masked.
    #[cfg(test)]
    pub(crate) fn cache_for_test(&self, token: Secret) {
        self.remember(token.clone());
        *self.cache.try_lock().expect("not in use") = Some(Cached {
            token,
            renew_at: Instant::now() + Duration::from_secs(60),
        });
    }
}

/// HTTP Basic auth of the token endpoint.
#[derive(Debug)]
struct Basic {
    client_id: String,
    client_secret: Secret,
}

impl Auth for Basic {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        let pair = format!("{}:{}", self.client_id, self.client_secret.expose());
        let value = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        );
        request.set_header("Authorization", value);
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.client_secret.expose().to_string()]
    }
}
