//! Writing a file in full or not at all, and never leaving debris.
//!
//! An [`AtomicFile`] is a temporary file beside its target (`.NAME.PID.tmp`), renamed over the
//! target by [`AtomicFile::commit`]. Until then the target is untouched; dropped without a
//! commit, on any error path, the temporary file is removed. [`remove_on_signal`] makes
//! SIGINT, SIGTERM and SIGHUP remove every temporary file still open before the process dies.
//! A SIGKILL cannot be caught: what it leaves is named so that [`is_temporary`] (and a
//! `.gitignore` rule `.*.tmp`) recognise it, [`leftovers`] finds it, and the next
//! [`AtomicFile::create_unnamed`] for the same target removes it once its writer is dead.
//!
//! [`AtomicFile::create_unnamed`] leaves nothing even then, where the file system allows: on
//! Linux the file is written with no name at all (`O_TMPFILE`), which the kernel frees with the
//! process however it ends, and is linked into place only when complete.
//!
//! The file that is replaced keeps its permission bits (and, where the process may, its owner);
//! a symlink is written through: its target is replaced, the link stays a link.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

#[cfg(unix)]
mod signals;
#[cfg(unix)]
pub use signals::remove_on_signal;

/// Does nothing where there are no POSIX signals.
#[cfg(not(unix))]
pub fn remove_on_signal() {}

/// The temporary files this process has open, removed by the signal handler thread. A file is
/// created, renamed and removed with this lock held, so that the handler sees every file that
/// exists and none that is already in place.
static PENDING: Mutex<std::collections::BTreeSet<PathBuf>> = Mutex::new(std::collections::BTreeSet::new());

fn pending() -> MutexGuard<'static, std::collections::BTreeSet<PathBuf>> {
    PENDING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The permission bits of a file that does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewFileMode {
    /// What the process creates files with (0666 less the umask).
    Default,
    /// Exactly these bits (`0o600` for a file that holds personal data).
    Exactly(u32),
}

/// A file being written beside its target; see the crate documentation.
#[derive(Debug)]
pub struct AtomicFile {
    file: Option<File>,
    temporary: PathBuf,
    target: PathBuf,
    /// The bits to give the file before it takes the target's place, when not the default.
    mode: Option<u32>,
    /// The owner of the file it replaces.
    owner: Option<(u32, u32)>,
    /// Written with no name (`O_TMPFILE`): `temporary` is the name it takes only at commit.
    unnamed: bool,
}

impl AtomicFile {
    /// Starts writing `target` (through any symlinks). A target that exists keeps its mode;
    /// a new one gets `new_file_mode`. A directory, a device, a FIFO or a socket is refused.
    pub fn create(target: &Path, new_file_mode: NewFileMode) -> io::Result<AtomicFile> {
        AtomicFile::open(target, new_file_mode, false)
    }

    /// As [`AtomicFile::create`], but written with no name where the file system allows
    /// (`O_TMPFILE` on Linux), so that not even a SIGKILL leaves a file beside the target; a
    /// named temporary file elsewhere. Either way, the temporary files of this target that dead
    /// processes left are removed first.
    pub fn create_unnamed(target: &Path, new_file_mode: NewFileMode) -> io::Result<AtomicFile> {
        AtomicFile::open(target, new_file_mode, true)
    }

    fn open(target: &Path, new_file_mode: NewFileMode, unnamed: bool) -> io::Result<AtomicFile> {
        let target = resolve_links(target)?;
        let existing = match fs::metadata(&target) {
            Ok(metadata) if metadata.is_dir() => {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    format!("{} is a directory", target.display()),
                ));
            }
            // A device, a FIFO or a socket is never replaced by a file (`/dev/null` stays a device).
            Ok(metadata) if !metadata.is_file() => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is no regular file, so it is not replaced", target.display()),
                ));
            }
            Ok(metadata) => Some(metadata),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let (mode, owner) = match &existing {
            Some(metadata) => (Some(permission_bits(metadata)), owner(metadata)),
            None => match new_file_mode {
                NewFileMode::Default => (None, None),
                NewFileMode::Exactly(bits) => (Some(bits), None),
            },
        };
        let temporary = temporary_path(&target)?;
        // What a writer killed before left for this target is removed, once it is dead (a set
        // of files, `generate`'s, reports what it removes instead: `remove_dead_leftovers`).
        if unnamed {
            remove_dead_leftovers_of(&target);
        }
        #[cfg(target_os = "linux")]
        if unnamed && let Ok(file) = open_unnamed(&target, mode.is_some()) {
            return Ok(AtomicFile { file: Some(file), temporary, target, mode, owner, unnamed: true });
        }
        let _ = unnamed;
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // Nobody else may read the rows while they are written; the final bits come at commit.
        #[cfg(unix)]
        if mode.is_some() {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut list = pending();
        let file = match options.open(&temporary) {
            // Left by a killed process whose id this one now has: debris, not another writer.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && !list.contains(&temporary) => {
                fs::remove_file(&temporary)?;
                options.open(&temporary)?
            }
            other => other?,
        };
        list.insert(temporary.clone());
        drop(list);
        Ok(AtomicFile { file: Some(file), temporary, target, mode, owner, unnamed: false })
    }

    /// The file the target resolved to, through its symlinks.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary file, for tests and messages.
    pub fn temporary(&self) -> &Path {
        &self.temporary
    }

    /// The open temporary file.
    pub fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("the file is open until commit")
    }

    /// Flushes the file to disk, gives it its mode and owner, and puts it in the target's place.
    pub fn commit(self) -> io::Result<()> {
        let staged = self.close(Durability::Now)?;
        staged.commit()
    }

    /// Gives the file its mode and owner and closes it, holding no descriptor, to be put in
    /// place later with the others of a set ([`commit_all`]). Still removed if dropped.
    pub fn stage(self) -> io::Result<Staged> {
        self.close(Durability::Later)
    }

    fn close(mut self, durability: Durability) -> io::Result<Staged> {
        let file = self.file.take().expect("the file is open until commit");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Some(bits) = self.mode {
                file.set_permissions(fs::Permissions::from_mode(bits))?;
            }
            if let Some((uid, gid)) = self.owner {
                // Only a privileged process may give a file away; otherwise it stays the writer's.
                let _ = std::os::unix::fs::fchown(&file, Some(uid), Some(gid));
            }
        }
        if durability == Durability::Now {
            file.sync_all()?;
        }
        if self.unnamed {
            name_unnamed(&file, &self.temporary)?;
        }
        drop(file);
        // The temporary path moves to the staged file, which now owns its removal.
        let temporary = std::mem::take(&mut self.temporary);
        let target = std::mem::take(&mut self.target);
        Ok(Staged { temporary, target })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// Flushed to disk before the file is closed.
    Now,
    /// Flushed with the rest of its set, once, before any of them is put in place.
    Later,
}

/// A temporary file written in full and closed, waiting to take its target's place; removed
/// if dropped before. It holds no file descriptor, so any number of them can wait.
#[derive(Debug)]
pub struct Staged {
    temporary: PathBuf,
    target: PathBuf,
}

impl Staged {
    /// Puts the file in its target's place.
    pub fn commit(mut self) -> io::Result<()> {
        let mut list = pending();
        let renamed = fs::rename(&self.temporary, &self.target);
        if renamed.is_ok() {
            list.remove(&self.temporary);
            self.temporary = PathBuf::new();
        }
        drop(list);
        renamed
        // On an error, drop removes the temporary file.
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        remove_pending(&self.temporary);
    }
}

/// A file with no name in `target`'s directory (`O_TMPFILE`), readable so that it can be
/// copied should it not be linkable; private (0600) when `private`, else as the umask says.
#[cfg(target_os = "linux")]
fn open_unnamed(target: &Path, private: bool) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = dir_of(target);
    OpenOptions::new()
        .read(true)
        .write(true)
        .mode(if private { 0o600 } else { 0o666 })
        .custom_flags(libc::O_TMPFILE)
        .open(dir)
}

/// Gives the unnamed file its temporary name, to be renamed over the target at once: linked
/// (by its descriptor, or through `/proc/self/fd` for a process without the capability that
/// needs), else copied. Registered as pending, as a named temporary file is.
fn name_unnamed(file: &File, temporary: &Path) -> io::Result<()> {
    let mut list = pending();
    // Debris of a killed process whose id this one now has.
    if fs::symlink_metadata(temporary).is_ok() && !list.contains(temporary) {
        fs::remove_file(temporary)?;
    }
    #[cfg(target_os = "linux")]
    if link_descriptor(file, temporary).is_ok() {
        list.insert(temporary.to_path_buf());
        return Ok(());
    }
    let mut copy = OpenOptions::new().write(true).create_new(true).open(temporary)?;
    list.insert(temporary.to_path_buf());
    drop(list);
    let mut source = file.try_clone()?;
    source.seek(io::SeekFrom::Start(0))?;
    io::copy(&mut source, &mut copy)?;
    copy.set_permissions(file.metadata()?.permissions())?;
    copy.sync_all()
}

#[cfg(target_os = "linux")]
fn link_descriptor(file: &File, to: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    let to = std::ffi::CString::new(to.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let fd = file.as_raw_fd();
    // SAFETY: valid C strings and an open descriptor; linkat only reads them.
    if unsafe { libc::linkat(fd, c"".as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::AT_EMPTY_PATH) } == 0 {
        return Ok(());
    }
    let by_proc = std::ffi::CString::new(format!("/proc/self/fd/{fd}")).map_err(io::Error::other)?;
    // SAFETY: as above.
    if unsafe { libc::linkat(libc::AT_FDCWD, by_proc.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::AT_SYMLINK_FOLLOW) }
        == 0
    {
        return Ok(());
    }
    Err(io::Error::last_os_error())
}

/// Removes the temporary files of `target` (`.NAME.PID.tmp` beside it) whose writer is no
/// longer running; returns them.
pub fn remove_dead_leftovers_of(target: &Path) -> Vec<PathBuf> {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else { return Vec::new() };
    let dir = dir_of(target);
    let prefix = format!(".{name}.");
    leftovers(dir)
        .into_iter()
        .filter(|path| {
            let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let pid = file_name.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".tmp"));
            let pid = pid.and_then(|p| p.parse::<u32>().ok());
            pid.is_some_and(|pid| !is_alive(pid)) && fs::remove_file(path).is_ok()
        })
        .collect()
}

/// The directory `target` is in (`.` for a bare file name).
fn dir_of(target: &Path) -> &Path {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Removes a temporary file this process still has pending (none for an empty path).
fn remove_pending(temporary: &Path) {
    if temporary.as_os_str().is_empty() {
        return;
    }
    let mut list = pending();
    if list.remove(temporary) {
        let _ = fs::remove_file(temporary);
    }
}

/// Puts a set of staged files in place: their data is flushed to disk first, all at once (one
/// `syncfs` of their file system on Linux, rather than one flush a file), then each is renamed
/// over its target. On an error, the files not yet renamed are removed.
pub fn commit_all(staged: Vec<Staged>) -> io::Result<()> {
    if let Some(first) = staged.first() {
        flush_file_system(&first.temporary, &staged)?;
    }
    for file in staged {
        file.commit()?;
    }
    Ok(())
}

/// Makes the staged files' data durable before any of them is renamed.
fn flush_file_system(any: &Path, staged: &[Staged]) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let dir = File::open(any.parent().unwrap_or(Path::new(".")))?;
        use std::os::fd::AsRawFd;
        // SAFETY: a valid descriptor of an open directory.
        if unsafe { libc::syncfs(dir.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    let _ = any;
    for file in staged {
        File::open(&file.temporary)?.sync_all()?;
    }
    Ok(())
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

impl io::Seek for AtomicFile {
    fn seek(&mut self, position: io::SeekFrom) -> io::Result<u64> {
        Seek::seek(self.file(), position)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Closed first; an empty path was handed to a `Staged`, which removes it if need be.
        self.file = None;
        remove_pending(&self.temporary);
    }
}

/// Writes `bytes` to `path` atomically; see [`AtomicFile`].
pub fn write(path: &Path, bytes: &[u8], new_file_mode: NewFileMode) -> io::Result<()> {
    let mut file = AtomicFile::create(path, new_file_mode)?;
    file.write_all(bytes)?;
    file.commit()
}

/// The permission bits of a file (`0o644`).
pub fn permission_bits(metadata: &fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.permissions().mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        if metadata.permissions().readonly() { 0o444 } else { 0o644 }
    }
}

#[cfg(unix)]
fn owner(metadata: &fs::Metadata) -> Option<(u32, u32)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.uid(), metadata.gid()))
}

#[cfg(not(unix))]
fn owner(_: &fs::Metadata) -> Option<(u32, u32)> {
    None
}

/// The file a path names once its symlinks are followed (a dangling link names its target).
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(format!("{}: too many levels of symbolic links", path.display())))
}

/// `.NAME.PID.tmp` beside the target.
fn temporary_path(target: &Path) -> io::Result<PathBuf> {
    let Some(name) = target.file_name() else {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{} names no file", target.display())));
    };
    let mut temporary = OsString::from(".");
    temporary.push(name);
    temporary.push(format!(".{}.tmp", std::process::id()));
    Ok(target.with_file_name(temporary))
}

/// Is this file name one of a temporary file ([`AtomicFile`] names them `.NAME.PID.tmp`)?
/// Returns the process id that wrote it.
pub fn is_temporary(file_name: &str) -> Option<u32> {
    let inner = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (name, pid) = inner.rsplit_once('.')?;
    if name.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// Is the process that wrote a temporary file still running? (A leftover of a dead one is
/// debris; a live one's is work in progress.)
pub fn is_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        // Signal 0 checks that the process exists; EPERM means it does, owned by someone else.
        // SAFETY: kill with signal 0 sends nothing.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        pid == std::process::id()
    }
}

/// The temporary files in `dir` (not below it), sorted.
pub fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .filter(|entry| entry.file_name().to_str().and_then(is_temporary).is_some())
        .map(|entry| entry.path())
        .collect();
    found.sort();
    found
}

/// Removes the temporary files in `dir` that a process no longer running left behind;
/// returns them.
pub fn remove_dead_leftovers(dir: &Path) -> Vec<PathBuf> {
    leftovers(dir)
        .into_iter()
        .filter(|path| {
            let pid = path.file_name().and_then(|n| n.to_str()).and_then(is_temporary);
            pid.is_some_and(|pid| !is_alive(pid)) && fs::remove_file(path).is_ok()
        })
        .collect()
}

#[cfg(test)]
mod tests;
