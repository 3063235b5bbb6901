//! `CLI.md` §6: with this binary first on PATH, compiler command lines still compile.
//! See the foundation issue: rustc links through `cc`, autoconf probes with `cc -o conftest`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::TestEnv;

/// A directory holding a copy of the built binary named `cc`, to put first on PATH.
/// Runs `cmd`, retrying while its binary is "text file busy" (ETXTBSY): `bin_dir` has just
/// written the copy, and a child that another test thread forked meanwhile may still hold the
/// write descriptor until it execs.
pub(crate) fn output(cmd: &mut Command) -> std::process::Output {
    for _ in 0..100 {
        match cmd.output() {
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            other => return other.unwrap(),
        }
    }
    panic!("{cmd:?}: text file busy for a second")
}

fn bin_dir(env: &TestEnv) -> PathBuf {
    let dir = env.home.path().join("bin");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin!("cc"), dir.join("cc")).unwrap();
    // Once one exec of the copy succeeds, no process holds it open for writing any more, so
    // the builds below (which exec it through `PATH`) cannot meet ETXTBSY.
    output(Command::new(dir.join("cc")).arg("--version"));
    dir
}

pub(crate) fn path_with(first: &Path) -> std::ffi::OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(first.to_path_buf()).chain(std::env::split_paths(&rest)))
        .unwrap()
}

fn system_cc_exists() -> bool {
    Command::new("sh")
        .args(["-c", "command -v cc"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether `CI` is set the way CI services set it (`true`, `1`).
fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Whether a system C compiler is there to hand over to. Without one, the test cannot check
/// anything: under `CI=true` that fails (CI must install one), locally it says so and skips.
pub(crate) fn have_system_cc(test: &str) -> bool {
    if system_cc_exists() {
        return true;
    }
    assert!(
        !on_ci(),
        "{test}: no system C compiler named `cc` on PATH; CI must provide one (CI is set)"
    );
    eprintln!(
        "{test}: skipped: no system C compiler named `cc` on PATH (under CI=true this fails)"
    );
    false
}

#[test]
fn autoconf_style_conftest_compiles_through_the_system_cc() {
    if !have_system_cc("autoconf_style_conftest_compiles_through_the_system_cc") {
        return;
    }
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    let work = env.home.path();
    std::fs::write(
        work.join("conftest.c"),
        "#include <stdio.h>\nint main(void) { puts(\"conftest ok\"); return 0; }\n",
    )
    .unwrap();
    let status = Command::new(bin.join("cc"))
        .current_dir(work)
        .env("PATH", path_with(&bin))
        .args(["-o", "conftest", "conftest.c"])
        .status()
        .unwrap();
    assert!(
        status.success(),
        "cc -o conftest conftest.c failed: {status}"
    );
    let out = Command::new(work.join("conftest")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "conftest ok\n");

    // The compiler's exit status comes back unchanged.
    std::fs::write(work.join("broken.c"), "int main(void) { return }\n").unwrap();
    let status = Command::new(bin.join("cc"))
        .current_dir(work)
        .env("PATH", path_with(&bin))
        .args(["-c", "broken.c"])
        .status()
        .unwrap();
    assert!(!status.success());
}

#[test]
fn a_hello_world_crate_builds_with_this_cc_first_on_path() {
    if !have_system_cc("a_hello_world_crate_builds_with_this_cc_first_on_path") {
        return;
    }
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    let krate = env.home.path().join("hello");
    std::fs::create_dir_all(krate.join("src")).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        "[package]\nname = \"hello\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    std::fs::write(
        krate.join("src/main.rs"),
        "fn main() { println!(\"hello\"); }\n",
    )
    .unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(&krate)
        .env("PATH", path_with(&bin))
        .env("CARGO_TARGET_DIR", krate.join("target"))
        .env_remove("RUSTC_WRAPPER")
        .args(["build", "--quiet", "--offline"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hello = Command::new(krate.join("target/debug/hello"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&hello.stdout), "hello\n");
}

#[test]
fn without_another_cc_on_path_it_says_so_and_exits_127() {
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    let out = output(
        Command::new(bin.join("cc"))
            .env("PATH", &bin)
            .args(["-c", "x.c"]),
    );
    assert_eq!(out.status.code(), Some(127));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no other `cc`"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn our_own_command_lines_are_not_handed_over() {
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    for args in [
        &["--version"][..],
        &["-V"],
        &["config", "view"],
        &["-o", "json", "config", "view"],
    ] {
        let out = output(
            Command::new(bin.join("cc"))
                .env("PATH", &bin)
                .env("HOME", env.home.path())
                .args(args),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
