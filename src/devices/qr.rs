//! The receipt's fiscal QR as a printer prints it (ISO/IEC 18004, error correction M, 30–40 mm
//! a side): the printer's own QR command (`GS ( k`, model 2) on models that have one, a raster
//! image on the rest, both sized from the profile's dots per millimetre. The matrix comes from
//! the `qrcode` crate; the screen's preview draws the same matrix.

use super::logo::Raster;

/// A QR code's modules: `width` × `width`, row by row, `true` = dark. No quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: u32,
    pub dark: Vec<bool>,
}

/// Text that does not fit a QR code.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the QR content does not fit a QR code ({0} bytes)")]
pub struct QrTooLong(pub usize);

/// The smallest and largest side the AEAT allows, and the one aimed at, in millimetres.
pub const MIN_SIDE_MM: f64 = 30.0;
pub const MAX_SIDE_MM: f64 = 40.0;
const AIM_SIDE_MM: f64 = 35.0;

impl QrMatrix {
    /// The matrix of `text` at error correction level M.
    pub fn new(text: &str) -> Result<QrMatrix, QrTooLong> {
        let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
            .map_err(|_| QrTooLong(text.len()))?;
        let width = u32::try_from(code.width()).map_err(|_| QrTooLong(text.len()))?;
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        Ok(QrMatrix { width, dark })
    }

    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        self.dark[(y * self.width + x) as usize]
    }

    /// Dots per module for a side near 35 mm at `dots_per_mm`, kept within 30–40 mm.
    pub fn module_dots(&self, dots_per_mm: f64) -> u32 {
        let per_module = |side_mm: f64| side_mm * dots_per_mm / f64::from(self.width);
        let aimed = per_module(AIM_SIDE_MM).round().max(1.0);
        let least = per_module(MIN_SIDE_MM).ceil();
        let most = per_module(MAX_SIDE_MM).floor().max(1.0);
        // The casts are of small positive whole numbers (a module is a few dots).
        aimed.clamp(least.min(most), most) as u32
    }

    /// The side printed with `module_dots`, in millimetres.
    pub fn side_mm(&self, module_dots: u32, dots_per_mm: f64) -> f64 {
        f64::from(self.width * module_dots) / dots_per_mm
    }

    /// As a raster image of `module_dots` per module, centred in `line_dots` (a printer's dots
    /// per line), with the quiet zone the paper around it gives.
    pub fn raster(&self, module_dots: u32, line_dots: u32) -> Raster {
        let side = self.width * module_dots;
        let width = line_dots.max(side);
        let left = (width - side) / 2;
        let row_bytes = width.div_ceil(8) as usize;
        let mut bits = vec![0u8; row_bytes * side as usize];
        for y in 0..side {
            for x in 0..side {
                if self.is_dark(x / module_dots, y / module_dots) {
                    let dx = left + x;
                    bits[y as usize * row_bytes + (dx / 8) as usize] |= 0x80 >> (dx % 8);
                }
            }
        }
        Raster {
            width,
            height: side,
            bits,
        }
    }
}

/// The printer's own QR command for `text`: model 2, `module_dots` per module (1–16), error
/// correction M, the data stored, then printed.
pub fn native_command(text: &str, module_dots: u32) -> Vec<u8> {
    let size = u8::try_from(module_dots.clamp(1, 16)).unwrap_or(6);
    let mut out = Vec::with_capacity(text.len() + 32);
    // GS ( k pL pH cn fn …, cn 49 = QR.
    out.extend([0x1D, b'(', b'k', 4, 0, 49, 65, 50, 0]); // fn 65: model 2
    out.extend([0x1D, b'(', b'k', 3, 0, 49, 67, size]); // fn 67: module size
    out.extend([0x1D, b'(', b'k', 3, 0, 49, 69, 49]); // fn 69: error correction M
    let len = u16::try_from(text.len() + 3).unwrap_or(u16::MAX);
    out.extend([0x1D, b'(', b'k']);
    out.extend(len.to_le_bytes());
    out.extend([49, 80, 48]); // fn 80: store the data
    out.extend(text.as_bytes());
    out.extend([0x1D, b'(', b'k', 3, 0, 49, 81, 48]); // fn 81: print it
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&numserie=EB19-T01-000002&fecha=05-12-2026&importe=9.90";

    #[test]
    fn every_printer_prints_it_between_30_and_40_mm() {
        let qr = QrMatrix::new(URL).unwrap();
        // 203 dpi (8 dots/mm) on 80 and 58 mm paper, 180 dpi (512 dots over 72 mm).
        for dots_per_mm in [8.0, 512.0 / 72.0, 384.0 / 48.0] {
            let m = qr.module_dots(dots_per_mm);
            let side = qr.side_mm(m, dots_per_mm);
            assert!((MIN_SIDE_MM..=MAX_SIDE_MM).contains(&side), "{side} mm");
        }
        let r = qr.raster(qr.module_dots(8.0), 576);
        assert_eq!(r.width, 576);
        assert_eq!(r.height, qr.width * qr.module_dots(8.0));
        // The finder pattern's corner is dark, centred.
        let left = (576 - r.height) / 2;
        assert!(r.black(left, 0) && !r.black(left - 1, 0));
    }

    #[test]
    fn the_native_command_stores_the_text_the_decoder_reads_back() {
        let bytes = native_command(URL, 6);
        let printed = crate::devices::decode::decode(&bytes).unwrap();
        assert_eq!(
            printed,
            vec![crate::devices::decode::Printed::Qr(URL.into())]
        );
    }
}
