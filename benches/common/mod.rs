//! Helpers shared by the benchmarks: cached stores of a given size, percentiles, group filter.
#![allow(dead_code)]

use caja::app::SystemClock;
use caja::app::demo;
use caja::config::TillSettings;
use caja::store::Store;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// `CAJA_BENCH_ONLY=commit` (or scan, reports) runs one group.
pub fn wanted(group: &str) -> bool {
    std::env::var("CAJA_BENCH_ONLY").map_or(true, |g| g == group)
}

pub fn full_size() -> bool {
    std::env::args().any(|a| a == "--bench")
}

pub fn sizes() -> (usize, usize) {
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    if full_size() {
        (
            env("CAJA_BENCH_PRODUCTS", 1_000_000),
            env("CAJA_BENCH_SALES", 200_000),
        )
    } else {
        (2_000, 200)
    }
}

pub fn bench_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("caja-bench")
}

/// A cached store: (data dir, key file). `sales` all land on one business day (worst case).
pub fn store_dirs(products: usize, sales: usize) -> (PathBuf, PathBuf) {
    let dir = bench_root().join(format!("p{products}-s{sales}"));
    let data = dir.join("data");
    let key = dir.join("db.key");
    if !dir.join("ready").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let started = Instant::now();
        let mut store = Store::open_in(&data, &key).expect("create bench store");
        demo::seed(
            &mut store,
            &TillSettings::default(),
            &SystemClock,
            products,
            sales,
            1,
        )
        .expect("seed bench store");
        eprintln!(
            "built bench store {} in {:.1} s",
            dir.display(),
            started.elapsed().as_secs_f64()
        );
        std::fs::write(dir.join("ready"), b"").expect("mark ready");
    }
    (data, key)
}

pub fn percentiles(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{label}: n={} p50={:.3} ms p99={:.3} ms max={:.3} ms",
        samples.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
}
