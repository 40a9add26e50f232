//! Data files: takes the plan folder and the `csv:` paths tables name, and gives each file's text,
//! read from disk once: compute reads the rows from it, and the same text places a problem found
//! in the file at its line.

use crate::diag::display_path;
use crate::diag::SourceFile;
use crate::load::confine::{limits, Confined};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The plan's CSV files, each read at most once (tables are computed on several threads).
pub struct DataFiles {
    dir: PathBuf,
    read: Mutex<BTreeMap<String, Result<String, String>>>,
}

impl DataFiles {
    /// Data files of the plan folder `dir`; nothing is read until asked for.
    pub fn new(dir: &Path) -> Self {
        DataFiles {
            dir: dir.to_path_buf(),
            read: Mutex::default(),
        }
    }

    /// The text of the file at `path` (relative to the plan folder), or why it cannot be read.
    pub fn text(&self, path: &str) -> Result<String, String> {
        self.read
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(path.to_string())
            .or_insert_with(|| {
                // Through the confined reader: a path or symlink leading out of the plan, a FIFO,
                // a device or a file over the limit is refused, and its content never read.
                let shown = display_path(&self.dir.join(path));
                let confined =
                    Confined::new(&self.dir).map_err(|e| format!("cannot read {shown}: {e}"))?;
                match confined.read_text(Path::new(path), limits::DATA) {
                    Ok(Ok(text)) => Ok(text
                        .strip_prefix('\u{FEFF}')
                        .map(str::to_string)
                        .unwrap_or(text)),
                    Ok(Err(_)) => Err(format!("{shown} is not UTF-8 text")),
                    Err(e) => Err(format!("cannot read {shown}: {e}")),
                }
            })
            .clone()
    }

    /// What to write instead of a `csv:` path that names no file (another way of writing an
    /// existing file, a near name, or what the folder holds); None when the file is there.
    pub fn suggestion(&self, path: &str) -> Option<String> {
        let there = Confined::new(&self.dir)
            .ok()
            .and_then(|c| c.resolve(Path::new(path)).ok())
            .is_some();
        (!there).then(|| super::suggest::suggest(&self.dir, path).hint(path))
    }

    /// The file at `path` as a source file (for placing a diagnostic at one of its lines), when
    /// it can be read.
    pub fn source(&self, path: &str) -> Option<SourceFile> {
        let text = self.text(path).ok()?;
        Some(SourceFile::new(display_path(&self.dir.join(path)), text))
    }
}
