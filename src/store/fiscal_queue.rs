//! The fiscal records' way to the tax agency: which records wait (never accepted, not in a
//! request that is out), a request written with its envelope before it leaves, its answer
//! written with every record's state in one transaction, a failed request's records put back.
//! The records themselves are the queue: each was written in its sale's transaction, so a sale
//! commit writes no second row for sending (see migration 014).

use super::fiscal::StoredRecord;
use super::{Store, StoreError};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

/// A record's state at the tax agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SendState {
    /// In a request that is out (or was cut short).
    Sent,
    Accepted,
    /// Accepted; its errors are shown to the manager and must be corrected.
    AcceptedWithErrors,
    /// Refused: the AEAT's code and words are kept; a corrected record is sent again.
    Rejected,
}

impl SendState {
    /// A state as stored (anything unknown reads as sent: sent again, answered as a duplicate).
    pub fn parse(text: &str) -> SendState {
        match text {
            "accepted" => SendState::Accepted,
            "accepted_with_errors" => SendState::AcceptedWithErrors,
            "rejected" => SendState::Rejected,
            _ => SendState::Sent,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SendState::Sent => "sent",
            SendState::Accepted => "accepted",
            SendState::AcceptedWithErrors => "accepted_with_errors",
            SendState::Rejected => "rejected",
        }
    }
}

/// One record's answer, as the sender writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordAnswer {
    pub record_id: i64,
    pub state: SendState,
    pub code: Option<u32>,
    pub description: Option<String>,
}

/// A record as the back office lists it: what it is and where it stands at the agency.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RecordLine {
    pub id: i64,
    pub number: String,
    /// `F2`, `F1`, … for an alta; `anulación` for a withdrawal.
    pub kind: String,
    pub issued: String,
    pub total: Option<i64>,
    /// `None`: waiting to be sent.
    pub state: Option<SendState>,
    pub code: Option<u32>,
    pub description: Option<String>,
}

/// How sending stands: what waits, what the last answer asked, how many tries failed in a row.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SendingStatus {
    /// Records never accepted nor refused, not in a request that is out.
    pub waiting: i64,
    pub accepted: i64,
    pub accepted_with_errors: i64,
    /// Refused and not corrected yet (a corrected one is counted in `corrected`).
    pub rejected: i64,
    /// Refused records corrected by a later record of the same invoice (a subsanación).
    pub corrected: i64,
    /// The oldest waiting record's generation time.
    pub oldest_waiting: Option<String>,
    /// When the last answer came (UTC) and the wait it asked, in seconds.
    pub last_answer_at: Option<String>,
    pub last_wait_secs: Option<u32>,
    /// Requests that failed since the last answer.
    pub failures_in_a_row: u32,
    pub last_error: Option<String>,
    /// The last request was refused whole by the agency (a SOAP fault: its schema or header,
    /// code 4102 and the like), not lost on the network: it is tried again with the backoff,
    /// but a person must look.
    pub refused_whole: bool,
}

/// The waiting records: no state, or in a request that was cut short (no answer and not the
/// one just begun — the caller sends one request at a time).
const WAITING: &str = "FROM fiscal_records r
     LEFT JOIN fiscal_states s ON s.record_id = r.id
     LEFT JOIN fiscal_requests q ON q.id = s.request_id
     WHERE r.origin = 'local' AND (s.record_id IS NULL OR (s.state = 'sent' AND q.outcome IS NULL))";

/// A refused record `r` corrected by a later record of the same invoice (records after it
/// are read, by row id: few, as a refusal comes back soon).
const CORRECTED: &str = "EXISTS (SELECT 1 FROM fiscal_records c
     WHERE c.id > r.id AND c.number = r.number AND c.kind = 'alta')";

impl Store {
    /// Up to `limit` waiting records in chain order, in one read.
    pub fn fiscal_waiting(&self, limit: usize) -> Result<Vec<StoredRecord>, StoreError> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM fiscal_records
                 WHERE id IN (SELECT r.id {WAITING} ORDER BY r.id LIMIT ?1) ORDER BY id",
                super::fiscal::COLUMNS
            ))?
            .query_map([limit as i64], super::fiscal::stored)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Writes a request about to leave, with its envelope, and marks its records sent.
    pub fn begin_fiscal_request(
        &mut self,
        installation: &str,
        record_ids: &[i64],
        envelope: &str,
        at: &str,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // A request cut short before is closed as such, so its records count as waiting no more
        // once they are in this one.
        tx.execute(
            "UPDATE fiscal_requests SET outcome = 'failed', error = 'cut short (the sender stopped before its answer)'
             WHERE outcome IS NULL",
            [],
        )?;
        tx.execute(
            "INSERT INTO fiscal_requests(installation, sent_at, records, envelope)
             VALUES (?1, ?2, ?3, ?4)",
            params![installation, at, record_ids.len() as i64, envelope],
        )?;
        let request = tx.last_insert_rowid();
        {
            let mut mark = tx.prepare_cached(
                "INSERT INTO fiscal_states(record_id, request_id, state, at) VALUES (?1, ?2, 'sent', ?3)
                 ON CONFLICT(record_id) DO UPDATE SET request_id = excluded.request_id,
                     state = 'sent', code = NULL, description = NULL, at = excluded.at",
            )?;
            for id in record_ids {
                mark.execute(params![id, request, at])?;
            }
        }
        tx.commit()?;
        Ok(request)
    }

    /// Writes a request's answer and its records' states, in one transaction. Records the
    /// answer does not name go back to waiting.
    pub fn finish_fiscal_request(
        &mut self,
        request: i64,
        csv: Option<&str>,
        wait_secs: u32,
        answers: &[RecordAnswer],
        at: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE fiscal_requests SET answered_at = ?2, outcome = 'answered', csv = ?3,
                 wait_secs = ?4 WHERE id = ?1",
            params![request, at, csv, wait_secs],
        )?;
        {
            let mut set = tx.prepare_cached(
                "UPDATE fiscal_states SET state = ?3, code = ?4, description = ?5, at = ?6
                 WHERE record_id = ?1 AND request_id = ?2",
            )?;
            for a in answers {
                set.execute(params![
                    a.record_id,
                    request,
                    a.state.as_str(),
                    a.code,
                    a.description,
                    at
                ])?;
            }
        }
        tx.execute(
            "DELETE FROM fiscal_states WHERE request_id = ?1 AND state = 'sent'",
            [request],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A request that got no usable answer (the network, a fault): its records wait again.
    pub fn fail_fiscal_request(
        &mut self,
        request: i64,
        fault: bool,
        error: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE fiscal_requests SET answered_at = ?2, outcome = ?3, error = ?4 WHERE id = ?1",
            params![request, at, if fault { "fault" } else { "failed" }, error],
        )?;
        tx.execute(
            "DELETE FROM fiscal_states WHERE request_id = ?1 AND state = 'sent'",
            [request],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How sending stands.
    pub fn fiscal_sending(&self) -> Result<SendingStatus, StoreError> {
        let mut status = SendingStatus {
            waiting: self
                .conn
                .query_row(&format!("SELECT count(*) {WAITING}"), [], |r| r.get(0))?,
            oldest_waiting: self
                .conn
                .query_row(
                    &format!("SELECT r.generated_at {WAITING} ORDER BY r.id LIMIT 1"),
                    [],
                    |r| r.get(0),
                )
                .optional()?,
            ..SendingStatus::default()
        };
        let mut stmt = self
            .conn
            .prepare("SELECT state, count(*) FROM fiscal_states GROUP BY state")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let state: String = r.get(0)?;
            let n: i64 = r.get(1)?;
            match state.as_str() {
                "accepted" => status.accepted = n,
                "accepted_with_errors" => status.accepted_with_errors = n,
                "rejected" => status.rejected = n,
                _ => {}
            }
        }
        status.corrected = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM fiscal_states s JOIN fiscal_records r ON r.id = s.record_id
             WHERE s.state = 'rejected' AND {CORRECTED}"
            ),
            [],
            |r| r.get(0),
        )?;
        status.rejected -= status.corrected;
        let last: Option<(String, Option<u32>)> = self
            .conn
            .query_row(
                "SELECT answered_at, wait_secs FROM fiscal_requests
                 WHERE outcome = 'answered' AND kind = 'send' ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((at, wait)) = last {
            status.last_answer_at = Some(at);
            status.last_wait_secs = wait;
        }
        let (failures, error, fault): (u32, Option<String>, Option<String>) = self.conn.query_row(
            "SELECT count(*), (SELECT error FROM fiscal_requests
                               WHERE outcome IN ('fault', 'failed') AND kind = 'send'
                               ORDER BY id DESC LIMIT 1),
                              (SELECT outcome FROM fiscal_requests
                               WHERE outcome IN ('fault', 'failed') AND kind = 'send'
                               ORDER BY id DESC LIMIT 1)
             FROM fiscal_requests WHERE outcome IN ('fault', 'failed') AND kind = 'send'
               AND id > coalesce((SELECT max(id) FROM fiscal_requests
                                  WHERE outcome = 'answered' AND kind = 'send'), 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        status.failures_in_a_row = failures;
        status.last_error = error.filter(|_| failures > 0);
        status.refused_whole = failures > 0 && fault.as_deref() == Some("fault");
        Ok(status)
    }

    /// Records the agency refused or accepted with errors, newest first, with its code and words.
    pub fn fiscal_refused(&self, limit: usize) -> Result<Vec<RecordLine>, StoreError> {
        self.record_lines(
            &format!(
                "WHERE (s.state = 'rejected' AND NOT {CORRECTED}) OR s.state = 'accepted_with_errors'"
            ),
            limit,
        )
    }

    /// The newest `limit` records with their state at the agency, newest first.
    pub fn fiscal_record_lines(&self, limit: usize) -> Result<Vec<RecordLine>, StoreError> {
        self.record_lines("", limit)
    }

    fn record_lines(&self, filter: &str, limit: usize) -> Result<Vec<RecordLine>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.id, r.number, coalesce(r.invoice_type, 'anulación'), r.issued, r.total,
                    s.state, s.code, s.description
             FROM fiscal_records r LEFT JOIN fiscal_states s ON s.record_id = r.id
             {filter} ORDER BY r.id DESC LIMIT ?1"
        ))?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                let state: Option<String> = r.get(5)?;
                Ok(RecordLine {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    kind: r.get(2)?,
                    issued: r.get(3)?,
                    total: r.get(4)?,
                    state: state.as_deref().map(SendState::parse),
                    code: r.get(6)?,
                    description: r.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// When the last failed request failed (UTC), for the backoff.
    pub fn fiscal_last_attempt(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT answered_at FROM fiscal_requests
                 WHERE outcome IN ('fault', 'failed') AND kind = 'send' ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }
}
