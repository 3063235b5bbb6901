//! Console Connect: an Azure connection (any change of it a new order) and its peerings (each
//! updated in place).

use super::*;

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

/// A new connection with a MICROSOFT peering.
const ER2: &str = "  - name: er-2
    service_key: ${env:CC_TEST_ER2_KEY}
    port: [ACME LONDON 2]
    speed: 200
    peerings:
    - type: MICROSOFT
      peer_asn: 64496
      primary_subnet: 123.0.0.0/30
      secondary_subnet: 123.0.0.4/30
      vlan: 200
      advertised_prefix: [123.1.0.0/24]
      routing_registry: ARIN
";

/// A PRIVATE peering for the last connection of an exported file.
const PRIVATE: &str = "    peerings:
    - type: PRIVATE
      peer_asn: 65010
      primary_subnet: 169.254.10.0/30
      secondary_subnet: 169.254.10.4/30
      vlan: 100
      shared_key: ${env:CC_TEST_PEERING_KEY}
";

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

/// A new AWS hosted connection and a new Google partner interconnect (its two pairing keys in
/// the one variable), after an exported file's Azure connections.
const PARTNERS: &str = "  aws_connections:
  - name: aws-dub
    port: ACME LONDON 2
    aws_account: 2650-3425-2711
    region: eu-west-1
    speed: 200
    duration: 1
    duration_unit: y
  google_connections:
  - name: gcp-bru
    port: [ACME LONDON 1, 5893d943878d635dde318023]
    pairing_key: ${env:CC_TEST_GCP_KEYS}
    region: europe-west1
    speed: 100
";

#[test]
fn new_partner_connections() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = format!("{}{PARTNERS}", export(&env, &server, "console-connect"));
    let keys = "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1,69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2";
    let vars = [SEEDED_KEY, ("CC_TEST_GCP_KEYS", keys)];
    let planned = dry_run_then_apply(&env, &server, &vars, &text, &[]);
    assert_methods(&planned, &["PUT", "PUT"]);
}
