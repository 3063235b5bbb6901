//! The `cc` binary: hand foreign command lines to the C compiler, run ours.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::CommandFactory;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // Built once: the compiler check reads it, `cc::main` parses with it.
    let tree = cc::cli::Cli::command();
    if !cc::passthrough::is_own_command_line(&tree, &args[1..]) {
        return cc::passthrough::hand_over(&args);
    }
    cc::main(tree, args)
}
