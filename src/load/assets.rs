//! Plan images and the logo: takes the plan folder and image paths, and gives each file's bytes,
//! read from disk once however many stages ask (checks, view, renderers), plus the checks of an
//! image reference (alt text, path, format, decoding with Typst's decoders).

use crate::diag::{Diagnostic, SourceFile};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

/// A file the outputs need beside them: chart SVGs and plan images.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The path relative to the output (and in the Typst world after a leading '/').
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The plan's image files, each read from disk at most once.
pub struct Images {
    dir: PathBuf,
    read: RefCell<BTreeMap<String, Option<Vec<u8>>>>,
}

impl Images {
    /// Images of the plan folder `dir`; nothing is read until asked for.
    pub fn new(dir: &Path) -> Self {
        Images {
            dir: dir.to_path_buf(),
            read: RefCell::default(),
        }
    }

    /// The bytes of the file at `path` (relative to the plan folder), or None when it cannot be
    /// read. The first call reads the disk; later calls answer from memory.
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.read
            .borrow_mut()
            .entry(path.to_string())
            .or_insert_with(|| std::fs::read(self.dir.join(path)).ok())
            .clone()
    }
}

/// Image formats the PDF and the HTML both show.
pub const IMAGE_FORMATS: &[&str] = &["png", "jpg", "jpeg", "svg"];

/// Checks one image reference (a section image or the logo): alt text, a path inside the plan
/// folder, a supported format, a file that exists and decodes. Reads the file through `images`.
pub fn check_image(
    file: &SourceFile,
    line: usize,
    src: &str,
    alt: &str,
    images: &Images,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if alt.trim().is_empty() {
        out.push(
            Diagnostic::error("missing-alt", format!("the image `{src}` has no alt text"))
                .at_line(file, line)
                .hint("describe what the image shows in the brackets: `![Bar chart of outcomes by area: …](…)`"),
        );
    }
    let extension = src.rsplit('.').next().unwrap_or("").to_lowercase();
    if src.contains("://") || src.starts_with('/') || src.split('/').any(|p| p == "..") {
        out.push(
            Diagnostic::error("bad-image-path", format!("the image `{src}` is not a file in the plan directory"))
                .at_line(file, line)
                .hint("put the image in the plan's assets/ folder and write its path from the plan directory, e.g. `assets/chart.png`"),
        );
    } else if !IMAGE_FORMATS.contains(&extension.as_str()) {
        out.push(
            Diagnostic::error(
                "image-format",
                format!("the image `{src}` is not PNG, JPEG or SVG"),
            )
            .at_line(file, line)
            .hint("save the image as PNG, JPEG or SVG"),
        );
    } else {
        match images.read(src) {
            None => out.push(
                Diagnostic::error("missing-image", format!("the image `{src}` does not exist"))
                    .at_line(file, line)
                    .hint(format!(
                        "put the file at {}",
                        images.dir.join(src).display()
                    )),
            ),
            Some(bytes) => {
                if let Err(reason) = check_image_bytes(&bytes, &extension) {
                    out.push(
                        Diagnostic::error("bad-image", format!("the image `{src}` cannot be read: {reason}"))
                            .at_line(file, line)
                            .hint("open the image in an image editor and save it again as PNG, JPEG or SVG"),
                    );
                }
            }
        }
    }
    out
}

/// Checks that an image's bytes decode, so a corrupt file is reported against the plan line that
/// uses it rather than failing inside the template.
pub fn check_image_bytes(bytes: &[u8], extension: &str) -> Result<(), String> {
    let data = Bytes::new(bytes.to_vec());
    match extension {
        "svg" => SvgImage::new(data).map(drop).map_err(|e| format!("{e:?}")),
        "png" => RasterImage::plain(data, ExchangeFormat::Png)
            .map(drop)
            .map_err(|e| e.to_string()),
        "jpg" | "jpeg" => RasterImage::plain(data, ExchangeFormat::Jpg)
            .map(drop)
            .map_err(|e| e.to_string()),
        other => Err(format!("`{other}` images are not supported")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_images_are_caught() {
        assert!(check_image_bytes(b"not a png", "png").is_err());
        assert!(check_image_bytes(
            b"<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>",
            "svg"
        )
        .is_ok());
        assert!(check_image_bytes(b"GIF89a", "gif").is_err());
    }
}
