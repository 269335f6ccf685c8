//! Fiscal records in the store: sealed by the document's regime inside the transaction that
//! commits the document (so no ticket exists without its record and the chain has no gap after
//! any crash), chained to the installation's head read in that same transaction; never changed
//! or deleted (triggers refuse it). Read back for the receipt's QR, a return's original, the
//! CLI and the chain's check.

use super::{Store, StoreError};
use crate::fiscal::record::{ChainLink, Entry, InvoiceId};
use crate::fiscal::{Issue, Regime, Sealed};
use crate::till::document::DocumentDraft;
use rusqlite::{OptionalExtension, Transaction, params};
use std::sync::Arc;

/// A document's fiscal step: the regime that seals its record and what the document is.
#[derive(Clone, Debug)]
pub struct FiscalStep {
    pub regime: Arc<dyn Regime>,
    pub issue: Issue,
}

/// A stored record, as its row says.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StoredRecord {
    pub id: i64,
    pub installation: String,
    pub regime: String,
    /// `alta` or `anulacion`.
    pub kind: String,
    pub invoice_type: Option<String>,
    pub document_id: Option<i64>,
    pub issuer: String,
    pub number: String,
    /// `YYYY-MM-DD`.
    pub issued: String,
    pub generated_at: String,
    pub hash: String,
    pub previous_hash: Option<String>,
    pub total: Option<i64>,
    /// The regime's text for the record (`xml()` and `qr()` are made from it).
    pub body: String,
    pub origin: String,
}

impl StoredRecord {
    /// The invoice the record is about (issued, or withdrawn).
    pub fn invoice_id(&self) -> Result<InvoiceId, StoreError> {
        invoice_id(self.issuer.clone(), self.number.clone(), &self.issued)
    }

    /// The record's XML as sent.
    pub fn xml(&self) -> Result<String, StoreError> {
        if self.origin == "aeat" {
            return Err(StoreError::Reconcile(format!(
                "record {} is known only from the AEAT (learnt after a restore): the store keeps what its hash and link cover, not its XML",
                self.number
            )));
        }
        crate::fiscal::stored_xml(&self.regime, &self.body).map_err(StoreError::Fiscal)
    }

    /// What the record's hash and link cover: read back from its XML, or as the agency holds
    /// a record known only from it.
    pub fn read(&self) -> Result<crate::fiscal::parse::ReadRecord, StoreError> {
        if self.origin == "aeat" {
            return serde_json::from_str::<super::fiscal_reconcile::AgencyBody>(&self.body)
                .map(|b| b.agency)
                .map_err(|e| StoreError::Corrupt(format!("record {}: {e}", self.number)));
        }
        let xml = self.xml()?;
        match crate::fiscal::parse::read_records(&xml) {
            Ok(mut r) if r.len() == 1 => Ok(r.remove(0)),
            Ok(r) => Err(StoreError::Corrupt(format!(
                "record {}: its XML holds {} records",
                self.number,
                r.len()
            ))),
            Err(e) => Err(StoreError::Corrupt(format!("record {}: {e}", self.number))),
        }
    }

    /// The receipt's QR content (an alta's); none when the body does not read.
    pub fn qr(&self) -> Option<String> {
        crate::fiscal::stored_qr(&self.regime, &self.body)
            .ok()
            .flatten()
    }
}

pub(super) const COLUMNS: &str =
    "id, installation, regime, kind, invoice_type, document_id, issuer, number,
    issued, generated_at, hash, previous_hash, total, body, origin";

pub(super) fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRecord> {
    Ok(StoredRecord {
        id: r.get(0)?,
        installation: r.get(1)?,
        regime: r.get(2)?,
        kind: r.get(3)?,
        invoice_type: r.get(4)?,
        document_id: r.get(5)?,
        issuer: r.get(6)?,
        number: r.get(7)?,
        issued: r.get(8)?,
        generated_at: r.get(9)?,
        hash: r.get(10)?,
        previous_hash: r.get(11)?,
        total: r.get(12)?,
        body: r.get(13)?,
        origin: r.get(14)?,
    })
}

/// An invoice's identity from its stored issuer, number and `YYYY-MM-DD` date.
fn invoice_id(issuer: String, number: String, issued: &str) -> Result<InvoiceId, StoreError> {
    let issued = chrono::NaiveDate::parse_from_str(issued, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("fiscal record date «{issued}»")))?;
    Ok(InvoiceId {
        issuer,
        number,
        issued,
    })
}

/// A row as the next record names it.
fn link_of(
    issuer: String,
    number: String,
    issued: &str,
    hash: String,
) -> Result<ChainLink, StoreError> {
    Ok(ChainLink {
        id: invoice_id(issuer, number, issued)?,
        hash,
    })
}

/// The installation's chain head and the next record's row id, inside the caller's
/// transaction (which holds the write lock, so the id is this record's). The newest row is the
/// head when it is this installation's own (one installation per store); else (another
/// installation's, or records learnt from the agency as a branch beside the chain) the newest
/// on the chain the till goes on with.
fn head(tx: &Transaction<'_>, installation: &str) -> Result<(Option<ChainLink>, i64), StoreError> {
    type Row = (i64, String, String, String, String, String, bool);
    // Only columns before the body are read (the body may sit on overflow pages); an alta
    // without a document is one learnt from the agency (`origin` 'aeat').
    let newest: Option<Row> = tx
        .prepare_cached(
            "SELECT id, installation, issuer, number, issued, hash,
                    kind = 'alta' AND document_id IS NULL
             FROM fiscal_records ORDER BY id DESC LIMIT 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .optional()?;
    let Some((last_id, last_installation, issuer, number, issued, hash, learnt)) = newest else {
        return Ok((None, 1));
    };
    if last_installation == installation
        && (!learnt || !super::fiscal_reconcile::in_branch(tx, last_id)?)
    {
        return Ok((Some(link_of(issuer, number, &issued, hash)?), last_id + 1));
    }
    let link = super::fiscal_reconcile::selling_head(tx, installation)?
        .map(|r| link_of(r.issuer, r.number, &r.issued, r.hash))
        .transpose()?;
    Ok((link, last_id + 1))
}

/// A store waiting to be reconciled with the agency chains no record (the agency may hold
/// others after its head): a sale is refused at the pay key, an anulación or a correction here.
fn refuse_while_pending(tx: &Transaction<'_>) -> Result<(), StoreError> {
    match super::fiscal_reconcile::pending_id(tx)? {
        Some(_) => Err(StoreError::Reconcile(
            "this store waits to be reconciled with the AEAT (it was restored, or is behind it): no record is chained until then; run caja fiscal reconcile".into(),
        )),
        None => Ok(()),
    }
}

/// A record sealed in a transaction, with the row id it will take.
pub(super) struct Prepared {
    pub id: i64,
    pub sealed: Sealed,
}

/// Seals a document's record after the installation's head, inside the transaction that
/// commits the document (its number just taken); `insert` writes it once the document's row
/// exists.
pub(super) fn seal_document(
    tx: &Transaction<'_>,
    step: &FiscalStep,
    d: &DocumentDraft,
    number: &str,
) -> Result<Prepared, StoreError> {
    let (previous, id) = head(tx, step.regime.installation())?;
    let sealed = step
        .regime
        .seal_document(d, number, &step.issue, previous)
        .map_err(StoreError::Fiscal)?;
    Ok(Prepared { id, sealed })
}

/// Inserts a sealed record with its row id, inside the caller's transaction.
pub(super) fn insert(
    tx: &Transaction<'_>,
    regime: &dyn Regime,
    prepared: &Prepared,
    document_id: Option<i64>,
    store_id: &str,
) -> Result<i64, StoreError> {
    let sealed = &prepared.sealed;
    let r = &sealed.record;
    let (kind, invoice_type, total) = match &r.entry {
        Entry::Alta(i) => ("alta", Some(i.kind.as_str()), Some(i.total())),
        Entry::Anulacion(_) => ("anulacion", None, None),
    };
    let id = r.entry.invoice_id();
    tx.prepare_cached(
        "INSERT INTO fiscal_records(installation, regime, kind, invoice_type, document_id,
            issuer, number, issued, generated_at, hash, previous_hash, total, body, uid,
            store_id, id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        regime.installation(),
        regime.code(),
        kind,
        invoice_type,
        document_id,
        id.issuer,
        id.number,
        id.issued.format("%Y-%m-%d").to_string(),
        r.generated.to_rfc3339(),
        r.hash,
        r.previous.as_ref().map(|p| p.hash.as_str()),
        total,
        sealed.body,
        super::outbox::new_uid(),
        store_id,
        prepared.id
    ])?;
    Ok(prepared.id)
}

impl Store {
    /// Withdraws the record of an invoice issued in error (a `RegistroAnulacion`), chained
    /// after the installation's head; returns the new record.
    pub fn annul_record(
        &mut self,
        regime: &dyn Regime,
        invoice: &StoredRecord,
        generated: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<StoredRecord, StoreError> {
        let id = invoice.invoice_id()?;
        let store_id = self.identity.uid.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        refuse_while_pending(&tx)?;
        let (previous, row_id) = head(&tx, regime.installation())?;
        let sealed = regime
            .seal_cancellation(id, generated, previous)
            .map_err(StoreError::Fiscal)?;
        let prepared = Prepared { id: row_id, sealed };
        let row = insert(&tx, regime, &prepared, None, &store_id)?;
        tx.commit()?;
        self.fiscal_record(row)?
            .ok_or_else(|| StoreError::Corrupt("a record just written is missing".into()))
    }

    /// Corrects a record the agency rejected with a new one for the same invoice (a
    /// subsanación, `Subsanacion` S / `RechazoPrevio` X) chained after the installation's head;
    /// it waits to be sent like any record. Only the newest record of an invoice, rejected.
    pub fn correct_record(
        &mut self,
        regime: &dyn Regime,
        rejected: &StoredRecord,
        recipient: Option<crate::fiscal::Customer>,
        generated: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<StoredRecord, StoreError> {
        let store_id = self.identity.uid.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (state, later): (Option<String>, bool) = tx.query_row(
            "SELECT (SELECT state FROM fiscal_states WHERE record_id = ?1),
                    EXISTS (SELECT 1 FROM fiscal_records WHERE number = ?2 AND kind = 'alta'
                            AND id > ?1)",
            params![rejected.id, rejected.number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if rejected.kind != "alta" || state.as_deref() != Some("rejected") || later {
            return Err(StoreError::Reconcile(format!(
                "record #{} ({}) is not an invoice's newest record refused by the AEAT: nothing to correct",
                rejected.id, rejected.number
            )));
        }
        refuse_while_pending(&tx)?;
        let (previous, row_id) = head(&tx, regime.installation())?;
        let sealed = regime
            .seal_correction(&rejected.body, recipient, generated, previous)
            .map_err(StoreError::Fiscal)?;
        let prepared = Prepared { id: row_id, sealed };
        let row = insert(&tx, regime, &prepared, rejected.document_id, &store_id)?;
        tx.commit()?;
        self.fiscal_record(row)?
            .ok_or_else(|| StoreError::Corrupt("a record just written is missing".into()))
    }

    /// The newest alta of an invoice number (its correction, when it was corrected).
    pub fn newest_alta(&self, number: &str) -> Result<Option<StoredRecord>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM fiscal_records WHERE number = ?1 AND kind = 'alta'
                 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row([number.trim().to_uppercase()], stored)
            .optional()?)
    }

    /// A record by its row id.
    pub fn fiscal_record(&self, id: i64) -> Result<Option<StoredRecord>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM fiscal_records WHERE id = ?1"
            ))?
            .query_row([id], stored)
            .optional()?)
    }

    /// The alta of a document (its receipt's QR, a return's original).
    pub fn document_record(&self, document_id: i64) -> Result<Option<StoredRecord>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM fiscal_records
                 WHERE id = (SELECT fiscal_record_id FROM documents WHERE id = ?1)"
            ))?
            .query_row([document_id], stored)
            .optional()?)
    }

    /// The records of an invoice number (its alta, and its anulación if it was withdrawn).
    pub fn records_of_number(&self, number: &str) -> Result<Vec<StoredRecord>, StoreError> {
        let number = number.trim().to_uppercase();
        let mut out = Vec::new();
        if let Some((series, n)) = crate::till::document::parse_number(&number) {
            let alta = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM fiscal_records WHERE id =
                        (SELECT fiscal_record_id FROM documents WHERE series = ?1 AND number = ?2)"
                ))?
                .query_row(params![series, n], stored)
                .optional()?;
            // A full invoice replacing a ticket is numbered in its own table.
            let alta = match alta {
                Some(a) => Some(a),
                None => self
                    .conn
                    .prepare_cached(&format!(
                        "SELECT {COLUMNS} FROM fiscal_records WHERE id =
                            (SELECT fiscal_record_id FROM replacement_invoices
                             WHERE series = ?1 AND number = ?2)"
                    ))?
                    .query_row(params![series, n], stored)
                    .optional()?,
            };
            out.extend(alta);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM fiscal_records
             WHERE kind = 'anulacion' AND number = ?1 ORDER BY id"
        ))?;
        for row in stmt.query_map([&number], stored)? {
            out.push(row?);
        }
        Ok(out)
    }

    /// Every record in chain order, in pages (`after` the last id seen), for the chain's check
    /// and exports; `issued` between two days when given.
    pub fn fiscal_records_page(
        &self,
        after: i64,
        limit: usize,
        issued: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let (from, to) = issued.map_or((String::new(), "9999".to_string()), |(f, t)| {
            (
                f.format("%Y-%m-%d").to_string(),
                t.format("%Y-%m-%d").to_string(),
            )
        });
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM fiscal_records
             WHERE id > ?1 AND issued >= ?2 AND issued <= ?3 ORDER BY id LIMIT ?4"
        ))?;
        let rows = stmt
            .query_map(params![after, from, to, limit as i64], stored)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// How many records the store holds.
    pub fn fiscal_record_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM fiscal_records", [], |r| r.get(0))?)
    }
}
