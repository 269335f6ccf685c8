//! The pure domain core of the till: money, tax, barcodes, cart, tenders, shifts and report
//! models. No I/O, no clock, no environment: time, ids and locale are passed in.

pub mod analytics;
pub mod barcode;
pub mod cart;
pub mod content;
pub mod customer;
pub mod document;
pub mod format;
pub mod money;
pub mod permission;
pub mod pin;
pub mod product;
pub mod profile;
pub mod quantity;
pub mod receipt;
pub mod report;
pub mod report_text;
pub mod reprice;
pub mod shift;
pub mod stock;
pub mod tax;
pub mod tax_id;
pub mod tender;
