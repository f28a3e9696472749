//! Notices a save to the files the site is made from: the catalogue, its sources' copies and
//! the templates. On Linux the kernel says when a file was written and closed or moved into
//! place (inotify), so a save is seen at once and never half-written; elsewhere, and as a
//! safety net for what a notification can miss (a directory replaced whole), the files' sizes
//! and times are compared every so often.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::project::Project;

/// How often the files are compared when no notification comes (every [`POLL`] without one;
/// on Linux a notification usually comes first).
#[cfg(target_os = "linux")]
const POLL: Duration = Duration::from_secs(1);
#[cfg(not(target_os = "linux"))]
const POLL: Duration = Duration::from_millis(20);
/// Without notifications, how long a changed file must stay unchanged before it counts as
/// saved (a save truncates, then writes), and how many times to wait so.
const SETTLE: Duration = Duration::from_millis(5);
const SETTLE_TRIES: usize = 10;

/// Each watched file with its size and time.
type Snapshot = Vec<(PathBuf, u64, Option<SystemTime>)>;

pub struct Watcher {
    catalogue: PathBuf,
    dirs: Vec<PathBuf>,
    seen: Snapshot,
    #[cfg(target_os = "linux")]
    notify: Option<inotify::Notify>,
}

impl Watcher {
    pub fn new(project: &Project) -> Watcher {
        let sources = project.catalogue.parent().map(|dir| dir.join("sources"));
        let dirs: Vec<PathBuf> = std::iter::once(project.templates.clone()).chain(sources).collect();
        let mut watcher = Watcher {
            catalogue: project.catalogue.clone(),
            dirs,
            seen: Vec::new(),
            #[cfg(target_os = "linux")]
            notify: inotify::Notify::new(),
        };
        watcher.watch_dirs();
        watcher.seen = watcher.snapshot();
        watcher
    }

    /// Returns once a watched file has changed since the last return, and is whole.
    pub fn wait(&mut self) {
        loop {
            let notified = self.pause();
            let mut now = self.snapshot();
            if now == self.seen {
                continue;
            }
            if !notified {
                for _ in 0..SETTLE_TRIES {
                    std::thread::sleep(SETTLE);
                    let again = self.snapshot();
                    if again == now {
                        break;
                    }
                    now = again;
                }
            }
            self.seen = now;
            self.watch_dirs();
            return;
        }
    }

    /// Waits for a notification or [`POLL`]; `true` when the kernel said a file was saved.
    fn pause(&mut self) -> bool {
        #[cfg(target_os = "linux")]
        if let Some(notify) = &self.notify {
            return notify.wait(POLL);
        }
        std::thread::sleep(POLL);
        false
    }

    /// (Re)places the notifications on the watched directories, which a save by renaming or a
    /// checkout may have replaced.
    fn watch_dirs(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some(notify) = &self.notify {
            let catalogue_dir = self.catalogue.parent().map(PathBuf::from);
            for dir in self.dirs.iter().chain(catalogue_dir.as_ref()) {
                notify.add(dir);
            }
        }
    }

    fn snapshot(&self) -> Snapshot {
        let mut files = vec![self.catalogue.clone()];
        for dir in &self.dirs {
            if let Ok(entries) = std::fs::read_dir(dir) {
                files.extend(entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()));
            }
        }
        files.sort();
        files
            .into_iter()
            .map(|path| {
                let meta = std::fs::metadata(&path).ok();
                let (len, modified) = meta.map_or((0, None), |m| (m.len(), m.modified().ok()));
                (path, len, modified)
            })
            .collect()
    }
}

#[cfg(target_os = "linux")]
mod inotify {
    //! The few inotify calls the watcher needs.

    use std::os::unix::ffi::OsStrExt as _;
    use std::path::Path;
    use std::time::Duration;

    pub struct Notify {
        fd: libc::c_int,
    }

    /// A file written and closed, moved in or out, or deleted: a save as editors make them.
    const SAVED: u32 = libc::IN_CLOSE_WRITE | libc::IN_MOVED_TO | libc::IN_MOVED_FROM | libc::IN_DELETE;

    impl Notify {
        pub fn new() -> Option<Notify> {
            // SAFETY: a plain system call with constant flags; the result is checked.
            let fd = unsafe { libc::inotify_init1(libc::IN_CLOEXEC | libc::IN_NONBLOCK) };
            (fd >= 0).then_some(Notify { fd })
        }

        /// Watches `dir`'s entries; a directory already watched keeps its one watch.
        pub fn add(&self, dir: &Path) {
            let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return };
            // SAFETY: `path` is a NUL-terminated string that outlives the call.
            unsafe { libc::inotify_add_watch(self.fd, path.as_ptr(), SAVED) };
        }

        /// Waits up to `limit` for a notification; `true` when one came (all pending are read).
        pub fn wait(&self, limit: Duration) -> bool {
            let mut poll = libc::pollfd { fd: self.fd, events: libc::POLLIN, revents: 0 };
            let millis = limit.as_millis().min(i32::MAX as u128) as libc::c_int;
            // SAFETY: one valid pollfd, for the duration of the call.
            let ready = unsafe { libc::poll(&mut poll, 1, millis) };
            if ready <= 0 {
                return false;
            }
            let mut buffer = [0u8; 4096];
            // SAFETY: the buffer is valid for its length; the descriptor is non-blocking, so
            // the loop ends when nothing is left.
            while unsafe { libc::read(self.fd, buffer.as_mut_ptr().cast(), buffer.len()) } > 0 {}
            true
        }
    }

    impl Drop for Notify {
        fn drop(&mut self) {
            // SAFETY: the descriptor is this value's own.
            unsafe { libc::close(self.fd) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_is_noticed_and_an_untouched_file_is_not() {
        let root = std::env::temp_dir().join(format!("xtask-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("catalogue/sources")).unwrap();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("catalogue/c.toml"), "a").unwrap();
        let project = Project::new(&root, Some(&root.join("catalogue/c.toml"))).unwrap();
        let mut watcher = Watcher::new(&project);
        let (done, saw) = std::sync::mpsc::channel();
        let handle = std::thread::spawn(move || {
            watcher.wait();
            done.send(()).unwrap();
            watcher
        });
        assert!(saw.recv_timeout(Duration::from_millis(300)).is_err(), "nothing changed yet");
        std::fs::write(root.join("templates/page.html.tera"), "x").unwrap();
        saw.recv_timeout(Duration::from_secs(5)).expect("a new template is a change");
        let mut watcher = handle.join().unwrap();
        // A save by renaming a temporary file over the catalogue, as many editors do.
        let handle = std::thread::spawn(move || {
            watcher.wait();
        });
        std::fs::write(root.join("catalogue/.c.toml.tmp"), "b").unwrap();
        std::fs::rename(root.join("catalogue/.c.toml.tmp"), root.join("catalogue/c.toml")).unwrap();
        let started = std::time::Instant::now();
        while !handle.is_finished() {
            assert!(started.elapsed() < Duration::from_secs(5), "the renamed catalogue was not noticed");
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}
