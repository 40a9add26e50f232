//! Theme values: takes the strings a theme.yaml gives (font family, colours, logo file name)
//! and says whether each is what it claims to be. These values are written into style.css and
//! the Typst document, so anything else (quotes, braces, semicolons, `..`) is refused at its
//! theme.yaml line before it can break out of the place it is written into.

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
    if !crate::validate::IMAGE_FORMATS.contains(&extension.as_str()) {
        return Err(format!(
            "the logo `{}` is not PNG, JPEG or SVG",
            path.escape_default()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
