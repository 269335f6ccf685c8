//! The log of backups made from this store (the files themselves live in `backup.dir`).

use super::{Store, StoreError};
use rusqlite::{OptionalExtension, params};

/// One backup attempt.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BackupRecord {
    pub at: String,
    pub reason: String,
    pub file: Option<String>,
    pub bytes: Option<i64>,
    pub documents: Option<i64>,
    pub seconds: Option<f64>,
    pub error: Option<String>,
}

impl Store {
    /// This connection no longer checkpoints the WAL when it commits: a long checkpoint (after
    /// a backup held the WAL open) must never land on a sale. Another connection checkpoints
    /// instead (`checkpoint`), as the till's backup thread does every few seconds.
    pub fn checkpoint_in_background(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
        Ok(())
    }

    /// Moves committed pages from the WAL into the database without waiting for anyone
    /// (`PASSIVE`): readers and the writer go on.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub fn record_backup(&self, r: &BackupRecord) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO backups(at, reason, file, bytes, documents, seconds, error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                r.at,
                r.reason,
                r.file,
                r.bytes,
                r.documents,
                r.seconds,
                r.error
            ],
        )?;
        Ok(())
    }

    /// The newest attempts first.
    pub fn backups(&self, limit: i64) -> Result<Vec<BackupRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT at, reason, file, bytes, documents, seconds, error FROM backups
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok(BackupRecord {
                    at: r.get(0)?,
                    reason: r.get(1)?,
                    file: r.get(2)?,
                    bytes: r.get(3)?,
                    documents: r.get(4)?,
                    seconds: r.get(5)?,
                    error: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// When the last good backup was made.
    pub fn last_good_backup(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT at FROM backups WHERE error IS NULL ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }
}
