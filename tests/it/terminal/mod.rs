//! What a person at a terminal meets, on a real pseudo-terminal (rexpect): colour on and off,
//! tables at 80 columns and narrower, `cc api`'s JSON, the wait line, the interactive create
//! and Ctrl-C. The terminal is set to 80 columns (or narrower) with `stty` before `cc` starts,
//! so widths come from the terminal itself.
//! Off-terminal counterparts (`CLICOLOR_FORCE`, the empty list) run as plain processes.

mod colour_and_width;
mod questions;
mod secrets;
mod waits_and_signals;

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use crate::common::{TestEnv, assert_code, run, stderr, stdout};

/// The flags of an Orange create against the sandbox's seeded values, but `--network-asn`.
const ORANGE_CREATE: &[&str] = &[
    "--sandbox",
    "orange",
    "create",
    "--name",
    "Connection to LYON",
    "--bandwidth",
    "50",
    "--vpn",
    "VPNName3",
    "--credential",
    "Azure_Credential_1",
    "--pop",
    "POP4",
    "--region",
    "northeurope",
    "--resource-group",
    "rg-3",
    "--vnet",
    "vnet-02",
    "--azure-asn",
    "64512",
];

/// An Orange create that asks for the rest, starting with the VPN pick-list.
const ORANGE_ASKING: &[&str] = &[
    "--sandbox",
    "orange",
    "create",
    "--name",
    "x",
    "--bandwidth",
    "50",
];

/// `cc args` on an 80x24 pseudo-terminal, with colour allowed (no `NO_COLOR`) and `env` added.
pub(crate) fn pty(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> PtySession {
    pty_of(80, env, args, vars)
}

/// [`pty`] on a terminal `cols` wide.
fn pty_of(cols: u16, env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> PtySession {
    let cc = env.std_cc();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(r#"stty cols {cols} rows 24 && exec "$0" "$@""#))
        .arg(cc.get_program())
        .args(args);
    for (key, value) in cc.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env("TERM", "xterm-256color");
    for (key, value) in vars {
        cmd.env(key, value);
    }
    rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn cc on a pty")
}

/// rexpect hands back each byte as a char: the UTF-8 text `cc` wrote.
fn utf8(text: &str) -> String {
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A key typed at a question that reads one key: after a pause, since the prompt switches the
/// terminal to raw mode only once drawn, and a key typed before that is dropped.
pub(crate) fn press(session: &mut PtySession, key: &str) {
    std::thread::sleep(std::time::Duration::from_millis(500));
    session.send(key).expect("type a key");
    session.flush().expect("flush the key");
}

/// Waits for `question`, then types `line` and Enter.
pub(crate) fn answer(session: &mut PtySession, question: &str, line: &str) {
    session
        .exp_string(question)
        .unwrap_or_else(|e| panic!("`{question}` not asked: {e}"));
    session.send_line(line).expect("type a line");
}

/// Waits for the confirmation `question`, answers `y`, and reads what `cc` prints until it
/// exits, which must be 0: that text without its ANSI escapes.
pub(crate) fn confirmed(mut session: PtySession, question: &str) -> String {
    answer(&mut session, question, "y");
    let (out, code) = finish(session);
    assert_eq!(code, 0, "{out}");
    plain(&out)
}

/// At the first of a Console Connect create's port pick-lists: takes the port offered first
/// there and at the second (Enter at each).
pub(crate) fn take_the_offered_ports(session: &mut PtySession) {
    press(session, "\r");
    session
        .exp_string("Second source port")
        .expect("a second port");
    press(session, "\r");
}

/// Everything until `cc` exits, and its exit code.
pub(crate) fn finish(mut session: PtySession) -> (String, i32) {
    let rest = utf8(&session.exp_eof().expect("cc ends"));
    let code = match session.process().wait().expect("wait for cc") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("cc did not exit normally: {other:?}\n{rest}"),
    };
    (rest, code)
}

/// Text without its ANSI escapes.
pub(crate) fn plain(text: &str) -> String {
    console::strip_ansi_codes(text).into_owned()
}
