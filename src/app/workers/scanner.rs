//! The serial scanner's reader thread: `devices::scanner::read_forever` on a thread of its own,
//! its codes handed to the till through a channel (the `ScanSource` the screen polls).

use crate::devices::scanner::{ScanSource, ScannerStatus, SerialScan, Waker, read_forever};
use crate::devices::uri::DeviceUri;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running serial scanner.
pub struct SerialScanner {
    codes: Receiver<SerialScan>,
    status: Arc<Mutex<ScannerStatus>>,
    waker: Waker,
}

impl SerialScanner {
    /// Starts reading the scanner at `uri` (must be `serial:`).
    pub fn start(uri: DeviceUri) -> SerialScanner {
        let (tx, codes) = mpsc::channel();
        let status = Arc::new(Mutex::new(ScannerStatus::default()));
        let waker: Waker = Arc::new(Mutex::new(None));
        let (shared, wake) = (Arc::clone(&status), Arc::clone(&waker));
        let spawned = std::thread::Builder::new()
            .name("caja-scanner".into())
            .spawn(move || read_forever(&uri, &tx, &shared, &wake));
        if let Err(e) = spawned
            && let Ok(mut s) = status.lock()
        {
            s.last_error = Some(crate::devices::fault::DeviceFault::NoThread(format!(
                "cannot start the scanner reader: {e}"
            )));
        }
        SerialScanner {
            codes,
            status,
            waker,
        }
    }

    /// Waits up to `timeout` for the next code.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<SerialScan> {
        self.codes.recv_timeout(timeout).ok()
    }

    pub fn status(&self) -> ScannerStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl ScanSource for SerialScanner {
    fn try_recv(&self) -> Option<SerialScan> {
        self.codes.try_recv().ok()
    }

    fn status(&self) -> ScannerStatus {
        SerialScanner::status(self)
    }

    fn set_waker(&self, wake: Box<dyn Fn() + Send>) {
        if let Ok(mut w) = self.waker.lock() {
            *w = Some(wake);
        }
    }
}
