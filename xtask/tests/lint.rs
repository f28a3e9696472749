//! `cargo xtask check` on a catalogue with one mistake of every kind at once: every diagnostic
//! has its code, line and column, in the human, GitHub and JSON formats.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::Scratch;

const CATALOGUE: &str = "catalogue/auth-errors.toml";

/// One mistake: replace `from` (once) with `to`; the diagnostic is at `at` (+ `offset` chars).
struct Mistake {
    code: &'static str,
    from: &'static str,
    to: &'static str,
    at: &'static str,
    offset: usize,
}

const fn m(code: &'static str, from: &'static str, to: &'static str, at: &'static str) -> Mistake {
    Mistake { code, from, to, at, offset: 0 }
}

/// The checks whose problems are warnings, as the registry says.
fn is_warning(code: &str) -> bool {
    catalogue::Check::from_code(code).is_some_and(|c| c.severity() == catalogue::Severity::Warning)
}

fn mistakes() -> Vec<Mistake> {
    vec![
        m("C002", "definition = { ja = \"手元端末で動作し", "defintion = { ja = \"手元端末で動作し", "defintion"),
        Mistake {
            code: "C003",
            from: "title = { ja = \"よくあるご質問\"",
            to: "url = 42\ntitle = { ja = \"よくあるご質問\"",
            at: "url = 42",
            offset: 6,
        },
        m(
            "C004",
            "[product_types.ndl]\nname = { ja = \"NDL\", en = \"NDL\", en_from = \"f408ed20\" }\n",
            "[product_types.ndl]\n",
            "[product_types.ndl]",
        ),
        m(
            "C005",
            "term = { ja = \"クライアント(MCクライアント)\", en = \"Client (MC Client)\", en_from = \"557be0c6\" }",
            "term = { ja = \"クライアント(MCクライアント)\", en = \" \", en_from = \"557be0c6\" }",
            "\" \", en_from = \"557be0c6\" }",
        ),
        m(
            "C006",
            "{ ja = \"※ 認証エラーで表示される「お問い合わせコード」は283/291/293です。\", en = \"Note: the inquiry code shown with an authentication error is 283, 291 or 293.\", en_from = \"2d163f7e\" }",
            "{ ja = \"※ 認証エラーで表示される「お問い合わせコード」は283/291/293です。\" }",
            "{ ja = \"※ 認証エラーで表示される",
        ),
        m(
            "C007",
            "expand_all = { ja = \"すべて開く\", en = \"Expand all\", en_from = \"d94d6965\" }",
            "expand_all = { ja = \"すべて開く\", en = \"Expand all\", en_from = \"d94d6965\", fr = \"Tout ouvrir\" }",
            "\"Tout ouvrir\"",
        ),
        m("C008", "id = \"neo-usb-key-not-allowed\"", "id = \"Neo_USB\"", "\"Neo_USB\""),
        m(
            "C009",
            "id = \"legacy-usb-key-not-allowed\"",
            "id = \"legacy-mac-address-denied\"",
            "\"legacy-mac-address-denied\"\nmodel = \"legacy\"\ncodes = [\"40100\"]",
        ),
        m(
            "C010",
            "id = \"neo-client-password-mismatch\"\nmodel = \"neo\"\ncodes = [\"110200\"]\nside = \"client\"",
            "id = \"neo-client-password-mismatch\"\nmodel = \"neo\"\ncodes = [\"110200\"]\nside = \"clinet\"",
            "\"clinet\"",
        ),
        m("C011", "codes = [\"30100\"]", "codes = [\"3O100\"]", "\"3O100\""),
        m(
            "C012",
            "codes = [\"170400\", \"180200\", \"190500\"]",
            "codes = [\"170400\", \"180200\", \"190500\", \"180200\" ]",
            "\"180200\" ]",
        ),
        m(
            "C014",
            "[reasons.shared_codes.60100]\nsource = \"ours\"\nja = \"同じ番号(60100)は、EX.Sから",
            "[[reasons.notes]]\nsource = \"ours\"\nja = \"同じ番号(60100)は、EX.Sから",
            "\"60100\"]\nside = \"client\"",
        ),
        m(
            "C015",
            "id = \"neo-ip-address-denied\"",
            "id = \"neo-ip-address-denied\"\nshared_codes = { 30200 = { ja = \"重複なし\", en = \"Not shared\", en_from = \"e2daf3fb\", source = \"ours\" } }",
            "{ ja = \"重複なし\"",
        ),
        m("C017", "codes = [\"320100\"]", "codes = [\"320101\"]", ""),
        m(
            "C018",
            "[links.faq]",
            "[links.unused-doc]\ntitle = { ja = \"未使用\", en = \"Unused\", en_from = \"5a22a1a3\" }\nurl_unknown = true\n\n[links.faq]",
            "unused-doc",
        ),
        // A link that neither has an address nor says that none is known.
        m(
            "C037",
            "[links.plus-edition]\ntitle = { ja = \"プラスエディションの詳細\", en = \"About the Plus edition\", en_from = \"31d9ff54\" }\nurl_unknown = true\n",
            "[links.plus-edition]\ntitle = { ja = \"プラスエディションの詳細\", en = \"About the Plus edition\", en_from = \"31d9ff54\" }\n",
            "plus-edition]\ntitle",
        ),
        // A number the user is shown that is also a reason's code.
        m(
            "C039",
            "[models.neo]\n",
            "[reference_codes.clash]\ncodes = [\"283\", \"30200\"]\ntitle = { ja = \"衝突\", en = \"Clash\", en_from = \"efc9120d\" }\nmeaning = { ja = \"衝突の例\", en = \"A clash\", en_from = \"d54d162b\", source = \"ours\" }\n\n[models.neo]\n",
            "\"30200\"]\ntitle",
        ),
        m(
            "C019",
            "en = \"Connect with the Plus edition viewer app (`mc_viewer_plus.exe`).\"",
            "en = \"Connect with the Plus edition viewer app (mc_viewer_plus.exe).\"",
            "\"Connect with the Plus edition viewer app (mc_viewer_plus.exe).\"",
        ),
        Mistake {
            code: "C020",
            from: "notes = { ja = \"備考\", en = \"Notes\", en_from = \"987df8a7\" }",
            to: "notes = { ja = \"備考\", en = \"備考\", en_from = \"987df8a7\" }",
            at: "en = \"備考\"",
            offset: 5,
        },
        m(
            "C021",
            "codes = { ja = \"コード\", en = \"Codes\",",
            "codes = { ja = \"コード\", en = \" Codes\",",
            "\" Codes\"",
        ),
        m(
            "C022",
            "model = { ja = \"モデル\", en = \"Model\",",
            "model = { ja = \"モデル\", en = \"Mo\\u0007del\",",
            "\"Mo\\u0007del\"",
        ),
        m(
            "C023",
            "reason = { ja = \"理由\", en = \"Reason\",",
            "reason = { ja = \"理由\", en = \"Reason (\",",
            "\"Reason (\"",
        ),
        m(
            "C026",
            "remedy = { ja = \"対処方法\", en = \"Remedy\", en_from = \"554bf450\" }",
            "remedy = { ja = \"対処の方法\", en = \"Remedy\", en_from = \"554bf450\" }",
            "\"554bf450\"",
        ),
        m(
            "C027",
            "back_to_top = { ja = \"ページの先頭へ\", en = \"Back to top\", en_from = \"",
            "back_to_top = { ja = \"ページの先頭へ\", en = \"Back to top\", en_from = \"top",
            "\"top",
        ),
        m(
            "C034",
            "[[reasons.remedy]]\nsource = \"ours\"\nja = \"ビューアアプリを再インストールした場合や手元端末",
            "[[reasons.remedy]]\nja = \"ビューアアプリを再インストールした場合や手元端末",
            "[[reasons.remedy]]\nja = \"ビューアアプリを再インストールした場合や手元端末",
        ),
        Mistake {
            code: "C035",
            from: "id = \"legacy-multiple-viewers\"\n",
            to: "id = \"legacy-multiple-viewers\"\nconsole = [{ lang = \"ja\", text = \"同じユーザ名でMCクライアントを複数接続しようとしています。\" }]\n",
            at: "text = \"同じユーザ名でMCクライアント",
            offset: 7,
        },
        // The glossary holds texts to a term once an entry says so: then a translation that
        // drops it is reported.
        m("C036", "[glossary.plus-edition]\n", "[glossary.plus-edition]\nenforce = true\n", ""),
        m(
            "C036",
            "en = \"Install and use the Plus edition viewer app.\"",
            "en = \"Install and use the viewer app with the quarantine check.\"",
            "\"Install and use the viewer app with the quarantine check.\"",
        ),
        // A placeholder misspelt: the page would print it as it is.
        m(
            "C040",
            "en = \"Showing {shown} of {total}\"",
            "en = \"Showing {show} of {total}\"",
            "\"Showing {show} of {total}\"",
        ),
        // A number that is not a code, written as a word.
        m(
            "C041",
            "en = \"If 2 viewer apps are running, use the one that connected first.\"",
            "en = \"If two viewer apps are running, use the one that connected first.\"",
            "\"If two viewer apps are running, use the one that connected first.\"",
        ),
        // A repeated text translated another way than its first occurrence.
        m(
            "C042",
            "no more can be registered.\", en_from = \"179f209a\" }\n\n[[reasons.remedy]]\nsource = \"ours\"\nja = \"端末認証情報を登録済みの手元端末から接続します。\"\nen = \"Connect from the remote device whose device authentication information is registered.\"",
            "no more can be registered.\", en_from = \"179f209a\" }\n\n[[reasons.remedy]]\nsource = \"ours\"\nja = \"端末認証情報を登録済みの手元端末から接続します。\"\nen = \"Connect from the remote device whose device authentication information has been registered.\"",
            "\"Connect from the remote device whose device authentication information has been registered.\"",
        ),
        // A term of the glossary that is not enforced, dropped.
        m(
            "C043",
            "en = \"If no other running viewer app can be found, try restarting the remote device.\"",
            "en = \"If no other running viewer app can be found, try restarting the computer.\"",
            "\"If no other running viewer app can be found, try restarting the computer.\"",
        ),
        // Dropping the enforced term (C036 below) drops the longer, unenforced one that holds
        // it: the glossary's "Plus edition viewer app" (no change here; the place is expected).
        m(
            "C043",
            "[glossary.plus-viewer]\n",
            "[glossary.plus-viewer]\n",
            "\"Install and use the viewer app with the quarantine check.\"",
        ),
        // A sentence translated without its full stop.
        m(
            "C044",
            "en = \"The connection was refused by the MAC address restriction.\"",
            "en = \"The connection was refused by the MAC address restriction\"",
            "\"The connection was refused by the MAC address restriction\"",
        ),
        // A no-break space pasted into a label.
        m(
            "C045",
            "en = \"Filter by code or words\"",
            "en = \"Filter by code\\u00A0or words\"",
            "\"Filter by code\\u00A0or words\"",
        ),
        // Full-width letters in an English text.
        m(
            "C046",
            "en = \"Use the right combination of USB key and account.\"",
            "en = \"Use the right combination of ＵＳＢ key and account.\"",
            "\"Use the right combination of ＵＳＢ key and account.\"",
        ),
        // A long sentence translated as one word.
        m(
            "C047",
            "en = \"If the user still cannot connect, look at the other [Authentication result] entries recorded in the access history at the same time, and follow their remedies.\"",
            "en = \"Reconnect.\"",
            "\"Reconnect.\"",
        ),
        // Two spaces where one was meant.
        m(
            "C021",
            "en = \"Cannot connect: the remote device's device authentication information is not registered, and no more can be registered.\"",
            "en = \"Cannot connect: the remote device's device authentication information is  not registered, and no more can be registered.\"",
            "\"Cannot connect: the remote device's device authentication information is  not registered",
        ),
        m(
            "C028",
            "faq_url = \"docs/{lang}/faq.html#{id}\"",
            "faq_url = \"docs/{lang}/faq.html\"",
            "\"docs/{lang}/faq.html\"",
        ),
        m(
            "C029",
            "collapse_all = { ja = \"すべて閉じる\", en = \"Collapse all\"",
            "collapse_all = { ja = \"すべて閉じる\", en = \"# Collapse all\"",
            "\"# Collapse all\"",
        ),
        m(
            "C030",
            "permalink = { ja = \"この項目へのリンク\", en = \"Link to this reason\"",
            "permalink = { ja = \"この項目へのリンク\", en = \"Link to\\nthis reason\"",
            "\"Link to\\nthis reason\"",
        ),
        m(
            "C031",
            "[links.inquiry-codes]\ntitle = { ja = \"お問い合わせコードと対処方法\", en = \"Inquiry codes and remedies\", en_from = \"e06a8261\" }\nurl_unknown = true\n",
            "[links.inquiry-codes]\ntitle = { ja = \"お問い合わせコードと対処方法\", en = \"Inquiry codes and remedies\", en_from = \"e06a8261\" }\nurl = \"javascript:alert(1)\"\n",
            "\"javascript:alert(1)\"",
        ),
    ]
}

/// The checks a catalogue with every mistake cannot show (each stops the run or is about a
/// file other than the catalogue), with the scenario that fires them in
/// `every_check_in_the_registry_is_documented_and_fired`.
const FIRED_ELSEWHERE: [(&str, &str); 15] = [
    ("C001", "a syntax error"),
    ("C013", "a catalogue that cannot be read"),
    ("C024", "a generated file removed"),
    ("C025", "a broken template"),
    ("C032", "a temporary file left by a killed run"),
    ("C033", "a published anchor lost: a reason renamed after its pages were committed"),
    ("C038", "a text marked as a source's that our copy of the source does not have"),
    ("C048", "a draft language's missing translation: a draft's every missing text is one"),
    // The Japanese style checks: their mistakes change Japanese source texts, which makes their
    // translations stale (C026) too; they have a test of their own.
    ("C049", "Japanese style"),
    ("C050", "Japanese style"),
    ("C051", "Japanese style"),
    ("C052", "Japanese style"),
    ("C053", "Japanese style"),
    ("C054", "Japanese style"),
    ("C055", "Japanese style"),
];

/// One mistake per Japanese style check, each in a Japanese label we wrote: (code, from, to,
/// where the problem starts: a unique text, with `|` before the problem's first character
/// where it does not start the text). The label's translation goes stale with it, so only the style
/// check's own diagnostic is asserted.
fn style_mistakes() -> Vec<(&'static str, &'static str, String, String)> {
    let long = format!("この一覧には、{}が含まれています。", "理由コードとメッセージの組み合わせ".repeat(6));
    vec![
        (
            "C049",
            "ja = \"該当する理由はありません。\"",
            format!("ja = \"該当する理由はありません。{long}\""),
            long.clone(),
        ),
        (
            "C050",
            "ja = \"コードまたは語句で絞り込む\"",
            "ja = \"コード、語句、モデル、発生箇所、製品タイプで絞り込む\"".into(),
            "コード、語句、モデル、発生箇所".into(),
        ),
        (
            "C051",
            "ja = \"ページの先頭へ\"",
            "ja = \"ページの先頭へ戻ります。先頭は目次である。\"".into(),
            "先頭は目次である".into(),
        ),
        ("C052", "ja = \"すべて閉じる\"", "ja = \"すべてﾄｼﾞﾙ\"".into(), "ﾄｼﾞﾙ".into()),
        ("C053", "ja = \"すべて開く\"", "ja = \"項目をを開く\"".into(), "をを開く".into()),
        ("C054", "ja = \"この項目へのリンク\"", "ja = \"この項目へのリンク:\"".into(), "項目へのリンク|:".into()),
        ("C055", "ja = \"理由\"", "ja = \"理由です。※ 例外があります。\"".into(), "※ 例外".into()),
    ]
}

#[test]
fn each_japanese_style_check_fires_at_its_place_and_not_on_the_real_catalogue() {
    let scratch = Scratch::new("style");
    let mut text = scratch.read(CATALOGUE);
    for (code, from, to, _) in style_mistakes() {
        assert_eq!(text.matches(from).count(), 1, "{code}: `{from}` must occur once");
        text = text.replacen(from, &to, 1);
    }
    scratch.write(CATALOGUE, &text);
    let (_, out, err) = scratch.run(&["check", "--format", "json"]);
    let found: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for (code, _, _, at) in style_mistakes() {
        let offset = at.find('|').map_or(0, |bar| at[..bar].chars().count());
        let (line, column) = locate(&text, &at.replace('|', ""), offset);
        let places: Vec<(u64, u64)> = found
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
            .collect();
        assert_eq!(places, [(line as u64, column as u64)], "{code}\n{out}{err}");
        let d = found.iter().find(|d| d["code"] == code).unwrap();
        assert_eq!(d["severity"], "warning", "{d}");
        assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
    }
    // The real catalogue is written to the rules: none fires on it.
    let real = common::real_catalogue_text();
    let style: BTreeSet<&str> = style_mistakes().iter().map(|m| m.0).collect();
    let fired: Vec<(String, usize)> =
        common::problems(&real).into_iter().filter(|(code, _)| style.contains(code.as_str())).collect();
    assert_eq!(fired, [], "the real catalogue breaks its own style rules");
}

/// (line, column) of `needle` + `offset` characters in `text`, which must contain it once.
fn locate(text: &str, needle: &str, offset: usize) -> (usize, usize) {
    assert_eq!(text.matches(needle).count(), 1, "`{needle}` must occur once");
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1 + offset;
    (line, column)
}

fn git(scratch: &Scratch, args: &[&str]) {
    scratch.git(args);
}

/// The scratch project with the real catalogue committed as the base and every mistake made.
/// Returns it with the expected (code, file, line, column) of every diagnostic.
fn every_mistake(name: &str) -> (Scratch, BTreeSet<(String, String, usize, usize)>) {
    let scratch = Scratch::new(name);
    git(&scratch, &["init", "-q"]);
    git(&scratch, &["add", CATALOGUE]);
    git(&scratch, &["commit", "-q", "-m", "base"]);
    let original = scratch.read(CATALOGUE);
    let mut text = original.clone();
    for mistake in mistakes() {
        assert_eq!(text.matches(mistake.from).count(), 1, "{}: `{}` must occur once", mistake.code, mistake.from);
        text = text.replacen(mistake.from, mistake.to, 1);
    }
    scratch.write(CATALOGUE, &text);
    let mut expected = BTreeSet::new();
    for mistake in mistakes().iter().filter(|m| !m.at.is_empty()) {
        let (line, column) = locate(&text, mistake.at, mistake.offset);
        expected.insert((mistake.code.to_string(), CATALOGUE.to_string(), line, column));
    }
    // Against the base: the renamed ids are gone, and so is the changed code.
    let base = format!("HEAD:{CATALOGUE}");
    for (code, needle) in [
        ("C016", "\"neo-usb-key-not-allowed\""),
        ("C016", "\"legacy-usb-key-not-allowed\""),
        ("C017", "\"320100\""),
        // The malformed code replaced a real one.
        ("C017", "\"30100\""),
    ] {
        let (line, column) = locate(&original, needle, 0);
        expected.insert((code.to_string(), base.clone(), line, column));
    }
    (scratch, expected)
}

#[test]
fn every_kind_of_mistake_is_reported_at_its_place_in_every_format() {
    let (scratch, expected) = every_mistake("every-mistake");
    let kinds: BTreeSet<&str> = expected.iter().map(|e| e.0.as_str()).collect();
    let elsewhere: BTreeSet<&str> = FIRED_ELSEWHERE.iter().map(|(code, _)| *code).collect();
    let all: BTreeSet<&str> = catalogue::Check::ALL.iter().map(|c| c.code()).collect();
    assert_eq!(kinds, &all - &elsewhere, "every kind a catalogue can have, in one file");

    // JSON: one object per problem, with code, severity, file, line, column, message, help.
    let (code, out, err) = scratch.run(&["check", "--base", "HEAD", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let found: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let got: BTreeSet<(String, String, usize, usize)> = found
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let unexpected: Vec<_> = got.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&got).collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "reported but not expected: {unexpected:?}\nexpected but not reported: {missing:?}\n{out}"
    );
    assert_eq!(found.len(), expected.len(), "no duplicates: {out}");
    for d in &found {
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "every problem says what to do: {d}");
        let severity = if is_warning(d["code"].as_str().unwrap()) { "warning" } else { "error" };
        assert_eq!(d["severity"], severity, "{d}");
    }
    // Sorted by file, then line and column.
    let order: Vec<(String, usize, usize)> = found
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    let warnings = expected.iter().filter(|e| is_warning(&e.0)).count();
    let errors = expected.len() - warnings;
    assert!(err.trim_end().ends_with(&format!("{errors} errors, {warnings} warnings")), "{err}");

    // GitHub annotations.
    let (code, out, _) = scratch.run(&["check", "--base", "HEAD", "--format", "github"]);
    assert_eq!(code, 1);
    for (code, file, line, column) in &expected {
        let kind = if is_warning(code) { "warning" } else { "error" };
        let prefix = format!("::{kind} file={},line={line},col={column},title={code}::", file.replace(':', "%3A"));
        assert!(out.lines().any(|l| l.starts_with(&prefix)), "{prefix}\n{out}");
    }
    assert_eq!(out.lines().count(), expected.len());

    // Human: rustc-style, with the position and the source line under a caret.
    let (code, _, err) = scratch.run(&["check", "--base", "HEAD"]);
    assert_eq!(code, 1);
    for (code, file, line, column) in &expected {
        let kind = if is_warning(code) { "warning" } else { "error" };
        assert!(err.contains(&format!("{kind}[{code}]: ")), "{code}\n{err}");
        assert!(err.contains(&format!("--> {file}:{line}:{column}")), "{code} at {file}:{line}:{column}\n{err}");
    }
    assert!(err.contains("= help: did you mean `definition`?"), "{err}");
    assert!(err.contains("^"), "carets under the spans");
    assert!(!err.contains('\u{1b}'), "no colour when not on a terminal");
}

#[test]
fn the_format_follows_github_actions_and_warnings_fail_only_when_denied() {
    let scratch = Scratch::new("warnings");
    let text = scratch.read(CATALOGUE).replacen(
        "[links.faq]",
        "[links.unused-doc]\ntitle = { ja = \"未使用\", en = \"Unused\", en_from = \"5a22a1a3\" }\nurl_unknown = true\n\n[links.faq]",
        1,
    );
    scratch.write(CATALOGUE, &text);
    let (code, _, err) = scratch.run(&["generate"]);
    assert_eq!(code, 0, "warnings do not stop generation: {err}");
    assert!(err.contains("warning[C018]: link `unused-doc` is declared but never used"), "{err}");
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 1 warning"), "{err}");
    let (code, _, _) = scratch.run(&["check", "--deny", "warnings"]);
    assert_eq!(code, 1);
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["check", "--root"])
        .arg(&scratch.root)
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.starts_with("::warning file=catalogue/auth-errors.toml,line="), "{out}");
}

#[test]
fn syntax_stale_output_and_template_problems_have_codes_in_every_format() {
    let scratch = Scratch::new("other-kinds");
    std::fs::remove_file(scratch.path("docs/checks.md")).unwrap();
    let (_, out, _) = scratch.run(&["check", "--format", "json"]);
    let d: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!((d["code"].as_str(), d["file"].as_str()), (Some("C024"), Some("docs/checks.md")));

    let template = scratch.read("templates/faq.md.tera").replacen("{{ ui.contents.md }}", "{{ ui.contents.md }", 1);
    scratch.write("templates/faq.md.tera", &template);
    // Where the lone `}` is.
    let broken = "{{ ui.contents.md }";
    let (line, text) = template.lines().enumerate().find(|(_, l)| l.contains(broken) && !l.contains("}}")).unwrap();
    let column = text.find(broken).unwrap() + broken.len();
    let (_, out, _) = scratch.run(&["check", "--format", "github"]);
    let expected = format!("::error file=templates/faq.md.tera,line={},col={column},title=C025::", line + 1);
    assert!(out.starts_with(&expected), "{out}");

    let text = scratch.read(CATALOGUE).replacen("[languages.ja]", "[languages.ja", 1);
    scratch.write(CATALOGUE, &text);
    let (code, out, _) = scratch.run(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    let d: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(d["code"], "C001");
    let (line, _) = locate(&text, "[languages.ja\n", 0);
    assert_eq!(d["line"].as_u64(), Some(line as u64));
}

#[test]
fn a_retired_reason_keeps_its_id_and_codes_for_the_base() {
    let scratch = Scratch::new("retired");
    git(&scratch, &["init", "-q"]);
    git(&scratch, &["add", CATALOGUE]);
    git(&scratch, &["commit", "-q", "-m", "base"]);
    let text = scratch.read(CATALOGUE).replacen(
        "id = \"legacy-multiple-clients\"",
        "id = \"legacy-multiple-clients\"\nretired = { ja = \"2026年に廃止されました。\", en = \"Retired in 2026.\" }",
        1,
    );
    scratch.write(CATALOGUE, &text);
    let (code, _, err) = scratch.run(&["check", "--base", "HEAD"]);
    assert_eq!(code, 1, "only the generated pages are stale: {err}");
    assert!(!err.contains("C016") && !err.contains("C017"), "{err}");
    assert_eq!(scratch.run(&["generate"]).0, 0);
    assert!(scratch.read("docs/en/faq.md").contains("> **No longer recorded:** Retired in 2026."));
    assert_eq!(scratch.run(&["check", "--base", "HEAD"]).0, 0);
    let (code, _, err) = scratch.run(&["check", "--base", "no-such-rev"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no such revision"), "{err}");
}

#[test]
fn a_typo_in_a_code_or_a_model_is_one_error_not_a_cascade() {
    let fixture = common::fixture_text();
    let start = fixture.find("id = \"neo-viewer-password-mismatch\"").unwrap();
    for (from, to, code) in
        [("codes = [\"110200\"]", "codes = [\"11O200\"]", "C011"), ("model = \"neo\"", "model = \"neos\"", "C010")]
    {
        let at = start + fixture[start..].find(from).unwrap();
        let text = format!("{}{to}{}", &fixture[..at], &fixture[at + from.len()..]);
        let found = common::problems(&text);
        assert_eq!(found, vec![(code.to_string(), common::line_of(&text, to))], "{to}");
    }
}

/// The codes of the problems `check --format json` reports for a scratch project.
fn codes_of(scratch: &Scratch, args: &[&str]) -> BTreeSet<String> {
    let (_, out, _) = scratch.run(&[&["check", "--format", "json"], args].concat());
    out.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_check_in_the_registry_is_documented_and_fired() {
    let documented = std::fs::read_to_string(common::project_root().join("docs/checks.md")).unwrap();
    let (scratch, expected) = every_mistake("registry-every-mistake");
    let mut fired: BTreeSet<String> = codes_of(&scratch, &["--base", "HEAD"]);
    assert!(expected.iter().all(|(code, ..)| fired.contains(code)));
    drop(scratch);

    // The scenarios the every-mistake catalogue cannot hold, one scratch project each.
    let scratch = Scratch::new("registry-syntax");
    scratch.write(CATALOGUE, &scratch.read(CATALOGUE).replacen("[languages.ja]", "[languages.ja", 1));
    fired.extend(codes_of(&scratch, &[]));
    let scratch = Scratch::new("registry-files");
    std::fs::remove_file(scratch.path("docs/checks.md")).unwrap();
    scratch.write(&format!("docs/.faq.md.{}.tmp", i32::MAX), "partial");
    fired.extend(codes_of(&scratch, &[]));
    let scratch = Scratch::new("registry-template");
    scratch.write("templates/faq.md.tera", "{{ broken");
    fired.extend(codes_of(&scratch, &[]));
    let published = Scratch::new("registry-anchors");
    git(&published, &["init", "-q"]);
    git(&published, &["add", "catalogue", "docs"]);
    git(&published, &["commit", "-q", "-m", "published"]);
    let renamed = published.read(CATALOGUE).replacen("id = \"legacy-multiple-clients\"", "id = \"legacy-renamed\"", 1);
    published.write(CATALOGUE, &renamed);
    assert_eq!(published.run(&["generate"]).0, 0);
    fired.extend(codes_of(&published, &["--base", "HEAD"]));
    let quoted = Scratch::new("registry-quote");
    quoted.write(CATALOGUE, &common::with_copy_of_source(&quoted, "許可されている端末を使いません。"));
    fired.extend(codes_of(&quoted, &[]));
    let draft = Scratch::new("registry-draft");
    let with_draft = draft.read(CATALOGUE).replacen(
        "[languages.en]\nname = \"English\"\n",
        "[languages.en]\nname = \"English\"\n\n[languages.ko]\nname = \"한국어\"\ndraft = true\n",
        1,
    );
    draft.write(CATALOGUE, &with_draft);
    fired.extend(codes_of(&draft, &[]));
    let styled = Scratch::new("registry-style");
    let mut text = styled.read(CATALOGUE);
    for (_, from, to, _) in style_mistakes() {
        text = text.replacen(from, &to, 1);
    }
    styled.write(CATALOGUE, &text);
    fired.extend(codes_of(&styled, &[]));
    let missing = catalogue::load(&scratch.path("catalogue/no-such.toml")).unwrap_err();
    fired.extend(missing.iter().map(|d| d.code().to_string()));

    for check in catalogue::Check::ALL {
        let code = check.code();
        assert!(fired.contains(code), "{code} ({}) is fired by no test scenario", check.summary());
        let row = format!(
            "| <a id=\"{}\"></a>[{code}](#{}-explained) | {} |",
            code.to_lowercase(),
            code.to_lowercase(),
            check.severity().as_str()
        );
        assert!(documented.contains(&row), "{code} is not in docs/checks.md as {row}");
        assert!(documented.contains(check.explanation()), "{code}'s explanation is not in docs/checks.md");
        // `check --explain` prints the same explanation.
        let (status, explained, _) = scratch.run(&["check", "--explain", &code.to_lowercase()]);
        assert_eq!(status, 0);
        assert!(explained.starts_with(code) && explained.ends_with(check.explanation()), "{explained}");
    }
    assert_eq!(fired.len(), catalogue::Check::ALL.len(), "no code outside the registry: {fired:?}");
    let (status, _, err) = scratch.run(&["check", "--explain", "C999"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("C999") && err.contains("help:"), "{err}");
}

#[test]
fn a_model_header_of_an_undeclared_model_is_reported_at_it() {
    let fixture = common::fixture_text();
    for (line, code) in
        [("model_headers = { neo = [\"端末名\"] }", None), ("model_headers = { neos = [\"端末名\"] }", Some("C010"))]
    {
        let text = fixture.replacen("[access_history]\n", &format!("[access_history]\n{line}\n"), 1);
        let found = common::problems(&text);
        let expected: Vec<(String, usize)> =
            code.map(|c| (c.to_string(), common::line_of(&text, line))).into_iter().collect();
        assert_eq!(found, expected, "{line}");
    }
}
