//! Images embedded in an SVG: takes an SVG's bytes (already found safe by [`super::svg`]) and
//! gives the first `data:` image in it that the PDF could not use: one over the pixel limits
//! (refused by its header, never decoded), one whose data does not decode, or one that is not
//! PNG or JPEG. The PDF decodes each embedded image, so `check` must decode them too.

use super::raster::{self, Raster, RasterError};
use super::svg::{line_of, tags};

/// An embedded image that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedded {
    /// 1-based line in the SVG of the element that embeds it.
    pub line: usize,
    /// Its format, as its `data:` URL names it ("PNG", "JPEG"; "image" when it is neither).
    pub format: &'static str,
    /// Why it cannot be used.
    pub error: RasterError,
}

/// The first embedded image that cannot be used, if any.
pub fn check(bytes: &[u8]) -> Result<(), Embedded> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(()); // the safety check refuses it
    };
    for (open, tag) in tags(text) {
        for (name, value) in &tag.attributes {
            let local = name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase();
            if !matches!(local.as_str(), "href" | "src") {
                continue;
            }
            if let Err((format, error)) = check_href(value) {
                return Err(Embedded {
                    line: line_of(bytes, open),
                    format,
                    error,
                });
            }
        }
    }
    Ok(())
}

/// Checks one reference: a `data:` URL is decoded as usvg decodes it and its image checked as a
/// plan image is; other references (`#id`) pass.
fn check_href(href: &str) -> Result<(), (&'static str, RasterError)> {
    let Ok(url) = data_url::DataUrl::process(href.trim()) else {
        return Ok(());
    };
    let mime = url.mime_type();
    let mime = format!("{}/{}", mime.type_, mime.subtype);
    let Some(format) = Raster::from_mime(&mime) else {
        let why = format!("it is `{mime}` data, not PNG or JPEG");
        return Err(("image", RasterError::Unreadable(why)));
    };
    let fail = |error| (format.name(), error);
    let (data, _) = url.decode_to_vec().map_err(|_| {
        fail(RasterError::Unreadable(
            "its data: URL is not valid base64".into(),
        ))
    })?;
    raster::decode(&data, format).map(drop).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn svg_with(href: &str) -> String {
        format!("<svg xmlns='http://www.w3.org/2000/svg'>\n<rect/>\n<image width='1' height='1' href='{href}'/></svg>")
    }

    fn png(data: &[u8]) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(data);
        format!("data:image/png;base64,{b64}")
    }

    #[test]
    fn an_embedded_image_over_the_limits_is_refused_at_its_line() {
        let bomb = raster::tests::png_header(30_000, 30_000);
        let found = check(svg_with(&png(&bomb)).as_bytes()).unwrap_err();
        assert_eq!(found.line, 3);
        assert_eq!(found.format, "PNG");
        assert!(matches!(
            found.error,
            RasterError::TooLarge { width: 30_000, .. }
        ));
    }

    #[test]
    fn an_embedded_image_that_does_not_decode_is_refused() {
        let whole = std::fs::read("tests/fixtures/good/images/assets/map.png").unwrap();
        assert_eq!(check(svg_with(&png(&whole)).as_bytes()), Ok(()));
        let cut = &whole[..whole.len() / 2];
        let found = check(svg_with(&png(cut)).as_bytes()).unwrap_err();
        assert!(
            matches!(found.error, RasterError::Unreadable(_)),
            "{found:?}"
        );
        let not_base64 = "data:image/png;base64,*****";
        assert!(check(svg_with(not_base64).as_bytes()).is_err());
        let jpeg_named_png = "data:image/jpeg;base64,".to_string() + &png(&whole)[22..];
        assert!(check(svg_with(&jpeg_named_png).as_bytes()).is_err());
    }

    #[test]
    fn fragments_pass() {
        assert_eq!(
            check(b"<svg><use href='#a'/><use xlink:href=\"#b\"/></svg>"),
            Ok(())
        );
    }
}
