//! Stock counts (migration 019): the whole shop or one category, counted blind by scanning —
//! the expected quantity is never shown while counting. Each product's expected quantity is
//! the ledger's balance when it is first counted, so a sale before that is in it and a sale
//! after it moves the stock on as usual: the variance (counted − expected) is right however
//! long the count takes. The variance report (quantity and value) comes before the variances
//! are applied as one audited adjustment.

use super::stock::{Move, StockError, StockItem, check_quantity, not_tracked, record};
use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::quantity::Measure;
use crate::till::stock::{StockReason, Variance};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

/// A scan adds to what was counted of the product, or sets it (a recount).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tally {
    Add,
    Set,
}

/// What happens to products of the count's scope nobody counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uncounted {
    /// Left as the ledger has them.
    Keep,
    /// Counted as none: not on the shelf, not in the shop.
    Zero,
}

/// A count as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StockCount {
    pub id: i64,
    /// `None`: the whole shop.
    pub category: Option<String>,
    /// `open`, `applied` or `cancelled`.
    pub state: String,
    pub started_at: String,
    pub started_by: Option<String>,
    pub closed_at: Option<String>,
    /// Products counted so far.
    pub counted: i64,
}

/// A product of the variance report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountLine {
    pub product_id: i64,
    pub name: String,
    pub measure: Measure,
    pub expected_milli: i64,
    pub counted_milli: i64,
    pub variance_milli: i64,
    #[serde(rename = "cost_minor")]
    pub cost: Option<i64>,
    /// The variance at the product's cost (none when its cost is unknown).
    #[serde(rename = "value_minor")]
    pub value: Option<i64>,
    /// Not counted: its expected quantity is the ledger's now.
    pub uncounted: bool,
}

/// The variance report of a count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountReport {
    pub count: StockCount,
    /// Every counted product, then the scope's uncounted ones.
    pub lines: Vec<CountLine>,
}

impl CountReport {
    /// The variances' value (products of known cost; uncounted ones only when they count as
    /// zero).
    pub fn value(&self, uncounted: Uncounted) -> i64 {
        self.applied(uncounted).filter_map(|l| l.value).sum()
    }

    /// The lines an apply moves.
    pub fn applied(&self, uncounted: Uncounted) -> impl Iterator<Item = &CountLine> {
        self.lines.iter().filter(move |l| {
            l.variance_milli != 0 && (!l.uncounted || uncounted == Uncounted::Zero)
        })
    }
}

impl Store {
    /// Starts a count of the whole shop (`None`) or a category; one count is open at a time.
    pub fn start_count(&self, category: Option<&str>, who: &Author<'_>) -> Result<i64, StoreError> {
        let category = category.map(str::trim).filter(|c| !c.is_empty());
        if let Some(c) = category {
            let known: bool = self.conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM categories WHERE name = ?1)",
                [c],
                |r| r.get(0),
            )?;
            if !known {
                return Err(StoreError::NoSuchCategory { name: c.into() });
            }
        }
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let open: Option<(i64, Option<String>)> = tx
            .query_row(
                "SELECT id, category FROM stock_counts WHERE state = 'open' LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, scope)) = open {
            return Err(StoreError::Stock(StockError::CountOpen {
                id,
                scope: scope.unwrap_or_else(|| "the whole shop".into()),
            }));
        }
        tx.execute(
            "INSERT INTO stock_counts(category, started_at, started_by, uid) VALUES (?1, ?2, ?3, ?4)",
            params![category, who.at, who.user_id, super::outbox::new_uid()],
        )?;
        let id = tx.last_insert_rowid();
        who.audit(
            &tx,
            "stock_count_start",
            serde_json::json!({"count": id, "category": category}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The open count, if any.
    pub fn open_count(&self) -> Result<Option<StockCount>, StoreError> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM stock_counts WHERE state = 'open' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.stock_count(id)).transpose()
    }

    /// A count as listed.
    pub fn stock_count(&self, id: i64) -> Result<StockCount, StoreError> {
        self.conn
            .query_row(
                "SELECT c.id, c.category, c.state, c.started_at, u.name, c.closed_at,
                        (SELECT count(*) FROM stock_count_lines l WHERE l.count_id = c.id)
                 FROM stock_counts c LEFT JOIN users u ON u.id = c.started_by WHERE c.id = ?1",
                [id],
                |r| {
                    Ok(StockCount {
                        id: r.get(0)?,
                        category: r.get(1)?,
                        state: r.get(2)?,
                        started_at: r.get(3)?,
                        started_by: r.get(4)?,
                        closed_at: r.get(5)?,
                        counted: r.get(6)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::Stock(StockError::NoSuchCount { id }))
    }

    /// Counts a product (blind): adds `qty_milli` to what was counted of it, or sets it. The
    /// first count of a product takes its expected quantity from the ledger in the same
    /// transaction. Returns what has been counted of it so far (never what was expected).
    pub fn count_scan(
        &self,
        count_id: i64,
        product_id: i64,
        qty_milli: i64,
        tally: Tally,
        who: &Author<'_>,
    ) -> Result<i64, StoreError> {
        let item = self.stock_item(product_id)?;
        if !item.tracked {
            return Err(not_tracked(&item));
        }
        if !(tally == Tally::Set && qty_milli == 0) {
            check_quantity(&item, qty_milli)?;
        }
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let category = open_scope(&tx, count_id)?;
        if let Some(c) = category
            && c != item.category
        {
            return Err(StoreError::Stock(StockError::OutOfScope {
                product: item.name,
                category: c,
            }));
        }
        let counted: i64 = tx
            .prepare_cached(
                "INSERT INTO stock_count_lines(count_id, product_id, counted_milli, expected_milli,
                     first_at, last_at)
                 VALUES (?1, ?2, ?3, (SELECT stock_milli FROM products WHERE id = ?2), ?4, ?4)
                 ON CONFLICT (count_id, product_id) DO UPDATE SET
                     counted_milli = CASE WHEN ?5 THEN excluded.counted_milli
                                          ELSE counted_milli + excluded.counted_milli END,
                     last_at = excluded.last_at
                 RETURNING counted_milli",
            )?
            .query_row(
                params![count_id, product_id, qty_milli, who.at, tally == Tally::Set],
                |r| r.get(0),
            )?;
        tx.commit()?;
        Ok(counted)
    }

    /// The variance report: every counted product (expected, counted, variance, value at its
    /// cost), then the scope's tracked products nobody counted (expected: the ledger's now).
    pub fn count_report(&self, count_id: i64) -> Result<CountReport, StoreError> {
        let count = self.stock_count(count_id)?;
        let mut lines: Vec<CountLine> = {
            let mut stmt = self.conn.prepare(
                "SELECT l.product_id, p.name, p.measure, l.expected_milli, l.counted_milli, p.cost
                 FROM stock_count_lines l JOIN products p ON p.id = l.product_id
                 WHERE l.count_id = ?1 ORDER BY p.name",
            )?;
            let rows = stmt.query_map([count_id], |r| {
                let measure: String = r.get(2)?;
                let v = Variance {
                    expected_milli: r.get(3)?,
                    counted_milli: r.get(4)?,
                };
                let cost: Option<i64> = r.get(5)?;
                Ok(CountLine {
                    product_id: r.get(0)?,
                    name: r.get(1)?,
                    measure: Measure::parse(&measure).unwrap_or(Measure::Unit),
                    expected_milli: v.expected_milli,
                    counted_milli: v.counted_milli,
                    variance_milli: v.qty_milli(),
                    cost,
                    value: v.value(cost),
                    uncounted: false,
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let counted: std::collections::HashSet<i64> = lines.iter().map(|l| l.product_id).collect();
        for item in self.tracked_items(count.category.as_deref())? {
            if counted.contains(&item.product_id) {
                continue;
            }
            lines.push(uncounted_line(&item));
        }
        Ok(CountReport { count, lines })
    }

    /// Applies a count's variances as one audited adjustment (a `count` movement per product
    /// that differs) and closes it; returns the report as applied.
    pub fn apply_count(
        &self,
        count_id: i64,
        uncounted: Uncounted,
        who: &Author<'_>,
    ) -> Result<CountReport, StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        open_scope(&tx, count_id)?;
        // Read inside the write transaction: an uncounted product's stock cannot move between
        // the report and its movement.
        let report = self.count_report(count_id)?;
        let note = format!("count #{count_id}");
        for l in report.applied(uncounted) {
            record(
                &tx,
                &Move {
                    product_id: l.product_id,
                    qty_milli: l.variance_milli,
                    reason: StockReason::Count,
                    document_id: None,
                    user_id: who.user_id,
                    at: who.at,
                    terminal: who.terminal,
                    unit_cost: None,
                    ref_id: Some(count_id),
                    note: Some(&note),
                },
                &self.identity.uid,
            )?;
        }
        close(&tx, count_id, "applied", who)?;
        who.audit(
            &tx,
            "stock_count_apply",
            serde_json::json!({"count": count_id, "category": report.count.category,
                "counted": report.count.counted,
                "moved": report.applied(uncounted).count(),
                "uncounted": match uncounted { Uncounted::Keep => "keep", Uncounted::Zero => "zero" },
                "value": report.value(uncounted)}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        let mut applied = report;
        applied.count = self.stock_count(count_id)?;
        Ok(applied)
    }

    /// Cancels an open count: nothing moves (audited).
    pub fn cancel_count(&self, count_id: i64, who: &Author<'_>) -> Result<(), StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        open_scope(&tx, count_id)?;
        close(&tx, count_id, "cancelled", who)?;
        who.audit(
            &tx,
            "stock_count_cancel",
            serde_json::json!({"count": count_id}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Closes a count as `state` (applied or cancelled), by `who`.
fn close(tx: &Transaction<'_>, id: i64, state: &str, who: &Author<'_>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE stock_counts SET state = ?1, closed_at = ?2, closed_by = ?3 WHERE id = ?4",
        params![state, who.at, who.user_id, id],
    )?;
    Ok(())
}

fn uncounted_line(item: &StockItem) -> CountLine {
    let v = Variance {
        expected_milli: item.stock_milli,
        counted_milli: 0,
    };
    CountLine {
        product_id: item.product_id,
        name: item.name.clone(),
        measure: item.measure,
        expected_milli: v.expected_milli,
        counted_milli: 0,
        variance_milli: v.qty_milli(),
        cost: item.cost,
        value: v.value(item.cost),
        uncounted: true,
    }
}

/// An open count's category (`None`: the whole shop); an error when it is not open.
fn open_scope(tx: &Transaction<'_>, id: i64) -> Result<Option<String>, StoreError> {
    let row: Option<(Option<String>, String)> = tx
        .query_row(
            "SELECT category, state FROM stock_counts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Err(StoreError::Stock(StockError::NoSuchCount { id })),
        Some((category, state)) if state == "open" => Ok(category),
        Some(_) => Err(StoreError::Stock(StockError::CountClosed { id })),
    }
}
