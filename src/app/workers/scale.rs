//! The scale's thread: a weight is asked for and read there (a serial scale can take up to
//! `REPLY_TIMEOUT` to answer), and the reading comes back through a channel the till polls, so
//! no frame ever waits for the scale.

use crate::devices::scale::{Scale, ScaleError};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

/// What a weight is wanted for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WeighFor {
    /// A weighed product of the sale: its catalog code and name.
    Sale { code: String, name: String },
    /// The technician's test on the Devices screen.
    Test,
}

/// A reading, with what it was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub purpose: WeighFor,
    pub grams: Result<i64, ScaleError>,
}

/// What the thread calls when a reading is ready (e.g. to repaint the screen).
type Waker = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// A scale on its own thread.
pub struct ScaleWorker {
    ask: Sender<WeighFor>,
    readings: Receiver<Reading>,
    waker: Waker,
    /// A request is out and its reading has not been taken yet.
    busy: bool,
}

impl ScaleWorker {
    /// Starts the thread that reads `scale`.
    pub fn start(mut scale: Box<dyn Scale + Send>) -> ScaleWorker {
        let (ask, asked) = mpsc::channel::<WeighFor>();
        let (tell, readings) = mpsc::channel::<Reading>();
        let waker: Waker = Arc::new(Mutex::new(None));
        let wake = Arc::clone(&waker);
        let spawned = std::thread::Builder::new()
            .name("caja-scale".into())
            .spawn(move || {
                while let Ok(purpose) = asked.recv() {
                    let grams = scale.weight();
                    if tell.send(Reading { purpose, grams }).is_err() {
                        return;
                    }
                    if let Ok(w) = wake.lock()
                        && let Some(w) = w.as_ref()
                    {
                        w();
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start the scale thread: {e}");
        }
        ScaleWorker {
            ask,
            readings,
            waker,
            busy: false,
        }
    }

    /// Asks for a weight; `false` when one is already being read (the first one stands).
    pub fn request(&mut self, purpose: WeighFor) -> bool {
        if self.busy {
            return false;
        }
        self.busy = self.ask.send(purpose).is_ok();
        self.busy
    }

    /// A reading, if one has arrived (never waits).
    pub fn try_recv(&mut self) -> Option<Reading> {
        let reading = self.readings.try_recv().ok();
        if reading.is_some() {
            self.busy = false;
        }
        reading
    }

    /// Waits up to `timeout` for a reading (for the command line and tests).
    pub fn recv_timeout(&mut self, timeout: std::time::Duration) -> Option<Reading> {
        let reading = self.readings.recv_timeout(timeout).ok();
        if reading.is_some() {
            self.busy = false;
        }
        reading
    }

    /// Whether a weight is being read now.
    pub fn busy(&self) -> bool {
        self.busy
    }

    /// Called when a reading is ready (the window repaints).
    pub fn set_waker(&self, wake: Box<dyn Fn() + Send>) {
        if let Ok(mut w) = self.waker.lock() {
            *w = Some(wake);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::scale::FakeScale;
    use std::time::Duration;

    #[test]
    fn readings_come_back_with_their_purpose_and_one_request_at_a_time() {
        let fake = FakeScale([Ok(1234), Err(ScaleError::Zero)].into_iter().collect());
        let mut w = ScaleWorker::start(Box::new(fake));
        assert!(w.request(WeighFor::Test));
        assert!(!w.request(WeighFor::Test), "one at a time");
        let r = w.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!((r.purpose, r.grams), (WeighFor::Test, Ok(1234)));
        let sale = WeighFor::Sale {
            code: "1001".into(),
            name: "Tomate".into(),
        };
        assert!(w.request(sale.clone()));
        let r = w.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!((r.purpose, r.grams), (sale, Err(ScaleError::Zero)));
        assert!(w.try_recv().is_none());
    }
}
