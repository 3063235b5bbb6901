//! The shape of the source tree, checked (issue 18): a provider is its folders plus its
//! registration, shared code names no provider, nothing below the command layer reaches up into
//! it, and no file or function grows past what one reader holds in their head.
//!
//! These read `src/` as text, the way a reviewer would: "code" is a line that is not blank and
//! not a comment, before the file's trailing `#[cfg(test)] mod tests`. The file bound holds for
//! the integration tests (`tests/it/`) too, over the whole file; the function bound does not,
//! since a few end-to-end sandbox tests walk one resource through its whole life in one function.

use std::path::{Path, PathBuf};

/// The providers' folder names, and the words that name a provider in code.
const PROVIDER_FOLDERS: [&str; 4] = ["orange", "console_connect", "huawei", "ovh"];
const PROVIDER_WORDS: [&str; 5] = [
    "orange",
    "console_connect",
    "consoleconnect",
    "huawei",
    "ovh",
];

/// The registration point: the files outside a provider's own folders that name providers.
/// `provider.rs` has the enum variant, `registry.rs` the one `match`, `commands/mod.rs` the
/// subcommand and its dispatch arm (see the checklist in `registry.rs`).
const REGISTRATION: [&str; 3] = ["commands/mod.rs", "provider.rs", "registry.rs"];

const MAX_FILE_CODE_LINES: usize = 600;
const MAX_FUNCTION_LINES: usize = 100;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as (path relative to `src/`, text).
fn sources() -> Vec<(String, String)> {
    rust_files(&src())
}

/// Every `.rs` file under `root`, as (path relative to `root`, text), in path order.
fn rust_files(root: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The lines before the trailing test module (a whole `tests.rs` file is test code).
fn non_test_lines<'a>(path: &str, text: &'a str) -> Vec<&'a str> {
    if path.ends_with("/tests.rs") {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| w[0].starts_with("#[cfg(test)]") && w[1].starts_with("mod "))
        .unwrap_or(lines.len());
    lines[..end].to_vec()
}

fn is_code(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with("//")
}

/// Whether `path` is inside one provider's own folders.
fn in_provider_folder(path: &str) -> bool {
    ["providers/", "sandbox/", "commands/"].iter().any(|layer| {
        PROVIDER_FOLDERS
            .iter()
            .any(|p| path.starts_with(&format!("{layer}{p}/")))
    })
}

fn names_a_provider(line: &str) -> bool {
    let t = line.trim();
    // A folder declaring itself to its parent (`pub mod ovh;`) is part of that folder.
    let declaration = PROVIDER_FOLDERS
        .iter()
        .any(|p| t == format!("pub mod {p};") || t == format!("mod {p};"));
    let lower = t.to_ascii_lowercase();
    !declaration && PROVIDER_WORDS.iter().any(|w| lower.contains(w))
}

#[test]
fn only_the_registration_point_names_providers_outside_their_folders() {
    let naming: Vec<String> = sources()
        .into_iter()
        .filter(|(path, _)| !in_provider_folder(path))
        .filter(|(path, text)| {
            non_test_lines(path, text)
                .into_iter()
                .any(|l| is_code(l) && names_a_provider(l))
        })
        .map(|(path, _)| path)
        .collect();
    assert_eq!(naming, REGISTRATION);
}

#[test]
fn nothing_below_the_command_layer_imports_it() {
    // The binary's entry points: the crate root, the clap root and the compiler check.
    let entry = ["lib.rs", "cli.rs", "passthrough.rs"];
    let importing: Vec<String> = sources()
        .into_iter()
        .filter(|(path, _)| !path.starts_with("commands/") && !entry.contains(&path.as_str()))
        .filter(|(path, text)| {
            non_test_lines(path, text)
                .into_iter()
                .any(|l| is_code(l) && l.contains("crate::commands"))
        })
        .map(|(path, _)| path)
        .collect();
    assert!(importing.is_empty(), "{importing:?}");
}

/// Each function's name and length in lines, found by rustfmt's layout: a `fn` line with a
/// body, to the `}` at its own indentation.
fn functions<'a>(lines: &[&'a str]) -> Vec<(&'a str, usize)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let Some(at) = t.find("fn ") else { continue };
        let head = &t[..at];
        let modifiers = head
            .split_whitespace()
            .all(|w| ["pub", "async", "const", "unsafe"].contains(&w) || w.starts_with("pub("));
        if !modifiers || t.trim_end().ends_with(';') {
            continue;
        }
        if t.trim_end().ends_with('}') {
            out.push((name_of(&t[at + 3..]), 1));
            continue;
        }
        let name = name_of(&t[at + 3..]);
        let end = lines[i + 1..]
            .iter()
            .position(|l| l.len() > indent && l.starts_with(&format!("{}}}", " ".repeat(indent))))
            .map_or(lines.len(), |n| i + 1 + n);
        out.push((name, end - i + 1));
    }
    out
}

fn name_of(after_fn: &str) -> &str {
    after_fn
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("")
}

#[test]
fn no_file_or_function_past_its_bound() {
    let mut files = Vec::new();
    let mut long = Vec::new();
    for (path, text) in sources() {
        let lines = non_test_lines(&path, &text);
        // Every line before the tests, comments included: the stricter count.
        let code = lines.len();
        if code > MAX_FILE_CODE_LINES {
            files.push((path.clone(), code));
        }
        for (name, n) in functions(&lines) {
            if n > MAX_FUNCTION_LINES {
                long.push((path.clone(), name.to_string(), n));
            }
        }
    }
    assert!(
        files.is_empty(),
        "files over {MAX_FILE_CODE_LINES} lines of code: {files:?}"
    );
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines: {long:?}"
    );
}

#[test]
fn no_integration_test_file_past_the_file_bound() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    let files: Vec<(String, usize)> = rust_files(&tests)
        .into_iter()
        // A test file is test code throughout: every line counts.
        .map(|(path, text)| (format!("tests/it/{path}"), text.lines().count()))
        .filter(|(_, lines)| *lines > MAX_FILE_CODE_LINES)
        .collect();
    assert!(
        files.is_empty(),
        "test files over {MAX_FILE_CODE_LINES} lines: {files:?}"
    );
}

#[test]
fn the_function_finder_measures_rustfmt_layout() {
    let text = "pub async fn a(\n    x: u8,\n) -> u8 {\n    x\n}\n\nfn b();\n    fn c() {}\n";
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(functions(&lines), [("a", 5), ("c", 1)]);
}

/// Every `"CC_..."` string literal in the code (not in tests, not the build script's `env!`).
fn cc_variable_literals() -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (path, text) in sources() {
        for line in non_test_lines(&path, &text) {
            if !is_code(line) || line.contains("env!(") {
                continue;
            }
            let mut rest = line;
            while let Some(at) = rest.find("\"CC_") {
                let name: String = rest[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                rest = &rest[at + 1 + name.len()..];
                if rest.starts_with('"') {
                    found.push((name, path.clone()));
                }
            }
        }
    }
    found
}

#[test]
fn every_cc_variable_is_declared_once_and_registered() {
    let registered: Vec<String> = cc::registry::env_vars()
        .into_iter()
        .map(|(v, _)| v.name.to_string())
        .collect();
    let literals = cc_variable_literals();
    let mut names: Vec<&str> = literals.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    let mut twice: Vec<&str> = names
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    twice.dedup();
    assert!(twice.is_empty(), "spelt more than once: {twice:?}");
    for (name, path) in &literals {
        assert!(
            registered.contains(name),
            "{path}: {name} is not registered"
        );
    }
    let mut unique = registered.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        registered.len(),
        "a variable is registered twice"
    );
}

/// The README's table of variables, as the registry describes them.
fn variables_table() -> String {
    let mut table = String::from("| variable | what it does |\n|---|---|\n");
    for (var, doc) in cc::registry::env_vars() {
        if var.documented {
            table.push_str(&format!("| `{}` | {doc} |\n", var.name));
        }
    }
    table
}

#[test]
fn the_readme_lists_every_variable() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = variables_table();
    assert!(
        readme.contains(&table),
        "README.md's table of environment variables differs from the registry; it should read:\n{table}"
    );
}

/// The marks of where a fact was read (`[INF]`, `[DOC ...]`, `[SDK ...]`, `[REPO ...]`,
/// `[RUN ...]`): for the people who keep the code, in comments only.
const EVIDENCE_TAGS: [&str; 5] = ["[INF", "[DOC", "[SDK", "[REPO", "[RUN"];
/// Typographic quotes: users copy messages into terminals and searches, where they do not match.
const TYPOGRAPHIC_QUOTES: [char; 4] = ['‘', '’', '“', '”'];

/// What a user may read in `text`: neither an evidence tag nor a typographic quote (issue 19).
pub fn marks_in(text: &str) -> Vec<String> {
    let tags = EVIDENCE_TAGS
        .iter()
        .filter(|t| text.contains(*t))
        .map(|t| t.to_string());
    let quotes = TYPOGRAPHIC_QUOTES
        .iter()
        .filter(|q| text.contains(**q))
        .map(|q| q.to_string());
    tags.chain(quotes).collect()
}

#[test]
fn no_string_literal_carries_an_evidence_tag_or_a_typographic_quote() {
    let mut found = Vec::new();
    for (path, text) in sources() {
        for (n, line) in non_test_lines(&path, &text).iter().enumerate() {
            // Code and text files only: comments may cite their sources.
            if is_code(line) && !marks_in(line).is_empty() {
                found.push(format!("src/{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "users would read these:\n{}",
        found.join("\n")
    );
}
