//! The underlying reqwest client and its TLS: rustls with ring, verifying against the OS trust
//! store, with the OS roots read only when a run first speaks `https` (a run against the sandbox
//! or another `http://` URL never reads them).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::HttpSettings;
use crate::error::{Error, Result};

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
        // Every hop goes through the auth and the origin check of `redirect.rs`.
        .redirect(reqwest::redirect::Policy::none())
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
