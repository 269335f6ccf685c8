//! A store behind the tax agency (restored from a backup, or found holding a number the agency
//! has under another record) and how it is reconciled: it does not sell until then. What the
//! agency holds is learnt from its query service (`app::fiscal_reconcile`) and kept here in one
//! transaction — records the store lacks as known only from the agency, its own records the
//! agency holds marked accepted, the series advanced past the learnt numbers. Offline, a
//! manager's decision to sell in a new series (audited, with a reason) lets it sell at once; the
//! records it lacks are learnt when the network returns and kept as a branch off its last
//! record (see migration 016).

use super::fiscal::{COLUMNS, StoredRecord, stored};
use super::taxes::Author;
use super::{Store, StoreError};
use crate::fiscal::parse::ReadRecord;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use std::collections::HashMap;

/// Why a reconciliation was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// A backup was restored.
    Restore,
    /// The agency holds another record under one of this store's numbers.
    Behind,
}

impl Cause {
    fn as_str(self) -> &'static str {
        match self {
            Cause::Restore => "restore",
            Cause::Behind => "behind",
        }
    }
}

/// Where a reconciliation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconcileState {
    /// The store may not sell until the agency is asked or a manager decides.
    Pending,
    /// The agency was asked; the chain goes on after what it holds.
    Reconciled,
    /// A manager decided to sell in a new series (offline); `fetched_at` is set once the
    /// records the store lacked were learnt.
    NewSeries,
}

/// A reconciliation, as its row says.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reconciliation {
    pub id: i64,
    pub installation: String,
    pub cause: Cause,
    pub detail: String,
    pub opened_at: String,
    pub head_record_id: Option<i64>,
    pub state: ReconcileState,
    pub resolved_at: Option<String>,
    pub series_mark: Option<String>,
    pub reason: Option<String>,
    pub decided_by: Option<i64>,
    pub fetched: i64,
    pub fetched_at: Option<String>,
    pub branch: Option<(i64, i64)>,
}

impl Reconciliation {
    /// Whether the store may not sell because of it.
    pub fn blocks_selling(&self) -> bool {
        self.state == ReconcileState::Pending
    }

    /// Whether the agency must still be asked (pending, or a new series not yet fetched).
    pub fn needs_agency(&self) -> bool {
        self.fetched_at.is_none() && self.state != ReconcileState::Reconciled
    }
}

const RECONCILE_COLUMNS: &str = "id, installation, cause, detail, opened_at, head_record_id,
    state, resolved_at, series_mark, reason, decided_by, fetched, fetched_at, branch_first_id,
    branch_last_id";

fn reconciliation(r: &rusqlite::Row<'_>) -> rusqlite::Result<Reconciliation> {
    let cause: String = r.get(2)?;
    let state: String = r.get(6)?;
    let first: Option<i64> = r.get(13)?;
    let last: Option<i64> = r.get(14)?;
    Ok(Reconciliation {
        id: r.get(0)?,
        installation: r.get(1)?,
        cause: if cause == "behind" {
            Cause::Behind
        } else {
            Cause::Restore
        },
        detail: r.get(3)?,
        opened_at: r.get(4)?,
        head_record_id: r.get(5)?,
        state: match state.as_str() {
            "reconciled" => ReconcileState::Reconciled,
            "new_series" => ReconcileState::NewSeries,
            _ => ReconcileState::Pending,
        },
        resolved_at: r.get(7)?,
        series_mark: r.get(8)?,
        reason: r.get(9)?,
        decided_by: r.get(10)?,
        fetched: r.get(11)?,
        fetched_at: r.get(12)?,
        branch: first.zip(last),
    })
}

/// What the agency's query service told, ready to keep.
#[derive(Clone, Debug, Default)]
pub struct Learnt {
    /// The queries' envelopes as sent (kept as the request that learnt it).
    pub envelopes: Vec<String>,
    /// This store's own records the agency holds: row id and whether with errors.
    pub held: Vec<(i64, bool)>,
    /// Records the store lacks, in chain order after its last record, with the agency's state.
    pub lacking: Vec<(ReadRecord, String)>,
}

/// A record known only from the agency, as the store keeps it (`fiscal_records.body`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgencyBody {
    /// What its hash and link cover, as the agency holds it.
    pub agency: ReadRecord,
    /// `Correcto`, `AceptadoConErrores` or `Anulado`.
    pub state: String,
}

/// The marks of new series in order: B, C, … Z, then AA, AB, … — never one the terminal's
/// other series end with (F training, R returns, S invoices replacing tickets).
fn mark_after(previous: Option<&str>) -> String {
    let mut mark = next_mark(previous);
    while mark.ends_with(['F', 'R', 'S']) {
        mark = next_mark(Some(&mark));
    }
    mark
}

fn next_mark(previous: Option<&str>) -> String {
    match previous {
        None => "B".into(),
        Some(p) => {
            let n = p
                .bytes()
                .fold(0u32, |n, b| n * 26 + u32::from(b.saturating_sub(b'A')) + 1);
            let mut n = n + 1;
            let mut out = Vec::new();
            while n > 0 {
                let d = (n - 1) % 26;
                out.push(b'A' + d as u8);
                n = (n - 1) / 26;
            }
            out.reverse();
            String::from_utf8(out).unwrap_or_else(|_| "B".into())
        }
    }
}

/// `DD-MM-AAAA` to the stored `YYYY-MM-DD`.
fn stored_day(text: &str) -> Result<String, StoreError> {
    crate::fiscal::parse_date(text)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| StoreError::Corrupt(format!("the agency's date «{text}»")))
}

/// An amount as the XML writes it (`12.34`, `-5`) in minor units.
fn minor_units(text: &str, digits: u32) -> Option<i64> {
    let d: rust_decimal::Decimal = text.trim().parse().ok()?;
    let scaled = d * rust_decimal::Decimal::from(10i64.pow(digits));
    rust_decimal::prelude::ToPrimitive::to_i64(&scaled.round())
}

/// The newest record of `installation` on the chain the till goes on with (records fetched
/// after a new series are a branch beside it), inside a transaction or not.
pub(super) fn selling_head(
    conn: &rusqlite::Connection,
    installation: &str,
) -> Result<Option<StoredRecord>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM fiscal_records r WHERE installation = ?1
               AND NOT EXISTS (SELECT 1 FROM fiscal_reconciliations c
                               WHERE r.id BETWEEN c.branch_first_id AND c.branch_last_id)
             ORDER BY id DESC LIMIT 1"
        ))?
        .query_row([installation], stored)
        .optional()?)
}

/// Whether row `id` is in a branch learnt after a new series.
pub(super) fn in_branch(conn: &rusqlite::Connection, id: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM fiscal_reconciliations WHERE ?1 BETWEEN branch_first_id AND branch_last_id",
        )?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The pending reconciliation, inside a transaction.
pub(super) fn pending_id(tx: &Transaction<'_>) -> Result<Option<i64>, StoreError> {
    Ok(tx
        .query_row(
            "SELECT id FROM fiscal_reconciliations WHERE state = 'pending' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

fn advance_series(tx: &Transaction<'_>, number: &str) -> Result<(), StoreError> {
    if let Some((series, n)) = crate::till::document::parse_number(number) {
        tx.prepare_cached(
            "INSERT INTO series(code, next_number) VALUES (?1, ?2)
             ON CONFLICT(code) DO UPDATE SET next_number = max(next_number, excluded.next_number)",
        )?
        .execute(params![series, n + 1])?;
    }
    Ok(())
}

impl Store {
    /// Opens a reconciliation for `installation` (unless one is open already): the store sells
    /// no more until it is reconciled. Returns its id.
    pub fn open_reconciliation(
        &mut self,
        installation: &str,
        cause: Cause,
        detail: &str,
        at: &str,
    ) -> Result<i64, StoreError> {
        let store_id = self.identity.uid.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(id) = pending_id(&tx)? {
            return Ok(id);
        }
        let head = selling_head(&tx, installation)?.map(|r| r.id);
        tx.execute(
            "INSERT INTO fiscal_reconciliations(installation, cause, detail, opened_at, head_record_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![installation, cause.as_str(), detail, at, head],
        )?;
        let id = tx.last_insert_rowid();
        Author {
            terminal: "",
            user_id: None,
            at,
        }
        .audit(
            &tx,
            "fiscal-reconcile-opened",
            serde_json::json!({"cause": cause.as_str(), "detail": detail, "head_record": head}),
            &store_id,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Opens the reconciliation of a store just restored from a backup of `terminal`.
    pub fn open_restore_reconciliation(
        &mut self,
        terminal: &str,
        detail: &str,
        at: &str,
    ) -> Result<i64, StoreError> {
        let installation = crate::fiscal::installation(&self.identity.uid, terminal);
        self.open_reconciliation(&installation, Cause::Restore, detail, at)
    }

    /// The reconciliation that still needs something (pending, or a new series whose records
    /// were not learnt yet), if any.
    pub fn open_reconciliation_row(&self) -> Result<Option<Reconciliation>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {RECONCILE_COLUMNS} FROM fiscal_reconciliations
                 WHERE state = 'pending' OR (state = 'new_series' AND fetched_at IS NULL)
                 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row([], reconciliation)
            .optional()?)
    }

    /// Every reconciliation, newest first.
    pub fn reconciliations(&self) -> Result<Vec<Reconciliation>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {RECONCILE_COLUMNS} FROM fiscal_reconciliations ORDER BY id DESC"
        ))?;
        let rows = stmt
            .query_map([], reconciliation)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// What the till needs at the pay key: whether a reconciliation blocks selling, and the
    /// mark of the series in force (the newest new series'), in one read.
    pub fn selling_reconcile(&self) -> Result<(bool, Option<String>), StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM fiscal_reconciliations WHERE state = 'pending'),
                        (SELECT series_mark FROM fiscal_reconciliations
                         WHERE state = 'new_series' ORDER BY id DESC LIMIT 1)",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// The last record of `installation` on the chain the till goes on with.
    pub fn fiscal_selling_head(
        &self,
        installation: &str,
    ) -> Result<Option<StoredRecord>, StoreError> {
        selling_head(&self.conn, installation)
    }

    /// The hashes of the store's records issued from `day` (`YYYY-MM-DD`) on, with their row
    /// ids: to tell which of the agency's records the store holds.
    pub fn fiscal_hashes_from(&self, day: &str) -> Result<HashMap<String, i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT hash, id FROM fiscal_records WHERE issued >= ?1")?;
        let rows = stmt
            .query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// A manager's decision, offline, to sell in a new series chained to the last record the
    /// store holds (audited with the reason); returns the series' mark.
    pub fn decide_new_series(
        &mut self,
        reason: &str,
        author: &Author<'_>,
    ) -> Result<String, StoreError> {
        let reason = reason.trim();
        if reason.chars().count() < 10 {
            return Err(StoreError::Reconcile(
                "say why the store sells in a new series without asking the tax agency (at least 10 characters): it is kept in the audit log".into(),
            ));
        }
        let store_id = self.identity.uid.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(id) = pending_id(&tx)? else {
            return Err(StoreError::Reconcile(
                "no reconciliation is pending: the store sells as it is".into(),
            ));
        };
        let previous: Option<String> = tx
            .query_row(
                "SELECT series_mark FROM fiscal_reconciliations WHERE series_mark IS NOT NULL
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let mark = mark_after(previous.as_deref());
        tx.execute(
            "UPDATE fiscal_reconciliations SET state = 'new_series', resolved_at = ?2,
                 series_mark = ?3, reason = ?4, decided_by = ?5 WHERE id = ?1",
            params![id, author.at, mark, reason, author.user_id],
        )?;
        author.audit(
            &tx,
            "fiscal-new-series",
            serde_json::json!({"reconciliation": id, "mark": mark, "reason": reason}),
            &store_id,
        )?;
        tx.commit()?;
        Ok(mark)
    }

    /// Keeps what the agency told for reconciliation `id`, in one transaction: its records the
    /// store lacks (known only from the agency; after a new series, as a branch off the record
    /// the store held), the store's own records it holds marked accepted, the series advanced
    /// past every learnt number; the reconciliation closed. Returns how many were learnt.
    pub fn keep_learnt(
        &mut self,
        id: i64,
        learnt: &Learnt,
        regime: &str,
        digits: u32,
        at: &str,
    ) -> Result<usize, StoreError> {
        let store_id = self.identity.uid.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row = tx
            .query_row(
                &format!("SELECT {RECONCILE_COLUMNS} FROM fiscal_reconciliations WHERE id = ?1"),
                [id],
                reconciliation,
            )
            .optional()?
            .ok_or_else(|| StoreError::Reconcile(format!("no reconciliation #{id}")))?;
        if !row.needs_agency() {
            return Err(StoreError::Reconcile(format!(
                "reconciliation #{id} is closed already"
            )));
        }
        tx.execute(
            "INSERT INTO fiscal_requests(installation, sent_at, records, envelope, answered_at,
                 outcome, kind)
             VALUES (?1, ?2, ?3, ?4, ?2, 'answered', 'query')",
            params![
                row.installation,
                at,
                (learnt.held.len() + learnt.lacking.len()) as i64,
                learnt.envelopes.join("\n")
            ],
        )?;
        let request = tx.last_insert_rowid();
        let mut mark = tx.prepare_cached(
            "INSERT INTO fiscal_states(record_id, request_id, state, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(record_id) DO UPDATE SET request_id = excluded.request_id,
                 state = excluded.state, code = NULL, description = NULL, at = excluded.at",
        )?;
        for (record, with_errors) in &learnt.held {
            let state = if *with_errors {
                "accepted_with_errors"
            } else {
                "accepted"
            };
            mark.execute(params![record, request, state, at])?;
        }
        let mut first = None;
        let mut last = None;
        for (r, state) in &learnt.lacking {
            let body = serde_json::to_string(&AgencyBody {
                agency: r.clone(),
                state: state.clone(),
            })
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            tx.prepare_cached(
                "INSERT INTO fiscal_records(installation, regime, kind, invoice_type, document_id,
                    issuer, number, issued, generated_at, hash, previous_hash, total, body, origin,
                    uid, store_id)
                 VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'aeat', ?13, ?14)",
            )?
            .execute(params![
                if r.installation.is_empty() {
                    &row.installation
                } else {
                    &r.installation
                },
                regime,
                if r.alta { "alta" } else { "anulacion" },
                Some(r.kind.as_str()).filter(|k| r.alta && !k.is_empty()),
                r.issuer,
                r.number,
                stored_day(&r.issued)?,
                r.generated,
                r.hash,
                r.previous.as_ref().map(|l| l.hash.as_str()),
                minor_units(&r.total, digits),
                body,
                super::outbox::new_uid(),
                store_id
            ])?;
            let rid = tx.last_insert_rowid();
            first.get_or_insert(rid);
            last = Some(rid);
            let state = if state == "AceptadoConErrores" {
                "accepted_with_errors"
            } else {
                "accepted"
            };
            mark.execute(params![rid, request, state, at])?;
            if r.alta {
                advance_series(&tx, &r.number)?;
            }
        }
        drop(mark);
        let (branch_first, branch_last) = if row.state == ReconcileState::NewSeries {
            (first, last)
        } else {
            (None, None)
        };
        tx.execute(
            "UPDATE fiscal_reconciliations SET
                 state = CASE state WHEN 'pending' THEN 'reconciled' ELSE state END,
                 resolved_at = coalesce(resolved_at, ?2), fetched = ?3, fetched_at = ?2,
                 branch_first_id = ?4, branch_last_id = ?5
             WHERE id = ?1",
            params![
                id,
                at,
                learnt.lacking.len() as i64,
                branch_first,
                branch_last
            ],
        )?;
        Author {
            terminal: "",
            user_id: None,
            at,
        }
        .audit(
            &tx,
            "fiscal-reconciled",
            serde_json::json!({
                "reconciliation": id,
                "learnt": learnt.lacking.len(),
                "held": learnt.held.len(),
                "last": learnt.lacking.last().map(|(r, _)| r.number.clone()),
                "branch": row.state == ReconcileState::NewSeries,
            }),
            &store_id,
        )?;
        tx.commit()?;
        Ok(learnt.lacking.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_series_marks_follow_b_to_z_then_two_letters() {
        assert_eq!(mark_after(None), "B");
        assert_eq!(mark_after(Some("B")), "C");
        assert_eq!(mark_after(Some("E")), "G", "F is training's");
        assert_eq!(
            mark_after(Some("Q")),
            "T",
            "R returns', S replacing invoices'"
        );
        assert_eq!(mark_after(Some("Y")), "Z");
        assert_eq!(mark_after(Some("Z")), "AA");
        assert_eq!(mark_after(Some("AZ")), "BA");
    }

    #[test]
    fn the_agencys_amounts_and_days_read_as_stored() {
        assert_eq!(minor_units("12.34", 2), Some(1234));
        assert_eq!(minor_units("-5", 2), Some(-500));
        assert_eq!(minor_units("x", 2), None);
        assert_eq!(stored_day("05-12-2026").unwrap(), "2026-12-05");
        assert!(stored_day("2026-12-05").is_err());
    }
}
