//! The *libro registro de facturas expedidas* a shop's accountant asks for: one row per ticket
//! or invoice and tax rate over a period — series and number, date, type (F1/F2/F3/R1/R5),
//! the customer's tax id where there is one, base, rate, quota, recargo, total — returns as
//! negative rows, and the totals per rate. A ticket later replaced by a full invoice (F3) is
//! listed with that invoice's number and left out of the totals; the F3 counts, on its day.
//!
//! A year's book has hundreds of thousands of rows: the screen reads it a page at a time
//! (`tax_book_page`), its totals from the rollup's sums per rate and recargo rate and the days'
//! row counts, so only the page's days are read; an export reads it whole (`tax_book`).

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

/// The book of a period (or a page of its rows, with the whole period's totals).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TaxBook {
    pub rows: Vec<TaxBookRow>,
    pub totals: Vec<RateTotal>,
    /// The place of the first row in the whole book (0 for the whole book).
    #[serde(skip)]
    pub first_row: usize,
    /// How many rows the whole book has.
    pub row_count: usize,
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
    /// The whole book of `period` (business days, inclusive), in date and number order.
    pub fn tax_book(&self, period: &Period) -> Result<TaxBook, StoreError> {
        // The documents of those days lie between the first and last the rollup saw of them.
        self.refresh_rollup()?;
        let rows = self.book_rows(period)?;
        let mut totals: Vec<RateTotal> = Vec::new();
        for r in rows.iter().filter(|r| r.counts()) {
            let t = match totals
                .iter_mut()
                .position(|t| t.rate_bp == r.rate_bp && t.recargo_bp == r.recargo_bp)
            {
                Some(i) => &mut totals[i],
                None => {
                    totals.push(RateTotal {
                        rate_bp: r.rate_bp,
                        recargo_bp: r.recargo_bp,
                        ..RateTotal::default()
                    });
                    let last = totals.len() - 1;
                    &mut totals[last]
                }
            };
            t.base += r.base;
            t.quota += r.quota;
            t.recargo += r.recargo;
            t.total += r.total;
        }
        totals.sort_by_key(|t| (std::cmp::Reverse(t.rate_bp), t.recargo_bp));
        Ok(TaxBook {
            row_count: rows.len(),
            first_row: 0,
            rows,
            totals,
        })
    }

    /// Rows `first_row ..` (at most `limit`) of the book of `period`, with the whole period's
    /// totals and row count: the totals from the rollup's sums per rate (the replaced tickets
    /// taken out, the F3s that replaced them added on their day), the page from the days that
    /// hold it, found by the rollup's row counts per day.
    pub fn tax_book_page(
        &self,
        period: &Period,
        first_row: usize,
        limit: usize,
    ) -> Result<TaxBook, StoreError> {
        self.refresh_rollup()?;
        let (from, to) = (period.from_text(), period.to_text());
        // (rate, recargo rate) → (counted rows, base, quota, recargo, total).
        let mut sums: std::collections::BTreeMap<(u32, u32), (i64, RateTotal)> = Default::default();
        let mut add = |rate: u32, recargo_bp: u32, n: i64, f: [i64; 4]| {
            let (count, t) = sums.entry((rate, recargo_bp)).or_default();
            *count += n;
            t.base += f[0];
            t.quota += f[1];
            t.recargo += f[2];
            t.total += f[3];
        };
        let mut day_rows: std::collections::BTreeMap<String, i64> = Default::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, key, tickets + returns, base, quota, recargo, sales + refunds + recargo
             FROM sales_rollup WHERE dim = 'tax_book' AND day BETWEEN ?1 AND ?2",
        )?;
        let mut q = stmt.query(params![from, to])?;
        while let Some(r) = q.next()? {
            let (day, key, n): (String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (rate, recargo_bp) = rate_key(&key)?;
            add(
                rate,
                recargo_bp,
                n,
                [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
            );
            *day_rows.entry(day).or_default() += n;
        }
        // Tickets of the period replaced by an F3 (they stay as rows, out of the totals), and
        // the F3s issued in it (rows of their day, in the totals).
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.business_day BETWEEN ?1 AND ?2, substr(r.created_at, 1, 10),
                    x.rate_bp, x.recargo_bp, x.base, x.quota, x.recargo, x.gross + x.recargo
             FROM replacement_invoices r JOIN documents d ON d.id = r.document_id
             JOIN document_taxes x ON x.document_id = r.document_id
             WHERE d.training = 0",
        )?;
        let mut q = stmt.query(params![from, to])?;
        while let Some(r) = q.next()? {
            let (ticket_in, f3_day): (bool, String) = (r.get(0)?, r.get(1)?);
            let (rate, recargo_bp): (u32, u32) = (r.get(2)?, r.get(3)?);
            let f: [i64; 4] = [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?];
            if ticket_in {
                add(rate, recargo_bp, -1, f.map(|v| -v));
            }
            if (from.as_str()..=to.as_str()).contains(&f3_day.as_str()) {
                add(rate, recargo_bp, 1, f);
                *day_rows.entry(f3_day).or_default() += 1;
            }
        }
        let mut totals: Vec<RateTotal> = sums
            .into_iter()
            .filter(|(_, (n, _))| *n > 0)
            .map(|((rate_bp, recargo_bp), (_, t))| RateTotal {
                rate_bp,
                recargo_bp,
                ..t
            })
            .collect();
        totals.sort_by_key(|t| (std::cmp::Reverse(t.rate_bp), t.recargo_bp));
        let row_count = usize::try_from(day_rows.values().sum::<i64>()).unwrap_or(0);
        // The days that hold rows first_row .. first_row + limit.
        let end = first_row.saturating_add(limit).min(row_count);
        let (mut before, mut at) = (0usize, 0usize);
        let (mut first_day, mut last_day) = (None, None);
        for (day, n) in &day_rows {
            let n = usize::try_from(*n).unwrap_or(0);
            if at + n > first_row && at < end {
                if first_day.is_none() {
                    first_day = Some(day.clone());
                    before = at;
                }
                last_day = Some(day.clone());
            }
            at += n;
        }
        let mut rows = match (first_day, last_day) {
            (Some(a), Some(b)) => {
                let days = Period::parse(&a, &b)
                    .map_err(|e| StoreError::Corrupt(format!("a rollup day: {e}")))?;
                self.book_rows(&days)?
            }
            _ => Vec::new(),
        };
        let skip = first_row.saturating_sub(before).min(rows.len());
        rows.drain(..skip);
        rows.truncate(end.saturating_sub(first_row));
        Ok(TaxBook {
            rows,
            totals,
            first_row,
            row_count,
        })
    }

    /// Every row of the book of `period` (the rollup refreshed), in date and number order.
    fn book_rows(&self, period: &Period) -> Result<Vec<TaxBookRow>, StoreError> {
        let (from, to) = (period.from_text(), period.to_text());
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
        let mut out: Vec<TaxBookRow> = rows
            .into_iter()
            .map(|(number, date, kind, tax_id, name, taxes, replaced_by)| {
                let (rate_bp, base, quota, recargo_bp, recargo, gross) = taxes;
                TaxBookRow {
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
                }
            })
            .collect();
        out.sort_by(|a, b| (&a.date, &a.number).cmp(&(&b.date, &b.number)));
        Ok(out)
    }
}

/// A rate and recargo rate from the rollup's key `rate|recargo`.
fn rate_key(key: &str) -> Result<(u32, u32), StoreError> {
    key.split_once('|')
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .ok_or_else(|| StoreError::Corrupt(format!("a tax book sum with key {key:?}")))
}
