//! Makes the parse of the catalogue `mcauth` compiles in, at build time, from the very text it
//! compiles in: the tool's start reads the tree back from this tape instead of parsing the text
//! (`catalogue::load_parsed`), and a tape is made only for text that passes every check of the
//! catalogue crate, so nothing a start prints has skipped one. No tape is kept in the
//! repository: none can be stale or edited to say something the text does not.
//!
//! A catalogue with errors builds a tool with an empty tape, which parses and checks the text
//! at its start and refuses it with every problem at its line, as `--catalogue` does.

use std::path::{Path, PathBuf};

/// The catalogue compiled in, relative to this crate; diagnostics name it from the project root.
const CATALOGUE: &str = "../../catalogue/auth-errors.toml";
const SHOWN_AS: &str = "catalogue/auth-errors.toml";

fn main() {
    println!("cargo::rerun-if-changed={CATALOGUE}");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.parsed");
    let tape = match std::fs::read_to_string(CATALOGUE) {
        Ok(text) => match catalogue::load_source(catalogue::SourceFile::new(Path::new(SHOWN_AS), text)) {
            Ok(loaded) => loaded.parsed().concat(),
            Err(problems) => {
                println!(
                    "cargo::warning={SHOWN_AS} has {} errors; mcauth will refuse it at its start (`cargo xtask check` lists them)",
                    problems.errors()
                );
                Vec::new()
            }
        },
        // `include_str!` in the crate says what is wrong with a missing file.
        Err(_) => Vec::new(),
    };
    if let Err(e) = std::fs::write(&out, tape) {
        panic!("cannot write {}: {e}", out.display());
    }
}
