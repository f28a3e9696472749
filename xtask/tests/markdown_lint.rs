//! Every Markdown file of the project, hand-written and generated, passes markdownlint-cli2 with
//! the project's settings (`.markdownlint-cli2.jsonc`, `.markdownlint-base.jsonc`, and the
//! generated folders' `.markdownlint.jsonc`). Needs markdownlint-cli2, which `.ci/run` installs
//! with npm into `.ci/tools`; without it the test says so and passes, except under CI.

mod common;

use std::process::Command;

#[test]
fn the_project_s_markdown_passes_markdownlint() {
    let root = common::project_root();
    let local = root.join(".ci/tools/node_modules/.bin/markdownlint-cli2");
    let program = if local.is_file() { local.into_os_string() } else { "markdownlint-cli2".into() };
    let Ok(run) = Command::new(&program).arg("**/*.md").current_dir(&root).output() else {
        assert!(std::env::var_os("CI").is_none(), "CI must run markdownlint-cli2: .ci/run installs it with npm");
        eprintln!("skipped: markdownlint-cli2 is not installed (npm install --prefix .ci/tools markdownlint-cli2)");
        return;
    };
    let out = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "markdownlint-cli2 found problems:\n{out}");
    // It read the generated pages too, not only the hand-written files.
    let linted = out.lines().find(|l| l.starts_with("Linting:")).unwrap_or_default().to_string();
    let count: usize = linted.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(count > 50, "{linted}");
}
