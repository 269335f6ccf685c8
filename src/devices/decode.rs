//! Caja's own ESC/POS decoder: printed bytes back into text lines (with bold, size and
//! alignment) and commands (code page, feed, barcode and QR payloads, cut, drawer pulse). Tests
//! check what the printer would do with it; a receipt can also be previewed from its bytes.

use super::codepage::decode_byte;
use std::fmt::Write as _;

/// Text alignment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Centre,
    Right,
}

/// What a run of bytes makes the printer do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Printed {
    Init,
    CodePage(u8),
    /// One printed line (ended by LF).
    Line {
        text: String,
        bold: bool,
        width: u8,
        height: u8,
        align: Align,
    },
    Feed(u8),
    Barcode {
        system: u8,
        data: String,
    },
    Qr(String),
    Cut {
        partial: bool,
    },
    Drawer {
        pin: u8,
        on_ms: u32,
        off_ms: u32,
    },
    /// A raster bit image (`GS v 0`): `width` dots (whole bytes) × `height` rows, 1 = black.
    Raster {
        width: u32,
        height: u32,
        align: Align,
        bits: Vec<u8>,
    },
}

/// Bytes the decoder does not know.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("unknown command {0:02X?} at byte {1}")]
    Unknown(Vec<u8>, usize),
    #[error("command cut short at byte {0}")]
    Truncated(usize),
}

#[derive(Default)]
struct State {
    bold: bool,
    width: u8,
    height: u8,
    align: Align,
    text: String,
}

impl State {
    /// The state after power-on or `ESC @`: plain, single-size, left-aligned, no text.
    fn initial() -> State {
        State {
            width: 1,
            height: 1,
            ..State::default()
        }
    }

    /// The text so far as a printed line, in the current style.
    fn take_line(&mut self) -> Printed {
        Printed::Line {
            text: std::mem::take(&mut self.text),
            bold: self.bold,
            width: self.width,
            height: self.height,
            align: self.align,
        }
    }
}

/// Decodes a whole print job.
pub fn decode(bytes: &[u8]) -> Result<Vec<Printed>, DecodeError> {
    let mut out = Vec::new();
    let mut s = State::initial();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i = match b {
            0x0A => {
                out.push(s.take_line());
                i + 1
            }
            0x1B => esc_command(bytes, i, &mut s, &mut out)?,
            0x1D => gs_command(bytes, i, &mut s, &mut out)?,
            0x20.. => {
                s.text.push(decode_byte(b));
                i + 1
            }
            _ => return Err(DecodeError::Unknown(vec![b], i)),
        };
    }
    Ok(out)
}

/// The `n` argument bytes at `i`, or `Truncated` when the job ends before them.
fn arg(bytes: &[u8], i: usize, n: usize) -> Result<&[u8], DecodeError> {
    bytes.get(i..i + n).ok_or(DecodeError::Truncated(i))
}

/// Decodes the `ESC` command at `i` (init, code page, bold, alignment, feed, drawer pulse);
/// returns the index after it.
fn esc_command(
    bytes: &[u8],
    i: usize,
    s: &mut State,
    out: &mut Vec<Printed>,
) -> Result<usize, DecodeError> {
    let cmd = *arg(bytes, i + 1, 1)?.first().unwrap_or(&0);
    match cmd {
        b'@' => {
            out.push(Printed::Init);
            *s = State::initial();
            Ok(i + 2)
        }
        b't' => {
            out.push(Printed::CodePage(arg(bytes, i + 2, 1)?[0]));
            Ok(i + 3)
        }
        b'E' => {
            s.bold = arg(bytes, i + 2, 1)?[0] & 1 == 1;
            Ok(i + 3)
        }
        b'a' => {
            s.align = match arg(bytes, i + 2, 1)?[0] {
                1 | b'1' => Align::Centre,
                2 | b'2' => Align::Right,
                _ => Align::Left,
            };
            Ok(i + 3)
        }
        b'd' => {
            // Print the buffer and feed n lines: text then ESC d 1 is one line.
            let mut n = arg(bytes, i + 2, 1)?[0];
            if !s.text.is_empty() {
                out.push(s.take_line());
                n = n.saturating_sub(1);
            }
            if n > 0 {
                out.push(Printed::Feed(n));
            }
            Ok(i + 3)
        }
        b'p' => {
            let a = arg(bytes, i + 2, 3)?;
            out.push(Printed::Drawer {
                pin: a[0],
                on_ms: u32::from(a[1]) * 2,
                off_ms: u32::from(a[2]) * 2,
            });
            Ok(i + 5)
        }
        _ => Err(DecodeError::Unknown(vec![0x1B, cmd], i)),
    }
}

/// Decodes the `GS` command at `i` (character size, barcode settings, cut, barcode, raster
/// image, 2D code); returns the index after it.
fn gs_command(
    bytes: &[u8],
    i: usize,
    s: &mut State,
    out: &mut Vec<Printed>,
) -> Result<usize, DecodeError> {
    let cmd = *arg(bytes, i + 1, 1)?.first().unwrap_or(&0);
    match cmd {
        b'!' => {
            let n = arg(bytes, i + 2, 1)?[0];
            s.width = (n >> 4) + 1;
            s.height = (n & 0x0F) + 1;
            Ok(i + 3)
        }
        // Barcode height, width, HRI font and position: settings, nothing printed.
        b'h' | b'w' | b'f' | b'H' => Ok(i + 3),
        b'V' => cut(bytes, i, out),
        b'k' => barcode(bytes, i, out),
        b'v' => raster(bytes, i, s.align, out),
        b'(' => code_2d(bytes, i, out),
        _ => Err(DecodeError::Unknown(vec![0x1D, cmd], i)),
    }
}

/// `GS V m [n]`: a full or partial cut; returns the index after it.
fn cut(bytes: &[u8], i: usize, out: &mut Vec<Printed>) -> Result<usize, DecodeError> {
    let m = arg(bytes, i + 2, 1)?[0];
    let (partial, len) = match m {
        0 | 48 => (false, 3),
        1 | 49 => (true, 3),
        65 => (false, 4),
        66 => (false, 4),
        _ => return Err(DecodeError::Unknown(vec![0x1D, b'V', m], i)),
    };
    arg(bytes, i, len)?;
    out.push(Printed::Cut { partial });
    Ok(i + len)
}

/// `GS k m …`: a barcode, its data NUL-ended (m ≤ 6) or length-prefixed; returns the index
/// after it.
fn barcode(bytes: &[u8], i: usize, out: &mut Vec<Printed>) -> Result<usize, DecodeError> {
    let m = arg(bytes, i + 2, 1)?[0];
    let (data, next) = if m <= 6 {
        let start = i + 3;
        let end = bytes[start..]
            .iter()
            .position(|b| *b == 0)
            .map(|p| start + p)
            .ok_or(DecodeError::Truncated(i))?;
        (&bytes[start..end], end + 1)
    } else {
        let n = usize::from(arg(bytes, i + 3, 1)?[0]);
        (arg(bytes, i + 4, n)?, i + 4 + n)
    };
    out.push(Printed::Barcode {
        system: m,
        data: String::from_utf8_lossy(data).into_owned(),
    });
    Ok(next)
}

/// `GS v 0`: a raster bit image at the current alignment; returns the index after it.
fn raster(
    bytes: &[u8],
    i: usize,
    align: Align,
    out: &mut Vec<Printed>,
) -> Result<usize, DecodeError> {
    // GS v 0 m xL xH yL yH d…: x bytes per row, y rows.
    let a = arg(bytes, i + 2, 6)?;
    if a[0] != b'0' || a[1] > 3 && !(48..=51).contains(&a[1]) {
        return Err(DecodeError::Unknown(vec![0x1D, b'v', a[0], a[1]], i));
    }
    let x = usize::from(u16::from_le_bytes([a[2], a[3]]));
    let y = usize::from(u16::from_le_bytes([a[4], a[5]]));
    let bits = arg(bytes, i + 8, x * y)?.to_vec();
    out.push(Printed::Raster {
        width: (x * 8) as u32,
        height: y as u32,
        align,
        bits,
    });
    Ok(i + 8 + x * y)
}

/// `GS ( k`: a 2D code command; its stored data becomes a QR payload. Returns the index after
/// it.
fn code_2d(bytes: &[u8], i: usize, out: &mut Vec<Printed>) -> Result<usize, DecodeError> {
    // GS ( k pL pH cn fn [data]: 2D codes; store data (fn 80) is the payload.
    let head = arg(bytes, i + 2, 3)?;
    if head[0] != b'k' {
        return Err(DecodeError::Unknown(vec![0x1D, b'(', head[0]], i));
    }
    let len = usize::from(head[1]) + 256 * usize::from(head[2]);
    let body = arg(bytes, i + 5, len)?;
    if body.len() >= 3 && body[0] == 49 && body[1] == 80 {
        out.push(Printed::Qr(
            String::from_utf8_lossy(&body[3..]).into_owned(),
        ));
    }
    Ok(i + 5 + len)
}

/// A readable listing of decoded output, one item per line, for golden files and previews:
/// text lines as `|text|` with flags (`B` bold, `2H` double height, `C`/`R` alignment).
pub fn listing(items: &[Printed]) -> String {
    let mut out = String::new();
    for item in items {
        let _ = match item {
            Printed::Line {
                text,
                bold,
                width,
                height,
                align,
            } => {
                let mut flags = String::new();
                if *bold {
                    flags.push_str("B ");
                }
                if *width > 1 {
                    let _ = write!(flags, "{width}W ");
                }
                if *height > 1 {
                    let _ = write!(flags, "{height}H ");
                }
                match align {
                    Align::Centre => flags.push_str("C "),
                    Align::Right => flags.push_str("R "),
                    Align::Left => {}
                }
                writeln!(out, "{flags:<8}|{text}|")
            }
            Printed::Init => writeln!(out, "<init>"),
            Printed::CodePage(n) => writeln!(out, "<code page {n}>"),
            Printed::Feed(n) => writeln!(out, "<feed {n}>"),
            Printed::Barcode { system, data } => writeln!(out, "<barcode {system}: {data}>"),
            Printed::Qr(data) => writeln!(out, "<qr: {data}>"),
            Printed::Cut { partial } => {
                writeln!(out, "<{} cut>", if *partial { "partial" } else { "full" })
            }
            Printed::Drawer { pin, on_ms, off_ms } => {
                writeln!(out, "<drawer pin {pin}: {on_ms} ms on, {off_ms} ms off>")
            }
            Printed::Raster {
                width,
                height,
                align,
                bits,
            } => {
                let black: u32 = bits.iter().map(|b| b.count_ones()).sum();
                let at = match align {
                    Align::Centre => "centred",
                    Align::Right => "right",
                    Align::Left => "left",
                };
                writeln!(out, "<image {width}×{height} dots, {at}, {black} black>")
            }
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_cut_short_commands_are_errors() {
        assert_eq!(
            decode(&[0x1B, b'Z', 0]),
            Err(DecodeError::Unknown(vec![0x1B, b'Z'], 0))
        );
        assert_eq!(
            decode(&[b'a', 0x1B, b'p', 0]),
            Err(DecodeError::Truncated(3))
        );
        assert_eq!(
            decode(&[0x1D, b'v', b'0', 0, 2, 0, 3, 0, 0xFF]),
            Err(DecodeError::Truncated(8))
        );
        let image = decode(&[0x1D, b'v', b'0', 0, 1, 0, 2, 0, 0x81, 0x18]).unwrap();
        assert_eq!(
            listing(&image),
            "<image 8×2 dots, left, 4 black>\n",
            "{image:?}"
        );
        let ok = decode(&[0x1B, b'E', 1, b'h', 0xA4, b'o', 0x0A]).unwrap();
        assert_eq!(
            ok,
            vec![Printed::Line {
                text: "hño".into(),
                bold: true,
                width: 1,
                height: 1,
                align: Align::Left
            }]
        );
    }
}
