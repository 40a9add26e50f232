//! Reuse: takes a file of a new build and the output folder the build replaces, and writes the
//! file into the staging folder, or links the previous build's copy there when its bytes are the
//! same. Creating a file costs the file system far more than a link (a new inode, found past the
//! ones the last build freed: 60–150 ms for the 200 files of a large plan on ext4), and a rebuild
//! leaves most files unchanged (the open data, the fonts, often the PDF).
//!
//! The previous output is read only where it is yjplan's: a regular file of exactly the new
//! file's size, under real folders (no symbolic link on the way), opened without following a link
//! and without waiting, so a FIFO or a link put there is never read through and cannot stall the
//! build.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// Writes `bytes` at `target`, or links `previous` there when it holds the same bytes.
pub fn write_or_link(target: &Path, bytes: &[u8], previous: Option<&Path>) -> std::io::Result<()> {
    if let Some(old) = previous.filter(|old| same_bytes(old, bytes)) {
        if std::fs::hard_link(old, target).is_ok() {
            // The old path could have become a link since it was compared: link only files.
            if std::fs::symlink_metadata(target).is_ok_and(|m| m.is_file()) {
                return Ok(());
            }
            std::fs::remove_file(target)?;
        }
    }
    std::fs::write(target, bytes)
}

/// The previous build's copy of the file at `relative`, when `out_dir` is a real folder and no
/// folder on the way to the file is a link.
pub fn previous_copy(out_dir: &Path, relative: &Path) -> Option<std::path::PathBuf> {
    let mut dir = out_dir.to_path_buf();
    let is_real_dir = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    if !is_real_dir(&dir) {
        return None;
    }
    let folders = relative.parent().into_iter().flat_map(Path::components);
    for part in folders {
        dir.push(part);
        if !is_real_dir(&dir) {
            return None;
        }
    }
    Some(dir.join(relative.file_name()?))
}

/// True when `path` is a regular file holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let size = bytes.len() as u64;
    let is_same_size_file = |m: std::fs::Metadata| m.is_file() && m.len() == size;
    if !std::fs::symlink_metadata(path).is_ok_and(is_same_size_file) {
        return false;
    }
    let Ok(mut file) = open_without_waiting(path) else {
        return false;
    };
    // What was opened may not be what was looked at a moment ago.
    if !file.metadata().is_ok_and(is_same_size_file) {
        return false;
    }
    let mut chunk = vec![0; 64 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut chunk) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && chunk[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) | Err(_) => return false,
        }
    }
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("yjplan-reuse-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).unwrap().ino()
    }

    #[cfg(unix)]
    #[test]
    fn links_a_file_with_the_same_bytes_and_writes_one_that_changed() {
        let dir = temp("same");
        let old = dir.join("old.csv");
        std::fs::write(&old, b"a,b\n1,2\n").unwrap();
        write_or_link(&dir.join("same.csv"), b"a,b\n1,2\n", Some(&old)).unwrap();
        assert_eq!(inode(&dir.join("same.csv")), inode(&old));
        for (name, bytes) in [
            ("longer.csv", &b"a,b\n1,2\n3\n"[..]),
            ("other.csv", b"a,b\n1,3\n"),
        ] {
            write_or_link(&dir.join(name), bytes, Some(&old)).unwrap();
            assert_ne!(inode(&dir.join(name)), inode(&old));
            assert_eq!(std::fs::read(dir.join(name)).unwrap(), bytes);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn never_reads_through_a_link_or_a_fifo() {
        let dir = temp("links");
        std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
        std::fs::write(dir.join("elsewhere/secret.csv"), b"same").unwrap();
        let out = dir.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere"), out.join("html")).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere/secret.csv"), out.join("a.csv")).unwrap();
        assert_eq!(previous_copy(&out, Path::new("html/secret.csv")), None);
        let linked = previous_copy(&out, Path::new("a.csv")).unwrap();
        assert!(!same_bytes(&linked, b"same"), "a link is not followed");
        let fifo = out.join("b.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            write_or_link(&dir.join("b.csv"), b"", Some(&fifo)).unwrap();
            assert!(std::fs::symlink_metadata(dir.join("b.csv"))
                .unwrap()
                .is_file());
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
