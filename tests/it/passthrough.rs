//! `CLI.md` §6: with this binary first on PATH, compiler command lines still compile.
//! See the foundation issue: rustc links through `cc`, autoconf probes with `cc -o conftest`.

use std::ffi::OsString;
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

/// Writes `file`, a C program that prints `says` and a newline.
fn write_program(dir: &Path, file: &str, says: &str) {
    let source = format!("#include <stdio.h>\nint main(void) {{ puts(\"{says}\"); return 0; }}\n");
    std::fs::write(dir.join(file), source).unwrap();
}

/// Runs the copy of this binary in `bin` in `dir` with `args` and `PATH` set to `path`.
fn run_cc(
    bin: &Path,
    dir: &Path,
    path: &std::ffi::OsStr,
    args: &[impl AsRef<std::ffi::OsStr>],
) -> std::process::Output {
    output(
        Command::new(bin.join("cc"))
            .current_dir(dir)
            .env("PATH", path)
            .env("HOME", dir)
            .args(args),
    )
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

/// A test environment and [`bin_dir`] when a system C compiler is there ([`have_system_cc`]).
fn with_system_cc(test: &str) -> Option<(TestEnv, PathBuf)> {
    if !have_system_cc(test) {
        return None;
    }
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    Some((env, bin))
}

#[test]
fn autoconf_style_conftest_compiles_through_the_system_cc() {
    let Some((env, bin)) = with_system_cc("autoconf_style_conftest_compiles_through_the_system_cc")
    else {
        return;
    };
    let work = env.home.path();
    write_program(work, "conftest.c", "conftest ok");
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
    let Some((env, bin)) = with_system_cc("a_hello_world_crate_builds_with_this_cc_first_on_path")
    else {
        return;
    };
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

/// The real compiler command lines of `tests/compiler-lines/` (see its README), by build.
fn corpus() -> Vec<(String, Vec<Vec<String>>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compiler-lines");
    let mut builds: Vec<(String, Vec<Vec<String>>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let lines = text
                .lines()
                .map(|line| {
                    serde_json::from_str(line)
                        .unwrap_or_else(|e| panic!("{}: {line}: {e}", path.display()))
                })
                .collect();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, lines)
        })
        .collect();
    builds.sort();
    builds
}

/// The lines `CLI.md` §6 gives to `cc` whoever sends them: autoconf runs `$CC --version` and
/// `$CC -V` only to copy the answer into config.log, and ignores their status.
const CONTRACT_LINES: &[&str] = &["--help", "-h", "--version", "-V"];

fn is_contract_line(args: &[String]) -> bool {
    matches!(args, [only] if CONTRACT_LINES.contains(&only.as_str()))
}

#[test]
fn no_real_compiler_line_of_the_corpus_is_claimed() {
    let builds = corpus();
    let names: Vec<&str> = builds.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["autoconf", "cc-crate", "cmake", "names", "pip"]);
    let mut total = 0;
    for (build, lines) in &builds {
        assert!(!lines.is_empty(), "{build}: no lines");
        for args in lines {
            let os: Vec<OsString> = args.iter().map(OsString::from).collect();
            // No file exists: the strictest case for bare words.
            let own = cc::passthrough::is_own_command_line_with(&os, &|_| false);
            assert_eq!(own, is_contract_line(args), "{build}: {args:?}");
            total += 1;
        }
    }
    assert!(total >= 200, "only {total} corpus lines");
}

/// A directory with a fake `cc` that writes its arguments, one a line, to `marker`.
fn fake_compiler(env: &TestEnv, marker: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = env.home.path().join("fake");
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("cc");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn corpus_lines_reach_the_compiler_through_the_binary() {
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    let marker = env.home.path().join("handed-over");
    let fake = fake_compiler(&env, &marker);
    let path = std::env::join_paths([&bin, &fake]).unwrap();
    let mut tried = 0;
    for (build, lines) in corpus() {
        for args in lines.iter().step_by(10).filter(|a| !is_contract_line(a)) {
            let _ = std::fs::remove_file(&marker);
            let out = run_cc(&bin, env.home.path(), &path, args);
            assert!(out.status.success(), "{build}: {args:?}: {out:?}");
            let seen = std::fs::read_to_string(&marker)
                .unwrap_or_else(|_| panic!("{build}: {args:?} was not handed over: {out:?}"));
            assert_eq!(seen.lines().collect::<Vec<_>>(), *args, "{build}");
            tried += 1;
        }
    }
    assert!(tried >= 20, "{tried}");
}

#[test]
fn typos_get_our_error_and_nothing_is_handed_over() {
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    let marker = env.home.path().join("handed-over");
    let fake = fake_compiler(&env, &marker);
    let path = std::env::join_paths([&bin, &fake]).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["conections", "list"],
            "similar subcommands exist: 'completions', 'connections'",
        ),
        (&["-o", "json", "conections", "list"], "'connections'"),
        (&["conole-connect", "list"], "'console-connect'"),
        (&["lst"], "unrecognized subcommand 'lst'"),
        (&["--sandbox"], "requires a subcommand"),
        (&["--jq", "."], "requires a subcommand"),
        (&["--dry-run", "-c", "x.c"], "unexpected argument '-c'"),
        (&["--no-wait"], "requires a subcommand"),
        (&["ovh", "lst"], "unrecognized subcommand 'lst'"),
        (
            &["--dryrun", "orange", "list"],
            "tip: a similar argument exists: '--dry-run'",
        ),
        (
            &["--verbos", "ovh", "list"],
            "tip: a similar argument exists: '--verbose'",
        ),
        (&["-c", "x.c", "--dry-run"], "unexpected argument '-c'"),
    ];
    for (args, expected) in cases {
        let out = run_cc(&bin, env.home.path(), &path, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!marker.exists(), "{args:?} was handed over");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("cannot find"), "{args:?}: {err}");
    }
}

#[test]
fn a_bare_word_that_is_an_object_file_is_still_linked() {
    let Some((env, bin)) = with_system_cc("a_bare_word_that_is_an_object_file_is_still_linked")
    else {
        return;
    };
    let work = env.home.path();
    write_program(work, "hello.c", "linked");
    let compiled = Command::new("cc")
        .current_dir(work)
        .args(["-c", "hello.c", "-o", "helloobj"])
        .status()
        .unwrap();
    assert!(compiled.success());
    let out = run_cc(&bin, work, &path_with(&bin), &["helloobj", "-o", "prog"]);
    assert!(out.status.success(), "cc helloobj -o prog: {out:?}");
    let ran = Command::new(work.join("prog")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "linked\n");
}

/// A compiler wrapper named `cc` that runs `cc` from `PATH` again (as a masquerading cache
/// does) reaches this binary a second time: the line then goes past the wrapper, to the
/// compiler after it, instead of back and forth between the two for ever.
#[test]
fn a_wrapper_that_runs_cc_again_is_not_handed_the_line_twice() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    let marker = env.home.path().join("handed-over");
    let fake = fake_compiler(&env, &marker);
    let wrapper = env.home.path().join("wrapper");
    std::fs::create_dir_all(&wrapper).unwrap();
    let count = env.home.path().join("wrapper-runs");
    // Stops after three runs, so that a loop fails the test instead of hanging it.
    let script = format!(
        "#!/bin/sh\nn=$(cat '{c}' 2>/dev/null || echo 0)\necho $((n + 1)) > '{c}'\n\
         [ \"$n\" -lt 3 ] || exit 99\nexec cc \"$@\"\n",
        c = count.display()
    );
    std::fs::write(wrapper.join("cc"), script).unwrap();
    std::fs::set_permissions(wrapper.join("cc"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths([&bin, &wrapper, &fake]).unwrap();
    let out = run_cc(&bin, env.home.path(), &path, &["-c", "x.c", "-o", "x.o"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(&count).unwrap().trim(), "1");
    let seen = std::fs::read_to_string(&marker).unwrap();
    assert_eq!(seen.lines().collect::<Vec<_>>(), ["-c", "x.c", "-o", "x.o"]);
}

/// The same binary reached by another path (a hard link in a second `PATH` directory, a
/// directory listed twice) is recognised by its inode: the line goes to the compiler at once.
#[test]
fn another_path_to_this_binary_is_skipped() {
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    let marker = env.home.path().join("handed-over");
    let fake = fake_compiler(&env, &marker);
    let linked = env.home.path().join("linked");
    std::fs::create_dir_all(&linked).unwrap();
    std::fs::hard_link(bin.join("cc"), linked.join("cc")).unwrap();
    let path = std::env::join_paths([&bin, &linked, &bin, &fake]).unwrap();
    let out = run_cc(&bin, env.home.path(), &path, &["-v"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "-v\n");
}

/// The compiler is handed the caller's arguments byte for byte (not UTF-8 included), its
/// environment (`CC_HANDOVER_SEEN` is set in this binary's own environment, which the compiler
/// inherits) and `CC_HANDOVER_SEEN` naming this binary and the compiler.
#[test]
fn the_compiler_gets_the_arguments_and_the_environment_unchanged() {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let bin = bin_dir(&env);
    let dir = env.home.path().join("env-cc");
    std::fs::create_dir_all(&dir).unwrap();
    let marker = env.home.path().join("handed-over");
    let script = format!(
        "#!/bin/sh\n{{ printf '%s\\n' \"$@\"; echo \"$0\"; echo \"$CALLER_VAR\"; \
         echo \"$CC_HANDOVER_SEEN\"; }} > '{}'\n",
        marker.display()
    );
    std::fs::write(dir.join("cc"), script).unwrap();
    std::fs::set_permissions(dir.join("cc"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths([&bin, &dir]).unwrap();
    let odd = OsString::from_vec(b"-DNAME=\xff\xfe".to_vec());
    let out = output(
        Command::new(bin.join("cc"))
            .current_dir(env.home.path())
            .env("PATH", &path)
            .env("CALLER_VAR", "kept as it was")
            .env_remove("CC_HANDOVER_SEEN")
            .args([OsString::from("-c"), odd.clone(), OsString::from("x.c")]),
    );
    assert!(out.status.success(), "{out:?}");
    let seen = std::fs::read(&marker).unwrap();
    let lines: Vec<&[u8]> = seen.split(|b| *b == b'\n').collect();
    let compiler = dir.join("cc");
    let seen_var = std::env::join_paths([bin.join("cc"), compiler.clone()]).unwrap();
    assert_eq!(
        lines[..6],
        [
            b"-c".as_slice(),
            odd.as_bytes(),
            b"x.c",
            compiler.as_os_str().as_bytes(),
            b"kept as it was",
            seen_var.as_bytes(),
        ]
    );
}
