//! Tables that fit the terminal (comfy-table).
//!
//! Borderless like `kubectl get` and `gh`, so that they are easy to read and to `grep`. The width
//! comes from the terminal or `COLUMNS`; long cells wrap instead of breaking the layout.

use comfy_table::{ContentArrangement, Table, presets};

use super::{Column, cell};

fn new_table(width: Option<u16>) -> Table {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = width {
        table.set_width(width);
    }
    table
}

fn finish(table: Table) -> String {
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

/// A list as a table with the given columns.
pub fn list(columns: &[Column], items: &[serde_json::Value], width: Option<u16>) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut table = new_table(width);
    table.set_header(columns.iter().map(|c| c.header));
    for item in items {
        table.add_row(columns.iter().map(|c| cell(item, c.path)));
    }
    finish(table)
}

/// One object as `KEY  VALUE` rows, in the provider's field order.
pub fn item(value: &serde_json::Value, width: Option<u16>) -> String {
    let mut table = new_table(width);
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                table.add_row(vec![key.clone(), cell(v, "")]);
            }
        }
        other => {
            table.add_row(vec![cell(other, "")]);
        }
    }
    finish(table)
}
