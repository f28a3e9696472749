//! `cargo xtask`'s front door. A first run builds some sixty crates for a minute or two;
//! `cargo run --quiet` would print nothing meanwhile, and a newcomer could not tell it from a
//! hang. This launcher, which has no dependency and builds in a second, builds `xtask` through
//! cargo's machine-readable messages: the first crate that is not fresh prints one line saying
//! what is being built, then a count as crates finish; compiler errors are shown as cargo shows
//! them. When everything is fresh it prints nothing. Then it runs `xtask` with the arguments
//! it was given, and exits with its status.

use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let child = Command::new(&cargo)
        .args([
            "build",
            "--quiet",
            "--package",
            "xtask",
            "--bin",
            "xtask",
            "--message-format",
            "json-render-diagnostics",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("error: cannot run cargo to build xtask: {e}");
            return ExitCode::from(2);
        }
    };
    let mut executable = None;
    let mut built = 0usize;
    let terminal = std::io::stderr().is_terminal();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if !line.contains(r#""reason":"compiler-artifact""#) {
                continue;
            }
            if line.contains(r#""fresh":false"#) {
                built += 1;
                if built == 1 {
                    eprintln!(
                        "cargo xtask: building the project's tools (a first run, or after a change; later runs start at once)"
                    );
                }
                if terminal {
                    eprint!("\r  {built} crates built");
                    let _ = std::io::stderr().flush();
                }
            }
            if let Some(path) = string_field(&line, "executable") {
                executable = Some(path);
            }
        }
    }
    let status = child.wait();
    if built > 0 {
        if terminal {
            eprintln!();
        }
        eprintln!("cargo xtask: built {built} crates in {:.0} s", started.elapsed().as_secs_f64());
    }
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => return ExitCode::from(status.code().unwrap_or(2).clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("error: cargo did not finish building xtask: {e}");
            return ExitCode::from(2);
        }
    }
    let Some(executable) = executable else {
        eprintln!("error: cargo built xtask but did not say where its executable is");
        return ExitCode::from(2);
    };
    let mut xtask = Command::new(executable);
    xtask.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        // In its place: signals (Ctrl-C) and the exit status are xtask's own.
        use std::os::unix::process::CommandExt;
        let error = xtask.exec();
        eprintln!("error: cannot run xtask: {error}");
        ExitCode::from(2)
    }
    #[cfg(not(unix))]
    match xtask.status() {
        Ok(status) => ExitCode::from(status.code().unwrap_or(2).clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("error: cannot run xtask: {e}");
            ExitCode::from(2)
        }
    }
}

/// The string value of `"name":"…"` in one line of cargo's JSON, its escapes undone; `None`
/// when absent or `null`.
fn string_field(line: &str, name: &str) -> Option<String> {
    let start = line.find(&format!("\"{name}\":\""))? + name.len() + 4;
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::string_field;

    #[test]
    fn the_executable_is_read_from_cargo_s_message() {
        let line = r#"{"reason":"compiler-artifact","executable":"/a b/\"q\"/x\\task","fresh":true}"#;
        assert_eq!(string_field(line, "executable").as_deref(), Some("/a b/\"q\"/x\\task"));
        assert_eq!(string_field(r#"{"executable":null}"#, "executable"), None);
        assert_eq!(string_field(r#"{"executable":"C:\\t\u00e9"}"#, "executable").as_deref(), Some("C:\\té"));
    }
}
