//! Console Connect auth: the API key, sent as `Authorization: Bearer <key>` on every call
//! (provider-notes §2.2). The key never changes during a run, so there is nothing to renew.

use futures_util::future::BoxFuture;

use crate::error::Result;
use crate::http::{Auth, Outgoing};
use crate::secret::Secret;

/// The API key of `CC_CONSOLE_CONNECT_TOKEN`.
#[derive(Debug)]
pub struct BearerAuth {
    token: Secret,
}

impl BearerAuth {
    /// Auth with this API key.
    pub fn new(token: Secret) -> Self {
        BearerAuth { token }
    }
}

impl Auth for BearerAuth {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        request.set_header("Authorization", format!("Bearer {}", self.token.expose()));
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.token.expose().to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_the_bearer_header_and_reports_the_key_as_secret() {
        let auth = BearerAuth::new("k-123456".into());
        let mut out = Outgoing {
            method: reqwest::Method::GET,
            url: url::Url::parse("https://api.consoleconnect.com/api/company/acme/ports").unwrap(),
            headers: vec![("Authorization".into(), "old".into())],
            body: None,
        };
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(auth.authorize(&mut out))
            .unwrap();
        assert_eq!(
            out.headers,
            vec![("Authorization".to_string(), "Bearer k-123456".to_string())]
        );
        assert_eq!(auth.secrets(), vec!["k-123456".to_string()]);
        assert!(!format!("{auth:?}").contains("k-123456"));
    }
}
