//! `--dry-run` of an apply: what is planned under a new or replaced POP configuration's
//! placeholder, and that the apply then sends what the dry run planned.

use super::*;

/// `--dry-run -v apply -f PATH --yes -o json`, which must succeed: each recorded request as
/// (method, path from `/ovhCloudConnect` on, placeholders shown as they are), and stderr.
fn dry_run(env: &TestEnv, server: &Sandbox, path: &str) -> (Vec<(String, String)>, String) {
    let words = [
        "--dry-run",
        "-v",
        "apply",
        "-f",
        path,
        "--yes",
        "-o",
        "json",
    ];
    let (code, out, err) = cc(env, server, &words);
    assert_eq!(code, 0, "{err}");
    let shown: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    // One request is shown as itself, more as a list.
    let requests = match shown {
        Value::Array(all) => all,
        one => vec![one],
    };
    let planned = requests
        .iter()
        .map(|r| {
            let url = r["url"].as_str().unwrap_or_default();
            let at = url.find("/ovhCloudConnect").unwrap_or(0);
            (
                r["method"].as_str().unwrap_or_default().into(),
                url[at..].into(),
            )
        })
        .collect();
    (planned, err)
}

/// (method, path) of a recorded request.
fn request(method: &str, path: String) -> (String, String) {
    (method.into(), path)
}

#[test]
fn a_dry_run_plans_a_datacenter_configuration_in_a_new_pop_configuration_under_its_placeholder() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "ovh");
    let added = exported.replace(
        "    description: Paris datacenter link\n",
        "    description: Paris datacenter link
    pop_configs:
    - interface: 2001
      type: l3
      customer_asn: 65500
      ovh_asn: 65501
      subnet: 192.0.2.8/30
      datacenter_configs:
      - datacenter: 5
        ovh_asn: 65502
        subnet: 10.20.0.0/28
",
    );
    assert_ne!(added, exported);
    let path = file(&env, &added);
    let (planned, err) = dry_run(&env, &server, &path);
    let pops = format!("/ovhCloudConnect/{READY}/config/pop");
    assert_eq!(
        planned,
        [
            request("POST", pops.clone()),
            request(
                "POST",
                format!("{pops}/<id of the new POP configuration>/datacenter")
            ),
        ],
        "{err}"
    );
    let pop = format!("POP configuration `{READY} / 2001`");
    for line in [
        format!("{pop}: created (<id of the new POP configuration>)"),
        format!(
            "datacenter configuration `{READY} / 2001 / 5`: created (<id of the new datacenter configuration>)"
        ),
        "Apply: 2 done, 0 failed, 0 not tried.".into(),
        format!(
            "datacenter configuration `{READY} / 2001 / 5` is checked alone, not against the layer of its POP configuration"
        ),
    ] {
        assert!(err.contains(&line), "{line}: {err}");
    }
    // The apply makes both, as the dry run planned them.
    let (_, dcs) = applied_as_planned(&env, &server, &path, &err, (READY, 2));
    assert!(dcs.contains("\"subnet\": \"10.20.0.0/28\""), "{dcs}");
}

/// After a dry run (its stderr `err`) that said no `task 0`: nothing was sent; then the apply
/// makes its `done` changes, the first a POP configuration of `service`, and converges. The new
/// POP configuration's id and its datacenter configurations as `ovh dc list` prints them.
fn applied_as_planned(
    env: &TestEnv,
    server: &Sandbox,
    path: &str,
    err: &str,
    (service, done): (&str, u64),
) -> (String, String) {
    assert!(!err.contains("task 0"), "{err}");
    assert_eq!(plan(env, server, path, &[]).0, 10, "nothing was sent");
    let (code, shown, err) = apply_json(env, server, path);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        shown["summary"],
        json!({"done": done, "failed": 0, "not_tried": 0})
    );
    let pop_id = shown["results"][0]["id"].as_str().unwrap().to_string();
    let words = ["ovh", "dc", "list", service, &pop_id, "-o", "json"];
    let (_, dcs, _) = cc(env, server, &words);
    assert_eq!(plan(env, server, path, &["--prune"]).0, 0, "converged");
    (pop_id, dcs)
}

#[test]
fn a_dry_run_plans_what_a_replaced_pop_configuration_holds_under_the_new_ones_placeholder() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let exported = export(&env, &server, "ovh");
    let edited = exported.replace("customer_asn: 65400", "customer_asn: 65410");
    assert_ne!(edited, exported);
    let path = file(&env, &edited);
    let (planned, err) = dry_run(&env, &server, &path);
    let pops = format!("/ovhCloudConnect/{L3}/config/pop");
    let new_pop = format!("{pops}/<id of the new POP configuration>");
    assert_eq!(
        planned,
        [
            request("DELETE", format!("{pops}/1001")),
            request("POST", pops.clone()),
            request("POST", format!("{new_pop}/datacenter")),
            request(
                "POST",
                format!("{new_pop}/datacenter/<id of the new datacenter configuration>/extra")
            ),
        ],
        "not under the old POP configuration 1001: {err}"
    );
    let at = format!("`{L3} / 2002");
    for line in [
        format!("POP configuration {at}`: replaced (<id of the new POP configuration>)"),
        format!(
            "datacenter configuration {at} / 5`: created (<id of the new datacenter configuration>)"
        ),
        format!(
            "extra configuration {at} / 5 / network 172.16.0.0/24 10.10.0.10`: created (<id of the new extra configuration>)"
        ),
        "Apply: 3 done, 0 failed, 0 not tried.".into(),
        format!("datacenter configuration {at} / 5` is checked alone, not against the layer"),
    ] {
        assert!(err.contains(&line), "{line}: {err}");
    }
    // The apply puts them under the new POP configuration.
    let (pop_id, dcs) = applied_as_planned(&env, &server, &path, &err, (L3, 3));
    assert_ne!(pop_id, "1001", "a new POP configuration");
    assert!(dcs.contains("\"datacenterId\": 5"), "made under it: {dcs}");
}
