//! Helpers for the unit tests of modules that read parsed sections.

use super::Section;
use crate::diag::SourceFile;

/// A section file `path` holding `md`, parsed.
pub fn parsed_section(path: &str, md: &str) -> Section {
    let file = SourceFile::new(path, md);
    let (nodes, _) = crate::parse::parse(md, 1, &file);
    Section {
        file,
        nodes,
        tables: Vec::new(),
        front_ok: true,
    }
}
