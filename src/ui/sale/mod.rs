//! The sale and payment screen's state, keys and actions. Its two key tables (`SALE_KEYS`,
//! `PAYMENT_KEYS`) are the only way keys reach it: input is looked up there, the touch buttons
//! take their keys from there, and the F1 help lists them. Drawing is in `layout.rs` (entry,
//! cart) and `panel.rs` (totals, buttons, payment, quick keys).
//!
//! Sale: characters + Enter = scan or PLU (`N*` first = quantity). Payment: amount + Enter =
//! cash, Enter = exact cash, [reference] F5 = card for the rest, Esc = back. A scanner's burst
//! while paying is refused, never taken as cash.

mod layout;
mod panel;

use super::dialogs::{DiscountTarget, Overlay};
use super::entry::{Entry, EntryBuffer};
use super::keys::{Binding, Input, find};
use super::shell::Shell;
use super::{Screen, TillScreen};
use crate::app::Clock;
use crate::app::command::{Command, Outcome};
use crate::app::selling::Scanned;
use crate::store::catalog::Product;
use crate::{id, msg};
use eframe::egui;
use egui::Key;

/// What a key does on the sale screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaleAction {
    Type,
    Submit,
    Erase,
    Clear,
    Void,
    Customer,
    Up,
    Down,
    Help,
    Search,
    LastReceipt,
    ParkOrRecall,
    Discount,
    Devices,
    BackOffice,
    Return,
    NoSale,
    Shift,
    Logout,
    Pay,
}

/// What a key does while paying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayAction {
    Type,
    Tender,
    Card,
    Erase,
    Back,
    Help,
}

/// The sale screen's keys, in the order the help lists them.
pub const SALE_KEYS: [Binding<SaleAction>; 21] = {
    use SaleAction as A;
    [
        Binding::text(A::Type, id!("help-scan"), id!("key-scan")),
        Binding::key(Key::Enter, A::Submit, id!("help-scan")),
        Binding::char('*', A::Type, id!("help-quantity"), id!("key-quantity")),
        Binding::key(Key::Backspace, A::Erase, id!("help-erase")),
        Binding::key(Key::F1, A::Help, id!("help-help")).button(id!("button-help")),
        Binding::key(Key::F2, A::Search, id!("help-search")).button(id!("button-search")),
        Binding::key(Key::F3, A::LastReceipt, id!("help-receipt")).button(id!("button-receipt")),
        Binding::key(Key::F4, A::ParkOrRecall, id!("help-park")).button(id!("button-park")),
        Binding::key(Key::F5, A::Customer, id!("help-customer")).button(id!("button-customer")),
        Binding::key(Key::Home, A::BackOffice, id!("help-back-office"))
            .button(id!("button-back-office")),
        Binding::key(Key::F6, A::Discount, id!("help-discount")).button(id!("button-discount")),
        Binding::key(Key::F7, A::Devices, id!("help-devices")),
        Binding::key(Key::F8, A::Return, id!("help-return")).button(id!("button-return")),
        Binding::key(Key::F9, A::NoSale, id!("help-no-sale")).button(id!("button-no-sale")),
        Binding::key(Key::F10, A::Shift, id!("help-shift")).button(id!("button-shift")),
        Binding::key(Key::F11, A::Logout, id!("help-logout")).button(id!("button-logout")),
        Binding::key(Key::F12, A::Pay, id!("help-pay")).button(id!("button-pay")),
        Binding::key(Key::Delete, A::Void, id!("help-void")).button(id!("button-void")),
        Binding::key(Key::ArrowUp, A::Up, id!("help-select")),
        Binding::key(Key::ArrowDown, A::Down, id!("help-select")),
        Binding::key(Key::Escape, A::Clear, id!("help-clear")),
    ]
};

/// The payment's keys, in the order the help lists them.
pub const PAYMENT_KEYS: [Binding<PayAction>; 6] = {
    use PayAction as A;
    [
        Binding::text(A::Type, id!("help-pay-cash"), id!("key-amount")),
        Binding::key(Key::Enter, A::Tender, id!("help-pay-exact")).button(id!("button-exact")),
        Binding::key(Key::F5, A::Card, id!("help-pay-card")).button(id!("button-card")),
        Binding::key(Key::Backspace, A::Erase, id!("help-erase")),
        Binding::key(Key::Escape, A::Back, id!("help-pay-back")).button(id!("button-back")),
        Binding::key(Key::F1, A::Help, id!("help-help")),
    ]
};

/// The sale screen's state.
pub(crate) struct SaleScreen {
    entry: EntryBuffer,
    last_scanned: Option<Scanned>,
    selected: Option<usize>,
    /// Number and change of the sale just paid.
    last_sale: Option<(String, i64)>,
    receipt: Option<Vec<String>>,
    favourites: Vec<Product>,
    category: Option<String>,
    /// Each category's colour, for its tab and keys.
    colours: Vec<(String, [u8; 3])>,
    /// The back office ran since the keys were read: read them again on coming up.
    keys_stale: bool,
}

impl SaleScreen {
    pub fn new(favourites: Vec<Product>) -> SaleScreen {
        SaleScreen {
            entry: EntryBuffer::default(),
            last_scanned: None,
            selected: None,
            last_sale: None,
            receipt: None,
            category: favourites.first().map(|p| p.category.clone()),
            favourites,
            colours: Vec::new(),
            keys_stale: true,
        }
    }

    pub fn receipt(&self) -> Option<&[String]> {
        self.receipt.as_deref()
    }

    /// The selected cart line (the last one when none was chosen).
    fn line<C: Clock>(&self, sh: &Shell<'_, C>) -> Option<usize> {
        let n = sh.till.cart().lines.len();
        (n > 0).then(|| self.selected.unwrap_or(n - 1).min(n - 1))
    }

    fn act<C: Clock>(&mut self, sh: &mut Shell<'_, C>, action: SaleAction, input: &Input) {
        use SaleAction as A;
        match action {
            A::Type => {
                if let Input::Char(c) = input
                    && let Some(Entry::Quantity(units)) = self.entry.push(&c.to_string())
                {
                    sh.run(Command::Quantity { units });
                }
            }
            A::Submit => {
                if let Entry::Code(code) = self.entry.submit() {
                    sh.run(Command::Scan { code });
                }
            }
            A::Erase => self.entry.backspace(),
            A::Clear => {
                self.entry.clear();
                if sh.till.pending_units().is_some() {
                    sh.run(Command::Quantity { units: 1 });
                }
                sh.clear_notice();
            }
            A::Void => self.void(sh),
            A::Up => self.move_selection(sh, -1),
            A::Down => self.move_selection(sh, 1),
            _ => self.function(sh, action),
        }
    }

    /// A touch button: what its key does.
    fn press<C: Clock>(&mut self, sh: &mut Shell<'_, C>, action: SaleAction) {
        match action {
            SaleAction::Void => self.void(sh),
            _ => self.function(sh, action),
        }
    }

    /// The function keys (and their touch buttons).
    fn function<C: Clock>(&mut self, sh: &mut Shell<'_, C>, action: SaleAction) {
        use SaleAction as A;
        match action {
            A::Help => sh.open(Overlay::Help),
            A::Search => {
                sh.st.timing.clear();
                sh.open(Overlay::Search {
                    query: String::new(),
                    results: Vec::new(),
                    selected: 0,
                });
            }
            A::LastReceipt => show_last_receipt(sh),
            A::Customer => {
                sh.st.timing.clear();
                sh.open(Overlay::Customer(Default::default()));
            }
            A::ParkOrRecall => self.park_or_recall(sh),
            A::Discount => self.discount(sh),
            A::Devices => sh.open_devices(),
            A::BackOffice => sh.open_back_office(),
            A::Return => open_return(sh),
            A::NoSale => sh.open(Overlay::NoSale(String::new())),
            A::Shift => {
                sh.clear_notice();
                sh.go(Screen::Shift);
            }
            A::Logout => {
                sh.run(Command::Logout);
            }
            A::Pay => {
                sh.run(Command::Pay);
            }
            A::Type | A::Submit | A::Erase | A::Clear | A::Void | A::Up | A::Down => {}
        }
    }

    fn pay<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        action: PayAction,
        input: &Input,
        time: f64,
    ) {
        match action {
            PayAction::Type => {
                if let Input::Char(c) = input {
                    self.entry.push(&c.to_string());
                    sh.st.timing.push(*c, time);
                }
            }
            PayAction::Erase => {
                self.entry.backspace();
                sh.st.timing.pop();
            }
            PayAction::Tender => self.tender(sh, time),
            PayAction::Card => {
                sh.st.timing.clear();
                let reference = match self.entry.submit() {
                    Entry::Code(r) => Some(r),
                    _ => None,
                };
                sh.run(Command::Card { reference });
            }
            PayAction::Back => {
                self.entry.clear();
                if sh.run(Command::CancelPayment) {
                    sh.go(Screen::Sale);
                }
            }
            PayAction::Help => sh.open(Overlay::Help),
        }
    }

    /// Enter while paying: the amount typed in cash, or the exact amount.
    fn tender<C: Clock>(&mut self, sh: &mut Shell<'_, C>, time: f64) {
        if sh.st.timing.enter(time).is_some() {
            // A scanner's burst is never an amount of cash.
            self.entry.clear();
            sh.fail(msg!("pay-scan-refused"));
            return;
        }
        let remaining = sh.till.payment().map_or(0, |p| p.remaining_in_cash().minor);
        // In the currency's own digits: 1000 typed in CLP is a thousand pesos.
        let amount = match self.entry.submit() {
            Entry::Code(text) => match sh.parse_money(&text).ok().filter(|m| m.minor > 0) {
                Some(a) if a.minor > (remaining * 10).max(remaining + 50_000) => {
                    let left = sh.money(remaining);
                    sh.fail(msg!("pay-too-much", amount = text, left = left));
                    return;
                }
                Some(a) => Some(a),
                None => {
                    sh.fail(msg!("pay-not-an-amount", amount = text));
                    return;
                }
            },
            _ => None,
        };
        sh.run(Command::Cash { amount });
    }

    fn move_selection<C: Clock>(&mut self, sh: &Shell<'_, C>, by: i64) {
        let n = sh.till.cart().lines.len();
        if n == 0 {
            return;
        }
        let current = self.selected.unwrap_or(n - 1) as i64;
        self.selected = Some((current + by).clamp(0, n as i64 - 1) as usize);
    }

    fn void<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        if let Some(line) = self.line(sh) {
            sh.run(Command::VoidLine {
                line,
                manager_pin: None,
            });
        }
    }

    fn park_or_recall<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        if sh.screen() != Screen::Sale {
            return;
        }
        if !sh.till.cart().is_empty() {
            let time = sh.till.clock().now().format("%H:%M");
            let label = format!("{time} · {}", sh.money(sh.till.totals().total));
            if sh.run(Command::Park { label }) {
                self.last_scanned = None;
                self.selected = None;
                sh.info(sh.t(id!("sale-parked")));
            }
            return;
        }
        match sh.till.parked() {
            Ok(list) if list.is_empty() => sh.fail(msg!("sale-no-parked")),
            Ok(list) => sh.open(Overlay::Parked { list, selected: 0 }),
            Err(e) => sh.error(&e),
        }
    }

    fn discount<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        if sh.screen() != Screen::Sale {
            return;
        }
        let Some(line) = self.line(sh) else {
            sh.fail(msg!("err-empty-sale"));
            return;
        };
        sh.open(Overlay::Discount {
            target: DiscountTarget::LinePercent,
            value: String::new(),
            line,
        });
    }
}

fn show_last_receipt<C: Clock>(sh: &mut Shell<'_, C>) {
    match sh.till.last_receipt_text() {
        Ok(Some(lines)) => sh.open(Overlay::Receipt(lines)),
        Ok(None) => sh.fail(msg!("sale-no-receipt")),
        Err(e) => sh.error(&e),
    }
}

/// F8: the return screen, once the sale is finished or parked.
fn open_return<C: Clock>(sh: &mut Shell<'_, C>) {
    if sh.screen() != Screen::Sale {
        return;
    }
    if !sh.till.cart().is_empty() {
        sh.fail(msg!("return-finish-sale-first"));
        return;
    }
    sh.clear_notice();
    sh.go(Screen::Return);
}

impl<C: Clock> TillScreen<C> for SaleScreen {
    /// The quick keys and their colours are read again after the back office (which may have
    /// changed them) — not on every payment; the category shown stays if it still has keys.
    fn enter(&mut self, sh: &mut Shell<'_, C>) {
        if !std::mem::take(&mut self.keys_stale) {
            return;
        }
        if let Ok(favourites) = sh.till.favourites() {
            self.favourites = favourites;
        }
        self.colours = sh.till.category_colours();
        let shown = |c: &String| self.favourites.iter().any(|p| &p.category == c);
        if !self.category.as_ref().is_some_and(shown) {
            self.category = self.favourites.first().map(|p| p.category.clone());
        }
    }

    fn input(&mut self, sh: &mut Shell<'_, C>, input: Input, time: f64) {
        if sh.screen() == Screen::Payment {
            if let Some(action) = find(&PAYMENT_KEYS, &input) {
                self.pay(sh, action, &input, time);
            }
        } else if let Some(action) = find(&SALE_KEYS, &input) {
            self.act(sh, action, &input);
        }
    }

    fn serial_scan(&mut self, sh: &mut Shell<'_, C>, code: String) -> bool {
        let free = matches!(sh.st.overlay, None | Some(Overlay::Search { .. }));
        if sh.screen() == Screen::Sale && free {
            sh.run(Command::Scan { code });
            return true;
        }
        false
    }

    fn screen_ui(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        self.layout_ui(sh, ui);
    }

    fn applied(&mut self, sh: &mut Shell<'_, C>, command: &Command, outcome: &Outcome) {
        if matches!(command, Command::OpenBackOffice | Command::BackOffice(_)) {
            self.keys_stale = true;
        }
        match (command, outcome) {
            (_, Outcome::Scanned(s)) => {
                self.selected = Some(s.line);
                self.last_scanned = Some(s.clone());
                self.receipt = None;
                self.last_sale = None;
            }
            (_, Outcome::Paid(c)) => {
                self.receipt = sh.till.receipt_text(c.id).ok().flatten();
                self.last_sale = Some((c.number.clone(), c.change.minor));
                self.last_scanned = None;
                self.selected = None;
            }
            (_, Outcome::Refunded(c)) => {
                self.receipt = sh.till.receipt_text(c.id).ok().flatten();
                self.last_sale = None;
            }
            (Command::Recall { .. }, _) => {
                self.selected = None;
                self.receipt = None;
                self.last_sale = None;
                sh.info(sh.t(id!("sale-recalled")));
            }
            _ => {}
        }
    }
}
