//! `mcauth report --format html` in headless Chromium, as an account manager reads it: on a
//! phone and on a desktop with every remedy open, nothing wider than the screen; axe-core finds
//! no violation; printed on A4, no column cut and the remedies printed. Needs Debian's
//! `chromium` and axe-core (`.ci/run` installs both); without them the test says it skipped,
//! except under CI, where it fails.

#![cfg(unix)]

#[path = "../../../xtask/tests/chromium/mod.rs"]
mod chromium;
mod common;

use chromium::{Browser, Tab, find_chromium};
use common::{Scratch, mcauth, project_root, real_catalogue};
use serde_json::{Value, json};

/// A history of every Neo reason over forty days, a few users, some rows the report leaves out.
fn history() -> String {
    let catalogue = real_catalogue();
    let mut text = String::from("日時,ユーザ名,種別,認証結果,認証エラーの理由\r\n");
    let neo = catalogue::ModelKey::from("neo");
    let reasons: Vec<_> = catalogue.reasons_of(&neo).collect();
    for n in 0..240 {
        let reason = reasons[n % reasons.len()];
        let side = catalogue.side(reason.side()).unwrap().history_type.as_ref().map_or("", |t| t.tr("ja"));
        let code = reason.codes().next().unwrap();
        let (month, day) = if n % 40 < 30 { (11, n % 40 + 1) } else { (12, n % 40 - 29) };
        text.push_str(&format!(
            "2026/{month:02}/{day:02} {:02}:00:00,user{},{side},失敗,\"「{}」({code})\"\r\n",
            n % 24,
            n % 5,
            reason.message.tr("ja")
        ));
    }
    text.push_str("2026/11/03 10:00:00,x,ビューア,失敗,「未知」(999999)\r\n2026/11/03 10:00:00,x,ビューア,成功,\r\n");
    text
}

/// axe-core's script, where `.ci/run` installs it (or `AXE_CORE_JS`).
fn axe_core() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| project_root().join(".ci/tools/node_modules/axe-core/axe.min.js"));
    std::fs::read_to_string(path).ok()
}

/// The page's widths against the screen: (document, widest element's right edge, screen).
const WIDTHS: &str = "(() => { let right = 0; for (const e of document.querySelectorAll('main *')) { \
    const r = e.getBoundingClientRect(); if (r.width > 0) right = Math.max(right, r.right); } \
    return [document.documentElement.scrollWidth, right, document.documentElement.clientWidth]; })()";

fn open_every_remedy(browser: &mut Browser, tab: &Tab) -> u64 {
    let opened = browser.eval(
        tab,
        "(() => { const d = [...document.querySelectorAll('details.remedy')]; d.forEach(e => e.open = true); return d.length; })()",
    );
    opened.as_u64().unwrap()
}

fn fits(widths: &Value, context: &str) {
    let [document, right, screen] = [0, 1, 2].map(|i| widths[i].as_f64().unwrap());
    assert!(
        document <= screen && right <= screen + 0.5,
        "{context}: document {document}, content to {right}, screen {screen}"
    );
}

#[test]
fn the_html_report_fits_a_phone_a_desktop_and_a4_and_passes_axe() {
    let dir = Scratch::new("report-in-browser");
    let input = dir.write("history.csv", history().as_bytes());
    let page = dir.path("report.html");
    let run = mcauth(&["report", &input, "--format", "html", "-o", page.to_str().unwrap()]);
    assert_eq!(run.status, 1, "the history has an unknown code: {}", run.stderr);
    let Some(chromium) = find_chromium() else {
        assert!(std::env::var_os("CI").is_none(), "CI must run the report's browser test: install Debian's `chromium`");
        eprintln!("skipped: no chromium found (apt-get install chromium, or set CHROMIUM)");
        return;
    };
    let url = format!("file://{}", page.display());
    let mut browser = Browser::launch(&chromium);
    let neo = catalogue::ModelKey::from("neo");
    let reasons = real_catalogue().reasons_of(&neo).count() as u64;
    for (width, height) in [(390, 844), (1280, 900)] {
        let tab = browser.open_sized(&url, Some((width, height)));
        assert_eq!(open_every_remedy(&mut browser, &tab), reasons);
        fits(&browser.eval(&tab, WIDTHS), &format!("{width} px"));
        // The remedies read as text in the page's font, not a preformatted block.
        let font = browser.eval(
            &tab,
            "(() => { const l = document.querySelector('details.remedy li'); return [getComputedStyle(l).whiteSpace, getComputedStyle(l).fontFamily === getComputedStyle(document.body).fontFamily]; })()",
        );
        assert_eq!(font, json!(["normal", true]), "{width} px");
        // The chart is named, and its numbers are in the page as text.
        let chart = browser.eval(
            &tab,
            "(() => { const s = document.querySelector('svg[role=img]'); const name = document.getElementById(s.getAttribute('aria-labelledby')); \
             return [name && name.textContent.length > 0, document.querySelectorAll('table.per-day tbody tr').length, \
             [...document.querySelectorAll('.chart-scale span, .chart-axis span')].every(e => parseFloat(getComputedStyle(e).fontSize) >= 12)]; })()",
        );
        assert_eq!(chart[0], json!(true), "{chart}");
        assert!(chart[1].as_u64().unwrap() > 30, "a row a day: {chart}");
        assert_eq!(chart[2], json!(true), "the scale's text stays readable at {width} px");
    }

    // Printed on A4 (186 mm between the margins): nothing cut, the remedies printed.
    let tab = browser.open_sized(&url, Some((703, 1000)));
    browser.call(Some(&tab.session), "Emulation.setEmulatedMedia", json!({ "media": "print" }));
    fits(&browser.eval(&tab, WIDTHS), "A4");
    let printed =
        browser.eval(&tab, "[...document.querySelectorAll('details.remedy ol')].every(o => o.checkVisibility())");
    assert_eq!(printed, json!(true), "every remedy prints");
    let pdf = browser.call(Some(&tab.session), "Page.printToPDF", json!({ "paperWidth": 8.27, "paperHeight": 11.69 }));
    assert!(pdf["data"].as_str().is_some_and(|d| d.len() > 1000), "a PDF");

    // axe-core: no violation at all, on a phone and on a desktop.
    let Some(axe) = axe_core() else {
        assert!(std::env::var_os("CI").is_none(), "CI must run axe-core: .ci/run installs it with npm");
        eprintln!(
            "skipped the axe-core check: no .ci/tools/node_modules/axe-core (npm install --prefix .ci/tools axe-core)"
        );
        return;
    };
    for (width, height) in [(390, 844), (1280, 900)] {
        let tab = browser.open_sized(&url, Some((width, height)));
        open_every_remedy(&mut browser, &tab);
        browser.eval(&tab, &format!("{axe}\n;true"));
        let violations = browser.eval(
            &tab,
            "axe.run(document).then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
        );
        assert_eq!(violations, json!([]), "axe-core at {width} px");
    }
    // The check can fail: the chart as the report drew it before it had a name is found.
    let unnamed = dir.write(
        "unnamed.html",
        b"<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><main><svg role=\"img\"><rect width=\"9\" height=\"9\"/></svg></main></body></html>",
    );
    let tab = browser.open(&format!("file://{unnamed}"));
    browser.eval(&tab, &format!("{axe}\n;true"));
    let found = browser.eval(&tab, "axe.run(document).then(r => r.violations.map(v => v.id))");
    assert!(found.as_array().unwrap().iter().any(|v| v == "svg-img-alt"), "{found}");
}
