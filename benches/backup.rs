//! Backups: throughput of a whole backup (snapshot, check, age stream) of a ≥ 500 MB database,
//! and how much a running backup delays sale commits on the same database (target: nothing
//! measurable beyond 5 ms per commit).
//!
//! `cargo bench --bench backup` (full size: 2,200,000 products ≈ 530 MB; the store is built
//! once into target/caja-bench). Under `cargo test` it runs once on a small store.

mod common;

use caja::app::demo::{self, demo_ean};
use caja::app::{SystemClock, Till};
use caja::backup::archive::create;
use caja::config::TillSettings;
use caja::store::Store;
use common::{bench_root, full_size, percentiles, store_dirs};
use std::time::{Duration, Instant};

fn sell_one(till: &mut Till<SystemClock>, n: usize) -> Duration {
    till.scan(&demo_ean(n % 30)).expect("scan");
    let t = Instant::now();
    till.pay_exact_cash().expect("pay");
    t.elapsed()
}

/// Commits slower than 5 ms, with when they started (seconds after `origin`).
fn slow(origin: Instant, log: &[(Instant, Duration)]) -> Vec<String> {
    log.iter()
        .filter(|(_, d)| *d > Duration::from_millis(5))
        .map(|(at, d)| {
            format!(
                "{:.0} ms at {:.2} s",
                d.as_secs_f64() * 1e3,
                (*at - origin).as_secs_f64()
            )
        })
        .collect()
}

fn main() {
    let (products, sales) = if full_size() {
        (2_200_000, 20_000)
    } else {
        (2_000, 200)
    };
    let (data, key) = store_dirs(products, sales);
    let db_mb = std::fs::metadata(caja::store::db_path(&data))
        .map(|m| m.len())
        .unwrap_or(0) as f64
        / 1e6;
    let out = bench_root().join("backup-out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("out dir");
    let recipient = age::x25519::Identity::generate().to_public();

    // Throughput.
    let runs = if full_size() { 3 } else { 1 };
    let mut secs = Vec::new();
    for i in 0..runs {
        let store = Store::open_in(&data, &key).expect("open");
        let now = chrono::Utc::now() + chrono::Duration::seconds(i);
        let t = Instant::now();
        let w = create(
            &store,
            "Bench",
            "T01",
            std::slice::from_ref(&recipient),
            &out,
            now,
        )
        .expect("backup");
        secs.push(t.elapsed().as_secs_f64());
        std::fs::remove_file(&w.path).expect("remove");
    }
    secs.sort_by(f64::total_cmp);
    let median = secs[secs.len() / 2];
    println!(
        "backup of a {db_mb:.0} MB database: median {median:.2} s over {runs} runs = {:.0} MB/s (snapshot + integrity check + age)",
        db_mb / median
    );

    // Commits with and without a backup running beside them.
    let store = Store::open_in(&data, &key).expect("open");
    // As in the till: the selling connection never checkpoints; another thread does.
    store.checkpoint_in_background().expect("no autocheckpoint");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let checkpointer = {
        let (data, key, stop) = (data.clone(), key.clone(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || {
            caja::app::workers::background_priority();
            let store = Store::open_in(&data, &key).expect("open");
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                store.checkpoint().expect("checkpoint");
                std::thread::sleep(caja::app::workers::backup::CHECKPOINT_EVERY);
            }
        })
    };
    let mut till = Till::new(store, TillSettings::default(), SystemClock);
    till.login(demo::DEMO_CASHIER_PIN).expect("login");
    let rounds = if full_size() { 300 } else { 20 };
    let quiet: Vec<Duration> = (0..rounds).map(|n| sell_one(&mut till, n)).collect();
    let (data2, key2, out2) = (data.clone(), key.clone(), out.clone());
    let backup = std::thread::spawn(move || {
        caja::app::workers::background_priority();
        let store = Store::open_in(&data2, &key2).expect("open");
        let now = chrono::Utc::now() + chrono::Duration::seconds(100);
        create(&store, "Bench", "T01", &[recipient], &out2, now).expect("backup")
    });
    let origin = Instant::now();
    let mut during = Vec::new();
    let mut log = Vec::new();
    while !backup.is_finished() || during.len() < 5 {
        let at = Instant::now();
        let d = sell_one(&mut till, during.len());
        during.push(d);
        log.push((at, d));
    }
    let backup_ended = origin.elapsed().as_secs_f64();
    let written = backup.join().expect("backup thread");
    // A while longer: the checkpoint after the backup must not land on a sale either.
    let settle = Instant::now();
    while settle.elapsed() < caja::app::workers::backup::CHECKPOINT_EVERY * 2 && full_size() {
        let at = Instant::now();
        let d = sell_one(&mut till, during.len());
        during.push(d);
        log.push((at, d));
    }
    println!(
        "commits over 5 ms (the backup ended at {backup_ended:.2} s): {:?}",
        slow(origin, &log)
    );
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = checkpointer.join();
    println!("phases of that backup: {:?}", written.phases);
    let p = |v: &mut Vec<Duration>, q: f64| {
        v.sort();
        v[((v.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e3
    };
    let (mut a, mut b) = (quiet.clone(), during.clone());
    println!(
        "commit delay while a backup runs: p50 +{:.3} ms, p99 +{:.3} ms (target: under 5 ms)",
        p(&mut b, 0.5) - p(&mut a, 0.5),
        p(&mut b, 0.99) - p(&mut a, 0.99)
    );
    percentiles("sale commit, no backup running", quiet);
    percentiles("sale commit, backup running", during);
    let _ = std::fs::remove_dir_all(&out);
}
