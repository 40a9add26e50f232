//! Publish: takes every file of a build (in memory: all at once, or each as soon as it is final,
//! through [`Staging`]) and an output folder, and replaces the folder's contents as a whole. The
//! files are written into a staging folder beside it, which is then swapped with the output
//! folder in one rename (Linux: `renameat2` with `RENAME_EXCHANGE`; elsewhere two renames, so for
//! an instant there is no folder, but never a mix). A reader of the output folder sees the
//! complete old build or the complete new one.
//!
//! Staging and old folders left by a build that was killed are removed by the next build, unless
//! the process that made them is still running. Files the previous build wrote with the same
//! bytes are linked into the staging folder rather than written again ([`reuse`], which reads
//! the old output as it reads a plan: regular files inside it, no larger than the new file, so a
//! FIFO, a link out or a huge file left there cannot stall the build or make it read elsewhere).

use super::reuse;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The file that marks a folder as a yjplan output set, so that a folder holding anything else
/// is never replaced.
pub const MARKER: &str = ".yjplan-output";

/// Names a yjplan output folder may hold without the marker (output of versions before it, and
/// the preview server's lock).
const KNOWN: &[&str] = &[
    "html",
    "accessibility-statement.html",
    "manifest.json",
    ".yjplan-serve.lock",
    MARKER,
];

/// Writes `files` as the new contents of `out_dir` (see the module comment), and gives the
/// paths of the files as they now are under `out_dir`.
pub fn publish(
    out_dir: &Path,
    files: &[crate::output::OutputFile],
) -> std::io::Result<Vec<PathBuf>> {
    let mut staging = Staging::begin(out_dir)?;
    let written = files
        .iter()
        .map(|file| staging.add(file))
        .collect::<std::io::Result<_>>()?;
    staging.finish()?;
    Ok(written)
}

/// A new output set being written beside the output folder: [`publish`] in steps, so that files
/// finished early (the web page's open data while the PDF is typeset) are written early. Dropped
/// before [`Staging::finish`], it is removed and the output folder stays as it was.
pub struct Staging {
    out_dir: PathBuf,
    parent: PathBuf,
    name: String,
    /// The staging folder.
    dir: PathBuf,
    /// The previous build, to link unchanged files from.
    previous: Option<crate::load::confine::Confined>,
    /// Folders made in the staging folder so far.
    folders: BTreeSet<PathBuf>,
    finished: bool,
}

impl Staging {
    /// Makes the staging folder for `out_dir` (removing leftovers of killed builds first), or
    /// refuses an output folder that holds files yjplan did not write.
    pub fn begin(out_dir: &Path) -> std::io::Result<Staging> {
        let (parent, name) = split(out_dir)?;
        std::fs::create_dir_all(&parent).map_err(|e| named(e, &parent))?;
        clean_leftovers(&parent, &name);
        refuse_foreign(out_dir)?;
        let dir = parent.join(format!(
            ".{name}.yjplan-staging-{}-{}",
            std::process::id(),
            unique()
        ));
        std::fs::create_dir(&dir).map_err(|e| named(e, &dir))?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            previous: reuse::previous_build(out_dir),
            folders: BTreeSet::from([dir.clone()]),
            parent,
            name,
            dir,
            finished: false,
        })
    }

    /// Writes `file` into the new set (or links the previous build's copy when it has the same
    /// bytes), and gives its path as it will be under the output folder.
    pub fn add(&mut self, file: &crate::output::OutputFile) -> std::io::Result<PathBuf> {
        let target = self.dir.join(&file.path);
        let written = (|| {
            self.make_folder(&target)?;
            let relative = Path::new(&file.path);
            reuse::write_or_link(&target, &file.bytes, self.previous.as_ref(), relative)
        })();
        written.map_err(|e| named(e, &target))?;
        Ok(self.out_dir.join(&file.path))
    }

    /// Adds `path`, a copy of `of` (added before), as a link to it: the same file again costs
    /// no writing (written after all where the file system cannot link).
    pub fn add_copy(
        &mut self,
        path: &str,
        of: &crate::output::OutputFile,
    ) -> std::io::Result<PathBuf> {
        let target = self.dir.join(path);
        let linked = (|| {
            self.make_folder(&target)?;
            if std::fs::hard_link(self.dir.join(&of.path), &target).is_err() {
                std::fs::write(&target, &of.bytes)?;
            }
            Ok(())
        })();
        linked.map_err(|e| named(e, &target))?;
        Ok(self.out_dir.join(path))
    }

    /// Makes the folder `target` goes in, once.
    fn make_folder(&mut self, target: &Path) -> std::io::Result<()> {
        match target.parent() {
            Some(folder) if self.folders.insert(folder.to_path_buf()) => {
                std::fs::create_dir_all(folder)
            }
            _ => Ok(()),
        }
    }

    /// Marks the staging folder as a yjplan output set and puts it in the output folder's place.
    pub fn finish(mut self) -> std::io::Result<()> {
        let marker = self.dir.join(MARKER);
        std::fs::write(
            &marker,
            "This folder is written by yjplan build and replaced as a whole by the next build.\n",
        )
        .map_err(|e| named(e, &marker))?;
        sync_dir(&self.dir);
        swap_in(&self.dir, &self.out_dir, &self.parent, &self.name)
            .map_err(|e| named(e, &self.out_dir))?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// An error that names the path it is about.
fn named(e: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {}", shown(path), e))
}

/// A path as printed in an error (the output layer sits below `diag`, so no display_path).
fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The parent folder (made absolute when the path has none) and the folder's own name.
fn split(out_dir: &Path) -> std::io::Result<(PathBuf, String)> {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n != "." && n != "..")
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} is not a folder name yjplan can replace; name a folder such as `out`",
                    out_dir.display()
                ),
            )
        })?;
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// Refuses to replace a folder that holds files yjplan did not write.
fn refuse_foreign(out_dir: &Path) -> std::io::Result<()> {
    let meta = match std::fs::symlink_metadata(out_dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let shown = shown(out_dir);
    if !meta.is_dir() {
        return Err(std::io::Error::other(format!(
            "{shown} exists and is not a folder; name a new folder with --out"
        )));
    }
    if out_dir.join(MARKER).is_file() {
        return Ok(());
    }
    for entry in std::fs::read_dir(out_dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !(KNOWN.contains(&name.as_str()) || name.ends_with(".pdf")) {
            return Err(std::io::Error::other(format!(
                "{shown} holds `{}`, which yjplan did not write; yjplan replaces its output folder as a whole, so name an empty or new folder with --out",
                name.escape_debug()
            )));
        }
    }
    Ok(())
}

/// Puts the staging folder in the output folder's place and removes the old contents.
fn swap_in(staging: &Path, out_dir: &Path, parent: &Path, name: &str) -> std::io::Result<()> {
    if std::fs::symlink_metadata(out_dir).is_err() {
        return std::fs::rename(staging, out_dir);
    }
    if exchange(staging, out_dir)? {
        // The old contents are now at the staging path.
        let _ = std::fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = parent.join(format!(
        ".{name}.yjplan-old-{}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::rename(out_dir, &old)?;
    if let Err(e) = std::fs::rename(staging, out_dir) {
        let _ = std::fs::rename(&old, out_dir);
        return Err(e);
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Swaps two folders atomically; `Ok(false)` when the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c =
        |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Removes staging and old folders of `name` whose build process is no longer running.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.yjplan-staging-"),
        format!(".{name}.yjplan-old-"),
    ];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !is_running(pid)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks whether the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn is_running(pid: u32) -> bool {
    pid == std::process::id()
}

fn unique() -> usize {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Flushes the staging folder's entries to disk, so the swap does not publish empty files after
/// a power cut (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests;
