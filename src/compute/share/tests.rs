//! Unit tests of `src/compute/share/mod.rs`.

use super::super::testing::{codes, run, run_with, texts};

const EDUCATION: &str = r#"
kind: share
row_header: Row
caption: Education of children of school age worked with in 2022
total: 321
total_label: Children of school age
rows:
  In an education placement: 290
  Receiving full-time education: 241
  Missing education: 21
"#;

#[test]
fn west_mercia_education_shares_round_half_up() {
    let (t, problems) = run(EDUCATION);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(
        texts(&t),
        [
            ["Children of school age", "321", "100%"],
            ["In an education placement", "290", "90%"],
            ["Receiving full-time education", "241", "75%"],
            ["Missing education", "21", "7%"],
        ]
    );
    assert_eq!(
        t.cell("Missing education", "Percentage").unwrap().text,
        "7%"
    );
    assert_eq!(t.cell("total", "number").unwrap().text, "321");
    assert_eq!(t.columns[0].key, "row");
}

#[test]
fn midpoints_round_up() {
    let t = run("kind: share\nrow_header: Row\ncaption: S\ntotal: 8\nrows: {a: 1, b: 5}\n")
        .0
        .unwrap();
    assert_eq!(t.cell("a", "percentage").unwrap().text, "13%");
    assert_eq!(t.cell("b", "percentage").unwrap().text, "63%");
}

#[test]
fn share_tables_have_a_bar_chart() {
    let chart = run(EDUCATION).0.unwrap().chart.unwrap();
    assert_eq!(chart.kind, super::ChartKind::Bar);
    assert_eq!(chart.x_labels.len(), 3);
    assert_eq!(chart.series[0].values, [Some(90.0), Some(75.0), Some(7.0)]);
    assert_eq!(chart.unit.as_deref(), Some("%"));
}

#[test]
fn decimals_set_the_places() {
    let t = run(&format!("{EDUCATION}decimals: 1\n")).0.unwrap();
    assert_eq!(
        t.cell("In an education placement", "percentage")
            .unwrap()
            .text,
        "90.3%"
    );
    let (_, problems) = run(&format!("{EDUCATION}decimals: 10\n"));
    assert_eq!(codes(&problems), ["bad-value"]);
}

#[test]
fn a_stated_percentage_is_checked() {
    let ok = EDUCATION.replace("placement: 290", "placement: { count: 290, percent: 90 }");
    assert!(run(&ok).1.is_empty());
    let bad = EDUCATION.replace(
        "placement: 290",
        "placement: { count: 290, percent: \"91%\" }",
    );
    let (_, problems) = run(&bad);
    assert_eq!(codes(&problems), ["stated-mismatch"]);
    assert_eq!(
        problems[0].path,
        ["rows", "In an education placement", "percent"]
    );
    assert!(problems[0].message.contains("91%") && problems[0].message.contains("90%"));
}

#[test]
fn given_percentages_need_no_total() {
    let (t, problems) = run("kind: share\ncaption: S\nrow_header: Area\nrows: {Herefordshire: \"85%\", Shropshire: \"80.5%\"}\n");
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(texts(&t), [["Herefordshire", "85%"], ["Shropshire", "81%"]]);
    assert_eq!(t.head[0][0].text, "Area");
}

#[test]
fn counts_need_a_total_they_fit_in() {
    assert_eq!(
        codes(&run("kind: share\nrow_header: Row\ncaption: S\nrows: {a: 5}\n").1),
        ["missing-total"]
    );
    assert_eq!(
        codes(&run("kind: share\nrow_header: Row\ncaption: S\ntotal: 4\nrows: {a: 5}\n").1),
        ["share-over-total"]
    );
    assert_eq!(
        codes(&run("kind: share\nrow_header: Row\ncaption: S\ntotal: 0\nrows: {a: 0}\n").1),
        ["division-by-zero"]
    );
    assert_eq!(
        codes(&run("kind: share\nrow_header: Row\ncaption: S\ntotal: 9\nrows: {a: \"<5\"}\n").1),
        ["text-in-computed-cell"]
    );
    assert_eq!(
        codes(&run("kind: share\nrow_header: Row\ncaption: S\ntotal: -9\nrows: {a: 1}\n").1),
        ["negative-count", "missing-total"]
    );
}

#[test]
fn columns_may_be_renamed() {
    let t = run(&format!("{EDUCATION}columns: [Children, Share]\n"))
        .0
        .unwrap();
    assert_eq!(t.cell("Missing education", "Share").unwrap().text, "7%");
    let (_, problems) = run(&format!("{EDUCATION}columns: [Children]\n"));
    assert_eq!(codes(&problems), ["row-length"]);
}

#[test]
fn small_counts_are_hidden_with_their_share() {
    let t =
            run("kind: share\nrow_header: Row\ncaption: S\ntotal: 100\nsuppress_below: 5\nrows: {a: 3, b: 97}\n")
                .0
                .unwrap();
    assert_eq!(texts(&t)[1], ["a", "*", "*"]);
    assert_eq!(t.notes.len(), 1);
    assert_eq!(t.chart.unwrap().series[0].values[0], None);
}

#[test]
fn rows_come_from_csv() {
    let files = [(
        "e.csv",
        "Setting,count,percent\nIn education,290,90%\nMissing,21,\n",
    )];
    let (t, problems) = run_with(
        "kind: share\ncaption: S\ntotal: 321\ncsv: e.csv\n",
        &files,
        false,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(t.head[0][0].text, "Setting");
    assert_eq!(texts(&t)[2], ["Missing", "21", "7%"]);
    let (_, problems) = run_with(
        "kind: share\nrow_header: Row\ncaption: S\ncsv: e.csv\n",
        &[("e.csv", "row,number\n")],
        false,
    );
    assert_eq!(codes(&problems), ["csv-missing-column"]);
}
