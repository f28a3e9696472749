//! Headless Chromium driven over the Chrome DevTools Protocol (`--remote-debugging-pipe`:
//! JSON messages ending in NUL on file descriptors 3 and 4), for the tests that need a real
//! browser. [`find_chromium`] is `None` when none is installed; the tests then say they skipped.

#![allow(dead_code)]

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

pub struct Browser {
    child: Child,
    to: std::io::PipeWriter,
    from: BufReader<std::io::PipeReader>,
    next_id: u64,
    pub events: VecDeque<Value>,
    profile: PathBuf,
}

/// One tab, attached with a flat session.
pub struct Tab {
    pub session: String,
}

pub fn find_chromium() -> Option<PathBuf> {
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
    pub fn launch(chromium: &Path) -> Browser {
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

    pub fn read_message(&mut self) -> Value {
        let mut buffer = Vec::new();
        let n = self.from.read_until(0, &mut buffer).expect("read from chromium");
        assert!(n > 0, "chromium closed the DevTools pipe (crashed, or the watchdog ended it)");
        buffer.pop();
        serde_json::from_slice(&buffer).expect("DevTools message is JSON")
    }

    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.try_call(session, method, params).unwrap_or_else(|error| panic!("{method} failed: {error}"))
    }

    /// A call whose failure is an answer, not a test failure (an evaluation in a page that is
    /// reloading, say).
    pub fn try_call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, Value> {
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
                    return Err(error.clone());
                }
                return Ok(reply["result"].clone());
            }
            self.events.push_back(reply);
        }
    }

    pub fn wait_event(&mut self, session: &str, method: &str) -> Value {
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
    pub fn open(&mut self, url: &str) -> Tab {
        self.open_sized(url, None)
    }

    /// Opens a new tab with a viewport of `(width, height)` CSS pixels (a phone's when narrow).
    pub fn open_sized(&mut self, url: &str, size: Option<(u32, u32)>) -> Tab {
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

    /// The value of `expression` in the tab, or `None` when it cannot be evaluated now (the
    /// page is between two loads) or throws.
    pub fn try_eval(&mut self, tab: &Tab, expression: &str) -> Option<Value> {
        let result = self
            .try_call(
                Some(&tab.session),
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .ok()?;
        if result.get("exceptionDetails").is_some() {
            return None;
        }
        Some(result["result"]["value"].clone())
    }

    pub fn eval(&mut self, tab: &Tab, expression: &str) -> Value {
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
    pub fn fonts(&mut self, tab: &Tab, selector: &str) -> Vec<(String, u64)> {
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
    pub fn type_text(&mut self, tab: &Tab, text: &str) {
        self.call(Some(&tab.session), "Input.insertText", json!({ "text": text }));
    }

    /// Clicks the element a CSS selector finds with real mouse events, at the centre of its first
    /// line box (a link that wraps has a gap where the centre of its whole box would be).
    pub fn click(&mut self, tab: &Tab, selector: &str) {
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
