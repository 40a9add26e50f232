//! Release manifest: takes the files of a finished release build and gives out/manifest.json (the
//! SHA-256 of every output, the yjplan version, the edition, the plan's period and sign-off, and
//! the git commit of the plan when it is in a repository). `yjplan verify`
//! ([`crate::workflow::verify`]) checks a folder against it.

use crate::load::plan::{PlanConfig, SignOff};
use crate::output::OutputFile;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// What a release build records about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The version of yjplan that built the outputs.
    pub yjplan: String,
    /// The service's name.
    pub service: String,
    /// The plan year.
    pub period: String,
    /// The YJB template edition.
    pub edition: String,
    /// Who approved the plan, and when.
    pub sign_off: SignOff,
    /// The plan's git commit, when the plan is in a git repository.
    pub git: Option<GitState>,
    /// True when the build was told to release a tree with uncommitted changes (`--allow-dirty`).
    #[serde(default)]
    pub allow_dirty: bool,
    /// Every output with its size and digest, by path.
    pub files: Vec<ManifestFile>,
}

/// The commit a plan was built from, and whether it had uncommitted changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GitState {
    /// The commit hash.
    pub commit: String,
    /// True when the plan folder had uncommitted changes.
    pub dirty: bool,
}

/// One output and its digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// The path under the output folder.
    pub path: String,
    /// The size in bytes.
    pub bytes: usize,
    /// The hex SHA-256 of the content.
    pub sha256: String,
}

/// One written output, as `build --format json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputEntry {
    /// The path under the output folder, with `/` separators.
    pub path: String,
    /// The size in bytes.
    pub bytes: usize,
    /// The hex SHA-256 of the content, when the build was asked for it (a release build, the
    /// JSON report, the CI summary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The number of pages, for the PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
}

/// What a file is: path, size, its digest when `digest` asks for it, and for a PDF its `pages`.
pub fn entry(file: &OutputFile, pages: Option<usize>, digest: bool) -> OutputEntry {
    OutputEntry {
        path: file.path.clone(),
        bytes: file.bytes.len(),
        sha256: digest.then(|| sha256(&file.bytes)),
        pages: file.path.ends_with(".pdf").then_some(pages).flatten(),
    }
}

/// The hex SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Builds the manifest of the files a release build writes, from their entries.
pub fn manifest(
    plan: &PlanConfig,
    plan_dir: &Path,
    files: &[OutputEntry],
    allow_dirty: bool,
) -> Manifest {
    let mut files: Vec<ManifestFile> = files
        .iter()
        .map(|f| ManifestFile {
            path: f.path.clone(),
            bytes: f.bytes,
            sha256: f.sha256.clone().unwrap_or_default(),
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Manifest {
        yjplan: env!("CARGO_PKG_VERSION").to_string(),
        service: plan.service.clone(),
        period: plan.period.clone(),
        edition: plan.edition.clone(),
        sign_off: plan.sign_off.clone().unwrap_or_default(),
        git: git_state(plan_dir),
        allow_dirty,
        files,
    }
}

/// The manifest as the file to write.
pub fn manifest_file(manifest: &Manifest) -> OutputFile {
    let json = serde_json::to_string_pretty(manifest).unwrap_or_default() + "\n";
    OutputFile::new(MANIFEST, json.into_bytes())
}

/// The plan's commit and dirty state, read without running anything from its repository.
fn git_state(plan_dir: &Path) -> Option<GitState> {
    crate::load::git::checkout(plan_dir).map(|c| GitState {
        commit: c.commit,
        dirty: c.dirty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_hex_sha256() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
