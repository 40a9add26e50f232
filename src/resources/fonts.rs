//! Typst's bundled fonts (Libertinus Serif, New Computer Modern, DejaVu Sans Mono), the fallback
//! fonts of every theme: takes nothing and gives each font file with the descriptions of its
//! faces (family, style, the characters it covers). The descriptions come from
//! `bundled-fonts.json` beside this file, so neither `check` nor the PDF reads the 10 MB of
//! font files (and holds them in memory) to learn what they cover: a face is read only when
//! text is set in it. A test checks the file against the fonts; `UPDATE_GOLDEN=1` rewrites it
//! after an update of typst-assets.

use std::sync::OnceLock;
use typst::text::FontInfo;

/// One bundled font file and the descriptions of its faces (index = face index in the file).
pub struct BundledFont {
    /// The file's bytes, embedded in the binary.
    pub data: &'static [u8],
    /// Its faces, in the file's order.
    pub faces: Vec<FontInfo>,
}

/// The recorded descriptions: one list of faces per file of `typst_assets::fonts()`.
const DESCRIPTIONS: &str = include_str!("bundled-fonts.json");

/// The bundled font files with their faces, read once per process.
pub fn bundled() -> &'static [BundledFont] {
    static FONTS: OnceLock<Vec<BundledFont>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let files: Vec<&'static [u8]> = typst_assets::fonts().collect();
        let recorded: Vec<Vec<FontInfo>> = serde_json::from_str(DESCRIPTIONS).unwrap_or_default();
        // Should the record not fit the fonts (typst-assets updated without it), read the fonts.
        let faces = if recorded.len() == files.len() {
            recorded
        } else {
            describe(&files)
        };
        files
            .into_iter()
            .zip(faces)
            .map(|(data, faces)| BundledFont { data, faces })
            .collect()
    })
}

/// The faces of each file, read from the files themselves.
fn describe(files: &[&[u8]]) -> Vec<Vec<FontInfo>> {
    files
        .iter()
        .map(|data| FontInfo::iter(data).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_descriptions_are_the_fonts_own() {
        let files: Vec<&[u8]> = typst_assets::fonts().collect();
        let actual = describe(&files);
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/resources/bundled-fonts.json"
        );
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(path, serde_json::to_string(&actual).unwrap() + "\n").unwrap();
            return;
        }
        let recorded: Vec<Vec<FontInfo>> = serde_json::from_str(DESCRIPTIONS).unwrap();
        assert!(
            recorded == actual,
            "src/resources/bundled-fonts.json does not describe typst-assets' fonts: \
             run `UPDATE_GOLDEN=1 cargo test bundled` to rewrite it"
        );
    }

    #[test]
    fn every_bundled_file_has_its_faces() {
        assert!(bundled().len() >= 10);
        assert!(bundled().iter().all(|f| !f.faces.is_empty()));
        let families: Vec<&str> = bundled()
            .iter()
            .flat_map(|f| &f.faces)
            .map(|i| i.family.as_str())
            .collect();
        for family in [
            "Libertinus Serif",
            "New Computer Modern",
            "DejaVu Sans Mono",
        ] {
            assert!(families.contains(&family), "{family}");
        }
    }
}
