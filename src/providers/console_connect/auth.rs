//! Console Connect auth: the API key, sent as `Authorization: Bearer <key>` on every call
//! (provider-notes §2.2). The key never changes during a run, so there is nothing to renew.

use futures_util::future::BoxFuture;

use crate::error::Result;
use crate::http::{Auth, Outgoing};

/// The API key of `CC_CONSOLE_CONNECT_TOKEN`.
pub struct BearerAuth {
    token: String,
}

impl BearerAuth {
    /// Auth with this API key.
    pub fn new(token: String) -> Self {
        BearerAuth { token }
    }
}

impl Auth for BearerAuth {
    fn authorize<'a>(&'a self, request: &'a mut Outgoing) -> BoxFuture<'a, Result<()>> {
        request.set_header("Authorization", format!("Bearer {}", self.token));
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.token.clone()]
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
    }
}
