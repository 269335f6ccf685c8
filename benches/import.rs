//! A catalog import beside its floor, in the same run: 1,000,000 products from a CSV in Caja's
//! own layout into an empty encrypted store (read, checked against the catalog, written in
//! steps invisible to the till, published), against the same rows through a plain prepared
//! INSERT loop in one transaction into the same tables (the floor: no parsing, no steps, no
//! checks). Then the same file again (nothing changes: faster than the first), and the
//! longest single write transaction of the import (what a sale may wait behind).
//!
//! `cargo bench --bench import` runs 1,000,000 rows (`CAJA_BENCH_PRODUCTS` to change it),
//! three pairs interleaved; under `cargo test --all-targets` it runs once on 2,000 rows.

mod common;

use caja::app::import::{ImportChoices, ImportFile, ImportReport, Progress, import_catalog};
use caja::store::Store;
use caja::store::taxes::Author;
use caja::till::money::Currency;
use common::{bench_root, full_size};
use rusqlite::params;
use std::path::Path;
use std::time::{Duration, Instant};

/// A valid EAN-13 from a 12-digit body.
fn ean13(body: u64) -> String {
    let b = format!("{body:012}");
    let sum: u32 = b
        .bytes()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 1 { 3 } else { 1 })
        .sum();
    format!("{b}{}", (10 - sum % 10) % 10)
}

struct Row {
    sku: String,
    name: String,
    category: String,
    class: &'static str,
    price: i64,
    code: String,
}

fn rows(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| Row {
            sku: format!("B-{i:08}"),
            name: format!(
                "Producto de prueba {i} {}",
                ["rojo", "azul", "verde"][i % 3]
            ),
            category: format!("Familia {}", i % 60),
            class: ["general", "reducido", "superreducido"][i % 3],
            price: 99 + (i as i64 % 2_000),
            code: ean13(298_000_000_000 + i as u64),
        })
        .collect()
}

fn csv(rows: &[Row]) -> Vec<u8> {
    let mut s = String::from(
        "sku,name,short_name,category,tax_class,price,cost,barcodes,plu,unit,stock_tracked,active\n",
    );
    for r in rows {
        s.push_str(&format!(
            "{},{},,{},{},{}.{:02},,{},,unit,no,yes\n",
            r.sku,
            r.name,
            r.category,
            r.class,
            r.price / 100,
            r.price % 100,
            r.code
        ));
    }
    s.into_bytes()
}

fn fresh_store(dir: &Path) -> Store {
    let _ = std::fs::remove_dir_all(dir);
    Store::open_in(&dir.join("data"), &dir.join("db.key")).expect("a fresh store")
}

/// The floor: the same rows through one prepared INSERT loop in one transaction.
fn floor(dir: &Path, rows: &[Row]) -> Duration {
    let store = fresh_store(dir);
    let conn = store.connection();
    let class = |code: &str| -> i64 {
        conn.query_row("SELECT id FROM tax_classes WHERE code = ?1", [code], |r| {
            r.get(0)
        })
        .expect("class")
    };
    let ids = [class("general"), class("reducido"), class("superreducido")];
    let started = Instant::now();
    conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
    {
        let mut p = conn
            .prepare(
                "INSERT INTO products(name, category, price, tax_class_id, measure, sku,
                     stock_tracked, active) VALUES (?1, ?2, ?3, ?4, 'unit', ?5, 0, 1)",
            )
            .expect("prepare");
        let mut c = conn
            .prepare("INSERT INTO product_codes(code, product_id) VALUES (?1, ?2)")
            .expect("prepare");
        for (i, r) in rows.iter().enumerate() {
            p.execute(params![r.name, r.category, r.price, ids[i % 3], r.sku])
                .expect("insert");
            c.execute(params![r.code, conn.last_insert_rowid()])
                .expect("insert code");
        }
    }
    conn.execute_batch("COMMIT").expect("commit");
    started.elapsed()
}

fn import(store: &Store, file: &Path, bytes: &[u8]) -> (Duration, ImportReport) {
    let who = Author {
        terminal: "T01",
        user_id: None,
        at: "2026-03-02T10:00:00.000+01:00",
    };
    let started = Instant::now();
    // When each phase began: reading, checking against the catalog, writing, publishing.
    let mut phases: Vec<(&'static str, Instant)> = vec![("read", started)];
    let report = import_catalog(
        store,
        ImportFile { path: file, bytes },
        &ImportChoices::default(),
        Currency::Eur,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a day"),
        &who,
        &mut |p| {
            let name = match p {
                Progress::Reading { .. } => "read",
                Progress::Checking => "check",
                Progress::Writing { .. } => "write",
                Progress::Publishing => "publish+fold",
            };
            if phases.last().is_none_or(|(n, _)| *n != name) {
                phases.push((name, Instant::now()));
            }
        },
    )
    .expect("import");
    let end = Instant::now();
    let split: Vec<String> = phases
        .iter()
        .enumerate()
        .map(|(i, (name, at))| {
            let next = phases.get(i + 1).map_or(end, |(_, t)| *t);
            format!("{name} {:.2} s", (next - *at).as_secs_f64())
        })
        .collect();
    println!("  import phases: {}", split.join(", "));
    (started.elapsed(), report)
}

fn main() {
    let n = if full_size() {
        std::env::var("CAJA_BENCH_PRODUCTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000)
    } else {
        2_000
    };
    let pairs = if full_size() { 3 } else { 1 };
    let rows = rows(n);
    let bytes = csv(&rows);
    let root = bench_root().join("import");
    let file = root.join("catalog.csv");
    std::fs::create_dir_all(&root).expect("bench dir");
    std::fs::write(&file, &bytes).expect("write the CSV");
    println!(
        "catalog import of {n} products ({:.1} MB CSV), {pairs} interleaved pairs",
        bytes.len() as f64 / 1e6
    );
    for pair in 1..=pairs {
        let f = floor(&root.join("floor"), &rows);
        let store = fresh_store(&root.join("import"));
        let (first, report) = import(&store, &file, &bytes);
        let ImportReport::Imported { done, .. } = &report else {
            panic!("not imported: {report:?}");
        };
        assert_eq!(done.new, n);
        let (again, report) = import(&store, &file, &bytes);
        let ImportReport::Imported { done: same, .. } = &report else {
            panic!("not imported: {report:?}");
        };
        assert_eq!(same.unchanged, n);
        let s = done.steps;
        println!(
            "pair {pair}: floor (INSERT loop, one transaction) {:.2} s | import {:.2} s = {:.2}× floor, longest write step {:.1} ms (rows {:.1}, index merge {:.1}, publish {:.1}, fold {:.1}) | re-import unchanged {:.2} s ({:.2}× the first)",
            f.as_secs_f64(),
            first.as_secs_f64(),
            first.as_secs_f64() / f.as_secs_f64(),
            done.longest_step_ms,
            s.write,
            s.search_merge,
            s.publish,
            s.fold,
            again.as_secs_f64(),
            again.as_secs_f64() / first.as_secs_f64()
        );
    }
}
