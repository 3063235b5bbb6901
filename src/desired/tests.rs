//! The engine on pure data: a made-up provider with a top-level kind holding two nested kinds,
//! one of which names another top-level kind, and a kind that is only described.

use serde_json::json;

use super::*;
use crate::desired::diff::plan;
use crate::desired::parse::parse;

/// The bandwidth field links and packages both carry.
const BANDWIDTH: Field = field(
    "bandwidth",
    Type::Integer { min: 1, max: 1000 },
    true,
    "Mbps",
);
const LINK: Kind = Kind {
    key: "links",
    what: "link",
    identity: &["regions"],
    fields: &[
        field("regions", Type::Texts, true, "the pair"),
        field("package", Type::Ref("packages"), true, "its package"),
        BANDWIDTH,
    ],
    children: &[],
    managed: true,
};
const PORT: Kind = Kind {
    key: "ports",
    what: "port",
    identity: &["name"],
    fields: &[
        field("name", Type::Text, true, "its name"),
        field("cidr", Type::Texts, false, "its CIDRs"),
        field("kind", Type::OneOf(&["vpc", "vgw"]), false, "what it loads").replace(),
        field("key", Type::Text, false, "a secret").secret(),
    ],
    children: &[],
    managed: true,
};
const SPEC: Spec = Spec {
    provider: ProviderName::Huawei,
    key: "p",
    kinds: &[
        Kind {
            key: "nets",
            what: "net",
            identity: &["name"],
            fields: &[
                field("name", Type::Text, true, "its name"),
                field("description", Type::Text, false, "free text"),
                field("speed", Type::Among(&[10, 50, 100]), false, "Mbps").replace(),
            ],
            children: &[PORT, LINK],
            managed: true,
        },
        Kind {
            key: "packages",
            what: "package",
            identity: &["name"],
            fields: &[field("name", Type::Text, true, "its name"), BANDWIDTH],
            children: &[],
            managed: true,
        },
        Kind {
            key: "services",
            what: "service",
            identity: &["service"],
            fields: &[field("service", Type::Text, true, "its uuid")],
            children: &[],
            managed: false,
        },
    ],
};

fn env(var: &str) -> Option<String> {
    (var == "SET").then(|| "from-env".to_string())
}

fn read(text: &str) -> Result<ProviderPart, crate::error::Error> {
    parse(text, "f.yaml", &[&SPEC], &env).map(|d| d.parts.into_iter().next().unwrap())
}

fn live() -> Vec<Live> {
    let mut net = Live::new("nets", "a", "n1")
        .with("name", "a")
        .with("description", "old")
        .with("speed", 50);
    net.children = vec![
        Live::new("ports", "p1", "port1")
            .with("name", "p1")
            .with("cidr", json!(["10.0.0.0/24"]))
            .with("kind", "vpc"),
        Live::new("ports", "gone", "port9").with("name", "gone"),
    ];
    vec![
        net,
        Live::new("packages", "pk", "pk1")
            .with("name", "pk")
            .with("bandwidth", 10),
        Live::new("nets", "other", "n2").with("name", "other"),
    ]
}

fn actions(p: &Plan) -> Vec<(String, &'static str, String)> {
    p.changes
        .iter()
        .map(|c| (c.action.as_str().to_string(), c.kind.key, c.name.clone()))
        .collect()
}

#[test]
fn nothing_to_do_when_the_file_matches_and_omitted_fields_are_not_managed() {
    let part = read("p:\n  nets:\n    - name: a\n      speed: \"50\"\n      ports:\n        - {name: p1, cidr: 10.0.0.0/24, key: '${env:UNSET}'}\n").unwrap();
    let p = plan(&part, &live(), false, "f.yaml").unwrap();
    assert!(p.changes.is_empty(), "{:?}", actions(&p));
    assert_eq!(p.unchanged, 2);
}

#[test]
fn update_names_each_field_old_to_new_and_masks_secrets() {
    let part = read("p:\n  nets:\n    - name: a\n      description: new\n      ports:\n        - {name: p1, cidr: [10.0.0.0/24, 10.1.0.0/24]}\n        - {name: p2, key: '${env:SET}'}\n").unwrap();
    let p = plan(&part, &live(), false, "f.yaml").unwrap();
    assert_eq!(
        actions(&p),
        [
            ("update".into(), "nets", "a".into()),
            ("update".into(), "ports", "p1".into()),
            ("create".into(), "ports", "p2".into()),
        ]
    );
    let json = p.to_json();
    assert_eq!(
        json["changes"][0]["fields"]["description"],
        json!({"from": "old", "to": "new"})
    );
    assert_eq!(json["changes"][0]["id"], "n1");
    assert_eq!(json["changes"][2]["fields"]["key"]["to"], MASK);
    assert_eq!(p.changes[2].want["key"], "from-env");
    assert_eq!(json["summary"]["update"], 2);
    assert_eq!(json["summary"]["create"], 1);
}

#[test]
fn a_field_without_update_replaces_and_what_is_nested_is_made_again_after() {
    let part =
        read("p:\n  nets:\n    - name: a\n      speed: 100\n      ports:\n        - {name: p1}\n")
            .unwrap();
    let p = plan(&part, &live(), false, "f.yaml").unwrap();
    assert_eq!(p.changes[0].action, Action::Replace);
    assert_eq!(p.changes[0].fields["speed"], (json!(50), json!(100)));
    assert_eq!(p.changes[1].action, Action::Create);
    assert_eq!(p.changes[1].after, [0]);
    // Made under the new one: the replaced one's id is gone, so none is given.
    assert_eq!(p.changes[1].parents[0].ident, "a");
    assert_eq!(p.changes[1].parents[0].id, None);
    let part = read("p:\n  nets:\n    - name: a\n      ports:\n        - {name: p1, kind: vgw}\n")
        .unwrap();
    let p = plan(&part, &live(), false, "f.yaml").unwrap();
    assert_eq!(actions(&p), [("replace".into(), "ports", "p1".into())]);
}

#[test]
fn creates_come_parents_first_and_after_what_they_name() {
    let text = "p:\n  nets:\n    - name: b\n      links:\n        - {regions: [r2, r1], package: new, bandwidth: 5}\n      ports:\n        - {name: x}\n  packages:\n    - {name: new, bandwidth: 10}\n";
    let part = read(text).unwrap();
    let p = plan(&part, &live(), false, "f.yaml").unwrap();
    let order = actions(&p);
    let at = |k: &str| order.iter().position(|(_, kind, _)| *kind == k).unwrap();
    assert!(at("nets") < at("ports") && at("nets") < at("links"));
    assert!(at("packages") < at("links"), "{order:?}");
    // The link waits for its net, its package, and the port (a kind listed before links),
    // though the file lists it first.
    assert!(at("ports") < at("links"), "{order:?}");
    let link = &p.changes[at("links")];
    assert_eq!(link.name, "r1+r2");
    assert_eq!(link.after.len(), 3);
    assert_eq!(link.parents[0].ident, "b");
    assert!(link.after.iter().all(|&j| j < at("links")));
    // The port does not wait for the link.
    assert_eq!(p.changes[at("ports")].after, [at("nets")]);
}

#[test]
fn a_change_waits_for_the_update_of_what_it_names() {
    let text = "p:
  nets:
    - name: a
      links:
        - {regions: [r1, r2], package: pk, bandwidth: 15}
  packages:
    - {name: pk, bandwidth: 20}
";
    let part = read(text).unwrap();
    let p = plan(&part, &live(), false, "f.yaml").unwrap();
    assert_eq!(
        actions(&p),
        [
            ("update".into(), "packages", "pk".into()),
            ("create".into(), "links", "r1+r2".into()),
        ]
    );
    assert_eq!(p.changes[1].after, [0]);
}

#[test]
fn prune_deletes_what_is_named_after_what_names_it() {
    let mut live = live();
    let link = Live::new("links", "r1+r2", "l1")
        .with("regions", json!(["r1", "r2"]))
        .with("package", "pk1")
        .alias("package", "pk")
        .with("bandwidth", 5);
    live[0].children.push(link);
    // The package is read first, but is deleted after the link naming it (by its id).
    live.rotate_right(2);
    assert_eq!(live[0].kind, "packages");
    let part = read(
        "p:
  packages: []
  nets: []
",
    )
    .unwrap();
    let p = plan(&part, &live, true, "f.yaml").unwrap();
    let names: Vec<String> = p.changes.iter().map(|c| c.name.clone()).collect();
    let at = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(at("r1+r2") < at("pk"), "{names:?}");
    assert!(p.changes[at("pk")].after.contains(&at("r1+r2")));
    assert!(p.changes.iter().all(|c| c.action == Action::Delete));
}

#[test]
fn prune_deletes_only_kinds_the_file_manages_children_first() {
    let part = read("p:\n  nets:\n    - name: a\n").unwrap();
    let p = plan(&part, &live(), true, "f.yaml").unwrap();
    // `other` is pruned; packages are not managed; a's ports are not named by the file.
    assert_eq!(actions(&p), [("delete".into(), "nets", "other".into())]);
    let part = read("p:\n  nets:\n    - name: a\n      ports: []\n").unwrap();
    let p = plan(&part, &live(), true, "f.yaml").unwrap();
    let names: Vec<String> = p.changes.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["p1", "gone", "other"]);
    assert!(p.changes.iter().all(|c| c.action == Action::Delete));
    let p = plan(&part, &live(), false, "f.yaml").unwrap();
    assert!(p.changes.is_empty());
    // Deleting a parent deletes what is nested in it first.
    let part = read("p:\n  nets: []\n").unwrap();
    let p = plan(&part, &live(), true, "f.yaml").unwrap();
    let names: Vec<String> = p.changes.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["p1", "gone", "a", "other"]);
    assert_eq!(p.changes[2].after, [0, 1]);
}

#[test]
fn prune_below_a_resource_only_where_it_names_the_nested_kind() {
    let mut all = live();
    let mut other = Live::new("nets", "other", "n2").with("name", "other");
    other.children = vec![Live::new("ports", "q1", "port5").with("name", "q1")];
    all[2] = other;
    // `a` names its ports (none): pruned; `other` is written without `ports`: left alone.
    let part = read("p:\n  nets:\n    - name: a\n      ports: []\n    - name: other\n").unwrap();
    let p = plan(&part, &all, true, "f.yaml").unwrap();
    let names: Vec<String> = p.changes.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["p1", "gone"]);
    // Named under `other` too: its port goes as well.
    let part =
        read("p:\n  nets:\n    - name: a\n      ports: []\n    - name: other\n      ports: []\n")
            .unwrap();
    let p = plan(&part, &all, true, "f.yaml").unwrap();
    let names: Vec<String> = p.changes.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["p1", "gone", "q1"]);
}

#[test]
fn yaml_1_1_booleans_are_strings() {
    // `y`, `no`, `on` are text under YAML 1.2: a name `no` is a name, not `false`.
    let part = read("p:\n  nets:\n    - name: no\n      description: y\n").unwrap();
    assert_eq!(part.items[0].ident, "no");
    assert_eq!(part.items[0].fields["description"], json!("y"));
}

#[test]
fn errors_name_file_line_and_field() {
    let cases = [
        (
            "p:\n  nets:\n    - name: a\n      colour: red\n",
            "f.yaml:4: p.nets[0].colour: unknown field",
        ),
        (
            "p:\n  nets:\n    - name: a\n      speed: 20\n",
            "f.yaml:4: p.nets[0].speed: expected one of 10, 50, 100, got 20",
        ),
        (
            "p:\n  nets:\n    - description: x\n",
            "f.yaml:3: p.nets[0]: a net needs `name`",
        ),
        ("q: {}\n", "f.yaml:1: q: unknown provider"),
        (
            "p:\n  nets:\n    - name: a\n    - name: a\n",
            "a second net `a` (the first is on line 3)",
        ),
        (
            "p:\n  nets:\n    - name: '${env:UNSET}'\n",
            "f.yaml:3: p.nets[0].name: the variable UNSET is not set",
        ),
        (
            "p:\n  nets:\n    - name: a\n      ports:\n        - {name: x, key: [1]}\n",
            "expected a non-empty string, got ********",
        ),
    ];
    for (text, wanted) in cases {
        let err = read(text).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.message.contains(wanted), "{} !~ {wanted}", err.message);
    }
    let part = read("p:\n  nets:\n    - name: a\n      links:\n        - {regions: [a, b], package: nope, bandwidth: 5}\n").unwrap();
    let err = plan(&part, &live(), false, "f.yaml").unwrap_err();
    assert!(
        err.message
            .contains("f.yaml:5: link `a+b`: `package` names `nope`"),
        "{}",
        err.message
    );
    let part = read("p:\n  services:\n    - service: s1\n").unwrap();
    let err = plan(&part, &live(), false, "f.yaml").unwrap_err();
    assert!(
        err.message.contains("service `s1` does not exist"),
        "{}",
        err.message
    );
}

#[test]
fn json_is_read_too_and_export_round_trips() {
    let part = read(r#"{"p": {"nets": [{"name": "a", "speed": 50}]}}"#).unwrap();
    assert_eq!(part.items[0].fields["speed"], json!(50));
    let exported = export::export(&SPEC, &live());
    let text = serde_json::to_string(&json!({"p": exported})).unwrap();
    let part = read(&text).unwrap();
    let p = plan(&part, &live(), true, "f.yaml").unwrap();
    assert!(p.changes.is_empty(), "{:?}", actions(&p));
    assert_eq!(
        exported["nets"][0]["ports"][0]["cidr"],
        json!(["10.0.0.0/24"])
    );
}

#[test]
fn the_schema_lists_every_kind_and_field() {
    let s = schema::schema(&[&SPEC]);
    let nets = &s["properties"]["p"]["properties"]["nets"]["items"];
    assert_eq!(nets["required"], json!(["name"]));
    assert_eq!(nets["additionalProperties"], json!(false));
    let port = &nets["properties"]["ports"]["items"]["properties"];
    assert_eq!(port["kind"]["enum"], json!(["vpc", "vgw"]));
    assert!(
        port["kind"]["description"]
            .as_str()
            .unwrap()
            .contains("replaces")
    );
    assert!(
        port["key"]["description"]
            .as_str()
            .unwrap()
            .contains("secret")
    );
}

#[test]
fn export_writes_a_placeholder_for_an_optional_secret_only_where_one_is_set() {
    let mut with_key = live();
    with_key[0].children[0] = with_key[0].children[0].clone().with("key", MASK);
    let exported = export::export(&SPEC, &with_key);
    let ports = &exported["nets"][0]["ports"];
    assert_eq!(ports[0]["key"], json!("${env:P_A_P1_KEY}"));
    assert_eq!(ports[1].get("key"), None, "none is set on the second port");
    assert!(!exported.to_string().contains(MASK), "{exported}");
    // The placeholder, its variable unset, is no change.
    let text = serde_json::to_string(&json!({"p": exported})).unwrap();
    let p = plan(&read(&text).unwrap(), &with_key, true, "f.yaml").unwrap();
    assert!(p.changes.is_empty(), "{:?}", actions(&p));
}
