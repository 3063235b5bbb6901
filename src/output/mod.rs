//! The one place that writes results on stdout.
//!
//! Handlers return an [`Outcome`] and never print; this module renders it as a table, JSON or
//! YAML, or runs it through `--jq`. JSON output is the provider's own objects (unwrapped from
//! their envelopes) so scripts see the documented field names; tables pick a few columns.
//! A closed stdout (`cc ... | head -1`) is not an error: [`emit`] reports it and `main` exits 0.

pub mod escape;
mod jq;
mod sparkline;
mod table;

use std::io::{self, IsTerminal, Write};

pub use jq::{Jq, worker as jq_worker};

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

/// A table column: a header, where its value sits in each JSON object, how it is shown, and how
/// much it matters when the table is wider than the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Header shown in the table.
    pub header: &'static str,
    /// Dotted path into the object (`partner.speed`): what the cell reads, or, for a
    /// [`Show::Computed`] cell, the field it is computed from.
    pub path: &'static str,
    /// How the value becomes the cell's text.
    pub show: Show,
    /// Which columns go first when the row does not fit.
    pub priority: Priority,
    /// Never shortened: shown whole or dropped whole, like an id (a pair of regions cut to its
    /// first half would say something false). Id columns are whole without saying so.
    pub whole: bool,
}

impl Column {
    /// The same column, never shortened ([`Column::whole`]).
    pub const fn whole(self) -> Column {
        Column {
            whole: true,
            ..self
        }
    }
}

/// How a column's value becomes one line of text.
#[derive(Debug, Clone, Copy)]
pub enum Show {
    /// Summarised ([`summary`]): plain values bare, nested ones by name or count.
    Summary,
    /// As the compact JSON it is: a dry run's request body, which is exactly what would be sent.
    Json,
    /// Computed from the whole object, for a fact spread over fields or shapes (a speed that is
    /// a number on some objects and `{value}` on others, a pair of regions in a nested list).
    Computed(fn(&serde_json::Value) -> String),
}

/// How much a column matters. A table wider than the terminal drops its least important column
/// first (the rightmost of equals) until the rest fit; a [`Priority::Key`] column, what the
/// row is (its id), is never dropped. Declared with the columns, so that a narrow terminal keeps
/// the facts people look for (a state before a type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Detail a wide terminal has room for.
    Low,
    /// Useful, not essential.
    Medium,
    /// What people look at a list for: names, states, sizes.
    High,
    /// What the row is: never dropped.
    Key,
}

/// A column whose value is summarised ([`Show::Summary`]).
pub const fn col(header: &'static str, path: &'static str, priority: Priority) -> Column {
    Column {
        header,
        path,
        show: Show::Summary,
        priority,
        whole: false,
    }
}

/// A column whose value is shown as the compact JSON it is ([`Show::Json`]).
pub const fn json_col(header: &'static str, path: &'static str, priority: Priority) -> Column {
    Column {
        header,
        path,
        show: Show::Json,
        priority,
        whole: false,
    }
}

/// A column computed from the whole object ([`Show::Computed`]); `path` names what it reads.
pub const fn computed_col(
    header: &'static str,
    path: &'static str,
    priority: Priority,
    text: fn(&serde_json::Value) -> String,
) -> Column {
    Column {
        header,
        path,
        show: Show::Computed(text),
        priority,
        whole: false,
    }
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
    /// A series of samples (`ovh stats`, `console-connect utilization`): a list whose table, when
    /// stdout is a terminal, is followed by a sparkline of the number at `value`, in `unit`.
    Series {
        /// Table columns.
        columns: &'static [Column],
        /// The samples, oldest first.
        items: Vec<serde_json::Value>,
        /// Dotted path of the number the sparkline draws.
        value: &'static str,
        /// Its unit (`Mbit/s`, `dBm`), or empty.
        unit: String,
    },
    /// One object: printed whole as JSON, or as a two-column key/value table.
    Item(serde_json::Value),
    /// A report (`ovh status`): the object whole as JSON; as a table, its headline (what a
    /// person reads first) and then one titled table per section that has rows.
    Report {
        /// What JSON, YAML and `--jq` get.
        value: serde_json::Value,
        /// Lines printed above the sections.
        headline: String,
        /// The sections, in order.
        sections: Vec<Section>,
    },
    /// A provider's answer as it came (`cc api`): JSON on a terminal too, never a table, as
    /// `gh api` prints; `-o yaml` and `--jq` apply.
    Body(serde_json::Value),
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

/// A titled table of an [`Outcome::Report`].
#[derive(Debug)]
pub struct Section {
    /// Its title (`INTERFACES`).
    pub title: &'static str,
    /// Its columns.
    pub columns: &'static [Column],
    /// Its rows; a section without any is left out of the table view.
    pub items: Vec<serde_json::Value>,
}

/// The columns of a dry run's plan of several requests.
const PLAN_COLUMNS: &[Column] = &[
    col("METHOD", "method", Priority::Key),
    col("URL", "url", Priority::High),
    json_col("BODY", "body", Priority::Medium),
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
    /// Stdout is a terminal: a table may carry a picture (a series' sparkline).
    pub picture: bool,
}

/// Result of writing: done, or stdout was closed by the reader.
#[derive(Debug, PartialEq, Eq)]
pub enum Emitted {
    /// Everything was written.
    Done,
    /// The reader went away (EPIPE); exit 0 quietly.
    PipeClosed,
}

/// Renders an outcome to stdout. Text that is not JSON, YAML or a table (what a `--jq` filter
/// makes of a provider's strings, a body `cc api` could not read as JSON) is written raw for
/// scripts, but shown through [`escape::visible`] on a terminal (tables are escaped cell by cell
/// always; JSON and YAML escape on their own).
pub fn emit(outcome: Outcome, options: &OutputOptions) -> Result<Emitted> {
    let free_text = options.jq.is_some() || matches!(outcome, Outcome::Text(_));
    let text = render(outcome, options)?;
    if free_text {
        return write(&filtered(&text));
    }
    write(&text)
}

/// Free text as written: raw off a terminal, visibly escaped on one.
fn filtered(text: &str) -> std::borrow::Cow<'_, str> {
    if io::stdout().is_terminal() {
        escape::visible(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Renders the outcome of a command that changed something: a `--jq` filter that fails on it
/// must not hide the change, so the result is printed whole as JSON and the filter's error, exit
/// 5, says so (`CLI.md` §1 `--jq`).
pub fn emit_after_change(outcome: Outcome, options: &OutputOptions) -> Result<Emitted> {
    let Some(jq) = &options.jq else {
        return emit(outcome, options);
    };
    let value = match outcome {
        Outcome::List { items, .. } => serde_json::Value::Array(items),
        Outcome::Item(value) => value,
        other => return emit(other, options),
    };
    match jq.run(value.clone()) {
        Ok(text) => write(&filtered(&text)),
        Err(err) => {
            write(&json_text(&value))?;
            Err(jq::after_change(err))
        }
    }
}

fn write(text: &str) -> Result<Emitted> {
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

/// Whether `outcome` prints as a table with no rows: its header alone, after which the caller
/// says on stderr that nothing matched (JSON gets `[]` and no line).
pub fn is_empty_table(outcome: &Outcome, options: &OutputOptions) -> bool {
    matches!(outcome, Outcome::List { items, .. } | Outcome::Series { items, .. } if items.is_empty())
        && options.jq.is_none()
        && options.format == OutputFormat::Table
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
        Outcome::Series {
            columns,
            items,
            value,
            unit,
        } => {
            if options.jq.is_none() && options.format == OutputFormat::Table {
                let mut text = table::list(columns, &items, options.width);
                let samples: Vec<f64> = items
                    .iter()
                    .filter_map(|item| at(item, value).and_then(serde_json::Value::as_f64))
                    .collect();
                if options.picture {
                    text.extend(sparkline::line(&samples, &unit, options.width));
                }
                return Ok(text);
            }
            serde_json::Value::Array(items)
        }
        Outcome::Item(value) => {
            if options.jq.is_none() && options.format == OutputFormat::Table {
                return Ok(table::item(&value, options.width));
            }
            value
        }
        Outcome::Report {
            value,
            headline,
            sections,
        } => {
            if options.jq.is_none() && options.format == OutputFormat::Table {
                let mut text = escape::visible(&headline).into_owned();
                for section in sections.iter().filter(|s| !s.items.is_empty()) {
                    text.push_str(&format!("\n{}\n", section.title));
                    text.push_str(&table::list(section.columns, &section.items, options.width));
                }
                return Ok(text);
            }
            value
        }
        Outcome::Body(value) => value,
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

/// The terminal width for tables: `COLUMNS`, else stdout's terminal, else none (no limit).
pub fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| console::Term::stdout().size_checked().map(|(_, cols)| cols))
        .filter(|&cols| cols > 0)
}

/// A value at a dotted path, summarised for one table cell: strings bare (on one line), null
/// empty, a list of plain values joined with `, `, an object by its name or id (else its plain
/// fields as `key=value`), and what is nested deeper as a count, never as JSON.
pub fn summary(value: &serde_json::Value, path: &str) -> String {
    use serde_json::Value;
    let Some(current) = at(value, path) else {
        return String::new();
    };
    let plain = |v: &Value| match v {
        Value::Null => Some(String::new()),
        Value::String(s) => Some(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        Value::Bool(_) | Value::Number(_) => Some(v.to_string()),
        _ => None,
    };
    if let Some(text) = plain(current) {
        return text;
    }
    match current {
        Value::Array(items) => match items.iter().map(plain).collect::<Option<Vec<_>>>() {
            Some(texts) => texts.join(", "),
            None if items.len() == 1 => "1 item".into(),
            None => format!("{} items", items.len()),
        },
        Value::Object(map) => {
            for key in ["name", "id"] {
                if let Some(text) = map.get(key).and_then(plain).filter(|t| !t.is_empty()) {
                    return text;
                }
            }
            let fields: Vec<String> = map
                .iter()
                .filter_map(|(k, v)| plain(v).map(|t| format!("{k}={t}")))
                .collect();
            if fields.is_empty() {
                format!("{} fields", map.len())
            } else {
                fields.join(", ")
            }
        }
        _ => String::new(),
    }
}

fn at<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut current = value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        current = current.get(part)?;
    }
    Some(current)
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
            picture: false,
        }
    }

    #[test]
    fn a_series_draws_its_sparkline_on_a_terminal_only() {
        const SAMPLES: &[Column] = &[
            col("TIME", "t", Priority::Key),
            col("VALUE", "v", Priority::High),
        ];
        let series = || Outcome::Series {
            columns: SAMPLES,
            items: vec![json!({"t": 1, "v": 2.0}), json!({"t": 2, "v": 4.0})],
            value: "v",
            unit: "Mbit/s".into(),
        };
        let plain = render(series(), &opts(OutputFormat::Table)).unwrap();
        assert!(!plain.contains("max"), "{plain}");
        let terminal = OutputOptions {
            picture: true,
            ..opts(OutputFormat::Table)
        };
        let shown = render(series(), &terminal).unwrap();
        assert!(
            shown.ends_with("▁█  min 2 Mbit/s  max 4 Mbit/s  last 4 Mbit/s\n"),
            "{shown}"
        );
        let json = render(
            series(),
            &OutputOptions {
                picture: true,
                ..opts(OutputFormat::Json)
            },
        )
        .unwrap();
        assert!(!json.contains("min"), "{json}");
    }

    const COLS: &[Column] = &[
        col("ID", "id", Priority::Key),
        col("SPEED", "speed.value", Priority::High),
    ];

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
    fn summary_never_dumps_json() {
        let v = json!({
            "cidrs": ["10.0.0.0/24", "10.1.0.0/24"],
            "speed": {"value": 50, "unit": "Mbps"},
            "port": {"id": "p1", "extra": {"a": 1}},
            "hops": [{"a": 1}, {"b": 2}],
            "deep": {"x": {"y": 1}},
            "text": "two\nlines",
        });
        assert_eq!(summary(&v, "cidrs"), "10.0.0.0/24, 10.1.0.0/24");
        assert_eq!(summary(&v, "speed"), "value=50, unit=Mbps");
        assert_eq!(summary(&v, "port"), "p1");
        assert_eq!(summary(&v, "hops"), "2 items");
        assert_eq!(summary(&v, "deep"), "1 fields");
        assert_eq!(summary(&v, "text"), "two lines");
        assert_eq!(summary(&v, "missing"), "");
    }

    #[test]
    fn an_id_is_never_cut_other_columns_shrink_then_go() {
        const WIDE: &[Column] = &[
            col("ID", "id", Priority::Key),
            col("NAME", "name", Priority::High),
            col("STATE", "state", Priority::High),
            col("CLOUD CONNECTION", "cloud_connection_id", Priority::Medium),
            col("NOTE", "note", Priority::Low),
        ];
        let id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
        let other = "6a1b2c3d-0000-4000-8000-000000000001";
        let items = vec![
            json!({"id": id, "name": "Connection to PARIS with a long name",
            "state": "ACTIVE", "cloud_connection_id": other, "note": "x".repeat(40)}),
        ];
        let out = table::list(WIDE, &items, Some(100));
        for line in out.lines() {
            assert!(console::measure_text_width(line) <= 100, "{out}");
        }
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.contains(id) && out.contains(other), "{out}");
        assert!(
            !out.contains("NOTE") && out.contains("Connection to P…"),
            "{out}"
        );
        let narrow = table::list(WIDE, &items, Some(80));
        assert!(narrow.contains(id) && !narrow.contains(other), "{narrow}");
        assert!(narrow.contains("Connection to PARIS"), "{narrow}");
        assert!(
            narrow.lines().all(|l| console::measure_text_width(l) <= 80),
            "{narrow}"
        );
    }

    #[test]
    fn empty_list_is_its_header() {
        let out = table::list(COLS, &[], Some(80));
        assert_eq!(out, "ID  SPEED\n");
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

    #[test]
    fn the_least_important_column_goes_first_and_a_whole_one_is_never_cut() {
        fn pair(item: &serde_json::Value) -> String {
            format!(
                "{} <> {}",
                item["a"].as_str().unwrap(),
                item["b"].as_str().unwrap()
            )
        }
        const RANKED: &[Column] = &[
            col("ID", "id", Priority::Key),
            col("TYPE", "type", Priority::Low),
            col("STATUS", "status", Priority::High),
            computed_col("PAIR", "a", Priority::Medium, pair).whole(),
        ];
        let items = vec![
            json!({"id": "x1", "type": "GROUP_LAYER2", "status": "ACTIVE",
            "a": "Chinese-Mainland", "b": "Asia-Pacific"}),
        ];
        let out = table::list(RANKED, &items, Some(52));
        assert_eq!(out.lines().next(), Some("ID  STATUS  PAIR"), "{out}");
        assert!(out.contains("Chinese-Mainland <> Asia-Pacific"), "{out}");
        let narrow = table::list(RANKED, &items, Some(20));
        assert_eq!(narrow.lines().next(), Some("ID  STATUS"), "{narrow}");
        // Room left once the pair is gone: the type comes back.
        let room = table::list(RANKED, &items, Some(30));
        assert_eq!(
            room.lines().next(),
            Some("ID  TYPE          STATUS"),
            "{room}"
        );
    }

    #[test]
    fn a_narrow_item_wraps_between_words_never_inside_one() {
        let id = "6a1b2c3d-0000-4000-8000-000000000001";
        let value = json!({"id": id, "description": "Paris to Singapore via Frankfurt"});
        let out = table::item(&value, Some(30));
        assert_eq!(
            out,
            format!(
                "id           {id}\ndescription  Paris to\n             Singapore via\n             Frankfurt\n"
            )
        );
        let wide = table::item(&value, None);
        assert!(wide.contains("Paris to Singapore via Frankfurt"), "{wide}");
    }

    #[test]
    fn a_body_is_json_even_where_a_table_would_be() {
        let out = render(
            Outcome::Body(json!({"id": "abc", "state": "ACTIVE"})),
            &opts(OutputFormat::Table),
        )
        .unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed, json!({"id": "abc", "state": "ACTIVE"}));
        let yaml = render(
            Outcome::Body(json!({"name": "x"})),
            &opts(OutputFormat::Yaml),
        )
        .unwrap();
        assert_eq!(yaml.trim(), "name: x");
    }

    #[test]
    fn an_item_shows_a_list_of_objects_field_by_field() {
        let value = json!({"inter_regions": [
            {"local_region_id": "eu-west-0", "remote_region_id": "ap-southeast-3"},
        ], "cidrs": ["10.0.0.0/24", "10.1.0.0/24"]});
        let out = table::item(&value, Some(80));
        assert!(
            out.contains("inter_regions.0.local_region_id   eu-west-0")
                && out.contains("inter_regions.0.remote_region_id  ap-southeast-3")
                && out.contains("cidrs                             10.0.0.0/24, 10.1.0.0/24"),
            "{out}"
        );
        assert!(!out.contains("item"), "{out}");
    }
}
