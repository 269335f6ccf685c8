//! The Reports section's charts (egui_plot): lines where time runs (days, weeks, months) with
//! the previous period overlaid dashed, upright bars for the hours of the day, and lying bars
//! for named groups (categories, the top products, cashiers, terminals, tenders, rates) so their
//! names read whole on the axis — axes labelled, money on the value axis in the locale's
//! format, the previous period beside each bar. The table below each chart holds the figures.

use crate::app::analytics::SalesReport;
use crate::app::report_table::row_label;
use crate::till::analytics::Grouping;
use crate::till::format::{Locale, format_money};
use crate::till::money::Currency;
use eframe::egui;
use egui_plot::{AxisHints, Bar, BarChart, GridMark, Legend, Line, LineStyle, Plot, PlotPoints};

/// How many groups a bar chart shows (the largest).
const BARS: usize = 12;

/// Words a chart needs, in the till's language.
pub(super) struct ChartWords {
    pub x_axis: String,
    pub y_axis: String,
    pub this_period: String,
    pub previous_period: String,
}

/// Grid marks at every `every`-th of `n` places (a label each).
fn marks(n: usize, every: usize) -> Vec<GridMark> {
    (0..n)
        .step_by(every.max(1))
        .map(|i| GridMark {
            value: i as f64,
            step_size: every.max(1) as f64,
        })
        .collect()
}

/// The label of the place a mark stands at (none between places).
fn place_label(labels: &[String], value: f64) -> String {
    let i = value.round();
    if (value - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    labels.get(i as usize).cloned().unwrap_or_default()
}

/// The chart of a sales report: how tall it is depends on how many groups it lies down.
pub(super) fn sales_chart_ui(
    ui: &mut egui::Ui,
    report: &SalesReport,
    words: &ChartWords,
    currency: Currency,
    locale: Locale,
) {
    let scale = 10f64.powi(currency.minor_digits() as i32);
    let major = |minor: i64| minor as f64 / scale;
    let money = move |v: f64| format_money((v * scale).round() as i64, currency, locale);
    let time = report.by.is_time();
    let upright = time || report.by == Grouping::Hour;
    let rows: Vec<_> = if upright {
        report.rows.iter().collect()
    } else {
        report.rows.iter().take(BARS).collect()
    };
    let n = rows.len();
    let mut labels: Vec<String> = rows
        .iter()
        .map(|r| match report.by {
            Grouping::Hour => r.key.clone(),
            // Short on the axis: 06/11, W48, 11/2026 (the table says them whole).
            Grouping::Day => chrono::NaiveDate::parse_from_str(&r.key, "%Y-%m-%d")
                .map_or_else(|_| r.key.clone(), |d| d.format("%d/%m").to_string()),
            Grouping::Week => r.key.get(5..).unwrap_or(&r.key).to_string(),
            Grouping::Month => {
                chrono::NaiveDate::parse_from_str(&format!("{}-01", r.key), "%Y-%m-%d")
                    .map_or_else(|_| r.key.clone(), |d| d.format("%m/%Y").to_string())
            }
            _ => row_label(report.by, &r.label, locale.lang),
        })
        .collect();
    let now: Vec<f64> = rows.iter().map(|r| major(r.figures.net())).collect();
    let before: Vec<f64> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| report.before(i, r).map_or(0.0, |b| major(b.figures.net())))
        .collect();
    let top = now.iter().chain(&before).fold(0.0f64, |a, b| a.max(*b));
    // Lying bars: the first group at the top.
    let place = |i: usize| {
        if upright {
            i as f64
        } else {
            (n - 1 - i) as f64
        }
    };
    if !upright {
        labels.reverse();
    }
    let every = if time { n.div_ceil(10).max(1) } else { 1 };
    let places = AxisHints::new_x()
        .label(words.x_axis.clone())
        .formatter({
            let labels = labels.clone();
            move |mark, _| place_label(&labels, mark.value)
        })
        .label_spacing(if time { 44.0..=60.0 } else { 18.0..=24.0 });
    let values = AxisHints::new_y()
        .label(words.y_axis.clone())
        .formatter(move |mark, _| money(mark.value))
        .label_spacing(24.0..=34.0);
    let (x_axis, y_axis) = if upright {
        (places, values)
    } else {
        (
            AxisHints::new_x()
                .label(words.y_axis.clone())
                .formatter(move |mark, _| money(mark.value))
                .label_spacing(90.0..=120.0),
            AxisHints::new_y()
                .label(words.x_axis.clone())
                .formatter(move |mark, _| place_label(&labels, mark.value))
                .label_spacing(16.0..=22.0),
        )
    };
    let height = if upright {
        260.0
    } else {
        (n as f32 * 22.0 + 70.0).max(200.0)
    };
    let mut plot = Plot::new(("sales-chart", report.by.as_str()))
        .height(height)
        .custom_x_axes(vec![x_axis])
        .custom_y_axes(vec![y_axis])
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        // Lying bars are shortest at the foot: the legend sits there.
        .legend(Legend::default().position(if upright {
            egui_plot::Corner::RightTop
        } else {
            egui_plot::Corner::RightBottom
        }));
    plot = if upright {
        plot.x_grid_spacer(move |_| marks(n, every))
            .include_y(0.0)
            // Headroom above the highest value, for the legend.
            .include_y(top * 1.25)
    } else {
        plot.y_grid_spacer(move |_| marks(n, 1))
            .include_x(0.0)
            .include_x(top * 1.1)
    };
    let this = words.this_period.clone();
    let previous = words.previous_period.clone();
    plot.show(ui, |p| {
        if time && n > 1 {
            let points = |v: &[f64]| -> PlotPoints<'static> {
                v.iter().enumerate().map(|(i, y)| [i as f64, *y]).collect()
            };
            p.line(
                Line::new(previous, points(&before))
                    .style(LineStyle::dashed_loose())
                    .width(1.5),
            );
            p.line(Line::new(this, points(&now)).width(2.5));
            return;
        }
        let bars = |v: &[f64], offset: f64| -> Vec<Bar> {
            v.iter()
                .enumerate()
                .map(|(i, y)| Bar::new(place(i) + offset, *y).width(0.38))
                .collect()
        };
        let tip = move |bar: &Bar, _: &BarChart| money(bar.value);
        let (first, second) = if upright { (-0.2, 0.2) } else { (0.2, -0.2) };
        let mut previous_bars = BarChart::new(previous, bars(&before, first));
        let mut this_bars = BarChart::new(this, bars(&now, second));
        if !upright {
            previous_bars = previous_bars.horizontal();
            this_bars = this_bars.horizontal();
        }
        p.bar_chart(previous_bars.element_formatter(Box::new(tip)));
        p.bar_chart(this_bars.element_formatter(Box::new(tip)));
    });
}
