//! The promise of `cc --dry-run apply` (CLI.md, dry run): the apply sends exactly the requests
//! the dry run planned. For every provider and a few scenarios each (a parent and its children
//! made in one file, an update in place, a replace with its children made again, a `--prune`
//! delete), the dry run's recorded requests (`-o json`) and the real apply's requests (`-vvv`'s
//! `> METHOD URL` lines and their bodies) on the same sandbox state are compared by
//! [`assert_same_requests`]: the same mutating requests, in the same order, with the same
//! methods and paths (a placeholder segment `<...>` of the dry run stands for one segment of the
//! real URL, the same one wherever it is used again) and the same bodies (placeholders filled in
//! with what they stood for; a body holding one that no path revealed is not compared).
//!
//! Like with like: a look-up whose method is not GET (an OAuth2 token, Console Connect's
//! service-key check) is sent, not recorded, by a dry run (`Call::lookup`), so the dry run's own
//! `-vv` lines name them, and the apply's requests to those paths are left out.

use serde_json::Value;

use crate::common::desired::{cc_vars, export, file};
use crate::common::{Sandbox, TestEnv};

/// One request: method, URL (origin, path, query) and JSON body.
#[derive(Debug, Clone, PartialEq)]
struct Sent {
    method: String,
    url: String,
    body: Option<Value>,
}

/// A URL's path segments and its query (`None` without one).
fn split(url: &str) -> (Vec<&str>, Option<&str>) {
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    (path.split('/').collect(), query)
}

/// Whether a dry run's path segment is a placeholder (`<id of the new cloud connection>`).
fn is_placeholder(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('<') && segment.ends_with('>')
}

/// The requests a `-vv` (or `-vvv`) run's stderr shows it sent, not GET, each with the JSON
/// body `-vvv` shows under it.
fn sent_requests(err: &str) -> Vec<Sent> {
    let mut sent: Vec<Sent> = Vec::new();
    for line in err.lines() {
        if let Some(detail) = line.strip_prefix(">   ") {
            let body = serde_json::from_str::<Value>(detail).ok();
            if let (Some(last), Some(body)) = (sent.last_mut(), body) {
                last.body = Some(body);
            }
        } else if let Some(request) = line.strip_prefix("> ") {
            let (method, url) = request.split_once(' ').expect("> METHOD URL");
            sent.push(Sent {
                method: method.to_string(),
                url: url.to_string(),
                body: None,
            });
        }
    }
    sent.retain(|s| s.method != "GET" && s.method != "HEAD");
    sent
}

/// A dry run's plan (`--dry-run ... -o json` on stdout: one request as an object, more as a
/// list) as requests.
fn planned_requests(out: &str) -> Vec<Sent> {
    let planned: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let planned = match planned {
        Value::Array(list) => list,
        one => vec![one],
    };
    planned
        .iter()
        .map(|p| {
            assert_eq!(p["dry_run"], true, "{p}");
            Sent {
                method: p["method"].as_str().unwrap().to_string(),
                url: p["url"].as_str().unwrap().to_string(),
                body: Some(p["body"].clone()).filter(|b| !b.is_null()),
            }
        })
        .collect()
}

/// `text` with every placeholder `bound` so far replaced by what it stood for.
fn filled(text: &str, bound: &[(String, String)]) -> String {
    bound
        .iter()
        .fold(text.to_string(), |t, (p, real)| t.replace(p.as_str(), real))
}

/// Whether `text` still holds a placeholder (`<` then `>`).
fn holds_placeholder(text: &str) -> bool {
    text.find('<').is_some_and(|at| text[at..].contains('>'))
}

/// Matches one planned request's URL with a real one, binding its placeholder segments (each
/// to the same real segment wherever it is used): whether they match.
fn urls_match(planned: &str, real: &str, bound: &mut Vec<(String, String)>) -> bool {
    let (planned_path, planned_query) = split(planned);
    let (real_path, real_query) = split(real);
    if planned_path.len() != real_path.len() {
        return false;
    }
    for (p, r) in planned_path.iter().zip(&real_path) {
        if is_placeholder(p) {
            match bound.iter().find(|(b, _)| b == p) {
                Some((_, earlier)) if earlier != r => return false,
                Some(_) => {}
                None => bound.push((p.to_string(), r.to_string())),
            }
        } else if p != r {
            return false;
        }
    }
    planned_query.map(|q| filled(q, bound)) == real_query.map(str::to_string)
}

/// The one comparison: `planned` (the dry run's plan) and `sent` (the apply's non-GET requests)
/// are the same list once the apply's look-ups (`lookups`: method and path the dry run itself
/// sent) are left out. See the module doc.
fn assert_same_requests(planned: &[Sent], sent: &[Sent], lookups: &[Sent]) {
    let is_lookup = |s: &Sent| {
        lookups
            .iter()
            .any(|l| l.method == s.method && split(&l.url).0 == split(&s.url).0)
    };
    let mutating: Vec<&Sent> = sent.iter().filter(|s| !is_lookup(s)).collect();
    let both = format!(
        "planned:\n{}\nsent:\n{}",
        shown(planned),
        shown(mutating.iter().copied())
    );
    assert_eq!(planned.len(), mutating.len(), "{both}");
    let mut bound: Vec<(String, String)> = Vec::new();
    for (p, s) in planned.iter().zip(&mutating) {
        assert_eq!(p.method, s.method, "{both}");
        assert!(
            urls_match(&p.url, &s.url, &mut bound),
            "{} {} vs {}\n{both}",
            p.method,
            p.url,
            s.url
        );
        let planned_body = p.body.as_ref().map(|b| filled(&b.to_string(), &bound));
        if planned_body.as_deref().is_some_and(holds_placeholder) {
            continue;
        }
        let planned_body: Option<Value> = planned_body.map(|b| serde_json::from_str(&b).unwrap());
        assert_eq!(
            planned_body, s.body,
            "the body of {} {}\n{both}",
            p.method, s.url
        );
    }
}

/// Runs `--dry-run apply -f FILE --yes -o json` at `-vv`, then the real `apply` at `-vvv`, on
/// the same state, with `vars` and `more` flags (`--prune`), both expected to succeed; asserts
/// that they agree ([`assert_same_requests`]) and returns the planned requests.
fn dry_run_then_apply(
    env: &TestEnv,
    server: &Sandbox,
    vars: &[(&str, &str)],
    text: &str,
    more: &[&str],
) -> Vec<Sent> {
    let path = file(env, text);
    let dry = [
        "-vv",
        "--dry-run",
        "apply",
        "-f",
        &path,
        "--yes",
        "-o",
        "json",
    ];
    let words = [&dry[..], more].concat();
    let (code, out, err) = cc_vars(env, server, vars, &words);
    assert_eq!(code, 0, "the dry run: {err}");
    let planned = planned_requests(&out);
    assert!(!planned.is_empty(), "something to compare: {err}");
    let lookups = sent_requests(&err);
    let words = [&["-vvv", "apply", "-f", &path, "--yes"], more].concat();
    let (code, _, err) = cc_vars(env, server, vars, &words);
    assert_eq!(code, 0, "the apply: {err}");
    assert_same_requests(&planned, &sent_requests(&err), &lookups);
    planned
}

/// The method and URL of each request, one a line, for messages.
fn shown<'a>(requests: impl IntoIterator<Item = &'a Sent>) -> String {
    let lines: Vec<String> = requests
        .into_iter()
        .map(|s| format!("{} {}", s.method, s.url))
        .collect();
    lines.join("\n")
}

/// Asserts the methods of `planned`, in order.
fn assert_methods(planned: &[Sent], methods: &[&str]) {
    let planned_methods: Vec<&str> = planned.iter().map(|s| s.method.as_str()).collect();
    assert_eq!(planned_methods, methods, "{}", shown(planned));
}

/// Applies `text` (setting a scenario up, not compared), which must succeed.
fn set_up(env: &TestEnv, server: &Sandbox, vars: &[(&str, &str)], text: &str) {
    let path = file(env, text);
    let (code, _, err) = cc_vars(env, server, vars, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "setting up: {err}");
}

// The comparison itself, on requests written here: what it lets through and what it does not.

fn request(method: &str, url: &str, body: Option<Value>) -> Sent {
    Sent {
        method: method.to_string(),
        url: url.to_string(),
        body,
    }
}

#[test]
fn a_placeholder_stands_for_one_segment_the_same_wherever_it_is_used() {
    let planned = [
        request("POST", "http://h/a", Some(serde_json::json!({"n": 1}))),
        request(
            "POST",
            "http://h/a/<id of a>/b",
            Some(serde_json::json!({"a": "<id of a>"})),
        ),
        request("DELETE", "http://h/a/<id of a>?force=true", None),
    ];
    let sent = [
        request("POST", "http://h/token", None),
        request("POST", "http://h/a", Some(serde_json::json!({"n": 1}))),
        request(
            "POST",
            "http://h/a/42/b",
            Some(serde_json::json!({"a": "42"})),
        ),
        request("DELETE", "http://h/a/42?force=true", None),
    ];
    let lookups = [request("POST", "http://h/token", None)];
    assert_same_requests(&planned, &sent, &lookups);
}

#[test]
#[should_panic(expected = "vs http://h/a/43")]
fn a_placeholder_used_again_for_another_segment_differs() {
    let planned = [
        request("POST", "http://h/a/<id of a>/b", None),
        request("DELETE", "http://h/a/<id of a>", None),
    ];
    let sent = [
        request("POST", "http://h/a/42/b", None),
        request("DELETE", "http://h/a/43", None),
    ];
    assert_same_requests(&planned, &sent, &[]);
}

#[test]
#[should_panic(expected = "the body of POST http://h/a")]
fn another_body_differs() {
    let planned = [request(
        "POST",
        "http://h/a",
        Some(serde_json::json!({"n": 1})),
    )];
    let sent = [request(
        "POST",
        "http://h/a",
        Some(serde_json::json!({"n": 2})),
    )];
    assert_same_requests(&planned, &sent, &[]);
}

#[test]
#[should_panic(expected = "planned:")]
fn a_request_only_the_apply_sends_differs() {
    let planned = [request("DELETE", "http://h/a/1", None)];
    let sent = [
        request("DELETE", "http://h/a/1", None),
        request("DELETE", "http://h/a/2", None),
    ];
    assert_same_requests(&planned, &sent, &[]);
}

// Orange: one kind, the connector, which has no update (any change is a replace).

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
fn orange_a_new_connector() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = format!("{}{LONDON}", export(&env, &server, "orange"));
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["POST"]);
}

#[test]
fn orange_a_replace() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = export(&env, &server, "orange").replace("bandwidth: 50", "bandwidth: 100");
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["DELETE", "POST"]);
}

#[test]
fn orange_a_prune() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "orange");
    set_up(&env, &server, &[], &format!("{exported}{LONDON}"));
    let planned = dry_run_then_apply(&env, &server, &[], &exported, &["--prune"]);
    assert_methods(&planned, &["DELETE"]);
}

// Console Connect: an Azure connection (any change of it a new order) and its peerings (each
// updated in place).

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
fn console_connect_a_new_connection_and_its_peering() {
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
fn console_connect_a_peering_added_then_updated_in_place() {
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
fn console_connect_a_replace_makes_its_peering_again() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = format!("{}{ER2}", export(&env, &server, "console-connect"));
    set_up(&env, &server, &KEYS, &text);
    let faster = text.replace("speed: 200", "speed: 500");
    let planned = dry_run_then_apply(&env, &server, &KEYS, &faster, &[]);
    assert_methods(&planned, &["DELETE", "PUT", "POST"]);
}

#[test]
fn console_connect_a_prune() {
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
fn console_connect_new_partner_connections() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = format!("{}{PARTNERS}", export(&env, &server, "console-connect"));
    let keys = "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1,69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2";
    let vars = [SEEDED_KEY, ("CC_TEST_GCP_KEYS", keys)];
    let planned = dry_run_then_apply(&env, &server, &vars, &text, &[]);
    assert_methods(&planned, &["PUT", "PUT"]);
}

// Huawei: a cloud connection holding network instances and inter-region bandwidths, and the
// bandwidth packages beside them.

/// A new cloud connection, its two network instances, and an inter-region bandwidth drawn from
/// a new package bound to it (as desired_huawei.rs makes it).
const LISBON: &str = "huawei:
  cloud_connections:
    - name: cc-lisbon
      description: Lisbon to Beijing
      inter_region_bandwidths:
        - region: [cn-north-4, ap-southeast-1]
          bandwidth_package: bwp-lisbon
          bandwidth: 5
      network_instances:
        - name: vpc-hongkong
          type: vpc
          instance_id: 2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d
          project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
          region_id: ap-southeast-1
          cidr: 10.3.0.0/16
        - name: vpc-beijing
          type: vpc
          instance_id: 2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4e
          project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
          region_id: cn-north-4
          cidr: [10.4.0.0/16]
  bandwidth_packages:
    - name: bwp-lisbon
      project_id: 0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09
      local_area: Chinese-Mainland
      remote_area: Asia-Pacific
      bandwidth: 10
      billing_mode: 4
      cloud_connection: cc-lisbon
";

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
fn huawei_a_new_cloud_connection_and_what_it_holds() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let planned = dry_run_then_apply(&env, &server, &[], LISBON, &[]);
    assert_methods(&planned, &["POST"; 5]);
}

#[test]
fn huawei_updates_in_place() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    // 15 of the package's 20 Mbit/s between Paris and Singapore, one more subnet from Paris,
    // and the spare package described.
    let text = export(&env, &server, "huawei")
        .replacen("      bandwidth: 10\n", "      bandwidth: 15\n", 1)
        .replacen(
            "      - 192.168.0.0/24\n",
            "      - 192.168.0.0/24\n      - 192.168.1.0/24\n",
            1,
        )
        .replacen(
            "  - name: bwp-spare\n",
            "  - name: bwp-spare\n    description: kept for later\n",
            1,
        );
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["PUT"; 3]);
}

#[test]
fn huawei_a_replace_makes_its_network_instance_again() {
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
fn huawei_a_prune() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let seeded = export(&env, &server, "huawei");
    set_up(&env, &server, &[], LISBON);
    let planned = dry_run_then_apply(&env, &server, &[], &seeded, &["--prune"]);
    // The package unbound before it is deleted, the cloud connection last.
    let methods = ["DELETE", "DELETE", "DELETE", "POST", "DELETE", "DELETE"];
    assert_methods(&planned, &methods);
}

// OVHcloud Connect: a service holding POP configurations, each holding datacenter
// configurations, each holding extras.

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
fn ovh_a_new_pop_configuration_and_what_it_holds() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let text = with_pop(&export(&env, &server, "ovh"), POP);
    let planned = dry_run_then_apply(&env, &server, &[], &text, &[]);
    assert_methods(&planned, &["POST"; 3]);
}

#[test]
fn ovh_an_update_in_place() {
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
fn ovh_a_replace_makes_its_extra_again() {
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
fn ovh_a_prune() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "ovh");
    set_up(&env, &server, &[], &with_pop(&exported, POP));
    // Pruned only where the file names the kind: none under the service.
    let none = with_pop(&exported, "    pop_configs: []\n");
    let planned = dry_run_then_apply(&env, &server, &[], &none, &["--prune"]);
    assert_methods(&planned, &["DELETE"; 3]);
}
