//! Receipts as ESC/POS bytes: a pure function of the receipt model and the printer profile,
//! built with the `escpos` crate into memory. Transports only write these bytes.
//!
//! Where the crate falls short Caja sends its own bytes: the text (escpos 0.20's PC858 table
//! sends ASCII `-` as 0xF0, a soft hyphen — caught by the decoder's golden test), the drawer
//! pulse (the crate's `cash_drawer` leaves out the two timing bytes, see STACK-NOTES) and the
//! cut (from the profile).

use super::codepage::{encode_text, printable};
use super::logo::Logo;
use super::profile::Profile;
use crate::till::receipt::{LineStyle, Receipt};
use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::printer_options::PrinterOptions;
use escpos::utils::{JustifyMode, PageCode, Protocol};
use std::cell::RefCell;
use std::rc::Rc;

/// An `escpos` driver that collects the bytes in memory.
#[derive(Clone, Default)]
pub struct MemoryDriver(Rc<RefCell<Vec<u8>>>);

impl MemoryDriver {
    /// The bytes written so far (shared with the driver).
    pub fn bytes(&self) -> Rc<RefCell<Vec<u8>>> {
        Rc::clone(&self.0)
    }
}

impl Driver for MemoryDriver {
    fn name(&self) -> String {
        "memory".into()
    }

    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }

    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }

    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

/// What went wrong building the bytes (a bug or bad data, never the printer).
#[derive(Debug, thiserror::Error)]
#[error("cannot encode the receipt for the printer: {0}")]
pub struct EncodeError(String);

impl From<escpos::errors::PrinterError> for EncodeError {
    fn from(e: escpos::errors::PrinterError) -> Self {
        EncodeError(e.to_string())
    }
}

/// The bytes a `MemoryDriver` collected, shared with it.
type Collected = Rc<RefCell<Vec<u8>>>;

/// A printer into memory for `profile`, initialised with code page PC858.
fn start(profile: &Profile) -> Result<(Printer<MemoryDriver>, Collected), EncodeError> {
    let driver = MemoryDriver::default();
    let bytes = driver.bytes();
    let columns = u8::try_from(profile.columns).unwrap_or(42);
    let mut p = Printer::new(
        driver,
        Protocol::default(),
        Some(PrinterOptions::new(Some(PageCode::PC858), None, columns)),
    );
    p.init()?;
    Ok((p, bytes))
}

/// Cuts (if the model has a cutter) and returns the job's bytes.
fn finish(
    mut p: Printer<MemoryDriver>,
    bytes: &Collected,
    profile: &Profile,
) -> Result<Vec<u8>, EncodeError> {
    if !profile.cut.is_empty() {
        p.custom(&profile.cut)?;
    }
    p.print()?;
    let out = bytes.borrow().clone();
    Ok(out)
}

/// The receipt as bytes for `profile`: init + code page, the drawer pulse first when asked
/// (the drawer opens while the receipt prints), the lines (headings bold, the total bold at
/// double height), the receipt number as a Code 39 barcode for returns, feed and cut.
pub fn receipt_bytes(
    receipt: &Receipt,
    profile: &Profile,
    open_drawer: bool,
) -> Result<Vec<u8>, EncodeError> {
    receipt_bytes_with_logo(receipt, profile, open_drawer, None)
}

/// `receipt_bytes` with the shop's logo centred above the header, as a raster image fitted to
/// the profile's dots per line.
pub fn receipt_bytes_with_logo(
    receipt: &Receipt,
    profile: &Profile,
    open_drawer: bool,
    logo: Option<&Logo>,
) -> Result<Vec<u8>, EncodeError> {
    let (mut p, bytes) = start(profile)?;
    if open_drawer && !profile.drawer.is_empty() {
        p.custom(&profile.drawer)?;
    }
    if let Some(logo) = logo {
        p.justify(JustifyMode::CENTER)?
            .custom(&logo.raster_for(profile.dots_per_line).command())?
            .justify(JustifyMode::LEFT)?;
    }
    for (style, line) in receipt.styled(profile.columns) {
        if style == LineStyle::FiscalQr {
            fiscal_qr(&mut p, &line, profile)?;
            continue;
        }
        let line = encode_text(&printable(&line));
        match style {
            LineStyle::Plain => p.custom(&line)?.feed()?,
            LineStyle::Heading => p.bold(true)?.custom(&line)?.feed()?.bold(false)?,
            LineStyle::Total => p
                .bold(true)?
                .size(1, 2)?
                .custom(&line)?
                .feed()?
                .reset_size()?
                .bold(false)?,
            LineStyle::FiscalQr => &mut p,
        };
    }
    p.feed()?
        .justify(JustifyMode::CENTER)?
        .code39(&receipt.number)?
        .justify(JustifyMode::LEFT)?
        .feeds(3)?;
    finish(p, &bytes, profile)
}

/// The fiscal QR, centred, 30–40 mm a side: the printer's own QR command when its profile has
/// one, else a raster image of the same modules.
fn fiscal_qr(
    p: &mut Printer<MemoryDriver>,
    content: &str,
    profile: &Profile,
) -> Result<(), EncodeError> {
    let qr = super::qr::QrMatrix::new(content).map_err(|e| EncodeError(e.to_string()))?;
    let module = qr.module_dots(profile.dots_per_mm());
    let bytes = if profile.qr {
        super::qr::native_command(content, module)
    } else {
        qr.raster(module, profile.dots_per_line).command()
    };
    // A blank line above and below: the quiet zone the code needs.
    p.feed()?
        .justify(JustifyMode::CENTER)?
        .custom(&bytes)?
        .feed()?
        .justify(JustifyMode::LEFT)?;
    Ok(())
}

/// Just the drawer pulse (no-sale), if the profile has one.
pub fn drawer_bytes(profile: &Profile) -> Vec<u8> {
    profile.drawer.clone()
}

/// A test receipt for technicians: every Spanish letter, €, a weighed line, the barcode.
pub fn test_receipt(
    store_name: &str,
    currency: crate::till::money::Currency,
    locale: crate::till::format::Locale,
) -> Receipt {
    use crate::till::quantity::Measure;
    use crate::till::receipt::{ReceiptLine, ReceiptTender};
    use crate::till::tax::TaxRow;
    use crate::till::tender::TenderKind;
    Receipt {
        store_name: store_name.into(),
        legal_name: String::new(),
        header: Vec::new(),
        footer: Vec::new(),
        tax_kind: crate::till::tax::TaxKind::Iva,
        tax_id: String::new(),
        address: "áéíóú ÁÉÍÓÚ ñÑ üÜ ¿? ¡! €".into(),
        number: "PRUEBA-0001".into(),
        refers_to: None,
        is_return: false,
        copy: false,
        date: "—".into(),
        cashier: String::new(),
        currency,
        locale,
        lines: vec![
            ReceiptLine {
                name: "Prueba de impresión: piña, jamón".into(),
                measure: Measure::Unit,
                qty_milli: 1000,
                unit_price: 100,
                discount: 0,
                total: 100,
                rate_bp: 2100,
                exemption: None,
            },
            ReceiptLine {
                name: "Peso 1,234 kg".into(),
                measure: Measure::Kg,
                qty_milli: 1234,
                unit_price: 100,
                discount: 0,
                total: 123,
                rate_bp: 2100,
                exemption: None,
            },
        ],
        taxes: vec![TaxRow {
            rate_bp: 2100,
            base: 184,
            quota: 39,
            gross: 223,
            recargo_bp: 0,
            recargo: 0,
        }],
        total: 223,
        rounding: 0,
        tenders: vec![ReceiptTender {
            kind: TenderKind::Cash,
            amount: 223,
            reference: None,
        }],
        change: 0,
        fiscal_qr: None,
        training: false,
        customer: None,
    }
}

/// Text lines (an X or Z report) as bytes for `profile`: the first line bold, feed and cut.
pub fn text_bytes(lines: &[String], profile: &Profile) -> Result<Vec<u8>, EncodeError> {
    let (mut p, bytes) = start(profile)?;
    for (i, line) in lines.iter().enumerate() {
        let line: String = printable(line).chars().take(profile.columns).collect();
        let line = encode_text(&line);
        if i == 0 {
            p.bold(true)?.custom(&line)?.feed()?.bold(false)?;
        } else {
            p.custom(&line)?.feed()?;
        }
    }
    p.feeds(3)?;
    finish(p, &bytes, profile)
}

/// A shelf label as printed: the texts already in the shop's words and number format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShelfLabel {
    pub name: String,
    /// The price with its currency (`2,55 €`).
    pub price: String,
    /// The price per kg or litre, when the product has one (`2,55 €/kg`).
    pub per_unit: Option<String>,
    /// An EAN-13 / EAN-8 to print under it.
    pub barcode: Option<String>,
}

/// Shelf labels on the receipt printer, one after another, each cut off: the name bold, the
/// price big, the price per kg, the barcode.
pub fn label_bytes(labels: &[ShelfLabel], profile: &Profile) -> Result<Vec<u8>, EncodeError> {
    let (mut p, bytes) = start(profile)?;
    for (i, label) in labels.iter().enumerate() {
        let name: String = printable(&label.name)
            .chars()
            .take(profile.columns)
            .collect();
        p.justify(JustifyMode::CENTER)?
            .bold(true)?
            .custom(&encode_text(&name))?
            .feed()?
            .bold(false)?
            .size(2, 2)?
            .custom(&encode_text(&printable(&label.price)))?
            .feed()?
            .reset_size()?;
        if let Some(per) = &label.per_unit {
            p.custom(&encode_text(&printable(per)))?.feed()?;
        }
        match label.barcode.as_deref() {
            Some(code) if code.len() == 13 => {
                p.ean13(code)?;
            }
            Some(code) if code.len() == 8 => {
                p.ean8(code)?;
            }
            _ => {}
        }
        p.justify(JustifyMode::LEFT)?.feeds(2)?;
        if i + 1 < labels.len() && !profile.cut.is_empty() {
            p.custom(&profile.cut)?;
        }
    }
    finish(p, &bytes, profile)
}
