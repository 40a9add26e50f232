//! Theme values: takes the strings a theme.yaml gives (font family, colours, logo file name)
//! and says whether each is what it claims to be. These values are written into style.css and
//! the Typst document, so anything else (quotes, braces, semicolons, `..`) is refused at its
//! theme.yaml line before it can break out of the place it is written into.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::front_matter::key_line;

/// Why a font family name is refused, if it is: letters, digits, spaces and hyphens only,
/// 1 to 64 characters, no leading or trailing space.
pub fn font_family(name: &str) -> Result<(), String> {
    if name.is_empty() || name.chars().count() > 64 {
        return Err("a font family name has 1 to 64 characters".into());
    }
    if name.trim() != name {
        return Err("a font family name does not start or end with a space".into());
    }
    match name
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == ' ' || *c == '-'))
    {
        Some(c) => Err(format!(
            "a font family name holds only letters, digits, spaces and hyphens, not `{}`",
            c.escape_default()
        )),
        None => Ok(()),
    }
}

/// Why a colour is refused, if it is: only `#rgb` and `#rrggbb` are colours here.
pub fn colour(value: &str) -> Result<(), String> {
    let hex = value.strip_prefix('#').unwrap_or("");
    if matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a colour written as \"#rrggbb\"",
            value.escape_default()
        ))
    }
}

/// Why a logo file name is refused, if it is: a plain name or path inside the theme folder
/// (no `..`, not absolute, no backslashes), ending .png, .jpg, .jpeg or .svg.
pub fn logo_path(path: &str) -> Result<(), String> {
    let inside = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    if !inside {
        return Err(format!(
            "the logo `{}` is not a file in the theme's folder",
            path.escape_default()
        ));
    }
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    if !crate::load::assets::IMAGE_FORMATS.contains(&extension.as_str()) {
        return Err(format!(
            "the logo `{}` is not PNG, JPEG or SVG",
            path.escape_default()
        ));
    }
    Ok(())
}

/// Refuses a font, colour or logo value that is not what it claims to be, at its theme.yaml
/// line: these values are written into style.css and the PDF.
pub fn check_all(
    font: &str,
    figures_font: Option<&str>,
    logo: Option<&str>,
    colours: &[(String, String)],
    chart: &[String],
    source: &SourceFile,
) -> Result<(), Diagnostic> {
    let checks = std::iter::once((vec!["font".to_string()], font_family(font)))
        .chain(figures_font.map(|f| (vec!["figures_font".into()], font_family(f))))
        .chain(logo.map(|l| (vec!["logo".into()], logo_path(l))))
        .chain(
            colours
                .iter()
                .map(|(name, value)| (vec!["colours".into(), name.clone()], colour(value))),
        )
        .chain(
            chart
                .iter()
                .enumerate()
                .map(|(i, c)| (vec!["chart".into(), i.to_string()], colour(c))),
        );
    for (path, result) in checks {
        if let Err(reason) = result {
            let keys: Vec<&str> = path.iter().map(String::as_str).collect();
            let line = match keys.as_slice() {
                ["chart", i] => {
                    key_line(source, &["chart"]).map(|l| l + i.parse::<usize>().unwrap_or(0) + 1)
                }
                _ => key_line(source, &keys),
            };
            return Err(Diagnostic::error("bad-theme-value", reason)
                .at_line(source, line.unwrap_or(1))
                .hint("fonts are family names (`font: Atkinson Hyperlegible`), colours are \"#rrggbb\", the logo is a PNG, JPEG or SVG file in the theme's folder"));
        }
    }
    Ok(())
}

/// The styles a theme font family comes in: the web page's style.css names a file of each.
pub const FONT_STYLES: [&str; 4] = ["Regular", "Bold", "Italic", "BoldItalic"];

/// Why the files of a theme's fonts folder are refused, if they are. A font is named
/// `Family-Style.ttf` (or `.otf`): the family of ASCII letters and digits, the style one of
/// [`FONT_STYLES`], each family in all four; besides fonts the folder may hold text files (a
/// licence, a README). These names are written into style.css, so nothing else may be there.
/// The error names the file at fault, when one is.
pub fn font_files(names: &[String]) -> Result<(), (Option<&str>, String)> {
    let mut families: Vec<(&str, Vec<&str>)> = Vec::new();
    for name in names {
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        if matches!(extension, "txt" | "md") {
            continue;
        }
        let Some((family, style)) = stem
            .split_once('-')
            .filter(|(f, s)| is_font_name(f) && FONT_STYLES.contains(s))
            .filter(|_| matches!(extension, "ttf" | "otf"))
        else {
            return Err((
                Some(name),
                format!(
                    "`{}` is not a font named as yjplan reads them (Family-Regular.ttf, Family-Bold.ttf, Family-Italic.ttf, Family-BoldItalic.ttf; .otf also)",
                    name.escape_default()
                ),
            ));
        };
        match families.iter_mut().find(|(f, _)| *f == family) {
            Some((_, styles)) => styles.push(style),
            None => families.push((family, vec![style])),
        }
    }
    for (family, styles) in families {
        if let Some(missing) = FONT_STYLES.iter().find(|s| !styles.contains(s)) {
            let reason =
                format!("the font {family} has no {missing} style ({family}-{missing}.ttf)");
            return Err((None, reason));
        }
    }
    Ok(())
}

fn is_font_name(family: &str) -> bool {
    !family.is_empty() && family.len() <= 64 && family.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Refuses a logo that cannot be drawn, at the logo's theme.yaml line: an SVG with active or
/// external content or embedding an image that cannot be used, a PNG or JPEG over the pixel
/// limits or that does not decode.
pub fn check_logo(name: &str, bytes: &[u8], source: &SourceFile) -> Result<(), Diagnostic> {
    let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match crate::load::assets::check_bytes(name, bytes, &extension) {
        Some(found) if found.is_error() => {
            Err(found.at_line(source, key_line(source, &["logo"]).unwrap_or(1)))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::theme::load;
    use crate::resources::Resources;

    #[test]
    fn hostile_theme_values_are_refused_at_their_line() {
        let dir = std::env::temp_dir().join(format!("yjplan-theme-values-{}", std::process::id()));
        let builtin = crate::resources::embedded("themes/default/theme.yaml").unwrap();
        let text = String::from_utf8(builtin.to_vec()).unwrap();
        let cases = [
            (
                "font: ",
                "font: \"x\\\"; } body { background: url(https://evil.example/) } .y { \"\n",
                "font",
            ),
            ("  text: ", "  text: \"#000; background: url(x)\"\n", "text"),
            ("logo: ", "logo: ../../../../etc/hosts.png\n", "logo"),
        ];
        for (prefix, replacement, key) in cases {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("themes/evil")).unwrap();
            let changed: String = text
                .lines()
                .map(|l| {
                    if l.starts_with(prefix) {
                        replacement.to_string()
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            assert_ne!(changed, text, "{prefix}");
            std::fs::write(dir.join("themes/evil/theme.yaml"), &changed).unwrap();
            let d = load(&Resources::for_plan(&dir), "evil").unwrap_err();
            assert_eq!(d.code, "bad-theme-value", "{key}: {}", d.message);
            let line = d.location.as_ref().unwrap().line.unwrap();
            assert!(
                changed
                    .lines()
                    .nth(line - 1)
                    .unwrap()
                    .trim_start()
                    .starts_with(key),
                "{key}: line {line}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_logo_that_cannot_be_drawn_is_refused_at_its_line() {
        let source = SourceFile::new("theme.yaml", "name: Mine\nlogo: logo.png\n");
        let bomb = crate::load::raster::tests::png_header(30_000, 30_000);
        let d = check_logo("logo.png", &bomb, &source).unwrap_err();
        assert_eq!(d.code, "image-too-large");
        assert_eq!(d.location.as_ref().unwrap().line, Some(2));
        let script = b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>";
        assert_eq!(
            check_logo("l.svg", script, &source).unwrap_err().code,
            "unsafe-svg"
        );
        assert!(check_logo("l.png", b"not a png", &source).is_err());
    }

    #[test]
    fn font_families_are_names_only() {
        for ok in [
            "Atkinson Hyperlegible",
            "Noto Sans",
            "DejaVu-Sans",
            "Open Sans 2",
            "Cymraeg ŵ",
        ] {
            assert_eq!(font_family(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            " Arial",
            "Arial\"; } body { background: url(https://evil.example/x) } .x { \"",
            "Arial</style><script>",
            "A;B",
            "A\nB",
            &"x".repeat(65),
        ] {
            assert!(font_family(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn font_file_names_are_family_and_style_only() {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let family = [
            "A-Regular.ttf",
            "A-Bold.ttf",
            "A-Italic.ttf",
            "A-BoldItalic.ttf",
        ];
        assert_eq!(
            font_files(&names(&[&family[..], &["OFL.txt", "README.md"]].concat())),
            Ok(())
        );
        let hostile =
            r#"a"); } body { background: url("https://evil.example/x") } .z { src: url("q.ttf"#;
        for bad in [
            hostile,
            "A-Light.ttf",
            "A-Regular.woff2",
            "A B-Regular.ttf",
            "notes.pdf",
        ] {
            let list = names(&[&family[..], &[bad]].concat());
            let (file, err) = font_files(&list).unwrap_err();
            assert_eq!(file, Some(bad));
            assert!(err.contains("is not a font named"), "{bad}: {err}");
        }
        let three = names(&family[..3]);
        let (file, err) = font_files(&three).unwrap_err();
        assert!(
            file.is_none() && err.contains("no BoldItalic style"),
            "{err}"
        );
    }

    #[test]
    fn colours_are_hex_only() {
        assert_eq!(colour("#0b0c0c"), Ok(()));
        assert_eq!(colour("#fff"), Ok(()));
        for bad in [
            "red",
            "#12345",
            "#fff;background:url(x)",
            "#ggg",
            "",
            "0b0c0c",
        ] {
            assert!(colour(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn logos_stay_in_the_theme_folder() {
        assert_eq!(logo_path("logo.svg"), Ok(()));
        assert_eq!(logo_path("img/logo.PNG"), Ok(()));
        for bad in [
            "../../etc/passwd.png",
            "/tmp/x.png",
            "a/../b.png",
            "c:\\x.png",
            "logo.gif",
            "",
        ] {
            assert!(logo_path(bad).is_err(), "{bad}");
        }
    }
}
