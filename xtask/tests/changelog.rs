//! `cargo xtask changelog` on a scratch repository of three commits: a reason added, a remedy
//! reworded (its translation now stale), a reason renamed keeping its old id. The notes are
//! asserted by their structure, ids and fields, never by their wording: every heading expected
//! is read from the catalogue's own labels.

mod common;

use common::Scratch;
use serde_json::{Value, json};

const CATALOGUE: &str = "catalogue/auth-errors.toml";
/// The fixture's last reason, which the commits change.
const LAST: &str = "id = \"legacy-multiple-clients\"";
/// The Japanese of that reason's first step, as the fixture has it.
const STEP: &str = "複数の端末にクライアントプログラムをインストールし同じユーザ名を利用している場合、1台を除きアンインストールしてください。";

/// A scratch repository with the fixture committed, then the three commits; returns it and
/// the four commits, oldest first.
fn history(name: &str) -> (Scratch, Vec<String>) {
    let scratch = Scratch::new(name);
    let mut commits = Vec::new();
    let mut commit = |scratch: &Scratch, text: &str, message: &str| {
        scratch.write(CATALOGUE, text);
        scratch.commit_catalogue(message);
        let head =
            std::process::Command::new("git").args(["rev-parse", "HEAD"]).current_dir(&scratch.root).output().unwrap();
        commits.push(String::from_utf8(head.stdout).unwrap().trim().to_string());
    };
    let base = scratch.read(CATALOGUE);
    commit(&scratch, &base, "the fixture");
    // 1. A reason added: a copy of the last one under a new id and code.
    let at = base.rfind("[[reasons]]\n").unwrap();
    let added = base[at..].replacen(LAST, "id = \"legacy-added-for-test\"", 1).replacen(
        "codes = [\"30200\"]",
        "codes = [\"30900\"]",
        1,
    );
    let one = format!("{base}\n{added}");
    commit(&scratch, &one, "a reason added");
    // 2. A remedy reworded in Japanese: its English is now stale.
    assert_eq!(one.matches(STEP).count(), 2, "the fixture's step, in the reason and its copy");
    let first_step = one.find(STEP).unwrap();
    let two = format!(
        "{}{}",
        &one[..first_step],
        one[first_step..].replacen(STEP, "クライアントプログラムは1台の端末だけにインストールしてください。", 1)
    );
    commit(&scratch, &two, "a remedy reworded");
    // 3. The reason renamed, its old id kept.
    assert_eq!(two.matches(LAST).count(), 1);
    let three = two.replacen(LAST, "id = \"legacy-several-clients\"\nrenamed_from = [\"legacy-multiple-clients\"]", 1);
    commit(&scratch, &three, "a reason renamed");
    (scratch, commits)
}

fn json_between(scratch: &Scratch, from: &str, to: &str) -> Value {
    let (status, out, err) = scratch.run(&["changelog", from, to, "--format", "json"]);
    assert_eq!(status, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn ids(value: &Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

#[test]
fn each_commit_gives_its_own_notes() {
    let (scratch, c) = history("changelog-json");

    // A reason added, with its code; nothing else.
    let notes = json_between(&scratch, &c[0], &c[1]);
    let changes = &notes["changes"];
    assert_eq!(ids(&changes["reasons"]["added"]), ["legacy-added-for-test"]);
    assert_eq!(changes["reasons"]["changed"], json!([]));
    assert_eq!(changes["reasons"]["renamed"], json!([]));
    assert_eq!(changes["codes"]["added"], json!([{ "model": "legacy", "code": "30900" }]));
    assert_eq!(notes["from"]["commit"], json!(c[0]));
    assert_eq!(notes["to"]["revision"], json!(c[1]));
    assert!(notes["from"]["version"].is_string(), "the fixture declares a version: {}", notes["from"]);
    // New texts come translated and current: no translation changed state.
    assert_eq!(changes["translations"], json!([{ "language": "en", "stale": [], "current": [], "missing": [] }]));

    // A step reworded: that reason's remedy, in Japanese; its English now stale.
    let changes = json_between(&scratch, &c[1], &c[2])["changes"].clone();
    assert_eq!(
        changes["reasons"]["changed"],
        json!([{
            "id": "legacy-multiple-clients",
            "fields": ["remedy"],
            "texts": [{ "path": "legacy-multiple-clients.remedy.1", "languages": ["ja"] }],
        }])
    );
    assert_eq!(changes["translations"][0]["stale"], json!(["legacy-multiple-clients.remedy.1"]));
    assert_eq!(changes["reasons"]["added"], json!([]));

    // A rename keeping the old id: renamed, neither added nor removed, no field changed.
    let changes = json_between(&scratch, &c[2], &c[3])["changes"].clone();
    assert_eq!(
        changes["reasons"]["renamed"],
        json!([{ "from": "legacy-multiple-clients", "to": "legacy-several-clients" }])
    );
    assert_eq!(changes["reasons"]["added"], json!([]));
    assert_eq!(changes["reasons"]["removed"], json!([]));
    assert_eq!(changes["reasons"]["changed"], json!([]));
    assert_eq!(changes["translations"][0]["stale"], json!([]), "the stale step follows its reason's new id");

    // All three at once: the stale step is reported under the reason's new id.
    let changes = json_between(&scratch, &c[0], &c[3])["changes"].clone();
    assert_eq!(ids(&changes["reasons"]["added"]), ["legacy-added-for-test"]);
    assert_eq!(changes["reasons"]["renamed"][0]["to"], json!("legacy-several-clients"));
    assert_eq!(changes["reasons"]["changed"][0]["texts"][0]["path"], json!("legacy-several-clients.remedy.1"));
    assert_eq!(changes["translations"][0]["stale"], json!(["legacy-several-clients.remedy.1"]));
}

#[test]
fn the_notes_are_written_in_every_language_with_the_catalogues_labels() {
    let (scratch, c) = history("changelog-markdown");
    let catalogue = catalogue::load(&scratch.path(CATALOGUE)).unwrap();
    let (status, notes, err) = scratch.run(&["changelog", &c[0]]);
    assert_eq!(status, 0, "{err}");
    // The working tree is the last commit: the same notes as naming it, but for the title.
    let (_, named, _) = scratch.run(&["changelog", &c[0], &c[3]]);
    let body = |notes: &str| notes.lines().filter(|l| !l.starts_with("# ")).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&notes), body(&named));
    // One section per language, in the catalogue's order, each headed by its own labels.
    let titles: Vec<&str> = notes.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(titles.len(), catalogue.languages().len(), "{notes}");
    let mut sections = notes.split("\n# ").collect::<Vec<_>>().into_iter();
    for lang in catalogue.languages() {
        let section = sections.next().unwrap();
        let label = |key: &str| catalogue.ui(key).unwrap().tr(lang.as_str()).to_string();
        for key in [
            "changelog_reasons_added",
            "changelog_reasons_renamed",
            "changelog_reasons_changed",
            "changelog_codes_added",
        ] {
            assert!(section.contains(&format!("## {}", label(key))), "{lang}: no {key} heading in\n{section}");
        }
        assert!(
            !section.contains(&format!("## {}", label("changelog_reasons_removed"))),
            "{lang}: nothing was removed"
        );
        // Names the reasons by their ids, and a changed reason's fields by their labels.
        for id in ["legacy-added-for-test", "legacy-several-clients", "legacy-multiple-clients"] {
            assert!(section.contains(&format!("`{id}`")), "{lang}: {id} missing in\n{section}");
        }
        assert!(section.contains(&label("remedy")), "{lang}");
        assert!(section.contains("`legacy-several-clients.remedy.1`"), "{lang}");
        assert!(section.contains("30900"), "{lang}");
    }
    // `--lang` gives one section; the same twice gives the same bytes.
    let (_, english, _) = scratch.run(&["changelog", &c[0], "--lang", "en"]);
    assert_eq!(english.lines().filter(|l| l.starts_with("# ")).count(), 1);
    let (_, again, _) = scratch.run(&["changelog", &c[0]]);
    assert_eq!(notes, again);
}

#[test]
fn nothing_changed_says_so_and_a_wrong_revision_is_an_error() {
    let (scratch, c) = history("changelog-errors");
    let catalogue = catalogue::load(&scratch.path(CATALOGUE)).unwrap();
    let (status, notes, _) = scratch.run(&["changelog", &c[3], &c[3], "--lang", "en"]);
    assert_eq!(status, 0);
    assert!(notes.contains(catalogue.ui("changelog_nothing").unwrap().tr("en")), "{notes}");
    let (status, _, err) = scratch.run(&["changelog", "no-such-tag"]);
    assert_eq!(status, 2);
    assert!(err.contains("no-such-tag") && err.contains("help:"), "{err}");
    let (status, _, err) = scratch.run(&["changelog", &c[0], "--lang", "xx"]);
    assert_eq!(status, 2);
    assert!(err.contains("xx"), "{err}");
}
