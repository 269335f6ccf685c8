//! The cash drawer. Most drawers hang off the receipt printer's kick-out port and open with the
//! printer profile's pulse (`ESC p`), sent with the receipt or as its own queued job. A drawer on
//! its own serial port (a drawer interface box) takes the same `ESC p` pulse; a writer thread
//! sends it, so opening never holds up the till. Where the drawer is wired is configuration:
//! `devices.drawer = printer | none | serial:/dev/ttyUSB1?baud=9600`.

use super::fault::DeviceFault;
use super::transport::send;
use super::uri::DeviceUri;
use std::sync::Mutex;
use std::sync::mpsc::Receiver;

/// The pulse a serial drawer interface opens on: `ESC p 0 25 250` (pin 2, 50 ms on, 500 ms off).
pub const SERIAL_PULSE: [u8; 5] = [0x1B, b'p', 0, 25, 250];

/// Where the drawer is wired.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DrawerWiring {
    /// To the receipt printer's kick-out port (the usual case).
    #[default]
    Printer,
    /// To its own serial port.
    Serial(DeviceUri),
    /// No drawer (card-only shops, or a drawer opened by key).
    None,
}

/// What is wrong with a `devices.drawer` value.
#[derive(Debug, thiserror::Error)]
#[error(
    "«{0}» is not a drawer: use `printer` (drawer on the printer's kick-out port), `none`, or a \
     serial address such as serial:/dev/ttyUSB1?baud=9600"
)]
pub struct BadDrawer(pub String);

impl std::str::FromStr for DrawerWiring {
    type Err = BadDrawer;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "" | "printer" => Ok(DrawerWiring::Printer),
            "none" => Ok(DrawerWiring::None),
            other => match other.parse::<DeviceUri>() {
                Ok(uri @ DeviceUri::Serial { .. }) => Ok(DrawerWiring::Serial(uri)),
                _ => Err(BadDrawer(other.into())),
            },
        }
    }
}

impl std::fmt::Display for DrawerWiring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DrawerWiring::Printer => f.write_str("printer"),
            DrawerWiring::None => f.write_str("none"),
            DrawerWiring::Serial(uri) => write!(f, "{uri}"),
        }
    }
}

/// A drawer on its own port, or a fake in tests.
pub trait DrawerPort {
    /// Opens the drawer (returns at once).
    fn open(&self);
    /// Why the last opening failed, if it did.
    fn error(&self) -> Option<DeviceFault> {
        None
    }
}

/// Counts openings, for tests (shared, so it can be read after the fake went into the till).
#[derive(Clone, Debug, Default)]
pub struct FakeDrawer {
    pub opened: std::rc::Rc<std::cell::Cell<u32>>,
}

impl DrawerPort for FakeDrawer {
    fn open(&self) {
        self.opened.set(self.opened.get() + 1);
    }
}

/// Sends a pulse to the drawer at `uri` for each request on `recv` (requests that piled up
/// while the port was slow open it once); `error` says why the last one failed. Blocks: the
/// thread that runs it belongs to the app.
pub fn pulse_forever(uri: &DeviceUri, recv: &Receiver<()>, error: &Mutex<Option<DeviceFault>>) {
    while recv.recv().is_ok() {
        // Requests that piled up while the port was slow open the drawer once.
        while recv.try_recv().is_ok() {}
        let result = send(uri, &SERIAL_PULSE).map_err(DeviceFault::from);
        if let Err(e) = &result {
            tracing::warn!("drawer did not open: {e}");
        }
        if let Ok(mut s) = error.lock() {
            *s = result.err();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiring_parses_and_prints_back() {
        for text in ["printer", "none", "serial:/dev/ttyUSB1?baud=9600"] {
            let w: DrawerWiring = text.parse().unwrap();
            assert_eq!(w.to_string(), text);
        }
        assert_eq!("".parse::<DrawerWiring>().unwrap(), DrawerWiring::Printer);
        for bad in [
            "tcp://10.0.0.5:9100",
            "usb:/dev/usb/lp0",
            "drawer",
            "serial:",
        ] {
            let e = bad.parse::<DrawerWiring>().unwrap_err().to_string();
            assert!(e.contains("is not a drawer"), "{bad}: {e}");
        }
    }
}
