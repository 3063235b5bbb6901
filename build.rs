//! Build script: puts the git commit and the build date into the binary, for `cc --version`.
//!
//! A support ticket should say exactly what ran, so a build from a checkout is
//! `cc 0.1.0 (40a0c67 2026-12-01)`. A build from a tarball (no `.git`, or a `.git` that belongs
//! to some enclosing directory, such as a home directory kept in git) has no commit to name and
//! says only `cc 0.1.0`. No network, no new dependencies: `git` is run if it is there, and the
//! date is computed from the clock (or `SOURCE_DATE_EPOCH`, for reproducible builds).
//!
//! Sets `CC_BUILD_COMMIT` (the full hash) and `CC_BUILD_DATE` (`YYYY-MM-DD`, UTC), both empty
//! when not built from a checkout, and `CC_BUILD_TARGET` (the target triple).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let (commit, date) = match checkout(&manifest_dir) {
        Some(checkout) => {
            // Rebuild when HEAD moves (a commit, a checkout), and only then: not on every edit.
            for file in &checkout.watch {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            (checkout.commit, build_date())
        }
        None => (String::new(), String::new()),
    };
    println!("cargo:rustc-env=CC_BUILD_COMMIT={commit}");
    println!("cargo:rustc-env=CC_BUILD_DATE={date}");
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=CC_BUILD_TARGET={target}");
    if packs_relative_relocations(&target) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    if links_unwinder_statically(&target) {
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
}

/// Whether the unwinder (`libgcc_eh.a`) is linked into the binary, so that it does not load
/// `libgcc_s.so.1` at start (`-static-libgcc` of a C program; rustc names `-lgcc_s` itself).
///
/// One shared library fewer for every start of `cc`: measured with `valgrind` on
/// `cc --version`, 36,000 instructions fewer of 546,000 (the library mapped, relocated, its
/// versions checked, and one more hash table in every symbol look-up) and 9 page faults fewer
/// of 152. Unwinding is unchanged (a panic still prints its message, runs destructors and
/// exits 101; `catch_unwind` and backtraces work): it is the same code, in the binary.
///
/// Only for what `cargo install` builds (the `release` profile: fat LTO, so the one object
/// holding std comes before `-lgcc_s` and takes every `_Unwind_*` from the archive), on a
/// native Linux glibc target that is not already static (`+crt-static` links `gcc_eh` by
/// itself), and only when the C driver finds the archive (a probe links with it).
fn links_unwinder_statically(target: &str) -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("PROFILE") != "release"
        || var("HOST") != target
        || var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("CARGO_CFG_TARGET_FEATURE")
            .split(',')
            .any(|f| f == "crt-static")
    {
        return false;
    }
    let static_eh = ["-Wl,--push-state,-Bstatic", "-lgcc_eh", "-Wl,--pop-state"];
    probe_links("gcc-eh-probe", &static_eh).is_some()
}

/// Whether a trivial C program links with `flags` by the same C driver as the binary, and
/// runs; `probe` names its files in `OUT_DIR`.
fn probe_links(probe: &str, flags: &[&str]) -> Option<PathBuf> {
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let linker = std::env::var_os("RUSTC_LINKER").unwrap_or_else(|| "cc".into());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let probe = out_dir.join(probe);
    let source = probe.with_extension("c");
    std::fs::write(&source, "int main(void) { return 0; }\n").ok()?;
    let linked = Command::new(&linker)
        .arg(&source)
        .arg("-o")
        .arg(&probe)
        .args(flags)
        .output()
        .is_ok_and(|out| out.status.success());
    (linked && Command::new(&probe).status().is_ok_and(|s| s.success())).then_some(probe)
}

/// Whether the `cc` binary is to be linked with packed relative relocations (`DT_RELR`).
///
/// Installed first on `PATH`, `cc` starts once for every compile of a build, and most of what a
/// dynamically linked start costs is the loader reading and applying the binary's relocations:
/// ~17,500 relative ones, 24 bytes each in `.rela.dyn` (over 400 KB, a hundred page faults).
/// Packed, they take a few KB. glibc reads them from 2.36 on, and a packed binary names the
/// version `GLIBC_ABI_DT_RELR` so that an older glibc refuses it with a clear error instead of
/// crashing. So only for a native Linux glibc build, and only when a probe program linked
/// with the flag by the same C driver is packed (the linker knows the flag) and runs (the C
/// library takes it); anything else links as before.
fn packs_relative_relocations(target: &str) -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("HOST") != target
        || var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
    {
        return false;
    }
    let Some(probe) = probe_links("relr-probe", &["-Wl,-z,pack-relative-relocs"]) else {
        return false;
    };
    std::fs::read(&probe).is_ok_and(|elf| {
        elf.windows(b"GLIBC_ABI_DT_RELR".len())
            .any(|w| w == b"GLIBC_ABI_DT_RELR")
    })
}

// `pub(crate)`: `tests/it/install.rs` includes this file to check these against git.

/// The commit a checkout is at, and the git files that change when HEAD moves.
pub(crate) struct Checkout {
    pub(crate) commit: String,
    pub(crate) watch: Vec<PathBuf>,
}

/// The commit of `dir` when `dir` is the top of a git work tree; `None` otherwise (no `git`, no
/// repository, or a repository whose top is some other directory).
pub(crate) fn checkout(dir: &Path) -> Option<Checkout> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "rev-parse",
            "--show-toplevel",
            "--absolute-git-dir",
            "--git-common-dir",
            "HEAD",
        ])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let [toplevel, git_dir, common_dir, commit] = text.lines().collect::<Vec<_>>()[..] else {
        return None;
    };
    let is_hash = commit.len() >= 40 && commit.bytes().all(|b| b.is_ascii_hexdigit());
    match (std::fs::canonicalize(toplevel), std::fs::canonicalize(dir)) {
        (Ok(top), Ok(dir)) if top == dir && is_hash => {}
        _ => return None,
    }
    let git_dir = PathBuf::from(git_dir);
    let common_dir = dir.join(common_dir);
    let head = git_dir.join("HEAD");
    let mut watch = vec![head.clone(), common_dir.join("packed-refs")];
    if let Some(branch) = std::fs::read_to_string(&head)
        .ok()
        .and_then(|h| h.trim().strip_prefix("ref: ").map(str::to_owned))
    {
        watch.push(common_dir.join(branch));
    }
    // A missing file would make cargo run this script on every build.
    watch.retain(|f| f.is_file());
    Some(Checkout {
        commit: commit.to_owned(),
        watch,
    })
}

/// Today in UTC as `YYYY-MM-DD`, or the day of `SOURCE_DATE_EPOCH` when it is set.
fn build_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (year, month, day) = civil_date(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day number counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub(crate) fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
