//! What a configuration file, or a path given as one, cannot make `cc` do (issue 20 items 4, 7
//! and 11): echo a secret of a line that does not parse, show a base URL's password, read
//! `/dev/zero` or a FIFO for ever, or read a real account's `~/.ovh.conf` under `--sandbox`.

use std::time::Duration;

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{TestEnv, assert_code, stderr, stdout};

/// `cc --config PATH config view`, ended after 20 s whatever happens.
fn view(env: &TestEnv, path: &std::path::Path) -> std::process::Output {
    let mut cmd = env.cc();
    cmd.arg("--config")
        .arg(path)
        .args(["config", "view"])
        .timeout(Duration::from_secs(20));
    cmd.output().expect("run cc")
}

#[test]
fn a_line_that_does_not_parse_is_placed_never_shown() {
    let env = TestEnv::new();
    let dir = env.home.path();
    let broken = dir.join("broken.toml");
    std::fs::write(
        &broken,
        "[profiles.default.huawei]\nak = \"AK\"\nsk = \"SUPERSECRET-sk-value\n",
    )
    .unwrap();
    // A link to a file whose first line is a password hash.
    let hash = dir.join("shadow");
    std::fs::write(
        &hash,
        "root:$6$salt$HASHEDPASSWORDVALUE:19000:0:99999:7:::\n",
    )
    .unwrap();
    let link = dir.join("link.toml");
    std::os::unix::fs::symlink(&hash, &link).unwrap();
    for (path, place) in [
        (&broken, "line 3, column 27 (key `sk`)"),
        (&link, "line 1, column "),
    ] {
        let out = view(&env, path);
        assert_code(&out, 2);
        let err = stderr(&out);
        assert!(
            err.contains("is not valid TOML: ") && err.contains(place),
            "{err}"
        );
        assert!(
            !err.contains("SUPERSECRET") && !err.contains("HASHED"),
            "{err}"
        );
    }
}

#[test]
fn only_a_regular_file_up_to_1_mib_is_read_as_configuration() {
    let env = TestEnv::new();
    let fifo = env.home.path().join("fifo.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let big = env.home.path().join("big.toml");
    std::fs::write(&big, "#".repeat((1 << 20) + 1)).unwrap();
    for (path, rule) in [
        (
            std::path::Path::new("/dev/zero"),
            "is not a regular file (a device)",
        ),
        (&fifo, "is not a regular file (a FIFO)"),
        (&big, "is larger than 1024 KiB"),
    ] {
        let out = view(&env, path);
        assert_code(&out, 2);
        let err = stderr(&out);
        assert!(
            err.contains(&format!("config file {} {rule}", path.display())),
            "{err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_in_a_base_url_is_masked_at_vv_and_in_config_view() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let url = server.uri().replace("http://", "http://user:pa55word-7c1@");
    let env = TestEnv::new();
    let mut list = env.cc();
    list.env("CC_ORANGE_URL", &url)
        .env("CC_ORANGE_TOKEN", "t-0123456789")
        .env("CC_ORANGE_API_KEY", "k-0123456789")
        .env("CC_ORANGE_PROJECT_ID", "p")
        .args(["-vv", "orange", "list"]);
    let out = crate::common::run(list).await;
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(err.contains("> GET http://user:***@127.0.0.1"), "{err}");
    let mut view = env.cc();
    view.env("CC_ORANGE_URL", &url).args(["config", "view"]);
    let out = crate::common::run(view).await;
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("http://user:***@127.0.0.1"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("pa55word") && !stderr(&out).contains("pa55word"));
    assert!(!err.contains("pa55word"), "{err}");
}

#[test]
fn the_sandbox_never_reads_a_real_accounts_ovh_conf() {
    let env = TestEnv::new();
    // Read, this would be exit 2 (a line that is not `key = value`); it must not be read.
    std::fs::write(
        env.home.path().join(".ovh.conf"),
        "[ovh-eu]\napplication_key=real-key\nnot an ini line\n",
    )
    .unwrap();
    let mut plain = env.cc();
    plain.args(["ovh", "list"]).timeout(Duration::from_secs(20));
    let out = plain.output().unwrap();
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(".ovh.conf line 3"),
        "{}",
        stderr(&out)
    );
    let mut sandboxed = env.cc();
    sandboxed
        .args(["--sandbox", "ovh", "list"])
        .timeout(Duration::from_secs(20));
    let out = sandboxed.output().unwrap();
    assert_code(&out, 0);
}
