//! Console Connect: an Azure connection (any change of it a new order) and its peerings (each
//! updated in place).

use super::*;
// The files of desired_console_connect.rs: partner orders, a PRIVATE peering for the last
// connection of an exported file, a new connection with a MICROSOFT peering.
use crate::desired_console_connect::{PARTNERS, PRIVATE, SECOND as ER2};

/// The seeded connection's service key, under the variable export names it by.
const SEEDED_KEY: (&str, &str) = (
    "CONSOLE_CONNECT_AZURE_EXPRESSROUTE_SERVICE_KEY",
    "0c5f1a77-7c3b-4b1e-9d0e-5a1b2c3d4e5f",
);

/// The keys the files below need: the seeded one, er-2's, and a peering's shared key.
const KEYS: [(&str, &str); 3] = [
    SEEDED_KEY,
    ("CC_TEST_ER2_KEY", "3d9b7c10-5e2f-4a8b-9c1d-2e3f4a5b6c7d"),
    ("CC_TEST_PEERING_KEY", "a-shared-key-of-the-peering"),
];

#[test]
fn a_new_connection_and_its_peering() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = format!("{}{ER2}", export(&env, &server, "console-connect"));
    let planned = dry_run_then_apply(&env, &server, &KEYS, &text, &[]);
    assert_methods(&planned, &["PUT", "POST"]);
    assert!(
        planned[1].url.contains("/<id of connection `er-2`>/"),
        "{planned:?}"
    );
}

#[test]
fn a_peering_added_then_updated_in_place() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = format!("{}{PRIVATE}", export(&env, &server, "console-connect"));
    let planned = dry_run_then_apply(&env, &server, &KEYS, &text, &[]);
    assert_methods(&planned, &["POST"]);
    let text = text.replace("vlan: 100", "vlan: 101");
    let planned = dry_run_then_apply(&env, &server, &KEYS, &text, &[]);
    assert_methods(&planned, &["POST"]);
    assert_eq!(
        planned[0].body.as_ref().unwrap()["vlanId"],
        101,
        "{planned:?}"
    );
}

#[test]
fn a_replace_makes_its_peering_again() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = format!("{}{ER2}", export(&env, &server, "console-connect"));
    set_up(&env, &server, &KEYS, &text);
    let faster = text.replace("speed: 200", "speed: 500");
    let planned = dry_run_then_apply(&env, &server, &KEYS, &faster, &[]);
    assert_methods(&planned, &["DELETE", "PUT", "POST"]);
}

#[test]
fn a_prune() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "console-connect");
    set_up(&env, &server, &KEYS, &format!("{exported}{ER2}"));
    let planned = dry_run_then_apply(&env, &server, &KEYS, &exported, &["--prune"]);
    // The peering first, then its connection.
    assert_methods(&planned, &["DELETE", "DELETE"]);
}

#[test]
fn new_partner_connections() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // desired_console_connect.rs's partner orders, after an exported file's Azure connections.
    let partners = PARTNERS.strip_prefix("console_connect:\n").unwrap();
    let text = format!("{}{partners}", export(&env, &server, "console-connect"));
    let keys = "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1,69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2";
    let vars = [SEEDED_KEY, ("CC_TEST_GCP_KEYS", keys)];
    let planned = dry_run_then_apply(&env, &server, &vars, &text, &[]);
    assert_methods(&planned, &["PUT", "PUT"]);
}
