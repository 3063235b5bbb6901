//! AWS and Google partner connections: exported then planned change nothing, an apply orders one
//! of each, the partner rules over the file are exit 2 at their line, and (on wiremock) each order
//! is sent exactly once, a lost one never resent.

use super::*;

/// Two pairing keys of europe-west1, one per edge availability domain: a secret.
const GKEY_1: &str = "765ebb97-329e-43a8-9b94-8b0b4db7ab2d/europe-west1/1";
const GKEY_2: &str = "69ffada6-a3c1-42c6-ad84-8794d6be30bd/europe-west1/2";

/// A new AWS hosted connection and a new Google partner interconnect.
pub(crate) const PARTNERS: &str = "console_connect:
  aws_connections:
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

/// Both pairing keys in the one variable the file names.
fn gcp_keys() -> [(&'static str, String); 1] {
    [("CC_TEST_GCP_KEYS", format!("{GKEY_1},{GKEY_2}"))]
}

/// The id of the connection named `name` in the sandbox, and its status.
fn connection_named(env: &TestEnv, server: &Sandbox, name: &str) -> (String, String) {
    let jq = format!(".[] | select(.name == \"{name}\") | [.id, .status] | join(\" \")");
    let words = ["console-connect", "list", "-o", "json", "--jq", &jq];
    let (code, out, err) = cc(env, server, &[], &words);
    assert_eq!(code, 0, "{err}");
    let (id, status) = out.trim().split_once(' ').expect(&out);
    (id.to_string(), status.to_string())
}

#[test]
fn aws_and_google_connections_exported_then_planned_change_nothing() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let aws = [
        "console-connect",
        "aws",
        "create",
        "--name",
        "aws-lon",
        "--port",
        "ACME LONDON 1",
        "--aws-account",
        "123456789012",
        "--region",
        "eu-west-2",
        "--speed",
        "100",
        "--yes",
    ];
    let google = [
        "console-connect",
        "google",
        "create",
        "--name",
        "gcp-1",
        "--port",
        "ACME LONDON 1",
        "--port",
        "ACME LONDON 2",
        "--pairing-key",
        GKEY_1,
        "--pairing-key",
        GKEY_2,
        "--region",
        "europe-west1",
        "--speed",
        "200",
        "--yes",
    ];
    for words in [&aws[..], &google] {
        let (code, _, err) = cc(&env, &server, &[], words);
        assert_eq!(code, 0, "{err}");
    }
    let (aws_id, status) = connection_named(&env, &server, "aws-lon");
    assert_eq!(status, "PENDING_ACCEPTANCE");
    let exported = export(&env, &server, "console-connect");
    assert!(
        exported.contains("  aws_connections:\n  - name: aws-lon\n    port: 5893d943878d635dde318022\n    aws_account: \"123456789012\"\n    region: eu-west-2\n    speed: 100\n    duration: 1\n    duration_unit: m\n"),
        "{exported}"
    );
    assert!(
        exported.contains("  google_connections:\n  - name: gcp-1\n    port:\n    - 5893d943878d635dde318022\n    - 5893d943878d635dde318023\n    pairing_key: ${env:CONSOLE_CONNECT_GCP_1_PAIRING_KEY}\n    region: europe-west1\n    speed: 200\n"),
        "{exported}"
    );
    assert!(!exported.contains(GKEY_1), "a pairing key is a secret");
    let path = file(&env, &exported);
    let empty = |path: &str| {
        for more in [&[][..], &["--prune"]] {
            let (code, shown) = plan(&env, &server, path, more);
            assert_eq!(code, 0, "{more:?}: {shown}");
            assert_eq!(shown["summary"]["unchanged"], 3, "{shown}");
        }
    };
    empty(&path);
    // Accepted in AWS, it is the same connection.
    let accept = format!("/_sandbox/accept?connection={aws_id}");
    let (code, _, err) = cc(
        &env,
        &server,
        &[],
        &["api", "console-connect", "POST", &accept],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(connection_named(&env, &server, "aws-lon").1, "ACTIVE");
    empty(&path);
    // Every spelling the creates take is the same value: ports by name, the account as the
    // console shows it, the region by its row of `aws regions`.
    let spelled = exported
        .replace("port: 5893d943878d635dde318022", "port: ACME LONDON 1")
        .replace("- 5893d943878d635dde318023", "- ACME LONDON 2")
        .replace("\"123456789012\"", "1234-5678-9012")
        .replace("region: eu-west-2", "region: 5b456eda852dad001a8cf2cd");
    assert_ne!(spelled, exported);
    empty(&file(&env, &spelled));
    // Any field is a replace, an outage.
    let other = exported.replace("region: eu-west-2", "region: eu-west-1");
    let (code, shown) = plan(&env, &server, &file(&env, &other), &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [change("replace", "AWS hosted connection", "aws-lon")]
    );
    assert_eq!(
        shown["changes"][0]["fields"],
        json!({"region": {"from": "eu-west-2", "to": "eu-west-1"}})
    );
}

#[test]
fn an_apply_orders_one_of_each_the_aws_one_waiting_for_acceptance() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let path = file(&env, PARTNERS);
    let (code, shown) = plan(&env, &server, &path, &[]);
    assert_eq!(code, 10);
    assert_eq!(
        actions(&shown),
        [
            change("create", "AWS hosted connection", "aws-dub"),
            change("create", "Google partner interconnect", "gcp-bru"),
        ]
    );
    let keys = gcp_keys();
    let vars = [(keys[0].0, keys[0].1.as_str())];
    let words = ["apply", "-f", &path, "--yes", "-o", "json"];
    let (code, out, err) = cc(&env, &server, &vars, &words);
    assert_eq!(code, 0, "{err}");
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["summary"],
        json!({"done": 2, "failed": 0, "not_tried": 0})
    );
    let (aws_id, status) = connection_named(&env, &server, "aws-dub");
    assert_eq!(
        status, "PENDING_ACCEPTANCE",
        "done on Console Connect's side"
    );
    assert_eq!(connection_named(&env, &server, "gcp-bru").1, "ACTIVE");
    assert!(
        err.contains(&format!("({}…) is PENDING_ACCEPTANCE", &aws_id[..8])),
        "{err}"
    );
    assert!(
        err.contains("AWS hosted connection `aws-dub`: done on Console Connect's side (PENDING_ACCEPTANCE); it waits for acceptance in AWS"),
        "{err}"
    );
    assert!(
        err.contains("next: accept hosted connection dxcon-"),
        "{err}"
    );
    assert!(
        err.contains(&format!("console-connect wait {aws_id} --until ACTIVE")),
        "{err}"
    );
    assert!(
        err.contains("Google partner interconnect `gcp-bru`: created"),
        "{err}"
    );
    assert!(!format!("{out}{err}").contains(GKEY_1), "{err}");
    for more in [&[][..], &["--prune"]] {
        let (code, shown) = plan(&env, &server, &path, more);
        assert_eq!(code, 0, "{more:?}: {shown}");
    }
    let (code, _, err) = cc(&env, &server, &vars, &["apply", "-f", &path, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Nothing to do"), "{err}");
}

#[test]
fn partner_rules_over_the_file_are_exit_2_at_the_line_that_breaks_them() {
    let env = TestEnv::new();
    let server = Sandbox::spawn(&env, "0s");
    let line_of = |text: &str, wanted: &str| text.lines().position(|l| l == wanted).unwrap() + 1;
    let refused = |text: &str| {
        let path = file(&env, text);
        let keys = gcp_keys();
        let vars = [(keys[0].0, keys[0].1.as_str())];
        let (code, _, err) = cc(&env, &server, &vars, &["apply", "-f", &path, "--yes"]);
        assert_eq!(code, 2, "{err}");
        assert!(!err.contains(GKEY_1), "{err}");
        err
    };
    let account = PARTNERS.replace("2650-3425-2711", "xx-3434-yy-6");
    let err = refused(&account);
    assert!(
        err.contains(&format!(
            "desired.yaml:{}: aws_account xx-3434-yy-6: an AWS account id is 12 digits",
            line_of(&account, "  - name: aws-dub")
        )),
        "{err}"
    );
    assert!(err.contains("console-connect-partner-values"), "{err}");
    let gcp = line_of(PARTNERS, "  - name: gcp-bru");
    let same_port = PARTNERS.replace("5893d943878d635dde318023", "5893d943878d635dde318022");
    let err = refused(&same_port);
    assert!(
        err.contains(&format!("desired.yaml:{gcp}: port ACME LONDON 1, 5893d943878d635dde318022: both name port 5893d943878d635dde318022")),
        "{err}"
    );
    // One key per edge availability domain: both in domain 1 is refused, the keys masked.
    let domains = PARTNERS.replace(
        "pairing_key: ${env:CC_TEST_GCP_KEYS}",
        &format!("pairing_key: [{GKEY_1}, {}]", GKEY_2.replace("/2", "/1")),
    );
    let err = refused(&domains);
    assert!(
        err.contains(&format!("desired.yaml:{gcp}: pairing_key ********: both pairing keys are in edge availability domain 1")),
        "{err}"
    );
    // The port capacity rule sums every kind of the file: 500 + 500 on ACME LONDON 1 (900 free).
    let full = PARTNERS
        .replace("port: ACME LONDON 2", "port: ACME LONDON 1")
        .replace("speed: 200", "speed: 500")
        .replace("speed: 100", "speed: 500");
    let err = refused(&full);
    assert!(
        err.contains(&format!("desired.yaml:{gcp}: port `ACME LONDON 1` (5893d943878d635dde318022) (900 Mbps free) and AWS hosted connection `aws-dub` (speed 500) and Google partner interconnect `gcp-bru` (speed 500): the file adds 1000 Mbps on it")),
        "{err}"
    );
    let (_, shown) = plan(&env, &server, &file(&env, PARTNERS), &[]);
    assert_eq!(shown["summary"]["create"], 2, "nothing was ordered");
}

/// An empty account with the two ports and both partners' regions lists, each partner's
/// order answered with a new connection (`lost`: a 503, the order's fate unknown).
async fn mock_partners(server: &MockServer, lost: bool) {
    mock_empty_account(server).await;
    for (partner, kind, id) in [
        ("amazon", "AWS", "5e7a757303be0d0014960199"),
        ("google", "GCE", "5e7a757303be0d0014960200"),
    ] {
        Mock::given(method("GET"))
            .and(path(format!("/api/directConnectPartner/{partner}/regions")))
            .respond_with(json_response(
                200,
                &fixture("console_connect", &format!("regions_{partner}.json")),
            ))
            .mount(server)
            .await;
        let made = json!({"id": id, "name": "x", "status": "CREATING", "type": "LAYER2",
                          "partner": {"type": kind}});
        let answer = match lost {
            true => ResponseTemplate::new(503),
            false => json_value(200, &made),
        };
        Mock::given(method("PUT"))
            .and(path(format!(
                "/api/company/acme/connections/directConnectPartner/{kind}/layer2"
            )))
            .respond_with(answer)
            .mount(server)
            .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_sends_exactly_each_partners_order_once() {
    let server = MockServer::start().await;
    mock_partners(&server, false).await;
    let (_env, mut cmd) = applying(&server, PARTNERS);
    cmd.env("CC_TEST_GCP_KEYS", format!("{GKEY_1}, {GKEY_2}"))
        .args(["--no-wait", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let aws = received(&server, "PUT", "/directConnectPartner/AWS/layer2").await;
    assert_eq!(aws.len(), 1);
    assert_eq!(
        serde_json::from_slice::<Value>(&aws[0].body).unwrap(),
        json!({"type": "LAYER2", "name": "aws-dub", "srcPortId": "5893d943878d635dde318023",
               "destPortId": "5aa730f8efe3bc00124d0766", "speed": 200,
               "partner": {"account": "265034252711"}, "duration": 1, "durationUnit": "y",
               "paymentType": "invoice"})
    );
    let google = received(&server, "PUT", "/directConnectPartner/GCE/layer2").await;
    assert_eq!(google.len(), 1);
    assert_eq!(
        serde_json::from_slice::<Value>(&google[0].body).unwrap(),
        json!({"type": "LAYER2", "name": "gcp-bru", "srcPortId": "5893d943878d635dde318022",
               "destPortId": "5de874ee0d83430256e31f88", "paymentType": "invoice", "speed": 100,
               "partner": {"srcPortIds": ["5893d943878d635dde318022", "5893d943878d635dde318023"],
                           "destPortIds": ["5de874ee0d83430256e31f88", "5de874ee0d83430256e31f89"],
                           "pairingKeys": [GKEY_1, GKEY_2], "region": "europe-west1"}})
    );
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["summary"]["done"], 2);
    let err = stderr(&out);
    assert!(
        err.contains(
            "`aws-dub`: ordered, not waited for; once provisioned it waits for acceptance in AWS"
        ),
        "{err}"
    );
    assert!(!format!("{}{err}", stdout(&out)).contains(GKEY_1), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_partner_order_is_never_resent() {
    let server = MockServer::start().await;
    mock_partners(&server, true).await;
    let (_env, mut cmd) = applying(&server, PARTNERS);
    cmd.env("CC_TEST_GCP_KEYS", format!("{GKEY_1},{GKEY_2}"))
        .arg("--no-wait");
    let out = run(cmd).await;
    assert_code(&out, 5);
    for kind in ["AWS", "GCE"] {
        let sent = received(
            &server,
            "PUT",
            &format!("/directConnectPartner/{kind}/layer2"),
        )
        .await;
        assert_eq!(sent.len(), 1, "{kind} sent once");
    }
    let err = stderr(&out);
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains("no AWS hosted connection named `aws-dub` has appeared"),
        "{err}"
    );
    assert!(
        err.contains("no Google partner interconnect named `gcp-bru` has appeared"),
        "{err}"
    );
}
