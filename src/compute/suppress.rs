//! Disclosure control (`suppress_below`).
//!
//! Takes a grid of values, the threshold and the lines of the grid that add up to a total; gives
//! the mask of cells to print as `*`. Primary suppression hides every count from 1 to threshold − 1;
//! secondary suppression then hides one more cell in any line where a single hidden cell could be
//! worked out from the total: the smallest other non-zero cell, or else the total itself.

use rust_decimal::Decimal;

/// Cells whose `total` is the sum of the `parts` (positions are (row, column) in the grid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The cells that add up.
    pub parts: Vec<(usize, usize)>,
    /// The cell holding their sum.
    pub total: (usize, usize),
}

/// The note explaining the symbol.
pub fn note(threshold: u32) -> String {
    format!(
        "* Numbers from 1 to {} are not shown, to protect the children concerned; where such a number \
         could be worked out from a total, another number is hidden too.",
        threshold.saturating_sub(1)
    )
}

/// Which cells to hide; the mask has the grid's shape.
pub fn suppress(
    values: &[Vec<Option<Decimal>>],
    threshold: Decimal,
    lines: &[Line],
) -> Vec<Vec<bool>> {
    let mut mask: Vec<Vec<bool>> = values
        .iter()
        .map(|row| row.iter().map(|v| is_small(*v, threshold)).collect())
        .collect();
    let cells: usize = values.iter().map(Vec::len).sum();
    for _ in 0..=cells {
        if !hide_one_more(values, &mut mask, lines) {
            break;
        }
    }
    mask
}

/// True for a count from 1 up to (not including) the threshold.
fn is_small(value: Option<Decimal>, threshold: Decimal) -> bool {
    value.is_some_and(|v| v > Decimal::ZERO && v < threshold)
}

/// Hides a cell in every line that has exactly one hidden cell; false when no line needed one.
fn hide_one_more(values: &[Vec<Option<Decimal>>], mask: &mut [Vec<bool>], lines: &[Line]) -> bool {
    let mut changed = false;
    for line in lines {
        let hidden = line
            .parts
            .iter()
            .chain(std::iter::once(&line.total))
            .filter(|p| is_hidden(mask, **p))
            .count();
        if hidden != 1 {
            continue;
        }
        if let Some((r, c)) = second_cell(values, mask, line) {
            if let Some(cell) = mask.get_mut(r).and_then(|row| row.get_mut(c)) {
                *cell = true;
                changed = true;
            }
        }
    }
    changed
}

/// The cell to hide next in a line: the smallest visible non-zero part, else the total.
fn second_cell(
    values: &[Vec<Option<Decimal>>],
    mask: &[Vec<bool>],
    line: &Line,
) -> Option<(usize, usize)> {
    let value_at =
        |(r, c): (usize, usize)| values.get(r).and_then(|row| row.get(c)).copied().flatten();
    let smallest = line
        .parts
        .iter()
        .filter(|p| !is_hidden(mask, **p))
        .filter_map(|p| value_at(*p).filter(|v| !v.is_zero()).map(|v| (v, *p)))
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, p)| p);
    smallest.or_else(|| (!is_hidden(mask, line.total)).then_some(line.total))
}

/// True when the cell at `p` is hidden.
fn is_hidden(mask: &[Vec<bool>], (r, c): (usize, usize)) -> bool {
    mask.get(r)
        .and_then(|row| row.get(c))
        .copied()
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[i64]]) -> Vec<Vec<Option<Decimal>>> {
        rows.iter()
            .map(|r| r.iter().map(|v| Some(Decimal::from(*v))).collect())
            .collect()
    }

    fn row_line(r: usize, n: usize) -> Line {
        Line {
            parts: (0..n).map(|c| (r, c)).collect(),
            total: (r, n),
        }
    }

    #[test]
    fn hides_small_counts_only() {
        let mask = suppress(&grid(&[&[0, 3, 5, 12]]), Decimal::from(5), &[]);
        assert_eq!(mask, vec![vec![false, true, false, false]]);
    }

    #[test]
    fn hides_the_next_smallest_cell_in_a_row_with_a_total() {
        let values = grid(&[&[3, 20, 8, 31]]);
        let mask = suppress(&values, Decimal::from(5), &[row_line(0, 3)]);
        assert_eq!(mask, vec![vec![true, false, true, false]]);
    }

    #[test]
    fn hides_the_total_when_no_other_cell_can_be() {
        let values = grid(&[&[3, 0, 3]]);
        let mask = suppress(&values, Decimal::from(5), &[row_line(0, 2)]);
        assert_eq!(mask, vec![vec![true, false, true]]);
    }

    #[test]
    fn secondary_suppression_carries_into_columns() {
        // rows: two data rows and a total row; columns: two data columns and a total column.
        let values = grid(&[&[2, 10, 12], &[9, 11, 20], &[11, 21, 32]]);
        let mut lines: Vec<Line> = (0..3).map(|r| row_line(r, 2)).collect();
        for c in 0..3 {
            lines.push(Line {
                parts: vec![(0, c), (1, c)],
                total: (2, c),
            });
        }
        let mask = suppress(&values, Decimal::from(5), &lines);
        for line in &lines {
            let hidden = line
                .parts
                .iter()
                .chain([&line.total])
                .filter(|p| mask[p.0][p.1])
                .count();
            assert_ne!(hidden, 1, "{line:?} {mask:?}");
        }
        assert!(mask[0][0]);
    }
}
