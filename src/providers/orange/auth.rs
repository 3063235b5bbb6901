//! Orange auth: `X-API-Key` on every call, plus `Authorization: Bearer` with an OAuth2
//! client-credentials token (or a ready token).
//!
//! The grant and its token cache are `http::oauth2` (shared with OVH service accounts): fetched
//! at most once per process, kept until a minute before it expires, and renewed once on a 401
//! (Orange gateway code 42 "expired credentials").

use futures_util::future::BoxFuture;

use crate::error::Result;
use crate::http::oauth2::{ClientCredentials, Grant};
use crate::http::{Auth, HttpSettings, Outgoing};
use crate::secret::Secret;

/// Where the bearer token comes from.
#[derive(Debug)]
pub enum TokenSource {
    /// `CC_ORANGE_TOKEN`: used as is, never renewed.
    Fixed(Secret),
    /// `CC_ORANGE_CLIENT_ID` + `CC_ORANGE_CLIENT_SECRET` at `CC_ORANGE_TOKEN_URL`.
    ClientCredentials(Box<ClientCredentials>),
}

/// The Orange auth strategy.
#[derive(Debug)]
pub struct OrangeAuth {
    api_key: Secret,
    source: TokenSource,
}

impl OrangeAuth {
    /// Static token.
    pub fn with_token(api_key: Secret, token: Secret) -> Self {
        OrangeAuth {
            api_key,
            source: TokenSource::Fixed(token),
        }
    }

    /// The client-credentials `grant`.
    pub fn with_client_credentials(
        api_key: Secret,
        grant: Grant,
        http: reqwest::Client,
        settings: HttpSettings,
    ) -> Result<Self> {
        let dialect = (super::PROVIDER, super::dialect::DIALECT);
        let grant = ClientCredentials::new(dialect, grant, http, settings)?;
        Ok(OrangeAuth {
            api_key,
            source: TokenSource::ClientCredentials(Box::new(grant)),
        })
    }

    async fn token(&self) -> Result<Secret> {
        match &self.source {
            TokenSource::Fixed(token) => Ok(token.clone()),
            TokenSource::ClientCredentials(grant) => grant.token().await,
        }
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
            match &self.source {
                TokenSource::Fixed(_) => Ok(false),
                TokenSource::ClientCredentials(grant) => {
                    grant.forget().await;
                    Ok(true)
                }
            }
        })
    }

    fn secrets(&self) -> Vec<String> {
        let mut out = vec![self.api_key.expose().to_string()];
        match &self.source {
            TokenSource::Fixed(token) => out.push(token.expose().to_string()),
            TokenSource::ClientCredentials(grant) => out.extend(grant.secrets()),
        }
        out
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
        let grant = Grant {
            token_url: "https://api.orange.com/oauth/v3/token".into(),
            client_id: "client-id".into(),
            client_secret: CLIENT_SECRET.into(),
        };
        let granted = OrangeAuth::with_client_credentials(
            API_KEY.into(),
            grant,
            http,
            HttpSettings::default(),
        )
        .unwrap();
        let TokenSource::ClientCredentials(grant) = &granted.source else {
            unreachable!("a client-credentials auth")
        };
        grant.cache_for_test(FETCHED.into());
        let shown = format!("{granted:?}");
        assert!(shown.contains("client-id"), "{shown}");
        for secret in [API_KEY, CLIENT_SECRET, FETCHED] {
            assert!(!shown.contains(secret), "{shown}");
            assert!(granted.secrets().iter().any(|s| s == secret), "{secret}");
        }
    }
}
