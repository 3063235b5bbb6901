//! The `cc` binary: hand foreign command lines to the C compiler, run ours.
//!
//! With glibc the decision is taken before Rust's runtime starts (see [`early`]): a compile
//! that passes through `cc` then costs the dynamic loader and the `exec`, not the runtime's
//! set-up, which reads and parses `/proc/self/maps` (about 85,000 instructions, a sixth of a
//! `cc --version`) to place the main thread's stack guard.

use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when [`early`] has read the command line as ours, so that `main` does not read it again.
static CLASSIFIED_OURS: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    // The process `cc` runs a `--jq` filter in (`output::Jq::run`).
    if let Some(filter) = cc::env::CC_JQ_WORKER.value() {
        return cc::output::jq_worker(&filter);
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    if !CLASSIFIED_OURS.load(Ordering::Relaxed)
        && !cc::passthrough::is_own_command_line(args.get(1..).unwrap_or_default())
    {
        // SAFETY: first in `main`, before anything could start a thread.
        return unsafe { hand_over(&args) };
    }
    cc::main(args)
}

/// Hands `args` to the next C compiler on `PATH` (`passthrough::hand_over`), which inherits
/// `CC_HANDOVER_SEEN` from this process's environment.
///
/// # Safety
///
/// No other thread may be running: the environment is changed (`std::env::set_var`).
unsafe fn hand_over(args: &[OsString]) -> ExitCode {
    let next = match cc::passthrough::next_compiler() {
        Ok(next) => next,
        Err(code) => return code,
    };
    // SAFETY: the caller guarantees that this is the only thread.
    unsafe { std::env::set_var(cc::passthrough::SEEN_VAR, &next.seen) };
    cc::passthrough::hand_over(&next, args)
}

/// The hand-over of a compiler line, run by glibc among the binary's initialisers
/// (`.init_array`), before Rust's runtime: glibc passes them `argc`, `argv` and `envp`, as std
/// relies on for its own `args`. A line that is not ours is handed over from here (`exec`
/// does not return); for one of ours this returns and `main` runs as usual, after the
/// runtime's set-up (the `SIGPIPE` disposition, the stack-overflow handler, the main thread's
/// name), which is therefore unchanged for every command of `cc`. Nothing here needs that
/// set-up: the classification reads the words and `stat`s files, the hand-over reads `PATH`
/// and calls `execvp`. musl calls initialisers without arguments, so elsewhere `main` decides.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod early {
    use std::ffi::{CStr, OsStr, OsString, c_char, c_int};
    use std::os::unix::ffi::OsStrExt;
    use std::sync::atomic::Ordering;

    type Initialiser = extern "C" fn(c_int, *const *const c_char, *const *const c_char);

    #[used]
    #[unsafe(link_section = ".init_array")]
    static HAND_OVER_EARLY: Initialiser = hand_over_early;

    extern "C" fn hand_over_early(
        argc: c_int,
        argv: *const *const c_char,
        _envp: *const *const c_char,
    ) {
        if argv.is_null() || cc::env::CC_JQ_WORKER.value().is_some() {
            return;
        }
        let count = usize::try_from(argc).unwrap_or(0);
        let args: Vec<OsString> = (0..count)
            // SAFETY: glibc passes the `argc` NUL-terminated strings of `argv` (the
            // process's own, alive until it exits), as to `main`.
            .map(|i| unsafe { *argv.add(i) })
            .take_while(|arg| !arg.is_null())
            .map(|arg| OsStr::from_bytes(unsafe { CStr::from_ptr(arg) }.to_bytes()).to_owned())
            .collect();
        if cc::passthrough::is_own_command_line(args.get(1..).unwrap_or_default()) {
            super::CLASSIFIED_OURS.store(true, Ordering::Relaxed);
            return;
        }
        // Returns only when no compiler could be run, having said why on stderr.
        // SAFETY: initialisers run before `main`, on the only thread there is.
        let _ = unsafe { super::hand_over(&args) };
        std::process::exit(i32::from(cc::passthrough::NO_COMPILER));
    }
}
