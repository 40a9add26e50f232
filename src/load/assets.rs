//! Plan images and the logo: takes the plan folder and image paths, and gives each file's bytes,
//! read from disk once however many stages ask (checks, view, renderers), plus the checks of an
//! image reference (alt text, path, format, decoding with Typst's decoders).

use crate::diag::{Diagnostic, SourceFile};
use crate::load::confine::{limits, Confined};
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

/// The plan's image files, each read from disk at most once, through the confined reader.
pub struct Images {
    dir: PathBuf,
    read: RefCell<BTreeMap<String, Result<Vec<u8>, Unreadable>>>,
}

/// Why an image was not read: missing, or refused (the reason and its hint).
#[derive(Debug, Clone)]
pub enum Unreadable {
    /// There is no such file.
    Missing,
    /// The confined reader refused it: the reason and the hint to give.
    Refused(String, &'static str),
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
        self.read_checked(path).ok()
    }

    /// Like [`Images::read`], saying why a file was not read.
    pub fn read_checked(&self, path: &str) -> Result<Vec<u8>, Unreadable> {
        self.read
            .borrow_mut()
            .entry(path.to_string())
            .or_insert_with(|| {
                let confined = Confined::new(&self.dir)
                    .map_err(|e| Unreadable::Refused(e.to_string(), "check the plan folder"))?;
                confined
                    .read(Path::new(path), limits::IMAGE)
                    .map_err(|e| match e {
                        e if e.is_not_found() => Unreadable::Missing,
                        e => Unreadable::Refused(e.to_string(), e.hint()),
                    })
            })
            .clone()
    }
}

/// Image formats the PDF and the HTML both show.
pub const IMAGE_FORMATS: &[&str] = &["png", "jpg", "jpeg", "svg"];

/// How to give a markdown image its alt text: the hint of `missing-alt` in a section.
pub const MARKDOWN_ALT_HINT: &str =
    "describe what the image shows in the brackets: `![Bar chart of outcomes by area: …](…)`";

/// Checks one image reference (a section image, a logo, the cover picture): alt text (else
/// `missing-alt` with `alt_hint`), a path inside the plan folder, a supported format, a file that
/// exists and decodes. Reads the file through `images`.
pub fn check_image(
    file: &SourceFile,
    line: usize,
    (src, alt): (&str, &str),
    alt_hint: &str,
    images: &Images,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if alt.trim().is_empty() {
        out.push(
            Diagnostic::error("missing-alt", format!("the image `{src}` has no alt text"))
                .at_line(file, line)
                .hint(alt_hint),
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
        match images.read_checked(src) {
            Err(Unreadable::Missing) => out.push(
                Diagnostic::error("missing-image", format!("the image `{src}` does not exist"))
                    .at_line(file, line)
                    .hint(format!(
                        "put the file at {}",
                        crate::diag::display_path(&images.dir.join(src))
                    )),
            ),
            Err(Unreadable::Refused(reason, hint)) => out.push(
                Diagnostic::error(
                    "unreadable-image",
                    format!("the image `{src}` cannot be used: {reason}"),
                )
                .at_line(file, line)
                .hint(hint),
            ),
            Ok(bytes) => {
                if let Err(found) = svg_safety(&bytes, &extension) {
                    out.push(
                        Diagnostic::error("unsafe-svg", format!("the SVG image `{src}` contains {} (its line {})", found.what, found.line))
                            .at_line(file, line)
                            .hint("an SVG in a plan is a drawing only: remove scripts, event handlers and links to other files or sites (embed images as PNG or JPEG data), e.g. by exporting it again as plain SVG"),
                    );
                } else if let Err(reason) = check_image_bytes(&bytes, &extension) {
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

/// The SVG check for an image's bytes (other formats pass).
fn svg_safety(bytes: &[u8], extension: &str) -> Result<(), super::svg::Unsafe> {
    if extension == "svg" {
        super::svg::check(bytes)
    } else {
        Ok(())
    }
}

/// An image's size in its own units (pixels, or an SVG's user units), when it decodes: the
/// templates size a logo by its shape, so a wide one is not squeezed into a square.
pub fn image_size(bytes: &[u8], path: &str) -> Option<(f64, f64)> {
    let data = Bytes::new(bytes.to_vec());
    let (w, h) = match path.rsplit('.').next()?.to_lowercase().as_str() {
        "svg" => {
            let svg = SvgImage::new(data).ok()?;
            (svg.width(), svg.height())
        }
        "png" => {
            let img = RasterImage::plain(data, ExchangeFormat::Png).ok()?;
            (f64::from(img.width()), f64::from(img.height()))
        }
        "jpg" | "jpeg" => {
            let img = RasterImage::plain(data, ExchangeFormat::Jpg).ok()?;
            (f64::from(img.width()), f64::from(img.height()))
        }
        _ => return None,
    };
    (w > 0.0 && h > 0.0).then_some((w, h))
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

    #[test]
    fn image_sizes_give_the_shape() {
        let wide = b"<svg xmlns='http://www.w3.org/2000/svg' width='300' height='60'/>";
        assert_eq!(image_size(wide, "assets/logo.SVG"), Some((300.0, 60.0)));
        assert_eq!(image_size(b"not a png", "x.png"), None);
        assert_eq!(image_size(wide, "x.gif"), None);
    }
}
