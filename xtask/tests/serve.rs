//! `cargo xtask serve` as a writer uses it: a page open in headless Chromium follows the
//! catalogue's saves by itself, keeps its scroll position and open reasons, shows a broken
//! catalogue's problems over the last good page and drops them once the file is fixed; and the
//! server answers nothing outside the generated site, nor a foreign `Host`.
//!
//! Needs Debian's `chromium` for the browser half (`.ci/run` installs it); without it that half
//! says it was skipped, except under CI, where it fails. The time from a save to the updated
//! page is printed (`--nocapture`); docs/BENCHMARKS.md reports it from a release build.

// Chromium is driven over file descriptors 3 and 4, as on Unix.
#![cfg(unix)]

mod chromium;
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chromium::{Browser, Tab, find_chromium};
use common::Scratch;
use serde_json::json;

/// A running `serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(scratch: &Scratch) -> Server {
        Server::start_with(scratch, &[])
    }

    fn start_with(scratch: &Scratch, flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["serve", "--port", "0"])
            .args(flags)
            .arg("--root")
            .arg(&scratch.root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(scratch.path("serve.log")).unwrap())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let port = first
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("serve did not say where it serves: {first:?}"));
        Server { child, port }
    }

    /// The status line's code for a raw request, sent as a hostile client would.
    fn status(&self, target: &str, host: &str) -> u16 {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
    }

    fn body(&self, target: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", self.port).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Evaluates `expression` until it is true, through reloads; the time it first was, or a
/// failure after `limit`.
fn until(browser: &mut Browser, tab: &Tab, expression: &str, limit: Duration) -> Instant {
    let started = Instant::now();
    loop {
        if browser.try_eval(tab, expression) == Some(json!(true)) {
            return Instant::now();
        }
        assert!(started.elapsed() < limit, "not true within {limit:?}: {expression}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn epoch_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64() * 1e3
}

#[test]
fn serve_answers_only_the_generated_site_on_its_loopback_address() {
    let scratch = Scratch::new("serve-paths");
    let before = scratch.snapshot();
    let server = Server::start(&scratch);
    let host = format!("127.0.0.1:{}", server.port);
    assert_eq!(server.status("/en/faq.html", &host), 200);
    assert_eq!(server.status("/", &format!("localhost:{}", server.port)), 200);
    let outside = scratch.path("Cargo.toml");
    std::fs::write(&outside, "secret").unwrap();
    for target in [
        "/../Cargo.toml".to_string(),
        "/%2e%2e/Cargo.toml".to_string(),
        "/en/%2E%2E/%2e%2e/Cargo.toml".to_string(),
        "/en/..%2fCargo.toml".to_string(),
        outside.display().to_string(),
        format!("/{}", outside.display()),
        "/etc/passwd".to_string(),
        format!("http://evil.example{}", outside.display()),
        "/catalogue/auth-errors.toml".to_string(),
        "/__serve/nothing".to_string(),
    ] {
        let code = server.status(&target, &host);
        assert!(code == 404 || code == 403 || code == 400, "{target}: {code}");
    }
    // A page elsewhere that rebinds its own name to 127.0.0.1 is refused.
    for foreign in ["evil.example", &format!("evil.example:{}", server.port), "127.0.0.1:1"] {
        assert_eq!(server.status("/en/faq.html", foreign), 403, "{foreign}");
    }
    // The reload script is in the served page only: docs/ is as it was, without it.
    assert!(server.body("/en/faq.html").contains("/__serve/client.js"));
    std::fs::remove_file(&outside).unwrap();
    let mut after = scratch.snapshot();
    after.remove(&scratch.path("serve.log"));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    assert!(before == after, "serve wrote to the project without --write");
    for (path, bytes) in &after {
        assert!(!String::from_utf8_lossy(bytes).contains("__serve"), "{} has the reload script", path.display());
    }

    // Ctrl-C stops it, and the port is free again.
    let mut server = server;
    // SAFETY: a signal to the child this test started and has not yet reaped.
    assert_eq!(unsafe { libc::kill(server.child.id() as i32, libc::SIGINT) }, 0);
    let status = server.child.wait().unwrap();
    // It dies of the signal, as a shell expects of Ctrl-C.
    assert_eq!(std::os::unix::process::ExitStatusExt::signal(&status), Some(libc::SIGINT), "{status:?}");
    assert!(TcpStream::connect(("127.0.0.1", server.port)).is_err(), "the port still answers");
}

#[test]
fn with_write_every_good_render_is_also_written_to_docs() {
    let scratch = Scratch::new("serve-write");
    let _server = Server::start_with(&scratch, &["--write"]);
    let old = "uninstall it from all but 1 of them.";
    let good = scratch.read("catalogue/auth-errors.toml");
    assert!(good.contains(old), "the fixture changed: {old}");
    scratch.write("catalogue/auth-errors.toml", &good.replacen(old, "uninstall it from all but one device.", 1));
    let started = Instant::now();
    while !scratch.read("docs/en/faq.md").contains("all but one device") {
        assert!(started.elapsed() < Duration::from_secs(20), "docs/ was not written: {}", scratch.read("serve.log"));
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!scratch.read("docs/en/faq.html").contains("__serve"), "the reload script was written to docs/");
    // What it wrote is what `generate` writes: `check` finds every file fresh.
    let (status, _, stderr) = scratch.run(&["check"]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn an_open_page_follows_every_save() {
    let Some(chromium) = find_chromium() else {
        assert!(std::env::var_os("CI").is_none(), "CI must run the serve browser test: install Debian's `chromium`");
        eprintln!("skipped: no chromium found (apt-get install chromium, or set CHROMIUM)");
        return;
    };
    let scratch = Scratch::new("serve-browser");
    let server = Server::start(&scratch);
    let mut browser = Browser::launch(&chromium);
    let tab = browser.open(&format!("http://127.0.0.1:{}/en/faq.html", server.port));

    // A writer has a reason open, half-way down the page.
    let id = "legacy-multiple-clients";
    let place = browser.eval(
        &tab,
        &format!(
            "(() => {{ document.getElementById({id:?}).open = true; \
             window.scrollTo(0, Math.floor((document.documentElement.scrollHeight - innerHeight) / 2)); \
             return window.scrollY; }})()"
        ),
    );
    assert!(place.as_f64().unwrap() > 100.0, "the page is too short to scroll: {place}");

    // They reword a remedy and save: it shows, with the reason still open and the page where
    // it was.
    let catalogue = "catalogue/auth-errors.toml";
    let good = scratch.read(catalogue);
    let old = "uninstall it from all but 1 of them.";
    assert!(good.contains(old), "the fixture changed: {old}");
    let marker = "keep the uninstalled ones off";
    let edited = good.replacen(old, &format!("uninstall it from all but 1 of them, and {marker}."), 1);
    saved_and_shown(&mut browser, &tab, &scratch, &edited, marker);
    until(&mut browser, &tab, &format!("window.scrollY === {place}"), Duration::from_secs(5));
    let open = browser.eval(&tab, &format!("document.getElementById({id:?}).open"));
    assert_eq!(open, json!(true), "the open reason closed on reload");

    // A save that breaks the TOML shows the problem, at its line, over the last good page.
    let line = good.lines().position(|l| l.starts_with("id = \"legacy-multiple-clients\"")).unwrap() + 1;
    let broken: String = edited
        .lines()
        .enumerate()
        .map(|(at, l)| if at + 1 == line { "id = = \"broken\"\n".to_string() } else { format!("{l}\n") })
        .collect();
    scratch.write(catalogue, &broken);
    let place = format!("{catalogue}:{line}:");
    let overlay_at = |place: &str| {
        format!(
            "(document.getElementById('xtask-serve-problems') || {{textContent: ''}}).textContent.includes({place:?})"
        )
    };
    until(&mut browser, &tab, &overlay_at(&place), Duration::from_secs(10));
    let overlay = browser.eval(&tab, "document.getElementById('xtask-serve-problems').textContent");
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("C001") && overlay.contains("id = = \"broken\""), "{overlay}");
    assert!(overlay.contains("help:"), "{overlay}");
    assert_eq!(browser.eval(&tab, "document.body.textContent.includes('keep the uninstalled ones off')"), json!(true));
    // A second page opened now shows the problems too.
    let other = browser.open(&format!("http://127.0.0.1:{}/ja/faq.html", server.port));
    until(&mut browser, &other, &overlay_at(&place), Duration::from_secs(10));

    // Fixing the file removes the overlay, on every open page.
    scratch.write(catalogue, &edited);
    for tab in [&tab, &other] {
        until(
            &mut browser,
            tab,
            "document.readyState === 'complete' && document.getElementById('xtask-serve-problems') === null",
            Duration::from_secs(10),
        );
    }
    let log = scratch.read("serve.log");
    let renders = render_times(&log);
    assert!(renders.len() >= 3, "{log}");
    drop(server);

    // The benchmark: five saves of the real catalogue, each timed from the file's write to the
    // updated page's DOMContentLoaded. The edit adds words to the English text of the last
    // reason's message, whatever it says today.
    let real = Scratch::of_real_catalogue("serve-timing");
    let server = Server::start(&real);
    let tab = browser.open(&format!("http://127.0.0.1:{}/en/faq.html", server.port));
    let text = real.read(catalogue);
    let last = catalogue::load(&real.path(catalogue)).unwrap().reasons().last().unwrap().message.tr("en").to_string();
    let quoted = format!("en = {}", serde_json::to_string(&last).unwrap());
    assert_eq!(text.matches(&quoted).count(), 1, "the last message's English is written once, as a basic string");
    let mut took = Vec::new();
    for word in ["first", "second", "third", "fourth", "fifth"] {
        let marker = format!("Edited a {word} time");
        let edited = text.replacen(
            &quoted,
            &format!("en = {}", serde_json::to_string(&format!("{last} {marker}.")).unwrap()),
            1,
        );
        took.push(saved_and_shown(&mut browser, &tab, &real, &edited, &marker));
    }
    took.sort_by(f64::total_cmp);
    let median = took[took.len() / 2];
    let renders = render_times(&real.read("serve.log"));
    eprintln!("real catalogue: save to updated page {took:.0?} ms, median {median:.0} ms; renders {renders:.1?} ms");
}

/// The render times `serve` logged, in milliseconds.
fn render_times(log: &str) -> Vec<f64> {
    log.lines().filter_map(|l| l.split(" in ").nth(1)?.split(" ms").next()?.parse().ok()).collect()
}

/// Saves `text` as the scratch project's catalogue and waits for the tab to show `marker`
/// after a reload by `serve`; returns (and logs) the time from the write to the updated page.
fn saved_and_shown(browser: &mut Browser, tab: &Tab, scratch: &Scratch, text: &str, marker: &str) -> f64 {
    let shown = format!("document.body.textContent.includes({marker:?}) && document.readyState !== 'loading'");
    assert_eq!(browser.eval(tab, &shown), json!(false), "{marker} is on the page before the save");
    let saved_at = epoch_ms();
    scratch.write("catalogue/auth-errors.toml", text);
    until(browser, tab, &shown, Duration::from_secs(10));
    // The wall clock's times of the page's navigation (`timeOrigin` drifts from it).
    let times = browser.eval(
        tab,
        "(() => { const n = performance.getEntriesByType('navigation')[0]; const o = Date.now() - performance.now(); \
         return [n.type, o + n.startTime, o + n.responseStart, o + n.domContentLoadedEventEnd]; })()",
    );
    assert_eq!(times[0], json!("reload"), "serve reloads the page");
    let after: Vec<f64> = (1..4).map(|at| times[at].as_f64().unwrap() - saved_at).collect();
    eprintln!(
        "save to updated page: {:.0} ms (reload asked at {:.0} ms, page received at {:.0} ms)",
        after[2], after[0], after[1]
    );
    after[2]
}
