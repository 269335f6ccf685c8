//! Audit tamper test: edit or delete a row through SQL with the key → `caja audit verify` fails
//! naming the row.

use crate::support::Sandbox;

fn store_with_events() -> Sandbox {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    sb.ok(&["debug", "sell-loop", "--count", "6"]);
    // The demo's fiscal identity (legal name, NIF, regime, environment), the shift, a login
    // and 6 sales.
    assert!(sb.ok(&["audit", "verify"]).contains("intact: 12 rows"));
    sb
}

fn verify_fails_at(sb: &Sandbox, row: i64) -> String {
    let out = sb.run(&["audit", "verify"]);
    assert!(!out.status.success(), "verify must fail");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.contains(&format!("at row {row}:")), "{stderr}");
    let check = sb.run(&["check"]);
    assert!(!check.status.success(), "check must fail too");
    stderr
}

#[test]
fn editing_a_row_is_named() {
    let sb = store_with_events();
    let store = sb.open_store();
    store
        .connection()
        .execute_batch(
            "DROP TRIGGER audit_append_only_u;
             UPDATE audit_log SET detail = '{\"total\":1}' WHERE id = 4;",
        )
        .unwrap();
    drop(store);
    let msg = verify_fails_at(&sb, 4);
    assert!(msg.contains("changed"), "{msg}");
}

#[test]
fn editing_a_row_and_its_hash_is_named_at_the_next_row() {
    let sb = store_with_events();
    let store = sb.open_store();
    store
        .connection()
        .execute_batch(
            "DROP TRIGGER audit_append_only_u;
             UPDATE audit_log SET hash = 'ff' || substr(hash, 3) WHERE id = 5;",
        )
        .unwrap();
    drop(store);
    // Row 5's own hash no longer matches its contents.
    verify_fails_at(&sb, 5);
}

#[test]
fn deleting_a_row_is_named() {
    let sb = store_with_events();
    let store = sb.open_store();
    store
        .connection()
        .execute_batch(
            "DROP TRIGGER audit_append_only_d;
             DELETE FROM audit_log WHERE id = 3;",
        )
        .unwrap();
    drop(store);
    let msg = verify_fails_at(&sb, 4);
    assert!(msg.contains("missing"), "{msg}");
}

#[test]
fn renumbering_after_a_delete_is_named() {
    let sb = store_with_events();
    let store = sb.open_store();
    store
        .connection()
        .execute_batch(
            "DROP TRIGGER audit_append_only_d; DROP TRIGGER audit_append_only_u;
             DELETE FROM audit_log WHERE id = 3;
             UPDATE audit_log SET id = id - 1 WHERE id > 3;",
        )
        .unwrap();
    drop(store);
    verify_fails_at(&sb, 3);
}

#[test]
fn running_totals_that_disagree_with_documents_fail_check() {
    let sb = store_with_events();
    sb.ok(&["check"]);
    let store = sb.open_store();
    store
        .connection()
        .execute(
            "UPDATE totals SET a = a + 100 WHERE metric = 'doc:sale'",
            [],
        )
        .unwrap();
    drop(store);
    let out = sb.run(&["check"]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("report-totals"), "{text}");
}

#[test]
fn a_missing_running_total_is_named_by_check() {
    let sb = store_with_events();
    let store = sb.open_store();
    let (scope, metric): (String, String) = store
        .connection()
        .query_row(
            "SELECT scope, metric FROM totals WHERE metric LIKE 'tax:%' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    store
        .connection()
        .execute(
            "DELETE FROM totals WHERE scope = ?1 AND metric = ?2",
            [&scope, &metric],
        )
        .unwrap();
    drop(store);
    let out = sb.run(&["check"]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("report-totals") && text.contains(&format!("{scope} {metric}")),
        "{text}"
    );
}
