//! Shifts, cash movements and numbered, immutable Z reports.

use super::audit::{AuditEvent, append};
use super::outbox::{NewMessage, enqueue_in};
use super::{Store, StoreError};
use crate::till::shift::{CashMove, Shift, ShiftState};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

/// A shift row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShiftRecord {
    pub id: i64,
    pub terminal: String,
    pub state: ShiftState,
    pub opened_at: String,
    pub opened_by: i64,
    pub float: i64,
}

/// Who and when, for the audit entry that goes with a change.
pub struct Actor<'a> {
    pub terminal: &'a str,
    pub user_id: i64,
    pub at: &'a str,
}

fn audit_on(
    conn: &rusqlite::Transaction<'_>,
    actor: &Actor<'_>,
    event: &str,
    detail: serde_json::Value,
    store_id: &str,
) -> Result<(), StoreError> {
    append(
        conn,
        &AuditEvent {
            at: actor.at,
            terminal: actor.terminal,
            user_id: Some(actor.user_id),
            event,
            detail: detail.to_string(),
        },
        store_id,
    )?;
    Ok(())
}

/// A cash movement: in, out, or a no-sale drawer opening (`kind` `None`, amount 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CashEntry<'a> {
    pub kind: Option<CashMove>,
    pub amount: i64,
    pub reason: &'a str,
    pub approved_by: Option<i64>,
}

impl Store {
    /// The open or closing shift of a terminal.
    pub fn live_shift(&self, terminal: &str) -> Result<Option<ShiftRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, terminal, state, opened_at, opened_by, float FROM shifts
                 WHERE terminal = ?1 AND state <> 'closed'",
                [terminal],
                |r| {
                    let state: String = r.get(2)?;
                    Ok(ShiftRecord {
                        id: r.get(0)?,
                        terminal: r.get(1)?,
                        state: ShiftState::parse(&state).unwrap_or(ShiftState::Open),
                        opened_at: r.get(3)?,
                        opened_by: r.get(4)?,
                        float: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Opens a shift with a float (one live shift per terminal).
    pub fn open_shift(&mut self, actor: &Actor<'_>, float: i64) -> Result<i64, StoreError> {
        Shift::open(float)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let live: Option<i64> = tx
            .query_row(
                "SELECT id FROM shifts WHERE terminal = ?1 AND state <> 'closed'",
                [actor.terminal],
                |r| r.get(0),
            )
            .optional()?;
        if live.is_some() {
            return Err(StoreError::ShiftAlreadyOpen {
                terminal: actor.terminal.to_string(),
            });
        }
        tx.execute(
            "INSERT INTO shifts(terminal, state, opened_at, opened_by, float)
             VALUES (?1, 'open', ?2, ?3, ?4)",
            params![actor.terminal, actor.at, actor.user_id, float],
        )?;
        let id = tx.last_insert_rowid();
        audit_on(
            &tx,
            actor,
            "shift_open",
            serde_json::json!({"shift": id, "float": float}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The shift's cash state, rebuilt from its rows.
    pub fn shift_state(&self, record: &ShiftRecord) -> Result<Shift, StoreError> {
        let (cash_in, cash_out): (i64, i64) = self.conn.query_row(
            "SELECT coalesce(sum(CASE WHEN kind = 'in' THEN amount END), 0),
                    coalesce(sum(CASE WHEN kind = 'out' THEN amount END), 0)
             FROM cash_movements WHERE shift_id = ?1",
            [record.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let cash_sales = self.shift_cash_sales(record.id)?;
        Ok(Shift {
            state: record.state,
            float: record.float,
            cash_in,
            cash_out,
            cash_sales,
        })
    }

    /// Net cash from the shift's documents (cash tendered − change), from its running totals.
    pub fn shift_cash_sales(&self, shift_id: i64) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(CASE WHEN metric = 'tender:cash' THEN a ELSE 0 END), 0)
                      - coalesce(sum(CASE WHEN metric LIKE 'doc:%' THEN d ELSE 0 END), 0)
                 FROM totals WHERE scope = ?1",
            )?
            .query_row([super::sales::shift_scope(shift_id)], |r| r.get(0))?)
    }

    /// Cash in / out (or a no-sale drawer opening, amount 0) with its reason, audited, with the
    /// outbox messages it causes (a drawer pulse) in the same transaction.
    pub fn record_cash_movement(
        &mut self,
        actor: &Actor<'_>,
        shift_id: i64,
        movement: &CashEntry<'_>,
        messages: &[NewMessage],
    ) -> Result<(), StoreError> {
        let CashEntry {
            kind,
            amount,
            reason,
            approved_by,
        } = *movement;
        let kind_text = match kind {
            Some(CashMove::In) => "in",
            Some(CashMove::Out) => "out",
            None => "no-sale",
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO cash_movements(shift_id, kind, amount, reason, user_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![shift_id, kind_text, amount, reason, actor.user_id, actor.at],
        )?;
        let event = match kind {
            Some(CashMove::In) => "cash_in",
            Some(CashMove::Out) => "cash_out",
            None => "no_sale",
        };
        audit_on(
            &tx,
            actor,
            event,
            serde_json::json!({"shift": shift_id, "amount": amount, "reason": reason, "approved_by": approved_by}),
            &self.identity.uid,
        )?;
        for m in messages {
            enqueue_in(&tx, m, actor.terminal, None, actor.at, &self.identity.uid)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn no_sale_count(&self, shift_id: i64) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM cash_movements WHERE shift_id = ?1 AND kind = 'no-sale'",
            [shift_id],
            |r| r.get(0),
        )?)
    }

    /// Moves an open shift to closing (no more sales; blind count next).
    pub fn begin_close_shift(
        &mut self,
        actor: &Actor<'_>,
        shift_id: i64,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE shifts SET state = 'closing' WHERE id = ?1 AND state = 'open'",
            [shift_id],
        )?;
        if n != 1 {
            return Err(StoreError::ShiftNotOpen);
        }
        audit_on(
            &tx,
            actor,
            "shift_closing",
            serde_json::json!({"shift": shift_id}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Closes a closing shift with its count and stores the Z report under the next Z number.
    /// `make_report` receives the Z number and returns the report JSON and the outbox messages
    /// it causes (its printout), written in the same transaction.
    pub fn close_shift_with_z(
        &mut self,
        actor: &Actor<'_>,
        shift_id: i64,
        counted: i64,
        expected: i64,
        make_report: impl FnOnce(i64) -> Result<(String, Vec<NewMessage>), StoreError>,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE shifts SET state = 'closed', closed_at = ?2, closed_by = ?3, counted = ?4,
                    expected = ?5
             WHERE id = ?1 AND state = 'closing'",
            params![shift_id, actor.at, actor.user_id, counted, expected],
        )?;
        if n != 1 {
            return Err(StoreError::ShiftNotClosing);
        }
        let z_number: i64 = tx.query_row(
            "SELECT coalesce(max(z_number), 0) + 1 FROM z_reports WHERE terminal = ?1",
            [actor.terminal],
            |r| r.get(0),
        )?;
        let (json, messages) = make_report(z_number)?;
        tx.execute(
            "INSERT INTO z_reports(terminal, z_number, shift_id, created_at, report_json)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![actor.terminal, z_number, shift_id, actor.at, json],
        )?;
        audit_on(
            &tx,
            actor,
            "shift_close",
            serde_json::json!({"shift": shift_id, "z": z_number, "counted": counted,
                               "expected": expected, "over_short": counted - expected}),
            &self.identity.uid,
        )?;
        for m in &messages {
            enqueue_in(&tx, m, actor.terminal, None, actor.at, &self.identity.uid)?;
        }
        tx.commit()?;
        Ok(z_number)
    }

    /// A stored Z report's JSON.
    pub fn z_report_json(
        &self,
        terminal: &str,
        z_number: i64,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT report_json FROM z_reports WHERE terminal = ?1 AND z_number = ?2",
                params![terminal, z_number],
                |r| r.get(0),
            )
            .optional()?)
    }
}

impl Store {
    /// A shift that is already over (demo history, imports): no Z report, no audit entry.
    pub fn insert_closed_shift(
        &self,
        terminal: &str,
        user_id: i64,
        opened_at: &str,
        float: i64,
    ) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO shifts(terminal, state, opened_at, opened_by, float, closed_at, closed_by)
             VALUES (?1, 'closed', ?2, ?3, ?4, ?2, ?3)",
            params![terminal, opened_at, user_id, float],
        )?;
        Ok(self.conn.last_insert_rowid())
    }
}
