//! One API call as the handlers see it, and the checks every API call goes through before its
//! handler: the credentials (a bearer token the simulator issued, or a valid `$1$` signature)
//! and the time elapsed since the last call ([`Sim::tick`]). Also the two unauthenticated
//! routes, the clock and the OAuth2 token.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use serde_json::{Value, json};

use super::account::Sim;
use super::errors::{Reply, answer, auth_error, bad_request, refusal};
use super::{
    APPLICATION_KEY, APPLICATION_SECRET, CLIENT_ID, CLIENT_SECRET, CONSUMER_KEY, MAX_SKEW_SECS,
    MOUNT, Shared,
};
use crate::providers::ovh::sign;
use crate::sandbox::skeleton::{self, Answer, Refusal};

/// One request to an API route: its path parameters, method, URI, headers and body.
pub(super) struct Call {
    params: HashMap<String, String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Call {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Call, Response> {
        let (mut parts, body) = request.into_parts();
        let params = match Path::<HashMap<String, String>>::from_request_parts(&mut parts, state)
            .await
        {
            Ok(Path(params)) => params,
            Err(axum::extract::rejection::PathRejection::MissingPathParams(_)) => HashMap::new(),
            Err(rejection) => return Err(rejection.into_response()),
        };
        let body = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Call {
            params,
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
        })
    }
}

impl Call {
    /// A path parameter (`""` when the route has none of that name).
    pub(super) fn param(&self, name: &str) -> &str {
        self.params
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// A path parameter that must be an integer.
    pub(super) fn id(&self, name: &str) -> Result<u64, Refusal> {
        let text = self.param(name);
        text.parse().map_err(|_| {
            bad_request(&format!(
                "Invalid value for {name}: {text} is not an integer"
            ))
        })
    }

    /// The body, which must be JSON.
    pub(super) fn json(&self) -> Result<Value, Refusal> {
        serde_json::from_slice(&self.body).map_err(|_| bad_request("Invalid JSON received"))
    }

    /// The query string, undecoded.
    pub(super) fn query(&self) -> &str {
        self.uri.query().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What an API route does, once the call is authenticated and time applied.
pub(super) type Op = fn(&mut Sim, &Call) -> Reply;

/// An API route answering `filter` with `op`.
pub(super) fn api(filter: MethodFilter, op: Op) -> MethodRouter<Shared> {
    axum::routing::on(
        filter,
        move |State(sim): State<Shared>, call: Call| async move {
            let mut sim = skeleton::lock(&sim);
            answer(authenticate(&sim, &call).and_then(|()| {
                sim.tick();
                op(&mut sim, &call)
            }))
        },
    )
}

/// `/auth/time`: the sandbox clock.
pub(super) async fn time(State(sim): State<Shared>) -> Answer {
    answer(Ok(json!(skeleton::lock(&sim).now())))
}

/// Checks the credentials of an API call: a bearer token it issued, or a valid `$1$` signature.
fn authenticate(sim: &Sim, call: &Call) -> Result<(), Refusal> {
    if let Some(auth) = call.header("authorization") {
        let token = auth.strip_prefix("Bearer ").unwrap_or_default();
        if sim.tokens.iter().any(|t| t == token) {
            return Ok(());
        }
        return Err(auth_error(
            StatusCode::UNAUTHORIZED,
            "INVALID_CREDENTIAL",
            "This credential is not valid",
        ));
    }
    let Some(ak) = call.header("x-ovh-application") else {
        return Err(auth_error(
            StatusCode::UNAUTHORIZED,
            "NOT_CREDENTIAL",
            "You must login first",
        ));
    };
    if ak != APPLICATION_KEY {
        return Err(auth_error(
            StatusCode::FORBIDDEN,
            "INVALID_KEY",
            "This application key is invalid",
        ));
    }
    if call.header("x-ovh-consumer") != Some(CONSUMER_KEY) {
        return Err(auth_error(
            StatusCode::FORBIDDEN,
            "INVALID_CREDENTIAL",
            "This credential does not exist",
        ));
    }
    let timestamp = call
        .header("x-ovh-timestamp")
        .and_then(|t| t.trim().parse::<i64>().ok())
        .filter(|t| (t - sim.now()).abs() <= MAX_SKEW_SECS)
        .ok_or_else(|| {
            auth_error(
                StatusCode::BAD_REQUEST,
                "QUERY_TIME_OUT",
                "Query out of time",
            )
        })?;
    let host = call.header("host").unwrap_or_default();
    let path_and_query = call.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let url = format!("http://{host}{MOUNT}{path_and_query}");
    let expected = sign::signature(
        APPLICATION_SECRET,
        CONSUMER_KEY,
        call.method.as_str(),
        &url,
        &call.body,
        timestamp,
    );
    if call.header("x-ovh-signature") != Some(expected.as_str()) {
        return Err(auth_error(
            StatusCode::BAD_REQUEST,
            "INVALID_SIGNATURE",
            "Invalid signature",
        ));
    }
    Ok(())
}

/// The OAuth2 client-credentials grant.
pub(super) async fn token(State(sim): State<Shared>, call: Call) -> Answer {
    use base64::Engine;
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    let oauth_error = |status, error: &str, description: &str| {
        refusal(
            status,
            json!({ "error": error, "error_description": description }),
        )
    };
    if call.header("authorization") != Some(expected.as_str()) {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        ));
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(&call.body)
        .into_owned()
        .collect();
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        ));
    }
    if form.get("scope").map(String::as_str) != Some("all") {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "scope must be all",
        ));
    }
    let token = format!("sandbox-ovh-token-{}", uuid::Uuid::new_v4().simple());
    skeleton::lock(&sim).tokens.push(token.clone());
    answer(Ok(
        json!({ "access_token": token, "token_type": "Bearer", "expires_in": 3599, "scope": "all" }),
    ))
}

/// `POST /_sandbox/break` under the OVH mount: breaks a service on purpose (see
/// [`super::health::apply`]), unsigned; `400` with the reason when it cannot.
pub(super) async fn break_on_purpose(
    State(sim): State<Shared>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let mut sim = skeleton::lock(&sim);
    sim.tick();
    let target = q
        .get("interface")
        .or_else(|| q.get("pop"))
        .and_then(|v| v.parse().ok());
    let what = q.get("what").map(String::as_str).unwrap_or_default();
    let applied = match q.get("service").map(|s| sim.svc_index(s)) {
        Some(Ok(s)) => super::health::apply(&mut sim, s, what, target),
        Some(Err(_)) => Err("service: no such OVHcloud Connect service".into()),
        None => Err("service: expected ?service=UUID&what=...".into()),
    };
    match applied {
        Ok(done) => axum::Json(done).into_response(),
        Err(why) => (
            axum::http::StatusCode::BAD_REQUEST,
            axum::Json(serde_json::json!({ "error": why })),
        )
            .into_response(),
    }
}
