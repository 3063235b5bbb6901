//! Everything a command needs, resolved once: configuration, output, HTTP and wait settings,
//! whether a human is at a terminal, and the in-process sandbox when `--sandbox` is on.

use std::io::IsTerminal;
use std::time::Duration;

use crate::config::{Config, Resolved, Source, Value};
use crate::env::EnvVar;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Http, HttpSettings};
use crate::output::{Jq, OutputFormat, OutputOptions};
use crate::wait::WaitOptions;

/// Options accepted anywhere on the command line.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Output format [env: CC_OUTPUT] [default: table on a terminal, json otherwise]
    #[arg(short = 'o', long, global = true, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// jq filter applied to the JSON result (built in, with @csv and @tsv; implies `-o json`); if
    /// it fails after a change, the result is printed whole and the exit is 5
    #[arg(long, global = true, value_name = "FILTER")]
    pub jq: Option<String>,

    /// Profile in the config file [env: CC_PROFILE] [default: default]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Config file [env: CC_CONFIG] [default: $XDG_CONFIG_HOME/cc/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<std::path::PathBuf>,

    /// Print each mutating request (redacted) instead of sending it; look-ups still run
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// Let one inferred rule that spans resources through (repeatable); its refusal names it
    #[arg(long = "skip-rule", global = true, value_name = "NAME")]
    pub skip_rule: Vec<String>,

    /// Return as soon as the provider accepted a create or delete, without polling
    #[arg(long, global = true)]
    pub no_wait: bool,

    /// How long to wait for a state (e.g. `90s`), at most 168h [env: CC_TIMEOUT] [default: 30m]
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub timeout: Option<std::time::Duration>,

    /// Polling interval while waiting, 1s to 1h; backs off to 30s [default: 5s]
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub interval: Option<std::time::Duration>,

    /// Per-request HTTP timeout, 1s to 1h [default: 30s]
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub http_timeout: Option<std::time::Duration>,

    /// Confirm destructive operations (required off a terminal)
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// More output on stderr: -v progress, -vv HTTP lines, -vvv bodies (secrets always redacted)
    #[arg(short = 'v', long = "verbose", action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Only errors on stderr
    #[arg(short = 'q', long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Plain output, no colour [env: NO_COLOR]
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Run against the built-in simulator of the providers, in process; no credentials needed [env: CC_SANDBOX=1]
    #[arg(long, global = true)]
    pub sandbox: bool,
}

/// How this run prints, decided once ([`Format::decide`]) for results and errors alike.
#[derive(Debug, Clone)]
pub struct Format {
    /// The format of results on stdout.
    pub format: OutputFormat,
    /// Where it came from (for `cc config view`).
    pub origin: Resolved,
    /// `--jq` was given (it implies JSON).
    pub jq: bool,
}

impl Format {
    /// The one place the output format is decided: `--jq` (JSON), `-o`, `CC_OUTPUT`, else a
    /// table on a terminal and JSON otherwise.
    pub fn decide(global: &GlobalArgs) -> Result<Format> {
        let flag = global.output.map(|f| format!("{f:?}").to_lowercase());
        let default = if std::io::stdout().is_terminal() {
            "table"
        } else {
            "json"
        };
        let origin = general(flag, "--output", crate::env::CC_OUTPUT, default);
        let jq = global.jq.is_some();
        let format = match (jq, origin.text()) {
            (true, _) => OutputFormat::Json,
            (false, Some("table")) => OutputFormat::Table,
            (false, Some("json")) => OutputFormat::Json,
            (false, Some("yaml")) => OutputFormat::Yaml,
            (false, other) => {
                return Err(Error::usage(format!(
                    "CC_OUTPUT={}: expected table, json or yaml",
                    other.unwrap_or_default()
                )));
            }
        };
        Ok(Format { format, origin, jq })
    }

    /// Errors go to stderr as JSON when JSON was asked for (`--jq`, `-o json`, `CC_OUTPUT=json`),
    /// not merely because stdout is not a terminal.
    pub fn json_errors(&self) -> bool {
        self.jq || (self.format == OutputFormat::Json && self.origin.source != Source::Default)
    }
}

/// The resolved settings of one run.
pub struct Context {
    /// Global flags as given.
    pub global: GlobalArgs,
    /// Configuration with provenance.
    pub config: Config,
    /// How to print results.
    pub output: OutputOptions,
    /// HTTP settings and client shared by the providers.
    pub http: Http,
    /// How to wait.
    pub wait: WaitOptions,
    /// stdin and stderr are terminals: prompts are allowed.
    pub interactive: bool,
    /// The simulator serving this run (`--sandbox`); dropped with the context.
    pub sandbox: Option<crate::sandbox::Running>,
    /// The inferred rules `--skip-rule` lets through.
    pub skips: crate::rules::Skips,
}

/// The least `--interval` and `--http-timeout` (`CLI.md` §1): a zero interval polls as fast as
/// the network allows, a zero timeout fails every request. Tests lower it with the undocumented
/// `CC_TEST_SHORT_DURATIONS=1`, so that they run in milliseconds.
const MIN_PERIOD: Duration = Duration::from_secs(1);
/// The most `--interval` and `--http-timeout` (`CLI.md` §5, bounds).
const MAX_PERIOD: Duration = Duration::from_secs(3600);
/// The most `--timeout` (`CLI.md` §5, bounds).
const MAX_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);

/// `value` of `flag` within its bounds, or exit 2 naming the flag and the bound.
fn bounded(flag: &str, value: Duration, min: Option<Duration>, max: Duration) -> Result<Duration> {
    let shown = crate::duration::display(value);
    if let Some(min) = min.filter(|min| value < *min) {
        return Err(Error::usage(format!(
            "{flag} {shown}: must be at least {}",
            crate::duration::display(min)
        )));
    }
    if value > max {
        return Err(Error::usage(format!(
            "{flag} {shown}: must be at most {}",
            crate::duration::display(max)
        )));
    }
    Ok(value)
}

fn general(flag: Option<String>, flag_name: &str, env: EnvVar, default: &str) -> Resolved {
    match (flag, env.value()) {
        (Some(v), _) => Resolved {
            value: Some(Value::Plain(v)),
            source: Source::Flag,
            origin: Some(flag_name.into()),
            secret: false,
        },
        (None, Some(v)) => Resolved {
            value: Some(Value::Plain(v)),
            source: Source::Env,
            origin: Some(env.name.into()),
            secret: false,
        },
        (None, None) => Resolved {
            value: Some(Value::Plain(default.into())),
            source: Source::Default,
            origin: None,
            secret: false,
        },
    }
}

impl Context {
    /// Resolves flags, environment and config file (`format`: as [`Format::decide`] found it)
    /// for every registered provider's settings, and starts the sandbox if asked.
    pub async fn new(global: GlobalArgs, format: Format) -> Result<Context> {
        let mut config = Config::load(
            global.config.as_deref(),
            global.profile.as_deref(),
            crate::registry::settings(),
        )?;
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();

        let jq = global.jq.as_deref().map(Jq::new).transpose()?;
        let skips = crate::rules::Skips::new(&global.skip_rule, &crate::registry::rules())?;
        let timeout_flag = global.timeout.map(crate::duration::display);
        let timeout = general(timeout_flag, "--timeout", crate::env::CC_TIMEOUT, "30m");
        let timeout_value = crate::duration::parse(timeout.text().unwrap_or("30m"))
            .map_err(|e| Error::usage(format!("{}: {e}", crate::env::CC_TIMEOUT.name)))?;
        let origin = timeout.origin.clone().unwrap_or_else(|| "--timeout".into());
        let timeout_value = bounded(&origin, timeout_value, None, MAX_TIMEOUT)?;
        let short = crate::env::CC_TEST_SHORT_DURATIONS
            .is_on()
            .then_some(Duration::ZERO);
        let floor = short.or(Some(MIN_PERIOD));
        let interval = global.interval.unwrap_or(Duration::from_secs(5));
        let interval = bounded("--interval", interval, floor, MAX_PERIOD)?;
        let http_timeout = global.http_timeout.unwrap_or(Duration::from_secs(30));
        let http_timeout = bounded("--http-timeout", http_timeout, floor, MAX_PERIOD)?;
        config.values.insert("output".into(), format.origin);
        config.values.insert("timeout".into(), timeout);

        let http = Http::new(HttpSettings {
            timeout: http_timeout,
            plan: global.dry_run.then(crate::http::Plan::default),
            no_retry_delay: crate::env::CC_TEST_NO_RETRY_DELAY.is_on(),
            changes: crate::http::settings::Changes::default(),
        });
        let wait = WaitOptions {
            timeout: timeout_value,
            interval,
            spinner: std::io::stderr().is_terminal() && !global.quiet && global.verbose == 0,
        };

        let sandbox = if global.sandbox || crate::env::CC_SANDBOX.is_on() {
            let options = crate::sandbox::Options {
                persist: true,
                ..crate::sandbox::Options::from_env()?
            };
            let running = crate::registry::start_sandbox("127.0.0.1:0", options).await?;
            // Sealed: the simulator's own values, and nothing of a real account's (a real
            // token beside the simulator's client credentials would be sent to it and refused).
            config.seal("--sandbox");
            for (key, value) in &running.settings {
                config.set_flag(key, value.clone(), "--sandbox");
            }
            Some(running)
        } else {
            None
        };

        Ok(Context {
            output: OutputOptions {
                format: format.format,
                jq,
                width: crate::output::terminal_width(),
                picture: std::io::stdout().is_terminal(),
            },
            global,
            config,
            http,
            wait,
            interactive,
            sandbox,
            skips,
        })
    }

    /// Nothing breached, or exit 2 for the first breach `--skip-rule` does not let through
    /// ([`crate::rules::enforce`]).
    pub fn enforce(&self, breaches: Vec<crate::rules::Breach>) -> Result<()> {
        crate::rules::enforce(breaches, &self.skips)
    }

    /// The client of provider `P` for this run: exit 2 naming what is missing when it is not
    /// configured.
    pub fn client<P: crate::providers::contract::Provider>(&self) -> Result<P::Client> {
        crate::providers::contract::client::<P>(&self.config, &self.http)
    }

    /// Whether to return without polling: `--no-wait`, or a `--dry-run` (what it would wait
    /// for was never asked for, so polling could only wait for nothing).
    pub fn no_wait(&self) -> bool {
        self.global.no_wait || self.http.dry_run()
    }

    /// Asks before a destructive operation: `--yes` skips; off a terminal without `--yes` it is
    /// exit 2; a "no" is exit 9.
    pub fn confirm(&self, question: &str) -> Result<()> {
        if self.global.yes || self.global.dry_run {
            return Ok(());
        }
        if !self.interactive {
            return Err(Error::usage(format!(
                "{question} Refusing without confirmation: not a terminal."
            ))
            .hint("pass `--yes` (-y) to confirm"));
        }
        if crate::prompt::confirm(question)? {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Declined,
                "declined; nothing was changed",
            ))
        }
    }
}
