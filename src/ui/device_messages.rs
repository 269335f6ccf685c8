//! What the devices say went wrong, as messages for the message files: a scanner, display or
//! drawer port's fault, the scale's refusals, and why print jobs wait (from the printer's own
//! status and the spooler's), each variant mapped to a message id in an exhaustive match.

use crate::app::workers::spooler::SpoolStatus;
use crate::devices::fault::DeviceFault;
use crate::devices::printer::PrintFailure;
use crate::devices::scale::ScaleError;
use crate::devices::status::PrinterStatus;
use crate::i18n::Message;
use crate::msg;

/// Why the scanner, the customer display or a drawer on its own port is not working.
pub fn device_fault(f: &DeviceFault) -> Message {
    match f {
        DeviceFault::NotSerial { uri } => msg!("device-not-serial", uri = uri.clone()),
        DeviceFault::NotFound { uri, detail, .. } => {
            msg!(
                "device-not-found",
                uri = uri.clone(),
                detail = detail.clone()
            )
        }
        DeviceFault::Unplugged { uri } => msg!("device-unplugged", uri = uri.clone()),
        DeviceFault::Failed { uri, detail } => {
            msg!("device-failed", uri = uri.clone(), detail = detail.clone())
        }
        DeviceFault::NoThread(detail) => msg!("device-no-thread", detail = detail.clone()),
    }
}

/// Why the scale gave no weight.
pub fn scale_message(e: &ScaleError) -> Message {
    use ScaleError::*;
    match e {
        Unstable => msg!("scale-unstable"),
        Zero => msg!("scale-zero"),
        OverCapacity => msg!("scale-over-capacity"),
        UnderZero => msg!("scale-under-zero"),
        Garbled(bytes) => msg!("scale-garbled", bytes = format!("{bytes:02X?}")),
        Unreachable { uri, why } => msg!("scale-unreachable", uri = uri.clone(), why = why.clone()),
    }
}

/// Why print jobs wait, as far as typed values tell. The spooler keeps the reason of a failed
/// transport only as text for now; `CannotOpen` and `WriteFailed` are ready for when it keeps
/// the transport error's kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrinterProblem {
    PaperOut,
    CoverOpen,
    Offline,
    /// Still prints.
    PaperNearEnd,
    CannotOpen {
        uri: String,
    },
    WriteFailed {
        uri: String,
        detail: String,
    },
    /// Only the spooler's words are known.
    Failed(String),
}

impl PrinterProblem {
    /// What the printer's status bytes say, most urgent first.
    pub fn of_status(s: &PrinterStatus) -> Option<PrinterProblem> {
        if s.paper_out {
            Some(PrinterProblem::PaperOut)
        } else if s.cover_open {
            Some(PrinterProblem::CoverOpen)
        } else if s.offline {
            Some(PrinterProblem::Offline)
        } else if s.paper_near_end {
            Some(PrinterProblem::PaperNearEnd)
        } else {
            None
        }
    }

    /// Why jobs wait: the printer's status when it blocks printing, else the typed failure
    /// of the last job, else (a worker that did not start) the spooler's words.
    pub fn from_spooler(status: &SpoolStatus, error: &str) -> PrinterProblem {
        if let Some(p) = status
            .printer
            .as_ref()
            .and_then(PrinterProblem::of_status)
            .filter(PrinterProblem::blocks)
        {
            return p;
        }
        match &status.failure {
            Some(PrintFailure::Blocked(s)) => {
                PrinterProblem::of_status(s).unwrap_or(PrinterProblem::Offline)
            }
            Some(PrintFailure::CannotOpen { uri, .. }) => {
                PrinterProblem::CannotOpen { uri: uri.clone() }
            }
            Some(PrintFailure::WriteFailed { uri, detail, .. }) => PrinterProblem::WriteFailed {
                uri: uri.clone(),
                detail: detail.clone(),
            },
            Some(PrintFailure::Job(detail)) => PrinterProblem::Failed(detail.clone()),
            None => PrinterProblem::Failed(error.to_string()),
        }
    }

    /// Whether nothing prints until it is fixed.
    pub fn blocks(&self) -> bool {
        *self != PrinterProblem::PaperNearEnd
    }

    /// The word on the status bar.
    pub fn short(&self) -> Message {
        match self {
            PrinterProblem::PaperOut => msg!("printer-short-paper-out"),
            PrinterProblem::CoverOpen => msg!("printer-short-cover-open"),
            PrinterProblem::Offline => msg!("printer-short-offline"),
            PrinterProblem::PaperNearEnd => msg!("printer-short-paper-near-end"),
            PrinterProblem::CannotOpen { .. }
            | PrinterProblem::WriteFailed { .. }
            | PrinterProblem::Failed(_) => msg!("status-printer-not-printing"),
        }
    }
}

/// Why print jobs wait, in full (the status bar's hover).
pub fn printer_message(p: &PrinterProblem) -> Message {
    match p {
        PrinterProblem::PaperOut => msg!("printer-paper-out"),
        PrinterProblem::CoverOpen => msg!("printer-cover-open"),
        PrinterProblem::Offline => msg!("printer-offline"),
        PrinterProblem::PaperNearEnd => msg!("printer-paper-near-end"),
        PrinterProblem::CannotOpen { uri } => msg!("printer-cannot-open", uri = uri.clone()),
        PrinterProblem::WriteFailed { uri, detail } => {
            msg!(
                "printer-write-failed",
                uri = uri.clone(),
                detail = detail.clone()
            )
        }
        PrinterProblem::Failed(detail) => msg!("printer-failed", detail = detail.clone()),
    }
}
