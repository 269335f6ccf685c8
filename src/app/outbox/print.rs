//! The print topic: receipts, reports, test pages and drawer pulses, in order, on the
//! terminal's printer. A receipt message carries only its document (written in the sale's own
//! transaction) and is rendered from the immutable document when it prints; other jobs carry
//! their ESC/POS bytes. Before a round the printer's status is read where the model answers
//! (paper out, cover open, offline keep jobs waiting with that reason), and while idle it is
//! read every few seconds so the screen shows paper and drawer state.

use super::schedule::{Backoff, Failure};
use super::{Order, Topic};
use crate::app::receipts::receipt_model;
use crate::config::TillSettings;
use crate::devices::printer::{PrintFailure, PrinterPort};
use crate::devices::printout::receipt_bytes_with_logo;
use crate::devices::status::PrinterStatus;
use crate::store::Store;
use crate::store::outbox::{Message, NewMessage};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The topic's name in the outbox.
pub const TOPIC: &str = "print";

/// How often failed jobs are retried at most, and an idle printer's status read.
pub const RETRY_EVERY: Duration = Duration::from_secs(5);

/// How often the status is read while the drawer is open or soon after a job (the drawer
/// usually opens with one), so the screen shows the drawer open and shut within a second.
pub const WATCH_EVERY: Duration = Duration::from_secs(1);

/// How long after a job the status is watched closely.
pub const WATCH_FOR: Duration = Duration::from_secs(60);

/// A receipt to print: its document is the message's `document_id`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptJob {
    /// Kick the drawer on the printer's port with it (a cash sale).
    pub open_drawer: bool,
    /// A reprint, marked as a copy.
    #[serde(default)]
    pub copy: bool,
    /// The full invoice that replaced the document (a ticket), not the ticket itself.
    #[serde(default)]
    pub replacing: bool,
}

/// The message that prints a document's receipt (the document is set where it is committed).
pub fn receipt_message(terminal: &str, job: ReceiptJob) -> NewMessage {
    NewMessage {
        topic: TOPIC,
        lane: terminal.to_string(),
        kind: "receipt".into(),
        payload: serde_json::to_vec(&job).unwrap_or_default(),
    }
}

/// The message that prints ready-made ESC/POS bytes (`kind`: report, test, drawer).
pub fn bytes_message(terminal: &str, kind: &str, bytes: Vec<u8>) -> NewMessage {
    NewMessage {
        topic: TOPIC,
        lane: terminal.to_string(),
        kind: kind.into(),
        payload: bytes,
    }
}

/// What the printer last said, and why the last job did not print (until one does), for the
/// screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrinterWatch {
    pub status: Option<PrinterStatus>,
    pub failure: Option<PrintFailure>,
}

/// Print jobs to one printer.
pub struct PrintTopic<P> {
    port: P,
    settings: TillSettings,
    check_status: bool,
    watch: Arc<Mutex<PrinterWatch>>,
    watch_until: Instant,
}

impl<P: PrinterPort> PrintTopic<P> {
    /// Prints through `port`; asks its status first when `check_status` (the profile says the
    /// model answers `DLE EOT`).
    pub fn new(port: P, settings: TillSettings, check_status: bool) -> PrintTopic<P> {
        PrintTopic {
            port,
            settings,
            check_status,
            watch: Arc::new(Mutex::new(PrinterWatch::default())),
            watch_until: Instant::now(),
        }
    }

    /// Gives the printer back (tests read what a fake printed).
    pub fn into_port(self) -> P {
        self.port
    }

    /// The printer's last status, shared with the screen.
    pub fn watch(&self) -> Arc<Mutex<PrinterWatch>> {
        Arc::clone(&self.watch)
    }

    /// Why the last job did not print (`None` once one did).
    fn record(&self, failure: Option<PrintFailure>) {
        if let Ok(mut w) = self.watch.lock() {
            w.failure = failure;
        }
    }

    fn read_status(&mut self) -> Option<PrinterStatus> {
        let status = if self.check_status {
            self.port.status()
        } else {
            None
        };
        if let Ok(mut w) = self.watch.lock() {
            w.status = status;
        }
        status
    }

    /// The bytes a message prints.
    pub fn render(&self, store: &Store, message: &Message) -> Result<Vec<u8>, Failure> {
        if message.kind != "receipt" {
            return Ok(message.payload.clone());
        }
        let job: ReceiptJob = serde_json::from_slice(&message.payload)
            .map_err(|e| Failure::permanent(format!("receipt job not readable: {e}")))?;
        let id = message
            .document_id
            .ok_or_else(|| Failure::permanent("a receipt job without its document"))?;
        let document = store
            .document(id)
            .map_err(|e| Failure::transient(e.to_string()))?
            .ok_or_else(|| Failure::permanent(format!("document #{id} is not in the store")))?;
        // The identity as it is now (the back office may have changed it since the start).
        let mut settings = self.settings.clone();
        settings.profile = store
            .profile()
            .map_err(|e| Failure::transient(e.to_string()))?;
        let mut receipt = if job.replacing {
            crate::app::receipts::replacing_receipt_model(store, &settings, &document)
        } else {
            receipt_model(store, &settings, &document)
        }
        .map_err(|e| Failure::transient(e.to_string()))?;
        receipt.copy = job.copy;
        let s = &self.settings;
        receipt_bytes_with_logo(
            &receipt,
            &s.printer_profile,
            job.open_drawer,
            s.logo.as_ref(),
        )
        .map_err(|e| Failure::permanent(e.to_string()))
    }
}

impl<P: PrinterPort + Send> Topic for PrintTopic<P> {
    fn name(&self) -> &'static str {
        TOPIC
    }

    fn order(&self) -> Order {
        Order::Ordered
    }

    fn lane(&self) -> Option<&str> {
        Some(&self.settings.terminal)
    }

    fn backoff(&self) -> Backoff {
        Backoff {
            base: chrono::Duration::seconds(1),
            max: chrono::Duration::from_std(RETRY_EVERY).unwrap_or(chrono::Duration::seconds(5)),
            park_after: None,
        }
    }

    fn begin_round(&mut self) -> Result<(), Failure> {
        match self.read_status() {
            Some(s) if s.blocking_reason().is_some() => {
                let failure = PrintFailure::Blocked(s);
                let reason = failure.to_string();
                self.record(Some(failure));
                Err(Failure::transient(reason))
            }
            _ => Ok(()),
        }
    }

    fn deliver(&mut self, store: &Store, message: &Message) -> Result<(), Failure> {
        let bytes = self.render(store, message).inspect_err(|f| {
            self.record(Some(PrintFailure::Job(f.reason.clone())));
        })?;
        match self.port.send(&bytes) {
            Ok(()) => {
                self.record(None);
                Ok(())
            }
            Err(e) => {
                let reason = e.to_string();
                self.record(Some(e));
                Err(Failure::transient(reason))
            }
        }
    }

    fn idle(&mut self, delivered: bool) -> Duration {
        if !self.check_status {
            return RETRY_EVERY;
        }
        if delivered {
            self.watch_until = Instant::now() + WATCH_FOR;
        }
        let drawer_open = self.read_status().is_some_and(|s| s.drawer_open);
        if drawer_open || Instant::now() < self.watch_until {
            WATCH_EVERY
        } else {
            RETRY_EVERY
        }
    }
}
