//! Writing the configuration file safely (`CLI.md` §5; issue 20): a change is read, edited and
//! written under a lock beside the file, so that two `cc config set` at once both land; the new
//! text goes to a temporary file renamed over the old one, so that a reader never sees half a
//! file; the directory is created private (0700) whatever the umask, the file 0600; and a file
//! that is a symbolic link is refused rather than rewritten behind the user's back.

use std::fs::File;
use std::path::Path;

use crate::error::{Error, Result};

/// Runs `change` (which reads and writes `path`) under the lock beside `path`.
pub(super) fn locked<T>(path: &Path, change: impl FnOnce() -> Result<T>) -> Result<T> {
    create_dir(path)?;
    let lock_path = path.with_extension("lock");
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(cannot(path))?;
    lock.lock().map_err(cannot(path))?;
    let result = change();
    let _ = lock.unlock();
    result
}

/// Writes `text` to `path` (mode 0600) through a temporary file renamed over it.
pub(super) fn write_private(path: &Path, text: &str) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::usage(format!(
            "{} is a symbolic link: not written through it",
            path.display()
        ))
        .hint("point --config (or CC_CONFIG) at the file itself"));
    }
    create_dir(path)?;
    let temporary = path.with_extension(format!("tmp.{}", std::process::id()));
    let mut options = File::options();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&temporary).and_then(|mut file| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    renamed.map_err(cannot(path))
}

/// Creates the directory of `path`, private, if it is missing.
fn create_dir(path: &Path) -> Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(cannot(path))
}

fn cannot(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::usage(format!("cannot write config file {}", path.display())).caused_by(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_changes_all_land_and_the_file_stays_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/cc/config.toml");
        std::thread::scope(|scope| {
            for t in 0..4 {
                let path = &path;
                scope.spawn(move || {
                    for i in 0..25 {
                        locked(path, || {
                            let old = std::fs::read_to_string(path).unwrap_or_default();
                            write_private(path, &format!("{old}k{t}_{i} = 1\n"))
                        })
                        .unwrap();
                    }
                });
            }
        });
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 100);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.toml");
        std::fs::write(&target, "x = 1\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write_private(&link, "y = 2\n").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "x = 1\n");
    }
}
