//! Cover images: takes plan.yaml's `logo` (with `logo_alt`), `partner_logos` and `cover_image`
//! and gives the diagnostics of each, at its own plan.yaml line: alt text written, a file inside
//! the plan folder (read through the confined reader), a format both outputs show, bytes that
//! decode.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::assets::{check_image, Images};
use crate::load::front_matter::key_line;
use crate::load::plan::PlanConfig;

/// The diagnostics of every image plan.yaml puts on the cover.
pub fn check_cover_images(
    file: &SourceFile,
    plan: &PlanConfig,
    images: &Images,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(logo) = &plan.logo {
        let line = key_line(file, &["logo"]).unwrap_or(1);
        let alt = plan.logo_alt_text();
        if plan.logo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            out.push(
                Diagnostic::warning(
                    "logo-alt",
                    format!("the logo `{logo}` has no `logo_alt`, so a screen reader hears only \"{alt}\""),
                )
                .at_line(file, line)
                .hint("say what the logo shows on the line after `logo:`, e.g. `logo_alt: Wrenshire County Council`"),
            );
        }
        out.extend(checked(
            file,
            line,
            (logo, &alt),
            "logo_alt: Wrenshire County Council",
            images,
        ));
    }
    let partners_line = key_line(file, &["partner_logos"]).unwrap_or(1);
    for partner in &plan.partner_logos {
        let line = value_line(file, partners_line, &partner.src);
        out.extend(checked(
            file,
            line,
            (&partner.src, &partner.alt),
            "alt: Wrenshire Police",
            images,
        ));
    }
    if let Some(cover) = &plan.cover_image {
        let line = key_line(file, &["cover_image", "src"])
            .or_else(|| key_line(file, &["cover_image"]))
            .unwrap_or(1);
        let example = "alt: Young people and staff planting the community garden in Northmoor";
        out.extend(checked(
            file,
            line,
            (&cover.src, &cover.alt),
            example,
            images,
        ));
    }
    out
}

/// The image checks, with a plan.yaml hint when the alt text is missing.
fn checked(
    file: &SourceFile,
    line: usize,
    image: (&str, &str),
    example: &str,
    images: &Images,
) -> Vec<Diagnostic> {
    let hint = format!("say what it shows beside it in plan.yaml, e.g. `{example}`");
    check_image(file, line, image, &hint, images)
}

/// The line, at or after `from`, that holds `value` (a list item's `src`); `from` when none does.
fn value_line(file: &SourceFile, from: usize, value: &str) -> usize {
    file.text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(value))
        .map_or(from, |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(yaml: &str) -> (SourceFile, PlanConfig) {
        let file = SourceFile::new("plan.yaml", yaml);
        let (plan, _) = crate::load::plan::parse(&file).expect("plan parses");
        (file, plan)
    }

    #[test]
    fn each_cover_image_is_checked_at_its_line() {
        let dir = std::env::temp_dir().join(format!("yjplan-cover-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='300' height='60'/>";
        std::fs::write(dir.join("assets/council.svg"), svg).unwrap();
        let (file, plan) = plan(
            "service: S\nperiod: 2023/24\nlogo: assets/council.svg\npartner_logos:\n  - src: assets/council.svg\n    alt: Police\n  - src: assets/missing.png\n    alt: Health\ncover_image:\n  src: ../outside.png\n  alt: A garden\n",
        );
        let found = check_cover_images(&file, &plan, &Images::new(&dir));
        let codes: Vec<(&str, Option<usize>)> = found
            .iter()
            .map(|d| (d.code, d.location.as_ref().and_then(|l| l.line)))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("logo-alt", Some(3)),
                ("missing-image", Some(7)),
                ("bad-image-path", Some(10))
            ]
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
