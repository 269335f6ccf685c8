//! Benchmarks of the manager's reports over a store of 1,000,000 sale lines spread over one
//! year (200,000 tickets of one to nine lines on 365 days, with their returns and fiscal
//! records): the sales report by each of its ten groupings over the whole year with its chart
//! and table drawn in an egui frame, the tax book over a month, a quarter and the year, the loss
//! report — each beside its floor in the same run: the year's documents summed the simplest
//! way (one indexed scan of `documents` for the sum of totals). The rollup's first summing of
//! the year (done once, then only each new day) is timed apart.
//!
//! `cargo bench --bench reports` runs at full size (the store is built once and cached under
//! `target/caja-bench/`); under `cargo test --all-targets` it runs once on a small history.

mod common;

use caja::app::SystemClock;
use caja::app::analytics::{loss_report, sales_report};
use caja::app::demo;
use caja::app::report_office::TAX_BOOK_PAGE;
use caja::app::report_table::tax_book_tables;
use caja::config::TillSettings;
use caja::store::Store;
use caja::till::analytics::{Grouping, Period};
use caja::till::format::Locale;
use caja::till::money::Currency;
use common::{bench_root, full_size, percentiles};
use eframe::egui;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The year's store: (data dir, key file), built once.
fn year_store(sales: usize, days: u32) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = bench_root().join(format!("year-s{sales}-d{days}"));
    let (data, key) = (dir.join("data"), dir.join("db.key"));
    if !dir.join("ready").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let started = Instant::now();
        let mut store = Store::open_in(&data, &key).expect("create");
        demo::seed_with(
            &mut store,
            &TillSettings::default(),
            &SystemClock,
            1_000,
            sales,
            days,
            true,
        )
        .expect("seed");
        eprintln!(
            "built the year's store {} in {:.1} s",
            dir.display(),
            started.elapsed().as_secs_f64()
        );
        std::fs::write(dir.join("ready"), b"").expect("mark ready");
    }
    (data, key)
}

/// One frame of the Reports section drawn by `content` at 1024×768, laid out and tessellated.
fn frame(ctx: &egui::Context, content: impl Fn(&mut egui::Ui)) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1024.0, 768.0),
        )),
        ..Default::default()
    };
    let mut out = ctx.run_ui(input, |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::both().show(ui, |ui| content(ui));
        });
    });
    // No renderer here: the font atlas's uploads are dropped.
    out.textures_delta.clear();
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// One frame of the Reports section's chart and table.
fn draw(ctx: &egui::Context, report: &caja::app::analytics::SalesReport) -> usize {
    frame(ctx, |ui| {
        caja::ui::sales_report_ui(ui, report, Currency::Eur, Locale::es())
    })
}

/// One frame of the Reports section's tables (the tax book's totals and page).
fn draw_tables(ctx: &egui::Context, tables: &[caja::app::report_table::Table]) -> usize {
    frame(ctx, |ui| {
        caja::ui::report_tables_ui(ui, tables, Currency::Eur, Locale::es())
    })
}

fn main() {
    let (sales, days, rounds) = if full_size() {
        (200_000, 365, 30)
    } else {
        (300, 30, 3)
    };
    let (data, key) = year_store(sales, days);
    let store = Store::open_in(&data, &key).expect("open");
    let lines: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM document_lines", [], |r| r.get(0))
        .expect("count");
    let today = chrono::Local::now().date_naive();
    let year = Period::new(today - chrono::Duration::days(i64::from(days)), today).expect("year");
    println!(
        "report store: {lines} sale lines over {days} days ({} to {})",
        year.from_text(),
        year.to_text()
    );
    // The rollup's first summing of the year (once; then a day at a time).
    let _ = store.connection().execute_batch(
        "DELETE FROM sales_rollup;
         UPDATE settings SET value = '0'
         WHERE key IN ('reports.rollup_seen', 'reports.rollup_audit_seen');",
    );
    let t = Instant::now();
    let summed = store.refresh_rollup().expect("rollup");
    println!(
        "the rollup's first summing: {summed} documents in {:.2} s (once; then each new document)",
        t.elapsed().as_secs_f64()
    );
    // The floor: the year's documents summed the simplest way.
    let mut floor = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let sum: i64 = store
            .connection()
            .query_row(
                "SELECT coalesce(sum(total), 0) FROM documents
                 WHERE business_day BETWEEN ?1 AND ?2 AND training = 0",
                [year.from_text(), year.to_text()],
                |r| r.get(0),
            )
            .expect("floor");
        black_box(sum);
        floor.push(t.elapsed());
    }
    percentiles("floor: the year's document totals summed in SQL", floor);
    let ctx = egui::Context::default();
    let mut worst = Duration::ZERO;
    for by in Grouping::ALL {
        let mut samples = Vec::new();
        let mut drawing = Vec::new();
        for _ in 0..rounds {
            let t = Instant::now();
            let report = sales_report(&store, by, year).expect("report");
            let d = Instant::now();
            black_box(draw(&ctx, &report));
            drawing.push(d.elapsed());
            samples.push(t.elapsed());
        }
        percentiles(
            &format!("  of which the frame drawn, by {}", by.as_str()),
            drawing,
        );
        samples.sort();
        samples.sort();
        let p99 = samples[((samples.len() as f64 - 1.0) * 0.99).round() as usize];
        worst = worst.max(p99);
        percentiles(
            &format!(
                "sales report by {} over the year, chart and table drawn",
                by.as_str()
            ),
            samples,
        );
    }
    // The tax book on screen: its totals and a page of its rows (the first, and one in the
    // middle of the period), the tables built and drawn; then the whole book, as an export
    // reads it (not a frame: a file written once).
    for (name, len) in [("month", 30i64), ("quarter", 91), ("year", i64::from(days))] {
        let period = Period::new(today - chrono::Duration::days(len), today).expect("period");
        let count = store
            .tax_book_page(&period, 0, 0)
            .expect("tax book")
            .row_count;
        for (at, first) in [("first", 0), ("middle", count / 2)] {
            let mut samples = Vec::new();
            for _ in 0..rounds {
                let t = Instant::now();
                let book = store
                    .tax_book_page(&period, first, TAX_BOOK_PAGE)
                    .expect("tax book page");
                let tables = tax_book_tables(&book, String::new(), Locale::es().lang);
                black_box(draw_tables(&ctx, &tables));
                samples.push(t.elapsed());
            }
            samples.sort();
            let p99 = samples[((samples.len() as f64 - 1.0) * 0.99).round() as usize];
            worst = worst.max(p99);
            percentiles(
                &format!(
                    "tax book over a {name} on screen ({count} rows; the {at} {TAX_BOOK_PAGE}), \
                     tables drawn"
                ),
                samples,
            );
        }
        let mut samples = Vec::new();
        for _ in 0..rounds.min(5) {
            let t = Instant::now();
            black_box(store.tax_book(&period).expect("tax book"));
            samples.push(t.elapsed());
        }
        percentiles(
            &format!("  the whole tax book over a {name}, as an export reads it"),
            samples,
        );
    }
    let mut samples = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(loss_report(&store, year).expect("losses"));
        samples.push(t.elapsed());
    }
    samples.sort();
    let p99 = samples[((samples.len() as f64 - 1.0) * 0.99).round() as usize];
    worst = worst.max(p99);
    percentiles("loss report over the year", samples);
    println!(
        "worst report p99 on screen over the year, chart or tables drawn: {:.1} ms (goal < 200 ms)",
        worst.as_secs_f64() * 1e3
    );
}
