//! `mcauth annotate` makes new files as the umask says and keeps a replaced file's mode, never swaps a symlink for a file, never
//! overwrites its own input unasked, and leaves nothing behind when interrupted.

#![cfg(unix)]

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Scratch, mcauth, mcauth_with};

const HISTORY: &str = "日時,ユーザ名,種別,認証エラーの理由\n2026/11/01 09:00:00,taro,ビューア,「x」(110200)\n";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, bits: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(bits)).unwrap();
}

/// Runs `mcauth` under a umask, as a shell whose profile sets it would.
fn mcauth_under_umask(umask: &str, args: &[&str], stdin: &[u8]) -> common::Run {
    let script = format!("umask {umask}; exec \"$0\" \"$@\"");
    let mut command = Command::new("sh");
    command.arg("-c").arg(script).arg(env!("CARGO_BIN_EXE_mcauth")).args(args);
    command.env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    common::Run {
        status: output.status.code().unwrap(),
        stdout: output.stdout,
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
    let scratch = Scratch::new("modes");
    let input = scratch.write("history.csv", HISTORY.as_bytes());
    set_mode(Path::new(&input), 0o600);

    // A new output follows the umask, as every other tool's files do: annotate and report,
    // CSV and workbook, from a file or from standard input.
    for (umask, expected) in [("027", 0o640), ("077", 0o600)] {
        for (command, name) in
            [("annotate", "new.csv"), ("annotate", "new.xlsx"), ("report", "report.csv"), ("report", "report.xlsx")]
        {
            let new = scratch.path(&format!("{umask}-{command}-{name}"));
            let run = mcauth_under_umask(umask, &[command, &input, "-o", new.to_str().unwrap()], b"");
            assert_eq!(run.status, 0, "{}", run.stderr);
            assert_eq!(mode(&new), expected, "{command} -o {name} under umask {umask}");
        }
        let piped = scratch.path(&format!("{umask}-piped.csv"));
        let run = mcauth_under_umask(umask, &["annotate", "-o", piped.to_str().unwrap()], HISTORY.as_bytes());
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(mode(&piped), expected);
    }

    // An existing output keeps its own mode, whatever the umask.
    let existing = scratch.write("existing.csv", b"old");
    set_mode(Path::new(&existing), 0o640);
    assert_eq!(mcauth_under_umask("077", &["annotate", &input, "-o", &existing], b"").status, 0);
    assert_eq!(mode(Path::new(&existing)), 0o640);
    assert_ne!(std::fs::read(&existing).unwrap(), b"old");

    // In place, the input keeps its mode.
    let run = mcauth_under_umask("022", &["annotate", &input, "--in-place"], b"");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(mode(Path::new(&input)), 0o600);
    assert!(std::fs::read_to_string(&input).unwrap().lines().next().unwrap().split(',').count() > 4, "annotated");
}

#[test]
fn the_input_is_never_overwritten_unasked() {
    let scratch = Scratch::new("same-file");
    let input = scratch.write("history.csv", HISTORY.as_bytes());
    let link = scratch.path("link.csv");
    std::os::unix::fs::symlink("history.csv", &link).unwrap();
    for output in [input.clone(), link.to_string_lossy().into_owned()] {
        let run = mcauth(&["annotate", &input, "-o", &output]);
        assert_eq!(run.status, 2, "{}", run.stderr);
        assert!(common::says(&run.stderr, "output_is_input", "en"), "{}", run.stderr);
        assert!(run.stderr.contains("--in-place"), "{}", run.stderr);
        assert_eq!(std::fs::read_to_string(&input).unwrap(), HISTORY);
    }
    let run = mcauth_with(&["annotate", "--in-place"], &[], HISTORY.as_bytes());
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains(&common::said("in_place_stdin", "en", &[])), "{}", run.stderr);
    assert_eq!(scratch.files(), ["history.csv", "link.csv"]);
    // Through the standard streams, as a shell gives them: `-o h.csv < h.csv`, `h.csv >> h.csv`,
    // `< h.csv >> h.csv`, for annotate and report alike.
    let open = || std::fs::File::open(&input).unwrap();
    let append = || std::fs::OpenOptions::new().append(true).open(&input).unwrap();
    for command in ["annotate", "report"] {
        let runs: [(Vec<&str>, Stdio, Stdio); 3] = [
            (vec![command, "-o", &input], open().into(), Stdio::null()),
            (vec![command, &input], Stdio::null(), append().into()),
            (vec![command], open().into(), append().into()),
        ];
        for (args, stdin, stdout) in runs {
            let output = Command::new(env!("CARGO_BIN_EXE_mcauth"))
                .args(&args)
                .env("LANG", "C.UTF-8")
                .stdin(stdin)
                .stdout(stdout)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(common::says(&stderr, "output_is_input", "en"), "{args:?}: {stderr}");
            assert_eq!(std::fs::read_to_string(&input).unwrap(), HISTORY, "{args:?}: the history as it was");
        }
    }
}

#[test]
fn symlinks_are_written_through_and_a_directory_is_refused() {
    let scratch = Scratch::new("links");
    let input = scratch.write("history.csv", HISTORY.as_bytes());
    let real = scratch.write("real.csv", b"old");
    let link = scratch.path("out.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    assert_eq!(mcauth(&["annotate", &input, "-o", link.to_str().unwrap()]).status, 0);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("日時,"), "its target was written");

    std::fs::create_dir(scratch.path("dir")).unwrap();
    let to_dir = scratch.path("to-dir");
    std::os::unix::fs::symlink(scratch.path("dir"), &to_dir).unwrap();
    let run = mcauth(&["annotate", &input, "-o", to_dir.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let refused = common::said("output_not_a_file", "en", &[("name", to_dir.to_str().unwrap())]);
    assert!(run.stderr.contains(&refused), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&to_dir).unwrap().file_type().is_symlink());
    assert_eq!(scratch.files(), ["dir", "history.csv", "out.csv", "real.csv", "to-dir"]);
}

#[test]
fn an_interrupted_annotate_leaves_no_temporary_file() {
    let scratch = Scratch::new("signals");
    let output = scratch.path("out.csv");
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // Reading from a pipe kept open, the run is mid-way for as long as the test likes.
        let mut child = Command::new(env!("CARGO_BIN_EXE_mcauth"))
            .args(["annotate", "-o"])
            .arg(&output)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(HISTORY.as_bytes()).unwrap();
        stdin.write_all(&HISTORY.as_bytes()[HISTORY.find('\n').unwrap() + 1..].repeat(20_000)).unwrap();
        // The output is being written while the run waits for more input.
        let mut waited = 0;
        while !writing(child.id(), &scratch) && waited < 500 {
            std::thread::sleep(Duration::from_millis(10));
            waited += 1;
        }
        assert!(writing(child.id(), &scratch), "the output is open while running: {:?}", scratch.files());
        // SAFETY: a signal to our own child, not yet reaped.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let status = child.wait().unwrap();
        drop(stdin);
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(signal), "it dies of the signal, as a shell expects");
        assert_eq!(scratch.files(), Vec::<String>::new(), "signal {signal} left debris");
    }
}

/// Has process `pid` its output open in the scratch directory: a temporary file beside it, or
/// (Linux) a file with no name there, which `/proc` shows as `DIR/#INODE (deleted)`?
fn writing(pid: u32, scratch: &Scratch) -> bool {
    if !scratch.files().is_empty() {
        return true;
    }
    let dir = std::fs::canonicalize(scratch.path("")).unwrap();
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { return false };
    fds.flatten().filter_map(|fd| std::fs::read_link(fd.path()).ok()).any(|target| target.starts_with(&dir))
}

/// A history of about `mib` MiB, every row with a reason.
fn large_history(mib: usize) -> String {
    let row = "2026/11/01 09:00:00,taro,ビューア,「x」(110200)\n";
    let mut text = String::from("日時,ユーザ名,種別,認証エラーの理由\n");
    text.push_str(&row.repeat((mib << 20) / row.len()));
    text
}

/// Kills `mcauth` (SIGKILL, which no process can catch) at moments spread over a run: the
/// original is never touched (or, for a run that finished first, is its complete output) and,
/// once the next complete run is done, nothing is left beside it. With `O_TMPFILE`, nothing is
/// left even before.
fn killed_runs_leave_nothing(name: &str, args: impl Fn(&str) -> Vec<String>, output: &str) {
    use std::time::Instant;
    let scratch = Scratch::new(name);
    let history = large_history(4);
    let input = scratch.write("history.csv", history.as_bytes());
    let in_place = output == "history.csv";
    let run = |args: &[String]| {
        Command::new(env!("CARGO_BIN_EXE_mcauth"))
            .args(args)
            .env("LANG", "C.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole run takes here (the faster of two), to spread the kills over its first
    // two thirds, and what it writes.
    let mut whole = std::time::Duration::MAX;
    for _ in 0..2 {
        scratch.write("history.csv", history.as_bytes());
        let start = Instant::now();
        assert!(run(&args(&input)).wait().unwrap().success());
        whole = whole.min(start.elapsed());
    }
    let complete = std::fs::read(scratch.path(output)).unwrap();
    let mut killed = 0;
    for trial in 0..20u32 {
        scratch.write("history.csv", history.as_bytes());
        if !in_place {
            let _ = std::fs::remove_file(scratch.path(output));
        }
        let mut child = run(&args(&input));
        std::thread::sleep(whole * trial / 30);
        // SAFETY: a signal to our own child, not yet reaped.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGKILL) };
        use std::os::unix::process::ExitStatusExt;
        killed += usize::from(child.wait().unwrap().signal() == Some(libc::SIGKILL));
        let now = std::fs::read(&input).unwrap();
        assert!(
            now == history.as_bytes() || (in_place && now == complete),
            "trial {trial}: the original is intact, or whole"
        );
        let written = std::fs::read(scratch.path(output)).ok();
        assert!(
            written.is_none() || in_place || written.as_deref() == Some(&complete[..]),
            "trial {trial}: whole or none"
        );
        let left: Vec<String> = scratch.files().into_iter().filter(|f| f != output && f != "history.csv").collect();
        #[cfg(target_os = "linux")]
        assert!(left.is_empty(), "trial {trial}: a file with no name leaves nothing: {left:?}");
        let _ = left;
    }
    assert!(killed >= 15, "most runs were killed mid-way ({killed} of 20)");
    // The next complete run leaves only its output.
    assert!(run(&args(&input)).wait().unwrap().success());
    let mut files = vec!["history.csv".to_string(), output.to_string()];
    files.sort();
    files.dedup();
    assert_eq!(scratch.files(), files);
}

#[test]
fn twenty_kills_during_annotate_in_place_leave_the_original_and_nothing_beside_it() {
    let args =
        |input: &str| ["annotate", "--columns", "id", "--model", "neo", "--in-place", input].map(String::from).to_vec();
    killed_runs_leave_nothing("sigkill-in-place", args, "history.csv");
}

#[test]
fn twenty_kills_during_a_workbook_leave_nothing_beside_it() {
    killed_runs_leave_nothing(
        "sigkill-xlsx",
        |input| {
            let book = input.replace("history.csv", "a.xlsx");
            ["annotate", "--columns", "id", "--model", "neo", input, "-o", &book].map(String::from).to_vec()
        },
        "a.xlsx",
    );
}

/// Where a temporary file has a name (no `O_TMPFILE`), what a killed writer left is removed by
/// the next run for the same output, once that writer is gone.
#[test]
fn a_dead_writers_temporary_file_is_removed_by_the_next_run() {
    let scratch = Scratch::new("stale");
    let input = scratch.write("history.csv", HISTORY.as_bytes());
    // A process that has ended: its id names no running process.
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    scratch.write(&format!(".out.csv.{pid}.tmp"), b"half a file");
    // Another output's, and a live process's (this one's), stay.
    scratch.write(&format!(".other.csv.{pid}.tmp"), b"not ours");
    scratch.write(&format!(".out.csv.{}.tmp", std::process::id()), b"in progress");
    let run = mcauth(&["annotate", &input, "-o", scratch.path("out.csv").to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mut expected = vec![
        format!(".other.csv.{pid}.tmp"),
        format!(".out.csv.{}.tmp", std::process::id()),
        "history.csv".to_string(),
        "out.csv".to_string(),
    ];
    expected.sort();
    assert_eq!(scratch.files(), expected);
}
