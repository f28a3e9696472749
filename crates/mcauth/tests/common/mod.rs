//! Helpers for the mcauth tests: running the binary, scratch directories, the real catalogue.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use catalogue::Catalogue;

pub struct Run {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout()))
    }
}

/// Runs `mcauth` with a fixed locale unless `env` sets one, feeding `stdin`.
pub fn mcauth_with(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mcauth"));
    command.args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    Run {
        status: output.status.code().expect("exited"),
        stdout: output.stdout,
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

pub fn mcauth(args: &[&str]) -> Run {
    mcauth_with(args, &[], b"")
}

pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn real_catalogue() -> Catalogue {
    catalogue::load(&project_root().join("catalogue/auth-errors.toml")).unwrap_or_else(|p| panic!("{p}"))
}

/// A fresh directory, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("mcauth-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_string_lossy().into_owned()
    }

    /// The names of the files in the directory, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// mcauth's own message `key` in `lang`, as its messages files have it, with `values` filled
/// in: tests compare with the data, never with today's wording.
pub fn said(key: &str, lang: &str, values: &[(&str, &str)]) -> String {
    type Table = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;
    let dir = project_root().join("crates/mcauth/messages");
    let mut all = Table::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let table: Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            all.extend(table);
        }
    }
    let mut text =
        all.get(key).and_then(|t| t.get(lang)).unwrap_or_else(|| panic!("no message {key} in {lang}")).clone();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// An outside program the test drives, if it is on this machine. When it is not, the test says
/// so where a person sees it and passes, except under `CI`, where it fails.
pub fn outside_tool(programs: &[&str], package: &str) -> Option<PathBuf> {
    let found = programs.iter().find(|p| {
        Command::new(p).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
    });
    match found {
        Some(program) => Some(PathBuf::from(program)),
        None => {
            assert!(std::env::var_os("CI").is_none(), "CI must have {programs:?}: apt-get install {package}");
            eprintln!("skipped: {programs:?} not installed (apt-get install {package})");
            None
        }
    }
}

/// The fixed parts of mcauth's message `key` in `lang`, between its placeholders: a test that
/// finds each of them in the output holds the data's wording, not today's.
pub fn said_parts(key: &str, lang: &str) -> Vec<String> {
    let text = said(key, lang, &[]);
    let mut parts = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        parts.push(rest[..open].to_string());
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    parts.push(rest.to_string());
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Does `output` hold every fixed part of message `key` in `lang`?
pub fn says(output: &str, key: &str, lang: &str) -> bool {
    said_parts(key, lang).iter().all(|part| output.contains(part.as_str()))
}
