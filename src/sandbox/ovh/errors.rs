//! The API's answers: every one carries `X-Ovh-QueryID`; a refusal is in one of OVH's two error
//! shapes, the API's `{"class", "message"}` or the auth layer's `{"errorCode", "httpCode",
//! "message"}` (`provider-notes/huawei-ovh.md` §2.5).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::sandbox::skeleton::{Answer, Refusal};

const QUERY_ID: &str = "X-Ovh-QueryID";

/// What an API call answers: the JSON of a 200, or a refusal.
pub(super) type Reply = Result<Value, Refusal>;

fn query_id() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("SANDBOX.ext-1.{}", &id[..24])
}

/// `reply` as the API sends it: a 200 with its JSON, or the refusal, with `X-Ovh-QueryID`.
pub(super) fn answer(reply: Reply) -> Answer {
    match reply {
        Ok(body) => {
            Ok((StatusCode::OK, [(QUERY_ID, query_id())], axum::Json(body)).into_response())
        }
        Err(refusal) => Err(refusal),
    }
}

/// A refusal with `body`, and its `X-Ovh-QueryID`.
pub(super) fn refusal(status: StatusCode, body: Value) -> Refusal {
    Refusal::new(status, body).with_header(QUERY_ID, &query_id())
}

/// The API's error shape: `{"class", "message"}`.
pub(super) fn api_error(status: StatusCode, class: &str, message: &str) -> Refusal {
    refusal(status, json!({ "class": class, "message": message }))
}

/// The auth layer's error shape: `{"errorCode", "httpCode", "message"}`.
pub(super) fn auth_error(status: StatusCode, code: &str, message: &str) -> Refusal {
    let http_code = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    refusal(
        status,
        json!({ "errorCode": code, "httpCode": http_code, "message": message }),
    )
}

/// A 503 in the API's error shape (`cc sandbox --fail`).
pub fn unavailable() -> Response {
    api_error(
        StatusCode::SERVICE_UNAVAILABLE,
        "Server::InternalServerError::Maintenance",
        "The service is temporarily unavailable (cc sandbox --fail).",
    )
    .into_response()
}

/// 400 `Client::BadRequest`.
pub(super) fn bad_request(message: &str) -> Refusal {
    api_error(StatusCode::BAD_REQUEST, "Client::BadRequest", message)
}

/// 404 `Client::NotFound`, worded as OVH words it.
pub(super) fn not_found(what: &str, value: &str) -> Refusal {
    api_error(
        StatusCode::NOT_FOUND,
        "Client::NotFound",
        &format!("The requested object ({what} = {value}) does not exist"),
    )
}

/// 404 for a path the API does not have.
pub(super) fn unknown_path() -> Response {
    api_error(
        StatusCode::NOT_FOUND,
        "Client::NotFound",
        "Got an invalid (or empty) URL",
    )
    .into_response()
}
