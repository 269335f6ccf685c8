//! The outbox under kill -9: a real `caja outbox drill` process delivers messages to a line
//! receiver over TCP and is killed with SIGKILL at random moments, again and again, while more
//! messages are written between kills. Afterwards every message has arrived at least once, the
//! receiver applied each exactly once (by its idempotency key, which must not change between
//! deliveries), and the store acknowledged each exactly once.
//!
//! CI runs `CAJA_OUTBOX_KILLS` kills (default 50); `tests/outbox-kills.sh` runs a thousand.

use crate::support::Sandbox;
use caja::store::outbox::{MessageState, NewMessage};
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the receiver saw: deliveries per uid, and the payloads it applied (once per uid).
#[derive(Default)]
struct Seen {
    deliveries: HashMap<String, u32>,
    applied: Vec<String>,
}

/// A line receiver: `MSG <uid> <hex>` → applies the payload unless the uid was seen → `ACK`.
/// It answers after a short random pause, so kills land between delivery and acknowledgement.
fn receiver() -> (std::net::SocketAddr, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let shared = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { continue };
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                let mut rng = rand::rngs::StdRng::seed_from_u64(n as u64);
                let mut out = stream.try_clone().unwrap();
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { return };
                    let mut parts = line.splitn(3, ' ');
                    let (Some("MSG"), Some(uid), Some(hex)) =
                        (parts.next(), parts.next(), parts.next())
                    else {
                        let _ = writeln!(out, "ERR bad line");
                        continue;
                    };
                    {
                        let mut s = shared.lock().unwrap();
                        let count = s.deliveries.entry(uid.to_string()).or_insert(0);
                        *count += 1;
                        if *count == 1 {
                            let payload = String::from_utf8(hex::decode(hex).unwrap()).unwrap();
                            s.applied.push(payload);
                        }
                    }
                    std::thread::sleep(Duration::from_micros(rng.random_range(0..3000)));
                    if writeln!(out, "ACK {uid}").is_err() {
                        return;
                    }
                }
            });
        }
    });
    (addr, seen)
}

fn enqueue(sb: &Sandbox, from: usize, count: usize) {
    let mut store = sb.open_store();
    for i in from..from + count {
        let m = NewMessage {
            topic: "drill",
            lane: String::new(),
            kind: "test".into(),
            payload: format!("message {i}").into_bytes(),
        };
        store
            .enqueue(&m, "T01", None, "2026-12-04T10:00:00.000Z")
            .unwrap();
    }
}

#[test]
fn sigkill_while_delivering_loses_nothing_and_applies_each_message_once() {
    let kills: usize = std::env::var("CAJA_OUTBOX_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let sb = Sandbox::new();
    let (addr, seen) = receiver();
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261204);
    let mut written = 0;
    enqueue(&sb, written, 200);
    written += 200;
    let to = addr.to_string();
    for _ in 0..kills {
        let mut child = sb
            .cmd(&["outbox", "drill", "--to", &to])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(5..60)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // More messages arrive between kills, as sales would.
        enqueue(&sb, written, 5);
        written += 5;
    }
    let out = sb.ok(&["outbox", "drill", "--to", &to, "--timeout-secs", "120"]);
    assert!(out.contains("every message delivered"), "{out}");

    let store = sb.open_store();
    let all = store.outbox_recent("drill", 1_000_000).unwrap();
    assert_eq!(all.len(), written);
    let s = seen.lock().unwrap();
    let mut redelivered = 0;
    for m in &all {
        assert_eq!(
            m.state,
            MessageState::Delivered,
            "#{} is not delivered",
            m.id
        );
        assert!(m.delivered_at.is_some());
        let n = s.deliveries.get(&m.uid).copied().unwrap_or(0);
        assert!(n >= 1, "#{} ({}) never reached the receiver", m.id, m.uid);
        redelivered += usize::from(n > 1);
    }
    let mut applied = s.applied.clone();
    applied.sort();
    let before = applied.len();
    applied.dedup();
    assert_eq!(
        before,
        applied.len(),
        "a message was applied twice: its idempotency key changed between deliveries"
    );
    assert_eq!(applied.len(), written, "every message applied once");
    eprintln!(
        "outbox kills: {kills} kills, {written} messages, {redelivered} delivered more than once, \
         each applied exactly once"
    );
}
