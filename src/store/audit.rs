//! The append-only audit trail. Each row stores the SHA-256 of the row before it, so an edit or a
//! deletion anywhere breaks the chain at a row that `verify` names.

use super::outbox::{NewMessage, enqueue_in};
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

/// The row's global id and store, which version 2 rows' hashes cover (`None` for version 1
/// rows, written before rows had them).
type Ids<'a> = Option<(&'a str, &'a str)>;

#[allow(clippy::too_many_arguments)]
fn row_hash(
    id: i64,
    at: &str,
    terminal: &str,
    user_id: Option<i64>,
    event: &str,
    detail: &str,
    prev_hash: &str,
    ids: Ids<'_>,
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
    if let Some((uid, store_id)) = ids {
        for part in ["v2", uid, store_id] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
    }
    hex::encode(h.finalize())
}

/// Appends an event of the store `store_id` inside the caller's transaction: a version 2 row
/// with its own global id, both covered by its hash.
pub fn append(
    tx: &rusqlite::Transaction<'_>,
    e: &AuditEvent<'_>,
    store_id: &str,
) -> Result<i64, StoreError> {
    let conn: &Connection = tx;
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let uid = super::outbox::new_uid();
    let ids = Some((uid.as_str(), store_id));
    let hash = row_hash(
        id, e.at, e.terminal, e.user_id, e.event, &e.detail, &prev, ids,
    );
    conn.prepare_cached(
        "INSERT INTO audit_log(id, at, terminal, user_id, event, detail, prev_hash, hash, uid,
             store_id, v)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 2)",
    )?
    .execute(params![
        id, e.at, e.terminal, e.user_id, e.event, e.detail, prev, hash, uid, store_id
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
            "SELECT id, at, terminal, user_id, event, detail, prev_hash, hash, v, uid, store_id
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
            let version: i64 = r.get(8)?;
            let uid: Option<String> = r.get(9)?;
            let store_id: Option<String> = r.get(10)?;
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
            let ids = match (version, &uid, &store_id) {
                (1, _, _) => None,
                (2, Some(u), Some(s)) => Some((u.as_str(), s.as_str())),
                _ => {
                    return Ok(Err(AuditBreak {
                        row_id: id,
                        problem: format!("its version ({version}) or global id is not valid"),
                    }));
                }
            };
            let recomputed = row_hash(
                id, &at, &terminal, user_id, &event, &detail, &prev_hash, ids,
            );
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

    /// Appends one event on its own. The write lock is taken first (`BEGIN IMMEDIATE`), so
    /// two processes appending at once wait their turn instead of reading the same last row.
    pub fn audit(&self, e: &AuditEvent<'_>) -> Result<i64, StoreError> {
        self.audit_with(e, &[], None).map(|(id, _)| id)
    }

    /// Appends an event and the outbox messages it causes (about `document_id`, if any), in
    /// one transaction: a test print, a reprint, a drawer pulse are audited and queued
    /// together, or neither. Returns the audit row's id and the last message's.
    pub fn audit_with(
        &self,
        e: &AuditEvent<'_>,
        messages: &[NewMessage],
        document_id: Option<i64>,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let store_id = &self.identity.uid;
        let id = append(&tx, e, store_id)?;
        let mut last = None;
        for m in messages {
            last = Some(enqueue_in(&tx, m, e.terminal, document_id, e.at, store_id)?);
        }
        tx.commit()?;
        Ok((id, last))
    }
}
