//! The API's answers: a refusal is `{"statusCode", "error", "message"}`, the error being the
//! status's reason phrase.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::sandbox::skeleton::Refusal;

/// A refusal in the API's error shape.
pub(super) fn error(status: StatusCode, message: &str) -> Refusal {
    let reason = status.canonical_reason().unwrap_or_default();
    Refusal::new(
        status,
        json!({ "statusCode": status.as_u16(), "error": reason, "message": message }),
    )
}

/// A 503 in the API's error shape (`cc sandbox --fail`).
pub fn unavailable() -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "The service is temporarily unavailable (cc sandbox --fail).",
    )
    .into_response()
}

/// 400 with `message`.
pub(super) fn bad_request(message: &str) -> Refusal {
    error(StatusCode::BAD_REQUEST, message)
}

/// 404 for a connection this company does not have.
pub(super) fn connection_not_found() -> Refusal {
    error(StatusCode::NOT_FOUND, "Connection not found")
}

/// 404 for a peering the connection does not have.
pub(super) fn peering_not_found() -> Refusal {
    error(StatusCode::NOT_FOUND, "Peering config not found")
}

/// 200 with a JSON body.
pub(super) fn ok_json(value: Value) -> Response {
    (StatusCode::OK, axum::Json(value)).into_response()
}
