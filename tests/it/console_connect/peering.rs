//! `cc console-connect azure peering ...`: refused before ACTIVE, the body (Azure's ARM peering
//! names), the waits (`syncStatus` SYNCED, or PROVISIONED; neither is still pending), the masked
//! key.

use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    GROUP_ID, TOKEN, cc, connection_path, group, mount_connection_sequence, peering, peering_path,
};
use crate::common::{
    TestEnv, assert_code, json_response, json_value, received, run, run_json, stderr, stdout,
};

const PEERING_ARGS: [&str; 14] = [
    "console-connect",
    "azure",
    "peering",
    "set",
    GROUP_ID,
    "PRIVATE",
    "--peer-asn",
    "65010",
    "--primary-subnet",
    "169.254.10.0/30",
    "--secondary-subnet",
    "169.254.10.4/30",
    "--vlan",
    "100",
];

/// The connection, ACTIVE on every GET.
async fn mount_active(server: &MockServer) {
    let active = group("ACTIVE");
    mount_connection_sequence(server, GROUP_ID, &active, 1, json_value(200, &active)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn peering_set_is_refused_before_the_connection_is_active() {
    let server = MockServer::start().await;
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &group("CREATING"),
        10,
        json_value(200, &group("CREATING")),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_response(200, "{}"))
        .expect(0)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(PEERING_ARGS);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("is CREATING")
            && err.contains("only once the connection is ACTIVE")
            && err.contains(&format!("cc console-connect wait {GROUP_ID}")),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn peering_set_sends_the_body_and_waits_until_provisioned_without_showing_the_key() {
    let server = MockServer::start().await;
    mount_active(&server).await;
    Mock::given(method("POST"))
        .and(path(peering_path("PRIVATE")))
        .and(bearer_token(TOKEN))
        .and(body_json(json!({
            "peerASN": 65010,
            "primaryPeerAddressPrefix": "169.254.10.0/30",
            "secondaryPeerAddressPrefix": "169.254.10.4/30",
            "vlanId": 100,
            "sharedKey": "md5-shared-secret"
        })))
        .respond_with(json_value(200, &peering("NOT PROVISIONED")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(200, &peering("NOT PROVISIONED")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(200, &peering("PROVISIONED")))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(PEERING_ARGS).args([
        "--shared-key",
        "md5-shared-secret",
        "--interval",
        "10ms",
        "-vvv",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["provisioningStatus"], "PROVISIONED");
    assert_eq!(printed["sharedKey"], "***");
    for (name, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
        assert!(
            !text.contains("md5-shared-secret"),
            "shared key in {name}: {text}"
        );
        assert!(!text.contains(TOKEN), "API key in {name}: {text}");
    }
    assert_eq!(
        received(&server, "GET", &peering_path("PRIVATE"))
            .await
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_peering_status_found_only_in_the_connection_is_followed() {
    let server = MockServer::start().await;
    let with_entry = |status: &str| {
        let mut g = group("ACTIVE");
        g["partner"]["peering"] = json!([{ "type": "MICROSOFT", "provisioningStatus": status }]);
        g
    };
    // The first GET is the ACTIVE check; the wait reads the partner.peering entry.
    mount_connection_sequence(
        &server,
        GROUP_ID,
        &with_entry("PROVISIONING"),
        2,
        json_value(200, &with_entry("PROVISIONED")),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(peering_path("MICROSOFT")))
        .and(body_json(json!({
            "peerASN": 64496,
            "primaryPeerAddressPrefix": "123.0.0.0/30",
            "secondaryPeerAddressPrefix": "123.0.0.4/30",
            "vlanId": 200,
            "advertisedPublicPrefixes": ["123.1.0.0/28", "123.1.0.16/28"],
            "routingRegistryName": "ARIN"
        })))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("MICROSOFT")))
        .respond_with(json_response(
            200,
            r#"{"type": "MICROSOFT", "vlanId": 200}"#,
        ))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    // Public link subnets and prefixes, and a public peer ASN (no warning).
    cmd.args([
        "console-connect",
        "azure",
        "peering",
        "set",
        GROUP_ID,
        "microsoft",
        "--peer-asn",
        "64496",
        "--primary-subnet",
        "123.0.0.0/30",
        "--secondary-subnet",
        "123.0.0.4/30",
        "--vlan",
        "200",
        "--advertised-prefix",
        "123.1.0.0/28",
        "--advertised-prefix",
        "123.1.0.16/28",
        "--routing-registry",
        "ARIN",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["vlanId"], 200);
    assert_eq!(
        received(&server, "GET", &connection_path(GROUP_ID))
            .await
            .len(),
        3
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn peering_values_are_checked_before_anything_is_sent() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    let cases: [(&str, &[&str], &str); 9] = [
        (
            "PRIVATE",
            &["--advertised-prefix", "198.51.100.0/28"],
            "--advertised-prefix",
        ),
        (
            "PUBLIC",
            &["--routing-registry", "ARIN"],
            "--routing-registry",
        ),
        ("MICROSOFT", &[], "--advertised-prefix"),
        ("PRIVATE", &["--peer-asn", "65517"], "reserved"),
        ("PRIVATE", &["--primary-subnet", "169.254.10.0/29"], "/30"),
        (
            "PRIVATE",
            &["--secondary-subnet", "169.254.10.5/30"],
            "host bits",
        ),
        (
            "PRIVATE",
            &["--secondary-subnet", "169.254.10.0/30"],
            "console-connect-link-subnets-distinct",
        ),
        ("PRIVATE", &["--vlan", "4095"], "--vlan"),
        ("VNET", &[], "PRIVATE, PUBLIC or MICROSOFT"),
    ];
    for (kind, extra, shown) in cases {
        let mut args: Vec<&str> = PEERING_ARGS.to_vec();
        args[5] = kind;
        // A later flag wins over the default one in PEERING_ARGS: drop the default first.
        for pair in extra.chunks(2) {
            if let Some(i) = args.iter().position(|a| *a == pair[0]) {
                args.drain(i..i + 2);
            }
        }
        let mut cmd = cc(&env, &server);
        cmd.args(&args).args(extra);
        let out = run(cmd).await;
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains(shown),
            "{kind} {extra:?}: {}",
            stderr(&out)
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "a request was sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn peering_get_masks_the_shared_key_and_delete_needs_yes_then_waits_until_gone() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(200, &peering("PROVISIONED")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(200, &peering("DEPROVISIONING")))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(peering_path("PRIVATE")))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "azure",
        "peering",
        "get",
        GROUP_ID,
        "private",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["sharedKey"], "***");
    assert_eq!(printed["vlanId"], 100);

    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "azure",
        "peering",
        "delete",
        GROUP_ID,
        "PRIVATE",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert!(
        received(&server, "DELETE", "/peering/PRIVATE")
            .await
            .is_empty()
    );

    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "azure",
        "peering",
        "delete",
        GROUP_ID,
        "PRIVATE",
        "--yes",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(
        printed,
        json!({"id": GROUP_ID, "name": null, "state": null, "status": "deleted", "request_id": null, "type": "PRIVATE"})
    );
}

/// The peering as the document describes its GET: only `syncStatus`, no provisioning status.
fn synced_only(sync: &str) -> Value {
    let mut v = peering("x");
    v.as_object_mut()
        .expect("an object")
        .remove("provisioningStatus");
    v["syncStatus"] = json!(sync);
    v
}

#[tokio::test(flavor = "multi_thread")]
async fn a_peering_with_only_sync_status_is_waited_on_until_synced() {
    let server = MockServer::start().await;
    // The ACTIVE check, then one look at the connection per poll that is not done.
    mount_active(&server).await;
    Mock::given(method("POST"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(200, &synced_only("PENDING")))
        .expect(1)
        .mount(&server)
        .await;
    for (priority, sync) in [(1, "PENDING"), (2, "SYNCING")] {
        Mock::given(method("GET"))
            .and(path(peering_path("PRIVATE")))
            .respond_with(json_value(200, &synced_only(sync)))
            .up_to_n_times(1)
            .with_priority(priority)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(peering_path("PRIVATE")))
        .respond_with(json_value(200, &synced_only("SYNCED")))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(PEERING_ARGS).args(["--interval", "10ms", "-v"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["syncStatus"], "SYNCED");
    assert_eq!(
        received(&server, "GET", &peering_path("PRIVATE"))
            .await
            .len(),
        3,
        "PENDING, SYNCING, SYNCED"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_peering_with_neither_field_is_pending_and_the_timeout_names_the_fields_seen() {
    // Before, a peering carrying neither `syncStatus` nor a provisioning status was reported as
    // set at once; it is still pending, and the timeout says what was seen.
    for (answer, seen) in [
        (
            json!({"type": "PRIVATE", "vlanId": 100}),
            "neither syncStatus nor provisioningStatus",
        ),
        (synced_only("SYNCING"), "syncStatus SYNCING"),
    ] {
        let server = MockServer::start().await;
        mount_active(&server).await;
        Mock::given(method("POST"))
            .and(path(peering_path("PRIVATE")))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(peering_path("PRIVATE")))
            .respond_with(json_value(200, &answer))
            .mount(&server)
            .await;
        let env = TestEnv::new();
        let mut cmd = cc(&env, &server);
        cmd.args(PEERING_ARGS)
            .args(["--interval", "50ms", "--timeout", "1s"]);
        let out = run(cmd).await;
        assert_code(&out, 7);
        let err = stderr(&out);
        assert!(err.contains(seen), "`{seen}` not in:\n{err}");
        assert!(
            err.contains(&format!(
                "cc console-connect azure peering get {GROUP_ID} PRIVATE"
            )),
            "{err}"
        );
    }
}
