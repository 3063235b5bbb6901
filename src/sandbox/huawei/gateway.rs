//! The gateway's checks, before any route's own: the AK/SK signature of every request under
//! `/v3/` (a path the API lacks included, as the gateway checks it first), recomputed the way
//! the SDK makes it; then the account of the path and of `X-Domain-Id` ([`Account`]).

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::{forbidden, unauthorized};
use super::{AK, DOMAIN_ID, MAX_SKEW_SECS, MOUNT, SK};
use crate::providers::huawei::auth::{self, Clock};
use crate::providers::huawei::sign::{self, SignInput};
use crate::sandbox::skeleton::Refusal;

/// The middleware that refuses a request under `/v3/` whose signature is not the one the
/// simulator's credentials make, before it is routed.
pub(super) async fn signed(State(clock): State<Clock>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/v3/") {
        return next.run(request).await;
    }
    let signed_path = format!("{MOUNT}{path}");
    let (parts, body) = request.into_parts();
    let body = match Bytes::from_request(Request::from_parts(parts.clone(), body), &()).await {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(),
    };
    let query = parts.uri.query().unwrap_or_default();
    if let Err(refusal) = verify(
        clock,
        &parts.method,
        &signed_path,
        query,
        &parts.headers,
        &body,
    ) {
        return refusal.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}

/// The `{domain_id}` and `{id}` of the matched template, decoded: extracted only when both the
/// path and `X-Domain-Id` name the simulator's account (403 otherwise).
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct Account {
    domain_id: String,
    id: Option<String>,
}

impl Account {
    /// The `{id}` of an item's template.
    pub(super) fn id(&self) -> &str {
        self.id.as_deref().unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Account {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Account, Refusal> {
        let account = Path::<Account>::from_request_parts(parts, state)
            .await
            .map(|p| p.0)
            .unwrap_or_default();
        let header = parts
            .headers
            .get("x-domain-id")
            .and_then(|v| v.to_str().ok());
        if account.domain_id != DOMAIN_ID || header != Some(DOMAIN_ID) {
            return Err(forbidden());
        }
        Ok(account)
    }
}

/// The gateway's AK/SK check, recomputing the signature the way the SDK makes it.
pub(super) fn verify(
    clock: Clock,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Refusal> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let authorization =
        header("authorization").ok_or_else(|| unauthorized("no Authorization header"))?;
    let fields = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or_else(|| unauthorized("the algorithm must be SDK-HMAC-SHA256"))?;
    let field = |key: &str| {
        fields
            .split(", ")
            .find_map(|part| part.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
    };
    let (Some(access), Some(signed), Some(_)) =
        (field("Access"), field("SignedHeaders"), field("Signature"))
    else {
        return Err(unauthorized("malformed Authorization header"));
    };
    if access != AK {
        return Err(unauthorized("the access key is unknown"));
    }
    let date = header("x-sdk-date").ok_or_else(|| unauthorized("no X-Sdk-Date header"))?;
    let when = (date.len() == 16)
        .then(|| auth::parse_time(date))
        .flatten()
        .ok_or_else(|| unauthorized("X-Sdk-Date must be like 20240102T030405Z"))?;
    if (when - clock.now()).abs() > MAX_SKEW_SECS {
        return Err(unauthorized(
            "the request time is more than 15 minutes away from the server time",
        ));
    }
    let names: Vec<&str> = signed.split(';').collect();
    if !names.contains(&"x-sdk-date") {
        return Err(unauthorized("X-Sdk-Date must be signed"));
    }
    let mut signed_headers = Vec::new();
    for name in names
        .iter()
        .filter(|n| !matches!(**n, "host" | "x-sdk-date"))
    {
        let value = header(name)
            .ok_or_else(|| unauthorized(&format!("signed header {name} is missing")))?;
        signed_headers.push((name.to_string(), value.to_string()));
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let expected = sign::sign(
        &SignInput {
            method: method.as_str(),
            host: header("host").unwrap_or_default(),
            path,
            query: &pairs,
            headers: &signed_headers,
            body,
            sdk_date: date,
        },
        AK,
        SK,
    );
    if expected.signed_headers != signed || expected.authorization != authorization {
        return Err(unauthorized("verify aksk signature fail"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::huawei::errors::message;

    fn signed_headers(path: &str, query: &str, body: &[u8], date: &str) -> HeaderMap {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let headers = vec![
            ("content-type".to_string(), "application/json".to_string()),
            ("x-domain-id".to_string(), DOMAIN_ID.to_string()),
        ];
        let signature = sign::sign(
            &SignInput {
                method: "POST",
                host: "127.0.0.1:9",
                path,
                query: &pairs,
                headers: &headers,
                body,
                sdk_date: date,
            },
            AK,
            SK,
        );
        let mut map = HeaderMap::new();
        for (name, value) in [
            ("host", "127.0.0.1:9".to_string()),
            ("content-type", "application/json".to_string()),
            ("x-domain-id", DOMAIN_ID.to_string()),
            ("x-sdk-date", date.to_string()),
            ("authorization", signature.authorization),
        ] {
            map.insert(name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn verify_accepts_the_signer_and_refuses_any_change() {
        let clock = Clock::Fixed(1_704_164_645);
        let path = "/v3/d/ccaas/cloud-connections";
        let body = br#"{"cloud_connection":{"name":"x"}}"#;
        let headers = signed_headers(path, "limit=10&name=a%20b", body, "20240102T030405Z");
        let check = |path: &str, query: &str, headers: &HeaderMap, body: &[u8]| {
            verify(clock, &Method::POST, path, query, headers, body).map_err(|r| message(&r))
        };
        assert_eq!(check(path, "limit=10&name=a%20b", &headers, body), Ok(()));
        assert!(check(path, "limit=11&name=a%20b", &headers, body).is_err());
        assert!(
            check(
                "/v3/d/ccaas/network-instances",
                "limit=10&name=a%20b",
                &headers,
                body
            )
            .is_err()
        );
        assert!(check(path, "limit=10&name=a%20b", &headers, b"{}").is_err());
        let mut other_domain = headers.clone();
        other_domain.insert("x-domain-id", "someone-else".parse().unwrap());
        assert!(check(path, "limit=10&name=a%20b", &other_domain, body).is_err());
        let late = signed_headers(path, "", body, "20240102T032405Z");
        let refused = check(path, "", &late, body).unwrap_err();
        assert!(refused.contains("15 minutes"), "{refused}");
        let mut unsigned = headers.clone();
        unsigned.remove("authorization");
        assert!(check(path, "limit=10&name=a%20b", &unsigned, body).is_err());
    }
}
