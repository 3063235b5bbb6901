//! Huawei: a cloud connection holding network instances and inter-region bandwidths, and the
//! bandwidth packages beside them.

use super::*;
// desired_huawei.rs's new cloud connection with all it holds, and its three updates in place.
use crate::desired_huawei::{LISBON, updated_in_place};

/// A cloud connection with one network instance and nothing bound to it.
const MADRID: &str = "  - name: cc-madrid
    enterprise_project_id: \"0\"
    network_instances:
    - name: vpc-madrid
      type: vpc
      instance_id: 2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4f
      project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
      region_id: eu-west-0
      cidr: [10.5.0.0/16]
";

#[test]
fn a_new_cloud_connection_and_what_it_holds() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let planned = dry_run_then_apply(&env, &server, &[], LISBON, &[]);
    assert_methods(&planned, &["POST"; 5]);
}

#[test]
fn updates_in_place() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = updated_in_place(&export(&env, &server, "huawei"));
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["PUT"; 3]);
}

#[test]
fn a_replace_makes_its_network_instance_again() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "huawei");
    let at = exported.find("  bandwidth_packages:").unwrap();
    let text = format!("{}{MADRID}{}", &exported[..at], &exported[at..]);
    set_up(&env, &server, &[], &text);
    let moved = text.replace(
        "  - name: cc-madrid\n    enterprise_project_id: \"0\"\n",
        "  - name: cc-madrid\n    enterprise_project_id: 7d4f1b2c-8e3a-4c5d-9f6e-1a2b3c4d5e6f\n",
    );
    assert_ne!(moved, text);
    let planned = dry_run_then_apply(&env, &server, &[], &moved, &[]);
    assert_methods(&planned, &["DELETE", "DELETE", "POST", "POST"]);
}

#[test]
fn a_prune() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let seeded = export(&env, &server, "huawei");
    set_up(&env, &server, &[], LISBON);
    let planned = dry_run_then_apply(&env, &server, &[], &seeded, &["--prune"]);
    // The package unbound before it is deleted, the cloud connection last.
    let methods = ["DELETE", "DELETE", "DELETE", "POST", "DELETE", "DELETE"];
    assert_methods(&planned, &methods);
}
