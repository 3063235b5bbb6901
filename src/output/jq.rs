//! `--jq FILTER`, built in (jaq), as `gh --jq` does it: no external `jq` needed.
//!
//! The filter is compiled once at start so that a typo is a usage error (exit 2) before any
//! request is sent. String results print bare, other values as compact JSON, one per line.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;

use crate::error::{Error, Result};

/// A compiled filter, kept as text and re-compiled for the single run (compiling is cheap and
/// jaq's compiled form borrows its arena).
#[derive(Debug, Clone)]
pub struct Jq {
    code: String,
}

impl Jq {
    /// Compiles `code`; a syntax error is exit 2 naming `--jq`.
    pub fn new(code: &str) -> Result<Self> {
        compile_and(code, |_| Ok(()))?;
        Ok(Jq {
            code: code.to_string(),
        })
    }

    /// Runs the filter over `input`; each output on its own line.
    pub fn run(&self, input: serde_json::Value) -> Result<String> {
        let text = input.to_string();
        let input = jaq_json::read::parse_single(text.as_bytes())
            .map_err(|e| Error::internal(format!("--jq: cannot read the result as JSON: {e}")))?;
        compile_and(&self.code, |filter| {
            let ctx = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
            let mut out = String::new();
            for item in filter.id.run((ctx, input)).map(unwrap_valr) {
                let value = item.map_err(|e| Error::usage(format!("--jq: {e}")))?;
                let rendered = value.to_string();
                match serde_json::from_str::<serde_json::Value>(&rendered) {
                    Ok(serde_json::Value::String(s)) => out.push_str(&s),
                    _ => out.push_str(&rendered),
                }
                out.push('\n');
            }
            Ok(out)
        })
    }
}

fn compile_and<T>(
    code: &str,
    then: impl FnOnce(&jaq_core::compile::Filter<jaq_core::Native<data::JustLut<Val>>>) -> Result<T>,
) -> Result<T> {
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let modules = loader
        .load(&arena, File { code, path: () })
        .map_err(|errs| {
            Error::usage(format!(
                "--jq: cannot parse `{code}` ({} error(s))",
                errs.len()
            ))
            .hint("the filter uses jq syntax, e.g. `.[] | .name`")
        })?;
    let filter = Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| {
            Error::usage(format!(
                "--jq: cannot compile `{code}` ({} error(s)): unknown filter or variable",
                errs.len()
            ))
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
