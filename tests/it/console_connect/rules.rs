//! The rules of an Azure peering that span its values (`CLI.md` §5): two distinct /30 link
//! subnets; MICROSOFT peering with public link subnets and prefixes only, and no peer ASN of
//! Microsoft's (inferred: `--skip-rule`); the peer ASN range. Each is refused before anything is
//! sent (a dry run too) naming both inputs and the rule, and by the simulator in Console
//! Connect's error body.

use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer};

use super::{GROUP_ID, cc, group, mount_connection_sequence, peering_path};
use crate::common::{TestEnv, assert_code, json_value, run, stderr};

/// A MICROSOFT peering's flags, all public: each case replaces one.
const MICROSOFT: [&str; 16] = [
    "console-connect",
    "azure",
    "peering",
    "set",
    GROUP_ID,
    "MICROSOFT",
    "--peer-asn",
    "64496",
    "--primary-subnet",
    "123.0.0.0/30",
    "--secondary-subnet",
    "123.0.0.4/30",
    "--vlan",
    "200",
    "--advertised-prefix",
    "123.1.0.0/24",
];

/// `MICROSOFT` with `flag` set to `value` (and the type replaced when `flag` is `TYPE`).
fn with(flag: &str, value: &'static str) -> Vec<&'static str> {
    let mut args = MICROSOFT.to_vec();
    match args.iter().position(|a| *a == flag) {
        Some(i) => args[i + 1] = value,
        None => args[5] = value,
    }
    args
}

/// Runs `args` against a server that must receive nothing; asserts exit 2 and every needle.
async fn refused_before_sending(args: &[&str], needles: &[&str]) {
    let server = MockServer::start().await;
    for dry in [false, true] {
        let env = TestEnv::new();
        let mut cmd = cc(&env, &server);
        cmd.args(args);
        if dry {
            cmd.arg("--dry-run");
        }
        let out = run(cmd).await;
        assert_code(&out, 2);
        let err = stderr(&out);
        for needle in needles {
            assert!(err.contains(needle), "{args:?}: `{needle}` not in:\n{err}");
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn two_link_subnets_must_be_distinct_30s() {
    let mut args = with("--secondary-subnet", "123.0.0.0/30");
    args[5] = "PRIVATE";
    args.truncate(14);
    refused_before_sending(
        &args,
        &[
            "--primary-subnet 123.0.0.0/30 and --secondary-subnet 123.0.0.0/30",
            "rule `console-connect-link-subnets-distinct` (documented)",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn microsoft_peering_takes_public_addresses_only() {
    for (flag, value, range) in [
        ("--advertised-prefix", "10.0.0.0/24", "private (RFC 1918)"),
        ("--primary-subnet", "100.64.0.0/30", "CGNAT"),
        ("--secondary-subnet", "169.254.0.4/30", "link-local"),
        ("--advertised-prefix", "127.0.0.0/8", "loopback"),
        ("--advertised-prefix", "198.51.100.0/28", "documentation"),
    ] {
        refused_before_sending(
            &with(flag, value),
            &[
                &format!("{flag} {value} and TYPE MICROSOFT"),
                range,
                "rule `console-connect-microsoft-public-only` (documented)",
            ],
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn microsofts_own_asn_is_refused_unless_skipped() {
    for asn in ["12076", "8075", "8074"] {
        refused_before_sending(
            &with("--peer-asn", asn),
            &[
                &format!("--peer-asn {asn} and TYPE MICROSOFT"),
                "rule `console-connect-microsoft-peer-asn` (inferred)",
                "--skip-rule console-connect-microsoft-peer-asn",
            ],
        )
        .await;
    }
    // Let through: sent as given, with a warning.
    let server = MockServer::start().await;
    let active = group("ACTIVE");
    mount_connection_sequence(&server, GROUP_ID, &active, 1, json_value(200, &active)).await;
    Mock::given(method("POST"))
        .and(path(peering_path("MICROSOFT")))
        .and(body_partial_json(json!({ "peerASN": 12076 })))
        .respond_with(json_value(200, &json!({ "type": "MICROSOFT" })))
        .expect(1)
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(with("--peer-asn", "12076")).args([
        "--skip-rule",
        "console-connect-microsoft-peer-asn",
        "--no-wait",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("warning:")
            && err.contains("let through by --skip-rule console-connect-microsoft-peer-asn"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_peer_asn_range_is_azures_and_a_private_one_on_microsoft_warns() {
    for (asn, why) in [
        ("23456", "AS_TRANS"),
        ("65535", "reserved"),
        ("65516", "reserved by Microsoft"),
        ("4294967295", "4294967294"),
        ("0", "not an AS number"),
    ] {
        let mut args = with("--peer-asn", asn);
        args[5] = "PRIVATE";
        args.truncate(14);
        refused_before_sending(&args, &[&format!("--peer-asn {asn}"), why]).await;
    }
    let server = MockServer::start().await;
    let active = group("ACTIVE");
    mount_connection_sequence(&server, GROUP_ID, &active, 1, json_value(200, &active)).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(with("--peer-asn", "4200000001")).arg("--dry-run");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("warning: peer ASN 4200000001 is private"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_refuses_the_same_in_console_connects_error_body() {
    let env = TestEnv::new();
    let url = format!(
        "/api/company/acme/connections/directConnectPartner/AZURE/layer2/{GROUP_ID}/peering/MICROSOFT"
    );
    let base = json!({
        "peerASN": 64496,
        "primaryPeerAddressPrefix": "123.0.0.0/30",
        "secondaryPeerAddressPrefix": "123.0.0.4/30",
        "vlanId": 200,
        "advertisedPublicPrefixes": ["123.1.0.0/24"],
    });
    let cases = [
        (
            "peerASN",
            json!(12076),
            "console-connect-microsoft-peer-asn",
        ),
        (
            "advertisedPublicPrefixes",
            json!(["10.0.0.0/24"]),
            "console-connect-microsoft-public-only",
        ),
        (
            "secondaryPeerAddressPrefix",
            json!("123.0.0.0/30"),
            "console-connect-link-subnets-distinct",
        ),
        ("peerASN", json!(23456), "AS_TRANS"),
    ];
    for (field, value, needle) in cases {
        let mut body = base.clone();
        body[field] = value;
        let mut cmd = env.cc();
        cmd.args([
            "--sandbox",
            "-o",
            "json",
            "api",
            "console-connect",
            "POST",
            &url,
        ])
        .args(["--data", &body.to_string()]);
        let out = run(cmd).await;
        assert_code(&out, 5);
        let err = stderr(&out);
        assert!(err.contains("400"), "{err}");
        assert!(err.contains(needle), "{field}: `{needle}` not in {err}");
    }
}
