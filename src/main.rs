//! The `cc` binary: hand foreign command lines to the C compiler, run ours.

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The process `cc` runs a `--jq` filter in (`output::Jq::run`).
    if let Some(filter) = cc::env::CC_JQ_WORKER.value() {
        return cc::output::jq_worker(&filter);
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    if !cc::passthrough::is_own_command_line(args.get(1..).unwrap_or_default()) {
        return cc::passthrough::hand_over(&args);
    }
    cc::main(args)
}
