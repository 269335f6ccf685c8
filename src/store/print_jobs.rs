//! The persistent print queue. Jobs are added after the sale has committed (a sale never waits
//! for a printer) and leave the queue only once the printer took every byte.

use super::{Store, StoreError};
use rusqlite::params;
use serde::Serialize;

/// A queued print job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrintJob {
    pub id: i64,
    pub kind: String,
    pub document_id: Option<i64>,
    pub created_at: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

impl Store {
    pub fn enqueue_print(
        &self,
        terminal: &str,
        kind: &str,
        document_id: Option<i64>,
        at: &str,
        bytes: &[u8],
    ) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO print_jobs(terminal, kind, document_id, created_at, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![terminal, kind, document_id, at, bytes],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Jobs not yet printed (queued or failed), oldest first.
    pub fn pending_prints(&self, terminal: &str) -> Result<Vec<PrintJob>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, document_id, created_at, bytes, state, attempts, last_error
             FROM print_jobs WHERE terminal = ?1 AND state != 'printed' ORDER BY id",
        )?;
        let jobs = stmt
            .query_map([terminal], |r| {
                Ok(PrintJob {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    document_id: r.get(2)?,
                    created_at: r.get(3)?,
                    bytes: r.get(4)?,
                    state: r.get(5)?,
                    attempts: r.get(6)?,
                    last_error: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(jobs)
    }

    pub fn mark_printed(&self, id: i64, at: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE print_jobs SET state = 'printed', printed_at = ?2, attempts = attempts + 1,
             last_error = NULL WHERE id = ?1",
            params![id, at],
        )?;
        Ok(())
    }

    pub fn mark_print_failed(&self, id: i64, error: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE print_jobs SET state = 'failed', attempts = attempts + 1, last_error = ?2
             WHERE id = ?1",
            params![id, error],
        )?;
        Ok(())
    }
}
