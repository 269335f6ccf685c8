//! Copies of the live database, encrypted with the same key: for backups and before a schema
//! migration. SQLite's backup API in one step is one consistent read; in WAL mode the sales
//! committed meanwhile by other connections are not held up.

use super::StoreError;
use super::key::{DbKey, open_keyed};
use rusqlite::Connection;
use std::path::Path;

/// Writes a consistent copy of `from` to `to` (replaced if present), encrypted with `key`.
pub(crate) fn snapshot(from: &Connection, to: &Path, key: &DbKey) -> Result<(), StoreError> {
    let _ = std::fs::remove_file(to);
    super::files::create_private_file(to).map_err(|e| StoreError::io(to, e))?;
    let mut dst = open_keyed(to, key)?;
    // A scratch copy: no journal, no syncs while it is written (a crash leaves a file that is
    // thrown away); the caller syncs what it keeps.
    dst.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    let backup = rusqlite::backup::Backup::new(from, &mut dst)?;
    // -1: every page in one step (rusqlite's run_to_completion wants a positive step).
    loop {
        match backup.step(-1)? {
            rusqlite::backup::StepResult::Done => return Ok(()),
            rusqlite::backup::StepResult::More => {}
            // Another connection holds a write lock on the destination or source for a moment.
            _ => std::thread::sleep(std::time::Duration::from_millis(5)),
        }
    }
}
