//! The gateway's answers: every one carries `X-Request-Id`, and a JSON body its `request_id`
//! too, as the API does; a refusal is `{"error_code", "error_msg"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::sandbox::skeleton::Refusal;

const REQUEST_ID: &str = "X-Request-Id";

fn request_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// `body` with its `request_id`, and that id.
fn with_id(mut body: Value) -> (Value, String) {
    let id = request_id();
    if let Some(map) = body.as_object_mut() {
        map.insert("request_id".into(), json!(id));
    }
    (body, id)
}

/// A JSON answer with `X-Request-Id`, and `request_id` in the body.
pub(super) fn answer(status: StatusCode, body: Value) -> Response {
    let (body, id) = with_id(body);
    (status, [(REQUEST_ID, id)], axum::Json(body)).into_response()
}

/// 204 with `X-Request-Id`.
pub(super) fn no_content() -> Response {
    (StatusCode::NO_CONTENT, [(REQUEST_ID, request_id())]).into_response()
}

/// A refusal as the API words it: status, `error_code` and `error_msg`.
pub(super) fn refusal(status: StatusCode, code: &str, message: &str) -> Refusal {
    let (body, id) = with_id(json!({ "error_code": code, "error_msg": message }));
    Refusal::new(status, body).with_header(REQUEST_ID, &id)
}

/// A 503 as the gateway words it (`cc sandbox --fail`).
pub fn unavailable() -> Response {
    refusal(
        StatusCode::SERVICE_UNAVAILABLE,
        "APIGW.0201",
        "The service is temporarily unavailable (cc sandbox --fail).",
    )
    .into_response()
}

/// 400 `CC.1001`: a body or query breaks a documented rule.
pub(super) fn bad_request(message: &str) -> Refusal {
    bad_request_code("CC.1001", message)
}

/// 400 with its own code.
pub(super) fn bad_request_code(code: &str, message: &str) -> Refusal {
    refusal(StatusCode::BAD_REQUEST, code, message)
}

/// 401 `APIGW.0301`.
pub(super) fn unauthorized(detail: &str) -> Refusal {
    refusal(
        StatusCode::UNAUTHORIZED,
        "APIGW.0301",
        &format!("Incorrect IAM authentication information: {detail}"),
    )
}

/// 403 `CC.1003`: another account than the credentials'.
pub(super) fn forbidden() -> Refusal {
    refusal(
        StatusCode::FORBIDDEN,
        "CC.1003",
        "The account in the path and X-Domain-Id must be the account of the credentials.",
    )
}

/// 404 `CC.1004`.
pub(super) fn not_found(what: &str, id: &str) -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        "CC.1004",
        &format!("The {what} {id} does not exist."),
    )
}

/// 404 `APIGW.0101`: a path or method the API does not have.
pub(super) fn unknown_api() -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        "APIGW.0101",
        "The API does not exist or has not been published.",
    )
}

/// The `error_msg` of a refusal, for tests.
#[cfg(test)]
pub(super) fn message(refusal: &Refusal) -> String {
    refusal.body()["error_msg"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
