//! Tables that fit the terminal.
//!
//! Borderless like `kubectl get` and `gh`, one line per row, so that they are easy to read and
//! to `grep`. An id is what people copy into the next command, so an id column is never cut or
//! wrapped: when the row is wider than the terminal, the other columns are shortened first
//! (ending in `…`), then columns are dropped from the right, keeping the first. A state or
//! status cell is coloured when stdout gets colour ([`crate::colour`]). The width comes from
//! `COLUMNS`, else the terminal; off a terminal rows are as long as they need to be.

use comfy_table::{ContentArrangement, Table, presets};

use super::{Column, cell, summary};
use crate::colour::{self, Stream};

/// Between two columns.
const GAP: &str = "  ";
/// A shortened column keeps at least this many characters (or its header, if longer).
const MIN_SHORTENED: usize = 16;

/// Text width on a terminal.
fn width_of(text: &str) -> usize {
    console::measure_text_width(text)
}

/// Whether a column holds ids (never cut): `id`, `uuid`, `popId`, `cloud_connection_id`, ...
fn is_id_column(column: &Column) -> bool {
    let last = column.path.rsplit('.').next().unwrap_or_default();
    ["id", "uuid"].contains(&last.to_ascii_lowercase().as_str())
        || last.ends_with("_id")
        || last.ends_with("Id")
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
        if is_id_column(&columns[i]) {
            natural[i]
        } else {
            natural[i].min(width_of(columns[i].header).max(MIN_SHORTENED))
        }
    };
    let total = |shown: &[Option<usize>], each: &dyn Fn(usize) -> usize| {
        let kept: Vec<usize> = (0..shown.len()).filter(|&i| shown[i].is_some()).collect();
        kept.iter().map(|&i| each(i)).sum::<usize>() + GAP.len() * kept.len().saturating_sub(1)
    };
    // Drop from the right (never the first column) until the shortest layout fits.
    while total(&shown, &min_of) > width {
        match (1..shown.len()).rev().find(|&i| shown[i].is_some()) {
            Some(i) => shown[i] = None,
            None => return shown,
        }
    }
    if total(&shown, &|i| natural[i]) <= width {
        return shown;
    }
    // Shorten the columns that may be shortened to a common cap, the largest that fits.
    let cap_fits = |cap: usize| {
        total(&shown, &|i| {
            if is_id_column(&columns[i]) {
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
        if slot.is_some() && !is_id_column(&columns[i]) {
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
                    if c.json {
                        cell(item, c.path)
                    } else {
                        summary(item, c.path)
                    }
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
/// into dotted keys (`speed.value`), so no cell holds JSON.
pub fn item(value: &serde_json::Value, width: Option<u16>) -> String {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = width {
        table.set_width(width);
    }
    match value {
        serde_json::Value::Object(_) => {
            let mut rows = Vec::new();
            flatten("", value, &mut rows);
            for (key, text) in rows {
                let text = if key == "state" || key == "status" {
                    colour::state(Stream::Stdout, &text)
                } else {
                    text
                };
                table.add_row(vec![key, text]);
            }
        }
        other => {
            table.add_row(vec![cell(other, "")]);
        }
    }
    // comfy-table pads every line to the column width; trailing blanks are noise in a pipe.
    let mut out: String = table
        .lines()
        .map(|line| line.trim_end().to_string())
        .map(|line| line.strip_prefix(' ').map(str::to_string).unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// `(dotted key, summary)` rows of an object, nested objects flattened.
fn flatten(prefix: &str, value: &serde_json::Value, rows: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                let key = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&key, v, rows);
            }
        }
        other => rows.push((prefix.to_string(), summary(other, ""))),
    }
}
