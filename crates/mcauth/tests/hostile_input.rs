//! Hostile or unusual input files: a huge result cell, a record past the limit, an endless
//! stream of zeros, a Shift_JIS file that starts with a long ASCII run, control characters in a
//! header, a code of zero. Each ends in a clear message or a counted outcome, never an abort.

mod common;

use common::{Scratch, mcauth, mcauth_with, said};

const HEADER: &str = "日時,ユーザ名,種別,認証エラーの理由";

fn shift_jis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_result_cell_over_the_limit_passes_through_unread_and_counted() {
    let huge = format!("「{}」(110200)", "あ".repeat(3_000));
    let input = format!("{HEADER}\n1,taro,ビューア,{huge}\n2,jiro,ビューア,「x」(110200)\n");
    let run = mcauth_with(&["annotate", "--max-cell", "4", "--columns", "id", "--lang", "en"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = run.stdout();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[1], format!("1,taro,ビューア,{huge},"), "unchanged, with an empty added cell");
    assert!(rows[2].ends_with("password-mismatch") || rows[2].contains("password-mismatch"), "{}", rows[2]);
    assert!(run.stderr.contains(&said("too_long", "en", &[("count", "1"), ("kib", "4")])), "{}", run.stderr);
}

#[test]
fn a_record_over_the_limit_stops_with_its_line_and_writes_nothing() {
    let scratch = Scratch::new("record-limit");
    let long = "x".repeat(3 << 20);
    let input = scratch.write("history.csv", format!("{HEADER}\n1,a,b,c\n2,{long},b,c\n").as_bytes());
    let output = scratch.path("out.csv");
    let run = mcauth(&["annotate", &input, "-o", output.to_str().unwrap(), "--max-record", "2"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let problem = said("record_too_long", "ja", &[("size", "2 MiB")]);
    assert!(run.stderr.contains(&format!("history.csv:3: {problem}")), "{}", run.stderr);
    assert!(run.stderr.contains("--max-record"), "{}", run.stderr);
    assert_eq!(scratch.files(), ["history.csv"], "no output, no temporary file");
}

#[cfg(unix)]
#[test]
fn an_endless_stream_of_zeros_is_refused_quickly() {
    let run = mcauth(&["annotate", "/dev/zero"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    // NUL bytes are no text: refused from its first bytes, in one line.
    assert!(
        common::says(&run.stderr, "not_a_csv", "en") && common::says(&run.stderr, "kind_binary", "en"),
        "{}",
        run.stderr
    );
    // A header row of a MiB and more without its end is refused too.
    let run = mcauth_with(&["annotate"], &[], "a".repeat(3 << 20).as_bytes());
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(common::says(&run.stderr, "header_too_long", "en") && run.stderr.contains("1 MiB"), "{}", run.stderr);
}

#[test]
fn shift_jis_after_more_than_a_mib_of_ascii_is_found_in_a_file_and_refused_from_a_pipe() {
    let ascii_row = "2026-11-01,user,viewer,OK\r\n";
    let rows = ascii_row.repeat((1536 << 10) / ascii_row.len());
    let text = format!("when,who,side,Authentication result\r\n{rows}1,a,b,「未知」(999999)\r\n");
    let bytes = shift_jis(&text);
    let scratch = Scratch::new("late-sjis");
    let input = scratch.write("history.csv", &bytes);
    let output = scratch.path("out.csv");

    // From a file: read ahead to the first non-ASCII byte.
    let run = mcauth(&["annotate", &input, "-o", output.to_str().unwrap(), "--lang", "ja"]);
    assert!(run.stderr.contains("Shift_JIS"), "read as Shift_JIS: {}", run.stderr);
    let written = std::fs::read(&output).unwrap();
    let (decoded, _, errors) = encoding_rs::SHIFT_JIS.decode(&written);
    assert!(!errors, "one encoding throughout");
    assert!(decoded.starts_with("when,who,side,Authentication result,認証エラー理由ID,"));
    std::fs::remove_file(&output).unwrap();

    // From a pipe, which cannot be read ahead: UTF-8 is assumed, and the Shift_JIS row stops
    // the run at its line, with no output file.
    let run = mcauth_with(&["annotate", "-o", output.to_str().unwrap()], &[], &bytes);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let line = text.lines().count();
    let stdin = said("standard_input", "en", &[]);
    assert!(run.stderr.contains(&format!("{stdin}:{line}:")), "{}", run.stderr);
    assert!(
        run.stderr.contains(&said("not_utf8_assumed", "en", &[])) && run.stderr.contains("--encoding shift_jis"),
        "{}",
        run.stderr
    );
    assert_eq!(scratch.files(), ["history.csv"]);

    // All ASCII through a pipe: the summary says UTF-8 was assumed. No row has a code, so
    // nothing matched: status 1.
    let run = mcauth_with(&["annotate"], &[], format!("when,who,side,Authentication result\r\n{rows}").as_bytes());
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("note: read as UTF-8 because the first MiB is ASCII"), "{}", run.stderr);
}

#[test]
fn control_characters_from_the_input_are_shown_escaped() {
    let run = mcauth_with(&["annotate"], &[], b"when,\x1b]8;;http://x\x07evil\x1b[31m\n1,2\n");
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("\\u{1b}]8;;http://x\\u{7}evil"), "{}", run.stderr);
    let run = mcauth(&["explain", "\u{1b}[2Jgone"]);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

#[test]
fn a_code_of_zero_is_named() {
    for zero in ["0", "000", "(0)"] {
        let run = mcauth(&["explain", zero]);
        assert_eq!(run.status, 1, "{}", run.stderr);
        assert!(run.stderr.contains("no reason has code 0"), "{zero}: {}", run.stderr);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn memory_that_cannot_be_had_is_a_clear_error_not_an_abort() {
    use std::io::Write;
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    let mut command = Command::new(env!("CARGO_BIN_EXE_mcauth"));
    command.args(["annotate", "--max-record", "4096"]);
    // SAFETY: setrlimit is async-signal-safe; it limits only the child's address space.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 160 << 20, rlim_max: 160 << 20 };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(format!("{HEADER}\n1,").as_bytes());
        let block = vec![b'x'; 1 << 20];
        // One endless record; the child stops reading when it gives up.
        for _ in 0..2048 {
            if stdin.write_all(&block).is_err() {
                break;
            }
        }
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let problem = said("no_memory", "ja", &[]);
    let (before, after) = problem.split_once("{size}").unwrap();
    assert!(stderr.contains(&format!("{}:2: {before}", said("standard_input", "en", &[]))), "{stderr}");
    assert!(stderr.contains(after), "{stderr}");
}

/// Waits for `child` at most `seconds`; a run still going then is killed and reported: the
/// reading thread must end whenever the annotating side stops.
fn finishes(mut child: std::process::Child, seconds: u64) -> std::process::ExitStatus {
    for _ in 0..seconds * 20 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("mcauth did not end within {seconds} s: the reading thread waits on a side that stopped");
}

#[test]
fn a_stop_early_in_a_long_history_ends_the_reading_thread_too() {
    use std::process::{Command, Stdio};
    let scratch = Scratch::new("early-stop");
    // Many batches long: a malformed second row, then a valid one.
    let rows: String = (0..300_000).map(|i| format!("{i},user{i},ビューア,成功\n")).collect();
    let bad = scratch.write("bad.csv", format!("{HEADER}\n1,a,b,c,d\n{rows}").as_bytes());
    let good = scratch.write("good.csv", format!("{HEADER}\n{rows}").as_bytes());
    let run = |args: &[&str], stdout: Stdio| {
        Command::new(env!("CARGO_BIN_EXE_mcauth"))
            .args(args)
            .env("LANG", "C.UTF-8")
            .stdout(stdout)
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let status = finishes(run(&["annotate", &bad], Stdio::null()), 60);
    assert_eq!(status.code(), Some(2), "the malformed row");
    // A reader of the output that goes away after the first line (`| head -1`).
    let mut child = run(&["annotate", &good], Stdio::piped());
    let mut first = [0u8; 64];
    let _ = std::io::Read::read(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let status = finishes(child, 60);
    assert_eq!(status.code(), Some(0), "a closed pipe is no error");
}
