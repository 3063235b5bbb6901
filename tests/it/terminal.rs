//! What a person at a terminal meets, on a real pseudo-terminal (rexpect): colour on and off,
//! tables at 80 columns and narrower, `cc api`'s JSON, the wait line, the interactive create
//! and Ctrl-C. The terminal is set to 80 columns (or narrower) with `stty` before `cc` starts,
//! so widths come from the terminal itself.
//! Off-terminal counterparts (`CLICOLOR_FORCE`, the empty list) run as plain processes.

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

#[test]
fn states_are_coloured_on_a_terminal() {
    let env = TestEnv::new();
    let (out, code) = finish(pty(&env, &["--sandbox", "orange", "list"], &[]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\x1b[32mACTIVE\x1b[0m"), "{out:?}");
}

#[test]
fn no_color_and_the_flag_turn_colour_off_on_a_terminal() {
    let env = TestEnv::new();
    for (args, vars) in [
        (
            &["--sandbox", "orange", "list"][..],
            &[("NO_COLOR", "1")][..],
        ),
        (&["--sandbox", "--no-color", "orange", "list"][..], &[][..]),
        (
            &["--sandbox", "--no-color", "orange", "list"][..],
            &[("CLICOLOR_FORCE", "1")][..],
        ),
    ] {
        let (out, code) = finish(pty(&env, args, vars));
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("ACTIVE"), "{out}");
        assert!(!out.contains("\x1b["), "{args:?} {vars:?}: {out:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn colour_is_off_off_a_terminal_unless_forced() {
    let env = TestEnv::new();
    let args = ["--sandbox", "-o", "table", "orange", "list"];
    let mut cmd = env.cc();
    cmd.env_remove("NO_COLOR").args(args);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(!stdout(&out).contains("\x1b["), "{}", stdout(&out));

    let mut cmd = env.cc();
    cmd.env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(args);
    let out = run(cmd).await;
    assert!(
        stdout(&out).contains("\x1b[32mACTIVE\x1b[0m"),
        "{}",
        stdout(&out)
    );

    // `error:` is red when forced, plain otherwise; doctor's `ok` is green.
    let bad = ["--sandbox", "orange", "get", "no-such-connector"];
    let mut cmd = env.cc();
    cmd.env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(bad);
    let out = run(cmd).await;
    assert_code(&out, 4);
    assert!(
        stderr(&out).starts_with("\x1b[1m\x1b[31merror:"),
        "{:?}",
        stderr(&out)
    );
    let mut cmd = env.cc();
    cmd.env_remove("NO_COLOR").args(bad);
    assert!(stderr(&run(cmd).await).starts_with("error:"));

    let mut cmd = env.cc();
    cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1").args([
        "--sandbox",
        "-o",
        "table",
        "doctor",
    ]);
    let out = run(cmd).await;
    assert!(
        stdout(&out).contains("\x1b[32mok\x1b[0m"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn tables_fit_80_columns_without_breaking_an_id() {
    let env = TestEnv::new();
    for (args, id) in [
        (
            &["--sandbox", "orange", "list"][..],
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ),
        (
            &["--sandbox", "huawei", "network-instances", "list"][..],
            "7b2c3d4e-0000-4000-8000-000000000001",
        ),
    ] {
        let (out, code) = finish(pty(&env, args, &[("NO_COLOR", "1")]));
        assert_eq!(code, 0, "{out}");
        let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines[0].starts_with("ID "), "{out}");
        for line in &lines {
            assert!(
                console::measure_text_width(line.trim_end_matches('\r')) <= 80,
                "{line:?} in\n{out}"
            );
        }
        assert!(
            lines.iter().any(|l| l.starts_with(id)),
            "{id} whole in\n{out}"
        );
        assert!(!out.contains("[\""), "no JSON in a cell:\n{out}");
    }
}

/// On a 60-column terminal `console-connect list` keeps STATUS and drops TYPE, and a 40-column
/// `get` lets an id run past the edge rather than break it.
#[test]
fn narrow_terminals_keep_the_facts_and_the_ids_whole() {
    let env = TestEnv::new();
    let list = ["--sandbox", "console-connect", "list"];
    let (out, code) = finish(pty_of(60, &env, &list, &[("NO_COLOR", "1")]));
    assert_eq!(code, 0, "{out}");
    let header = out
        .lines()
        .find(|l| l.starts_with("ID "))
        .unwrap_or_default();
    assert!(
        header.contains("STATUS") && !header.contains("TYPE"),
        "{out}"
    );
    let get = ["--sandbox", "huawei", "get", "cc-paris"];
    let (out, code) = finish(pty_of(40, &env, &get, &[("NO_COLOR", "1")]));
    assert_eq!(code, 0, "{out}");
    let id = "6a1b2c3d-0000-4000-8000-000000000001";
    assert!(
        out.lines()
            .any(|l| l.trim_end().ends_with(&format!("  {id}"))),
        "{id} whole on one line in\n{out}"
    );
}

/// `cc api` prints the provider's JSON on a terminal too, as `gh api` does, not a table.
#[test]
fn api_prints_json_on_a_terminal() {
    let env = TestEnv::new();
    let args = [
        "--sandbox",
        "api",
        "orange",
        "GET",
        "/api/v1/network/pointsofpresence/ipsec?limit=2&offset=0",
    ];
    let (out, code) = finish(pty(&env, &args, &[("NO_COLOR", "1")]));
    assert_eq!(code, 0, "{out}");
    let text = out.replace('\r', "");
    let json: serde_json::Value = serde_json::from_str(text.trim()).expect(&text);
    assert_eq!(json[0]["popId"], "P1", "{text}");
    assert!(text.contains("\"popCountryCode\": \"FR\""), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_list_is_its_header_and_a_line_on_stderr() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "-o",
        "table",
        "huawei",
        "list",
        "--status",
        "ERROR",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    assert!(stdout(&out).starts_with("ID "), "{}", stdout(&out));
    assert!(stderr(&out).contains("nothing matched"), "{}", stderr(&out));

    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "-o",
        "json",
        "huawei",
        "list",
        "--status",
        "ERROR",
    ]);
    let out = run(cmd).await;
    assert_eq!(stdout(&out).trim(), "[]");
    assert_eq!(stderr(&out), "");
}

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

#[test]
fn the_interactive_create_reasks_a_clash_shows_the_order_and_the_command() {
    let env = TestEnv::new();
    let mut session = pty(
        &env,
        ORANGE_CREATE,
        &[("CC_SANDBOX_PROVISION_DELAY", "0s"), ("NO_COLOR", "1")],
    );
    // The same ASN as Azure's: refused on the spot, and asked again.
    answer(&mut session, "Orange network-side ASN", "64512");
    answer(
        &mut session,
        "the two BGP sides need different ASNs",
        "64513",
    );
    session
        .exp_string("The order, as it will be sent:")
        .expect("a summary");
    let summary = utf8(
        &session
            .exp_string("Order this connector? [y/N]")
            .expect("a confirmation"),
    );
    assert!(
        summary.contains("Connection to LYON") && summary.contains("64513"),
        "{summary}"
    );
    session.send_line("yes").expect("confirm with a line");
    session
        .exp_string("To do the same without questions:")
        .expect("the command line");
    let (out, code) = finish(session);
    assert_eq!(code, 0, "{out}");
    let text = plain(&out);
    assert!(
        text.contains("cc --sandbox orange create --name 'Connection to LYON' --bandwidth 50")
            && text.contains("--azure-asn 64512 --network-asn 64513"),
        "{text}"
    );
}

/// The Orange create of [`ORANGE_CREATE`] on a terminal, its one question answered, at the
/// confirmation of the order.
fn at_the_order_confirmation(env: &TestEnv) -> PtySession {
    let mut session = pty(env, ORANGE_CREATE, &[("NO_COLOR", "1")]);
    answer(&mut session, "Orange network-side ASN", "64513");
    session
        .exp_string("Order this connector? [y/N]")
        .expect("a confirmation");
    session
}

#[test]
fn declining_the_order_sends_nothing() {
    let env = TestEnv::new();
    let mut session = at_the_order_confirmation(&env);
    session.send_line("n").expect("decline with a line");
    let (out, code) = finish(session);
    assert_eq!(code, 9, "{out}");
    assert!(!plain(&out).contains("To do the same"), "{out}");
}

#[test]
fn a_confirmation_is_a_line_and_only_y_or_yes_confirms() {
    // `yo` starts with a `y`: a single-key confirmation would have ordered at the `y`.
    let env = TestEnv::new();
    let mut session = at_the_order_confirmation(&env);
    press(&mut session, "y");
    press(&mut session, "o\r");
    let (out, code) = finish(session);
    assert_eq!(code, 9, "{out}");
    assert!(
        plain(&out).contains("declined; nothing was changed"),
        "{out}"
    );
    assert!(!plain(&out).contains("To do the same"), "{out}");
}

#[test]
fn the_console_connect_create_offers_ports_with_their_free_capacity() {
    let env = TestEnv::new();
    let args = [
        "--sandbox",
        "console-connect",
        "azure",
        "create",
        "--service-key",
        "1d6a2b88-8d4c-4c2f-8e1f-6b2c3d4e5f60",
        "--name",
        "er-lyon",
        "--speed",
        "50",
    ];
    let mut session = pty(
        &env,
        &args,
        &[("CC_SANDBOX_PROVISION_DELAY", "0s"), ("NO_COLOR", "1")],
    );
    session
        .exp_string("First source port")
        .expect("a port pick-list");
    session.exp_string("Mbps free").expect("with free capacity");
    take_the_offered_ports(&mut session);
    let summary = session
        .exp_string("Order this connection? [y/N]")
        .expect("a confirmation");
    session.send_line("Y").expect("confirm with a line");
    let (out, code) = finish(session);
    assert_eq!(code, 0, "{out}");
    let text = plain(&out);
    let summary = plain(&summary);
    assert!(
        // Enter at the second port takes a second port: Azure wants the pair redundant.
        text.contains("cc --sandbox console-connect azure create --service-key '<service key>' --name er-lyon --port 5893d943878d635dde318022 --port 5893d943878d635dde318023 --speed 50"),
        "{text}"
    );
    // The key is a credential: not in the summary, the equivalent command (a placeholder, with
    // a note) or the connection printed.
    assert!(
        text.contains("(<service key> not repeated, a key being a credential"),
        "{text}"
    );
    assert!(summary.contains("azureServiceKey"), "{summary}");
    for shown in [&summary, &text] {
        assert!(
            !shown.contains("1d6a2b88-8d4c-4c2f-8e1f-6b2c3d4e5f60"),
            "{shown}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_connect_create_off_a_terminal_names_the_missing_flags() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args([
        "--sandbox",
        "console-connect",
        "azure",
        "create",
        "--name",
        "x",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("missing --service-key, --port, --speed: required off a terminal"),
        "{}",
        stderr(&out)
    );
}

/// `cc --sandbox huawei network-instances create` of VPC `vpc-lyon` in eu-west-0 on a terminal,
/// `more` flags given and the rest asked.
fn network_instance_wizard(env: &TestEnv, more: &[&str]) -> PtySession {
    let project = "0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09";
    let create = ["--sandbox", "huawei", "network-instances", "create"];
    let given = [
        "--name",
        "vpc-lyon",
        "--type",
        "vpc",
        "--region-id",
        "eu-west-0",
    ];
    let args = [&create[..], &given, &["--project-id", project], more].concat();
    pty(env, &args, &[("NO_COLOR", "1")])
}

/// The question of [`network_instance_wizard`]'s confirmation.
const CREATE_IT: &str = "Create this network instance? [y/N]";

#[test]
fn the_huawei_network_instance_create_asks_on_a_terminal() {
    let env = TestEnv::new();
    let free_vpc = ["--instance-id", "5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"];
    let mut session = network_instance_wizard(&env, &free_vpc);
    session
        .exp_string("Cloud connection")
        .expect("a cloud connection pick-list");
    session.exp_string("cc-paris").expect("its choices");
    press(&mut session, "\r");
    answer(&mut session, "A subnet it publishes", "10.9.0.0/24");
    let out = confirmed(session, CREATE_IT);
    assert!(
        out.contains("--cloud-connection 6a1b2c3d-0000-4000-8000-000000000001 --name vpc-lyon"),
        "{out}"
    );
}

#[test]
fn the_huawei_network_instance_wizard_reasks_a_loaded_vpc_and_an_overlapping_cidr() {
    let env = TestEnv::new();
    let mut session = network_instance_wizard(&env, &["--cloud-connection", "cc-paris"]);
    // vpc-paris's VPC: loaded already, so asked again (the rule named), not refused at the end.
    let loaded = "3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f";
    answer(&mut session, "VPC or virtual gateway id", loaded);
    let free = "5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    answer(&mut session, "huawei-vpc-loaded-once", free);
    // Inside vpc-paris's 192.168.0.0/24: asked again.
    answer(&mut session, "A subnet it publishes", "192.168.0.128/25");
    answer(&mut session, "huawei-cidrs-disjoint", "10.9.0.0/24");
    let out = confirmed(session, CREATE_IT);
    assert!(
        out.contains("--instance-id 5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"),
        "{out}"
    );
    assert!(out.contains("--cidr 10.9.0.0/24"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn huawei_creates_off_a_terminal_name_the_missing_flags() {
    let env = TestEnv::new();
    for (args, missing) in [
        (&["huawei", "create"][..], "missing --name:"),
        (
            &["huawei", "network-instances", "create", "--name", "x"][..],
            "missing --cloud-connection, --type, --instance-id, --project-id, --region-id, --cidr:",
        ),
    ] {
        let mut cmd = env.cc();
        cmd.arg("--sandbox").args(args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(stderr(&out).contains(missing), "{}", stderr(&out));
    }
}

#[test]
fn ctrl_c_at_a_typed_question_or_the_confirmation_says_which() {
    for at_confirmation in [false, true] {
        let env = TestEnv::new();
        let mut session = if at_confirmation {
            at_the_order_confirmation(&env)
        } else {
            let mut session = pty(&env, ORANGE_CREATE, &[("NO_COLOR", "1")]);
            session.exp_string("Orange network-side ASN").expect("asks");
            session
        };
        press(&mut session, "\x03");
        let (out, code) = finish(session);
        assert_eq!(code, 130, "{out}");
        let which = match at_confirmation {
            true => "interrupted at the `confirmation` question; nothing was changed",
            false => "interrupted at the `--network-asn` question; nothing was changed",
        };
        assert!(plain(&out).contains(which), "{out}");
    }
}

/// `-` for a secret on a terminal asks for it with the hidden prompt (it waited silently for
/// stdin before): the question names the input, the typed key is not echoed, and it is the key
/// sent (a key the simulator knows is valid; one it does not know is refused).
#[test]
fn a_dash_for_a_secret_on_a_terminal_asks_for_it_hidden_and_uses_it() {
    let env = TestEnv::new();
    let args = ["--sandbox", "console-connect", "azure", "verify-key", "-"];
    let key = "1d6a2b88-8d4c-4c2f-8e1f-6b2c3d4e5f60";
    let refused = "not-a-service-key-typed";
    for (typed, code) in [(key, 0), (refused, 5)] {
        let mut session = pty(&env, &args, &[("NO_COLOR", "1")]);
        session
            .exp_string("Azure service key (S-Key) (verify-key, not shown)")
            .expect("the hidden question");
        press(&mut session, &format!("{typed}\r"));
        let (out, got) = finish(session);
        let text = plain(&out);
        assert_eq!(got, code, "{text}");
        assert!(!text.contains(typed), "the key is not echoed: {text}");
        let said = match code {
            0 => "connectionSpeeds",
            _ => "KEY: Console Connect refused the Azure service key",
        };
        assert!(text.contains(said), "{said}: {text}");
    }
}

/// `--pairing-key - --pairing-key -` on a terminal asks one hidden question per `-`, and the
/// typed keys are the ones checked and planned (a dry run: the keys pass the region's rule).
#[test]
fn each_dash_of_a_repeated_secret_is_one_hidden_question() {
    let env = TestEnv::new();
    let keys = [
        "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1",
        "69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2",
    ];
    let args = [
        "--sandbox",
        "--dry-run",
        "console-connect",
        "google",
        "create",
        "--name",
        "gcp-typed",
        "--port",
        "5893d943878d635dde318022",
        "--port",
        "5893d943878d635dde318023",
        "--pairing-key",
        "-",
        "--pairing-key",
        "-",
        "--region",
        "europe-west1",
        "--speed",
        "50",
    ];
    let mut session = pty(&env, &args, &[("NO_COLOR", "1")]);
    for (n, key) in keys.iter().enumerate() {
        session
            .exp_string(&format!(
                "Pairing key {} of 2 (--pairing-key, not shown)",
                n + 1
            ))
            .expect("one hidden question per `-`");
        press(&mut session, &format!("{key}\r"));
    }
    let (out, code) = finish(session);
    let text = plain(&out);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("pairingKeys"), "{text}");
    for key in keys {
        assert!(!text.contains(key), "not echoed nor shown: {text}");
    }
}
