//! The *libro registro de facturas expedidas* a shop's accountant asks for: one row per ticket
//! or invoice and tax rate over a period — series and number, date, type (F1/F2/F3/R1/R5),
//! the customer's tax id where there is one, base, rate, quota, recargo, total — returns as
//! negative rows, and the totals per rate. A ticket later replaced by a full invoice (F3) is
//! listed with that invoice's number and left out of the totals; the F3 counts, on its day.

use super::{Store, StoreError};
use crate::till::analytics::Period;
use rusqlite::params;
use serde::Serialize;

/// One row of the book: a document's tax rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaxBookRow {
    pub number: String,
    pub date: String,
    /// F1, F2, F3, R1 or R5.
    #[serde(rename = "type")]
    pub kind: String,
    pub customer_tax_id: Option<String>,
    pub customer: Option<String>,
    pub rate_bp: u32,
    #[serde(rename = "base_minor")]
    pub base: i64,
    #[serde(rename = "quota_minor")]
    pub quota: i64,
    pub recargo_bp: u32,
    #[serde(rename = "recargo_minor")]
    pub recargo: i64,
    #[serde(rename = "total_minor")]
    pub total: i64,
    /// The full invoice (F3) that replaced this ticket: the row does not count in the totals.
    pub replaced_by: Option<String>,
}

impl TaxBookRow {
    pub fn counts(&self) -> bool {
        self.replaced_by.is_none()
    }
}

/// A rate's totals over the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RateTotal {
    pub rate_bp: u32,
    pub recargo_bp: u32,
    #[serde(rename = "base_minor")]
    pub base: i64,
    #[serde(rename = "quota_minor")]
    pub quota: i64,
    #[serde(rename = "recargo_minor")]
    pub recargo: i64,
    #[serde(rename = "total_minor")]
    pub total: i64,
}

/// The book of a period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TaxBook {
    pub rows: Vec<TaxBookRow>,
    pub totals: Vec<RateTotal>,
}

/// A row as read: number, date, type, customer's tax id and name, (rate, base, quota, recargo
/// rate, recargo, gross), the F3 that replaced it.
type Raw = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    (u32, i64, i64, u32, i64, i64),
    Option<String>,
);

impl Store {
    /// The book of `period` (business days, inclusive), in date and number order.
    pub fn tax_book(&self, period: &Period) -> Result<TaxBook, StoreError> {
        let (from, to) = (period.from_text(), period.to_text());
        // The documents of those days lie between the first and last the rollup saw of them.
        self.refresh_rollup()?;
        let (first, last) = self.documents_of(period)?.unwrap_or((1, 0));
        let mut rows = Vec::new();
        let read = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Raw> {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                (
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ),
                r.get(11)?,
            ))
        };
        // Tickets, invoices and returns.
        let mut stmt = self.conn.prepare_cached(
            // The type as the document's fiscal record has it: a ticket F2, a full invoice
            // F1, a return R5, or R1 to a customer.
            "SELECT d.series || '-' || printf('%06d', d.number), d.business_day,
                    CASE WHEN d.kind = 'sale' AND d.customer_id IS NULL THEN 'F2'
                         WHEN d.kind = 'sale' THEN 'F1'
                         WHEN d.customer_id IS NULL THEN 'R5' ELSE 'R1' END,
                    c.tax_id, c.name,
                    x.rate_bp, x.base, x.quota, x.recargo_bp, x.recargo, x.gross,
                    r.series || '-' || printf('%06d', r.number)
             FROM documents d CROSS JOIN document_taxes x ON x.document_id = d.id
             LEFT JOIN customers c ON c.id = d.customer_id
             LEFT JOIN replacement_invoices r ON r.document_id = d.id
             WHERE d.id BETWEEN ?3 AND ?4 AND d.business_day BETWEEN ?1 AND ?2
               AND d.training = 0
             ORDER BY d.business_day, d.series, d.number, x.rate_bp",
        )?;
        for raw in stmt.query_map(params![from, to, first, last], read)? {
            rows.push(raw?);
        }
        // Full invoices replacing a ticket (F3), on their own day, with the ticket's taxes.
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.series || '-' || printf('%06d', r.number), substr(r.created_at, 1, 10),
                    'F3', c.tax_id, c.name,
                    x.rate_bp, x.base, x.quota, x.recargo_bp, x.recargo, x.gross, NULL
             FROM replacement_invoices r JOIN document_taxes x ON x.document_id = r.document_id
             JOIN customers c ON c.id = r.customer_id
             WHERE substr(r.created_at, 1, 10) BETWEEN ?1 AND ?2
             ORDER BY r.created_at, r.series, r.number, x.rate_bp",
        )?;
        for raw in stmt.query_map(params![from, to], read)? {
            rows.push(raw?);
        }
        let mut book = TaxBook::default();
        for (number, date, kind, tax_id, name, taxes, replaced_by) in rows {
            let (rate_bp, base, quota, recargo_bp, recargo, gross) = taxes;
            book.rows.push(TaxBookRow {
                number,
                date,
                kind,
                customer_tax_id: tax_id,
                customer: name,
                rate_bp,
                base,
                quota,
                recargo_bp,
                recargo,
                total: gross + recargo,
                replaced_by,
            });
        }
        book.rows
            .sort_by(|a, b| (&a.date, &a.number).cmp(&(&b.date, &b.number)));
        for r in book.rows.iter().filter(|r| r.counts()) {
            let t = match book
                .totals
                .iter_mut()
                .find(|t| t.rate_bp == r.rate_bp && t.recargo_bp == r.recargo_bp)
            {
                Some(t) => t,
                None => {
                    book.totals.push(RateTotal {
                        rate_bp: r.rate_bp,
                        recargo_bp: r.recargo_bp,
                        ..RateTotal::default()
                    });
                    let last = book.totals.len() - 1;
                    &mut book.totals[last]
                }
            };
            t.base += r.base;
            t.quota += r.quota;
            t.recargo += r.recargo;
            t.total += r.total;
        }
        book.totals
            .sort_by_key(|t| (std::cmp::Reverse(t.rate_bp), t.recargo_bp));
        Ok(book)
    }
}
