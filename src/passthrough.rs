//! Handing command lines that are not ours to the system C compiler (`CLI.md` §6).
//!
//! `cc` is also the C compiler's name, and rustc, make, autoconf and pip call `cc` to compile and
//! link. An installed `cc` that answered `cc -o conftest conftest.c` with a usage error would
//! break every build on the machine. So, the way ccache masquerades, a command line is ours only
//! if it parses as one of our subcommands (global options may come first) or is exactly
//! `--help`, `-h`, `--version` or `-V` (the version also with the output options alone, see
//! `version`); anything else is handed over unchanged (argv, stdin,
//! exit status) to the next `cc` on `PATH` that is not this binary.
//!
//! A mistyped command of ours must not end in a linker error either (`cc conections list` used
//! to reach `ld: cannot find conections`). Two kinds of line are therefore ours although they do
//! not parse: a bare word (`conections`, `lst`) where a subcommand is expected that is not an
//! existing file, and one of our long options that no C compiler has (`--sandbox`, `--jq`).
//! Neither can be a working compiler line: gcc and clang refuse a missing input file and an
//! unknown option, so claiming them takes nothing from a build. `tests/compiler-lines/` holds
//! real compiler lines captured from real builds, and the tests check that none is claimed.

use std::ffi::{OsStr, OsString};

mod handover;

pub use handover::{NO_COMPILER, NextCompiler, SEEN_VAR, hand_over, next_compiler};

/// Our long options that no C compiler has: `gcc -### --NAME x.c` (gcc 12) answers
/// "unrecognized command-line option" for each, and clang's driver has none of them. A line
/// that reaches one of these while reading our options is ours even when it does not parse.
pub const CC_ONLY_LONG_OPTIONS: &[&str] = &[
    "jq",
    "dry-run",
    "skip-rule",
    "no-wait",
    "timeout",
    "interval",
    "http-timeout",
    "yes",
    "quiet",
    "no-color",
    "sandbox",
    "skip-rule",
];

/// Our long options that compilers have too, so they say nothing about whose line it is:
/// gcc and clang take `--output FILE`, `--verbose`, `--profile` (`-p`), `--help`, `--version`,
/// and clang `--config FILE`.
pub const SHARED_LONG_OPTIONS: &[&str] =
    &["output", "profile", "verbose", "config", "help", "version"];

/// Whether `args` (without argv[0]) is a command line of ours, looking at the file system for
/// bare words (see [`is_own_command_line_with`]).
pub fn is_own_command_line(args: &[OsString]) -> bool {
    is_own_command_line_with(args, &|word| std::fs::symlink_metadata(word).is_ok())
}

/// One of our global options, as the command line's first words are read: its long name, its
/// short letter, and whether it takes a value (`-o json`, `--profile p`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GlobalOption {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

const fn option(long: &'static str, short: Option<char>, takes_value: bool) -> GlobalOption {
    GlobalOption {
        long,
        short,
        takes_value,
    }
}

/// The global options of `crate::context::GlobalArgs` (`--help` and `--version` aside), as a
/// table: every compiler line a build sends is read against it, and building clap's
/// `Command` for them cost more than the rest of the decision. A test checks it against the
/// clap tree, so an option added there cannot be missing here.
pub const GLOBAL_OPTIONS: &[GlobalOption] = &[
    option("output", Some('o'), true),
    option("jq", None, true),
    option("profile", None, true),
    option("config", None, true),
    option("dry-run", None, false),
    option("skip-rule", None, true),
    option("no-wait", None, false),
    option("timeout", None, true),
    option("interval", None, true),
    option("http-timeout", None, true),
    option("yes", Some('y'), false),
    option("verbose", Some('v'), false),
    option("quiet", Some('q'), false),
    option("no-color", None, false),
    option("sandbox", None, false),
];

/// Whether `word` is one of the top-level subcommands, or `help`: clap's derive answers it
/// from the names it was given (a comparison of strings, no command tree is built), so it
/// cannot miss a subcommand.
fn is_subcommand(word: &str) -> bool {
    use clap::Subcommand;
    word == "help" || crate::commands::Command::has_subcommand(word)
}

/// The compiler's options that take their value as the next argument (`CLI.md` §6, and the
/// gcc and clang driver options of the same kind): the word after one is a value, never the
/// first positional word, so that `cc -o plan plan.c` and `cc -D apply x.c` stay the compiler's.
const COMPILER_VALUE_OPTIONS: &[&str] = &[
    "-o",
    "-D",
    "-U",
    "-I",
    "-L",
    "-l",
    "-x",
    "-include",
    "-imacros",
    "-isystem",
    "-idirafter",
    "-iprefix",
    "-iwithprefix",
    "-iwithprefixbefore",
    "-iquote",
    "-isysroot",
    "-imultilib",
    "-MF",
    "-MT",
    "-MQ",
    "-Xlinker",
    "-Xassembler",
    "-Xpreprocessor",
    "-Xclang",
    "-mllvm",
    "-u",
    "-T",
    "-e",
    "-z",
    "-arch",
    "-target",
    "-aux-info",
    "-dumpbase",
    "-dumpdir",
    "--param",
];

/// Whether `args` (without argv[0]) is a command line of ours; `exists` says whether a bare
/// word names an existing file (`cc helloobj -o prog` links the object file `helloobj`). Pure
/// apart from `exists`, so that the tests can classify a corpus in process.
///
/// Ours: no arguments; exactly `--help`, `-h`, `--version` or `-V`; a line holding anywhere one
/// of [`CC_ONLY_LONG_OPTIONS`] (bytes that are not UTF-8 included); a line whose first positional
/// word is a subcommand, `help`, or a bare word that is not an existing file. The first
/// positional word is found by skipping every option and the value of an option that takes one
/// (ours, and [`COMPILER_VALUE_OPTIONS`]): a misspelt option (`--dryrun orange list`) is then
/// ours, and clap's error suggests the right one. Everything else is the compiler's.
pub fn is_own_command_line_with(args: &[OsString], exists: &dyn Fn(&str) -> bool) -> bool {
    if args.is_empty() || args.iter().any(|a| is_cc_only_option(a)) {
        return true;
    }
    let Some(args) = args
        .iter()
        .map(|a| a.to_str())
        .collect::<Option<Vec<&str>>>()
    else {
        return false;
    };
    if matches!(args.as_slice(), ["--help" | "-h"]) || crate::version::request(&args).is_some() {
        return true;
    }
    match first_positional(&args) {
        Some((word, foreign)) => {
            (is_subcommand(word) && !(foreign && exists(word)))
                || (is_bare_word(word) && !exists(word))
        }
        None => false,
    }
}

/// Whether `arg` is `--NAME` or `--NAME=...` for one of [`CC_ONLY_LONG_OPTIONS`].
fn is_cc_only_option(arg: &OsStr) -> bool {
    let bytes = arg.as_encoded_bytes();
    let Some(long) = bytes.strip_prefix(b"--") else {
        return false;
    };
    let name = long.split(|b| *b == b'=').next().unwrap_or_default();
    CC_ONLY_LONG_OPTIONS.iter().any(|o| o.as_bytes() == name)
}

/// The first word that is neither an option nor an option's value, and whether an option that
/// is not ours came before it; `None` when there is none or after `--` (what follows is the
/// compiler's).
fn first_positional<'a>(args: &[&'a str]) -> Option<(&'a str, bool)> {
    let by_long = |name: &str| GLOBAL_OPTIONS.iter().find(|o| o.long == name);
    let by_short = |c: char| GLOBAL_OPTIONS.iter().find(|o| o.short == Some(c));
    let mut foreign = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        let skip_value = if a == "--" {
            return None;
        } else if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            let ours = by_long(name);
            foreign |= ours.is_none();
            let ours_with_value = ours.is_some_and(|o| o.takes_value);
            !inline && (ours_with_value || COMPILER_VALUE_OPTIONS.contains(&a))
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-o` is both ours and the compiler's; a cluster of ours (`-vo`) ends with its value.
            let cluster_of_ours = shorts
                .chars()
                .all(|c| matches!(c, 'h' | 'V') || by_short(c).is_some());
            let last_takes_value = shorts
                .chars()
                .last()
                .and_then(by_short)
                .is_some_and(|o| o.takes_value);
            foreign |= !cluster_of_ours;
            COMPILER_VALUE_OPTIONS.contains(&a) || (cluster_of_ours && last_takes_value)
        } else {
            return Some((a, foreign));
        };
        i += if skip_value { 2 } else { 1 };
    }
    None
}

/// A word that looks like a mistyped subcommand, not a file a compiler could be given: ASCII
/// letters, digits, `-` and `_`, starting with a letter or digit. No `.`, `/`, `@` (a response
/// file), `=` or anything else a path or a compiler argument carries.
fn is_bare_word(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphanumeric())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Classifies `line` as if no file existed, except `files`.
    fn own_with(line: &str, files: &[&str]) -> bool {
        let args: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        is_own_command_line_with(&args, &|w| files.contains(&w))
    }

    fn own(line: &str) -> bool {
        own_with(line, &[])
    }

    /// Asserts that each of `lines` is ours (`ours`) or the compiler's.
    fn assert_owner(lines: &[&str], ours: bool) {
        for line in lines {
            assert!(own(line) == ours, "{line:?}: ours should be {ours}");
        }
    }

    #[test]
    fn our_command_lines() {
        assert_owner(
            &[
                "",
                "--help",
                "-V",
                "orange vpns",
                "-o json orange vpns",
                "--output=json -vv --sandbox orange list",
                "-vvv orange create --bandwidth nonsense",
                "--jq .[] config view",
                "help",
                "--version -o json",
            ],
            true,
        );
    }

    #[test]
    fn compiler_command_lines() {
        assert_owner(
            &[
                "-c x.c",
                "-o conftest conftest.c",
                "-v",
                "-vvv",
                "-m64 a.o -o prog",
                "x.c",
                "-E -",
                "--print-prog-name=ld",
                "-o json",
                "-- orange",
                "--profile x.c",
                "--verbose -c x.c",
                "@linker-args",
                "-v --version",
                "--version -o conftest",
            ],
            false,
        );
    }

    #[test]
    fn typos_of_our_commands_are_ours() {
        assert_owner(
            &[
                "conections list",
                "lst",
                "ovhh",
                "orange_list",
                "-o json conections list",
                "--profile prod lst",
                "--dryrun orange list",
                "--verbos ovh list",
                "-x orange list",
                "-Wall orange list",
            ],
            true,
        );
    }

    #[test]
    fn values_of_options_are_skipped_to_find_the_first_word() {
        assert_owner(
            &[
                "-o plan plan.c",
                "-D apply x.c",
                "-U export -c x.c",
                "-I config -c x.c",
                "-L man -o prog x.o",
                "-l api x.o",
                "-include config x.c",
                "-MF plan -MT apply -c x.c",
                "-Xlinker export x.o",
                "-z now -o prog x.o",
                "--param inline-unit-growth=20 -c x.c",
                "-o json",
                "-vo plan",
            ],
            false,
        );
        // A compiler's option before a command name that is also a file: the file is compiled.
        assert!(!own_with("-x c man", &["man"]));
        assert!(own_with("-v man", &["man"]));
        assert!(own("-v -o json orange list"));
        assert!(own("-vo json orange list"));
    }

    #[test]
    fn an_existing_file_is_the_compilers_even_when_it_is_a_bare_word() {
        assert!(!own_with("helloobj -o prog", &["helloobj"]));
        assert!(!own_with("-o prog helloobj", &["helloobj"]));
        assert!(own_with("helloob -o prog", &["helloobj"]));
    }

    #[test]
    fn our_long_options_that_no_compiler_has_are_ours_anywhere_on_the_line() {
        for name in CC_ONLY_LONG_OPTIONS {
            assert!(own(&format!("--{name}")), "--{name}");
            assert!(own(&format!("--{name}=x -c x.c")), "--{name}=x");
        }
        assert!(own("-v --sandbox"));
        assert!(own("--jq . conftest.c"));
        assert!(own("-c x.c --dry-run"));
        assert!(own("-o prog x.c --sandbox"));
        use std::os::unix::ffi::OsStringExt;
        let line = [
            OsString::from_vec(vec![0xff, b'x']),
            OsString::from("--yes"),
        ];
        assert!(is_own_command_line_with(&line, &|_| false));
        assert!(!own("--output"));
        assert!(!own("--config x.cfg -c x.c"));
    }

    /// A new global option must be sorted into one of the two lists: claiming a line on an
    /// option a compiler also has would break builds, so nothing is claimed by default.
    #[test]
    fn every_global_long_option_is_sorted_into_one_list() {
        let tree = crate::cli::Cli::command();
        let mut longs: Vec<&str> = tree.get_arguments().filter_map(|a| a.get_long()).collect();
        longs.extend(["help", "version"]);
        for long in &longs {
            let only = CC_ONLY_LONG_OPTIONS.contains(long);
            let shared = SHARED_LONG_OPTIONS.contains(long);
            assert!(only != shared, "--{long}: in exactly one of the two lists");
        }
        for long in CC_ONLY_LONG_OPTIONS.iter().chain(SHARED_LONG_OPTIONS) {
            assert!(
                longs.contains(long),
                "--{long} is not a global option any more"
            );
        }
    }

    /// The table the compiler lines are read against is the tree's: the same top-level options
    /// (names, shorts, whether they take a value) and the same subcommand names, so a new
    /// option or subcommand cannot be forgotten.
    #[test]
    fn the_static_grammar_is_the_clap_tree_s() {
        let tree = crate::cli::Cli::command();
        let mut from_tree: Vec<(String, Option<char>, bool)> = tree
            .get_arguments()
            .filter_map(|a| {
                let long = a.get_long().map(str::to_owned);
                Some((long?, a.get_short(), a.get_action().takes_values()))
            })
            .filter(|(long, _, _)| !matches!(long.as_str(), "help" | "version"))
            .collect();
        from_tree.sort();
        assert_eq!(
            tree.get_arguments()
                .filter(|a| a.get_long().is_none())
                .count(),
            0,
            "a global option without a long name"
        );
        let mut table: Vec<(String, Option<char>, bool)> = GLOBAL_OPTIONS
            .iter()
            .map(|o| (o.long.to_owned(), o.short, o.takes_value))
            .collect();
        table.sort();
        assert_eq!(table, from_tree);
        let mut built = crate::cli::Cli::command();
        built.build();
        for sub in built.get_subcommands() {
            for name in std::iter::once(sub.get_name()).chain(sub.get_all_aliases()) {
                assert!(is_subcommand(name), "{name} is a subcommand");
            }
        }
        assert!(is_subcommand("help"));
        for word in ["conftest", "cc", "list", "Orange", "plans"] {
            assert!(!is_subcommand(word), "{word} is not a subcommand");
        }
    }
}
