//! A `-` for a secret on a terminal: one hidden question per dash, its answer used, never shown.

use super::*;

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
