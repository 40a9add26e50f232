//! Raster images (PNG, JPEG): takes an image's bytes and its format, and gives its size in
//! pixels read from its header alone, refusing an image over the pixel limits before anything is
//! decoded (a 7 MB PNG can ask for gigabytes once decoded), then a full decode with Typst's
//! decoders, as the PDF will do it.

use std::io::Cursor;
use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage};

/// The most pixels an image may have: a page at 300 dpi is about 9 megapixels, and decoding 50
/// megapixels takes at most 400 MB (16-bit RGBA).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The longest side an image may have, in pixels.
pub const MAX_SIDE: u32 = 20_000;

/// A raster format the PDF and the web page both show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raster {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
}

impl Raster {
    /// The format of a file extension (lower-case), if it is a raster one.
    pub fn from_extension(extension: &str) -> Option<Raster> {
        match extension {
            "png" => Some(Raster::Png),
            "jpg" | "jpeg" => Some(Raster::Jpeg),
            _ => None,
        }
    }

    /// The format of a `data:` URL's media type (lower-case), if it is one an SVG may embed.
    pub fn from_mime(mime: &str) -> Option<Raster> {
        match mime {
            "image/png" => Some(Raster::Png),
            "image/jpeg" | "image/jpg" => Some(Raster::Jpeg),
            _ => None,
        }
    }

    /// The format's name for people.
    pub fn name(self) -> &'static str {
        match self {
            Raster::Png => "PNG",
            Raster::Jpeg => "JPEG",
        }
    }

    fn image_format(self) -> image::ImageFormat {
        match self {
            Raster::Png => image::ImageFormat::Png,
            Raster::Jpeg => image::ImageFormat::Jpeg,
        }
    }

    fn exchange(self) -> ExchangeFormat {
        match self {
            Raster::Png => ExchangeFormat::Png,
            Raster::Jpeg => ExchangeFormat::Jpg,
        }
    }
}

/// Why a raster image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RasterError {
    /// The header or the data does not decode: the decoder's reason.
    #[error("{0}")]
    Unreadable(String),
    /// The header gives more pixels than [`MAX_PIXELS`] or a side longer than [`MAX_SIDE`].
    #[error("it is {width} × {height} pixels ({}), over the limit of 50 megapixels and 20,000 pixels a side", megapixels(*width, *height))]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

/// "30000 × 30000" as "900.0 megapixels".
pub fn megapixels(width: u32, height: u32) -> String {
    format!(
        "{:.1} megapixels",
        f64::from(width) * f64::from(height) / 1e6
    )
}

/// The image's width and height in pixels, from its header only (nothing is decoded).
pub fn dimensions(bytes: &[u8], format: Raster) -> Result<(u32, u32), RasterError> {
    image::ImageReader::with_format(Cursor::new(bytes), format.image_format())
        .into_dimensions()
        .map_err(|e| RasterError::Unreadable(e.to_string()))
}

/// The image's size from its header, refused when over [`MAX_PIXELS`] or [`MAX_SIDE`].
pub fn within_limits(bytes: &[u8], format: Raster) -> Result<(u32, u32), RasterError> {
    let (width, height) = dimensions(bytes, format)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS || width.max(height) > MAX_SIDE {
        return Err(RasterError::TooLarge { width, height });
    }
    Ok((width, height))
}

/// The image decoded with Typst's decoders, as the PDF decodes it, once its header is within the
/// limits (a larger one is never decoded).
pub fn decode(bytes: &[u8], format: Raster) -> Result<RasterImage, RasterError> {
    within_limits(bytes, format)?;
    RasterImage::plain(Bytes::new(bytes.to_vec()), format.exchange())
        .map_err(|e| RasterError::Unreadable(e.to_string()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A PNG of `width` × `height` 16-bit RGBA pixels whose header is whole and whose data is
    /// missing: decoding it would first allocate width × height × 8 bytes.
    pub(crate) fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(width.to_be_bytes());
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([16, 6, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(&ihdr);
        png.extend(crc32fast::hash(&ihdr).to_be_bytes());
        for chunk in [b"IDAT", b"IEND"] {
            png.extend(0u32.to_be_bytes());
            png.extend(chunk);
            png.extend(crc32fast::hash(chunk).to_be_bytes());
        }
        png
    }

    #[test]
    fn the_size_comes_from_the_header_alone() {
        assert_eq!(
            dimensions(&png_header(30_000, 20), Raster::Png),
            Ok((30_000, 20))
        );
        assert!(dimensions(b"not a png", Raster::Png).is_err());
        assert!(dimensions(&png_header(1, 1), Raster::Jpeg).is_err());
    }

    #[test]
    fn images_over_the_limits_are_refused_before_decoding() {
        for (w, h) in [(30_000, 30_000), (20_001, 10), (8_000, 7_000)] {
            assert_eq!(
                decode(&png_header(w, h), Raster::Png).err().unwrap(),
                RasterError::TooLarge {
                    width: w,
                    height: h
                }
            );
        }
        let msg = RasterError::TooLarge {
            width: 30_000,
            height: 30_000,
        }
        .to_string();
        assert!(
            msg.contains("30000 × 30000 pixels (900.0 megapixels)"),
            "{msg}"
        );
    }

    #[test]
    fn a_jpeg_over_the_limits_is_refused_by_its_header() {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode(&[0, 0, 0], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        assert_eq!(decode(&jpeg, Raster::Jpeg).map(|i| i.width()).ok(), Some(1));
        let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        jpeg[sof + 5..sof + 9].copy_from_slice(&[0x75, 0x30, 0x75, 0x30]);
        assert_eq!(dimensions(&jpeg, Raster::Jpeg), Ok((30_000, 30_000)));
        assert!(matches!(
            decode(&jpeg, Raster::Jpeg),
            Err(RasterError::TooLarge { .. })
        ));
    }

    #[test]
    fn images_within_the_limits_are_decoded() {
        assert_eq!(
            within_limits(&png_header(7_000, 7_000), Raster::Png),
            Ok((7_000, 7_000))
        );
        assert!(matches!(
            decode(&png_header(2, 2), Raster::Png),
            Err(RasterError::Unreadable(_))
        ));
        assert_eq!(Raster::from_mime("image/jpg"), Some(Raster::Jpeg));
        assert_eq!(Raster::from_extension("gif"), None);
    }
}
