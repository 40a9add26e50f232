//! Figures: takes a computed table's chart or a plan image and gives a [`FigureView`], with the
//! chart's SVG and the image's bytes collected as assets.

use super::*;

/// What the chart of a table draws, in `palette`'s colours; None when the table has no chart.
pub fn chart_spec(table: &ComputedTable, palette: charts::Palette) -> Option<charts::ChartSpec> {
    let data = table.chart.as_ref()?;
    Some(charts::ChartSpec {
        kind: match data.kind {
            TableChartKind::Line => charts::ChartKind::Line,
            TableChartKind::Bar => charts::ChartKind::Bar,
        },
        id: format!("chart-{}", table.id),
        title: data.title.clone(),
        unit: data.unit.clone(),
        x_labels: data.x_labels.clone(),
        series: data
            .series
            .iter()
            .map(|s| charts::Series {
                name: s.name.clone(),
                values: s.values.clone(),
                home: s.home,
                texts: s.texts.clone(),
            })
            .collect(),
        palette,
    })
}

/// The charts the sections place, drawn before the view is built and on every core (drawing
/// is most of the view's work), by table id.
pub(super) fn draw_charts(inputs: &Inputs) -> HashMap<String, charts::Chart> {
    let mut placed: Vec<&ComputedTable> = Vec::new();
    for section in inputs.sections {
        crate::model::walk(
            &section.nodes,
            &mut |node| {
                if let Block::ChartRef(id) = &node.block {
                    let table = inputs.tables.iter().find(|t| &t.id == id);
                    if let Some(table) = table.filter(|t| !placed.iter().any(|p| p.id == t.id)) {
                        placed.push(table);
                    }
                }
            },
            &mut |_, _| {},
        );
    }
    let palette = inputs.theme.palette();
    let drawn = crate::util::par_map(&placed, |table| {
        chart_spec(table, palette.clone()).map(|spec| (table.id.clone(), charts::render(&spec)))
    });
    drawn.into_iter().flatten().collect()
}

impl<'a> Builder<'a> {
    pub(super) fn chart(&mut self, table: &ComputedTable) -> Option<FigureView> {
        let data = table.chart.as_ref()?;
        let chart = match self.charts.remove(&table.id) {
            Some(drawn) => drawn,
            None => charts::render(&chart_spec(table, self.inputs.theme.palette())?),
        };
        self.figure_number += 1;
        let src = format!("/charts/{}.svg", table.id);
        self.assets.push(Asset {
            path: src[1..].to_string(),
            bytes: chart.svg.clone().into_bytes(),
        });
        Some(FigureView {
            kind: "chart",
            id: format!("figure-{}", table.id),
            number: Some(self.figure_number),
            caption: data.title.clone(),
            alt: chart.alt,
            description: Some(chart.description),
            src,
            table_id: Some(format!("table-{}", table.id)),
            table_number: self.table_numbers.get(&table.id).copied(),
            svg: Some(chart.svg),
            svg_narrow: Some(chart.narrow_svg),
        })
    }

    /// An image: a numbered figure captioned with its markdown title (`![alt](path "Title")`),
    /// or an unnumbered one without a caption. The alt text is never the caption: a screen reader
    /// would read it twice.
    pub(super) fn image(&mut self, src: &str, alt: &str, title: Option<&str>) -> FigureView {
        let caption = title.map(str::trim).unwrap_or("").to_string();
        let number = if caption.is_empty() {
            self.image_number += 1;
            None
        } else {
            self.figure_number += 1;
            Some(self.figure_number)
        };
        if let Some(bytes) = self.inputs.images.read(src) {
            if !self.assets.iter().any(|a| a.path == src) {
                self.assets.push(Asset {
                    path: src.to_string(),
                    bytes,
                });
            }
        }
        FigureView {
            kind: "image",
            id: match number {
                Some(n) => format!("figure-{n}"),
                None => format!("image-{}", self.image_number),
            },
            number,
            caption,
            alt: alt.to_string(),
            description: None,
            src: format!("/{src}"),
            table_id: None,
            table_number: None,
            svg: None,
            svg_narrow: None,
        }
    }
}
