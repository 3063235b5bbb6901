//! Issue 14: from a clone to a `cc` on `PATH`. `cc --version` names the commit it was built
//! from (and says only the version when built from a tarball), the bash completion completes
//! `cc`'s lines and falls back to file names for a compiler's, and, run by `.ci/run` because
//! each builds `cc` again with optimisations (minutes on 2 cores), the README's
//! `cargo install --path .` and the release archive script `scripts/dist` work.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{Sandbox, TestEnv, assert_code, stderr, stdout};
use crate::passthrough::{have_system_cc, output, path_with};

/// The build script itself, so that what it decides is checked against git directly.
#[path = "../../build.rs"]
#[allow(dead_code)]
mod build_script;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=cc-test",
            "-c",
            "user.email=test@cc.invalid",
        ])
        .args(args)
        .output()
        .expect("git is needed by these tests");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    stdout(&out).trim().to_owned()
}

/// The line `cc --version` must print for a build of the manifest directory as it is now.
fn expected_line_start() -> String {
    match build_script::checkout(manifest_dir()) {
        Some(checkout) => format!("cc {VERSION} ({} ", &checkout.commit[..7]),
        None => format!("cc {VERSION}\n"),
    }
}

fn is_iso_date(text: &str) -> bool {
    text.parse::<jiff::civil::Date>().is_ok() && text.len() == 10
}

#[test]
fn build_dates_are_the_civil_day_of_the_epoch() {
    // Year 0 to 9999, every 97th day, against jiff.
    for days in (-719_528..2_932_896).step_by(97) {
        let date = jiff::Timestamp::from_second(days * 86_400)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let (y, m, d) = build_script::civil_date(days);
        assert_eq!(
            (y, m, d),
            (
                i64::from(date.year()),
                date.month() as u32,
                date.day() as u32
            ),
            "day {days}"
        );
    }
}

#[test]
fn a_checkout_names_its_commit_and_a_tarball_none() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join("unpacked")).unwrap();
    git(&repo, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(repo.join("Cargo.toml"), "[package]\n").unwrap();
    git(&repo, &["add", "Cargo.toml"]);
    git(&repo, &["commit", "--quiet", "-m", "first"]);

    let checkout = build_script::checkout(&repo).expect("the top of a work tree is a checkout");
    assert_eq!(checkout.commit, git(&repo, &["rev-parse", "HEAD"]));
    let watched = |name: &str| {
        checkout.watch.iter().any(|f| {
            f.canonicalize().unwrap() == repo.join(".git").join(name).canonicalize().unwrap()
        })
    };
    assert!(
        watched("HEAD") && watched("refs/heads/main"),
        "{:?}",
        checkout.watch
    );

    // A tarball unpacked inside some other repository (a home directory kept in git), and one
    // unpacked anywhere else: no commit to name.
    assert!(build_script::checkout(&repo.join("unpacked")).is_none());
    let plain = tempfile::tempdir().unwrap();
    assert!(build_script::checkout(plain.path()).is_none());
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let env = TestEnv::new();
    for flag in ["--version", "-V"] {
        let out = env.cc().arg(flag).output().unwrap();
        assert_code(&out, 0);
        let line = stdout(&out);
        assert!(line.starts_with(&expected_line_start()), "{line}");
        assert_eq!(line.lines().count(), 1, "{line}");
        if let Some(date) = line
            .trim_end()
            .strip_suffix(')')
            .and_then(|l| l.rsplit(' ').next())
        {
            assert!(is_iso_date(date), "{line}");
        }
    }

    let out = env.cc().args(["--version", "-o", "json"]).output().unwrap();
    assert_code(&out, 0);
    let info: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let keys: Vec<&str> = info
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["name", "version", "commit", "build_date", "target"]);
    assert_eq!(info["name"], "cc");
    assert_eq!(info["version"], VERSION);
    match build_script::checkout(manifest_dir()) {
        Some(checkout) => {
            assert_eq!(info["commit"], checkout.commit.as_str());
            assert!(is_iso_date(info["build_date"].as_str().unwrap()), "{info}");
        }
        None => {
            assert_eq!(info["commit"], Value::Null);
            assert_eq!(info["build_date"], Value::Null);
        }
    }
    assert!(
        info["target"].as_str().is_some_and(|t| t.contains('-')),
        "{info}"
    );

    let out = env.cc().args(["-o", "yaml", "-V"]).output().unwrap();
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains(&format!("version: \"{VERSION}\"")),
        "{}",
        stdout(&out)
    );
    let out = env
        .cc()
        .args(["--version", "--jq", ".version"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(stdout(&out), format!("{VERSION}\n"));
    let out = env
        .cc()
        .args(["--version", "-o", "table"])
        .output()
        .unwrap();
    assert!(stdout(&out).starts_with(&expected_line_start()));
}

#[test]
fn version_with_output_options_is_ours_and_anything_else_the_compilers() {
    let env = TestEnv::new();
    let bin = env.home.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin!("cc"), bin.join("cc")).unwrap();
    // No other `cc` on PATH: a line handed over exits 127.
    let run = |args: &[&str]| output(Command::new(bin.join("cc")).env("PATH", &bin).args(args));
    let out = run(&["--version", "-o", "json"]);
    assert_code(&out, 0);
    let info: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(info["version"], VERSION);
    for compiler_line in [&["-v", "--version"][..], &["--version", "-o", "conftest"]] {
        assert_eq!(
            run(compiler_line).status.code(),
            Some(127),
            "{compiler_line:?}"
        );
    }
}

/// Runs the bash completion function on `words` (the last one under the cursor) in `dir`, in a
/// real non-interactive bash, and returns the completions.
#[cfg(unix)]
fn complete(script: &Path, dir: &Path, words: &[&str]) -> Vec<String> {
    let out = Command::new("bash")
        .current_dir(dir)
        .args(["--norc", "--noprofile", "-c"])
        .arg(
            r#"source "$0" || exit 3
complete -p cc | grep -q -- '-F _cc ' || exit 4
COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
_cc cc "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}""#,
        )
        .arg(script)
        .args(words)
        .output()
        .expect("bash is needed by this test");
    assert_code(&out, 0);
    let mut found: Vec<String> = stdout(&out)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    found.sort();
    found
}

#[cfg(unix)]
#[test]
fn the_bash_completion_completes_cc_lines_and_file_names_for_compiler_lines() {
    let env = TestEnv::new();
    let out = env.cc().args(["completions", "bash"]).output().unwrap();
    assert_code(&out, 0);
    let script = env.home.path().join("cc.bash");
    std::fs::write(&script, stdout(&out)).unwrap();
    let work = env.home.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("conftest.c"), "int main(void) { return 0; }\n").unwrap();
    std::fs::write(work.join("orange.h"), "").unwrap();

    let complete = |words: &[&str]| complete(&script, &work, words);
    assert_eq!(complete(&["cc", "or"]), ["orange"]);
    assert!(complete(&["cc", "--sandbox", "orange", "cr"]).contains(&"create".to_owned()));
    assert!(complete(&["cc", "-o", "json", "con"]).contains(&"connections".to_owned()));
    assert!(complete(&["cc", "--output", "=", "json", "con"]).contains(&"connections".to_owned()));
    assert!(complete(&["cc", "--jq", ".", "hu"]).contains(&"huawei".to_owned()));
    assert_eq!(complete(&["cc", "-o", ""]), ["json", "table", "yaml"]);
    // Compiler lines: file names, never cc's words (`config`, `connections`, ...).
    assert_eq!(complete(&["cc", "-o", "conftest", "con"]), ["conftest.c"]);
    assert_eq!(complete(&["cc", "-c", "conf"]), ["conftest.c"]);
    assert_eq!(
        complete(&["cc", "-v", "-c", ""]),
        ["conftest.c", "orange.h"]
    );
    assert_eq!(
        complete(&["cc", "conftest.c", "-o", ""]),
        ["conftest.c", "orange.h"]
    );
    // A cc line whose word has no completion of its own: file names too.
    assert_eq!(complete(&["cc", "conft"]), ["conftest.c"]);
}

/// A scratch directory under the target directory for the builds below: their own, so that
/// they never wait for the lock `cargo test` holds, and kept between runs.
fn ci_target_dir() -> PathBuf {
    let built = Path::new(assert_cmd::cargo::cargo_bin!("cc"));
    built.parent().unwrap().parent().unwrap().join("ci")
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.env("CARGO_TARGET_DIR", ci_target_dir())
        .env_remove("RUSTC_WRAPPER")
        .current_dir(manifest_dir());
    cmd
}

#[test]
#[ignore = "builds and installs cc with the release profile (minutes): run by .ci/run"]
fn cargo_install_into_a_root_then_version_sandbox_man_and_a_compile() {
    let env = TestEnv::new();
    let root = env.home.path().join("cc-root");
    let out = cargo()
        .args(["install", "--locked", "--offline", "--quiet", "--path", "."])
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "cargo install: {}", stderr(&out));
    let cc = root.join("bin/cc");

    let out = env.command(&cc).arg("--version").output().unwrap();
    assert_code(&out, 0);
    assert!(
        stdout(&out).starts_with(&expected_line_start()),
        "{}",
        stdout(&out)
    );

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // Every start of `cc` (each compile of a C build, first on PATH) pays for each library
        // the loader maps: libc alone (issue 25 dropped libm, build.rs links the unwinder in).
        let loaded = loaded_libraries(&cc);
        assert!(
            loaded.iter().any(|l| l == "libc.so.6"),
            "the loader's trace names libc: {loaded:?}"
        );
        assert!(
            loaded.iter().all(|l| l == "libc.so.6"
                || l.starts_with("linux-vdso.")
                || l.contains("/ld-linux")),
            "the installed cc loads more than libc (libm: a call to sin, cos, pow...; libgcc_s: \
             build.rs did not link libgcc_eh.a): {loaded:?}"
        );
    }

    let out = env
        .command(&cc)
        .args(["--sandbox", "-o", "json", "orange", "vpns"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let vpns: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(vpns.as_array().is_some_and(|v| !v.is_empty()), "{vpns}");

    // The README's man page place: found by `man` through PATH, no MANPATH.
    let man1 = root.join("share/man/man1");
    let out = env.command(&cc).arg("man").arg(&man1).output().unwrap();
    assert_code(&out, 0);
    assert!(man1.join("cc-orange.1").is_file());
    if Command::new("man")
        .arg("-w")
        .arg("man")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let out = Command::new("man")
            .args(["-w", "cc-orange"])
            .env("PATH", path_with(&root.join("bin")))
            .env_remove("MANPATH")
            .output()
            .unwrap();
        assert!(
            stdout(&out).contains("cc-orange.1"),
            "man -w: {}{}",
            stdout(&out),
            stderr(&out)
        );
    } else {
        eprintln!("man -w: skipped, no `man` with its own page on this machine");
    }

    // An autoconf-style compile through the installed binary, first on PATH.
    if have_system_cc("cargo_install_into_a_root_then_version_sandbox_man_and_a_compile") {
        let work = env.home.path();
        std::fs::write(
            work.join("conftest.c"),
            "#include <stdio.h>\nint main(void) { puts(\"conftest ok\"); return 0; }\n",
        )
        .unwrap();
        let out = output(
            Command::new(&cc)
                .current_dir(work)
                .env("PATH", path_with(&root.join("bin")))
                .args(["-o", "conftest", "conftest.c"]),
        );
        assert!(
            out.status.success(),
            "cc -o conftest conftest.c: {}",
            stderr(&out)
        );
        let ran = Command::new(work.join("conftest")).output().unwrap();
        assert_eq!(stdout(&ran), "conftest ok\n");
    }
}

/// The shared objects the dynamic loader maps to start `cc`, as glibc's loader lists them when
/// told to trace instead of running the program (what `ldd` does): the first word of each line
/// (`libc.so.6 => /lib/...`, `/lib64/ld-linux-x86-64.so.2 (0x...)`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn loaded_libraries(cc: &Path) -> Vec<String> {
    let out = Command::new(cc)
        .env("LD_TRACE_LOADED_OBJECTS", "1")
        .output()
        .unwrap();
    assert_code(&out, 0);
    stdout(&out)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(String::from)
        .collect()
}

#[cfg(unix)]
#[test]
#[ignore = "builds cc with the dist profile (minutes): run by .ci/run"]
fn the_dist_script_builds_a_stripped_archive_and_its_checksum() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    let out = Command::new(manifest_dir().join("scripts/dist"))
        .env("CARGO_TARGET_DIR", ci_target_dir())
        .env("DIST_DIR", &dist)
        .env_remove("RUSTC_WRAPPER")
        .output()
        .unwrap();
    assert!(out.status.success(), "scripts/dist: {}", stderr(&out));
    // The script's last line is the archive it wrote.
    let archive = PathBuf::from(stdout(&out).lines().last().unwrap_or_default());
    let name = archive.file_name().unwrap().to_str().unwrap().to_owned();
    let env = TestEnv::new();
    let built = env.cc().args(["--version", "-o", "json"]).output().unwrap();
    let host = serde_json::from_str::<Value>(&stdout(&built)).unwrap()["target"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(name, format!("cc-{VERSION}-{host}.tar.gz"));

    // The checksum file verifies, as the README says to check it.
    let sums = dist.join(format!("{name}.sha256"));
    assert!(std::fs::read_to_string(&sums).unwrap().contains(&name));
    let check = Command::new("sha256sum")
        .current_dir(&dist)
        .arg("-c")
        .arg(&sums)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "sha256sum -c: {}{}",
        stdout(&check),
        stderr(&check)
    );

    let unpacked = tmp.path().join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    let tar = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .unwrap();
    assert!(tar.success());
    let top = unpacked.join(format!("cc-{VERSION}-{host}"));
    for file in [
        "cc",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "completions/cc.bash",
        "completions/_cc",
        "completions/cc.fish",
        "completions/_cc.ps1",
        "man/cc.1",
        "man/cc-orange.1",
    ] {
        assert!(top.join(file).is_file(), "{file} missing from {name}");
    }
    let out = env
        .command(top.join("cc"))
        .arg("--version")
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert!(
        stdout(&out).starts_with(&expected_line_start()),
        "{}",
        stdout(&out)
    );
    let file = Command::new("file")
        .arg(top.join("cc"))
        .output()
        .expect("`file` is needed");
    let kind = stdout(&file);
    assert!(kind.contains(", stripped"), "{kind}");
    if host.ends_with("-linux-gnu") {
        // Static (scripts/dist): no dynamic loader at start, any glibc.
        assert!(kind.contains("static-pie linked"), "{kind}");
        // glibc's resolver, linked in, still finds `localhost` (its built-in `files` source).
        let sandbox = Sandbox::spawn(&env, "0s");
        let mut list = env.command(top.join("cc"));
        for (key, value) in sandbox.vars() {
            list.env(key, value.replace("127.0.0.1", "localhost"));
        }
        let out = list
            .args(["huawei", "list", "-o", "json"])
            .output()
            .unwrap();
        assert_code(&out, 0);
        let rows: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert!(rows.as_array().is_some_and(|r| !r.is_empty()), "{rows}");
    }
}
