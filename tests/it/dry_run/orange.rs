//! Orange: one kind, the connector, which has no update (any change is a replace).

use super::*;

/// A second connector beside the seeded one.
const LONDON: &str = "  - name: Connection to LONDON
    bandwidth: 100
    vpn: 93b22b3c-fd7e-4c04-87cb-52df45fe6beb
    credential: b1c3d7b8-f249-4a25-9f26-02682bbad4f3
    pop: POP4
    region: northeurope
    resource_group: rg-3
    vnet: vnet-03
    azure_asn: 64514
    network_asn: 64515
";

#[test]
fn a_new_connector() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = format!("{}{LONDON}", export(&env, &server, "orange"));
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["POST"]);
}

#[test]
fn a_replace() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = export(&env, &server, "orange").replace("bandwidth: 50", "bandwidth: 100");
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["DELETE", "POST"]);
}

#[test]
fn a_prune() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "orange");
    set_up(&env, &server, &[], &format!("{exported}{LONDON}"));
    let planned = dry_run_then_apply(&env, &server, &[], &exported, &["--prune"]);
    assert_methods(&planned, &["DELETE"]);
}
