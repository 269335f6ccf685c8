//! Backups: an online snapshot of the live encrypted database (SQLite's backup API, one step,
//! so sales go on meanwhile), checked, then streamed through age to the owner's X25519
//! recipients into one file. The till holds only public recipients; the owner's identity
//! (private key) stays off the till, so even the till that wrote a backup cannot read it.
//!
//! The file is age-encrypted; inside is a tar archive:
//! - `manifest.json` — store, terminal, schema version, time, sales count and range (`Manifest`);
//! - `db.key` — the database key, so the owner's identity alone restores it on a new machine;
//! - `caja.db` — the snapshot, still SQLCipher-encrypted with that key.
//!
//! No plaintext copy ever touches a disk: the snapshot is written encrypted (SQLCipher) and
//! leaves only as age ciphertext. The manifest is inside the age payload: authenticated by it,
//! and a backup reveals nothing (not even its store's name) without the identity.

pub mod archive;
pub mod keys;
pub mod run;
pub mod schedule;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The archive layout version.
pub const FORMAT: u32 = 1;

/// What a backup holds, inside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    /// The Caja version that wrote it.
    pub caja: String,
    pub store: String,
    pub terminal: String,
    pub schema_version: i64,
    /// When the snapshot was taken (RFC 3339).
    pub created_at: String,
    /// Sales and returns in it.
    pub documents: i64,
    pub first_number: Option<String>,
    pub last_number: Option<String>,
    pub first_at: Option<String>,
    pub last_at: Option<String>,
    /// The size and SHA-256 of `caja.db` as archived.
    pub db_bytes: u64,
    pub db_sha256: String,
}

/// What went wrong with a backup or a restore, said so a technician knows what to do.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "the backup destination {0} is missing; plug in the USB stick or mount the share, or set backup.dir"
    )]
    NoDestination(PathBuf),
    #[error(
        "the backup destination {dir} is full; free space there (nothing was lost: the partial file was removed)"
    )]
    DiskFull { dir: PathBuf },
    #[error(
        "no backup recipients are set: caja backup keygen on the owner's computer, then caja config set backup.recipients age1…"
    )]
    NoRecipients,
    #[error("the snapshot failed its integrity check: {0}")]
    Integrity(String),
    #[error("{file} is not a backup this identity can open: {reason}")]
    Decrypt { file: PathBuf, reason: String },
    #[error("{file} is damaged or cut short ({reason}); use another backup")]
    Damaged { file: PathBuf, reason: String },
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
}

impl BackupError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> BackupError {
        if matches!(
            source.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        ) {
            return BackupError::DiskFull {
                dir: path.parent().unwrap_or(path).to_path_buf(),
            };
        }
        BackupError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The backup file name for `terminal` at `at` (UTC): sorts by time.
pub fn file_name(terminal: &str, at: chrono::DateTime<chrono::Utc>) -> String {
    format!("caja-{terminal}-{}.age", at.format("%Y%m%dT%H%M%SZ"))
}

/// The time in a backup file name of `terminal`, if it is one.
pub fn time_of(terminal: &str, name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let stamp = name
        .strip_prefix(&format!("caja-{terminal}-"))?
        .strip_suffix(".age")?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc())
}

/// The backups of `terminal` in `dir`, oldest first.
pub fn list(
    dir: &Path,
    terminal: &str,
) -> Result<Vec<(PathBuf, chrono::DateTime<chrono::Utc>, u64)>, BackupError> {
    if !dir.is_dir() {
        return Err(BackupError::NoDestination(dir.to_path_buf()));
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| BackupError::io(dir, e))? {
        let entry = entry.map_err(|e| BackupError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(at) = time_of(terminal, &name) {
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            out.push((entry.path(), at, size));
        }
    }
    out.sort_by_key(|(_, at, _)| *at);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_time_and_sort_by_it() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T03:04:05Z")
            .unwrap()
            .to_utc();
        let name = file_name("T01", at);
        assert_eq!(name, "caja-T01-20261129T030405Z.age");
        assert_eq!(time_of("T01", &name), Some(at));
        assert_eq!(time_of("T02", &name), None);
        assert_eq!(time_of("T01", "caja-T01-garbage.age"), None);
    }
}
