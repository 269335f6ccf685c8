//! One backup pass as the till and `caja backup now` run it: back up, prune by the retention
//! rule, and log the attempt in the store (the status bar reads that log). The thread that runs
//! it on a schedule lives with the app (`app/workers/backup.rs`).

use super::archive::{Written, create};
use super::schedule::{Keep, prune};
use super::{BackupError, keys, list};
use crate::store::Store;
use crate::store::backups::BackupRecord;
use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// Where and to whom this till backs up, and what it keeps (from `backup.*` and the store's
/// identity in the configuration).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub store_name: String,
    pub terminal: String,
    /// `backup.dir`, if set.
    pub dir: Option<PathBuf>,
    /// `age1…` recipients, as configured (validated).
    pub recipients: String,
    pub every_hours: u32,
    pub keep: Keep,
}

impl Plan {
    /// A destination and recipients are both set.
    pub fn configured(&self) -> bool {
        self.dir.is_some() && !self.recipients.is_empty()
    }
}

/// Backs up `store` now (reason: manual, interval, z_report, exit), prunes old backups by
/// `backup.keep_*`, and logs the attempt in the store.
pub fn run_once(
    store: &Store,
    plan: &Plan,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Written, BackupError> {
    let started = std::time::Instant::now();
    let result = (|| -> Result<Written, BackupError> {
        let dir = plan.dir.clone().ok_or_else(|| {
            BackupError::Refused(
                "no backup destination: caja config set backup.dir /media/usb/caja".into(),
            )
        })?;
        let recipients = keys::parse_recipients(&plan.recipients).map_err(BackupError::Refused)?;
        let written = create(
            store,
            &plan.store_name,
            &plan.terminal,
            &recipients,
            &dir,
            now,
        )?;
        prune_dir(&dir, &plan.terminal, now, plan.keep)?;
        Ok(written)
    })();
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let record = match &result {
        Ok(w) => BackupRecord {
            at,
            reason: reason.into(),
            file: Some(w.path.display().to_string()),
            bytes: i64::try_from(w.bytes).ok(),
            documents: Some(w.manifest.documents),
            seconds: Some(started.elapsed().as_secs_f64()),
            error: None,
        },
        Err(e) => BackupRecord {
            at,
            reason: reason.into(),
            file: None,
            bytes: None,
            documents: None,
            seconds: Some(started.elapsed().as_secs_f64()),
            error: Some(e.to_string()),
        },
    };
    if let Err(e) = store.record_backup(&record) {
        tracing::error!("backup not logged: {e}");
    }
    result
}

/// Deletes the backups of `terminal` in `dir` that `keep` does not keep.
pub fn prune_dir(
    dir: &std::path::Path,
    terminal: &str,
    now: DateTime<Utc>,
    keep: Keep,
) -> Result<Vec<PathBuf>, BackupError> {
    let files = list(dir, terminal)?;
    let times: Vec<DateTime<Utc>> = files.iter().map(|(_, t, _)| *t).collect();
    let mut gone = Vec::new();
    for i in prune(&times, now, keep) {
        let path = &files[i].0;
        std::fs::remove_file(path).map_err(|e| BackupError::io(path, e))?;
        gone.push(path.clone());
    }
    Ok(gone)
}
