//! Images too costly to draw, in a plan made in the test: a PNG whose header asks for 7 GB once
//! decoded (refused by its size in pixels, never decoded). `check` refuses each at the line
//! placing the image, and `build` fails the same way, never aborting.

use super::attack::{plan, write, yjplan_within, Run};
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

/// `check` and `build` of the plan, each within 60 seconds and under the same diagnostic.
fn check_and_build(plan: &Path) -> [Run; 2] {
    let cwd = plan.parent().unwrap();
    let limit = Duration::from_secs(60);
    [
        yjplan_within(cwd, &["check", "plan"], limit),
        yjplan_within(cwd, &["build", "plan", "--out", "out"], limit),
    ]
}

#[test]
fn a_png_too_large_to_decode_is_refused_by_its_header() {
    let plan = plan("png-bomb");
    let bomb = png_bomb(&plan);
    write(&plan, "assets/map.png", bomb);
    for run in check_and_build(&plan) {
        assert_eq!(run.code, Some(1), "{}", run.out);
        assert!(run.out.contains("error[image-too-large]: the image `assets/map.png` is too large to use: it is 30000 × 30000 pixels"), "{}", run.out);
        assert!(run.out.contains("02-pictures.md:3:1"), "{}", run.out);
    }
}
