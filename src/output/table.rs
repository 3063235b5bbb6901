//! Tables that fit the terminal.
//!
//! Borderless like `kubectl get` and `gh`, one line per row, so that they are easy to read and
//! to `grep`. An id is what people copy into the next command, so an id column is never cut or
//! wrapped, nor is a column declared whole (a pair of regions): when the row is wider than the
//! terminal, the least important columns are dropped (by their [`super::Priority`], the
//! rightmost of equals first; a key column never) until the rest fit with the others shortened
//! (ending in `…`), which they then are; a narrow column dropped on the way comes back if it
//! fits whole beside them. A state or status cell is coloured when stdout gets colour
//! ([`crate::colour`]). The width comes from `COLUMNS`, else the terminal; off a terminal rows
//! are as long as they need to be. Every cell and key is shown through
//! [`super::escape::visible`]: what a provider names a thing never drives the terminal.

use super::escape::visible;
use super::{Column, Priority, Show, cell, summary};
use crate::colour::{self, Stream};

/// Between two columns.
const GAP: &str = "  ";
/// A shortened column keeps at least this many characters (or its header, if longer).
const MIN_SHORTENED: usize = 16;

/// Text width on a terminal.
fn width_of(text: &str) -> usize {
    console::measure_text_width(text)
}

/// Whether a column is never cut: one declared [`Column::whole`], or one that holds ids (`id`,
/// `uuid`, `popId`, `cloud_connection_id`, ...; a computed column is text made from fields).
fn is_whole(column: &Column) -> bool {
    let last = column.path.rsplit('.').next().unwrap_or_default();
    let id = ["id", "uuid"].contains(&last.to_ascii_lowercase().as_str())
        || last.ends_with("_id")
        || last.ends_with("Id");
    column.whole || (id && !matches!(column.show, Show::Computed(_)))
}

/// Whether a column holds a state word, coloured by meaning.
fn is_state_column(column: &Column) -> bool {
    matches!(column.header, "STATE" | "STATUS" | "RAW STATE" | "SYNC")
}

/// The widths of the shown columns, or `None` for a dropped one.
fn layout(columns: &[Column], natural: &[usize], width: Option<usize>) -> Vec<Option<usize>> {
    let mut shown: Vec<Option<usize>> = natural.iter().copied().map(Some).collect();
    let Some(width) = width else {
        return shown;
    };
    let min_of = |i: usize| {
        if is_whole(&columns[i]) {
            natural[i]
        } else {
            natural[i].min(width_of(columns[i].header).max(MIN_SHORTENED))
        }
    };
    let total = |shown: &[Option<usize>], each: &dyn Fn(usize) -> usize| {
        let kept: Vec<usize> = (0..shown.len()).filter(|&i| shown[i].is_some()).collect();
        kept.iter().map(|&i| each(i)).sum::<usize>() + GAP.len() * kept.len().saturating_sub(1)
    };
    // Drop the least important column (the rightmost of equals, never a key) until the
    // shortest layout fits.
    let mut dropped = Vec::new();
    while total(&shown, &min_of) > width {
        let droppable = (0..shown.len())
            .rev()
            .filter(|&i| shown[i].is_some() && columns[i].priority != Priority::Key);
        match droppable.min_by_key(|&i| columns[i].priority) {
            Some(i) => {
                shown[i] = None;
                dropped.push(i);
            }
            None => return shown,
        }
    }
    // A narrow column dropped before a wide one that went after it comes back if the row still
    // fits without shortening anything, the most important first.
    for &i in dropped.iter().rev() {
        shown[i] = Some(natural[i]);
        if total(&shown, &|i| natural[i]) > width {
            shown[i] = None;
        }
    }
    if total(&shown, &|i| natural[i]) <= width {
        return shown;
    }
    // Shorten the columns that may be shortened to a common cap, the largest that fits.
    let cap_fits = |cap: usize| {
        total(&shown, &|i| {
            if is_whole(&columns[i]) {
                natural[i]
            } else {
                natural[i].min(cap.max(min_of(i)))
            }
        }) <= width
    };
    let mut cap = 0;
    while cap < width && cap_fits(cap + 1) {
        cap += 1;
    }
    for (i, slot) in shown.iter_mut().enumerate() {
        if slot.is_some() && !is_whole(&columns[i]) {
            *slot = Some(natural[i].min(cap.max(min_of(i))));
        }
    }
    shown
}

/// `text` cut to `width` with a trailing `…`.
fn shorten(text: &str, width: usize) -> String {
    if width_of(text) <= width {
        text.to_string()
    } else {
        console::truncate_str(text, width, "…").into_owned()
    }
}

/// A list as a table with the given columns: the header, then one line per item. An empty list
/// is the header alone (the caller says on stderr that nothing matched).
pub fn list(columns: &[Column], items: &[serde_json::Value], width: Option<u16>) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            columns
                .iter()
                .map(|c| {
                    let text = match c.show {
                        Show::Summary => summary(item, c.path),
                        Show::Json => cell(item, c.path),
                        Show::Computed(text) => text(item),
                    };
                    visible(&text).into_owned()
                })
                .collect()
        })
        .collect();
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .map(|r| width_of(&r[i]))
                .chain([width_of(c.header)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = layout(columns, &natural, width.map(usize::from));
    let last_shown = widths.iter().rposition(Option::is_some);
    let line = |cells: &[String], header: bool| {
        let mut out = String::new();
        for (i, text) in cells.iter().enumerate() {
            let Some(w) = widths[i] else { continue };
            if !out.is_empty() {
                out.push_str(GAP);
            }
            let text = shorten(text, w);
            let pad = " ".repeat(w - width_of(&text));
            let painted = if !header && is_state_column(&columns[i]) {
                colour::state(Stream::Stdout, &text)
            } else {
                text
            };
            out.push_str(&painted);
            if Some(i) != last_shown {
                out.push_str(&pad);
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let header: Vec<String> = columns.iter().map(|c| c.header.to_string()).collect();
    let mut out = line(&header, true);
    for row in &rows {
        out.push_str(&line(row, false));
    }
    out
}

/// One object as `KEY  VALUE` rows, in the provider's field order; nested objects are flattened
/// into dotted keys (`speed.value`), so no cell holds JSON. A key is never wrapped; a value too
/// long for the terminal wraps between words, under itself, and a word longer than the room
/// left (an id, a URL) runs past the edge rather than being broken.
pub fn item(value: &serde_json::Value, width: Option<u16>) -> String {
    let serde_json::Value::Object(_) = value else {
        return format!("{}\n", visible(&cell(value, "")));
    };
    let mut rows = Vec::new();
    flatten("", value, &mut rows);
    let rows: Vec<(String, String)> = rows
        .into_iter()
        .map(|(k, v)| (visible(&k).into_owned(), visible(&v).into_owned()))
        .collect();
    let key_width = rows.iter().map(|(k, _)| width_of(k)).max().unwrap_or(0);
    let room = width.map(|w| usize::from(w).saturating_sub(key_width + GAP.len()));
    let mut out = String::new();
    for (key, text) in rows {
        let painted = |line: String| {
            if key == "state" || key == "status" {
                colour::state(Stream::Stdout, &line)
            } else {
                line
            }
        };
        let mut lines = wrapped(&text, room).into_iter().map(painted);
        let first = lines.next().unwrap_or_default();
        let pad = " ".repeat(key_width - width_of(&key));
        let line = format!("{key}{pad}{GAP}{first}");
        out.push_str(line.trim_end());
        out.push('\n');
        for more in lines {
            out.push_str(&format!(
                "{:indent$}{more}\n",
                "",
                indent = key_width + GAP.len()
            ));
        }
    }
    out
}

/// `text` in lines of at most `room` columns, broken only between words; a longer word is a
/// line of its own. No room (off a terminal) is one line.
fn wrapped(text: &str, room: Option<usize>) -> Vec<String> {
    let Some(room) = room.filter(|&room| width_of(text) > room) else {
        return vec![text.to_string()];
    };
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if width_of(line) + 1 + width_of(word) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// `(dotted key, summary)` rows of an object, nested objects flattened, and lists of objects
/// too, by position (`inter_regions.0.local_region_id`), so that no fact becomes a count.
fn flatten(prefix: &str, value: &serde_json::Value, rows: &mut Vec<(String, String)>) {
    let key = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        serde_json::Value::Object(map) if !map.is_empty() => {
            for (name, v) in map {
                flatten(&key(name), v, rows);
            }
        }
        serde_json::Value::Array(items) if items.iter().any(|v| v.is_object() || v.is_array()) => {
            for (n, v) in items.iter().enumerate() {
                flatten(&key(&n.to_string()), v, rows);
            }
        }
        other => rows.push((prefix.to_string(), summary(other, ""))),
    }
}
