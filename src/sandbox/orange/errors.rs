//! The gateway's answers: every one carries `X-OAPI-Request-Id`, and a refusal is
//! `{"code", "message", "description"}` with the gateway's numeric code.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::sandbox::skeleton::Refusal;

const REQUEST_ID: &str = "X-OAPI-Request-Id";

fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A refusal in the gateway's error shape.
pub(super) fn gateway_error(
    status: StatusCode,
    code: u32,
    message: &str,
    description: &str,
) -> Refusal {
    Refusal::new(
        status,
        json!({ "code": code, "message": message, "description": description }),
    )
    .with_header(REQUEST_ID, &request_id())
}

/// A 503 in the gateway's error shape (`cc sandbox --fail`).
pub fn unavailable() -> Response {
    gateway_error(
        StatusCode::SERVICE_UNAVAILABLE,
        503,
        "Service Unavailable",
        "The service is temporarily unavailable (cc sandbox --fail).",
    )
    .into_response()
}

/// 400, code 25: a body or query field breaks a documented rule.
pub(super) fn bad_request(description: &str) -> Refusal {
    gateway_error(
        StatusCode::BAD_REQUEST,
        25,
        "Invalid body field",
        description,
    )
}

/// 401, code 41.
pub(super) fn unauthorized(description: &str) -> Refusal {
    gateway_error(
        StatusCode::UNAUTHORIZED,
        41,
        "Invalid credentials",
        description,
    )
}

/// 404, code 60.
pub(super) fn not_found() -> Refusal {
    gateway_error(
        StatusCode::NOT_FOUND,
        60,
        "Resource not found",
        "The requested URI or the requested resource does not exist.",
    )
}

/// 200 with a JSON body.
pub(super) fn ok_json(value: Value) -> Response {
    (
        StatusCode::OK,
        [(REQUEST_ID, request_id())],
        axum::Json(value),
    )
        .into_response()
}
