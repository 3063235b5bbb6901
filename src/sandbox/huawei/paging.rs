//! The one page of a list that the simulator's own lists (grants, routes) cut out of what matched:
//! start after the `marker` item, at most `size` items, and `page_info` with `next_marker` only
//! while more follow. One function so those lists cannot page differently from each other.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::errors::{answer, bad_request};
use crate::sandbox::skeleton::Answer;

/// The page of `matching` after `marker` (an unknown marker is a 400), as `{<field>: [...],
/// "page_info": {...}}`.
pub(super) fn marker_page(
    matching: &[Value],
    marker: Option<&str>,
    size: usize,
    field: &str,
) -> Answer {
    let start = match marker {
        None => 0,
        Some(m) => match matching.iter().position(|item| item["id"] == m) {
            Some(i) => i + 1,
            None => return Err(bad_request("marker is not the id of an item of this list.")),
        },
    };
    let page: Vec<Value> = matching.iter().skip(start).take(size).cloned().collect();
    let mut page_info = json!({ "current_count": page.len() });
    if start + page.len() < matching.len()
        && let Some(last) = page.last()
    {
        page_info["next_marker"] = last["id"].clone();
    }
    Ok(answer(
        StatusCode::OK,
        json!({ field: page, "page_info": page_info }),
    ))
}
