//! The AWS and Google creates on a pseudo-terminal: the values not given are asked (ports and
//! regions from pick-lists of what Console Connect returned), the order is confirmed, and the
//! command that does the same without questions is shown; off a terminal, exit 2 naming them.

use crate::common::{TestEnv, assert_code, run, stderr};
use crate::terminal::{confirmed, finish, plain, press, pty, take_the_offered_ports};

const QUIET: [(&str, &str); 2] = [("CC_SANDBOX_PROVISION_DELAY", "0s"), ("NO_COLOR", "1")];

#[test]
fn the_aws_create_asks_the_port_and_the_region_and_ends_at_the_next_step() {
    let env = TestEnv::new();
    let args = [
        "--sandbox",
        "console-connect",
        "aws",
        "create",
        "--name",
        "aws-wizard",
        "--aws-account",
        "123456789012",
        "--speed",
        "100",
    ];
    let mut session = pty(&env, &args, &QUIET);
    session.exp_string("Source port").expect("a port pick-list");
    session.exp_string("Mbps free").expect("with free capacity");
    press(&mut session, "\r");
    session
        .exp_string("AWS region")
        .expect("a region pick-list");
    session
        .exp_string("eu-west-2 (London)")
        .expect("regions with metros");
    press(&mut session, "\r");
    let text = confirmed(session, "Order this hosted connection? [y/N]");
    assert!(
        text.contains("cc --sandbox console-connect aws create --name aws-wizard --port 5893d943878d635dde318022 --aws-account 123456789012 --region 5b456eda852dad001a8cf2cd --speed 100 --duration 1 --duration-unit m"),
        "{text}"
    );
    assert!(
        text.contains("next: accept hosted connection dxcon-"),
        "{text}"
    );
}

#[test]
fn the_google_create_asks_region_keys_and_ports() {
    let env = TestEnv::new();
    let args = [
        "--sandbox",
        "console-connect",
        "google",
        "create",
        "--name",
        "gcp-wizard",
        "--speed",
        "200",
    ];
    let mut session = pty(&env, &args, &QUIET);
    session
        .exp_string("Google Cloud region")
        .expect("a region pick-list");
    press(&mut session, "\r");
    session
        .exp_string("Pairing key 1 of 2")
        .expect("a first key");
    session
        .send_line("765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1")
        .expect("type a key");
    let echo_1 = session
        .exp_string("Pairing key 2 of 2")
        .expect("a second key");
    session
        .send_line("69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2")
        .expect("type a key");
    let echo_2 = session.exp_string("First source port").expect("a port");
    take_the_offered_ports(&mut session);
    let summary = session
        .exp_string("Order this partner interconnect? [y/N]")
        .expect("a confirmation");
    session.send_line("y").expect("confirm");
    let (out, code) = finish(session);
    assert_eq!(code, 0, "{out}");
    let text = plain(&out);
    let summary = plain(&summary);
    // The keys typed are credentials: the equivalent command holds placeholders, with a note.
    assert!(
        text.contains("cc --sandbox console-connect google create --name gcp-wizard --port 5893d943878d635dde318022 --port 5893d943878d635dde318023 --pairing-key '<pairing key 1>' --pairing-key '<pairing key 2>' --region europe-west1 --speed 200"),
        "{text}"
    );
    assert!(
        text.contains("(<pairing key 1>, <pairing key 2> not repeated, a key being a credential"),
        "{text}"
    );
    // The keys show nowhere: not as they are typed (the prompt does not echo them), nor in the
    // summary of the order, the equivalent command, or the connection printed.
    assert!(summary.contains("pairingKeys"), "{summary}");
    let (echo_1, echo_2) = (plain(&echo_1), plain(&echo_2));
    for shown in [&echo_1, &echo_2, &summary, &text] {
        for key in ["765ebb97-329e-43a8", "69ffada6-a3c1-42c6"] {
            assert!(!shown.contains(key), "{key} shown: {shown}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn off_a_terminal_the_missing_flags_are_named() {
    let env = TestEnv::new();
    for (args, missing) in [
        (
            &[
                "--sandbox",
                "console-connect",
                "aws",
                "create",
                "--name",
                "x",
            ][..],
            "missing --port, --aws-account, --region, --speed: required off a terminal",
        ),
        (
            &[
                "--sandbox",
                "console-connect",
                "google",
                "create",
                "--name",
                "x",
            ],
            "missing --port, --pairing-key, --region, --speed: required off a terminal",
        ),
    ] {
        let mut cmd = env.cc();
        cmd.args(args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(stderr(&out).contains(missing), "{}", stderr(&out));
    }
}
