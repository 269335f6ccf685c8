//! The sale / return document as the core knows it: lines, tenders, the tax breakdown and the
//! reference to an original, in one currency. The store persists it (`store/sales.rs`), the
//! receipt and the reports read it, and a pure fiscal module can build a registration record
//! from it without knowing the store. A finished document never changes: a correction is a new
//! document (a return) that refers to it.

use super::money::{Currency, Money};
use super::quantity::Measure;
use super::tax::TaxRow;
use super::tender::Tender;
use serde::{Deserialize, Serialize};

/// Sale or return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Sale,
    Return,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Sale => "sale",
            DocKind::Return => "return",
        }
    }

    pub fn parse(text: &str) -> Option<DocKind> {
        match text {
            "sale" => Some(DocKind::Sale),
            "return" => Some(DocKind::Return),
            _ => None,
        }
    }
}

/// One line of a document. Amounts are minor units of the document's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLine {
    pub line_no: i64,
    pub product_id: i64,
    pub code: String,
    pub name: String,
    pub tax_rate_bp: u32,
    pub measure: Measure,
    pub unit_price: i64,
    /// Negative on returns.
    pub qty_milli: i64,
    pub price_overridden: bool,
    pub line_discount: i64,
    pub ticket_discount: i64,
    /// Negative on returns.
    pub total: i64,
    /// The line of the original receipt a return line gives back.
    pub ref_line_no: Option<i64>,
    /// Why the rate is 0 when the product's class was exempt (the receipt cites it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<crate::till::tax::Exemption>,
}

/// A document ready to commit: everything but what the store gives it (row id, global id,
/// number in its series).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDraft {
    pub kind: DocKind,
    /// The series its number is taken from (`series()`).
    pub series: String,
    pub terminal: String,
    pub shift_id: i64,
    pub user_id: i64,
    pub approved_by: Option<i64>,
    /// RFC 3339 with the shop's UTC offset (a fiscal record needs the offset).
    pub created_at: String,
    pub business_day: String,
    pub currency: Currency,
    /// The lines' total (tax included); what was paid is this, `recargo` and `rounding`.
    pub total: i64,
    pub discount_total: i64,
    pub rounding: i64,
    pub change_given: i64,
    pub ref_document_id: Option<i64>,
    pub reason: Option<String>,
    pub lines: Vec<DocLine>,
    pub tenders: Vec<Tender>,
    pub taxes: Vec<TaxRow>,
    /// Made in training mode: numbered in its own series (`training_series`), no fiscal
    /// record, no stock moved, out of the reports; its receipt says it is not valid.
    #[serde(default)]
    pub training: bool,
    /// The customer of a full invoice (`None`: a ticket).
    #[serde(default)]
    pub customer_id: Option<i64>,
    /// The recargo de equivalencia charged on top of `total` (the tax rows carry it per rate).
    #[serde(default)]
    pub recargo: i64,
}

/// A committed document as read back: what its draft held, and what the store gave it (its
/// row id, global id, store and number). Its fields read through to the draft's
/// (`document.lines`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: i64,
    /// Its global id (a UUID), the same on every copy of it anywhere.
    pub uid: String,
    /// The global id of the store that issued it.
    pub store_id: String,
    pub number: String,
    #[serde(flatten)]
    pub body: DocumentDraft,
}

impl std::ops::Deref for Document {
    type Target = DocumentDraft;

    fn deref(&self) -> &DocumentDraft {
        &self.body
    }
}

impl Document {
    /// An amount of this document as money in its currency.
    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency)
    }

    /// What the customer paid (negative for a return).
    pub fn total_money(&self) -> Money {
        self.money(self.total)
    }
}

/// The series of a store's terminal: `CODE-T01` for sales, `CODE-T01R` for returns. The store's
/// code keeps two shops under one tax id from issuing the same number.
pub fn series(store_code: &str, terminal: &str, kind: DocKind) -> String {
    let suffix = match kind {
        DocKind::Sale => "",
        DocKind::Return => "R",
    };
    if store_code.is_empty() {
        format!("{terminal}{suffix}")
    } else {
        format!("{store_code}-{terminal}{suffix}")
    }
}

/// The series a training document is numbered in: its own (`CODE-T01F`, `CODE-T01RF`), so
/// the legal series stay gapless.
pub fn training_series(series: &str) -> String {
    format!("{series}F")
}

/// `CODE-T01-000123`
pub fn format_number(series: &str, number: i64) -> String {
    format!("{series}-{number:06}")
}

/// Splits `CODE-T01-000123` (or a pre-series-code `T01-000123`) into series and number.
pub fn parse_number(text: &str) -> Option<(String, i64)> {
    let (series, number) = text.trim().rsplit_once('-')?;
    let number: i64 = number.parse().ok()?;
    if series.is_empty() || number <= 0 {
        return None;
    }
    Some((series.to_uppercase(), number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_store_terminal_and_kind_and_read_back() {
        let sale = series("A7F3", "T01", DocKind::Sale);
        let ret = series("A7F3", "T01", DocKind::Return);
        assert_eq!(format_number(&sale, 42), "A7F3-T01-000042");
        assert_eq!(format_number(&ret, 3), "A7F3-T01R-000003");
        assert_eq!(
            parse_number("a7f3-t01-000042"),
            Some(("A7F3-T01".into(), 42))
        );
        assert_eq!(parse_number("T01-000123"), Some(("T01".into(), 123)));
        assert_eq!(parse_number("T01-0"), None);
        assert_eq!(parse_number("-12"), None);
        assert_eq!(series("", "T02", DocKind::Sale), "T02");
    }
}
