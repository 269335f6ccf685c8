//! The worker's round over a real encrypted store, with scripted topics and an injected clock.

use super::print::{PrintTopic, bytes_message};
use super::schedule::{Backoff, Failure};
use super::*;
use crate::config::TillSettings;
use crate::devices::printer::{Expect, FakePrinter};
use crate::devices::status::PrinterStatus;
use crate::store::outbox::{MessageState, NewMessage};
use std::collections::VecDeque;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open_in(&dir.path().join("data"), &dir.path().join("key")).unwrap();
    (dir, s)
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn t0() -> DateTime<Utc> {
    at("2026-12-04T10:00:00Z")
}

fn message(topic: &'static str, lane: &str, payload: &str) -> NewMessage {
    NewMessage {
        topic,
        lane: lane.into(),
        kind: "test".into(),
        payload: payload.as_bytes().to_vec(),
    }
}

/// A topic that answers from a script and remembers what it was given.
struct Scripted {
    order: Order,
    park_after: Option<u32>,
    answers: VecDeque<Result<(), Failure>>,
    delivered: Vec<String>,
}

impl Scripted {
    fn new(order: Order, answers: impl IntoIterator<Item = Result<(), Failure>>) -> Scripted {
        Scripted {
            order,
            park_after: None,
            answers: answers.into_iter().collect(),
            delivered: Vec::new(),
        }
    }
}

impl Topic for Scripted {
    fn name(&self) -> &'static str {
        "test"
    }
    fn order(&self) -> Order {
        self.order
    }
    fn backoff(&self) -> Backoff {
        Backoff {
            base: chrono::Duration::seconds(2),
            max: chrono::Duration::seconds(60),
            park_after: self.park_after,
        }
    }
    fn deliver(&mut self, _store: &Store, m: &Message) -> Result<(), Failure> {
        let answer = self.answers.pop_front().expect("an unexpected delivery");
        if answer.is_ok() {
            self.delivered
                .push(String::from_utf8(m.payload.clone()).unwrap());
        }
        answer
    }
}

fn payloads(store: &Store, topic: &str) -> Vec<String> {
    store
        .outbox_waiting(topic)
        .unwrap()
        .into_iter()
        .map(|m| String::from_utf8(m.payload).unwrap())
        .collect()
}

#[test]
fn an_ordered_lane_waits_behind_a_failure_until_its_retry_time_other_lanes_go_on() {
    let (_dir, mut s) = store();
    for (lane, p) in [("A", "a1"), ("A", "a2"), ("B", "b1")] {
        s.enqueue(
            &message("test", lane, p),
            "T01",
            None,
            "2026-12-04T09:00:00.000Z",
        )
        .unwrap();
    }
    let mut topic = Scripted::new(
        Order::Ordered,
        [Err(Failure::transient("cable pulled")), Ok(())],
    );
    let mut no_jitter = || 0.0;
    let round = run_round(&s, &mut topic, t0(), &mut no_jitter).unwrap();
    assert_eq!((round.delivered, round.failed, round.waiting), (1, 1, 2));
    assert_eq!(topic.delivered, ["b1"], "lane B is not held up by lane A");
    assert_eq!(round.error.as_deref(), Some("cable pulled"));
    // First failure: wait half of 2 s (no jitter).
    assert_eq!(round.next_due, Some(t0() + chrono::Duration::seconds(1)));
    // Before the retry time nothing is tried (the script would panic on a delivery).
    let mut idle = Scripted::new(Order::Ordered, []);
    let early = run_round(&s, &mut idle, t0(), &mut no_jitter).unwrap();
    assert_eq!((early.delivered, early.waiting), (0, 2));
    let mut topic = Scripted::new(Order::Ordered, [Ok(()), Ok(())]);
    let later = t0() + chrono::Duration::seconds(1);
    let round = run_round(&s, &mut topic, later, &mut no_jitter).unwrap();
    assert_eq!(topic.delivered, ["a1", "a2"], "in order once it works");
    assert_eq!(round.waiting, 0);
    let m = s.outbox_recent("test", 3).unwrap();
    assert!(m.iter().all(|m| m.state == MessageState::Delivered));
    let a1 = m.iter().find(|m| m.payload == b"a1").unwrap();
    assert_eq!(a1.attempts, 2);
    assert_eq!(a1.last_error, None);
}

#[test]
fn unordered_messages_do_not_wait_for_each_other_and_what_keeps_failing_is_parked() {
    let (_dir, mut s) = store();
    for p in ["x", "y", "z"] {
        s.enqueue(
            &message("test", "", p),
            "T01",
            None,
            "2026-12-04T09:00:00.000Z",
        )
        .unwrap();
    }
    let mut topic = Scripted::new(
        Order::Unordered,
        [
            Err(Failure::transient("busy")),
            Err(Failure::permanent("refused: malformed")),
            Ok(()),
        ],
    );
    topic.park_after = Some(2);
    let mut no_jitter = || 0.0;
    let round = run_round(&s, &mut topic, t0(), &mut no_jitter).unwrap();
    assert_eq!(
        (round.delivered, round.failed, round.parked, round.waiting),
        (1, 1, 1, 2)
    );
    assert_eq!(topic.delivered, ["z"]);
    let waiting = s.outbox_waiting("test").unwrap();
    assert_eq!(waiting[1].state, MessageState::Parked);
    assert_eq!(waiting[1].last_error.as_deref(), Some("refused: malformed"));
    // The second failure of "x" reaches park_after: parked too, never dropped.
    let mut topic = Scripted::new(Order::Unordered, [Err(Failure::transient("busy"))]);
    topic.park_after = Some(2);
    let later = t0() + chrono::Duration::seconds(5);
    let round = run_round(&s, &mut topic, later, &mut no_jitter).unwrap();
    assert_eq!(round.parked, 1);
    assert_eq!(payloads(&s, "test"), ["x", "y"]);
    let waiting = s.outbox_waiting("test").unwrap();
    let count = |state| waiting.iter().filter(|m| m.state == state).count();
    assert_eq!(
        (count(MessageState::Pending), count(MessageState::Parked)),
        (0, 2)
    );
    // A person retries them: delivered, and acknowledged once.
    assert_eq!(s.outbox_retry("test", None).unwrap(), 2);
    let mut topic = Scripted::new(Order::Unordered, [Ok(()), Ok(())]);
    run_round(&s, &mut topic, later, &mut no_jitter).unwrap();
    assert!(payloads(&s, "test").is_empty());
    let x = s.outbox_recent("test", 3).unwrap().pop().unwrap();
    assert!(
        !s.outbox_delivered(x.id, "2026-12-04T11:00:00.000Z")
            .unwrap()
    );
    let again = s
        .connection()
        .execute("UPDATE outbox SET state = 'pending' WHERE id = ?1", [x.id]);
    assert!(again.is_err(), "an acknowledged message never changes");
    assert!(
        s.connection()
            .execute("DELETE FROM outbox WHERE id = ?1", [x.id])
            .is_err(),
        "and is never dropped"
    );
}

#[test]
fn print_jobs_go_in_order_an_empty_queue_asks_nothing_and_an_open_cover_sends_nothing() {
    let (_dir, mut s) = store();
    let settings = TillSettings::default();
    let mut silent = PrintTopic::new(FakePrinter::new([]), settings.clone(), true);
    let mut no_jitter = || 0.0;
    let round = run_round(&s, &mut silent, t0(), &mut no_jitter).unwrap();
    assert_eq!(round, Round::default());
    for job in ["one", "two", "six"] {
        let m = bytes_message("T01", "test", job.as_bytes().to_vec());
        s.enqueue(&m, "T01", None, "2026-12-04T09:00:00.000Z")
            .unwrap();
    }
    let cover = PrinterStatus {
        cover_open: true,
        ..PrinterStatus::default()
    };
    let mut covered = PrintTopic::new(
        FakePrinter::new([Expect::Status(Some(cover))]),
        settings.clone(),
        true,
    );
    let round = run_round(&s, &mut covered, t0(), &mut no_jitter).unwrap();
    assert_eq!(
        round.error.as_deref(),
        Some("the printer cover is open; close it")
    );
    assert!(covered.into_port().printed.is_empty());
    let mut fake = PrintTopic::new(
        FakePrinter::new([
            Expect::Status(None),
            Expect::Send(Ok(())),
            Expect::Send(Err(crate::devices::printer::PrintFailure::Job(
                "cable pulled".into(),
            ))),
        ]),
        settings.clone(),
        true,
    );
    let later = t0() + chrono::Duration::seconds(5);
    let round = run_round(&s, &mut fake, later, &mut no_jitter).unwrap();
    assert_eq!((round.delivered, round.waiting), (1, 2));
    assert_eq!(fake.into_port().printed, [b"one".to_vec()]);
    assert_eq!(payloads(&s, "print"), ["two", "six"]);
    let waiting = s.outbox_waiting("print").unwrap();
    assert_eq!(waiting[0].last_error.as_deref(), Some("cable pulled"));
}
