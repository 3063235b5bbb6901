//! Colour on and off (on a terminal, and off one unless forced), tables at 80 columns and
//! narrower with every id whole, `cc api`'s JSON, and the empty list's header.

use super::*;

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
