//! `--jq FILTER`, built in (jaq), as `gh --jq` does it: no external `jq` needed.
//!
//! The filter is compiled once at start so that a typo is a usage error (exit 2) before any
//! request is sent, and the error names the column and the offending part. String results print
//! bare, other values as compact JSON, one per line. jaq lacks jq's `@csv` and `@tsv`: they are
//! defined here in jq itself ([`FORMATS`]). A filter runs on a thread of its own, bounded as
//! `CLI.md` §5 says: [`TIME_LIMIT`] and [`OUTPUT_LIMIT`] (exit 5 beyond). A run that fails on the
//! result of a command that changed something is exit 5, never 2 ([`after_change`]). jaq has no
//! bound on recursion: a filter recursing without end overflows the stack, which ends a process,
//! so `cc` runs the filter in a process of its own ([`worker`]) and reports that as exit 2.
//!
//! The output bound alone does not bound memory: `[range(1e9)]` builds its one output, an array
//! of a billion numbers, before printing anything, and reached gigabytes within the 10 s. So the
//! worker's resident memory is watched too (Linux, from `/proc`; elsewhere only time and output
//! bound it) and the worker is stopped past [`memory_limit`], as past the output bound (exit 5).

use std::time::Duration;

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;

use crate::error::{Error, ErrorKind, Result};

/// How long a filter may run (`CLI.md` §5).
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// How much output a filter may produce (`CLI.md` §5).
pub const OUTPUT_LIMIT: usize = 64 * 1024 * 1024;

/// The memory a worker may hold whatever its input: 4 times the output bound, for the values a
/// filter builds before it prints them (a value takes a few times its printed size).
const MEMORY_FLOOR: u64 = 4 * OUTPUT_LIMIT as u64;

/// What a worker may hold in memory for an input of `input_len` bytes of JSON: [`MEMORY_FLOOR`]
/// plus 16 bytes a byte, for the input read twice (as text, then as serde and jaq values).
pub fn memory_limit(input_len: usize) -> u64 {
    MEMORY_FLOOR.saturating_add((input_len as u64).saturating_mul(16))
}

/// How often the worker's time and memory are looked at.
const POLL: Duration = Duration::from_millis(5);

/// The stack of the thread a filter runs on in-process: deep recursion of a filter needs more
/// than the main thread's.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// Runtime error messages longer than this are cut in the middle: they may quote a whole input.
const MESSAGE_LIMIT: usize = 240;

/// jq's `@csv` and `@tsv`, which jaq lacks, in jq: an array's strings quoted (`@csv`) or escaped
/// (`@tsv`), numbers and booleans as text, null empty, anything else an error as jq words it.
const FORMATS: &str = r#"
def cc_cell(quote):
  if type == "string" then quote
  elif type == "number" or type == "boolean" then tostring
  elif . == null then ""
  else error("\(type) (\(tojson)) is not valid in a csv row") end;
def cc_row(quote; sep):
  if type == "array" then map(cc_cell(quote)) | join(sep)
  else error("\(type) (\(tojson)) cannot be csv-formatted, only an array can be") end;
def @csv: cc_row("\"" + (split("\"") | join("\"\"")) + "\""; ",");
def @tsv: cc_row(split("\\") | join("\\\\") | split("\t") | join("\\t")
  | split("\n") | join("\\n") | split("\r") | join("\\r"); "\t");
"#;

/// A compiled filter, kept as text and re-compiled for the single run (compiling is cheap and
/// jaq's compiled form borrows its arena).
#[derive(Debug, Clone)]
pub struct Jq {
    code: String,
}

impl Jq {
    /// Compiles `code`; a syntax error is exit 2 naming `--jq`, the column and the part.
    pub fn new(code: &str) -> Result<Self> {
        compile_and(code, |_| Ok(()))?;
        Ok(Jq {
            code: code.to_string(),
        })
    }

    /// Runs the filter over `input`, each output on its own line, within [`TIME_LIMIT`]: in a
    /// process of its own when `cc` is the program running ([`worker`]), so that a recursion
    /// deeper than the engine allows ends that process, not `cc`; else (the library used
    /// in-process) on a thread of its own.
    pub fn run(&self, input: serde_json::Value) -> Result<String> {
        match std::env::current_exe() {
            Ok(cc) if cc.file_stem().is_some_and(|stem| stem == "cc") => {
                run_in_worker(&cc, &self.code, &input)
            }
            _ => self.run_on_thread(input),
        }
    }

    fn run_on_thread(&self, input: serde_json::Value) -> Result<String> {
        use std::sync::mpsc::RecvTimeoutError;
        let code = self.code.clone();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("jq".into())
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let _ = send.send(run_filter(&code, input));
            })
            .map_err(|e| Error::internal("--jq: cannot start the filter").caused_by(e))?;
        match receive.recv_timeout(TIME_LIMIT) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => Err(too_long()),
            Err(RecvTimeoutError::Disconnected) => Err(Error::internal(
                "--jq: the filter stopped without an answer",
            )),
        }
    }
}

fn too_long() -> Error {
    Error::new(
        ErrorKind::Api,
        format!(
            "--jq: the filter ran longer than {}: stopped",
            crate::duration::display(TIME_LIMIT)
        ),
    )
}

/// The process a filter runs in (`CC_JQ_WORKER` holds the filter): reads the JSON input on
/// stdin, prints the filter's output on stdout, or its error's message on stderr with its exit
/// code.
pub fn worker(code: &str) -> std::process::ExitCode {
    use std::io::{Read, Write};
    let mut input = String::new();
    let result = std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| Error::internal("--jq: cannot read the input").caused_by(e))
        .and_then(|_| {
            serde_json::from_str(&input)
                .map_err(|e| Error::internal("--jq: cannot read the input").caused_by(e))
        })
        .and_then(|value| run_filter(code, value));
    match result {
        Ok(text) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            let _ = std::io::stderr().write_all(err.message.as_bytes());
            std::process::ExitCode::from(err.exit_code())
        }
    }
}

/// Runs `code` over `input` in a [`worker`] process of `cc` (the program at `cc`), within
/// [`TIME_LIMIT`] and [`OUTPUT_LIMIT`]. A worker ended by a signal overflowed its stack.
fn run_in_worker(cc: &std::path::Path, code: &str, input: &serde_json::Value) -> Result<String> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let cannot = |e: std::io::Error| Error::internal("--jq: cannot run the filter").caused_by(e);
    let mut child = Command::new(cc)
        .env(crate::env::CC_JQ_WORKER.name, code)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(cannot)?;
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    let text = input.to_string();
    let memory = memory_limit(text.len());
    let writer = std::thread::spawn(move || stdin.map(|mut s| s.write_all(text.as_bytes())));
    let limit = OUTPUT_LIMIT as u64 + 1;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.map(|s| s.take(limit).read_to_end(&mut out));
        out
    });
    let errors = std::thread::spawn(move || {
        let mut out = String::new();
        stderr.map(|s| s.take(64 * 1024).read_to_string(&mut out));
        out
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(cannot)? {
            break status;
        }
        let over = if started.elapsed() >= TIME_LIMIT {
            Some(too_long())
        } else if resident(child.id()).is_some_and(|held| held > memory) {
            Some(too_big(memory))
        } else {
            None
        };
        if let Some(err) = over {
            let _ = child.kill();
            let _ = child.wait();
            return Err(err);
        }
        std::thread::sleep(POLL);
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let message = errors.join().unwrap_or_default();
    match status.code() {
        Some(0) if out.len() as u64 >= limit => Err(too_much()),
        Some(0) => String::from_utf8(out)
            .map_err(|e| Error::internal("--jq: the output is not UTF-8").caused_by(e)),
        Some(code) => Err(Error::new(kind_of(code), message.trim().to_string())),
        None => Err(
            Error::usage("--jq: the filter recursed deeper than the engine allows")
                .hint("a recursive filter needs a case that ends it"),
        ),
    }
}

/// The resident memory of process `pid` in bytes (`VmRSS` of `/proc/PID/status`), where the
/// system tells it (Linux).
fn resident(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// A worker stopped past its memory bound: for a filter building a value bigger than it may
/// print (`[range(1e9)]`), which the output bound names.
fn too_big(memory: u64) -> Error {
    Error::new(
        ErrorKind::Api,
        format!(
            "--jq: the filter held more than {} MiB in memory building values to print (its output may be at most {} MiB): stopped",
            memory >> 20,
            OUTPUT_LIMIT >> 20
        ),
    )
}

/// The kind of a worker's error, from its exit code.
fn kind_of(code: i32) -> ErrorKind {
    match code {
        2 => ErrorKind::Usage,
        5 => ErrorKind::Api,
        _ => ErrorKind::Internal,
    }
}

fn too_much() -> Error {
    Error::new(
        ErrorKind::Api,
        format!(
            "--jq: the filter's output passed {} MiB: stopped",
            OUTPUT_LIMIT >> 20
        ),
    )
}

/// A filter's error on the result of a command that changed something: exit 5, not 2 ("nothing
/// was changed" would be false), and the message says the result is printed whole.
pub fn after_change(mut err: Error) -> Error {
    if err.kind == ErrorKind::Usage {
        err.kind = ErrorKind::Api;
    }
    err.message.push_str(
        "; the command had already changed something, so its result is printed whole on stdout",
    );
    err
}

fn run_filter(code: &str, input: serde_json::Value) -> Result<String> {
    let text = input.to_string();
    let input = jaq_json::read::parse_single(text.as_bytes())
        .map_err(|e| Error::internal(format!("--jq: cannot read the result as JSON: {e}")))?;
    compile_and(code, |filter| {
        let ctx = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
        let mut out = String::new();
        for item in filter.id.run((ctx, input)).map(unwrap_valr) {
            let value = item.map_err(|e| Error::usage(format!("--jq: {}", cut(&bare(e)))))?;
            let rendered = value.to_string();
            // Only a string prints differently (bare): parse nothing else, and take a first
            // output as it is, so that a big value is not held twice more.
            let text = match rendered.starts_with('"') {
                true => serde_json::from_str::<String>(&rendered).unwrap_or(rendered),
                false => rendered,
            };
            if out.is_empty() {
                out = text;
            } else {
                out.push_str(&text);
            }
            out.push('\n');
            if out.len() > OUTPUT_LIMIT {
                return Err(too_much());
            }
        }
        Ok(out)
    })
}

/// A runtime error's words: jaq shows an `error("...")` value as JSON, quotes and escapes included.
fn bare(error: impl std::fmt::Display) -> String {
    let text = error.to_string();
    serde_json::from_str::<String>(&text).unwrap_or(text)
}

/// `text`, or its start and end around `…` when longer than [`MESSAGE_LIMIT`]: a runtime error
/// quotes the value it failed on, which may be the whole input.
fn cut(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MESSAGE_LIMIT {
        return text.to_string();
    }
    let head: String = chars[..MESSAGE_LIMIT * 2 / 3].iter().collect();
    let tail: String = chars[chars.len() - MESSAGE_LIMIT / 3..].iter().collect();
    format!("{head} … {tail}")
}

/// Where `part` (a slice of `code`, as jaq's errors hold them) is: ` at column N (`part`)`, or
/// ` at the end`; nothing when it is not a slice of `code`.
fn position(code: &str, part: &str) -> String {
    let (base, start) = (code.as_ptr() as usize, part.as_ptr() as usize);
    if start < base || start + part.len() > base + code.len() {
        return String::new();
    }
    let offset = start - base;
    if offset == code.len() {
        return " at the end".to_string();
    }
    let column = code[..offset].chars().count() + 1;
    let shown: String = part.chars().take(20).collect();
    format!(" at column {column} (`{shown}`)")
}

/// What a lexer expected, in words (jaq's own wording panics on a delimiter it does not know).
fn lex_expected(expect: &jaq_core::load::lex::Expect<&str>) -> &'static str {
    use jaq_core::load::lex::Expect;
    match expect {
        Expect::Delim("(") => "closing parenthesis",
        Expect::Delim("[") => "closing bracket",
        Expect::Delim("{") => "closing brace",
        Expect::Delim(_) => "closing quote",
        Expect::Digit => "digit",
        Expect::Ident => "identifier",
        Expect::Escape => "string escape sequence",
        Expect::Unicode => "4-digit hexadecimal code point",
        Expect::Token => "token",
        _ => "something else",
    }
}

/// The first of jaq's load errors, in words with its position.
fn load_error(code: &str, error: &jaq_core::load::Error<&str>) -> String {
    use jaq_core::load::Error as Load;
    match error {
        Load::Lex(errs) => errs.first().map(|(expect, part)| {
            // An unclosed delimiter is shown where it opens.
            let at = match expect {
                jaq_core::load::lex::Expect::Delim(open) => open,
                _ => part,
            };
            format!("expected {}{}", lex_expected(expect), position(code, at))
        }),
        Load::Parse(errs) => errs
            .first()
            .map(|(expect, part)| format!("expected {}{}", expect.as_str(), position(code, part))),
        Load::Io(errs) => errs
            .first()
            .map(|(part, why)| format!("{why}{}", position(code, part))),
    }
    .unwrap_or_else(|| "syntax error".to_string())
}

fn compile_and<T>(
    code: &str,
    then: impl FnOnce(&jaq_core::compile::Filter<jaq_core::Native<data::JustLut<Val>>>) -> Result<T>,
) -> Result<T> {
    let formats = jaq_core::load::parse(FORMATS, |p| p.defs())
        .ok_or_else(|| Error::internal("--jq: cannot read the @csv and @tsv definitions"))?;
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs())
        .chain(formats);
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let modules = loader
        .load(&arena, File { code, path: () })
        .map_err(|errs| {
            let why = errs
                .first()
                .map(|(_, e)| load_error(code, e))
                .unwrap_or_else(|| "syntax error".to_string());
            Error::usage(format!("--jq: cannot parse `{code}`: {why}"))
                .hint("the filter uses jq syntax, e.g. `.[] | .name`")
        })?;
    let filter = Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| {
            let why = errs
                .iter()
                .flat_map(|(_, undefined)| undefined)
                .map(|(name, what)| {
                    format!("unknown {} `{name}`{}", what.as_str(), position(code, name))
                })
                .collect::<Vec<_>>()
                .join(", ");
            Error::usage(format!("--jq: cannot compile `{code}`: {why}"))
        })?;
    then(&filter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_print_bare_and_values_as_json() {
        let jq = Jq::new(".[] | .name").unwrap();
        assert_eq!(
            jq.run(json!([{"name": "a"}, {"name": "b"}])).unwrap(),
            "a\nb\n"
        );
        let jq = Jq::new("map(.n) | add").unwrap();
        assert_eq!(jq.run(json!([{"n": 1}, {"n": 2}])).unwrap(), "3\n");
        let jq = Jq::new(".[] | select(.state == \"ACTIVE\") | {id}").unwrap();
        assert_eq!(
            jq.run(json!([{"id": "x", "state": "ACTIVE"}, {"id": "y", "state": "ERROR"}]))
                .unwrap(),
            "{\"id\":\"x\"}\n"
        );
    }

    #[test]
    fn bad_filters_are_usage_errors() {
        assert_eq!(Jq::new(".[").unwrap_err().exit_code(), 2);
        assert_eq!(Jq::new("nosuchfn(1)").unwrap_err().exit_code(), 2);
    }
}
