//! The one place that writes results on stdout.
//!
//! Handlers return an [`Outcome`] and never print; this module renders it as a table, JSON or
//! YAML, or runs it through `--jq`. JSON output is the provider's own objects (unwrapped from
//! their envelopes) so scripts see the documented field names; tables pick a few columns.
//! A closed stdout (`cc ... | head -1`) is not an error: [`emit`] reports it and `main` exits 0.

mod jq;
mod table;

use std::io::{self, Write};

pub use jq::Jq;

use crate::error::{Error, Result};

/// How results are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A table that fits the terminal (for humans)
    Table,
    /// JSON: one object, or one array for lists (for scripts)
    Json,
    /// YAML
    Yaml,
}

/// A table column: a header and where its value sits in each JSON object (dotted path).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Header shown in the table.
    pub header: &'static str,
    /// Dotted path into the object (`partner.speed`).
    pub path: &'static str,
}

/// Shorthand for a column list.
pub const fn col(header: &'static str, path: &'static str) -> Column {
    Column { header, path }
}

/// What a command produced.
#[derive(Debug)]
pub enum Outcome {
    /// A collection: one JSON array, or a table with these columns.
    List {
        /// Table columns.
        columns: &'static [Column],
        /// The objects, as the provider sent them.
        items: Vec<serde_json::Value>,
    },
    /// One object: printed whole as JSON, or as a two-column key/value table.
    Item(serde_json::Value),
    /// Text written as is (completions, `cc sandbox` exports).
    Text(String),
    /// Nothing to print on stdout.
    Nothing,
    /// A result to print, then the failures to report after it (the first decides the exit
    /// code): what `connections list` and `doctor` return when some providers failed and others
    /// answered. `lib.rs` reports them, as JSON with `-o json`.
    Partial {
        /// What to print.
        shown: Box<Outcome>,
        /// The failures, each with its provider; never empty.
        errors: Vec<crate::error::Error>,
    },
}

/// The columns of a dry run's plan of several requests.
const PLAN_COLUMNS: &[Column] = &[
    col("METHOD", "method"),
    col("URL", "url"),
    col("BODY", "body"),
];

impl Outcome {
    /// What a `--dry-run` prints: the requests it would have sent (each as
    /// [`crate::http::redact::describe`] shows it). One request is that object, as a JSON object
    /// or a key/value table; several are a JSON array in the order they would be sent, or a
    /// table with one row per request (method, URL, body).
    pub fn planned(mut requests: Vec<serde_json::Value>) -> Outcome {
        if requests.len() == 1 {
            return Outcome::Item(requests.remove(0));
        }
        Outcome::List {
            columns: PLAN_COLUMNS,
            items: requests,
        }
    }
}

/// How to print.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// Format.
    pub format: OutputFormat,
    /// Compiled `--jq` filter.
    pub jq: Option<Jq>,
    /// Terminal width for tables.
    pub width: Option<u16>,
}

/// Result of writing: done, or stdout was closed by the reader.
#[derive(Debug, PartialEq, Eq)]
pub enum Emitted {
    /// Everything was written.
    Done,
    /// The reader went away (EPIPE); exit 0 quietly.
    PipeClosed,
}

/// Renders an outcome to stdout.
pub fn emit(outcome: Outcome, options: &OutputOptions) -> Result<Emitted> {
    let text = render(outcome, options)?;
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(Emitted::Done),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Emitted::PipeClosed),
        Err(e) => Err(Error::internal("cannot write to stdout").caused_by(e)),
    }
}

/// Renders an outcome to a string (what `emit` writes).
pub fn render(outcome: Outcome, options: &OutputOptions) -> Result<String> {
    let value = match outcome {
        Outcome::Nothing => return Ok(String::new()),
        Outcome::Partial { shown, .. } => return render(*shown, options),
        Outcome::Text(text) => return Ok(text),
        Outcome::List { columns, items } => {
            if options.jq.is_none() && options.format == OutputFormat::Table {
                return Ok(table::list(columns, &items, options.width));
            }
            serde_json::Value::Array(items)
        }
        Outcome::Item(value) => {
            if options.jq.is_none() && options.format == OutputFormat::Table {
                return Ok(table::item(&value, options.width));
            }
            value
        }
    };
    if let Some(jq) = &options.jq {
        return jq.run(value);
    }
    match options.format {
        OutputFormat::Yaml => serde_saphyr::to_string(&value)
            .map_err(|e| Error::internal("cannot render YAML").caused_by(e)),
        _ => Ok(json_text(&value)),
    }
}

/// Pretty JSON with a trailing newline.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}

/// A value at a dotted path, as table text: strings bare, null empty, objects as compact JSON.
pub fn cell(value: &serde_json::Value, path: &str) -> String {
    let mut current = value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        current = match current.get(part) {
            Some(v) => v,
            None => return String::new(),
        };
    }
    match current {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts(format: OutputFormat) -> OutputOptions {
        OutputOptions {
            format,
            jq: None,
            width: Some(80),
        }
    }

    const COLS: &[Column] = &[col("ID", "id"), col("SPEED", "speed.value")];

    #[test]
    fn list_renders_as_one_json_array() {
        let out = render(
            Outcome::List {
                columns: COLS,
                items: vec![json!({"id": "a"}), json!({"id": "b"})],
            },
            &opts(OutputFormat::Json),
        )
        .unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed, json!([{"id": "a"}, {"id": "b"}]));
    }

    #[test]
    fn table_uses_columns_and_dotted_paths() {
        let out = render(
            Outcome::List {
                columns: COLS,
                items: vec![json!({"id": "a", "speed": {"value": 50}})],
            },
            &opts(OutputFormat::Table),
        )
        .unwrap();
        assert!(out.contains("ID"), "{out}");
        assert!(out.contains("50"), "{out}");
    }

    #[test]
    fn item_table_shows_keys_and_values() {
        let out = render(
            Outcome::Item(json!({"id": "abc", "state": "ACTIVE"})),
            &opts(OutputFormat::Table),
        )
        .unwrap();
        assert!(
            out.contains("id") && out.contains("abc") && out.contains("ACTIVE"),
            "{out}"
        );
    }

    #[test]
    fn yaml_renders() {
        let out = render(
            Outcome::Item(json!({"name": "x", "n": 1})),
            &opts(OutputFormat::Yaml),
        )
        .unwrap();
        assert!(out.contains("name: x"), "{out}");
    }

    #[test]
    fn cell_handles_missing_and_nested() {
        let v = json!({"a": {"b": "c"}, "n": null, "o": {"x": 1}});
        assert_eq!(cell(&v, "a.b"), "c");
        assert_eq!(cell(&v, "n"), "");
        assert_eq!(cell(&v, "missing.path"), "");
        assert_eq!(cell(&v, "o"), r#"{"x":1}"#);
        assert_eq!(cell(&json!("whole"), ""), "whole");
    }
}
