//! The environment variables `cc` reads, each declared once as an [`EnvVar`] with what it does
//! (as uv's `EnvVars`), so that a name is spelt in one place and the README's table can be
//! checked against the declarations.
//!
//! The variables of the whole tool are here. A provider's are declared in its own folders, so
//! that shared code names no provider: the variables of its settings (`ProviderInfo::settings`),
//! the others it reads (`ProviderInfo::env`), and its simulator's knobs (`Mount::knobs`).
//! `registry::env_vars` gathers all of them; `tests/it/layout.rs` checks that every `CC_*` name
//! in the source is one of those, spelt once, and that the README's table lists them.

/// One environment variable: its name, and what it does, in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvVar {
    /// The variable.
    pub name: &'static str,
    /// What it does (for the README's table).
    pub doc: &'static str,
    /// Documented for users; `false` for the test harness's own switches.
    pub documented: bool,
}

impl EnvVar {
    /// A variable users may set.
    pub const fn new(name: &'static str, doc: &'static str) -> Self {
        EnvVar {
            name,
            doc,
            documented: true,
        }
    }

    /// A switch of the test harness, left out of the documentation.
    pub const fn internal(name: &'static str, doc: &'static str) -> Self {
        EnvVar {
            name,
            doc,
            documented: false,
        }
    }

    /// Its value, when set and not empty.
    pub fn value(self) -> Option<String> {
        std::env::var(self.name).ok().filter(|v| !v.is_empty())
    }

    /// Whether it is set to something other than empty, `0` or `false`.
    pub fn is_on(self) -> bool {
        self.value().is_some_and(|v| v != "0" && v != "false")
    }
}

/// `--config`.
pub const CC_CONFIG: EnvVar = EnvVar::new(
    "CC_CONFIG",
    "the config file, as `--config` (default `$XDG_CONFIG_HOME/cc/config.toml`)",
);
/// `--profile`.
pub const CC_PROFILE: EnvVar = EnvVar::new(
    "CC_PROFILE",
    "the profile of the config file, as `--profile` (default `default`)",
);
/// `--output`.
pub const CC_OUTPUT: EnvVar = EnvVar::new(
    "CC_OUTPUT",
    "the output format, as `-o`: `table`, `json` or `yaml`",
);
/// `--timeout`.
pub const CC_TIMEOUT: EnvVar = EnvVar::new(
    "CC_TIMEOUT",
    "how long a wait lasts, as `--timeout` (default `30m`, at most `168h`)",
);
/// `--sandbox`.
pub const CC_SANDBOX: EnvVar = EnvVar::new(
    "CC_SANDBOX",
    "`1` runs every command against the built-in simulator, as `--sandbox`",
);
/// The simulator's latency.
pub const CC_SANDBOX_LATENCY: EnvVar = EnvVar::new(
    "CC_SANDBOX_LATENCY",
    "the simulator's delay before every answer, e.g. `50ms` (as `cc sandbox --latency`)",
);
/// The simulator's provisioning time.
pub const CC_SANDBOX_PROVISION_DELAY: EnvVar = EnvVar::new(
    "CC_SANDBOX_PROVISION_DELAY",
    "how long a simulated resource takes to change state (default `3s`)",
);
/// The bound of a list.
pub const CC_MAX_ITEMS: EnvVar = EnvVar::new(
    "CC_MAX_ITEMS",
    "the most items a list gathers before it stops with exit 5 (default 100000)",
);
/// Set on a command line handed to the C compiler.
pub const CC_HANDOVER_SEEN: EnvVar = EnvVar::new(
    "CC_HANDOVER_SEEN",
    "set by `cc` on a compiler it hands a line to: the `cc` binaries already tried",
);
/// Set on the process that runs a `--jq` filter.
pub const CC_JQ_WORKER: EnvVar = EnvVar::new(
    "CC_JQ_WORKER",
    "set by `cc` on the process it runs a `--jq` filter in: the filter",
);
/// Tests: no sleep between retries.
pub const CC_TEST_NO_RETRY_DELAY: EnvVar =
    EnvVar::internal("CC_TEST_NO_RETRY_DELAY", "tests: retries do not sleep");
/// Tests: `--interval` and `--http-timeout` below their floor of 1s.
pub const CC_TEST_SHORT_DURATIONS: EnvVar = EnvVar::internal(
    "CC_TEST_SHORT_DURATIONS",
    "tests: `--interval` and `--http-timeout` may be below 1s",
);

/// The variables of the whole tool, in the README's order.
pub const GENERAL: &[EnvVar] = &[
    CC_CONFIG,
    CC_PROFILE,
    CC_OUTPUT,
    CC_TIMEOUT,
    CC_SANDBOX,
    CC_SANDBOX_LATENCY,
    CC_SANDBOX_PROVISION_DELAY,
    CC_MAX_ITEMS,
    CC_HANDOVER_SEEN,
    CC_JQ_WORKER,
    CC_TEST_NO_RETRY_DELAY,
    CC_TEST_SHORT_DURATIONS,
];
