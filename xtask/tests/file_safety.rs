//! A run interrupted at any point leaves no debris: SIGINT, SIGTERM and SIGHUP remove the
//! temporary files, and what a SIGKILL leaves is reported by `check` and removed by the next
//! `generate`. No file is ever torn: each holds its old bytes or its new ones.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::Scratch;

/// Every temporary file (`.NAME.PID.tmp`) under the scratch project.
fn debris(scratch: &Scratch) -> Vec<PathBuf> {
    scratch
        .snapshot()
        .into_keys()
        .filter(|p| p.file_name().and_then(|n| n.to_str()).and_then(outfile::is_temporary).is_some())
        .collect()
}

/// Starts `generate`, sends `signal` after `delay`, and waits for it.
fn interrupt(scratch: &Scratch, signal: i32, delay: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--root"])
        .arg(&scratch.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    // SAFETY: sends a signal to our own child, which has not been reaped yet.
    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    child.wait().unwrap();
}

/// The generated files as `generate` writes them.
fn fresh(scratch: &Scratch) -> BTreeMap<PathBuf, Vec<u8>> {
    assert_eq!(scratch.run(&["generate"]).0, 0);
    scratch
        .snapshot()
        .into_iter()
        .filter(|(path, _)| {
            let relative = path.strip_prefix(&scratch.root).unwrap();
            !relative.starts_with("catalogue") && !relative.starts_with("templates")
        })
        .collect()
}

/// Makes every generated file differ, so a run has all of them to write; returns the bytes
/// each file may hold afterwards (the old ones or the new ones).
fn make_everything_stale(fresh: &BTreeMap<PathBuf, Vec<u8>>) -> BTreeMap<PathBuf, [Vec<u8>; 2]> {
    let mut allowed = BTreeMap::new();
    for (path, bytes) in fresh {
        let mut old = bytes.clone();
        old.extend_from_slice(b"\nstale\n");
        std::fs::write(path, &old).unwrap();
        allowed.insert(path.clone(), [old, bytes.clone()]);
    }
    allowed
}

/// Delays after which a SIGKILL lands while `generate` writes (it leaves a temporary file):
/// found by sweeping the run, so that the signals below are known to land mid-write.
fn delays_that_land_mid_write(scratch: &Scratch, wanted: usize) -> Vec<Duration> {
    let fresh = fresh(scratch);
    let mut found = Vec::new();
    for step in 0..200u64 {
        make_everything_stale(&fresh);
        let delay = Duration::from_micros(step * 1_500);
        interrupt(scratch, libc::SIGKILL, delay);
        let left = debris(scratch);
        if !left.is_empty() {
            found.push(delay);
            for path in left {
                std::fs::remove_file(path).unwrap();
            }
            if found.len() == wanted {
                break;
            }
        }
    }
    found
}

#[test]
fn a_signalled_generate_leaves_nothing_behind_and_tears_nothing() {
    let scratch = Scratch::new("interrupted");
    let delays = delays_that_land_mid_write(&scratch, 4);
    let fresh = fresh(&scratch);
    assert!(!delays.is_empty(), "no SIGKILL landed while generate wrote; the sweep is too coarse");
    let mut trials = 0;
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        for delay in &delays {
            for _ in 0..2 {
                let allowed = make_everything_stale(&fresh);
                interrupt(&scratch, signal, *delay);
                assert_eq!(debris(&scratch), Vec::<PathBuf>::new(), "signal {signal} after {delay:?}");
                for (path, [old, new]) in &allowed {
                    let now = std::fs::read(path).unwrap();
                    assert!(&now == old || &now == new, "{} is torn", path.display());
                }
                trials += 1;
            }
        }
    }
    assert_eq!(trials, delays.len() * 6);
    assert_eq!(scratch.run(&["generate"]).0, 0);
    assert_eq!(scratch.run(&["check"]).0, 0, "whole again after one more run");
}

#[test]
fn what_a_sigkill_leaves_is_reported_and_then_removed() {
    let scratch = Scratch::new("killed");
    let fresh = fresh(&scratch);
    let mut left = false;
    for i in 0..40 {
        make_everything_stale(&fresh);
        interrupt(&scratch, libc::SIGKILL, Duration::from_micros(500 + i * 900));
        if !debris(&scratch).is_empty() {
            left = true;
            break;
        }
    }
    if !left {
        // The kill never landed mid-write; leave one by hand as a killed run would.
        std::fs::write(scratch.path(&format!("docs/en/.faq.html.{}.tmp", i32::MAX)), "partial").unwrap();
    }
    let leftovers = debris(&scratch);
    let (code, out, _) = scratch.run(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    for path in &leftovers {
        let shown = path.strip_prefix(&scratch.root).unwrap().display().to_string();
        assert!(
            out.lines().any(|l| l.contains("\"C032\"") && l.contains(&format!("\"file\":\"{shown}\""))),
            "{shown} is reported: {out}"
        );
    }
    let (code, _, err) = scratch.run(&["generate"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("left by an interrupted run"), "{err}");
    assert_eq!(debris(&scratch), Vec::<PathBuf>::new());
    assert_eq!(scratch.run(&["check"]).0, 0);
}

#[test]
fn git_ignores_the_temporary_files() {
    let ignore = std::fs::read_to_string(common::project_root().join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l.trim() == ".*.tmp"), "{ignore}");
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &std::path::Path, bits: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(bits)).unwrap();
}

#[test]
fn rewritten_files_keep_their_mode() {
    let scratch = Scratch::new("modes");
    // A catalogue kept private, with one fingerprint to stamp.
    let catalogue = scratch.path("catalogue/auth-errors.toml");
    let fixture = common::fixture_text();
    let unstamped = fixture.replacen(", en_from = \"254f9ea5\"", "", 1);
    assert_ne!(unstamped, fixture);
    std::fs::write(&catalogue, &unstamped).unwrap();
    set_mode(&catalogue, 0o600);
    let (code, _, err) = scratch.run(&["l10n", "stamp", "ui.contents"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&catalogue).unwrap(), fixture, "stamped");
    assert_eq!(mode(&catalogue), 0o600, "l10n stamp keeps the catalogue private");

    let page = scratch.path("docs/en/faq.html");
    std::fs::write(&page, "stale").unwrap();
    set_mode(&page, 0o640);
    assert_eq!(scratch.run(&["generate"]).0, 0);
    assert_ne!(std::fs::read_to_string(&page).unwrap(), "stale");
    assert_eq!(mode(&page), 0o640, "generate keeps a page's mode");
}

/// Generation holds no file open per output: with room for 48 open files, a run that rewrites
/// every one of the ~100 outputs still writes them all (ten thousand reasons make forty
/// thousand pages, past any process's limit).
#[cfg(unix)]
#[test]
fn generate_rewrites_more_files_than_it_may_hold_open() {
    use std::os::unix::process::CommandExt;
    let scratch = Scratch::new("open-files");
    // The generated files only: those the manifest lists.
    let listed: Vec<PathBuf> = scratch
        .read("docs/generated-files.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| scratch.path(l))
        .collect();
    let fresh: BTreeMap<PathBuf, Vec<u8>> = fresh(&scratch).into_iter().filter(|(p, _)| listed.contains(p)).collect();
    assert!(fresh.len() > 64, "{} outputs", fresh.len());
    make_everything_stale(&fresh);
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(["generate", "--root"]).arg(&scratch.root);
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 48, rlim_max: 48 };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for (path, bytes) in &fresh {
        assert!(&std::fs::read(path).unwrap() == bytes, "{} was rewritten", path.display());
    }
    assert!(debris(&scratch).is_empty());
}

#[test]
fn a_template_failing_after_files_were_staged_changes_nothing_and_leaves_nothing() {
    let scratch = Scratch::new("late-template-error");
    let fresh = fresh(&scratch);
    // Every file stale, so the artefacts rendered before the failing one stage theirs.
    make_everything_stale(&fresh);
    // The code pages come after the FAQ, whose pages are staged by then; their template fails
    // only when rendered, on a value no catalogue has.
    let template = scratch.read("templates/code.md.tera");
    scratch.write("templates/code.md.tera", &format!("{{{{ no_such_value.anywhere }}}}\n{template}"));
    let before = scratch.snapshot();
    let (code, out, err) = scratch.run(&["generate"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("templates/code.md.tera:1:"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(out, "", "nothing is reported written");
    assert_eq!(scratch.snapshot(), before, "no file changed and no temporary file is left");
    assert!(debris(&scratch).is_empty());
}
