//! SIGINT, SIGTERM and SIGHUP remove every temporary file before the process dies of them.
//!
//! The signals are blocked in every thread and taken by one thread of their own with
//! `sigwait`, which may lock and remove files like any code (a handler could do neither
//! safely). It then dies of the same signal, so a shell sees what it expects.

use std::sync::Once;

/// Installs the handling once. Call it first thing in `main`, before any thread starts: the
/// threads started after it inherit the blocked signals. Children started with
/// `std::process::Command` get an empty signal mask back.
pub fn remove_on_signal() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: plain libc calls on a local, initialised signal set.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::sigaddset(&mut set, signal);
            }
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
                return;
            }
            let spawned = std::thread::Builder::new().name("signals".into()).spawn(move || {
                let mut signal = 0;
                if libc::sigwait(&set, &mut signal) != 0 {
                    return;
                }
                // Held until the process is gone: no file is created or renamed after this.
                let list = super::pending();
                for path in list.iter() {
                    let _ = std::fs::remove_file(path);
                }
                libc::signal(signal, libc::SIG_DFL);
                libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
                libc::raise(signal);
                // Not reached: the default action of these signals ends the process.
                std::process::exit(128 + signal);
            });
            if spawned.is_err() {
                libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            }
        }
    });
}
