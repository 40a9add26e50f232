//! What the web team gets (out/html/): the fragment is body content only and its relative links
//! reach files in the folder; style.css has no selector outside `.yjplan`; the page links to the
//! PDF with its size; every computed table has a CSV and a JSON file that round-trip to the
//! figures printed in the page; data.json lists them; the statement follows the GOV.UK model.

use crate::{scratch, stderr, yjplan};
use std::path::{Path, PathBuf};

fn build_sample(name: &str) -> PathBuf {
    build_plan(name, "content")
}

/// Builds the plan at `plan` (relative to the repository) into a scratch folder; gives its
/// web folder.
fn build_plan(name: &str, plan: &str) -> PathBuf {
    let dir = scratch(name);
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join(plan);
    let out = dir.join("out");
    let built = yjplan(
        &dir,
        &[
            "build",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    out.join("html")
}

/// Every selector of a stylesheet that is not under `root` (at-rule preludes — @media,
/// @supports, @container — and @font-face blocks aside).
fn selectors_outside(css: &str, root: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    let mut outside = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let prelude = rest[..open].trim().trim_start_matches('}').trim();
        rest = &rest[open + 1..];
        if ["@media", "@supports", "@container"]
            .iter()
            .any(|at| prelude.starts_with(at))
        {
            continue;
        }
        // skip the declarations up to the rule's closing brace
        let close = rest.find('}').unwrap_or(rest.len());
        rest = &rest[close..];
        if prelude.starts_with("@font-face") {
            continue;
        }
        for selector in prelude.split(',') {
            let selector = selector.trim().trim_start_matches('}').trim();
            let under = selector == root
                || [" ", ".", ":", "["]
                    .iter()
                    .any(|c| selector.starts_with(&format!("{root}{c}")));
            if !under {
                outside.push(selector.to_string());
            }
        }
    }
    outside
}

#[test]
fn the_selector_check_finds_a_global_selector() {
    let css = "/* a */ .yjplan a { color: red; }\n@media print { body { margin: 0; } .yjplan p, table { x: y; } }";
    assert_eq!(selectors_outside(css, ".yjplan"), ["body", "table"]);
}

#[test]
fn the_web_folder_holds_a_scoped_fragment_the_pdf_and_open_data() {
    let html = build_sample("publish-sample");
    let css = std::fs::read_to_string(html.join("style.css")).unwrap();
    assert_eq!(selectors_outside(&css, ".yjplan"), Vec::<String>::new());

    // Every chart is drawn wide and narrow (style.css shows one by the column's width), and
    // the text value ">10" in the first-time entrants table is a gap the description names.
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    let wide = page.matches("<div class=\"chart chart-wide\"><svg").count();
    assert!(wide > 0);
    assert_eq!(
        page.matches("<div class=\"chart chart-narrow\"><svg")
            .count(),
        wide
    );
    assert!(page.contains(
        "Gaps in the lines where the table gives no number: Shropshire in Sep-22 (&gt;10)."
    ));

    let fragment = std::fs::read_to_string(html.join("fragment.html")).unwrap();
    for shell in ["<html", "<head>", "<body", "<!DOCTYPE", "<main"] {
        assert!(!fragment.contains(shell), "the fragment has {shell}");
    }
    assert!(fragment.contains("<div class=\"yjplan\""));
    // every relative link of the fragment reaches a file of the folder
    let mut links = 0;
    for attr in ["href=\"", "src=\""] {
        for piece in fragment.split(attr).skip(1) {
            let target = piece.split('"').next().unwrap().replace("&#x2f;", "/");
            if target.starts_with('#') || target.contains(':') {
                continue;
            }
            links += 1;
            assert!(
                html.join(&target).is_file(),
                "{target} is not in the web folder"
            );
        }
    }
    assert!(links > 10, "{links}");

    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    let pdf = "west-mercia-youth-justice-plan-2023-24.pdf";
    let bytes = std::fs::metadata(html.join(pdf)).unwrap().len();
    assert!(page.contains(&format!("<a href=\"{pdf}\">Download the plan as a PDF</a> <span class=\"file-info\">(PDF, {} KB, ", bytes.div_ceil(1000))), "the page links to the PDF with its size");
    assert!(page.contains("Last updated: <time datetime=\"2023-06-21\">21 June 2023</time>"));

    let statement = std::fs::read_to_string(html.join("accessibility-statement.html")).unwrap();
    for heading in [
        "Feedback and contact information",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ] {
        assert!(statement.contains(heading), "{heading}");
    }
}

/// A CSV file's records (RFC 4180: quoted fields, doubled quotes, CRLF).
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                _ => field.push(c),
            }
        }
        fields.push(field);
        records.push(fields);
    }
    records
}

/// The text of each cell of each body row of the page's table `id`, as printed; a cell that
/// spans rows (`rowspan`) is counted in each row it covers.
fn page_rows(page: &str, id: &str) -> Vec<Vec<String>> {
    let start = page
        .find(&format!("<table id=\"table-{id}\">"))
        .unwrap_or_else(|| panic!("no table {id}"));
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    let body = table.split("<tbody>").nth(1).unwrap();
    // (column, rows still covered, text) of each cell spanning down from a row above
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let mut rows = Vec::new();
    for row in body.split("<tr").skip(1) {
        let mut cells: Vec<String> = Vec::new();
        for cell in row
            .split("<t")
            .skip(1)
            .filter(|c| c.starts_with('h') || c.starts_with('d'))
        {
            while let Some(span) = spans.iter_mut().find(|s| s.0 == cells.len() && s.1 > 0) {
                span.1 -= 1;
                cells.push(span.2.clone());
            }
            let (attributes, inner) = cell.split_once('>').unwrap();
            let text = cell_text(inner.split("</t").next().unwrap());
            if let Some(n) = attributes
                .split("rowspan=\"")
                .nth(1)
                .and_then(|r| r.split('"').next()?.parse::<usize>().ok())
            {
                spans.retain(|s| s.0 != cells.len());
                spans.push((cells.len(), n - 1, text.clone()));
            }
            cells.push(text);
        }
        while let Some(span) = spans.iter_mut().find(|s| s.0 == cells.len() && s.1 > 0) {
            span.1 -= 1;
            cells.push(span.2.clone());
        }
        rows.push(cells);
    }
    rows
}

/// A cell's text as the data files hold it: list items joined with "; ", entities decoded.
fn cell_text(inner: &str) -> String {
    let items: Vec<&str> = inner
        .split("<li>")
        .skip(1)
        .map(|i| i.split("</li>").next().unwrap())
        .collect();
    let text = if items.is_empty() {
        inner.to_string()
    } else {
        items.join("; ")
    };
    text.replace("&amp;", "&")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
}

#[test]
fn every_table_round_trips_from_csv_and_json_to_the_page() {
    let html = build_sample("publish-data");
    let page = std::fs::read_to_string(html.join("index.html"))
        .unwrap()
        .replace("&#x2f;", "/");
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(html.join("data/data.json")).unwrap())
            .unwrap();
    let tables = index["tables"].as_array().unwrap();
    assert!(tables.len() >= 10, "{}", tables.len());
    for entry in tables {
        let id = entry["id"].as_str().unwrap();
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(html.join("data").join(entry["json"].as_str().unwrap()))
                .unwrap(),
        )
        .unwrap();
        let csv = read_csv(
            &std::fs::read_to_string(html.join("data").join(entry["csv"].as_str().unwrap()))
                .unwrap(),
        );
        assert_eq!(json["id"], id);
        for key in ["caption", "unit", "source", "periods", "notes"] {
            assert!(json.get(key).is_some(), "{id}: no {key}");
        }
        let columns = json["columns"].as_array().unwrap();
        let header = &csv[0];
        let rows = json["rows"].as_array().unwrap();
        assert_eq!(
            csv.len() - 1,
            rows.len(),
            "{id}: one CSV record per row, one header row"
        );
        // the table is on the page only when a section places it
        let printed = page
            .contains(&format!("<table id=\"table-{id}\">"))
            .then(|| page_rows(&page, id));
        if printed.is_some() {
            assert!(
                page.contains(&format!("href=\"data/{}\"", entry["csv"].as_str().unwrap())),
                "{id}: no download link"
            );
        }
        for (r, row) in rows.iter().enumerate() {
            let record = &csv[r + 1];
            assert_eq!(record[0], row["label"].as_str().unwrap(), "{id}");
            let cells = row["cells"].as_array().unwrap();
            let mut at = 1;
            for (c, cell) in cells.iter().enumerate() {
                let display = cell["display"].as_str().unwrap();
                assert_eq!(
                    record[at], display,
                    "{id} row {r} column {c}: CSV against JSON"
                );
                let unit = json["unit"]
                    .as_str()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                let label = columns[c]["label"].as_str().unwrap();
                let unrounded = header
                    .get(at + 1)
                    .is_some_and(|h| h.ends_with(", unrounded") && h.starts_with(label));
                if unrounded {
                    let expected = cell["value"].as_str().unwrap_or(display);
                    assert_eq!(
                        record[at + 1],
                        expected,
                        "{id} row {r}: the unrounded value"
                    );
                    at += 1;
                }
                if columns[c]["numeric"].as_bool().unwrap() {
                    assert!(
                        header[at - usize::from(unrounded)].ends_with(&unit),
                        "{id}: units in the headers"
                    );
                }
                if cell["suppressed"].as_bool().unwrap() {
                    assert!(
                        cell["value"].is_null(),
                        "{id}: a suppressed value must not be published"
                    );
                }
                at += 1;
            }
            if let Some(printed) = &printed {
                let mut expected = vec![row["label"].as_str().unwrap().to_string()];
                expected.extend(
                    cells
                        .iter()
                        .map(|c| c["display"].as_str().unwrap().to_string()),
                );
                assert_eq!(
                    printed[r], expected,
                    "{id} row {r}: the page against the data"
                );
            }
        }
    }
}

#[test]
fn a_plan_that_asks_gets_a_page_per_section_with_its_contact_and_licence() {
    let html = build_plan("publish-site", "tests/fixtures/good/high-contrast");
    let mut pages: Vec<String> = std::fs::read_dir(&html)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("section-"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 14, "one page per top-level section: {pages:?}");
    for (n, name) in pages.iter().enumerate() {
        let page = std::fs::read_to_string(html.join(name))
            .unwrap()
            .replace("&#x2f;", "/");
        assert_eq!(page.matches("<h1>").count(), 1, "{name}");
        assert!(
            page.contains(&format!("<a href=\"{name}\" aria-current=\"page\">")),
            "{name}"
        );
        assert_eq!(page.contains("rel=\"prev\""), n > 0, "{name}");
        assert_eq!(page.contains("rel=\"next\""), n + 1 < pages.len(), "{name}");
        // every in-page link has its target on the page; others name the page that has it
        for piece in page.split("href=\"").skip(1) {
            let target = piece.split('"').next().unwrap();
            if let Some(id) = target.strip_prefix('#') {
                assert!(
                    page.contains(&format!(" id=\"{id}\"")),
                    "{name}: #{id} is not on the page"
                );
            } else if let Some((file, id)) =
                target.split_once('#').filter(|_| !target.contains(':'))
            {
                let other = std::fs::read_to_string(html.join(file)).unwrap();
                assert!(other.contains(&format!(" id=\"{id}\"")), "{name}: {target}");
            }
        }
        assert!(
            page.contains("<a href=\"mailto:yjs@exampleshire.example\">"),
            "{name}"
        );
        assert!(
            page.contains("rel=\"license\">Open Government Licence v3.0</a>"),
            "{name}"
        );
        assert!(
            page.contains("Last updated: <time datetime=\"2023-09-14\">14 September 2023</time>")
        );
    }
}
