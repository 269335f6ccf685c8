//! The one list of things a user can ask the till to do. Buttons, keyboard shortcuts and menus
//! all produce a `Command`; `Till::apply` is the single place that carries them out.

use super::returns::ReturnRequest;
use super::selling::{Committed, PaymentProgress, Scanned};
use super::{AppError, Approval, Clock, Till};
use crate::store::users::User;
use crate::till::cart::Discount;
use crate::till::money::Money;
use crate::till::permission::Permission;
use crate::till::report::ShiftReport;
use crate::till::shift::{CashMove, CloseOutcome};
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
    /// A product picked by search (F2) or a quick key.
    AddProduct {
        product_id: i64,
    },
    /// The open sale invoiced to a customer of the book (a full invoice), or a ticket again.
    InvoiceTo {
        customer: Option<i64>,
    },
    /// A new customer added to the book at the till, and the open sale invoiced to them.
    AddCustomer {
        draft: crate::till::customer::CustomerDraft,
    },
    /// A full invoice (F3) replacing an earlier ticket, to a customer of the book — or to one
    /// added now from `draft`.
    ReplaceTicket {
        ticket: String,
        customer: Option<i64>,
        draft: Option<crate::till::customer::CustomerDraft>,
    },
    /// A weighed product with the weight the scale read.
    Weighed {
        code: String,
        grams: i64,
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
    /// Cash tendered, in the till's currency; `None` is the exact amount (Enter alone).
    Cash {
        amount: Option<Money>,
    },
    /// F5: card for the rest, with the payment terminal's reference.
    Card {
        reference: Option<String>,
    },
    CancelPayment,
    /// A manager lifts a PIN-pad lockout early.
    UnlockLogin {
        manager_pin: String,
    },
    LineDiscount {
        line: usize,
        discount: Option<Discount>,
        manager_pin: Option<String>,
    },
    TicketDiscount {
        discount: Option<Discount>,
        manager_pin: Option<String>,
    },
    PriceOverride {
        line: usize,
        price: Money,
        manager_pin: Option<String>,
    },
    /// F9: open the drawer outside a sale.
    NoSale {
        reason: String,
        manager_pin: Option<String>,
    },
    /// F8: give back lines of an earlier receipt.
    Return {
        request: ReturnRequest,
        manager_pin: Option<String>,
    },
    OpenShift {
        float: Money,
    },
    CashMove {
        kind: CashMove,
        amount: Money,
        reason: String,
        manager_pin: Option<String>,
    },
    XReport,
    /// The Devices screen (technician or manager).
    OpenDevices,
    /// F9 at the login's end or `caja backoffice`: the back office (manager or technician).
    OpenBackOffice,
    /// A change made in the back office (its permission and audit in `app/backoffice.rs`).
    BackOffice(super::backoffice::Office),
    /// The user's own new PIN, typed twice (required after a PIN someone else set).
    ChangeOwnPin {
        pin: String,
        again: String,
    },
    /// The technician's test page on the receipt printer (devices permission; audited).
    TestPrint,
    /// The technician's drawer pulse (devices permission; audited).
    TestDrawer,
    /// Show the test line on the customer display.
    TestDisplay,
    /// Read the scale once; the weight comes as an `Event::TestWeight`.
    TestScale,
    /// F3: print the last receipt again, marked as a copy (audited).
    Reprint,
    /// Try the waiting print jobs again now (their retry times are set aside).
    RetryPrinting,
    /// Change one configuration key (settings permission; audited). Devices are opened at
    /// start-up, so a new address applies when Caja restarts.
    ChangeSetting {
        key: String,
        value: String,
    },
    /// Stops sales and asks for the blind count.
    BeginCloseShift,
    /// The counted cash; the answer carries over/short and the Z report.
    CloseShift {
        counted: Money,
    },
}

impl Command {
    /// Whether applying it may open or close a shift or lock the PIN pad (a PIN typed, right
    /// or wrong): then the app reads the shift and the lockout again for the screen. A scan
    /// and the other selling commands do not, so they pay for no extra query.
    pub fn may_change_shift_or_lockout(&self) -> bool {
        match self {
            Command::Login { .. }
            | Command::Logout
            | Command::UnlockLogin { .. }
            | Command::OpenShift { .. }
            | Command::BeginCloseShift
            | Command::CloseShift { .. } => true,
            Command::VoidLine { manager_pin, .. }
            | Command::LineDiscount { manager_pin, .. }
            | Command::TicketDiscount { manager_pin, .. }
            | Command::PriceOverride { manager_pin, .. }
            | Command::NoSale { manager_pin, .. }
            | Command::Return { manager_pin, .. }
            | Command::CashMove { manager_pin, .. } => manager_pin.is_some(),
            _ => false,
        }
    }

    /// The same command approved by a manager's PIN, for commands that can take one.
    pub fn with_manager_pin(self, pin: String) -> Option<Command> {
        let pin = Some(pin);
        Some(match self {
            Command::VoidLine { line, .. } => Command::VoidLine {
                line,
                manager_pin: pin,
            },
            Command::LineDiscount { line, discount, .. } => Command::LineDiscount {
                line,
                discount,
                manager_pin: pin,
            },
            Command::TicketDiscount { discount, .. } => Command::TicketDiscount {
                discount,
                manager_pin: pin,
            },
            Command::PriceOverride { line, price, .. } => Command::PriceOverride {
                line,
                price,
                manager_pin: pin,
            },
            Command::NoSale { reason, .. } => Command::NoSale {
                reason,
                manager_pin: pin,
            },
            Command::Return { request, .. } => Command::Return {
                request,
                manager_pin: pin,
            },
            Command::CashMove {
                kind,
                amount,
                reason,
                ..
            } => Command::CashMove {
                kind,
                amount,
                reason,
                manager_pin: pin,
            },
            _ => return None,
        })
    }
}

fn approval(pin: &Option<String>) -> Approval<'_> {
    match pin {
        Some(pin) => Approval::ManagerPin(pin),
        None => Approval::Own,
    }
}

/// What happened, for the screen to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    LoggedIn(User),
    Scanned(Scanned),
    /// Left to pay: exact, and what cash must cover (cash rounding applied).
    Remaining {
        exact: Money,
        in_cash: Money,
    },
    Paid(Committed),
    Refunded(Committed),
    Unlocked(User),
    Report(Box<ShiftReport>),
    Closed(CloseOutcome, Box<ShiftReport>),
    /// A print job was queued (its outbox message), or `None`: no printer is configured.
    Printed(Option<i64>),
    Drawer(super::DrawerPulse),
    /// The scale is reading (a weighed product of the sale, named; or the test): the result
    /// comes through `Till::poll_events`.
    Weighing {
        name: Option<String>,
    },
    /// A back-office change saved what has this id (a product, a user).
    Saved(i64),
    /// A product counted in a stock count: its name and what has been counted of it so far.
    Counted {
        name: String,
        counted: String,
    },
    /// A full invoice replaced a ticket: its number.
    Replaced(String),
    /// A configuration key changed (from `old`).
    SettingChanged {
        key: String,
        old: String,
    },
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
    /// Carries out one command: its permission, its effect and audit entry, then what follows
    /// on the devices (the customer display, the spooler, a backup after a Z report). A weighed
    /// product asks the scale (on its thread) when there is one: `Outcome::Weighing`, and the
    /// product is added when the weight comes (`poll_events`).
    pub fn apply(&mut self, command: Command) -> Result<Outcome, AppError> {
        // Kept only where needed: a scan is not cloned unless a scale may be asked for it.
        let refresh = command.may_change_shift_or_lockout();
        if self.must_change_pin()
            && !matches!(
                command,
                Command::Login { .. } | Command::Logout | Command::ChangeOwnPin { .. }
            )
        {
            return Err(AppError::MustChangePin);
        }
        let weigh = self.has_scale().then(|| command.clone());
        let result = match (self.run_command(command), weigh) {
            (Err(AppError::NeedsWeight(name)), Some(command)) => self
                .ask_scale_for(&command, &name)
                .ok_or(AppError::NeedsWeight(name)),
            (other, _) => other,
        };
        // A shift closed elsewhere shows as soon as a command meets it.
        let shift_news = matches!(result, Err(AppError::NoOpenShift | AppError::ShiftClosing));
        if refresh || shift_news {
            self.refresh_cached_view();
        }
        if let Ok(outcome) = &result {
            self.after_command(outcome);
        }
        result
    }

    /// One command's effect, in order of area: the session, the sale and its payment, no sale
    /// and returns, the shift, the devices, the settings.
    fn run_command(&mut self, command: Command) -> Result<Outcome, AppError> {
        match command {
            Command::Login { pin } => self.login(&pin).map(Outcome::LoggedIn),
            Command::Logout => self.logout().map(|()| Outcome::Done),
            Command::UnlockLogin { manager_pin } => {
                self.unlock_login(&manager_pin).map(Outcome::Unlocked)
            }
            Command::Scan { code } => self.scan(&code).map(Outcome::Scanned),
            Command::AddProduct { product_id } => {
                self.add_product(product_id).map(Outcome::Scanned)
            }
            Command::InvoiceTo { customer } => self.invoice_to(customer).map(|()| Outcome::Done),
            Command::AddCustomer { draft } => self.add_customer_at_till(draft).map(Outcome::Saved),
            Command::ReplaceTicket {
                ticket,
                customer,
                draft,
            } => self
                .replace_ticket_for(&ticket, customer, draft)
                .map(|r| Outcome::Replaced(r.number)),
            Command::Weighed { code, grams } => {
                self.add_weighed(&code, grams).map(Outcome::Scanned)
            }
            Command::Quantity { units } => {
                self.set_pending_units(Some(units)).map(|()| Outcome::Done)
            }
            Command::VoidLine { line, manager_pin } => self
                .void_line(line, approval(&manager_pin))
                .map(|()| Outcome::Done),
            Command::LineDiscount {
                line,
                discount,
                manager_pin,
            } => self
                .set_line_discount(line, discount, approval(&manager_pin))
                .map(|()| Outcome::Done),
            Command::TicketDiscount {
                discount,
                manager_pin,
            } => self
                .set_ticket_discount(discount, approval(&manager_pin))
                .map(|()| Outcome::Done),
            Command::PriceOverride {
                line,
                price,
                manager_pin,
            } => self
                .override_price(line, price, approval(&manager_pin))
                .map(|()| Outcome::Done),
            Command::Park { label } => self.park(&label).map(|_| Outcome::Done),
            Command::Recall { id } => self.recall(id).map(|()| Outcome::Done),
            Command::Pay => self.begin_payment(),
            Command::Cash { amount } => self.pay_cash(amount),
            Command::Card { reference } => self.pay_by_card(reference),
            Command::CancelPayment => self.cancel_payment().map(|()| Outcome::Done),
            Command::NoSale {
                reason,
                manager_pin,
            } => self
                .no_sale(&reason, approval(&manager_pin))
                .map(|()| Outcome::Done),
            Command::Return {
                request,
                manager_pin,
            } => self
                .refund(&request, approval(&manager_pin))
                .map(Outcome::Refunded),
            Command::OpenShift { float } => self.open_shift_with_float(float),
            Command::CashMove {
                kind,
                amount,
                reason,
                manager_pin,
            } => self.record_cash_move(kind, amount, &reason, &manager_pin),
            Command::XReport => self.run_x_report(),
            Command::BeginCloseShift => self.begin_close_shift().map(|()| Outcome::Done),
            Command::CloseShift { counted } => self.close_shift_counted(counted),
            Command::OpenDevices => self.authorize_devices().map(|()| Outcome::Done),
            Command::TestPrint => self.queue_test_print().map(Outcome::Printed),
            Command::TestDrawer => self.open_drawer().map(Outcome::Drawer),
            Command::TestDisplay => self.run_device_test(Self::test_display),
            Command::TestScale => self.run_device_test(Self::test_scale),
            Command::Reprint => self.reprint_last().map(Outcome::Printed),
            Command::RetryPrinting => self.retry_printing(),
            Command::ChangeSetting { key, value } => self.change_configured_setting(key, value),
            c @ (Command::OpenBackOffice | Command::BackOffice(_)) => self.office_command(c),
            Command::ChangeOwnPin { pin, again } => self.change_own_pin(&pin, &again),
        }
    }

    /// F12: starts taking payment; answers what is left, exact and in cash.
    fn begin_payment(&mut self) -> Result<Outcome, AppError> {
        self.start_payment().map(|exact| Outcome::Remaining {
            exact,
            in_cash: self.payment().map_or(exact, |p| p.remaining_in_cash()),
        })
    }

    /// Cash tendered, or the exact amount when `None`.
    fn pay_cash(&mut self, amount: Option<Money>) -> Result<Outcome, AppError> {
        match amount {
            None => self.pay_exact_cash().map(Outcome::from),
            Some(amount) => {
                self.start_payment()?;
                self.tender(Tender {
                    kind: TenderKind::Cash,
                    amount,
                    reference: None,
                })
                .map(Outcome::from)
            }
        }
    }

    /// Card for the rest, with the payment terminal's reference.
    fn pay_by_card(&mut self, reference: Option<String>) -> Result<Outcome, AppError> {
        let amount = self.start_payment()?;
        self.tender(Tender {
            kind: TenderKind::Card,
            amount,
            reference,
        })
        .map(Outcome::from)
    }

    /// Opens the shift with its float, which must be in the till's currency.
    fn open_shift_with_float(&mut self, float: Money) -> Result<Outcome, AppError> {
        let float = self.in_till_currency(float)?;
        self.open_shift(float).map(|_| Outcome::Done)
    }

    /// Cash put in or taken out, in the till's currency.
    fn record_cash_move(
        &mut self,
        kind: CashMove,
        amount: Money,
        reason: &str,
        manager_pin: &Option<String>,
    ) -> Result<Outcome, AppError> {
        let amount = self.in_till_currency(amount)?;
        self.cash_movement(kind, amount, reason, approval(manager_pin))
            .map(|()| Outcome::Done)
    }

    /// The X report, shown and printed.
    fn run_x_report(&mut self) -> Result<Outcome, AppError> {
        let report = self.x_report()?;
        // The X report prints too; a printing problem never hides the report.
        if let Err(e) = self.print_x_report(&report) {
            tracing::error!("X report not printed: {e}");
        }
        Ok(Outcome::Report(Box::new(report)))
    }

    /// Closes the shift with the counted cash, in the till's currency.
    fn close_shift_counted(&mut self, counted: Money) -> Result<Outcome, AppError> {
        let counted = self.in_till_currency(counted)?;
        // The Z report's printout was queued in its own transaction.
        let (outcome, report) = self.close_shift(counted)?;
        Ok(Outcome::Closed(outcome, Box::new(report)))
    }

    /// The user may manage devices (the Devices screen and its tests).
    fn authorize_devices(&mut self) -> Result<(), AppError> {
        self.authorize(Permission::ManageDevices, Approval::Own)
            .map(|_| ())
    }

    /// A device test, once the user may manage devices.
    fn run_device_test(
        &mut self,
        test: fn(&mut Self) -> Result<Outcome, AppError>,
    ) -> Result<Outcome, AppError> {
        self.authorize_devices()?;
        test(self)
    }

    /// Makes the waiting print jobs due now, for any logged-in user.
    fn retry_printing(&mut self) -> Result<Outcome, AppError> {
        self.user()?;
        self.store.outbox_due_now(super::outbox::print::TOPIC)?;
        Ok(Outcome::Done)
    }

    /// Changes one key in the configuration file the till was started with.
    fn change_configured_setting(
        &mut self,
        key: String,
        value: String,
    ) -> Result<Outcome, AppError> {
        let file = self
            .config_file()
            .map(std::path::Path::to_path_buf)
            .ok_or(AppError::NotConfigured(super::Device::ConfigFile))?;
        let old = self.change_setting(&file, &key, &value)?;
        Ok(Outcome::SettingChanged { key, old })
    }
}
