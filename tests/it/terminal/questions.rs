//! The interactive creates (Orange, Console Connect, Huawei network instances): what they ask,
//! re-ask and confirm on a terminal, what they name off one, and Ctrl-C at a question.

use super::*;

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
