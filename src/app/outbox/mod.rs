//! The one outbox worker. Whatever must leave the till — print jobs now; fiscal records,
//! kitchen tickets and HQ messages next — is a message in the store's outbox, written in the
//! transaction of its cause; a `Topic` says how to deliver one. The worker, on a thread with its
//! own store connection, delivers what is due at least once and acknowledges each exactly once
//! (`uid` is the idempotency key the receiver sees); a failure waits by the topic's `Backoff`
//! (pure, in `schedule.rs`), and a message that keeps failing is parked with its reason —
//! shown, never dropped.
//!
//! A new topic is a file here implementing `Topic`, started beside the others in
//! `commands/till.rs`, with its messages written where their cause is committed.

pub mod line;
pub mod print;
pub mod schedule;

use crate::store::outbox::Message;
use crate::store::{Store, StoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use schedule::{Backoff, Failure, Next};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Whether a topic's messages must arrive in the order they were written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// In order within each lane: a message waits while an older one of its lane is waiting
    /// or parked (receipts on one printer; a fiscal chain).
    Ordered,
    /// Each message on its own: one that fails does not hold up the others.
    Unordered,
}

/// How one kind of message is delivered.
pub trait Topic: Send {
    /// The `topic` column of its messages.
    fn name(&self) -> &'static str;
    fn order(&self) -> Order;
    fn backoff(&self) -> Backoff;
    /// Only this lane's messages are this worker's (a printer takes its own terminal's jobs);
    /// `None`: every lane.
    fn lane(&self) -> Option<&str> {
        None
    }
    /// Before the first delivery of a round (e.g. ask the printer whether it has paper); a
    /// failure here counts as a failed attempt of the first due message of each lane.
    fn begin_round(&mut self) -> Result<(), Failure> {
        Ok(())
    }
    /// Delivers one message; `Ok` means the receiver has it (it is then acknowledged).
    fn deliver(&mut self, store: &Store, message: &Message) -> Result<(), Failure>;
    /// Between rounds, also when nothing is due: the longest the worker may sleep before the
    /// next round (e.g. to read an idle printer's status). `delivered` tells whether the round
    /// just done delivered anything.
    fn idle(&mut self, _delivered: bool) -> Duration {
        Duration::from_secs(30)
    }
}

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub delivered: usize,
    pub failed: usize,
    pub parked: usize,
    /// Messages still waiting after the round (pending and parked).
    pub waiting: usize,
    /// The reason of the round's last failure.
    pub error: Option<String>,
    /// The earliest time a pending message may be tried again.
    pub next_due: Option<DateTime<Utc>>,
}

/// UTC time text as the outbox stores it (sorts as it compares).
pub fn utc_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

/// One pass over `topic`'s waiting messages at `now`: delivers every due one (in order within
/// a lane for ordered topics), records failures by the topic's backoff with `jitter()` in
/// [0, 1), parks what keeps failing.
pub fn run_round(
    store: &Store,
    topic: &mut dyn Topic,
    now: DateTime<Utc>,
    jitter: &mut dyn FnMut() -> f64,
) -> Result<Round, StoreError> {
    let mut waiting = store.outbox_waiting(topic.name())?;
    if let Some(lane) = topic.lane() {
        waiting.retain(|m| m.lane == lane);
    }
    let mut round = Round {
        waiting: waiting.len(),
        ..Round::default()
    };
    let ordered = topic.order() == Order::Ordered;
    let mut blocked: HashSet<String> = HashSet::new();
    let mut began: Option<Result<(), Failure>> = None;
    for m in &waiting {
        if ordered && blocked.contains(&m.lane) {
            continue;
        }
        if m.state == crate::store::outbox::MessageState::Parked {
            if ordered {
                blocked.insert(m.lane.clone());
            }
            continue;
        }
        let due_at = m.next_at.as_deref().and_then(parse_utc);
        if let Some(at) = due_at.filter(|at| *at > now) {
            round.next_due = Some(round.next_due.map_or(at, |n| n.min(at)));
            if ordered {
                blocked.insert(m.lane.clone());
            }
            continue;
        }
        let ready = began.get_or_insert_with(|| topic.begin_round()).clone();
        let result = ready.and_then(|()| topic.deliver(store, m));
        match result {
            Ok(()) => {
                if store.outbox_delivered(m.id, &utc_text(now))? {
                    round.delivered += 1;
                    round.waiting -= 1;
                }
            }
            Err(failure) => {
                tracing::warn!(topic = topic.name(), message = m.id, reason = %failure.reason,
                    "outbox delivery failed; it stays queued");
                let attempts = u32::try_from(m.attempts + 1).unwrap_or(u32::MAX);
                match topic
                    .backoff()
                    .after_failure(attempts, &failure, now, jitter())
                {
                    Next::RetryAt(at) => {
                        store.outbox_failed(m.id, &failure.reason, &utc_text(at))?;
                        round.failed += 1;
                        round.next_due = Some(round.next_due.map_or(at, |n| n.min(at)));
                    }
                    Next::Park => {
                        store.outbox_park(m.id, &failure.reason)?;
                        round.parked += 1;
                    }
                }
                round.error = Some(failure.reason);
                if ordered {
                    blocked.insert(m.lane.clone());
                }
            }
        }
    }
    Ok(round)
}

/// What a running worker shows (status bar, Devices screen, `caja outbox list`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkerStatus {
    /// Messages not delivered yet (pending and parked).
    pub waiting: usize,
    /// Delivered since the worker started.
    pub delivered: u64,
    /// Why the last attempt failed, while messages still wait.
    pub last_error: Option<String>,
    /// The worker could not start (its store did not open).
    pub stopped: Option<String>,
}

/// A running worker for one topic.
pub struct Worker {
    wake: Sender<()>,
    status: Arc<Mutex<WorkerStatus>>,
}

impl Worker {
    /// Starts `topic`'s worker thread over its own connection to the store.
    pub fn start(data_dir: PathBuf, key_file: PathBuf, topic: Box<dyn Topic>) -> Worker {
        let status = Arc::new(Mutex::new(WorkerStatus::default()));
        let (wake, woken) = mpsc::channel::<()>();
        let shared = Arc::clone(&status);
        let name = format!("caja-outbox-{}", topic.name());
        let spawned = std::thread::Builder::new().name(name).spawn(move || {
            let Some(store) = Store::open_in_or_report(&data_dir, &key_file, |e| {
                if let Ok(mut s) = shared.lock() {
                    s.stopped = Some(e);
                }
            }) else {
                return;
            };
            work(&store, topic, &shared, &woken);
        });
        if let Err(e) = spawned
            && let Ok(mut s) = status.lock()
        {
            s.stopped = Some(format!("cannot start the outbox worker: {e}"));
        }
        Worker { wake, status }
    }

    /// Asks the worker to look at the outbox now (a message was just written).
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }

    pub fn status(&self) -> WorkerStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

fn work(
    store: &Store,
    mut topic: Box<dyn Topic>,
    status: &Mutex<WorkerStatus>,
    woken: &mpsc::Receiver<()>,
) {
    let mut jitter = || rand::random::<f64>();
    loop {
        let now = Utc::now();
        let round = run_round(store, topic.as_mut(), now, &mut jitter);
        let idle = topic.idle(matches!(&round, Ok(r) if r.delivered > 0));
        let mut wait = idle;
        if let Ok(mut s) = status.lock() {
            match &round {
                Ok(r) => {
                    s.delivered += r.delivered as u64;
                    s.waiting = r.waiting;
                    if r.error.is_some() || r.waiting == 0 {
                        s.last_error.clone_from(&r.error);
                    }
                }
                Err(e) => s.last_error = Some(e.to_string()),
            }
        }
        if let Ok(Round {
            next_due: Some(at), ..
        }) = &round
        {
            let until = (*at - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            wait = wait.min(until.max(Duration::from_millis(10)));
        }
        match woken.recv_timeout(wait) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Delivers what is due until nothing waits, or only what waits longer than two seconds, or
/// `deadline` passes — on the caller's thread (the outbox drill). The rounds' sum: what was
/// delivered, failed and parked in all, the last error, and what waits at the end.
pub fn deliver_until_quiet(
    store: &Store,
    topic: &mut dyn Topic,
    deadline: std::time::Instant,
) -> Result<Round, StoreError> {
    let mut jitter = || rand::random::<f64>();
    let mut sum = Round::default();
    loop {
        let round = run_round(store, topic, Utc::now(), &mut jitter)?;
        sum.delivered += round.delivered;
        sum.failed += round.failed;
        sum.parked += round.parked;
        sum.waiting = round.waiting;
        sum.next_due = round.next_due;
        if round.error.is_some() {
            sum.error = round.error;
        }
        let retry_soon = round
            .next_due
            .is_some_and(|at| at - Utc::now() < chrono::Duration::seconds(2));
        if round.waiting == 0 || !retry_soon || std::time::Instant::now() >= deadline {
            return Ok(sum);
        }
        if round.delivered == 0 {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[cfg(test)]
mod tests;
