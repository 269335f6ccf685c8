//! Parked sales: open carts put aside and recalled later; they survive a restart.

use super::{Store, StoreError};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

/// A parked sale as listed for recall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParkedSale {
    pub id: i64,
    pub user_id: i64,
    pub parked_at: String,
    pub label: String,
    pub cart_json: String,
}

impl Store {
    pub fn park(
        &self,
        terminal: &str,
        user_id: i64,
        at: &str,
        label: &str,
        cart_json: &str,
    ) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO parked_sales(terminal, user_id, parked_at, label, cart_json)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![terminal, user_id, at, label, cart_json],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn parked(&self, terminal: &str) -> Result<Vec<ParkedSale>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, user_id, parked_at, label, cart_json FROM parked_sales
             WHERE terminal = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([terminal], |r| {
                Ok(ParkedSale {
                    id: r.get(0)?,
                    user_id: r.get(1)?,
                    parked_at: r.get(2)?,
                    label: r.get(3)?,
                    cart_json: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Removes a parked sale and returns its cart JSON, in one transaction.
    pub fn take_parked(&mut self, terminal: &str, id: i64) -> Result<Option<String>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let json: Option<String> = tx
            .query_row(
                "SELECT cart_json FROM parked_sales WHERE id = ?1 AND terminal = ?2",
                params![id, terminal],
                |r| r.get(0),
            )
            .optional()?;
        if json.is_some() {
            tx.execute("DELETE FROM parked_sales WHERE id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(json)
    }
}
