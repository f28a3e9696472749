//! The HTML FAQ in a real browser: headless Chromium driven over the Chrome DevTools Protocol
//! (`--remote-debugging-pipe`: JSON messages ending in NUL on file descriptors 3 and 4).
//!
//! Proves that typing a code in the filter narrows the list, that `faq.html#<reason-id>` and a
//! code's anchor land on the reason expanded and in view, and that the language link leads to
//! the same reason in the other page. Needs Debian's `chromium` (`.ci/run` installs it); without
//! it the test says so and passes, except under CI, where it fails.

// Chromium is driven over file descriptors 3 and 4, as on Unix.
#![cfg(unix)]

mod chromium;
mod common;

use chromium::{Browser, find_chromium};
use serde_json::json;
use std::process::Command;

fn page_url(lang: &str, fragment: &str) -> String {
    let path = common::project_root().join("docs").join(lang).join("faq.html");
    let hash = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
    format!("file://{}{hash}", path.display())
}

/// The ids of the reasons the page shows, as rendered (not merely present in the markup).
const VISIBLE: &str =
    "[...document.querySelectorAll('details.reason')].filter(d => d.checkVisibility()).map(d => d.id)";

/// Where a reason's title is, against the sticky filter bar and the screen.
fn title_place(id: &str) -> String {
    format!(
        "(() => {{ const d = document.getElementById({id:?}); const s = d.querySelector('summary').getBoundingClientRect(); \
         const bar = document.getElementById('filter').getBoundingClientRect(); \
         return {{ open: d.open, top: s.top, bottom: s.bottom, bar: Math.max(0, bar.bottom), screen: innerHeight }}; }})()"
    )
}

/// The places where a model's name in the code index wraps between two letters of a word
/// (neither side a space or punctuation), as `name@index`.
const MID_WORD_BREAKS: &str = "(() => { const out = []; \
    for (const td of document.querySelectorAll('td.model')) { \
      const text = td.textContent; const node = td.firstChild; if (!node || node.nodeType !== 3) continue; \
      let last = null; \
      for (let i = 0; i < text.length; i++) { \
        const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); \
        const rect = r.getClientRects()[0]; if (!rect) continue; \
        if (last !== null && rect.top > last + 1) { \
          const before = text[i - 1], after = text[i]; \
          if (!/[\\s・()（）、,.]/.test(before) && !/[\\s・()（）、,.]/.test(after)) out.push(text + '@' + i); } \
        last = rect.top; } } \
    return out; })()";

/// Is the element open and its top within the viewport?
fn landed(id: &str) -> String {
    format!(
        "(() => {{ const d = document.getElementById({id:?}); const top = d.getBoundingClientRect().top; \
         return d.open && top >= 0 && top < innerHeight; }})()"
    )
}

/// The font families fontconfig says cover Japanese (`fc-list :lang=ja family`).
fn fonts_for_japanese() -> Vec<String> {
    let Ok(output) = Command::new("fc-list").args([":lang=ja", "family"]).output() else { return Vec::new() };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .flat_map(|line| line.split(','))
        .map(|family| family.trim().to_string())
        .filter(|family| !family.is_empty())
        .collect()
}

#[test]
fn the_html_faq_works_in_a_real_browser() {
    let Some(chromium) = find_chromium() else {
        assert!(std::env::var_os("CI").is_none(), "CI must run the browser test: install Debian's `chromium`");
        eprintln!("skipped: no chromium found (apt-get install chromium, or set CHROMIUM)");
        return;
    };
    let mut browser = Browser::launch(&chromium);
    // What to expect comes from the catalogue, so a writer's edit changes no assertion.
    let catalogue = catalogue::load(&common::project_root().join("catalogue/auth-errors.toml")).unwrap();
    // Every reason and every entry of reference codes is an item the filter shows or hides.
    let total = catalogue.reasons().len() + catalogue.reference_codes().len();
    let with_60100: Vec<&str> =
        catalogue.reasons().iter().filter(|r| r.codes().any(|c| c == "60100")).map(|r| r.id().as_str()).collect();

    // Typing a code narrows the list to the reasons that carry it.
    let tab = browser.open(&page_url("en", ""));
    assert_eq!(browser.eval(&tab, VISIBLE).as_array().unwrap().len(), total);
    assert_eq!(browser.eval(&tab, "document.getElementById('filter').checkVisibility()"), json!(true));
    browser.eval(&tab, "document.getElementById('filter-input').focus()");
    browser.type_text(&tab, "60100");
    assert_eq!(browser.eval(&tab, VISIBLE), json!(with_60100));
    assert_eq!(browser.eval(&tab, "document.getElementById('model-neo').checkVisibility()"), json!(false));
    let status = catalogue
        .ui("filter_count")
        .unwrap()
        .tr("en")
        .replace("{shown}", &with_60100.len().to_string())
        .replace("{total}", &total.to_string());
    assert_eq!(browser.eval(&tab, "document.getElementById('filter-status').textContent"), json!(status));
    // A number the user was shown finds its entry, and only what carries that number.
    if let Some(entry) = catalogue.reference_codes().iter().find(|e| e.value.authentication) {
        let shown = entry.value.codes().last().unwrap().to_string();
        let mut expected: Vec<String> = vec![catalogue::anchors::reference(entry.key())];
        let carriers = catalogue.reasons().iter().filter(|r| r.codes().any(|c| c.as_str().starts_with(shown.as_str())));
        expected.extend(carriers.map(|r| r.id().to_string()));
        browser.eval(&tab, "(() => { const i = document.getElementById('filter-input'); i.select(); })()");
        browser.type_text(&tab, &shown);
        assert_eq!(browser.eval(&tab, VISIBLE), json!(expected), "{shown}");
    }
    // Words narrow it too: the longest word of a message shows the reasons whose text has it.
    let message = catalogue.reason("neo-viewer-password-mismatch").unwrap().message.tr("en");
    let word = message.split(|c: char| !c.is_alphanumeric()).max_by_key(|w| w.chars().count()).unwrap().to_lowercase();
    browser.eval(&tab, "(() => { const i = document.getElementById('filter-input'); i.select(); })()");
    browser.type_text(&tab, &word);
    let having = browser.eval(
        &tab,
        &format!(
            "[...document.querySelectorAll('details.reason')].filter(d => d.textContent.normalize('NFKC').toLowerCase().includes({word:?})).map(d => d.id)"
        ),
    );
    assert!(having.as_array().unwrap().iter().any(|id| id == "neo-viewer-password-mismatch"), "{having}");
    assert_eq!(browser.eval(&tab, VISIBLE), having, "{word}");
    // A query that matches nothing says so.
    browser.eval(&tab, "document.getElementById('filter-input').select()");
    browser.type_text(&tab, "zzzz");
    assert_eq!(browser.eval(&tab, &format!("{VISIBLE}.length")), json!(0));
    assert_eq!(browser.eval(&tab, "document.getElementById('no-match').checkVisibility()"), json!(true));

    // Opening faq.html#<reason-id> shows that reason expanded and in view.
    let tab = browser.open(&page_url("en", "legacy-device-auth-mismatch"));
    assert_eq!(browser.eval(&tab, &landed("legacy-device-auth-mismatch")), json!(true));
    assert_eq!(browser.eval(&tab, "document.querySelectorAll('details.reason[open]').length"), json!(1));
    // A code with one reason leads to that reason; a shared code to its index row.
    let tab = browser.open(&page_url("ja", "code-30100"));
    assert_eq!(browser.eval(&tab, &landed("legacy-multiple-viewers")), json!(true));
    let tab = browser.open(&page_url("ja", "code-110200"));
    assert_eq!(
        browser.eval(&tab, "(() => { const r = document.getElementById('code-110200'); const t = r.getBoundingClientRect().top; return r.tagName === 'TR' && t >= 0 && t < innerHeight; })()"),
        json!(true)
    );

    // On a phone and on a desktop, a deep link to a reason or to a code of one reason lands
    // with the reason open and its whole title below the sticky filter bar, inside the screen.
    let single = catalogue
        .codes()
        .into_iter()
        .find(|code| catalogue.reasons().iter().filter(|r| r.codes().any(|c| c == *code)).count() == 1)
        .unwrap();
    let single_reason = catalogue.reasons().iter().find(|r| r.codes().any(|c| c == single)).unwrap().id();
    let deepest = catalogue.reasons().last().unwrap().id();
    for (width, height) in [(320, 640), (390, 844), (1280, 900)] {
        for lang in ["ja", "en"] {
            for (fragment, id) in [(deepest.to_string(), deepest), (format!("code-{single}"), single_reason)] {
                let tab = browser.open_sized(&page_url(lang, &fragment), Some((width, height)));
                let place = browser.eval(&tab, &title_place(id.as_str()));
                assert_eq!(place["open"], json!(true), "{lang} #{fragment} at {width}px: {place}");
                let (top, bottom) = (place["top"].as_f64().unwrap(), place["bottom"].as_f64().unwrap());
                let (bar, screen) = (place["bar"].as_f64().unwrap(), place["screen"].as_f64().unwrap());
                assert!(top >= bar - 0.5 && bottom <= screen + 0.5, "{lang} #{fragment} at {width}px: {place}");
            }
        }
        // The filter is reached from the top of the page: the first entry of the contents.
        let tab = browser.open_sized(&page_url("en", ""), Some((width, height)));
        browser.click(&tab, "#contents .to-filter a");
        let focused = browser.eval(
            &tab,
            "(() => { const i = document.getElementById('filter-input'); const r = i.getBoundingClientRect(); \
             return document.activeElement === i && r.top >= 0 && r.bottom <= innerHeight; })()",
        );
        assert_eq!(focused, json!(true), "the filter at {width}px");
        // A model's name in the code index breaks only where the language allows a break.
        let breaks = browser.eval(&tab, MID_WORD_BREAKS);
        assert_eq!(breaks, json!([]), "mid-word breaks at {width}px");
        let tab = browser.open_sized(&page_url("ja", ""), Some((width, height)));
        assert_eq!(browser.eval(&tab, MID_WORD_BREAKS), json!([]), "mid-word breaks in Japanese at {width}px");
    }

    // A code's page shows every reason with that code, open, and leads to their full entries.
    let url = format!("file://{}", common::project_root().join("docs/ja/codes/60100.html").display());
    let tab = browser.open_sized(&url, Some((390, 844)));
    assert_eq!(
        browser.eval(
            &tab,
            "[...document.querySelectorAll('details.reason')].filter(d => d.open && d.checkVisibility()).map(d => d.id)"
        ),
        json!(with_60100)
    );
    browser.events.clear();
    browser.click(&tab, &format!("#{} .reason-links a", with_60100[0]));
    browser.wait_event(&tab.session, "Page.loadEventFired");
    assert_eq!(browser.eval(&tab, &landed(with_60100[0])), json!(true), "the full entry, open and in view");

    // The Japanese page is drawn with a font that has Japanese glyphs, not fallback boxes.
    let japanese_fonts = fonts_for_japanese();
    if japanese_fonts.is_empty() {
        assert!(std::env::var_os("CI").is_none(), "CI must install a Japanese font: apt-get install fonts-noto-cjk");
        eprintln!("skipped the font check: no font for Japanese (apt-get install fonts-noto-cjk)");
    } else {
        let tab = browser.open(&page_url("ja", ""));
        let used = browser.fonts(&tab, "h1");
        assert!(
            used.iter().any(|(family, glyphs)| *glyphs > 0 && japanese_fonts.contains(family)),
            "the Japanese heading is drawn with {used:?}, none of them a Japanese font ({japanese_fonts:?})"
        );
    }

    // The language link leads to the same reason in the other page, expanded.
    let tab = browser.open(&page_url("en", "legacy-device-auth-mismatch"));
    browser.events.clear();
    browser.click(&tab, "#legacy-device-auth-mismatch a.translation");
    browser.wait_event(&tab.session, "Page.loadEventFired");
    assert_eq!(browser.eval(&tab, "document.documentElement.lang"), json!("ja"));
    assert_eq!(
        browser.eval(&tab, "location.pathname.endsWith('/ja/faq.html') && location.hash"),
        json!("#legacy-device-auth-mismatch")
    );
    assert_eq!(browser.eval(&tab, &landed("legacy-device-auth-mismatch")), json!(true));
    // The header's language switch follows the current place as it changes.
    browser.eval(&tab, "location.hash = '#code-30100'");
    assert_eq!(
        browser.eval(&tab, "document.querySelector('a.lang-switch').getAttribute('href')"),
        json!("../en/faq.html#code-30100")
    );
}
