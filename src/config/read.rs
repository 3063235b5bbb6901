//! Reading a configuration file without being led astray by it (issue 20 items 4 and 7).
//!
//! `--config` names any path: `/dev/zero` was read until it held 8.4 GB, a FIFO blocked for
//! ever, and a file that is not TOML had its offending line quoted in the error, a secret or,
//! through a symbolic link, the hash line of a password file. So only a regular file is read,
//! up to [`MAX_FILE`]; and a parse error says where (line, column) and which key, when the key
//! is one `cc` knows, never the line. The same rule reads OVH's own `ovh.conf`.

use std::io::Read;
use std::ops::Range;
use std::path::Path;

use super::Setting;
use crate::error::{Error, Result};

/// The largest configuration file read: far above any real one, far below what hurts.
pub const MAX_FILE: u64 = 1 << 20;

/// The text of the file at `path` (`what` names it in errors: "config file"), or `None` if
/// there is none. Exit 2 for what is not a regular file (a FIFO, a device, a directory), a
/// file over [`MAX_FILE`], or one that is not UTF-8 text.
pub fn read_regular(path: &Path, what: &str) -> Result<Option<String>> {
    let shown = path.display();
    let cannot =
        |e: std::io::Error| Error::usage(format!("cannot read {what} {shown}")).caused_by(e);
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    };
    if !meta.is_file() {
        return Err(Error::usage(format!(
            "{what} {shown} is not a regular file ({}): cc reads its configuration only from regular files",
            file_kind(&meta)
        )));
    }
    let too_big = || {
        Error::usage(format!(
            "{what} {shown} is larger than {} KiB, the most a configuration file may hold",
            MAX_FILE >> 10
        ))
    };
    if meta.len() > MAX_FILE {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_big());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Error::usage(format!("{what} {shown} is not UTF-8 text")))
}

/// What a file that is not a regular one is, for the message.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Exit 2 for a config file at `path` whose `text` does not parse: the parser's `message`
/// (its first line) at the line and column of `span`, and the key of that line when `known`
/// holds it (a section, a field, `profiles`); the line itself is never shown.
pub fn not_toml(
    path: &Path,
    text: &str,
    span: Option<Range<usize>>,
    message: &str,
    known: &[Setting],
) -> Error {
    let reason = message.lines().next().unwrap_or("not TOML").trim();
    let reason = crate::output::escape::shortened(reason);
    let Some(start) = span.map(|s| s.start.min(text.len())) else {
        return Error::usage(format!(
            "config file {} is not valid TOML: {reason}",
            path.display()
        ));
    };
    let before = &text.as_bytes()[..start];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let line_text = text[line_start..].lines().next().unwrap_or_default();
    Error::usage(format!(
        "config file {} is not valid TOML: line {line}, column {column}{}: {reason}",
        path.display(),
        key_of(line_text, known)
    ))
    .hint("the line is not shown: it may hold a secret")
}

/// ` (key `sk`)` when `line` sets a key `known` names, else nothing: an unknown word at the
/// start of a line may be a pasted secret.
fn key_of(line: &str, known: &[Setting]) -> String {
    let Some((key, _)) = line.split_once('=') else {
        return String::new();
    };
    let key = key.trim().trim_matches('"');
    let last = key.rsplit('.').next().unwrap_or(key).trim();
    let is_known = last == "profiles"
        || known.iter().any(|s| {
            let (section, field) = s.key.split_once('.').unwrap_or(("", s.key));
            last == field || last == section
        });
    if is_known {
        format!(" (key `{last}`)")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[Setting] = &[
        super::super::setting("huawei.sk", &[], true, None),
        super::super::setting("huawei.ak", &[], false, None),
    ];

    fn error_of(text: &str) -> String {
        let e = text.parse::<toml::Table>().unwrap_err();
        not_toml(Path::new("c.toml"), text, e.span(), e.message(), KNOWN)
            .message
            .clone()
    }

    #[test]
    fn a_parse_error_names_line_column_and_known_key_never_the_value() {
        let text = "[profiles.default.huawei]\nak = \"AK\"\nsk = \"SUPERSECRET-sk\n";
        let message = error_of(text);
        assert!(
            message.starts_with("config file c.toml is not valid TOML: line 3, column ")
                && message.contains("(key `sk`)"),
            "{message}"
        );
        assert!(!message.contains("SUPERSECRET"), "{message}");
        for text in [
            "$6$saltsalt$HASHEDPASSWORDVALUE/abc:19000:0:99999:7:::\n",
            "tokenABCDEF0123456789\n",
            "sk = SUPERSECRET\n",
            "a = 1\na = \"SECRETDUP\"\n",
        ] {
            let message = error_of(text);
            for secret in ["HASHED", "tokenABC", "SUPERSECRET", "SECRETDUP"] {
                assert!(!message.contains(secret), "{message}");
            }
            assert!(message.contains("line "), "{message}");
        }
    }

    #[test]
    fn only_regular_files_up_to_the_cap_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; MAX_FILE as usize + 1]).unwrap();
        let err = read_regular(&big, "config file").unwrap_err();
        assert!(
            err.message.contains("larger than 1024 KiB"),
            "{}",
            err.message
        );
        let err = read_regular(dir.path(), "config file").unwrap_err();
        assert!(err.message.contains("(a directory)"), "{}", err.message);
        let err = read_regular(Path::new("/dev/zero"), "config file").unwrap_err();
        assert!(err.message.contains("(a device)"), "{}", err.message);
        assert_eq!(err.exit_code(), 2);
        assert!(
            read_regular(&dir.path().join("none"), "x")
                .unwrap()
                .is_none()
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256, failure_persistence: None, ..Default::default()
        })]

        /// Whatever a file holds around a secret, an error about it never shows the secret.
        #[test]
        fn a_file_that_does_not_parse_never_shows_its_lines(
            before in "[\\[\\]a-z_ =\"'.\n#0-9{},]{0,40}",
            after in "[\\[\\]a-z_ =\"'.\n#0-9{},]{0,40}",
        ) {
            let text = format!("{before}S3CR3T-VALUE-8d{after}");
            if let Err(e) = text.parse::<toml::Table>() {
                let err = not_toml(Path::new("c.toml"), &text, e.span(), e.message(), KNOWN);
                proptest::prop_assert!(!err.message.contains("S3CR3T"), "{}", err.message);
            }
        }
    }
}
