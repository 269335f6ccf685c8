//! The open-printer trait the spooler prints through, its real implementation over a device
//! address, and a scripted fake for unit tests (its real-transport twins are the file, TCP and
//! vanishing-printer tests in `tests/it/printing.rs`).

use super::status::{PrinterStatus, query};
use super::transport::{TransportError, send};
use super::uri::DeviceUri;
use std::collections::VecDeque;

/// Why a print job did not print, typed so the screen can say it in the cashier's language
/// (its `Display` is the English for logs and the command line).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PrintFailure {
    /// The printer says it cannot print now (paper out, cover open, offline).
    #[error("{}", .0.blocking_reason().unwrap_or("the printer cannot print now"))]
    Blocked(PrinterStatus),
    /// The device cannot be opened: unplugged, off, or a wrong address.
    #[error("cannot open {uri}: {detail}; check the cable / power and the device address")]
    CannotOpen { uri: String, detail: String },
    /// The job was cut off part way.
    #[error("writing to {uri} failed after {sent} of {total} bytes: {detail}")]
    WriteFailed {
        uri: String,
        sent: usize,
        total: usize,
        detail: String,
    },
    /// The job itself could not be made or sent (its words).
    #[error("{0}")]
    Job(String),
}

impl From<TransportError> for PrintFailure {
    fn from(e: TransportError) -> PrintFailure {
        match e {
            TransportError::Open { uri, source } => PrintFailure::CannotOpen {
                uri,
                detail: source.to_string(),
            },
            TransportError::Write {
                uri,
                sent,
                total,
                source,
            } => PrintFailure::WriteFailed {
                uri,
                sent,
                total,
                detail: source.to_string(),
            },
        }
    }
}

/// An open printer: takes whole jobs, and may report its status.
pub trait PrinterPort {
    fn name(&self) -> String;
    /// Sends one whole job.
    fn send(&mut self, job: &[u8]) -> Result<(), PrintFailure>;
    /// Real-time status, for printers that answer; `None` when unknown (the default).
    fn status(&mut self) -> Option<PrinterStatus> {
        None
    }
}

/// The printer at a device address; a new connection per job.
pub struct UriPrinter {
    pub uri: DeviceUri,
    /// Ask `DLE EOT` before jobs (the profile says the model answers).
    pub check_status: bool,
}

impl PrinterPort for UriPrinter {
    fn name(&self) -> String {
        self.uri.to_string()
    }

    fn send(&mut self, job: &[u8]) -> Result<(), PrintFailure> {
        send(&self.uri, job).map_err(PrintFailure::from)
    }

    fn status(&mut self) -> Option<PrinterStatus> {
        if self.check_status {
            query(&self.uri).ok().flatten()
        } else {
            None
        }
    }
}

/// One call a `FakePrinter` expects, with what it answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    Status(Option<PrinterStatus>),
    Send(Result<(), PrintFailure>),
}

/// A scripted printer: every call must be the next one in the script, or it panics; calls left
/// over when it is dropped panic too. Jobs it accepted are kept in `printed`.
#[derive(Debug, Default)]
pub struct FakePrinter {
    script: VecDeque<Expect>,
    pub printed: Vec<Vec<u8>>,
}

impl FakePrinter {
    pub fn new(script: impl IntoIterator<Item = Expect>) -> FakePrinter {
        FakePrinter {
            script: script.into_iter().collect(),
            printed: Vec::new(),
        }
    }
}

impl PrinterPort for FakePrinter {
    fn name(&self) -> String {
        "fake printer".into()
    }

    fn send(&mut self, job: &[u8]) -> Result<(), PrintFailure> {
        match self.script.pop_front() {
            Some(Expect::Send(answer)) => {
                if answer.is_ok() {
                    self.printed.push(job.to_vec());
                }
                answer
            }
            other => panic!("fake printer: unexpected send, expected {other:?}"),
        }
    }

    fn status(&mut self) -> Option<PrinterStatus> {
        match self.script.pop_front() {
            Some(Expect::Status(s)) => s,
            other => panic!("fake printer: unexpected status request, expected {other:?}"),
        }
    }
}

impl Drop for FakePrinter {
    fn drop(&mut self) {
        if !std::thread::panicking() && !self.script.is_empty() {
            panic!("fake printer: calls never made: {:?}", self.script);
        }
    }
}
