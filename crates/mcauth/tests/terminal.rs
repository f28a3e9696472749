//! No byte from a file or an argument reaches the terminal raw: every argument echoed in an
//! error, a file's name, a catalogue's diagnostics and the text outputs show control, C1, DEL
//! and bidirectional characters as escapes (`\u{1b}`), as rustc, cargo and git do.

mod common;

use common::{Scratch, mcauth, mcauth_with, project_root};

/// An escape that sets a terminal's title, one that clears the screen by its C1 form, DEL, and a
/// right-to-left override.
const HOSTILE: [char; 5] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{7f}', '\u{202e}'];

fn hostile_value() -> String {
    "x\u{1b}]0;pwned\u{7}y\u{9b}2Jz\u{7f}\u{202e}w".to_string()
}

/// The text holds none of the hostile characters.
fn no_raw(text: &str, what: &str) {
    for c in HOSTILE {
        assert!(!text.contains(c), "{what}: U+{:04X} sent raw: {text:?}", c as u32);
    }
}

/// The text holds none of the hostile characters, and shows the escape of ESC.
fn shown_escaped(text: &str, what: &str) {
    no_raw(text, what);
    assert!(text.contains("\\u{1b}"), "{what}: the escape is shown: {text:?}");
}

#[test]
fn arguments_echoed_in_errors_are_shown_escaped() {
    let value = hostile_value();
    let flag_with_value = format!("--in-place={value}");
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("a flag given a value", vec!["annotate", &flag_with_value]),
        ("--lang", vec!["explain", "110200", "--lang", &value]),
        ("--model", vec!["list", "--model", &value]),
        ("--since", vec!["report", "--since", &value]),
        ("--faq-base", vec!["report", "--faq-base", &value]),
        ("a file name", vec!["annotate", &value]),
        ("an unknown flag", vec!["list", &value]),
        ("--format", vec!["list", "--format", &value]),
        ("a message", vec!["explain", &value]),
    ];
    for (what, args) in runs {
        let run = mcauth_with(&args, &[("LANG", "en_US.UTF-8")], b"");
        assert_ne!(run.status, 0, "{what}: {}", run.stderr);
        shown_escaped(&run.stderr, what);
        no_raw(&run.stdout(), what);
    }
}

#[test]
fn a_catalogues_diagnostics_show_its_bytes_escaped() {
    let scratch = Scratch::new("terminal-catalogue");
    let fixture =
        std::fs::read_to_string(project_root().join("crates/catalogue/tests/fixtures/other-product.toml")).unwrap();
    // Written as TOML escapes: the file is text, its value is not.
    let hostile = r#"The token \u001b]0;pwned\u0007 expired\u009b2J\u202e."#;
    let changed = fixture.replacen("en = \"The token expired.\"", &format!("en = \"{hostile}\""), 1);
    assert_ne!(changed, fixture);
    let path = scratch.write("other.toml", changed.as_bytes());
    let run = mcauth(&["list", "--catalogue", &path]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("C022"), "{}", run.stderr);
    shown_escaped(&run.stderr, "the catalogue's diagnostics");
}

#[test]
fn a_history_cell_echoed_in_a_message_is_shown_escaped() {
    let input = "日時,ユーザ名,種別,認証エラーの理由\n1,a,b,c\n";
    let value = hostile_value();
    let run = mcauth_with(&["annotate", "--column", &value], &[("LANG", "en_US.UTF-8")], input.as_bytes());
    assert_eq!(run.status, 2, "{}", run.stderr);
    shown_escaped(&run.stderr, "--column");
}

#[test]
fn json_output_escapes_what_a_terminal_acts_on_and_reads_back_the_same() {
    // A message no reason has, echoed in the JSON of `explain`: escaped by JSON's grammar.
    let run = mcauth(&["explain", "--format", "json", "110200"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = run.stdout();
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    let _: serde_json::Value = run.json();
}

/// What `mcauth ARGS` prints on a terminal (a pseudo-terminal made by `script`), in `dir`.
#[cfg(unix)]
fn on_a_terminal(script: &std::path::Path, args: &[&str]) -> String {
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_mcauth"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let output = std::process::Command::new(script)
        .args(["-qec", &quoted.join(" "), "/dev/null"])
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// On a terminal, the rows `annotate` writes, a CSV report and Markdown are text for a
/// terminal: a cell's escapes are shown, never sent; the only escape sequences are the tool's
/// own hyperlinks around allowed addresses.
#[cfg(unix)]
#[test]
fn outputs_on_a_terminal_send_no_escape_from_a_file() {
    let Some(script) = common::outside_tool(&["script"], "bsdutils") else { return };
    let scratch = Scratch::new("terminal-pty");
    let history = format!(
        "日時,ユーザ名,認証エラーの理由,memo\n2026/11/01 09:00:00,{},「x」(110200),\"c1 \u{85} \u{202e}\"\n",
        hostile_value().replace('\u{7}', "")
    );
    let input = scratch.write("history.csv", history.as_bytes());
    for args in [
        vec!["annotate", input.as_str(), "--columns", "id"],
        vec!["report", input.as_str(), "--format", "csv", "--user-column", "ユーザ名"],
        vec!["report", input.as_str(), "--format", "markdown"],
    ] {
        let shown = on_a_terminal(&script, &args);
        no_raw(&shown, &format!("{args:?}"));
        if args[0] == "annotate" {
            assert!(shown.contains("\\u{1b}"), "{args:?}: the user's escape is shown: {shown}");
        }
    }
    // The tool's own hyperlinks stay, and are its only escapes.
    let shown = on_a_terminal(&script, &["explain", "110200", "--lang", "en"]);
    let escapes = shown.matches('\u{1b}').count();
    let links = shown.matches("\u{1b}]8;;").count();
    assert_eq!(escapes, links * 2, "every ESC opens or ends a link: {shown:?}");
}
