//! The outbox table: messages that must leave the till (print jobs now; fiscal records, kitchen
//! tickets, HQ sync next). A message is written in the same transaction as the document or
//! event that causes it, so none is lost and none exists without its cause. The app's outbox
//! worker reads what is due, delivers it and acknowledges it here exactly once; a message that
//! keeps failing is parked with its reason and stays visible.

use super::{Store, StoreError};
use rusqlite::{Connection, params};
use serde::Serialize;

/// A message to add, in the transaction of its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMessage {
    pub topic: &'static str,
    /// Ordered topics deliver in order within a lane (e.g. one printer).
    pub lane: String,
    pub kind: String,
    pub payload: Vec<u8>,
}

/// Where a message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageState {
    Pending,
    Delivered,
    Parked,
}

impl MessageState {
    fn parse(text: &str) -> MessageState {
        match text {
            "delivered" => MessageState::Delivered,
            "parked" => MessageState::Parked,
            _ => MessageState::Pending,
        }
    }
}

/// A stored message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub id: i64,
    /// The global id, also the idempotency key the receiver sees.
    pub uid: String,
    pub topic: String,
    pub lane: String,
    pub kind: String,
    pub terminal: String,
    pub document_id: Option<i64>,
    pub created_at: String,
    #[serde(skip)]
    pub payload: Vec<u8>,
    pub state: MessageState,
    pub attempts: i64,
    /// Not to be tried before this time (RFC 3339, UTC).
    pub next_at: Option<String>,
    pub last_error: Option<String>,
    pub delivered_at: Option<String>,
}

/// A new global id: a UUIDv7 (time-ordered, so indexes on it grow at one end).
pub fn new_uid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Adds `m` inside the caller's transaction (the one that commits its cause).
pub fn enqueue_in(
    conn: &Connection,
    m: &NewMessage,
    terminal: &str,
    document_id: Option<i64>,
    at: &str,
    store_id: &str,
) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO outbox(uid, topic, lane, kind, terminal, document_id, created_at, payload,
             store_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        new_uid(),
        m.topic,
        m.lane,
        m.kind,
        terminal,
        document_id,
        at,
        m.payload,
        store_id
    ])?;
    Ok(conn.last_insert_rowid())
}

const COLUMNS: &str = "id, uid, topic, lane, kind, terminal, document_id, created_at, payload, \
                       state, attempts, next_at, last_error, delivered_at";

fn message(r: &rusqlite::Row<'_>) -> rusqlite::Result<Message> {
    let state: String = r.get(9)?;
    Ok(Message {
        id: r.get(0)?,
        uid: r.get(1)?,
        topic: r.get(2)?,
        lane: r.get(3)?,
        kind: r.get(4)?,
        terminal: r.get(5)?,
        document_id: r.get(6)?,
        created_at: r.get(7)?,
        payload: r.get(8)?,
        state: MessageState::parse(&state),
        attempts: r.get(10)?,
        next_at: r.get(11)?,
        last_error: r.get(12)?,
        delivered_at: r.get(13)?,
    })
}

impl Store {
    /// Adds one message on its own (its cause is already committed, or it has none).
    pub fn enqueue(
        &mut self,
        m: &NewMessage,
        terminal: &str,
        document_id: Option<i64>,
        at: &str,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = enqueue_in(&tx, m, terminal, document_id, at, &self.identity.uid)?;
        tx.commit()?;
        Ok(id)
    }

    /// Messages of `topic` not delivered yet (pending and parked), oldest first.
    pub fn outbox_waiting(&self, topic: &str) -> Result<Vec<Message>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE topic = ?1 AND state <> 'delivered' ORDER BY id"
        ))?;
        let rows = stmt
            .query_map([topic], message)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The newest `limit` messages of `topic` (any state), newest first.
    pub fn outbox_recent(&self, topic: &str, limit: i64) -> Result<Vec<Message>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE topic = ?1 ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(params![topic, limit], message)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Acknowledges a delivery. `false` when the message was already acknowledged (it never is
    /// twice: a delivered message cannot change).
    pub fn outbox_delivered(&self, id: i64, at: &str) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE outbox SET state = 'delivered', delivered_at = ?2, attempts = attempts + 1,
                 last_error = NULL, next_at = NULL
             WHERE id = ?1 AND state <> 'delivered'",
            )?
            .execute(params![id, at])?;
        Ok(changed == 1)
    }

    /// Records a failed attempt; the message is tried again from `next_at`.
    pub fn outbox_failed(&self, id: i64, error: &str, next_at: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_at = ?3
                 WHERE id = ?1 AND state = 'pending'",
            )?
            .execute(params![id, error, next_at])?;
        Ok(())
    }

    /// Parks a message that keeps failing (or cannot ever be delivered), with why.
    pub fn outbox_park(&self, id: i64, error: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE outbox SET state = 'parked', attempts = attempts + 1, last_error = ?2,
                     next_at = NULL
                 WHERE id = ?1 AND state = 'pending'",
            )?
            .execute(params![id, error])?;
        Ok(())
    }

    /// Puts parked (or waiting) messages of `topic` back to be tried at once: every one when
    /// `id` is `None`. Returns how many.
    pub fn outbox_retry(&self, topic: &str, id: Option<i64>) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET state = 'pending', next_at = NULL
             WHERE topic = ?1 AND state <> 'delivered' AND (?2 IS NULL OR id = ?2)",
            params![topic, id],
        )?)
    }

    /// Makes the pending messages of `topic` due at once (a person asked to try now).
    pub fn outbox_due_now(&self, topic: &str) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET next_at = NULL WHERE topic = ?1 AND state = 'pending'",
            [topic],
        )?)
    }
}
