//! A topic that delivers each message over TCP as one line, `MSG <uid> <payload as hex>`, and
//! takes `ACK <uid>` as the receipt: the plainest network protocol with an idempotency key.
//! `caja outbox drill` runs it against a receiver to show delivery survives kill -9; it is also
//! the shape an HQ sync topic takes (a request carrying the message's uid, an acknowledgement).

use super::schedule::{Backoff, Failure};
use super::{Order, Topic};
use crate::store::Store;
use crate::store::outbox::Message;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Messages of a topic delivered to a TCP line receiver.
pub struct LineTopic {
    pub topic: &'static str,
    pub address: SocketAddr,
    pub order: Order,
    pub backoff: Backoff,
    connection: Option<BufReader<TcpStream>>,
}

impl LineTopic {
    pub fn new(topic: &'static str, address: SocketAddr, order: Order) -> LineTopic {
        LineTopic {
            topic,
            address,
            order,
            backoff: Backoff {
                base: chrono::Duration::milliseconds(50),
                max: chrono::Duration::seconds(2),
                park_after: None,
            },
            connection: None,
        }
    }

    fn connection(&mut self) -> Result<&mut BufReader<TcpStream>, Failure> {
        if self.connection.is_none() {
            let stream = TcpStream::connect_timeout(&self.address, Duration::from_secs(2))
                .map_err(|e| Failure::transient(format!("cannot reach {}: {e}", self.address)))?;
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = stream.set_nodelay(true);
            self.connection = Some(BufReader::new(stream));
        }
        self.connection
            .as_mut()
            .ok_or_else(|| Failure::transient("no connection"))
    }

    fn exchange(&mut self, message: &Message) -> Result<(), Failure> {
        let address = self.address;
        let conn = self.connection()?;
        let line = format!("MSG {} {}\n", message.uid, hex::encode(&message.payload));
        conn.get_mut()
            .write_all(line.as_bytes())
            .map_err(|e| Failure::transient(format!("sending to {address}: {e}")))?;
        let mut reply = String::new();
        conn.read_line(&mut reply)
            .map_err(|e| Failure::transient(format!("no answer from {address}: {e}")))?;
        let expected = format!("ACK {}", message.uid);
        if reply.trim_end() == expected {
            Ok(())
        } else if let Some(why) = reply.trim_end().strip_prefix("REFUSED ") {
            Err(Failure::permanent(format!("{address} refused it: {why}")))
        } else {
            Err(Failure::transient(format!(
                "{address} answered «{}» instead of an acknowledgement",
                reply.trim_end()
            )))
        }
    }
}

impl Topic for LineTopic {
    fn name(&self) -> &'static str {
        self.topic
    }

    fn order(&self) -> Order {
        self.order
    }

    fn backoff(&self) -> Backoff {
        self.backoff
    }

    fn deliver(&mut self, _store: &Store, message: &Message) -> Result<(), Failure> {
        let result = self.exchange(message);
        if result.is_err() {
            self.connection = None;
        }
        result
    }
}
