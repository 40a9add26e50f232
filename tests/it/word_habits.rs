//! The mistakes authors make moving from a Word template that yjplan fixes silently (a CSV saved
//! with semicolons and decimal commas, dashes and non-breaking spaces in a `{{ }}` figure) build
//! with the figures meant;
//! an image's alt text is never printed as its caption in the page or the PDF. (The mistakes that
//! are reported are bad fixtures with an about.txt: their goldens are checked in `cli`, and the
//! "Common mistakes" section of docs/authoring.md is made from them in `docs`.)

use crate::mistakes::{build_printing, plan_with};
use std::path::Path;

/// Builds the plan (web page and PDF) with no problem reported; gives the page and the PDF's text.
fn build(plan: &Path) -> (String, String) {
    let (page, pdf, printed) = build_printing(plan);
    assert_eq!(printed.matches("warning[").count(), 0, "{printed}");
    (page, pdf)
}

const SPENDING: &str = "---\ntables:\n  spending:\n    kind: sum\n    caption: Spending by team\n    row_header: Team\n    columns: [Staff, Other]\n    totals: both\n    csv: data/spending.csv\n---\n# Local spending\n\nOur teams spent this money.\n\n{{ table(\"spending\") }}\n";

#[test]
fn a_csv_saved_with_semicolons_and_decimal_commas_is_read_as_meant() {
    let csv = "Team;Staff;Other\r\nNorth;1.200,5;300\r\nSouth;20;1 000,25\r\n";
    let plan = plan_with(
        "mistake-semicolons",
        &[
            ("02-local.md", SPENDING.as_bytes()),
            ("data/spending.csv", csv.as_bytes()),
        ],
    );
    let (page, pdf) = build(&plan);
    // North: 1200.5 + 300; South: 20 + 1000.25; the column totals 1220.5 and 1300.25.
    for figure in [
        "1,200.5", "1,500.5", "1,000.25", "1,020.25", "1,220.5", "1,300.25", "2,520.75",
    ] {
        assert!(page.contains(figure), "the page lacks {figure}");
        assert!(pdf.contains(figure), "the PDF lacks {figure}:\n{pdf}");
    }
}

#[test]
fn an_image_caption_is_its_title_and_never_its_alt_text() {
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"#1d70b8\"/></svg>\n";
    let section = "# Pictures\n\nOur service is organised in three teams.\n\n![Organisation chart: the head of service leads the three locality teams](assets/structure.svg \"How the service is organised\")\n\nThe county has three localities.\n\n![Map of the county: Northmoor in the north, Wrenford in the centre, Ashvale in the south](assets/map.svg)\n";
    let plan = plan_with(
        "mistake-caption",
        &[
            ("02-pictures.md", section.as_bytes()),
            ("assets/structure.svg", svg),
            ("assets/map.svg", svg),
        ],
    );
    let (page, pdf) = build(&plan);
    let alt = "Organisation chart: the head of service leads the three locality teams";
    assert_eq!(
        page.matches(alt).count(),
        1,
        "the alt text is printed once, in alt="
    );
    assert!(page.contains(&format!("alt=\"{alt}\"")));
    assert!(
        page.contains("How the service is organised</p>"),
        "the title is the caption"
    );
    let map = "Map of the county: Northmoor in the north";
    assert_eq!(
        page.matches(map).count(),
        1,
        "an untitled image has no caption"
    );
    assert_eq!(page.matches("<figcaption>").count(), 1);
    let squashed = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squashed.contains("How the service is organised"), "{pdf}");
    assert!(
        !squashed.contains("Organisation chart"),
        "the PDF prints the alt text: {pdf}"
    );
    assert!(
        !squashed.contains("Northmoor"),
        "the PDF prints the alt text: {pdf}"
    );
}

#[test]
fn word_dashes_and_non_breaking_spaces_in_a_figure_still_find_it() {
    let section = "# Local figures\n\nFirst time entrants were {{\u{a0}fte[\"Exampleshire\"][\"Sep–22\"]\u{a0}}} per 100,000 children.\n";
    let plan = plan_with(
        "mistake-figure-dash",
        &[("02-local.md", section.as_bytes())],
    );
    let (page, pdf) = build(&plan);
    assert!(page.contains("were 100 per 100,000"), "{page}");
    assert!(pdf.contains("were 100 per"), "{pdf}");
}
