//! The Reports section's charts (egui_plot): bars where groups are compared (hours,
//! categories, the top products, cashiers, tenders, rates), lines where time runs (days,
//! weeks, months) with the previous period overlaid — axes labelled, money on the value axis in
//! the locale's format. The table below each chart holds the same figures.

use crate::app::analytics::SalesReport;
use crate::app::report_table::row_label;
use crate::till::analytics::Grouping;
use crate::till::format::{Locale, format_money};
use crate::till::money::Currency;
use eframe::egui;
use egui_plot::{Bar, BarChart, Legend, Line, LineStyle, Plot, PlotPoints};

/// How many groups a bar chart shows (the largest).
const BARS: usize = 12;

/// Words a chart needs, in the till's language.
pub(super) struct ChartWords {
    pub x_axis: String,
    pub y_axis: String,
    pub this_period: String,
    pub previous_period: String,
}

/// The chart of a sales report, `height` points tall.
pub(super) fn sales_chart_ui(
    ui: &mut egui::Ui,
    report: &SalesReport,
    words: &ChartWords,
    currency: Currency,
    locale: Locale,
    height: f32,
) {
    let scale = 10f64.powi(currency.minor_digits() as i32);
    let major = |minor: i64| minor as f64 / scale;
    let rows: Vec<_> = match report.by {
        Grouping::Hour | Grouping::Day | Grouping::Week | Grouping::Month => {
            report.rows.iter().collect()
        }
        _ => report.rows.iter().take(BARS).collect(),
    };
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            let label = row_label(report.by, &r.label, locale.lang);
            short(&label, 14)
        })
        .collect();
    let money = move |v: f64| format_money((v * scale).round() as i64, currency, locale);
    let x_labels = labels.clone();
    let plot = Plot::new(("sales-chart", report.by.as_str()))
        .height(height)
        .x_axis_label(words.x_axis.clone())
        .y_axis_label(words.y_axis.clone())
        .y_axis_min_width(86.0)
        .y_axis_formatter(move |mark, _| money(mark.value))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            x_labels.get(i as usize).cloned().unwrap_or_default()
        })
        .include_y(0.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .legend(Legend::default());
    let time = report.by.is_time();
    let now: Vec<f64> = rows.iter().map(|r| major(r.figures.net())).collect();
    let before: Vec<f64> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| report.before(i, r).map_or(0.0, |b| major(b.figures.net())))
        .collect();
    let this = words.this_period.clone();
    let previous = words.previous_period.clone();
    plot.show(ui, |p| {
        if time && now.len() > 1 {
            let points = |v: &[f64]| -> PlotPoints<'static> {
                v.iter().enumerate().map(|(i, y)| [i as f64, *y]).collect()
            };
            p.line(
                Line::new(previous, points(&before))
                    .style(LineStyle::dashed_loose())
                    .width(1.5),
            );
            p.line(Line::new(this, points(&now)).width(2.5));
        } else {
            let bars = |v: &[f64], offset: f64| -> Vec<Bar> {
                v.iter()
                    .enumerate()
                    .map(|(i, y)| Bar::new(i as f64 + offset, *y).width(0.38))
                    .collect()
            };
            p.bar_chart(BarChart::new(previous, bars(&before, -0.2)));
            p.bar_chart(BarChart::new(this, bars(&now, 0.2)));
        }
    });
}

/// A label cut to `n` characters with "…".
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let cut: String = text.chars().take(n.saturating_sub(1)).collect();
    format!("{cut}…")
}
