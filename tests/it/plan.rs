//! Desired-state files on the sandbox (issue 23): `cc export` then `cc plan` finds nothing to
//! change; an edit shows exactly that change (exit 10), in JSON as `CLI.md` gives it and in a
//! table; `--prune` deletes only kinds the file names; a bad file is exit 2 with its line;
//! `cc plan --schema` is the format's JSON Schema.

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::common::{TestEnv, assert_cli_snapshot, assert_code, run, stderr, stdout};

/// `cc --sandbox WORDS` in `env`.
fn cc(env: &TestEnv, words: &[&str]) -> Command {
    let mut cmd = env.cc();
    cmd.arg("--sandbox").args(words);
    cmd
}

/// `cc --sandbox plan -f FILE -o json` of `text`: its exit code and JSON.
async fn plan(env: &TestEnv, text: &str, more: &[&str]) -> (i32, Value) {
    let path = env.home.path().join("desired.yaml");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    let out = run(cc(
        env,
        &[&["plan", "-f", file, "-o", "json"], more].concat(),
    ))
    .await;
    let shown = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap_or(-1), shown)
}

/// What `cc --sandbox export -o yaml` prints for the seeded accounts of every provider (each
/// provider's own part is tested in `desired_<p>.rs`).
async fn export(env: &TestEnv) -> String {
    let out = run(cc(env, &["export", "-o", "yaml"])).await;
    assert_code(&out, 0);
    stdout(&out)
}

/// How many resources a file holds: every mapping in a list, at every level.
fn resources(v: &Value) -> usize {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|i| usize::from(i.is_object()) + resources(i))
            .sum(),
        Value::Object(m) => m.values().map(resources).sum(),
        _ => 0,
    }
}

/// The Orange part alone, which the tests below add Orange connectors to the end of.
async fn export_orange(env: &TestEnv) -> String {
    let out = run(cc(env, &["export", "--provider", "orange", "-o", "yaml"])).await;
    assert_code(&out, 0);
    stdout(&out)
}

#[tokio::test(flavor = "multi_thread")]
async fn export_then_plan_changes_nothing_for_each_seeded_provider() {
    let env = TestEnv::new();
    let file = export(&env).await;
    assert!(file.starts_with("orange:\n  connectors:\n"), "{file}");
    for part in ["\nconsole_connect:\n", "\nhuawei:\n", "\novh:\n"] {
        assert!(file.contains(part), "{part:?} in {file}");
    }
    assert!(file.contains("bandwidth: 50"), "{file}");
    assert!(!file.contains("state"), "read-only fields stay out: {file}");
    let (code, shown) = plan(&env, &file, &["--prune"]).await;
    assert_eq!(code, 0, "{shown}");
    assert_eq!(shown["changes"], json!([]));
    let out = run(cc(&env, &["export", "-o", "json"])).await;
    assert_code(&out, 0);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let count = resources(&json);
    assert!(count >= 8, "{json}");
    assert_eq!(
        shown["summary"],
        json!({"create": 0, "update": 0, "replace": 0, "delete": 0, "unchanged": count})
    );
    assert_eq!(
        json["orange"]["connectors"][0]["name"],
        "Connection to PARIS"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_shows_exactly_that_change() {
    let env = TestEnv::new();
    let file = export_orange(&env).await;
    let edited = file.replace("bandwidth: 50", "bandwidth: 100");
    let (code, shown) = plan(&env, &edited, &[]).await;
    assert_eq!(code, 10, "{shown}");
    let changes = shown["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{shown}");
    assert_eq!(changes[0]["action"], "replace");
    assert_eq!(changes[0]["provider"], "orange");
    assert_eq!(changes[0]["kind"], "cloud connector");
    assert_eq!(changes[0]["name"], "Connection to PARIS");
    assert_eq!(
        changes[0]["fields"],
        json!({"bandwidth": {"from": 50, "to": 100}})
    );
    assert_eq!(shown["summary"]["replace"], 1);

    // A name where the provider holds an id is the same thing, not a change.
    let by_name = file.replace("vpn: 93b22b3c-fd7e-4c04-87cb-52df45fe6beb", "vpn: VPNName3");
    assert_ne!(by_name, file);
    let (code, shown) = plan(&env, &by_name, &[]).await;
    assert_eq!((code, shown["changes"].clone()), (0, json!([])));

    // A second connector is a create with every field; an empty list with --prune deletes.
    let second = file.replace("  - name: Connection to PARIS", "  - name: Two\n    bandwidth: 10\n    vpn: v\n    credential: c\n    pop: p\n    region: r\n    resource_group: g\n    vnet: net\n    azure_asn: 64600\n    network_asn: 64601\n  - name: Connection to PARIS");
    let (code, shown) = plan(&env, &second, &[]).await;
    assert_eq!(code, 10);
    assert_eq!(shown["changes"][0]["action"], "create");
    assert_eq!(shown["changes"][0]["id"], Value::Null);
    assert_eq!(
        shown["changes"][0]["fields"]["azure_asn"],
        json!({"from": null, "to": 64600})
    );
    let (code, shown) = plan(&env, "orange:\n  connectors: []\n", &[]).await;
    assert_eq!((code, shown["summary"]["delete"].clone()), (0, json!(0)));
    let (code, shown) = plan(&env, "orange:\n  connectors: []\n", &["--prune"]).await;
    assert_eq!(code, 10);
    assert_eq!(shown["changes"][0]["action"], "delete");
    assert_eq!(
        shown["changes"][0]["id"],
        "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    );
    // A file that names no kind of a provider prunes nothing.
    let (code, _) = plan(&env, "orange: {}\n", &["--prune"]).await;
    assert_eq!(code, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_table_for_people() {
    let env = TestEnv::new();
    let file = export_orange(&env)
        .await
        .replace("network_asn: 64513", "network_asn: 64600");
    let path = env.home.path().join("desired.yaml");
    std::fs::write(&path, file).unwrap();
    let mut cmd = cc(&env, &["plan", "-f", path.to_str().unwrap(), "-o", "table"]);
    cmd.env("COLUMNS", "160");
    let out = run(cmd).await;
    assert_code(&out, 10);
    assert_cli_snapshot!("plan_table_replace", out, seeded_ids);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_file_is_exit_2_with_its_line_and_field() {
    let env = TestEnv::new();
    let cases = [
        (
            "orange:\n  connectors:\n    - name: x\n      bandwith: 5\n",
            ":4: orange.connectors[0].bandwith: unknown field",
        ),
        (
            "orange:\n  connectors:\n    - name: x\n      bandwidth: 30\n",
            ":4: orange.connectors[0].bandwidth: expected one of 10, 20, 50, 100, 200, 500, 1000, got 30",
        ),
        (
            "orange:\n  connectors:\n    - name: x\n",
            ":3: orange.connectors[0]: a cloud connector needs `bandwidth`",
        ),
        ("oragne: {}\n", ":1: oragne: unknown provider"),
        (
            "orange:\n  connectors:\n    - name: '${env:CC_TEST_UNSET_NAME}'\n",
            "the variable CC_TEST_UNSET_NAME is not set",
        ),
    ];
    for (text, wanted) in cases {
        let path = env.home.path().join("bad.yaml");
        std::fs::write(&path, text).unwrap();
        let out = run(cc(&env, &["plan", "-f", path.to_str().unwrap()])).await;
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains(wanted),
            "{} !~ {wanted}",
            stderr(&out)
        );
    }
    let out = run(cc(&env, &["plan", "-f", "/nonexistent/x.yaml"])).await;
    assert_code(&out, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn plan_schema_is_the_json_schema_of_the_format() {
    let env = TestEnv::new();
    let out = run({
        let mut c = env.cc();
        c.args(["plan", "--schema"]);
        c
    })
    .await;
    assert_code(&out, 0);
    let schema: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    let connector = &schema["properties"]["orange"]["properties"]["connectors"]["items"];
    assert_eq!(
        connector["properties"]["bandwidth"]["anyOf"][0]["enum"],
        json!([10, 20, 50, 100, 200, 500, 1000])
    );
    assert!(
        connector["required"]
            .as_array()
            .unwrap()
            .contains(&json!("azure_asn"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rule_that_spans_resources_is_checked_over_the_whole_file() {
    let env = TestEnv::new();
    let file = export_orange(&env).await;
    let broken = format!(
        "{file}  - name: Overlapping\n    bandwidth: 10\n    vpn: VPNName3\n    credential: Azure_Credential_1\n    pop: POP4\n    region: northeurope\n    resource_group: rg-3\n    vnet: vnet-02\n    azure_asn: 64600\n    network_asn: 64601\n    azure_gateway_subnet: 10.1.0.0/29\n    network_gateway_subnet: 10.1.0.0/28\n"
    );
    let line = broken
        .lines()
        .position(|l| l.contains("name: Overlapping"))
        .unwrap()
        + 1;
    let path = env.home.path().join("rules.yaml");
    std::fs::write(&path, &broken).unwrap();
    let file = path.to_str().unwrap();
    let out = run(cc(&env, &["plan", "-f", file])).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "rules.yaml:{line}: azure_gateway_subnet 10.1.0.0/29 and network_gateway_subnet 10.1.0.0/28: overlap"
        )),
        "{err}"
    );
    assert!(err.contains("orange-gateway-subnets-disjoint"), "{err}");
    let out = run(cc(
        &env,
        &[
            "plan",
            "-f",
            file,
            "--skip-rule",
            "orange-gateway-subnets-disjoint",
        ],
    ))
    .await;
    assert_code(&out, 10);
    assert!(
        stderr(&out).contains("let through by --skip-rule"),
        "{}",
        stderr(&out)
    );
}
