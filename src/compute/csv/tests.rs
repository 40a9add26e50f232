//! Unit tests of `src/compute/csv.rs`.

use super::*;

fn fields(text: &str) -> Vec<Vec<String>> {
    parse(text).unwrap().into_iter().map(|r| r.fields).collect()
}

#[test]
fn reads_quotes_commas_and_crlf() {
    let recs = fields("row,count\r\n\"Smith, J\",\"say \"\"hi\"\"\"\r\nb,2\r\n");
    assert_eq!(recs[1], ["Smith, J", "say \"hi\""]);
    assert_eq!(recs[2], ["b", "2"]);
    assert_eq!(recs.len(), 3);
}

#[test]
fn counts_lines_and_skips_blank_ones() {
    let recs = parse("a,b\n\n\"x\ny\",1\nz,2").unwrap();
    assert_eq!(recs[1].line, 3);
    assert_eq!(recs[1].fields[0], "x\ny");
    assert_eq!(recs[2].line, 5);
}

#[test]
fn keeps_empty_fields() {
    assert_eq!(fields("a,,\n")[0], ["a", "", ""]);
    assert_eq!(fields("\"\"\n")[0], [""]);
}

#[test]
fn reports_bad_quoting() {
    assert_eq!(parse("a,\"b\nc"), Err(CsvError::Unclosed(1)));
    assert_eq!(parse("a\n\"b\"c,d"), Err(CsvError::StrayQuote(2)));
}

#[test]
fn load_reports_missing_files_and_short_rows() {
    let mut problems = Vec::new();
    let missing = |_: &str| Err("no such file".to_string());
    assert!(load("data/x.csv", &missing, &mut problems).is_none());
    assert_eq!(problems[0].code, "csv-missing");
    let short = |_: &str| Ok("row,a,b\nx,1\n".to_string());
    let table = load("data/y.csv", &short, &mut problems).unwrap();
    assert_eq!(problems[1].code, "csv-row-length");
    assert_eq!(problems[1].csv_line, Some(("data/y.csv".to_string(), 2)));
    assert_eq!(table.rows[0].fields, ["x", "1", ""]);
    let quoted = |_: &str| Ok("row,a\n\"x,1\n".to_string());
    assert!(load("data/z.csv", &quoted, &mut problems).is_none());
    assert_eq!(problems[2].code, "csv-syntax");
    assert_eq!(problems[2].csv_line, Some(("data/z.csv".to_string(), 2)));
}

proptest::proptest! {
    /// Any text reads: records whose lines lie inside the text, in order, or an error at a
    /// line of the text.
    #[test]
    fn any_text_reads_without_panic(text in "([a-z\",\r\n ]|\\PC){0,40}") {
        // CR LF, LF and a lone CR each end a line.
        let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1;
        match parse(&text) {
            Ok(records) => {
                for pair in records.windows(2) {
                    proptest::prop_assert!(pair[0].line < pair[1].line);
                }
                for r in &records {
                    proptest::prop_assert!((1..=lines).contains(&r.line), "{r:?} in {lines} lines");
                }
            }
            Err(e) => proptest::prop_assert!((1..=lines).contains(&e.line()), "{e} in {lines} lines"),
        }
    }
}

#[test]
fn awkward_texts_read_or_name_their_line() {
    assert_eq!(parse(""), Ok(vec![]));
    assert_eq!(parse("\""), Err(CsvError::Unclosed(1)));
    assert_eq!(fields("\"\"\"\"\n"), [["\""]]);
    assert_eq!(parse("\r\r\n\n").map(|r| r.len()), Ok(0));
}

#[test]
fn semicolon_files_read_with_their_decimal_commas() {
    let mut problems = Vec::new();
    let excel = |_: &str| Ok("Team;Staff;Rate\nNorth;1.234,5;0,25\nSouth;2000;1,500\n".to_string());
    let table = load("data/s.csv", &excel, &mut problems).unwrap();
    assert_eq!(table.header, ["Team", "Staff", "Rate"]);
    assert_eq!(table.rows[0].fields, ["North", "1234.5", "0.25"]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, "ambiguous-comma");
    assert_eq!(problems[0].csv_line, Some(("data/s.csv".to_string(), 3)));
    let tabs = |_: &str| Ok("Team\tStaff\nNorth\t1,500\n".to_string());
    let table = load("data/t.csv", &tabs, &mut problems).unwrap();
    assert_eq!(
        table.rows[0].fields,
        ["North", "1,500"],
        "a tab file keeps its thousands commas"
    );
}

#[test]
fn load_refuses_more_cells_than_a_table_may_have_at_the_first_line_past_the_limit() {
    let mut problems = Vec::new();
    let text = header_and_rows(10, 501);
    let wide = |_: &str| Ok(text.clone());
    assert!(load("data/w.csv", &wide, &mut problems).is_none());
    assert_eq!(problems[0].code, "table-too-large");
    assert!(
        problems[0].message.contains("5000 cells"),
        "{}",
        problems[0].message
    );
    assert_eq!(problems[0].csv_line, Some(("data/w.csv".to_string(), 502)));
    let within = header_and_rows(10, 500);
    assert!(load("data/v.csv", &|_: &str| Ok(within.clone()), &mut problems).is_some());
    assert_eq!(problems.len(), 1);
}

fn header_and_rows(columns: usize, rows: usize) -> String {
    let names: String = (1..columns).map(|i| format!(",C{i}")).collect();
    let header = format!("Row{names}\n");
    header + &format!("r{}\n", ",1".repeat(columns - 1)).repeat(rows)
}
