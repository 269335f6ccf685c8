//! The catalog out, in Caja's own layout (the one `read_catalog` reads back exactly): a CSV
//! (UTF-8 with a BOM, so Excel shows `ñ` and `€` right) and an XLSX whose prices are numbers
//! shown with the currency's digits and whose codes (SKU, barcodes, PLU) are text cells, so a
//! spreadsheet never turns a barcode into `8,41E+12` or drops its leading zeros.

use super::problem::ExportError;
use crate::till::format::plain_decimal;
use crate::till::money::Currency;
use crate::till::product::{ProductDraft, ProductField};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A product's cells in the generic layout's order (`ProductField::ALL`); `for_csv` protects
/// texts from being read as formulas (an XLSX string cell never is one).
fn cells(p: &ProductDraft, digits: u32, for_csv: bool) -> [String; ProductField::ALL.len()] {
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let text = |s: &str| if for_csv { protect(s) } else { s.to_string() };
    [
        p.sku.as_deref().map(text).unwrap_or_default(),
        text(&p.name),
        p.short_name.as_deref().map(text).unwrap_or_default(),
        text(&p.category),
        p.tax_class.clone(),
        plain_decimal(p.price, digits),
        p.cost.map(|c| plain_decimal(c, digits)).unwrap_or_default(),
        p.barcodes.join(" "),
        p.plu.clone().unwrap_or_default(),
        p.measure.as_str().to_string(),
        p.net_content.map(|c| c.to_stored()).unwrap_or_default(),
        yes_no(p.stock_tracked),
        yes_no(p.active),
    ]
}

/// A text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) gets a leading `'`,
/// as Odoo's exports do; the importer takes it off again.
fn protect(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\'']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The products as a CSV file in the generic layout.
pub fn write_csv(products: &[ProductDraft], currency: Currency) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut out);
        let digits = currency.minor_digits();
        // Writing to a Vec cannot fail; a failure would only leave the file short.
        let _ = w.write_record(ProductField::ALL.map(ProductField::as_str));
        for p in products {
            let _ = w.write_record(cells(p, digits, true));
        }
        let _ = w.flush();
    }
    out
}

/// The products as an XLSX workbook (sheet `Products`) in the generic layout.
pub fn write_xlsx(products: &[ProductDraft], currency: Currency) -> Result<Vec<u8>, ExportError> {
    fn build(products: &[ProductDraft], currency: Currency) -> Result<Vec<u8>, XlsxError> {
        let digits = currency.minor_digits();
        let number_format = if digits == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(digits as usize))
        };
        let money = Format::new().set_num_format(number_format);
        let bold = Format::new().set_bold();
        let scale = 10f64.powi(digits as i32);
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Products")?;
        for (col, field) in (0u16..).zip(ProductField::ALL) {
            sheet.write_string_with_format(0, col, field.as_str(), &bold)?;
        }
        for (row, p) in (1u32..).zip(products) {
            let texts = ProductField::ALL.into_iter().zip(cells(p, digits, false));
            for (col, (field, text)) in (0u16..).zip(texts) {
                let minor = match field {
                    ProductField::Price => Some(p.price),
                    ProductField::Cost => p.cost,
                    _ => None,
                };
                match minor {
                    Some(m) => {
                        sheet.write_number_with_format(row, col, m as f64 / scale, &money)?
                    }
                    None if text.is_empty() => sheet,
                    None => sheet.write_string(row, col, &text)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        book.save_to_buffer()
    }
    build(products, currency).map_err(|e| ExportError::Xlsx(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_protected_texts() {
        assert_eq!(plain_decimal(1250, 2), "12.50");
        assert_eq!(plain_decimal(5, 2), "0.05");
        assert_eq!(plain_decimal(-50, 2), "-0.50");
        assert_eq!(plain_decimal(1250, 0), "1250");
        assert_eq!(protect("=1+1"), "'=1+1");
        assert_eq!(protect("'quoted"), "''quoted");
        assert_eq!(protect("Pan"), "Pan");
    }
}
