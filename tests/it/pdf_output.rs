//! Integration tests of the PDF output: author text stays text (injection), builds are
//! byte-for-byte reproducible, the date comes from SOURCE_DATE_EPOCH or the sign-off, a plan
//! without a complete sign-off is a visible DRAFT, and the PDF claims PDF/UA-1.
//!
//! Text is extracted with poppler's `pdftotext` (installed by scripts/setup-test-deps).

use crate::scratch;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/good")
        .join(name)
}

/// Builds a plan into `out` and returns the PDF's path.
fn build(plan: &Path, out: &Path, epoch: Option<&str>) -> PathBuf {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yjplan"));
    cmd.args([
        "build",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    let output = cmd.output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF was written")
}

/// The PDF's text; `layout` keeps table rows on one line.
fn pdf_text(pdf: &Path, layout: bool) -> String {
    let mode = if layout { "-layout" } else { "-raw" };
    let output = Command::new("pdftotext")
        .args([mode, pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed: run scripts/setup-test-deps");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const HOSTILE: &[&str] = &[
    "#set page(fill: red)",
    "#import",
    "$x^2$",
    "[a]",
    "\\",
    "<b>",
    "@c",
    "*",
    "_",
];

#[test]
fn author_text_is_never_typst_code() {
    let out = scratch("injection");
    let pdf = build(&fixture("injection"), &out, None);
    let text = pdf_text(&pdf, true);
    let heading = text
        .lines()
        .find(|l| l.trim_start().starts_with("Literal #set"))
        .expect("heading text");
    let paragraph = text
        .lines()
        .find(|l| l.contains("This paragraph holds"))
        .expect("paragraph");
    let paragraph_end = text
        .lines()
        .skip_while(|l| !l.contains("This paragraph holds"))
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let cell = text
        .lines()
        .find(|l| l.contains("Typst code"))
        .expect("table row");
    for token in HOSTILE {
        assert!(
            heading.contains(token),
            "heading lacks {token:?}: {heading}"
        );
        assert!(
            paragraph_end.contains(token),
            "paragraph lacks {token:?}: {paragraph}"
        );
        assert!(cell.contains(token), "table cell lacks {token:?}: {cell}");
    }
    assert!(text.contains("Exampleshire <i>Youth</i> Justice Service #set text(red)"));
    // Had any of it run, the page would be red or the document would have failed to compile.
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        !bytes.windows(12).any(|w| w == b"1 0 0 rg 0 0"),
        "no red page fill"
    );
}

#[test]
fn author_text_is_escaped_in_html() {
    let out = scratch("injection-html");
    build(&fixture("injection"), &out, None);
    let html = std::fs::read_to_string(out.join("html/index.html")).unwrap();
    assert!(!html.contains("<script>"), "no script element");
    assert!(!html.contains("<img src=x"), "no injected image");
    assert!(!html.contains("<b>"), "no injected bold");
    assert!(
        !html.contains("<i>Youth</i>"),
        "plan.yaml text is escaped too"
    );
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp;amp; &lt;img src=x onerror=alert(1)&gt;"
    ));
    assert!(html.contains("Literal #set page(fill: red) #import “x” $x^2$ [a] \\ &lt;b&gt; @c * _"));
}

#[test]
fn builds_are_byte_for_byte_reproducible() {
    let (a, b) = (scratch("repro-a"), scratch("repro-b"));
    let pdf_a = build(&fixture("minimal"), &a, None);
    let pdf_b = build(&fixture("minimal"), &b, None);
    assert_eq!(
        std::fs::read(&pdf_a).unwrap(),
        std::fs::read(&pdf_b).unwrap(),
        "PDF bytes differ"
    );
    for file in ["html/index.html", "html/style.css"] {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file} differs"
        );
    }
}

#[test]
fn the_date_comes_from_source_date_epoch_else_the_sign_off() {
    let signed = build(&fixture("minimal"), &scratch("date-signed"), None);
    let bytes = std::fs::read(signed).unwrap();
    assert!(
        contains(&bytes, b"<xmp:CreateDate>2023-06-28T00:00:00+00:00"),
        "sign-off date"
    );
    let epoch = build(
        &fixture("minimal"),
        &scratch("date-epoch"),
        Some("1700000000"),
    );
    let bytes = std::fs::read(epoch).unwrap();
    assert!(
        contains(&bytes, b"<xmp:CreateDate>2023-11-14T22:13:20+00:00"),
        "SOURCE_DATE_EPOCH"
    );
}

#[test]
fn the_pdf_claims_pdf_ua_and_pdf_a() {
    let pdf = build(&fixture("minimal"), &scratch("claims"), None);
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    assert!(contains(&bytes, b"<pdfuaid:part>1</pdfuaid:part>"));
    assert!(contains(&bytes, b"<pdfaid:part>2</pdfaid:part>"));
    assert!(contains(&bytes, b"/StructTreeRoot"));
    assert!(contains(&bytes, b"/Lang(en-GB)"));
}

#[test]
fn a_plan_without_complete_sign_off_is_a_draft_on_every_page() {
    let plan = scratch("draft-plan");
    for entry in std::fs::read_dir(fixture("minimal")).unwrap().flatten() {
        std::fs::copy(entry.path(), plan.join(entry.file_name())).unwrap();
    }
    let yaml = std::fs::read_to_string(plan.join("plan.yaml")).unwrap();
    std::fs::write(
        plan.join("plan.yaml"),
        yaml.replace("  chair: Sam Example\n", ""),
    )
    .unwrap();
    let out = scratch("draft-out");
    let text = pdf_text(&build(&plan, &out, None), false);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 3);
    assert!(
        pages[0].contains("Draft: not yet approved by the management board"),
        "the cover says so"
    );
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains("DRAFT ·"),
            "page {} has no DRAFT mark in its footer",
            i + 1
        );
    }
    assert!(words(&text)
        .contains("This plan is a draft. It has not yet been approved by the management board."));
    let signed = words(&pdf_text(
        &build(&fixture("minimal"), &scratch("signed-out"), None),
        false,
    ));
    assert!(!signed.contains("DRAFT"));
    assert!(signed.contains("This plan was approved by the Exampleshire Youth Justice Management Board at its meeting on 28 June 2023."));
    assert!(signed.contains("Sam Example"));
}

/// Text with every run of white space made one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_broken_pdf_template_of_the_plan_is_an_error_at_its_line() {
    let plan = scratch("broken-template");
    for entry in std::fs::read_dir(fixture("minimal")).unwrap().flatten() {
        std::fs::copy(entry.path(), plan.join(entry.file_name())).unwrap();
    }
    std::fs::create_dir_all(plan.join("templates/typst")).unwrap();
    std::fs::write(
        plan.join("templates/typst/plan.typ"),
        "#let data = json(\"/data.json\")\n#data.nonexistent-key\n",
    )
    .unwrap();
    let out = scratch("broken-template-out");
    let output = Command::new(env!("CARGO_BIN_EXE_yjplan"))
        .args([
            "build",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error[pdf-failed]: the plan's PDF template failed: dictionary does not contain key"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("broken-template/templates/typst/plan.typ:2:1"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
    assert!(
        std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .all(|e| e.file_name() == ".git"),
        "nothing is written"
    );
}
