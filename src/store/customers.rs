//! The customer book in the store: customers added and changed (checked, audited), found by
//! tax id or words of the name, deactivated never deleted.

use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::customer::{Customer, CustomerDraft};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

const COLUMNS: &str = "id, tax_id, name, address, city, country, recargo, active";

fn customer(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        draft: CustomerDraft {
            tax_id: r.get(1)?,
            name: r.get(2)?,
            address: r.get(3)?,
            city: r.get(4)?,
            country: r.get(5)?,
            recargo: r.get(6)?,
        },
        active: r.get(7)?,
    })
}

/// Refuses a tax id already in the book (but for customer `except`), naming whose it is.
fn tax_id_free(
    tx: &rusqlite::Transaction<'_>,
    d: &CustomerDraft,
    except: Option<i64>,
) -> Result<(), StoreError> {
    let owner: Option<String> = tx
        .query_row(
            "SELECT name FROM customers WHERE country = ?1 AND tax_id = ?2 AND id IS NOT ?3",
            params![d.country, d.tax_id, except],
            |r| r.get(0),
        )
        .optional()?;
    match owner {
        Some(owner) => Err(StoreError::CustomerTaken {
            tax_id: d.tax_id.clone(),
            owner,
        }),
        None => Ok(()),
    }
}

impl Store {
    /// Adds a customer (checked; audited). A tax id already in the book is refused, naming
    /// whose it is.
    pub fn add_customer(&self, draft: CustomerDraft, who: &Author<'_>) -> Result<i64, StoreError> {
        let d = draft.checked().map_err(StoreError::Customer)?;
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        tax_id_free(&tx, &d, None)?;
        tx.execute(
            "INSERT INTO customers(tax_id, name, address, city, country, recargo, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                d.tax_id,
                d.name,
                d.address,
                d.city,
                d.country,
                d.recargo,
                super::outbox::new_uid()
            ],
        )?;
        let id = tx.last_insert_rowid();
        who.audit(
            &tx,
            "customer_added",
            serde_json::json!({"customer": id, "tax_id": d.tax_id, "name": d.name}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes a customer's details (checked; audited with before and after): a wrong tax id
    /// or name the tax agency refused is put right here, then the refused record corrected.
    pub fn set_customer(
        &self,
        id: i64,
        draft: CustomerDraft,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        let d = draft.checked().map_err(StoreError::Customer)?;
        let before = self
            .customer(id)?
            .ok_or(StoreError::NoSuchCustomer { id })?;
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        tax_id_free(&tx, &d, Some(id))?;
        tx.execute(
            "UPDATE customers SET tax_id = ?2, name = ?3, address = ?4, city = ?5, country = ?6,
                 recargo = ?7 WHERE id = ?1",
            params![
                id, d.tax_id, d.name, d.address, d.city, d.country, d.recargo
            ],
        )?;
        who.audit(
            &tx,
            "customer_changed",
            serde_json::json!({"customer": id, "before": before.draft, "after": d}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A customer by id.
    pub fn customer(&self, id: i64) -> Result<Option<Customer>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"))?
            .query_row([id], customer)
            .optional()?)
    }

    /// Active customers whose tax id starts with `text` or whose name holds it, by name.
    pub fn find_customers(&self, text: &str, limit: usize) -> Result<Vec<Customer>, StoreError> {
        self.customers_matching(text, limit, false)
    }

    /// Customers whose tax id starts with `text` or whose name holds it, by name; deactivated
    /// ones too when `all` (the back office's book).
    pub fn customers_matching(
        &self,
        text: &str,
        limit: usize,
        all: bool,
    ) -> Result<Vec<Customer>, StoreError> {
        let text = text.trim();
        let id = crate::till::tax_id::normalize(text);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM customers
             WHERE (active = 1 OR ?4) AND (tax_id LIKE ?1 || '%' OR name LIKE '%' || ?2 || '%')
             ORDER BY name COLLATE NOCASE LIMIT ?3"
        ))?;
        let rows = stmt
            .query_map(params![id, text, limit as i64, all], customer)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Deactivates a customer (never deleted: invoices name them) or brings them back; audited.
    pub fn set_customer_active(
        &self,
        id: i64,
        active: bool,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE customers SET active = ?2 WHERE id = ?1",
            params![id, active],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchCustomer { id });
        }
        who.audit(
            &tx,
            "customer_active",
            serde_json::json!({"customer": id, "active": active}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }
}
