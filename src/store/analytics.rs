//! Sales reports over any period (migration 020). Every document is added once into
//! `sales_rollup` — its business day's sums per hour, category, product, cashier, terminal,
//! tender, tax rate, the day's total — and every loss-prevention event of the audit trail, when
//! a report is asked for: the documents and audit rows after the last ones added, read by primary
//! key (no day index is written by a sale), in short transactions of their own, never a sale's.
//! Documents are never changed, only added, so a sum only grows; a late document of an old day
//! (a sync, a restore) simply joins that day. Training documents never count.

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
    /// The first and last document summed (document-level dims).
    pub ids: Option<(i64, i64)>,
}

/// The dims summed per day.
pub const DIMS: [&str; 10] = [
    "total", "hour", "category", "product", "cashier", "terminal", "tender", "tax", "tax_book",
    "loss",
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

/// The documents after `?1` up to `?2` (ids) that count.
const DOCS: &str = "d.id > ?1 AND d.id <= ?2 AND d.training = 0";

/// Document-level sums grouped by `key` (an SQL expression over `d`, with `label`).
fn doc_sql(key: &str, label: &str, join: &str) -> String {
    format!(
        "SELECT d.business_day, {key}, {label},
                sum(d.kind = 'sale'), sum(d.kind = 'return'), 0,
                sum(CASE WHEN d.kind = 'sale' THEN d.total ELSE 0 END),
                sum(CASE WHEN d.kind = 'return' THEN d.total ELSE 0 END),
                sum(d.discount_total), 0, 0, sum(d.recargo), 0, 0, min(d.id), max(d.id)
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
                sum(CASE WHEN l.unit_cost IS NOT NULL THEN {LINE_BASE} ELSE 0 END), NULL, NULL
         FROM documents d CROSS JOIN document_lines l ON l.document_id = d.id
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
                        0, 0, 0, 0, 0, 0, NULL, NULL
                 FROM documents d CROSS JOIN document_tenders t ON t.document_id = d.id
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
                        0, sum(x.base), sum(x.quota), sum(x.recargo), 0, 0, NULL, NULL
                 FROM documents d CROSS JOIN document_taxes x ON x.document_id = d.id
                 WHERE {DOCS} GROUP BY d.business_day, x.rate_bp"
            ),
        ),
        (
            // The tax book's rows per rate and recargo rate: how many (sales', returns'), and
            // what they come to.
            "tax_book",
            format!(
                "SELECT d.business_day, x.rate_bp || '|' || x.recargo_bp, '',
                        sum(d.kind = 'sale'), sum(d.kind = 'return'), 0,
                        sum(CASE WHEN d.kind = 'sale' THEN x.gross ELSE 0 END),
                        sum(CASE WHEN d.kind = 'return' THEN x.gross ELSE 0 END),
                        0, sum(x.base), sum(x.quota), sum(x.recargo), 0, 0, NULL, NULL
                 FROM documents d CROSS JOIN document_taxes x ON x.document_id = d.id
                 WHERE {DOCS} GROUP BY d.business_day, x.rate_bp, x.recargo_bp"
            ),
        ),
        (
            "loss",
            format!(
                "SELECT d.business_day,
                        'refund|' || d.user_id || '|' || coalesce(d.approved_by, ''),
                        '', 0, count(*), 0, 0, sum(d.total), 0, 0, 0, 0, 0, 0, NULL, NULL
                 FROM documents d WHERE {DOCS} AND d.kind = 'return'
                 GROUP BY d.business_day, d.user_id, d.approved_by"
            ),
        ),
    ]
}

/// The loss-prevention events the audit trail holds (a return is counted from its document).
const LOSS_EVENTS: &str =
    "'void_line', 'line_discount', 'ticket_discount', 'price_override', 'no_sale'";

/// The eleven figures a sum's row holds from column `first` on, in `Figures`' order.
fn figures_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Figures> {
    let at = |i: usize| r.get::<_, i64>(first + i);
    Ok(Figures {
        tickets: at(0)?,
        returns: at(1)?,
        qty_milli: at(2)?,
        sales: at(3)?,
        refunds: at(4)?,
        discount: at(5)?,
        base: at(6)?,
        quota: at(7)?,
        recargo: at(8)?,
        cost: at(9)?,
        costed: at(10)?,
    })
}

fn read_rows(
    conn: &Connection,
    dim: &'static str,
    sql: &str,
    (after, upto): (i64, i64),
    out: &mut Vec<DayRow>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![after, upto], |r| {
        Ok(DayRow {
            dim,
            day: r.get(0)?,
            key: r.get(1)?,
            label: r.get(2)?,
            figures: figures_at(r, 3)?,
            ids: match (r.get::<_, Option<i64>>(14)?, r.get::<_, Option<i64>>(15)?) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    Ok(())
}

/// The day sums of the documents `docs` (ids after .0 up to .1) and the loss events of the
/// audit rows `audit` (the same), of the dims `only` (all when empty).
fn sum_days(
    conn: &Connection,
    docs: (i64, i64),
    audit: (i64, i64),
    only: &[&str],
) -> Result<Vec<DayRow>, StoreError> {
    // A day's total is made of the cashiers', the rates' and the categories' sums.
    let wanted = |dim: &str| {
        only.is_empty()
            || only.contains(&dim)
            || (only.contains(&"total") && ["cashier", "tax", "category"].contains(&dim))
    };
    let mut out = Vec::new();
    for (dim, sql) in queries() {
        if wanted(dim) {
            read_rows(conn, dim, &sql, docs, &mut out)?;
        }
    }
    if wanted("loss") {
        // Loss events of the audit trail, by day, event, who and the approving manager.
        let sql = format!(
            "SELECT substr(at, 1, 10), event || '|' || coalesce(user_id, '') || '|'
                        || coalesce(json_extract(detail, '$.approved_by'), ''),
                    '', count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL
             FROM audit_log WHERE id > ?1 AND id <= ?2 AND event IN ({LOSS_EVENTS})
             GROUP BY 1, 2"
        );
        read_rows(conn, "loss", &sql, audit, &mut out)?;
    }
    Ok(finish_totals(out, wanted("total")))
}

/// Adds each day's total to the rows (when `with_total`).
fn finish_totals(mut out: Vec<DayRow>, with_total: bool) -> Vec<DayRow> {
    if !with_total {
        return out;
    }
    // Each day's total: its documents (from the cashiers' sums, one cashier per document), its
    // tax (from the rates') and its goods and their cost (from the categories').
    let mut totals: std::collections::BTreeMap<String, (Figures, Option<(i64, i64)>)> =
        Default::default();
    for r in &out {
        let (t, ids) = totals.entry(r.day.clone()).or_default();
        match r.dim {
            "cashier" => {
                if let Some((a, b)) = r.ids {
                    *ids = Some(ids.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
                }
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
    for (day, (figures, ids)) in totals {
        out.push(DayRow {
            dim: "total",
            key: day.clone(),
            label: day.clone(),
            day,
            figures,
            ids,
        });
    }
    // Products by month too.
    let months: Vec<DayRow> = out
        .iter()
        .filter(|r| r.dim == "product")
        .map(|r| DayRow {
            dim: "product_month",
            day: format!("{}-01", r.day.get(..7).unwrap_or(&r.day)),
            ..r.clone()
        })
        .collect();
    out.extend(months);
    out
}

impl Store {
    /// Adds to the rollup the documents and audit rows after the last ones added (all of them
    /// the first time, 20,000 documents a transaction); answers how many documents were added.
    /// Cheap when nothing is new: two primary-key reads.
    pub fn refresh_rollup(&self) -> Result<usize, StoreError> {
        let setting = |key: &str| -> i64 {
            self.conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get::<_, String>(0)
                })
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        let (mut seen, mut audit_seen) = (
            setting("reports.rollup_seen"),
            setting("reports.rollup_audit_seen"),
        );
        let newest: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM documents", [], |r| {
                    r.get(0)
                })?;
        let audit_newest: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                    r.get(0)
                })?;
        let mut added = 0;
        while seen < newest || audit_seen < audit_newest {
            let upto = newest.min(seen + 20_000);
            // The audit rows of the same stretch (the trail is in time order): all of them with
            // the last stretch.
            let audit_upto = if upto == newest {
                audit_newest
            } else {
                self.conn
                    .query_row(
                        "SELECT coalesce(max(id), ?1) FROM audit_log WHERE at <= ?2",
                        params![
                            audit_seen,
                            self.conn.query_row(
                                "SELECT created_at FROM documents WHERE id = ?1",
                                [upto],
                                |r| r.get::<_, String>(0)
                            )?
                        ],
                        |r| r.get::<_, i64>(0),
                    )?
                    .max(audit_seen)
            };
            let rows = sum_days(&self.conn, (seen, upto), (audit_seen, audit_upto), &[])?;
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            {
                let mut add = tx.prepare_cached(
                    "INSERT INTO sales_rollup(day, dim, key, label, tickets, returns, qty_milli,
                         sales, refunds, discount, base, quota, recargo, cost, costed,
                         first_id, last_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                             ?16, ?17)
                     ON CONFLICT (dim, day, key) DO UPDATE SET
                         first_id = min(coalesce(first_id, excluded.first_id), excluded.first_id),
                         last_id = max(coalesce(last_id, excluded.last_id), excluded.last_id),
                         label = excluded.label,
                         tickets = tickets + excluded.tickets,
                         returns = returns + excluded.returns,
                         qty_milli = qty_milli + excluded.qty_milli,
                         sales = sales + excluded.sales,
                         refunds = refunds + excluded.refunds,
                         discount = discount + excluded.discount,
                         base = base + excluded.base,
                         quota = quota + excluded.quota,
                         recargo = recargo + excluded.recargo,
                         cost = cost + excluded.cost,
                         costed = costed + excluded.costed",
                )?;
                for r in &rows {
                    let f = &r.figures;
                    add.execute(params![
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
                        f.costed,
                        r.ids.map(|i| i.0),
                        r.ids.map(|i| i.1)
                    ])?;
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES
                     ('reports.rollup_seen', ?1), ('reports.rollup_audit_seen', ?2)",
                params![upto.to_string(), audit_upto.to_string()],
            )?;
            tx.commit()?;
            added += usize::try_from(upto - seen).unwrap_or(0);
            seen = upto;
            audit_seen = audit_upto;
        }
        Ok(added)
    }

    /// The groups of `dim` over `period`, summed over its days from the rollup (call
    /// `refresh_rollup` first). Products read whole months from their monthly sums and only the
    /// partial months at the ends day by day.
    pub fn report_rows(&self, dim: &'static str, period: &Period) -> Result<Vec<Row>, StoreError> {
        if dim != "product" {
            return self.rollup_rows(dim, &period.from_text(), &period.to_text());
        }
        let (whole, ends) = crate::till::analytics::whole_months(period);
        let mut rows = Vec::new();
        if let Some((first, last)) = whole {
            rows.extend(self.rollup_rows(
                "product_month",
                &first.format("%Y-%m-%d").to_string(),
                &last.format("%Y-%m-%d").to_string(),
            )?);
        }
        for p in ends {
            rows.extend(self.rollup_rows("product", &p.from_text(), &p.to_text())?);
        }
        Ok(crate::till::analytics::merge(rows))
    }

    /// The first and last document of the days of `period` (none when it has none), from the
    /// rollup's day totals: every document of those days is in that range.
    pub fn documents_of(&self, period: &Period) -> Result<Option<(i64, i64)>, StoreError> {
        let (a, b): (Option<i64>, Option<i64>) = self.conn.query_row(
            "SELECT min(first_id), max(last_id) FROM sales_rollup
             WHERE dim = 'total' AND day BETWEEN ?1 AND ?2",
            params![period.from_text(), period.to_text()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(a.zip(b))
    }

    fn rollup_rows(&self, dim: &str, from: &str, to: &str) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, max(label), sum(tickets), sum(returns), sum(qty_milli), sum(sales),
                    sum(refunds), sum(discount), sum(base), sum(quota), sum(recargo),
                    sum(cost), sum(costed)
             FROM sales_rollup WHERE dim = ?1 AND day BETWEEN ?2 AND ?3
             GROUP BY key",
        )?;
        let rows = stmt.query_map(params![dim, from, to], |r| {
            Ok(Row {
                key: r.get(0)?,
                label: r.get(1)?,
                figures: figures_at(r, 2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The same sums read straight from every document and audit row (no rollup), kept to the
    /// days of `period`: what the tests check the rollup against.
    pub fn report_rows_direct(
        &self,
        dim: &'static str,
        period: &Period,
    ) -> Result<Vec<Row>, StoreError> {
        let rows = sum_days(&self.conn, (0, i64::MAX), (0, i64::MAX), &[dim])?;
        let (from, to) = (period.from_text(), period.to_text());
        Ok(crate::till::analytics::merge(
            rows.into_iter()
                .filter(|r| r.dim == dim && r.day >= from && r.day <= to)
                .map(|r| Row {
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
