//! Customer pole display, 2 lines × 20 characters, ESC/POS-compatible command set (Epson DM-D
//! style): `ESC @` once, then per message `FF` (clear), line 1, `US $ 1 2` (cursor to line 2),
//! line 2. A writer thread owns the serial port, so a slow 9600-baud display never holds up the
//! till; only the newest message matters, older ones still queued are skipped.

use super::codepage::{encode_text, printable};
use super::fault::DeviceFault;
use super::uri::DeviceUri;
use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// Characters per line.
pub const COLUMNS: usize = 20;

/// Two lines, each cut or padded to 20 characters.
pub fn fit(line: &str) -> String {
    let cut: String = printable(line).chars().take(COLUMNS).collect();
    format!("{cut:<COLUMNS$}")
}

/// `left` and `right` on one 20-character line.
pub fn spread(left: &str, right: &str) -> String {
    let right: String = right.chars().take(COLUMNS).collect();
    let room = COLUMNS.saturating_sub(right.chars().count() + 1);
    let left: String = left.chars().take(room).collect();
    let pad = COLUMNS - left.chars().count() - right.chars().count();
    format!("{left}{}{right}", " ".repeat(pad))
}

/// The bytes that show two lines.
pub fn message_bytes(line1: &str, line2: &str) -> Vec<u8> {
    let mut out = vec![0x0C];
    out.extend(encode_text(&fit(line1)));
    out.extend([0x1F, b'$', 1, 2]);
    out.extend(encode_text(&fit(line2)));
    out
}

/// Sent once when the display is opened: initialise and select PC858.
pub const INIT: [u8; 5] = [0x1B, b'@', 0x1B, b't', 19];

/// Reads display bytes back into its two lines (for tests and previews).
pub fn screen_after(bytes: &[u8]) -> [String; 2] {
    let mut lines = [String::new(), String::new()];
    let mut row = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x0C => {
                lines = [String::new(), String::new()];
                row = 0;
                i += 1;
            }
            0x1B => {
                i += if bytes.get(i + 1) == Some(&b't') {
                    3
                } else {
                    2
                }
            }
            0x1F if bytes.get(i + 1) == Some(&b'$') => {
                row = usize::from(bytes.get(i + 3).copied().unwrap_or(1).clamp(1, 2)) - 1;
                i += 4;
            }
            b => {
                lines[row].push(super::codepage::decode_byte(b));
                i += 1;
            }
        }
    }
    lines
}

/// Where customer-facing lines go: the pole display, or a fake in tests.
pub trait DisplayPort {
    /// Shows two lines (returns at once).
    fn show(&self, line1: &str, line2: &str);
    /// Why the display is not showing, if it is not.
    fn error(&self) -> Option<DeviceFault> {
        None
    }
}

/// Keeps every screenful shown, for tests to read (shared, so it can be read after the fake
/// was handed to the till).
#[derive(Clone, Debug, Default)]
pub struct FakeDisplay {
    pub shown: std::rc::Rc<std::cell::RefCell<Vec<[String; 2]>>>,
}

impl DisplayPort for FakeDisplay {
    fn show(&self, line1: &str, line2: &str) {
        self.shown.borrow_mut().push([fit(line1), fit(line2)]);
    }
}

/// Writes each message from `recv` to the display at `uri` (only the newest of those waiting),
/// reopening the port after an unplug; `error` says why it is not showing. Blocks: the thread
/// that runs it belongs to the app.
pub fn write_forever(
    uri: &DeviceUri,
    recv: &Receiver<Vec<u8>>,
    error: &Mutex<Option<DeviceFault>>,
) {
    let set = |e: Option<DeviceFault>| {
        if let Ok(mut s) = error.lock() {
            *s = e;
        }
    };
    let mut port: Option<Box<dyn Write + Send>> = None;
    while let Ok(mut message) = recv.recv() {
        // Only the newest message matters.
        while let Ok(newer) = recv.try_recv() {
            message = newer;
        }
        for _attempt in 0..2 {
            if port.is_none() {
                port = open(uri).map_err(|e| set(Some(e))).ok();
            }
            let Some(p) = port.as_mut() else { break };
            match p.write_all(&message).and_then(|()| p.flush()) {
                Ok(()) => {
                    set(None);
                    break;
                }
                Err(e) => {
                    set(Some(DeviceFault::failed(uri, &e)));
                    port = None; // unplugged: reopen on the next attempt
                }
            }
        }
    }
}

fn open(uri: &DeviceUri) -> Result<Box<dyn Write + Send>, DeviceFault> {
    let mut port: Box<dyn Write + Send> = match uri {
        DeviceUri::Serial { path, baud, .. } => Box::new(
            serialport::new(path.to_string_lossy(), *baud)
                .timeout(Duration::from_secs(2))
                .open_native()
                .map_err(|e| DeviceFault::not_opened(uri, &e))?,
        ),
        DeviceUri::File(path) => Box::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| DeviceFault::not_opened_io(uri, &e))?,
        ),
        _ => {
            return Err(DeviceFault::NotSerial {
                uri: uri.to_string(),
            });
        }
    };
    port.write_all(&INIT)
        .and_then(|()| port.flush())
        .map_err(|e| DeviceFault::failed(uri, &e))?;
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_fill_two_lines_of_twenty_in_pc858() {
        let bytes = message_bytes("Jamón ibérico de bellota", &spread("TOTAL", "12,95 €"));
        assert_eq!(
            screen_after(&bytes),
            [
                "Jamón ibérico de bel".to_string(),
                "TOTAL        12,95 €".to_string()
            ]
        );
        assert!(bytes.contains(&0xD5), "€ in PC858");
        assert_eq!(spread("Cambio", "1.234,56 €").chars().count(), 20);
    }
}
