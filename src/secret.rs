//! A secret value (API key, client secret, token, AK/SK) as a type, so that redaction is checked
//! by the compiler rather than by discipline.
//!
//! [`Secret`] prints `***` under both `Debug` and `Display`: a `{:?}` of a config or auth struct,
//! a log line or an error message that names one cannot show it by accident. Reading the value
//! takes an explicit [`Secret::expose`], which only the code that puts it on the wire (an auth
//! strategy's headers and signature) and the redaction lists (`Auth::secrets`) call. The
//! redaction of `http::redact` stays as the second net, for values that reach a request.

use std::fmt;

/// What a secret prints as.
pub const MASK: &str = "***";

/// A secret string: `***` when printed, its value only through [`Secret::expose`]. It can be
/// read from a response (an OAuth2 `access_token`), never serialised.
#[derive(Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the wire or the redaction lists; never for output.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

/// The value given as `-` for `what` (`--shared-key`, `cc config set KEY -`): read whole from
/// stdin, without its final line break, so that a secret need not be on the command line or
/// in the shell's history. Empty is exit 2 naming `what`.
pub fn from_stdin(what: &str) -> crate::error::Result<String> {
    use crate::error::Error;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
        .map_err(|e| Error::usage(format!("{what} -: cannot read stdin")).caused_by(e))?;
    let value = text.strip_suffix('\n').unwrap_or(&text);
    let value = value.strip_suffix('\r').unwrap_or(value);
    if value.trim().is_empty() {
        return Err(Error::usage(format!(
            "{what} -: stdin was empty; pipe the value in (`... | cc ...`)"
        )));
    }
    Ok(value.to_string())
}

/// The value given as `-` for `flag`, asked as `question`: on a terminal (`interactive`: stdin
/// and stderr are terminals) with the hidden prompt the questions use, so that `-` works typed
/// as well as piped (read from a terminal, it would wait silently); else read from stdin
/// ([`from_stdin`]). Empty is exit 2 naming `flag`.
pub fn dash(flag: &str, question: &str, interactive: bool) -> crate::error::Result<String> {
    if interactive {
        return crate::prompt::secret_input(question, flag, not_blank(flag));
    }
    from_stdin(flag)
}

/// The check of a secret typed at a prompt: not blank.
fn not_blank(flag: &str) -> impl Fn(&str) -> crate::error::Result<()> + '_ {
    move |text| match text.trim().is_empty() {
        true => Err(crate::error::Error::usage(format!(
            "{flag}: must not be empty"
        ))),
        false => Ok(()),
    }
}

/// The values of a repeatable secret flag, each `-` replaced by the next non-empty line of
/// stdin (read once): `--pairing-key - --pairing-key -` with the two keys piped in, one a line.
/// As many lines as `-`: a line more is most likely a key meant for something else, so it is
/// exit 2 naming the flag and the count, nothing sent. On a terminal (`interactive`), each `-`
/// is asked as `question` instead (hidden, `1 of 2`...), as [`dash`] asks one.
pub fn dashes(
    flag: &str,
    question: &str,
    values: &mut [String],
    interactive: bool,
) -> crate::error::Result<()> {
    let wanted = values.iter().filter(|v| v.as_str() == "-").count();
    if wanted == 0 {
        return Ok(());
    }
    if interactive {
        let dashes = values.iter_mut().filter(|v| v.as_str() == "-");
        for (n, value) in dashes.enumerate() {
            let asked = match wanted {
                1 => question.to_string(),
                _ => format!("{question} {} of {wanted}", n + 1),
            };
            *value = crate::prompt::secret_input(&asked, flag, not_blank(flag))?;
        }
        return Ok(());
    }
    let text = from_stdin(flag)?;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .collect();
    let given = lines.len();
    if given != wanted {
        let (fewer, why) = match given < wanted {
            true => ("fewer", ""),
            false => (
                "more",
                ": a line more is most likely a value meant for something else",
            ),
        };
        return Err(crate::error::Error::usage(format!(
            "{flag} -: stdin holds {fewer} lines than the {wanted} `-` given ({given} non-empty){why}; pipe one value a line, one for each `-`"
        )));
    }
    let dashes = values.iter_mut().filter(|v| v.as_str() == "-");
    for (value, line) in dashes.zip(lines) {
        *value = line.to_string();
    }
    Ok(())
}

/// Secrets made during the run (tokens issued, signatures), kept so that redaction masks them
/// wherever they would appear. Bounded, the oldest dropped first: requests run concurrently and
/// a long run signs many.
#[derive(Debug, Default)]
pub struct Issued(std::sync::Mutex<std::collections::VecDeque<Secret>>);

impl Issued {
    /// How many are kept.
    pub const KEPT: usize = 64;

    /// Keeps `secret` (masked from then on).
    pub fn remember(&self, secret: Secret) {
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= Self::KEPT {
            kept.pop_front();
        }
        kept.push_back(secret);
    }

    /// Every kept value, for the redaction lists.
    pub fn exposed(&self) -> Vec<String> {
        let kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        kept.iter().map(|s| s.expose().to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_a_mask_and_exposes_on_request() {
        let s = Secret::new("hunter2-secret");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(***)");
        assert_eq!(s.expose(), "hunter2-secret");
        assert!(!s.is_blank());
        assert!(Secret::from(" ").is_blank());
    }
}
