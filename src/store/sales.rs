//! Documents (sales and returns, the core's `till::document`): committed whole in one
//! transaction with their lines, tenders, tax rows, stock movements, running totals, audit entry,
//! outbox messages and a gapless number in their series; each gets a global id and carries its
//! store and terminal.

use super::audit::{AuditEvent, append};
use super::outbox::new_uid;
use super::outbox::{NewMessage, enqueue_in};
use super::{Store, StoreError};
use crate::till::document::{
    DocKind, DocLine, Document, DocumentDraft, format_number, parse_number,
};
use crate::till::money::{Currency, Money};
use crate::till::quantity::Measure;
use crate::till::stock::StockReason;
use crate::till::tax::TaxRow;
use crate::till::tender::{Tender, TenderKind};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use std::collections::HashMap;

/// What a document's transaction writes besides the document: its audit entry and the outbox
/// messages it causes (its receipt, later its fiscal record).
#[derive(Clone, Debug, Default)]
pub struct Bookkeeping {
    pub audit_event: String,
    /// JSON detail of the audit entry; the number and total are added to it.
    pub audit_detail: serde_json::Value,
    pub messages: Vec<NewMessage>,
    /// The document's fiscal record, sealed in its transaction (none when the store has no
    /// fiscal regime, or for a training sale).
    pub fiscal: Option<super::fiscal::FiscalStep>,
}

/// A stored ISO 4217 code as a `Currency`; an unknown one is an error, never a guess.
pub(crate) fn currency_column(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Currency> {
    let code: String = r.get(index)?;
    Currency::from_code(&code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("unknown currency «{code}»").into(),
        )
    })
}

/// Next number of a series, inside the caller's transaction.
pub(super) fn take_number(tx: &rusqlite::Transaction<'_>, series: &str) -> Result<i64, StoreError> {
    let next: Option<i64> = tx
        .prepare_cached("SELECT next_number FROM series WHERE code = ?1")?
        .query_row([series], |r| r.get(0))
        .optional()?;
    let number = next.unwrap_or(1);
    tx.prepare_cached(
        "INSERT INTO series(code, next_number) VALUES (?1, ?2)
         ON CONFLICT(code) DO UPDATE SET next_number = excluded.next_number",
    )?
    .execute(params![series, number + 1])?;
    Ok(number)
}

/// Adds a document to the running totals of its business day and its shift.
fn add_to_totals(tx: &rusqlite::Transaction<'_>, d: &DocumentDraft) -> Result<(), StoreError> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO totals(scope, metric, n, a, b, c, d) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(scope, metric) DO UPDATE SET n = n + excluded.n, a = a + excluded.a,
             b = b + excluded.b, c = c + excluded.c, d = d + excluded.d",
    )?;
    for scope in [day_scope(&d.business_day), shift_scope(d.shift_id)] {
        upsert.execute(params![
            scope,
            format!("doc:{}", d.kind.as_str()),
            1,
            d.total,
            d.discount_total,
            d.rounding,
            d.change_given
        ])?;
        for t in &d.tenders {
            upsert.execute(params![
                scope,
                format!("tender:{}", t.kind.as_str()),
                1,
                t.amount.minor,
                0,
                0,
                0
            ])?;
        }
        for t in &d.taxes {
            upsert.execute(params![
                scope,
                format!("tax:{}", t.rate_bp),
                0,
                t.base,
                t.quota,
                t.gross,
                t.recargo
            ])?;
        }
    }
    Ok(())
}

/// The running-totals scope of a business day.
pub fn day_scope(day: &str) -> String {
    format!("D{day}")
}

/// The running-totals scope of a shift.
pub fn shift_scope(shift_id: i64) -> String {
    format!("S{shift_id}")
}

/// Inserts a document with everything that belongs to it, inside the caller's transaction.
fn insert_document(
    tx: &rusqlite::Transaction<'_>,
    d: &DocumentDraft,
    book: &Bookkeeping,
    store_id: &str,
) -> Result<(i64, String), StoreError> {
    let number = take_number(tx, &d.series)?;
    let number_text = format_number(&d.series, number);
    // The fiscal record is sealed first (it needs only the number), so the document's row
    // names it and no index is needed to find it.
    let fiscal = match &book.fiscal {
        Some(step) => Some(super::fiscal::seal_document(tx, step, d, &number_text)?),
        None => None,
    };
    let id = insert_header(tx, d, number, store_id, fiscal.as_ref().map(|f| f.id))?;
    insert_lines(tx, d, id, store_id)?;
    insert_tenders(tx, d, id)?;
    insert_taxes(tx, d, id)?;
    // A training document moves no stock (`insert_lines`) and stays out of every report.
    if !d.training {
        add_to_totals(tx, d)?;
    }
    for m in &book.messages {
        enqueue_in(tx, m, &d.terminal, Some(id), &d.created_at, store_id)?;
    }
    if let (Some(step), Some(sealed)) = (&book.fiscal, &fiscal) {
        super::fiscal::insert(tx, step.regime.as_ref(), sealed, Some(id), store_id)?;
    }
    append_audit_entry(tx, d, book, &number_text, store_id)?;
    Ok((id, number_text))
}

/// Inserts the document's row with its number; returns its id.
fn insert_header(
    tx: &rusqlite::Transaction<'_>,
    d: &DocumentDraft,
    number: i64,
    store_id: &str,
    fiscal_record_id: Option<i64>,
) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO documents(series, number, kind, terminal, shift_id, user_id, approved_by,
            created_at, business_day, currency, total, discount_total, rounding, change_given,
            line_count, ref_document_id, reason, uid, store_id, fiscal_record_id, training,
            customer_id, recargo)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23)",
    )?
    .execute(params![
        d.series,
        number,
        d.kind.as_str(),
        d.terminal,
        d.shift_id,
        d.user_id,
        d.approved_by,
        d.created_at,
        d.business_day,
        d.currency.code(),
        d.total,
        d.discount_total,
        d.rounding,
        d.change_given,
        d.lines.len() as i64,
        d.ref_document_id,
        d.reason,
        new_uid(),
        store_id,
        fiscal_record_id,
        d.training,
        d.customer_id,
        d.recargo
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Inserts the document's lines, each with its product's unit cost then (for margins). A line
/// of a stock-tracked product is its stock movement: it carries the balance after it and the
/// link to the product's previous movement; the products' stock and last movement follow. The
/// products are read in one statement and written in one (no movement row of its own), so a
/// sale of five tracked products runs seven statements, not ten.
fn insert_lines(
    tx: &rusqlite::Transaction<'_>,
    d: &DocumentDraft,
    id: i64,
    store_id: &str,
) -> Result<(), StoreError> {
    // The lines' products: whether each is tracked, its stock, last movement and cost.
    struct Product {
        tracked: bool,
        stock: i64,
        last: Option<i64>,
        cost: Option<i64>,
        moved: bool,
    }
    let wanted: Vec<i64> = d.lines.iter().map(|l| l.product_id).collect();
    let mut products: Vec<(i64, Product)> = Vec::with_capacity(wanted.len());
    {
        let mut read = tx.prepare_cached(
            "SELECT id, stock_tracked, stock_milli, last_movement_id, cost FROM products
             WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let mut rows = read.query([serde_json::to_string(&wanted)
            .map_err(|e| StoreError::Corrupt(format!("product ids: {e}")))?])?;
        while let Some(r) = rows.next()? {
            products.push((
                r.get(0)?,
                Product {
                    tracked: r.get(1)?,
                    stock: r.get(2)?,
                    last: r.get(3)?,
                    cost: r.get(4)?,
                    moved: false,
                },
            ));
        }
    }
    let mut line_stmt = tx.prepare_cached(
        "INSERT INTO document_lines(document_id, line_no, product_id, code, name, tax_rate_bp,
            measure, unit_price, qty_milli, price_overridden, line_discount, ticket_discount,
            total, ref_line_no, uid, exemption, balance_milli, stock_prev, unit_cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19)",
    )?;
    for l in &d.lines {
        let link = super::stock::line_node(id, l.line_no);
        let product = products
            .iter_mut()
            .find(|(pid, _)| *pid == l.product_id)
            .map(|(_, p)| p);
        // A training document moves no stock.
        let (balance, prev, cost) = match product {
            Some(p) if p.tracked && !d.training && link.is_some() => {
                let prev = p.last;
                p.stock -= l.qty_milli;
                p.last = link;
                p.moved = true;
                (Some(p.stock), prev, p.cost)
            }
            Some(p) => (None, None, p.cost),
            None => (None, None, None),
        };
        line_stmt.execute(params![
            id,
            l.line_no,
            l.product_id,
            l.code,
            l.name,
            l.tax_rate_bp,
            l.measure.as_str(),
            l.unit_price,
            l.qty_milli,
            l.price_overridden,
            l.line_discount,
            l.ticket_discount,
            l.total,
            l.ref_line_no,
            new_uid(),
            l.exemption.map(crate::till::tax::Exemption::as_str),
            balance,
            prev,
            cost
        ])?;
        if link.is_none() && !d.training {
            // A line past what a link can name (65,535 lines): its own movement row.
            super::stock::record(
                tx,
                &super::stock::Move {
                    product_id: l.product_id,
                    qty_milli: -l.qty_milli,
                    reason: match d.kind {
                        crate::till::document::DocKind::Sale => StockReason::Sale,
                        crate::till::document::DocKind::Return => StockReason::Return,
                    },
                    document_id: Some(id),
                    user_id: Some(d.user_id),
                    at: &d.created_at,
                    terminal: &d.terminal,
                    unit_cost: None,
                    ref_id: None,
                    note: None,
                },
                store_id,
            )?;
        }
    }
    // The products moved: their stock and last movement, in one statement.
    let moved: Vec<(i64, i64, Option<i64>)> = products
        .iter()
        .filter(|(_, p)| p.moved)
        .map(|(id, p)| (*id, p.stock, p.last))
        .collect();
    if !moved.is_empty() {
        tx.prepare_cached(
            "UPDATE products SET stock_milli = m.value ->> 1, last_movement_id = m.value ->> 2
             FROM json_each(?1) AS m WHERE products.id = m.value ->> 0",
        )?
        .execute([serde_json::to_string(&moved)
            .map_err(|e| StoreError::Corrupt(format!("stock moves: {e}")))?])?;
    }
    Ok(())
}

/// Inserts the document's tenders in their order.
fn insert_tenders(
    tx: &rusqlite::Transaction<'_>,
    d: &DocumentDraft,
    id: i64,
) -> Result<(), StoreError> {
    let mut tender_stmt = tx.prepare_cached(
        "INSERT INTO document_tenders(document_id, seq, kind, amount, reference)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (seq, t) in d.tenders.iter().enumerate() {
        tender_stmt.execute(params![
            id,
            seq as i64,
            t.kind.as_str(),
            t.amount.minor,
            t.reference
        ])?;
    }
    Ok(())
}

/// Inserts the document's tax rows.
fn insert_taxes(
    tx: &rusqlite::Transaction<'_>,
    d: &DocumentDraft,
    id: i64,
) -> Result<(), StoreError> {
    let mut tax_stmt = tx.prepare_cached(
        "INSERT INTO document_taxes(document_id, rate_bp, base, quota, gross, recargo_bp, recargo)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for t in &d.taxes {
        tax_stmt.execute(params![
            id,
            t.rate_bp,
            t.base,
            t.quota,
            t.gross,
            t.recargo_bp,
            t.recargo
        ])?;
    }
    Ok(())
}

/// Appends the document's audit entry: its bookkeeping's event and detail, with the number and
/// total added.
fn append_audit_entry(
    tx: &rusqlite::Transaction<'_>,
    d: &DocumentDraft,
    book: &Bookkeeping,
    number_text: &str,
    store_id: &str,
) -> Result<(), StoreError> {
    let mut detail = book.audit_detail.clone();
    if let Some(obj) = detail.as_object_mut() {
        obj.insert("number".into(), number_text.into());
        obj.insert("total".into(), d.total.into());
    }
    append(
        tx,
        &AuditEvent {
            at: &d.created_at,
            terminal: &d.terminal,
            user_id: Some(d.user_id),
            event: &book.audit_event,
            detail: detail.to_string(),
        },
        store_id,
    )?;
    Ok(())
}

impl Store {
    /// Commits a document whole with its bookkeeping, or nothing of it. Returns its id and
    /// number text.
    pub fn commit_document(
        &mut self,
        d: &DocumentDraft,
        book: &Bookkeeping,
    ) -> Result<(i64, String), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = insert_document(&tx, d, book, &self.identity.uid)?;
        tx.commit()?;
        Ok(out)
    }

    /// Commits many documents in one transaction (bulk loads: demo history, benchmarks).
    pub fn commit_documents(
        &mut self,
        drafts: &[(DocumentDraft, Bookkeeping)],
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut committed = Vec::with_capacity(drafts.len());
        for (d, book) in drafts {
            committed.push(insert_document(&tx, d, book, &self.identity.uid)?);
        }
        tx.commit()?;
        Ok(committed)
    }

    fn document_id_by_number(&self, text: &str) -> Result<Option<i64>, StoreError> {
        let Some((series, number)) = parse_number(text) else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM documents WHERE series = ?1 AND number = ?2",
                params![series, number],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// A document found by its number text (`T01-000123`).
    pub fn document_by_number(&self, text: &str) -> Result<Option<Document>, StoreError> {
        match self.document_id_by_number(text)? {
            Some(id) => self.document(id),
            None => Ok(None),
        }
    }

    /// A document by id, with lines, tenders and taxes.
    pub fn document(&self, id: i64) -> Result<Option<Document>, StoreError> {
        let Some(mut doc) = self.document_head(id)? else {
            return Ok(None);
        };
        doc.body.lines = self.document_lines(id)?;
        doc.body.tenders = self.document_tenders(id, doc.currency)?;
        doc.body.taxes = self.document_taxes(id)?;
        Ok(Some(doc))
    }

    /// A document's own row, without its lines, tenders and taxes.
    fn document_head(&self, id: i64) -> Result<Option<Document>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, series, number, kind, terminal, shift_id, user_id, approved_by,
                        created_at, business_day, currency, total, discount_total, rounding,
                        change_given, ref_document_id, reason, uid, store_id, training,
                        customer_id, recargo
                 FROM documents WHERE id = ?1",
                [id],
                |r| {
                    let series: String = r.get(1)?;
                    let kind: String = r.get(3)?;
                    Ok(Document {
                        id: r.get(0)?,
                        uid: r.get::<_, Option<String>>(17)?.unwrap_or_default(),
                        store_id: r.get::<_, Option<String>>(18)?.unwrap_or_default(),
                        number: format_number(&series, r.get(2)?),
                        body: DocumentDraft {
                            series,
                            kind: DocKind::parse(&kind).unwrap_or(DocKind::Sale),
                            terminal: r.get(4)?,
                            shift_id: r.get(5)?,
                            user_id: r.get(6)?,
                            approved_by: r.get(7)?,
                            created_at: r.get(8)?,
                            business_day: r.get(9)?,
                            currency: currency_column(r, 10)?,
                            total: r.get(11)?,
                            discount_total: r.get(12)?,
                            rounding: r.get(13)?,
                            change_given: r.get(14)?,
                            ref_document_id: r.get(15)?,
                            reason: r.get(16)?,
                            lines: Vec::new(),
                            tenders: Vec::new(),
                            taxes: Vec::new(),
                            training: r.get(19)?,
                            customer_id: r.get(20)?,
                            recargo: r.get(21)?,
                        },
                    })
                },
            )
            .optional()?)
    }

    /// A document's lines in their order.
    fn document_lines(&self, id: i64) -> Result<Vec<DocLine>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT line_no, product_id, code, name, tax_rate_bp, measure, unit_price, qty_milli,
                    price_overridden, line_discount, ticket_discount, total, ref_line_no,
                    exemption
             FROM document_lines WHERE document_id = ?1 ORDER BY line_no",
        )?;
        Ok(stmt
            .query_map([id], |r| {
                let measure: String = r.get(5)?;
                Ok(DocLine {
                    line_no: r.get(0)?,
                    product_id: r.get(1)?,
                    code: r.get(2)?,
                    name: r.get(3)?,
                    tax_rate_bp: r.get(4)?,
                    measure: Measure::parse(&measure).unwrap_or(Measure::Unit),
                    unit_price: r.get(6)?,
                    qty_milli: r.get(7)?,
                    price_overridden: r.get(8)?,
                    line_discount: r.get(9)?,
                    ticket_discount: r.get(10)?,
                    total: r.get(11)?,
                    ref_line_no: r.get(12)?,
                    exemption: r
                        .get::<_, Option<String>>(13)?
                        .as_deref()
                        .and_then(crate::till::tax::Exemption::parse),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// A document's tenders in their order, in the document's currency.
    fn document_tenders(&self, id: i64, currency: Currency) -> Result<Vec<Tender>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, amount, reference FROM document_tenders WHERE document_id = ?1 ORDER BY seq",
        )?;
        Ok(stmt
            .query_map([id], |r| {
                let kind: String = r.get(0)?;
                Ok(Tender {
                    kind: TenderKind::parse(&kind).unwrap_or(TenderKind::Other),
                    amount: Money::new(r.get(1)?, currency),
                    reference: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// A document's tax rows by rate.
    fn document_taxes(&self, id: i64) -> Result<Vec<TaxRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rate_bp, base, quota, gross, recargo_bp, recargo FROM document_taxes
             WHERE document_id = ?1 ORDER BY rate_bp",
        )?;
        Ok(stmt
            .query_map([id], |r| {
                Ok(TaxRow {
                    rate_bp: r.get(0)?,
                    base: r.get(1)?,
                    quota: r.get(2)?,
                    gross: r.get(3)?,
                    recargo_bp: r.get(4)?,
                    recargo: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// For each rate of `original_id`: the total and the recargo de equivalencia its returns
    /// gave back so far (negative numbers).
    pub fn refunded_recargo(
        &self,
        original_id: i64,
    ) -> Result<HashMap<u32, (i64, i64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT x.rate_bp, sum(x.gross), sum(x.recargo)
             FROM documents d JOIN document_taxes x ON x.document_id = d.id
             WHERE d.ref_document_id = ?1 AND d.kind = 'return' GROUP BY x.rate_bp",
        )?;
        let rows = stmt
            .query_map([original_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// For each line of `original_id`: quantity and amount already returned (positive numbers).
    pub fn returned_so_far(
        &self,
        original_id: i64,
    ) -> Result<HashMap<i64, (i64, i64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.ref_line_no, -sum(l.qty_milli), -sum(l.total)
             FROM documents d JOIN document_lines l ON l.document_id = d.id
             WHERE d.ref_document_id = ?1 AND d.kind = 'return'
             GROUP BY l.ref_line_no",
        )?;
        let rows = stmt
            .query_map([original_id], |r| {
                Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?)))
            })?
            .collect::<Result<HashMap<_, _>, _>>()?;
        Ok(rows)
    }

    /// The most recent document of a terminal (for "reprint last receipt").
    pub fn last_document(&self, terminal: &str) -> Result<Option<Document>, StoreError> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT max(id) FROM documents WHERE terminal = ?1",
                [terminal],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        match id {
            Some(id) => self.document(id),
            None => Ok(None),
        }
    }

    pub fn document_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?)
    }
}
