//! Full invoices replacing a ticket (F3): numbered in their own series, restating the ticket,
//! written with their fiscal record in one transaction (see migration 017). The ticket stays
//! as it was; the invoice is no second sale.

use super::fiscal::FiscalStep;
use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::document::{DocumentDraft, format_number};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

/// A full invoice that replaced a ticket.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Replacement {
    pub id: i64,
    pub number: String,
    /// The ticket it replaced.
    pub document_id: i64,
    pub customer_id: i64,
    pub created_at: String,
    pub user_id: Option<i64>,
    pub fiscal_record_id: Option<i64>,
}

const COLUMNS: &str =
    "id, series, number, document_id, customer_id, created_at, user_id, fiscal_record_id";

fn replacement(r: &rusqlite::Row<'_>) -> rusqlite::Result<Replacement> {
    let series: String = r.get(1)?;
    Ok(Replacement {
        id: r.get(0)?,
        number: format_number(&series, r.get(2)?),
        document_id: r.get(3)?,
        customer_id: r.get(4)?,
        created_at: r.get(5)?,
        user_id: r.get(6)?,
        fiscal_record_id: r.get(7)?,
    })
}

impl Store {
    /// Issues the full invoice replacing ticket `ticket_id`: `draft` restates the ticket (its
    /// series is the invoices', its time now), sealed by `fiscal` (`Issue::Replacing`) after
    /// the chain's head; one transaction, audited. A ticket is replaced once.
    pub fn replace_ticket(
        &mut self,
        ticket_id: i64,
        customer_id: i64,
        draft: &DocumentDraft,
        fiscal: Option<&FiscalStep>,
        author: &Author<'_>,
    ) -> Result<Replacement, StoreError> {
        let store_id = self.identity.uid.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let already: Option<Replacement> = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM replacement_invoices WHERE document_id = ?1"),
                [ticket_id],
                replacement,
            )
            .optional()?;
        if let Some(r) = already {
            return Err(StoreError::AlreadyReplaced { invoice: r.number });
        }
        let number = super::sales::take_number(&tx, &draft.series)?;
        let number_text = format_number(&draft.series, number);
        let record = match fiscal {
            Some(step) => {
                let prepared = super::fiscal::seal_document(&tx, step, draft, &number_text)?;
                Some(super::fiscal::insert(
                    &tx,
                    step.regime.as_ref(),
                    &prepared,
                    Some(ticket_id),
                    &store_id,
                )?)
            }
            None => None,
        };
        tx.execute(
            "INSERT INTO replacement_invoices(series, number, document_id, customer_id,
                 created_at, user_id, fiscal_record_id, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                draft.series,
                number,
                ticket_id,
                customer_id,
                draft.created_at,
                author.user_id,
                record,
                super::outbox::new_uid()
            ],
        )?;
        let id = tx.last_insert_rowid();
        author.audit(
            &tx,
            "invoice-replacing-ticket",
            serde_json::json!({"invoice": number_text, "ticket": ticket_id,
                "customer": customer_id, "record": record}),
            &store_id,
        )?;
        tx.commit()?;
        Ok(Replacement {
            id,
            number: number_text,
            document_id: ticket_id,
            customer_id,
            created_at: draft.created_at.clone(),
            user_id: author.user_id,
            fiscal_record_id: record,
        })
    }

    /// The full invoice that replaced ticket `document_id`, if one did.
    pub fn replacement_of(&self, document_id: i64) -> Result<Option<Replacement>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM replacement_invoices WHERE document_id = ?1"
            ))?
            .query_row([document_id], replacement)
            .optional()?)
    }
}
