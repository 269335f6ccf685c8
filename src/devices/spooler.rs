//! The print spooler: a thread with its own database connection that sends queued jobs to the
//! printer in order. The till only adds jobs and wakes it, so a sale never waits for paper,
//! a cable or the network. A job that fails stays queued with its reason and is retried.

use super::printer::{PrinterPort, UriPrinter};
use super::status::{PrinterStatus, query};
use super::uri::DeviceUri;
use crate::store::{Store, StoreError};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often failed jobs are retried, and an idle printer's status read, when nothing wakes
/// the spooler.
pub const RETRY_EVERY: Duration = Duration::from_secs(5);

/// How often the status is read while the drawer is open or soon after a job (the drawer
/// usually opens with one), so the screen shows the drawer open and shut within a second.
pub const WATCH_EVERY: Duration = Duration::from_secs(1);

/// How long after a job the status is watched closely.
pub const WATCH_FOR: Duration = Duration::from_secs(60);

/// What the status bar shows about printing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpoolStatus {
    /// Jobs not printed yet.
    pub pending: usize,
    /// Why the last attempt failed, while jobs are still waiting.
    pub last_error: Option<String>,
    pub printed: u64,
    /// What the printer last reported (printers that answer `DLE EOT`).
    pub printer: Option<PrinterStatus>,
}

/// One pass over the queue: what was printed, and the error that stopped it, if any.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub printed: usize,
    pub left: usize,
    pub error: Option<String>,
}

/// Sends every pending job of `terminal` in order; stops at the first failure (later jobs
/// wait, so receipts never come out of order).
pub fn print_pending(
    store: &Store,
    terminal: &str,
    printer: &DeviceUri,
    now: &dyn Fn() -> String,
) -> Result<Round, StoreError> {
    print_pending_checked(store, terminal, printer, false, now)
}

/// `print_pending`, asking the printer's status first when its profile says it answers:
/// paper out, cover open or offline keep the jobs waiting with that reason.
pub fn print_pending_checked(
    store: &Store,
    terminal: &str,
    printer: &DeviceUri,
    check_status: bool,
    now: &dyn Fn() -> String,
) -> Result<Round, StoreError> {
    let mut port = UriPrinter {
        uri: printer.clone(),
        check_status,
    };
    print_pending_on(store, terminal, &mut port, now)
}

/// Sends every pending job of `terminal` to `port`, in order, after a status check.
pub fn print_pending_on(
    store: &Store,
    terminal: &str,
    port: &mut dyn PrinterPort,
    now: &dyn Fn() -> String,
) -> Result<Round, StoreError> {
    let jobs = store.pending_prints(terminal)?;
    let mut round = Round {
        left: jobs.len(),
        ..Round::default()
    };
    let Some(first) = jobs.first() else {
        return Ok(round);
    };
    if let Some(reason) = port.status().and_then(|s| s.blocking_reason()) {
        store.mark_print_failed(first.id, reason)?;
        round.error = Some(reason.to_string());
        return Ok(round);
    }
    for job in jobs {
        match port.send(&job.bytes) {
            Ok(()) => {
                store.mark_printed(job.id, &now())?;
                round.printed += 1;
                round.left -= 1;
            }
            Err(reason) => {
                tracing::warn!(job = job.id, %reason, "print job failed; it stays queued");
                store.mark_print_failed(job.id, &reason)?;
                round.error = Some(reason);
                break;
            }
        }
    }
    Ok(round)
}

/// The running spooler.
pub struct Spooler {
    status: Arc<Mutex<SpoolStatus>>,
    wake: Sender<()>,
}

impl Spooler {
    /// Starts the spooler thread over its own connection to the store.
    pub fn start(
        data_dir: PathBuf,
        key_file: PathBuf,
        terminal: String,
        printer: DeviceUri,
        check_status: bool,
    ) -> Spooler {
        let status = Arc::new(Mutex::new(SpoolStatus::default()));
        let (wake, woken) = mpsc::channel::<()>();
        let shared = Arc::clone(&status);
        std::thread::Builder::new()
            .name("caja-spooler".into())
            .spawn(move || {
                let Some(store) = Store::open_in_or_report(&data_dir, &key_file, |e| {
                    if let Ok(mut s) = shared.lock() {
                        s.last_error = Some(e);
                    }
                }) else {
                    return;
                };
                let now = crate::app::stamp_now;
                let mut watch_until = std::time::Instant::now();
                loop {
                    let round =
                        print_pending_checked(&store, &terminal, &printer, check_status, &now);
                    let printer_status = if check_status {
                        query(&printer).ok().flatten()
                    } else {
                        None
                    };
                    if matches!(&round, Ok(r) if r.printed > 0) {
                        watch_until = std::time::Instant::now() + WATCH_FOR;
                    }
                    let drawer_open = printer_status.is_some_and(|s| s.drawer_open);
                    if let Ok(mut s) = shared.lock() {
                        s.printer = printer_status;
                        match round {
                            Ok(r) => {
                                s.printed += r.printed as u64;
                                s.pending = r.left;
                                s.last_error = r.error;
                            }
                            Err(e) => s.last_error = Some(e.to_string()),
                        }
                    }
                    let watching =
                        check_status && (drawer_open || std::time::Instant::now() < watch_until);
                    let wait = if watching { WATCH_EVERY } else { RETRY_EVERY };
                    match woken.recv_timeout(wait) {
                        Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .map_or_else(
                |e| tracing::error!("cannot start the print spooler: {e}"),
                |_| (),
            );
        Spooler { status, wake }
    }

    /// Asks the spooler to look at the queue now.
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }

    pub fn status(&self) -> SpoolStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::printer::{Expect, FakePrinter};
    use crate::devices::status::PrinterStatus;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open_in(&dir.path().join("data"), &dir.path().join("key")).unwrap();
        (dir, s)
    }

    fn now() -> String {
        "2026-01-01T00:00:00.000Z".into()
    }

    #[test]
    fn jobs_print_in_order_and_a_failure_holds_the_rest_back() {
        let (_dir, s) = store();
        for job in [b"one", b"two", b"six"] {
            s.enqueue_print("T01", "test", None, &now(), job).unwrap();
        }
        let mut fake = FakePrinter::new([
            Expect::Status(None),
            Expect::Send(Ok(())),
            Expect::Send(Err("cable pulled".into())),
        ]);
        let round = print_pending_on(&s, "T01", &mut fake, &now).unwrap();
        assert_eq!((round.printed, round.left), (1, 2));
        assert_eq!(round.error.as_deref(), Some("cable pulled"));
        assert_eq!(fake.printed, vec![b"one".to_vec()]);
        let waiting = s.pending_prints("T01").unwrap();
        assert_eq!(
            waiting.iter().map(|j| j.bytes.clone()).collect::<Vec<_>>(),
            vec![b"two".to_vec(), b"six".to_vec()]
        );
        assert_eq!(waiting[0].last_error.as_deref(), Some("cable pulled"));
        let mut fake = FakePrinter::new([
            Expect::Status(None),
            Expect::Send(Ok(())),
            Expect::Send(Ok(())),
        ]);
        print_pending_on(&s, "T01", &mut fake, &now).unwrap();
        assert_eq!(fake.printed, vec![b"two".to_vec(), b"six".to_vec()]);
    }

    #[test]
    fn an_empty_queue_asks_nothing_and_a_cover_open_sends_nothing() {
        let (_dir, s) = store();
        let mut silent = FakePrinter::new([]);
        assert_eq!(
            print_pending_on(&s, "T01", &mut silent, &now).unwrap(),
            Round::default()
        );
        s.enqueue_print("T01", "test", None, &now(), b"x").unwrap();
        let cover = PrinterStatus {
            cover_open: true,
            ..PrinterStatus::default()
        };
        let mut fake = FakePrinter::new([Expect::Status(Some(cover))]);
        let round = print_pending_on(&s, "T01", &mut fake, &now).unwrap();
        assert_eq!(
            round.error.as_deref(),
            Some("the printer cover is open; close it")
        );
        assert!(fake.printed.is_empty());
    }
}
