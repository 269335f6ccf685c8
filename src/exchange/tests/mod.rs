//! The importer and exporter against files the tests write: one per layout a shop brings
//! (Loyverse in English and Spanish, Square, Shopify old and new, Odoo, FacturaScripts,
//! Caja's own), the encodings and delimiters Excel saves, XLSX and ODS workbooks, the damage
//! spreadsheets do to barcodes, a file large enough to find one bad row among ten thousand,
//! and export → import giving back exactly what went out.

mod files;
mod layouts;
mod roundtrip;

use super::*;
use crate::till::barcode::gs1_check_digit;
use crate::till::tax::{Territory, presets};

pub fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The classes of a shop on the Peninsula: general 21, reducido 10, superreducido 4, exento.
pub fn classes() -> Vec<TaxClass> {
    presets(Territory::Peninsula, day("2024-01-01"))
}

pub fn options(classes: &[TaxClass]) -> ImportOptions<'_> {
    ImportOptions {
        layout: None,
        map: Vec::new(),
        tax_class: None,
        prices_include_tax: None,
        currency: Currency::Eur,
        classes,
        today: day("2025-06-01"),
    }
}

/// A valid EAN-13 from its first 12 digits.
pub fn ean(body: &str) -> String {
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", gs1_check_digit(&digits))
}

/// Reads a file that must read, with the default options and Peninsula classes.
pub fn read(bytes: &[u8], name: &str) -> ParsedCatalog {
    let classes = classes();
    read_with(bytes, name, &options(&classes)).unwrap()
}

pub fn read_with(
    bytes: &[u8],
    name: &str,
    opts: &ImportOptions<'_>,
) -> Result<ParsedCatalog, ImportError> {
    read_catalog(bytes, name, opts, &mut |_, _| {})
}

pub fn names(p: &ParsedCatalog) -> Vec<&str> {
    p.items.iter().map(|i| i.draft.name.as_str()).collect()
}

/// Each problem as (row, column letter, value, why).
pub fn problems(p: &ParsedCatalog) -> Vec<(usize, String, String, Why)> {
    p.problems
        .iter()
        .map(|x| {
            let letter = x
                .column
                .as_ref()
                .map(|c| c.letter.clone())
                .unwrap_or_default();
            (x.row, letter, x.value.clone(), x.why.clone())
        })
        .collect()
}

/// A draft with the fields every test product shares.
pub fn draft(name: &str, tax_class: &str, price: i64) -> ProductDraft {
    ProductDraft {
        name: name.to_string(),
        tax_class: tax_class.to_string(),
        price,
        active: true,
        ..ProductDraft::default()
    }
}
