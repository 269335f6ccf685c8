//! Device figures: a serial scanner's code from its last byte on the port to the line in the
//! cart (over a socat pty pair), and encoding a 50-line receipt to ESC/POS bytes.
//!
//! `cargo bench --bench devices`; one quick pass under `cargo test --all-targets`.

mod common;

use caja::app::demo::{self, demo_ean};
use caja::app::workers::scanner::SerialScanner;
use caja::app::{SystemClock, Till};
use caja::config::TillSettings;
use caja::devices::printout::{receipt_bytes, receipt_bytes_with_logo, test_receipt};
use caja::devices::profile::Profile;
use caja::store::Store;
use caja::till::format::Locale;
use caja::till::money::Currency;
use caja::till::quantity::Measure;
use caja::till::receipt::{Receipt, ReceiptLine};
use caja::till::tax::TaxRow;
use common::{full_size, percentiles};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

fn serial_scan_to_cart(_c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (scanner_path, host_path) = (dir.path().join("scanner"), dir.path().join("host"));
    let mut socat = std::process::Command::new("socat")
        .arg(format!("pty,raw,echo=0,link={}", scanner_path.display()))
        .arg(format!("pty,raw,echo=0,link={}", host_path.display()))
        .spawn()
        .expect("socat (apt-get install socat)");
    while !(scanner_path.exists() && host_path.exists()) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut store =
        Store::open_in(&dir.path().join("data"), &dir.path().join("db.key")).expect("store");
    demo::seed(&mut store, &TillSettings::default(), &SystemClock, 0, 0, 0).expect("seed");
    let mut till = Till::new(store, TillSettings::default(), SystemClock);
    till.login(demo::DEMO_CASHIER_PIN).expect("login");
    let uri = format!("serial:{}?baud=115200&suffix=crlf", scanner_path.display())
        .parse()
        .expect("uri");
    let scanner = SerialScanner::start(uri);
    while !scanner.status().connected {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut host = std::fs::OpenOptions::new()
        .write(true)
        .open(&host_path)
        .expect("host end");
    let rounds = if full_size() { 1000 } else { 50 };
    let mut to_thread = Vec::new();
    let mut to_cart = Vec::new();
    for i in 0..rounds {
        if i % 100 == 0 {
            till.cart_clear_for_bench();
        }
        let code = demo_ean(i % 58);
        let sent = Instant::now();
        host.write_all(format!("{code}\r\n").as_bytes())
            .expect("write");
        let scan = scanner
            .recv_timeout(Duration::from_secs(2))
            .expect("scan arrives");
        black_box(till.scan(&scan.code).expect("scan"));
        let done = Instant::now();
        to_thread.push(scan.at.duration_since(sent));
        to_cart.push(done.duration_since(scan.at));
    }
    percentiles(
        "serial scan: bytes written → code framed by the reader",
        to_thread,
    );
    percentiles("serial scan: code framed → line in the cart", to_cart);
    let _ = socat.kill();
    let _ = socat.wait();
}

fn fifty_lines() -> Receipt {
    let lines: Vec<ReceiptLine> = (0..50)
        .map(|i| ReceiptLine {
            name: format!("Artículo de prueba número {i} con ñ y €"),
            measure: if i % 5 == 0 {
                Measure::Kg
            } else {
                Measure::Unit
            },
            qty_milli: if i % 5 == 0 { 1_250 } else { 2_000 },
            unit_price: 199,
            discount: 0,
            total: if i % 5 == 0 { 249 } else { 398 },
            rate_bp: 2100,
            exemption: None,
        })
        .collect();
    let total = lines.iter().map(|l| l.total).sum();
    let mut r = test_receipt("Ultramarinos Peña", Currency::Eur, Locale::es());
    r.lines = lines;
    r.total = total;
    r.taxes = vec![TaxRow {
        rate_bp: 1000,
        base: total * 10 / 11,
        quota: total - total * 10 / 11,
        gross: total,
        recargo_bp: 0,
        recargo: 0,
    }];
    r.tenders[0].amount = total;
    r
}

fn encode_receipt(c: &mut Criterion) {
    let r = fifty_lines();
    let p = Profile::named("epson-tm-t20iii").expect("profile");
    let samples: Vec<Duration> = (0..500)
        .map(|_| {
            let t = Instant::now();
            black_box(receipt_bytes(&r, &p, true).expect("encode"));
            t.elapsed()
        })
        .collect();
    percentiles("encode a 50-line receipt to ESC/POS", samples);
    c.bench_function("encode_receipt/50_lines", |b| {
        b.iter(|| black_box(receipt_bytes(&r, &p, true).expect("encode")))
    });
    // With the shop's logo: its raster is made once at start-up, then copied into each job.
    let logo = caja::devices::logo::Logo::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/logo/demo.png"),
    )
    .expect("demo logo");
    let t = Instant::now();
    black_box(logo.raster_for(p.dots_per_line));
    println!(
        "logo raster made once (480×140 PNG → {} dots): {:.3} ms",
        p.dots_per_line,
        t.elapsed().as_secs_f64() * 1000.0
    );
    let samples: Vec<Duration> = (0..500)
        .map(|_| {
            let t = Instant::now();
            black_box(receipt_bytes_with_logo(&r, &p, true, Some(&logo)).expect("encode"));
            t.elapsed()
        })
        .collect();
    percentiles("encode a 50-line receipt with the logo", samples);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(3));
    targets = serial_scan_to_cart, encode_receipt
}
criterion_main!(benches);
