//! Tables from CSV (`csv: data/fte.csv`).
//!
//! Takes the text of a CSV file (UTF-8, comma separated, first line the header; double quotes
//! around fields that hold commas, quotes or line breaks; LF or CRLF line ends) and gives its
//! records with their 1-based line numbers. [`load`] reads the file through the context and checks
//! every row has as many cells as the header, reporting problems at the file's line.

use super::problem::{Loc, Problem};
use super::spec::RawCell;

/// One record of a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based line the record starts on.
    pub line: usize,
    /// Its fields.
    pub fields: Vec<String>,
}

/// Why CSV text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// A quoted field runs to the end of the file.
    #[error("line {0}: a quoted field is not closed")]
    Unclosed(usize),
    /// Text follows the closing quote of a field.
    #[error("line {0}: text follows the closing quote of a field")]
    StrayQuote(usize),
}

impl CsvError {
    /// The line the problem is on.
    pub fn line(&self) -> usize {
        match self {
            CsvError::Unclosed(l) | CsvError::StrayQuote(l) => *l,
        }
    }
}

/// A CSV file read for a table: its header and rows, each row as long as the header.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// The file as named by the spec.
    pub file: String,
    /// The header's fields.
    pub header: Vec<String>,
    /// The rows after the header.
    pub rows: Vec<Record>,
}

impl CsvTable {
    /// The place of a line of this file.
    pub fn loc(&self, line: usize) -> Loc {
        Loc::csv(&self.file, line)
    }

    /// The index of the header field named `name` (case-insensitive).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }
}

/// A CSV field as a raw cell (an empty field is blank).
pub fn raw(field: &str) -> RawCell {
    if field.trim().is_empty() {
        RawCell::Blank
    } else {
        RawCell::Text(field.to_string())
    }
}

/// Reads CSV text into records; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::default();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        reader.take(c, chars.peek().copied())?;
    }
    reader.finish()
}

/// The state of the CSV reader.
#[derive(Default)]
struct Reader {
    records: Vec<Record>,
    fields: Vec<String>,
    field: String,
    line: usize,
    start: usize,
    quoted: bool,
    closed: bool,
    skip: bool,
}

impl Reader {
    /// Takes one character (`next` is the one after it).
    fn take(&mut self, c: char, next: Option<char>) -> Result<(), CsvError> {
        if self.line == 0 {
            self.line = 1;
            self.start = 1;
        }
        if self.skip {
            self.skip = false;
            return Ok(());
        }
        if self.quoted {
            return self.take_quoted(c, next);
        }
        match c {
            '"' if self.field.is_empty() && !self.closed => self.quoted = true,
            ',' => self.end_field(),
            '\r' | '\n' => {
                self.skip = c == '\r' && next == Some('\n');
                self.end_record();
                self.line += 1;
                self.start = self.line;
            }
            _ if self.closed => return Err(CsvError::StrayQuote(self.line)),
            _ => self.field.push(c),
        }
        Ok(())
    }

    /// Takes a character inside quotes.
    fn take_quoted(&mut self, c: char, next: Option<char>) -> Result<(), CsvError> {
        match c {
            '"' if next == Some('"') => {
                self.field.push('"');
                self.skip = true;
            }
            '"' => {
                self.quoted = false;
                self.closed = true;
            }
            '\n' => {
                self.field.push('\n');
                self.line += 1;
            }
            '\r' => {}
            _ => self.field.push(c),
        }
        Ok(())
    }

    /// Ends the current field.
    fn end_field(&mut self) {
        self.fields.push(std::mem::take(&mut self.field));
        self.closed = false;
    }

    /// Ends the current record (a line with nothing on it is skipped).
    fn end_record(&mut self) {
        let empty = self.fields.is_empty() && self.field.is_empty() && !self.closed;
        self.end_field();
        let fields = std::mem::take(&mut self.fields);
        if !empty {
            self.records.push(Record {
                line: self.start,
                fields,
            });
        }
    }

    /// Ends the text.
    fn finish(mut self) -> Result<Vec<Record>, CsvError> {
        if self.quoted {
            return Err(CsvError::Unclosed(self.start));
        }
        if self.line > 0 {
            self.end_record();
        }
        Ok(self.records)
    }
}

/// Reads the spec's CSV file and checks row lengths; None when it cannot be read at all.
pub fn load(
    file: &str,
    read: &dyn Fn(&str) -> Result<String, String>,
    problems: &mut Vec<Problem>,
) -> Option<CsvTable> {
    let text = match read(file) {
        Ok(text) => text,
        Err(message) => {
            problems.push(
                Problem::error(
                    "csv-missing",
                    format!("the CSV file \"{file}\" of this table: {message}"),
                )
                .at(&Loc::yaml(&["csv"]))
                .hint("the path is relative to the plan directory, as in data/fte.csv"),
            );
            return None;
        }
    };
    let records = match parse(&text) {
        Ok(records) => records,
        Err(e) => {
            problems.push(
                Problem::error("csv-syntax", format!("\"{file}\": {e}"))
                    .at(&Loc::csv(file, e.line()))
                    .hint("put double quotes around a field that holds a comma, and double any quote inside it"),
            );
            return None;
        }
    };
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        problems.push(
            Problem::error(
                "csv-missing-column",
                format!("\"{file}\" is empty: it needs a header line"),
            )
            .at(&Loc::csv(file, 1)),
        );
        return None;
    };
    let width = header.fields.len();
    let rows = records
        .map(|mut r| {
            if r.fields.len() != width {
                problems.push(row_length(file, &r, width));
                r.fields.resize(width, String::new());
            }
            r
        })
        .collect();
    Some(CsvTable {
        file: file.to_string(),
        header: header.fields.iter().map(|h| h.trim().to_string()).collect(),
        rows,
    })
}

/// The "csv-row-length" error for a record of the wrong width.
fn row_length(file: &str, record: &Record, width: usize) -> Problem {
    Problem::error(
        "csv-row-length",
        format!(
            "this row of \"{file}\" has {} cells but the header has {width}",
            record.fields.len()
        ),
    )
    .at(&Loc::csv(file, record.line))
    .hint("give every row one cell per header column; leave a cell empty for a blank")
}

/// The "csv-missing-column" error.
/// Finds each expected column in the header (after the first `fixed` columns): "csv-missing-column"
/// for each one not there, "unknown-column" (with `extra_hint`) for each header column not expected.
pub fn match_columns(
    table: &CsvTable,
    expected: &[String],
    fixed: usize,
    what: &str,
    extra_hint: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Option<usize>> {
    let columns: Vec<Option<usize>> = expected.iter().map(|e| table.column(e)).collect();
    for (name, column) in expected.iter().zip(&columns) {
        if column.is_none() {
            problems.push(missing_column(table, name));
        }
    }
    let extras = table
        .header
        .iter()
        .skip(fixed)
        .filter(|h| !expected.iter().any(|e| e.eq_ignore_ascii_case(h)));
    for extra in extras {
        problems.push(
            Problem::error(
                "unknown-column",
                format!(
                    "\"{}\" has a column \"{extra}\" that is not {what}",
                    table.file
                ),
            )
            .at(&table.loc(1))
            .hint(extra_hint.replace("{extra}", extra)),
        );
    }
    columns
}

/// The "csv-missing-column" error.
pub fn missing_column(table: &CsvTable, name: &str) -> Problem {
    Problem::error(
        "csv-missing-column",
        format!("\"{}\" has no column \"{name}\"", table.file),
    )
    .at(&table.loc(1))
    .hint(format!("add \"{name}\" to the header line"))
}

#[cfg(test)]
mod tests {
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
}
