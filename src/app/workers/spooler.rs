//! The print spooler as the till sees it: the outbox worker of the print topic on the
//! terminal's printer, with what the status bar shows (jobs waiting, why, the printer's own
//! status). A sale never waits for paper, a cable or the network: its receipt is a message in
//! the outbox, printed by this worker's thread.

use crate::app::outbox::print::{PrintTopic, PrinterWatch};
use crate::app::outbox::{Round, Worker, run_round};
use crate::config::TillSettings;
use crate::devices::printer::{PrintFailure, PrinterPort, UriPrinter};
use crate::devices::status::PrinterStatus;
use crate::devices::uri::DeviceUri;
use crate::store::{Store, StoreError};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

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
    /// Why the last job did not print, typed (the screen says it in the cashier's language).
    pub failure: Option<PrintFailure>,
}

/// The running spooler.
pub struct Spooler {
    worker: Worker,
    watch: Arc<Mutex<PrinterWatch>>,
}

impl Spooler {
    /// Starts printing this till's print messages on `printer`, over its own store connection.
    pub fn start(
        data_dir: PathBuf,
        key_file: PathBuf,
        settings: TillSettings,
        printer: DeviceUri,
    ) -> Spooler {
        let check_status = settings.printer_profile.status;
        let port = UriPrinter {
            uri: printer,
            check_status,
        };
        let topic = PrintTopic::new(port, settings, check_status);
        let watch = topic.watch();
        let worker = Worker::start(data_dir, key_file, Box::new(topic));
        Spooler { worker, watch }
    }

    /// Asks the spooler to look at the queue now.
    pub fn wake(&self) {
        self.worker.wake();
    }

    pub fn status(&self) -> SpoolStatus {
        let w = self.worker.status();
        let watch = self.watch.lock().map(|p| p.clone()).unwrap_or_default();
        SpoolStatus {
            pending: w.waiting,
            last_error: w.stopped.or(w.last_error),
            printed: w.delivered,
            printer: watch.status,
            failure: watch.failure,
        }
    }
}

/// Prints what is waiting on `port` now, in one pass on the caller's thread (the command line,
/// tests): in order, stopping at the first failure, which stays queued with its reason.
pub fn print_pending_on<P: PrinterPort + Send>(
    store: &Store,
    settings: &TillSettings,
    port: P,
    check_status: bool,
) -> Result<(Round, P), StoreError> {
    // Asked for now: what waits is tried at once, whatever its retry time (parked jobs stay).
    store.outbox_due_now(crate::app::outbox::print::TOPIC)?;
    let mut topic = PrintTopic::new(port, settings.clone(), check_status);
    let mut jitter = rand::random::<f64>;
    let round = run_round(store, &mut topic, chrono::Utc::now(), &mut jitter)?;
    Ok((round, topic.into_port()))
}

/// `print_pending_on` the printer at `printer`, asking its status first when `check_status`.
pub fn print_pending(
    store: &Store,
    settings: &TillSettings,
    printer: &DeviceUri,
    check_status: bool,
) -> Result<Round, StoreError> {
    let port = UriPrinter {
        uri: printer.clone(),
        check_status,
    };
    print_pending_on(store, settings, port, check_status).map(|(round, _)| round)
}
