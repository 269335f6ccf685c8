//! UI frame time: the till's sale screen with a 200-line cart over a 1,000,000-product catalog,
//! laid out and tessellated by egui on the CPU (what a frame costs before the GPU draws it).
//! Measures an idle frame (the clock ticking), a frame in which a scan arrives and adds a line,
//! and a frame of the F2 search box as a letter is typed. Then the back office's product table
//! over the same catalog: a frame as each letter of its filter is typed (the table re-read and
//! re-laid out), beside its floor in the same run — the same filter's window read from the store
//! alone, no UI.
//!
//! `cargo bench --bench ui` at full size; one quick pass on a small store under `cargo test`.

mod common;

use caja::app::command::Command;
use caja::app::demo::{self, ean13};
use caja::app::{SystemClock, Till};
use caja::config::TillSettings;
use caja::store::Store;
use caja::store::catalog_page::CatalogSort;
use caja::ui::TillUi;
use common::{percentiles, sizes, store_dirs};
use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use std::hint::black_box;
use std::time::{Duration, Instant};

const CART_LINES: usize = 200;

struct Screen {
    ctx: egui::Context,
    ui: TillUi<SystemClock>,
    time: f64,
}

impl Screen {
    /// One frame: egui layout of the whole till plus tessellation into meshes.
    fn frame(&mut self, events: Vec<egui::Event>) -> usize {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1024.0, 768.0),
            )),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let ui = &mut self.ui;
        let mut output = self.ctx.run_ui(input, |root| ui.ui(root));
        // No GPU here: the font atlas updates are dropped, as a renderer would consume them.
        output.textures_delta.clear();
        let meshes = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        meshes.len()
    }
}

fn key_with(key: egui::Key, modifiers: egui::Modifiers) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

/// The back office's catalog (Ctrl+3) with its filter focused (Ctrl+F), as the manager.
fn office(products: usize) -> Screen {
    let (data, key_file) = store_dirs(products, 0);
    let store = Store::open_in(&data, &key_file).expect("open");
    let mut till = Till::new(store, TillSettings::default(), SystemClock);
    till.login(demo::DEMO_MANAGER_PIN).expect("login");
    let mut s = Screen {
        ctx: egui::Context::default(),
        ui: TillUi::new(till, false),
        time: 0.0,
    };
    s.frame(vec![
        egui::Event::Text(demo::DEMO_MANAGER_PIN.into()),
        key(egui::Key::Enter),
    ]);
    assert!(s.ui.run(Command::OpenBackOffice), "the back office opens");
    let ctrl = egui::Modifiers::COMMAND;
    s.frame(Vec::new());
    s.frame(vec![key_with(egui::Key::Num3, ctrl)]);
    s.frame(vec![key_with(egui::Key::F, ctrl)]);
    for _ in 0..10 {
        s.frame(Vec::new());
    }
    s
}

fn office_frames(c: &mut Criterion) {
    let (products, _) = sizes();
    let mut s = office(products);
    let text = "leche ent";
    let mut samples = Vec::new();
    let mut floor = Vec::new();
    for _ in 0..20 {
        for n in 1..=text.len() {
            let t = Instant::now();
            black_box(s.frame(vec![egui::Event::Text(text[n - 1..n].into())]));
            samples.push(t.elapsed());
            // The floor: the same filter's count and first window, straight from the store.
            let day = s.ui.till.today();
            let store = s.ui.till.store();
            let t = Instant::now();
            black_box(store.catalog_count(&text[..n]).expect("catalog count"));
            black_box(
                store
                    .catalog_page(&text[..n], CatalogSort::Added, 0, 240, day)
                    .expect("catalog page"),
            );
            floor.push(t.elapsed());
        }
        for _ in 0..text.len() {
            s.frame(vec![key(egui::Key::Backspace)]);
        }
    }
    // Then a code, typed digit by digit: broad prefixes first, one product at the end.
    let code = ean13(841_000_000_000 + 123_456 % products as u64);
    for _ in 0..10 {
        for n in 1..=code.len() {
            let t = Instant::now();
            black_box(s.frame(vec![egui::Event::Text(code[n - 1..n].into())]));
            samples.push(t.elapsed());
            let day = s.ui.till.today();
            let store = s.ui.till.store();
            let t = Instant::now();
            black_box(store.catalog_count(&code[..n]).expect("catalog count"));
            black_box(
                store
                    .catalog_page(&code[..n], CatalogSort::Added, 0, 240, day)
                    .expect("catalog page"),
            );
            floor.push(t.elapsed());
        }
        let found = s.ui.till.catalog_window(&code, CatalogSort::Added, 0, 240);
        assert_eq!(found.total, 1, "the whole code finds its product");
        for _ in 0..code.len() {
            s.frame(vec![key(egui::Key::Backspace)]);
        }
    }
    let shown =
        s.ui.till
            .catalog_window("", CatalogSort::Added, 0, 240)
            .total;
    assert!(shown > 0, "the filter was typed into the table's field");
    percentiles(
        &format!(
            "back office: frame typing in the catalog filter (a name, then a code), {products} products"
        ),
        samples,
    );
    percentiles(
        &format!("floor: the filter's window read from the store, {products} products"),
        floor,
    );
    // Sorted by name or price, the same filter typed letter by letter: the window read from
    // the store beside the same reads in the order as added.
    let (mut sorted, mut added) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        for n in 1..=text.len() {
            let day = s.ui.till.today();
            let store = s.ui.till.store();
            for sort in [CatalogSort::Name, CatalogSort::PriceUp, CatalogSort::Added] {
                let t = Instant::now();
                black_box(store.catalog_count(&text[..n]).expect("catalog count"));
                black_box(
                    store
                        .catalog_page(&text[..n], sort, 0, 240, day)
                        .expect("catalog page"),
                );
                if sort == CatalogSort::Added {
                    added.push(t.elapsed());
                } else {
                    sorted.push(t.elapsed());
                }
            }
        }
    }
    // What a frame waits for that sorted window: the table's call (a slow window is read
    // beside the screen, so the call answers at once and the rows come a few frames later).
    let mut calls = Vec::new();
    let mut came = Vec::new();
    for _ in 0..10 {
        for n in 1..=text.len() {
            let t = Instant::now();
            black_box(
                s.ui.till
                    .catalog_window(&text[..n], CatalogSort::Name, 0, 240),
            );
            calls.push(t.elapsed());
            while s
                .ui
                .till
                .catalog_window(&text[..n], CatalogSort::Name, 0, 240)
                .loading
            {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            came.push(t.elapsed());
        }
        let _ = s.ui.till.catalog_window("", CatalogSort::Added, 0, 240);
    }
    percentiles(
        &format!("back office: the frame's call for a window sorted by name, {products} products"),
        calls,
    );
    percentiles(
        &format!("  its rows in the table (read beside the screen), {products} products"),
        came,
    );
    percentiles(
        &format!("back office: the filter's window sorted by name or price, {products} products"),
        sorted,
    );
    percentiles(
        &format!("floor: the same in the order as added, {products} products"),
        added,
    );
    c.bench_function(&format!("office_frame_idle/{products}_products"), |b| {
        b.iter(|| black_box(s.frame(Vec::new())))
    });
}

fn screen(products: usize) -> Screen {
    let (data, key_file) = store_dirs(products, 0);
    let store = Store::open_in(&data, &key_file).expect("open");
    let mut till = Till::new(store, TillSettings::default(), SystemClock);
    till.login(demo::DEMO_CASHIER_PIN).expect("login");
    for i in 0..CART_LINES as u64 {
        till.scan(&ean13(841_000_000_000 + (i * 7919) % products as u64))
            .expect("scan");
    }
    let mut s = Screen {
        ctx: egui::Context::default(),
        ui: TillUi::new(till, false),
        time: 0.0,
    };
    // Log the UI in (the till already has a session) and warm the font atlas.
    s.frame(vec![
        egui::Event::Text(demo::DEMO_CASHIER_PIN.into()),
        key(egui::Key::Enter),
    ]);
    for _ in 0..10 {
        s.frame(Vec::new());
    }
    s
}

fn key(key: egui::Key) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

fn frames(c: &mut Criterion) {
    let (products, _) = sizes();
    let mut s = screen(products);
    assert_eq!(s.ui.till.cart().lines.len(), CART_LINES);
    let samples: Vec<Duration> = (0..500)
        .map(|_| {
            let t = Instant::now();
            black_box(s.frame(Vec::new()));
            t.elapsed()
        })
        .collect();
    percentiles(
        &format!("frame, {CART_LINES}-line cart, {products} products, idle"),
        samples,
    );
    c.bench_function(
        &format!("frame_idle/{CART_LINES}_lines/{products}_products"),
        |b| b.iter(|| black_box(s.frame(Vec::new()))),
    );

    // A scan lands in the frame: parse, catalog lookup, cart line, totals, layout.
    let code = ean13(841_000_000_000 + 12_345 % products as u64);
    let mut samples = Vec::new();
    for i in 0..300 {
        if i % 50 == 0 {
            s.ui.till.cart_clear_for_bench();
            for j in 0..CART_LINES as u64 {
                s.ui.till
                    .scan(&ean13(841_000_000_000 + (j * 7919) % products as u64))
                    .expect("scan");
            }
        }
        let t = Instant::now();
        black_box(s.frame(vec![egui::Event::Text(code.clone()), key(egui::Key::Enter)]));
        samples.push(t.elapsed());
    }
    percentiles(
        &format!("frame with a scan, ~{CART_LINES}-line cart, {products} products"),
        samples,
    );

    // F2 search: each frame types one more letter and searches the catalog.
    s.frame(vec![key(egui::Key::F2)]);
    let mut samples = Vec::new();
    for round in 0..20 {
        for ch in "leche ent".chars() {
            let t = Instant::now();
            black_box(s.frame(vec![egui::Event::Text(ch.to_string())]));
            samples.push(t.elapsed());
        }
        for _ in 0.."leche ent".len() {
            s.frame(vec![key(egui::Key::Backspace)]);
        }
        black_box(round);
    }
    percentiles(
        &format!("frame typing in search (F2), {products} products"),
        samples,
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(3));
    targets = frames, office_frames
}
criterion_main!(benches);
