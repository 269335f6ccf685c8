//! The append-only audit trail. Each row stores the SHA-256 of the row before it, so an edit or a
//! deletion anywhere breaks the chain at a row that `verify` names.

use super::{Store, StoreError};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// The hash the first row points back to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A security-relevant event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent<'a> {
    pub at: &'a str,
    pub terminal: &'a str,
    pub user_id: Option<i64>,
    pub event: &'a str,
    /// JSON with the event's details; never a PIN, key or card number.
    pub detail: String,
}

fn row_hash(
    id: i64,
    at: &str,
    terminal: &str,
    user_id: Option<i64>,
    event: &str,
    detail: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [
        id.to_string().as_str(),
        at,
        terminal,
        &user_id.map(|u| u.to_string()).unwrap_or_default(),
        event,
        detail,
        prev_hash,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Appends an event inside the caller's transaction (or on its own).
pub fn append(conn: &Connection, e: &AuditEvent<'_>) -> Result<i64, StoreError> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let hash = row_hash(id, e.at, e.terminal, e.user_id, e.event, &e.detail, &prev);
    conn.prepare_cached(
        "INSERT INTO audit_log(id, at, terminal, user_id, event, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id, e.at, e.terminal, e.user_id, e.event, e.detail, prev, hash
    ])?;
    Ok(id)
}

/// The first problem found in the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditBreak {
    /// The row at which the chain breaks (the row after a deleted one, or the edited row).
    pub row_id: i64,
    pub problem: String,
}

/// One row as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub terminal: String,
    pub user_id: Option<i64>,
    pub event: String,
    pub detail: String,
}

impl Store {
    /// Checks the whole chain; `Ok(n)` with the number of rows when it is intact.
    pub fn verify_audit(&self) -> Result<Result<i64, AuditBreak>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, terminal, user_id, event, detail, prev_hash, hash
             FROM audit_log ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut expected_id = 1i64;
        let mut prev = GENESIS.to_string();
        let mut count = 0i64;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let at: String = r.get(1)?;
            let terminal: String = r.get(2)?;
            let user_id: Option<i64> = r.get(3)?;
            let event: String = r.get(4)?;
            let detail: String = r.get(5)?;
            let prev_hash: String = r.get(6)?;
            let hash: String = r.get(7)?;
            if id != expected_id {
                return Ok(Err(AuditBreak {
                    row_id: id,
                    problem: format!("rows {expected_id}..{} are missing (deleted)", id - 1),
                }));
            }
            if prev_hash != prev {
                return Ok(Err(AuditBreak {
                    row_id: id,
                    problem: "does not chain to the row before it (a row was deleted or edited)"
                        .into(),
                }));
            }
            let recomputed = row_hash(id, &at, &terminal, user_id, &event, &detail, &prev_hash);
            if recomputed != hash {
                return Ok(Err(AuditBreak {
                    row_id: id,
                    problem: "its contents were changed after it was written".into(),
                }));
            }
            prev = hash;
            expected_id += 1;
            count += 1;
        }
        Ok(Ok(count))
    }

    /// The newest `limit` events, newest first.
    pub fn audit_tail(&self, limit: i64) -> Result<Vec<AuditRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, terminal, user_id, event, detail FROM audit_log
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok(AuditRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    terminal: r.get(2)?,
                    user_id: r.get(3)?,
                    event: r.get(4)?,
                    detail: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Appends one event on its own.
    pub fn audit(&self, e: &AuditEvent<'_>) -> Result<i64, StoreError> {
        append(&self.conn, e)
    }
}
