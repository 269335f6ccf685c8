//! Why a serial device — the scanner, the customer display, a drawer on its own port — is not
//! working, typed so the screen can say it in the cashier's language (`ui/messages.rs`); its
//! `Display` is the English for logs and the command line.

use super::transport::TransportError;

/// What went wrong with a device.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeviceFault {
    /// The configured address is not a serial port.
    #[error("{uri} is not a serial address (serial:/dev/…)")]
    NotSerial { uri: String },
    /// The port cannot be opened: unplugged, or another node after a replug; `denied` when
    /// the system refused it (confined, a replugged device is a node the policy does not name).
    #[error("{uri} not found ({detail}); check the cable")]
    NotFound {
        uri: String,
        detail: String,
        denied: bool,
    },
    /// It was there and went away.
    #[error("{uri} was unplugged")]
    Unplugged { uri: String },
    /// Reading or writing failed part way.
    #[error("{uri} stopped: {detail}")]
    Failed { uri: String, detail: String },
    /// The thread that drives it could not start or has stopped.
    #[error("the device's thread is not running: {0}")]
    NoThread(String),
}

impl DeviceFault {
    /// A port that did not open, from the serial library's error.
    pub fn not_opened(uri: &impl std::fmt::Display, e: &serialport::Error) -> DeviceFault {
        let denied = matches!(
            e.kind,
            serialport::ErrorKind::Io(std::io::ErrorKind::PermissionDenied)
        );
        DeviceFault::NotFound {
            uri: uri.to_string(),
            detail: e.to_string(),
            denied,
        }
    }

    /// A file or port that did not open, from the I/O error.
    pub fn not_opened_io(uri: &impl std::fmt::Display, e: &std::io::Error) -> DeviceFault {
        DeviceFault::NotFound {
            uri: uri.to_string(),
            detail: e.to_string(),
            denied: e.kind() == std::io::ErrorKind::PermissionDenied,
        }
    }

    pub fn failed(uri: &impl std::fmt::Display, e: &impl std::fmt::Display) -> DeviceFault {
        DeviceFault::Failed {
            uri: uri.to_string(),
            detail: e.to_string(),
        }
    }
}

impl From<TransportError> for DeviceFault {
    fn from(e: TransportError) -> DeviceFault {
        match e {
            TransportError::Open { uri, source } => DeviceFault::not_opened_io(&uri, &source),
            TransportError::Write { uri, source, .. } => DeviceFault::failed(&uri, &source),
        }
    }
}
