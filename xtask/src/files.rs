//! Bringing files on disk in line with generated outputs, each as it is rendered: write only
//! what changed, each file atomically and all of them or none; or, in a dry run or a check,
//! write nothing and say what is stale, with a short diff. Temporary files are `outfile`'s:
//! removed on error and on a signal.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use outfile::{AtomicFile, NewFileMode, Staged};

use crate::generate::{Gathered, GenerateError, Output, Piecewise, Sink};

/// How many diff lines a stale file shows at most.
pub const DIFF_LINES: usize = 40;

/// What a [`Reconcile`] does with a rendered file that is missing or differs on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnChange {
    /// Writes it to a temporary file beside its target, put in place by [`Reconciled::commit`]
    /// with the others (`generate`).
    Stage,
    /// Notes its path (`generate --dry-run`).
    Note,
    /// Notes its path and a short diff from the file on disk (`check`).
    Diff,
}

/// A sink that brings each rendered file in line with the disk as it comes, holding only
/// paths: a changed file is staged (or noted), and its bytes are dropped.
///
/// Nothing on disk changes before [`Reconciled::commit`]: every changed file is written to its
/// temporary file first, and only when all are written are they flushed to disk (all at once)
/// and renamed into place, so an error (a template failing halfway, a full disk) changes no
/// file at all. Dropped before that, it removes every temporary file it wrote.
pub struct Reconcile<'a> {
    root: &'a Path,
    on_change: OnChange,
    /// Files whose bytes are kept too (`check --base` reads the published pages' anchors).
    keep: BTreeSet<PathBuf>,
    found: Mutex<Reconciled>,
    /// The folders already made, each once rather than once a file.
    made: Mutex<BTreeSet<PathBuf>>,
}

/// What reconciling every output found, each list by path.
#[derive(Debug, Default)]
pub struct Reconciled {
    /// Every generated file.
    pub paths: Vec<PathBuf>,
    /// The files missing or different on disk.
    pub stale: Vec<Stale>,
    /// The files [`Reconcile::keeping`] asked for, with their bytes.
    pub kept: Vec<Output>,
    /// The changed files, written and waiting to be put in place ([`OnChange::Stage`]).
    staged: Vec<(PathBuf, Staged)>,
}

impl<'a> Reconcile<'a> {
    pub fn new(root: &'a Path, on_change: OnChange) -> Self {
        Reconcile { root, on_change, keep: BTreeSet::new(), found: Mutex::default(), made: Mutex::default() }
    }

    /// Keeps the bytes of these files as well.
    pub fn keeping(mut self, paths: impl IntoIterator<Item = PathBuf>) -> Self {
        self.keep.extend(paths);
        self
    }

    /// Everything found, each list in the order of its paths.
    pub fn finish(self) -> Reconciled {
        let mut found = self.found.into_inner().unwrap_or_else(PoisonError::into_inner);
        found.paths.sort_by_cached_key(|path| path_order(path));
        found.stale.sort_by_cached_key(|stale| path_order(&stale.path));
        found.kept.sort_by_cached_key(|kept| path_order(&kept.path));
        found.staged.sort_by_cached_key(|staged| path_order(&staged.0));
        found
    }

    /// Writes a changed file to its temporary file, closed at once: ten thousand reasons make
    /// forty thousand pages, more than a process may hold open.
    fn stage(&self, path: &Path, bytes: &[u8]) -> io::Result<Staged> {
        let mut file = self.create(path)?;
        file.write_all(bytes)?;
        file.stage()
    }

    /// The temporary file of `path` (a path under the root), its folder made if need be.
    fn create(&self, path: &Path) -> io::Result<AtomicFile> {
        if let Some(dir) = path.parent() {
            let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
            if !made.contains(dir) {
                std::fs::create_dir_all(dir)?;
                made.insert(dir.to_path_buf());
            }
        }
        AtomicFile::create(path, NewFileMode::Default)
    }

    /// Notes what was found of one file.
    fn found(&self, path: PathBuf, stale: Option<Stale>, staged: Option<Staged>, kept: Option<Output>) {
        let mut found = self.found.lock().unwrap_or_else(PoisonError::into_inner);
        found.stale.extend(stale);
        found.staged.extend(staged.map(|file| (path.clone(), file)));
        found.kept.extend(kept);
        found.paths.push(path);
    }
}

/// A key that sorts paths in `Path`'s order (component by component), for paths of plain names
/// joined by single separators, as generated paths are: their bytes, the separator made the
/// lowest (0, which no path holds). It is the same order at a fraction of the cost (`Path`
/// parses components as it compares).
fn path_order(path: &Path) -> Vec<u8> {
    path.as_os_str().as_encoded_bytes().iter().map(|&byte| if byte == b'/' { 0 } else { byte }).collect()
}

impl Sink for Reconcile<'_> {
    fn put(&self, output: Output) -> Result<(), GenerateError> {
        let path = self.root.join(&output.path);
        let on_disk = std::fs::read(&path).ok();
        let (mut stale, mut staged) = (None, None);
        if on_disk.as_deref() != Some(&output.bytes[..]) {
            match self.on_change {
                OnChange::Stage => {
                    let file = self
                        .stage(&path, &output.bytes)
                        .map_err(|error| GenerateError::Write { path: output.path.clone(), error })?;
                    staged = Some(file);
                }
                OnChange::Note => stale = Some(Stale { path: output.path.clone(), diff: None }),
                OnChange::Diff => {
                    let diff = on_disk.map(|old| diff(&output.path, &old, &output.bytes));
                    stale = Some(Stale { path: output.path.clone(), diff });
                }
            }
        }
        let path = output.path.clone();
        let kept = self.keep.contains(&output.path).then_some(output);
        self.found(path, stale, staged, kept);
        Ok(())
    }

    /// A file in pieces is compared with the disk as the pieces come and, when generating and
    /// from its first difference, written to its temporary file: only the piece at hand is
    /// held, and an unchanged file costs no temporary file. A file `check` diffs or keeps is
    /// gathered whole.
    fn open(&self, path: PathBuf) -> Result<Box<dyn Piecewise + '_>, GenerateError> {
        if self.on_change == OnChange::Diff || self.keep.contains(&path) {
            return Ok(Box::new(Gathered::new(self, path)));
        }
        let on_disk = File::open(self.root.join(&path)).ok().map(|file| BufReader::with_capacity(1 << 16, file));
        Ok(Box::new(Streamed {
            reconcile: self,
            path,
            on_disk,
            same: true,
            matched: 0,
            staging: None,
            unwritten: Vec::new(),
            scratch: Vec::new(),
        }))
    }
}

/// A file given to [`Reconcile`] in pieces.
struct Streamed<'r, 'a> {
    reconcile: &'r Reconcile<'a>,
    path: PathBuf,
    /// The file on disk, read as far as the pieces so far; `None` when there is none.
    on_disk: Option<BufReader<File>>,
    /// Whether every piece so far is what the disk holds.
    same: bool,
    /// How many bytes the pieces held while they were the disk's.
    matched: u64,
    /// The temporary file, once the pieces differ from the disk when generating.
    staging: Option<AtomicFile>,
    /// Pieces not yet written to the temporary file: a page of many small pieces is written
    /// [`STAGING_BUFFER`] bytes a call, not a call a piece.
    unwritten: Vec<u8>,
    scratch: Vec<u8>,
}

/// How much of a file given in pieces is gathered before it is written.
const STAGING_BUFFER: usize = 64 * 1024;

impl Streamed<'_, '_> {
    fn failed(&self, error: io::Error) -> GenerateError {
        GenerateError::Write { path: self.path.clone(), error }
    }

    /// Starts the temporary file when generating, with the bytes the pieces matched so far,
    /// copied from the file on disk they were compared with.
    fn start_staging(&mut self) -> Result<(), GenerateError> {
        if self.reconcile.on_change != OnChange::Stage || self.staging.is_some() {
            return Ok(());
        }
        let mut staging = self.reconcile.create(&self.reconcile.root.join(&self.path)).map_err(|e| self.failed(e))?;
        if self.matched > 0 {
            use std::io::Seek as _;
            let copied = match self.on_disk.take() {
                Some(on_disk) => {
                    let mut file = on_disk.into_inner();
                    file.rewind().and_then(|()| io::copy(&mut (&mut file).take(self.matched), &mut staging))
                }
                None => Ok(0),
            };
            match copied {
                Ok(n) if n == self.matched => {}
                Ok(_) => return Err(self.failed(io::Error::other("the file on disk changed while it was compared"))),
                Err(error) => return Err(self.failed(error)),
            }
        }
        self.staging = Some(staging);
        Ok(())
    }

    /// Writes the gathered pieces to the temporary file.
    fn write_unwritten(&mut self) -> Result<(), GenerateError> {
        if let Some(file) = &mut self.staging {
            file.write_all(&self.unwritten).map_err(|error| GenerateError::Write { path: self.path.clone(), error })?;
        }
        self.unwritten.clear();
        Ok(())
    }
}

impl Piecewise for Streamed<'_, '_> {
    fn write(&mut self, piece: &[u8]) -> Result<(), GenerateError> {
        if self.same {
            self.same = match &mut self.on_disk {
                Some(on_disk) => {
                    // Grown, never shrunk: filling it again for every piece would cost more
                    // than the comparison (a byte at a time in the debug build).
                    if self.scratch.len() < piece.len() {
                        self.scratch.resize(piece.len(), 0);
                    }
                    let scratch = &mut self.scratch[..piece.len()];
                    on_disk.read_exact(scratch).is_ok() && scratch == piece
                }
                None => false,
            };
            if self.same {
                self.matched += piece.len() as u64;
                return Ok(());
            }
            self.start_staging()?;
        }
        if self.staging.is_some() {
            self.unwritten.extend_from_slice(piece);
            if self.unwritten.len() >= STAGING_BUFFER {
                self.write_unwritten()?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), GenerateError> {
        // The same pieces, and nothing more on disk after them.
        let same = self.same && self.on_disk.as_mut().is_some_and(|on_disk| on_disk.read(&mut [0]).ok() == Some(0));
        let (mut stale, mut staged) = (None, None);
        if !same {
            // Every piece matched a longer file, or there were none and no file: staged now.
            self.start_staging()?;
            self.write_unwritten()?;
            match self.staging.take() {
                Some(file) => {
                    let file = file.stage().map_err(|error| GenerateError::Write { path: self.path.clone(), error })?;
                    staged = Some(file);
                }
                None => stale = Some(Stale { path: self.path.clone(), diff: None }),
            }
        }
        self.reconcile.found(self.path.clone(), stale, staged, None);
        Ok(())
    }
}

impl Reconciled {
    /// Puts every staged file in place, all of them or none; returns their paths.
    pub fn commit(self) -> io::Result<Vec<PathBuf>> {
        let (paths, staged): (Vec<PathBuf>, Vec<Staged>) = self.staged.into_iter().unzip();
        outfile::commit_all(staged)?;
        Ok(paths)
    }
}

/// Writes the outputs whose bytes differ from the files on disk, all of them or none; returns
/// the paths written.
pub fn write_changed(root: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>, GenerateError> {
    let reconcile = Reconcile::new(root, OnChange::Stage);
    for output in outputs {
        reconcile.put(output.clone())?;
    }
    reconcile.finish().commit().map_err(|error| GenerateError::Write { path: root.to_path_buf(), error })
}

/// Writes one file atomically, keeping the mode of the file it replaces.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    outfile::write(path, bytes, NewFileMode::Default)
}

/// The folders generation and the l10n commands write to: every output's and the catalogue's.
pub fn written_dirs(root: &Path, outputs: &[PathBuf], catalogue: &Path) -> BTreeSet<PathBuf> {
    // Each folder joined once, not each file: a few folders hold tens of thousands of pages.
    let folders: std::collections::HashSet<&std::ffi::OsStr> =
        outputs.iter().filter_map(|path| path.parent()).map(Path::as_os_str).collect();
    folders.into_iter().map(|folder| root.join(folder)).chain(catalogue.parent().map(Path::to_path_buf)).collect()
}

/// Temporary files in those folders, left by runs that were killed.
pub fn leftovers(dirs: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    dirs.iter().flat_map(|dir| outfile::leftovers(dir)).collect()
}

/// Removes the temporary files that runs no longer alive left in those folders; returns them.
pub fn remove_dead_leftovers(dirs: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    dirs.iter().flat_map(|dir| outfile::remove_dead_leftovers(dir)).collect()
}

/// A generated file whose copy on disk is not what generation gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: PathBuf,
    /// A unified diff from the file on disk, capped; `None` when the file is missing or no diff
    /// was asked for ([`OnChange::Note`]).
    pub diff: Option<String>,
}

/// A unified diff from the file on disk to the generated file, at most [`DIFF_LINES`] lines.
fn diff(path: &Path, old: &[u8], new: &[u8]) -> String {
    let (Ok(old), Ok(new)) = (std::str::from_utf8(old), std::str::from_utf8(new)) else {
        return format!("  (bytes, not text: {} on disk, {} generated)", old.len(), new.len());
    };
    let shown = path.display().to_string();
    let text = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("{shown} (on disk)"), &format!("{shown} (generated)"))
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        // Same lines, different bytes: line ends or a byte-order mark.
        return "  (the files differ only in line ends, a byte-order mark or the final newline)".to_string();
    }
    let mut out: Vec<String> = lines.iter().take(DIFF_LINES).map(|l| format!("  {l}")).collect();
    if lines.len() > DIFF_LINES {
        out.push(format!("  … {} more diff lines", lines.len() - DIFF_LINES));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    #[test]
    fn generated_paths_are_in_path_s_order() {
        let names = [
            "docs", "en", "en-US", "ja", "codes", "a", "a-b", "a.b", "a b", "ab", "b", "faq.md", "faq.html", "1", "10",
            "2", "é",
        ];
        // Every path of up to three of these names.
        let mut paths: Vec<PathBuf> = Vec::new();
        for a in names {
            paths.push(PathBuf::from(a));
            for b in names {
                paths.push(Path::new(a).join(b));
                for c in ["en", "en-US", "1.md"] {
                    paths.push(Path::new(a).join(b).join(c));
                }
            }
        }
        let mut ours = paths.clone();
        ours.sort_by_cached_key(|path| super::path_order(path));
        paths.sort();
        assert_eq!(ours, paths);
    }

    /// A file in pieces is written only when it differs from the disk, wherever it differs,
    /// and no temporary file is left either way.
    #[test]
    fn a_file_in_pieces_is_staged_from_its_first_difference_and_an_unchanged_one_never() {
        use crate::generate::Sink as _;
        let dir = std::env::temp_dir().join(format!("xtask-streamed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let cases: &[(Option<&str>, &[&str], Option<&str>)] = &[
            (Some("abcdef"), &["abc", "def"], None),
            (Some("abcdef"), &["abc"], Some("abc")),
            (Some("abcdef"), &["ab", "Xyz"], Some("abXyz")),
            (Some("abcdef"), &["abcdef", "gh"], Some("abcdefgh")),
            (Some("abc"), &["x", "bc"], Some("xbc")),
            (Some(""), &[], None),
            (None, &["new"], Some("new")),
            (None, &[], Some("")),
        ];
        for (n, (old, pieces, written)) in cases.iter().enumerate() {
            let name = PathBuf::from(format!("{n}.txt"));
            let target = dir.join(&name);
            if let Some(old) = old {
                std::fs::write(&target, old).unwrap();
            }
            let reconcile = super::Reconcile::new(&dir, super::OnChange::Stage);
            let mut file = reconcile.open(name.clone()).unwrap();
            for piece in pieces.iter() {
                file.write(piece.as_bytes()).unwrap();
            }
            file.finish().unwrap();
            let staged = reconcile.finish().commit().unwrap();
            let case = format!("{old:?} then {pieces:?}");
            assert_eq!(staged.len(), usize::from(written.is_some()), "{case}: files written");
            let now = std::fs::read_to_string(&target).unwrap_or_default();
            assert_eq!(now, written.or(*old).unwrap_or_default(), "{case}");
        }
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), cases.len(), "only the targets are left: {left:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
