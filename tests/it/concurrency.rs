//! Two processes on one store: a selling till (`caja debug sell-loop`, a real process) beside
//! the command line and the back office's writes. Every write takes the write lock first
//! (`BEGIN IMMEDIATE`) and waits its turn, so none fails with "database is locked" or a
//! duplicate audit id; and a restore is refused while any process has the store open.
//! Regression tests for: `caja users unlock` failing about half the time with "UNIQUE
//! constraint failed: audit_log.id" beside a selling till, and a bulk catalog write failing at
//! once with "database is locked".

use crate::support::Sandbox;
use caja::store::catalog::NewProduct;
use caja::till::quantity::Measure;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A real till process selling until killed; returns once its first sale is committed.
fn selling_till(sb: &Sandbox) -> (Child, std::thread::JoinHandle<usize>) {
    let mut child = sb
        .cmd(&["debug", "sell-loop", "--count", "1000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the selling till");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut sold = 0;
        for line in BufReader::new(stdout).lines() {
            if line.is_err() {
                break;
            }
            sold += 1;
            if sold == 1 {
                let _ = tx.send(());
            }
        }
        sold
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the till sold nothing in 60 s");
    (child, reader)
}

fn stop(mut child: Child, reader: std::thread::JoinHandle<usize>) -> usize {
    child.kill().expect("kill");
    child.wait().expect("wait");
    reader.join().expect("reader")
}

#[test]
fn cli_writes_beside_a_selling_till_wait_their_turn_and_never_fail() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let (till, reader) = selling_till(&sb);

    // The audited CLI writes that used to race the till's audit rows.
    let started = Instant::now();
    let mut failures = Vec::new();
    for _ in 0..30 {
        let out = sb.run(&["users", "unlock"]);
        if !out.status.success() {
            failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
        }
    }
    // A bulk write from another connection (what an import's steps and the back office do).
    let mut store = sb.open_store();
    let products: Vec<NewProduct> = (0..2000)
        .map(|i| NewProduct {
            name: format!("Producto concurrente {i}"),
            category: "Pruebas".into(),
            price: 100 + i,
            tax_rate_bp: 2100,
            measure: Measure::Unit,
            stock_milli: 0,
            cost: None,
            favourite: false,
            codes: vec![format!("99{i:06}")],
        })
        .collect();
    for chunk in products.chunks(200) {
        store
            .add_products(chunk, chrono::Local::now().date_naive())
            .expect("a bulk write beside a selling till waits for the lock");
    }
    let elapsed = started.elapsed();
    drop(store);
    let sold = stop(till, reader);
    assert!(failures.is_empty(), "unlock failed: {failures:#?}");
    assert!(sold > 1, "the till kept selling ({sold} sales)");
    println!("30 unlocks + 2,000 products beside {sold} sales in {elapsed:?}");

    let store = sb.open_store();
    assert_eq!(
        store.verify_audit().unwrap().map(|_| ()),
        Ok(()),
        "the audit chain is whole"
    );
    let unlocks: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE event = 'unlock'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unlocks, 30);
    let check = sb.run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn a_restore_is_refused_while_another_process_has_the_store_open() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let owner = sb.dir.path().join("owner.key");
    let recipient = sb.ok(&["backup", "keygen", "--out", owner.to_str().unwrap()]);
    let backups = sb.dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    sb.ok(&["config", "set", "backup.dir", backups.to_str().unwrap()]);
    sb.ok(&["config", "set", "backup.recipients", recipient.trim()]);
    sb.ok(&["backup", "now"]);
    let file = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "age"))
        .expect("a backup file");
    let restore = |sb: &Sandbox| {
        sb.run(&[
            "restore",
            file.to_str().unwrap(),
            "--identity",
            owner.to_str().unwrap(),
            "--replace",
        ])
    };

    // Another process (this test) has the store open: the restore must not swap the file.
    let store = sb.open_store();
    let before = crate::support::sha256_file(&sb.db_file());
    let out = restore(&sb);
    assert!(
        !out.status.success(),
        "a restore went ahead beside a writer"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("open in another process"), "{err}");
    assert_eq!(crate::support::sha256_file(&sb.db_file()), before);
    drop(store);

    // A selling till (another real process) holds it too.
    let (till, reader) = selling_till(&sb);
    let out = restore(&sb);
    stop(till, reader);
    assert!(!out.status.success(), "a restore went ahead beside a till");

    // With nobody on the store, it goes ahead.
    let out = restore(&sb);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_second_till_on_one_data_dir_is_refused_but_the_cli_is_not() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let _till = caja::store::lock::till(&sb.data_dir()).unwrap();
    let _store = sb.open_store();
    // The CLI (and the back office) open the store beside a till.
    sb.ok(&["catalog", "search", "agua"]);
    let out = sb.run(&["--exit-after-first-frame"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already running"), "{err}");
}
