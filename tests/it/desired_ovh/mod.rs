//! OVHcloud Connect in desired-state files (issue 23), on the sandbox: export then plan finds
//! nothing to change (with and without `--prune`); a description edited is exactly one update,
//! applied, then plan is empty and a second apply is "nothing to do"; a POP configuration with
//! its datacenter configurations is made in one apply, parents first, and `--prune` deletes
//! what the file no longer names; a changed configuration field is a replace (an outage); a
//! service that does not exist cannot be created; a rule broken over the file is exit 2 with
//! its line; a create met by a fault is not sent again, and apply again converges; the README's
//! example applies as it is, and its plan table for people is a snapshot. On wiremock:
//! exactly what apply sends for one create, and the task it waits for; a create whose answer is
//! lost is looked up, never resent, and the one found is followed until `active`; changes
//! nested in configurations that stay go in by the plan's ids, nothing listed again per change.

mod dry_runs;
mod sandbox;
mod sent;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::desired::{actions, apply_json, apply_met_by_a_fault, cc, export, file, plan};
use crate::common::{Sandbox, TestEnv, assert_code, received, run, stderr, stdout};
use crate::ovh::{
    SVC, answer, fixture_with, mount_get, mount_get_then, mount_list, mount_time, occ, ovh,
};

/// The seeded L2-ready service, and the L3 one.
const READY: &str = "5f8f3b52-0000-4000-8000-000000000001";
const L3: &str = "5f8f3b52-0000-4000-8000-000000000002";

const NESTED: &str = "ovh:
  services:
  - service: 5f8f3b52-0000-4000-8000-000000000001
    pop_configs:
    - interface: 2001
      type: l2
      datacenter_configs:
      - datacenter: 5
      - datacenter: 6
";
