//! Aggregates for the day report and the X / Z shift reports, computed in SQL from document
//! headers, tenders and per-document tax rows (never from lines), so they stay fast.

use super::{Store, StoreError};
use crate::till::report::{SalesSummary, TenderTotal};
use crate::till::tax::TaxRow;
use crate::till::tender::TenderKind;

/// Which documents a summary covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Period<'a> {
    /// A business day, `YYYY-MM-DD`, all terminals.
    Day(&'a str),
    /// One shift.
    Shift(i64),
}

impl Period<'_> {
    fn filter(&self) -> &'static str {
        match self {
            Period::Day(_) => "d.business_day = ?1",
            Period::Shift(_) => "d.shift_id = ?1",
        }
    }

    fn param(&self) -> rusqlite::types::Value {
        match self {
            Period::Day(day) => rusqlite::types::Value::Text((*day).to_string()),
            Period::Shift(id) => rusqlite::types::Value::Integer(*id),
        }
    }
}

impl Store {
    /// Counts, totals per tender kind and per tax rate, and returns over a period.
    pub fn sales_summary(&self, period: &Period<'_>) -> Result<SalesSummary, StoreError> {
        let filter = period.filter();
        let p = period.param();
        let mut s = SalesSummary {
            sales_count: 0,
            sales_total: 0,
            returns_count: 0,
            returns_total: 0,
            net_total: 0,
            discount_total: 0,
            rounding_total: 0,
            tenders: Vec::new(),
            taxes: Vec::new(),
        };
        let mut change_total = 0i64;
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT d.kind, count(*), sum(d.total), sum(d.discount_total), sum(d.rounding),
                        sum(d.change_given)
                 FROM documents d WHERE {filter} GROUP BY d.kind"
            ))?;
            let mut rows = stmt.query([&p])?;
            while let Some(r) = rows.next()? {
                let kind: String = r.get(0)?;
                let (count, total): (i64, i64) = (r.get(1)?, r.get(2)?);
                s.discount_total += r.get::<_, i64>(3)?;
                s.rounding_total += r.get::<_, i64>(4)?;
                change_total += r.get::<_, i64>(5)?;
                if kind == "return" {
                    s.returns_count = count;
                    s.returns_total = total;
                } else {
                    s.sales_count = count;
                    s.sales_total = total;
                }
            }
        }
        s.net_total = s.sales_total + s.returns_total;
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT t.kind, sum(t.amount), count(*)
                 FROM documents d JOIN document_tenders t ON t.document_id = d.id
                 WHERE {filter} GROUP BY t.kind ORDER BY t.kind"
            ))?;
            let mut rows = stmt.query([&p])?;
            while let Some(r) = rows.next()? {
                let kind: String = r.get(0)?;
                let kind = TenderKind::parse(&kind).unwrap_or(TenderKind::Other);
                let mut amount: i64 = r.get(1)?;
                if kind == TenderKind::Cash {
                    amount -= change_total;
                }
                s.tenders.push(TenderTotal {
                    kind,
                    amount,
                    count: r.get(2)?,
                });
            }
        }
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT x.rate_bp, sum(x.base), sum(x.quota), sum(x.gross)
                 FROM documents d JOIN document_taxes x ON x.document_id = d.id
                 WHERE {filter} GROUP BY x.rate_bp ORDER BY x.rate_bp"
            ))?;
            s.taxes = stmt
                .query_map([&p], |r| {
                    Ok(TaxRow {
                        rate_bp: r.get(0)?,
                        base: r.get(1)?,
                        quota: r.get(2)?,
                        gross: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
        }
        Ok(s)
    }
}
