//! Backups end to end: made by `caja backup now`, decrypted by Debian's `age` CLI and opened with
//! the database key, restored with `caja restore` into an empty data dir where `caja check`
//! passes with the same figures; refused when tampered, cut short or opened with another
//! identity; never holding plaintext; consistent while another process sells; retention with
//! an injected clock.

use crate::support::Sandbox;
use caja::store::Store;
use caja::store::key::DbKey;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A store with sales, an owner identity outside it, and backups configured.
fn store_with_backups(sales: &str) -> (Sandbox, PathBuf, PathBuf) {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", sales, "--days", "10"]);
    let owner = sb.dir.path().join("owner").join("identity.txt");
    std::fs::create_dir_all(owner.parent().unwrap()).unwrap();
    let recipient = sb.ok(&["backup", "keygen", "--out", &owner.display().to_string()]);
    let recipient = recipient.trim();
    assert!(recipient.starts_with("age1"), "{recipient}");
    let dir = sb.dir.path().join("usb");
    std::fs::create_dir(&dir).unwrap();
    sb.ok(&["config", "set", "backup.dir", &dir.display().to_string()]);
    sb.ok(&["config", "set", "backup.recipients", recipient]);
    (sb, owner, dir)
}

fn only_backup(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "age"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

fn counts(conn: &rusqlite::Connection) -> (i64, i64, i64) {
    conn.query_row(
        "SELECT count(*), coalesce(sum(total), 0), (SELECT count(*) FROM document_lines) FROM documents",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

fn age_cli() {
    let ok = Command::new("age")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "the age CLI is missing: apt-get install age (or run .ci/run)"
    );
}

#[test]
fn round_trip_through_the_age_cli_and_caja_restore() {
    age_cli();
    let (sb, owner, dir) = store_with_backups("300");
    let out = sb.ok(&["backup", "now"]);
    assert!(out.contains("backed up"), "{out}");
    let file = only_backup(&dir);

    // No plaintext: neither product names nor receipt numbers are in the file.
    let bytes = std::fs::read(&file).unwrap();
    for needle in [
        &b"Leche entera"[..],
        b"T01-000",
        b"SQLite format",
        b"manifest",
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{} found in the backup",
            String::from_utf8_lossy(needle)
        );
    }
    // The till's data dir and configuration hold no identity.
    for path in walk(&sb.data_dir()).into_iter().chain([sb.config_file()]) {
        let text = std::fs::read(&path).unwrap_or_default();
        assert!(
            !text.windows(16).any(|w| w == b"AGE-SECRET-KEY-1"),
            "an identity in {}",
            path.display()
        );
    }

    // Debian's age decrypts it; inside, the database opens with the database key.
    let unpacked = sb.dir.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    let tar = unpacked.join("payload.tar");
    let status = Command::new("age")
        .args(["-d", "-i"])
        .arg(&owner)
        .arg("-o")
        .arg(&tar)
        .arg(&file)
        .status()
        .unwrap();
    assert!(status.success(), "age -d failed");
    let status = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .unwrap();
    assert!(status.success());
    let key_hex = std::fs::read_to_string(sb.key_file()).unwrap();
    assert_eq!(
        std::fs::read_to_string(unpacked.join("db.key"))
            .unwrap()
            .trim(),
        key_hex.trim()
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(unpacked.join("manifest.json")).unwrap())
            .unwrap();
    let mut raw = [0u8; 32];
    hex_decode(key_hex.trim(), &mut raw);
    let copy = Store::open(&unpacked.join("caja.db"), &DbKey::from_bytes(raw)).unwrap();
    let original = sb.open_store();
    assert_eq!(counts(copy.connection()), counts(original.connection()));
    assert_eq!(manifest["documents"], counts(original.connection()).0);
    drop(copy);

    // `caja backup verify` checks it whole.
    let verified = sb.ok(&[
        "backup",
        "verify",
        &file.display().to_string(),
        "--identity",
        &owner.display().to_string(),
    ]);
    assert!(verified.contains("intact"), "{verified}");

    // Restore into an empty data dir (a new till: no key yet — it comes from the backup).
    let fresh = Sandbox::new();
    let restored = fresh.ok(&[
        "restore",
        &file.display().to_string(),
        "--identity",
        &owner.display().to_string(),
    ]);
    let docs = counts(original.connection()).0;
    assert!(
        restored.contains(&format!("restored {docs} documents")),
        "{restored}"
    );
    assert!(restored.contains("-T01-000"), "{restored}");
    fresh.ok(&["check"]);
    assert_eq!(
        counts(fresh.open_store().connection()),
        counts(original.connection())
    );

    // Over an existing database: refused unless --replace, which keeps the old one aside.
    let again = fresh.run(&[
        "restore",
        &file.display().to_string(),
        "--identity",
        &owner.display().to_string(),
    ]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--replace"));
    let replaced = fresh.ok(&[
        "restore",
        &file.display().to_string(),
        "--identity",
        &owner.display().to_string(),
        "--replace",
    ]);
    assert!(replaced.contains("kept as"), "{replaced}");
    fresh.ok(&["check"]);
}

fn hex_decode(text: &str, out: &mut [u8; 32]) {
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn tampered_truncated_or_foreign_backups_are_refused() {
    let (sb, owner, dir) = store_with_backups("20");
    sb.ok(&["backup", "now"]);
    let file = only_backup(&dir);
    let bytes = std::fs::read(&file).unwrap();
    let verify = |path: &Path, identity: &Path| {
        sb.run(&[
            "backup",
            "verify",
            &path.display().to_string(),
            "--identity",
            &identity.display().to_string(),
        ])
    };
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let tampered = sb.dir.path().join("tampered.age");
    std::fs::write(&tampered, &flipped).unwrap();
    let out = verify(&tampered, &owner);
    assert!(!out.status.success());
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(why.contains("damaged or cut short"), "{why}");

    let truncated = sb.dir.path().join("truncated.age");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let out = verify(&truncated, &owner);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged or cut short"));

    let stranger = sb.dir.path().join("stranger.txt");
    sb.ok(&["backup", "keygen", "--out", &stranger.display().to_string()]);
    let out = verify(&file, &stranger);
    assert!(!out.status.success());
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(why.contains("not a backup this identity can open"), "{why}");
    // Nothing was left behind by the failures.
    assert_eq!(only_backup(&dir), file);
}

#[test]
fn a_missing_or_unset_destination_is_reported_and_logged_not_a_crash() {
    let (sb, _owner, dir) = store_with_backups("5");
    std::fs::remove_dir(&dir).unwrap();
    let out = sb.run(&["backup", "now"]);
    assert!(!out.status.success());
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(why.contains("plug in the USB stick"), "{why}");
    let listed = sb.ok(&["backup", "list"]);
    assert!(listed.contains("FAILED"), "{listed}");
}

/// The number of documents `caja backup verify` says a backup holds.
fn documents_in(verified: &str) -> i64 {
    verified
        .split(" documents")
        .next()
        .and_then(|before| before.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no document count in: {verified}"))
}

#[test]
fn a_backup_taken_while_another_process_sells_is_consistent() {
    use crate::support::wait_for;
    use std::io::BufRead;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;
    let (sb, owner, dir) = store_with_backups("0");
    let mut seller = sb
        .cmd(&["debug", "sell-loop", "--count", "100000"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The seller prints a line for each sale once it is committed: count them.
    let sold = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sold);
    let lines = std::io::BufReader::new(seller.stdout.take().unwrap());
    std::thread::spawn(move || {
        for _ in lines.lines().map_while(Result::ok) {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    let sold_more_than = |n: usize| {
        wait_for(
            &format!("the seller committing more than {n} sales"),
            Duration::from_secs(60),
            Duration::from_millis(10),
            || (sold.load(Ordering::SeqCst) > n).then_some(()),
        )
    };
    sold_more_than(0);
    let mut documents = Vec::new();
    for _ in 0..3 {
        sb.ok(&["backup", "now"]);
        let sold_before = sold.load(Ordering::SeqCst);
        // Retention keeps the newest of the day: check each one as it is made.
        let file = only_backup(&dir);
        let out = sb.ok(&[
            "backup",
            "verify",
            &file.display().to_string(),
            "--identity",
            &owner.display().to_string(),
        ]);
        assert!(out.contains("intact"), "{out}");
        documents.push(documents_in(&out));
        // Before the next one: a sale committed after this backup, and a later second (a
        // backup is named by the second it was taken in).
        sold_more_than(sold_before);
        let (_, taken, _) = caja::backup::list(&dir, "T01").unwrap().pop().unwrap();
        wait_for(
            "the clock passing the second of the last backup",
            Duration::from_secs(5),
            Duration::from_millis(20),
            || (chrono::Utc::now().timestamp() > taken.timestamp()).then_some(()),
        );
    }
    seller.kill().unwrap();
    seller.wait().unwrap();
    // The seller committed throughout: each backup holds more sales than the one before.
    assert!(
        documents.windows(2).all(|w| w[0] < w[1]),
        "documents in the three backups: {documents:?}"
    );
}

#[test]
fn retention_with_an_injected_clock_keeps_days_weeks_and_months() {
    use caja::backup::run::run_once;
    let (sb, _owner, dir) = store_with_backups("3");
    let env_settings = {
        let config = caja::config::Config::load(&sb.config_file()).unwrap();
        let mut s = config.resolve().unwrap();
        s.backup_keep = caja::backup::schedule::Keep {
            daily: 3,
            weekly: 2,
            monthly: 2,
        };
        s
    };
    let store = sb.open_store();
    let start = chrono::DateTime::parse_from_rfc3339("2026-09-01T10:00:00Z")
        .unwrap()
        .to_utc();
    // Twice a day for 70 days.
    for i in 0..140 {
        let now = start + chrono::Duration::hours(12 * i);
        run_once(&store, &env_settings.backup_plan(), "interval", now).unwrap();
    }
    let left: Vec<String> = caja::backup::list(&dir, "T01")
        .unwrap()
        .iter()
        .map(|(_, at, _)| at.format("%Y-%m-%d %H").to_string())
        .collect();
    // The newest, the 3 last days, 2 weeks, 2 months: overlapping, at most 7 files.
    assert!(left.len() <= 7 && left.len() >= 4, "{left:?}");
    let newest = (start + chrono::Duration::hours(12 * 139))
        .format("%Y-%m-%d %H")
        .to_string();
    assert_eq!(left.last(), Some(&newest));
    for day in ["2026-11-09", "2026-11-08", "2026-11-07"] {
        assert!(left.iter().any(|t| t.starts_with(day)), "{day}: {left:?}");
    }
    assert!(left.iter().any(|t| t.starts_with("2026-10")), "{left:?}");
    let log = store.backups(200).unwrap();
    assert_eq!(log.len(), 140);
    assert!(log.iter().all(|r| r.error.is_none()));
    assert_eq!(
        store.last_good_backup().unwrap().as_deref(),
        Some("2026-11-09T22:00:00Z")
    );
}

#[test]
fn a_failing_migration_puts_the_database_back_and_says_so() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "5"]);
    let mut raw = [0u8; 32];
    hex_decode(
        std::fs::read_to_string(sb.key_file()).unwrap().trim(),
        &mut raw,
    );
    let key = DbKey::from_bytes(raw);
    let db = sb.db_file();
    let before = counts(sb.open_store().connection());
    let current = caja::store::schema::SCHEMA_VERSION;
    let mut migrations = caja::store::schema::MIGRATIONS.to_vec();
    migrations.push("CREATE TABLE half_done(a); INSERT INTO no_such_table VALUES (1);");
    let err = Store::open_migrating(&db, &key, &migrations)
        .err()
        .expect("the broken migration fails");
    let text = err.to_string();
    assert!(text.contains("put back as it was before"), "{text}");
    let snapshot = db.with_file_name(format!("caja.db.pre-migration-v{current}"));
    assert!(snapshot.exists(), "no snapshot at {}", snapshot.display());
    let store = Store::open(&db, &key).unwrap();
    assert_eq!(
        caja::store::schema::version(store.connection()).unwrap(),
        current
    );
    assert_eq!(counts(store.connection()), before);
    assert!(
        store
            .connection()
            .prepare("SELECT * FROM half_done")
            .is_err()
    );
    drop(store);
    sb.ok(&["check"]);
    // A migration that works also leaves the snapshot it took beside the database.
    std::fs::remove_file(&snapshot).unwrap();
    migrations.pop();
    migrations.push("CREATE TABLE extra(a);");
    let store = Store::open_migrating(&db, &key, &migrations).unwrap();
    assert_eq!(
        caja::store::schema::version(store.connection()).unwrap(),
        current + 1
    );
    drop(store);
    assert!(snapshot.exists());
    // The next upgrade keeps only its own snapshot: older ones (whole copies) are removed.
    migrations.push("CREATE TABLE extra2(a);");
    let store = Store::open_migrating(&db, &key, &migrations).unwrap();
    assert_eq!(
        caja::store::schema::version(store.connection()).unwrap(),
        current + 2
    );
    let newest = db.with_file_name(format!("caja.db.pre-migration-v{}", current + 1));
    assert!(newest.exists(), "no snapshot at {}", newest.display());
    assert!(!snapshot.exists(), "{} was kept", snapshot.display());
    // The kept snapshot is a whole database at the version before.
    drop(store);
    let back = Store::open_migrating(&newest, &key, &migrations[..migrations.len() - 1]).unwrap();
    assert_eq!(
        caja::store::schema::version(back.connection()).unwrap(),
        current + 1
    );
    assert_eq!(counts(back.connection()), before);
}

#[test]
fn the_till_backs_up_after_a_z_report_and_at_a_clean_exit() {
    use caja::app::command::Command as TillCommand;
    use caja::app::workers::backup::BackupService;
    use eframe::egui;
    use egui_kittest::kittest::Queryable;
    let (sb, _owner, dir) = store_with_backups("0");
    let settings = caja::config::Config::load(&sb.config_file())
        .unwrap()
        .resolve()
        .unwrap();
    let service = std::sync::Arc::new(BackupService::start(
        sb.data_dir(),
        sb.key_file(),
        settings.backup_plan(),
    ));
    let ui = caja::ui::TillUi::new(sb.demo_till_with(settings), true)
        .with_backups(std::sync::Arc::clone(&service));
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(
            |ui, state: &mut caja::ui::TillUi<caja::app::ManualClock>| state.ui(ui),
            ui,
        );
    h.event(egui::Event::Text("9999".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    // The demo store may already have the shift open; either way one is open after this.
    let _ = h.state_mut().run(TillCommand::OpenShift {
        float: caja::till::money::Money::new(10_000, caja::till::money::Currency::Eur),
    });
    assert!(h.state_mut().run(TillCommand::BeginCloseShift));
    assert!(h.state_mut().run(TillCommand::CloseShift {
        counted: caja::till::money::Money::new(10_000, caja::till::money::Currency::Eur),
    }));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while caja::backup::list(&dir, "T01").unwrap().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "no backup after the Z report"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    h.run();
    h.get_by_label("• Copia");
    assert!(service.status().last_good.is_some());
    // The manager's shift screen says when the last good backup was made.
    h.key_press(egui::Key::F10);
    h.run();
    assert!(
        h.query_by_label_contains("Copias: última copia: hace menos de 1 h")
            .is_some(),
        "the shift screen does not show the backup"
    );
    assert_eq!(service.status().last_error, None);
    service.finish();
    let reasons: Vec<String> = sb
        .open_store()
        .backups(10)
        .unwrap()
        .into_iter()
        .map(|r| r.reason)
        .collect();
    assert_eq!(reasons, ["exit", "z_report"]);
}

#[test]
fn a_full_destination_is_reported_and_leaves_no_partial_file() {
    if !crate::support::is_root() {
        crate::support::skip("a full destination needs a small tmpfs, and mounting one needs root");
        return;
    }
    let (sb, _owner, dir) = store_with_backups("50");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=48k", "tmpfs"])
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        crate::support::skip(
            "mount refused a small tmpfs here (no CAP_SYS_ADMIN in this container?)",
        );
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(dir.clone());
    let out = sb.run(&["backup", "now"]);
    assert!(!out.status.success());
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(why.contains("is full"), "{why}");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "a partial file was left: {left:?}");
    // The store is untouched and still sells.
    sb.ok(&["debug", "sell-loop", "--count", "3"]);
    sb.ok(&["check"]);
}
