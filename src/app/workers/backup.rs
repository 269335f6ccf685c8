//! The backup thread: runs `backup::run_once` every `backup.every_hours`, when asked (after a Z
//! report) and at a clean exit, and checkpoints the WAL meanwhile (the selling connection
//! leaves that to it). A problem is logged and shown, never a crash and never in the way of a
//! sale: the thread has its own connection and background CPU priority.

use crate::backup::run::{Plan, run_once};
use crate::backup::schedule::due;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
    pub fn start(data_dir: PathBuf, key_file: PathBuf, plan: Plan) -> BackupService {
        let (send, recv) = mpsc::channel::<Request>();
        let status = Arc::new(Mutex::new(BackupStatus {
            configured: plan.configured(),
            ..BackupStatus::default()
        }));
        let shared = Arc::clone(&status);
        let thread = std::thread::Builder::new()
            .name("caja-backup".into())
            .spawn(move || {
                // Backups and checkpoints give way to sales for the CPU.
                super::background_priority();
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
                let configured = plan.dir.is_some();
                let run = |reason: &'static str| {
                    if let Ok(mut s) = shared.lock() {
                        s.running = true;
                    }
                    let now = Utc::now();
                    let result = run_once(&store, &plan, reason, now);
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
                            if configured && due(last, Utc::now(), plan.every_hours).is_some() {
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
