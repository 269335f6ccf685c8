//! The stock ledger (migration 019): every change of a stock-tracked product's stock is a
//! movement — a sale, a return, a goods receipt, an adjustment, a count — with who, when, why
//! and the balance after it. `products.stock_milli` is only ever moved by a movement, in the
//! movement's transaction. A sale's or return's line is its own movement (`sales.rs` writes its
//! balance and link); the others are rows of `stock_movements`, written here. A product's
//! movements are linked newest to oldest from `products.last_movement_id` (a node: > 0 a
//! movement row, < 0 a document line, `line_node`), so its ledger is read by primary key and a
//! sale writes no index for it. Products that are not tracked move nothing.

use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::quantity::Measure;
use crate::till::stock::{Reorder, StockReason};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

/// What stock work refuses, and what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StockError {
    #[error("«{product}» is not stock-tracked; mark it tracked in its form first")]
    NotTracked { product: String },
    #[error("no product has the code «{code}»")]
    NoSuchCode { code: String },
    #[error(
        "«{reason}» is not an adjustment's reason: waste, breakage, theft, own_use or correction"
    )]
    NotAnAdjustment { reason: String },
    #[error("an adjustment moves some quantity; 0 moves nothing")]
    ZeroQuantity,
    #[error("a quantity must be more than 0 (got {qty})")]
    QuantityNotPositive { qty: String },
    #[error("«{product}» is sold by the unit: a whole number is needed, not {qty}")]
    NotWhole { product: String, qty: String },
    #[error("a supplier needs a name")]
    SupplierNameRequired,
    #[error("the supplier «{name}» exists already")]
    SupplierTaken { name: String },
    #[error("there is no supplier «{name}»; add it first (caja stock supplier add)")]
    NoSuchSupplier { name: String },
    #[error("a goods receipt needs the delivery note's number")]
    DeliveryNoteRequired,
    #[error("a goods receipt needs at least one line")]
    ReceiptEmpty,
    #[error("there is no goods receipt #{id}")]
    NoSuchReceipt { id: i64 },
    #[error("goods receipt #{id} is posted already; correct it with an adjustment")]
    ReceiptPosted { id: i64 },
    #[error("the delivery note {note} of {supplier} was posted already (goods receipt #{id})")]
    DeliveryNotePosted {
        supplier: String,
        note: String,
        id: i64,
    },
    #[error("there is no stock count #{id}")]
    NoSuchCount { id: i64 },
    #[error("no stock count is open; start one first")]
    NoOpenCount,
    #[error("stock count #{id} is closed already")]
    CountClosed { id: i64 },
    #[error("«{product}» is not in this count (it counts the category «{category}»)")]
    OutOfScope { product: String, category: String },
    #[error("a count of {scope} is open already (#{id}); go on with it, or cancel it first")]
    CountOpen { id: i64, scope: String },
    #[error("the reorder point must be 0 or more and the quantity more than 0")]
    BadReorder,
}

/// A movement to record.
#[derive(Clone, Debug)]
pub(super) struct Move<'a> {
    pub product_id: i64,
    pub qty_milli: i64,
    pub reason: StockReason,
    pub document_id: Option<i64>,
    pub user_id: Option<i64>,
    pub at: &'a str,
    pub terminal: &'a str,
    pub unit_cost: Option<i64>,
    pub ref_id: Option<i64>,
    pub note: Option<&'a str>,
}

/// The ledger node of a document's line (`-(document_id × 65536 + line_no)`), when its number
/// fits; a line past that is given a movement row instead.
pub(super) fn line_node(document_id: i64, line_no: i64) -> Option<i64> {
    (0..65_536)
        .contains(&line_no)
        .then(|| document_id.checked_mul(65_536)?.checked_add(line_no))
        .flatten()
        .map(|n| -n)
}

/// Moves a product's stock by a movement inside the caller's transaction; returns the balance
/// after it, or `None` when the product is not stock-tracked (nothing is written).
pub(super) fn record(
    tx: &Transaction<'_>,
    m: &Move<'_>,
    store_id: &str,
) -> Result<Option<i64>, StoreError> {
    // Two statements on pages the sale dirties anyway: the movement with the balance after it
    // and its link, read from the product's row (no row when it is not tracked), then the
    // product's stock and last movement.
    let balance: Option<i64> = tx
        .prepare_cached(
            "INSERT INTO stock_movements(product_id, document_id, qty_milli, reason, created_at,
                 uid, store_id, terminal, user_id, balance_milli, prev_id, unit_cost, ref_id, note)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, stock_milli + ?3, last_movement_id,
                    ?10, ?11, ?12
             FROM products WHERE id = ?1 AND stock_tracked = 1
             RETURNING balance_milli",
        )?
        .query_row(
            params![
                m.product_id,
                m.document_id,
                m.qty_milli,
                m.reason.as_str(),
                m.at,
                super::outbox::new_uid(),
                store_id,
                m.terminal,
                m.user_id,
                m.unit_cost,
                m.ref_id,
                m.note
            ],
            |r| r.get(0),
        )
        .optional()?;
    let Some(balance) = balance else {
        return Ok(None);
    };
    tx.prepare_cached("UPDATE products SET stock_milli = ?1, last_movement_id = ?2 WHERE id = ?3")?
        .execute(params![balance, tx.last_insert_rowid(), m.product_id])?;
    Ok(Some(balance))
}

/// A stock-tracked product as stock work reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StockItem {
    pub product_id: i64,
    pub name: String,
    pub category: String,
    pub sku: Option<String>,
    pub measure: Measure,
    pub stock_milli: i64,
    #[serde(rename = "cost_minor")]
    pub cost: Option<i64>,
    pub tracked: bool,
    pub reorder: Option<Reorder>,
    pub supplier: Option<String>,
}

const ITEM_COLUMNS: &str = "p.id, p.name, p.category, p.sku, p.measure, p.stock_milli, p.cost,
    p.stock_tracked, p.reorder_point_milli, p.reorder_qty_milli, s.name";

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StockItem> {
    let measure: String = r.get(4)?;
    let point: Option<i64> = r.get(8)?;
    Ok(StockItem {
        product_id: r.get(0)?,
        name: r.get(1)?,
        category: r.get(2)?,
        sku: r.get(3)?,
        measure: Measure::parse(&measure).unwrap_or(Measure::Unit),
        stock_milli: r.get(5)?,
        cost: r.get(6)?,
        tracked: r.get(7)?,
        reorder: point.map(|point_milli| Reorder {
            point_milli,
            qty_milli: r.get(9).ok().flatten(),
        }),
        supplier: r.get(10)?,
    })
}

/// One row of a product's ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    pub id: i64,
    pub at: String,
    pub reason: StockReason,
    pub qty_milli: i64,
    pub balance_milli: i64,
    /// Who moved it (the cashier of a sale); `None` for an opening balance.
    pub user: Option<String>,
    pub terminal: Option<String>,
    /// The sale's or return's number.
    pub document: Option<String>,
    #[serde(rename = "unit_cost_minor")]
    pub unit_cost: Option<i64>,
    /// The goods receipt or count it belongs to.
    pub ref_id: Option<i64>,
    pub note: Option<String>,
}

impl LedgerRow {
    /// Sold (or moved) below zero: flagged, never refused.
    pub fn below_zero(&self) -> bool {
        self.balance_milli < 0
    }
}

impl Store {
    /// A product found by any of its codes (barcode, PLU, SKU), for stock work.
    pub fn stock_item_by_code(&self, code: &str) -> Result<StockItem, StoreError> {
        let code = code.trim();
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT product_id FROM product_codes WHERE code = ?1
                 UNION ALL SELECT id FROM products WHERE sku = ?1 LIMIT 1",
                [code],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.stock_item(id),
            None => Err(StoreError::Stock(StockError::NoSuchCode {
                code: code.to_string(),
            })),
        }
    }

    /// A product's stock fields.
    pub fn stock_item(&self, product_id: i64) -> Result<StockItem, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {ITEM_COLUMNS} FROM products p
                     LEFT JOIN suppliers s ON s.id = p.supplier_id WHERE p.id = ?1"
                ),
                [product_id],
                item_from_row,
            )
            .optional()?
            .ok_or(StoreError::NoSuchProduct { id: product_id })
    }

    /// A product's ledger, newest first: at most `limit` movements (read along the product's
    /// own links, by primary key).
    pub fn stock_ledger(
        &self,
        product_id: i64,
        limit: usize,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        let mut next: Option<i64> = self
            .conn
            .query_row(
                "SELECT last_movement_id FROM products WHERE id = ?1",
                [product_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NoSuchProduct { id: product_id })?;
        let mut movement = self.conn.prepare_cached(
            "SELECT m.id, m.created_at, m.reason, m.qty_milli, m.balance_milli, u.name,
                    m.terminal, d.series || '-' || printf('%06d', d.number), m.unit_cost,
                    m.ref_id, m.note, m.prev_id
             FROM stock_movements m
             LEFT JOIN documents d ON d.id = m.document_id
             LEFT JOIN users u ON u.id = coalesce(m.user_id, d.user_id)
             WHERE m.id = ?1",
        )?;
        let mut line = self.conn.prepare_cached(
            "SELECT -?1, d.created_at, d.kind, -l.qty_milli, l.balance_milli, u.name,
                    d.terminal, d.series || '-' || printf('%06d', d.number), NULL,
                    NULL, NULL, l.stock_prev
             FROM document_lines l JOIN documents d ON d.id = l.document_id
             LEFT JOIN users u ON u.id = d.user_id
             WHERE l.document_id = ?1 / 65536 AND l.line_no = ?1 % 65536",
        )?;
        let mut rows = Vec::new();
        while let Some(node) = next {
            if rows.len() >= limit {
                break;
            }
            let read = |r: &rusqlite::Row<'_>| {
                let reason: String = r.get(2)?;
                Ok((
                    LedgerRow {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        reason: StockReason::parse(&reason).unwrap_or(StockReason::Correction),
                        qty_milli: r.get(3)?,
                        balance_milli: r.get(4)?,
                        user: r.get(5)?,
                        terminal: r.get(6)?,
                        document: r.get(7)?,
                        unit_cost: r.get(8)?,
                        ref_id: r.get(9)?,
                        note: r.get(10)?,
                    },
                    r.get::<_, Option<i64>>(11)?,
                ))
            };
            let (row, prev) = if node > 0 {
                movement.query_row([node], read)?
            } else {
                line.query_row([-node], read)?
            };
            rows.push(row);
            next = prev;
        }
        Ok(rows)
    }

    /// A manager's adjustment (waste, breakage, theft, own use, correction): one movement,
    /// audited in its transaction; returns the balance after it.
    pub fn adjust_stock(
        &self,
        product_id: i64,
        qty_milli: i64,
        reason: StockReason,
        note: Option<&str>,
        who: &Author<'_>,
    ) -> Result<i64, StoreError> {
        if !reason.is_adjustment() {
            return Err(StoreError::Stock(StockError::NotAnAdjustment {
                reason: reason.as_str().into(),
            }));
        }
        if qty_milli == 0 {
            return Err(StoreError::Stock(StockError::ZeroQuantity));
        }
        let item = self.stock_item(product_id)?;
        check_quantity(&item, qty_milli.abs())?;
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let balance = record(
            &tx,
            &Move {
                product_id,
                qty_milli,
                reason,
                document_id: None,
                user_id: who.user_id,
                at: who.at,
                terminal: who.terminal,
                unit_cost: None,
                ref_id: None,
                note,
            },
            &self.identity.uid,
        )?
        .ok_or_else(|| not_tracked(&item))?;
        who.audit(
            &tx,
            "stock_adjust",
            serde_json::json!({"product": product_id, "name": item.name, "qty_milli": qty_milli,
                "reason": reason.as_str(), "note": note, "balance_milli": balance}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(balance)
    }

    /// Sets (or clears, with `None`) a product's reorder point, order quantity and supplier.
    pub fn set_reorder(
        &self,
        product_id: i64,
        reorder: Option<Reorder>,
        supplier_id: Option<i64>,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        if let Some(r) = reorder
            && (r.point_milli < 0 || r.qty_milli.is_some_and(|q| q <= 0))
        {
            return Err(StoreError::Stock(StockError::BadReorder));
        }
        let item = self.stock_item(product_id)?;
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE products SET reorder_point_milli = ?1, reorder_qty_milli = ?2,
                 supplier_id = coalesce(?3, supplier_id) WHERE id = ?4",
            params![
                reorder.map(|r| r.point_milli),
                reorder.and_then(|r| r.qty_milli),
                supplier_id,
                product_id
            ],
        )?;
        who.audit(
            &tx,
            "stock_reorder",
            serde_json::json!({"product": product_id, "name": item.name,
                "point_milli": reorder.map(|r| r.point_milli),
                "qty_milli": reorder.and_then(|r| r.qty_milli), "supplier": supplier_id}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Stock-tracked active products that are low: below their reorder point, or below zero
    /// (sold with wrong stock data), by supplier then name.
    pub fn low_stock(&self) -> Result<Vec<StockItem>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ITEM_COLUMNS} FROM products p
             LEFT JOIN suppliers s ON s.id = p.supplier_id
             WHERE p.stock_tracked = 1 AND p.active = 1
               AND (p.stock_milli < 0 OR p.stock_milli < p.reorder_point_milli)
             ORDER BY s.name IS NULL, s.name, p.name"
        ))?;
        let rows = stmt.query_map([], item_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stock-tracked products (of a category, or all), by name: what a count covers.
    pub fn tracked_items(&self, category: Option<&str>) -> Result<Vec<StockItem>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ITEM_COLUMNS} FROM products p
             LEFT JOIN suppliers s ON s.id = p.supplier_id
             WHERE p.stock_tracked = 1 AND p.active = 1 AND (?1 IS NULL OR p.category = ?1)
             ORDER BY p.name"
        ))?;
        let rows = stmt.query_map([category], item_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every tracked product whose stock is not the sum of its movements (rows and lines), or
    /// whose last movement's balance is not its stock (`caja check`); empty when all agree.
    pub fn stock_disagreements(&self) -> Result<Vec<(i64, i64, i64)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "WITH moved(product_id, qty) AS (
                 SELECT product_id, sum(qty_milli) FROM stock_movements GROUP BY product_id
                 UNION ALL
                 SELECT product_id, -sum(qty_milli) FROM document_lines
                 WHERE balance_milli IS NOT NULL GROUP BY product_id)
             SELECT p.id, p.stock_milli,
                    coalesce((SELECT sum(qty) FROM moved WHERE moved.product_id = p.id), 0),
                    CASE WHEN p.last_movement_id > 0
                         THEN (SELECT balance_milli FROM stock_movements
                               WHERE id = p.last_movement_id)
                         ELSE (SELECT balance_milli FROM document_lines
                               WHERE document_id = -p.last_movement_id / 65536
                                 AND line_no = -p.last_movement_id % 65536) END
             FROM products p WHERE p.stock_tracked = 1",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, stock, sum, last) = row?;
            if stock != sum || last.is_some_and(|b| b != stock) {
                out.push((id, stock, sum));
            }
        }
        Ok(out)
    }
}

pub(super) fn not_tracked(item: &StockItem) -> StoreError {
    StoreError::Stock(StockError::NotTracked {
        product: item.name.clone(),
    })
}

/// A quantity of stock work checked: more than 0, whole for a product sold by the unit.
pub(super) fn check_quantity(item: &StockItem, qty_milli: i64) -> Result<(), StoreError> {
    let qty = || crate::till::quantity::milli_text(qty_milli);
    if qty_milli <= 0 {
        return Err(StoreError::Stock(StockError::QuantityNotPositive {
            qty: qty(),
        }));
    }
    if item.measure == Measure::Unit && qty_milli % 1000 != 0 {
        return Err(StoreError::Stock(StockError::NotWhole {
            product: item.name.clone(),
            qty: qty(),
        }));
    }
    Ok(())
}
