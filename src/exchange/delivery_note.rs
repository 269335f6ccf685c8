//! A supplier's delivery note as a CSV file, for a goods receipt: one line per product — its
//! code (barcode, PLU or SKU), the quantity delivered and the unit cost — under a header in
//! Spanish or English, in any of the encodings and delimiters `source.rs` reads, amounts in
//! every usual spelling (`1,25`, `1.25`, `1,25 €`). Every bad row is reported with its row
//! number; nothing is half-read.

use super::header::fold;
use super::source::{decode, sniff_delimiter};
use super::value::{parse_decimal, to_minor};
use serde::Serialize;

/// One line of the delivery note, as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryLine {
    /// The file's row (the header is row 1).
    pub row: usize,
    pub code: String,
    pub qty_milli: i64,
    /// Minor units per unit (or kg).
    pub unit_cost: i64,
}

/// What is wrong with a delivery note.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryNoteError {
    #[error(
        "the delivery note has no {column} column; its header needs code (or barcode, sku, código), quantity (cantidad) and cost (coste, precio)"
    )]
    MissingColumn { column: &'static str },
    #[error("row {row}: no product code")]
    NoCode { row: usize },
    #[error("row {row}: «{text}» is not a quantity above 0")]
    Quantity { row: usize, text: String },
    #[error("row {row}: «{text}» is not a unit cost")]
    Cost { row: usize, text: String },
    #[error("the delivery note has no lines")]
    Empty,
    #[error("the file does not read as CSV: {0}")]
    Csv(String),
}

const CODE: [&str; 9] = [
    "code",
    "codigo",
    "barcode",
    "ean",
    "sku",
    "referencia",
    "ref",
    "gtin",
    "codigo de barras",
];
const QTY: [&str; 6] = ["qty", "quantity", "cantidad", "unidades", "units", "cant"];
const COST: [&str; 8] = [
    "cost",
    "unit cost",
    "coste",
    "coste unitario",
    "precio",
    "precio unitario",
    "price",
    "unit price",
];

/// Reads a delivery note's bytes: every line, or every problem found (row by row).
pub fn read_delivery_note(
    bytes: &[u8],
    minor_digits: u32,
) -> Result<Vec<DeliveryLine>, Vec<DeliveryNoteError>> {
    let (text, _) = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(&text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(fold).collect(),
        Err(e) => return Err(vec![DeliveryNoteError::Csv(e.to_string())]),
    };
    let find = |names: &[&str], column: &'static str| {
        header
            .iter()
            .position(|h| names.contains(&h.as_str()))
            .ok_or(DeliveryNoteError::MissingColumn { column })
    };
    let columns = [
        find(&CODE, "code"),
        find(&QTY, "quantity"),
        find(&COST, "cost"),
    ];
    let missing: Vec<DeliveryNoteError> = columns
        .iter()
        .filter_map(|c| c.as_ref().err().cloned())
        .collect();
    let [Ok(code), Ok(qty), Ok(cost)] = columns else {
        return Err(missing);
    };
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(DeliveryNoteError::Csv(e.to_string()));
                continue;
            }
        };
        let cell = |c: usize| record.get(c).unwrap_or("").trim().to_string();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let code_text = super::value::unprotect(&cell(code)).to_string();
        if code_text.is_empty() {
            problems.push(DeliveryNoteError::NoCode { row });
            continue;
        }
        let qty_text = cell(qty);
        let qty_milli = parse_decimal(&qty_text)
            .and_then(|d| to_minor(d, 3))
            .filter(|q| *q > 0);
        let cost_text = cell(cost);
        let unit_cost = parse_decimal(&cost_text)
            .and_then(|d| to_minor(d, minor_digits))
            .filter(|c| *c >= 0);
        match (qty_milli, unit_cost) {
            (Some(qty_milli), Some(unit_cost)) => lines.push(DeliveryLine {
                row,
                code: code_text,
                qty_milli,
                unit_cost,
            }),
            (None, _) => problems.push(DeliveryNoteError::Quantity {
                row,
                text: qty_text,
            }),
            (_, None) => problems.push(DeliveryNoteError::Cost {
                row,
                text: cost_text,
            }),
        }
    }
    if problems.is_empty() && lines.is_empty() {
        problems.push(DeliveryNoteError::Empty);
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spanish_note_in_windows_1252_with_semicolons_and_comma_decimals_reads() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Código;Descripción;Cantidad;Precio unitario\r\n8410000000011;Agua 1,5 L;24;0,35 €\r\n8410000000028;Queso;1,25;12,90\r\n");
        let lines = read_delivery_note(&bytes, 2).unwrap();
        assert_eq!(
            lines,
            vec![
                DeliveryLine {
                    row: 2,
                    code: "8410000000011".into(),
                    qty_milli: 24_000,
                    unit_cost: 35
                },
                DeliveryLine {
                    row: 3,
                    code: "8410000000028".into(),
                    qty_milli: 1_250,
                    unit_cost: 1290
                },
            ]
        );
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_half_read() {
        let text = "sku,qty,cost\nA1,2,1.00\n,3,1.00\nA3,-1,1.00\nA4,2,gratis\n\nA5,1,0.50\n";
        let problems = read_delivery_note(text.as_bytes(), 2).unwrap_err();
        assert_eq!(
            problems,
            vec![
                DeliveryNoteError::NoCode { row: 3 },
                DeliveryNoteError::Quantity {
                    row: 4,
                    text: "-1".into()
                },
                DeliveryNoteError::Cost {
                    row: 5,
                    text: "gratis".into()
                },
            ]
        );
    }

    #[test]
    fn a_header_without_the_columns_says_which_are_missing() {
        let problems = read_delivery_note(b"producto,unidades\nx,1\n", 2).unwrap_err();
        assert_eq!(
            problems,
            vec![
                DeliveryNoteError::MissingColumn { column: "code" },
                DeliveryNoteError::MissingColumn { column: "cost" }
            ]
        );
        assert_eq!(
            read_delivery_note(b"code,qty,cost\n", 2).unwrap_err(),
            vec![DeliveryNoteError::Empty]
        );
    }
}
