//! Printer status through real-time requests (`DLE EOT n`), where the transport can answer
//! (network and USB printers; not files): offline, cover open, paper out or near its end, and
//! the drawer sensor. Checked before each job, so a job waits with the reason on screen instead
//! of vanishing into a printer without paper.

use super::transport::TIMEOUT;
use super::uri::DeviceUri;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// What the printer reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrinterStatus {
    pub offline: bool,
    pub cover_open: bool,
    pub paper_out: bool,
    pub paper_near_end: bool,
    /// The drawer sensor (pin 3) reads open.
    pub drawer_open: bool,
}

impl PrinterStatus {
    /// Why a job cannot print now, if it cannot.
    pub fn blocking_reason(&self) -> Option<&'static str> {
        if self.paper_out {
            Some("the printer is out of paper; load a roll")
        } else if self.cover_open {
            Some("the printer cover is open; close it")
        } else if self.offline {
            Some("the printer is offline; check it")
        } else {
            None
        }
    }
}

/// A status byte has bit 1 and bit 4 set and bits 0 and 7 clear.
fn valid(b: u8) -> bool {
    b & 0b1001_0011 == 0b0001_0010
}

/// Builds the status from the answers to `DLE EOT 1`, `2` and `4`.
pub fn from_replies(printer: u8, offline_cause: u8, paper: u8) -> Option<PrinterStatus> {
    if !(valid(printer) && valid(offline_cause) && valid(paper)) {
        return None;
    }
    Some(PrinterStatus {
        offline: printer & 0x08 != 0,
        drawer_open: printer & 0x04 == 0,
        cover_open: offline_cause & 0x04 != 0,
        paper_out: paper & 0x60 != 0 || offline_cause & 0x20 != 0,
        paper_near_end: paper & 0x0C != 0,
    })
}

/// Asks the printer for its status. `Ok(None)`: this transport cannot answer (a file).
pub fn query(uri: &DeviceUri) -> Result<Option<PrinterStatus>, String> {
    match uri {
        DeviceUri::Tcp { host, port } => {
            let addr = crate::lookup::Lookup::default()
                .resolve(host, *port)
                .map_err(|e| e.to_string())?
                .into_iter()
                .next()
                .ok_or("the host name has no address")?;
            let mut s = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| e.to_string())?;
            s.set_read_timeout(Some(Duration::from_millis(800)))
                .map_err(|e| e.to_string())?;
            ask(&mut s)
        }
        DeviceUri::Usb(path) => {
            let mut f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .map_err(|e| e.to_string())?;
            ask(&mut f)
        }
        DeviceUri::File(_) | DeviceUri::Serial { .. } => Ok(None),
    }
}

fn ask(port: &mut (impl Read + Write)) -> Result<Option<PrinterStatus>, String> {
    let mut replies = [0u8; 3];
    for (i, n) in [1u8, 2, 4].into_iter().enumerate() {
        port.write_all(&[0x10, 0x04, n])
            .map_err(|e| e.to_string())?;
        port.flush().map_err(|e| e.to_string())?;
        let mut b = [0u8; 1];
        match port.read(&mut b) {
            Ok(1) => replies[i] = b[0],
            // No answer: a printer without status support. Print anyway.
            _ => return Ok(None),
        }
    }
    Ok(from_replies(replies[0], replies[1], replies[2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_bytes_decode_and_garbage_is_ignored() {
        let ok = from_replies(0x16, 0x12, 0x12).unwrap();
        assert_eq!(ok.blocking_reason(), None);
        assert!(!ok.drawer_open);
        let no_paper = from_replies(0x1E, 0x32, 0x72).unwrap();
        assert!(no_paper.paper_out && no_paper.offline);
        assert_eq!(
            no_paper.blocking_reason(),
            Some("the printer is out of paper; load a roll")
        );
        let cover = from_replies(0x1E, 0x16, 0x12).unwrap();
        assert!(cover.cover_open && !cover.paper_out);
        assert!(from_replies(0xFF, 0x12, 0x12).is_none());
        let near = from_replies(0x12, 0x12, 0x1E).unwrap();
        assert!(near.drawer_open && near.paper_near_end && near.blocking_reason().is_none());
    }
}
