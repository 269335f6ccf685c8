//! The dialogs the shell shows over any screen, one at a time: help (F1), search (F2), parked
//! sales (F4), the customer of a full invoice (F5), discount and price (F6), the manager-PIN
//! approval, no-sale (F9) and the receipt (F3). Each dialog's keys and drawing live in its own file; this one routes to them, takes a
//! scanner's burst typed into a dialog's field back out as a scan for the sale, and draws the
//! modal frame with its close button.

mod customer;
mod discount;
mod help;
mod search;
mod small;

pub use customer::CustomerPick;
pub use discount::DiscountTarget;

use super::keys::Input;
use super::shell::Shell;
use super::{Screen, TillUi};
use crate::app::Clock;
use crate::app::command::Command;
use crate::id;
use crate::store::catalog::Product;
use crate::store::parked::ParkedSale;
use eframe::egui;
use egui::Key;

/// What the manager's PIN is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApprovalPurpose {
    /// Run this command again with the PIN.
    Approve(Box<Command>),
    /// Lift the PIN-pad lockout.
    Unlock,
}

/// An open dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    Help,
    Search {
        query: String,
        results: Vec<Product>,
        selected: usize,
    },
    Parked {
        list: Vec<ParkedSale>,
        selected: usize,
    },
    Discount {
        target: DiscountTarget,
        value: String,
        /// The cart line a line discount or price applies to.
        line: usize,
    },
    Approval {
        purpose: ApprovalPurpose,
        what: &'static str,
        pin: String,
    },
    NoSale(String),
    Receipt(Vec<String>),
    /// The sale's customer (F5): a full invoice.
    Customer(CustomerPick),
}

/// What a click in a dialog asks for, done once the dialog is drawn.
pub(super) enum Click {
    Close,
    Keep(Overlay),
    AddProduct(i64),
    Recall(i64),
    NoSale(String),
    Reprint,
    InvoiceTo(i64),
    /// A full invoice replacing this ticket, to this customer.
    ReplaceTicket(String, i64),
}

/// Keyboard input for the open dialog; returns the dialog to keep open (if any).
pub(super) fn input<C: Clock>(
    sh: &mut Shell<'_, C>,
    overlay: Overlay,
    input: Input,
    time: f64,
) -> Option<Overlay> {
    if input == Input::Key(Key::Escape) {
        sh.st.timing.clear();
        return None;
    }
    if let Input::Char(c) = input {
        sh.st.timing.push(c, time);
    } else if input == Input::Key(Key::Backspace) {
        sh.st.timing.pop();
    }
    // A scanner's burst into a dialog's field is a scan for the sale, not text for the field.
    if input == Input::Key(Key::Enter)
        && let Some(code) = sh.st.timing.enter_relaxed(time)
    {
        return Some(burst(sh, overlay, code));
    }
    match overlay {
        Overlay::Help | Overlay::Receipt(_) => match input {
            Input::Key(Key::Enter) => None,
            _ => Some(overlay),
        },
        Overlay::Search {
            query,
            results,
            selected,
        } => search::input(sh, query, results, selected, input),
        Overlay::Parked { list, selected } => small::parked_input(sh, list, selected, input),
        Overlay::Discount {
            target,
            value,
            line,
        } => discount::input(sh, target, value, line, input),
        Overlay::Approval { purpose, what, pin } => {
            small::approval_input(sh, purpose, what, pin, input)
        }
        Overlay::NoSale(reason) => small::no_sale_input(sh, reason, input),
        Overlay::Customer(pick) => customer::input(sh, pick, input),
    }
}

/// The box a dialog's query is typed into, with its cursor.
fn query_ui(ui: &mut egui::Ui, query: &str) {
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .stroke(ui.visuals().widgets.active.bg_stroke)
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_min_width(520.0);
            ui.label(egui::RichText::new(format!("{query}|")).size(26.0));
        });
}

/// Takes what a scanner typed into the dialog's field back out, and sells the code.
fn burst<C: Clock>(sh: &mut Shell<'_, C>, mut overlay: Overlay, code: String) -> Overlay {
    let field = match &mut overlay {
        Overlay::Search { query, .. } => Some(query),
        Overlay::Discount { value, .. } => Some(value),
        Overlay::Approval { pin, .. } => Some(pin),
        Overlay::NoSale(reason) => Some(reason),
        Overlay::Customer(pick) => match pick.form.as_mut() {
            Some(form) => Some(&mut form.fields[form.focus]),
            None => Some(&mut pick.query),
        },
        _ => None,
    };
    if let Some(field) = field {
        // Only what the burst typed into the field comes out of it.
        let typed: String = field.chars().rev().take(code.chars().count()).collect();
        let typed: String = typed.chars().rev().collect();
        if code.ends_with(&typed) {
            let keep = field.chars().count() - typed.chars().count();
            *field = field.chars().take(keep).collect();
        }
    }
    if let Overlay::Search { query, results, .. } = &mut overlay {
        *results = sh.till.search(query, 8).unwrap_or_default();
    }
    if sh.screen() == Screen::Sale {
        sh.run(Command::Scan { code });
    }
    overlay
}

/// Draws the open dialog and does what its clicks ask.
pub(super) fn overlay_ui<C: Clock>(sh: &mut Shell<'_, C>, ctx: &egui::Context) {
    let Some(overlay) = sh.st.overlay.take() else {
        return;
    };
    let mut click = None;
    egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
        ui.set_min_width(560.0);
        click = match &overlay {
            Overlay::Help => help::help_ui(sh, ui),
            Overlay::Search {
                query,
                results,
                selected,
            } => search::search_ui(sh, ui, query, results, *selected),
            Overlay::Parked { list, selected } => small::parked_ui(sh, ui, list, *selected),
            Overlay::Discount {
                target,
                value,
                line,
            } => discount::discount_ui(sh, ui, *target, value, *line),
            Overlay::Approval { pin, .. } => small::approval_ui(sh, ui, pin),
            Overlay::NoSale(reason) => small::no_sale_ui(sh, ui, reason),
            Overlay::Receipt(lines) => small::receipt_ui(sh, ui, lines),
            Overlay::Customer(pick) => customer::customer_ui(sh, ui, pick),
        };
        if ui.button(sh.t(id!("dialog-close"))).clicked() {
            click = Some(Click::Close);
        }
    });
    let (keep, click) = match click {
        None => (Some(overlay), None),
        Some(Click::Keep(next)) => (Some(next), None),
        other => (None, other),
    };
    if sh.st.overlay.is_none() {
        sh.st.overlay = keep;
    }
    match click {
        Some(Click::AddProduct(product_id)) => {
            sh.run(Command::AddProduct { product_id });
        }
        Some(Click::Recall(id)) => {
            sh.run(Command::Recall { id });
        }
        Some(Click::NoSale(reason)) => {
            small::no_sale(sh, reason);
        }
        Some(Click::Reprint) => small::reprint(sh),
        Some(Click::InvoiceTo(id)) => {
            sh.run(Command::InvoiceTo { customer: Some(id) });
        }
        Some(Click::ReplaceTicket(ticket, id)) => {
            sh.run(Command::ReplaceTicket {
                ticket,
                customer: Some(id),
                draft: None,
            });
        }
        Some(Click::Close | Click::Keep(_)) | None => {}
    }
}

impl<C: Clock> TillUi<C> {
    /// The open dialog, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.shell.overlay.as_ref()
    }
}
