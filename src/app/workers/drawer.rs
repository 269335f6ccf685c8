//! A cash drawer on its own serial port: a writer thread sends the pulse, so opening the
//! drawer never holds up the till.

use super::{DeviceError, writer};
use crate::devices::drawer::{DrawerPort, pulse_forever};
use crate::devices::uri::DeviceUri;
use std::sync::mpsc::Sender;

/// A drawer interface on a serial port, driven by a writer thread.
pub struct SerialDrawer {
    send: Sender<()>,
    error: DeviceError,
}

impl SerialDrawer {
    /// Starts the writer thread for the drawer at `uri`.
    pub fn start(uri: DeviceUri) -> SerialDrawer {
        let (send, error) = writer("drawer", move |recv, error| {
            pulse_forever(&uri, &recv, &error)
        });
        SerialDrawer { send, error }
    }
}

impl DrawerPort for SerialDrawer {
    fn open(&self) {
        if self.send.send(()).is_err()
            && let Ok(mut s) = self.error.lock()
        {
            *s = Some(crate::devices::fault::DeviceFault::NoThread(
                "the drawer writer has stopped".into(),
            ));
        }
    }

    fn error(&self) -> Option<crate::devices::fault::DeviceFault> {
        self.error.lock().ok().and_then(|s| s.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawer_that_cannot_be_reached_says_why() {
        let d = SerialDrawer::start("serial:/dev/caja-no-such-port".parse().unwrap());
        d.open();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while d.error().is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let e = d.error().unwrap().to_string();
        assert!(e.contains("/dev/caja-no-such-port"), "{e}");
    }
}
