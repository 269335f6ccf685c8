//! The customer display's writer thread: a slow 9600-baud display never holds up the till,
//! and only the newest screenful is written.

use crate::devices::display::{DisplayPort, message_bytes, write_forever};
use crate::devices::uri::DeviceUri;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};

/// A running display.
pub struct CustomerDisplay {
    send: Sender<Vec<u8>>,
    error: Arc<Mutex<Option<String>>>,
}

impl CustomerDisplay {
    /// Starts the writer thread for the display at `uri` (`serial:` or `file:`).
    pub fn start(uri: DeviceUri) -> CustomerDisplay {
        let (send, recv) = mpsc::channel::<Vec<u8>>();
        let error = Arc::new(Mutex::new(None));
        let shared = Arc::clone(&error);
        let spawned = std::thread::Builder::new()
            .name("caja-display".into())
            .spawn(move || write_forever(&uri, &recv, &shared));
        if let Err(e) = spawned
            && let Ok(mut s) = error.lock()
        {
            *s = Some(format!("cannot start the display writer: {e}"));
        }
        CustomerDisplay { send, error }
    }
}

impl DisplayPort for CustomerDisplay {
    fn show(&self, line1: &str, line2: &str) {
        let _ = self.send.send(message_bytes(line1, line2));
    }

    fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}
