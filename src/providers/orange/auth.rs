//! Orange auth: `X-API-Key` on every call, plus `Authorization: Bearer` with an OAuth2
//! client-credentials token (or a ready token).
//!
//! The token is fetched at most once per process, even when several look-ups start at the same
//! moment (the cache is a mutex held across the fetch), kept until a minute before it expires,
//! and renewed once on a 401 (Orange gateway code 42 "expired credentials").

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use reqwest::Method;
use serde::Deserialize;

use crate::error::Result;
use crate::http::{ApiClient, Auth, Call, HttpSettings, Outgoing};
use crate::secret::Secret;

/// Where the bearer token comes from.
#[derive(Debug)]
pub enum TokenSource {
    /// `CC_ORANGE_TOKEN`: used as is, never renewed.
    Fixed(Secret),
    /// `CC_ORANGE_CLIENT_ID` + `CC_ORANGE_CLIENT_SECRET` at `CC_ORANGE_TOKEN_URL`.
    ClientCredentials {
        /// The token endpoint, a client that sends Basic auth.
        endpoint: ApiClient,
        /// For redaction.
        client_secret: Secret,
    },
}

#[derive(Debug)]
struct Cached {
    token: Secret,
    renew_at: Instant,
}

/// The Orange auth strategy.
#[derive(Debug)]
pub struct OrangeAuth {
    api_key: Secret,
    source: TokenSource,
    cache: tokio::sync::Mutex<Option<Cached>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Secret,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// HTTP Basic auth for the token endpoint.
#[derive(Debug)]
struct Basic {
    client_id: String,
    client_secret: Secret,
}

impl Auth for Basic {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        use base64::Engine;
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

impl OrangeAuth {
    /// Static token.
    pub fn with_token(api_key: Secret, token: Secret) -> Self {
        Self::new(api_key, TokenSource::Fixed(token))
    }

    /// Client-credentials grant at `token_url`.
    pub fn with_client_credentials(
        api_key: Secret,
        token_url: &str,
        client_id: String,
        client_secret: Secret,
        http: reqwest::Client,
        settings: HttpSettings,
    ) -> Result<Self> {
        let basic = Basic {
            client_id,
            client_secret: client_secret.clone(),
        };
        let endpoint = ApiClient::new("orange", token_url, http, Arc::new(basic), settings)?;
        Ok(Self::new(
            api_key,
            TokenSource::ClientCredentials {
                endpoint,
                client_secret,
            },
        ))
    }

    fn new(api_key: Secret, source: TokenSource) -> Self {
        OrangeAuth {
            api_key,
            source,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    async fn token(&self) -> Result<Secret> {
        let endpoint = match &self.source {
            TokenSource::Fixed(token) => return Ok(token.clone()),
            TokenSource::ClientCredentials { endpoint, .. } => endpoint,
        };
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref()
            && Instant::now() < cached.renew_at
        {
            return Ok(cached.token.clone());
        }
        let call = Call::lookup(Method::POST, "", "get an OAuth2 token")
            .form(&[("grant_type", "client_credentials")]);
        let reply = endpoint.send(&call).await.map_err(|mut e| {
            if e.kind == crate::error::ErrorKind::Auth || e.status == Some(400) {
                e.kind = crate::error::ErrorKind::Auth;
                e.hints.clear();
                e = e.hint("the token endpoint refused the client id and client secret");
            }
            e
        })?;
        let parsed: TokenResponse = reply.json()?;
        let token = parsed.access_token;
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(3600));
        let renew_at = Instant::now() + lifetime.saturating_sub(Duration::from_secs(60));
        *cache = Some(Cached {
            token: token.clone(),
            renew_at,
        });
        Ok(token)
    }
}

impl Auth for OrangeAuth {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let token = self.token().await?;
            request.set_header("X-API-Key", self.api_key.expose());
            request.set_header("Authorization", format!("Bearer {}", token.expose()));
            Ok(())
        })
    }

    fn renew(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(async move {
            match self.source {
                TokenSource::Fixed(_) => Ok(false),
                TokenSource::ClientCredentials { .. } => {
                    *self.cache.lock().await = None;
                    Ok(true)
                }
            }
        })
    }

    fn secrets(&self) -> Vec<String> {
        let mut out = vec![&self.api_key];
        match &self.source {
            TokenSource::Fixed(token) => out.push(token),
            TokenSource::ClientCredentials { client_secret, .. } => out.push(client_secret),
        }
        let cache = self.cache.try_lock();
        if let Ok(cache) = &cache
            && let Some(cached) = cache.as_ref()
        {
            out.push(&cached.token);
        }
        out.into_iter().map(|s| s.expose().to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const API_KEY: &str = "api-key-0123456789";
    const TOKEN: &str = "bearer-token-0123456789";
    const CLIENT_SECRET: &str = "client-secret-0123456789";
    const FETCHED: &str = "fetched-token-0123456789";

    #[test]
    fn debug_of_either_auth_shows_no_secret_and_secrets_lists_them_all() {
        let fixed = OrangeAuth::with_token(API_KEY.into(), TOKEN.into());
        let shown = format!("{fixed:?}");
        for secret in [API_KEY, TOKEN] {
            assert!(!shown.contains(secret), "{shown}");
            assert!(fixed.secrets().iter().any(|s| s == secret));
        }

        let http = crate::http::build_reqwest(&HttpSettings::default()).unwrap();
        let granted = OrangeAuth::with_client_credentials(
            API_KEY.into(),
            "https://api.orange.com/oauth/v3/token",
            "client-id".into(),
            CLIENT_SECRET.into(),
            http,
            HttpSettings::default(),
        )
        .unwrap();
        *granted.cache.try_lock().unwrap() = Some(Cached {
            token: FETCHED.into(),
            renew_at: Instant::now() + Duration::from_secs(60),
        });
        let shown = format!("{granted:?}");
        assert!(shown.contains("client-id"), "{shown}");
        for secret in [API_KEY, CLIENT_SECRET, FETCHED] {
            assert!(!shown.contains(secret), "{shown}");
            assert!(granted.secrets().iter().any(|s| s == secret), "{secret}");
        }
    }
}
