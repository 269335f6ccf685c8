//! A restore never reissues a number: a store restored from an older backup sells nothing until
//! it is reconciled with the agency (the local endpoint of `agency`, holding every record it
//! accepted and answering the query service). Online, the records the store lacks are learnt
//! and its chain and series go on after them — the agency then holds every number once and its
//! chain has no fork. Offline, a manager opens a new series; the agency flags its first record
//! (2003), exactly one; the lacking records are learnt later as a branch, and `fiscal verify`
//! and `check` pass throughout. A copied data dir (a store behind the agency by other means) is
//! found out by the same query.

use crate::agency::{Endpoint, Pki};
use crate::fiscal_send::configure;
use crate::support::Sandbox;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::Ordering;

/// A demo store with `sales` tickets all accepted by `endpoint`, backups configured.
fn store_at_the_agency(sales: &str, pki: &Pki, endpoint: &Endpoint) -> (Sandbox, PathBuf, PathBuf) {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", sales, "--days", "1"]);
    let owner = sb.dir.path().join("owner").join("identity.txt");
    std::fs::create_dir_all(owner.parent().unwrap()).unwrap();
    let recipient = sb.ok(&["backup", "keygen", "--out", &owner.display().to_string()]);
    let usb = sb.dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    sb.ok(&["config", "set", "backup.dir", &usb.display().to_string()]);
    sb.ok(&["config", "set", "backup.recipients", recipient.trim()]);
    endpoint.wait.store(0, Ordering::SeqCst);
    configure(&sb, pki, &endpoint.url);
    sb.ok(&["fiscal", "send"]);
    (sb, owner, usb)
}

fn the_backup(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "age"))
        .expect("a backup")
}

/// Sells `n` demo tickets; answers their numbers.
fn sell(sb: &Sandbox, n: u32) -> Vec<String> {
    sb.ok(&["debug", "sell-loop", "--count", &n.to_string()])
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

/// A document number's place in its series.
fn seq(number: &str) -> i64 {
    caja::till::document::parse_number(number).unwrap().1
}

fn status(sb: &Sandbox) -> serde_json::Value {
    serde_json::from_str(&sb.ok(&["fiscal", "status", "--json"])).unwrap()
}

fn with_stdin(sb: &Sandbox, args: &[&str], input: &str) -> Output {
    sb.run_with_stdin(args, input)
}

/// Every record at the agency is held once, and its chain, in arrival order, has no fork
/// except the ones it flagged.
fn agency_chain(endpoint: &Endpoint) -> (usize, Vec<(String, u32)>) {
    assert!(
        endpoint.held.lock().unwrap().values().all(|n| *n == 1),
        "a number reached the agency twice"
    );
    let agency = endpoint.agency.lock().unwrap();
    (agency.records.len(), agency.flagged.clone())
}

/// Restores the backup over the store; says it waits to be reconciled.
fn restore(sb: &Sandbox, owner: &Path, backup: &Path) {
    let out = sb.ok(&[
        "restore",
        &backup.display().to_string(),
        "--identity",
        &owner.display().to_string(),
        "--replace",
    ]);
    assert!(out.contains("reconciled with the AEAT"), "{out}");
}

fn refused_to_sell(sb: &Sandbox) {
    let out = sb.run(&["debug", "sell-loop", "--count", "1"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("restored from a backup") && said.contains("reconciled"),
        "{said}"
    );
}

#[test]
fn a_restored_store_asks_the_agency_and_never_issues_a_number_twice() {
    let pki = Pki::new();
    let endpoint = Endpoint::start(&pki);
    let (sb, owner, usb) = store_at_the_agency("30", &pki, &endpoint);
    sb.ok(&["backup", "now"]);
    let backup = the_backup(&usb);
    // After the backup: 20 more tickets, at the agency, then the disk dies.
    let lost = sell(&sb, 20);
    sb.ok(&["fiscal", "send"]);
    assert_eq!(agency_chain(&endpoint).0, 50);

    restore(&sb, &owner, &backup);
    let s = status(&sb);
    assert_eq!(s["reconciliation"]["state"], "pending", "{s}");
    assert_eq!(s["reconciliation"]["cause"], "restore", "{s}");
    refused_to_sell(&sb);
    // Nor is any other record chained meanwhile (an anulación would fork the chain).
    let out = with_stdin(
        &sb,
        &[
            "fiscal",
            "annul",
            &lost[0].replace("-000031", "-000001"),
            "--reason",
            "error",
        ],
        "9999\n",
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("reconciled with the AEAT"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A page of 7 records: the query goes page by page.
    endpoint.agency.lock().unwrap().page = 7;
    let out = sb.ok(&["fiscal", "reconcile"]);
    assert!(out.contains("learnt 20 record(s)"), "{out}");
    assert!(out.contains(lost.last().unwrap()), "{out}");
    assert!(endpoint.agency.lock().unwrap().queries.len() >= 5);
    let s = status(&sb);
    assert!(s["reconciliation"].is_null(), "{s}");
    assert_eq!(s["records"], 50);
    // The chain (with the learnt records) and the series (their numbers issued) check whole.
    sb.ok(&["fiscal", "verify"]);
    sb.ok(&["check"]);

    // Selling goes on after the last number the agency holds, chained after its record.
    let next = sell(&sb, 10);
    let last_lost = seq(lost.last().unwrap());
    let first_new = seq(&next[0]);
    assert_eq!(first_new, last_lost + 1, "{next:?}");
    let out = sb.ok(&["fiscal", "send"]);
    assert!(out.contains("nothing waits"), "{out}");
    let (held, flagged) = agency_chain(&endpoint);
    assert_eq!(held, 60);
    assert!(flagged.is_empty(), "the agency's chain forked: {flagged:?}");
    sb.ok(&["fiscal", "verify"]);
    sb.ok(&["check"]);
    // Restored from the audit log: who opened and closed the reconciliation.
    let audit = sb.open_store().audit_tail(20).unwrap();
    assert!(audit.iter().any(|a| a.event == "fiscal-reconcile-opened"));
    assert!(audit.iter().any(|a| a.event == "fiscal-reconciled"));
}

#[test]
fn offline_a_manager_opens_a_new_series_and_the_lacking_records_come_later() {
    let pki = Pki::new();
    let endpoint = Endpoint::start(&pki);
    let (sb, owner, usb) = store_at_the_agency("30", &pki, &endpoint);
    sb.ok(&["backup", "now"]);
    let backup = the_backup(&usb);
    sell(&sb, 12);
    sb.ok(&["fiscal", "send"]);
    restore(&sb, &owner, &backup);

    // The agency cannot be reached.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    configure(
        &sb,
        &pki,
        &format!("https://127.0.0.1:{port}{}", caja::agency::SERVICE_PATH),
    );
    let out = sb.run(&["fiscal", "reconcile"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("could not be reached"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    refused_to_sell(&sb);
    // A cashier's PIN does not decide it, nor a decision without a reason.
    let out = with_stdin(
        &sb,
        &[
            "fiscal",
            "reconcile",
            "--new-series",
            "--reason",
            "sin red desde el lunes",
        ],
        "1111\n",
    );
    assert!(!out.status.success());
    let out = with_stdin(
        &sb,
        &["fiscal", "reconcile", "--new-series", "--reason", "x"],
        "9999\n",
    );
    assert!(!out.status.success());
    let out = with_stdin(
        &sb,
        &[
            "fiscal",
            "reconcile",
            "--new-series",
            "--reason",
            "sin red desde el lunes",
        ],
        "9999\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("-T01B") && said.contains("2002/2003"),
        "{said}"
    );

    let fork = sell(&sb, 5);
    assert!(fork[0].ends_with("-T01B-000001"), "{fork:?}");
    sb.ok(&["fiscal", "verify"]);
    sb.ok(&["check"]);

    // The network returns: the lacking records are learnt beside the new series, then the
    // new series is sent; the agency flags its first record only.
    configure(&sb, &pki, &endpoint.url);
    let out = sb.ok(&["fiscal", "send"]);
    assert!(out.contains("learnt 12 record(s)"), "{out}");
    let (held, flagged) = agency_chain(&endpoint);
    assert_eq!(held, 47);
    assert_eq!(flagged, vec![(fork[0].clone(), 2003)]);
    let q: serde_json::Value =
        serde_json::from_str(&sb.ok(&["fiscal", "queue", "--json"])).unwrap();
    assert_eq!(q["sending"]["accepted_with_errors"], 1, "{q}");
    assert_eq!(q["refused"][0]["code"], 2003, "{q}");
    // The till goes on in the new series, after its own last record (not the branch).
    let more = sell(&sb, 3);
    assert!(more[0].ends_with("-T01B-000006"), "{more:?}");
    sb.ok(&["fiscal", "send"]);
    let (held, flagged) = agency_chain(&endpoint);
    assert_eq!(held, 50);
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    sb.ok(&["fiscal", "verify"]);
    sb.ok(&["check"]);
    let s = status(&sb);
    assert!(s["reconciliation"].is_null(), "{s}");
}

#[test]
fn a_copied_data_dir_behind_the_agency_is_found_out_and_reconciled() {
    let pki = Pki::new();
    let endpoint = Endpoint::start(&pki);
    let (sb, _owner, _usb) = store_at_the_agency("10", &pki, &endpoint);
    // A copy of the data dir (a disk image, a careless copy) …
    let copy = Sandbox::new();
    let cp = |from: &Path, to: &Path| {
        let ok = std::process::Command::new("cp")
            .arg("-a")
            .arg(from)
            .arg(to)
            .status()
            .unwrap();
        assert!(ok.success());
    };
    cp(&sb.data_dir(), &copy.data_dir());
    cp(
        sb.key_file().parent().unwrap(),
        &copy.dir.path().join("secrets"),
    );
    cp(&sb.config_file(), &copy.config_file());
    // … while the original sells on and sends.
    let ahead = sell(&sb, 6);
    sb.ok(&["fiscal", "send"]);
    // The copy asks the agency before it sells again: it is behind, learns what it lacks and
    // numbers after it.
    let out = copy.ok(&["fiscal", "reconcile", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["behind"], true, "{v}");
    assert_eq!(v["reconciled"]["learnt"], 6, "{v}");
    let next = sell(&copy, 1);
    let last = seq(ahead.last().unwrap());
    assert!(next[0].ends_with(&format!("{:06}", last + 1)), "{next:?}");
    copy.ok(&["fiscal", "send"]);
    let (held, flagged) = agency_chain(&endpoint);
    assert_eq!(held, 17);
    assert!(flagged.is_empty(), "{flagged:?}");
    copy.ok(&["check"]);
}
