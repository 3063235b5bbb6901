//! OVHcloud Connect: a service holding POP configurations, each holding datacenter
//! configurations, each holding extras.

use super::*;

/// The service with no POP configuration yet.
const READY: &str = "5f8f3b52-0000-4000-8000-000000000001";

/// An L3 POP configuration, a datacenter configuration in it and a route in that, for the
/// service `READY` (after its line in an exported file).
const POP: &str = "    pop_configs:
    - interface: 2001
      type: l3
      customer_asn: 65410
      ovh_asn: 65411
      subnet: 192.0.2.8/30
      datacenter_configs:
      - datacenter: 5
        ovh_asn: 65412
        subnet: 10.30.0.0/28
        extras:
        - type: network
          subnet: 172.17.0.0/24
          next_hop: \"10.30.0.10\"
";

/// `exported` with `pop` (its POP configurations) under the service `READY`.
fn with_pop(exported: &str, pop: &str) -> String {
    let line = format!("  - service: {READY}\n    description: Paris datacenter link\n");
    assert!(exported.contains(&line), "{exported}");
    exported.replace(&line, &format!("{line}{pop}"))
}

#[test]
fn a_new_pop_configuration_and_what_it_holds() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = with_pop(&export(&env, &server, "ovh"), POP);
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["POST"; 3]);
}

#[test]
fn an_update_in_place() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = export(&env, &server, "ovh").replace(
        "description: Paris datacenter link",
        "description: Paris link",
    );
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["PUT"]);
}

#[test]
fn a_replace_makes_its_extra_again() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // The seeded datacenter configuration moved to another subnet, its route with it.
    let text = export(&env, &server, "ovh")
        .replace("subnet: 10.10.0.0/28", "subnet: 10.10.0.16/28")
        .replace("next_hop: \"10.10.0.10\"", "next_hop: \"10.10.0.20\"");
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["DELETE", "POST", "POST"]);
}

#[test]
fn a_prune() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "ovh");
    set_up(&env, &server, &[], &with_pop(&exported, POP));
    // Pruned only where the file names the kind: none under the service.
    let none = with_pop(&exported, "    pop_configs: []\n");
    let planned = dry_run_then_apply(&env, &server, &[], &none, &["--prune"]);
    assert_methods(&planned, &["DELETE"; 3]);
}
