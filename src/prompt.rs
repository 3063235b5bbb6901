//! Questions on a terminal: pick-lists, typed values and confirmations.
//!
//! Only ever used when stdin and stderr are terminals (`Context::interactive`); off a terminal the
//! callers fail with exit 2 naming the missing flag instead. Prompts draw on stderr so stdout
//! stays clean for data.

use crate::error::{Error, Result};

/// A prompt that ended without an answer (Ctrl-C, Esc, a closed terminal): the cursor, hidden by
/// pick-lists, is shown again, and the error names the question, so the user knows where it
/// stopped; nothing has been ordered while a question is open.
fn prompt_error(flag: &str) -> impl FnOnce(dialoguer::Error) -> Error + '_ {
    move |e| {
        let _ = console::Term::stderr().show_cursor();
        // A SIGTERM breaks the terminal read off too: say which signal it was.
        crate::signal::at_a_question()
            .error(&format!("at the `{flag}` question; nothing was changed"))
            .caused_by(e)
    }
}

/// Names the question as what `cc` is doing while it is open, for a SIGTERM that comes then
/// (`crate::signal`): nothing has been sent while a question is open.
fn asking(flag: &str) -> crate::wait::Doing {
    crate::wait::doing(format!("asking the `{flag}` question; nothing was changed"))
}

/// One choice: the value sent to the API and the label shown.
#[derive(Debug, Clone)]
pub struct Choice {
    /// What the command uses.
    pub value: String,
    /// What the user reads.
    pub label: String,
}

/// Asks the user to pick one of `choices`; an empty list is an error naming `flag`.
pub fn select(question: &str, flag: &str, choices: &[Choice]) -> Result<String> {
    if choices.is_empty() {
        return Err(Error::usage(format!(
            "{question}: the provider returned nothing to choose from; pass `{flag}`"
        )));
    }
    let labels = told_apart(choices);
    let _asking = asking(flag);
    let index = dialoguer::FuzzySelect::new()
        .with_prompt(format!("{question} ({flag}; type to filter)"))
        .items(&labels)
        .default(0)
        .interact_opt()
        .map_err(prompt_error(flag))?;
    match index {
        Some(index) => Ok(choices[index].value.clone()),
        None => Err(prompt_error(flag)(dialoguer::Error::IO(
            std::io::Error::new(std::io::ErrorKind::Interrupted, "no choice made"),
        ))),
    }
}

/// The labels of `choices`, each one that more than one choice carries followed by its value
/// (`VPNName1 [vpn-2]`), so that two entries of the same name can be told apart; made visible
/// (`crate::output::escape`), since a provider named them.
fn told_apart(choices: &[Choice]) -> Vec<String> {
    choices
        .iter()
        .map(|c| {
            let same = choices.iter().filter(|o| o.label == c.label).count();
            let label = match same {
                1 => c.label.clone(),
                _ => format!("{} [{}]", c.label, c.value),
            };
            crate::output::escape::visible(&label).into_owned()
        })
        .collect()
}

/// Asks for a typed value, re-asking until `check` accepts it.
pub fn input(question: &str, flag: &str, check: impl Fn(&str) -> Result<()>) -> Result<String> {
    let _asking = asking(flag);
    dialoguer::Input::<String>::new()
        .with_prompt(format!("{question} ({flag})"))
        .validate_with(|text: &String| check(text).map_err(|e| e.message.clone()))
        .interact_text()
        .map_err(prompt_error(flag))
}

/// Asks for a secret (a service key, a pairing key) without echoing it, re-asking until `check`
/// accepts it: what is typed is a credential, so it is no more shown than printed.
pub fn secret_input(
    question: &str,
    flag: &str,
    check: impl Fn(&str) -> Result<()>,
) -> Result<String> {
    let _asking = asking(flag);
    dialoguer::Password::new()
        .with_prompt(format!("{question} ({flag}, not shown)"))
        .validate_with(|text: &String| check(text).map_err(|e| e.message.clone()))
        .interact()
        .map_err(prompt_error(flag))
}

/// Asks yes/no (default no) and reads a whole line ended with Enter: `y` or `yes` in any case
/// is yes, anything else (an empty line included) is no; `false` means declined. Never a single
/// keypress, so that `yes⏎` typed ahead cannot confirm on its `y` and leave `es` to the shell.
pub fn confirm(question: &str) -> Result<bool> {
    let answer = dialoguer::Input::<String>::new()
        .with_prompt(format!("{question} [y/N]"))
        .allow_empty(true)
        .interact_text()
        .map_err(prompt_error("confirmation"))?;
    Ok(is_yes(&answer))
}

/// Whether a typed answer is a yes.
fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// Shows what is about to be sent under `title`, before a confirmation: a readable list, one
/// `key  value` line per field, nested objects and lists indented under their key.
pub fn summary(title: &str, value: &serde_json::Value) {
    let mut text = format!("{title}\n");
    outline(&mut text, value, 1);
    let _ = console::Term::stderr().write_str(&text);
}

/// Writes `value` as indented lines at `depth`: object fields as `key  value` with the keys
/// aligned, list items as `- value`, nested ones on the lines below.
fn outline(text: &mut String, value: &serde_json::Value, depth: usize) {
    use serde_json::Value;
    let pad = "  ".repeat(depth);
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(_) | Value::Array(_) => None,
        other => Some(other.to_string()),
    };
    match value {
        Value::Object(map) => {
            let width = map.keys().map(String::len).max().unwrap_or(0);
            for (key, v) in map {
                match scalar(v) {
                    Some(shown) => text.push_str(&format!("{pad}{key:<width$}  {shown}\n")),
                    None => {
                        text.push_str(&format!("{pad}{key}\n"));
                        outline(text, v, depth + 1);
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match scalar(item) {
                    Some(shown) => text.push_str(&format!("{pad}- {shown}\n")),
                    None => {
                        text.push_str(&format!("{pad}-\n"));
                        outline(text, item, depth + 1);
                    }
                }
            }
        }
        other => text.push_str(&format!("{pad}{}\n", scalar(other).unwrap_or_default())),
    }
}

/// A word as a POSIX shell reads it: bare when it is only safe characters, else single-quoted.
pub fn shell_quote(value: &str) -> String {
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// After an interactive create: the command line that does the same without questions, so that
/// the next one can be scripted. A credential typed in answer (a service key) is a placeholder
/// word (`<service key>`), never its value: stderr is often kept in a log; a note says so.
pub fn equivalent_command(words: &[String]) {
    let _ = console::Term::stderr().write_line(&equivalent_text(words));
}

/// What [`equivalent_command`] writes.
fn equivalent_text(words: &[String]) -> String {
    let line: Vec<String> = words.iter().map(|w| shell_quote(w)).collect();
    let mut text = format!("To do the same without questions:\n  {}", line.join(" "));
    let withheld: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| w.len() > 2 && w.starts_with('<') && w.ends_with('>'))
        .collect();
    if !withheld.is_empty() {
        text.push_str(&format!(
            "\n  ({} not repeated, a key being a credential: put yours in its place, e.g. \
             from a variable)",
            withheld.join(", ")
        ));
    }
    text
}

/// Asks for a value without echoing it (a secret); empty is asked again.
pub fn hidden(question: &str) -> Result<String> {
    loop {
        let value = dialoguer::Password::new()
            .with_prompt(question)
            .allow_empty_password(true)
            .interact()
            .map_err(prompt_error(question))?;
        if !value.trim().is_empty() {
            return Ok(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withheld_credential_is_a_quoted_placeholder_with_a_note() {
        let words = ["cc", "x", "--key", "<service key>", "--name", "a b"].map(String::from);
        assert_eq!(
            equivalent_text(&words),
            "To do the same without questions:\n  cc x --key '<service key>' --name 'a b'\n  \
             (<service key> not repeated, a key being a credential: put yours in its place, e.g. \
             from a variable)"
        );
        let plain = ["cc", "x"].map(String::from);
        assert_eq!(
            equivalent_text(&plain),
            "To do the same without questions:\n  cc x"
        );
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_quote("vnet-02"), "vnet-02");
        assert_eq!(shell_quote("Connection to PARIS"), "'Connection to PARIS'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn summaries_are_indented_lists_not_json() {
        let mut text = String::new();
        let order = serde_json::json!({
            "name": "er-lyon",
            "srcPort": [{"portId": "p-1"}, {"portId": "p-2"}],
            "speed": 50,
            "tags": ["a", "b"],
        });
        outline(&mut text, &order, 1);
        assert_eq!(
            text,
            "  name     er-lyon\n  srcPort\n    -\n      portId  p-1\n    -\n      portId  p-2\n  speed    50\n  tags\n    - a\n    - b\n"
        );
    }

    #[test]
    fn choices_of_the_same_name_are_told_apart_by_their_value() {
        let choice = |value: &str, label: &str| Choice {
            value: value.into(),
            label: label.into(),
        };
        let labels = told_apart(&[
            choice("vpn-1", "VPNName1"),
            choice("vpn-2", "VPNName1"),
            choice("vpn-3", "VPNName3"),
        ]);
        assert_eq!(labels, ["VPNName1 [vpn-1]", "VPNName1 [vpn-2]", "VPNName3"]);
    }

    #[test]
    fn only_y_or_yes_confirms() {
        for yes in ["y", "Y", "yes", "YES", " Yes "] {
            assert!(is_yes(yes), "{yes}");
        }
        for no in ["", "n", "no", "ye", "yess", "y es", "sure"] {
            assert!(!is_yes(no), "{no}");
        }
    }
}
