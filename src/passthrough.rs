//! Handing command lines that are not ours to the system C compiler (`CLI.md` §6).
//!
//! `cc` is also the C compiler's name, and rustc, make, autoconf and pip call `cc` to compile and
//! link. An installed `cc` that answered `cc -o conftest conftest.c` with a usage error would
//! break every build on the machine. So, the way ccache masquerades, a command line is ours only
//! if it parses as one of our subcommands (global options may come first) or is exactly
//! `--help`, `-h`, `--version` or `-V` (the version also with the output options alone, see
//! `version`); anything else is handed over unchanged (argv, stdin, exit status) to the next
//! `cc` on `PATH` that is not this binary.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::process::ExitCode;

/// Set on the handed-over process: the binaries already tried, so that two copies of `cc` on
/// `PATH` cannot hand a command line back and forth for ever.
const SEEN_VAR: &str = "CC_HANDOVER_SEEN";

/// Whether `args` (without argv[0]) is a command line of ours for the clap tree `cmd`.
pub fn is_own_command_line(cmd: &clap::Command, args: &[OsString]) -> bool {
    let Some(args) = args
        .iter()
        .map(|a| a.to_str())
        .collect::<Option<Vec<&str>>>()
    else {
        return false;
    };
    if args.is_empty() {
        return true;
    }
    if matches!(args.as_slice(), ["--help" | "-h"]) || crate::version::request(&args).is_some() {
        return true;
    }
    let options: Vec<&clap::Arg> = cmd.get_arguments().collect();
    let takes_value = |arg: &clap::Arg| arg.get_action().takes_values();
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        if let Some(long) = a.strip_prefix("--") {
            if long.is_empty() {
                return false;
            }
            let (name, inline) = match long.split_once('=') {
                Some((n, _)) => (n, true),
                None => (long, false),
            };
            if matches!(name, "help" | "version") {
                i += 1;
                continue;
            }
            let Some(arg) = options.iter().find(|o| o.get_long() == Some(name)) else {
                return false;
            };
            if takes_value(arg) && !inline {
                i += 1;
            }
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            for (pos, c) in shorts.char_indices() {
                if matches!(c, 'h' | 'V') {
                    continue;
                }
                let Some(arg) = options.iter().find(|o| o.get_short() == Some(c)) else {
                    return false;
                };
                if takes_value(arg) {
                    if pos + c.len_utf8() == shorts.len() {
                        i += 1;
                    }
                    break;
                }
            }
        } else {
            return a == "help" || cmd.find_subcommand(a).is_some();
        }
        i += 1;
    }
    false
}

/// Runs the next `cc` on `PATH` that is not this binary with the same arguments, and returns
/// its exit status; 127 with one line on stderr if there is none.
pub fn hand_over(args: &[OsString]) -> ExitCode {
    let me = std::env::current_exe().and_then(std::fs::canonicalize).ok();
    let mut seen: Vec<PathBuf> = std::env::var_os(SEEN_VAR)
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    seen.extend(me.clone());
    let Some(next) = find_next_cc(&seen) else {
        crate::log::line(
            0,
            "cc: this is not a cc command line, and there is no other `cc` (C compiler) on PATH to hand it to; see `cc --help`",
        );
        return ExitCode::from(127);
    };
    let seen_value = std::env::join_paths(&seen).unwrap_or_default();
    let mut command = std::process::Command::new(&next);
    command.args(args.iter().skip(1)).env(SEEN_VAR, seen_value);
    // argv[0] is the compiler's own path, as ccache does: gcc finds cc1 and its libraries
    // relative to argv[0], and a bare `cc` would lead it back to this binary's directory.
    run(command, next.as_os_str())
}

fn find_next_cc(seen: &[PathBuf]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let candidate = dir.join("cc");
        let canonical = std::fs::canonicalize(&candidate).ok()?;
        let usable = canonical.is_file() && is_executable(&canonical) && !seen.contains(&canonical);
        usable.then_some(candidate)
    })
}

#[cfg(unix)]
fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_path: &std::path::Path) -> bool {
    true
}

#[cfg(unix)]
fn run(mut command: std::process::Command, argv0: &OsStr) -> ExitCode {
    use std::os::unix::process::CommandExt;
    // exec replaces this process: stdin, stdout, signals and the exit status are the compiler's.
    let err = command.arg0(argv0).exec();
    crate::log::line(
        0,
        format!("cc: cannot run {:?}: {err}", command.get_program()),
    );
    ExitCode::from(127)
}

#[cfg(not(unix))]
fn run(mut command: std::process::Command, _argv0: &OsStr) -> ExitCode {
    match command.status() {
        Ok(status) => ExitCode::from(status.code().unwrap_or(1) as u8),
        Err(err) => {
            crate::log::line(
                0,
                format!("cc: cannot run {:?}: {err}", command.get_program()),
            );
            ExitCode::from(127)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn own(line: &str) -> bool {
        let args: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        is_own_command_line(&crate::cli::Cli::command(), &args)
    }

    #[test]
    fn our_command_lines() {
        assert!(own(""));
        assert!(own("--help"));
        assert!(own("-V"));
        assert!(own("orange vpns"));
        assert!(own("-o json orange vpns"));
        assert!(own("--output=json -vv --sandbox orange list"));
        assert!(own("-vvv orange create --bandwidth nonsense"));
        assert!(own("--jq .[] config view"));
        assert!(own("help"));
        assert!(own("--version -o json"));
    }

    #[test]
    fn compiler_command_lines() {
        assert!(!own("-c x.c"));
        assert!(!own("-o conftest conftest.c"));
        assert!(!own("-v"));
        assert!(!own("-vvv"));
        assert!(!own("-m64 a.o -o prog"));
        assert!(!own("x.c"));
        assert!(!own("-E -"));
        assert!(!own("--print-prog-name=ld"));
        assert!(!own("-o json"));
        assert!(!own("-- orange"));
        assert!(!own("-v --version"));
        assert!(!own("--version -o conftest"));
    }
}
