//! Scripts that re-run a command (issue 11): a create whose name is taken, waits and their
//! states, hints that reach the same target, validation that update and create share, and the
//! configuration commands a script uses. Against the sandbox, one simulator per test, so that a
//! second run sees what the first one made.

use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::{Sandbox, TestEnv, assert_code, refused, run, stderr, stdout};

const PROJECT: &str = "0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09";
/// The seeded Huawei cloud connection `cc-paris` and its package `bwp-eu-ap` (20 Mbit/s, with
/// one 10 Mbit/s inter-region bandwidth drawn from it).
const CC_PARIS: &str = "6a1b2c3d-0000-4000-8000-000000000001";
const BWP_EU_AP: &str = "8c3d4e5f-0000-4000-8000-000000000001";
/// The seeded Console Connect group `Azure ExpressRoute`.
const CC_GROUP: &str = "5e7a2b1903be0d0014960141";

async fn json_of(mut cmd: Command, args: &[&str]) -> Value {
    cmd.args(args).args(["-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&out)))
}

const HUAWEI_CREATE: [&str; 4] = ["huawei", "create", "--name", "cc-paris"];

const NETWORK_INSTANCE_CREATE: [&str; 17] = [
    "huawei",
    "network-instances",
    "create",
    "--cloud-connection",
    "cc-paris",
    "--name",
    "vpc-paris",
    "--type",
    "vpc",
    "--instance-id",
    "3d9f1c2e-5b7a-4c1d-9e2f-0a1b2c3d4e5f",
    "--project-id",
    PROJECT,
    "--region-id",
    "eu-west-0",
    "--cidr",
    "192.168.0.0/24",
];

const PACKAGE_CREATE: [&str; 15] = [
    "huawei",
    "bandwidth-packages",
    "create",
    "--name",
    "bwp-eu-ap",
    "--project-id",
    PROJECT,
    "--local-area",
    "Asia-Pacific",
    "--remote-area",
    "Asia-Pacific",
    "--bandwidth",
    "10",
    "--billing-mode",
    "4",
];

const CONSOLE_CONNECT_CREATE: [&str; 11] = [
    "console-connect",
    "azure",
    "create",
    "--service-key",
    "0c5f1a77-7c3b-4b1e-9d0e-5a1b2c3d4e5f",
    "--name",
    "Azure ExpressRoute",
    "--port",
    "ACME LONDON 1",
    "--speed",
    "50",
];

#[tokio::test(flavor = "multi_thread")]
async fn every_named_create_refuses_a_taken_name_and_reuse_prints_the_existing_one() {
    let sandbox = Sandbox::start(Duration::from_millis(50)).await;
    let env = TestEnv::new();
    let cc = || sandbox.cc(&env);
    let instance = json_of(cc(), &["huawei", "network-instances", "get", "vpc-paris"]).await;
    let instance_id = instance["id"].as_str().expect("an id").to_string();
    let cases: [(&[&str], &str, &str); 4] = [
        (&HUAWEI_CREATE, CC_PARIS, "Huawei cloud connection"),
        (
            &NETWORK_INSTANCE_CREATE,
            &instance_id,
            "Huawei network instance",
        ),
        (&PACKAGE_CREATE, BWP_EU_AP, "Huawei bandwidth package"),
        (
            &CONSOLE_CONNECT_CREATE,
            CC_GROUP,
            "Console Connect connection",
        ),
    ];
    for (args, existing, what) in cases {
        let err = refused(cc(), args).await;
        assert!(
            err.contains(&format!(
                "{what} {existing} already has it; nothing was sent"
            )) && err.contains("--if-exists reuse"),
            "{args:?}: {err}"
        );
        let mut reuse = args.to_vec();
        reuse.extend(["--if-exists", "reuse"]);
        let shown = json_of(cc(), &reuse).await;
        assert_eq!(shown["id"], existing, "{args:?}");
    }
    // Nothing was made by the refusals and the reuses: the lists hold one of each name.
    let all = json_of(cc(), &["huawei", "list", "--name", "cc-paris"]).await;
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");

    // `create` orders another (Huawei itself refuses a second cloud connection of one name,
    // CC.1031, but not a second package); then the name is ambiguous, which reuse says.
    let mut again = PACKAGE_CREATE.to_vec();
    again.extend(["--if-exists", "create"]);
    let second = json_of(cc(), &again).await;
    assert_ne!(second["id"], BWP_EU_AP);
    let mut reuse = PACKAGE_CREATE.to_vec();
    reuse.extend(["--if-exists", "reuse"]);
    let err = refused(cc(), &reuse).await;
    assert!(
        err.contains("2 Huawei bandwidth packages are named `bwp-eu-ap`")
            && err.contains(BWP_EU_AP),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_wait_checks_until_and_a_settled_state_not_asked_for_ends_it() {
    let sandbox = Sandbox::start(Duration::from_millis(50)).await;
    let env = TestEnv::new();
    let cc = || sandbox.cc(&env);
    // (the wait command, a known state it is not in and will not reach, the states listed)
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["orange", "wait", "Connection to PARIS"],
            "DESIGNED",
            "DESIGNING, DESIGNED, PROVISIONING, ACTIVE, INACTIVE",
        ),
        (
            &["console-connect", "wait", "Azure ExpressRoute"],
            "PENDING",
            "CREATING, PENDING, PENDING_ACCEPTANCE, ACCEPTED, ACTIVE",
        ),
        (
            &["huawei", "wait", "cc-paris"],
            "PENDING",
            "ACTIVE, PENDING, ERROR",
        ),
        (
            &["huawei", "network-instances", "wait", "vpc-paris"],
            "PENDING",
            "ACTIVE, PENDING, ERROR",
        ),
        (
            &["huawei", "bandwidth-packages", "wait", "bwp-eu-ap"],
            "ERROR",
            "ACTIVE, PENDING, ERROR",
        ),
    ];
    for (wait, other, listed) in cases {
        let mut args = wait.to_vec();
        args.extend(["--until", "BOGUS"]);
        let err = refused(cc(), &args).await;
        assert!(
            err.contains("--until `BOGUS`") && err.contains(listed),
            "{args:?}: {err}"
        );

        // Already there: done at once, printing the resource.
        let shown = json_of(cc(), wait).await;
        assert!(shown["id"].is_string(), "{wait:?}: {shown}");

        // Settled elsewhere: says so with exit 8 long before the timeout.
        let mut cmd = cc();
        cmd.args(wait)
            .args(["--until", other, "--timeout", "1m", "--interval", "10ms"]);
        let started = std::time::Instant::now();
        let out = run(cmd).await;
        assert_code(&out, 8);
        assert!(started.elapsed() < Duration::from_secs(30));
        let err = stderr(&out);
        assert!(
            err.contains("a settled state: it will not become") && err.contains(other),
            "{wait:?}: {err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_refuses_what_the_create_refuses() {
    let sandbox = Sandbox::start(Duration::from_millis(50)).await;
    let env = TestEnv::new();
    let cc = || sandbox.cc(&env);
    // The seeded inter-region bandwidth draws 10 of the 20 Mbit/s of `bwp-eu-ap`.
    let irb = "9d4e5f60-0000-4000-8000-000000000001";
    let err = refused(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "update",
            irb,
            "--bandwidth",
            "500",
        ],
    )
    .await;
    assert!(
        err.contains("--bandwidth 500 and bandwidth package `bwp-eu-ap`")
            && err.contains("rule `huawei-package-carries`"),
        "{err}"
    );
    let err = refused(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "update",
            "bwp-eu-ap",
            "--bandwidth",
            "5",
        ],
    )
    .await;
    assert!(
        err.contains("--bandwidth 5 and inter-region bandwidth")
            && err.contains("less than the 10 Mbit/s drawn from it")
            && err.contains(irb),
        "{err}"
    );
    // Nothing was changed; what fits is accepted.
    let shown = json_of(cc(), &["huawei", "inter-region-bandwidths", "get", irb]).await;
    assert_eq!(shown["bandwidth"], 10);
    let grown = json_of(
        cc(),
        &[
            "huawei",
            "inter-region-bandwidths",
            "update",
            irb,
            "--bandwidth",
            "20",
        ],
    )
    .await;
    assert_eq!(grown["bandwidth"], 20);
    let shrunk = json_of(
        cc(),
        &[
            "huawei",
            "bandwidth-packages",
            "update",
            "bwp-eu-ap",
            "--bandwidth",
            "20",
        ],
    )
    .await;
    assert_eq!(shrunk["bandwidth"], 20);

    // `--status` filters are the provider's states.
    let err = refused(cc(), &["huawei", "list", "--status", "RUNNING"]).await;
    assert!(
        err.contains("--status `RUNNING`") && err.contains("ACTIVE, PENDING, ERROR"),
        "{err}"
    );
}

/// `cc` against `sandbox` with only Console Connect configured.
fn only_console_connect(sandbox: &Sandbox, env: &TestEnv) -> Command {
    let mut cmd = env.cc();
    for (key, value) in sandbox.vars() {
        if key.starts_with("CC_CONSOLE_CONNECT_") {
            cmd.env(key, value);
        }
    }
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn config_get_and_set_read_secrets_off_the_command_line() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["config", "set", "orange.client_secret", "-"])
        .write_stdin("s3cr3t-from-stdin\n");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(!stdout(&out).contains("s3cr3t"), "{}", stdout(&out));
    let written = std::fs::read_to_string(env.config_path()).expect("written");
    assert!(
        written.contains("client_secret = \"s3cr3t-from-stdin\""),
        "{written}"
    );

    let mut cmd = env.cc();
    cmd.args(["config", "get", "orange.client_secret"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "***\n");
    let source = format!(
        "orange.client_secret: from profile ({})",
        env.config_path().display()
    );
    assert!(stderr(&out).contains(&source), "{}", stderr(&out));
    let mut cmd = env.cc();
    cmd.args(["config", "get", "orange.client_secret", "--show-secret"]);
    assert_eq!(stdout(&run(cmd).await), "s3cr3t-from-stdin\n");

    // The environment wins, and says so; -o json is the object.
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", "https://env.example").args([
        "config",
        "get",
        "orange.url",
        "-o",
        "json",
    ]);
    let out = run(cmd).await;
    let shown: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(shown["value"], "https://env.example");
    assert_eq!(shown["source"], "env");
    assert_eq!(shown["origin"], "CC_ORANGE_URL");

    // Off a terminal, a left-out value is exit 2 pointing at `-`; an empty stdin too.
    let err = refused(env.cc(), &["config", "set", "orange.url"]).await;
    assert!(
        err.contains("missing VALUE") && err.contains("config set orange.url -"),
        "{err}"
    );
    let mut cmd = env.cc();
    cmd.write_stdin("");
    let err = refused(cmd, &["config", "set", "orange.url", "-"]).await;
    assert!(err.contains("stdin was empty"), "{err}");

    // `--profile NEW config set` creates NEW without warning that it is missing.
    let mut cmd = env.cc();
    cmd.args([
        "--profile",
        "lab",
        "config",
        "set",
        "orange.url",
        "https://lab.example",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(!err.contains("warning"), "{err}");
    assert!(err.contains("created profile `lab`"), "{err}");
    // Reading a profile that is not there is exit 2 naming the profiles there are (issue 19).
    let err = refused(
        env.cc(),
        &["--profile", "nope", "config", "get", "orange.url"],
    )
    .await;
    assert!(
        err.contains("--profile nope: no such profile in")
            && err.contains("(it holds default, lab)"),
        "{err}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn the_permissions_warning_prints_once() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["config", "set", "orange.url", "https://x.example"]);
    assert_code(&run(cmd).await, 0);
    std::fs::set_permissions(env.config_path(), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    for args in [
        &["doctor"][..],
        &["connections", "list"],
        &["config", "view"],
    ] {
        let mut cmd = env.cc();
        cmd.args(args);
        let err = stderr(&run(cmd).await);
        assert_eq!(
            err.matches("is readable by other users").count(),
            1,
            "{args:?}: {err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shared_key_takes_dash_for_stdin() {
    let sandbox = Sandbox::start(Duration::from_millis(20)).await;
    let env = TestEnv::new();
    let peering = [
        "console-connect",
        "azure",
        "peering",
        "set",
        "Azure ExpressRoute",
        "PRIVATE",
        "--peer-asn",
        "65010",
        "--primary-subnet",
        "169.254.10.0/30",
        "--secondary-subnet",
        "169.254.10.4/30",
        "--vlan",
        "100",
        "--shared-key",
        "-",
        "--interval",
        "20ms",
    ];
    // What stdin holds is what is checked: a key with a space is refused, naming the flag.
    let mut cmd = sandbox.cc(&env);
    cmd.write_stdin("not a key\n");
    let err = refused(cmd, &peering).await;
    assert!(
        err.contains("--shared-key: must not be empty or contain spaces"),
        "{err}"
    );
    let mut cmd = sandbox.cc(&env);
    cmd.args(peering).write_stdin("md5-from-stdin\n");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(!stdout(&out).contains("md5-from-stdin"), "{}", stdout(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_configured_is_exit_2_for_doctor_and_skips_are_named() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["doctor", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let rows: Value = serde_json::from_str(&stdout(&out)).expect("the table still prints");
    assert!(
        rows.as_array()
            .is_some_and(|r| r.iter().all(|r| r["status"] == "skipped"))
    );
    let err: Value = serde_json::from_str(stderr(&out).trim()).expect("one JSON error");
    assert_eq!(err["error"]["kind"], "usage");
    assert!(
        err["error"]["hints"]
            .to_string()
            .contains("cc --sandbox doctor"),
        "{err}"
    );

    let sandbox = Sandbox::start(Duration::from_millis(20)).await;
    let mut cmd = only_console_connect(&sandbox, &env);
    cmd.args(["connections", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let err = stderr(&out);
    for skipped in ["skipped orange:", "skipped huawei:", "skipped ovh:"] {
        assert!(err.contains(skipped), "{skipped}: {err}");
    }
    assert!(!err.contains("skipped console-connect"), "{err}");
    let mut cmd = only_console_connect(&sandbox, &env);
    cmd.args(["-q", "connections", "list", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stderr(&out), "");

    // A doctor with one provider configured is not "nothing configured".
    let mut cmd = only_console_connect(&sandbox, &env);
    cmd.arg("doctor");
    assert_code(&run(cmd).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn json_errors_carry_the_provider_for_bad_or_missing_settings() {
    let env = TestEnv::new();
    for (var, value, args, provider) in [
        (
            "CC_ORANGE_URL",
            "ftp://x",
            &["orange", "list"][..],
            "orange",
        ),
        ("CC_HUAWEI_URL", "not a url", &["huawei", "list"], "huawei"),
        (
            "CC_SANDBOX",
            "0",
            &["console-connect", "list"],
            "console-connect",
        ),
    ] {
        let mut cmd = env.cc();
        cmd.env(var, value).args(args).args(["-o", "json"]);
        let out = run(cmd).await;
        assert_code(&out, 2);
        let err: Value = serde_json::from_str(stderr(&out).trim()).expect("one JSON error");
        assert_eq!(err["error"]["provider"], provider, "{args:?}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hints_repeat_the_options_that_chose_the_target() {
    let env = TestEnv::new();
    let config = env.home.path().join("other cc.toml");
    env.with_profile(Some(&config), "prod");
    let mut cmd = env.cc();
    cmd.args(["--sandbox", "--profile", "prod", "--config"])
        .arg(&config)
        .args(["huawei", "get", "cc-nowhere"]);
    let out = run(cmd).await;
    assert_code(&out, 4);
    let expected = format!(
        "`cc --profile prod --config '{}' --sandbox huawei list` shows them all",
        config.display()
    );
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
}

/// `cc ARGS` on a pseudo-terminal, in `env`'s hermetic home.
fn on_a_terminal(env: &TestEnv, args: &[&str]) -> rexpect::session::PtySession {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cc"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("XDG_CONFIG_HOME", env.home.path().join(".config"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .args(args);
    rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn cc on a pty")
}

#[test]
fn config_set_without_a_value_asks_on_a_terminal_hidden_for_secrets() {
    let env = TestEnv::new();
    let mut secret = on_a_terminal(&env, &["config", "set", "huawei.sk", "-o", "json"]);
    secret.exp_string("Value of huawei.sk").expect("the prompt");
    secret.send_line("sk-typed-at-the-prompt").expect("type");
    let shown = secret.exp_eof().expect("cc ends");
    assert!(!shown.contains("sk-typed-at-the-prompt"), "echoed: {shown}");
    assert!(shown.contains("\"value\": \"***\""), "{shown}");
    let written = std::fs::read_to_string(env.config_path()).expect("written");
    assert!(
        written.contains("sk = \"sk-typed-at-the-prompt\""),
        "{written}"
    );

    let mut plain = on_a_terminal(&env, &["config", "set", "huawei.domain_id"]);
    plain
        .exp_string("Value of huawei.domain_id")
        .expect("the prompt");
    plain.send_line("0123456789abcdef").expect("type");
    plain.exp_eof().expect("cc ends");
    let written = std::fs::read_to_string(env.config_path()).expect("written");
    assert!(
        written.contains("domain_id = \"0123456789abcdef\""),
        "{written}"
    );
}
