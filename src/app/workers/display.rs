//! The customer display's writer thread: a slow 9600-baud display never holds up the till,
//! and only the newest screenful is written.

use super::{DeviceError, writer};
use crate::devices::display::{DisplayPort, message_bytes, write_forever};
use crate::devices::uri::DeviceUri;
use std::sync::mpsc::Sender;

/// A running display.
pub struct CustomerDisplay {
    send: Sender<Vec<u8>>,
    error: DeviceError,
}

impl CustomerDisplay {
    /// Starts the writer thread for the display at `uri` (`serial:` or `file:`).
    pub fn start(uri: DeviceUri) -> CustomerDisplay {
        let (send, error) = writer("display", move |recv, error| {
            write_forever(&uri, &recv, &error)
        });
        CustomerDisplay { send, error }
    }
}

impl DisplayPort for CustomerDisplay {
    fn show(&self, line1: &str, line2: &str) {
        let _ = self.send.send(message_bytes(line1, line2));
    }

    fn error(&self) -> Option<crate::devices::fault::DeviceFault> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}
