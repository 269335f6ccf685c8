//! Versioned migrations over SQLite's `user_version`: each step runs once, in order, in its own
//! transaction. A database from a newer Caja is refused rather than guessed at.

use super::StoreError;
use rusqlite::Connection;

/// The migrations, oldest first. Never edit one that has shipped; add a new one.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_favourites.sql"),
    include_str!("migrations/003_print_jobs.sql"),
    include_str!("migrations/004_backups.sql"),
    include_str!("migrations/005_lean_sale_commit.sql"),
    include_str!("migrations/006_outbox.sql"),
    include_str!("migrations/007_global_ids.sql"),
    include_str!("migrations/008_back_office.sql"),
    include_str!("migrations/009_catalog_order.sql"),
    include_str!("migrations/010_search_rowids_only.sql"),
    include_str!("migrations/011_net_content.sql"),
    include_str!("migrations/012_fiscal_records.sql"),
    include_str!("migrations/013_training.sql"),
    include_str!("migrations/014_fiscal_sending.sql"),
    include_str!("migrations/015_customers.sql"),
    include_str!("migrations/016_fiscal_reconcile.sql"),
    include_str!("migrations/017_replacement_invoices.sql"),
    include_str!("migrations/018_recargo.sql"),
    include_str!("migrations/019_stock.sql"),
    include_str!("migrations/020_reports.sql"),
    include_str!("migrations/021_tax_book_sums.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version of an open database.
pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database up to `SCHEMA_VERSION`.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_with(conn, MIGRATIONS)
}

/// Brings the database up through `migrations` (all of `MIGRATIONS`, or more in a test).
pub fn migrate_with(conn: &mut Connection, migrations: &[&str]) -> Result<(), StoreError> {
    let current = version(conn)?;
    let supported = migrations.len() as i64;
    if current > supported {
        return Err(StoreError::SchemaTooNew {
            found: current,
            supported,
        });
    }
    for (index, sql) in migrations.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        // The write lock first: a second process opening the store at the same moment waits,
        // then finds the migration done and skips it.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if now >= version {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(version, "applied database migration");
    }
    Ok(())
}
