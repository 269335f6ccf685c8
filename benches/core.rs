//! Benchmarks of the sales core on a store of 1,000,000 products and 1,000,000 sale lines:
//! scan → cart line, search as you type, durable sale commit next to a raw 4 KiB write +
//! fdatasync on the same disk, day and Z reports, and opening the store.
//!
//! `cargo bench --bench core` runs at full size (the stores are built once and cached under
//! `target/caja-bench/`); under `cargo test --all-targets` every benchmark runs once on a small
//! store. Besides criterion's estimates, each benchmark prints p50 / p99 from its own samples.

mod common;

use caja::app::demo::{self, ean13};
use caja::app::{SystemClock, Till};
use caja::config::TillSettings;
use caja::store::Store;
use caja::store::fiscal::FiscalStep;
use caja::store::key::{DbKey, open_keyed};
use caja::store::reports::Period;
use caja::store::sales::Bookkeeping;
use caja::till::document::{DocKind, DocLine, DocumentDraft};
use caja::till::money::Rounding;
use caja::till::quantity::Measure;
use caja::till::tax::breakdown;
use caja::till::tender::{Tender, TenderKind};
use common::{bench_root, full_size, percentiles, sizes, store_dirs, wanted};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::time::{Duration, Instant};

/// The day whose tax rates the benchmark's reads take.
fn bench_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date")
}

fn scan_and_search(c: &mut Criterion) {
    if !wanted("scan") {
        return;
    }
    let (products, _) = sizes();
    let (data, key) = store_dirs(products, 0);
    let store = Store::open_in(&data, &key).expect("open");
    let mut till = Till::new(store, TillSettings::default(), SystemClock);
    till.login(demo::DEMO_CASHIER_PIN).expect("login");
    let codes: Vec<String> = (0..10_007u64)
        .map(|i| ean13(841_000_000_000 + (i * 7919) % products as u64))
        .collect();

    // scan → cart line (the cart is emptied by parking-free reset every 100 lines)
    let mut samples = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        if i % 100 == 0 {
            till = reset_cart(till);
        }
        let t = Instant::now();
        black_box(till.scan(code).expect("scan"));
        samples.push(t.elapsed());
    }
    percentiles(&format!("scan→cart line, {products} products"), samples);
    let mut i = 0usize;
    c.bench_function(&format!("scan_to_cart_line/{products}_products"), |b| {
        b.iter(|| {
            i += 1;
            if i.is_multiple_of(100) {
                till.cart_clear_for_bench();
            }
            black_box(till.scan(&codes[i % codes.len()]).expect("scan"))
        })
    });

    // search as you type: every prefix of realistic queries
    let queries = [
        "galletas fresa",
        "zumo melocot",
        "queso sin lact",
        "aceite ecol",
        "pan integral",
        "helado vainilla",
        "salsa picante",
        "te de limon",
        "crema avellana",
        "miel montaña",
        "leche",
        "cereales choc",
        "paté casero",
        "sopa tradicional",
        "especia suave",
    ];
    let typed: Vec<String> = queries
        .iter()
        .flat_map(|q| (1..=q.chars().count()).map(move |n| q.chars().take(n).collect::<String>()))
        .chain(["8410000", "84100001", "841000012"].map(String::from))
        .collect();
    let mut samples = Vec::new();
    for _ in 0..5 {
        for q in &typed {
            let t = Instant::now();
            black_box(till.search(q, 20).expect("search"));
            samples.push(t.elapsed());
        }
    }
    percentiles(&format!("search as you type, {products} products"), samples);
    let mut k = 0usize;
    c.bench_function(&format!("search_as_you_type/{products}_products"), |b| {
        b.iter(|| {
            k += 1;
            black_box(till.search(&typed[k % typed.len()], 20).expect("search"))
        })
    });
}

fn reset_cart(mut till: Till<SystemClock>) -> Till<SystemClock> {
    till.cart_clear_for_bench();
    till
}

fn draft(series: &str, shift_id: i64, user_id: i64, n: i64) -> DocumentDraft {
    let lines: Vec<DocLine> = (0..5)
        .map(|i| DocLine {
            line_no: i + 1,
            product_id: i + 1,
            code: ean13(843_700_000_000 + i as u64),
            name: format!("Producto {i}"),
            tax_rate_bp: [400, 1000, 2100][i as usize % 3],
            measure: Measure::Unit,
            unit_price: 100 + i * 37 + n % 13,
            qty_milli: 1000,
            price_overridden: false,
            line_discount: 0,
            ticket_discount: 0,
            total: 100 + i * 37 + n % 13,
            ref_line_no: None,
            exemption: None,
        })
        .collect();
    let total: i64 = lines.iter().map(|l| l.total).sum();
    let taxes = breakdown(
        lines.iter().map(|l| (l.tax_rate_bp, l.total)),
        Rounding::HalfUp,
    );
    DocumentDraft {
        kind: DocKind::Sale,
        series: series.into(),
        terminal: series.into(),
        shift_id,
        user_id,
        approved_by: None,
        created_at: "2026-11-28T10:00:00.000+01:00".into(),
        business_day: "2026-11-28".into(),
        currency: caja::till::money::Currency::Eur,
        total,
        discount_total: 0,
        rounding: 0,
        change_given: 0,
        ref_document_id: None,
        reason: None,
        lines,
        tenders: vec![Tender {
            kind: TenderKind::Card,
            amount: caja::till::money::Money::new(total, caja::till::money::Currency::Eur),
            reference: Some("A1".into()),
        }],
        taxes,
        training: false,
        customer_id: None,
        recargo: 0,
    }
}

/// A sale's bookkeeping: its audit entry, and its receipt in the outbox when `receipt`.
fn book(receipt: bool) -> Bookkeeping {
    book_with(receipt, None)
}

/// The same with the sale's fiscal record sealed in its transaction.
fn book_with(receipt: bool, fiscal: Option<FiscalStep>) -> Bookkeeping {
    use caja::app::outbox::print::{ReceiptJob, receipt_message};
    Bookkeeping {
        audit_event: "sale".into(),
        audit_detail: serde_json::json!({"tenders": ["card"]}),
        messages: if receipt {
            vec![receipt_message("T01", ReceiptJob::default())]
        } else {
            Vec::new()
        },
        fiscal,
    }
}

/// The smallest durable transaction SQLite can make here: one ~600-byte row, prepared statements,
/// WAL, `synchronous = FULL` — with the store's cipher settings when `key` is given, plain SQLite
/// otherwise. No sale can commit faster than this on the same disk.
struct OneRowFloor {
    conn: rusqlite::Connection,
    row: Vec<u8>,
}

impl OneRowFloor {
    fn new(path: &std::path::Path, key: Option<&DbKey>) -> OneRowFloor {
        let conn = match key {
            Some(key) => open_keyed(path, key).expect("floor db"),
            None => rusqlite::Connection::open(path).expect("floor db"),
        };
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
             CREATE TABLE IF NOT EXISTS sales(id INTEGER PRIMARY KEY, body BLOB NOT NULL);",
        )
        .expect("floor schema");
        OneRowFloor {
            conn,
            row: vec![0x5A; 600],
        }
    }

    fn commit(&self) {
        self.conn
            .prepare_cached("BEGIN IMMEDIATE")
            .and_then(|mut s| s.execute([]))
            .expect("begin");
        self.conn
            .prepare_cached("INSERT INTO sales(body) VALUES (?1)")
            .and_then(|mut s| s.execute([&self.row]))
            .expect("insert");
        self.conn
            .prepare_cached("COMMIT")
            .and_then(|mut s| s.execute([]))
            .expect("commit");
    }
}

fn durable_commit(c: &mut Criterion) {
    if !wanted("commit") {
        return;
    }
    let dir = bench_root().join("commit");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let open_seeded = |name: &str| {
        let mut store =
            Store::open_in(&dir.join(name), &dir.join(format!("{name}.key"))).expect("open");
        demo::seed(&mut store, &TillSettings::default(), &SystemClock, 0, 0, 0).expect("seed");
        store
    };
    let mut store = open_seeded("data");
    // A twin store whose commits skip the sync: what the same commit costs in CPU alone.
    let mut cpu_store = open_seeded("cpu");
    cpu_store
        .connection()
        .execute_batch("PRAGMA synchronous = OFF;")
        .expect("sync off");
    let shift = store
        .live_shift("T01")
        .expect("shift")
        .expect("open shift")
        .id;
    let user = store.users().expect("users")[0].id;
    // Five products that are not stock-tracked (added without stock): the same sale of them
    // moves no stock — what the stock bookkeeping adds is the difference.
    let untracked: Vec<i64> = store
        .add_products(
            &(0..5)
                .map(|i| caja::store::catalog::NewProduct {
                    name: format!("Sin existencias {i}"),
                    category: "Bench".into(),
                    price: 100,
                    tax_rate_bp: [400, 1000, 2100][i % 3],
                    measure: Measure::Unit,
                    stock_milli: 0,
                    cost: None,
                    favourite: false,
                    codes: vec![ean13(843_799_000_000 + i as u64)],
                })
                .collect::<Vec<_>>(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("day"),
        )
        .expect("untracked products");
    // The demo store issues VERI*FACTU records (test environment): the sale's record sealed in
    // its transaction, chained to the head read there.
    let regime = caja::app::fiscal::regime_for(
        &store.profile().expect("profile"),
        &store.identity().uid,
        "T01",
    )
    .expect("regime")
    .expect("the demo store issues records");
    let fiscal = FiscalStep {
        regime: regime.clone(),
        issue: caja::fiscal::Issue::Ticket,
    };
    let cpu_fiscal = FiscalStep {
        regime: caja::app::fiscal::regime_for(
            &cpu_store.profile().expect("profile"),
            &cpu_store.identity().uid,
            "T01",
        )
        .expect("regime")
        .expect("the demo store issues records"),
        issue: caja::fiscal::Issue::Ticket,
    };
    let floor_key = DbKey::from_bytes([0x5A; 32]);
    let floor_cipher =
        OneRowFloor::new(&dir.join("data").join("floor-cipher.db"), Some(&floor_key));
    let floor_plain = OneRowFloor::new(&dir.join("data").join("floor-plain.db"), None);
    let raw = std::fs::File::create(dir.join("data").join("raw.bin")).expect("raw file");
    let block = vec![0xA5u8; 4096];
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("data").join("append.bin"))
        .expect("append file");
    let rounds = if full_size() { 2_000 } else { 20 };
    // The till's sign that a payment is being taken (an import gives way to it): raised at the
    // pay key and lowered after the commit, outside the sale's transaction.
    let mut sign = caja::store::lock::SaleSign::open(&dir.join("data")).expect("sale sign");
    let mut signs = Vec::new();
    let mut times: [Vec<Duration>; 10] = Default::default();
    let [
        commit,
        with_receipt,
        with_record,
        no_stock,
        cpu,
        cpu_record,
        cipher,
        plain,
        write,
        append,
    ] = &mut times;
    let timed = |v: &mut Vec<Duration>, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        v.push(t.elapsed());
    };
    for n in 0..rounds {
        // Interleaved so all see the same disk conditions, and rotated so none always runs
        // first (the first commit after the raw writes is the slowest: its pages are colder).
        let d = draft("T01", shift, user, n);
        let mut d_untracked = d.clone();
        for (l, id) in d_untracked.lines.iter_mut().zip(&untracked) {
            l.product_id = *id;
        }
        for k in 0..10 {
            match (k + n as usize) % 10 {
                0 => timed(commit, &mut || {
                    store.commit_document(&d, &book(false)).expect("commit");
                }),
                1 => timed(with_receipt, &mut || {
                    store.commit_document(&d, &book(true)).expect("commit");
                }),
                2 => timed(with_record, &mut || {
                    store
                        .commit_document(&d, &book_with(true, Some(fiscal.clone())))
                        .expect("commit");
                }),
                3 => timed(no_stock, &mut || {
                    store
                        .commit_document(&d_untracked, &book_with(true, Some(fiscal.clone())))
                        .expect("commit");
                }),
                4 => timed(cpu, &mut || {
                    cpu_store.commit_document(&d, &book(true)).expect("commit");
                }),
                5 => timed(cpu_record, &mut || {
                    cpu_store
                        .commit_document(&d, &book_with(true, Some(cpu_fiscal.clone())))
                        .expect("commit");
                }),
                6 => timed(cipher, &mut || floor_cipher.commit()),
                7 => timed(plain, &mut || floor_plain.commit()),
                8 => timed(write, &mut || {
                    raw.write_all_at(&block, (n as u64 % 256) * 4096)
                        .expect("pwrite");
                    raw.sync_data().expect("fdatasync");
                }),
                // For context: a 4 KiB record appended (the file grows) + fdatasync.
                _ => timed(append, &mut || {
                    (&appended).write_all(&block).expect("append");
                    appended.sync_data().expect("fdatasync");
                }),
            }
        }
        timed(&mut signs, &mut || {
            sign.set(true);
            sign.set(false);
        });
    }
    signs.sort();
    let [mc, mr, mfr, mns, mcpu, mcpur, mf, mp, mw, ma] = times.each_ref().map(|v| {
        let mut v = v.clone();
        v.sort();
        v[v.len() / 2].as_secs_f64()
    });
    let labels = [
        "durable sale commit (5 lines, FULL, SQLCipher)",
        "  the same with its receipt in the outbox",
        "  that, with its fiscal record (VERI*FACTU, chained)",
        "  that, of products not stock-tracked (no stock movements)",
        "  the receipt's commit without its sync (CPU + page cache)",
        "  the record's commit without its sync",
        "floor: one-row SQLCipher commit (FULL)",
        "floor: one-row plain SQLite commit (FULL)",
        "raw 4 KiB pwrite + fdatasync",
        "raw 4 KiB append + fdatasync (file grows)",
    ];
    for (label, v) in labels.iter().zip(times) {
        percentiles(label, v);
    }
    println!(
        "commit / raw write at the median: {:.2}× (vs append: {:.2}×); sync part {:.3} ms",
        mr / mw,
        mr / ma,
        (mr - mcpu) * 1e3
    );
    println!(
        "commit / one-row SQLCipher floor at the median: {:.2}× with its receipt message, \
         {:.2}× without (the outbox adds {:+.1} %)",
        mr / mf,
        mc / mf,
        (mr / mc - 1.0) * 100.0
    );
    println!(
        "commit with its fiscal record / the same without: {:.3}× (goal ≤ 1.10×); \
         / one-row SQLCipher floor: {:.2}× (must stay ≤ 2.4×)",
        mfr / mr,
        mfr / mf
    );
    println!(
        "stock bookkeeping (5 movements with their balance, the products' stock): the sale of \
         stock-tracked products / of untracked ones: {:.3}× (goal ≤ 1.10×); {:+.3} ms",
        mfr / mns,
        (mfr - mns) * 1e3
    );
    println!(
        "the fiscal record's share: {:+.3} ms at the median, of which CPU and page cache {:+.3} ms",
        (mfr - mr) * 1e3,
        (mcpur - mcpu) * 1e3
    );
    println!(
        "floor / raw write at the median: one-row SQLCipher {:.2}×, one-row plain SQLite {:.2}×",
        mf / mw,
        mp / mw
    );
    let ms = signs[signs.len() / 2].as_secs_f64();
    println!(
        "the sale sign (raised at the pay key, lowered after the commit; outside the transaction): \
         p50 {:.1} µs, {:.1} % of the sale commit",
        ms * 1e6,
        ms / mr * 100.0
    );
    let mut n = rounds;
    c.bench_function("durable_sale_commit", |b| {
        b.iter(|| {
            n += 1;
            store
                .commit_document(
                    &draft("T01", shift, user, n),
                    &book_with(true, Some(fiscal.clone())),
                )
                .expect("commit")
        })
    });
    fiscal_records(c, regime.as_ref(), shift, user);
    c.bench_function("raw_4k_write_fdatasync", |b| {
        b.iter(|| {
            raw.write_all_at(&block, 0).expect("pwrite");
            raw.sync_data().expect("fdatasync")
        })
    });
    let _ = std::io::stdout().flush();
}

/// Building and hashing one record (the work the sale's transaction adds besides its row), and
/// a full 1,000-record request made from the stored bodies, each beside its floor: SHA-256 of
/// the hashed text alone, and a plain concatenation of the finished fragments.
fn fiscal_records(c: &mut Criterion, regime: &dyn caja::fiscal::Regime, shift: i64, user: i64) {
    use caja::fiscal::record::ChainLink;
    use caja::fiscal::xml::{Taxpayer, envelope};
    use sha2::Digest;
    let d = draft("T01", shift, user, 7);
    let previous = regime
        .seal_document(&d, "EB19-T01-000001", &caja::fiscal::Issue::Ticket, None)
        .expect("seal");
    let link: ChainLink = previous.record.link();
    c.bench_function("fiscal_record_build_and_hash", |b| {
        b.iter(|| {
            black_box(
                regime
                    .seal_document(
                        &d,
                        "EB19-T01-000002",
                        &caja::fiscal::Issue::Ticket,
                        Some(link.clone()),
                    )
                    .expect("seal"),
            )
        })
    });
    let text = "IDEmisorFactura=89890001K&NumSerieFactura=EB19-T01-000002&FechaExpedicionFactura=28-11-2026&TipoFactura=F2&CuotaTotal=1.23&ImporteTotal=12.34&Huella=3C464DAF61ACB827C65FDA19F352A4E3BDC2C640E9E9FC4CC058073F38F12F60&FechaHoraHusoGenRegistro=2026-11-28T10:00:00+01:00";
    c.bench_function("fiscal_floor_sha256_of_the_text", |b| {
        b.iter(|| {
            black_box(hex::encode_upper(sha2::Sha256::digest(
                black_box(text).as_bytes(),
            )))
        })
    });
    let mut chain = vec![previous];
    for n in 2..=1000 {
        let s = regime
            .seal_document(
                &d,
                &format!("EB19-T01-{n:06}"),
                &caja::fiscal::Issue::Ticket,
                chain.last().map(|p| p.record.link()),
            )
            .expect("seal");
        chain.push(s);
    }
    // The send path: 1,000 stored bodies → their fragments → one SOAP request.
    let bodies: Vec<&str> = chain.iter().map(|s| s.body.as_str()).collect();
    let xml: Vec<String> = chain.iter().map(caja::fiscal::Sealed::xml).collect();
    let fragments: Vec<&str> = xml.iter().map(String::as_str).collect();
    let taxpayer = Taxpayer {
        name: "Ultramarinos Caja Demo, S.L.".into(),
        nif: "89890001K".into(),
    };
    c.bench_function("fiscal_request_xml/1000_records_from_stored_bodies", |b| {
        b.iter(|| {
            let xml: Vec<String> = bodies
                .iter()
                .map(|body| caja::fiscal::stored_xml("verifactu", body).expect("body"))
                .collect();
            let fragments: Vec<&str> = xml.iter().map(String::as_str).collect();
            black_box(envelope(&taxpayer, &fragments))
        })
    });
    c.bench_function("fiscal_floor_concat/1000_fragments", |b| {
        b.iter(|| black_box(fragments.concat()))
    });
}

fn reports_and_open(c: &mut Criterion) {
    if !wanted("reports") {
        return;
    }
    let (products, sales) = sizes();
    let (data, key) = store_dirs(products, sales);
    let store = Store::open_in(&data, &key).expect("open");
    let lines: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM document_lines", [], |r| r.get(0))
        .expect("count");
    let (day, shift): (String, i64) = store
        .connection()
        .query_row(
            "SELECT business_day, shift_id FROM documents GROUP BY shift_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("busiest day");
    println!("report store: {products} products, {sales} sales, {lines} sale lines on {day}");
    let mut day_samples = Vec::new();
    let mut z_samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let s = black_box(store.sales_summary(&Period::Day(&day)).expect("day"));
        day_samples.push(t.elapsed());
        assert!(s.reconciles());
        let t = Instant::now();
        black_box(store.sales_summary(&Period::Shift(shift)).expect("z"));
        z_samples.push(t.elapsed());
    }
    percentiles(&format!("day report over {lines} sale lines"), day_samples);
    percentiles(
        &format!("Z report aggregates over {lines} sale lines"),
        z_samples,
    );
    c.bench_function(&format!("report_day/{lines}_lines"), |b| {
        b.iter(|| store.sales_summary(&Period::Day(&day)).expect("day"))
    });
    c.bench_function(&format!("z_report/{lines}_lines"), |b| {
        b.iter(|| store.sales_summary(&Period::Shift(shift)).expect("z"))
    });
    drop(store);

    // The whole `caja report day --json` process.
    let mut samples = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_caja"))
            .args(["report", "day", "--date", &day, "--json"])
            .env("CAJA_DATA_DIR", &data)
            .env("CAJA_KEY_FILE", &key)
            .env("CAJA_CONFIG", bench_root().join("none.toml"))
            // Benchmarks run as root on CI; a till never would.
            .env("CAJA_ALLOW_ROOT", "1")
            .output()
            .expect("run caja");
        samples.push(t.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    percentiles(
        &format!("`caja report day` process, {lines} sale lines"),
        samples,
    );

    let (pdata, pkey) = store_dirs(products, 0);
    let mut samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let s = Store::open_in(&pdata, &pkey).expect("open");
        black_box(
            s.product_by_code(&ean13(841_000_000_000), bench_day())
                .expect("first read"),
        );
        samples.push(t.elapsed());
    }
    percentiles(
        &format!("open store + first read, {products} products"),
        samples,
    );
    c.bench_function(&format!("open_store/{products}_products"), |b| {
        b.iter(|| {
            let s = Store::open_in(&pdata, &pkey).expect("open");
            black_box(
                s.product_by_code(&ean13(841_000_000_000), bench_day())
                    .expect("read"),
            )
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(3));
    targets = scan_and_search, durable_commit, reports_and_open
}
criterion_main!(benches);
