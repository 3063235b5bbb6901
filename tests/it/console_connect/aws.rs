//! `cc console-connect aws regions|create`: what is sent (path, verb, the exact body), the wait
//! that ends at PENDING_ACCEPTANCE with the next step, `wait --until ACTIVE` going on through
//! it, the refusals before anything is sent (exit 2), a taken name, a lost answer, a declined
//! order; and the whole flow against the simulator.

use serde_json::{Value, json};
use wiremock::matchers::{bearer_token, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    PORT_1, TOKEN, assert_not_resent, assert_ordered_once, cc, connection_path, mount_connections,
    mount_connections_then, mount_order, mount_partner_lookups, mount_ports, mount_regions,
    refused_after_the_lookups, refused_before_any_request, row_of, sandbox_refuses, sandboxed,
};
use crate::common::{
    TestEnv, assert_code, assert_planned, fixture, fixture_json, json_value, received, refuse, run,
    run_json, stderr, stdout,
};

const AWS: &str = "/api/company/acme/connections/directConnectPartner/AWS/layer2";

/// The London AWS port of `fixtures/console_connect/regions_amazon.json`.
const LONDON: &str = "5b456eda852dad001a8cf2cd";

const ID: &str = "5e7a757303be0d0014960199";

const ARGS: [&str; 13] = [
    "console-connect",
    "aws",
    "create",
    "--name",
    "AWS London",
    "--port",
    "ACME LONDON 1",
    "--aws-account",
    "2650-3425-2711",
    "--region",
    "eu-west-2",
    "--speed",
    "500",
];

fn expected_body(duration: u32, unit: &str) -> Value {
    json!({
        "type": "LAYER2",
        "name": "AWS London",
        "srcPortId": PORT_1,
        "destPortId": LONDON,
        "speed": 500,
        "partner": { "account": "265034252711" },
        "duration": duration,
        "durationUnit": unit,
        "paymentType": "invoice"
    })
}

/// The connection as Console Connect shows it, in `status`.
fn connection(status: &str) -> Value {
    let dxcon = match status {
        "CREATING" => Value::Null,
        _ => json!("dxcon-fgiaw42p"),
    };
    json!({
        "id": ID, "type": "LAYER2", "name": "AWS London", "status": status, "parentId": null,
        "speed": {"name": "500 Mbps", "value": 500}, "errorReason": null,
        "partner": {"type": "AWS", "account": "265034252711", "connectionId": dxcon}
    })
}

/// GET of the connection: each of `states` once, in order, then the last one for good.
async fn mount_states(server: &MockServer, states: &[&str]) {
    for (i, state) in states.iter().enumerate() {
        let last = i + 1 == states.len();
        let mock = Mock::given(method("GET"))
            .and(path(connection_path(ID)))
            .and(bearer_token(TOKEN))
            .respond_with(json_value(200, &connection(state)));
        let mock = match last {
            true => mock.with_priority(5),
            false => mock.up_to_n_times(1).with_priority(1),
        };
        mock.mount(server).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_lists_the_partner_ports_as_they_come() {
    let server = MockServer::start().await;
    mount_regions(&server, "amazon").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "aws", "regions"]);
    let printed = run_json(cmd).await;
    let fixture = fixture_json("console_connect", "regions_amazon.json");
    assert_eq!(printed, fixture["results"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_puts_the_documented_body_and_stops_at_pending_acceptance_with_the_next_step() {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "amazon").await;
    let creating = json_value(200, &connection("CREATING"));
    mount_order(&server, AWS, Some(expected_body(1, "m")), creating).await;
    mount_states(&server, &["CREATING", "PENDING_ACCEPTANCE"]).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS).args(["--interval", "10ms"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["status"], "PENDING_ACCEPTANCE");
    let err = stderr(&out);
    assert!(
        err.contains("is PENDING_ACCEPTANCE after")
            && err.contains("next: accept hosted connection dxcon-fgiaw42p in AWS")
            && err.contains(&format!("cc console-connect wait {ID} --until ACTIVE")),
        "{err}"
    );
    assert_ordered_once(&server, AWS, ID, 2).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_wait_sends_the_term_given_and_polls_nothing() {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "amazon").await;
    let creating = json_value(200, &connection("CREATING"));
    mount_order(&server, AWS, Some(expected_body(2, "y")), creating).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS)
        .args(["--duration", "2", "--duration-unit", "y", "--no-wait"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["status"], "CREATING");
    assert_ordered_once(&server, AWS, ID, 0).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_plans_the_put_with_the_body() {
    let server = MockServer::start().await;
    mount_partner_lookups(&server, "amazon").await;
    refuse(&server, "PUT").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS).arg("--dry-run");
    let planned = run_json(cmd).await;
    assert_planned(&planned, "PUT", &format!("{}{AWS}", server.uri()));
    assert_eq!(planned["body"], expected_body(1, "m"));
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_ends_at_pending_acceptance_and_until_active_goes_through_it() {
    let server = MockServer::start().await;
    mount_states(&server, &["PENDING_ACCEPTANCE", "ACCEPTED", "ACTIVE"]).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "wait", ID, "--interval", "10ms"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("next: accept hosted connection"),
        "{}",
        stderr(&out)
    );
    let mut cmd = cc(&env, &server);
    cmd.args([
        "console-connect",
        "wait",
        ID,
        "--until",
        "ACTIVE",
        "--interval",
        "10ms",
    ]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["status"], "ACTIVE");
    // One poll for the first wait; the second saw ACCEPTED, then ACTIVE.
    assert_eq!(
        received(&server, "GET", &connection_path(ID)).await.len(),
        3
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declined_order_is_exit_8_with_the_reason() {
    let server = MockServer::start().await;
    let mut denied = connection("DENIED");
    denied["errorReason"] = json!("The AWS account declined the hosted connection");
    Mock::given(method("GET"))
        .and(path(connection_path(ID)))
        .respond_with(json_value(200, &denied))
        .mount(&server)
        .await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(["console-connect", "wait", ID, "--interval", "10ms"]);
    let out = run(cmd).await;
    assert_code(&out, 8);
    assert!(stderr(&out).contains("DENIED") && stderr(&out).contains("declined"));
}

/// Each rule that needs no look-up: exit 2 naming the flag, and no request at all.
#[tokio::test(flavor = "multi_thread")]
async fn each_rule_refuses_before_any_request() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "--aws-account",
            "xx-3434-yy-6",
            "--aws-account `xx-3434-yy-6`: an AWS account id is 12 digits",
        ),
        (
            "--aws-account",
            "26503425271",
            "an AWS account id is 12 digits",
        ),
        (
            "--speed",
            "0",
            "--speed 0: must be a positive number of Mbps",
        ),
        ("--duration", "0", "--duration 0: the term is at least 1"),
        (
            "--duration-unit",
            "d",
            "invalid value 'd' for '--duration-unit <m|y>'",
        ),
    ];
    for (flag, value, needle) in cases {
        let mut args = ARGS.to_vec();
        match args.iter().position(|a| *a == flag) {
            Some(i) => args[i + 1] = value,
            None => args.extend([flag, value]),
        }
        refused_before_any_request(&args, needle).await;
    }
}

/// The rules that need the look-ups: exit 2 (or 4 for a region nobody serves), no order.
#[tokio::test(flavor = "multi_thread")]
async fn the_region_and_the_speed_are_checked_before_ordering() {
    let cases: [(&str, &str, i32, &str); 4] = [
        (
            "--region",
            "us-east-1",
            2,
            "pass the id: 5a80c78c1347a30012dd1c60, 5a80c78c1347a30012dd1c61",
        ),
        ("--region", "ap-south-9", 4, "ap-south-9"),
        (
            "--speed",
            "75",
            2,
            "--speed 75: the partner port 5b456eda852dad001a8cf2cd offers 50, 100",
        ),
        (
            "--speed",
            "1000",
            2,
            "port `ACME LONDON 1` has 900 Mbps left",
        ),
    ];
    for (flag, value, code, needle) in cases {
        let mut args = ARGS.to_vec();
        let i = args.iter().position(|a| *a == flag).unwrap();
        args[i + 1] = value;
        refused_after_the_lookups("amazon", &args, code, needle).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_taken_name_is_refused_or_reused_and_nothing_is_ordered() {
    let server = MockServer::start().await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    mount_regions(&server, "amazon").await;
    let taken = json!({ "results": [connection("PENDING_ACCEPTANCE")] });
    mount_connections(&server, &taken.to_string()).await;
    refuse(&server, "PUT").await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(&format!("connection {ID} already has it")),
        "{}",
        stderr(&out)
    );
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS).args(["--if-exists", "reuse"]);
    let printed = run_json(cmd).await;
    assert_eq!(printed["id"], ID);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_with_a_5xx_is_looked_up_not_resent() {
    let server = MockServer::start().await;
    mount_ports(&server, &fixture("console_connect", "ports.json")).await;
    mount_regions(&server, "amazon").await;
    // Before the order: nothing of that name; after: the connection the lost order made.
    let after = json!({ "results": [connection("CREATING")] });
    mount_connections_then(&server, &after.to_string()).await;
    mount_order(&server, AWS, None, ResponseTemplate::new(502)).await;
    let env = TestEnv::new();
    let mut cmd = cc(&env, &server);
    cmd.args(ARGS);
    let out = run(cmd).await;
    assert_code(&out, 5);
    let wait = format!("cc console-connect wait {ID}");
    assert_not_resent(&server, &out, AWS, &[&wait]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_order_waits_for_acceptance_then_until_active_ends() {
    let env = TestEnv::new();
    let out = run(sandboxed(&env, "200ms", &ARGS)).await;
    assert_code(&out, 0);
    let made: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(made["status"], "PENDING_ACCEPTANCE");
    let id = made["id"].as_str().unwrap().to_string();
    let dxcon = made["partner"]["connectionId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(dxcon.starts_with("dxcon-"), "{made}");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("accept hosted connection {dxcon} in AWS"))
            && err.contains(&format!(
                "cc --sandbox console-connect wait {id} --until ACTIVE"
            )),
        "{err}"
    );

    // In `connections list` and `status` it is PENDING, waiting to be accepted in AWS.
    let list = ["connections", "list", "--provider", "console-connect"];
    let row = row_of(&run_json(sandboxed(&env, "200ms", &list)).await, &id);
    assert_eq!(
        (row["state"].as_str(), row["raw_state"].as_str()),
        (Some("PENDING"), Some("PENDING_ACCEPTANCE"))
    );
    assert_eq!(row["location"], "AWS");
    let status = ["connections", "status", "--provider", "console-connect"];
    let row = row_of(&run_json(sandboxed(&env, "200ms", &status)).await, &id);
    assert_eq!(row["health"], "up");
    assert_eq!(
        row["detail"],
        "status PENDING_ACCEPTANCE: not in service yet: waiting to be accepted in AWS"
    );

    // Until accepted, `wait --until ACTIVE` goes on (and times out, exit 7).
    let waiting = [
        "console-connect",
        "wait",
        &id,
        "--until",
        "ACTIVE",
        "--timeout",
        "500ms",
    ];
    let out = run(sandboxed(&env, "200ms", &waiting)).await;
    assert_code(&out, 7);
    let err = stderr(&out);
    assert!(err.contains("last state seen: PENDING_ACCEPTANCE"), "{err}");
    let resume = format!("cc --sandbox console-connect wait {id} --until ACTIVE");
    assert!(err.contains(&resume), "{err}");

    let accept = format!("/_sandbox/accept?connection={id}");
    let accepted = run_json(sandboxed(
        &env,
        "200ms",
        &["api", "console-connect", "POST", &accept],
    ))
    .await;
    assert_eq!(accepted["status"], "ACCEPTED");
    let until = ["console-connect", "wait", &id, "--until", "ACTIVE"];
    let active = run_json(sandboxed(&env, "200ms", &until)).await;
    assert_eq!(active["status"], "ACTIVE");
    let rows = run_json(sandboxed(&env, "200ms", &list)).await;
    assert_eq!(row_of(&rows, &id)["state"], "ACTIVE");
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_declined_order_ends_in_denied_exit_8() {
    let env = TestEnv::new();
    let mut args = ARGS.to_vec();
    args[8] = "000000123456";
    let out = run(sandboxed(&env, "100ms", &args)).await;
    assert_code(&out, 8);
    assert!(
        stderr(&out).contains("DENIED") && stderr(&out).contains("declined"),
        "{}",
        stderr(&out)
    );
}

/// The simulator enforces the rules itself, in Console Connect's error shape.
#[tokio::test(flavor = "multi_thread")]
async fn sandbox_refuses_a_bad_body_in_the_providers_shape() {
    let env = TestEnv::new();
    let mut body = expected_body(1, "m");
    body["partner"]["account"] = json!("2650-3425-2711");
    let says = "partner.account must be a 12-digit AWS account id";
    sandbox_refuses(&env, "100ms", AWS, &body, says).await;
}

/// The simulator counts what an AWS order made there takes on its port, as `cc` counts it, and
/// refuses, in Console Connect's error shape, a second order past what is left
/// (`console-connect-port-capacity`, enforced a second time).
#[tokio::test(flavor = "multi_thread")]
async fn sandbox_refuses_an_order_past_what_an_earlier_order_left_on_the_port() {
    let env = TestEnv::new();
    // 500 Mbps each on ACME LONDON 1, which has 900 free.
    let named = |name: &str| {
        let mut body = expected_body(1, "m");
        body["name"] = json!(name);
        body
    };
    let first = named("aws-1").to_string();
    let put = ["api", "console-connect", "PUT", AWS, "--data", &first];
    assert_code(&run(sandboxed(&env, "10s", &put)).await, 0);
    let says = "port `ACME LONDON 1` has 400 Mbps left";
    sandbox_refuses(&env, "10s", AWS, &named("aws-2"), says).await;
    // `cc` reads the same: its own check refuses the order before sending it.
    let mut args = ARGS.to_vec();
    args[4] = "aws-3";
    let out = run(sandboxed(&env, "10s", &args)).await;
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("--speed 500: port `ACME LONDON 1` has 400 Mbps left"),
        "{}",
        stderr(&out)
    );
}
