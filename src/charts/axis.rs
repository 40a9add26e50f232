//! Axes: takes the range of the values and the chart's size, and gives the "nice" value scale
//! (ticks at 1, 2 or 5 × 10ⁿ, always covering zero) and the plot area that both the line chart
//! and the bar chart lay out with.

use super::svg::{fmt_huge, group_thousands};

/// A linear scale with "nice" (1-2-5) ticks covering zero and the data.
#[derive(Debug, Clone)]
pub(super) struct Scale {
    /// Lowest tick, zero or below.
    pub(super) lo: f64,
    hi: f64,
    step: f64,
}

impl Scale {
    /// Covers `[min(0, lo), max(0, hi)]`; an all-zero or empty range becomes 0..1.
    pub(super) fn new(lo: f64, hi: f64, target: usize) -> Scale {
        let lo = lo.min(0.0);
        let hi = hi.max(0.0);
        let (lo, hi) = if hi - lo > 0.0 { (lo, hi) } else { (0.0, 1.0) };
        let step = nice_step((hi - lo) / target.max(1) as f64);
        // Small tolerance so 100 with step 20 stays 100, not 120.
        let top = (hi / step - 1e-9).ceil() * step;
        let bottom = (lo / step + 1e-9).floor() * step;
        Scale {
            lo: bottom.min(0.0),
            hi: top.max(step),
            step,
        }
    }

    /// Tick values from `lo` to `hi`, one `step` apart.
    pub(super) fn ticks(&self) -> Vec<f64> {
        let count = ((self.hi - self.lo) / self.step).round().clamp(1.0, 100.0) as usize;
        (0..=count)
            .map(|i| self.lo + i as f64 * self.step)
            .collect()
    }

    /// Position of `v` as a fraction 0..1 of the range.
    pub(super) fn frac(&self, v: f64) -> f64 {
        let f = (v - self.lo) / (self.hi - self.lo);
        if f.is_finite() {
            f.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Decimals a tick label needs, from the step (0.05 → 2, 100 → 0).
    fn decimals(&self) -> usize {
        (-self.step.log10().floor()).clamp(0.0, 12.0) as usize
    }

    /// Label for tick `v`: decimals from the step, thousands separators, `%` if `percent`.
    pub(super) fn tick_label(&self, v: f64, percent: bool) -> String {
        let s = if v == 0.0 {
            "0".to_string()
        } else if v.abs() >= 1e15 {
            fmt_huge(v)
        } else {
            group_thousands(format!("{:.*}", self.decimals(), v))
        };
        if percent {
            s + "%"
        } else {
            s
        }
    }
}

/// Smallest 1, 2 or 5 × 10ⁿ that is at least `raw`.
pub(super) fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let m = if norm <= 1.0 + 1e-9 {
        1.0
    } else if norm <= 2.0 + 1e-9 {
        2.0
    } else if norm <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// Plot area rectangle.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plot {
    /// x of the left edge.
    pub(super) left: f64,
    /// y of the top edge.
    pub(super) top: f64,
    /// x of the right edge.
    pub(super) right: f64,
    /// y of the bottom edge.
    pub(super) bottom: f64,
}

impl Plot {
    /// Width of the plot area.
    pub(super) fn width(&self) -> f64 {
        self.right - self.left
    }
    /// Height of the plot area.
    pub(super) fn height(&self) -> f64 {
        self.bottom - self.top
    }
    /// x of period `i` of `n`: centre of its band, so end labels fit.
    pub(super) fn x_at(&self, i: usize, n: usize) -> f64 {
        self.left + (i as f64 + 0.5) * self.width() / n.max(1) as f64
    }
    /// y of value `v` on `scale`.
    pub(super) fn y_at(&self, scale: &Scale, v: f64) -> f64 {
        self.bottom - scale.frac(v) * self.height()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice() {
        for (hi, step, top) in [
            (408.0, 100.0, 500.0),
            (100.0, 20.0, 100.0),
            (0.12, 0.05, 0.15),
            (7.0, 2.0, 8.0),
            (1.0, 0.2, 1.0),
            (35.5, 10.0, 40.0),
        ] {
            let s = Scale::new(0.0, hi, 5);
            assert!((s.step - step).abs() < 1e-12, "{hi}: step {}", s.step);
            assert!((s.hi - top).abs() < 1e-9, "{hi}: top {}", s.hi);
            assert_eq!(s.lo, 0.0);
        }
        let s = Scale::new(0.0, 0.12, 5);
        let labels: Vec<String> = s.ticks().iter().map(|&t| s.tick_label(t, false)).collect();
        assert_eq!(labels, ["0", "0.05", "0.10", "0.15"]);
        let s = Scale::new(0.0, 408.0, 5);
        assert_eq!(s.tick_label(400.0, true), "400%");
        let s = Scale::new(-1200.0, 15000.0, 4);
        assert_eq!((s.lo, s.hi, s.step), (-5000.0, 15000.0, 5000.0));
        assert_eq!(s.tick_label(-5000.0, false), "-5,000");
        for raw in [0.0003, 0.7, 3.0, 42.0, 999.0, 1e9] {
            let m = nice_step(raw) / 10f64.powf(nice_step(raw).log10().floor());
            assert!(
                [1.0, 2.0, 5.0].iter().any(|x| (x - m).abs() < 1e-9),
                "{raw}"
            );
        }
    }
}
