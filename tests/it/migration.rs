//! A store written by the previous version of Caja is brought forward whole. The fixture in
//! `tests/fixtures/v5-store/` was made by the Caja of commit 5f671de (schema 5) with
//! `tests/fixtures/make-v5-store.sh`: a demo store with a sales history, and sales from the till
//! with a file printer — two receipts printed, six waiting in the old print queue.

use crate::support::Sandbox;
use caja::store::key::{load_or_create, open_keyed};
use std::collections::HashSet;
use std::path::Path;

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/v5-store"
    ))
}

/// A copy of the fixture in a sandbox (its data dir and key file).
fn copy_fixture(sb: &Sandbox) {
    std::fs::create_dir_all(sb.data_dir()).unwrap();
    std::fs::create_dir_all(sb.key_file().parent().unwrap()).unwrap();
    std::fs::copy(fixture().join("caja.db"), sb.db_file()).unwrap();
    std::fs::copy(fixture().join("db.key"), sb.key_file()).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(sb.key_file(), std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn is_uuid(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_ok() && text.len() == 36
}

/// (documents, sum of totals, audit rows, print jobs waiting, print jobs printed), read from the
/// old schema before Caja touches it.
/// Each product's rate before schema 8 (a product then had a raw rate, now a tax class).
fn old_rates(sb: &Sandbox) -> Vec<(i64, u32)> {
    let key = load_or_create(&sb.key_file(), &sb.db_file()).unwrap();
    let conn = open_keyed(&sb.db_file(), &key).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, tax_rate_bp FROM products ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn old_counts(sb: &Sandbox) -> (i64, i64, i64, i64, i64) {
    let key = load_or_create(&sb.key_file(), &sb.db_file()).unwrap();
    let conn = open_keyed(&sb.db_file(), &key).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 5, "the fixture is a schema 5 store");
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    (
        one("SELECT count(*) FROM documents"),
        one("SELECT coalesce(sum(total), 0) FROM documents"),
        one("SELECT count(*) FROM audit_log"),
        one("SELECT count(*) FROM print_jobs WHERE state <> 'printed'"),
        one("SELECT count(*) FROM print_jobs WHERE state = 'printed'"),
    )
}

#[test]
fn a_store_written_by_the_previous_caja_is_brought_forward_whole() {
    let sb = Sandbox::new();
    copy_fixture(&sb);
    let (docs, sum, audits, waiting, printed) = old_counts(&sb);
    let rates = old_rates(&sb);
    assert!(
        docs > 10 && waiting > 0 && printed > 0,
        "a fixture worth the name"
    );

    let store = sb.open_store();
    let conn = store.connection();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        one("PRAGMA user_version"),
        caja::store::schema::SCHEMA_VERSION
    );
    assert!(
        sb.data_dir().join("caja.db.pre-migration-v5").exists(),
        "a snapshot was taken before"
    );
    assert_eq!(one("SELECT count(*) FROM documents"), docs);
    assert_eq!(one("SELECT coalesce(sum(total), 0) FROM documents"), sum);

    // Every product joined the tax class of its old rate, and sells at that rate today.
    let today = crate::support::store_today();
    assert!(!rates.is_empty());
    // The search index was built again (010, word lists without positions): the first three
    // letters of each product's first word find it.
    for (id, _) in &rates {
        let p = store.product(*id, today).unwrap().unwrap();
        let word: String = p
            .name
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .take(3)
            .collect();
        let found = store.search_products(&word, 500, today).unwrap();
        assert!(
            found.iter().any(|f| f.id == *id),
            "{word} does not find {p:?}"
        );
    }
    for (id, bp) in &rates {
        let p = store.product(*id, today).unwrap().unwrap();
        assert_eq!(p.tax_rate_bp, *bp, "{p:?}");
        let wanted = match bp {
            2100 => "general",
            1000 => "reducido",
            400 => "superreducido",
            0 => "exento",
            _ => "",
        };
        if !wanted.is_empty() {
            assert_eq!(p.tax_class, wanted);
        }
    }

    // Every document, line, stock movement and audit row has a global id; each carries its
    // store (and stock movements their terminal).
    let id = store.identity().clone();
    assert!(is_uuid(&id.uid), "{id:?}");
    assert_eq!(id.code.len(), 4);
    for (table, has_store) in [
        ("documents", true),
        ("document_lines", false),
        ("stock_movements", true),
        ("audit_log", true),
        ("outbox", false),
    ] {
        let mut stmt = conn.prepare(&format!("SELECT uid FROM {table}")).unwrap();
        let uids: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!uids.is_empty(), "{table} has rows");
        assert!(uids.iter().all(|u| is_uuid(u)), "{table}: every uid a UUID");
        let unique: HashSet<&String> = uids.iter().collect();
        assert_eq!(unique.len(), uids.len(), "{table}: uids are unique");
        if has_store {
            let other = one(&format!(
                "SELECT count(*) FROM {table} WHERE store_id IS NOT '{}'",
                id.uid
            ));
            assert_eq!(other, 0, "{table}: every row carries its store");
        }
    }
    assert_eq!(
        one("SELECT count(*) FROM stock_movements WHERE terminal IS NULL"),
        0
    );

    // The old print queue is in the outbox: what waited still waits, what printed is history.
    let outbox = |state: &str| {
        one(&format!(
            "SELECT count(*) FROM outbox WHERE topic = 'print' AND state = '{state}'"
        ))
    };
    assert_eq!((outbox("pending"), outbox("delivered")), (waiting, printed));
    assert_eq!(
        one("SELECT count(*) FROM sqlite_master WHERE name = 'print_jobs'"),
        0
    );

    // The audit chain of version 1 rows still verifies, and finished documents still refuse
    // to change (the migration put their triggers back).
    assert_eq!(store.verify_audit().unwrap(), Ok(audits));
    assert!(conn.execute("UPDATE documents SET total = 0", []).is_err());
    assert!(
        conn.execute("UPDATE audit_log SET detail = ''", [])
            .is_err()
    );
    let first = store.document_by_number("T01-000001").unwrap().unwrap();
    assert!(is_uuid(&first.uid));
    drop(store);

    // A new sale after the upgrade: numbered in the store's own series from 1, its audit row
    // is version 2, the chain verifies across both versions, and `caja check` is clean.
    let mut till = sb.reopen_till(crate::support::start_time());
    till.login("1111").unwrap();
    if till.shift().unwrap().is_none() {
        till.open_shift(10_000).unwrap();
    }
    till.scan(&caja::app::demo::demo_ean(1)).unwrap();
    till.pay_exact_cash().unwrap();
    let number = till.last_receipt().unwrap().to_string();
    assert_eq!(number, format!("{}-T01-000001", id.code));
    let doc = till.store().document_by_number(&number).unwrap().unwrap();
    assert_eq!(doc.store_id, id.uid);
    assert!(doc.created_at.ends_with("+01:00"), "{}", doc.created_at);
    let store = till.store();
    let v2: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM audit_log WHERE v = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(v2 >= 2, "login and sale rows are version 2");
    assert!(matches!(store.verify_audit().unwrap(), Ok(n) if n > audits));
    drop(till);
    // The old Caja made the data dir 0755 and the database 0644: check names them; the till
    // tightens them when it starts (as here), and then check is clean.
    let loose = sb.run(&["check"]);
    assert!(!loose.status.success());
    assert!(String::from_utf8_lossy(&loose.stdout).contains("file-mode"));
    let tightened = caja::store::files::tighten(&sb.data_dir()).unwrap();
    assert!(tightened.len() >= 2, "{tightened:?}");
    let check = sb.run(&["check"]);
    assert!(
        check.status.success(),
        "caja check after the upgrade: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn an_edited_version_2_audit_row_or_its_global_id_breaks_the_chain() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    let store = till.store();
    let last: i64 = store
        .connection()
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert!(store.verify_audit().unwrap().is_ok());
    let conn = store.connection();
    conn.execute_batch("DROP TRIGGER audit_append_only_u")
        .unwrap();
    conn.execute(
        "UPDATE audit_log SET uid = '00000000-0000-7000-8000-000000000000' WHERE id = ?1",
        [last],
    )
    .unwrap();
    let broken = store.verify_audit().unwrap().unwrap_err();
    assert_eq!(broken.row_id, last, "{broken:?}");
}
