//! Crash test: a real `caja` process committing sales is killed with SIGKILL at random moments,
//! many times. Every sale it reported committed must be whole with its fiscal record, the series
//! gapless, the fiscal chain unbroken, and `caja check` clean.

use crate::support::Sandbox;
use rand::{Rng, SeedableRng};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn sigkill_while_selling_never_leaves_a_half_written_sale() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261128);
    let mut reported: Vec<(String, i64)> = Vec::new();
    let rounds = 40;
    for _ in 0..rounds {
        let mut child = sb
            .cmd(&["debug", "sell-loop", "--count", "100000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Kill at a random moment: sometimes before the first sale, mostly mid-stream. This
        // pause is what is tested (where the kill lands), not a wait for the seller to be ready.
        let deadline = Instant::now() + Duration::from_millis(rng.random_range(30..400));
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        for line in rx.try_iter() {
            let mut parts = line.split_whitespace();
            let number = parts.next().unwrap().to_string();
            let total: i64 = parts.next().unwrap().parse().unwrap();
            reported.push((number, total));
        }
    }
    assert!(
        reported.len() > 50,
        "only {} sales were reported",
        reported.len()
    );
    let store = sb.open_store();
    for (number, total) in &reported {
        let doc = store
            .document_by_number(number)
            .unwrap()
            .unwrap_or_else(|| panic!("reported sale {number} is missing"));
        assert_eq!(doc.total, *total, "{number}");
        assert!(!doc.lines.is_empty());
        assert_eq!(doc.lines.iter().map(|l| l.total).sum::<i64>(), doc.total);
        assert_eq!(
            doc.taxes.iter().map(|t| t.base + t.quota).sum::<i64>(),
            doc.total
        );
        assert_eq!(
            doc.tenders.iter().map(|t| t.amount.minor).sum::<i64>() - doc.change_given,
            doc.total + doc.rounding
        );
    }
    let count = store.document_count().unwrap();
    eprintln!(
        "crash test: {rounds} SIGKILLs, {} sales reported committed, {count} in the store",
        reported.len()
    );
    assert!(count >= reported.len() as i64);
    // Every sale has its fiscal record, written in its transaction: as many records as sales,
    // the chain whole (`check` recomputes it too).
    for (number, _) in &reported {
        let doc = store.document_by_number(number).unwrap().unwrap();
        let record = store.document_record(doc.id).unwrap();
        assert_eq!(record.map(|r| r.number).as_deref(), Some(number.as_str()));
    }
    assert_eq!(store.fiscal_record_count().unwrap(), count);
    let report = store.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    drop(store);
    let out = sb.ok(&["check"]);
    assert!(out.contains("0 problems"), "{out}");
    let chain = sb.ok(&["fiscal", "verify"]);
    assert!(
        chain.contains(&format!("fiscal chain whole: {count} record(s)")),
        "{chain}"
    );
}
