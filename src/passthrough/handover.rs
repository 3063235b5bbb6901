//! Running the next C compiler on `PATH` in this process's place (`CLI.md` §6).
//!
//! Every compile and link of a build with `cc` first on `PATH` passes through here, so the
//! search costs one `stat` per `PATH` entry and nothing more: a candidate is recognised by its
//! device and inode (the file a symbolic link or a hard link leads to), not by resolving its
//! path component by component, and a directory listed twice is looked at once. This binary is
//! known by `stat` of the file the kernel started; `exec` then replaces the process, so the
//! compiler's stdin, stdout, signals and exit status are the caller's without a copy.
//!
//! `CC_HANDOVER_SEEN` carries the binaries already tried, this one and the compiler it hands to,
//! to the handed-over process: two copies of `cc` on `PATH`, or a compiler wrapper that runs
//! `cc` from `PATH` again, cannot pass a command line back and forth for ever.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The exit status when no compiler could be run (none on `PATH`, or its `exec` failed), as a
/// shell says for a command it cannot find.
pub const NO_COMPILER: u8 = 127;

/// Set on the handed-over process: the binaries already tried.
pub const SEEN_VAR: &str = crate::env::CC_HANDOVER_SEEN.name;

/// The compiler a line is handed to, and what it inherits in [`SEEN_VAR`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextCompiler {
    /// The next `cc` on `PATH` that is neither this binary nor one already tried.
    pub path: PathBuf,
    /// The binaries tried so far, this one and `path` included: the value of [`SEEN_VAR`].
    pub seen: OsString,
}

/// Runs `next` (see [`next_compiler`]) with the same arguments, in this process's place;
/// [`NO_COMPILER`] with one line on stderr if it cannot be run (on Unix this returns only then:
/// the compiler replaces the process).
///
/// The caller sets [`SEEN_VAR`] to `next.seen` in its own environment first (`set_var`, which
/// needs the process to have a single thread: the binary does it before its runtime starts),
/// and the compiler inherits it. Given to a `Command` instead, the variable made it copy the
/// whole environment into a map to build the new one: 77,000 instructions of the 99,000 that
/// the hand-over cost (`valgrind`, a 39-variable environment).
pub fn hand_over(next: &NextCompiler, args: &[OsString]) -> ExitCode {
    let mut command = std::process::Command::new(&next.path);
    command.args(args.iter().skip(1));
    // argv[0] is the compiler's own path, as ccache does: gcc finds cc1 and its libraries
    // relative to argv[0], and a bare `cc` would lead it back to this binary's directory.
    run(command, next.path.as_os_str())
}

/// The next `cc` on `PATH` that is not this binary (nor one of [`SEEN_VAR`]); without one,
/// [`NO_COMPILER`] with one line on stderr.
pub fn next_compiler() -> Result<NextCompiler, ExitCode> {
    let mut seen: Vec<PathBuf> = std::env::var_os(SEEN_VAR)
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    let mut skip: Vec<FileId> = seen.iter().filter_map(|p| FileId::of(p)).collect();
    skip.extend(FileId::of_this_binary());
    seen.extend(std::env::current_exe().ok());
    let Some(path) = find_next_cc(&skip) else {
        crate::log::line(
            0,
            "cc: this is not a cc command line, and there is no other `cc` (C compiler) on PATH to hand it to; see `cc --help`",
        );
        return Err(ExitCode::from(NO_COMPILER));
    };
    seen.push(path.clone());
    let seen = std::env::join_paths(&seen).unwrap_or_default();
    Ok(NextCompiler { path, seen })
}

/// The first `DIR/cc` of `PATH` that is an executable file other than those of `skip`.
fn find_next_cc(skip: &[FileId]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    first_executable_cc(path_entries(&path), skip)
}

fn first_executable_cc<D>(dirs: impl Iterator<Item = D>, skip: &[FileId]) -> Option<PathBuf>
where
    D: AsRef<OsStr> + PartialEq,
{
    let mut candidate = PathBuf::new();
    let mut looked: Vec<D> = Vec::new();
    for dir in dirs {
        if looked.contains(&dir) {
            continue;
        }
        candidate.clear();
        // An empty entry is the current directory, as for the shell.
        let d = dir.as_ref();
        candidate.push(if d.is_empty() { OsStr::new(".") } else { d });
        candidate.push("cc");
        if FileId::of_executable(&candidate).is_some_and(|id| !skip.contains(&id)) {
            return Some(candidate);
        }
        looked.push(dir);
    }
    None
}

/// The entries of a `PATH` value, borrowed from it (no allocation per entry).
#[cfg(unix)]
fn path_entries(path: &OsStr) -> impl Iterator<Item = &OsStr> {
    use std::os::unix::ffi::OsStrExt;
    path.as_bytes().split(|b| *b == b':').map(OsStr::from_bytes)
}

#[cfg(not(unix))]
fn path_entries(path: &OsStr) -> std::env::SplitPaths<'_> {
    std::env::split_paths(path)
}

/// What identifies a file whatever the path to it: its device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
}

#[cfg(unix)]
impl FileId {
    fn from_metadata(meta: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }

    /// The file `path` leads to, if there is one.
    fn of(path: &Path) -> Option<Self> {
        std::fs::metadata(path)
            .ok()
            .map(|m| Self::from_metadata(&m))
    }

    /// The file `path` leads to if it is a regular file someone may execute: one `stat`.
    fn of_executable(path: &Path) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).ok()?;
        let executable = meta.is_file() && meta.permissions().mode() & 0o111 != 0;
        executable.then(|| Self::from_metadata(&meta))
    }

    /// This binary: on Linux the file the kernel started, whatever link led to it.
    fn of_this_binary() -> Option<Self> {
        let proc_exe = cfg!(target_os = "linux")
            .then(|| Self::of(Path::new("/proc/self/exe")))
            .flatten();
        proc_exe.or_else(|| Self::of(&std::env::current_exe().ok()?))
    }
}

#[cfg(not(unix))]
impl FileId {
    // Without inodes, the canonical path stands for the file (its hash, to keep one type).
    fn of(path: &Path) -> Option<Self> {
        use std::hash::{Hash, Hasher};
        let canonical = std::fs::canonicalize(path).ok()?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        canonical.hash(&mut hasher);
        Some(FileId {
            dev: 0,
            ino: hasher.finish(),
        })
    }

    fn of_executable(path: &Path) -> Option<Self> {
        std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        Self::of(path)
    }

    fn of_this_binary() -> Option<Self> {
        Self::of(&std::env::current_exe().ok()?)
    }
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
    ExitCode::from(NO_COMPILER)
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
            ExitCode::from(NO_COMPILER)
        }
    }
}
