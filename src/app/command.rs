//! The one list of things a user can ask the till to do. Buttons, keyboard shortcuts and menus
//! all produce a `Command`; `Till::apply` is the single place that carries them out.

use super::selling::{Committed, PaymentProgress, Scanned};
use super::{AppError, Approval, Clock, Till};
use crate::store::users::User;
use crate::till::tender::{Tender, TenderKind};

/// A request from the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Login {
        pin: String,
    },
    Logout,
    /// A scan or a typed code (keyboard wedge, serial scanner or the code field).
    Scan {
        code: String,
    },
    /// `N*`: the next counted item is added N times.
    Quantity {
        units: i64,
    },
    VoidLine {
        line: usize,
        manager_pin: Option<String>,
    },
    Park {
        label: String,
    },
    Recall {
        id: i64,
    },
    /// F12: start taking payment.
    Pay,
    /// Cash tendered; `None` is the exact amount (Enter with no amount).
    Cash {
        amount: Option<i64>,
    },
    /// F5: card for the rest, with the payment terminal's reference.
    Card {
        reference: Option<String>,
    },
    CancelPayment,
}

/// What happened, for the screen to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    LoggedIn(User),
    Scanned(Scanned),
    Remaining { exact: i64, in_cash: i64 },
    Paid(Committed),
}

impl From<PaymentProgress> for Outcome {
    fn from(p: PaymentProgress) -> Outcome {
        match p {
            PaymentProgress::Remaining { exact, in_cash } => Outcome::Remaining { exact, in_cash },
            PaymentProgress::Done(c) => Outcome::Paid(c),
        }
    }
}

impl<C: Clock> Till<C> {
    /// Carries out one command.
    pub fn apply(&mut self, command: Command) -> Result<Outcome, AppError> {
        match command {
            Command::Login { pin } => self.login(&pin).map(Outcome::LoggedIn),
            Command::Logout => self.logout().map(|()| Outcome::Done),
            Command::Scan { code } => self.scan(&code).map(Outcome::Scanned),
            Command::Quantity { units } => {
                self.set_pending_units(Some(units)).map(|()| Outcome::Done)
            }
            Command::VoidLine { line, manager_pin } => {
                let approval = match &manager_pin {
                    Some(pin) => Approval::ManagerPin(pin),
                    None => Approval::Own,
                };
                self.void_line(line, approval).map(|()| Outcome::Done)
            }
            Command::Park { label } => self.park(&label).map(|_| Outcome::Done),
            Command::Recall { id } => self.recall(id).map(|()| Outcome::Done),
            Command::Pay => self.start_payment().map(|exact| Outcome::Remaining {
                exact,
                in_cash: self.payment().map_or(exact, |p| p.remaining_in_cash()),
            }),
            Command::Cash { amount: None } => self.pay_exact_cash().map(Outcome::from),
            Command::Cash {
                amount: Some(amount),
            } => {
                self.start_payment()?;
                self.tender(Tender {
                    kind: TenderKind::Cash,
                    amount,
                    reference: None,
                })
                .map(Outcome::from)
            }
            Command::Card { reference } => {
                self.start_payment()?;
                let amount = self.payment().map_or(0, |p| p.remaining());
                self.tender(Tender {
                    kind: TenderKind::Card,
                    amount,
                    reference,
                })
                .map(Outcome::from)
            }
            Command::CancelPayment => self.cancel_payment().map(|()| Outcome::Done),
        }
    }
}
