//! The fiscal sender's thread: sends the waiting records whenever a request is due (see
//! `app::fiscal_send`), on its own connection and at background priority, so selling never
//! waits for the tax agency. What it knows — waiting, oldest unsent, refused, the last failure —
//! is what the status bar's fiscal light shows.

use crate::app::fiscal_send::Sender;
use crate::store::Store;
use crate::store::fiscal_queue::SendingStatus;
use chrono::Utc;
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The longest the thread sleeps before looking at the queue again (a sale's record waits at
/// most this long beyond the agency's own wait).
pub const LOOK_EVERY: Duration = Duration::from_secs(15);

/// What the fiscal light shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FiscalLight {
    pub sending: SendingStatus,
    /// Why the thread cannot send at all (no certificate, a store it cannot open).
    pub problem: Option<String>,
    /// The problem is a fault to fix (a certificate that does not open, a store that does
    /// not), not just sending not set up yet (no certificate: the records wait).
    pub broken: bool,
    /// A reconciliation with the tax agency still open (a restored store: selling waits while
    /// it is pending), and why the last try to do it failed.
    pub reconcile: Option<crate::store::fiscal_reconcile::Reconciliation>,
    pub reconcile_error: Option<String>,
}

/// Why the sender was not set up: in words, and whether that is a fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotSending {
    pub why: String,
    pub broken: bool,
}

/// Reconciles an open reconciliation with the agency, or — once since start — asks whether the
/// store is behind it; answers why that failed (the network: tried again next round).
fn reconcile_step(sender: &Sender, store: &mut Store, checked_behind: &mut bool) -> Option<String> {
    let now = chrono::Local::now();
    let at = crate::app::outbox::utc_text(now.to_utc());
    let today = now.date_naive();
    let open = match store.open_reconciliation_row() {
        Ok(open) => open.is_some(),
        Err(e) => return Some(e.to_string()),
    };
    if !open && *checked_behind {
        return None;
    }
    match sender.catch_up(store, today, &at) {
        Ok(_) => {
            *checked_behind = true;
            None
        }
        Err(e) => Some(e.to_string()),
    }
}

/// The running sender thread.
pub struct FiscalWorker {
    light: Arc<Mutex<FiscalLight>>,
    wake: mpsc::Sender<()>,
}

impl FiscalWorker {
    /// Starts the thread; `sender` is `Err` when sending is not set up (the light says why and
    /// the records wait).
    pub fn start(
        data_dir: PathBuf,
        key_file: PathBuf,
        sender: Result<Sender, NotSending>,
    ) -> FiscalWorker {
        let light = Arc::new(Mutex::new(FiscalLight::default()));
        let shared = Arc::clone(&light);
        let (wake, woken) = mpsc::channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("caja-fiscal".into())
            .spawn(move || {
                super::background_priority();
                let show = |f: &dyn Fn(&mut FiscalLight)| {
                    if let Ok(mut l) = shared.lock() {
                        f(&mut l);
                    }
                };
                let Some(mut store) = Store::open_in_or_report(&data_dir, &key_file, |e| {
                    show(&|l| {
                        l.problem = Some(e.clone());
                        l.broken = true;
                    });
                }) else {
                    return;
                };
                let sender = match sender {
                    Ok(s) => Some(s),
                    Err(not) => {
                        show(&|l| {
                            l.problem = Some(not.why.clone());
                            l.broken = not.broken;
                        });
                        None
                    }
                };
                // Whether the agency was asked, once since start, if the store is behind it.
                let mut checked_behind = false;
                loop {
                    let mut pause = LOOK_EVERY;
                    if let Some(sender) = &sender {
                        // Another sender (caja fiscal send) may hold the lock: look later.
                        if let Ok(_one) = crate::store::lock::fiscal_sender(store.dir()) {
                            let error = reconcile_step(sender, &mut store, &mut checked_behind);
                            show(&|l| l.reconcile_error = error.clone());
                            match sender.round(&mut store, Utc::now()) {
                                Ok(round) => {
                                    if let Some(next) = round.next_at {
                                        let until =
                                            (next - Utc::now()).to_std().unwrap_or_default();
                                        pause = until.clamp(Duration::from_millis(200), LOOK_EVERY);
                                    }
                                }
                                Err(e) => show(&|l| {
                                    l.problem = Some(e.to_string());
                                    l.broken = true;
                                }),
                            }
                        }
                    }
                    if let Ok(status) = store.fiscal_sending() {
                        show(&|l| l.sending = status.clone());
                    }
                    if let Ok(open) = store.open_reconciliation_row() {
                        show(&|l| l.reconcile = open.clone());
                    }
                    match woken.recv_timeout(pause) {
                        Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            });
        if let (Err(e), Ok(mut l)) = (spawned, light.lock()) {
            l.problem = Some(format!("the fiscal sender's thread did not start: {e}"));
            l.broken = true;
        }
        FiscalWorker { light, wake }
    }

    /// What the light shows now.
    pub fn light(&self) -> FiscalLight {
        self.light.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Looks at the queue now (after a sale).
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }
}
