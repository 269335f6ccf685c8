//! Day and shift (X / Z) report aggregates. Reports read the running totals kept per business day
//! and per shift (a few rows, whatever the number of sales); `recompute_totals` rebuilds those
//! rows from the documents for `caja check`.

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
                    recargo_bp: 0,
                    recargo: d,
                }),
                _ => return Err(StoreError::Corrupt(format!("totals metric {metric}"))),
            }
        }
        s.net_total = s.sales_total + s.returns_total;
        s.taxes.sort_by_key(|t| t.rate_bp);
        net_cash(&mut s.tenders, change_total);
        Ok(s)
    }

    /// The running totals as the documents define them, rebuilt in one pass over all documents,
    /// tenders and tax rows (for `caja check`): `(scope, metric, n, a, b, c, d)` sorted like
    /// `kept_totals`. No index on day or shift is needed, so sale commits write none.
    pub fn recompute_totals(&self) -> Result<Vec<TotalsRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "WITH scopes(id, scope) AS (
                 SELECT id, 'D' || business_day FROM documents WHERE training = 0
                 UNION ALL SELECT id, 'S' || shift_id FROM documents WHERE training = 0),
             parts(scope, metric, n, a, b, c, d) AS (
                 SELECT s.scope, 'doc:' || d.kind, 1, d.total, d.discount_total, d.rounding,
                        d.change_given
                     FROM scopes s JOIN documents d ON d.id = s.id
                 UNION ALL
                 SELECT s.scope, 'tender:' || t.kind, 1, t.amount, 0, 0, 0
                     FROM scopes s JOIN document_tenders t ON t.document_id = s.id
                 UNION ALL
                 SELECT s.scope, 'tax:' || x.rate_bp, 0, x.base, x.quota, x.gross, x.recargo
                     FROM scopes s JOIN document_taxes x ON x.document_id = s.id)
             SELECT scope, metric, sum(n), sum(a), sum(b), sum(c), sum(d) FROM parts
             GROUP BY scope, metric ORDER BY scope, metric",
        )?;
        collect_totals(&mut stmt)
    }

    /// The running totals as kept, sorted like `recompute_totals`.
    pub fn kept_totals(&self) -> Result<Vec<TotalsRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT scope, metric, n, a, b, c, d FROM totals ORDER BY scope, metric")?;
        collect_totals(&mut stmt)
    }
}

/// One row of running totals: scope (`D2026-11-28`, `S42`), metric (`doc:sale`, `tender:cash`,
/// `tax:2100`) and its five counters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalsRow {
    pub scope: String,
    pub metric: String,
    pub values: [i64; 5],
}

fn collect_totals(stmt: &mut rusqlite::Statement<'_>) -> Result<Vec<TotalsRow>, StoreError> {
    let rows = stmt.query_map([], |r| {
        Ok(TotalsRow {
            scope: r.get(0)?,
            metric: r.get(1)?,
            values: [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
