//! Data files: takes the plan folder and the `csv:` paths tables name, and gives each file's text,
//! read from disk once: compute reads the rows from it, and the same text places a problem found
//! in the file at its line.

use crate::diag::display_path;
use crate::diag::SourceFile;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The plan's CSV files, each read at most once.
pub struct DataFiles {
    dir: PathBuf,
    read: RefCell<BTreeMap<String, Result<String, String>>>,
}

impl DataFiles {
    /// Data files of the plan folder `dir`; nothing is read until asked for.
    pub fn new(dir: &Path) -> Self {
        DataFiles {
            dir: dir.to_path_buf(),
            read: RefCell::default(),
        }
    }

    /// The text of the file at `path` (relative to the plan folder), or why it cannot be read.
    pub fn text(&self, path: &str) -> Result<String, String> {
        self.read
            .borrow_mut()
            .entry(path.to_string())
            .or_insert_with(|| {
                let full = self.dir.join(path);
                std::fs::read_to_string(&full)
                    .map_err(|e| format!("cannot read {}: {e}", display_path(&full)))
            })
            .clone()
    }

    /// The file at `path` as a source file (for placing a diagnostic at one of its lines), when
    /// it can be read.
    pub fn source(&self, path: &str) -> Option<SourceFile> {
        let text = self.text(path).ok()?;
        Some(SourceFile::new(display_path(&self.dir.join(path)), text))
    }
}
