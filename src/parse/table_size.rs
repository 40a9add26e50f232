//! Markdown tables in a section's text are held to the limits of the plan's tables (rows,
//! columns, cells: [`crate::compute::limits`]) as they are parsed, before the page or the PDF
//! sets a cell: a table written with `|` is a table as much as one from a CSV file.

use crate::compute::limits::table_excess;
use crate::diag::{Diagnostic, SourceFile};
use crate::model::Block;

/// The table, or, when it is beyond the limits, a `table-too-large` error at its first line and
/// an empty paragraph in its place (nothing is built from a plan with errors).
pub(super) fn checked(
    table: Block,
    line: usize,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Block {
    let Block::Table { head, rows, .. } = &table else {
        return table;
    };
    let columns = rows.iter().map(Vec::len).chain([head.len()]).max();
    let Some(why) = table_excess(rows.len(), columns.unwrap_or(0)) else {
        return table;
    };
    diagnostics.push(
        Diagnostic::error("table-too-large", format!("this table is too large: {why}"))
            .at_line(file, line)
            .hint("a table in a plan should fit a few pages: summarise it, or publish the full data as a separate file"),
    );
    Block::Paragraph(Vec::new())
}

#[cfg(test)]
mod tests {
    use crate::diag::SourceFile;

    fn codes(body: &str) -> Vec<(String, usize)> {
        let file = SourceFile::new("s.md", body);
        let (_, diags) = crate::parse::parse(body, 1, &file);
        diags
            .into_iter()
            .map(|d| (d.code.to_string(), d.location.unwrap().line.unwrap()))
            .collect()
    }

    fn table(rows: usize, columns: usize) -> String {
        let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(columns));
        let mut s = format!("Text.\n\n{}{}", row("a"), row("---"));
        s.push_str(&row("1").repeat(rows));
        s
    }

    #[test]
    fn a_table_within_the_limits_is_kept() {
        assert!(codes(&table(78, 64)).is_empty());
    }

    #[test]
    fn too_many_columns_or_cells_is_an_error_at_the_table() {
        assert_eq!(
            codes(&table(20, 3000)),
            [("table-too-large".to_string(), 3)]
        );
        assert_eq!(codes(&table(2500, 4)), [("table-too-large".to_string(), 3)]);
    }
}
