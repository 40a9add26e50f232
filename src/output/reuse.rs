//! Reuse: takes a file of a new build and the output folder the build replaces, and writes the
//! file into the staging folder, or links the previous build's copy there when its bytes are the
//! same. Creating a file costs the file system far more than a link (a new inode, found past the
//! ones the last build freed: 9–150 ms for the 214 files of a large plan on ext4), and a rebuild
//! leaves most files unchanged (the open data, the fonts, often the PDF).
//!
//! The previous output is read as the plan folder is ([`Confined`]): only regular files inside
//! it, after every symlink, and no larger than the new file, opened without waiting, so a FIFO or
//! a link put there is never read through and cannot stall the build.

use crate::load::confine::Confined;
use std::io::Read;
use std::path::Path;

/// The previous build's output folder, when there is one to take unchanged files from.
pub fn previous_build(out_dir: &Path) -> Option<Confined> {
    Confined::new(out_dir).ok()
}

/// Writes `bytes` at `target`, or links the previous build's file at `relative` there when it
/// holds the same bytes.
pub fn write_or_link(
    target: &Path,
    bytes: &[u8],
    previous: Option<&Confined>,
    relative: &Path,
) -> std::io::Result<()> {
    if let Some(old) = previous.and_then(|p| unchanged_copy(p, relative, bytes)) {
        if std::fs::hard_link(&old, target).is_ok() {
            // The old path could have become a link since it was compared: link only files.
            if std::fs::symlink_metadata(target).is_ok_and(|m| m.is_file()) {
                return Ok(());
            }
            std::fs::remove_file(target)?;
        }
    }
    std::fs::write(target, bytes)
}

/// Where the previous build's copy of `relative` really is, when it holds exactly `bytes`.
fn unchanged_copy(
    previous: &Confined,
    relative: &Path,
    bytes: &[u8],
) -> Option<std::path::PathBuf> {
    let real = previous.resolve(relative).ok()?;
    let (file, size) = previous.open(&real, bytes.len() as u64).ok()?;
    (size == bytes.len() as u64 && holds(file, bytes)).then_some(real)
}

/// Whether `file` holds exactly `bytes`, read a piece at a time (a large PDF is not read whole
/// into memory only to be compared, and a changed file is left at its first difference).
fn holds(mut file: std::fs::File, bytes: &[u8]) -> bool {
    let mut piece = vec![0; 64 << 10];
    let mut rest = bytes;
    loop {
        match file.read(&mut piece) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && piece[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
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
        let (out, staging) = (dir.join("out"), dir.join("staging"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&staging).unwrap();
        let old = out.join("old.csv");
        std::fs::write(&old, b"a,b\n1,2\n").unwrap();
        let previous = previous_build(&out);
        let same = staging.join("same.csv");
        write_or_link(
            &same,
            b"a,b\n1,2\n",
            previous.as_ref(),
            Path::new("old.csv"),
        )
        .unwrap();
        assert_eq!(inode(&same), inode(&old));
        for (name, bytes) in [
            ("longer.csv", &b"a,b\n1,2\n3\n"[..]),
            ("other.csv", b"a,b\n1,3\n"),
        ] {
            let target = staging.join(name);
            write_or_link(&target, bytes, previous.as_ref(), Path::new("old.csv")).unwrap();
            assert_ne!(inode(&target), inode(&old));
            assert_eq!(std::fs::read(&target).unwrap(), bytes);
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
        let previous = previous_build(&out).unwrap();
        for linked in ["html/secret.csv", "a.csv"] {
            assert_eq!(
                unchanged_copy(&previous, Path::new(linked), b"same"),
                None,
                "{linked}: a link out of the folder is not followed"
            );
        }
        let fifo = out.join("b.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let target = dir.join("b.csv");
            write_or_link(&target, b"", Some(&previous), Path::new("b.csv")).unwrap();
            assert!(std::fs::symlink_metadata(&target).unwrap().is_file());
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
