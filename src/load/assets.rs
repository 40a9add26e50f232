//! Plan images and the logo: takes the plan folder and image paths, and gives each file's bytes,
//! read from disk once however many stages ask (checks, view, renderers), plus the checks of an
//! image reference (alt text, path, format, decoding with Typst's decoders).

use crate::diag::{Diagnostic, SourceFile};
use crate::load::confine::{limits, Confined};
use crate::load::raster::{self, Raster, RasterError};
use crate::load::svg_filters::Costly;
use crate::load::svg_images::Embedded;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use typst::foundations::Bytes;
use typst::visualize::SvgImage;

/// A file the outputs need beside them: chart SVGs and plan images.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The path relative to the output (and in the Typst world after a leading '/').
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The plan's image files, each read from disk at most once, through the confined reader (the
/// checks and the view, on two threads, see the same bytes).
pub struct Images {
    dir: PathBuf,
    read: Mutex<BTreeMap<String, Result<Vec<u8>, Unreadable>>>,
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
            read: Mutex::default(),
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
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
            Err(Unreadable::Missing) => out.push(missing(file, line, src, &images.dir)),
            Err(Unreadable::Refused(reason, hint)) => out.push(
                Diagnostic::error(
                    "unreadable-image",
                    format!("the image `{src}` cannot be used: {reason}"),
                )
                .at_line(file, line)
                .hint(hint),
            ),
            Ok(bytes) => {
                out.extend(check_bytes(src, &bytes, &extension).map(|d| d.at_line(file, line)))
            }
        }
    }
    out
}

/// The checks of a readable image's bytes: a safe SVG, within the pixel limits, decoding, not
/// far larger than a page shows (a warning). The diagnostic is placed by the caller.
pub fn check_bytes(src: &str, bytes: &[u8], extension: &str) -> Option<Diagnostic> {
    if let Err(found) = svg_safety(bytes, extension) {
        return Some(Diagnostic::error("unsafe-svg", format!("the SVG image `{src}` contains {} (its line {})", found.what, found.line))
            .hint("an SVG in a plan is a drawing only: remove scripts, event handlers and links to other files or sites (embed images as PNG or JPEG data), e.g. by exporting it again as plain SVG"));
    }
    if extension == "svg" {
        if let Err(found) = super::svg_filters::check(bytes) {
            return Some(costly(src, &found));
        }
    }
    match check_image_bytes(bytes, extension) {
        Err(RasterError::TooLarge { width, height }) => return Some(too_large(src, width, height)),
        Err(RasterError::Unreadable(reason)) => return Some(bad_image(src, &reason)),
        Ok(()) => {}
    }
    if extension == "svg" {
        if let Err(found) = super::svg_images::check(bytes) {
            return Some(embedded(src, found));
        }
        if let Err(found) = super::svg_work::check(bytes) {
            return Some(costly(src, &found));
        }
    }
    large_image(src, bytes, extension)
}

/// "costly-svg": an SVG whose filters would take the PDF unbounded time to draw.
fn costly(src: &str, found: &Costly) -> Diagnostic {
    Diagnostic::error(
        "costly-svg",
        format!("the SVG image `{src}` has {} (its line {}): drawing it would take too long", found.what, found.line),
    )
    .hint("remove the effect from the drawing, or make it smaller, and export the SVG again; a drop shadow (blur, offset, merge) is fine")
}

/// "image-too-large" or "bad-image" for an image an SVG embeds, naming the SVG and its line.
fn embedded(src: &str, found: Embedded) -> Diagnostic {
    let what = format!(
        "the SVG image `{src}` embeds a {} image (its line {})",
        found.format, found.line
    );
    match found.error {
        RasterError::TooLarge { .. } => Diagnostic::error("image-too-large", format!("{what} that is too large to use: {}", found.error))
            .hint("resize the embedded picture to about 2000 pixels wide before placing it in the drawing, and export the SVG again"),
        RasterError::Unreadable(reason) => Diagnostic::error("bad-image", format!("{what} that cannot be read: {reason}"))
            .hint("replace the embedded picture in the drawing with one saved again as PNG or JPEG, and export the SVG again"),
    }
}

/// "image-too-large": an image that is never decoded, by its size from its header.
fn too_large(src: &str, width: u32, height: u32) -> Diagnostic {
    let why = RasterError::TooLarge { width, height };
    Diagnostic::error("image-too-large", format!("the image `{src}` is too large to use: {why}"))
        .hint("resize it to about 2000 pixels wide in an image editor and save it again (a photo as JPEG)")
}

/// "bad-image": an image that does not decode.
fn bad_image(src: &str, reason: &str) -> Diagnostic {
    Diagnostic::error(
        "bad-image",
        format!("the image `{src}` cannot be read: {reason}"),
    )
    .hint("open the image in an image editor and save it again as PNG, JPEG or SVG")
}

/// The "missing-image" error, with the file the author meant when there is one like it.
fn missing(file: &SourceFile, line: usize, src: &str, dir: &Path) -> Diagnostic {
    let suggestion = super::suggest::suggest(dir, src);
    let message = match &suggestion {
        super::suggest::Suggestion::Same(_) if src.contains('\\') => format!(
            "the image path `{src}` has backslashes (\\): paths in a plan use forward slashes (/)"
        ),
        super::suggest::Suggestion::Same(there) => format!(
            "the image `{src}` does not exist: the file is `{there}`, with other capital letters"
        ),
        _ => format!("the image `{src}` does not exist"),
    };
    Diagnostic::error("missing-image", message)
        .at_line(file, line)
        .hint(suggestion.hint(src))
}

/// The longest side, in pixels, of a picture worth its weight: a page's width at 300 dpi is
/// about 2,000 pixels, and a screen's rarely more.
pub const MAX_IMAGE_SIDE: u32 = 3000;
/// The largest image file, in bytes, before a warning: a plan's PDF should stay easy to email.
pub const MAX_IMAGE_BYTES: usize = 2_000_000;

/// "large-image" for a PNG or JPEG far larger than a page shows (a photo or screenshot pasted
/// from Word at full size): its size in pixels and bytes, and what to do.
fn large_image(src: &str, bytes: &[u8], extension: &str) -> Option<Diagnostic> {
    let format = Raster::from_extension(extension)?;
    let (width, height) = raster::dimensions(bytes, format).ok()?;
    if width.max(height) <= MAX_IMAGE_SIDE && bytes.len() <= MAX_IMAGE_BYTES {
        return None;
    }
    Some(
        Diagnostic::warning(
            "large-image",
            format!(
                "the image `{src}` is {width} × {height} pixels ({}, {}): far more than a page shows, so the PDF and the web page are slow to open",
                raster::megapixels(width, height),
                file_size(bytes.len())
            ),
        )
        .hint("resize it to about 2000 pixels wide in an image editor and save it again (a photo as JPEG); export a chart or diagram as SVG"),
    )
}

/// A file size for people: "850 KB", "8.3 MB".
fn file_size(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
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
    let (w, h) = match path.rsplit('.').next()?.to_lowercase().as_str() {
        "svg" => {
            let svg = SvgImage::new(Bytes::new(bytes.to_vec())).ok()?;
            (svg.width(), svg.height())
        }
        extension => {
            let img = raster::decode(bytes, Raster::from_extension(extension)?).ok()?;
            (f64::from(img.width()), f64::from(img.height()))
        }
    };
    (w > 0.0 && h > 0.0).then_some((w, h))
}

/// Checks that an image's bytes decode, so a corrupt file is reported against the plan line that
/// uses it rather than failing inside the template. A PNG or JPEG over the pixel limits is
/// refused by its header, never decoded.
pub fn check_image_bytes(bytes: &[u8], extension: &str) -> Result<(), RasterError> {
    if extension == "svg" {
        return SvgImage::new(Bytes::new(bytes.to_vec()))
            .map(drop)
            .map_err(|e| RasterError::Unreadable(format!("{e:?}")));
    }
    let Some(format) = Raster::from_extension(extension) else {
        return Err(RasterError::Unreadable(format!(
            "`{extension}` images are not supported"
        )));
    };
    raster::decode(bytes, format).map(drop)
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
    fn an_image_over_the_pixel_limits_is_refused_by_its_header() {
        let bomb = crate::load::raster::tests::png_header(30_000, 30_000);
        let found = check_bytes("assets/map.png", &bomb, "png").unwrap();
        assert_eq!(found.code, "image-too-large");
        assert!(
            found.message.contains("30000 × 30000 pixels"),
            "{}",
            found.message
        );
        assert_eq!(image_size(&bomb, "assets/map.png"), None);
    }

    #[test]
    fn image_sizes_give_the_shape() {
        let wide = b"<svg xmlns='http://www.w3.org/2000/svg' width='300' height='60'/>";
        assert_eq!(image_size(wide, "assets/logo.SVG"), Some((300.0, 60.0)));
        assert_eq!(image_size(b"not a png", "x.png"), None);
        assert_eq!(image_size(wide, "x.gif"), None);
    }
}
