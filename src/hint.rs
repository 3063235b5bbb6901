//! Commands given in errors (`resume: cc orange wait ID`) must reach the same place as
//! the command that printed them: after `cc --profile prod orange create ...` is interrupted, a
//! bare `cc orange wait ID` would wait on another account. [`cc`] renders every such command
//! with the global options that chose the target (`--profile`, `--config`, `--sandbox`), as
//! they were given on the command line; [`remember`] records them once, right after parsing.
//!
//! Process-wide on purpose: hints are written deep in handlers and resolvers that have no
//! context to hand, and one run has exactly one target.

use std::path::Path;
use std::sync::OnceLock;

/// One target option: the flag and its value (`--sandbox` has none).
type Opt = (&'static str, Option<String>);

static TARGET: OnceLock<Vec<Opt>> = OnceLock::new();

/// Records the target options of this run (called once; later calls are ignored).
pub fn remember(profile: Option<&str>, config: Option<&Path>, sandbox: bool) {
    let _ = TARGET.set(options(profile, config, sandbox));
}

fn options(profile: Option<&str>, config: Option<&Path>, sandbox: bool) -> Vec<Opt> {
    let mut out: Vec<Opt> = Vec::new();
    if let Some(profile) = profile {
        out.push(("--profile", Some(profile.to_string())));
    }
    if let Some(config) = config {
        out.push(("--config", Some(config.to_string_lossy().into_owned())));
    }
    if sandbox {
        out.push(("--sandbox", None));
    }
    out
}

/// The target options of this run as words (unquoted), to put after `cc` in a command line
/// given back to the user (the equivalent of an interactive create).
pub fn target_words() -> Vec<String> {
    TARGET
        .get()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .flat_map(|(flag, value)| std::iter::once(flag.to_string()).chain(value.clone()))
        .collect()
}

/// `cc <target options> <rest>`: the one way a hint names a command (`rest` is what follows
/// `cc`, e.g. `orange wait 3fa8...`; a leading `cc ` is accepted too).
pub fn cc(rest: &str) -> String {
    with(TARGET.get().map(Vec::as_slice).unwrap_or_default(), rest)
}

/// `cc <options> <rest>`, an option already in `rest` (`--sandbox`) not repeated.
fn with(options: &[Opt], rest: &str) -> String {
    let rest = rest.trim().trim_start_matches("cc ").trim();
    let given: Vec<&str> = rest.split_whitespace().collect();
    let mut out = String::from("cc");
    for (flag, value) in options {
        if given.contains(flag) {
            continue;
        }
        out.push(' ');
        out.push_str(flag);
        if let Some(value) = value {
            out.push(' ');
            out.push_str(&crate::prompt::shell_quote(value));
        }
    }
    if !rest.is_empty() {
        out.push(' ');
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_options_come_first_and_are_quoted() {
        let opts = options(Some("prod"), Some(Path::new("/tmp/my cc.toml")), true);
        assert_eq!(
            with(&opts, "orange wait 3fa8"),
            "cc --profile prod --config '/tmp/my cc.toml' --sandbox orange wait 3fa8"
        );
    }

    #[test]
    fn nothing_given_is_a_bare_command_and_an_option_is_not_repeated() {
        assert_eq!(with(&[], "cc orange list"), "cc orange list");
        assert_eq!(
            with(
                &options(Some("p"), None, true),
                "--sandbox connections list"
            ),
            "cc --profile p --sandbox connections list"
        );
    }
}
