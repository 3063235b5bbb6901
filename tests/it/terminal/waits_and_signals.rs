//! The wait line (it ticks within the width, cuts the name never the state, ends in one line),
//! and Ctrl-C or SIGTERM during a wait, an order in flight, a pick list or a question.

use super::*;

#[test]
fn a_wait_ticks_fits_the_line_and_ends_in_one_line() {
    let env = TestEnv::new();
    let mut args = ORANGE_CREATE.to_vec();
    args.extend(["--network-asn", "64513", "--interval", "1s"]);
    let mut session = pty(
        &env,
        &args,
        &[("CC_SANDBOX_PROVISION_DELAY", "3s"), ("NO_COLOR", "1")],
    );
    // The elapsed time moves between polls, and the line names the connector.
    session.exp_string("Connection to LYON (").expect("named");
    session.exp_string(" 1s").expect("ticks to 1s");
    session.exp_string(" 2s").expect("ticks to 2s");
    let (out, code) = finish(session);
    assert_eq!(code, 0, "{out}");
    let done = plain(&out);
    let last = done
        .lines()
        .find(|l| l.contains('✓'))
        .unwrap_or_else(|| panic!("no ✓ line in {done:?}"));
    assert!(
        last.contains("✓ Connection to LYON (") && last.contains(") is ACTIVE after "),
        "{last:?}"
    );
    for frame in plain(&out).split(['\r', '\n']) {
        assert!(
            console::measure_text_width(frame) <= 80,
            "{frame:?} is wider than the terminal"
        );
    }
}

/// On 80 columns a long name is what gets cut: the state and the goal come first (issue 19).
#[test]
fn a_wait_on_80_columns_cuts_the_name_never_the_state() {
    let env = TestEnv::new();
    let name = "Connection to LYON for the finance team, second site, production";
    let mut args: Vec<&str> = ORANGE_CREATE.to_vec();
    args[4] = name;
    args.extend(["--network-asn", "64513", "--interval", "1s"]);
    let session = pty(
        &env,
        &args,
        &[("CC_SANDBOX_PROVISION_DELAY", "2s"), ("NO_COLOR", "1")],
    );
    let (out, code) = finish(session);
    assert_eq!(code, 0, "{out}");
    let text = plain(&out);
    let frames: Vec<&str> = text
        .split(['\r', '\n'])
        .filter(|f| f.contains(", waiting for ACTIVE: "))
        .collect();
    assert!(!frames.is_empty(), "no wait line in {text:?}");
    for frame in frames {
        assert!(console::measure_text_width(frame) <= 80, "{frame:?}");
        let (state, rest) = frame.split_once(", waiting for ACTIVE: ").unwrap();
        assert!(
            state.trim_end().ends_with(|c: char| c.is_ascii_uppercase()),
            "{frame:?}"
        );
        assert!(rest.starts_with("Connection to LYON for the"), "{frame:?}");
        assert!(!rest.contains("production"), "the name is cut: {frame:?}");
    }
}

#[test]
fn ctrl_c_in_a_wait_names_the_resource_and_shows_the_cursor() {
    let env = TestEnv::new();
    let mut args = ORANGE_CREATE.to_vec();
    args.extend(["--network-asn", "64513"]);
    let mut session = pty(&env, &args, &[("CC_SANDBOX_PROVISION_DELAY", "10m")]);
    session
        .exp_string("waiting for ACTIVE")
        .expect("the wait started");
    session.send_control('c').expect("ctrl-c");
    let (out, code) = finish(session);
    assert_eq!(code, 130, "{out}");
    let text = plain(&out);
    assert!(
        text.contains("interrupted while waiting for Connection to LYON ("),
        "{text}"
    );
    assert!(text.contains("cc --sandbox orange wait "), "{text}");
    assert!(out.contains("\x1b[?25h"), "cursor shown again: {out:?}");
}

/// Runs `cmd` as a supervisor would (no terminal), sends it SIGTERM once a line of its stderr
/// holds `at`, and gives its exit code and the stderr after that line.
#[cfg(unix)]
fn sigterm_once(mut cmd: std::process::Command, at: &str) -> (Option<i32>, String) {
    use std::io::{BufRead, BufReader, Read};
    cmd.stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn cc");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    while !seen.contains(at) {
        let mut line = String::new();
        let read = stderr.read_line(&mut line).expect("read stderr");
        assert!(read > 0, "cc ended before `{at}`: {seen}");
        seen.push_str(&line);
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    (child.wait().unwrap().code(), rest)
}

/// SIGTERM (`kill`, `timeout`, a CI runner) ends `cc` as Ctrl-C does, naming what was in
/// flight and how to resume it, with exit 143 (issue 19). A plain process, as a supervisor runs it.
#[cfg(unix)]
#[test]
fn sigterm_in_a_wait_ends_like_ctrl_c_with_exit_143() {
    let env = TestEnv::new();
    let mut cmd = env.std_cc();
    cmd.args(ORANGE_CREATE)
        .args(["--network-asn", "64513", "-v"])
        .env("CC_SANDBOX_PROVISION_DELAY", "10m");
    let (code, rest) = sigterm_once(cmd, "waiting for Connection to LYON (");
    assert_eq!(code, Some(143), "{rest}");
    assert!(
        rest.contains("error: terminated while waiting for Connection to LYON ("),
        "{rest}"
    );
    assert!(rest.contains("resume: cc --sandbox orange wait "), "{rest}");
}

/// A signal while an order is in flight: the order may have been taken, so `cc` says how to
/// look for it before ordering again (it neither resends nor looks: the user asked to stop).
#[cfg(unix)]
#[test]
fn sigterm_while_an_order_is_in_flight_says_to_look_before_ordering_again() {
    let env = TestEnv::new();
    let mut cmd = env.std_cc();
    cmd.args([
        "--sandbox",
        "-vv",
        "huawei",
        "create",
        "--name",
        "in-flight",
    ])
    .env("CC_SANDBOX_LATENCY", "5s");
    let (code, rest) = sigterm_once(cmd, "> POST ");
    assert_eq!(code, Some(143), "{rest}");
    assert!(
        rest.contains("error: terminated while ordering the cloud connection named `in-flight`"),
        "{rest}"
    );
    assert!(
        rest.contains("the order may have been taken: look with `cc --sandbox huawei list"),
        "{rest}"
    );
}

#[test]
fn ctrl_c_in_a_pick_list_says_where_and_shows_the_cursor() {
    let env = TestEnv::new();
    let mut session = pty(&env, ORANGE_ASKING, &[]);
    session
        .exp_string("Technical VPN")
        .expect("the VPN pick-list");
    session.exp_string("VPNName3").expect("its choices");
    session.send_control('c').expect("ctrl-c");
    let (out, code) = finish(session);
    assert_eq!(code, 130, "{out}");
    assert!(
        plain(&out).contains("interrupted at the `--vpn` question"),
        "{out}"
    );
    assert!(out.contains("\x1b[?25h"), "cursor shown again: {out:?}");
}

/// SIGTERM at a question (the run is blocked reading the terminal) still ends `cc` with 143,
/// naming the question, and shows the cursor again (issue 19).
#[test]
fn sigterm_at_a_question_ends_with_143_naming_it() {
    let env = TestEnv::new();
    let mut session = pty(&env, ORANGE_ASKING, &[]);
    session.exp_string("VPNName3").expect("the VPN pick-list");
    session
        .process_mut()
        .signal(rexpect::process::Signal::SIGTERM)
        .expect("SIGTERM");
    let (out, code) = finish(session);
    assert_eq!(code, 143, "{out}");
    assert!(
        plain(&out).contains("error: terminated at the `--vpn` question; nothing was changed"),
        "{out}"
    );
    assert!(out.contains("\x1b[?25h"), "cursor shown again: {out:?}");
}
