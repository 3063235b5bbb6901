//! `cc completions SHELL` and `cc man DIR`, generated from the clap tree so they never drift.

use std::path::PathBuf;

use clap::Args;

use crate::error::{Error, Result};
use crate::output::Outcome;
use crate::output::Priority::Key;

/// Print shell completions
///
/// Examples:
///
///     $ cc completions bash > ~/.local/share/bash-completion/completions/cc
///     $ cc completions zsh > "${fpath[1]}/_cc"
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Write man pages: `cc.1` and one page per subcommand
///
/// Examples:
///
///     $ cc man ~/.local/share/man/man1 && man cc-orange-create
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ManArgs {
    /// Directory to write `cc.1` and one page per subcommand into (created if missing)
    pub dir: PathBuf,
}

const PAGE_COLUMNS: &[crate::output::Column] = &[crate::output::col("PAGE", "page", Key)];

/// The completion script for a shell, from the whole command tree.
///
/// The bash one also stands in for the C compiler's completion, which it replaces: see
/// [`bash_for_compiler_lines`].
pub fn completions(args: CompletionsArgs, mut tree: clap::Command) -> Result<Outcome> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut tree, "cc", &mut buf);
    let script = String::from_utf8_lossy(&buf).into_owned();
    match args.shell {
        clap_complete::Shell::Bash => bash_for_compiler_lines(&script, &tree).map(Outcome::Text),
        _ => Ok(Outcome::Text(script)),
    }
}

/// clap's bash script, renamed `_cc_commands`, behind a `_cc` that first tells `cc`'s command
/// lines from a compiler's, as `passthrough` does: once a word before the cursor is neither
/// one of `cc`'s global options (with its value; `-o` only with a format) nor a subcommand
/// (`cc -c x.c`, `cc -o conftest con`), the line is a compiler's and completes file names. So
/// does a `cc` line whose word has no completion of its own.
fn bash_for_compiler_lines(script: &str, tree: &clap::Command) -> Result<String> {
    let Some(rest) = script.strip_prefix("_cc() {") else {
        return Err(Error::internal(
            "the generated bash completion does not start with `_cc() {`",
        ));
    };
    let mut subcommands: Vec<String> = vec!["help".into()];
    for sub in tree.get_subcommands() {
        subcommands.push(sub.get_name().into());
        subcommands.extend(sub.get_all_aliases().map(String::from));
    }
    subcommands.sort();
    subcommands.dedup();
    let formats: Vec<String> = <crate::output::OutputFormat as clap::ValueEnum>::value_variants()
        .iter()
        .filter_map(clap::ValueEnum::to_possible_value)
        .map(|v| v.get_name().to_owned())
        .collect();
    let attached_formats: Vec<String> = ["-o", "-o=", "--output="]
        .iter()
        .flat_map(|prefix| formats.iter().map(move |f| format!("{prefix}{f}")))
        .collect();
    // `-o`/`--output` are matched on their own: their value must be a format.
    let (mut flags, mut with_value, mut attached) = (
        vec!["--help".to_owned(), "--version".to_owned()],
        Vec::new(),
        Vec::new(),
    );
    let mut flag_shorts = String::from("hV");
    for arg in tree.get_arguments().filter(|a| a.get_id() != "output") {
        let takes_value = arg.get_action().takes_values();
        if let Some(long) = arg.get_long() {
            if takes_value {
                with_value.push(format!("--{long}"));
                attached.push(format!("--{long}=*"));
            } else {
                flags.push(format!("--{long}"));
            }
        }
        match arg.get_short() {
            Some(c) if takes_value => with_value.push(format!("-{c}")),
            Some(c) => flag_shorts.push(c),
            None => {}
        }
    }
    flags.extend(attached);
    flags.extend(attached_formats);
    let wrapper = BASH_WRAPPER
        .replace("@SUBCOMMANDS@", &subcommands.join("|"))
        .replace("@FORMATS@", &formats.join("|"))
        .replace("@WITH_VALUE@", &with_value.join("|"))
        .replace("@FLAGS@", &flags.join("|"))
        .replace("@FLAG_SHORTS@", &flag_shorts);
    Ok(format!("_cc_commands() {{{rest}\n{wrapper}"))
}

/// The `_cc` of the bash script (`@NAME@` filled in from the command tree).
const BASH_WRAPPER: &str = r#"# `cc` is also the C compiler's name, and this completion replaces the compiler's: a line that
# is not one of cc's own (`cc -c x.c`, `cc -o conftest con`) completes file names.
_cc_files() {
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    COMPREPLY=( $(compgen -f -- "$1") )
}

_cc() {
    local i=1
    while (( i < COMP_CWORD )); do
        case ${COMP_WORDS[i]} in
            @SUBCOMMANDS@)
                _cc_commands "$@"
                return 0
                ;;
            -o|--output)
                # bash splits `--output=json` into `--output`, `=`, `json`.
                [[ ${COMP_WORDS[i+1]} == = ]] && (( i += 1 ))
                (( i + 1 < COMP_CWORD )) || break
                case ${COMP_WORDS[i+1]} in
                    @FORMATS@) (( i += 1 )) ;;
                    *) _cc_files "$2"; return 0 ;;
                esac
                ;;
            @WITH_VALUE@)
                [[ ${COMP_WORDS[i+1]} == = ]] && (( i += 1 ))
                (( i += 1 ))
                ;;
            @FLAGS@) ;;
            *)
                if [[ ! ${COMP_WORDS[i]} =~ ^-[@FLAG_SHORTS@]+$ ]]; then
                    _cc_files "$2"
                    return 0
                fi
                ;;
        esac
        (( i += 1 ))
    done
    _cc_commands "$@"
    (( ${#COMPREPLY[@]} )) || _cc_files "$2"
    return 0
}
"#;

/// Writes the man pages and lists them.
pub fn man(args: ManArgs, tree: clap::Command) -> Result<Outcome> {
    let fail = |e: std::io::Error| {
        Error::usage(format!(
            "cannot write man pages into {}",
            args.dir.display()
        ))
        .caused_by(e)
    };
    std::fs::create_dir_all(&args.dir).map_err(fail)?;
    clap_mangen::generate_to(tree, &args.dir).map_err(fail)?;
    let mut pages: Vec<String> = std::fs::read_dir(&args.dir)
        .map_err(fail)?
        .filter_map(|e| e.ok())
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".1"))
        .collect();
    pages.sort();
    Ok(Outcome::List {
        columns: PAGE_COLUMNS,
        items: pages
            .into_iter()
            .map(|p| serde_json::json!({ "page": p }))
            .collect(),
    })
}
