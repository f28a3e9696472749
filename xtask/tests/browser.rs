//! The HTML FAQ in a real browser: headless Chromium driven over the Chrome DevTools Protocol
//! (`--remote-debugging-pipe`: JSON messages ending in NUL on file descriptors 3 and 4).
//!
//! Proves that typing a code in the filter narrows the list, that `faq.html#<reason-id>` and a
//! code's anchor land on the reason expanded and in view, and that the language link leads to
//! the same reason in the other page. Needs Debian's `chromium` (`.ci/run` installs it); without
//! it the test says so and passes, except under CI, where it fails.

mod common;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

unsafe extern "C" {
    fn dup2(old: i32, new: i32) -> i32;
    fn fcntl(fd: i32, cmd: i32, ...) -> i32;
}

/// `F_DUPFD` on Linux: duplicate onto the lowest free descriptor at or above the argument.
const F_DUPFD: i32 = 0;

/// How long one browser session may take before the watchdog ends it.
const WATCHDOG: Duration = Duration::from_secs(90);

struct Browser {
    child: Child,
    to: std::io::PipeWriter,
    from: BufReader<std::io::PipeReader>,
    next_id: u64,
    events: VecDeque<Value>,
    profile: PathBuf,
}

/// One tab, attached with a flat session.
struct Tab {
    session: String,
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin")])
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

impl Browser {
    fn launch(chromium: &Path) -> Browser {
        let (cmd_read, cmd_write) = std::io::pipe().unwrap();
        let (resp_read, resp_write) = std::io::pipe().unwrap();
        let (child_in, child_out) = (cmd_read.as_raw_fd(), resp_write.as_raw_fd());
        let profile = std::env::temp_dir().join(format!("xtask-chromium-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut command = Command::new(chromium);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1100,900",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork and exec. The pipe ends
        // are first moved above 9 so that placing them on 3 and 4 cannot clobber each other.
        unsafe {
            command.pre_exec(move || {
                let high_in = fcntl(child_in, F_DUPFD, 10);
                let high_out = fcntl(child_out, F_DUPFD, 10);
                if high_in < 0 || high_out < 0 || dup2(high_in, 3) < 0 || dup2(high_out, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("chromium starts");
        drop(cmd_read);
        drop(resp_write);
        let pid = child.id();
        std::thread::spawn(move || {
            std::thread::sleep(WATCHDOG);
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        });
        Browser { child, to: cmd_write, from: BufReader::new(resp_read), next_id: 0, events: VecDeque::new(), profile }
    }

    fn read_message(&mut self) -> Value {
        let mut buffer = Vec::new();
        let n = self.from.read_until(0, &mut buffer).expect("read from chromium");
        assert!(n > 0, "chromium closed the DevTools pipe (crashed, or the watchdog ended it)");
        buffer.pop();
        serde_json::from_slice(&buffer).expect("DevTools message is JSON")
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).expect("write to chromium");
        loop {
            let reply = self.read_message();
            if reply.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(error) = reply.get("error") {
                    panic!("{method} failed: {error}");
                }
                return reply["result"].clone();
            }
            self.events.push_back(reply);
        }
    }

    fn wait_event(&mut self, session: &str, method: &str) -> Value {
        loop {
            let position = self.events.iter().position(|e| e["method"] == method && e["sessionId"] == session);
            if let Some(at) = position {
                return self.events.remove(at).unwrap();
            }
            let event = self.read_message();
            self.events.push_back(event);
        }
    }

    /// Opens a new tab at `url` and waits for its load event.
    fn open(&mut self, url: &str) -> Tab {
        self.open_sized(url, None)
    }

    /// Opens a new tab with a viewport of `(width, height)` CSS pixels (a phone's when narrow).
    fn open_sized(&mut self, url: &str, size: Option<(u32, u32)>) -> Tab {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let attached =
            self.call(None, "Target.attachToTarget", json!({ "targetId": target["targetId"], "flatten": true }));
        let session = attached["sessionId"].as_str().unwrap().to_string();
        self.call(Some(&session), "Page.enable", json!({}));
        if let Some((width, height)) = size {
            self.call(
                Some(&session),
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
            );
        }
        self.call(Some(&session), "Page.navigate", json!({ "url": url }));
        self.wait_event(&session, "Page.loadEventFired");
        Tab { session }
    }

    fn eval(&mut self, tab: &Tab, expression: &str) -> Value {
        let result = self.call(
            Some(&tab.session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// The fonts the browser rendered an element's text with: (family, glyphs drawn).
    fn fonts(&mut self, tab: &Tab, selector: &str) -> Vec<(String, u64)> {
        let session = Some(tab.session.as_str());
        self.call(session, "DOM.enable", json!({}));
        self.call(session, "CSS.enable", json!({}));
        let document = self.call(session, "DOM.getDocument", json!({}));
        let node = self.call(
            session,
            "DOM.querySelector",
            json!({ "nodeId": document["root"]["nodeId"], "selector": selector }),
        );
        let fonts = self.call(session, "CSS.getPlatformFontsForNode", json!({ "nodeId": node["nodeId"] }));
        fonts["fonts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["familyName"].as_str().unwrap_or_default().to_string(), f["glyphCount"].as_u64().unwrap_or(0)))
            .collect()
    }

    /// Types text into the focused element as a user would (the browser fires `input`).
    fn type_text(&mut self, tab: &Tab, text: &str) {
        self.call(Some(&tab.session), "Input.insertText", json!({ "text": text }));
    }

    /// Clicks the element a CSS selector finds with real mouse events, at the centre of its first
    /// line box (a link that wraps has a gap where the centre of its whole box would be).
    fn click(&mut self, tab: &Tab, selector: &str) {
        let point = self.eval(
            tab,
            &format!(
                "(() => {{ const e = document.querySelector({selector:?}); e.scrollIntoView({{block: 'center'}}); \
                 const r = e.getClientRects()[0] || e.getBoundingClientRect(); \
                 return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
            ),
        );
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                Some(&tab.session),
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": point[0], "y": point[1], "button": "left", "clickCount": 1 }),
            );
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

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
        let carriers = catalogue.reasons().iter().filter(|r| r.codes().any(|c| c.starts_with(shown.as_str())));
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
                let place = browser.eval(&tab, &title_place(id));
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
