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
    pub xml: String,
    pub qr: Option<String>,
    pub origin: String,
}

const COLUMNS: &str = "id, installation, regime, kind, invoice_type, document_id, issuer, number,
    issued, generated_at, hash, previous_hash, total, xml, qr, origin";

fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRecord> {
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
        xml: r.get(13)?,
        qr: r.get(14)?,
        origin: r.get(15)?,
    })
}

/// The installation's chain head, inside the caller's transaction.
fn head(tx: &Transaction<'_>, installation: &str) -> Result<Option<ChainLink>, StoreError> {
    let row: Option<(String, String, String, String)> = tx
        .prepare_cached(
            "SELECT issuer, number, issued, hash FROM fiscal_records
             WHERE installation = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([installation], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    row.map(|(issuer, number, issued, hash)| {
        let issued = chrono::NaiveDate::parse_from_str(&issued, "%Y-%m-%d")
            .map_err(|_| StoreError::Corrupt(format!("fiscal record date «{issued}»")))?;
        Ok(ChainLink {
            id: InvoiceId {
                issuer,
                number,
                issued,
            },
            hash,
        })
    })
    .transpose()
}

/// Inserts a sealed record, inside the caller's transaction.
fn insert(
    tx: &Transaction<'_>,
    regime: &dyn Regime,
    sealed: &Sealed,
    document_id: Option<i64>,
    store_id: &str,
) -> Result<i64, StoreError> {
    let r = &sealed.record;
    let (kind, invoice_type, total) = match &r.entry {
        Entry::Alta(i) => ("alta", Some(i.kind.as_str()), Some(i.total())),
        Entry::Anulacion(_) => ("anulacion", None, None),
    };
    let id = r.entry.invoice_id();
    tx.prepare_cached(
        "INSERT INTO fiscal_records(installation, regime, kind, invoice_type, document_id,
            issuer, number, issued, generated_at, hash, previous_hash, total, xml, qr, uid,
            store_id)
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
        sealed.xml,
        sealed.qr,
        super::outbox::new_uid(),
        store_id
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Seals and inserts a document's record, inside the transaction that commits it.
pub(super) fn record_document(
    tx: &Transaction<'_>,
    step: &FiscalStep,
    d: &DocumentDraft,
    document_id: i64,
    number: &str,
    store_id: &str,
) -> Result<(), StoreError> {
    let previous = head(tx, step.regime.installation())?;
    let sealed = step
        .regime
        .seal_document(d, number, &step.issue, previous)
        .map_err(StoreError::Fiscal)?;
    insert(
        tx,
        step.regime.as_ref(),
        &sealed,
        Some(document_id),
        store_id,
    )?;
    Ok(())
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
        let issued = chrono::NaiveDate::parse_from_str(&invoice.issued, "%Y-%m-%d")
            .map_err(|_| StoreError::Corrupt(format!("fiscal record date «{}»", invoice.issued)))?;
        let id = InvoiceId {
            issuer: invoice.issuer.clone(),
            number: invoice.number.clone(),
            issued,
        };
        let store_id = self.identity.uid.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let previous = head(&tx, regime.installation())?;
        let sealed = regime
            .seal_cancellation(id, generated, previous)
            .map_err(StoreError::Fiscal)?;
        let row = insert(&tx, regime, &sealed, None, &store_id)?;
        tx.commit()?;
        self.fiscal_record(row)?
            .ok_or_else(|| StoreError::Corrupt("a record just written is missing".into()))
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
                 WHERE document_id = ?1 AND kind = 'alta' ORDER BY id LIMIT 1"
            ))?
            .query_row([document_id], stored)
            .optional()?)
    }

    /// The records of an invoice number (its alta, and its anulación if it was withdrawn).
    pub fn records_of_number(&self, number: &str) -> Result<Vec<StoredRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM fiscal_records WHERE number = ?1 ORDER BY id"
        ))?;
        let rows = stmt
            .query_map([number.trim().to_uppercase()], stored)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
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
