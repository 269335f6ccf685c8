//! Sales reports over any period (migration 020). Each closed business day is summed once into
//! `sales_rollup` — per hour, category, product, cashier, terminal, tender, tax rate, the day's
//! total and loss-prevention events — when a report first needs it, in short transactions of
//! their own (never a sale's); today is summed live. A document added to a summed day (a late
//! sync, a restore) makes the day be summed again. Training documents never count.

use super::{Store, StoreError};
use crate::till::analytics::{Figures, Period, Row};
use rusqlite::{Connection, params};

/// One summed group of one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayRow {
    pub dim: &'static str,
    pub day: String,
    pub key: String,
    pub label: String,
    pub figures: Figures,
}

/// The dims summed per day.
pub const DIMS: [&str; 9] = [
    "total", "hour", "category", "product", "cashier", "terminal", "tender", "tax", "loss",
];

/// The tax-exclusive part of `t` (a line's tax-included total) at `r` basis points, rounded
/// half away from zero — `till::analytics::base_of` in SQL.
const LINE_BASE: &str = "(CASE WHEN l.total >= 0
        THEN (20000 * l.total + (10000 + l.tax_rate_bp)) / (2 * (10000 + l.tax_rate_bp))
        ELSE -((20000 * -l.total + (10000 + l.tax_rate_bp)) / (2 * (10000 + l.tax_rate_bp))) END)";

/// What a line's quantity cost at its unit cost, rounded half away from zero.
const LINE_COST: &str = "(CASE WHEN l.qty_milli >= 0
        THEN (l.qty_milli * l.unit_cost + 500) / 1000
        ELSE -((-l.qty_milli * l.unit_cost + 500) / 1000) END)";

/// The documents of days `?1` … `?2` that count.
const DOCS: &str = "d.business_day BETWEEN ?1 AND ?2 AND d.training = 0";

/// Document-level sums grouped by `key` (an SQL expression over `d`, with `label`).
fn doc_sql(key: &str, label: &str, join: &str) -> String {
    format!(
        "SELECT d.business_day, {key}, {label},
                sum(d.kind = 'sale'), sum(d.kind = 'return'), 0,
                sum(CASE WHEN d.kind = 'sale' THEN d.total ELSE 0 END),
                sum(CASE WHEN d.kind = 'return' THEN d.total ELSE 0 END),
                sum(d.discount_total), 0, 0, sum(d.recargo), 0, 0
         FROM documents d {join} WHERE {DOCS} GROUP BY d.business_day, {key}"
    )
}

/// Line-level sums grouped by `key` (over `l`, `d`, `p`).
fn line_sql(key: &str, label: &str) -> String {
    format!(
        "SELECT d.business_day, {key}, {label},
                count(DISTINCT CASE WHEN d.kind = 'sale' THEN d.id END),
                count(DISTINCT CASE WHEN d.kind = 'return' THEN d.id END),
                sum(l.qty_milli),
                sum(CASE WHEN d.kind = 'sale' THEN l.total ELSE 0 END),
                sum(CASE WHEN d.kind = 'return' THEN l.total ELSE 0 END),
                sum(l.line_discount + l.ticket_discount),
                sum({LINE_BASE}), 0, 0,
                sum(CASE WHEN l.unit_cost IS NOT NULL THEN {LINE_COST} ELSE 0 END),
                sum(CASE WHEN l.unit_cost IS NOT NULL THEN {LINE_BASE} ELSE 0 END)
         FROM documents d JOIN document_lines l ON l.document_id = d.id
         LEFT JOIN products p ON p.id = l.product_id
         WHERE {DOCS} GROUP BY d.business_day, {key}"
    )
}

fn queries() -> Vec<(&'static str, String)> {
    vec![
        (
            "hour",
            doc_sql("substr(d.created_at, 12, 2)", "substr(d.created_at, 12, 2)", ""),
        ),
        (
            "cashier",
            doc_sql(
                "CAST(d.user_id AS TEXT)",
                "coalesce(max(u.name), '#' || d.user_id)",
                "LEFT JOIN users u ON u.id = d.user_id",
            ),
        ),
        ("terminal", doc_sql("d.terminal", "d.terminal", "")),
        (
            "category",
            line_sql("coalesce(p.category, '')", "coalesce(p.category, '')"),
        ),
        (
            "product",
            line_sql("CAST(l.product_id AS TEXT)", "max(l.name)"),
        ),
        (
            "tender",
            format!(
                "SELECT d.business_day, t.kind, t.kind,
                        count(DISTINCT CASE WHEN d.kind = 'sale' THEN d.id END),
                        count(DISTINCT CASE WHEN d.kind = 'return' THEN d.id END), 0,
                        sum(CASE WHEN d.kind = 'sale' THEN t.amount
                            - (CASE WHEN t.kind = 'cash' THEN d.change_given ELSE 0 END) ELSE 0 END),
                        sum(CASE WHEN d.kind = 'return' THEN t.amount ELSE 0 END),
                        0, 0, 0, 0, 0, 0
                 FROM documents d JOIN document_tenders t ON t.document_id = d.id
                 WHERE {DOCS} GROUP BY d.business_day, t.kind"
            ),
        ),
        (
            "tax",
            format!(
                "SELECT d.business_day, CAST(x.rate_bp AS TEXT), CAST(x.rate_bp AS TEXT),
                        sum(d.kind = 'sale'), sum(d.kind = 'return'), 0,
                        sum(CASE WHEN d.kind = 'sale' THEN x.gross ELSE 0 END),
                        sum(CASE WHEN d.kind = 'return' THEN x.gross ELSE 0 END),
                        0, sum(x.base), sum(x.quota), sum(x.recargo), 0, 0
                 FROM documents d JOIN document_taxes x ON x.document_id = d.id
                 WHERE {DOCS} GROUP BY d.business_day, x.rate_bp"
            ),
        ),
        (
            "loss",
            format!(
                "SELECT d.business_day,
                        'refund|' || d.user_id || '|' || coalesce(d.approved_by, ''),
                        '', 0, count(*), 0, 0, sum(d.total), 0, 0, 0, 0, 0, 0
                 FROM documents d WHERE {DOCS} AND d.kind = 'return'
                 GROUP BY d.business_day, d.user_id, d.approved_by"
            ),
        ),
    ]
}

/// The loss-prevention events the audit trail holds (a return is counted from its document).
const LOSS_EVENTS: &str =
    "'void_line', 'line_discount', 'ticket_discount', 'price_override', 'no_sale'";

fn read_rows(
    conn: &Connection,
    dim: &'static str,
    sql: &str,
    from: &str,
    to: &str,
    out: &mut Vec<DayRow>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok(DayRow {
            dim,
            day: r.get(0)?,
            key: r.get(1)?,
            label: r.get(2)?,
            figures: Figures {
                tickets: r.get(3)?,
                returns: r.get(4)?,
                qty_milli: r.get(5)?,
                sales: r.get(6)?,
                refunds: r.get(7)?,
                discount: r.get(8)?,
                base: r.get(9)?,
                quota: r.get(10)?,
                recargo: r.get(11)?,
                cost: r.get(12)?,
                costed: r.get(13)?,
            },
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    Ok(())
}

/// Every day's sums from `from` to `to` (business days, inclusive), read from the documents
/// and the audit trail.
fn sum_days(conn: &Connection, from: &str, to: &str) -> Result<Vec<DayRow>, StoreError> {
    let mut out = Vec::new();
    for (dim, sql) in queries() {
        read_rows(conn, dim, &sql, from, to, &mut out)?;
    }
    // Loss events of the audit trail: its rows of those days (found by id: the trail is in time
    // order), by event, who and the approving manager.
    let first = audit_id_at(conn, from)?;
    let last = audit_id_at(conn, &next_day(to))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT substr(at, 1, 10), event || '|' || coalesce(user_id, '') || '|'
                    || coalesce(json_extract(detail, '$.approved_by'), ''),
                '', count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
         FROM audit_log WHERE id >= ?1 AND id < ?2 AND event IN ({LOSS_EVENTS})
         GROUP BY 1, 2"
    ))?;
    let rows = stmt.query_map(params![first, last], |r| {
        Ok(DayRow {
            dim: "loss",
            day: r.get(0)?,
            key: r.get(1)?,
            label: r.get(2)?,
            figures: Figures {
                tickets: r.get(3)?,
                ..Figures::default()
            },
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    // Each day's total: its documents (from the cashiers' sums, one cashier per document), its
    // tax (from the rates') and its goods and their cost (from the categories').
    let mut totals: std::collections::BTreeMap<String, Figures> = Default::default();
    for r in &out {
        let t = totals.entry(r.day.clone()).or_default();
        match r.dim {
            "cashier" => {
                t.tickets += r.figures.tickets;
                t.returns += r.figures.returns;
                t.sales += r.figures.sales;
                t.refunds += r.figures.refunds;
                t.discount += r.figures.discount;
                t.recargo += r.figures.recargo;
            }
            "tax" => {
                t.base += r.figures.base;
                t.quota += r.figures.quota;
            }
            "category" => {
                t.qty_milli += r.figures.qty_milli;
                t.cost += r.figures.cost;
                t.costed += r.figures.costed;
            }
            _ => {}
        }
    }
    for (day, figures) in totals {
        out.push(DayRow {
            dim: "total",
            key: day.clone(),
            label: day.clone(),
            day,
            figures,
        });
    }
    Ok(out)
}

/// The day after a `YYYY-MM-DD` day (text; a bad day stays as it is).
fn next_day(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| {
            (d + chrono::Duration::days(1))
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_else(|_| day.to_string())
}

/// The first audit row at or after the start of `day` (one past the last when none), by a
/// binary search over ids: the trail is written in time order.
fn audit_id_at(conn: &Connection, day: &str) -> Result<i64, StoreError> {
    let (lo, hi): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT min(id), max(id) FROM audit_log", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (Some(mut lo), Some(hi)) = (lo, hi) else {
        return Ok(0);
    };
    let mut hi = hi + 1;
    let mut at = conn.prepare_cached(
        "SELECT substr(at, 1, 10) FROM audit_log WHERE id >= ?1 ORDER BY id LIMIT 1",
    )?;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let when: String = at.query_row([mid], |r| r.get(0))?;
        if when.as_str() < day {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

impl Store {
    /// Sums into the rollup every day before `today` that a report may read and that is not
    /// summed yet (or got a document since); answers how many days were summed.
    pub fn refresh_rollup(&self, today: &str) -> Result<usize, StoreError> {
        let seen: i64 = self
            .conn
            .query_row(
                "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'reports.rollup_seen'",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        let newest: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM documents", [], |r| {
                    r.get(0)
                })?;
        if newest == seen && self.rollup_complete(today)? {
            return Ok(0);
        }
        // Days a newer document belongs to are summed again; then every day not summed.
        let touched: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT business_day FROM documents WHERE id > ?1 AND business_day < ?2",
            )?;
            let rows = stmt.query_map(params![seen, today], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let missing: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT d.business_day FROM documents d
                 WHERE d.business_day < ?1
                   AND NOT EXISTS (SELECT 1 FROM sales_rollup_days s WHERE s.day = d.business_day)",
            )?;
            let rows = stmt.query_map([today], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut days: Vec<String> = touched.into_iter().chain(missing).collect();
        days.sort();
        days.dedup();
        // A month at a time: each its own short transaction.
        for chunk in days.chunk_by(|a, b| a.get(..7) == b.get(..7)) {
            let (Some(from), Some(to)) = (chunk.first(), chunk.last()) else {
                continue;
            };
            let rows = sum_days(&self.conn, from, to)?;
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            for day in chunk {
                tx.execute("DELETE FROM sales_rollup WHERE day = ?1", [day])?;
                tx.execute(
                    "INSERT OR REPLACE INTO sales_rollup_days(day, last_id) VALUES (?1, ?2)",
                    params![day, newest],
                )?;
            }
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO sales_rollup(day, dim, key, label, tickets, returns, qty_milli,
                         sales, refunds, discount, base, quota, recargo, cost, costed)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                )?;
                for r in rows.iter().filter(|r| chunk.contains(&r.day)) {
                    let f = &r.figures;
                    insert.execute(params![
                        r.day,
                        r.dim,
                        r.key,
                        r.label,
                        f.tickets,
                        f.returns,
                        f.qty_milli,
                        f.sales,
                        f.refunds,
                        f.discount,
                        f.base,
                        f.quota,
                        f.recargo,
                        f.cost,
                        f.costed
                    ])?;
                }
            }
            tx.commit()?;
        }
        self.conn.execute(
            "UPDATE settings SET value = ?1 WHERE key = 'reports.rollup_seen'",
            [newest.to_string()],
        )?;
        Ok(days.len())
    }

    /// Whether every day with documents before `today` is summed.
    fn rollup_complete(&self, today: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM documents d WHERE d.business_day < ?1
                AND NOT EXISTS (SELECT 1 FROM sales_rollup_days s WHERE s.day = d.business_day))",
            [today],
            |r| r.get(0),
        )?)
    }

    /// The groups of `dim` over `period`, each day's (`per_day`: keyed by day) or summed over
    /// the period: the summed days' rollup, and days from `today` on read live. Call
    /// `refresh_rollup` first.
    pub fn report_rows(
        &self,
        dim: &'static str,
        period: &Period,
        today: &str,
    ) -> Result<Vec<Row>, StoreError> {
        let (from, to) = (period.from_text(), period.to_text());
        let mut out = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT key, max(label), sum(tickets), sum(returns), sum(qty_milli), sum(sales),
                        sum(refunds), sum(discount), sum(base), sum(quota), sum(recargo),
                        sum(cost), sum(costed)
                 FROM sales_rollup WHERE dim = ?1 AND day BETWEEN ?2 AND ?3 AND day < ?4
                 GROUP BY key",
            )?;
            let rows = stmt.query_map(params![dim, from, to, today], |r| {
                Ok(Row {
                    key: r.get(0)?,
                    label: r.get(1)?,
                    figures: Figures {
                        tickets: r.get(2)?,
                        returns: r.get(3)?,
                        qty_milli: r.get(4)?,
                        sales: r.get(5)?,
                        refunds: r.get(6)?,
                        discount: r.get(7)?,
                        base: r.get(8)?,
                        quota: r.get(9)?,
                        recargo: r.get(10)?,
                        cost: r.get(11)?,
                        costed: r.get(12)?,
                    },
                })
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        if to.as_str() >= today {
            let live_from = if from.as_str() > today {
                from.clone()
            } else {
                today.to_string()
            };
            for r in sum_days(&self.conn, &live_from, &to)? {
                if r.dim == dim {
                    out.push(Row {
                        key: r.key,
                        label: r.label,
                        figures: r.figures,
                    });
                }
            }
        }
        Ok(crate::till::analytics::merge(out))
    }

    /// The same sums read straight from the documents (no rollup): what the tests check the
    /// rollup against.
    pub fn report_rows_direct(
        &self,
        dim: &'static str,
        period: &Period,
    ) -> Result<Vec<Row>, StoreError> {
        let rows = sum_days(&self.conn, &period.from_text(), &period.to_text())?;
        Ok(crate::till::analytics::merge(
            rows.into_iter().filter(|r| r.dim == dim).map(|r| Row {
                key: r.key,
                label: r.label,
                figures: r.figures,
            }),
        ))
    }

    /// Names of users by id (for the loss report's keys).
    pub fn user_names(&self) -> Result<std::collections::HashMap<i64, String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM users")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
