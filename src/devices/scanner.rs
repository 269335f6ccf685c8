//! Serial barcode scanners (RS-232 and USB-CDC `/dev/ttyACM*`), 8N1 at the configured baud.
//! A reader thread frames codes by their suffix and hands them to the till, where they land in
//! the cart exactly like a keyboard scan. An unplugged scanner is noticed (read error or end of
//! file), shown, and reopened every half second until it is back — no restart.

use super::fault::DeviceFault;
use super::uri::{DeviceUri, Suffix};
use std::io::{ErrorKind, Read};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often a missing scanner is looked for again.
pub const REOPEN_EVERY: Duration = Duration::from_millis(500);
/// Longest code accepted; longer runs without a suffix are noise and are dropped.
pub const MAX_CODE: usize = 64;

/// What the status bar shows about the scanner.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScannerStatus {
    pub connected: bool,
    pub last_error: Option<DeviceFault>,
    pub scans: u64,
}

/// A code read from the scanner, with when its last byte arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SerialScan {
    pub code: String,
    pub at: Instant,
}

/// Frames bytes into codes.
#[derive(Debug, Default)]
pub struct Framer {
    suffix: Option<Suffix>,
    buf: Vec<u8>,
    pending_cr: bool,
    /// Too many bytes without a suffix: everything up to the next suffix is dropped.
    overflow: bool,
}

impl Framer {
    pub fn new(suffix: Option<Suffix>) -> Framer {
        Framer {
            suffix,
            ..Framer::default()
        }
    }

    /// Feeds bytes; returns the codes they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        for &b in bytes {
            let end = match (self.suffix, b) {
                (None | Some(Suffix::Cr), b'\r') => true,
                (None | Some(Suffix::Lf), b'\n') => true,
                (Some(Suffix::CrLf), b'\r') => {
                    self.pending_cr = true;
                    false
                }
                (Some(Suffix::CrLf), b'\n') => std::mem::take(&mut self.pending_cr),
                _ => {
                    self.pending_cr = false;
                    if self.buf.len() < MAX_CODE {
                        self.buf.push(b);
                    } else {
                        self.buf.clear();
                        self.overflow = true;
                    }
                    false
                }
            };
            if end {
                let code = String::from_utf8_lossy(&self.buf).trim().to_string();
                self.buf.clear();
                if std::mem::take(&mut self.overflow) {
                    continue;
                }
                if !code.is_empty() {
                    out.push(code);
                }
            }
        }
        out
    }
}

/// A source of scans besides the keyboard: the serial scanner, or a fake in tests.
pub trait ScanSource {
    /// The next code read, if any (never blocks).
    fn try_recv(&self) -> Option<SerialScan>;
    fn status(&self) -> ScannerStatus;
    /// Called (from the reader) whenever a code arrives, e.g. to repaint the screen.
    fn set_waker(&self, _wake: Box<dyn Fn() + Send>) {}
}

/// Scans handed in by a test, always connected. Clones share the queue, so a test keeps one
/// to `push` codes after handing the other to the till.
#[derive(Clone, Debug, Default)]
pub struct FakeScanner {
    codes: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<String>>>,
}

impl FakeScanner {
    pub fn push(&self, code: impl Into<String>) {
        self.codes.borrow_mut().push_back(code.into());
    }
}

impl ScanSource for FakeScanner {
    fn try_recv(&self) -> Option<SerialScan> {
        self.codes.borrow_mut().pop_front().map(|code| SerialScan {
            code,
            at: Instant::now(),
        })
    }

    fn status(&self) -> ScannerStatus {
        ScannerStatus {
            connected: true,
            ..ScannerStatus::default()
        }
    }
}

/// What the reader calls when a code arrives (e.g. to repaint the screen).
pub type Waker = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

fn set(status: &Mutex<ScannerStatus>, f: impl FnOnce(&mut ScannerStatus)) {
    if let Ok(mut s) = status.lock() {
        f(&mut s);
    }
}

/// Reads the scanner at `uri` until the receiving side is gone: opens the port (again after an
/// unplug), frames codes and sends each, keeping `status` up to date. Blocks: the thread that
/// runs it belongs to the app.
pub fn read_forever(
    uri: &DeviceUri,
    tx: &Sender<SerialScan>,
    status: &Mutex<ScannerStatus>,
    waker: &Mutex<Option<Box<dyn Fn() + Send>>>,
) {
    let DeviceUri::Serial { path, baud, suffix } = uri else {
        set(status, |s| {
            s.last_error = Some(DeviceFault::NotSerial {
                uri: uri.to_string(),
            })
        });
        return;
    };
    let wake = || {
        if let Ok(w) = waker.lock()
            && let Some(w) = w.as_ref()
        {
            w();
        }
    };
    loop {
        let port = serialport::new(path.to_string_lossy(), *baud)
            .timeout(Duration::from_millis(200))
            .open_native();
        let mut port = match port {
            Ok(p) => p,
            Err(e) => {
                set(status, |s| {
                    s.connected = false;
                    s.last_error = Some(DeviceFault::not_opened(uri, &e));
                });
                wake();
                std::thread::sleep(REOPEN_EVERY);
                continue;
            }
        };
        set(status, |s| {
            s.connected = true;
            s.last_error = None;
        });
        wake();
        let mut framer = Framer::new(*suffix);
        let mut buf = [0u8; 256];
        loop {
            match port.read(&mut buf) {
                Ok(0) => {
                    set(status, |s| {
                        s.connected = false;
                        s.last_error = Some(DeviceFault::Unplugged {
                            uri: uri.to_string(),
                        });
                    });
                    break;
                }
                Ok(n) => {
                    let at = Instant::now();
                    for code in framer.push(&buf[..n]) {
                        set(status, |s| s.scans += 1);
                        if tx.send(SerialScan { code, at }).is_err() {
                            return; // the till is gone
                        }
                        wake();
                    }
                }
                Err(e) if e.kind() == ErrorKind::TimedOut || e.kind() == ErrorKind::Interrupted => {
                }
                Err(e) => {
                    set(status, |s| {
                        s.connected = false;
                        s.last_error = Some(DeviceFault::failed(uri, &e));
                    });
                    break;
                }
            }
        }
        wake();
        std::thread::sleep(REOPEN_EVERY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_framed_by_any_or_the_configured_suffix() {
        let mut any = Framer::new(None);
        assert_eq!(
            any.push(b"8437000000150\r\n4006381333931\n"),
            vec!["8437000000150", "4006381333931"]
        );
        assert_eq!(any.push(b"123"), Vec::<String>::new());
        assert_eq!(any.push(b"45\r"), vec!["12345"]);
        let mut crlf = Framer::new(Some(Suffix::CrLf));
        assert_eq!(crlf.push(b"12\r"), Vec::<String>::new());
        assert_eq!(crlf.push(b"\n34\r\n"), vec!["12", "34"]);
        let mut noise = Framer::new(Some(Suffix::Cr));
        assert!(noise.push(&[b'9'; 200]).is_empty());
        assert!(
            noise.push(b"\r").is_empty(),
            "an over-long run is dropped whole"
        );
        assert_eq!(noise.push(b"77\r"), vec!["77"]);
    }
}
