//! Shared test harness: a hermetic environment for the `cc` binary, fixtures, mock answers and
//! request inspection helpers for wiremock, and the one sandbox harness (in process, or a
//! `cc sandbox` child) every provider's sandbox tests use.
#![allow(dead_code)]

pub mod desired;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

/// A hermetic home for one test: empty config, no provider variables from the outer shell.
pub struct TestEnv {
    pub home: TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// The real binary, with every `CC_*`, provider and proxy variable removed.
    pub fn cc(&self) -> Command {
        self.command(assert_cmd::cargo::cargo_bin!("cc"))
    }

    /// `program` (a `cc` binary: the built one, or an installed copy) in this environment.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        Command::from_std(self.std_command(program))
    }

    /// [`TestEnv::cc`] as a `std::process::Command`, for what drives it on a pseudo-terminal.
    pub fn std_cc(&self) -> std::process::Command {
        self.std_command(assert_cmd::cargo::cargo_bin!("cc"))
    }

    /// [`TestEnv::command`] as a `std::process::Command`.
    pub fn std_command(&self, program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        for (key, _) in std::env::vars() {
            let provider_var = [
                "CC_",
                "CLOUD_SDK_",
                "HUAWEICLOUD_SDK_",
                "OVH_",
                "RUST_LOG",
                "NO_COLOR",
                "COLUMNS",
                "CLICOLOR",
            ]
            .iter()
            .any(|p| key.starts_with(p));
            let proxy_var = key.to_ascii_lowercase().ends_with("_proxy");
            if provider_var || proxy_var {
                cmd.env_remove(&key);
            }
        }
        cmd.env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            // The state `--sandbox` keeps: never the machine's own.
            .env("XDG_STATE_HOME", self.home.path().join(".local/state"))
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("CC_TEST_NO_RETRY_DELAY", "1")
            // `--interval 10ms` and `--http-timeout 500ms` keep the tests fast (the floor is 1s).
            .env("CC_TEST_SHORT_DURATIONS", "1")
            // Never the machine's own /etc/ovh.conf.
            .env(
                "CC_TEST_OVH_SYSTEM_CONF",
                self.home.path().join("etc-ovh.conf"),
            );
        cmd
    }

    pub fn config_path(&self) -> PathBuf {
        self.home.path().join(".config/cc/config.toml")
    }

    /// Writes a private config file at `path` (the default one when `None`) holding an empty
    /// `profile`: a `--profile` (or `--config`) that is not there is exit 2.
    pub fn with_profile(&self, path: Option<&std::path::Path>, profile: &str) {
        let path = path.map_or_else(|| self.config_path(), std::path::Path::to_path_buf);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("[profiles.{profile}]\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
}

/// A JSON answer with this status (the one helper for every provider's mocks).
pub fn json_response(status: u16, body: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

/// A JSON value as an answer with this status.
pub fn json_value(status: u16, value: &serde_json::Value) -> wiremock::ResponseTemplate {
    json_response(status, &value.to_string())
}

/// A fixture file's text: `fixtures/<provider>/<name>`.
pub fn fixture(provider: &str, name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(provider)
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// A fixture parsed as JSON.
pub fn fixture_json(provider: &str, name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(provider, name)).expect("fixture is JSON")
}

/// Runs `args` and expects exit 2 with nothing on stdout; returns stderr.
pub async fn refused(mut cmd: Command, args: &[&str]) -> String {
    cmd.args(args);
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "", "{args:?}");
    stderr(&out)
}

/// Runs a prepared command off the async runtime (wiremock needs the runtime to answer), and
/// returns its output.
pub async fn run(mut cmd: Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("run cc"))
        .await
        .expect("join")
}

/// The requests a mock server received whose path ends with `suffix`.
pub async fn received(
    server: &wiremock::MockServer,
    method: &str,
    suffix: &str,
) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.method.as_str() == method && r.url.path().ends_with(suffix))
        .collect()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit code, printing both streams when it differs.
pub fn assert_code(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code\n--- stdout ---\n{}\n--- stderr ---\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Runs `cc`, asserts exit 0 (showing both streams otherwise) and parses stdout as JSON.
pub async fn run_json(cmd: Command) -> serde_json::Value {
    let out = run(cmd).await;
    assert_code(&out, 0);
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(&out)))
}

/// Mounts a mock that fails the test (when the server is dropped) if any `method` request
/// reaches it: what a `--dry-run` must not send.
pub async fn refuse(server: &wiremock::MockServer, method: &str) {
    wiremock::Mock::given(wiremock::matchers::method(method))
        .respond_with(wiremock::ResponseTemplate::new(599))
        .expect(0)
        .named(format!("no {method} in a dry run"))
        .mount(server)
        .await;
}

/// Asserts one request of a `--dry-run` plan: its method and URL (placeholders as written).
pub fn assert_planned(planned: &serde_json::Value, method: &str, url: &str) {
    assert_eq!(planned["dry_run"], true, "{planned}");
    assert_eq!(planned["method"], method, "{planned}");
    assert_eq!(planned["url"], url, "{planned}");
}

/// What changes from run to run in a transcript, and what replaces it: the local address (the
/// mock's or the sandbox's port; the replacement has the width of `127.0.0.1:` and a five-digit
/// ephemeral port, so that tables keep their layout), durations (elapsed times, retry delays)
/// and a clock skew (the seconds between two clocks). Applied in this order.
pub const FILTERS: &[(&str, &str)] = &[
    // A narrow table cell may wrap inside the port (fewer than its five digits on the line):
    // the digits that went to the cell's next line go too.
    (
        r"127\.0\.0\.1:\d{0,4}([^\d\n][^\n]*)?\n( +)\d+",
        "[LOCAL ADDRESS]${1}\n${2}",
    ),
    (r"127\.0\.0\.1:\d+", "[LOCAL ADDRESS]"),
    (r"\b(\d+(\.\d+)?(ns|µs|us|ms|s|m|h))+\b", "[TIME]"),
    // `doctor`'s clock skew, the last cell of its row.
    (r"(?m)( )-?\d+\.\d+$", "${1}[SKEW]"),
];

/// Ids a run makes afresh (what a create returns, the simulator's request ids) and what
/// replaces them: UUIDs, Console Connect's 24-hex ObjectIds, 32-hex request ids. Not applied to
/// tables of seeded data, whose ids are fixed and whose layout depends on their width.
pub const MADE_IDS: &[(&str, &str)] = &[
    (
        r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
        "[UUID]",
    ),
    (r"\b[0-9a-f]{32}\b", "[REQUEST ID]"),
    (r"\b[0-9a-f]{24}\b", "[OBJECT ID]"),
];

/// One run as a user sees it, as uv's snapshots show it: the exit code, then stdout, then
/// stderr. The filters are applied by [`assert_cli_snapshot!`].
pub fn transcript(out: &std::process::Output) -> String {
    let code = out
        .status
        .code()
        .map_or_else(|| "signal".to_string(), |c| c.to_string());
    format!(
        "exit_code: {code}\n----- stdout -----\n{}----- stderr -----\n{}",
        stdout(out),
        stderr(out)
    )
}

/// Asserts a reviewed insta snapshot (`tests/it/snapshots/`) of a run's [`transcript`], with
/// [`FILTERS`] and [`MADE_IDS`] applied (only [`FILTERS`] with `seeded_ids`). A changed or new
/// snapshot fails, and `.ci/run` sets `INSTA_UPDATE=no` so that nothing is written there,
/// until it is reviewed (`cargo insta review`) and committed.
macro_rules! assert_cli_snapshot {
    ($name:expr, $out:expr) => {
        $crate::common::assert_cli_snapshot!(@with $name, $out, [
            $crate::common::FILTERS,
            $crate::common::MADE_IDS
        ])
    };
    ($name:expr, $out:expr, seeded_ids) => {
        $crate::common::assert_cli_snapshot!(@with $name, $out, [$crate::common::FILTERS])
    };
    (@with $name:expr, $out:expr, [$($filters:expr),+]) => {{
        let filters: Vec<(&str, &str)> = [$($filters),+].concat();
        insta::with_settings!({ filters => filters, omit_expression => true }, {
            insta::assert_snapshot!($name, $crate::common::transcript(&$out));
        })
    }};
}
pub(crate) use assert_cli_snapshot;

/// The simulator of every provider for one test, and `cc` pointed at it through the variables
/// `cc sandbox` exports. In process ([`Sandbox::start`]) or as a `cc sandbox` child
/// ([`Sandbox::spawn`], killed when dropped).
pub struct Sandbox {
    vars: Vec<(String, String)>,
    child: Option<Child>,
}

impl Sandbox {
    /// Serves the simulators in this test's runtime.
    pub async fn start(provision_delay: Duration) -> Sandbox {
        let options = cc::sandbox::Options {
            latency: Duration::ZERO,
            provision_delay,
            ..cc::sandbox::Options::default()
        };
        let running = cc::registry::start_sandbox("127.0.0.1:0", options)
            .await
            .expect("sandbox starts");
        let known = cc::registry::settings();
        assert!(
            running
                .settings
                .iter()
                .all(|(key, _)| known.iter().any(|s| s.key == key)),
            "every sandbox setting is a known key"
        );
        let vars = running.variables(&known);
        Sandbox { vars, child: None }
    }

    /// Runs `cc sandbox` in the background and reads the exports it prints.
    pub fn spawn(env: &TestEnv, provision_delay: &str) -> Sandbox {
        Sandbox::spawn_with(env, provision_delay, &[])
    }

    /// [`Sandbox::spawn`] with more `cc sandbox` flags (`--fail-next 2`).
    pub fn spawn_with(env: &TestEnv, provision_delay: &str, extra: &[&str]) -> Sandbox {
        // The settings' variables, and the official clients' ones that are not among them.
        let known = cc::registry::settings();
        let mut names: Vec<&str> = Vec::new();
        for mount in cc::registry::mounts(&cc::sandbox::Options::default()).unwrap() {
            for (key, _) in (mount.settings)("http://127.0.0.1:1") {
                let setting = known.iter().find(|s| s.key == key).expect("a known key");
                names.push(setting.env[0]);
            }
            names.extend(mount.client_env.iter().map(|(var, _)| *var));
        }
        names.sort_unstable();
        names.dedup();
        let expected = names.len();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cc"))
            .args(["sandbox", "--addr", "127.0.0.1:0", "--provision-delay"])
            .arg(provision_delay)
            .args(extra)
            .env("HOME", env.home.path())
            .env("XDG_CONFIG_HOME", env.home.path().join(".config"))
            .env("XDG_STATE_HOME", env.home.path().join(".local/state"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start cc sandbox");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut vars = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("read exports");
            if let Some((key, value)) = line.strip_prefix("export ").and_then(|l| l.split_once('='))
            {
                vars.push((key.to_string(), value.to_string()));
            }
            if vars.len() == expected {
                break;
            }
        }
        assert_eq!(vars.len(), expected, "the sandbox printed every export");
        Sandbox {
            vars,
            child: Some(child),
        }
    }

    /// The exported variables: name and value.
    pub fn vars(&self) -> &[(String, String)] {
        &self.vars
    }

    /// The real binary, hermetic, pointed at this sandbox.
    pub fn cc(&self, env: &TestEnv) -> Command {
        let mut cmd = env.cc();
        for (key, value) in &self.vars {
            cmd.env(key, value);
        }
        cmd
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
