//! What `cc --version` says, and which command lines ask for it.
//!
//! A support ticket should say exactly what ran: built from a checkout, the line names the
//! version, the commit and the build date (`cc 0.1.0 (40a0c67 2026-12-01)`); built from a
//! tarball, only the version (`cc 0.1.0`). `build.rs` provides the commit and the date.
//!
//! The line stays `cc`'s own (`CLI.md` §6): `--version` or `-V`, alone or with nothing but the
//! output options (`cc --version -o json`). A C compiler answers `--version` by printing its
//! version and ignoring the rest, so taking such a line from it changes nothing a build relies
//! on; anything else next to `--version` (`cc -v --version`) still goes to the compiler.

use std::sync::LazyLock;

use crate::output::OutputFormat;

/// The package version (`0.1.0`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The target triple the binary was built for (`x86_64-unknown-linux-gnu`).
pub const TARGET: &str = env!("CC_BUILD_TARGET");

/// The full hash of the commit built, when built from a git checkout.
pub fn commit() -> Option<&'static str> {
    Some(env!("CC_BUILD_COMMIT")).filter(|c| !c.is_empty())
}

/// The UTC day of the build (`YYYY-MM-DD`), when built from a git checkout.
pub fn build_date() -> Option<&'static str> {
    Some(env!("CC_BUILD_DATE")).filter(|d| !d.is_empty())
}

/// The version as printed after `cc `: `0.1.0 (40a0c67 2026-12-01)`, or `0.1.0`.
pub static LINE: LazyLock<String> = LazyLock::new(|| match (commit(), build_date()) {
    (Some(commit), Some(date)) => format!("{VERSION} ({} {date})", short(commit)),
    (Some(commit), None) => format!("{VERSION} ({})", short(commit)),
    _ => VERSION.to_owned(),
});

fn short(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

/// The version as an object, for `cc --version -o json`.
pub fn info() -> serde_json::Value {
    serde_json::json!({
        "name": "cc",
        "version": VERSION,
        "commit": commit(),
        "build_date": build_date(),
        "target": TARGET,
    })
}

/// A command line that asks for the version, and how to print it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// `-o FORMAT`, if given: without it (or with `table`) the answer is the one text line.
    pub format: Option<OutputFormat>,
    /// `--jq FILTER`, if given.
    pub jq: Option<String>,
}

/// Whether `args` (without argv[0]) asks for the version: exactly one `--version` or `-V`, and
/// besides it only `-o`/`--output` with one of the formats, or `--jq FILTER`.
pub fn request(args: &[&str]) -> Option<Request> {
    let format = |value: &str| <OutputFormat as clap::ValueEnum>::from_str(value, false).ok();
    let mut version = false;
    let mut request = Request::default();
    let mut args = args.iter().copied();
    while let Some(arg) = args.next() {
        match arg {
            "--version" | "-V" if !version => version = true,
            "-o" | "--output" => request.format = Some(format(args.next()?)?),
            "--jq" => request.jq = Some(args.next()?.to_owned()),
            _ => {
                if let Some(value) = arg.strip_prefix("--output=") {
                    request.format = Some(format(value)?);
                } else if let Some(value) = arg.strip_prefix("-o").filter(|v| !v.is_empty()) {
                    request.format = Some(format(value.strip_prefix('=').unwrap_or(value))?);
                } else if let Some(filter) = arg.strip_prefix("--jq=") {
                    request.jq = Some(filter.to_owned());
                } else {
                    return None;
                }
            }
        }
    }
    version.then_some(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asks(line: &str) -> Option<Request> {
        request(&line.split_whitespace().collect::<Vec<_>>())
    }

    #[test]
    fn version_lines() {
        assert_eq!(asks("--version"), Some(Request::default()));
        assert_eq!(asks("-V"), Some(Request::default()));
        let json = Some(Request {
            format: Some(OutputFormat::Json),
            jq: None,
        });
        for line in [
            "--version -o json",
            "-o json --version",
            "-V --output json",
            "--output=json -V",
            "--version -ojson",
            "--version -o=json",
        ] {
            assert_eq!(asks(line), json, "{line}");
        }
        assert_eq!(
            asks("--version --jq .commit"),
            Some(Request {
                format: None,
                jq: Some(".commit".into())
            })
        );
    }

    #[test]
    fn not_version_lines() {
        for line in [
            "",
            "-o json",
            "--version --version",
            "-v --version",
            "--version -o conftest",
            "--version -o",
            "--version x.c",
            "-V -c x.c",
            "--version orange",
        ] {
            assert_eq!(asks(line), None, "{line}");
        }
    }

    #[test]
    fn the_line_names_the_commit_when_there_is_one() {
        match commit() {
            Some(commit) => {
                assert!(LINE.starts_with(&format!("{VERSION} ({}", &commit[..7])));
                assert!(build_date().is_some());
            }
            None => assert_eq!(*LINE, VERSION),
        }
    }
}
