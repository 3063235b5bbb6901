//! The simulator refuses the peering values `cc` refuses, in Console Connect's error shape, and
//! a port name two ports share is refused at its line by plan and apply.

use super::*;

/// The simulator refuses, in Console Connect's error shape, a MICROSOFT peering with nothing to
/// advertise: the value rule `cc` checks over a file, enforced a second time.
#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_a_microsoft_peering_without_prefixes() {
    let env = TestEnv::new();
    let body = json!({"peerASN": 64496, "primaryPeerAddressPrefix": "123.0.0.0/30",
                      "secondaryPeerAddressPrefix": "123.0.0.4/30", "vlanId": 200});
    let err = sandbox_refuses_peering(&env, "MICROSOFT", &body).await;
    assert!(
        err.contains("needs at least one of advertisedPublicPrefixes"),
        "{err}"
    );
}

/// The simulator checks a peering's values with the checks `cc` runs on a file's peering
/// (`console-connect-peering-values`): a routing registry name past 64 characters, a shared key
/// with a space (never repeated), a malformed prefix; each refused in Console Connect's shape.
#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_the_peering_values_cc_refuses() {
    let base = json!({"peerASN": 64496, "primaryPeerAddressPrefix": "123.0.0.0/30",
                      "secondaryPeerAddressPrefix": "123.0.0.4/30", "vlanId": 200});
    let with = |kind: &str, extra: Value| {
        let mut body = base.clone();
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        (kind.to_string(), body)
    };
    let microsoft = json!({"advertisedPublicPrefixes": ["123.1.0.0/24"]});
    let long = "R".repeat(65);
    let mut registry = microsoft.clone();
    registry["routingRegistryName"] = json!(long);
    let cases = [
        (
            with("MICROSOFT", registry),
            format!("routingRegistryName {long}: "),
        ),
        (
            with("PRIVATE", json!({"sharedKey": "two words"})),
            "sharedKey ********: must not be empty or contain spaces".to_string(),
        ),
        (
            with(
                "MICROSOFT",
                json!({"advertisedPublicPrefixes": ["123.1.0/24"]}),
            ),
            "advertisedPublicPrefixes 123.1.0/24: ".to_string(),
        ),
    ];
    let env = TestEnv::new();
    for ((kind, body), wanted) in cases {
        let err = sandbox_refuses_peering(&env, &kind, &body).await;
        assert!(err.contains(&wanted), "{wanted}: {err}");
        assert!(!err.contains("two words"), "{err}");
    }
}

/// A port named by a name two ports share is refused by the plan at the order's line, as apply
/// and `azure create --port` resolve it, listing their ids: nothing is ordered (the plan took
/// the first port of the name and passed a file apply then refused).
#[tokio::test(flavor = "multi_thread")]
async fn plan_and_apply_refuse_a_port_name_two_ports_share_at_its_line() {
    let server = MockServer::start().await;
    let mut ports = fixture_json("console_connect", "ports.json");
    ports["results"][1]["name"] = json!("ACME LONDON 1");
    Mock::given(method("GET"))
        .and(path("/api/company/acme/ports"))
        .respond_with(json_value(200, &ports))
        .with_priority(1)
        .mount(&server)
        .await;
    mock_account(&server, ResponseTemplate::new(500)).await;
    let env = TestEnv::new();
    let path = file(&env, ONE);
    for args in [&["plan", "-f", &path][..], &["apply", "-f", &path, "--yes"]] {
        let mut cmd = mocked(&env, &server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_code(&out, 2);
        let err = stderr(&out);
        let wanted = format!(
            "{path}:3: port ACME LONDON 1: 2 ports have that name; pass the id: 5893d943878d635dde318022, 5893d943878d635dde318023; rule `console-connect-port-names`"
        );
        assert!(err.contains(&wanted), "{args:?}: {err}");
    }
    assert_eq!(orders(&server).await, 0);
}
