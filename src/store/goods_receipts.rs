//! Suppliers and goods receipts (migration 019): a supplier's delivery entered line by line —
//! product, quantity, unit cost — kept as a draft while it is being entered, and posted once:
//! its stock movements, each product's new average cost and supplier, its state and its audit
//! entry in one transaction. A posted receipt never changes (triggers refuse it); a mistake is
//! corrected by another movement.

use super::stock::{Move, StockError, check_quantity, not_tracked, record};
use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::quantity::Measure;
use crate::till::stock::{StockReason, average_cost, value_of};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

/// A supplier as the back office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub tax_id: Option<String>,
    pub contact: Option<String>,
    pub active: bool,
}

/// A supplier to add.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewSupplier {
    pub name: String,
    pub tax_id: Option<String>,
    pub contact: Option<String>,
}

/// One line of a delivery: a product, how much, at what unit cost (minor units per unit or kg).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReceiptLine {
    pub product_id: i64,
    pub qty_milli: i64,
    #[serde(rename = "unit_cost_minor")]
    pub unit_cost: i64,
}

/// A delivery as entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptDraft {
    pub supplier_id: i64,
    pub delivery_note: String,
    pub lines: Vec<ReceiptLine>,
}

/// A line of a stored receipt, with its product's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredLine {
    pub line_no: i64,
    pub product_id: i64,
    pub name: String,
    pub measure: Measure,
    pub qty_milli: i64,
    #[serde(rename = "unit_cost_minor")]
    pub unit_cost: i64,
    /// qty × unit cost, rounded to the minor unit.
    #[serde(rename = "value_minor")]
    pub value: i64,
}

/// A stored goods receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoodsReceipt {
    pub id: i64,
    pub supplier_id: i64,
    pub supplier: String,
    pub delivery_note: String,
    /// `draft`, `posted` or `discarded`.
    pub state: String,
    pub created_at: String,
    pub posted_at: Option<String>,
    pub posted_by: Option<String>,
    pub lines: Vec<StoredLine>,
}

impl GoodsReceipt {
    pub fn value(&self) -> i64 {
        self.lines.iter().map(|l| l.value).sum()
    }
}

impl Store {
    /// Adds a supplier (audited); a name is used once.
    pub fn add_supplier(&self, s: &NewSupplier, who: &Author<'_>) -> Result<i64, StoreError> {
        let name = s.name.trim();
        if name.is_empty() {
            return Err(StoreError::Stock(StockError::SupplierNameRequired));
        }
        let tidy = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        if self.supplier_by_name(name)?.is_some() {
            return Err(StoreError::Stock(StockError::SupplierTaken {
                name: name.into(),
            }));
        }
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO suppliers(name, tax_id, contact, created_at, uid)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                name,
                tidy(&s.tax_id),
                tidy(&s.contact),
                who.at,
                super::outbox::new_uid()
            ],
        )?;
        let id = tx.last_insert_rowid();
        who.audit(
            &tx,
            "supplier_add",
            serde_json::json!({"supplier": id, "name": name, "tax_id": tidy(&s.tax_id)}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Every supplier, by name.
    pub fn suppliers(&self) -> Result<Vec<Supplier>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, tax_id, contact, active FROM suppliers ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], supplier_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A supplier by name (any case).
    pub fn supplier_by_name(&self, name: &str) -> Result<Option<Supplier>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, tax_id, contact, active FROM suppliers
                 WHERE name = ?1 COLLATE NOCASE",
                [name.trim()],
                supplier_from_row,
            )
            .optional()?)
    }

    /// Saves a delivery as a draft — a new one (`id` None) or over an earlier draft — and
    /// returns its id. Nothing moves until it is posted.
    pub fn save_receipt(
        &self,
        id: Option<i64>,
        draft: &ReceiptDraft,
        who: &Author<'_>,
    ) -> Result<i64, StoreError> {
        let note = draft.delivery_note.trim();
        if note.is_empty() {
            return Err(StoreError::Stock(StockError::DeliveryNoteRequired));
        }
        for l in &draft.lines {
            let item = self.stock_item(l.product_id)?;
            if !item.tracked {
                return Err(not_tracked(&item));
            }
            check_quantity(&item, l.qty_milli)?;
        }
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let id = match id {
            Some(id) => {
                draft_state(&tx, id)?;
                tx.execute(
                    "UPDATE goods_receipts SET supplier_id = ?1, delivery_note = ?2 WHERE id = ?3",
                    params![draft.supplier_id, note, id],
                )?;
                tx.execute(
                    "DELETE FROM goods_receipt_lines WHERE receipt_id = ?1",
                    [id],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO goods_receipts(supplier_id, delivery_note, created_at, created_by,
                         uid, store_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        draft.supplier_id,
                        note,
                        who.at,
                        who.user_id,
                        super::outbox::new_uid(),
                        self.identity.uid
                    ],
                )?;
                tx.last_insert_rowid()
            }
        };
        let mut insert = tx.prepare_cached(
            "INSERT INTO goods_receipt_lines(receipt_id, line_no, product_id, qty_milli, unit_cost)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (n, l) in draft.lines.iter().enumerate() {
            insert.execute(params![
                id,
                n as i64 + 1,
                l.product_id,
                l.qty_milli,
                l.unit_cost
            ])?;
        }
        drop(insert);
        tx.commit()?;
        Ok(id)
    }

    /// Posts a draft: each line's receipt movement, the product's average cost and supplier,
    /// the receipt marked posted and audited — all in one transaction, or nothing.
    pub fn post_receipt(&self, id: i64, who: &Author<'_>) -> Result<GoodsReceipt, StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let (supplier_id, note) = draft_state(&tx, id)?;
        let posted: Option<i64> = tx
            .query_row(
                "SELECT id FROM goods_receipts
                 WHERE supplier_id = ?1 AND delivery_note = ?2 AND state = 'posted'",
                params![supplier_id, note],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = posted {
            let supplier: String = tx.query_row(
                "SELECT name FROM suppliers WHERE id = ?1",
                [supplier_id],
                |r| r.get(0),
            )?;
            return Err(StoreError::Stock(StockError::DeliveryNotePosted {
                supplier,
                note,
                id: other,
            }));
        }
        let lines: Vec<ReceiptLine> = {
            let mut stmt = tx.prepare_cached(
                "SELECT product_id, qty_milli, unit_cost FROM goods_receipt_lines
                 WHERE receipt_id = ?1 ORDER BY line_no",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok(ReceiptLine {
                    product_id: r.get(0)?,
                    qty_milli: r.get(1)?,
                    unit_cost: r.get(2)?,
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        if lines.is_empty() {
            return Err(StoreError::Stock(StockError::ReceiptEmpty));
        }
        let mut cost_of =
            tx.prepare_cached("SELECT stock_milli, cost, name FROM products WHERE id = ?1")?;
        let mut set_cost =
            tx.prepare_cached("UPDATE products SET cost = ?1, supplier_id = ?2 WHERE id = ?3")?;
        for l in &lines {
            let (stock, cost, name): (i64, Option<i64>, String) =
                cost_of.query_row([l.product_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let moved = record(
                &tx,
                &Move {
                    product_id: l.product_id,
                    qty_milli: l.qty_milli,
                    reason: StockReason::Receipt,
                    document_id: None,
                    user_id: who.user_id,
                    at: who.at,
                    terminal: who.terminal,
                    unit_cost: Some(l.unit_cost),
                    ref_id: Some(id),
                    note: Some(&note),
                },
                &self.identity.uid,
            )?;
            if moved.is_none() {
                return Err(StoreError::Stock(StockError::NotTracked { product: name }));
            }
            let average = average_cost(stock, cost, l.qty_milli, l.unit_cost);
            set_cost.execute(params![average, supplier_id, l.product_id])?;
        }
        drop((cost_of, set_cost));
        tx.execute(
            "UPDATE goods_receipts SET state = 'posted', posted_at = ?1, posted_by = ?2
             WHERE id = ?3",
            params![who.at, who.user_id, id],
        )?;
        let value: i64 = lines
            .iter()
            .map(|l| value_of(l.qty_milli, l.unit_cost))
            .sum();
        who.audit(
            &tx,
            "stock_receive",
            serde_json::json!({"receipt": id, "supplier": supplier_id, "delivery_note": note,
                "lines": lines.len(), "value": value}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        self.goods_receipt(id)
    }

    /// Discards a draft (kept, marked discarded; audited).
    pub fn discard_receipt(&self, id: i64, who: &Author<'_>) -> Result<(), StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        draft_state(&tx, id)?;
        tx.execute(
            "UPDATE goods_receipts SET state = 'discarded' WHERE id = ?1",
            [id],
        )?;
        who.audit(
            &tx,
            "stock_receipt_discard",
            serde_json::json!({"receipt": id}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A goods receipt with its lines.
    pub fn goods_receipt(&self, id: i64) -> Result<GoodsReceipt, StoreError> {
        let mut receipt = self
            .conn
            .query_row(
                "SELECT g.id, g.supplier_id, s.name, g.delivery_note, g.state, g.created_at,
                        g.posted_at, u.name
                 FROM goods_receipts g JOIN suppliers s ON s.id = g.supplier_id
                 LEFT JOIN users u ON u.id = g.posted_by WHERE g.id = ?1",
                [id],
                |r| {
                    Ok(GoodsReceipt {
                        id: r.get(0)?,
                        supplier_id: r.get(1)?,
                        supplier: r.get(2)?,
                        delivery_note: r.get(3)?,
                        state: r.get(4)?,
                        created_at: r.get(5)?,
                        posted_at: r.get(6)?,
                        posted_by: r.get(7)?,
                        lines: Vec::new(),
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::Stock(StockError::NoSuchReceipt { id }))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.line_no, l.product_id, p.name, p.measure, l.qty_milli, l.unit_cost
             FROM goods_receipt_lines l JOIN products p ON p.id = l.product_id
             WHERE l.receipt_id = ?1 ORDER BY l.line_no",
        )?;
        let rows = stmt.query_map([id], |r| {
            let measure: String = r.get(3)?;
            let qty_milli: i64 = r.get(4)?;
            let unit_cost: i64 = r.get(5)?;
            Ok(StoredLine {
                line_no: r.get(0)?,
                product_id: r.get(1)?,
                name: r.get(2)?,
                measure: Measure::parse(&measure).unwrap_or(Measure::Unit),
                qty_milli,
                unit_cost,
                value: value_of(qty_milli, unit_cost),
            })
        })?;
        receipt.lines = rows.collect::<Result<_, _>>()?;
        Ok(receipt)
    }

    /// The newest goods receipts (drafts first), without their lines.
    pub fn goods_receipts(&self, limit: i64) -> Result<Vec<GoodsReceipt>, StoreError> {
        let ids: Vec<i64> = {
            let mut stmt = self.conn.prepare(
                "SELECT id FROM goods_receipts WHERE state != 'discarded'
                 ORDER BY state = 'draft' DESC, id DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        ids.into_iter().map(|id| self.goods_receipt(id)).collect()
    }
}

fn supplier_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Supplier> {
    Ok(Supplier {
        id: r.get(0)?,
        name: r.get(1)?,
        tax_id: r.get(2)?,
        contact: r.get(3)?,
        active: r.get(4)?,
    })
}

/// A receipt that is still a draft: its supplier and delivery note; an error otherwise.
fn draft_state(tx: &Transaction<'_>, id: i64) -> Result<(i64, String), StoreError> {
    let row: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT supplier_id, delivery_note, state FROM goods_receipts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match row {
        None => Err(StoreError::Stock(StockError::NoSuchReceipt { id })),
        Some((supplier, note, state)) if state == "draft" => Ok((supplier, note)),
        Some(_) => Err(StoreError::Stock(StockError::ReceiptPosted { id })),
    }
}
