//! `cargo xtask serve`: the writer's loop. The site is rendered in memory and served on
//! loopback; the catalogue, its sources' copies and the templates are watched, and every save
//! renders the site again and reloads every open page, which keeps its scroll position and its
//! open reasons. When a save breaks the catalogue, the pages show the problems over the last
//! good page, with their file, line, column, source line and help, until the file is fixed.
//!
//! Built on the standard library (and, on Linux, the kernel's file notifications through
//! `libc`, which the project already builds): see [`watch`]; server-sent events carry the
//! reload (one long response per open page; no WebSocket handshake or framing). The reload script exists
//! only in served pages: it is added as a page is sent, never written to `docs/`.
//!
//! Only what generation made is served, from memory: a path with `..` (encoded or not), an
//! empty segment or a backslash never reaches a lookup, so nothing outside the site can be
//! read, symlinks included. A request whose `Host` is not this loopback address is refused, so
//! that a page elsewhere cannot reach the server through a name it rebinds (DNS rebinding).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use catalogue::Diagnostic;

use crate::project::Project;

mod watch;

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The port on 127.0.0.1; 0 asks the system for a free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Also write every render to `docs/`, as `generate` does.
    pub write: bool,
}

/// The site as last rendered, and how the last render went.
struct Site {
    /// Counts renders that changed what a page shows: pages wait for it to move.
    version: u64,
    /// The site's files by their path under `docs/`, from the last render without a problem.
    files: HashMap<String, Arc<Vec<u8>>>,
    /// The problems of the last render, as JSON, when it had any: the overlay's contents.
    problems: Option<String>,
}

struct Shared {
    site: Mutex<Site>,
    changed: Condvar,
}

/// How long an open page's event stream may stay silent before a comment keeps it alive.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// At most this many connections at once; more are closed at once.
const MAX_CONNECTIONS: usize = 64;
/// A request's head is at most this long.
const MAX_HEAD: usize = 16 * 1024;
/// The path under which the server's own resources are, never a generated file's.
const OWN: &str = "/__serve/";

/// Serves the site until the process is interrupted; returns the exit status on a failure to
/// start (a port in use, a catalogue that cannot be read at all).
pub fn run(project: &Project, options: &Options) -> u8 {
    let listener = match TcpListener::bind(("127.0.0.1", options.port)) {
        Ok(listener) => listener,
        Err(e) => {
            crate::say!(
                "error: cannot listen on 127.0.0.1:{}: {e}\n  = help: pass another port with --port N",
                options.port
            );
            return crate::FAILURE;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(options.port);
    let shared = Arc::new(Shared {
        site: Mutex::new(Site { version: 0, files: HashMap::new(), problems: None }),
        changed: Condvar::new(),
    });
    // Watching starts before the first render: a save while it renders is not missed.
    let watcher = watch::Watcher::new(project);
    rebuild(project, options, &shared);
    let url = format!("http://127.0.0.1:{port}/");
    println!("serving {url} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url);
    }
    {
        let (project, options, shared) = (project.clone(), options.clone(), Arc::clone(&shared));
        std::thread::spawn(move || watch(watcher, &project, &options, &shared));
    }
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let (shared, open) = (Arc::clone(&shared), Arc::clone(&open));
        std::thread::spawn(move || {
            let _ = handle(stream, port, &shared);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
    0
}

/// Waits for a change to the files the site is made from, and renders the site again.
fn watch(mut watcher: watch::Watcher, project: &Project, options: &Options, shared: &Shared) {
    loop {
        watcher.wait();
        rebuild(project, options, shared);
    }
}

/// Renders the site and wakes every open page; on a problem keeps the last good files and
/// shows the problems instead.
fn rebuild(project: &Project, options: &Options, shared: &Shared) {
    let started = Instant::now();
    let rendered = crate::pipeline::render_site(project);
    let took = started.elapsed();
    let mut site = shared.site.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match rendered {
        Ok((out, outputs)) => {
            let files: HashMap<String, Arc<Vec<u8>>> = outputs
                .into_iter()
                .filter_map(|o| {
                    let under = o.path.strip_prefix(&out).ok()?.to_str()?.replace('\\', "/");
                    Some((under, Arc::new(o.bytes)))
                })
                .collect();
            let same = site.problems.is_none() && site.files == files;
            crate::say!(
                "rendered {} files in {:.1} ms{}",
                files.len(),
                took.as_secs_f64() * 1e3,
                if same { "; no page changed" } else { "" }
            );
            if same {
                return;
            }
            site.files = files;
            site.problems = None;
            if options.write {
                match crate::pipeline::regenerate(project) {
                    Ok(changed) => crate::say!("wrote {changed} changed files"),
                    Err(why) => crate::say!("did not write the files: {why}"),
                }
            }
        }
        Err(problems) => {
            eprint!("{}", crate::report::render(&problems, crate::report::Format::Human, false));
            crate::say!(
                "{}; the pages show the last good site, with the problems over it",
                crate::report::summary(&problems)
            );
            site.problems = Some(problems_json(&problems));
        }
    }
    site.version += 1;
    shared.changed.notify_all();
}

/// The problems as the overlay shows them: each with its place, the source line and the help.
fn problems_json(problems: &[Diagnostic]) -> String {
    serde_json::Value::Array(problems.iter().map(crate::report::json_value).collect()).to_string()
}

/// A request's method, target and `Host`.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

/// Reads a request's head: at most [`MAX_HEAD`] bytes, within five seconds.
fn read_request(stream: &TcpStream) -> Option<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut host = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_string());
        }
    }
    Some(Request { method, target, host })
}

/// Is `host` this server's own loopback address, by name or number?
fn is_loopback_host(host: &str, port: u16) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, p)) if !name.ends_with(']') || host.starts_with('[') => {
            if p != port.to_string() {
                return false;
            }
            name
        }
        _ => host,
    };
    matches!(name.to_ascii_lowercase().as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

/// The path of a request's target under the site, decoded, when it is one the site may have:
/// no `..` or `.` segment, encoded or not, no empty segment, no backslash or NUL, no
/// absolute URI. A directory's path names its `index.html`.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next()?;
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let (dir, file) = match decoded.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, decoded.as_str()),
    };
    let segments: Vec<&str> = dir.map(|d| d.split('/').collect()).unwrap_or_default();
    if segments.iter().chain(std::iter::once(&file)).any(|s| *s == "." || *s == "..")
        || segments.iter().any(|s| s.is_empty())
    {
        return None;
    }
    Some(if file.is_empty() { format!("{decoded}index.html") } else { decoded })
}

/// `%XX` escapes decoded; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = text.get(at + 1..at + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Answers one connection.
fn handle(mut stream: TcpStream, port: u16, shared: &Shared) -> std::io::Result<()> {
    let Some(request) = read_request(&stream) else { return respond(&mut stream, 400, "text/plain", b"bad request") };
    if !request.host.as_deref().is_some_and(|h| is_loopback_host(h, port)) {
        return respond(&mut stream, 403, "text/plain", b"forbidden: this server answers its loopback address only");
    }
    if request.method != "GET" && request.method != "HEAD" {
        return respond(&mut stream, 405, "text/plain", b"method not allowed");
    }
    let head = request.method == "HEAD";
    match request.target.split('?').next().unwrap_or_default() {
        "/__serve/events" => events(stream, shared),
        "/__serve/client.js" => {
            respond_body(&mut stream, 200, "text/javascript; charset=utf-8", CLIENT.as_bytes(), head)
        }
        "/__serve/status" => {
            let site = shared.site.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let body =
                format!("{{\"version\":{},\"problems\":{}}}", site.version, site.problems.as_deref().unwrap_or("null"));
            drop(site);
            respond_body(&mut stream, 200, "application/json", body.as_bytes(), head)
        }
        target if target.starts_with(OWN) => respond(&mut stream, 404, "text/plain", b"not found"),
        _ => {
            let Some(path) = site_path(&request.target) else {
                return respond(&mut stream, 404, "text/plain", b"not found");
            };
            let (file, empty) = {
                let site = shared.site.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                (site.files.get(&path).cloned(), site.files.is_empty())
            };
            let Some(file) = file else {
                // Before the first good render a page waits, showing the problems, for the fix.
                return if empty && (path.ends_with(".html") || path.ends_with(".md")) {
                    respond_body(&mut stream, 503, "text/html; charset=utf-8", &with_client(WAITING.as_bytes()), head)
                } else {
                    respond(&mut stream, 404, "text/plain", b"not found")
                };
            };
            let kind = content_type(&path);
            if kind.starts_with("text/html") {
                respond_body(&mut stream, 200, kind, &with_client(&file), head)
            } else {
                respond_body(&mut stream, 200, kind, &file, head)
            }
        }
    }
}

/// The page served for any page while the site has never rendered: the overlay tells why.
const WAITING: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cargo xtask serve</title></head>\n<body><p>The site is shown once the catalogue renders.</p></body></html>\n";

/// A page with the reload script added before its `</body>`.
fn with_client(page: &[u8]) -> Vec<u8> {
    let tag = b"<script src=\"/__serve/client.js\"></script>\n";
    let at = page.windows(7).rposition(|w| w == b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&page[at..]);
    out
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "xml" => "application/xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: u16, kind: &str, body: &[u8]) -> std::io::Result<()> {
    respond_body(stream, status, kind, body, false)
}

fn respond_body(stream: &mut TcpStream, status: u16, kind: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// An open page's event stream: `reload` when the site changed, `problems` when a render
/// failed, a comment now and then to keep the connection alive.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    stream.flush()?;
    let mut seen = shared.site.lock().unwrap_or_else(std::sync::PoisonError::into_inner).version;
    loop {
        let site = shared.site.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (site, _) = shared
            .changed
            .wait_timeout_while(site, KEEPALIVE, |s| s.version == seen)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let message = if site.version == seen {
            ": keep-alive\n\n".to_string()
        } else {
            seen = site.version;
            match &site.problems {
                Some(problems) => format!("event: problems\ndata: {problems}\n\n"),
                None => format!("event: reload\ndata: {seen}\n\n"),
            }
        };
        drop(site);
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
}

/// Opens `url` in the desktop's browser, if one can be found; says so otherwise.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        crate::say!("note: could not open a browser ({opener}); open {url} yourself");
    }
}

/// The script every served page gets: it reloads the page when the site changes, keeping the
/// scroll position and the open reasons, and shows the problems of a failed render over it.
const CLIENT: &str = include_str!("client.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_inside_the_site_are_looked_up() {
        assert_eq!(site_path("/en/faq.html?x=1#top").as_deref(), Some("en/faq.html"));
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/en/").as_deref(), Some("en/index.html"));
        assert_eq!(site_path("/ja/codes/%E3%81%82.html").as_deref(), Some("ja/codes/あ.html"));
        for hostile in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/en/../../Cargo.toml",
            "/en/%2e%2e%2fCargo.toml",
            "//etc/passwd",
            "/en//faq.html",
            "http://example.org/en/faq.html",
            "/en\\..\\Cargo.toml",
            "/en/%5c..%5cCargo.toml",
            "/a%00b",
            "/%zz",
            "/./en/faq.html",
        ] {
            assert_eq!(site_path(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn only_the_servers_own_loopback_address_is_a_host() {
        for host in ["127.0.0.1:3000", "localhost:3000", "LOCALHOST:3000", "[::1]:3000", "127.0.0.1", "localhost"] {
            assert!(is_loopback_host(host, 3000), "{host}");
        }
        for host in ["evil.example:3000", "127.0.0.1:3001", "evil.example", "127.0.0.1.evil.example:3000", ""] {
            assert!(!is_loopback_host(host, 3000), "{host}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = b"<html><body><p>x</p></body></html>";
        let served = String::from_utf8(with_client(page)).unwrap();
        assert!(served.ends_with("<script src=\"/__serve/client.js\"></script>\n</body></html>"), "{served}");
    }
}
