//! Day and shift (X / Z) report aggregates. Reports read the running totals kept per business day
//! and per shift (a few rows, whatever the number of sales); `recompute_summary` rebuilds the same
//! figures from the documents for `caja check`.

use super::sales::{day_scope, shift_scope};
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

    fn scope(&self) -> String {
        match self {
            Period::Day(day) => day_scope(day),
            Period::Shift(id) => shift_scope(*id),
        }
    }
}

fn empty_summary() -> SalesSummary {
    SalesSummary {
        sales_count: 0,
        sales_total: 0,
        returns_count: 0,
        returns_total: 0,
        net_total: 0,
        discount_total: 0,
        rounding_total: 0,
        tenders: Vec::new(),
        taxes: Vec::new(),
    }
}

/// Cash is reported net of change given.
fn net_cash(tenders: &mut [TenderTotal], change_total: i64) {
    for t in tenders.iter_mut().filter(|t| t.kind == TenderKind::Cash) {
        t.amount -= change_total;
    }
}

impl Store {
    /// Counts, totals per tender kind and per tax rate, and returns over a period (from the
    /// running totals).
    pub fn sales_summary(&self, period: &Period<'_>) -> Result<SalesSummary, StoreError> {
        let mut s = empty_summary();
        let mut change_total = 0;
        let mut stmt = self.conn.prepare_cached(
            "SELECT metric, n, a, b, c, d FROM totals WHERE scope = ?1 ORDER BY metric",
        )?;
        let mut rows = stmt.query([period.scope()])?;
        while let Some(r) = rows.next()? {
            let metric: String = r.get(0)?;
            let (n, a, b, c, d): (i64, i64, i64, i64, i64) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
            match metric.split_once(':') {
                Some(("doc", kind)) => {
                    s.discount_total += b;
                    s.rounding_total += c;
                    change_total += d;
                    if kind == "return" {
                        (s.returns_count, s.returns_total) = (n, a);
                    } else {
                        (s.sales_count, s.sales_total) = (n, a);
                    }
                }
                Some(("tender", kind)) => s.tenders.push(TenderTotal {
                    kind: TenderKind::parse(kind).unwrap_or(TenderKind::Other),
                    amount: a,
                    count: n,
                }),
                Some(("tax", rate)) => s.taxes.push(TaxRow {
                    rate_bp: rate
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("totals metric {metric}")))?,
                    base: a,
                    quota: b,
                    gross: c,
                }),
                _ => return Err(StoreError::Corrupt(format!("totals metric {metric}"))),
            }
        }
        s.net_total = s.sales_total + s.returns_total;
        s.taxes.sort_by_key(|t| t.rate_bp);
        net_cash(&mut s.tenders, change_total);
        Ok(s)
    }

    /// The same summary rebuilt from the documents themselves (slow; for `caja check`).
    pub fn recompute_summary(&self, period: &Period<'_>) -> Result<SalesSummary, StoreError> {
        let filter = period.filter();
        let p = period.param();
        let mut s = empty_summary();
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
                    (s.returns_count, s.returns_total) = (count, total);
                } else {
                    (s.sales_count, s.sales_total) = (count, total);
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
                s.tenders.push(TenderTotal {
                    kind: TenderKind::parse(&kind).unwrap_or(TenderKind::Other),
                    amount: r.get(1)?,
                    count: r.get(2)?,
                });
            }
        }
        net_cash(&mut s.tenders, change_total);
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
        Ok(s)
    }
}
