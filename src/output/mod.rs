//! Output: takes the rendered files (in memory) and writes them under the output directory.
//! Nothing is written until every output has been produced, and each file is written to a
//! temporary name and renamed into place, so a failed build leaves the previous output as it was.

pub mod publish;
mod reuse;

use std::path::{Path, PathBuf};

/// A file to write, by its path under the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// The path under the output folder, with `/` separators.
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file at a relative path such as `html/index.html`.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            bytes,
        }
    }
}

/// Writes every file under `out_dir`, each atomically (temporary file, then rename).
pub fn write_all(out_dir: &Path, files: &[OutputFile]) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let target = out_dir.join(&file.path);
        write_atomic(&target, &file.bytes)?;
        written.push(target);
    }
    Ok(written)
}

/// Writes one file through a temporary sibling and a rename. An unchanged file is left alone.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Only a regular file of the same length is read to compare: a FIFO left in the output
    // folder must not block the write.
    let same_size = std::fs::symlink_metadata(target)
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if same_size && std::fs::read(target).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.yjplan-{}.tmp", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_files_and_leaves_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("yjplan-out-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write_all(
            &dir,
            &[OutputFile::new("html/index.html", b"<p>1</p>".to_vec())],
        )
        .unwrap();
        write_all(
            &dir,
            &[OutputFile::new("html/index.html", b"<p>2</p>".to_vec())],
        )
        .unwrap();
        assert_eq!(
            std::fs::read(dir.join("html/index.html")).unwrap(),
            b"<p>2</p>"
        );
        let names: Vec<_> = std::fs::read_dir(dir.join("html"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
