//! Images too costly to draw, in a plan made in the test: a PNG whose header asks for 7 GB once
//! decoded (refused by its size in pixels, never decoded), the same PNG and a truncated one
//! embedded in an SVG as `data:` URLs, SVG filters whose work has no bound. `check` refuses each
//! at the line placing the image, quickly, and `build` fails the same way, never aborting or
//! hanging; an ordinary drop shadow builds.

use super::attack::{plan, write, yjplan_within, Run};
use base64::Engine;
use std::path::Path;
use std::time::Duration;

/// The fixture's PNG with its header saying 30000 × 30000 16-bit RGBA pixels (7.2 GB decoded).
fn png_bomb(plan: &Path) -> Vec<u8> {
    let mut png = std::fs::read(plan.join("assets/map.png")).unwrap();
    png[16..24].copy_from_slice(&[0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30]);
    png[24..26].copy_from_slice(&[16, 6]);
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// An SVG drawing that embeds `png` on its third line.
fn svg_embedding(png: &[u8]) -> String {
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\">\n<rect width=\"40\" height=\"40\"/>\n<image width=\"40\" height=\"40\" href=\"data:image/png;base64,{data}\"/>\n</svg>\n")
}

/// `check` and `build` of the plan, each within 60 seconds.
fn check_and_build(plan: &Path) -> [Run; 2] {
    let cwd = plan.parent().unwrap();
    let limit = Duration::from_secs(60);
    [
        yjplan_within(cwd, &["check", "plan"], limit),
        yjplan_within(cwd, &["build", "plan", "--out", "out"], limit),
    ]
}

/// Asserts that `check` and `build` both fail, saying each of `said`.
fn refused(plan: &Path, said: &[&str]) {
    for run in check_and_build(plan) {
        assert_eq!(run.code, Some(1), "{}", run.out);
        for words in said {
            assert!(run.out.contains(words), "{words}\n{}", run.out);
        }
    }
}

#[test]
fn a_png_too_large_to_decode_is_refused_by_its_header() {
    let plan = plan("png-bomb");
    let bomb = png_bomb(&plan);
    write(&plan, "assets/map.png", bomb);
    refused(&plan, &[
        "error[image-too-large]: the image `assets/map.png` is too large to use: it is 30000 × 30000 pixels",
        "02-pictures.md:3:1",
    ]);
}

#[test]
fn an_svg_embedding_a_png_too_large_to_decode_is_refused() {
    let plan = plan("svg-png-bomb");
    let svg = svg_embedding(&png_bomb(&plan));
    write(&plan, "assets/structure.svg", svg);
    refused(&plan, &[
        "error[image-too-large]: the SVG image `assets/structure.svg` embeds a PNG image (its line 3) that is too large to use",
        "02-pictures.md:5:1",
    ]);
}

#[test]
fn an_svg_embedding_a_truncated_png_is_refused() {
    let plan = plan("svg-png-cut");
    let png = std::fs::read(plan.join("assets/map.png")).unwrap();
    write(
        &plan,
        "assets/structure.svg",
        svg_embedding(&png[..png.len() - 40]),
    );
    refused(&plan, &[
        "error[bad-image]: the SVG image `assets/structure.svg` embeds a PNG image (its line 3) that cannot be read",
    ]);
}

#[test]
fn an_svg_embedding_a_whole_png_builds() {
    let plan = plan("svg-png-whole");
    let png = std::fs::read(plan.join("assets/map.png")).unwrap();
    write(&plan, "assets/structure.svg", svg_embedding(&png));
    let [check, build] = check_and_build(&plan);
    assert_eq!(check.code, Some(0), "{}", check.out);
    assert_eq!(build.code, Some(0), "{}", build.out);
}

/// The red team's filter: noise of 1,000 octaves over a region 2,000 times the element's size
/// (the build ran past 90 seconds).
const TURBULENCE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">\n<filter id=\"f\" x=\"-1000\" y=\"-1000\" width=\"2000\" height=\"2000\"><feTurbulence baseFrequency=\"0.5\" numOctaves=\"1000\"/></filter>\n<rect width=\"100\" height=\"100\" fill=\"#00f\" filter=\"url(#f)\"/>\n</svg>\n";

/// An org chart's box with a drop shadow, as drawing programs export it.
const DROP_SHADOW: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"120\" viewBox=\"0 0 320 120\">\n<defs><filter id=\"shadow\" x=\"-20%\" y=\"-20%\" width=\"140%\" height=\"140%\"><feGaussianBlur in=\"SourceAlpha\" stdDeviation=\"3\"/><feOffset dx=\"2\" dy=\"2\" result=\"offset\"/><feMerge><feMergeNode in=\"offset\"/><feMergeNode in=\"SourceGraphic\"/></feMerge></filter></defs>\n<rect x=\"10\" y=\"10\" width=\"120\" height=\"40\" fill=\"#1d4f91\" filter=\"url(#shadow)\"/>\n<rect x=\"190\" y=\"70\" width=\"120\" height=\"40\" fill=\"#00703c\" filter=\"url(#shadow)\"/>\n</svg>\n";

#[test]
fn an_svg_filter_without_bound_is_refused_quickly() {
    let plan = plan("svg-turbulence");
    write(&plan, "assets/structure.svg", TURBULENCE);
    let cwd = plan.parent().unwrap();
    let start = std::time::Instant::now();
    let check = yjplan_within(cwd, &["check", "plan"], Duration::from_secs(60));
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(check.code, Some(1), "{}", check.out);
    refused(&plan, &[
        "error[costly-svg]: the SVG image `assets/structure.svg` has a filter region more than 3 times the size of the element it applies to (its line 2)",
        "02-pictures.md:5:1",
    ]);
    let noise = TURBULENCE.replace(
        " x=\"-1000\" y=\"-1000\" width=\"2000\" height=\"2000\"",
        "",
    );
    write(&plan, "assets/structure.svg", noise);
    refused(&plan, &["(numOctaves) add up to more than 5 (its line 2)"]);
    let copies = "<g id=\"a\"><rect width=\"100\" height=\"100\" filter=\"url(#f)\"/></g><use href=\"#a\"/><use href=\"#a\"/>\n</svg>";
    let many = TURBULENCE
        .replace(
            " x=\"-1000\" y=\"-1000\" width=\"2000\" height=\"2000\"",
            "",
        )
        .replace("numOctaves=\"1000\"", "numOctaves=\"5\"")
        .replace(
            "width=\"100\" height=\"100\">",
            "width=\"2000\" height=\"2000\" viewBox=\"0 0 100 100\">",
        )
        .replace("</svg>", copies);
    write(&plan, "assets/structure.svg", many);
    refused(&plan, &["has filters that would take about"]);
}

#[test]
fn an_svg_with_a_drop_shadow_builds() {
    let plan = plan("svg-drop-shadow");
    write(&plan, "assets/structure.svg", DROP_SHADOW);
    let [check, build] = check_and_build(&plan);
    assert_eq!(check.code, Some(0), "{}", check.out);
    assert_eq!(build.code, Some(0), "{}", build.out);
}
