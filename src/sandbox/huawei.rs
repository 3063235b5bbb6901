//! Not implemented yet: the huawei simulator.

use axum::Router;

use super::Options;

/// No routes yet.
pub fn router(_options: Options) -> Router {
    Router::new()
}

/// No settings yet.
pub fn settings(_base: &str) -> Vec<(String, String)> {
    Vec::new()
}
