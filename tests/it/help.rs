//! What users read in `--help`, for the whole clap tree, walked in process.
//!
//! One walk instead of hand-kept lists of commands (a command added without help or examples
//! used to pass unnoticed): every command's `--help` renders as `cc` prints it (exit 0, on
//! stdout); every leaf has an `Examples:` block whose `cc` command lines parse and call that very
//! command; and the whole tree is a reviewed insta snapshot (`tests/it/snapshots/`), so that any
//! change to the text shows in review. Under `CI=true` insta never writes snapshots: a changed
//! or new one fails until it is reviewed (`cargo insta review`) and committed.

use clap::CommandFactory;

use crate::common::{TestEnv, assert_code, run, stdout};

/// Help is rendered at this width, the one `cc` caps itself to (`max_term_width`).
const WIDTH: usize = 100;

/// Leaf commands that have no `Examples:` block yet. Give one examples: then remove it here
/// (the walk fails while a listed command has them, so that this list stays true).
const WITHOUT_EXAMPLES: &[&str] = &[];

/// What particular commands' help must say, beyond the rules every command follows.
const MUST_MENTION: &[(&str, &[&str])] = &[
    (
        "orange create",
        &["\"state\": \"ACTIVE\"", "\"state\": \"DESIGNED\""],
    ),
    (
        "console-connect azure peering set",
        &[
            "peerASN",
            "primaryPeerAddressPrefix",
            "secondaryPeerAddressPrefix",
            "vlanId",
            "sharedKey",
            "advertisedPublicPrefixes",
            "routingRegistryName",
            "(inferred)",
            "syncStatus is SYNCED",
        ],
    ),
    (
        "huawei bandwidth-packages create",
        &[
            "POST /v3/{domain_id}/ccaas/bandwidth-packages",
            "Area (the default)",
            "geographic areas",
            "region ids (cn-north-4, cn-south-1)",
            "Beijing4toGuangzhou",
            "prepaid_options {period_type, period_num, is_auto_renew, is_auto_pay}",
            "--period-type <month|year>",
            "--period-num <N>",
            "--auto-renew",
            "--auto-pay",
        ],
    ),
    (
        "console-connect aws create",
        &[
            "PUT .../directConnectPartner/AWS/layer2",
            "`destPortId` (inferred)",
            "PENDING_ACCEPTANCE",
            "--until ACTIVE",
            "12 digits",
        ],
    ),
    (
        "console-connect google create",
        &[
            "PUT .../directConnectPartner/GCE/layer2",
            "partner.srcPortIds`, inferred",
            "pairingKeys",
            "two distinct",
        ],
    ),
    (
        "console-connect wait",
        &["PENDING_ACCEPTANCE", "`--until ACTIVE` goes on"],
    ),
    (
        "console-connect azure verify-key",
        &[
            "POST .../directConnectPartner/AZURE/layer2/serviceKey",
            "exit 5",
        ],
    ),
    (
        "orange vnets",
        &[
            "GET /api/v1/projects/{projectId}/network/virtualprivatenetworks",
            "with no query",
        ],
    ),
];

/// The tree at the width of the tests; `help` subcommands (clap's) are left out of the walk.
fn tree() -> clap::Command {
    cc::cli::Cli::command().term_width(WIDTH)
}

/// Every command path below the root (`["huawei", "network-instances", "create"]`), depth
/// first in declaration order, with whether it is a leaf.
pub(crate) fn commands() -> Vec<(Vec<String>, bool)> {
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, bool)>) {
        let subs: Vec<&clap::Command> = cmd
            .get_subcommands()
            .filter(|s| s.get_name() != "help")
            .collect();
        out.push((path.clone(), subs.is_empty()));
        for sub in subs {
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut root = tree();
    root.build();
    let mut out = Vec::new();
    walk(&root, &mut Vec::new(), &mut out);
    out
}

/// `cc <path> --help` as `cc` prints it: parsed by a fresh tree, as in the binary.
pub(crate) fn help(path: &[String]) -> String {
    let args = std::iter::once("cc")
        .chain(path.iter().map(String::as_str))
        .chain(["--help"]);
    let err = tree()
        .try_get_matches_from(args)
        .expect_err("--help stops parsing");
    assert_eq!(
        err.kind(),
        clap::error::ErrorKind::DisplayHelp,
        "{path:?}: {err}"
    );
    assert_eq!(err.exit_code(), 0, "{path:?}");
    assert!(!err.use_stderr(), "{path:?}: help goes to stdout");
    err.render().to_string()
}

/// The `$ ...` command lines of a help's `Examples:` block, continuation lines joined.
pub(crate) fn example_lines(help: &str) -> Vec<String> {
    let Some((_, rest)) = help.split_once("Examples:\n") else {
        return Vec::new();
    };
    let mut lines: Vec<String> = Vec::new();
    let mut continued = false;
    // The block ends at the next unindented line (`Usage:`).
    for line in rest
        .lines()
        .take_while(|l| l.is_empty() || l.starts_with(' '))
    {
        let text = line.trim();
        if continued && let Some(last) = lines.last_mut() {
            last.push(' ');
            last.push_str(text.trim_end_matches('\\').trim_end());
        } else if let Some(cmd) = text.strip_prefix("$ ") {
            lines.push(cmd.trim_end_matches('\\').trim_end().to_string());
        }
        continued = text.ends_with('\\');
    }
    lines
}

/// The `cc` commands of one shell line: its simple commands (split at `|`, `;`, `&&`, `||`)
/// that start with `cc`, as words; a redirection ends a command's words. Quotes and backslashes
/// as `sh` reads them; `None` for what this does not read (`$(...)`, backquotes).
pub(crate) fn cc_commands(line: &str) -> Option<Vec<Vec<String>>> {
    let mut commands = vec![Vec::new()];
    let mut word: Option<String> = None;
    let mut redirected = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                let done = word.take();
                if !redirected {
                    commands.last_mut().expect("one").extend(done);
                }
                continue;
            }
            '|' | ';' | '&' => {
                let done = word.take();
                if !redirected {
                    commands.last_mut().expect("one").extend(done);
                }
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                commands.push(Vec::new());
                redirected = false;
                continue;
            }
            '>' | '<' => {
                let done = word.take();
                if !redirected {
                    commands.last_mut().expect("one").extend(done);
                }
                redirected = true;
                continue;
            }
            '`' => return None,
            '$' if chars.peek() == Some(&'(') => return None,
            _ => {}
        }
        let w = word.get_or_insert_with(String::new);
        match c {
            '\'' => {
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.push(q);
                }
            }
            '"' => {
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$')) => {
                            w.extend(chars.next());
                        }
                        '$' if chars.peek() == Some(&'(') => return None,
                        _ => w.push(q),
                    }
                }
            }
            '\\' => w.extend(chars.next()),
            _ => w.push(c),
        }
    }
    if !redirected {
        commands.last_mut().expect("one").extend(word);
    }
    commands.retain(|words| words.first().is_some_and(|w| w == "cc"));
    Some(commands)
}

#[test]
fn cc_commands_reads_quotes_and_shell_operators() {
    assert_eq!(
        cc_commands(r#"cc orange list --jq '.[] | .name' -o json | head -1"#).unwrap(),
        [["cc", "orange", "list", "--jq", ".[] | .name", "-o", "json"]]
    );
    assert_eq!(
        cc_commands(r#"cc x --name "Connection to \"PARIS\"" a\ b > out.json"#).unwrap(),
        [["cc", "x", "--name", "Connection to \"PARIS\"", "a b"]]
    );
    assert_eq!(
        cc_commands(". ./env && cc a; cc b || echo no & cc c").unwrap(),
        [["cc", "a"], ["cc", "b"], ["cc", "c"]]
    );
    assert_eq!(cc_commands("cc get $(cc list)"), None);
    let help = "Examples:\n\n    $ cc a --b \\\n        --c d\n\n    # note\n    $ . f && cc e\n\nUsage: x\n    $ cc no\n";
    assert_eq!(example_lines(help), ["cc a --b --c d", ". f && cc e"]);
}

#[test]
fn every_command_has_help_and_every_leaf_examples_that_parse() {
    let commands = commands();
    // The root and one command per kind of subtree, so that the walk cannot go empty unnoticed.
    assert!(commands.len() > 50, "{}", commands.len());
    for (path, leaf) in &commands {
        let name = path.join(" ");
        let text = help(path);
        assert!(
            text.contains(&format!("Usage: cc {name}")),
            "{name}:\n{text}"
        );
        let listed = WITHOUT_EXAMPLES.contains(&name.as_str());
        let examples = example_lines(&text);
        if !*leaf && !path.is_empty() {
            continue;
        }
        if listed {
            assert!(
                !text.contains("Examples:"),
                "`{name}` has examples now: remove it from WITHOUT_EXAMPLES"
            );
            continue;
        }
        assert!(
            text.contains("Examples:"),
            "`{name}` has no Examples:\n{text}"
        );
        assert!(
            !examples.is_empty(),
            "`{name}`: no `$ ` command line:\n{text}"
        );
        let runs: Vec<Vec<String>> = examples
            .iter()
            .filter_map(|e| cc_commands(e))
            .flatten()
            .collect();
        assert!(
            !runs.is_empty(),
            "`{name}`: no example runs `cc`: {examples:#?}"
        );
        let me = format!(" {name} ");
        assert!(
            path.is_empty()
                || runs
                    .iter()
                    .any(|w| format!("{} ", w.join(" ")).contains(&me)),
            "`{name}`: no example runs this command: {examples:#?}"
        );
        for words in &runs {
            let example = words.join(" ");
            if let Err(e) = tree().try_get_matches_from(words) {
                assert!(
                    matches!(
                        e.kind(),
                        clap::error::ErrorKind::DisplayHelp
                            | clap::error::ErrorKind::DisplayVersion
                    ),
                    "`{name}`: the example `{example}` does not parse:\n{e}"
                );
            }
        }
    }
    for (name, needles) in MUST_MENTION {
        let path: Vec<String> = name.split(' ').map(str::to_string).collect();
        assert!(commands.iter().any(|(p, _)| *p == path), "{name}");
        let text = help(&path);
        for needle in *needles {
            assert!(
                text.contains(needle),
                "`{name}` help lacks {needle}:\n{text}"
            );
        }
    }
    for listed in WITHOUT_EXAMPLES {
        assert!(
            commands
                .iter()
                .any(|(p, leaf)| *leaf && p.join(" ") == *listed),
            "WITHOUT_EXAMPLES names `{listed}`, which is not a leaf command"
        );
    }
}

/// No help text carries an evidence tag or a typographic quote (issue 19): doc comments become
/// help, so the source scan of `layout.rs` does not see them.
#[test]
fn no_help_carries_an_evidence_tag_or_a_typographic_quote() {
    for (path, _) in commands() {
        let text = help(&path);
        let marks = crate::layout::marks_in(&text);
        assert!(
            marks.is_empty(),
            "`cc {}` help shows {marks:?}:\n{text}",
            path.join(" ")
        );
    }
}

/// The help tree as users read it, one snapshot per top-level command (and one for `cc`).
#[test]
fn the_help_tree_is_a_reviewed_snapshot() {
    let mut groups: Vec<(String, String)> = Vec::new();
    for (path, _) in commands() {
        let group = path.first().cloned().unwrap_or_else(|| "cc".to_string());
        let section = format!(
            "$ cc {}--help\n{}\n",
            path.iter().map(|p| format!("{p} ")).collect::<String>(),
            help(&path)
        );
        match groups.last_mut() {
            Some((name, text)) if *name == group => text.push_str(&section),
            _ => groups.push((group, section)),
        }
    }
    for (name, text) in groups {
        insta::assert_snapshot!(name, text);
    }
}

/// The in-process rendering is what the binary prints (same width: `TestEnv` sets COLUMNS).
#[tokio::test(flavor = "multi_thread")]
async fn the_binary_prints_the_same_help() {
    let env = TestEnv::new();
    for path in [&["orange", "create"][..], &["huawei"], &[]] {
        let path: Vec<String> = path.iter().map(|p| p.to_string()).collect();
        let mut cmd = env.cc();
        cmd.args(&path).arg("--help");
        let out = run(cmd).await;
        assert_code(&out, 0);
        assert_eq!(stdout(&out), help(&path), "{path:?}");
    }
}
