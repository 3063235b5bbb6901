//! Questions on a terminal: pick-lists, typed values and confirmations.
//!
//! Only ever used when stdin and stderr are terminals (`Context::interactive`); off a terminal the
//! callers fail with exit 2 naming the missing flag instead. Prompts draw on stderr so stdout
//! stays clean for data.

use crate::error::{Error, ErrorKind, Result};

fn prompt_error(e: dialoguer::Error) -> Error {
    Error::new(ErrorKind::Interrupted, "prompt cancelled").caused_by(e)
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
    let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
    let index = dialoguer::Select::new()
        .with_prompt(format!("{question} ({flag})"))
        .items(&labels)
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    Ok(choices[index].value.clone())
}

/// Asks for a typed value, re-asking until `check` accepts it.
pub fn input(question: &str, flag: &str, check: impl Fn(&str) -> Result<()>) -> Result<String> {
    dialoguer::Input::<String>::new()
        .with_prompt(format!("{question} ({flag})"))
        .validate_with(|text: &String| check(text).map_err(|e| e.message.clone()))
        .interact_text()
        .map_err(prompt_error)
}

/// Asks yes/no (default no); `false` means declined.
pub fn confirm(question: &str) -> Result<bool> {
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(prompt_error)
}

/// Asks for a value without echoing it (a secret); empty is asked again.
pub fn hidden(question: &str) -> Result<String> {
    loop {
        let value = dialoguer::Password::new()
            .with_prompt(question)
            .allow_empty_password(true)
            .interact()
            .map_err(prompt_error)?;
        if !value.trim().is_empty() {
            return Ok(value);
        }
    }
}
