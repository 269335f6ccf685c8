//! Backups as the till runs them: one pass (`run_once`: back up, prune, log), and a thread that
//! does it every `backup.every_hours`, when asked (after a Z report) and at a clean exit. A
//! problem is logged and shown, never a crash and never in the way of a sale: the thread has
//! its own connection.

use super::archive::{Written, create};
use super::schedule::{Keep, due, prune};
use super::{BackupError, keys, list};
use crate::config::TillSettings;
use crate::store::Store;
use crate::store::backups::BackupRecord;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Backs up `store` now (reason: manual, interval, z_report, exit), prunes old backups by
/// `backup.keep_*`, and logs the attempt in the store.
pub fn run_once(
    store: &Store,
    settings: &TillSettings,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Written, BackupError> {
    let started = std::time::Instant::now();
    let result = (|| -> Result<Written, BackupError> {
        let dir = settings.backup_dir.clone().ok_or_else(|| {
            BackupError::Refused(
                "no backup destination: caja config set backup.dir /media/usb/caja".into(),
            )
        })?;
        let recipients =
            keys::parse_recipients(&settings.backup_recipients).map_err(BackupError::Refused)?;
        let written = create(
            store,
            &settings.store_name,
            &settings.terminal,
            &recipients,
            &dir,
            now,
        )?;
        prune_dir(&dir, &settings.terminal, now, settings.backup_keep)?;
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

/// What the status bar shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackupStatus {
    pub last_good: Option<DateTime<Utc>>,
    /// The last attempt's error, if it failed.
    pub last_error: Option<String>,
    pub running: bool,
    /// Backups are configured (a destination and recipients).
    pub configured: bool,
}

/// How often the backup thread checkpoints the WAL (and looks whether a backup is due).
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(5);

enum Request {
    Now(&'static str),
    Exit,
}

/// The running backup thread.
pub struct BackupService {
    send: Sender<Request>,
    status: Arc<Mutex<BackupStatus>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.to_utc())
}

impl BackupService {
    /// Starts the thread over its own connection to the store.
    pub fn start(data_dir: PathBuf, key_file: PathBuf, settings: TillSettings) -> BackupService {
        let (send, recv) = mpsc::channel::<Request>();
        let status = Arc::new(Mutex::new(BackupStatus {
            configured: settings.backup_dir.is_some() && !settings.backup_recipients.is_empty(),
            ..BackupStatus::default()
        }));
        let shared = Arc::clone(&status);
        let thread = std::thread::Builder::new()
            .name("caja-backup".into())
            .spawn(move || {
                // Backups and checkpoints give way to sales for the CPU.
                crate::sandbox::sys::background_priority();
                let Some(store) = Store::open_in_or_report(&data_dir, &key_file, |e| {
                    if let Ok(mut s) = shared.lock() {
                        s.last_error = Some(e);
                    }
                }) else {
                    return;
                };
                let history = store.backups(1).ok().and_then(|b| b.into_iter().next());
                if let Ok(mut s) = shared.lock() {
                    s.last_good = store
                        .last_good_backup()
                        .ok()
                        .flatten()
                        .and_then(|t| parse_time(&t));
                    s.last_error = history.and_then(|h| h.error);
                }
                let configured = settings.backup_dir.is_some();
                let run = |reason: &'static str| {
                    if let Ok(mut s) = shared.lock() {
                        s.running = true;
                    }
                    let now = Utc::now();
                    let result = run_once(&store, &settings, reason, now);
                    if let Ok(mut s) = shared.lock() {
                        s.running = false;
                        match result {
                            Ok(_) => {
                                s.last_good = Some(now);
                                s.last_error = None;
                            }
                            Err(e) => {
                                tracing::warn!("backup ({reason}) failed: {e}");
                                s.last_error = Some(e.to_string());
                            }
                        }
                    }
                };
                loop {
                    // The till's connection leaves WAL checkpoints to this thread.
                    if let Err(e) = store.checkpoint() {
                        tracing::warn!("WAL checkpoint: {e}");
                    }
                    match recv.recv_timeout(CHECKPOINT_EVERY) {
                        Ok(Request::Now(reason)) => run(reason),
                        Ok(Request::Exit) => {
                            if configured {
                                run("exit");
                            }
                            return;
                        }
                        Err(RecvTimeoutError::Timeout) => {
                            let last = shared.lock().ok().and_then(|s| s.last_good);
                            if configured
                                && due(last, Utc::now(), settings.backup_every_hours).is_some()
                            {
                                run("interval");
                            }
                        }
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .map_err(|e| tracing::error!("cannot start the backup thread: {e}"))
            .ok();
        BackupService {
            send,
            status,
            thread: Mutex::new(thread),
        }
    }

    /// Asks for a backup now (after a Z report, or from the manager's screen).
    pub fn request(&self, reason: &'static str) {
        let _ = self.send.send(Request::Now(reason));
    }

    pub fn status(&self) -> BackupStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The clean-exit backup: asks for it and waits until it is done.
    pub fn finish(&self) {
        let _ = self.send.send(Request::Exit);
        if let Some(handle) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = handle.join();
        }
    }
}
