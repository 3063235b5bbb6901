//! `cc completions SHELL` and `cc man DIR`, generated from the clap tree so they never drift.

use std::path::PathBuf;

use clap::Args;

use crate::error::{Error, Result};
use crate::output::Outcome;

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

const PAGE_COLUMNS: &[crate::output::Column] = &[crate::output::col("PAGE", "page")];

/// The completion script for a shell, from the whole command tree.
pub fn completions(args: CompletionsArgs, mut tree: clap::Command) -> Result<Outcome> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut tree, "cc", &mut buf);
    Ok(Outcome::Text(String::from_utf8_lossy(&buf).into_owned()))
}

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
