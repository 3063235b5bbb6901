//! Strict configuration (issue 19 item 10, `CLI.md` §2): a profile or config file named on the
//! command line that is not there is exit 2 (but `config set`/`init` create it), unknown tables
//! and keys are named with the closest known one, `config set` refuses what its provider would
//! refuse, and every key `config view` shows answers `config get` and `config set`.

use crate::common::{TestEnv, assert_code, refused, run, run_json, stderr, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_profile_is_exit_2_naming_the_profiles_there_are() {
    let env = TestEnv::new();
    // No file at all: nothing holds the profile.
    let err = refused(env.cc(), &["--profile", "lab", "orange", "list"]).await;
    assert!(
        err.contains("error: --profile lab: no such profile in")
            && err.contains("the file does not exist"),
        "{err}"
    );
    assert!(
        err.contains("`cc --profile lab config init` creates it"),
        "{err}"
    );

    env.with_profile(None, "prod");
    let mut cmd = env.cc();
    cmd.env("CC_PROFILE", "staging");
    let err = refused(cmd, &["connections", "list"]).await;
    assert!(
        err.contains("CC_PROFILE=staging: no such profile in") && err.contains("(it holds prod)"),
        "{err}"
    );
    // `config init` and `config set` create it; then it is there.
    let mut cmd = env.cc();
    cmd.args([
        "--profile",
        "lab",
        "config",
        "set",
        "orange.project_id",
        "p-1",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("created profile `lab`"),
        "{}",
        stderr(&out)
    );
    let mut cmd = env.cc();
    cmd.args(["--profile", "lab", "config", "get", "orange.project_id"]);
    assert_eq!(stdout(&run(cmd).await), "p-1\n");
    // `config init` adds a profile to a file that exists, as the hint of the refusal says.
    let mut cmd = env.cc();
    cmd.env("CC_PROFILE", "staging").args(["config", "init"]);
    assert_eq!(run_json(cmd).await["created"], true);
    let mut cmd = env.cc();
    cmd.env("CC_PROFILE", "staging")
        .args(["config", "get", "orange.url"]);
    assert_code(&run(cmd).await, 0);
    let text = std::fs::read_to_string(env.config_path()).unwrap();
    assert!(
        text.starts_with("[profiles.prod]\n")
            && text.contains("[profiles.staging.orange]\n# url = "),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_config_file_is_exit_2_but_config_set_and_init_create_it() {
    let env = TestEnv::new();
    let path = env.home.path().join("work.toml");
    let mut cmd = env.cc();
    cmd.arg("--config").arg(&path);
    let err = refused(cmd, &["config", "view"]).await;
    assert!(
        err.contains(&format!("--config {}: no such config file", path.display())),
        "{err}"
    );
    let mut cmd = env.cc();
    cmd.env("CC_CONFIG", &path);
    let err = refused(cmd, &["huawei", "list"]).await;
    assert!(err.contains("CC_CONFIG="), "{err}");
    assert!(!path.exists());

    let mut cmd = env.cc();
    cmd.arg("--config").arg(&path).args(["config", "init"]);
    assert_eq!(run_json(cmd).await["created"], true);
    let mut cmd = env.cc();
    cmd.env("CC_CONFIG", &path).args(["config", "view"]);
    assert_code(&run(cmd).await, 0);

    let other = env.home.path().join("other.toml");
    let mut cmd = env.cc();
    cmd.arg("--config")
        .arg(&other)
        .args(["config", "set", "huawei.domain_id", "d-1"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stderr(&out).contains("created"), "{}", stderr(&out));
    assert!(other.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_tables_and_keys_are_named_with_the_closest_known_one() {
    let env = TestEnv::new();
    env.with_profile(None, "default");
    let text = "[profiles.default.orange]\nprojet_id = \"p\"\n\n[profiles.default.oragne]\nurl = \"https://x.example\"\n";
    std::fs::write(env.config_path(), text).unwrap();
    let mut cmd = env.cc();
    cmd.args(["config", "get", "orange.url"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("warning: config: unknown `profiles.default.orange.projet_id`, ignored; did you mean `orange.project_id`?"),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: config: unknown `profiles.default.oragne`, ignored; did you mean `orange`?"
        ),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn config_set_refuses_a_value_its_provider_would_refuse() {
    let env = TestEnv::new();
    for (key, value, says) in [
        (
            "orange.url",
            "ftp://orange.example",
            "the base URL must start with https://",
        ),
        ("orange.token_url", "not a url", "not a valid URL"),
        (
            "console-connect.url",
            "api.consoleconnect.com",
            "not a valid URL",
        ),
        (
            "ovh.endpoint",
            "ovh-mars",
            "unknown endpoint `ovh-mars`: expected one of ovh-eu",
        ),
        ("ovh.url", "mailto:x@ovh.example", "is not an http(s) URL"),
        ("huawei.domain_id", "a b", "expected letters, digits"),
    ] {
        let err = refused(env.cc(), &["config", "set", key, value]).await;
        assert!(
            err.contains(says) && err.contains("nothing was written"),
            "{key}: {err}"
        );
    }
    assert!(!env.config_path().exists());
    let mut cmd = env.cc();
    cmd.args(["config", "set", "ovh.endpoint", "ovh-ca"]);
    assert_code(&run(cmd).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_key_config_view_shows_works_with_get_and_set() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(["config", "view"]);
    let rows = run_json(cmd).await;
    let keys: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect();
    assert!(keys.len() > 20, "{keys:?}");
    for key in &keys {
        let mut cmd = env.cc();
        cmd.args(["config", "get", key]);
        let out = run(cmd).await;
        assert_code(&out, 0);
        assert!(
            stderr(&out).starts_with(&format!("{key}: ")),
            "{key}: {}",
            stderr(&out)
        );
    }
    for (key, flag, var) in [
        ("profile", "--profile", "CC_PROFILE"),
        ("config", "--config", "CC_CONFIG"),
        ("output", "--output", "CC_OUTPUT"),
        ("timeout", "--timeout", "CC_TIMEOUT"),
    ] {
        assert!(keys.iter().any(|k| k == key), "{keys:?}");
        let err = refused(env.cc(), &["config", "set", key, "x"]).await;
        assert!(
            err.contains(&format!(
                "`{key}` is not kept in a profile: it is chosen for each run with {flag} or {var}"
            )),
            "{err}"
        );
    }
}

/// `cc config set KEY -` on a terminal asks for the value (it waited silently for a line of
/// stdin before): hidden for a secret, which is then written but never shown; shown for the
/// rest.
#[tokio::test(flavor = "multi_thread")]
async fn a_dash_on_a_terminal_asks_for_the_value_hidden_when_secret() {
    use crate::terminal::{finish, plain, press, pty};
    let env = TestEnv::new();
    for (key, typed, secret) in [
        ("huawei.sk", "sk-typed-at-the-terminal", true),
        ("huawei.domain_id", "d-typed", false),
    ] {
        let mut session = pty(&env, &["config", "set", key, "-"], &[("NO_COLOR", "1")]);
        session
            .exp_string(&format!("Value of {key}"))
            .expect("the question");
        press(&mut session, &format!("{typed}\r"));
        let (out, code) = finish(session);
        let text = plain(&out);
        assert_eq!(code, 0, "{text}");
        assert_eq!(
            !text.contains(typed),
            secret,
            "echoed only when not secret: {text}"
        );
        let mut cmd = env.cc();
        cmd.args(["config", "get", key, "--show-secret"]);
        assert_eq!(stdout(&run(cmd).await).trim(), typed);
    }
}
